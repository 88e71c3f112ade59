/*
 * Formatting into a string with the formats of the log (printf's without
 * floating point): what components need for names and labels, without the
 * C library's full printf (with its floating point it is about 100 KiB in
 * every boot module that uses it).
 */
#pragma once

#include <stddef.h>

/* Like snprintf: at most size - 1 characters and a terminating 0 (size > 0);
 * returns the length the whole result has. */
size_t string_format(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
