/*
 * Where a component's text output goes (see log_client.c).
 */
#pragma once

/* Append text; every '\n' ends a line, long lines are broken */
void log_output(const char *s, unsigned len);
/* Send a partial last line (at exit) */
void log_output_flush(void);
