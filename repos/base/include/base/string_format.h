/*
 * Formatting into a string with the formats of the log (%s %c %d %u %x %p,
 * field widths): what components need for names and labels, without the
 * C library's printf (with its floating point it is tens of KiB in every
 * boot image that uses it).
 */
#pragma once

#include <stddef.h>

/* Like snprintf: at most size - 1 characters and a terminating 0 (size > 0);
 * returns the length the whole result has. */
size_t string_format(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
