/*
 * Signal handlers of an entrypoint, delivered by a proxy thread through an
 * RPC to the entrypoint (see base/signal.h for the model and the order of
 * handler and acknowledgement).
 */
#include <stddef.h>
#include <base/core_service.h>
#include <base/signal.h>
#include <kernel/call.h>

/* The proxy only waits and makes one small call: 2 KiB is ample. */
enum { PROXY_STACK = 2048 };
enum { PROXY_DELIVER, PROXY_OPCODES };

/*
 * What the proxy thread does with the delivery it took, | the slot it is
 * for; read by signal_handler_dissolve. IDLE -> DECIDING (it checks that
 * the handler is not being dissolved) -> FORWARDING (the entrypoint will
 * get it and ack it after the handler) -> IDLE, or DECIDING -> IDLE after
 * acking it itself when the handler is being dissolved.
 */
enum { PROXY_IDLE = 0, PROXY_DECIDING = 1u << 16, PROXY_FORWARDING = 2u << 16 };

/*
 * A handler's entry in its entrypoint's table. The entrypoint's thread
 * writes it. The proxy thread reads handler (NULL: being dissolved) and,
 * only then, context_cap to ack: dissolve deletes the capability only after
 * the kill, and the kill waits for that ack.
 */
struct signal_slot {
	struct signal_handler *handler; /* NULL: free, or being dissolved */
	uint32_t imprint;               /* of the handler's context */
	uint16_t context_cap;           /* 0: no context */
	uint32_t context_handle;        /* core's handle of the context */
};

/*
 * The signal state of one entrypoint. A pool entry is FREE (ep NULL),
 * CLAIMED while proxy_create builds it, then READY (ep->signals points to
 * it) for the rest of the component's life; the proxy thread runs only in
 * READY and writes only held.
 */
struct signal_proxy {
	struct rpc_object obj;     /* first: the object the proxy thread calls */
	struct rpc_entrypoint *ep; /* claimed by (atomically), NULL: free */
	uint16_t receiver;         /* the entrypoint's signal receiver */
	uint32_t receiver_handle;  /* its handle at core, for new contexts */
	uint32_t generation;       /* of the next handler, part of its imprint */
	uint32_t held;             /* PROXY_... | slot */
	unsigned dropped;          /* deliveries of dissolved handlers */
	struct signal_slot slot[SIGNAL_SLOTS];
	uint8_t stack[PROXY_STACK] __attribute__((aligned(8)));
};

static struct signal_proxy proxies[SIGNAL_PROXIES];

static const struct rpc_function proxy_functions[PROXY_OPCODES] = {
	[PROXY_DELIVER] = { sizeof(struct sig_delivery), 0, 0, 0 },
};

/* --- on the entrypoint's thread --- */

/* Run the handler the imprint names, if it is still there, then ack. */
static int proxy_deliver(struct rpc_object *o, struct rpc_request *r)
{
	struct signal_proxy *p       = (struct signal_proxy *)o;
	const struct sig_delivery *d = r->args;
	struct signal_slot *s        = &p->slot[d->imprint % SIGNAL_SLOTS];
	struct signal_handler *h     = s->handler;

	if (!h || s->imprint != d->imprint) {
		p->dropped++; /* dissolved (and acked) after the proxy had taken it */
		return RPC_OK;
	}
	h->fn(h, d->count);
	/* a handler that dissolved itself was acked by the dissolve */
	if (s->handler == h && s->imprint == d->imprint)
		kernel_sig_ack(s->context_cap);
	return RPC_OK;
}

static const rpc_handler_t proxy_handlers[PROXY_OPCODES] = { proxy_deliver };
static const struct rpc_interface proxy_iface = { PROXY_OPCODES, proxy_functions, proxy_handlers };

/* --- the proxy thread --- */

/* Which pool entry the calling thread belongs to: the one whose stack it runs on */
static struct signal_proxy *proxy_of_stack(void)
{
	uintptr_t here = (uintptr_t)__builtin_frame_address(0);

	for (unsigned i = 0; i < SIGNAL_PROXIES; i++) {
		uintptr_t base = (uintptr_t)proxies[i].stack;
		if (here >= base && here < base + PROXY_STACK)
			return &proxies[i];
	}
	return NULL;
}

static void hand_off(struct signal_proxy *p, uint32_t held)
{
	__atomic_store_n(&p->held, held, __ATOMIC_SEQ_CST);
}

/* Wait, forward (imprint, count), and wait again only after the handler ran. */
static void proxy_thread(struct utcb *u)
{
	struct signal_proxy *p = proxy_of_stack();

	while (p && kernel_sig_wait(p->receiver) == KERNEL_OK) {
		struct sig_delivery d = *(const struct sig_delivery *)u->data;
		unsigned i            = d.imprint % SIGNAL_SLOTS;
		struct signal_slot *s = &p->slot[i];

		hand_off(p, PROXY_DECIDING | i);
		if (!__atomic_load_n(&s->handler, __ATOMIC_SEQ_CST)) {
			/* being dissolved: its kill waits for this ack */
			kernel_sig_ack(s->context_cap);
			hand_off(p, PROXY_IDLE);
			continue;
		}
		hand_off(p, PROXY_FORWARDING | i);
		int r = rpc_call(u, p->obj.cap, PROXY_DELIVER, &proxy_functions[PROXY_DELIVER], &d,
				 NULL, NULL, NULL);
		hand_off(p, PROXY_IDLE);
		if (r != RPC_OK)
			break; /* the entrypoint is gone */
	}
	kernel_thread_exit(0);
}

/* --- setting up --- */

static struct signal_proxy *proxy_claim(struct rpc_entrypoint *ep)
{
	for (unsigned i = 0; i < SIGNAL_PROXIES; i++) {
		struct signal_proxy *p          = &proxies[i];
		struct rpc_entrypoint *expected = NULL;
		if (!__atomic_compare_exchange_n(&p->ep, &expected, ep, false, __ATOMIC_ACQ_REL,
						 __ATOMIC_RELAXED))
			continue;
		p->receiver   = 0;
		p->generation = 0;
		p->held       = PROXY_IDLE;
		p->dropped    = 0;
		for (unsigned k = 0; k < SIGNAL_SLOTS; k++)
			p->slot[k] = (struct signal_slot){ NULL, 0, 0, 0 };
		return p;
	}
	return NULL;
}

/* Receiver, proxy object and proxy thread for ep; on failure nothing stays
 * behind. */
static enum signal_result proxy_create(struct rpc_entrypoint *ep, struct utcb *u)
{
	struct signal_proxy *p = proxy_claim(ep);
	uint16_t thread_cap    = 0;
	uint32_t thread_handle = 0;

	if (!p)
		return SIGNAL_FULL;
	if (core_sig_receiver(u, &p->receiver, &p->receiver_handle) != CORE_OK || !p->receiver) {
		__atomic_store_n(&p->ep, NULL, __ATOMIC_RELEASE);
		return SIGNAL_CORE_DENIED;
	}
	bool managed = rpc_ep_manage(ep, &p->obj, &proxy_iface) == RPC_OK;
	if (!managed || core_thread(u, proxy_thread, p->stack + PROXY_STACK, &thread_cap,
				    &thread_handle) != CORE_OK) {
		if (managed)
			rpc_ep_dissolve(ep, &p->obj);
		core_sig_free(u, p->receiver_handle);
		kernel_cap_delete(p->receiver);
		__atomic_store_n(&p->ep, NULL, __ATOMIC_RELEASE);
		return SIGNAL_CORE_DENIED;
	}
	/* the thread lives as long as the entrypoint: no need for its name */
	kernel_cap_delete(thread_cap);
	ep->signals = p;
	return SIGNAL_OK;
}

static unsigned free_slot(const struct signal_proxy *p)
{
	unsigned i = 0;
	while (i < SIGNAL_SLOTS && p->slot[i].context_cap)
		i++;
	return i;
}

enum signal_result signal_handler_init(struct rpc_entrypoint *ep, struct signal_handler *h,
				       signal_fn_t fn)
{
	struct utcb *u = utcb_self();
	enum signal_result r;
	uint16_t cap    = 0;
	uint32_t handle = 0;

	if (u != ep->utcb)
		return SIGNAL_WRONG_THREAD;
	if (!ep->signals && (r = proxy_create(ep, u)) != SIGNAL_OK)
		return r;

	struct signal_proxy *p = ep->signals;
	unsigned i             = free_slot(p);
	if (i == SIGNAL_SLOTS)
		return SIGNAL_FULL;
	uint32_t imprint = i | (p->generation++ << SIGNAL_SLOT_BITS);
	if (core_sig_context_handle(u, p->receiver_handle, imprint, &cap, &handle) != CORE_OK ||
	    !cap)
		return SIGNAL_CORE_DENIED;

	/* nobody can submit before this returns: the slot is complete by then */
	*h                        = (struct signal_handler){ fn, cap, imprint, ep };
	p->slot[i].imprint        = imprint;
	p->slot[i].context_cap    = cap;
	p->slot[i].context_handle = handle;
	__atomic_store_n(&p->slot[i].handler, h, __ATOMIC_SEQ_CST);
	return SIGNAL_OK;
}

/*
 * The kill below waits until an outstanding delivery is acked. Who acks it
 * depends on where the proxy is (Dekker-style: the proxy publishes held,
 * then reads the slot's handler; this thread clears the handler, then reads
 * held, all sequentially consistent, so at least one sees the other):
 * DECIDING for this slot: it will see the NULL handler and ack, or go on to
 * FORWARDING; FORWARDING: the call waits for this very thread, so ack here;
 * otherwise a delivery taken from now on is acked by the proxy.
 */
static void ack_in_flight(struct signal_proxy *p, unsigned i, uint16_t cap)
{
	for (;;) {
		uint32_t held = __atomic_load_n(&p->held, __ATOMIC_SEQ_CST);
		if (held == (PROXY_DECIDING | i)) {
			kernel_thread_yield();
			continue;
		}
		if (held == (PROXY_FORWARDING | i))
			kernel_sig_ack(cap); /* may be a dropped earlier one: then a no-op */
		return;
	}
}

enum signal_result signal_handler_dissolve(struct signal_handler *h)
{
	struct rpc_entrypoint *ep = h->ep;

	if (!h->context_cap)
		return SIGNAL_OK; /* never made, or dissolved already */
	if (utcb_self() != ep->utcb)
		return SIGNAL_WRONG_THREAD;

	struct signal_proxy *p = ep->signals;
	unsigned i             = h->imprint % SIGNAL_SLOTS;
	__atomic_store_n(&p->slot[i].handler, NULL, __ATOMIC_SEQ_CST);
	ack_in_flight(p, i, h->context_cap);
	kernel_sig_kill(h->context_cap);
	/* core destroys the context and returns its memory; our name is dead */
	core_sig_free(ep->utcb, p->slot[i].context_handle);
	p->slot[i].context_cap = 0; /* the slot is free */
	kernel_cap_delete(h->context_cap);
	h->context_cap = 0;
	return SIGNAL_OK;
}

unsigned signal_dropped(const struct rpc_entrypoint *ep)
{
	return ep->signals ? ep->signals->dropped : 0;
}
