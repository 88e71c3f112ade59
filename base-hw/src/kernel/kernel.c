/*
 * Kernel initialisation and the single kernel entry: take the kernel lock,
 * account time, handle the event (call, interrupt, fault), pick the next
 * share of this CPU, run its executor, release the lock.
 */
#include "kernel.h"
#include "core_interface.h"
#include "ipc_fast.h"
#include "timeout.h"
#include <kernel/call_id.h>
#include <board/pic.h>
#include <board/timer.h>

struct kernel kernel;

enum {
	IDLE_STACK_SIZE = 256,
	FILL_SLICE_MS   = 10,
	SUPER_PERIOD_MS = KERNEL_SUPER_PERIOD_US / 1000,
};
static uint8_t idle_stacks[KERNEL_CPUS_MAX][IDLE_STACK_SIZE] __attribute__((aligned(8)));

/* The lock is needed only once there is another CPU (kernel_init decides
 * that before it starts one). The entry of kernel calls, the IPC fast
 * paths' way in, comes in two variants, so that a uniprocessor does not
 * even test for it there (the architecture patches the entry to the
 * second before it starts another CPU, arch_mp_patch); the slower entries
 * test. */
static inline bool kernel_mp(void) { return kernel.cpu_count > 1; }

static inline void kernel_lock(void)
{
	if (kernel_mp())
		arch_lock_take(&kernel.lock);
}

uint64_t kernel_ticks_to_us(uint64_t ticks) { return ticks * 1000 / kernel.ticks_per_ms; }
uint64_t kernel_us_to_ticks(uint64_t us) { return us * kernel.ticks_per_ms / 1000; }
uint64_t kernel_time_us(void) { return kernel_ticks_to_us(board_timer_ticks()); }

/* Split so that no product overflows for any tick rate up to 4 GHz. A
 * tick of a whole number of ns (virt 16, BCM2835 1000) takes one multiply:
 * reading the clock then costs the same for every value, which keeps the
 * timestamps of measurements (base/timestamp.h) from adding noise. */
uint64_t kernel_ticks_to_ns(uint64_t ticks)
{
	uint32_t per_ms = kernel.ticks_per_ms;

	if (kernel.ns_per_tick)
		return ticks * kernel.ns_per_tick;
	return ticks / per_ms * 1000000 + ticks % per_ms * 1000000 / per_ms;
}

void kernel_set_tick_rate(uint32_t ticks_per_ms)
{
	kernel.ticks_per_ms = ticks_per_ms;
	kernel.ns_per_tick  = 1000000 % ticks_per_ms ? 0 : 1000000 / ticks_per_ms;
}

uint64_t kernel_time_ns(void) { return kernel_ticks_to_ns(board_timer_ticks()); }

static uint64_t kernel_account_time(struct cpu *cpu)
{
	uint64_t now   = board_timer_ticks();
	uint64_t delta = now - cpu->last_ticks;

	cpu->last_ticks = now;
	sched_consumed(&cpu->sched, delta > UINT32_MAX ? UINT32_MAX : (uint32_t)delta);
	timeout_expire(cpu, now);
	return now;
}

/* Switch to a thread that runs on the current share (fast paths): the
 * scheduler's decision and the programmed timer stay valid. */
static inline __attribute__((always_inline, noreturn)) void
kernel_switch_to(struct cpu *cpu, struct thread *next, bool mp)
{
	if (next->pd != cpu->current_pd) {
		arch_mmu_switch(next->pd->ttbr0_phys, next->pd->asid);
		cpu->current_pd = next->pd;
	}
	cpu->current = next;
	if (mp)
		arch_lock_release(&kernel.lock);
	arch_kernel_exit(&next->regs);
}

/* Run the scheduler's choice: the executor of the picked share (itself, or
 * the server it helps), until the share's time or the next timeout is up. */
static __attribute__((noreturn)) void kernel_leave(struct cpu *cpu, uint64_t now)
{
	struct sched_share *share = sched_next(&cpu->sched);
	struct thread *next       = thread_executor(container_of(share, struct thread, share));
	uint64_t ticks            = sched_current_slice_left(&cpu->sched);
	uint64_t timeout          = timeout_next(cpu, now);

	kassert(next == &cpu->idle || (next->state == THREAD_ACTIVE && !next->paused),
		"kernel_leave: executor cannot run");
	if (timeout < ticks)
		ticks = timeout;
	board_timer_start(ticks ? (uint32_t)ticks : 1);
	cpu->left_changes      = cpu->sched.changes;
	cpu->left_timeouts_set = cpu->timeouts_set;
	kernel_switch_to(cpu, next, kernel_mp());
}

/*
 * After a kernel call: back to the caller at once if the last decision and
 * the programmed timer still stand (the scheduler would pick the same
 * share, no claim, quota, slice or super period changed, no timeout was
 * set) and the caller still runs as that share's executor: a full pass
 * would end in the same thread with the same timer deadline.
 */
static bool kernel_decision_stands(const struct cpu *cpu, const struct thread *t)
{
	return sched_decision_stands(&cpu->sched, cpu->left_changes) &&
	       cpu->timeouts_set == cpu->left_timeouts_set && t->state == THREAD_ACTIVE &&
	       !t->paused && t != &cpu->idle &&
	       thread_executor(container_of(cpu->sched.current, struct thread, share)) == t;
}

/* The fast paths; time is accounted at the next slow entry, and is charged
 * to the same share (see ipc_fast.h). Acknowledging and deleting a name
 * change no thread's readiness and no scheduler state: the caller goes on
 * at once, without even the pass that kernel_decision_stands saves. */
static inline __attribute__((always_inline)) struct thread *kernel_fast_path(struct thread *t)
{
	uint32_t id = arch_call_id(&t->regs);

	switch (id) {
	case KCALL_RPC_CALL: return ipc_fast_call(t);
	case KCALL_RPC_REPLY_AND_WAIT: return ipc_fast_reply_wait(t);
	case KCALL_CAP_ACK:
	case KCALL_CAP_DELETE: arch_call_result(&t->regs, kernel_call_cap(t, id), 0); return t;
	}
	return NULL;
}

void cpu_kick(struct cpu *cpu)
{
	if (cpu == cpu_local() || cpu->kicked)
		return;
	cpu->kicked = true;
	board_pic_send_ipi(cpu->id);
}

static void kernel_irq(struct cpu *cpu)
{
	unsigned irq;

	if (!board_pic_take(&irq))
		return;                   /* spurious */
	if (irq == board_pic_ipi_irq()) { /* only to decide anew, at the exit */
		cpu->kicked = false;
		board_pic_finish(irq);
		return;
	}
	/* the timer IRQ only ends a slice or a timeout: time is already accounted */
	if (irq != board_timer_irq() && !irq_occurred(irq)) {
		kprintf("kernel: unexpected IRQ %u masked\n", irq);
		board_pic_mask(irq);
	}
	board_pic_finish(irq);
}

static void kernel_fault(struct thread *t, unsigned code)
{
	struct fault f;

	arch_fault_decode(code, &t->regs, &f);
	if (kernel_is_core(t)) {
		kprintf("kernel: core thread \"%s\": %s at ip=%p addr=%p status=%x\n", t->name,
			fault_type_string(f.type), (void *)(uintptr_t)f.ip,
			(void *)(uintptr_t)f.addr, (unsigned)f.status);
		kernel_panic("fault in core");
	}
	thread_fault(t, &f);
}

/* The slow path of every entry, with the kernel lock held */
static __attribute__((noreturn)) void kernel_handle(struct cpu *cpu, unsigned kind)
{
	struct thread *t = cpu->current;

	kernel_ready_flush(); /* before anything here looks at the scheduler */
	kassert(!arch_regs_from_kernel(&t->regs), "exception taken in kernel mode");
	uint64_t now = kernel_account_time(cpu);

	switch (kind) {
	case KERNEL_ENTRY_CALL:
		kernel_call_dispatch(t);
		if (kernel_decision_stands(cpu, t))
			kernel_switch_to(cpu, t, kernel_mp());
		break;
	case KERNEL_ENTRY_IRQ: kernel_irq(cpu); break;
	case KERNEL_ENTRY_UNEXPECTED: kernel_panic("unexpected exception vector");
	default: kernel_fault(t, kind); break;
	}
	if (!list_empty(&cpu->migrations))
		cpu_migrations(cpu);
	kernel_leave(cpu, now);
}

void kernel_entry(unsigned kind)
{
	kernel_lock();
	kernel_handle(cpu_local(), kind);
}

static inline __attribute__((always_inline, noreturn)) void kernel_call_on(struct cpu *cpu, bool mp)
{
	if (mp)
		arch_lock_take(&kernel.lock);
	struct thread *next = kernel_fast_path(cpu->current);
	if (next)
		kernel_switch_to(cpu, next, mp);
	kernel_handle(cpu, KERNEL_ENTRY_CALL);
}

void kernel_entry_call(struct cpu *cpu) { kernel_call_on(cpu, false); }
void kernel_entry_call_mp(struct cpu *cpu) { kernel_call_on(cpu, true); }

static void kernel_start_core_thread(struct thread *t, unsigned prio, const char *name,
				     void (*entry)(), void *stack_top, struct utcb *utcb)
{
	enum kernel_result r = thread_create(t, &kernel.core_pd, prio, name, utcb);
	kassert(r == KERNEL_OK, "kernel_init: cannot create core thread");
	r = thread_start(t, (uint32_t)(uintptr_t)entry, (uint32_t)(uintptr_t)stack_top);
	kassert(r == KERNEL_OK, "kernel_init: cannot start core thread");
}

/* This CPU's part: its struct cpu, scheduler, timeouts and idle thread;
 * it runs idle until its first decision. */
static struct cpu *kernel_cpu_setup(unsigned id)
{
	struct cpu *cpu = &kernel.cpus[id];

	cpu->id        = id;
	cpu->kernel_sp = arch_kernel_stack_top(id);
	arch_cpu_local_set(cpu);
	cpu->current_pd = NULL; /* forces loading core's table on first exit */
	timeout_init(cpu);
	list_init(&cpu->migrations);
	sched_init(&cpu->sched, &cpu->idle.share, SUPER_PERIOD_MS * kernel.ticks_per_ms,
		   FILL_SLICE_MS * kernel.ticks_per_ms);
	kernel_start_core_thread(&cpu->idle, 0, "idle", arch_idle_loop,
				 idle_stacks[id] + IDLE_STACK_SIZE, NULL);
	cpu->current = &cpu->idle;
	return cpu;
}

/* Start the other CPUs the boot info names; each waits for the kernel lock,
 * which this CPU holds until its first exit. */
static void kernel_start_cpus(const struct boot_info *bi)
{
	for (unsigned i = 1; i < kernel.cpu_count; i++)
		if (!arch_cpu_start(bi, i))
			kprintf("kernel: CPU %u (MPIDR %x) did not start\n", i,
				(unsigned)bi->cpu_mpidr[i]);
}

void kernel_init(const struct boot_info *bi)
{
	kernel.cpu_count = bi->cpu_count < 1                 ? 1
			   : bi->cpu_count < KERNEL_CPUS_MAX ? bi->cpu_count
							     : KERNEL_CPUS_MAX;
	kernel_lock();
	board_pic_init();
	board_timer_init();
	arch_cpu_init();
	kernel_set_tick_rate(board_timer_ticks_per_ms());

	pd_create_core(&kernel.core_pd, bi->core_ttbr0_phys);
	arch_mmu_init(bi->core_ttbr0_phys, bi->ram_base);
	struct cpu *cpu = kernel_cpu_setup(0);
	kernel_start_core_thread(&kernel.core_main, SCHED_PRIORITIES - 1, "core", core_main,
				 core_main_stack + core_main_stack_size, &core_main_utcb);
	arch_regs_set_arg0(&kernel.core_main.regs, (uint32_t)(uintptr_t)bi);

	cpu->last_ticks = board_timer_ticks();
	board_pic_unmask(board_timer_irq());
	if (kernel_mp())
		board_pic_unmask(board_pic_ipi_irq());
	kprintf("kernel initialized\n");
	if (kernel_mp())
		arch_mp_patch();
	kernel_start_cpus(bi);
	kernel_leave(cpu, cpu->last_ticks);
}

void kernel_cpu_init(unsigned id)
{
	kernel_lock();
	board_pic_init_cpu(id);
	struct cpu *cpu = kernel_cpu_setup(id);
	cpu->last_ticks = board_timer_ticks();
	board_pic_unmask(board_timer_irq()); /* the timer's and IPI's lines are this CPU's own */
	board_pic_unmask(board_pic_ipi_irq());
	kprintf("kernel: CPU %u online\n", id);
	kernel_leave(cpu, cpu->last_ticks);
}

struct thread *kernel_core_main_thread(void) { return &kernel.core_main; }
unsigned kernel_cpu_count(void) { return kernel.cpu_count; }
struct pd *kernel_core_pd(void) { return &kernel.core_pd; }
struct thread *kernel_idle_thread(void) { return &kernel.cpus[0].idle; }
