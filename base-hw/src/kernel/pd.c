/*
 * Protection domains and the ASID allocator.
 */
#include "kernel.h"

/* The lowest free ASID, a word of the bitmap at a time: a PD costs the
 * same to create however many exist (ASID 0 is core's) */
bool kernel_asid_alloc(uint32_t *asid)
{
	for (uint32_t w = 0; w < KERNEL_ASIDS / 32; w++) {
		uint32_t free = ~kernel.asid_used[w];
		if (w == 0)
			free &= ~1u; /* ASID 0 */
		if (free) {
			uint32_t bit = (uint32_t)__builtin_ctz(free);
			kernel.asid_used[w] |= 1u << bit;
			*asid = w * 32 + bit;
			return true;
		}
	}
	return false;
}

void kernel_asid_free(uint32_t asid)
{
	kassert(asid > 0 && asid < KERNEL_ASIDS, "kernel_asid_free: bad ASID");
	kernel.asid_used[asid / 32] &= ~(1u << (asid % 32));
}

enum kernel_result pd_create(struct pd *pd, uint32_t ttbr0_phys)
{
	uint32_t asid;

	if (pd->state == PD_ACTIVE)
		return KERNEL_INVALID_STATE;
	if (ttbr0_phys == 0 || (ttbr0_phys & (ARCH_TTBR0_ALIGN - 1)))
		return KERNEL_INVALID_ARG;
	if (!kernel_asid_alloc(&asid))
		return KERNEL_EXHAUSTED;

	/* the ASID may have been used before: no stale translations may survive */
	arch_tlb_flush_asid(asid);
	pd->ttbr0_phys   = ttbr0_phys;
	pd->asid         = asid;
	pd->thread_count = 0;
	cap_space_init(&pd->caps, pd);
	pd->state = PD_ACTIVE;
	return KERNEL_OK;
}

enum kernel_result pd_destroy(struct pd *pd)
{
	if (pd->state != PD_ACTIVE || pd == &kernel.core_pd)
		return KERNEL_INVALID_STATE;
	if (pd->thread_count > 0)
		return KERNEL_INVALID_STATE;

	if (cpu_local()->current_pd == pd) {
		arch_mmu_switch(kernel.core_pd.ttbr0_phys, 0);
		cpu_local()->current_pd = &kernel.core_pd;
	}
	cap_space_destroy(&pd->caps);
	arch_tlb_flush_asid(pd->asid);
	kernel_asid_free(pd->asid);
	pd->state = PD_DESTROYED;
	return KERNEL_OK;
}

void pd_create_core(struct pd *pd, uint32_t ttbr0_phys)
{
	pd->ttbr0_phys   = ttbr0_phys;
	pd->asid         = 0;
	pd->thread_count = 0;
	cap_space_init(&pd->caps, pd);
	pd->state = PD_ACTIVE;
}
