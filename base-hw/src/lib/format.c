/*
 * Minimal printf formatting (see format.h).
 */
#include <stdbool.h>
#include <stdint.h>
#include <format.h>

static void put_number(format_sink_t sink, void *ctx, uint32_t v, bool negative, unsigned base,
		       unsigned width, char pad)
{
	char buf[16];
	unsigned n = 0;

	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	/* zero padding goes between sign and digits, space padding before the sign */
	unsigned digits_width = negative && width ? width - 1 : width;
	while (pad == '0' && n < digits_width && n < sizeof(buf) - 1)
		buf[n++] = '0';
	if (negative)
		buf[n++] = '-';
	while (n < width && n < sizeof(buf))
		buf[n++] = ' ';
	while (n)
		sink(ctx, buf[--n]);
}

static void put_unsigned(format_sink_t sink, void *ctx, uint32_t v, unsigned base, unsigned width,
			 char pad)
{
	put_number(sink, ctx, v, false, base, width, pad);
}

static void put_string(format_sink_t sink, void *ctx, const char *s)
{
	if (!s)
		s = "(null)";
	while (*s)
		sink(ctx, *s++);
}

void format(format_sink_t sink, void *ctx, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			sink(ctx, *fmt);
			continue;
		}
		char pad       = ' ';
		unsigned width = 0;
		if (*++fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned)(*fmt++ - '0');
		switch (*fmt) {
		case 's': put_string(sink, ctx, va_arg(ap, const char *)); break;
		case 'c': sink(ctx, (char)va_arg(ap, int)); break;
		case 'u': put_unsigned(sink, ctx, va_arg(ap, unsigned), 10, width, pad); break;
		case 'x': put_unsigned(sink, ctx, va_arg(ap, unsigned), 16, width, pad); break;
		case 'p':
			put_string(sink, ctx, "0x");
			put_unsigned(sink, ctx, (uint32_t)(uintptr_t)va_arg(ap, void *), 16, 8,
				     '0');
			break;
		case 'd': {
			int v = va_arg(ap, int);
			put_number(sink, ctx, v < 0 ? -(uint32_t)v : (uint32_t)v, v < 0, 10, width,
				   pad);
			break;
		}
		case '\0': return;
		default: sink(ctx, *fmt); break;
		}
	}
}
