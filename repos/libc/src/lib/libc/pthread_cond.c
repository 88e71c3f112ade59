/*
 * pthread condition variables: a FIFO of waiting threads, each blocked on
 * its own blockade (thread.h). newlib's pthread_cond_t is one word: it
 * holds a pointer to the queue, made on first use for
 * PTHREAD_COND_INITIALIZER (a word of all ones). Timeouts are absolute
 * times on the clock of the condition's attributes: CLOCK_REALTIME
 * (default) or CLOCK_MONOTONIC.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <base/spinlock.h>
#include <kernel/call.h>
#include "thread.h"

struct cond_waiter {
	struct cond_waiter *next;
	uint16_t wake; /* libc_thread_token */
	volatile bool signalled;
};

struct cond {
	volatile uint32_t guard; /* spinlock over the queue */
	struct cond_waiter *first, *last;
	clockid_t clock;
};

static struct cond *cond_new(clockid_t clock)
{
	struct cond *c = malloc(sizeof(*c));
	if (c)
		*c = (struct cond){ SPINLOCK_INIT, NULL, NULL, clock };
	return c;
}

static void *cond_default(void) { return cond_new(CLOCK_REALTIME); }

static struct cond *cond_of(pthread_cond_t *word)
{
	return libc_object_of(word, _PTHREAD_COND_INITIALIZER, cond_default);
}

int pthread_condattr_init(pthread_condattr_t *attr)
{
	*attr = (pthread_condattr_t){ .is_initialized = 1, .clock = CLOCK_REALTIME };
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *attr)
{
	attr->is_initialized = 0;
	return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	attr->clock = clock;
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *attr, clockid_t *clock)
{
	*clock = attr->clock;
	return 0;
}

int pthread_cond_init(pthread_cond_t *word, const pthread_condattr_t *attr)
{
	struct cond *c = cond_new(attr ? (clockid_t)attr->clock : CLOCK_REALTIME);

	if (!c)
		return ENOMEM;
	*word = (pthread_cond_t)(uintptr_t)c;
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *word)
{
	struct cond *c = (struct cond *)(uintptr_t)*word;

	if (*word == _PTHREAD_COND_INITIALIZER)
		return 0;
	if (!c || c->first)
		return EBUSY;
	free(c);
	*word = _PTHREAD_COND_INITIALIZER;
	return 0;
}

/* The kernel_time_us at which the condition's clock shows abstime */
static uint64_t deadline_of(const struct cond *c, const struct timespec *abstime)
{
	struct timespec now;
	uint64_t mono = kernel_time_us();

	clock_gettime(c->clock, &now);
	int64_t us = ((int64_t)abstime->tv_sec - now.tv_sec) * 1000000 +
		     (abstime->tv_nsec - now.tv_nsec) / 1000;
	return us > 0 ? mono + (uint64_t)us : mono;
}

static int cond_wait(pthread_cond_t *word, pthread_mutex_t *mutex, const struct timespec *abstime)
{
	struct cond *c           = cond_of(word);
	struct libc_thread *self = libc_thread_self();
	struct cond_waiter me    = { NULL, 0, false };
	bool timed_out           = false;

	if (!c)
		return ENOMEM;
	if (abstime && (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000))
		return EINVAL;
	uint64_t deadline = abstime ? deadline_of(c, abstime) : 0;
	libc_thread_prepare(self);
	me.wake = libc_thread_token(self);

	spinlock_lock(&c->guard);
	if (c->last)
		c->last->next = &me;
	else
		c->first = &me;
	c->last = &me;
	spinlock_unlock(&c->guard);

	int r = pthread_mutex_unlock(mutex);
	while (r == 0 && !__atomic_load_n(&me.signalled, __ATOMIC_ACQUIRE)) {
		if (deadline && kernel_time_us() >= deadline)
			break;
		libc_thread_block(self, deadline);
	}

	/* not signalled (timed out, or the mutex was not ours): leave the queue */
	spinlock_lock(&c->guard);
	if (!me.signalled) {
		struct cond_waiter *prev = NULL;
		for (struct cond_waiter *w = c->first; w; prev = w, w = w->next) {
			if (w != &me)
				continue;
			if (prev)
				prev->next = me.next;
			else
				c->first = me.next;
			if (c->last == &me)
				c->last = prev;
			break;
		}
		timed_out = true;
	}
	spinlock_unlock(&c->guard);
	if (r)
		return r;
	pthread_mutex_lock(mutex);
	return timed_out ? ETIMEDOUT : 0;
}

int pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex)
{
	return cond_wait(cond, mutex, NULL);
}

int pthread_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex,
			   const struct timespec *abstime)
{
	return cond_wait(cond, mutex, abstime);
}

/* Wake the first waiter (all: broadcast) */
static int cond_signal(pthread_cond_t *word, bool all)
{
	struct cond *c = cond_of(word);

	if (!c)
		return ENOMEM;
	do {
		spinlock_lock(&c->guard);
		struct cond_waiter *w = c->first;
		if (!w) {
			spinlock_unlock(&c->guard);
			return 0;
		}
		c->first = w->next;
		if (!c->first)
			c->last = NULL;
		/* the waiter may return as soon as it sees signalled */
		uint16_t wake = w->wake;
		__atomic_store_n(&w->signalled, true, __ATOMIC_RELEASE);
		spinlock_unlock(&c->guard);
		libc_thread_wake(wake);
	} while (all);
	return 0;
}

int pthread_cond_signal(pthread_cond_t *cond) { return cond_signal(cond, false); }

int pthread_cond_broadcast(pthread_cond_t *cond) { return cond_signal(cond, true); }
