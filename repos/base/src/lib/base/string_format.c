/*
 * string_format: the log's formatter (format.h) writing into a bounded
 * string.
 */
#include <stdarg.h>
#include <base/string_format.h>
#include <format.h>

struct string_sink {
	char *buf;
	size_t size; /* > 0 */
	size_t len;  /* characters produced, also those cut off */
};

static void string_sink_put(void *ctx, char c)
{
	struct string_sink *s = ctx;

	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

size_t string_format(char *buf, size_t size, const char *fmt, ...)
{
	struct string_sink s = { buf, size, 0 };
	va_list ap;

	if (size == 0)
		return 0;
	va_start(ap, fmt);
	format(string_sink_put, &s, fmt, ap);
	va_end(ap);
	buf[s.len < size ? s.len : size - 1] = '\0';
	return s.len;
}
