/*
 * Backtrace of a stopped thread by its frame pointers (arch/frame.h), read
 * through a function that refuses any word core may not read: a broken
 * chain ends the walk, it never faults core.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

enum { BACKTRACE_MAX = 16 }; /* frames, the faulting one included */

/* One aligned word of the thread's memory into *word; false: not readable */
typedef bool (*backtrace_read_fn)(void *ctx, uint32_t va, uint32_t *word);

/* The faulting ip, then the return address of each frame, innermost first,
 * at most max (<= BACKTRACE_MAX) into out; returns how many */
unsigned backtrace_walk(uint32_t ip, uint32_t lr, uint32_t fp, backtrace_read_fn read, void *ctx,
			uint32_t *out, unsigned max);
