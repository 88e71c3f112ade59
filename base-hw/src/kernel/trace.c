/*
 * The kernel's trace (trace.h): one record per kernel entry and exit into
 * the ring of the CPU. The entry record names the thread that entered and
 * why (a call with its id and first arguments, an IRQ, a fault); the exit
 * record the thread that runs next and the share it runs on, whether the
 * share runs on its claim or in the fill rotation, and its claim left: a
 * caller's share running its server is helping.
 */
#include "trace.h"
#include "kernel.h"
#include <board/timer.h>

static struct trace_ring *rings[TRACE_CPUS];

/* The ring of the CPU that runs this code; none for CPUs beyond
 * TRACE_CPUS (their entries and exits go unrecorded) */
static struct trace_ring *trace_ring(void)
{
	unsigned id = cpu_local()->id;
	return id < TRACE_CPUS ? rings[id] : NULL;
}

static void trace_record(uint32_t type, const struct thread *t, uint32_t a0, uint32_t a1,
			 uint32_t a2)
{
	struct trace_ring *r = trace_ring();
	if (!r || (r->flags & TRACE_ONCE && r->written >= r->count))
		return;
	uint64_t ticks         = board_timer_ticks();
	struct trace_record *e = &r->rec[r->written % r->count];

	*e = (struct trace_record){ (uint32_t)ticks,
				    (uint32_t)(ticks >> 32),
				    type,
				    (uint32_t)(uintptr_t)t,
				    { a0, a1, a2, 0 } };
	r->written++;
}

enum kernel_result trace_start(void *mem, uint32_t ring_bytes, uint32_t cpus, uint32_t flags)
{
	if (rings[0])
		return KERNEL_INVALID_STATE;
	if (cpus != TRACE_CPUS || ring_bytes < TRACE_RING_HEADER + sizeof(struct trace_record) ||
	    ring_bytes % sizeof(struct trace_record) || flags & ~(uint32_t)TRACE_ONCE)
		return KERNEL_INVALID_ARG;
	for (unsigned i = 0; i < TRACE_CPUS; i++) {
		struct trace_ring *r = (struct trace_ring *)((uint8_t *)mem + i * ring_bytes);
		*r       = (struct trace_ring){ .count = (ring_bytes - TRACE_RING_HEADER) /
							 sizeof(struct trace_record),
						.ticks_per_ms = kernel.ticks_per_ms,
						.cpu          = i,
						.flags        = flags };
		rings[i] = r;
	}
	arch_trace_patch();
	return KERNEL_OK;
}

void trace_entry(unsigned kind)
{
	struct thread *t = cpu_local()->current;
	if (kind == KERNEL_ENTRY_IRQ)
		trace_record(TRACE_ENTRY_IRQ, t, 0, 0, 0);
	else
		trace_record(TRACE_ENTRY_FAULT, t, kind, 0, 0);
	kernel_entry(kind);
}

void trace_entry_call(struct cpu *cpu)
{
	struct thread *t = cpu->current;
	trace_record(TRACE_ENTRY_CALL, t, arch_call_id(&t->regs), arch_call_arg(&t->regs, 1),
		     arch_call_arg(&t->regs, 2));
	if (kernel.cpu_count > 1)
		kernel_entry_call_mp(cpu);
	kernel_entry_call(cpu);
}

void trace_exit(struct cpu_regs *next)
{
	const struct scheduler *sched = &cpu_local()->sched;
	const struct sched_share *s   = sched->current;
	const struct thread *owner    = s ? container_of(s, struct thread, share) : NULL;

	trace_record(TRACE_EXIT, container_of(next, struct thread, regs),
		     (uint32_t)(uintptr_t)owner, sched->current_on_claim, s ? s->claim_left : 0);
}
