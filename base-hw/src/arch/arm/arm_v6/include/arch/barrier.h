/*
 * ARMv6 barriers: the CP15 c7 operations that ARMv7 turned into the dsb,
 * dmb and isb instructions (ARM1176 TRM 3.2.22; the instructions are
 * undefined here). The register written should be zero. For assembly:
 * <arch/barrier.inc>.
 */
#pragma once

static inline void arch_dsb(void)
{
	asm volatile("mcr p15, 0, %0, c7, c10, 4" ::"r"(0) : "memory");
}
static inline void arch_dmb(void)
{
	asm volatile("mcr p15, 0, %0, c7, c10, 5" ::"r"(0) : "memory");
}
/* "flush prefetch buffer" */
static inline void arch_isb(void) { asm volatile("mcr p15, 0, %0, c7, c5, 4" ::"r"(0) : "memory"); }
