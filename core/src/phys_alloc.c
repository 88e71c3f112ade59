/*
 * Physical page-frame allocator: one bit per 4 KiB frame of the RAM that
 * follows the boot image. Core reaches every frame through the kernel's
 * linear map (virt = phys - ram_base + KERNEL_VIRT_BASE).
 */
#include <arch/layout.h>
#include "core.h"

enum { MAX_PAGES = KERNEL_DIRECT_MAX / ARCH_PAGE_SIZE };

static uint32_t used[MAX_PAGES / 32];
static uint32_t ram_base, first_page, num_pages, free_pages;

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
	ram_base   = bi->ram_base;
	num_pages  = bi->ram_size / ARCH_PAGE_SIZE;
	first_page = (bi->image_end - bi->ram_base) / ARCH_PAGE_SIZE;
	free_pages = num_pages - first_page;
}

void *phys_to_virt(uint32_t phys)
{
	return (void *)(uintptr_t)(phys - ram_base + KERNEL_VIRT_BASE);
}

/* First fit; align_pages must be a power of two. */
uint32_t phys_alloc(uint32_t pages, uint32_t align_pages)
{
	if (pages == 0 || pages > free_pages)
		return 0;
	for (uint32_t i = (first_page + align_pages - 1) & ~(align_pages - 1);
	     i + pages <= num_pages; i += align_pages) {
		uint32_t n = 0;
		while (n < pages && !page_used(i + n))
			n++;
		if (n < pages)
			continue;
		for (n = 0; n < pages; n++)
			page_set(i + n, true);
		free_pages -= pages;
		uint8_t *v = phys_to_virt(ram_base + i * ARCH_PAGE_SIZE);
		for (uint32_t b = 0; b < pages * ARCH_PAGE_SIZE; b++)
			v[b] = 0;
		return ram_base + i * ARCH_PAGE_SIZE;
	}
	return 0;
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
	}
}

uint32_t phys_free_pages(void) { return free_pages; }

uint32_t virt_to_phys(const void *virt)
{
	return (uint32_t)(uintptr_t)virt - KERNEL_VIRT_BASE + ram_base;
}
