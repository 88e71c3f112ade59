/*
 * assert's report, newlib's text, written to the component's log by the
 * log's formatter (newlib's integer one, log_client.c). newlib's own
 * __assert_func prints by fiprintf to stderr, which would link a second
 * formatter and the whole of stdio's FILE output into every component,
 * because newlib's number conversions assert too.
 */
#include <stdlib.h>
#include <base/log.h>

void __assert_func(const char *file, int line, const char *func, const char *expr)
{
	log_printf("assertion \"%s\" failed: file \"%s\", line %d%s%s\n", expr, file, line,
		   func ? ", function: " : "", func ? func : "");
	abort();
}

/* newlib defines both in one object: both here, so that its is never linked */
void __assert(const char *file, int line, const char *expr)
{
	__assert_func(file, line, NULL, expr);
}
