/*
 * Core's service to the components it starts: an entrypoint thread in core
 * answering struct core_request messages (see base/core_service.h). The
 * badge of a request tells which component sent it: each component got its
 * own identity of this thread.
 */
#include <kernel/call.h>
#include <kernel/core_interface.h>
#include <kernel/kernel.h>
#include "component.h"
#include "core.h"
#include "region_map.h"

static struct thread service_thread;
static char service_stack[8192] __attribute__((aligned(8)));
static struct utcb service_utcb __attribute__((aligned(4096)));

struct kobject *service_kobject(void) { return &service_thread.kobj; }

static uint32_t ptr(const void *p) { return (uint32_t)(uintptr_t)p; }

/* Core's own names are paid from core's RAM. */
static bool core_cap_slab_add(void)
{
	uint32_t phys = phys_alloc(1, 1);

	if (phys && kernel_call2(KCALL_PD_CAP_SLAB, ptr(kernel_core_pd()),
				 ptr(phys_to_virt(phys))) == KERNEL_OK)
		return true;
	if (phys)
		phys_free(phys, 1);
	core_log("core: error: no capability slab for core\n");
	return false;
}

/* Slabs whose names are all free again go back (the first, static one stays). */
void core_cap_space_shrink(void)
{
	for (;;) {
		struct kernel_call_ret r =
		    kernel_call(KCALL_PD_CAP_SLAB_REMOVE, ptr(kernel_core_pd()), 0, 0, 0, 0);
		if (r.r0 != KERNEL_OK)
			return;
		phys_free(virt_to_phys((void *)(uintptr_t)r.r1), 1);
	}
}

unsigned core_caps_in_use(void)
{
	const struct cap_space *cs = &kernel_core_pd()->caps;
	return cs->slabs * CAP_SLAB_NAMES - cs->free_count;
}

uint16_t core_cap_insert(struct identity *id)
{
	for (;;) {
		struct kernel_call_ret r =
		    kernel_call(KCALL_CAP_INSERT, ptr(kernel_core_pd()), ptr(id), 0, 0, 0);
		if (r.r0 == KERNEL_OK)
			return (uint16_t)r.r1;
		if (r.r0 != KERNEL_OUT_OF_CAPS || !core_cap_slab_add())
			return 0;
	}
}

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
	uint64_t a, b;
	do { /* the kernel may update it between the two halves */
		a = t->share.consumed;
		b = t->share.consumed;
	} while (a != b);
	return kernel_ticks_to_us(a);
}

/* Reply payload and capability */
static void reply(struct core_reply *out, enum core_result r, uint32_t handle, uint64_t value,
		  uint16_t cap)
{
	*out                   = (struct core_reply){ r, handle, value };
	service_utcb.data_size = sizeof(*out);
	service_utcb.cap_count = cap ? 1 : 0;
	service_utcb.caps[0]   = cap;
}

static enum core_result announce(struct component *c, const struct core_request *q, uint16_t *cap)
{
	struct core_thread *t = component_thread(c, q->arg[0]);

	if (!t || !q->name[0])
		return CORE_BAD_REQUEST;
	if (c->announced[0] || component_by_announced(q->name))
		return CORE_EXISTS;
	*cap = core_thread_core_cap(t);
	if (!*cap)
		return CORE_OUT_OF_RAM;
	for (unsigned i = 0; i < CORE_NAME_LEN - 1 && q->name[i]; i++)
		c->announced[i] = q->name[i];
	c->announced_handle = q->arg[0];
	return CORE_OK;
}

static enum core_result lookup(const struct core_request *q, uint16_t *cap)
{
	struct component *s   = component_by_announced(q->name);
	struct core_thread *t = s ? component_thread(s, s->announced_handle) : NULL;

	if (!t)
		return CORE_NOT_FOUND;
	*cap = core_thread_core_cap(t);
	return *cap ? CORE_OK : CORE_OUT_OF_RAM;
}

static void handle_sig_object(struct component *c, const struct core_request *q,
			      struct core_reply *out)
{
	struct core_sig_object *recv = NULL, *o = NULL;
	bool is_receiver = q->op == CORE_OP_SIG_RECEIVER;

	if (!is_receiver && !(recv = component_sig_object(c, q->arg[0], true))) {
		reply(out, CORE_NOT_FOUND, 0, 0, 0);
		return;
	}
	enum core_result r = component_add_sig_object(c, is_receiver, recv, q->arg[1], &o);
	reply(out, r, o ? o->handle : 0, 0, o ? o->core_id : 0);
}

/* Pause, resume and inspect a thread of the caller's own component */
static void handle_thread_control(struct component *c, const struct core_request *q,
				  struct core_reply *out)
{
	struct core_thread *t = component_thread(c, q->arg[0]);
	struct cpu_regs regs;
	enum kernel_result r;

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
	default:
		r = kernel_call2(KCALL_THREAD_REGS, ptr(&t->thread), ptr(&regs));
		reply(out, r == KERNEL_OK ? CORE_OK : CORE_DENIED, 0,
		      r == KERNEL_OK ? regs.pc | ((uint64_t)regs.sp << 32) : 0, 0);
		return;
	}
	reply(out, r == KERNEL_OK ? CORE_OK : CORE_DENIED, 0, 0, 0);
}

static void handle_thread_op(struct component *c, const struct core_request *q,
			     struct core_reply *out)
{
	struct core_thread *t = NULL;
	enum core_result r;

	switch (q->op) {
	case CORE_OP_THREAD:
		r = component_add_thread(c, q->arg[0], q->arg[1],
					 q->arg[2] ? q->arg[2] - 1 : CORE_DEFAULT_PRIORITY, &t);
		reply(out, r, t ? t->handle : 0, 0, t ? core_thread_core_cap(t) : 0);
		return;
	case CORE_OP_THREAD_CAP:
		t = component_thread(c, q->arg[0]);
		reply(out, t ? CORE_OK : CORE_NOT_FOUND, q->arg[0], 0,
		      t ? core_thread_core_cap(t) : 0);
		return;
	case CORE_OP_RPC_OBJECT: {
		struct core_rpc_object *o = NULL;
		t                         = component_thread(c, q->arg[0]);
		r                         = t ? component_add_rpc_object(c, t, &o) : CORE_NOT_FOUND;
		reply(out, r, o ? o->handle : 0, 0, o ? o->core_id : 0);
		return;
	}
	case CORE_OP_RPC_OBJECT_DROP:
		reply(out, component_drop_rpc_object(c, q->arg[0]), 0, 0, 0);
		return;
	case CORE_OP_THREAD_KILL: reply(out, component_kill_thread(c, q->arg[0]), 0, 0, 0); return;
	case CORE_OP_THREAD_PAUSE:
	case CORE_OP_THREAD_RESUME:
	case CORE_OP_THREAD_STATE: handle_thread_control(c, q, out); return;
	case CORE_OP_THREAD_TIME:
		t = component_thread(c, q->arg[0]);
		reply(out, t ? CORE_OK : CORE_NOT_FOUND, q->arg[0],
		      t ? thread_time_us(&t->thread) : 0, 0);
		return;
	case CORE_OP_QUOTA:
		t = component_thread(c, q->arg[0]);
		if (!t || q->arg[1] > 100) {
			reply(out, t ? CORE_BAD_REQUEST : CORE_NOT_FOUND, 0, 0, 0);
			return;
		}
		r = component_thread_quota(c, t, q->arg[1] * (KERNEL_SUPER_PERIOD_US / 100));
		reply(out, r, q->arg[0], 0, 0);
		return;
	}
}

static void handle(void)
{
	const struct core_request *q = (const struct core_request *)service_utcb.data;
	struct core_reply *out       = (struct core_reply *)service_utcb.data;
	struct component *c          = component_by_badge(service_utcb.badge);
	struct core_request req      = *q; /* the reply overwrites the request */
	uint16_t cap                 = 0;

	if (!c || service_utcb.data_size < sizeof(req)) {
		reply(out, CORE_BAD_REQUEST, 0, 0, 0);
		return;
	}
	req.name[CORE_NAME_LEN - 1] = 0;
	switch (req.op) {
	case CORE_OP_ANNOUNCE: reply(out, announce(c, &req, &cap), 0, 0, cap); return;
	case CORE_OP_LOOKUP: reply(out, lookup(&req, &cap), 0, 0, cap); return;
	case CORE_OP_CAP_UPGRADE: reply(out, component_add_cap_slab(c), 0, 0, 0); return;
	case CORE_OP_SIG_RECEIVER:
	case CORE_OP_SIG_CONTEXT: handle_sig_object(c, &req, out); return;
	case CORE_OP_THREAD:
	case CORE_OP_THREAD_CAP:
	case CORE_OP_THREAD_TIME:
	case CORE_OP_RPC_OBJECT:
	case CORE_OP_RPC_OBJECT_DROP:
	case CORE_OP_THREAD_KILL:
	case CORE_OP_THREAD_PAUSE:
	case CORE_OP_THREAD_RESUME:
	case CORE_OP_THREAD_STATE:
	case CORE_OP_QUOTA: handle_thread_op(c, &req, out); return;
	case CORE_OP_FREE_RAM:
		reply(out, CORE_OK, core_caps_in_use(), (uint64_t)phys_free_pages() * 4096, 0);
		return;
	case CORE_OP_RAM_LEFT: reply(out, CORE_OK, 0, component_ram_left(c), 0); return;
	case CORE_OP_ADDRESS_SPACE: {
		struct region_map *rm = rm_address_space(c);
		reply(out, rm ? CORE_OK : CORE_OUT_OF_RAM, 0, 0, rm ? rm_address_space_cap(rm) : 0);
		return;
	}
	}
	reply(out, CORE_BAD_REQUEST, 0, 0, 0);
}

/* One thread serves both: the core-service protocol (badge of a component's
 * service identity) and RPC objects (parent objects, sessions). */
static void service_loop(void)
{
	service_wait(false);
	for (;;) {
		core_lock();
		if (component_by_badge(service_utcb.badge))
			handle();
		else
			rpc_ep_dispatch(core_entrypoint());
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
	if (r.r0 == KERNEL_OK)
		r.r0 = kernel_call(KCALL_THREAD_START, ptr(&service_thread), ptr(service_loop),
				   ptr(service_stack + sizeof(service_stack)), 0, 0)
			   .r0;
	if (r.r0 != KERNEL_OK)
		core_log("core: error: cannot start the core service\n");
}
