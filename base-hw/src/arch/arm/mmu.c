/*
 * ARM address-space switch, TLB and cache maintenance, shared by ARMv6 and
 * ARMv7. What differs between them comes from the architecture's headers:
 * the barriers (<arch/barrier.h>), the TTBR attributes (<arch/ttbr.h>), the
 * cleaning for instruction fetches and table walks (<arch/cache_maint.h>),
 * and whether table walks read the data cache at all
 * (arch_table_walk_reads_dcache, in the architecture's cpu file).
 */
#include <stddef.h>
#include <arch/barrier.h>
#include <arch/cache_maint.h>
#include <arch/cache_type.h>
#include <arch/cpu.h>
#include <arch/page_table.h>
#include <arch/ttbr.h>

static uint32_t empty_ttbr0; /* TTBR0 value (with attributes): no lower-half mappings */
static uint32_t ttbr_attr;   /* arch_ttbr_attr(), read once: it asks the CPU */
static uint32_t ram_base;    /* RAM is linearly mapped at KERNEL_VIRT_BASE */

static inline void write_ttbr0(uint32_t v) { asm volatile("mcr p15, 0, %0, c2, c0, 0" ::"r"(v)); }
static inline void write_contextidr(uint32_t v)
{
	asm volatile("mcr p15, 0, %0, c13, c0, 1" ::"r"(v));
}

static inline uint32_t read_ctr(void)
{
	uint32_t ctr;
	asm volatile("mrc p15, 0, %0, c0, c0, 1" : "=r"(ctr));
	return ctr;
}

void arch_mmu_init(uint32_t empty_ttbr0_phys, uint32_t ram)
{
	ttbr_attr   = arch_ttbr_attr();
	empty_ttbr0 = empty_ttbr0_phys | ttbr_attr;
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

static void no_write(void *ctx, const uint32_t *first, uint32_t count)
{
	(void)ctx;
	(void)first;
	(void)count;
}

bool arch_user_range_mapped(uint32_t ttbr0_phys, uint32_t base, uint32_t size, bool writable)
{
	static const struct pt_mem walk_only = { NULL, no_alloc, no_free, table_virt, no_write };
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

static inline void dcache_clean_inv_line(uint32_t a)
{
	asm volatile("mcr p15, 0, %0, c7, c14, 1" ::"r"(a) : "memory");
}
static inline void dcache_inv_line(uint32_t a)
{
	asm volatile("mcr p15, 0, %0, c7, c6, 1" ::"r"(a) : "memory");
}
static inline void icache_inv_line(uint32_t a)
{
	asm volatile("mcr p15, 0, %0, c7, c5, 1" ::"r"(a) : "memory");
}

/* op on every line of [base, base + size) at the given stride, not wrapping */
static inline void for_each_line(uint32_t base, uint32_t size, uint32_t line, void (*op)(uint32_t))
{
	uint32_t first = base & ~(line - 1);

	for (uint32_t a = first; a < base + size && a >= first; a += line)
		op(a);
}

void arch_cache_op(enum arch_cache_op op, uint32_t base, uint32_t size)
{
	uint32_t ctr = read_ctr(), dline = ctr_dcache_line(ctr);

	switch (op) {
	case ARCH_CACHE_CLEAN_INV: for_each_line(base, size, dline, dcache_clean_inv_line); break;
	case ARCH_CACHE_INV: for_each_line(base, size, dline, dcache_inv_line); break;
	case ARCH_CACHE_COHERENT:
		for_each_line(base, size, dline, arch_dcache_clean_line_for_fetch);
		arch_dsb(); /* the cleaning completes before the fetches it is for */
		for_each_line(base, size, ctr_icache_line(ctr), icache_inv_line);
		arch_branch_predictor_inv();
		break;
	}
	arch_dsb();
	arch_isb();
}

/* Go through an empty table while changing the ASID, so that no walk can
 * tag translations of the old table with the new ASID or vice versa. */
void arch_mmu_switch(uint32_t ttbr0_phys, uint32_t asid)
{
	arch_mmu_switch_begin();
	write_ttbr0(empty_ttbr0);
	arch_isb();
	write_contextidr(asid);
	arch_isb();
	write_ttbr0(ttbr0_phys | ttbr_attr);
	arch_mmu_switch_end();
	arch_isb();
}

void arch_tlb_flush_asid(uint32_t asid)
{
	arch_dsb();
	arch_tlb_inv_asid(asid);     /* on every CPU that may have run it */
	arch_branch_predictor_inv(); /* mappings changed */
	arch_dsb();
	arch_isb();
}

/* Entries changed: the walker must see them before any later write (a new
 * L2 table before the L1 entry that hooks it in). */
void arch_page_table_written(const void *first, uint32_t size)
{
	if (!arch_table_walk_reads_dcache())
		for_each_line((uint32_t)(uintptr_t)first, size, ctr_dcache_line(read_ctr()),
			      arch_dcache_clean_line_for_walk);
	arch_dsb();
}

/* Make page-table writes visible to the table walker before continuing. */
void arch_page_table_sync(void)
{
	arch_dsb();
	arch_isb();
}
