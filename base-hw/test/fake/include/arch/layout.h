/*
 * Host fake of the architecture's address layout: the same constants as the
 * 32-bit ARM layout (base-hw/src/arch/arm/include/arch/layout.h), so that
 * alignment checks in the portable kernel behave as on the target.
 */
#pragma once

enum {
	KERNEL_VIRT_BASE   = 0x80000000u,
	KERNEL_DIRECT_MAX  = 0x60000000u,
	KERNEL_DEVICE_BASE = 0xf0000000u,
	USER_VIRT_END      = 0x80000000u,
	ARCH_PAGE_SIZE     = 4096u,
	ARCH_TTBR0_ALIGN   = 8192u,
	ARCH_TTBR1_ALIGN   = 16384u,
};
