/*
 * A spinlock for the short critical sections of the threads of one
 * component (a few list operations, never a call to another component while
 * holding it except where noted). Contention means the holder was
 * preempted: the waiter yields its CPU at once instead of spinning.
 */
#pragma once

#include <stdint.h>
#include <kernel/call.h>

#define SPINLOCK_INIT 0

static inline void spinlock_lock(volatile uint32_t *l)
{
	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
		kernel_thread_yield();
}

static inline void spinlock_unlock(volatile uint32_t *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}
