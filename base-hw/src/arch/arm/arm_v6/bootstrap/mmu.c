/*
 * ARMv6 MMU and cache enable for bootstrap (ARM1176 TRM 3.2): TTBR0 holds
 * a temporary identity map of bootstrap itself, TTBR1 the kernel's upper
 * half. Bootstrap wrote both tables with the caches off, so they are in
 * memory, where the walks read them.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/barrier.h>
#include <arch/ttbr.h>

enum {
	SCTLR_M   = 1u << 0,
	SCTLR_A   = 1u << 1,
	SCTLR_C   = 1u << 2,
	SCTLR_Z   = 1u << 11, /* branch prediction */
	SCTLR_I   = 1u << 12,
	SCTLR_V   = 1u << 13, /* high vectors: off, VBAR decides */
	SCTLR_U   = 1u << 22, /* unaligned loads and stores as ARMv7 has them (GCC uses them) */
	SCTLR_XP  = 1u << 23, /* ARMv6 page tables: XN, nG, APX; no subpages */
	SCTLR_TRE = 1u << 28, /* TEX remap: off */
	SCTLR_AFE = 1u << 29, /* access flag: off, AP[0] is a permission bit */
};

/* The ARM1176 is a uniprocessor: the boot CPU is the only one. */
void bootstrap_mmu_enable(uint32_t ttbr0, uint32_t ttbr1, bool boot_cpu)
{
	uint32_t sctlr;

	(void)boot_cpu;
	/*
	 * Whatever ran before (firmware) may have left lines in the caches.
	 * The I-cache is off until the end (SCTLR's reset value), so the
	 * whole-cache invalidation cannot coincide with a line fill, which is
	 * what makes it fail on ARM1176 (erratum 411920).
	 */
	asm volatile("mcr p15, 0, %0, c7, c7, 0" ::"r"(0));          /* invalidate both caches */
	asm volatile("mcr p15, 0, %0, c7, c5, 6" ::"r"(0));          /* branch target cache */
	asm volatile("mcr p15, 0, %0, c8, c7, 0" ::"r"(0));          /* whole TLB */
	asm volatile("mcr p15, 0, %0, c3, c0, 0" ::"r"(0x55555555)); /* all domains: client */
	asm volatile("mcr p15, 0, %0, c2, c0, 2" ::"r"(1));          /* TTBCR.N=1: split at 2 GiB */
	asm volatile("mcr p15, 0, %0, c13, c0, 1" ::"r"(0));         /* CONTEXTIDR: ASID 0 */
	asm volatile("mcr p15, 0, %0, c2, c0, 0" ::"r"(ttbr0 | arch_ttbr_attr()));
	asm volatile("mcr p15, 0, %0, c2, c0, 1" ::"r"(ttbr1 | arch_ttbr_attr()));
	arch_dsb();
	arch_isb();

	asm volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
	sctlr &= ~(SCTLR_A | SCTLR_V | SCTLR_TRE | SCTLR_AFE);
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_Z | SCTLR_I | SCTLR_U | SCTLR_XP;
	asm volatile("mcr p15, 0, %0, c1, c0, 0" ::"r"(sctlr) : "memory");
	arch_isb();
}
