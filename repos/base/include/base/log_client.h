/*
 * Where a component's text output goes (see log_client.c).
 */
#pragma once

#include <stdarg.h>

/* Append text; every '\n' ends a line, long lines are broken */
void log_output(const char *s, unsigned len);
/* Append formatted text (base-hw/src/include/format.h), all of it at once */
void log_output_format(const char *fmt, va_list ap);
/* Send a partial last line (at exit) */
void log_output_flush(void);
