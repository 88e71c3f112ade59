/*
 * User-level thread control block: one page per thread, mapped in the
 * thread's PD and in core. It carries IPC messages; the main thread's UTCB
 * sits at a fixed address at the top of the lower half.
 */
#pragma once

#include <stdint.h>

enum {
	UTCB_SIZE        = 4096,
	UTCB_MAIN_THREAD = 0x7ffff000, /* last page below the kernel/core half */
	UTCB_MAX_CAPS    = 4,
};

struct utcb {
	uint32_t data_size;           /* payload bytes used */
	uint32_t cap_count;           /* capabilities carried */
	uint16_t caps[UTCB_MAX_CAPS]; /* capability ids, PD-local */
	uint32_t badge;               /* receiver-side id of the invoked object */
	uint8_t data[UTCB_SIZE - 20]; /* payload */
};

_Static_assert(sizeof(struct utcb) == UTCB_SIZE, "utcb: must fill exactly one page");
