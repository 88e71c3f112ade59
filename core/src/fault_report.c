/*
 * The report of a fault or exception that nobody resolved: the component,
 * the kind of fault (a touch of the page below a stack: a stack overflow),
 * ip, address and lr, the thread that stays stopped, and a line with the
 * backtrace (the run tool turns its addresses into functions and lines,
 * doc/architecture.md 4.8).
 */
#include <arch/cpu.h>
#include "backtrace.h"
#include "component.h"
#include "core.h"
#include "stack_area.h"
#include "pager.h"

uint32_t fault_kind(const struct core_thread *t)
{
	const struct fault *f = &t->thread.fault;

	if (f->type == FAULT_UNDEFINED)
		return PD_FAULT_INSTRUCTION;
	if (f->type == FAULT_EXEC)
		return PD_FAULT_MEMORY;
	if (stack_area_guard(t->owner, f->addr))
		return PD_FAULT_STACK_OVERFLOW;
	if (f->cause == FAULT_CAUSE_TRANSLATION && stack_area_contains(t->owner, f->addr))
		return PD_FAULT_STACK_OUT_OF_RAM;
	return PD_FAULT_MEMORY;
}

static bool stack_word(void *ctx, uint32_t va, uint32_t *word)
{
	return stack_area_read(ctx, va, word);
}

static void report_backtrace(const struct core_thread *t)
{
	const struct cpu_regs *r = &t->thread.regs;
	uint32_t frame[BACKTRACE_MAX];
	unsigned n = backtrace_walk(t->thread.fault.ip, r->lr, arch_regs_fp(r), stack_word,
				    t->owner, frame, BACKTRACE_MAX);

	core_log("core: \"%s\": backtrace", t->owner->name);
	for (unsigned i = 0; i < n; i++)
		core_log(" %p", (void *)(uintptr_t)frame[i]);
	core_log("\n");
}

void fault_report(const struct core_thread *t)
{
	const struct fault *f = &t->thread.fault;
	bool memory           = f->type != FAULT_UNDEFINED;
	uint32_t kind         = fault_kind(t);
	bool stack = kind == PD_FAULT_STACK_OVERFLOW || kind == PD_FAULT_STACK_OUT_OF_RAM;

	core_log("core: \"%s\": %s%s%s%s at ip=%p addr=%p lr=%p, thread \"%s\" stopped\n",
		 t->owner->name, stack ? pd_fault_kind_string(kind) : fault_type_string(f->type),
		 memory && !stack ? " (" : "", memory && !stack ? fault_cause_string(f->cause) : "",
		 memory && !stack ? ")" : "", (void *)(uintptr_t)f->ip, (void *)(uintptr_t)f->addr,
		 (void *)(uintptr_t)t->thread.regs.lr, t->thread.name);
	report_backtrace(t);
}
