/*
 * Physical page-frame allocator: one bit per 4 KiB frame of the RAM that
 * follows the boot image. Core reaches every frame through the kernel's
 * linear map (virt = phys - ram_base + KERNEL_VIRT_BASE).
 */
#include <string.h>
#include <arch/layout.h>
#include "core.h"

enum { MAX_PAGES = KERNEL_DIRECT_MAX / ARCH_PAGE_SIZE };

static uint32_t used[MAX_PAGES / 32];
static uint32_t ram_base, first_page, num_pages, free_pages;
static uint32_t search_from; /* no frame below it is free: searches start here */

static bool page_used(uint32_t i) { return used[i / 32] & (1u << (i % 32)); }
static void page_set(uint32_t i, bool u)
{
	if (u)
		used[i / 32] |= 1u << (i % 32);
	else
		used[i / 32] &= ~(1u << (i % 32));
}

void phys_init(const struct boot_info *bi)
{
	ram_base    = bi->ram_base;
	num_pages   = bi->ram_size / ARCH_PAGE_SIZE;
	first_page  = (bi->image_end - bi->ram_base) / ARCH_PAGE_SIZE;
	free_pages  = num_pages - first_page;
	search_from = first_page;
}

void *phys_to_virt(uint32_t phys)
{
	return (void *)(uintptr_t)(phys - ram_base + KERNEL_VIRT_BASE);
}

/* The first free frame at or after i (num_pages if none); skips whole
 * words of used frames, so a search over a full GiB stays short */
static uint32_t next_free(uint32_t i)
{
	while (i < num_pages) {
		if ((i & 31) == 0 && used[i / 32] == ~0u)
			i += 32;
		else if (page_used(i))
			i++;
		else
			return i;
	}
	return num_pages;
}

/* First fit; align_pages must be a power of two. */
uint32_t phys_alloc(uint32_t pages, uint32_t align_pages)
{
	if (pages == 0 || pages > free_pages)
		return 0;
	uint32_t i = search_from > first_page ? search_from : first_page;
	for (;;) {
		i = (next_free(i) + align_pages - 1) & ~(align_pages - 1);
		if (i + pages > num_pages)
			return 0;
		uint32_t n = 0;
		while (n < pages && !page_used(i + n))
			n++;
		if (n == pages)
			break;
		i += n + 1; /* past the used frame */
	}
	for (uint32_t n = 0; n < pages; n++)
		page_set(i + n, true);
	if (i <= search_from)
		search_from = i + pages;
	free_pages -= pages;
	memset(phys_to_virt(ram_base + i * ARCH_PAGE_SIZE), 0, pages * ARCH_PAGE_SIZE);
	return ram_base + i * ARCH_PAGE_SIZE;
}

void phys_free(uint32_t phys, uint32_t pages)
{
	uint32_t first = (phys - ram_base) / ARCH_PAGE_SIZE;

	for (uint32_t i = first; i < first + pages; i++) {
		if (i < first_page || i >= num_pages || !page_used(i)) {
			core_log("core: error: freeing unallocated frame %p\n",
				 (void *)(uintptr_t)(ram_base + i * ARCH_PAGE_SIZE));
			continue;
		}
		page_set(i, false);
		free_pages++;
		if (i < search_from)
			search_from = i;
	}
}

uint32_t phys_free_pages(void) { return free_pages; }

uint32_t virt_to_phys(const void *virt)
{
	return (uint32_t)(uintptr_t)virt - KERNEL_VIRT_BASE + ram_base;
}

void *core_page_alloc(void)
{
	uint32_t phys = phys_alloc(1, 1);
	return phys ? phys_to_virt(phys) : NULL;
}

void core_page_free(void *page) { phys_free(virt_to_phys(page), 1); }
