/*
 * A component's address space as core builds it: a lower-half page table
 * whose second-level tables cost the component's quota, and the regions
 * core maps itself (ELF segments of a component core loads, the main
 * thread's UTCB and the top of its stack). Everything else is mapped by
 * the pager through the address space's region map, or as a thread's UTCB.
 *
 * Layout: ELF segments in [USER_VA_LOW, USER_ELF_HIGH), then the range its
 * region map manages (RM_SPACE_BASE..END; the heap is at its end), the
 * UTCBs of threads from USER_UTCB_BASE, the main thread's stack and UTCB at
 * the top. A PD its parent loads has a region map for everything below
 * USER_PARENT_END instead. (run/fault.run jumps to 0x40000000 expecting
 * nothing to be mapped there.)
 */
#pragma once

#include <arch/layout.h>
#include <arch/page_table.h>
#include <base/core_service.h>
#include <base/elf.h>
#include <kernel/utcb.h>
#include <session/rm_session.h>

struct component;
struct boot_module;

enum {
	USER_VA_LOW     = 0x1000,        /* page 0 stays unmapped: null pointers fault */
	USER_ELF_HIGH   = RM_SPACE_BASE, /* the region map of the address space follows */
	USER_PARENT_END = 0x50000000,    /* a parent-loaded PD's region map ends here */
	USER_STACK_SIZE = 1024 * 1024,   /* the main thread's, mapped on demand (stack_area.h) */
	USER_STACK_TOP  = UTCB_MAIN_THREAD - ARCH_PAGE_SIZE, /* guard page below the UTCB */
	USER_UTCB_BASE  = 0x7f000000, /* thread h's UTCB at USER_UTCB_BASE + h pages */
	/* Threads per component: a fixed bound of the layout (the UTCB window
	 * below the main stack), about 4,000, far beyond what any quota buys */
	USER_UTCB_HANDLES =
	    (USER_STACK_TOP - USER_STACK_SIZE - ARCH_PAGE_SIZE - USER_UTCB_BASE) / ARCH_PAGE_SIZE,
};

struct region {
	uint32_t va, phys, pages;
};

/* ELF segments, the main thread's UTCB and its first stack page: bounded by
 * the ELF loader's segment limit */
enum { COMPONENT_REGIONS = ELF_MAX_SEGMENTS + 2 };

/* The lower-half table (core's own page, part of the PD's price) */
bool address_space_init(struct component *c);
/* Unmap and free everything: regions, second-level tables, the table */
void address_space_destroy(struct component *c);

/* pages zeroed frames at va (data copied to data_offset), charged to the
 * component's quota; CORE_OK, CORE_OUT_OF_QUOTA, CORE_OUT_OF_RAM or
 * CORE_BAD_REQUEST (no region slot, page-table conflict) */
enum core_result address_space_map_region(struct component *c, uint32_t va, uint32_t pages,
					  unsigned flags, const uint8_t *data, uint32_t data_offset,
					  uint32_t data_size, struct region **out);
/* Map one frame (not a region: the caller owns it; CORE_EXISTS if the page
 * is mapped already) and unmap a range again */
enum core_result address_space_map_page(struct component *c, uint32_t va, uint32_t phys,
					unsigned flags);
void address_space_unmap(struct component *c, uint32_t va, uint32_t size);

/* The ELF segments of a module core loads; false (reported) if they do not fit */
bool address_space_load_elf(struct component *c, const struct boot_module *m,
			    const struct elf_image *elf);
