/*
 * The kernel's trace (doc/architecture.md 7.1): the layout of the memory
 * core gives the kernel for it, which the run tool saves at the end of a
 * run and tool/trace_svg reads. Little-endian 32-bit words throughout.
 *
 * Core's area: a header, names of threads, then one ring per CPU. The
 * kernel writes only the rings: a record at every kernel entry (who entered
 * and why) and at every exit (who runs, on whose share). Calls, replies,
 * signals, IRQs, helping and the claim or fill phase of a share all follow
 * from these two kinds of record.
 */
#pragma once

#include <stdint.h>

enum {
	TRACE_MAGIC       = 0x31435254, /* "TRC1" */
	TRACE_NAME_LEN    = 40,         /* a thread's component label, truncated */
	TRACE_ENTRY_CALL  = 1,          /* arg: call id, arg1, arg2 */
	TRACE_ENTRY_IRQ   = 2,          /* an interrupt (the line is not known yet) */
	TRACE_ENTRY_FAULT = 3,          /* arg: the architecture's fault code */
	TRACE_EXIT        = 4,          /* arg: share's thread, 1 on claim (0 fill), claim left */
	TRACE_RING_HEADER = 32,         /* bytes before a ring's first record */
	TRACE_ONCE        = 1,          /* flag: stop when the ring is full (else wrap) */
};

struct trace_record {
	uint32_t ticks_lo, ticks_hi; /* the board timer */
	uint32_t type;               /* TRACE_ENTRY_* or TRACE_EXIT */
	uint32_t thread;             /* kernel address: the thread that entered or that runs */
	uint32_t arg[4];
};
_Static_assert(sizeof(struct trace_record) == 32, "trace_record: read by tool/trace_svg");

/* One per CPU, TRACE_RING_HEADER bytes, then records */
struct trace_ring {
	uint32_t written;      /* records so far; record i is at rec[i % count] (TRACE_ONCE:
				  at most count) */
	uint32_t count;        /* records the ring holds */
	uint32_t ticks_per_ms; /* of the board timer */
	uint32_t cpu;
	uint32_t flags; /* TRACE_ONCE */
	uint32_t reserved[3];
	struct trace_record rec[];
};
_Static_assert(sizeof(struct trace_ring) == TRACE_RING_HEADER, "trace_ring: header size");

/* A thread's name as core knows it: component label and handle */
struct trace_name {
	uint32_t thread; /* kernel address, as in the records */
	uint32_t handle; /* the component's thread handle, 0: its main thread */
	char label[TRACE_NAME_LEN];
	uint32_t reserved[2];
};
_Static_assert(sizeof(struct trace_name) == 56, "trace_name: read by tool/trace_svg");

/* Core's header at the start of the area */
struct trace_area {
	uint32_t magic;
	uint32_t cpus;        /* rings */
	uint32_t ring_offset; /* of the first ring, from the area's start */
	uint32_t ring_bytes;  /* each ring, header included */
	uint32_t names;       /* entries of name[] used (the last names_max kept) */
	uint32_t names_max;
	uint32_t reserved[2];
	struct trace_name name[];
};
