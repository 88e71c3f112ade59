/*
 * The printf conformance table of run/libc.run: formats and arguments
 * whose output C99 fixes, printed by the component with newlib and at
 * build time by the host's glibc (printf_glibc.c); the two must be equal.
 * Arguments stay within what 32-bit ARM and a 64-bit host print alike
 * (long, size_t and ptrdiff_t of at most 32 bits, long double only where
 * its value is exact in a double).
 */
#pragma once

#include <stddef.h>

enum printf_type {
	ARG_INT,
	ARG_UINT,
	ARG_SCHAR, /* %hhd */
	ARG_UCHAR, /* %hhu %hhx */
	ARG_SHORT,
	ARG_USHORT,
	ARG_LONG,
	ARG_ULONG,
	ARG_LLONG,
	ARG_ULLONG,
	ARG_INTMAX,
	ARG_UINTMAX,
	ARG_SIZE,
	ARG_PTRDIFF,
	ARG_DOUBLE,
	ARG_LDOUBLE,
	ARG_CHAR,
	ARG_STRING,
	ARG_NONE,
};

struct printf_case {
	const char *format;
	enum printf_type type;
	long long i; /* integer arguments */
	double d;    /* floating-point ones */
	const char *s;
};

extern const struct printf_case printf_cases[];
extern const unsigned printf_case_count;

/* snprintf of one case into buf */
int printf_case_format(char *buf, size_t size, const struct printf_case *c);
