/*
 * Blocking a thread until another thread of the component wakes it: a
 * thread registers a struct blockade of its own (embedded in whatever
 * describes the thread), and may then wait in blockade_block until some
 * thread calls blockade_wake. The kernel's signals do the work: a receiver
 * and a context per blockade, made by core when the thread first blocks
 * and kept for the next thread that registers when it unregisters (a few
 * are kept; core frees the others).
 *
 * Wakes are counted by the kernel, so a wake before the block is not
 * lost; blockade_block may also return without a wake (a left-over count
 * of an earlier user): callers wait in a loop on a condition of their own.
 * The thread's UTCB payload is kept, so a thread may block while it has a
 * message prepared. The timeout uses the thread's single kernel timeout.
 * A block acknowledges the delivery that ended the previous one and waits
 * in one kernel call (KCALL_SIG_ACK_WAIT): wakes in between add up in the
 * kernel meanwhile and end the next block at once, as they would after an
 * acknowledgement right away.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <kernel/utcb.h>

struct blockade {
	struct utcb *utcb;     /* of the thread it belongs to */
	void *owner;           /* what it is embedded in, for blockade_self's callers */
	struct blockade *next; /* in the list of registered blockades */
	uint16_t receiver, context;
	uint32_t receiver_handle, context_handle; /* core's, to free them */
	bool delivered; /* the last block ended with a delivery not yet acknowledged */
};

/* For the calling thread, until it unregisters it */
void blockade_register(struct blockade *b, void *owner);
void blockade_unregister(struct blockade *b);
/* The calling thread's, NULL if it registered none */
struct blockade *blockade_self(void);

/* Make its signal objects (the calling thread's own blockade), before
 * other threads may learn of it: false if core cannot (the caller may then
 * yield instead of blocking) */
bool blockade_prepare(struct blockade *b);
/* Block the calling thread (b must be its own) until woken or until
 * deadline_us (kernel_time_us, 0: none) has passed; false if core cannot
 * make the signal objects. */
bool blockade_block(struct blockade *b, uint64_t deadline_us);
/* What wakes the thread of a prepared blockade (0: it polls instead): a
 * number, still harmless to use when the blockade is gone (the wake then
 * reaches nobody, or makes some thread's block return early) */
static inline uint16_t blockade_token(const struct blockade *b) { return b->context; }
void blockade_wake(uint16_t token);
