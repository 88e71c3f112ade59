/*
 * The report of a fault or exception that nobody resolved: the component,
 * the kind of fault (a touch of the page below a stack: a stack overflow),
 * ip and address, and the thread that stays stopped.
 */
#include "component.h"
#include "core.h"
#include "stack_area.h"
#include "pager.h"

uint32_t fault_kind(const struct core_thread *t)
{
	const struct fault *f = &t->thread.fault;

	if (f->type == FAULT_UNDEFINED)
		return PD_FAULT_INSTRUCTION;
	return f->type != FAULT_EXEC && stack_area_guard(t->owner, f->addr)
		   ? PD_FAULT_STACK_OVERFLOW
		   : PD_FAULT_MEMORY;
}

void fault_report(const struct core_thread *t)
{
	const struct fault *f = &t->thread.fault;
	bool memory           = f->type != FAULT_UNDEFINED;

	if (fault_kind(t) == PD_FAULT_STACK_OVERFLOW) {
		core_log("core: \"%s\": stack overflow at ip=%p addr=%p, thread \"%s\" stopped\n",
			 t->owner->name, (void *)(uintptr_t)f->ip, (void *)(uintptr_t)f->addr,
			 t->thread.name);
		return;
	}
	core_log("core: \"%s\": %s%s%s%s at ip=%p addr=%p, thread \"%s\" stopped\n", t->owner->name,
		 fault_type_string(f->type), memory ? " (" : "",
		 memory ? fault_cause_string(f->cause) : "", memory ? ")" : "",
		 (void *)(uintptr_t)f->ip, (void *)(uintptr_t)f->addr, t->thread.name);
}
