/*
 * QEMU virt: what user-level drivers may get (board/devices.h). The map is
 * QEMU's hw/arm/virt.c (base_memmap, a15irqmap) for a 32-bit guest with
 * highmem=off: devices between the flash and RAM, 256 SPIs.
 */
#include <board/devices.h>
#include "board.h"

enum {
	GIC_BLOCK_SIZE = 0x01000000u, /* distributor, CPU interface, v2m, hyp, vcpu, its */
	UART_SIZE      = 0x1000u,
	UART_IRQ       = 32 + 1, /* SPI 1: the kernel polls, but the line is its device's */
};

/* Whatever -m says: the whole window RAM may occupy */
const struct board_range board_ram = { BOARD_RAM_BASE, BOARD_RAM_MAX };

/* Everything from the interrupt controller up to RAM (below: flash) */
const struct board_range board_io_mem_windows[] = {
	{ BOARD_GIC_PHYS, BOARD_RAM_BASE - BOARD_GIC_PHYS },
};
const unsigned board_io_mem_window_count =
    sizeof(board_io_mem_windows) / sizeof(board_io_mem_windows[0]);

const struct board_range board_kernel_devices[] = {
	{ BOARD_GIC_PHYS, GIC_BLOCK_SIZE },
	{ BOARD_UART_PHYS, UART_SIZE },
};
const unsigned board_kernel_device_count =
    sizeof(board_kernel_devices) / sizeof(board_kernel_devices[0]);

/* SPIs only: SGIs and PPIs (the timers) are per CPU and the kernel's */
const unsigned board_irq_first = 32, board_irq_end = 32 + 256;
const unsigned board_kernel_irqs[]    = { BOARD_TIMER_IRQ, UART_IRQ };
const unsigned board_kernel_irq_count = sizeof(board_kernel_irqs) / sizeof(board_kernel_irqs[0]);
