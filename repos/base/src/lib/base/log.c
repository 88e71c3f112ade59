/*
 * Component output through the kernel's line-buffered print call.
 */
#include <stdarg.h>
#include <stddef.h>
#include <format.h>
#include <kernel/call.h>
#include <base/log.h>

static void print_sink(void *ctx, char c)
{
	(void)ctx;
	kernel_print_char(c);
}

void log_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	format(print_sink, NULL, fmt, ap);
	va_end(ap);
}
