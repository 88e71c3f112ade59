/*
 * The report of a fault or exception that nobody resolved: the component,
 * the kind of fault, ip and address, and the thread that stays stopped.
 */
#include "component.h"
#include "core.h"
#include "pager.h"

void fault_report(const struct core_thread *t)
{
	const struct fault *f = &t->thread.fault;
	bool memory           = f->type != FAULT_UNDEFINED;

	core_log("core: \"%s\": %s%s%s%s at ip=%p addr=%p, thread \"%s\" stopped\n", t->owner->name,
		 fault_type_string(f->type), memory ? " (" : "",
		 memory ? fault_cause_string(f->cause) : "", memory ? ")" : "",
		 (void *)(uintptr_t)f->ip, (void *)(uintptr_t)f->addr, t->thread.name);
}
