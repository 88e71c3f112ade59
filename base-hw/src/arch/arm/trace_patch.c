/*
 * Starting the kernel's trace on ARM (kernel/trace.h): every kernel entry
 * calls the trace's hook instead of the kernel, and arch_kernel_exit
 * branches to the trace's way out first (exception_vectors.S lists the
 * sites). The kernel's code is mapped writable in the linear map of RAM;
 * each patched word is made visible to instruction fetches, and the branch
 * predictor forgets the old targets (arch_cache_op).
 */
#include <arch/cpu.h>

struct trace_site {
	uint32_t *site;
	uint32_t target, opcode;
};
extern const struct trace_site arch_trace_sites[];

/* B or BL (ARM state, always): a signed 24-bit word offset from site + 8 */
static uint32_t branch(const uint32_t *site, uint32_t target, uint32_t opcode)
{
	uint32_t offset = (target - ((uint32_t)(uintptr_t)site + 8)) >> 2;
	return opcode << 24 | (offset & 0x00ffffffu);
}

void arch_trace_patch(void)
{
	for (const struct trace_site *s = arch_trace_sites; s->site; s++) {
		*s->site = branch(s->site, s->target, s->opcode);
		arch_cache_op(ARCH_CACHE_COHERENT, (uint32_t)(uintptr_t)s->site, 4);
	}
}
