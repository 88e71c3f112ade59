/*
 * Raspberry Pi (BCM2835): what user-level drivers may get (board/devices.h).
 * All peripherals sit in one 16 MiB window (BCM2835 ARM Peripherals, 1.2.3).
 *
 * The system timer is the kernel's only in part: the kernel owns compare
 * channel 1 and its line, the GPU channels 0 and 2 and theirs; channel 3
 * is free for a driver, and since all channels share one page, that page is
 * not refused. A driver with it could also write the kernel's channel, so
 * give it to trusted drivers only, as any device that can reach memory.
 */
#include <board/devices.h>
#include "board.h"

enum {
	PIC_SIZE    = 0x24, /* its page also holds the ARM timer and the mailboxes */
	UART_SIZE   = 0x1000,
	GPU_TIMER_0 = 0, /* system timer channels the GPU firmware uses */
	GPU_TIMER_2 = 2,
};

/* All of it, the GPU's part included */
const struct board_range board_ram = { BOARD_RAM_BASE, BOARD_RAM_MAX };

const struct board_range board_io_mem_windows[] = {
	{ BOARD_IO_PHYS, BOARD_IO_SIZE },
};
const unsigned board_io_mem_window_count =
    sizeof(board_io_mem_windows) / sizeof(board_io_mem_windows[0]);

const struct board_range board_kernel_devices[] = {
	{ BOARD_PIC_PHYS, PIC_SIZE },
	{ BOARD_UART_PHYS, UART_SIZE },
};
const unsigned board_kernel_device_count =
    sizeof(board_kernel_devices) / sizeof(board_kernel_devices[0]);

/* GPU lines 0-63, then the ARM's basic lines 64-71 */
const unsigned board_irq_first = 0, board_irq_end = 72;
const unsigned board_kernel_irqs[] = { BOARD_TIMER_IRQ, BOARD_UART_IRQ, GPU_TIMER_0, GPU_TIMER_2 };
const unsigned board_kernel_irq_count = sizeof(board_kernel_irqs) / sizeof(board_kernel_irqs[0]);
