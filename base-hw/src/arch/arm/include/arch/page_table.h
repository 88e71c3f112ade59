/*
 * ARM short-descriptor translation tables (ARM ARM B3.5; ARMv7-A, and ARMv6
 * with SCTLR.XP=1): descriptor encoders plus map/unmap/lookup on a
 * first-level table with 1 KiB second-level tables.
 *
 * Used by core to build user address spaces and by bootstrap for the
 * kernel's table. Pure data-structure code: every run of entries it writes
 * is reported to the caller (pt_mem.written), who makes it visible to the
 * table walker; TLB maintenance and serialising concurrent callers are the
 * caller's job.
 *
 * The module assumes it owns the table: every entry is either 0 or was
 * written by this module (or with its encoders). SCTLR.AFE=0 and TRE=0.
 */
#ifndef ARCH_PAGE_TABLE_H
#define ARCH_PAGE_TABLE_H

#include <stdint.h>

#define PT_PAGE_SIZE      0x1000u   /* small page */
#define PT_SECTION_SIZE   0x100000u /* section, also the span of one L1 entry */
#define PT_L1_ENTRIES_MAX 4096u     /* full 4 GiB, TTBCR.N=0 */
#define PT_L2_ENTRIES     256u
#define PT_L2_SIZE        1024u /* bytes, and required alignment, of an L2 table */

/* Mapping attributes */
enum {
	PT_WRITE = 1u << 0, /* writable (else read-only) */
	PT_EXEC  = 1u << 1, /* executable (else XN) */
	PT_USER  = 1u << 2, /* accessible from user mode (PL0); else privileged only */
	PT_DEVICE =
	    1u << 3, /* shareable device memory, always XN; else normal write-back cacheable */
	PT_GLOBAL =
	    1u << 4, /* global (nG=0): same in every address space; else tagged with the ASID */
};

enum pt_result {
	PT_OK,
	PT_ERR_ALIGN,      /* va, pa or size not 4 KiB aligned; unmap cutting a section */
	PT_ERR_RANGE,      /* empty, wrapping or outside the table; invalid struct page_table */
	PT_ERR_EXISTS,     /* some page of the range is already mapped */
	PT_ERR_NOMEM,      /* alloc_l2 failed */
	PT_ERR_NOT_MAPPED, /* lookup of an unmapped address */
};

/*
 * Memory for second-level tables, the translation of the physical
 * addresses stored in descriptors, and where written entries are reported.
 * All four functions are required.
 */
struct pt_mem {
	void *ctx;
	/* 1 KiB, 1 KiB-aligned, zero-filled table; its physical address goes to
	 * *phys. NULL when out of memory. */
	uint32_t *(*alloc_l2)(void *ctx, uint32_t *phys);
	/* Takes back a table from alloc_l2. For a live table (pt_unmap) it is
	 * called before the caller's TLB maintenance: the memory must not be
	 * reused until the caller has invalidated the TLB for the range, since
	 * table walks may be cached. */
	void (*free_l2)(void *ctx, uint32_t *l2, uint32_t phys);
	/* Where the caller can access a table it got from alloc_l2. */
	uint32_t *(*phys_to_virt)(void *ctx, uint32_t phys);
	/* Entries [first, first + count) of one table were written; when it
	 * returns, the table walker must see them (ARMv6 walks do not read the
	 * data cache: arch_page_table_written). Each change is reported before
	 * anything that depends on it is written: a new L2 table is reported
	 * whole before the L1 entry that hooks it in. */
	void (*written)(void *ctx, const uint32_t *first, uint32_t count);
};

struct page_table {
	uint32_t *l1;        /* first-level table: caller-provided, zeroed, 16 KiB aligned
	                           for 4096 entries, 8 KiB for 2048 */
	uint32_t l1_entries; /* 4096 (full 4 GiB) or 2048 (TTBR0 table with TTBCR.N=1: lower
	                           2 GiB); in general 4096 >> TTBCR.N */
	const struct pt_mem *mem;
};

/*
 * Make pt an empty table at l1 (l1_entries as in struct page_table, l1
 * suitably aligned) using mem, and report the cleared table as written.
 * PT_ERR_RANGE for an invalid combination, with nothing written.
 */
enum pt_result pt_init(struct page_table *pt, uint32_t *l1, uint32_t l1_entries,
		       const struct pt_mem *mem);

/*
 * Map [va, va+size) to [pa, pa+size). va, pa and size must be 4 KiB aligned
 * (else PT_ERR_ALIGN), size > 0 and the range inside the table and not
 * wrapping (else PT_ERR_RANGE); a range may end exactly at 4 GiB. Uses 1 MiB
 * sections where va, pa and the remaining size allow it and the L1 slot is
 * empty, 4 KiB small pages otherwise. Any page already mapped ->
 * PT_ERR_EXISTS. All-or-nothing: on any error the tables are unchanged and
 * every L2 table allocated by this call has been freed again.
 */
enum pt_result pt_map(struct page_table *pt, uint32_t va, uint32_t pa, uint32_t size,
		      unsigned flags);

/*
 * Remove all mappings in [va, va+size) (argument checks as for pt_map;
 * unmapped parts are fine). A section only partly covered by the range ->
 * PT_ERR_ALIGN with nothing changed. L2 tables that become empty are freed.
 */
enum pt_result pt_unmap(struct page_table *pt, uint32_t va, uint32_t size);

/*
 * Translate va (any alignment) to its physical address and the flags it was
 * mapped with; pa and flags may be NULL. Device mappings never report
 * PT_EXEC: device memory is always XN, so PT_DEVICE|PT_EXEC reads back as
 * PT_DEVICE. Outside the table -> PT_ERR_RANGE.
 */
enum pt_result pt_lookup(const struct page_table *pt, uint32_t va, uint32_t *pa, unsigned *flags);

/* Free every L2 table and clear the L1 table (reported as written). */
void pt_clear(struct page_table *pt);

/*
 * Raw descriptor encoders, also used by bootstrap. Address bits below the
 * descriptor's base field are ignored rather than leaking into attributes.
 */
uint32_t pt_section_desc(uint32_t pa, unsigned flags);    /* L1 section, pa 1 MiB aligned */
uint32_t pt_small_page_desc(uint32_t pa, unsigned flags); /* L2 small page, pa 4 KiB aligned */
uint32_t pt_l1_table_desc(uint32_t l2_phys);              /* L1 entry -> L2 table, domain 0 */

#endif /* ARCH_PAGE_TABLE_H */
