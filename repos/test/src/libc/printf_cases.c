/*
 * The printf conformance table (see printf_cases.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include "printf_cases.h"

#define I(f, v)                     \
	{                           \
		f, ARG_INT, v, 0, 0 \
	}
#define T(f, t, v)            \
	{                     \
		f, t, v, 0, 0 \
	}
#define D(f, v)                        \
	{                              \
		f, ARG_DOUBLE, 0, v, 0 \
	}
#define S(f, v)                        \
	{                              \
		f, ARG_STRING, 0, 0, v \
	}

const struct printf_case printf_cases[] = {
	/* integers: conversions, flags, widths, precisions */
	I("%d", 0),
	I("%d", 42),
	I("%d", -42),
	I("%d", INT32_MAX),
	I("%d", INT32_MIN),
	I("%i", -7),
	I("%5d", 42),
	I("%-5d|", 42),
	I("%05d", -42),
	I("%+d", 42),
	I("% d", 42),
	I("%+05d", 7),
	I("%.3d", 7),
	I("%.0d", 0),
	I("%8.3d", -7),
	I("%-8.3d|", 7),
	I("%x", 255),
	I("%X", 255),
	I("%#x", 255),
	I("%#X", 0xbeef),
	I("%#o", 8),
	I("%o", 0777),
	I("%#.5x", 0x2a),
	I("%08x", 0xcafe),
	I("%#010x", 0xcafe),
	T("%u", ARG_UINT, 4294967295LL),
	T("%c", ARG_CHAR, 'A'),
	T("%3c|", ARG_CHAR, 'z'),
	T("%-3c|", ARG_CHAR, 'z'),
	/* the C99 length modifiers */
	T("%hhd", ARG_SCHAR, -128),
	T("%hhu", ARG_UCHAR, 255),
	T("%hhx", ARG_UCHAR, 0xab),
	T("%hd", ARG_SHORT, -32768),
	T("%hu", ARG_USHORT, 65535),
	T("%ld", ARG_LONG, -2147483647LL),
	T("%lu", ARG_ULONG, 4000000000LL),
	T("%lld", ARG_LLONG, INT64_MIN),
	T("%lld", ARG_LLONG, INT64_MAX),
	T("%llu", ARG_ULLONG, -1),
	T("%llx", ARG_ULLONG, 0x123456789abcdefLL),
	T("%#llo", ARG_ULLONG, 01234567012345670LL),
	T("%jd", ARG_INTMAX, INT64_MIN),
	T("%ju", ARG_UINTMAX, -1),
	T("%jx", ARG_UINTMAX, 0xfedcba9876543210LL),
	T("%zu", ARG_SIZE, 4294967295LL),
	T("%zd", ARG_SIZE, 12345),
	T("%zx", ARG_SIZE, 0xdeadbeefLL),
	T("%td", ARG_PTRDIFF, -12345),
	T("%tx", ARG_PTRDIFF, 0x7fff),
	T("%20lld|", ARG_LLONG, -1234567890123LL),
	T("%-20llu|", ARG_ULLONG, 1234567890123LL),
	/* floating point: fixed, exponent, shortest */
	D("%f", 0.0),
	D("%f", -0.0),
	D("%f", 3.14159265358979),
	D("%.2f", 2.675),
	D("%.0f", 0.5),
	D("%.0f", 1.5),
	D("%.0f", 2.5),
	D("%#.0f", 3.0),
	D("%10.3f|", -3.14159),
	D("%-10.3f|", 3.14159),
	D("%+.1f", 1.25),
	D("% .3f", 1.0 / 3),
	D("%010.2f", -1.5),
	D("%f", 1e20),
	D("%.10f", 1e-10),
	D("%e", 0.0),
	D("%e", 123456.789),
	D("%E", -0.000123456),
	D("%.3e", 9.9995),
	D("%.0e", 12345.0),
	D("%#.0e", 12345.0),
	D("%12.4e|", 6.02214076e23),
	D("%e", 1e-300),
	D("%g", 0.0),
	D("%g", 100000.0),
	D("%g", 1000000.0),
	D("%g", 0.0001),
	D("%g", 0.00001),
	D("%G", 1.5e-10),
	D("%.3g", 3.14159),
	D("%#g", 1.0),
	D("%#.3g", 100.0),
	D("%g", 123456789.0),
	D("%.10g", 1.0 / 3),
	/* hexadecimal floating point */
	D("%a", 1.0),
	D("%a", 0.5),
	D("%a", -3.0),
	D("%a", 0.1),
	D("%A", 255.5),
	D("%a", 0.0),
	D("%.2a", 1.0),
	D("%.3a", 3.14159265358979),
	D("%20a|", 1.0),
	D("%-20a|", -2.5),
	D("%+a", 1.0),
	D("%#.0a", 2.0),
	D("%a", 1e-300),
	D("%a", 1.7976931348623157e308),
	/* infinities and NaN */
	D("%f", INFINITY),
	D("%F", -INFINITY),
	D("%e", INFINITY),
	D("%g", -INFINITY),
	D("%a", INFINITY),
	D("%A", -INFINITY),
	D("%8f|", INFINITY),
	D("%-8f|", -INFINITY),
	D("%f", NAN),
	D("%F", NAN),
	/* long double (exact in a double) */
	{ "%Lf", ARG_LDOUBLE, 0, 1.5, 0 },
	{ "%.3Le", ARG_LDOUBLE, 0, -0.125, 0 },
	{ "%Lg", ARG_LDOUBLE, 0, 1048576.0, 0 },
	/* strings */
	S("%s", "hello"),
	S("%10s|", "hello"),
	S("%-10s|", "hello"),
	S("%.3s", "hello"),
	S("%10.2s|", "hello"),
	S("%s", ""),
	S("%s", "gr\xc3\xbc\xc3\x9f dich"),
	/* no argument */
	{ "100%%", ARG_NONE, 0, 0, 0 },
	{ "%%d", ARG_NONE, 0, 0, 0 },
};

const unsigned printf_case_count = sizeof(printf_cases) / sizeof(printf_cases[0]);

int printf_case_format(char *buf, size_t size, const struct printf_case *c)
{
	switch (c->type) {
	case ARG_INT: return snprintf(buf, size, c->format, (int)c->i);
	case ARG_UINT: return snprintf(buf, size, c->format, (unsigned)c->i);
	case ARG_SCHAR: return snprintf(buf, size, c->format, (signed char)c->i);
	case ARG_UCHAR: return snprintf(buf, size, c->format, (unsigned char)c->i);
	case ARG_SHORT: return snprintf(buf, size, c->format, (short)c->i);
	case ARG_USHORT: return snprintf(buf, size, c->format, (unsigned short)c->i);
	case ARG_LONG: return snprintf(buf, size, c->format, (long)c->i);
	case ARG_ULONG: return snprintf(buf, size, c->format, (unsigned long)c->i);
	case ARG_LLONG: return snprintf(buf, size, c->format, c->i);
	case ARG_ULLONG: return snprintf(buf, size, c->format, (unsigned long long)c->i);
	case ARG_INTMAX: return snprintf(buf, size, c->format, (intmax_t)c->i);
	case ARG_UINTMAX: return snprintf(buf, size, c->format, (uintmax_t)c->i);
	case ARG_SIZE: return snprintf(buf, size, c->format, (size_t)c->i);
	case ARG_PTRDIFF: return snprintf(buf, size, c->format, (ptrdiff_t)c->i);
	case ARG_DOUBLE: return snprintf(buf, size, c->format, c->d);
	case ARG_LDOUBLE: return snprintf(buf, size, c->format, (long double)c->d);
	case ARG_CHAR: return snprintf(buf, size, c->format, (int)c->i);
	case ARG_STRING: return snprintf(buf, size, c->format, c->s);
	case ARG_NONE: return snprintf(buf, size, c->format, 0);
	}
	return -1;
}
