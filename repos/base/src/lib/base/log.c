/*
 * log_printf: formatted component output, line by line to the LOG session.
 */
#include <stdarg.h>
#include <stddef.h>
#include <format.h>
#include <base/log.h>
#include <base/log_client.h>

static void output_sink(void *ctx, char c)
{
	(void)ctx;
	log_output(&c, 1);
}

void log_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	format(output_sink, NULL, fmt, ap);
	va_end(ap);
}
