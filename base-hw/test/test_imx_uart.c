/*
 * Host tests of the i.MX UART driver (base-hw/src/driver/imx_uart.h)
 * against the register-level model in driver/imx_uart_model.c: init turns
 * the transmitter on from the reset state and keeps what the boot loader
 * set; output longer than the FIFO arrives complete and in order, with
 * CR before every LF, however slow the line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <driver/imx_uart.h>
#include "driver/imx_uart_model.h"

enum { BASE = 0x53fbc000 };

static struct imx_uart_model uart;

static int setup(void **state)
{
	(void)state;
	mmio_model_reset();
	return 0;
}

static void init_from_reset(void **state)
{
	(void)state;
	imx_uart_model_init(&uart, BASE, 1);
	imx_uart_init(BASE);
	assert_true(uart.ucr1 & IMX_UART_UCR1_EN);
	assert_int_equal(
	    uart.ucr2 &
		(IMX_UART_UCR2_SRST | IMX_UART_UCR2_TXEN | IMX_UART_UCR2_WS | IMX_UART_UCR2_IRTS),
	    IMX_UART_UCR2_SRST | IMX_UART_UCR2_TXEN | IMX_UART_UCR2_WS | IMX_UART_UCR2_IRTS);
	assert_int_equal(uart.resets, 0);
	imx_uart_write(BASE, "ok", 2);
	for (unsigned i = 0; i < 4; i++)
		mmio_read32(BASE + IMX_UART_UTS); /* let the line take the FIFO */
	assert_int_equal(uart.line_len, 2);
	assert_memory_equal(uart.line, "ok", 2);
}

/* U-Boot's settings (115200 baud, receiver on, its UCR1 bits) survive */
static void init_keeps_boot_loader_setup(void **state)
{
	(void)state;
	imx_uart_model_init(&uart, BASE, 1);
	uart.ubir = 0xf;
	uart.ubmr = 0x15b;
	uart.ucr1 = IMX_UART_UCR1_EN | (1u << 9); /* RRDYEN */
	uart.ucr2 = 0x4027;                       /* IRTS, WS, TXEN, RXEN, SRST */
	imx_uart_init(BASE);
	assert_int_equal(uart.ubir, 0xf);
	assert_int_equal(uart.ubmr, 0x15b);
	assert_int_equal(uart.ucr1, IMX_UART_UCR1_EN | (1u << 9));
	assert_int_equal(uart.ucr2, 0x4027);
	assert_int_equal(uart.resets, 0);
}

/* A slow line: the driver must wait while the FIFO is full, never lose a character */
static void long_output_slow_line(void **state)
{
	char text[600], expect[700];
	unsigned n = 0;

	(void)state;
	imx_uart_model_init(&uart, BASE, 13);
	imx_uart_init(BASE);
	for (unsigned i = 0; i < sizeof(text); i++) {
		text[i]     = i % 50 == 49 ? '\n' : (char)('a' + i % 26);
		expect[n++] = text[i] == '\n' ? '\r' : text[i];
		if (text[i] == '\n')
			expect[n++] = '\n';
	}
	imx_uart_write(BASE, text, sizeof(text));
	while (uart.fifo_len)
		mmio_read32(BASE + IMX_UART_UTS);
	assert_int_equal(uart.lost, 0);
	assert_int_equal(uart.line_len, n);
	assert_memory_equal(uart.line, expect, n);
}

/* No access outside the UART's registers, none at all for an empty string */
static void empty_write_touches_nothing(void **state)
{
	(void)state;
	imx_uart_model_init(&uart, BASE, 1);
	unsigned before = mmio_model_accesses();
	imx_uart_write(BASE, "", 0);
	assert_int_equal(mmio_model_accesses(), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(init_from_reset, setup),
		cmocka_unit_test_setup(init_keeps_boot_loader_setup, setup),
		cmocka_unit_test_setup(long_output_slow_line, setup),
		cmocka_unit_test_setup(empty_write_touches_nothing, setup),
	};
	return cmocka_run_group_tests_name("imx_uart", tests, NULL, NULL);
}
