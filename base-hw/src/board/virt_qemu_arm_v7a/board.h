/* QEMU "virt" (Cortex-A15): physical memory map and kernel device windows. */
#pragma once

#include <arch/layout.h>

#define BOARD_NAME "virt_qemu_arm_v7a"

enum {
	BOARD_RAM_BASE = 0x40000000u,
	/* QEMU leaves its device tree (with the RAM size of -m) at the base of
	 * RAM when the image leaves room: LOAD_ADDR in etc/board is above it */
	BOARD_DTB_PHYS  = BOARD_RAM_BASE,
	BOARD_DTB_MAX   = 0x100000u,
	BOARD_RAM_SIZE  = 256u << 20,  /* without a device tree: QEMU's -m 256 */
	BOARD_RAM_MAX   = 0xc0000000u, /* highmem=off: RAM up to 4 GiB at most */
	BOARD_GIC_PHYS  = 0x08000000u,
	BOARD_UART_PHYS = 0x09000000u,
	BOARD_UART_VIRT = KERNEL_DEVICE_BASE,
	BOARD_GIC_VIRT  = KERNEL_DEVICE_BASE + 0x100000u,
	BOARD_GIC_DIST  = BOARD_GIC_VIRT,
	BOARD_GIC_CPU   = BOARD_GIC_VIRT + 0x10000u,
	BOARD_TIMER_IRQ = 30, /* non-secure physical timer PPI */
};
