/*
 * Kernel diagnostics on the board's UART and the panic path. The kernel is
 * not preemptible, so the output of each call is contiguous.
 */
#include <stdarg.h>
#include <format.h>
#include "kernel.h"
#include <board/uart.h>

static void uart_sink(void *ctx, char c)
{
	(void)ctx;
	board_uart_write(&c, 1);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	format(uart_sink, NULL, fmt, ap);
	va_end(ap);
}

void kernel_panic(const char *msg)
{
	kprintf("kernel panic: %s\n", msg);
	arch_halt();
}
