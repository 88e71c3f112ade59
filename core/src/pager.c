/*
 * Core's pager (see pager.h): the faults and exits of components' threads.
 */
#include <kernel/call.h>
#include "component.h"
#include "core.h"
#include "pager.h"
#include "session.h"
#include "stack_area.h"

static void pager_ack(struct core_thread *t, bool restart)
{
	kernel_call2(KCALL_THREAD_PAGER_ACK, (uint32_t)(uintptr_t)&t->thread, restart);
}

void pager_fault_done(struct core_thread *t, enum rm_resolution r)
{
	if (r == RM_REFLECTED)
		return; /* the fault handler's attach will answer */
	if (r == RM_UNRESOLVED) {
		fault_report(t);
		cpu_session_thread_faulted(t);
		t->owner->faults++;
		t->owner->last_fault =
		    (struct pd_fault){ t->owner->faults, fault_kind(t), t->thread.fault.ip,
				       t->thread.fault.addr };
		if (t->owner->fault_handler) /* its parent wants to know */
			kernel_sig_submit(t->owner->fault_handler, 1);
	}
	pager_ack(t, r == RM_RESOLVED);
}

void pager_signal(uint32_t imprint)
{
	/* a delivery may refer to a thread that went meanwhile */
	struct core_thread *t = core_thread_by_imprint(imprint);
	if (!t)
		return;
	struct component *c = t->owner;

	switch (t->thread.state) {
	case THREAD_FAULTED:
		pager_fault_done(t, stack_area_fault(c, &t->thread.fault) == STACK_MAPPED
					? RM_RESOLVED
					: rm_resolve_fault(t));
		return;
	case THREAD_EXITED:
		if (t != &c->main)
			core_thread_destroy(t);
		else
			component_exit(c, t->thread.exit_code);
		return;
	default: break;
	}
	core_log("core: \"%s\": spurious pager signal\n", c->name);
	pager_ack(t, false);
}
