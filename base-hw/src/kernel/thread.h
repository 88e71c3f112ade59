/*
 * Thread: an execution context with a register frame, a scheduling share
 * and a pager that learns about its faults and its exit.
 *
 * States and transitions:
 *   (zeroed) --create--> CREATED --start--> ACTIVE
 *   ACTIVE --fault--> FAULTED          (stopped; its pager gets an event)
 *   ACTIVE --exit--> EXITED            (stopped for good; pager gets an event)
 *   ACTIVE --pager_wait, no event--> AWAITS_EVENT --event--> ACTIVE
 *   any state --destroy--> DESTROYED
 * Only ACTIVE threads are in the scheduler's ready queues.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <arch/cpu.h>
#include <kernel/result.h>
#include "fault.h"
#include "list.h"
#include "scheduler.h"

struct pd;

enum thread_state {
	THREAD_INVALID = 0,
	THREAD_CREATED = 0x5448,
	THREAD_ACTIVE,
	THREAD_AWAITS_EVENT,
	THREAD_FAULTED,
	THREAD_EXITED,
	THREAD_DESTROYED,
};

enum thread_event { THREAD_EVENT_NONE, THREAD_EVENT_FAULT, THREAD_EVENT_EXIT };

enum {
	THREAD_NAME_LEN  = 32,
	THREAD_PRINT_LEN = 128,
};

struct thread {
	struct cpu_regs regs; /* first: the exception entry saves here */
	enum thread_state state;
	struct pd *pd;
	struct sched_share share;
	struct thread *pager;        /* receives fault and exit events */
	unsigned pager_refs;         /* threads that have this thread as pager */
	struct list_node event_node; /* in the pager's event queue */
	struct list events;          /* threads with events for this thread as pager */
	enum thread_event event;     /* what happened to this thread */
	struct fault fault;          /* valid with THREAD_EVENT_FAULT */
	int exit_code;               /* valid with THREAD_EVENT_EXIT */
	char name[THREAD_NAME_LEN];
	unsigned print_len;
	char print_buf[THREAD_PRINT_LEN];
};

enum kernel_result thread_create(struct thread *t, struct pd *pd, unsigned priority,
				 const char *name);
enum kernel_result thread_start(struct thread *t, uint32_t ip, uint32_t sp);
enum kernel_result thread_destroy(struct thread *t);
enum kernel_result thread_set_pager(struct thread *t, struct thread *pager);

/* Events raised by the kernel entry on behalf of the current thread */
void thread_fault(struct thread *t, const struct fault *f);
void thread_exit(struct thread *t, int code);

/* The pager asks for the next event; returns the thread or NULL after blocking. */
struct thread *thread_pager_wait(struct thread *pager);

void thread_print_char(struct thread *t, char c);
