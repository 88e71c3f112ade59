/*
 * Board contract for core: the device memory and interrupt lines it may
 * hand to user-level drivers (IO_MEM and IRQ sessions). Core refuses
 * anything outside these windows, anything overlapping RAM, and the devices
 * and lines the kernel drives itself, so a board that leaves a device out
 * hands out too little, never too much.
 */
#pragma once

#include <stdint.h>

struct board_range {
	uint32_t base, size; /* physical, size > 0, base + size <= 4 GiB */
};

/* All RAM the board may have (whatever its loader says): never device memory */
extern const struct board_range board_ram;

/* Physical windows that hold only devices drivers may have */
extern const struct board_range board_io_mem_windows[];
extern const unsigned board_io_mem_window_count;

/* The kernel's own devices (console, interrupt controller), even inside a window */
extern const struct board_range board_kernel_devices[];
extern const unsigned board_kernel_device_count;

/* Interrupt lines drivers may have: [first, end) without the kernel's */
extern const unsigned board_irq_first, board_irq_end;
extern const unsigned board_kernel_irqs[];
extern const unsigned board_kernel_irq_count;
