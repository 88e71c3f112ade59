/*
 * ARMv7 (with multiprocessing extensions) translation-table-base attributes:
 * table walks are inner and outer write-back write-allocate cacheable and
 * shareable, so page-table writes need no cache cleaning, only a barrier.
 */
#pragma once

enum { ARCH_TTBR_ATTR = (1u << 6) | (1u << 3) | (1u << 1) }; /* IRGN=01, RGN=01, S */
