/*
 * Kernel initialisation and the single kernel entry: account time, handle
 * the event (call, interrupt, fault), pick the next share, run its executor.
 */
#include "kernel.h"
#include "core_interface.h"
#include "ipc.h"
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
static uint8_t idle_stack[IDLE_STACK_SIZE] __attribute__((aligned(8)));

uint64_t kernel_ticks_to_us(uint64_t ticks) { return ticks * 1000 / kernel.ticks_per_ms; }
uint64_t kernel_us_to_ticks(uint64_t us) { return us * kernel.ticks_per_ms / 1000; }
uint64_t kernel_time_us(void) { return kernel_ticks_to_us(board_timer_ticks()); }

/* Split so that no product overflows for any tick rate up to 4 GHz */
uint64_t kernel_ticks_to_ns(uint64_t ticks)
{
	uint32_t per_ms = kernel.ticks_per_ms;
	return ticks / per_ms * 1000000 + ticks % per_ms * 1000000 / per_ms;
}

uint64_t kernel_time_ns(void) { return kernel_ticks_to_ns(board_timer_ticks()); }

static uint64_t kernel_account_time(void)
{
	uint64_t now   = board_timer_ticks();
	uint64_t delta = now - kernel.last_ticks;

	kernel.last_ticks = now;
	sched_consumed(&kernel.sched, delta > UINT32_MAX ? UINT32_MAX : (uint32_t)delta);
	timeout_expire(now);
	return now;
}

/* Switch to a thread that runs on the current share (fast paths): the
 * scheduler's decision and the programmed timer stay valid. */
static __attribute__((noreturn)) void kernel_switch_to(struct thread *next)
{
	if (next->pd != kernel.current_pd) {
		arch_mmu_switch(next->pd->ttbr0_phys, next->pd->asid);
		kernel.current_pd = next->pd;
	}
	kernel.current = next;
	arch_kernel_exit(&next->regs);
}

/* Run the scheduler's choice: the executor of the picked share (itself, or
 * the server it helps), until the share's time or the next timeout is up. */
static __attribute__((noreturn)) void kernel_leave(uint64_t now)
{
	struct sched_share *share = sched_next(&kernel.sched);
	struct thread *next       = thread_executor(container_of(share, struct thread, share));
	uint64_t ticks            = sched_current_slice_left(&kernel.sched);
	uint64_t timeout          = timeout_next(now);

	kassert(next == &kernel.idle || (next->state == THREAD_ACTIVE && !next->paused),
		"kernel_leave: executor cannot run");
	if (timeout < ticks)
		ticks = timeout;
	board_timer_start(ticks ? (uint32_t)ticks : 1);
	kernel.left_changes      = kernel.sched.changes;
	kernel.left_timeouts_set = kernel.timeouts_set;
	kernel_switch_to(next);
}

/*
 * After a kernel call: back to the caller at once if the last decision and
 * the programmed timer still stand (the scheduler would pick the same
 * share, no claim, quota, slice or super period changed, no timeout was
 * set) and the caller still runs as that share's executor: a full pass
 * would end in the same thread with the same timer deadline.
 */
static bool kernel_decision_stands(const struct thread *t)
{
	return sched_decision_stands(&kernel.sched, kernel.left_changes) &&
	       kernel.timeouts_set == kernel.left_timeouts_set && t->state == THREAD_ACTIVE &&
	       !t->paused && t != &kernel.idle &&
	       thread_executor(container_of(kernel.sched.current, struct thread, share)) == t;
}

/* The IPC fast paths; time is accounted at the next slow entry, and is
 * charged to the same share (see ipc.h). */
static struct thread *kernel_fast_path(struct thread *t)
{
	switch (arch_call_id(&t->regs)) {
	case KCALL_RPC_CALL: return ipc_fast_call(t);
	case KCALL_RPC_REPLY_AND_WAIT: return ipc_fast_reply_wait(t);
	}
	return NULL;
}

static void kernel_irq(void)
{
	unsigned irq;

	if (!board_pic_take(&irq))
		return; /* spurious */
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

void kernel_entry(unsigned kind)
{
	struct thread *t = kernel.current;

	kassert(!arch_regs_from_kernel(&t->regs), "exception taken in kernel mode");
	uint64_t now = kernel_account_time();

	switch (kind) {
	case KERNEL_ENTRY_CALL:
		kernel_call_dispatch(t);
		if (kernel_decision_stands(t))
			kernel_switch_to(t);
		break;
	case KERNEL_ENTRY_IRQ: kernel_irq(); break;
	case KERNEL_ENTRY_UNEXPECTED: kernel_panic("unexpected exception vector");
	default: kernel_fault(t, kind); break;
	}
	kernel_leave(now);
}

void kernel_entry_call(void)
{
	struct thread *next = kernel_fast_path(kernel.current);

	if (next)
		kernel_switch_to(next);
	kernel_entry(KERNEL_ENTRY_CALL);
}

static void kernel_start_core_thread(struct thread *t, unsigned prio, const char *name,
				     void (*entry)(), void *stack_top, struct utcb *utcb)
{
	enum kernel_result r = thread_create(t, &kernel.core_pd, prio, name, utcb);
	kassert(r == KERNEL_OK, "kernel_init: cannot create core thread");
	r = thread_start(t, (uint32_t)(uintptr_t)entry, (uint32_t)(uintptr_t)stack_top);
	kassert(r == KERNEL_OK, "kernel_init: cannot start core thread");
}

void kernel_init(const struct boot_info *bi)
{
	board_pic_init();
	board_timer_init();
	arch_cpu_init();
	kernel.ticks_per_ms = board_timer_ticks_per_ms();

	pd_create_core(&kernel.core_pd, bi->core_ttbr0_phys);
	arch_mmu_init(bi->core_ttbr0_phys, bi->ram_base);
	kernel.current_pd = NULL; /* forces loading core's table on first exit */
	timeout_init();

	sched_init(&kernel.sched, &kernel.idle.share, SUPER_PERIOD_MS * kernel.ticks_per_ms,
		   FILL_SLICE_MS * kernel.ticks_per_ms);
	kernel_start_core_thread(&kernel.idle, 0, "idle", arch_idle_loop,
				 idle_stack + IDLE_STACK_SIZE, NULL);
	kernel_start_core_thread(&kernel.core_main, SCHED_PRIORITIES - 1, "core", core_main,
				 core_main_stack + core_main_stack_size, &core_main_utcb);
	arch_regs_set_arg0(&kernel.core_main.regs, (uint32_t)(uintptr_t)bi);

	kernel.current    = &kernel.idle;
	kernel.last_ticks = board_timer_ticks();
	board_pic_unmask(board_timer_irq());
	kprintf("kernel initialized\n");
	kernel_leave(kernel.last_ticks);
}

struct thread *kernel_core_main_thread(void) { return &kernel.core_main; }
struct pd *kernel_core_pd(void) { return &kernel.core_pd; }
struct thread *kernel_idle_thread(void) { return &kernel.idle; }
