/*
 * Decoding of the Cache Type Register (CTR, CP15 c0,c0,1). Its layout
 * depends on the architecture version and says so itself in bits [31:29]:
 * 0b000 is the ARMv6 layout (ARM1176 TRM 3.2.3: separate D and I size
 * fields, line length 8 << LEN bytes), 0b100 the ARMv7 one (ARM ARM B4.1.42:
 * DminLine and IminLine, log2 of the smallest line in words). Decoding one
 * with the other's rule gives line lengths that are off by orders of
 * magnitude, so the format field decides. Pure functions: host-tested.
 */
#pragma once

#include <stdint.h>

enum {
	CTR_FORMAT_SHIFT   = 29,
	CTR_FORMAT_ARMV6   = 0x0,
	CTR_FORMAT_ARMV7   = 0x4,
	CTR_V6_DSIZE_SHIFT = 12, /* then 12 bits each: P, SBZ, size, assoc, M, len */
	CTR_V6_LEN_MASK    = 0x3,
	CTR_V7_DMIN_SHIFT  = 16,
	CTR_V7_LINE_MASK   = 0xf,
	CTR_LINE_FALLBACK  = 8, /* the smallest line any ARM cache has */
};

static inline uint32_t ctr_format(uint32_t ctr) { return ctr >> CTR_FORMAT_SHIFT; }

/* Bytes per line from an ARMv6 size field (Dsize or Isize) */
static inline uint32_t ctr_v6_line(uint32_t size_field)
{
	return 8u << (size_field & CTR_V6_LEN_MASK);
}

/*
 * Smallest data (or unified) cache line in bytes, the stride for
 * maintenance by address. A format we do not know gives the smallest line
 * there is: a stride too small only repeats work, one too large would skip
 * lines.
 */
static inline uint32_t ctr_dcache_line(uint32_t ctr)
{
	switch (ctr_format(ctr)) {
	case CTR_FORMAT_ARMV6: return ctr_v6_line(ctr >> CTR_V6_DSIZE_SHIFT);
	case CTR_FORMAT_ARMV7: return 4u << ((ctr >> CTR_V7_DMIN_SHIFT) & CTR_V7_LINE_MASK);
	default: return CTR_LINE_FALLBACK;
	}
}

/* Smallest instruction cache line in bytes (same rules) */
static inline uint32_t ctr_icache_line(uint32_t ctr)
{
	switch (ctr_format(ctr)) {
	case CTR_FORMAT_ARMV6: return ctr_v6_line(ctr);
	case CTR_FORMAT_ARMV7: return 4u << (ctr & CTR_V7_LINE_MASK);
	default: return CTR_LINE_FALLBACK;
	}
}
