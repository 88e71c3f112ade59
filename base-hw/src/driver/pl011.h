/*
 * ARM PrimeCell PL011 UART (ARM DDI 0183): set-up and polled transmit, for
 * the kernel's debug console.
 */
#pragma once

#include <stdint.h>
#include <driver/mmio.h>

enum {
	PL011_DR         = 0x00,
	PL011_FR         = 0x18,
	PL011_IBRD       = 0x24,
	PL011_FBRD       = 0x28,
	PL011_LCRH       = 0x2c,
	PL011_CR         = 0x30,
	PL011_IMSC       = 0x38,
	PL011_ICR        = 0x44,
	PL011_FR_BUSY    = 1u << 3,
	PL011_FR_TXFF    = 1u << 5,
	PL011_LCRH_FEN   = 1u << 4,
	PL011_LCRH_WLEN8 = 3u << 5,
	PL011_CR_UARTEN  = 1u << 0,
	PL011_CR_TXE     = 1u << 8,
	PL011_CR_RXE     = 1u << 9,
	PL011_ICR_ALL    = 0x7ff,
};

/* The baud-rate divisor clock / (16 * baud) in 1/64ths, rounded: integer
 * part for IBRD, fraction for FBRD */
static inline uint32_t pl011_divisor_64ths(uint32_t clock_hz, uint32_t baud)
{
	return (uint32_t)(((uint64_t)clock_hz * 4 + baud / 2) / baud);
}

/*
 * 8 data bits, no parity, one stop bit (8N1) at baud from a UART clock of
 * clock_hz, FIFOs on, no interrupts, by the PL011 TRM's sequence: disable,
 * let the current character go, flush the transmit FIFO (FEN=0), program
 * the divisor (it takes effect with the LCRH write that follows), enable.
 */
static inline void pl011_init(uintptr_t base, uint32_t clock_hz, uint32_t baud)
{
	uint32_t div = pl011_divisor_64ths(clock_hz, baud);

	mmio_write32(base + PL011_CR, 0);
	while (mmio_read32(base + PL011_FR) & PL011_FR_BUSY)
		;
	mmio_write32(base + PL011_LCRH, 0);
	mmio_write32(base + PL011_IMSC, 0);
	mmio_write32(base + PL011_ICR, PL011_ICR_ALL);
	mmio_write32(base + PL011_IBRD, div >> 6);
	mmio_write32(base + PL011_FBRD, div & 0x3f);
	mmio_write32(base + PL011_LCRH, PL011_LCRH_WLEN8 | PL011_LCRH_FEN);
	mmio_write32(base + PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

static inline void pl011_putc(uintptr_t base, char c)
{
	while (mmio_read32(base + PL011_FR) & PL011_FR_TXFF)
		;
	mmio_write32(base + PL011_DR, (uint8_t)c);
}

static inline void pl011_write(uintptr_t base, const char *s, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (s[i] == '\n')
			pl011_putc(base, '\r');
		pl011_putc(base, s[i]);
	}
}
