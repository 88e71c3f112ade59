/*
 * Signal receivers and contexts (see signal.h for the model).
 */
#include "signal.h"
#include "irq.h"
#include "kernel.h"
#include "timeout.h"

enum kernel_result sig_receiver_create(struct sig_receiver *r)
{
	if (r->state == SIG_RECEIVER_ACTIVE)
		return KERNEL_INVALID_STATE;
	kobject_init(&r->kobj, KOBJ_SIG_RECEIVER, NULL);
	list_init(&r->pending);
	list_init(&r->waiters);
	list_init(&r->contexts);
	r->state = SIG_RECEIVER_ACTIVE;
	return KERNEL_OK;
}

enum kernel_result sig_context_create(struct sig_context *c, struct sig_receiver *r,
				      uint32_t imprint)
{
	if (c->state != SIG_CONTEXT_INVALID) /* a killed one is still bound: destroy it first */
		return KERNEL_INVALID_STATE;
	if (!r || r->state != SIG_RECEIVER_ACTIVE)
		return KERNEL_INVALID_ARG;
	*c = (struct sig_context){ .receiver = r, .imprint = imprint };
	kobject_init(&c->kobj, KOBJ_SIG_CONTEXT, NULL);
	list_push_back(&r->contexts, &c->receiver_node);
	c->state = SIG_CONTEXT_ACTIVE;
	return KERNEL_OK;
}

/* Hand (imprint, count) to a thread; the context then awaits its ack. */
static void sig_deliver(struct sig_context *c, struct thread *t)
{
	struct sig_delivery *d = (struct sig_delivery *)t->utcb->data;

	d->imprint         = c->imprint;
	d->count           = c->count;
	t->utcb->data_size = sizeof(*d);
	c->count           = 0;
	c->awaits_ack      = true;
}

/* Pair pending contexts with waiting threads, FIFO on both sides. */
static void sig_receiver_dispatch(struct sig_receiver *r)
{
	while (!list_empty(&r->pending) && !list_empty(&r->waiters)) {
		struct sig_context *c =
		    container_of(list_pop_front(&r->pending), struct sig_context, pending_node);
		struct thread *t =
		    container_of(list_pop_front(&r->waiters), struct thread, sig_node);
		t->sig_receiver = NULL;
		sig_deliver(c, t);
		thread_wake(t, KERNEL_OK);
	}
}

/* Nothing pending before c and a thread waiting: c goes to the first
 * waiter at once, as the queue would hand it on (the common wake-up, which
 * then spares the queue). True if it did. */
static inline bool sig_hand_over(struct sig_context *c, struct sig_receiver *r)
{
	if (!list_empty(&r->pending) || list_empty(&r->waiters))
		return false;
	struct thread *t = container_of(list_pop_front(&r->waiters), struct thread, sig_node);
	t->sig_receiver  = NULL;
	sig_deliver(c, t);
	thread_wake(t, KERNEL_OK);
	return true;
}

/* Apart from the wake-up's path (sig_submit), which thus saves no
 * registers for the queue */
static __attribute__((noinline)) void sig_queue(struct sig_context *c)
{
	list_push_back(&c->receiver->pending, &c->pending_node);
	sig_receiver_dispatch(c->receiver);
}

static void sig_make_pending(struct sig_context *c)
{
	if (c->count == 0 || c->awaits_ack || list_node_linked(&c->pending_node))
		return;
	if (!sig_hand_over(c, c->receiver))
		sig_queue(c);
}

enum kernel_result sig_submit(struct sig_context *c, uint32_t n)
{
	if (c->state != SIG_CONTEXT_ACTIVE)
		return KERNEL_INVALID_STATE;
	if (n == 0)
		return KERNEL_INVALID_ARG;
	c->count = c->count > UINT32_MAX - n ? UINT32_MAX : c->count + n;
	/* c->count > 0: as sig_make_pending, the hand-over inline */
	if (c->awaits_ack || list_node_linked(&c->pending_node))
		return KERNEL_OK;
	if (!sig_hand_over(c, c->receiver))
		sig_queue(c);
	return KERNEL_OK;
}

enum kernel_result sig_wait(struct sig_receiver *r, struct thread *t, bool block)
{
	struct list_node *n = list_pop_front(&r->pending);

	if (n) {
		sig_deliver(container_of(n, struct sig_context, pending_node), t);
		return KERNEL_OK;
	}
	if (!block)
		return KERNEL_WOULD_BLOCK;
	t->sig_receiver = r;
	list_push_back(&r->waiters, &t->sig_node);
	thread_block(t, THREAD_AWAITS_SIGNAL);
	return KERNEL_BLOCKED;
}

void sig_cancel_wait(struct thread *t)
{
	list_remove(&t->sig_node);
	t->sig_receiver = NULL;
}

/* The context is gone for good: no more deliveries, the killer resumes. */
static void sig_context_kill(struct sig_context *c)
{
	if (list_node_linked(&c->pending_node))
		list_remove(&c->pending_node);
	c->state = SIG_CONTEXT_KILLED;
	if (c->killer) {
		struct thread *k = c->killer;
		c->killer        = NULL;
		k->sig_killing   = NULL;
		thread_wake(k, KERNEL_OK);
	}
}

/* A delivery of c awaits its ack and c is alive */
static bool sig_ack_ok(const struct sig_context *c)
{
	return c->state == SIG_CONTEXT_ACTIVE && c->awaits_ack;
}

enum kernel_result sig_ack(struct sig_context *c)
{
	if (!sig_ack_ok(c))
		return KERNEL_INVALID_STATE;
	c->awaits_ack = false;
	if (c->irq)
		irq_ack(c->irq);
	if (c->killer)
		sig_context_kill(c);
	else
		sig_make_pending(c);
	return KERNEL_OK;
}

enum kernel_result sig_ack_wait(struct sig_context *c, struct sig_receiver *r, struct thread *t)
{
	if (!sig_ack_ok(c))
		return KERNEL_INVALID_STATE;
	/* commit: the ack may make c pending again (then the wait takes it at
	 * once if c is bound to r) or wake its killer; neither can fail */
	sig_ack(c);
	return sig_wait(r, t, true);
}

enum kernel_result sig_kill(struct sig_context *c, struct thread *t)
{
	if (c->state != SIG_CONTEXT_ACTIVE || c->killer)
		return KERNEL_INVALID_STATE;
	if (!c->awaits_ack) {
		sig_context_kill(c);
		return KERNEL_OK;
	}
	c->killer      = t;
	t->sig_killing = c;
	thread_block(t, THREAD_AWAITS_SIG_KILL);
	return KERNEL_BLOCKED;
}

enum kernel_result sig_context_destroy(struct sig_context *c)
{
	if (c->state != SIG_CONTEXT_ACTIVE && c->state != SIG_CONTEXT_KILLED)
		return KERNEL_INVALID_STATE;
	if (c->pager_refs > 0)
		return KERNEL_INVALID_STATE;
	if (c->irq)
		irq_unbind(c->irq);
	timeout_cancel_context(c);
	sig_context_kill(c);
	list_remove(&c->receiver_node);
	kobject_destroy(&c->kobj);
	c->state = SIG_CONTEXT_INVALID;
	return KERNEL_OK;
}

enum kernel_result sig_receiver_destroy(struct sig_receiver *r)
{
	struct list_node *n;

	if (r->state != SIG_RECEIVER_ACTIVE)
		return KERNEL_INVALID_STATE;
	if (!list_empty(&r->contexts))
		return KERNEL_INVALID_STATE; /* destroy its contexts first */
	while ((n = list_pop_front(&r->waiters))) {
		struct thread *t = container_of(n, struct thread, sig_node);
		t->sig_receiver  = NULL;
		thread_wake(t, KERNEL_DESTROYED);
	}
	kobject_destroy(&r->kobj);
	r->state = SIG_RECEIVER_DESTROYED;
	return KERNEL_OK;
}
