/*
 * Signals: the kernel's only asynchronous notification.
 *
 * A context is bound to one receiver and carries an imprint chosen by its
 * creator. Submits add up; a thread waiting at the receiver gets
 * (imprint, count) and the context is then not delivered again until it is
 * acknowledged. A context is in its receiver's pending queue iff it has
 * submits, is not awaiting an ack and is alive.
 *
 * Context states: (zeroed) --create--> ACTIVE --kill/destroy--> KILLED.
 * sig_kill while a delivery awaits its ack blocks the killer until the ack.
 * IRQs, timeouts, page faults and thread exits are delivered as signals; a
 * context bound to an IRQ unmasks the line when acknowledged.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <kernel/result.h>
#include "cap.h"
#include "list.h"

struct thread;
struct irq;

enum sig_receiver_state {
	SIG_RECEIVER_INVALID = 0,
	SIG_RECEIVER_ACTIVE  = 0x5352,
	SIG_RECEIVER_DESTROYED
};

struct sig_receiver {
	struct kobject kobj;
	enum sig_receiver_state state;
	struct list pending;  /* contexts ready for delivery, FIFO */
	struct list waiters;  /* threads blocked in sig_wait, FIFO */
	struct list contexts; /* every live context bound here */
};

enum sig_context_state { SIG_CONTEXT_INVALID = 0, SIG_CONTEXT_ACTIVE = 0x5343, SIG_CONTEXT_KILLED };

struct sig_context {
	struct kobject kobj;
	enum sig_context_state state;
	struct sig_receiver *receiver;
	uint32_t imprint;
	uint32_t count;  /* submits not yet delivered */
	bool awaits_ack; /* delivered, not acknowledged */
	struct list_node pending_node;
	struct list_node receiver_node;
	struct thread *killer; /* blocked in sig_kill until the ack */
	struct irq *irq;       /* unmasked on ack */
	unsigned pager_refs;   /* threads whose pager this is: they must go first */
};

enum kernel_result sig_receiver_create(struct sig_receiver *r);
enum kernel_result sig_receiver_destroy(struct sig_receiver *r);
enum kernel_result sig_context_create(struct sig_context *c, struct sig_receiver *r,
				      uint32_t imprint);
enum kernel_result sig_context_destroy(struct sig_context *c);

enum kernel_result sig_submit(struct sig_context *c, uint32_t n);
enum kernel_result sig_ack(struct sig_context *c);
/* KERNEL_OK after the kill, or KERNEL_BLOCKED: t waits for an outstanding ack. */
enum kernel_result sig_kill(struct sig_context *c, struct thread *t);
/* Deliver to t now, else block it (KERNEL_BLOCKED) or, with !block,
 * KERNEL_WOULD_BLOCK. */
enum kernel_result sig_wait(struct sig_receiver *r, struct thread *t, bool block);
/* sig_ack(c), then sig_wait(r, t, true); nothing if c awaits no ack */
enum kernel_result sig_ack_wait(struct sig_context *c, struct sig_receiver *r, struct thread *t);
/* A waiting thread is destroyed or paused away: forget it. */
void sig_cancel_wait(struct thread *t);
