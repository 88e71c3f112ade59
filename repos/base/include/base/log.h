/*
 * Minimal output and exit for components (kernel print call; the LOG
 * session replaces it once core offers one).
 */
#pragma once

void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void exit(int code);
