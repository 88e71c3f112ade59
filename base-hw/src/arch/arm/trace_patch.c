/*
 * Patching the kernel's entry and exit (exception_vectors.S lists the
 * sites): on a multiprocessor the kernel-call entry goes to the variant
 * that takes the kernel lock; starting the kernel's trace on ARM
 * (kernel/trace.h) makes every kernel entry call the trace's hook instead
 * of the kernel, and arch_kernel_exit branch to the trace's way out first. The kernel's code is mapped writable in the linear map of RAM;
 * each patched word is made visible to instruction fetches, and the branch
 * predictor forgets the old targets (arch_cache_op).
 */
#include <arch/cpu.h>

struct trace_site {
	uint32_t *site;
	uint32_t target, opcode;
};
extern const struct trace_site arch_mp_sites[], arch_trace_sites[];

/* B or BL (ARM state, always): a signed 24-bit word offset from site + 8 */
static uint32_t branch(const uint32_t *site, uint32_t target, uint32_t opcode)
{
	uint32_t offset = (target - ((uint32_t)(uintptr_t)site + 8)) >> 2;
	return opcode << 24 | (offset & 0x00ffffffu);
}

static void patch(const struct trace_site *sites)
{
	for (const struct trace_site *s = sites; s->site; s++) {
		*s->site = branch(s->site, s->target, s->opcode);
		arch_cache_op(ARCH_CACHE_COHERENT, (uint32_t)(uintptr_t)s->site, 4);
	}
}

void arch_mp_patch(void) { patch(arch_mp_sites); }
void arch_trace_patch(void) { patch(arch_trace_sites); }
