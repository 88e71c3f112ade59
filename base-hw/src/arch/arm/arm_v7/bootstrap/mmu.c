/*
 * ARMv7 MMU and cache enable for bootstrap: TTBR0 holds a temporary
 * identity map of bootstrap itself, TTBR1 the kernel's upper half.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/mp.h>
#include <arch/ttbr.h>

void bootstrap_dcache_invalidate_l1(void);

/* physical extent of the image (image.ld): what the loader and bootstrap
 * wrote with the caches off */
extern char _bootstrap_start[], _image_phys_end[];

enum {
	SCTLR_M   = 1u << 0,
	SCTLR_A   = 1u << 1,
	SCTLR_C   = 1u << 2,
	SCTLR_Z   = 1u << 11,
	SCTLR_I   = 1u << 12,
	SCTLR_V   = 1u << 13,
	SCTLR_TRE = 1u << 28,
	SCTLR_AFE = 1u << 29,
	ACTLR_SMP = 1u << 6,
	MIDR_ARM  = 0x41u, /* implementer code of ARM Ltd. */
};

/*
 * ARM's cores with the multiprocessing extensions (Cortex-A5, A7, A9, A15,
 * A17) treat shareable normal memory as non-cacheable and take no part in
 * coherency until ACTLR.SMP (bit 6 on each of them) is set, which their
 * manuals require before the caches and the MMU are enabled. ACTLR is
 * implementation defined: other cores (Cortex-A8: bit 6 is IBE) are left
 * alone. The bit is written only when clear: in the non-secure state only
 * the secure side (NSACR) can allow that, so there the boot loader must
 * have set it.
 */
static void join_coherency(void)
{
	uint32_t midr, actlr;

	asm volatile("mrc p15, 0, %0, c0, c0, 0" : "=r"(midr));
	if (!arch_v7_mp_extensions() || midr >> 24 != MIDR_ARM)
		return;
	asm volatile("mrc p15, 0, %0, c1, c0, 1" : "=r"(actlr));
	if (!(actlr & ACTLR_SMP))
		asm volatile("mcr p15, 0, %0, c1, c0, 1; isb" ::"r"(actlr | ACTLR_SMP) : "memory");
}

/*
 * Lines of the image that some cache level may still hold from before it
 * was written with the caches off (a loader that ran with caches on) would
 * hide the image once the caches are on: invalidate them to the point of
 * coherency, by address (MMU off: address = physical). Any other memory is
 * first written with the caches on, through whatever lines they hold.
 */
static void invalidate_image_lines(void)
{
	uint32_t ctr, line, a = (uint32_t)(uintptr_t)_bootstrap_start;

	asm volatile("mrc p15, 0, %0, c0, c0, 1" : "=r"(ctr));
	line = 4u << ((ctr >> 16) & 0xf); /* CTR.DminLine: smallest data line */
	for (a &= ~(line - 1); a < (uint32_t)(uintptr_t)_image_phys_end; a += line)
		asm volatile("mcr p15, 0, %0, c7, c6, 1" ::"r"(a)); /* DCIMVAC */
	asm volatile("dsb" ::: "memory");
}

/*
 * Every CPU invalidates its own L1 data cache; only the boot CPU invalidates
 * the image's lines to the point of coherency: when a further CPU starts,
 * the image (the kernel's data) holds what the running CPUs wrote, which
 * such an invalidation would discard from the shared levels.
 */
void bootstrap_mmu_enable(uint32_t ttbr0, uint32_t ttbr1, bool boot_cpu)
{
	uint32_t sctlr;

	join_coherency();
	bootstrap_dcache_invalidate_l1();
	if (boot_cpu)
		invalidate_image_lines();
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
