/*
 * Deep recursion for stack tests (a static library, repos/test/src/lib/
 * test_recursion, built so that every call has a frame of its own).
 */
#pragma once

#include <stdint.h>

/* depth + (depth - 1) + ... + 0, one nested call per level */
unsigned recursion_sum(unsigned depth);
/* The lowest stack pointer any level saw */
uintptr_t recursion_lowest_sp(void);
