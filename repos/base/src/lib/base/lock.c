/*
 * Locks with a FIFO of waiters (see base/lock.h). A waiter lives on its
 * thread's stack while it waits; release takes the first one off the
 * queue, passes the lock to it (held stays true) and wakes it.
 */
#include <stddef.h>
#include <base/blockade.h>
#include <base/lock.h>
#include <base/spinlock.h>
#include <kernel/call.h>

struct lock_waiter {
	struct lock_waiter *next;
	struct blockade *blockade; /* NULL: the thread yields until granted */
	uint16_t wake;             /* blockade_token */
	volatile bool granted;
};

bool lock_try_acquire(struct lock *l)
{
	bool got;

	spinlock_lock(&l->guard);
	got     = !l->held;
	l->held = true;
	spinlock_unlock(&l->guard);
	return got;
}

void lock_acquire(struct lock *l)
{
	if (lock_try_acquire(l))
		return;

	/* contended: prepare to block (which may call core), then queue up
	 * unless the lock became free meanwhile */
	struct blockade *b    = blockade_self();
	struct lock_waiter me = { NULL, NULL, 0, false };

	if (b && blockade_prepare(b)) {
		me.blockade = b;
		me.wake     = blockade_token(b);
	}

	spinlock_lock(&l->guard);
	if (!l->held) {
		l->held = true;
		spinlock_unlock(&l->guard);
		return;
	}
	if (l->last)
		l->last->next = &me;
	else
		l->first = &me;
	l->last = &me;
	spinlock_unlock(&l->guard);

	while (!__atomic_load_n(&me.granted, __ATOMIC_ACQUIRE)) {
		if (!me.blockade || !blockade_block(me.blockade, 0))
			kernel_thread_yield();
	}
}

void lock_release(struct lock *l)
{
	struct lock_waiter *w;

	spinlock_lock(&l->guard);
	w = l->first;
	if (w) {
		l->first = w->next;
		if (!l->first)
			l->last = NULL;
	} else {
		l->held = false;
	}
	if (!w) {
		spinlock_unlock(&l->guard);
		return;
	}
	/* the waiter may return and leave as soon as it sees granted */
	uint16_t wake = w->wake;
	__atomic_store_n(&w->granted, true, __ATOMIC_RELEASE);
	spinlock_unlock(&l->guard);
	blockade_wake(wake);
}
