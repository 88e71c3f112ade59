/*
 * ARMv7 cache maintenance that differs from ARMv6 (ARM ARM B4.2.1):
 * instruction fetches and table walks see data once it is cleaned to the
 * point of unification (DCCMVAU), not all the way to memory.
 */
#pragma once

#include <stdint.h>

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
