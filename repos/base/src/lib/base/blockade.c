/*
 * Blocking threads on signals of their own (see base/blockade.h).
 *
 * The registered blockades form one list, searched by the caller's UTCB;
 * a spinlock guards it. Signal objects of unregistered blockades wait in
 * a small cache for the next thread (making them costs two calls to core);
 * beyond it, core frees them.
 */
#include <stddef.h>
#include <base/blockade.h>
#include <base/core_service.h>
#include <base/spinlock.h>
#include <base/utcb_stash.h>
#include <kernel/call.h>

enum { SPARES = 8, IMPRINT = 0xb10c };

struct signal_pair {
	uint16_t receiver, context;
	uint32_t receiver_handle, context_handle;
};

static volatile uint32_t guard = SPINLOCK_INIT;
static struct blockade *registered;
static struct signal_pair spares[SPARES];
static unsigned spare_count;

void blockade_register(struct blockade *b, void *owner)
{
	*b = (struct blockade){ .utcb = utcb_self(), .owner = owner };
	spinlock_lock(&guard);
	if (spare_count) {
		struct signal_pair p = spares[--spare_count];
		b->receiver          = p.receiver;
		b->context           = p.context;
		b->receiver_handle   = p.receiver_handle;
		b->context_handle    = p.context_handle;
	}
	b->next    = registered;
	registered = b;
	spinlock_unlock(&guard);
}

void blockade_unregister(struct blockade *b)
{
	bool kept = false;

	if (b->delivered) /* the next thread's first block then waits plainly */
		kernel_sig_ack(b->context);
	b->delivered = false;
	spinlock_lock(&guard);
	for (struct blockade **p = &registered; *p; p = &(*p)->next) {
		if (*p == b) {
			*p = b->next;
			break;
		}
	}
	if (b->context && spare_count < SPARES) {
		spares[spare_count++] =
		    (struct signal_pair){ b->receiver, b->context, b->receiver_handle,
					  b->context_handle };
		kept = true;
	}
	spinlock_unlock(&guard);
	if (b->context && !kept) { /* the context first: a receiver goes without contexts */
		core_sig_free(b->utcb, b->context_handle);
		core_sig_free(b->utcb, b->receiver_handle);
		kernel_cap_delete(b->context);
		kernel_cap_delete(b->receiver);
	}
}

struct blockade *blockade_self(void)
{
	struct utcb *u = utcb_self();
	struct blockade *b;

	spinlock_lock(&guard);
	for (b = registered; b && b->utcb != u; b = b->next)
		;
	spinlock_unlock(&guard);
	return b;
}

/* The thread's UTCB is kept aside while core makes the objects: it may
 * hold a message. */
bool blockade_prepare(struct blockade *b)
{
	static struct utcb_stash stash; /* not on the stack: thread stacks may be small */
	static volatile uint32_t stash_guard = SPINLOCK_INIT;
	uint32_t receiver_handle = 0, context_handle = 0;
	uint16_t receiver = 0, context = 0;

	if (b->context)
		return true;
	spinlock_lock(&stash_guard);
	utcb_stash_save(b->utcb, &stash);
	if (core_sig_receiver(b->utcb, &receiver, &receiver_handle) == CORE_OK &&
	    core_sig_context_handle(b->utcb, receiver_handle, IMPRINT, &context, &context_handle) ==
		CORE_OK) {
		b->receiver        = receiver;
		b->context         = context;
		b->receiver_handle = receiver_handle;
		b->context_handle  = context_handle;
	}
	utcb_stash_restore(b->utcb, &stash);
	spinlock_unlock(&stash_guard);
	return b->context != 0;
}

bool blockade_block(struct blockade *b, uint64_t deadline_us)
{
	uint32_t header[UTCB_HEADER_SIZE / 4 + sizeof(struct sig_delivery) / 4];
	uint32_t *words = (uint32_t *)b->utcb;

	if (!blockade_prepare(b))
		return false;
	if (deadline_us) {
		uint64_t now = kernel_time_us();
		if (now >= deadline_us)
			return true;
		/* a longer wait ends early, as callers expect of any block */
		uint64_t us = deadline_us - now;
		kernel_timeout(us > UINT32_MAX ? UINT32_MAX : (uint32_t)us, b->context);
	}
	/* the delivery lands in the header and the first payload words */
	for (unsigned i = 0; i < sizeof(header) / 4; i++)
		header[i] = words[i];
	if (b->delivered)
		kernel_sig_ack_wait(b->context, b->receiver);
	else
		kernel_sig_wait(b->receiver);
	b->delivered = true;
	for (unsigned i = 0; i < sizeof(header) / 4; i++)
		words[i] = header[i];
	if (deadline_us)
		kernel_timeout(0, b->context);
	return true;
}

void blockade_wake(uint16_t token)
{
	if (token)
		kernel_sig_submit(token, 1);
}
