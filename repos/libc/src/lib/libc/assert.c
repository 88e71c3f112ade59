/*
 * assert's report, newlib's text, but formatted by snprintf: newlib's own
 * __assert_func uses fiprintf, which would link a second formatter (the
 * integer-only vfiprintf) into every component, because newlib's number
 * conversions assert too.
 */
#include <stdio.h>
#include <stdlib.h>

void __assert_func(const char *file, int line, const char *func, const char *expr)
{
	char text[256];

	snprintf(text, sizeof(text), "assertion \"%s\" failed: file \"%s\", line %d%s%s\n", expr,
		 file, line, func ? ", function: " : "", func ? func : "");
	fputs(text, stderr);
	abort();
}

/* newlib defines both in one object: both here, so that its is never linked */
void __assert(const char *file, int line, const char *expr)
{
	__assert_func(file, line, NULL, expr);
}
