/*
 * log_printf: formatted component output, line by line to the LOG session.
 */
#include <stdarg.h>
#include <base/log.h>
#include <base/log_client.h>

void log_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_output_format(fmt, ap);
	va_end(ap);
}
