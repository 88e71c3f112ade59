/*
 * POSIX threads on threads core makes for the component (base/core_service.h),
 * each on a stack of its own (base/stack.h).
 *
 * A thread that ends runs its key destructors, releases its reentrancy
 * structure and its blockade, says it exited and stops for good; whoever
 * reaps it (pthread_join, or for a detached thread the next
 * pthread_create or pthread_exit) has core destroy it and frees its stack,
 * which it no longer touches by then.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <base/core_service.h>
#include <base/spinlock.h>
#include <base/stack.h>
#include <kernel/call.h>
#include "thread.h"

enum { DEFAULT_STACK = 1024 * 1024, MIN_STACK = 16 * 1024 };

static volatile uint32_t guard = SPINLOCK_INIT; /* over the fields below */
static struct libc_thread *zombies;             /* exited detached threads */
static unsigned running;                        /* threads besides the main one */

/* pthread_key_create's: in use and destructor per key */
static bool key_used[LIBC_THREAD_KEYS];
static void (*key_destructor[LIBC_THREAD_KEYS])(void *);

static struct libc_thread *thread_of(pthread_t t) { return (struct libc_thread *)(uintptr_t)t; }

/* Destroy an exited thread (stopped for good) and free what it had */
static void reap(struct libc_thread *t)
{
	core_thread_kill(utcb_self(), t->handle);
	stack_free(t->stack);
	free(t);
}

static void reap_zombies(void)
{
	spinlock_lock(&guard);
	struct libc_thread *list = zombies;
	zombies                  = NULL;
	spinlock_unlock(&guard);
	while (list) {
		struct libc_thread *next = list->next;
		reap(list);
		list = next;
	}
}

/* The values of keys with destructors, repeatedly as POSIX asks */
static void run_key_destructors(struct libc_thread *self)
{
	for (unsigned round = 0; round < 4; round++) {
		bool ran = false;
		for (unsigned k = 0; k < LIBC_THREAD_KEYS; k++) {
			void *value = (void *)self->specific[k];
			if (!value || !key_destructor[k])
				continue;
			self->specific[k] = NULL;
			key_destructor[k](value);
			ran = true;
		}
		if (!ran)
			return;
	}
}

__attribute__((noreturn)) static void thread_end(struct libc_thread *self, void *result)
{
	uint16_t main_thread = libc_thread_token(libc_thread_main());

	run_key_destructors(self);
	_reclaim_reent(self->reent);
	self->reent = NULL;
	blockade_unregister(&self->blockade);

	/* from here on: no locks, no heap (a reaper may destroy us any time) */
	spinlock_lock(&guard);
	bool last = --running == 0;
	spinlock_unlock(&guard);
	spinlock_lock(&self->guard);
	self->result    = result;
	self->exited    = true;
	uint16_t joiner = self->joiner;
	if (self->detached) {
		spinlock_lock(&guard);
		self->next = zombies;
		zombies    = self;
		spinlock_unlock(&guard);
	}
	spinlock_unlock(&self->guard);
	libc_thread_wake(joiner);
	if (last)
		libc_thread_wake(main_thread); /* in case it waits in pthread_exit */
	for (;;)
		kernel_thread_stop();
}

/* Entered from thread_entry.S on the new stack */
__attribute__((noreturn)) void libc_thread_start(struct libc_thread *self);
void libc_thread_start(struct libc_thread *self)
{
	blockade_register(&self->blockade, self);
	thread_end(self, self->start(self->arg));
}

void libc_thread_entry(struct utcb *u); /* thread_entry.S */

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg)
{
	size_t size = attr && attr->stacksize ? (size_t)attr->stacksize : DEFAULT_STACK;
	struct libc_thread *t;
	uint16_t cap = 0;
	uintptr_t top;

	reap_zombies();
	if (!(t = calloc(1, sizeof(*t))))
		return EAGAIN;
	t->start    = start;
	t->arg      = arg;
	t->detached = attr && attr->detachstate == PTHREAD_CREATE_DETACHED;
	t->reent    = &t->own_reent;
	_REENT_INIT_PTR(t->reent);
	if (!(t->stack = stack_alloc(size, &top))) {
		free(t);
		return EAGAIN;
	}
	/* thread_entry.S finds t on top of its stack */
	top -= 8;
	*(struct libc_thread **)top = t;
	spinlock_lock(&guard);
	running++;
	spinlock_unlock(&guard);
	if (core_thread(utcb_self(), libc_thread_entry, (void *)top, &cap, &t->handle) != CORE_OK) {
		spinlock_lock(&guard);
		running--;
		spinlock_unlock(&guard);
		stack_free(t->stack);
		free(t);
		return EAGAIN;
	}
	kernel_cap_delete(cap); /* the thread is addressed by its handle */
	*thread = (pthread_t)(uintptr_t)t;
	return 0;
}

int pthread_join(pthread_t thread, void **result)
{
	struct libc_thread *t = thread_of(thread), *self = libc_thread_self();

	if (t == self)
		return EDEADLK;
	if (t == libc_thread_main())
		return EINVAL;
	libc_thread_prepare(self);
	spinlock_lock(&t->guard);
	if (t->detached || t->joined) {
		spinlock_unlock(&t->guard);
		return EINVAL;
	}
	t->joiner = libc_thread_token(self);
	t->joined = true;
	while (!t->exited) {
		spinlock_unlock(&t->guard);
		libc_thread_block(self, 0);
		spinlock_lock(&t->guard);
	}
	spinlock_unlock(&t->guard);
	if (result)
		*result = t->result;
	reap(t);
	return 0;
}

int pthread_detach(pthread_t thread)
{
	struct libc_thread *t = thread_of(thread);
	bool reap_now;

	if (t == libc_thread_main())
		return EINVAL;
	spinlock_lock(&t->guard);
	if (t->detached || t->joined) {
		spinlock_unlock(&t->guard);
		return EINVAL;
	}
	t->detached = true;
	reap_now    = t->exited;
	spinlock_unlock(&t->guard);
	if (reap_now)
		reap(t);
	return 0;
}

/* On the main thread: the component ends when the other threads have */
void pthread_exit(void *result)
{
	struct libc_thread *self = libc_thread_self();

	reap_zombies();
	if (self != libc_thread_main())
		thread_end(self, result);
	libc_thread_prepare(self);
	for (;;) {
		spinlock_lock(&guard);
		unsigned others = running;
		spinlock_unlock(&guard);
		if (!others)
			exit(0);
		libc_thread_block(self, 0);
	}
}

pthread_t pthread_self(void) { return (pthread_t)(uintptr_t)libc_thread_self(); }

int pthread_equal(pthread_t a, pthread_t b) { return a == b; }

int sched_yield(void)
{
	kernel_thread_yield();
	return 0;
}

/* --- attributes: stack size and detach state --- */

int pthread_attr_init(pthread_attr_t *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->is_initialized = 1;
	attr->stacksize      = DEFAULT_STACK;
	attr->detachstate    = PTHREAD_CREATE_JOINABLE;
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *attr)
{
	attr->is_initialized = 0;
	return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size)
{
	if (size < MIN_STACK || size > INT32_MAX)
		return EINVAL;
	attr->stacksize = (int)size;
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *size)
{
	*size = (size_t)attr->stacksize;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *attr, int state)
{
	if (state != PTHREAD_CREATE_DETACHED && state != PTHREAD_CREATE_JOINABLE)
		return EINVAL;
	attr->detachstate = state;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state)
{
	*state = attr->detachstate;
	return 0;
}

/* --- once and keys --- */

int pthread_once(pthread_once_t *once, void (*init)(void))
{
	static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;

	if (__atomic_load_n(&once->init_executed, __ATOMIC_ACQUIRE))
		return 0;
	pthread_mutex_lock(&mutex);
	if (!once->init_executed) {
		init();
		__atomic_store_n(&once->init_executed, 1, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&mutex);
	return 0;
}

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
	spinlock_lock(&guard);
	for (unsigned k = 0; k < LIBC_THREAD_KEYS; k++) {
		if (key_used[k])
			continue;
		key_used[k]       = true;
		key_destructor[k] = destructor;
		spinlock_unlock(&guard);
		*key = k;
		return 0;
	}
	spinlock_unlock(&guard);
	return EAGAIN;
}

/* The values other threads hold stay (POSIX leaves them to the program) */
int pthread_key_delete(pthread_key_t key)
{
	if (key >= LIBC_THREAD_KEYS || !key_used[key])
		return EINVAL;
	key_used[key]       = false;
	key_destructor[key] = NULL;
	return 0;
}

void *pthread_getspecific(pthread_key_t key)
{
	return key < LIBC_THREAD_KEYS ? (void *)libc_thread_self()->specific[key] : NULL;
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
	if (key >= LIBC_THREAD_KEYS || !key_used[key])
		return EINVAL;
	libc_thread_self()->specific[key] = value;
	return 0;
}
