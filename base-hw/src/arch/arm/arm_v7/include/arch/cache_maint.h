/*
 * ARMv7 cache maintenance that differs from ARMv6 (ARM ARM B4.2.1):
 * instruction fetches and table walks see data once it is cleaned to the
 * point of unification (DCCMVAU), not all the way to memory.
 */
#pragma once

#include <stdint.h>
#include <arch/mp.h>

/* Clean the data-cache line at a so that instruction fetches see it */
static inline void arch_dcache_clean_line_for_fetch(uint32_t a)
{
	asm volatile("mcr p15, 0, %0, c7, c11, 1" ::"r"(a) : "memory");
}

/* Clean the data-cache line at a so that table walks see it */
static inline void arch_dcache_clean_line_for_walk(uint32_t a)
{
	asm volatile("mcr p15, 0, %0, c7, c11, 1" ::"r"(a) : "memory");
}

/* Around an address-space switch (arch_mmu_switch): nothing on ARMv7, which
 * needs no branch-predictor maintenance for a change of TTBR0 that comes
 * with a change of the ASID (ARM ARM, branch predictors). */
static inline void arch_mmu_switch_begin(void) {}
static inline void arch_mmu_switch_end(void) {}

/*
 * TLB entries of an ASID and the branch predictors, after a mapping changed
 * or an ASID is reused. With the multiprocessing extensions they go on
 * every CPU of the inner shareable domain at once (ARM ARM B4.2.2,
 * TLBIASIDIS and BPIALLIS: broadcast, complete when the dsb that follows
 * completes), so that no CPU that ran the address space keeps a stale
 * translation; no inter-processor interrupt is needed. Without them (Cortex-A8)
 * there is one CPU and the local operations suffice.
 */
static inline void arch_tlb_inv_asid(uint32_t asid)
{
	if (arch_v7_mp_extensions())
		asm volatile("mcr p15, 0, %0, c8, c3, 2" ::"r"(asid & 0xff) : "memory");
	else
		asm volatile("mcr p15, 0, %0, c8, c7, 2" ::"r"(asid & 0xff) : "memory");
}

static inline void arch_branch_predictor_inv(void)
{
	if (arch_v7_mp_extensions())
		asm volatile("mcr p15, 0, %0, c7, c1, 6" ::"r"(0) : "memory");
	else
		asm volatile("mcr p15, 0, %0, c7, c5, 6" ::"r"(0) : "memory");
}
