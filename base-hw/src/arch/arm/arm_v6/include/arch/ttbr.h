/*
 * ARMv6 translation-table-base attributes (ARM1176 TRM 3.2.13): walks are
 * inner cacheable (C, bit 0) and outer write-back write-allocate (RGN=01),
 * not shared (one core). Bit 6 is no attribute here: IRGN exists only with
 * the ARMv7 multiprocessing extensions. ARM1176 table walks never read the
 * L1 data cache, so changed entries must be cleaned (arch_page_table_written).
 */
#pragma once

#include <stdint.h>

static inline uint32_t arch_ttbr_attr(void) { return (1u << 3) | (1u << 0); } /* RGN=01, C */
