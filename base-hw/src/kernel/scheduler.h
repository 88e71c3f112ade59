/*
 * CPU scheduler: fixed priorities, FIFO round robin with a fixed time slice
 * within a priority.
 *
 * A share is the schedulable part of a thread. Time is counted in ticks of
 * the kernel timer. The scheduler never decides on its own when time passes: the caller reports consumed time with
 * sched_consumed() and asks for the next decision with sched_next(), which
 * makes it drivable step by step from host tests. Deciding costs
 * O(SCHED_PRIORITIES), independent of the number of threads.
 */
#pragma once

#include <stdint.h>
#include "list.h"

enum { SCHED_PRIORITIES = 4 }; /* 0 lowest .. 3 highest */

struct sched_share {
	struct list_node node; /* in its priority's ready queue while ready */
	unsigned priority;
	uint32_t slice_left; /* rest of the current slice, 0: fresh */
	uint64_t consumed;   /* total CPU time charged to this share */
};

struct scheduler {
	struct list ready[SCHED_PRIORITIES];
	struct sched_share *idle;    /* runs when nobody is ready; never queued */
	struct sched_share *current; /* last decision */
	uint32_t slice;              /* round-robin slice length */
};

void sched_init(struct scheduler *s, struct sched_share *idle, uint32_t slice);
void sched_share_init(struct sched_share *share, unsigned priority);
void sched_ready(struct scheduler *s, struct sched_share *share);
void sched_unready(struct scheduler *s, struct sched_share *share);
bool sched_is_ready(const struct sched_share *share);
void sched_share_yield(struct scheduler *s, struct sched_share *share);
void sched_consumed(struct scheduler *s, uint32_t ticks);
struct sched_share *sched_next(struct scheduler *s);
uint32_t sched_current_slice_left(const struct scheduler *s);
