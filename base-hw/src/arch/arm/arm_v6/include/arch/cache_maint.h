/*
 * ARMv6 cache maintenance that differs from ARMv7 (ARM1176 TRM 3.2.22).
 * ARMv6 knows no point of unification: cleaning a data-cache line writes
 * it to memory, which is where instruction fetches and table walks read.
 */
#pragma once

#include <stdint.h>

/* Clean the data-cache line at a so that instruction fetches see it */
static inline void arch_dcache_clean_line_for_fetch(uint32_t a)
{
	asm volatile("mcr p15, 0, %0, c7, c10, 1" ::"r"(a) : "memory");
}

/* Clean the data-cache line at a so that table walks see it */
static inline void arch_dcache_clean_line_for_walk(uint32_t a)
{
	asm volatile("mcr p15, 0, %0, c7, c10, 1" ::"r"(a) : "memory");
}

/* Around an address-space switch (arch_mmu_switch): the write buffer is
 * drained before the old translations go, and the branch target cache,
 * which ARMv6 wants flushed whenever the virtual-to-physical mapping
 * changes, is flushed after. */
static inline void arch_mmu_switch_begin(void)
{
	asm volatile("mcr p15, 0, %0, c7, c10, 4" ::"r"(0) : "memory");
}

static inline void arch_mmu_switch_end(void)
{
	asm volatile("mcr p15, 0, %0, c7, c5, 6" ::"r"(0) : "memory");
}

/* TLB entries of an ASID and the branch target cache, after a mapping
 * changed: on this CPU, the only one (the ARM1176 is a uniprocessor) */
static inline void arch_tlb_inv_asid(uint32_t asid)
{
	asm volatile("mcr p15, 0, %0, c8, c7, 2" ::"r"(asid & 0xff) : "memory");
}

static inline void arch_branch_predictor_inv(void)
{
	asm volatile("mcr p15, 0, %0, c7, c5, 6" ::"r"(0) : "memory");
}
