/*
 * Kernel-call dispatch: decode the caller's registers, check rights and
 * arguments, invoke the object operation, write the result.
 *
 * Core-only calls pass pointers to kernel objects in core's memory; they
 * are refused for every thread outside core's PD before anything is read.
 */
#include "kernel.h"
#include <kernel/call_id.h>

static void call_return(struct thread *t, enum kernel_result r)
{
	arch_call_result(&t->regs, r, 0);
}

/* Core passes object pointers; reject the obviously broken ones. */
static bool core_object_ok(uint32_t ptr) { return ptr != 0 && (ptr & 3) == 0; }

static void call_time(struct thread *t)
{
	uint64_t us = kernel_time_us();
	arch_call_result(&t->regs, (uint32_t)us, (uint32_t)(us >> 32));
}

static void call_pager_wait(struct thread *t)
{
	struct thread *e = thread_pager_wait(t);
	if (e)
		arch_call_result(&t->regs, KERNEL_OK, (uintptr_t)e);
	/* else blocked: the result is written when an event arrives */
}

static enum kernel_result call_core(struct thread *t, uint32_t id)
{
	uint32_t a1 = arch_call_arg(&t->regs, 1);
	uint32_t a2 = arch_call_arg(&t->regs, 2);
	uint32_t a3 = arch_call_arg(&t->regs, 3);
	uint32_t a4 = arch_call_arg(&t->regs, 4);

	if (id != KCALL_PAGER_WAIT && !core_object_ok(a1))
		return KERNEL_INVALID_ARG;

	switch (id) {
	case KCALL_PD_CREATE: return pd_create(arch_core_ptr(a1), a2);
	case KCALL_PD_DESTROY: return pd_destroy(arch_core_ptr(a1));
	case KCALL_THREAD_CREATE:
		if (!core_object_ok(a2))
			return KERNEL_INVALID_ARG;
		return thread_create(arch_core_ptr(a1), arch_core_ptr(a2), a3, arch_core_ptr(a4));
	case KCALL_THREAD_DESTROY: return thread_destroy(arch_core_ptr(a1));
	case KCALL_THREAD_START: return thread_start(arch_core_ptr(a1), a2, a3);
	case KCALL_THREAD_SET_PAGER:
		if (a2 && !core_object_ok(a2))
			return KERNEL_INVALID_ARG;
		return thread_set_pager(arch_core_ptr(a1), arch_core_ptr(a2));
	}
	return KERNEL_INVALID_CALL;
}

void kernel_call_dispatch(struct thread *t)
{
	uint32_t id = arch_call_id(&t->regs);

	switch (id) {
	case KCALL_PRINT:
		thread_print_char(t, (char)arch_call_arg(&t->regs, 1));
		call_return(t, KERNEL_OK);
		return;
	case KCALL_THREAD_YIELD:
		sched_share_yield(&kernel.sched, &t->share);
		call_return(t, KERNEL_OK);
		return;
	case KCALL_THREAD_EXIT: thread_exit(t, (int)arch_call_arg(&t->regs, 1)); return;
	case KCALL_TIME: call_time(t); return;
	}

	if (id < KCALL_CORE_FIRST || id > KCALL_CORE_LAST || !kernel_is_core(t)) {
		call_return(t, KERNEL_INVALID_CALL);
		return;
	}
	if (id == KCALL_PAGER_WAIT) {
		call_pager_wait(t);
		return;
	}
	call_return(t, call_core(t, id));
}
