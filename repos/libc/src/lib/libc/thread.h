/*
 * The threads libc knows: the main thread and those of pthread_create.
 * Each has its own newlib reentrancy structure (errno and the like) and a
 * blockade to wait on (base/blockade.h), through which it is also found:
 * the blockade's owner is its struct libc_thread.
 */
#pragma once

#include <reent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <base/blockade.h>

enum { LIBC_THREAD_KEYS = 128 }; /* PTHREAD_KEYS_MAX */

struct libc_thread {
	struct blockade blockade;
	struct _reent *reent;
	struct _reent own_reent; /* reent of threads other than the main one */

	/* pthread_create's */
	void *(*start)(void *);
	void *arg;
	void *result;
	uint32_t handle; /* core's handle of the thread */
	uint32_t stack;  /* its stack (base/stack.h), 0 for the main thread */
	bool detached;

	volatile uint32_t guard;  /* spinlock over the fields below */
	bool exited;              /* done: it stops and waits to be reaped */
	bool joined;              /* somebody waits in pthread_join ... */
	uint16_t joiner;          /* ... and this wakes it (libc_thread_token) */
	struct libc_thread *next; /* in the list of exited detached threads */

	const void *specific[LIBC_THREAD_KEYS]; /* pthread_setspecific */
};

/* The calling thread's; a thread the framework started itself (not by
 * pthread_create) counts as the main thread */
struct libc_thread *libc_thread_self(void);
struct libc_thread *libc_thread_main(void);

/* Before the calling thread tells others how to wake it: its signal
 * objects (without them it polls) */
void libc_thread_prepare(struct libc_thread *self);
/* Block the calling thread until woken or until deadline_us
 * (kernel_time_us, 0: none); may return early: wait in a loop */
void libc_thread_block(struct libc_thread *self, uint64_t deadline_us);
/* What libc_thread_wake needs (see blockade_token) */
uint16_t libc_thread_token(struct libc_thread *self);
void libc_thread_wake(uint16_t token);

/* What a word of newlib's pthread types (pthread_mutex_t, pthread_cond_t)
 * points to: made by make when the word still holds its static
 * initializer (the first thread to get there installs it); NULL if make
 * finds no memory */
void *libc_object_of(uint32_t *word, uint32_t initializer, void *(*make)(void));
