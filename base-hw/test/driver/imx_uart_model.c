/*
 * i.MX UART transmitter model (imx_uart_model.h).
 */
#include <stdbool.h>
#include <string.h>
#include <driver/imx_uart.h>
#include "imx_uart_model.h"

enum {
	UCR3      = 0x88,
	UCR4      = 0x8c,
	UFCR      = 0x90,
	UBIR      = 0xa4,
	UBMR      = 0xa8,
	UTS_EMPTY = 1u << 6, /* TXEMPTY */
	UTS_RXE   = 1u << 5, /* RXEMPTY: nothing received, ever */
};

static void uart_reset(struct imx_uart_model *m)
{
	m->ucr1     = 0x00000000;
	m->ucr2     = 0x00000001;
	m->ucr3     = 0x00000700;
	m->ucr4     = 0x00008000;
	m->ufcr     = 0x00000801;
	m->ubir     = 0;
	m->ubmr     = 0;
	m->fifo_len = 0;
}

static bool transmitting(const struct imx_uart_model *m)
{
	return (m->ucr1 & IMX_UART_UCR1_EN) && (m->ucr2 & IMX_UART_UCR2_TXEN);
}

/* Time passes with every access: the line takes a character now and then */
static void uart_tick(struct imx_uart_model *m)
{
	if (!transmitting(m) || !m->fifo_len || ++m->since_char < m->access_per_char)
		return;
	m->since_char = 0;
	if (m->line_len < IMX_UART_MODEL_LINE)
		m->line[m->line_len++] = m->fifo[0];
	memmove(m->fifo, m->fifo + 1, --m->fifo_len);
}

static uint32_t uart_read(void *state, uint32_t offset)
{
	struct imx_uart_model *m = state;

	uart_tick(m);
	switch (offset) {
	case IMX_UART_UCR1: return m->ucr1;
	case IMX_UART_UCR2: return m->ucr2;
	case UCR3: return m->ucr3;
	case UCR4: return m->ucr4;
	case UFCR: return m->ufcr;
	case UBIR: return m->ubir;
	case UBMR: return m->ubmr;
	case IMX_UART_UTS:
		return UTS_RXE | (m->fifo_len == IMX_UART_MODEL_FIFO ? IMX_UART_UTS_TXFULL : 0) |
		       (m->fifo_len == 0 ? UTS_EMPTY : 0);
	default: return 0;
	}
}

static void uart_write(void *state, uint32_t offset, uint32_t value)
{
	struct imx_uart_model *m = state;

	uart_tick(m);
	switch (offset) {
	case IMX_UART_UTXD:
		if (m->fifo_len == IMX_UART_MODEL_FIFO)
			m->lost++;
		else
			m->fifo[m->fifo_len++] = (char)value;
		return;
	case IMX_UART_UCR1: m->ucr1 = value; return;
	case IMX_UART_UCR2:
		if (!(value & IMX_UART_UCR2_SRST)) { /* active low: reset, which ends at once */
			m->resets++;
			uart_reset(m);
			return;
		}
		m->ucr2 = value;
		return;
	case UCR3: m->ucr3 = value; return;
	case UCR4: m->ucr4 = value; return;
	case UFCR: m->ufcr = value; return;
	case UBIR: m->ubir = value; return;
	case UBMR: m->ubmr = value; return;
	default: return;
	}
}

void imx_uart_model_init(struct imx_uart_model *m, uintptr_t base, unsigned access_per_char)
{
	*m = (struct imx_uart_model){ .access_per_char = access_per_char };
	uart_reset(m);
	mmio_model_attach(&(struct mmio_model){ base, 0x4000, m, uart_read, uart_write });
}
