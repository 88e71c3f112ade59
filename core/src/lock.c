/*
 * Core's big lock: core's threads (the pager loop and the service loop) share
 * the allocators and the component lists, and the kernel may switch between
 * them at any time. Each event is handled under this lock; a thread that
 * finds it taken yields until the holder is done.
 */
#include <kernel/call.h>
#include "core.h"

static int locked;

void core_lock(void)
{
	while (__atomic_exchange_n(&locked, 1, __ATOMIC_ACQUIRE))
		kernel_thread_yield();
}

void core_unlock(void) { __atomic_store_n(&locked, 0, __ATOMIC_RELEASE); }
