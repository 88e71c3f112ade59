/*
 * Kernel-call dispatch: decode the caller's registers, check rights and
 * arguments, invoke the object operation, write the result (unless the
 * caller blocked; then its result is written when it wakes up).
 *
 * Common calls name objects by capability ids of the caller's PD. Core-only
 * calls pass pointers to kernel objects in core's memory; they are refused
 * for every thread outside core's PD before any argument is read.
 */
#include "kernel.h"
#include "ipc.h"
#include "signal.h"
#include "timeout.h"
#include "trace.h"
#include <kernel/call_id.h>

static uint32_t arg(struct thread *t, unsigned i) { return arch_call_arg(&t->regs, i); }

static void call_return(struct thread *t, enum kernel_result r)
{
	if (r != KERNEL_BLOCKED)
		arch_call_result(&t->regs, r, 0);
}

static void call_return_u64(struct thread *t, uint64_t v)
{
	arch_call_result(&t->regs, (uint32_t)v, (uint32_t)(v >> 32));
}

/* The share t runs on: a caller's it works for (helping), else its own */
static struct sched_share *call_running_share(struct thread *t)
{
	struct sched_share *cur = t->cpu->sched.current;

	if (cur != t->cpu->sched.idle &&
	    thread_executor(container_of(cur, struct thread, share)) == t)
		return cur;
	return &t->share;
}

static struct sig_context *ctx_of(struct thread *t, uint32_t cap)
{
	struct kobject *o = cap_object(&t->pd->caps, (uint16_t)cap, KOBJ_SIG_CONTEXT);
	return o && cap <= UINT16_MAX ? container_of(o, struct sig_context, kobj) : NULL;
}

static struct sig_receiver *receiver_of(struct thread *t, uint32_t cap)
{
	struct kobject *o = cap_object(&t->pd->caps, (uint16_t)cap, KOBJ_SIG_RECEIVER);
	return o && cap <= UINT16_MAX ? container_of(o, struct sig_receiver, kobj) : NULL;
}

static enum kernel_result call_timeout(struct thread *t, uint32_t us, uint32_t cap)
{
	if (us == 0) {
		timeout_cancel(&t->timeout);
		return KERNEL_OK;
	}
	struct sig_context *c = ctx_of(t, cap);
	if (!c)
		return KERNEL_INVALID_CAP;
	timeout_set(&t->timeout, cpu_local()->last_ticks, kernel_us_to_ticks(us), c);
	return KERNEL_OK;
}

static enum kernel_result call_restart(struct thread *t, uint32_t cap)
{
	struct kobject *o = cap_object(&t->pd->caps, (uint16_t)cap, KOBJ_THREAD);
	if (!o || cap > UINT16_MAX)
		return KERNEL_INVALID_CAP;
	return thread_restart(t, container_of(o, struct thread, kobj));
}

/* Only on memory the caller has mapped itself; core may name any of its own. */
static enum kernel_result call_cache(struct thread *t, enum arch_cache_op op)
{
	uint32_t base = arg(t, 1), size = arg(t, 2);

	if (size == 0 || base + size < base)
		return KERNEL_INVALID_ARG;
	if (!kernel_is_core(t) &&
	    (base + size > USER_VIRT_END ||
	     !arch_user_range_mapped(t->pd->ttbr0_phys, base, size, op == ARCH_CACHE_INV)))
		return KERNEL_INVALID_ARG;
	arch_cache_op(op, base, size);
	return KERNEL_OK;
}

enum kernel_result kernel_call_cap(struct thread *t, uint32_t id)
{
	uint32_t cap = arg(t, 1);

	if (cap > UINT16_MAX)
		return KERNEL_INVALID_CAP;
	if (id == KCALL_CAP_DELETE)
		return cap_delete(&t->pd->caps, (uint16_t)cap);
	enum kernel_result r = cap_ack(&t->pd->caps, (uint16_t)cap);
	if (r == KERNEL_OK)
		ipc_name_acked(t, (uint16_t)cap);
	return r;
}

/* A context or receiver call whose capability does not resolve */
#define WITH(obj, expr) ((obj) ? (expr) : KERNEL_INVALID_CAP)

static enum kernel_result call_signal(struct thread *t, uint32_t id)
{
	struct sig_context *c;
	struct sig_receiver *r;

	switch (id) {
	case KCALL_SIG_SUBMIT: c = ctx_of(t, arg(t, 1)); return WITH(c, sig_submit(c, arg(t, 2)));
	case KCALL_SIG_ACK: c = ctx_of(t, arg(t, 1)); return WITH(c, sig_ack(c));
	case KCALL_SIG_ACK_WAIT:
		c = ctx_of(t, arg(t, 1));
		r = receiver_of(t, arg(t, 2));
		return WITH(c && r, sig_ack_wait(c, r, t));
	case KCALL_SIG_KILL: c = ctx_of(t, arg(t, 1)); return WITH(c, sig_kill(c, t));
	case KCALL_SIG_WAIT: r = receiver_of(t, arg(t, 1)); return WITH(r, sig_wait(r, t, true));
	case KCALL_SIG_PENDING:
		r = receiver_of(t, arg(t, 1));
		return WITH(r, sig_wait(r, t, false));
	}
	return KERNEL_INVALID_CALL;
}

static enum kernel_result call_common(struct thread *t, uint32_t id)
{
	switch (id) {
	case KCALL_PRINT: thread_print_char(t, (char)arg(t, 1)); return KERNEL_OK;
	case KCALL_THREAD_YIELD: {
		/* A helper (a server on its client's share) steps aside: the
		 * client's claim is not the helper's to give up. So does core,
		 * which yields only for its lock (core/src/lock.c): the pager's
		 * claim lasts the period, the holder runs first. */
		struct sched_share *share = call_running_share(t);
		if (share == &t->share && !kernel_is_core(t))
			sched_share_yield(&t->cpu->sched, share);
		else
			sched_share_step_aside(&t->cpu->sched, share);
		return KERNEL_OK;
	}
	case KCALL_THREAD_EXIT: thread_exit(t, (int)arg(t, 1)); return KERNEL_BLOCKED;
	case KCALL_RPC_CALL:
		ipc_names_taken(t, arg(t, 3));
		return arg(t, 1) > UINT16_MAX ? KERNEL_INVALID_CAP
					      : ipc_call(t, (uint16_t)arg(t, 1), arg(t, 2));
	case KCALL_RPC_WAIT: return ipc_wait(t, arg(t, 1));
	case KCALL_RPC_REPLY: return ipc_reply(t);
	case KCALL_RPC_REPLY_AND_WAIT:
		ipc_names_taken(t, arg(t, 2));
		return ipc_reply_and_wait(t, arg(t, 1));
	case KCALL_CAP_ACK:
	case KCALL_CAP_DELETE: return kernel_call_cap(t, id);
	case KCALL_THREAD_STOP: return thread_stop(t);
	case KCALL_THREAD_RESTART: return call_restart(t, arg(t, 1));
	case KCALL_TIMEOUT: return call_timeout(t, arg(t, 1), arg(t, 2));
	case KCALL_CACHE_CLEAN_INV: return call_cache(t, ARCH_CACHE_CLEAN_INV);
	case KCALL_CACHE_INV: return call_cache(t, ARCH_CACHE_INV);
	case KCALL_CACHE_COHERENT: return call_cache(t, ARCH_CACHE_COHERENT);
	}
	return call_signal(t, id);
}

/* Core passes object pointers; reject the obviously broken ones. */
static bool core_object_ok(uint32_t ptr) { return ptr != 0 && (ptr & 3) == 0; }

#define P(i) arch_core_ptr(arg(t, i))

static enum kernel_result call_core_objects(struct thread *t, uint32_t id)
{
	uint16_t cap = 0;
	enum kernel_result r;

	switch (id) {
	case KCALL_OBJ_CREATE:
		return core_object_ok(arg(t, 2)) ? identity_create(P(1), P(2)) : KERNEL_INVALID_ARG;
	case KCALL_OBJ_DESTROY: return identity_destroy(P(1));
	case KCALL_CAP_INSERT:
		if (!core_object_ok(arg(t, 2)) || ((struct pd *)P(1))->state != PD_ACTIVE)
			return KERNEL_INVALID_ARG;
		r = cap_insert(&((struct pd *)P(1))->caps, P(2), &cap);
		arch_call_result(&t->regs, r, cap);
		return KERNEL_BLOCKED; /* result already written */
	case KCALL_CAP_DELEGATE: {
		struct cap_name *n = cap_lookup(&t->pd->caps, (uint16_t)arg(t, 2));
		if (!n || arg(t, 2) > 0xffff || ((struct pd *)P(1))->state != PD_ACTIVE)
			return KERNEL_INVALID_ARG;
		r = cap_insert(&((struct pd *)P(1))->caps, n->identity, &cap);
		arch_call_result(&t->regs, r, cap);
		return KERNEL_BLOCKED;
	}
	case KCALL_SIG_RECEIVER_CREATE: return sig_receiver_create(P(1));
	case KCALL_SIG_RECEIVER_DESTROY: return sig_receiver_destroy(P(1));
	case KCALL_SIG_CONTEXT_CREATE:
		return core_object_ok(arg(t, 2)) ? sig_context_create(P(1), P(2), arg(t, 3))
						 : KERNEL_INVALID_ARG;
	case KCALL_SIG_CONTEXT_DESTROY: return sig_context_destroy(P(1));
	case KCALL_IRQ_CREATE:
		return core_object_ok(arg(t, 3)) ? irq_create(P(1), arg(t, 2), P(3))
						 : KERNEL_INVALID_ARG;
	case KCALL_IRQ_DESTROY: return irq_destroy(P(1));
	}
	return KERNEL_INVALID_CALL;
}

static enum kernel_result call_core_threads(struct thread *t, uint32_t id)
{
	struct thread *target = P(1);

	switch (id) {
	case KCALL_THREAD_CREATE:
		/* every thread needs a page-aligned UTCB: IPC and signals write there */
		if (!core_object_ok(arg(t, 2)) || !core_object_ok(arg(t, 5)) ||
		    ((uintptr_t)P(5) & (UTCB_SIZE - 1)))
			return KERNEL_INVALID_ARG;
		return thread_create(target, P(2), arg(t, 3), P(4), P(5));
	case KCALL_THREAD_DESTROY: return thread_destroy(target);
	case KCALL_THREAD_START: {
		enum kernel_result r = thread_start(target, arg(t, 2), arg(t, 3));
		if (r == KERNEL_OK)
			arch_regs_set_utcb(&target->regs, arg(t, 4));
		return r;
	}
	case KCALL_THREAD_PAUSE: return thread_pause(target);
	case KCALL_THREAD_RESUME: return thread_resume(target);
	case KCALL_THREAD_PAGER:
		if (arg(t, 2) && !core_object_ok(arg(t, 2)))
			return KERNEL_INVALID_ARG;
		return thread_set_pager(target, arg(t, 2) ? P(2) : NULL);
	case KCALL_THREAD_PAGER_ACK: return thread_pager_ack(target, arg(t, 2) != 0);
	case KCALL_THREAD_REGS:
		if (!thread_constructed(target) || !core_object_ok(arg(t, 2)))
			return KERNEL_INVALID_ARG;
		*(struct cpu_regs *)P(2) = target->regs;
		return KERNEL_OK;
	case KCALL_THREAD_CPU: return thread_set_cpu(target, arg(t, 2));
	case KCALL_THREAD_CPU_TIME:
		if (!thread_constructed(target) || !core_object_ok(arg(t, 2)))
			return KERNEL_INVALID_ARG;
		*(uint64_t *)P(2) = thread_cpu_ticks(target);
		return KERNEL_OK;
	case KCALL_THREAD_QUOTA:
		if (!thread_constructed(target))
			return KERNEL_INVALID_STATE;
		return sched_set_quota(&target->cpu->sched, &target->share,
				       (uint32_t)kernel_us_to_ticks(arg(t, 2)))
			   ? KERNEL_OK
			   : KERNEL_INVALID_ARG;
	}
	return call_core_objects(t, id);
}

static enum kernel_result call_core(struct thread *t, uint32_t id)
{
	if (!core_object_ok(arg(t, 1)))
		return KERNEL_INVALID_ARG;

	switch (id) {
	case KCALL_PD_CREATE: return pd_create(P(1), arg(t, 2));
	case KCALL_PD_DESTROY: return pd_destroy(P(1));
	case KCALL_PD_CAP_SLAB:
		if (!core_object_ok(arg(t, 2)) || ((struct pd *)P(1))->state != PD_ACTIVE)
			return KERNEL_INVALID_ARG;
		return cap_slab_add(&((struct pd *)P(1))->caps, P(2));
	case KCALL_TRACE_START: return trace_start(P(1), arg(t, 2), arg(t, 3), arg(t, 4));
	case KCALL_PD_CAP_SLAB_REMOVE: {
		struct pd *pd         = P(1);
		struct cap_slab *slab = NULL;
		if (pd->state != PD_ACTIVE)
			return KERNEL_INVALID_ARG;
		/* r1: the address core donated it at (arch_core_ptr is the identity on ARM) */
		enum kernel_result r = cap_slab_remove(&pd->caps, &slab);
		arch_call_result(&t->regs, r, (uintptr_t)slab);
		return KERNEL_BLOCKED; /* result already written */
	}
	}
	return call_core_threads(t, id);
}

void kernel_call_dispatch(struct thread *t)
{
	uint32_t id = arch_call_id(&t->regs);
	struct sig_context *c;

	switch (id) {
	case KCALL_SIG_SUBMIT: /* a wake-up's path: decoded first */
		c = ctx_of(t, arg(t, 1));
		call_return(t, WITH(c, sig_submit(c, arg(t, 2))));
		return;
	case KCALL_TIME: call_return_u64(t, kernel_time_us()); return;
	case KCALL_TIME_NS: call_return_u64(t, kernel_time_ns()); return;
	case KCALL_THREAD_TIME: call_return_u64(t, kernel_ticks_to_us(t->share.consumed)); return;
	}
	if (id < KCALL_CORE_FIRST) {
		call_return(t, call_common(t, id));
		return;
	}
	if (id > KCALL_CORE_LAST || !kernel_is_core(t)) {
		call_return(t, KERNEL_INVALID_CALL);
		return;
	}
	call_return(t, call_core(t, id));
}
