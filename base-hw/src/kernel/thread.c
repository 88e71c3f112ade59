/*
 * Threads: construction, start, destruction, pager events and the
 * line-buffered debug print (see thread.h for the state machine).
 */
#include "kernel.h"
#include <board/uart.h>

static void thread_notify_pager(struct thread *t);

static bool thread_constructed(const struct thread *t)
{
	return t->state >= THREAD_CREATED && t->state < THREAD_DESTROYED;
}

enum kernel_result thread_create(struct thread *t, struct pd *pd, unsigned priority,
				 const char *name)
{
	if (thread_constructed(t))
		return KERNEL_INVALID_STATE;
	if (!pd || pd->state != PD_ACTIVE)
		return KERNEL_INVALID_STATE;
	if (priority >= SCHED_PRIORITIES)
		return KERNEL_INVALID_ARG;

	*t    = (struct thread){ 0 };
	t->pd = pd;
	sched_share_init(&t->share, priority);
	list_node_init(&t->event_node);
	list_init(&t->events);
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
	if (t != &kernel.idle)
		sched_ready(&kernel.sched, &t->share);
	return KERNEL_OK;
}

enum kernel_result thread_set_pager(struct thread *t, struct thread *pager)
{
	if (!thread_constructed(t))
		return KERNEL_INVALID_STATE;
	if (pager && (!thread_constructed(pager) || !kernel_is_core(pager)))
		return KERNEL_INVALID_ARG;

	bool queued = list_node_linked(&t->event_node);

	if (queued)
		list_remove(&t->event_node);
	if (t->pager)
		t->pager->pager_refs--;
	t->pager = pager;
	if (pager)
		pager->pager_refs++;
	if (queued)
		thread_notify_pager(t); /* an undelivered event goes to the new pager */
	return KERNEL_OK;
}

enum kernel_result thread_destroy(struct thread *t)
{
	if (!thread_constructed(t) || t == kernel.current || t == &kernel.idle)
		return KERNEL_INVALID_STATE;
	/* a pager must outlive the threads it serves */
	if (t->pager_refs > 0)
		return KERNEL_INVALID_STATE;

	sched_unready(&kernel.sched, &t->share);
	if (list_node_linked(&t->event_node))
		list_remove(&t->event_node);
	thread_set_pager(t, NULL);
	t->pd->thread_count--;
	t->state = THREAD_DESTROYED;
	return KERNEL_OK;
}

/* Queue an event for t's pager and wake the pager if it waits for one. */
static void thread_notify_pager(struct thread *t)
{
	struct thread *pager = t->pager;

	if (!pager) {
		kprintf("kernel: thread \"%s\" stopped (%s) and has no pager\n", t->name,
			t->event == THREAD_EVENT_EXIT ? "exit" : "fault");
		return;
	}
	list_push_back(&pager->events, &t->event_node);
	if (pager->state == THREAD_AWAITS_EVENT) {
		struct thread *e = thread_pager_wait(pager);
		arch_call_result(&pager->regs, KERNEL_OK, (uintptr_t)e);
		pager->state = THREAD_ACTIVE;
		sched_ready(&kernel.sched, &pager->share);
	}
}

static void thread_stop(struct thread *t, enum thread_state state, enum thread_event event)
{
	kassert(t->state == THREAD_ACTIVE, "thread_stop: thread not active");
	thread_print_char(t, 0); /* flush a partial line: nothing printed is lost */
	sched_unready(&kernel.sched, &t->share);
	t->state = state;
	t->event = event;
	thread_notify_pager(t);
}

void thread_fault(struct thread *t, const struct fault *f)
{
	t->fault = *f;
	thread_stop(t, THREAD_FAULTED, THREAD_EVENT_FAULT);
}

void thread_exit(struct thread *t, int code)
{
	t->exit_code = code;
	thread_stop(t, THREAD_EXITED, THREAD_EVENT_EXIT);
}

struct thread *thread_pager_wait(struct thread *pager)
{
	struct list_node *n = list_pop_front(&pager->events);

	if (n)
		return container_of(n, struct thread, event_node);
	pager->state = THREAD_AWAITS_EVENT;
	sched_unready(&kernel.sched, &pager->share);
	return NULL;
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
