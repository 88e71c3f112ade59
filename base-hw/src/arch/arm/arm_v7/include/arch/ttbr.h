/*
 * ARMv7 (with multiprocessing extensions) translation-table-base attributes:
 * table walks are inner and outer write-back write-allocate cacheable and
 * shareable. A function, so that a CPU without the extensions (whose inner
 * attribute is the C bit alone) can be told apart at run time.
 */
#pragma once

#include <stdint.h>

/* IRGN=01, RGN=01, S */
static inline uint32_t arch_ttbr_attr(void) { return (1u << 6) | (1u << 3) | (1u << 1); }
