/*
 * Core's service to the components it starts: an entrypoint thread in core
 * answering struct core_request messages (see base/core_service.h). The
 * badge of a request tells which component sent it: each component got its
 * own identity of this thread. The same thread serves core's RPC objects
 * (parent objects, sessions).
 */
#include <kernel/call.h>
#include <kernel/core_interface.h>
#include <kernel/kernel.h>
#include "cap_space.h"
#include "component.h"
#include "stack_area.h"
#include "core.h"
#include "core_trace.h"
#include "region_map.h"
#include "rpc_object.h"
#include "sig_object.h"

static struct thread service_thread;
static char service_stack[8192] __attribute__((aligned(8)));
static struct utcb service_utcb __attribute__((aligned(4096)));

struct kobject *service_kobject(void) { return &service_thread.kobj; }

unsigned service_reserved_names(void) { return service_thread.rcv_reserved_count; }

static uint32_t ptr(const void *p) { return (uint32_t)(uintptr_t)p; }

/* Waiting reserves names for capabilities in requests: refill when short. */
static void service_wait(bool reply)
{
	enum kernel_result r =
	    reply ? kernel_rpc_reply_and_wait(UTCB_MAX_CAPS) : kernel_rpc_wait(UTCB_MAX_CAPS);
	while (r == KERNEL_OUT_OF_CAPS) {
		core_lock();
		bool refilled = core_cap_slab_add();
		core_unlock();
		r = kernel_rpc_wait(refilled ? UTCB_MAX_CAPS : 0);
	}
}

static uint64_t thread_time_us(const struct thread *t)
{
	uint64_t ticks = 0; /* what its CPU has not charged yet included */
	kernel_call2(KCALL_THREAD_CPU_TIME, ptr(t), ptr(&ticks));
	return kernel_ticks_to_us(ticks);
}

/* The reply payload; capabilities go into the caller's space, never along */
static void reply(struct core_reply *out, enum core_result r, uint32_t handle, uint64_t value,
		  uint16_t cap)
{
	*out                   = (struct core_reply){ r, handle, value, r == CORE_OK ? cap : 0 };
	service_utcb.data_size = sizeof(*out);
	service_utcb.cap_count = 0;
}

/* Objects that come with a capability need a free name in the caller's
 * space; asking first keeps a failed naming (a race with the caller's
 * other threads reserving names) the rare case that undoes the object. */
static bool has_free_name(const struct component *c) { return c->pd.caps.free_count > 0; }

static enum core_result announce(struct component *c, const struct core_request *q, uint16_t *cap)
{
	struct core_thread *t = core_thread_of(c, q->arg[0]);

	if (!t || !q->name[0])
		return CORE_BAD_REQUEST;
	if (c->announced[0] || component_by_announced(q->name))
		return CORE_EXISTS;
	enum core_result r = core_thread_give_cap(t, &c->pd, cap);
	if (r != CORE_OK)
		return r;
	for (unsigned i = 0; i < CORE_NAME_LEN - 1 && q->name[i]; i++)
		c->announced[i] = q->name[i];
	c->announced_handle = q->arg[0];
	return CORE_OK;
}

static enum core_result lookup(struct component *c, const struct core_request *q, uint16_t *cap)
{
	struct component *s   = component_by_announced(q->name);
	struct core_thread *t = s ? core_thread_of(s, s->announced_handle) : NULL;

	return t ? core_thread_give_cap(t, &c->pd, cap) : CORE_NOT_FOUND;
}

static void handle_sig_object(struct component *c, const struct core_request *q,
			      struct core_reply *out)
{
	struct core_sig_object *recv = NULL, *o = NULL;
	enum core_result r;
	uint16_t cap = 0;

	if (q->op == CORE_OP_SIG_CONTEXT && !(recv = sig_object_of(c, q->arg[0], true))) {
		reply(out, CORE_NOT_FOUND, 0, 0, 0);
		return;
	}
	r = has_free_name(c) ? sig_object_create(c, recv, q->arg[1], &o) : CORE_OUT_OF_CAPS;
	if (r == CORE_OK && (r = pd_name_give(&c->pd, &o->identity, &cap)) != CORE_OK)
		sig_object_free(c, o->handle);
	reply(out, r, r == CORE_OK ? o->handle : 0, 0, cap);
}

static void handle_rpc_object(struct component *c, const struct core_request *q,
			      struct core_reply *out)
{
	struct core_thread *t     = core_thread_of(c, q->arg[0]);
	struct core_rpc_object *o = NULL;
	uint16_t cap              = 0;
	enum core_result r        = !t                 ? CORE_NOT_FOUND
				    : has_free_name(c) ? rpc_object_create(c, t, &o)
						       : CORE_OUT_OF_CAPS;

	if (r == CORE_OK && (r = pd_name_give(&c->pd, &o->identity, &cap)) != CORE_OK)
		rpc_object_free(c, o->handle);
	reply(out, r, r == CORE_OK ? o->handle : 0, 0, cap);
}

static void handle_new_thread(struct component *c, const struct core_request *q,
			      struct core_reply *out)
{
	struct core_thread *t = NULL;
	uint16_t cap          = 0;
	unsigned priority     = q->arg[2] ? q->arg[2] - 1 : CORE_DEFAULT_PRIORITY;
	enum core_result r    = has_free_name(c) ? core_thread_create(c, q->arg[0], q->arg[1],
								      priority, c->cpu_first, &t)
						 : CORE_OUT_OF_CAPS;

	if (r == CORE_OK && (r = core_thread_give_cap(t, &c->pd, &cap)) != CORE_OK)
		core_thread_destroy(t);
	reply(out, r, r == CORE_OK ? t->handle : 0, 0, cap);
}

/* Pause, resume, inspect, claim for and end a thread of the caller's own */
static void handle_thread_control(struct component *c, const struct core_request *q,
				  struct core_reply *out)
{
	struct core_thread *t = core_thread_of(c, q->arg[0]);
	struct cpu_regs regs;
	enum kernel_result r;
	uint16_t cap = 0;

	if (!t) {
		reply(out, CORE_NOT_FOUND, 0, 0, 0);
		return;
	}
	switch (q->op) {
	case CORE_OP_THREAD_PAUSE:
		r = kernel_call_simple(KCALL_THREAD_PAUSE, ptr(&t->thread));
		break;
	case CORE_OP_THREAD_RESUME:
		r = kernel_call_simple(KCALL_THREAD_RESUME, ptr(&t->thread));
		break;
	case CORE_OP_THREAD_STATE:
		r = kernel_call2(KCALL_THREAD_REGS, ptr(&t->thread), ptr(&regs));
		reply(out, r == KERNEL_OK ? CORE_OK : CORE_DENIED, 0,
		      r == KERNEL_OK ? regs.pc | ((uint64_t)regs.sp << 32) : 0, 0);
		return;
	case CORE_OP_THREAD_TIME:
		reply(out, CORE_OK, q->arg[0], thread_time_us(&t->thread), 0);
		return;
	case CORE_OP_THREAD_CAP: {
		enum core_result cr = core_thread_give_cap(t, &c->pd, &cap);
		reply(out, cr, q->arg[0], 0, cap);
		return;
	}
	case CORE_OP_THREAD_KILL:
		if (t == &c->main) {
			reply(out, CORE_DENIED, 0, 0, 0); /* the main thread exits instead */
			return;
		}
		core_thread_destroy(t);
		reply(out, CORE_OK, 0, 0, 0);
		return;
	default: /* CORE_OP_QUOTA */
		reply(out,
		      q->arg[1] > 100 ? CORE_BAD_REQUEST
				      : component_thread_quota(
					    c, t, q->arg[1] * (KERNEL_SUPER_PERIOD_US / 100)),
		      q->arg[0], 0, 0);
		return;
	}
	reply(out, r == KERNEL_OK ? CORE_OK : CORE_DENIED, 0, 0, 0);
}

static bool names_something(uint32_t op)
{
	switch (op) {
	case CORE_OP_ANNOUNCE:
	case CORE_OP_LOOKUP:
	case CORE_OP_CAP_UPGRADE:
	case CORE_OP_SIG_RECEIVER:
	case CORE_OP_SIG_CONTEXT:
	case CORE_OP_THREAD:
	case CORE_OP_THREAD_CAP:
	case CORE_OP_RPC_OBJECT:
	case CORE_OP_ADDRESS_SPACE: return true;
	}
	return false;
}

static void handle_new_stack(struct component *c, const struct core_request *q,
			     struct core_reply *out)
{
	uint32_t top = 0, handle = 0;
	enum core_result r = stack_area_alloc(c, q->arg[0], &top, &handle);
	reply(out, r, handle, top, 0);
}

static void handle(void)
{
	const struct core_request *q = (const struct core_request *)service_utcb.data;
	struct core_reply *out       = (struct core_reply *)service_utcb.data;
	struct component *c          = component_by_badge(service_utcb.badge);
	struct core_request req      = *q; /* the reply overwrites the request */
	struct region_map *rm;
	uint16_t cap = 0;

	if (!c || service_utcb.data_size < sizeof(req)) {
		reply(out, CORE_BAD_REQUEST, 0, 0, 0);
		return;
	}
	req.name[CORE_NAME_LEN - 1] = 0;
	/* slabs whose names the component deleted since go back to its quota
	 * (it deletes names without telling core), at a request that makes no
	 * name: one that does may follow a slab the component just asked for */
	if (!names_something(req.op))
		component_cap_space_shrink(c);
	switch (req.op) {
	case CORE_OP_ANNOUNCE: reply(out, announce(c, &req, &cap), 0, 0, cap); return;
	case CORE_OP_LOOKUP: reply(out, lookup(c, &req, &cap), 0, 0, cap); return;
	case CORE_OP_CAP_UPGRADE: reply(out, component_cap_slab_add(c), 0, 0, 0); return;
	case CORE_OP_SIG_RECEIVER:
	case CORE_OP_SIG_CONTEXT: handle_sig_object(c, &req, out); return;
	case CORE_OP_SIG_FREE: reply(out, sig_object_free(c, req.arg[0]), 0, 0, 0); return;
	case CORE_OP_THREAD: handle_new_thread(c, &req, out); return;
	case CORE_OP_RPC_OBJECT: handle_rpc_object(c, &req, out); return;
	case CORE_OP_RPC_OBJECT_DROP: reply(out, rpc_object_free(c, req.arg[0]), 0, 0, 0); return;
	case CORE_OP_THREAD_CAP:
	case CORE_OP_THREAD_TIME:
	case CORE_OP_THREAD_KILL:
	case CORE_OP_THREAD_PAUSE:
	case CORE_OP_THREAD_RESUME:
	case CORE_OP_THREAD_STATE:
	case CORE_OP_QUOTA: handle_thread_control(c, &req, out); return;
	case CORE_OP_FREE_RAM:
		reply(out, CORE_OK, core_caps_in_use(), (uint64_t)phys_free_pages() * 4096, 0);
		return;
	case CORE_OP_RAM_LEFT: reply(out, CORE_OK, 0, component_ram_left(c), 0); return;
	case CORE_OP_STACK: handle_new_stack(c, &req, out); return;
	case CORE_OP_STACK_FREE: reply(out, stack_area_free(c, req.arg[0]), 0, 0, 0); return;
	case CORE_OP_ADDRESS_SPACE:
		rm = rm_address_space(c);
		reply(out,
		      rm ? pd_name_give(&c->pd, rm_address_space_identity(rm), &cap)
			 : CORE_OUT_OF_QUOTA,
		      0, 0, cap);
		return;
	}
	reply(out, CORE_BAD_REQUEST, 0, 0, 0);
}

/* One thread serves both: the core-service protocol (badge of a component's
 * service identity) and RPC objects (parent objects, sessions). Every
 * capability of a request is acknowledged first and settled afterwards
 * (see cap_space.h). */
static void service_loop(void)
{
	service_wait(false);
	for (;;) {
		core_lock();
		struct core_received received = core_names_received(&service_utcb);
		if (component_by_badge(service_utcb.badge)) {
			rpc_caps_ack(&service_utcb);
			handle();
		} else {
			rpc_ep_dispatch(core_entrypoint()); /* acknowledges them too */
		}
		core_names_settle(&received);
		core_unlock();
		service_wait(true);
	}
}

void service_start(void)
{
	parent_init(&service_utcb);
	struct kernel_call_ret r =
	    kernel_call(KCALL_THREAD_CREATE, ptr(&service_thread), ptr(kernel_core_pd()), 1,
			ptr("core service"), ptr(&service_utcb));
	if (r.r0 == KERNEL_OK) {
		core_trace_name(&service_thread, "core service", 0);
		r.r0 = kernel_call(KCALL_THREAD_START, ptr(&service_thread), ptr(service_loop),
				   ptr(service_stack + sizeof(service_stack)), 0, 0)
			   .r0;
	}
	if (r.r0 != KERNEL_OK)
		core_log("core: error: cannot start the core service\n");
}
