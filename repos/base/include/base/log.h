/*
 * Minimal output for components (kernel print call; the LOG session
 * replaces it once core offers one). exit() is newlib's: atexit handlers and
 * stdio flush, then the thread exits (newlib/syscalls.c).
 */
#pragma once

#include <stdlib.h>

void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
