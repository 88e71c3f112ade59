/*
 * string_format: bounded formatting into a string by the formatter of the
 * log, newlib's integer one (see log_client.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <base/string_format.h>

size_t string_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (size == 0)
		return 0;
	va_start(ap, fmt);
	int len = vsniprintf(buf, size, fmt, ap);
	va_end(ap);
	return len < 0 ? 0 : (size_t)len;
}
