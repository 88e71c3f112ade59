/*
 * Physical page-frame allocator: one bit per 4 KiB frame of the RAM that
 * follows the boot image, searched next-fit a word at a time (frame_map.c).
 * Core reaches every frame through the kernel's linear map
 * (virt = phys - ram_base + KERNEL_VIRT_BASE).
 */
#include <string.h>
#include <arch/layout.h>
#include "core.h"
#include "frame_map.h"

enum { MAX_PAGES = KERNEL_DIRECT_MAX / ARCH_PAGE_SIZE };

static uint32_t used[MAX_PAGES / 32];
static struct frame_map frames; /* frame i is ram_base + i pages */
static uint32_t ram_base;

void phys_init(const struct boot_info *bi)
{
	ram_base = bi->ram_base;
	frame_map_init(&frames, used, (bi->image_end - bi->ram_base) / ARCH_PAGE_SIZE,
		       bi->ram_size / ARCH_PAGE_SIZE);
}

void *phys_to_virt(uint32_t phys)
{
	return (void *)(uintptr_t)(phys - ram_base + KERNEL_VIRT_BASE);
}

/* Next fit (frame_map.h); align_pages must be a power of two. */
uint32_t phys_alloc(uint32_t pages, uint32_t align_pages)
{
	uint32_t i = frame_map_alloc(&frames, pages, align_pages);

	if (i == FRAME_NONE)
		return 0;
	memset(phys_to_virt(ram_base + i * ARCH_PAGE_SIZE), 0, pages * ARCH_PAGE_SIZE);
	return ram_base + i * ARCH_PAGE_SIZE;
}

void phys_free(uint32_t phys, uint32_t pages)
{
	if (!frame_map_free(&frames, (phys - ram_base) / ARCH_PAGE_SIZE, pages))
		core_log("core: error: freeing unallocated frames %p (%u pages)\n",
			 (void *)(uintptr_t)phys, (unsigned)pages);
}

uint32_t phys_free_pages(void) { return frames.free; }

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
