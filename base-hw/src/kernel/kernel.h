/*
 * The kernel's global state and its internal interface. All kernel-wide
 * state lives in the one `struct kernel` defined in kernel.c.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"
#include "irq.h"
#include "pd.h"
#include "scheduler.h"
#include "thread.h"

/* Kernel-internal result of a call that blocked the caller: its result is
 * written when it wakes up. Never seen by user level. */
#define KERNEL_BLOCKED ((enum kernel_result)0x100)

/* Why the kernel was entered (passed by the architecture's entry code) */
enum kernel_entry_kind {
	KERNEL_ENTRY_CALL       = 0,
	KERNEL_ENTRY_IRQ        = 1,
	KERNEL_ENTRY_UNEXPECTED = 2, /* exception vectors we never use */
	KERNEL_ENTRY_FAULT      = 3, /* >= this: an arch fault code for arch_fault_decode */
};

enum { KERNEL_ASIDS = 256 }; /* ASID 0 is core's */

/*
 * The kernel lock: every kernel entry takes it and the exit releases it, so
 * that the kernel runs on one CPU at a time and its objects need no finer
 * locking (doc/architecture.md 4.9). With one CPU it is not taken at all.
 */
struct kernel {
	struct cpu cpus[KERNEL_CPUS_MAX];
	unsigned cpu_count; /* CPUs the kernel runs on (started or being started) */
	struct arch_lock lock;
	uint32_t ticks_per_ms;
	uint32_t ns_per_tick; /* if a tick is a whole number of ns, else 0 */
	uint32_t asid_used[KERNEL_ASIDS / 32];
	struct irq *irqs[IRQ_LINES]; /* user-level owners of interrupt lines */
	struct pd core_pd;
	struct thread core_main;
};

extern struct kernel kernel;

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void kernel_panic(const char *msg);

#define kassert(cond, msg)                 \
	do {                               \
		if (!(cond))               \
			kernel_panic(msg); \
	} while (0)

/* Entered from the architecture's exception entry with the current thread's
 * registers saved; never returns (leaves through arch_kernel_exit). */
__attribute__((noreturn)) void kernel_entry(unsigned kind);
/* Entry of kernel calls: the IPC fast paths first, then as kernel_entry;
 * the variant without the kernel lock is for a uniprocessor, the other
 * replaces it before a second CPU starts (arch_mp_patch) */
__attribute__((noreturn)) void kernel_entry_call(struct cpu *cpu);
__attribute__((noreturn)) void kernel_entry_call_mp(struct cpu *cpu);

/* Called once by the boot CPU with the MMU on; starts core and the other
 * CPUs, never returns. */
struct boot_info;
__attribute__((noreturn)) void kernel_init(const struct boot_info *bi);
/* Called once by every other CPU (index cpu >= 1) with the MMU on */
__attribute__((noreturn)) void kernel_cpu_init(unsigned cpu);

/* Kernel-call dispatch for the current thread (call.c) */
void kernel_call_dispatch(struct thread *t);
/* KCALL_CAP_ACK or KCALL_CAP_DELETE of t's registers: they change nothing
 * but names, so the call entry does them without a pass (kernel.c) */
enum kernel_result kernel_call_cap(struct thread *t, uint32_t id);

/* CPU quotas are claims on this period (core hands them out in us). Core's
 * pager, which handles every component's faults, claims CORE_PAGER_QUOTA_US
 * of it at the highest priority, so that a fault or a lock it holds never
 * waits behind the fill; the rest is what core hands out. */
enum { KERNEL_SUPER_PERIOD_US = 1000000, CORE_PAGER_QUOTA_US = 50000 };

/* Monotonic time since boot in microseconds */
uint64_t kernel_time_us(void);
uint64_t kernel_ticks_to_us(uint64_t ticks);
uint64_t kernel_ticks_to_ns(uint64_t ticks);
uint64_t kernel_time_ns(void); /* at the board timer's resolution */
uint64_t kernel_us_to_ticks(uint64_t us);
/* The kernel timer's rate (kernel_init sets the board's) */
void kernel_set_tick_rate(uint32_t ticks_per_ms);

/* ASID allocator (pd.c) */
bool kernel_asid_alloc(uint32_t *asid);
void kernel_asid_free(uint32_t asid);

/*
 * An IPC fast call runs the server it wakes on the caller's share: the
 * server's own share must become ready, but nothing looks at the
 * scheduler's lists before the next slow entry (on any CPU: they all take
 * the kernel lock), which makes it ready first thing (kernel_ready_flush).
 * A fast reply that blocks the server again before that only takes the
 * ready back: together they are a ready and an unready, which leave no
 * trace but a fresh fill slice (a claimant's passes through its claim list
 * and out again: it leaves the list as it was, and the count of changes
 * only makes the next entry decide anew). One share per CPU waits so at a
 * time (a further fast call makes the previous one ready for real). Only
 * for shares of that CPU whose ready would not change its decision
 * (ipc_fast.h, ipc_fast_sched_ok): nothing else happens before the flush.
 */
static inline __attribute__((always_inline)) void kernel_ready_flush_cpu(struct cpu *cpu)
{
	struct sched_share *s = cpu->ready_deferred;
	if (s) {
		cpu->ready_deferred = NULL;
		sched_ready(&cpu->sched, s);
	}
}

/* Every slow entry asks: a uniprocessor looks at its one CPU only */
static inline __attribute__((always_inline)) void kernel_ready_flush(void)
{
	if (kernel.cpu_count == 1) {
		kernel_ready_flush_cpu(&kernel.cpus[0]);
		return;
	}
	for (unsigned i = 0; i < kernel.cpu_count; i++)
		kernel_ready_flush_cpu(&kernel.cpus[i]);
}

static inline __attribute__((always_inline)) void kernel_ready_defer(struct cpu *cpu,
								     struct sched_share *s)
{
	if (cpu->ready_deferred)
		sched_ready(&cpu->sched, cpu->ready_deferred);
	cpu->ready_deferred = s;
}

static inline __attribute__((always_inline)) void kernel_unready(struct cpu *cpu,
								 struct sched_share *s)
{
	if (cpu->ready_deferred == s) {
		cpu->ready_deferred = NULL;
		sched_ready_undone(&cpu->sched, s);
	} else {
		sched_unready(&cpu->sched, s);
	}
}

static inline bool kernel_is_core(const struct thread *t) { return t->pd == &kernel.core_pd; }
