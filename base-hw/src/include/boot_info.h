/*
 * What bootstrap hands to the kernel and core: the physical memory layout
 * after the MMU is on. All addresses are physical.
 */
#pragma once

#include <stdint.h>

struct boot_info {
	uint32_t ram_base, ram_size; /* all of RAM */
	uint32_t image_start;        /* boot image (bootstrap, core, modules) */
	uint32_t image_end;          /* first byte after it, page aligned */
	uint32_t kernel_table_phys;  /* upper-half table shared by all PDs */
	uint32_t core_ttbr0_phys;    /* empty lower-half table of core's PD */
};
