/*
 * i.MX6Q SABRE Lite in QEMU (-M sabrelite; Cortex-A9 MPCore): physical
 * memory map (i.MX6 reference manual, "System memory map") and the kernel's
 * device windows. The kernel's console is UART2, the board's serial port
 * (QEMU: the second -serial), its timer EPIT1.
 */
#pragma once

#include <arch/layout.h>

#define BOARD_NAME "imx6q_sabrelite"

enum {
	BOARD_RAM_BASE = 0x10000000u,
	BOARD_RAM_SIZE = 1024u << 20, /* the board's 1 GiB, QEMU's -m 1024 in etc/board */
	/* QEMU gives an ELF image on this machine no device tree */
	BOARD_DTB_PHYS = 0,
	BOARD_DTB_MAX  = 0,
	BOARD_RAM_MAX  = 0xf0000000u, /* the MMDC's window: RAM up to 4 GiB */

	BOARD_MPCORE_PHYS = 0x00a00000u, /* SCU, GIC, Cortex-A9 timers */
	BOARD_AIPS1_PHYS  = 0x02000000u, /* peripherals: EPIT, GPT, UART1, ... */
	BOARD_AIPS2_PHYS  = 0x02100000u, /* peripherals: UART2..5, ... */
	BOARD_EPIT1_PHYS  = 0x020d0000u,
	BOARD_UART2_PHYS  = 0x021e8000u,

	BOARD_MPCORE_VIRT = KERNEL_DEVICE_BASE,
	BOARD_AIPS1_VIRT  = KERNEL_DEVICE_BASE + 0x100000u,
	BOARD_AIPS2_VIRT  = KERNEL_DEVICE_BASE + 0x200000u,
	BOARD_GIC_CPU     = BOARD_MPCORE_VIRT + 0x0100u,
	BOARD_GIC_DIST    = BOARD_MPCORE_VIRT + 0x1000u,
	BOARD_EPIT1_VIRT  = BOARD_AIPS1_VIRT + (BOARD_EPIT1_PHYS - BOARD_AIPS1_PHYS),
	BOARD_UART2_VIRT  = BOARD_AIPS2_VIRT + (BOARD_UART2_PHYS - BOARD_AIPS2_PHYS),

	BOARD_EPIT1_IRQ = 32 + 56, /* GIC interrupt ids: SPI n is 32 + n */
	BOARD_UART2_IRQ = 32 + 27,

	/* EPIT1 on ipg_clk: 66 MHz (528 MHz PLL2 / 4 / 2, as U-Boot and QEMU set it) */
	BOARD_EPIT_TICKS_PER_MS = 66000,
};
