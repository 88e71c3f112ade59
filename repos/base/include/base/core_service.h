/*
 * The protocol of core's service for a component's own PD (until core's PD
 * and CPU sessions take it over): a rendezvous for servers and clients,
 * capability slabs, signal objects, threads, CPU quota and the region map
 * of the address space.
 *
 * Every component finds a capability to the service in its main thread's
 * initial UTCB (caps[0]). Requests carry a struct core_request in the UTCB
 * payload; replies a struct core_reply. A capability a reply hands out is
 * put into the caller's capability space by core directly (reply.cap is
 * the caller's name of it), so the caller reserves no names for the reply
 * and acknowledges nothing; when its space is full core answers
 * CORE_OUT_OF_CAPS and the caller donates a slab and asks again.
 * Capabilities sent along with a request are ignored (core acknowledges
 * and drops them).
 *
 * Everything core makes for a component costs the component's RAM quota
 * (core's pages for threads, UTCBs, signal and RPC objects, attachments,
 * page tables, capability slabs): there is no other limit, and destroying
 * an object returns its share at once.
 */
#pragma once

#include <stdint.h>

enum core_op {
	CORE_OP_ANNOUNCE =
	    1,               /* (name): callers of lookup(name) reach this thread; reply: own cap */
	CORE_OP_LOOKUP,      /* (name) -> cap of the announced thread, or CORE_NOT_FOUND */
	CORE_OP_CAP_UPGRADE, /* donate one more capability slab to the caller's PD */
	CORE_OP_SIG_RECEIVER,    /* -> cap, handle */
	CORE_OP_SIG_CONTEXT,     /* (receiver handle, imprint) -> cap, handle */
	CORE_OP_THREAD,          /* (ip, sp, priority + 1 or 0: default) -> thread cap, handle */
	CORE_OP_QUOTA,           /* (thread handle, percent of the super period) */
	CORE_OP_THREAD_TIME,     /* (thread handle) -> CPU time in us charged to it */
	CORE_OP_THREAD_CAP,      /* (thread handle) -> cap to that thread (an IPC destination) */
	CORE_OP_RPC_OBJECT,      /* (thread handle) -> cap, handle: a new identity of the thread;
	                         the thread sees the cap's id as badge of calls through it */
	CORE_OP_RPC_OBJECT_DROP, /* (handle): the identity dies, calls through it fail */
	CORE_OP_THREAD_PAUSE,    /* (thread handle) */
	CORE_OP_THREAD_RESUME,   /* (thread handle) */
	CORE_OP_THREAD_STATE,    /* (thread handle) -> value: ip | sp << 32 */
	CORE_OP_THREAD_KILL,     /* (thread handle, not the main thread) */
	CORE_OP_FREE_RAM,        /* -> value: bytes of RAM core has left, handle: names in core's
	                            capability space in use */
	CORE_OP_ADDRESS_SPACE,   /* -> cap of the region map of the caller's address space */
	CORE_OP_RAM_LEFT,        /* -> value: bytes of the caller's RAM quota not used or donated */
	CORE_OP_SIG_FREE,        /* (handle): destroy a signal context, or a receiver without
	                            contexts; its names die, its memory is returned at once */
	CORE_OP_STACK,      /* (bytes) -> value: the stack's top, handle: a stack mapped on demand
	                       with a guard page below (its pages cost the quota as touched) */
	CORE_OP_STACK_FREE, /* (handle): unmapped, its pages back to the quota */
};

enum core_result {
	CORE_OK = 0,
	CORE_NOT_FOUND, /* no such name (yet) */
	CORE_EXISTS,    /* the name is taken */
	CORE_DENIED,    /* not within the caller's rights or limits */
	CORE_OUT_OF_RAM,
	CORE_BAD_REQUEST,  /* unknown op or malformed arguments */
	CORE_OUT_OF_QUOTA, /* the caller's RAM quota does not cover core's memory for it */
	CORE_OUT_OF_CAPS,  /* the caller's capability space is full: CORE_OP_CAP_UPGRADE */
};

enum { CORE_NAME_LEN = 24, CORE_MAX_PRIORITY = 6, CORE_DEFAULT_PRIORITY = 1 };

/* The RAM budget of a component core loads itself (except init, which
 * gets most of the RAM): its heap, stack and session donations. */
enum { CORE_RAM_LIMIT = 16 * 1024 * 1024 };

struct core_request {
	uint32_t op;
	uint32_t arg[3];
	char name[CORE_NAME_LEN];
};

struct core_reply {
	uint32_t result;
	uint32_t handle; /* the caller's handle of a new object */
	uint64_t value;
	uint32_t cap; /* the caller's name of a capability core gave it, 0 none */
};

/* --- client side (repos/base/src/lib/base/core_service.c) --- */
#include <kernel/utcb.h>

enum { CORE_IPC_ERROR = 100 }; /* the call itself failed */

extern uint16_t core_service_cap; /* from the main thread's initial UTCB */

static inline struct utcb *utcb_main(void) { return (struct utcb *)UTCB_MAIN_THREAD; }

/* One request; *cap receives the capability of the reply, if any. The
 * caller's capability space is full -> asks core for a slab and retries. */
int core_call(struct utcb *u, const struct core_request *q, struct core_reply *r, uint16_t *cap);

int core_announce(struct utcb *u, const char *name, uint32_t thread, uint16_t *own_cap);
int core_lookup(struct utcb *u, const char *name, uint16_t *cap);
int core_cap_upgrade(struct utcb *u);
int core_sig_receiver(struct utcb *u, uint16_t *cap, uint32_t *handle);
int core_sig_context(struct utcb *u, uint32_t receiver, uint32_t imprint, uint16_t *cap);
/* The same with the context's handle (for core_sig_free) */
int core_sig_context_handle(struct utcb *u, uint32_t receiver, uint32_t imprint, uint16_t *cap,
			    uint32_t *handle);
/* Destroy a signal context (or a receiver without contexts) by handle: names of
 * it die, delete yours with kernel_cap_delete */
int core_sig_free(struct utcb *u, uint32_t handle);
/* A new thread of this PD: entry(utcb) runs on stack_top with its own UTCB */
int core_thread(struct utcb *u, void (*entry)(struct utcb *), void *stack_top, uint16_t *cap,
		uint32_t *handle);
/* The same with a scheduling priority, 0 .. CORE_MAX_PRIORITY (higher runs first
 * among threads with claim left) */
int core_thread_prio(struct utcb *u, void (*entry)(struct utcb *), void *stack_top,
		     unsigned priority, uint16_t *cap, uint32_t *handle);
int core_quota(struct utcb *u, uint32_t thread, unsigned percent);
int core_thread_time(struct utcb *u, uint32_t thread, uint64_t *us);
int core_thread_cap(struct utcb *u, uint32_t thread, uint16_t *cap);
int core_rpc_object(struct utcb *u, uint32_t thread, uint16_t *cap, uint32_t *handle);
int core_rpc_object_drop(struct utcb *u, uint32_t handle);
int core_thread_pause(struct utcb *u, uint32_t thread);
int core_thread_resume(struct utcb *u, uint32_t thread);
int core_thread_state(struct utcb *u, uint32_t thread, uint32_t *ip, uint32_t *sp);
int core_thread_kill(struct utcb *u, uint32_t thread);
int core_free_ram(struct utcb *u, uint64_t *bytes);
/* The same and the capability names core uses */
int core_resources(struct utcb *u, uint64_t *bytes, uint32_t *caps);
/* The region map of this component's address space (session/rm_session.h) */
int core_address_space(struct utcb *u, uint16_t *rm);
/* A stack of at least size bytes that core maps as it is touched */
int core_stack(struct utcb *u, uint32_t size, uint32_t *top, uint32_t *handle);
int core_stack_free(struct utcb *u, uint32_t handle);
/* What is left of this component's own RAM quota */
int core_ram_left(struct utcb *u, uint64_t *bytes);

/* The calling thread's own UTCB (the kernel keeps its address in TPIDRURO) */
static inline struct utcb *utcb_self(void)
{
	struct utcb *u;
	asm volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(u));
	return u;
}
