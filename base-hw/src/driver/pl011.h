/* ARM PrimeCell PL011 UART: polled transmit only (kernel debug console). */
#pragma once

#include <stdint.h>

enum { PL011_DR = 0x00, PL011_FR = 0x18, PL011_FR_TXFF = 1u << 5 };

static inline void pl011_putc(uintptr_t base, char c)
{
	volatile uint32_t *reg = (volatile uint32_t *)base;
	while (reg[PL011_FR / 4] & PL011_FR_TXFF)
		;
	reg[PL011_DR / 4] = (uint8_t)c;
}

static inline void pl011_write(uintptr_t base, const char *s, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (s[i] == '\n')
			pl011_putc(base, '\r');
		pl011_putc(base, s[i]);
	}
}
