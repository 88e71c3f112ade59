/*
 * i.MX UART (i.MX53, i.MX6; reference manuals, chapter "UART"): polled
 * transmit for the kernel console. The boot loader (U-Boot) has set the
 * baud rate and the line format; init only makes sure that the UART and
 * its transmitter are on, keeping everything else as it found it.
 */
#pragma once

#include <driver/mmio.h>

enum {
	IMX_UART_UTXD       = 0x40, /* transmitter FIFO (32 characters) */
	IMX_UART_UCR1       = 0x80,
	IMX_UART_UCR2       = 0x84,
	IMX_UART_UTS        = 0xb4,
	IMX_UART_UCR1_EN    = 1u << 0,  /* UARTEN */
	IMX_UART_UCR2_SRST  = 1u << 0,  /* software reset, active low: 1 = run */
	IMX_UART_UCR2_TXEN  = 1u << 2,  /* transmitter enable */
	IMX_UART_UCR2_WS    = 1u << 5,  /* 8 data bits */
	IMX_UART_UCR2_IRTS  = 1u << 14, /* ignore RTS: send without flow control */
	IMX_UART_UTS_TXFULL = 1u << 4,  /* transmitter FIFO full */
};

static inline void imx_uart_init(uintptr_t base)
{
	uint32_t ucr2 = mmio_read32(base + IMX_UART_UCR2);
	uint32_t on =
	    IMX_UART_UCR2_SRST | IMX_UART_UCR2_TXEN | IMX_UART_UCR2_WS | IMX_UART_UCR2_IRTS;

	if ((ucr2 & on) != on)
		mmio_write32(base + IMX_UART_UCR2, ucr2 | on);
	mmio_write32(base + IMX_UART_UCR1, mmio_read32(base + IMX_UART_UCR1) | IMX_UART_UCR1_EN);
}

static inline void imx_uart_putc(uintptr_t base, char c)
{
	while (mmio_read32(base + IMX_UART_UTS) & IMX_UART_UTS_TXFULL)
		;
	mmio_write32(base + IMX_UART_UTXD, (uint8_t)c);
}

static inline void imx_uart_write(uintptr_t base, const char *s, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (s[i] == '\n')
			imx_uart_putc(base, '\r');
		imx_uart_putc(base, s[i]);
	}
}
