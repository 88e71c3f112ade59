/*
 * A lock for the threads of one component. A thread that finds it taken
 * queues up (FIFO) and blocks on its blockade (base/blockade.h); a thread
 * without one yields until it is its turn. Release hands the lock to the
 * first waiter directly, so nobody overtakes a waiter.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct lock_waiter;

struct lock {
	volatile uint32_t guard; /* spinlock over the fields below */
	bool held;
	struct lock_waiter *first, *last;
};

#define LOCK_INIT              \
	{                      \
		0, false, 0, 0 \
	}

void lock_acquire(struct lock *l);
bool lock_try_acquire(struct lock *l);
void lock_release(struct lock *l);
