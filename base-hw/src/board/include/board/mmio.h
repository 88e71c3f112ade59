/* Board contract for bootstrap: the kernel's device mappings. */
#pragma once

#include <stdint.h>

struct board_mmio {
	uint32_t phys, virt, size;
};

extern const struct board_mmio board_mmio[];
extern const unsigned board_mmio_count;

/* Console before the MMU is on (physical addresses): set up once, first */
void board_early_uart_init(void);
void board_early_uart_write(const char *s, unsigned n);
