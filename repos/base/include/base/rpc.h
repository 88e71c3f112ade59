/*
 * Remote procedure calls between components on top of the kernel's IPC.
 *
 * An interface is described once, in its session header: an opcode per
 * function, the argument and result structs of each, and the table of
 * their sizes (struct rpc_function). Typed client stubs are small inline
 * functions over rpc_call(); a server fills a struct rpc_interface with one
 * handler per opcode and lets an entrypoint dispatch to its objects by
 * badge and opcode. Sizes are checked on both sides: a request whose
 * argument size does not match its opcode never reaches a handler.
 *
 * Message in the UTCB payload: struct rpc_header, then the argument (in a
 * request) or result (in a reply) bytes. Up to UTCB_MAX_CAPS capabilities
 * travel in either direction.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <kernel/call.h>
#include <kernel/utcb.h>

enum rpc_result {
	RPC_OK             = 0,
	RPC_INVALID_OPCODE = -1, /* the object has no such function */
	RPC_INVALID_OBJECT = -2, /* the badge names no object of this entrypoint */
	RPC_BAD_ARGS       = -3, /* argument size or capability count does not match */
	RPC_IPC_FAILED     = -4, /* the kernel refused the call (server gone, bad cap) */
	RPC_OUT_OF_CAPS    = -5, /* no capability names left even after asking core */
	RPC_BAD_REPLY      = -6, /* the result does not have the expected size */
				 /* handlers return their own positive error codes */
};

struct rpc_header {
	uint32_t opcode;
	int32_t result; /* reply: enum rpc_result or a handler's code */
};

enum { RPC_MAX_DATA = UTCB_DATA_SIZE - sizeof(struct rpc_header), RPC_EP_BUCKETS = 32 };

/* One function of an interface */
struct rpc_function {
	uint32_t args_size;   /* exact size of the argument struct */
	uint32_t result_size; /* exact size of the result struct */
	uint8_t caps_in;      /* capability arguments */
	uint8_t caps_out;     /* capability results (at most) */
};

/* --- client --- */

/* More capability names for the caller's PD (core's service in components) */
bool rpc_cap_refill(struct utcb *u);

struct rpc_caps {
	unsigned count;
	uint16_t id[UTCB_MAX_CAPS];
};

/* rpc_call for any function (out of line) */
int rpc_call_any(struct utcb *u, uint16_t cap, uint32_t opcode, const struct rpc_function *f,
		 const void *args, void *result, const struct rpc_caps *caps_in,
		 struct rpc_caps *caps_out);
/* The result of a reply that is no plain success (out of line) */
int rpc_reply_result(const struct utcb *u);

enum { RPC_INLINE_MAX = 32 }; /* bytes of arguments or result a call copies inline */

/* A word of a UTCB payload; may alias its bytes */
typedef uint32_t __attribute__((may_alias)) rpc_word_t;

/*
 * Invoke function opcode of the object behind cap. caps_out receives the
 * capability results (acknowledged; count set), may be NULL if none.
 *
 * Inline: a typed stub passes a constant function, so for the common call
 * (no capabilities either way, a few whole words of arguments and result)
 * the checks fold away and the words are copied without a loop; any other
 * goes to rpc_call_any.
 */
static inline __attribute__((always_inline)) int
rpc_call(struct utcb *u, uint16_t cap, uint32_t opcode, const struct rpc_function *f,
	 const void *args, void *result, const struct rpc_caps *caps_in, struct rpc_caps *caps_out)
{
	uint32_t in = f->args_size, out = f->result_size;

	if (caps_in || caps_out || f->caps_in || f->caps_out || in > RPC_INLINE_MAX ||
	    out > RPC_INLINE_MAX || ((in | out | (uintptr_t)args | (uintptr_t)result) & 3))
		return rpc_call_any(u, cap, opcode, f, args, result, caps_in, caps_out);

	struct rpc_header *h = (struct rpc_header *)u->data;
	rpc_word_t *payload  = (rpc_word_t *)(u->data + sizeof(*h));
	h->opcode            = opcode;
	h->result            = RPC_OK;
	for (uint32_t i = 0; i < in / 4; i++)
		payload[i] = ((const rpc_word_t *)args)[i];
	u->data_size = sizeof(*h) + in;
	u->cap_count = 0;

	enum kernel_result kr = kernel_rpc_call(cap, 0);
	if (kr != KERNEL_OK)
		return kr == KERNEL_OUT_OF_CAPS ? RPC_OUT_OF_CAPS : RPC_IPC_FAILED;
	/* a reply is the header and exactly the result, or an error without */
	if (u->data_size != sizeof(*h) + out || h->result != RPC_OK)
		return rpc_reply_result(u);
	for (uint32_t i = 0; i < out / 4; i++)
		((rpc_word_t *)result)[i] = payload[i];
	return RPC_OK;
}

/* --- server --- */
struct rpc_request {
	const void *args;         /* the argument struct, size checked */
	struct rpc_caps caps;     /* capability arguments (ids in our PD) */
	void *result;             /* where the handler writes the result struct */
	struct rpc_caps caps_out; /* capability results the handler sets */
};

struct rpc_object;
typedef int (*rpc_handler_t)(struct rpc_object *obj, struct rpc_request *req);

struct rpc_interface {
	unsigned opcodes;
	const struct rpc_function *functions; /* [opcodes] */
	const rpc_handler_t *handlers;        /* [opcodes] */
};

struct rpc_object {
	const struct rpc_interface *iface;
	uint16_t cap;            /* our own name = the badge of calls to this object */
	uint32_t handle;         /* core's handle of the identity */
	struct rpc_object *next; /* in the entrypoint's bucket of cap */
};

struct rpc_entrypoint;

/* How an entrypoint gets identities for its objects: from core's service in
 * components (rpc_ep_init), directly from the kernel in core itself. */
struct rpc_minter {
	int (*mint)(struct rpc_entrypoint *ep, struct rpc_object *obj);
	void (*drop)(struct rpc_entrypoint *ep, struct rpc_object *obj);
};

struct signal_proxy;

struct rpc_entrypoint {
	struct utcb *utcb; /* of the thread that serves */
	uint32_t thread;   /* its handle at core (0: main thread) */
	const struct rpc_minter *minter;
	struct rpc_object *bucket[RPC_EP_BUCKETS]; /* objects by cap % RPC_EP_BUCKETS */
	struct signal_proxy *signals;              /* base/signal.h: made on first use */
};

void rpc_ep_init(struct rpc_entrypoint *ep, struct utcb *utcb, uint32_t thread);
void rpc_ep_init_with(struct rpc_entrypoint *ep, struct utcb *utcb, const struct rpc_minter *m);
/* The object a received badge (or a capability to it that came back to us) names */
struct rpc_object *rpc_ep_lookup(struct rpc_entrypoint *ep, uint32_t id);
/* Acknowledge every capability a request brought (see kernel cap_ack):
 * the entrypoint does it for each request it dispatches, valid or not */
static inline void rpc_caps_ack(const struct utcb *u)
{
	for (unsigned i = 0; i < u->cap_count && i < UTCB_MAX_CAPS; i++)
		if (u->caps[i])
			kernel_cap_ack(u->caps[i]);
}
/* Dispatch the request in ep->utcb and leave the reply there (for servers
 * with their own wait loop). */
void rpc_ep_dispatch(struct rpc_entrypoint *ep);
/* Give an object its own identity; obj->cap is what clients need. */
int rpc_ep_manage(struct rpc_entrypoint *ep, struct rpc_object *obj,
		  const struct rpc_interface *iface);
/* Serve an object whose capability obj->cap exists already (e.g. an
 * announced thread identity). */
void rpc_ep_insert(struct rpc_entrypoint *ep, struct rpc_object *obj,
		   const struct rpc_interface *iface);
/* Calls through the object's capability fail from now on. */
void rpc_ep_dissolve(struct rpc_entrypoint *ep, struct rpc_object *obj);
/* Serve requests forever (run by the entrypoint's thread). */
__attribute__((noreturn)) void rpc_ep_serve(struct rpc_entrypoint *ep);
