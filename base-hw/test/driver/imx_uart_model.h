/*
 * Register-level model of the i.MX UART transmitter (i.MX53 / i.MX6
 * reference manuals, chapter "UART"): reset values, the 32-character
 * transmitter FIFO with UTS.TXFULL/TXEMPTY, characters shifted out to the
 * line only while UCR1.UARTEN and UCR2.TXEN are set, one every
 * `access_per_char` register accesses (the line's speed), characters
 * written to a full FIFO lost, and a software reset by writing UCR2.SRST=0.
 */
#pragma once

#include <stdint.h>
#include "mmio_model.h"

enum { IMX_UART_MODEL_FIFO = 32, IMX_UART_MODEL_LINE = 4096 };

struct imx_uart_model {
	uint32_t ucr1, ucr2, ucr3, ucr4, ufcr, ubir, ubmr;
	char fifo[IMX_UART_MODEL_FIFO];
	unsigned fifo_len;
	char line[IMX_UART_MODEL_LINE]; /* what went out, in order */
	unsigned line_len, lost, resets;
	unsigned access_per_char, since_char;
};

/* Reset state; registered at `base` */
void imx_uart_model_init(struct imx_uart_model *m, uintptr_t base, unsigned access_per_char);
