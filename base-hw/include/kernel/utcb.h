/*
 * User-level thread control block: one page per thread, mapped in the
 * thread's PD and in core. It carries IPC messages and signal deliveries;
 * the main thread's UTCB sits at a fixed address at the top of the lower
 * half.
 */
#pragma once

#include <stdint.h>

enum {
	UTCB_SIZE        = 4096,
	UTCB_MAIN_THREAD = 0x7ffff000, /* last page below the kernel/core half */
	UTCB_MAX_CAPS    = 4,
	UTCB_HEADER_SIZE = 20,
	UTCB_DATA_SIZE   = UTCB_SIZE - UTCB_HEADER_SIZE,
};

struct utcb {
	uint32_t data_size;           /* payload bytes used */
	uint32_t cap_count;           /* capabilities carried */
	uint16_t caps[UTCB_MAX_CAPS]; /* capability ids, PD-local; 0 = invalid */
	uint32_t badge;               /* receiver: its own id of the invoked identity */
	uint8_t data[UTCB_DATA_SIZE]; /* payload */
};

/* What sig_wait/sig_pending write into the payload */
struct sig_delivery {
	uint32_t imprint; /* chosen by whoever created the context */
	uint32_t count;   /* submits since the last delivery */
};

_Static_assert(sizeof(struct utcb) == UTCB_SIZE, "utcb: must fill exactly one page");
