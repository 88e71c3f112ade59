/*
 * Client of core's service (see base/core_service.h).
 */
#include <stddef.h>
#include <kernel/call.h>
#include <base/core_service.h>

uint16_t core_service_cap;

static void copy_name(char *dst, const char *src)
{
	unsigned i = 0;
	for (; src && src[i] && i < CORE_NAME_LEN - 1; i++)
		dst[i] = src[i];
	for (; i < CORE_NAME_LEN; i++)
		dst[i] = 0;
}

/* One round trip; CORE_IPC_ERROR if the call itself failed */
static int call_once(struct utcb *u, const struct core_request *q, struct core_reply *r)
{
	*(struct core_request *)u->data = *q;
	u->data_size                    = sizeof(*q);
	u->cap_count                    = 0;
	if (kernel_rpc_call(core_service_cap, 0) != KERNEL_OK || u->data_size < sizeof(*r))
		return CORE_IPC_ERROR;
	*r = *(struct core_reply *)u->data;
	return (int)r->result;
}

int core_call(struct utcb *u, const struct core_request *q, struct core_reply *r, uint16_t *cap)
{
	struct core_request up = { .op = CORE_OP_CAP_UPGRADE };
	struct core_reply ur;
	int res;

	*r = (struct core_reply){ 0 }; /* callers read it even after a failure */
	if (cap)
		*cap = 0;
	/* core gives the reply's capability a name in our space: make room if full */
	for (unsigned attempt = 0; (res = call_once(u, q, r)) == CORE_OUT_OF_CAPS; attempt++)
		if (attempt == 8 || call_once(u, &up, &ur) != CORE_OK)
			return CORE_OUT_OF_CAPS;
	if (cap)
		*cap = (uint16_t)r->cap;
	return res;
}

static int simple(struct utcb *u, uint32_t op, uint32_t a0, uint32_t a1, const char *name,
		  struct core_reply *r, uint16_t *cap)
{
	struct core_request q = { .op = op, .arg = { a0, a1, 0 } };
	copy_name(q.name, name);
	return core_call(u, &q, r, cap);
}

/* An operation on one handle without results */
static int op1(struct utcb *u, uint32_t op, uint32_t a0)
{
	struct core_reply r;
	return simple(u, op, a0, 0, NULL, &r, NULL);
}

int core_announce(struct utcb *u, const char *name, uint32_t thread, uint16_t *own_cap)
{
	struct core_reply r;
	return simple(u, CORE_OP_ANNOUNCE, thread, 0, name, &r, own_cap);
}

int core_lookup(struct utcb *u, const char *name, uint16_t *cap)
{
	struct core_reply r;
	return simple(u, CORE_OP_LOOKUP, 0, 0, name, &r, cap);
}

int core_cap_upgrade(struct utcb *u) { return op1(u, CORE_OP_CAP_UPGRADE, 0); }

int core_sig_receiver(struct utcb *u, uint16_t *cap, uint32_t *handle)
{
	struct core_reply r;
	int res = simple(u, CORE_OP_SIG_RECEIVER, 0, 0, NULL, &r, cap);
	*handle = r.handle;
	return res;
}

int core_sig_context_handle(struct utcb *u, uint32_t receiver, uint32_t imprint, uint16_t *cap,
			    uint32_t *handle)
{
	struct core_reply r;
	int res = simple(u, CORE_OP_SIG_CONTEXT, receiver, imprint, NULL, &r, cap);
	*handle = r.handle;
	return res;
}

int core_sig_context(struct utcb *u, uint32_t receiver, uint32_t imprint, uint16_t *cap)
{
	uint32_t handle;
	return core_sig_context_handle(u, receiver, imprint, cap, &handle);
}

int core_sig_free(struct utcb *u, uint32_t handle) { return op1(u, CORE_OP_SIG_FREE, handle); }

int core_thread_prio(struct utcb *u, void (*entry)(struct utcb *), void *stack_top,
		     unsigned priority, uint16_t *cap, uint32_t *handle)
{
	struct core_request q = { .op  = CORE_OP_THREAD,
				  .arg = { (uint32_t)(uintptr_t)entry,
					   (uint32_t)(uintptr_t)stack_top, priority + 1 } };
	struct core_reply r;
	int res = core_call(u, &q, &r, cap);
	*handle = r.handle;
	return res;
}

int core_thread(struct utcb *u, void (*entry)(struct utcb *), void *stack_top, uint16_t *cap,
		uint32_t *handle)
{
	return core_thread_prio(u, entry, stack_top, CORE_DEFAULT_PRIORITY, cap, handle);
}

int core_quota(struct utcb *u, uint32_t thread, unsigned percent)
{
	struct core_reply r;
	return simple(u, CORE_OP_QUOTA, thread, percent, NULL, &r, NULL);
}

int core_thread_time(struct utcb *u, uint32_t thread, uint64_t *us)
{
	struct core_reply r;
	int res = simple(u, CORE_OP_THREAD_TIME, thread, 0, NULL, &r, NULL);
	*us     = r.value;
	return res;
}

int core_thread_cap(struct utcb *u, uint32_t thread, uint16_t *cap)
{
	struct core_reply r;
	return simple(u, CORE_OP_THREAD_CAP, thread, 0, NULL, &r, cap);
}

int core_rpc_object(struct utcb *u, uint32_t thread, uint16_t *cap, uint32_t *handle)
{
	struct core_reply r;
	int res = simple(u, CORE_OP_RPC_OBJECT, thread, 0, NULL, &r, cap);
	*handle = r.handle;
	return res;
}

int core_rpc_object_drop(struct utcb *u, uint32_t handle)
{
	return op1(u, CORE_OP_RPC_OBJECT_DROP, handle);
}

int core_thread_pause(struct utcb *u, uint32_t thread)
{
	return op1(u, CORE_OP_THREAD_PAUSE, thread);
}

int core_thread_resume(struct utcb *u, uint32_t thread)
{
	return op1(u, CORE_OP_THREAD_RESUME, thread);
}

int core_thread_state(struct utcb *u, uint32_t thread, uint32_t *ip, uint32_t *sp)
{
	struct core_reply r;
	int res = simple(u, CORE_OP_THREAD_STATE, thread, 0, NULL, &r, NULL);
	*ip     = (uint32_t)r.value;
	*sp     = (uint32_t)(r.value >> 32);
	return res;
}

int core_thread_kill(struct utcb *u, uint32_t thread)
{
	return op1(u, CORE_OP_THREAD_KILL, thread);
}

int core_resources(struct utcb *u, uint64_t *bytes, uint32_t *caps)
{
	struct core_reply r;
	int res = simple(u, CORE_OP_FREE_RAM, 0, 0, NULL, &r, NULL);
	*bytes  = r.value;
	*caps   = r.handle;
	return res;
}

int core_free_ram(struct utcb *u, uint64_t *bytes)
{
	uint32_t caps;
	return core_resources(u, bytes, &caps);
}

int core_address_space(struct utcb *u, uint16_t *rm)
{
	struct core_reply r;
	return simple(u, CORE_OP_ADDRESS_SPACE, 0, 0, NULL, &r, rm);
}

int core_ram_left(struct utcb *u, uint64_t *bytes)
{
	struct core_reply r;
	int res = simple(u, CORE_OP_RAM_LEFT, 0, 0, NULL, &r, NULL);
	*bytes  = r.value;
	return res;
}

int core_stack(struct utcb *u, uint32_t size, uint32_t *top, uint32_t *handle)
{
	struct core_reply r;
	int res = simple(u, CORE_OP_STACK, size, 0, NULL, &r, NULL);
	*top    = (uint32_t)r.value;
	*handle = r.handle;
	return res;
}

int core_stack_free(struct utcb *u, uint32_t handle) { return op1(u, CORE_OP_STACK_FREE, handle); }

/* --- the RPC framework's hooks in components --- */
#include <base/rpc.h>

bool rpc_cap_refill(struct utcb *u) { return core_cap_upgrade(u) == CORE_OK; }

static int mint_via_core(struct rpc_entrypoint *ep, struct rpc_object *obj)
{
	/* the calling thread asks core; it may be any thread of the component */
	return core_rpc_object(ep->utcb, ep->thread, &obj->cap, &obj->handle) == CORE_OK
		   ? RPC_OK
		   : RPC_OUT_OF_CAPS;
}

static void drop_via_core(struct rpc_entrypoint *ep, struct rpc_object *obj)
{
	core_rpc_object_drop(ep->utcb, obj->handle);
	kernel_cap_delete(obj->cap);
}

static const struct rpc_minter core_minter = { mint_via_core, drop_via_core };

void rpc_ep_init(struct rpc_entrypoint *ep, struct utcb *utcb, uint32_t thread)
{
	rpc_ep_init_with(ep, utcb, &core_minter);
	ep->thread = thread;
}
