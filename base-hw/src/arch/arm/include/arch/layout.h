/*
 * The 32-bit ARM virtual address layout: user PDs own the lower 2 GiB
 * (TTBR0, TTBCR.N=1); kernel and core live in the upper 2 GiB (TTBR1), where
 * all of RAM is mapped linearly from KERNEL_VIRT_BASE and kernel devices
 * sit in a window at the top.
 */
#pragma once

enum {
	KERNEL_VIRT_BASE   = 0x80000000u, /* maps the first byte of RAM */
	KERNEL_DIRECT_MAX  = 0x60000000u, /* at most 1.5 GiB of RAM mapped linearly */
	KERNEL_DEVICE_BASE = 0xf0000000u, /* window for the kernel's MMIO */
	USER_VIRT_END      = 0x80000000u, /* user address spaces: [0, USER_VIRT_END) */
	ARCH_PAGE_SIZE     = 4096u,
	ARCH_TTBR0_ALIGN   = 8192u, /* 2048-entry lower-half table */
	ARCH_TTBR1_ALIGN   = 16384u,
};
