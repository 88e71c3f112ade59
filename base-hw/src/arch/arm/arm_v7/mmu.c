/*
 * ARMv7 address-space switch and TLB maintenance.
 */
#include <stddef.h>
#include <arch/cpu.h>
#include <arch/page_table.h>
#include <arch/ttbr.h>

static uint32_t empty_ttbr0; /* TTBR0 value (with attributes): no lower-half mappings */
static uint32_t ram_base;    /* RAM is linearly mapped at KERNEL_VIRT_BASE */

static inline void isb(void) { asm volatile("isb" ::: "memory"); }
static inline void dsb(void) { asm volatile("dsb" ::: "memory"); }
static inline void write_ttbr0(uint32_t v) { asm volatile("mcr p15, 0, %0, c2, c0, 0" ::"r"(v)); }
static inline void write_contextidr(uint32_t v)
{
	asm volatile("mcr p15, 0, %0, c13, c0, 1" ::"r"(v));
}

void arch_mmu_init(uint32_t empty_ttbr0_phys, uint32_t ram)
{
	empty_ttbr0 = empty_ttbr0_phys | ARCH_TTBR_ATTR;
	ram_base    = ram;
}

static uint32_t *table_virt(void *ctx, uint32_t phys)
{
	(void)ctx;
	return (uint32_t *)(uintptr_t)(phys - ram_base + KERNEL_VIRT_BASE);
}

/* The kernel only walks tables; core builds them. */
static uint32_t *no_alloc(void *ctx, uint32_t *phys)
{
	(void)ctx;
	(void)phys;
	return NULL;
}

static void no_free(void *ctx, uint32_t *l2, uint32_t phys)
{
	(void)ctx;
	(void)l2;
	(void)phys;
}

bool arch_user_range_mapped(uint32_t ttbr0_phys, uint32_t base, uint32_t size, bool writable)
{
	static const struct pt_mem walk_only = { NULL, no_alloc, no_free, table_virt };
	struct page_table pt                 = { table_virt(NULL, ttbr0_phys), 2048, &walk_only };

	for (uint32_t va = base & ~(ARCH_PAGE_SIZE - 1); va < base + size; va += ARCH_PAGE_SIZE) {
		uint32_t pa;
		unsigned flags;
		if (pt_lookup(&pt, va, &pa, &flags) != PT_OK || !(flags & PT_USER) ||
		    (writable && !(flags & PT_WRITE)))
			return false;
		if (va + ARCH_PAGE_SIZE < va)
			break;
	}
	return true;
}

static uint32_t dcache_line(void)
{
	uint32_t ctr;
	asm volatile("mrc p15, 0, %0, c0, c0, 1" : "=r"(ctr));
	return 4u << ((ctr >> 16) & 0xf);
}

void arch_cache_op(enum arch_cache_op op, uint32_t base, uint32_t size)
{
	uint32_t line = dcache_line();

	for (uint32_t a = base & ~(line - 1); a < base + size && a >= (base & ~(line - 1));
	     a += line) {
		switch (op) {
		case ARCH_CACHE_CLEAN_INV:
			asm volatile("mcr p15, 0, %0, c7, c14, 1" ::"r"(a));
			break;
		case ARCH_CACHE_INV: asm volatile("mcr p15, 0, %0, c7, c6, 1" ::"r"(a)); break;
		case ARCH_CACHE_COHERENT:
			asm volatile("mcr p15, 0, %0, c7, c11, 1" ::"r"(a)); /* clean to PoU */
			asm volatile("mcr p15, 0, %0, c7, c5, 1" ::"r"(a));  /* invalidate I-line */
			break;
		}
	}
	if (op == ARCH_CACHE_COHERENT)
		asm volatile("mcr p15, 0, %0, c7, c5, 6" ::"r"(0)); /* branch predictor */
	dsb();
	isb();
}

/* Go through an empty table while changing the ASID, so that no walk can
 * tag translations of the old table with the new ASID or vice versa. */
void arch_mmu_switch(uint32_t ttbr0_phys, uint32_t asid)
{
	write_ttbr0(empty_ttbr0);
	isb();
	write_contextidr(asid);
	isb();
	write_ttbr0(ttbr0_phys | ARCH_TTBR_ATTR);
	isb();
}

void arch_tlb_flush_asid(uint32_t asid)
{
	dsb();
	asm volatile("mcr p15, 0, %0, c8, c7, 2" ::"r"(asid & 0xff)); /* TLBIASID */
	dsb();
	isb();
}

/* Make page-table writes visible to the table walker. */
void arch_page_table_sync(void)
{
	dsb();
	isb();
}
