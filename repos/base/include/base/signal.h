/*
 * Signal handlers dispatched by an RPC entrypoint (doc/architecture.md 4.6, 6).
 *
 * A thread blocks either for a request or for a signal, never for both;
 * the entrypoint's thread therefore learns of signals through an RPC. On
 * first use an entrypoint gets a signal receiver and a small proxy thread
 * that waits on it and calls the entrypoint's proxy object with each
 * delivery's (imprint, count); the entrypoint runs the handler on its own
 * thread, between two requests. So signal handlers and RPC handlers of one
 * entrypoint never run at the same time, and one handler never runs twice
 * at once: the proxy waits for the next delivery only after the handler
 * ran. Submits made meanwhile add up in the kernel and arrive as one later
 * delivery with their count.
 *
 * Order: the entrypoint acknowledges the context after the handler ran.
 * An interrupt's context is unmasked by that ack (doc/architecture.md 4.8),
 * so the line stays masked until the driver's handler quieted the device.
 * The price is a hand-off with the proxy in signal_handler_dissolve: the
 * kernel's kill waits for an outstanding delivery to be acknowledged, and
 * if that delivery is on its way to the entrypoint that is dissolving, the
 * entrypoint acknowledges it itself first (signal.c).
 *
 * The imprint names a slot of the entrypoint's handler table and the
 * generation of its occupant; the entrypoint looks it up on every delivery
 * and drops deliveries of dissolved handlers instead of calling through a
 * raw pointer.
 */
#pragma once

#include <stdint.h>
#include <base/rpc.h>

enum signal_result {
	SIGNAL_OK           = 0,
	SIGNAL_WRONG_THREAD = 1, /* not called by the entrypoint's own thread */
	SIGNAL_FULL         = 2, /* no free slot for a handler or proxy */
	SIGNAL_CORE_DENIED  = 3, /* core refused a receiver, context or thread */
};

enum {
	SIGNAL_SLOT_BITS = 6,
	SIGNAL_SLOTS     = 1 << SIGNAL_SLOT_BITS, /* handlers per entrypoint */
	SIGNAL_PROXIES   = 4,                     /* entrypoints with signals per component */
};

struct signal_handler;
typedef void (*signal_fn_t)(struct signal_handler *h, uint32_t count);

/* Embed it in the object the handler works on (count: submits since the
 * previous call, at least 1). Owned by the entrypoint's thread. */
struct signal_handler {
	signal_fn_t fn;
	uint16_t context_cap; /* for submitters (sig_submit) or kernel_timeout; 0: dissolved */
	uint32_t imprint;     /* slot | generation << SIGNAL_SLOT_BITS */
	struct rpc_entrypoint *ep;
};

/*
 * Make h a handler of ep: a signal context on ep's receiver whose
 * capability is h->context_cap. Call it on ep's own thread (before it
 * serves or from one of its handlers). kernel_timeout(us, h->context_cap)
 * arms the calling thread's single timeout (a later call re-arms it): the
 * entrypoint's own, if called from a handler.
 */
enum signal_result signal_handler_init(struct rpc_entrypoint *ep, struct signal_handler *h,
				       signal_fn_t fn);

/* No more calls of h->fn once this returns, even for deliveries already on
 * their way; submits through the capability fail. Call it on ep's thread
 * (a handler may dissolve itself). Core destroys the context and returns
 * its memory (CORE_OP_SIG_FREE), so handlers can come and go for ever. */
enum signal_result signal_handler_dissolve(struct signal_handler *h);

/* Deliveries dropped because their handler was dissolved (diagnostics) */
unsigned signal_dropped(const struct rpc_entrypoint *ep);
