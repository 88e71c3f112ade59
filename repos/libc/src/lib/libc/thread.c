/*
 * The threads of libc and their reentrancy structures (see thread.h).
 * newlib asks __getreent() for the calling thread's (it is built with
 * __DYNAMIC_REENT__, repos/libc/include/newlib.h): errno, strtok's and
 * rand's state, and the buffers of number conversions are per thread.
 */
#include <reent.h>
#include <stdlib.h>
#include <kernel/call.h>
#include "thread.h"

static struct libc_thread main_thread;

struct libc_thread *libc_thread_main(void) { return &main_thread; }

struct libc_thread *libc_thread_self(void)
{
	struct blockade *b = blockade_self();
	return b ? b->owner : &main_thread;
}

struct _reent *__getreent(void)
{
	struct libc_thread *t = libc_thread_self();
	return t->reent ? t->reent : _impure_ptr;
}

/* Before main: the main thread's blockade (its signal objects come when
 * it first blocks) */
__attribute__((constructor(101))) static void main_thread_init(void)
{
	main_thread.reent = _impure_ptr;
	blockade_register(&main_thread.blockade, &main_thread);
}

void libc_thread_prepare(struct libc_thread *self) { blockade_prepare(&self->blockade); }

void libc_thread_block(struct libc_thread *self, uint64_t deadline_us)
{
	/* without signal objects (core made none) the waiter polls */
	if (!self->blockade.context || !blockade_block(&self->blockade, deadline_us))
		kernel_thread_yield();
}

uint16_t libc_thread_token(struct libc_thread *self) { return blockade_token(&self->blockade); }

void libc_thread_wake(uint16_t token) { blockade_wake(token); }

void *libc_object_of(uint32_t *word, uint32_t initializer, void *(*make)(void))
{
	uint32_t seen = __atomic_load_n(word, __ATOMIC_ACQUIRE);
	void *fresh;

	if (seen != initializer)
		return (void *)(uintptr_t)seen;
	if (!(fresh = make()))
		return NULL;
	if (__atomic_compare_exchange_n(word, &seen, (uint32_t)(uintptr_t)fresh, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return fresh;
	free(fresh); /* another thread was first */
	return (void *)(uintptr_t)seen;
}
