/*
 * i.MX53 Quick Start Board (Cortex-A8): physical memory map (i.MX53
 * reference manual, "System memory map" and "Interrupts") and the kernel's
 * device windows. Booted by U-Boot, whose console is UART1 (the board's
 * USB/UART port) at 115200 8N1; the kernel keeps that setup.
 */
#pragma once

#include <arch/layout.h>

#define BOARD_NAME "imx53_qsb"

enum {
	BOARD_RAM_BASE = 0x70000000u, /* CSD0: the first of the two 512 MiB banks */
	BOARD_RAM_SIZE = 512u << 20,
	/* U-Boot's device tree lies wherever it relocated it: the bank's size
	 * is fixed here instead */
	BOARD_DTB_PHYS = 0,
	BOARD_DTB_MAX  = 0,
	BOARD_RAM_MAX  = 0x80000000u, /* CSD0 and CSD1 windows, 0x70000000-0xefffffff */

	BOARD_TZIC_PHYS   = 0x0fffc000u,
	BOARD_TZIC_BLOCK  = 0x0ff00000u, /* its 1 MiB section */
	BOARD_AIPS1_BLOCK = 0x53f00000u, /* the section with EPIT1 and UART1 */
	BOARD_EPIT1_PHYS  = 0x53fac000u,
	BOARD_UART1_PHYS  = 0x53fbc000u,

	BOARD_TZIC_VIRT  = KERNEL_DEVICE_BASE + (BOARD_TZIC_PHYS - BOARD_TZIC_BLOCK),
	BOARD_AIPS1_VIRT = KERNEL_DEVICE_BASE + 0x100000u,
	BOARD_EPIT1_VIRT = BOARD_AIPS1_VIRT + (BOARD_EPIT1_PHYS - BOARD_AIPS1_BLOCK),
	BOARD_UART1_VIRT = BOARD_AIPS1_VIRT + (BOARD_UART1_PHYS - BOARD_AIPS1_BLOCK),

	BOARD_UART1_IRQ = 31, /* TZIC lines */
	BOARD_EPIT1_IRQ = 40,

	/*
	 * EPIT1 on the high-frequency reference clock (PERCLK): 33.33 MHz as
	 * U-Boot sets up the clocks of the QSB (unverified on hardware, see
	 * README); 33333 ticks per ms are 10 ppm slow.
	 */
	BOARD_EPIT_TICKS_PER_MS = 33333,
};
