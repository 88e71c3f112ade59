/*
 * ARMv7 translation-table-base attributes of the table walks: inner and
 * outer write-back write-allocate cacheable. Their encoding depends on the
 * CPU (ARM ARM B4.1.154, TTBR0): with the multiprocessing extensions
 * (Cortex-A9, A15) the inner attribute is IRGN, bits 6 and 0, and the
 * walks are shareable like all normal memory; without them (Cortex-A8)
 * bit 0 alone, C, says inner cacheable, bit 6 is reserved and nothing is
 * shared.
 */
#pragma once

#include <stdint.h>
#include <arch/mp.h>

enum {
	TTBR_C         = 1u << 0, /* without MP extensions: inner cacheable */
	TTBR_S         = 1u << 1, /* walks are shareable */
	TTBR_RGN_WBWA  = 1u << 3, /* outer write-back write-allocate */
	TTBR_IRGN_WBWA = 1u << 6, /* with MP extensions: IRGN = 01, inner WB-WA */
};

static inline uint32_t arch_ttbr_attr(void)
{
	return arch_v7_mp_extensions() ? TTBR_IRGN_WBWA | TTBR_RGN_WBWA | TTBR_S
				       : TTBR_C | TTBR_RGN_WBWA;
}
