/*
 * Kernel initialisation and the single kernel entry: account time, handle
 * the event (call, interrupt, fault), pick the next thread, leave.
 */
#include "kernel.h"
#include "core_interface.h"
#include <board/pic.h>
#include <board/timer.h>

struct kernel kernel;

enum { IDLE_STACK_SIZE = 256, SLICE_MS = 10, IDLE_TIMEOUT_MS = 1000 };
static uint8_t idle_stack[IDLE_STACK_SIZE] __attribute__((aligned(8)));

uint64_t kernel_time_us(void) { return board_timer_ticks() * 1000 / kernel.ticks_per_ms; }

static void kernel_account_time(void)
{
	uint64_t now   = board_timer_ticks();
	uint64_t delta = now - kernel.last_ticks;

	kernel.last_ticks = now;
	sched_consumed(&kernel.sched, delta > UINT32_MAX ? UINT32_MAX : (uint32_t)delta);
}

/* Run the scheduler's choice: program its time slice, load its address
 * space and registers. */
static __attribute__((noreturn)) void kernel_leave(void)
{
	struct sched_share *share = sched_next(&kernel.sched);
	struct thread *next       = container_of(share, struct thread, share);
	uint32_t slice            = sched_current_slice_left(&kernel.sched);

	if (next == &kernel.idle)
		slice = IDLE_TIMEOUT_MS * kernel.ticks_per_ms;
	board_timer_start(slice);

	if (next->pd != kernel.current_pd) {
		arch_mmu_switch(next->pd->ttbr0_phys, next->pd->asid);
		kernel.current_pd = next->pd;
	}
	kernel.current = next;
	arch_kernel_exit(&next->regs);
}

static void kernel_irq(void)
{
	unsigned irq;

	if (!board_pic_take(&irq))
		return; /* spurious */
	if (irq != board_timer_irq()) {
		kprintf("kernel: unexpected IRQ %u masked\n", irq);
		board_pic_mask(irq);
	}
	/* the timer IRQ only ends the slice: time is already accounted */
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
	kernel_account_time();

	switch (kind) {
	case KERNEL_ENTRY_CALL: kernel_call_dispatch(t); break;
	case KERNEL_ENTRY_IRQ: kernel_irq(); break;
	case KERNEL_ENTRY_UNEXPECTED: kernel_panic("unexpected exception vector");
	default: kernel_fault(t, kind); break;
	}
	kernel_leave();
}

static void kernel_start_core_thread(struct thread *t, unsigned prio, const char *name,
				     void (*entry)(), void *stack_top)
{
	enum kernel_result r = thread_create(t, &kernel.core_pd, prio, name);
	kassert(r == KERNEL_OK, "kernel_init: cannot create core thread");
	r = thread_start(t, (uint32_t)(uintptr_t)entry, (uint32_t)(uintptr_t)stack_top);
	kassert(r == KERNEL_OK, "kernel_init: cannot start core thread");
}

void kernel_init(const struct boot_info *bi)
{
	board_pic_init();
	board_timer_init();
	kernel.ticks_per_ms = board_timer_ticks_per_ms();

	pd_create_core(&kernel.core_pd, bi->core_ttbr0_phys);
	arch_mmu_init(bi->core_ttbr0_phys);
	kernel.current_pd = NULL; /* forces loading core's table on first exit */

	sched_init(&kernel.sched, &kernel.idle.share, SLICE_MS * kernel.ticks_per_ms);
	kernel_start_core_thread(&kernel.idle, 0, "idle", arch_idle_loop,
				 idle_stack + IDLE_STACK_SIZE);
	kernel_start_core_thread(&kernel.core_main, SCHED_PRIORITIES - 1, "core", core_main,
				 core_main_stack + core_main_stack_size);
	arch_regs_set_arg0(&kernel.core_main.regs, (uint32_t)(uintptr_t)bi);

	kernel.current    = &kernel.idle;
	kernel.last_ticks = board_timer_ticks();
	board_pic_unmask(board_timer_irq());
	kprintf("kernel initialized\n");
	kernel_leave();
}

struct thread *kernel_core_main_thread(void) { return &kernel.core_main; }
