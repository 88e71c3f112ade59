/*
 * Per-CPU kernel state. Each CPU has its own scheduler, idle thread, timer
 * (the board's per-CPU alarm) and timeouts; everything else of the kernel
 * is shared and guarded by the kernel lock (kernel.h). A CPU finds its own
 * struct cpu through cpu_local(), which the architecture keeps in a
 * per-CPU register (ARM: TPIDRPRW), so per-CPU state costs no lookup.
 *
 * A thread belongs to one CPU (thread->cpu, its affinity): its share is
 * queued only in that CPU's scheduler, and only that CPU runs it.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include "list.h"
#include "scheduler.h"
#include "thread.h"

enum { KERNEL_CPUS_MAX = 8 };

struct cpu {
	/* the first two fields are read by the architecture's exception entry */
	struct thread *current; /* thread whose registers are loaded: its frame */
	uintptr_t kernel_sp;    /* top of this CPU's kernel stack */

	unsigned id;           /* index in kernel.cpus, 0 = the boot CPU */
	struct pd *current_pd; /* address space loaded in this CPU's MMU */
	uint64_t last_ticks;   /* timer value at this CPU's last time accounting */
	struct scheduler sched;
	struct list timeouts;       /* armed struct timeout of this CPU's threads, by deadline */
	uint32_t timeouts_set;      /* counts timeout_set: a deadline may be nearer */
	uint32_t left_changes;      /* sched.changes when the timer was last programmed */
	uint32_t left_timeouts_set; /* timeouts_set then */
	struct list migrations;     /* threads to move to another CPU at this CPU's next entry */
	struct sched_share *ready_deferred; /* see kernel_ready_defer (kernel.h) */
	bool kicked;                        /* an inter-processor interrupt to it is pending */
	struct thread idle;
};

_Static_assert(offsetof(struct cpu, current) == 0 &&
		   offsetof(struct cpu, kernel_sp) == sizeof(void *),
	       "struct cpu: layout shared with the exception entry (CPU_CURRENT, ...)");

static inline struct cpu *cpu_local(void) { return (struct cpu *)arch_cpu_local(); }

static inline bool thread_is_idle(const struct thread *t) { return t == &t->cpu->idle; }

/* Another CPU's scheduling changed: it decides anew (an inter-processor
 * interrupt, unless one is pending or it is this CPU, which decides at its
 * exit anyway) */
void cpu_kick(struct cpu *cpu);
