/*
 * The IPC fast paths for the common rpc_call and rpc_reply_and_wait: the
 * partner ready to take the message, names enough for its capabilities
 * reserved on the receiving side (each could need a new name), and the
 * caller running on its own share, which the partner then keeps using
 * (helping) - so the scheduler's decision and the timer stay as they are.
 * They check everything first and return NULL on any doubt (the slow path
 * then handles the call); after the checks they cannot fail, and return
 * the thread to switch to.
 *
 * Inline in the kernel's call entry (kernel.c, its only includer), which
 * then needs no call and no saved registers for them. A server that a
 * fast call wakes joins the scheduler's lists only at the next slow entry,
 * and not at all if it blocks again by a fast reply first (kernel.h,
 * kernel_ready_defer): it runs on the caller's share meanwhile.
 */
#pragma once

#include <string.h>
#include "ipc.h"
#include "kernel.h"

/* A payload word; may alias the UTCB's bytes */
typedef uint32_t __attribute__((may_alias)) ipc_word_t;

_Static_assert(UTCB_HEADER_SIZE % 4 == 0, "ipc_fast_copy: the payload of a UTCB is word-aligned");

enum { IPC_INLINE_COPY_MAX = 64 }; /* bytes; beyond, memcpy's unrolled loop wins */

/* t's names for receiving can be made exactly rcv without a failure and
 * without giving any back (ipc_reserve): it keeps as many or takes the rest
 * from its PD's free names */
static inline __attribute__((always_inline)) bool ipc_fast_reserve_ok(const struct thread *t,
								      uint32_t rcv)
{
	uint32_t kept = t->rcv_reserved_count;

	return __builtin_expect(rcv == kept, 1) ||
	       (rcv > kept && rcv <= UTCB_MAX_CAPS && t->pd->caps.free_count >= rcv - kept);
}

/* Commit what ipc_fast_reserve_ok checked */
static inline __attribute__((always_inline)) void ipc_fast_reserve(struct thread *t, uint32_t rcv)
{
	if (__builtin_expect(rcv != t->rcv_reserved_count, 0))
		ipc_reserve(t, rcv);
}

/* The message's capabilities fit into names the receiver has or reserved */
static inline __attribute__((always_inline)) bool ipc_fast_caps_ok(uint32_t caps,
								   const struct thread *to)
{
	return __builtin_expect(caps == 0, 1) ||
	       (caps <= UTCB_MAX_CAPS && caps <= to->rcv_reserved_count);
}

/*
 * The server's share, made ready, would leave the scheduler's decision (the
 * caller's share, current) as it is: it joins no claim list (no claim
 * left), or it joins one behind the caller's, which runs on claim at a
 * priority as high or higher. Otherwise the scheduler would pick the
 * server's own claim (the slow path): a share on fill yields to any
 * claimant, a claimant to a higher one.
 */
static inline __attribute__((always_inline)) bool
ipc_fast_sched_ok(const struct scheduler *sched, const struct sched_share *server)
{
	return __builtin_expect(server->claim_left == 0, 1) ||
	       (sched->current_on_claim && server->priority <= sched->current->priority);
}

/* After ipc_fast_copy: the capabilities, translated into to's PD (none:
 * to's last receive delivered no names to take over) */
static inline __attribute__((always_inline)) void ipc_fast_caps(struct thread *from,
								struct thread *to, uint32_t caps)
{
	if (__builtin_expect(caps != 0, 0))
		ipc_transfer_caps(from, to, caps);
	else
		to->rcv_names_count = 0;
}

/* The names argument (ipc_names_taken), first thing: it cannot fail, and
 * the slow path, should the fast one decline, finds nothing left to do */
static inline __attribute__((always_inline)) void ipc_fast_names(struct thread *t, unsigned arg)
{
	uint32_t names = arch_call_arg(&t->regs, arg);

	if (__builtin_expect(names != 0, 0))
		ipc_names_taken(t, names);
}

/* The bytes of a partial last word; out of line, so that a message
 * without them does not pay for their setup */
static __attribute__((noinline, cold)) void ipc_fast_copy_bytes(const struct utcb *src,
								struct utcb *dst, uint32_t size)
{
	for (uint32_t i = size & ~3u; i < size; i++)
		dst->data[i] = src->data[i];
}

/*
 * Copy the payload (already checked to fit); the capabilities follow. Fast-path
 * messages are a few words mostly, for which a call of memcpy costs more
 * than the copy: they go word by word inline (the payload starts
 * word-aligned in both UTCBs), the bytes of a partial last word singly, so
 * that exactly size bytes move.
 */
static inline __attribute__((always_inline)) void
ipc_fast_copy(const struct utcb *src, struct utcb *dst, uint32_t size, uint32_t badge)
{
	if (size > IPC_INLINE_COPY_MAX) {
		memcpy(dst->data, src->data, size);
	} else {
		/* each part behind its own test, so that what a message does not
		 * have (an empty one: any) costs a compare and a branch */
		const ipc_word_t *s = (const ipc_word_t *)src->data;
		ipc_word_t *d       = (ipc_word_t *)dst->data;
		if (size >= 4) {
			const ipc_word_t *end = s + size / 4;
			do
				*d++ = *s++;
			while (s != end);
		}
		if (__builtin_expect(size & 3, 0))
			ipc_fast_copy_bytes(src, dst, size);
	}
	dst->data_size = size;
	dst->cap_count = 0;
	dst->badge     = badge;
}

static inline __attribute__((always_inline)) struct thread *ipc_fast_call(struct thread *t)
{
	ipc_fast_names(t, 3);
	uint32_t cap         = arch_call_arg(&t->regs, 1);
	const struct utcb *u = t->utcb;
	uint32_t size        = u->data_size;

	uint32_t rcv  = arch_call_arg(&t->regs, 2);
	uint32_t caps = u->cap_count;

	/* the names t reserved for the reply are kept from its last call if it
	 * asks for as many again (see ipc_fast_reply_wait), topped up if more */
	if (!ipc_fast_reserve_ok(t, rcv) || size > UTCB_DATA_SIZE || cap > UINT16_MAX)
		return NULL;
	struct cap_name *n = cap_lookup(&t->pd->caps, (uint16_t)cap);
	if (!n || n->identity->object->type != KOBJ_THREAD)
		return NULL;
	struct thread *s = container_of(n->identity->object, struct thread, kobj);
	/* t itself runs, so it is not paused (no paused thread is switched to);
	 * a server of another CPU must be woken there (the slow path) */
	const struct scheduler *sched = &t->cpu->sched;
	if (s->state != THREAD_AWAITS_IPC || s->paused || s->cpu != t->cpu ||
	    sched->current != &t->share || !ipc_fast_sched_ok(sched, &s->share) ||
	    !ipc_fast_caps_ok(caps, s))
		return NULL;

	/* commit: the server runs on our share; names either side reserved for
	 * receiving and did not use stay reserved for its next receive */
	uint32_t badge = cap_badge(n->identity);
	ipc_fast_reserve(t, rcv);
	ipc_fast_copy(u, s->utcb, size, badge);
	ipc_fast_caps(t, s, caps);
	t->ipc_server = s;
	t->ipc_badge  = badge;
	t->state      = THREAD_AWAITS_REPLY;
	list_push_back(&s->helpers, &t->helper_node);
	s->ipc_client      = t;
	s->ipc_client_gone = false;
	arch_call_result(&s->regs, KERNEL_OK, 0);
	s->state = THREAD_ACTIVE;
	kernel_ready_defer(s->cpu, &s->share); /* the decision stands: ipc_fast_sched_ok */
	return s;
}

static inline __attribute__((always_inline)) struct thread *ipc_fast_reply_wait(struct thread *s)
{
	ipc_fast_names(s, 2);
	uint32_t rcv         = arch_call_arg(&s->regs, 1);
	struct thread *c     = s->ipc_client;
	const struct utcb *u = s->utcb;
	uint32_t size        = u->data_size;

	uint32_t caps = u->cap_count;

	/* s itself runs, so it is not paused; c's share is the last decision of
	 * s's CPU, so c is of that CPU (a share is queued only at its own). The wait keeps the names s has
	 * reserved and takes free ones if it asks for more (ipc_reserve never
	 * reserves more than UTCB_MAX_CAPS: a bad rcv goes the slow way). */
	if (!c || !ipc_fast_reserve_ok(s, rcv) || !ipc_fast_caps_ok(caps, c) ||
	    size > UTCB_DATA_SIZE || c->paused || !list_empty(&s->ipc_queue) ||
	    s->cpu->sched.current != &c->share)
		return NULL;

	/* commit: the client continues on its share, the server waits; names
	 * the client reserved for capabilities the reply does not bring stay
	 * reserved for its next call, which uses them if it asks for as many
	 * (ipc_reserve, ipc_fast_call) and otherwise returns them first */
	ipc_fast_copy(u, c->utcb, size, 0);
	ipc_fast_caps(s, c, caps);
	ipc_fast_reserve(s, rcv);
	list_remove(&c->helper_node);
	c->ipc_server      = NULL;
	s->ipc_client      = NULL;
	s->ipc_client_gone = false;
	arch_call_result(&c->regs, KERNEL_OK, 0);
	c->state = THREAD_ACTIVE;
	s->state = THREAD_AWAITS_IPC;
	kernel_unready(s->cpu, &s->share);
	return c;
}
