/*
 * ARMv7 CPU setup: the PMU cycle counter runs and user level may read it,
 * so that components measure kernel paths in cycles (instructions under
 * QEMU -icount) without a kernel call.
 */
#include <arch/cpu.h>

void arch_cpu_init(void)
{
	asm volatile("mcr p15, 0, %0, c9, c14, 0" ::"r"(1));        /* PMUSERENR.EN */
	asm volatile("mcr p15, 0, %0, c9, c12, 0" ::"r"(1 | 4));    /* PMCR: enable, reset cycles */
	asm volatile("mcr p15, 0, %0, c9, c12, 1" ::"r"(1u << 31)); /* PMCNTENSET: cycle counter */
	asm volatile("isb");
}
