/*
 * ARMv7 MMU and cache enable for bootstrap: TTBR0 holds a temporary
 * identity map of bootstrap itself, TTBR1 the kernel's upper half.
 */
#include <stdint.h>
#include <arch/ttbr.h>

void bootstrap_dcache_invalidate_all(void);

enum {
	SCTLR_M   = 1u << 0,
	SCTLR_A   = 1u << 1,
	SCTLR_C   = 1u << 2,
	SCTLR_Z   = 1u << 11,
	SCTLR_I   = 1u << 12,
	SCTLR_V   = 1u << 13,
	SCTLR_TRE = 1u << 28,
	SCTLR_AFE = 1u << 29,
};

void bootstrap_mmu_enable(uint32_t ttbr0, uint32_t ttbr1)
{
	uint32_t sctlr;

	bootstrap_dcache_invalidate_all();
	asm volatile("mcr p15, 0, %0, c7, c5, 0" ::"r"(0));          /* ICIALLU */
	asm volatile("mcr p15, 0, %0, c8, c7, 0" ::"r"(0));          /* TLBIALL */
	asm volatile("mcr p15, 0, %0, c3, c0, 0" ::"r"(0x55555555)); /* all domains: client */
	asm volatile("mcr p15, 0, %0, c2, c0, 2" ::"r"(1));          /* TTBCR.N=1: split at 2 GiB */
	asm volatile("mcr p15, 0, %0, c13, c0, 1" ::"r"(0));         /* CONTEXTIDR: ASID 0 */
	asm volatile("mcr p15, 0, %0, c2, c0, 0" ::"r"(ttbr0 | arch_ttbr_attr()));
	asm volatile("mcr p15, 0, %0, c2, c0, 1" ::"r"(ttbr1 | arch_ttbr_attr()));
	asm volatile("dsb; isb" ::: "memory");

	asm volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
	sctlr &= ~(SCTLR_A | SCTLR_V | SCTLR_TRE | SCTLR_AFE);
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_Z | SCTLR_I;
	asm volatile("mcr p15, 0, %0, c1, c0, 0; isb" ::"r"(sctlr) : "memory");
}
