/*
 * printf-style formatting into a character sink, shared by the kernel's
 * console, core's log and the user-level log.
 * Supports %s %c %d %u %x %p and a zero-padded or plain field width.
 */
#pragma once

#include <stdarg.h>

typedef void (*format_sink_t)(void *ctx, char c);

void format(format_sink_t sink, void *ctx, const char *fmt, va_list ap);
