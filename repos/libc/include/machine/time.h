/*
 * Replaces newlib's machine/time.h, which gives ARM a CLOCKS_PER_SEC of 100:
 * clock() counts microseconds here (repos/libc/src/lib/libc/time.c), like
 * glibc's.
 */
#pragma once

#define _CLOCKS_PER_SEC_ 1000000
