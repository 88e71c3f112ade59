/*
 * Threads: life cycle, blocking and waking, helping, pager events and the
 * line-buffered debug print (see thread.h for the state machine).
 */
#include "kernel.h"
#include "ipc.h"
#include "signal.h"
#include "timeout.h"
#include <board/timer.h>
#include <board/uart.h>

bool thread_constructed(const struct thread *t)
{
	return t->state >= THREAD_CREATED && t->state < THREAD_DESTROYED;
}

enum kernel_result thread_create(struct thread *t, struct pd *pd, unsigned priority,
				 const char *name, struct utcb *utcb)
{
	if (thread_constructed(t))
		return KERNEL_INVALID_STATE;
	if (!pd || pd->state != PD_ACTIVE)
		return KERNEL_INVALID_STATE;
	if (priority >= SCHED_PRIORITIES)
		return KERNEL_INVALID_ARG;

	*t      = (struct thread){ 0 };
	t->cpu  = cpu_local();
	t->pd   = pd;
	t->utcb = utcb;
	kobject_init(&t->kobj, KOBJ_THREAD, pd);
	sched_share_init(&t->share, priority, 0);
	list_init(&t->ipc_queue);
	list_init(&t->helpers);
	list_init(&t->rcv_reserved);
	for (unsigned i = 0; name && name[i] && i < THREAD_NAME_LEN - 1; i++)
		t->name[i] = name[i];
	pd->thread_count++;
	t->state = THREAD_CREATED;
	return KERNEL_OK;
}

enum kernel_result thread_start(struct thread *t, uint32_t ip, uint32_t sp)
{
	if (t->state != THREAD_CREATED)
		return KERNEL_INVALID_STATE;

	arch_regs_init(&t->regs, ip, sp, kernel_is_core(t));
	t->state = THREAD_ACTIVE;
	thread_refresh(t);
	return KERNEL_OK;
}

static bool thread_runnable(const struct thread *t)
{
	return t->state == THREAD_ACTIVE && !t->paused;
}

struct thread *thread_executor(struct thread *t)
{
	while (t->state == THREAD_AWAITS_REPLY && !t->paused)
		t = t->ipc_server;
	return t;
}

/* Only a change touches the scheduler: an unready share is never its
 * current decision, a ready one needs no queueing. Another CPU whose
 * queues change is kicked. */
void thread_refresh(struct thread *t)
{
	struct cpu *cpu = t->cpu;

	if (t == &cpu->idle)
		return;
	struct thread *x = thread_executor(t);
	bool ready       = thread_runnable(x) && x->cpu == cpu;
	if (ready != sched_is_ready(&t->share)) {
		if (ready)
			sched_ready(&cpu->sched, &t->share);
		else
			sched_unready(&cpu->sched, &t->share);
		if (cpu != cpu_local())
			cpu_kick(cpu);
	}

	/* helpers run through us: their readiness follows ours */
	for (struct list_node *n = t->helpers.head.next; n != &t->helpers.head; n = n->next)
		thread_refresh(container_of(n, struct thread, helper_node));
}

void thread_block(struct thread *t, enum thread_state state)
{
	kassert(t->state == THREAD_ACTIVE, "thread_block: thread not active");
	t->state = state;
	thread_refresh(t);
}

void thread_wake(struct thread *t, enum kernel_result result)
{
	arch_call_result(&t->regs, result, 0);
	t->state = THREAD_ACTIVE;
	thread_refresh(t);
}

static struct cpu *thread_loaded_on(const struct thread *t);

/* Is t loaded on some CPU, itself or as the executor of a share? */
static bool thread_running(const struct thread *t)
{
	for (unsigned i = 0; i < kernel.cpu_count; i++) {
		struct thread *cur = kernel.cpus[i].current;
		if (cur && (cur == t || thread_executor(cur) == t))
			return true;
	}
	return false;
}

/* Leave whatever wait the thread is in, without a result. */
static void thread_cancel_wait(struct thread *t)
{
	switch (t->state) {
	case THREAD_AWAITS_REPLY: ipc_cancel_call(t); break;
	case THREAD_AWAITS_SIGNAL: sig_cancel_wait(t); break;
	case THREAD_AWAITS_SIG_KILL: t->sig_killing->killer = NULL; break;
	default: break;
	}
}

enum kernel_result thread_destroy(struct thread *t)
{
	if (!thread_constructed(t) || thread_is_idle(t))
		return KERNEL_INVALID_STATE;
	struct cpu *loaded = thread_loaded_on(t);
	if (loaded && loaded != cpu_local() && !kernel_is_core(t)) {
		/* its registers are live on that CPU: stop it there for good
		 * (paused), and core tries again once that CPU has left it */
		t->paused = true;
		thread_refresh(t);
		cpu_kick(loaded);
		return KERNEL_WOULD_BLOCK;
	}
	if (thread_running(t))
		return KERNEL_INVALID_STATE;

	thread_cancel_wait(t);
	if (t->migrate_to) {
		list_remove(&t->migrate_node);
		t->migrate_to = NULL;
	}
	ipc_server_destroyed(t);
	cap_unreserve(&t->pd->caps, &t->rcv_reserved);
	t->rcv_reserved_count = 0;
	timeout_cancel(&t->timeout);
	thread_set_pager(t, NULL);
	kobject_destroy(&t->kobj);
	sched_share_remove(&t->cpu->sched, &t->share);
	t->pd->thread_count--;
	t->state = THREAD_DESTROYED;
	return KERNEL_OK;
}

enum kernel_result thread_set_pager(struct thread *t, struct sig_context *pager)
{
	if (!thread_constructed(t))
		return KERNEL_INVALID_STATE;
	if (pager && pager->state != SIG_CONTEXT_ACTIVE)
		return KERNEL_INVALID_ARG;
	if (t->pager)
		t->pager->pager_refs--;
	t->pager = pager;
	if (pager)
		pager->pager_refs++;
	return KERNEL_OK;
}

enum kernel_result thread_pager_ack(struct thread *t, bool restart)
{
	if (!thread_constructed(t) || !t->pager || (restart && t->state != THREAD_FAULTED))
		return KERNEL_INVALID_STATE;
	if (t->pager->awaits_ack)
		sig_ack(t->pager);
	if (restart) {
		t->state = THREAD_ACTIVE; /* re-executes the faulting instruction */
		thread_refresh(t);
	}
	return KERNEL_OK;
}

enum kernel_result thread_pause(struct thread *t)
{
	if (!thread_constructed(t) || thread_is_idle(t) || kernel_is_core(t))
		return KERNEL_INVALID_STATE;
	t->paused = true;
	thread_refresh(t);
	return KERNEL_OK;
}

enum kernel_result thread_resume(struct thread *t)
{
	if (!thread_constructed(t) || !t->paused)
		return KERNEL_INVALID_STATE;
	t->paused = false;
	thread_refresh(t);
	return KERNEL_OK;
}

enum kernel_result thread_stop(struct thread *t)
{
	thread_block(t, THREAD_AWAITS_RESTART);
	return KERNEL_BLOCKED;
}

enum kernel_result thread_restart(struct thread *t, struct thread *target)
{
	if (target->pd != t->pd)
		return KERNEL_INVALID_CAP;
	if (target->state != THREAD_AWAITS_RESTART)
		return KERNEL_INVALID_STATE;
	thread_wake(target, KERNEL_OK);
	return KERNEL_OK;
}

/* The CPU that has t loaded: its registers are live there unless that CPU
 * is in the kernel */
static struct cpu *thread_loaded_on(const struct thread *t)
{
	for (unsigned i = 0; i < kernel.cpu_count; i++)
		if (kernel.cpus[i].current == t)
			return &kernel.cpus[i];
	return NULL;
}

/* Out of the old CPU's scheduler (giving back its quota there), into the new
 * one's with the same quota, which claims its part of the rest of the new
 * CPU's super period at once (sched_set_quota). Its helpers' readiness
 * follows (thread_refresh). */
static void thread_move(struct thread *t, struct cpu *to)
{
	uint32_t quota = t->share.quota;
	bool was_ready = sched_is_ready(&t->share);

	sched_share_remove(&t->cpu->sched, &t->share);
	if (was_ready)
		cpu_kick(t->cpu);
	t->cpu  = to;
	bool ok = sched_set_quota(&to->sched, &t->share, quota);
	kassert(ok, "thread_move: the quota was checked to fit");
	thread_refresh(t);
}

enum kernel_result thread_set_cpu(struct thread *t, unsigned cpu)
{
	if (!thread_constructed(t) || thread_is_idle(t) || kernel_is_core(t))
		return KERNEL_INVALID_STATE;
	if (cpu >= kernel.cpu_count)
		return KERNEL_INVALID_ARG;
	struct cpu *to = &kernel.cpus[cpu];
	if (to != t->cpu && !sched_quota_fits(&to->sched, t->share.quota))
		return KERNEL_INVALID_ARG;

	if (t->migrate_to) { /* a later move replaces a pending one */
		list_remove(&t->migrate_node);
		t->migrate_to = NULL;
	}
	if (to == t->cpu)
		return KERNEL_OK;
	struct cpu *loaded = thread_loaded_on(t);
	if (loaded && loaded != cpu_local()) {
		t->migrate_to = to;
		list_push_back(&loaded->migrations, &t->migrate_node);
		cpu_kick(loaded);
		return KERNEL_OK;
	}
	thread_move(t, to);
	return KERNEL_OK;
}

uint64_t thread_cpu_ticks(const struct thread *t)
{
	const struct cpu *cpu = t->cpu;
	uint64_t ticks        = t->share.consumed;

	if (cpu->sched.current == &t->share)
		ticks += board_timer_ticks() - cpu->last_ticks;
	return ticks;
}

void cpu_migrations(struct cpu *cpu)
{
	struct list_node *n;

	while ((n = list_pop_front(&cpu->migrations))) {
		struct thread *t = container_of(n, struct thread, migrate_node);
		struct cpu *to   = t->migrate_to;
		t->migrate_to    = NULL;
		if (sched_quota_fits(&to->sched, t->share.quota))
			thread_move(t, to);
	}
}

/* Stop the thread and tell its pager (a signal to core). */
static void thread_stop_for_pager(struct thread *t, enum thread_state state)
{
	kassert(t->state == THREAD_ACTIVE, "thread_stop_for_pager: thread not active");
	thread_print_char(t, 0); /* flush a partial line: nothing printed is lost */
	thread_block(t, state);
	if (t->pager)
		sig_submit(t->pager, 1);
	else
		kprintf("kernel: thread \"%s\" stopped (%s) and has no pager\n", t->name,
			state == THREAD_EXITED ? "exit" : "fault");
}

void thread_fault(struct thread *t, const struct fault *f)
{
	t->fault = *f;
	thread_stop_for_pager(t, THREAD_FAULTED);
}

void thread_exit(struct thread *t, int code)
{
	t->exit_code = code;
	ipc_server_destroyed(t); /* its callers need not wait for core's clean-up */
	thread_stop_for_pager(t, THREAD_EXITED);
}

static void thread_print_flush(struct thread *t)
{
	board_uart_write(t->print_buf, t->print_len);
	board_uart_write("\n", 1);
	t->print_len = 0;
}

/* Line-buffered so that lines of concurrently running threads never mix.
 * c == 0 flushes a partial line; a line longer than the buffer is broken. */
void thread_print_char(struct thread *t, char c)
{
	if (c == '\n' || (c == 0 && t->print_len > 0)) {
		thread_print_flush(t);
		return;
	}
	if (c == 0)
		return;
	if (t->print_len == THREAD_PRINT_LEN)
		thread_print_flush(t);
	t->print_buf[t->print_len++] = c;
}
