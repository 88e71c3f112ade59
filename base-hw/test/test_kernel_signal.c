/*
 * Host tests for signals (base-hw/src/kernel/signal.c, doc/architecture.md 4.6
 * and 4.8): delivery, counting, acknowledgement, FIFO order, kill, the life
 * cycle of receivers and contexts; timeouts (timeout.c, the KCALL_TIMEOUT
 * call and their expiry at kernel entry); IRQ objects (irq.c and the IRQ
 * path of the kernel entry).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake/fake.h"
#include "../src/kernel/kernel.h"
#include "../src/kernel/signal.h"
#include "../src/kernel/timeout.h"
#include <kernel/call_id.h>

enum { TABLE = 0x40200000u, SENTINEL = 0x5e5e5e5e, LINE = 40, LINE2 = 700 };

static struct pd upd;                 /* user PD with one slab */
static struct thread w[3];            /* started threads of upd */
static struct sig_receiver rcv, rcv2; /* rcv created, rcv2 zeroed */
static struct sig_context ctx[4];     /* bound to rcv, imprints 0xc0 + i */
static struct identity id_rcv, id_ctx[4];
static uint16_t cap_rcv, cap_ctx[4]; /* upd's names */
static struct irq irq, irq2;

static int setup(void **state)
{
	memset(&upd, 0, sizeof(upd));
	memset(w, 0, sizeof(w));
	memset(&rcv, 0, sizeof(rcv));
	memset(&rcv2, 0, sizeof(rcv2));
	memset(ctx, 0, sizeof(ctx));
	memset(&id_rcv, 0, sizeof(id_rcv));
	memset(id_ctx, 0, sizeof(id_ctx));
	memset(&irq, 0, sizeof(irq));
	memset(&irq2, 0, sizeof(irq2));
	fake_kernel_setup(state);
	assert_int_equal(pd_create(&upd, TABLE), KERNEL_OK);
	fake_pd_add_slab(&upd);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(thread_create(&w[i], &upd, 1, "waiter", fake_utcb()), KERNEL_OK);
		assert_int_equal(thread_start(&w[i], 0x1000, 0x2000), KERNEL_OK);
	}
	assert_int_equal(sig_receiver_create(&rcv), KERNEL_OK);
	assert_int_equal(identity_create(&id_rcv, &rcv.kobj), KERNEL_OK);
	cap_rcv = fake_name(&upd, &id_rcv);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(sig_context_create(&ctx[i], &rcv, 0xc0 + i), KERNEL_OK);
		assert_int_equal(identity_create(&id_ctx[i], &ctx[i].kobj), KERNEL_OK);
		cap_ctx[i] = fake_name(&upd, &id_ctx[i]);
	}
	return 0;
}

static int teardown(void **state)
{
	fake_kernel_check_invariants(-1);
	for (unsigned i = 0; i < 3; i++)
		fake_check_thread(&w[i]);
	fake_check_caps(&upd);
	return fake_kernel_teardown(state);
}

/* ---- helpers ---- */

static struct sig_context *pending_at(struct sig_receiver *r, unsigned pos)
{
	struct list_node *n = r->pending.head.next;
	for (unsigned i = 0; i < pos && n != &r->pending.head; i++)
		n = n->next;
	return n == &r->pending.head ? NULL : container_of(n, struct sig_context, pending_node);
}

static const struct sig_delivery *got(struct thread *t)
{
	return (const struct sig_delivery *)t->utcb->data;
}

/* Dispatch a kernel call of t; returns r0 (the call id if t blocked). */
static uint32_t kcall(struct thread *t, uint32_t id, uint32_t a1, uint32_t a2)
{
	t->regs.r[0]           = id;
	t->regs.r[1]           = a1;
	t->regs.r[2]           = a2;
	kernel.cpus[0].current = t;
	kernel_call_dispatch(t);
	kernel.cpus[0].current = &kernel.core_main;
	return t->regs.r[0];
}

static void wait_blocked(struct thread *t)
{
	t->regs.r[0] = SENTINEL;
	assert_int_equal(sig_wait(&rcv, t, true), KERNEL_BLOCKED);
	assert_int_equal(t->state, THREAD_AWAITS_SIGNAL);
	assert_ptr_equal(t->sig_receiver, &rcv);
	assert_false(sched_is_ready(&t->share));
}

static void assert_delivered(struct thread *t, uint32_t imprint, uint32_t count)
{
	assert_int_equal(got(t)->imprint, imprint);
	assert_int_equal(got(t)->count, count);
	assert_int_equal(t->utcb->data_size, sizeof(struct sig_delivery));
}

/* ---- delivery ---- */

static void test_submit_then_wait_delivers(void **state)
{
	(void)state;
	assert_int_equal(sig_submit(&ctx[0], 1), KERNEL_OK);
	assert_int_equal(ctx[0].count, 1);
	assert_ptr_equal(pending_at(&rcv, 0), &ctx[0]);

	assert_int_equal(kcall(&w[0], KCALL_SIG_WAIT, cap_rcv, 0), KERNEL_OK);
	assert_delivered(&w[0], 0xc0, 1);
	assert_int_equal(w[0].state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&w[0].share));
	assert_true(ctx[0].awaits_ack);
	assert_int_equal(ctx[0].count, 0);
	assert_true(list_empty(&rcv.pending));
}

static void test_wait_then_submit_wakes_the_waiter(void **state)
{
	(void)state;
	assert_int_equal(kcall(&w[0], KCALL_SIG_WAIT, cap_rcv, 0), KCALL_SIG_WAIT); /* blocked */
	assert_int_equal(w[0].state, THREAD_AWAITS_SIGNAL);
	assert_false(sched_is_ready(&w[0].share));
	assert_int_equal(fake_list_len(&rcv.waiters), 1);

	assert_int_equal(kcall(&w[1], KCALL_SIG_SUBMIT, cap_ctx[2], 5), KERNEL_OK);
	assert_int_equal(w[0].state, THREAD_ACTIVE);
	assert_int_equal(w[0].regs.r[0], KERNEL_OK);
	assert_true(sched_is_ready(&w[0].share));
	assert_delivered(&w[0], 0xc2, 5);
	assert_null(w[0].sig_receiver);
	assert_true(list_empty(&rcv.waiters));
	assert_true(list_empty(&rcv.pending));
	assert_true(ctx[2].awaits_ack);
}

static void test_submits_add_up_until_delivered(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(kcall(&w[1], KCALL_SIG_SUBMIT, cap_ctx[0], 1), KERNEL_OK);
	assert_int_equal(sig_submit(&ctx[0], 4), KERNEL_OK);
	assert_int_equal(ctx[0].count, 7);
	assert_int_equal(fake_list_len(&rcv.pending), 1); /* queued once */
	assert_int_equal(sig_wait(&rcv, &w[0], true), KERNEL_OK);
	assert_delivered(&w[0], 0xc0, 7);

	/* the count saturates instead of wrapping */
	assert_int_equal(sig_submit(&ctx[1], UINT32_MAX - 1), KERNEL_OK);
	assert_int_equal(sig_submit(&ctx[1], 5), KERNEL_OK);
	assert_int_equal(ctx[1].count, UINT32_MAX);
}

static void test_no_second_delivery_before_the_ack(void **state)
{
	(void)state;
	assert_int_equal(sig_submit(&ctx[0], 1), KERNEL_OK);
	assert_int_equal(sig_wait(&rcv, &w[0], true), KERNEL_OK);
	assert_int_equal(sig_submit(&ctx[0], 2), KERNEL_OK);
	assert_int_equal(ctx[0].count, 2);
	assert_true(list_empty(&rcv.pending)); /* held back */
	assert_int_equal(sig_wait(&rcv, &w[1], false), KERNEL_WOULD_BLOCK);
	wait_blocked(&w[1]);

	/* the ack releases the new submits to the waiter */
	assert_int_equal(kcall(&w[0], KCALL_SIG_ACK, cap_ctx[0], 0), KERNEL_OK);
	assert_int_equal(w[1].state, THREAD_ACTIVE);
	assert_int_equal(w[1].regs.r[0], KERNEL_OK);
	assert_delivered(&w[1], 0xc0, 2);
	assert_true(ctx[0].awaits_ack);
	assert_int_equal(ctx[0].count, 0);
}

static void test_ack_without_new_submits_delivers_nothing(void **state)
{
	(void)state;
	assert_int_equal(sig_submit(&ctx[0], 1), KERNEL_OK);
	assert_int_equal(sig_wait(&rcv, &w[0], true), KERNEL_OK);
	assert_int_equal(sig_ack(&ctx[0]), KERNEL_OK);
	assert_false(ctx[0].awaits_ack);
	assert_true(list_empty(&rcv.pending));
	assert_int_equal(sig_wait(&rcv, &w[0], false), KERNEL_WOULD_BLOCK);
	/* a second ack, or an ack of a context never delivered, is a state error */
	assert_int_equal(sig_ack(&ctx[0]), KERNEL_INVALID_STATE);
	assert_int_equal(kcall(&w[0], KCALL_SIG_ACK, cap_ctx[1], 0), KERNEL_INVALID_STATE);
	/* submits after the ack are delivered again */
	assert_int_equal(sig_submit(&ctx[0], 3), KERNEL_OK);
	assert_int_equal(sig_wait(&rcv, &w[0], false), KERNEL_OK);
	assert_delivered(&w[0], 0xc0, 3);
}

/* Acknowledge and wait in one call: the ack releases what came meanwhile
 * to this very wait; without new submits the caller blocks */
static void test_ack_wait_acks_then_waits(void **state)
{
	(void)state;
	assert_int_equal(sig_submit(&ctx[0], 1), KERNEL_OK);
	assert_int_equal(kcall(&w[0], KCALL_SIG_WAIT, cap_rcv, 0), KERNEL_OK);
	assert_int_equal(sig_submit(&ctx[0], 2), KERNEL_OK); /* held back until the ack */

	assert_int_equal(kcall(&w[0], KCALL_SIG_ACK_WAIT, cap_ctx[0], cap_rcv), KERNEL_OK);
	assert_delivered(&w[0], 0xc0, 2);
	assert_true(ctx[0].awaits_ack);

	assert_int_equal(kcall(&w[0], KCALL_SIG_ACK_WAIT, cap_ctx[0], cap_rcv),
			 KCALL_SIG_ACK_WAIT); /* blocked */
	assert_false(ctx[0].awaits_ack);
	assert_int_equal(w[0].state, THREAD_AWAITS_SIGNAL);
	assert_ptr_equal(w[0].sig_receiver, &rcv);
	assert_false(sched_is_ready(&w[0].share));

	assert_int_equal(kcall(&w[1], KCALL_SIG_SUBMIT, cap_ctx[3], 1), KERNEL_OK);
	assert_int_equal(w[0].state, THREAD_ACTIVE);
	assert_int_equal(w[0].regs.r[0], KERNEL_OK);
	assert_delivered(&w[0], 0xc3, 1);
}

/* Either name bad, or nothing to acknowledge: the call changes nothing */
static void test_ack_wait_checks_both_before_either(void **state)
{
	(void)state;
	assert_int_equal(sig_submit(&ctx[0], 1), KERNEL_OK);
	assert_int_equal(sig_wait(&rcv, &w[0], true), KERNEL_OK);

	/* a context where the receiver goes, and the other way round */
	assert_int_equal(kcall(&w[0], KCALL_SIG_ACK_WAIT, cap_ctx[0], cap_ctx[1]),
			 KERNEL_INVALID_CAP);
	assert_int_equal(kcall(&w[0], KCALL_SIG_ACK_WAIT, cap_rcv, cap_rcv), KERNEL_INVALID_CAP);
	assert_int_equal(kcall(&w[0], KCALL_SIG_ACK_WAIT, cap_ctx[0], 0x10000 + cap_rcv),
			 KERNEL_INVALID_CAP);
	assert_true(ctx[0].awaits_ack);
	assert_int_equal(w[0].state, THREAD_ACTIVE);

	/* a context without a delivery to acknowledge: no wait either */
	assert_int_equal(kcall(&w[0], KCALL_SIG_ACK_WAIT, cap_ctx[1], cap_rcv),
			 KERNEL_INVALID_STATE);
	assert_int_equal(w[0].state, THREAD_ACTIVE);
	assert_true(list_empty(&rcv.waiters));
	assert_true(ctx[0].awaits_ack);
}

/* The ack of a context being killed lets its killer go, then the caller waits */
static void test_ack_wait_releases_a_killer(void **state)
{
	(void)state;
	assert_int_equal(sig_submit(&ctx[0], 1), KERNEL_OK);
	assert_int_equal(sig_wait(&rcv, &w[0], true), KERNEL_OK);
	assert_int_equal(kcall(&w[1], KCALL_SIG_KILL, cap_ctx[0], 0), KCALL_SIG_KILL);
	assert_int_equal(w[1].state, THREAD_AWAITS_SIG_KILL);

	assert_int_equal(kcall(&w[0], KCALL_SIG_ACK_WAIT, cap_ctx[0], cap_rcv), KCALL_SIG_ACK_WAIT);
	assert_int_equal(w[1].state, THREAD_ACTIVE);
	assert_int_equal(w[1].regs.r[0], KERNEL_OK);
	assert_int_equal(ctx[0].state, SIG_CONTEXT_KILLED);
	assert_int_equal(w[0].state, THREAD_AWAITS_SIGNAL);
}

static void test_many_contexts_are_delivered_fifo(void **state)
{
	(void)state;
	const unsigned order[4] = { 2, 0, 3, 1 };
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(sig_submit(&ctx[order[i]], i + 1), KERNEL_OK);
	assert_int_equal(sig_submit(&ctx[2], 10), KERNEL_OK); /* keeps its place */
	assert_int_equal(fake_list_len(&rcv.pending), 4);
	for (unsigned i = 0; i < 4; i++)
		assert_ptr_equal(pending_at(&rcv, i), &ctx[order[i]]);

	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(kcall(&w[0], KCALL_SIG_PENDING, cap_rcv, 0), KERNEL_OK);
		assert_delivered(&w[0], 0xc0 + order[i], i == 0 ? 11 : i + 1);
	}
	assert_int_equal(kcall(&w[0], KCALL_SIG_PENDING, cap_rcv, 0), KERNEL_WOULD_BLOCK);
	assert_int_equal(w[0].state, THREAD_ACTIVE);
}

static void test_waiters_are_served_fifo(void **state)
{
	(void)state;
	wait_blocked(&w[2]);
	wait_blocked(&w[0]);
	wait_blocked(&w[1]);
	assert_int_equal(fake_list_len(&rcv.waiters), 3);

	assert_int_equal(sig_submit(&ctx[1], 1), KERNEL_OK);
	assert_int_equal(w[2].state, THREAD_ACTIVE);
	assert_delivered(&w[2], 0xc1, 1);
	assert_int_equal(w[0].state, THREAD_AWAITS_SIGNAL);
	assert_int_equal(sig_submit(&ctx[3], 1), KERNEL_OK);
	assert_delivered(&w[0], 0xc3, 1);
	assert_int_equal(w[1].state, THREAD_AWAITS_SIGNAL);
	assert_int_equal(fake_list_len(&rcv.waiters), 1);
}

static void test_pending_without_signals_would_block(void **state)
{
	(void)state;
	w[0].utcb->data_size = 0x77;
	assert_int_equal(kcall(&w[0], KCALL_SIG_PENDING, cap_rcv, 0), KERNEL_WOULD_BLOCK);
	assert_int_equal(w[0].state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&w[0].share));
	assert_true(list_empty(&rcv.waiters));
	assert_int_equal(w[0].utcb->data_size, 0x77); /* nothing written */
}

static void test_submit_of_zero_is_invalid_arg(void **state)
{
	(void)state;
	assert_int_equal(kcall(&w[0], KCALL_SIG_SUBMIT, cap_ctx[0], 0), KERNEL_INVALID_ARG);
	assert_int_equal(ctx[0].count, 0);
	assert_true(list_empty(&rcv.pending));
}

/* ---- kill ---- */

static void test_kill_of_an_unacked_context_waits_for_the_ack(void **state)
{
	(void)state;
	assert_int_equal(sig_submit(&ctx[0], 1), KERNEL_OK);
	assert_int_equal(sig_wait(&rcv, &w[0], true), KERNEL_OK);

	assert_int_equal(kcall(&w[1], KCALL_SIG_KILL, cap_ctx[0], 0), KCALL_SIG_KILL); /* blocked */
	assert_int_equal(w[1].state, THREAD_AWAITS_SIG_KILL);
	assert_false(sched_is_ready(&w[1].share));
	assert_ptr_equal(ctx[0].killer, &w[1]);
	assert_ptr_equal(w[1].sig_killing, &ctx[0]);
	assert_int_equal(ctx[0].state, SIG_CONTEXT_ACTIVE);
	/* a second kill is refused while the first waits */
	assert_int_equal(kcall(&w[2], KCALL_SIG_KILL, cap_ctx[0], 0), KERNEL_INVALID_STATE);
	assert_int_equal(w[2].state, THREAD_ACTIVE);

	/* submits meanwhile are accepted but never delivered */
	assert_int_equal(sig_submit(&ctx[0], 1), KERNEL_OK);
	assert_int_equal(kcall(&w[0], KCALL_SIG_ACK, cap_ctx[0], 0), KERNEL_OK);
	assert_int_equal(ctx[0].state, SIG_CONTEXT_KILLED);
	assert_null(ctx[0].killer);
	assert_int_equal(w[1].state, THREAD_ACTIVE);
	assert_int_equal(w[1].regs.r[0], KERNEL_OK);
	assert_true(sched_is_ready(&w[1].share));
	assert_null(w[1].sig_killing);
	assert_true(list_empty(&rcv.pending));
	assert_int_equal(sig_wait(&rcv, &w[0], false), KERNEL_WOULD_BLOCK);
}

static void test_kill_of_an_idle_context_is_immediate(void **state)
{
	(void)state;
	assert_int_equal(sig_submit(&ctx[1], 2), KERNEL_OK); /* pending, not delivered */
	assert_int_equal(sig_submit(&ctx[2], 1), KERNEL_OK);
	assert_int_equal(kcall(&w[0], KCALL_SIG_KILL, cap_ctx[1], 0), KERNEL_OK);
	assert_int_equal(ctx[1].state, SIG_CONTEXT_KILLED);
	assert_int_equal(w[0].state, THREAD_ACTIVE);
	assert_int_equal(fake_list_len(&rcv.pending), 1);
	assert_ptr_equal(pending_at(&rcv, 0), &ctx[2]);
	assert_int_equal(kcall(&w[0], KCALL_SIG_KILL, cap_ctx[3], 0), KERNEL_OK); /* never used */
	assert_int_equal(ctx[3].state, SIG_CONTEXT_KILLED);
}

static void test_killed_context_refuses_everything(void **state)
{
	(void)state;
	assert_int_equal(sig_kill(&ctx[0], &w[0]), KERNEL_OK);
	assert_int_equal(kcall(&w[0], KCALL_SIG_SUBMIT, cap_ctx[0], 1), KERNEL_INVALID_STATE);
	assert_int_equal(sig_submit(&ctx[0], 1), KERNEL_INVALID_STATE);
	assert_int_equal(ctx[0].count, 0);
	assert_int_equal(sig_ack(&ctx[0]), KERNEL_INVALID_STATE);
	assert_int_equal(sig_kill(&ctx[0], &w[0]), KERNEL_INVALID_STATE);
	assert_int_equal(w[0].state, THREAD_ACTIVE);
	assert_true(list_empty(&rcv.pending));
	/* its name still resolves: the object exists until core destroys it */
	assert_ptr_equal(cap_object(&upd.caps, cap_ctx[0], KOBJ_SIG_CONTEXT), &ctx[0].kobj);
}

/*
 * Regression (found by this test, fixed in e855500): sig_context_create
 * refused only an ACTIVE context; a KILLED one - still linked into its
 * receiver's `contexts` list and still carrying its identities - was
 * overwritten and linked again, corrupting the receiver's list. Creating
 * over a killed (not destroyed) context is INVALID_STATE and changes nothing.
 */
static void test_create_over_a_killed_context_is_invalid_state(void **state)
{
	(void)state;
	assert_int_equal(sig_kill(&ctx[1], &w[0]), KERNEL_OK);
	assert_int_equal(fake_list_len(&rcv.contexts), 4);

	enum kernel_result r = sig_context_create(&ctx[1], &rcv, 0x99);
	if (r == KERNEL_OK) {
		/* repair as far as possible so that teardown does not crash */
		memset(&rcv, 0, sizeof(rcv));
		memset(ctx, 0, sizeof(ctx));
		memset(id_ctx, 0, sizeof(id_ctx));
		memset(&id_rcv, 0, sizeof(id_rcv));
		cap_space_init(&upd.caps, &upd);
		fail_msg("sig_context_create overwrote a killed context that was still bound");
	}
	assert_int_equal(r, KERNEL_INVALID_STATE);
	assert_int_equal(ctx[1].state, SIG_CONTEXT_KILLED);
	assert_int_equal(ctx[1].imprint, 0xc1);
	assert_int_equal(fake_list_len(&rcv.contexts), 4);
	assert_int_equal(fake_list_len(&ctx[1].kobj.identities), 1);
	/* after destroy, the memory may hold a new context */
	assert_int_equal(sig_context_destroy(&ctx[1]), KERNEL_OK);
	assert_int_equal(sig_context_create(&ctx[1], &rcv, 0x99), KERNEL_OK);
	assert_int_equal(fake_list_len(&rcv.contexts), 4);
}

/* ---- destroy ---- */

static void test_receiver_destroy_needs_its_contexts_gone(void **state)
{
	(void)state;
	wait_blocked(&w[0]);
	wait_blocked(&w[1]);
	assert_int_equal(sig_receiver_destroy(&rcv), KERNEL_INVALID_STATE);
	assert_int_equal(rcv.state, SIG_RECEIVER_ACTIVE);
	assert_int_equal(w[0].state, THREAD_AWAITS_SIGNAL);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(sig_context_destroy(&ctx[i]), KERNEL_OK);
	assert_int_equal(sig_kill(&ctx[3], &w[2]), KERNEL_OK);
	assert_int_equal(sig_receiver_destroy(&rcv), KERNEL_INVALID_STATE); /* killed, not gone */
	assert_int_equal(sig_context_destroy(&ctx[3]), KERNEL_OK);
	assert_true(list_empty(&rcv.contexts));

	/* without contexts: the waiters learn that it is gone */
	assert_int_equal(sig_receiver_destroy(&rcv), KERNEL_OK);
	assert_int_equal(rcv.state, SIG_RECEIVER_DESTROYED);
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(w[i].state, THREAD_ACTIVE);
		assert_int_equal(w[i].regs.r[0], KERNEL_DESTROYED);
		assert_true(sched_is_ready(&w[i].share));
		assert_null(w[i].sig_receiver);
	}
	assert_true(list_empty(&rcv.waiters));
	assert_null(cap_lookup(&upd.caps, cap_rcv));
	assert_int_equal(kcall(&w[0], KCALL_SIG_WAIT, cap_rcv, 0), KERNEL_INVALID_CAP);
	assert_int_equal(sig_receiver_destroy(&rcv), KERNEL_INVALID_STATE);
	assert_int_equal(sig_receiver_destroy(&rcv2), KERNEL_INVALID_STATE); /* never created */
	/* and the memory can be used again */
	assert_int_equal(sig_receiver_create(&rcv), KERNEL_OK);
	assert_int_equal(sig_receiver_create(&rcv), KERNEL_INVALID_STATE);
}

static void test_context_create_checks(void **state)
{
	(void)state;
	struct sig_context c;
	memset(&c, 0, sizeof(c));
	assert_int_equal(sig_context_create(&ctx[0], &rcv, 1), KERNEL_INVALID_STATE);
	assert_int_equal(ctx[0].imprint, 0xc0);
	assert_int_equal(sig_context_create(&c, &rcv2, 1), KERNEL_INVALID_ARG);
	assert_int_equal(sig_context_create(&c, NULL, 1), KERNEL_INVALID_ARG);
	assert_int_equal(c.state, SIG_CONTEXT_INVALID);
	assert_int_equal(sig_context_destroy(&c), KERNEL_INVALID_STATE);
	assert_int_equal(fake_list_len(&rcv.contexts), 4);
}

static void test_context_destroy_cleans_up(void **state)
{
	(void)state;
	/* pending, with a timeout armed and a killer waiting for its ack */
	assert_int_equal(sig_submit(&ctx[0], 1), KERNEL_OK);
	assert_int_equal(sig_wait(&rcv, &w[0], true), KERNEL_OK);
	assert_int_equal(sig_kill(&ctx[0], &w[1]), KERNEL_BLOCKED);
	assert_int_equal(sig_submit(&ctx[1], 1), KERNEL_OK);
	timeout_set(&w[2].timeout, 0, 100, &ctx[1]);

	assert_int_equal(sig_context_destroy(&ctx[0]), KERNEL_OK);
	assert_int_equal(w[1].state, THREAD_ACTIVE); /* the kill is done */
	assert_int_equal(w[1].regs.r[0], KERNEL_OK);
	assert_int_equal(ctx[0].state, SIG_CONTEXT_INVALID);
	assert_null(cap_lookup(&upd.caps, cap_ctx[0]));

	assert_int_equal(sig_context_destroy(&ctx[1]), KERNEL_OK);
	assert_true(list_empty(&rcv.pending));
	assert_true(list_empty(&kernel.cpus[0].timeouts));
	assert_null(w[2].timeout.ctx);
	assert_int_equal(fake_list_len(&rcv.contexts), 2);
	assert_int_equal(sig_context_destroy(&ctx[1]), KERNEL_INVALID_STATE); /* twice */
	timeout_expire(&kernel.cpus[0], 1000);                                /* nothing fires */
}

static void test_pager_context_cannot_be_destroyed(void **state)
{
	(void)state;
	assert_int_equal(thread_set_pager(&w[0], &ctx[0]), KERNEL_OK);
	assert_int_equal(sig_context_destroy(&ctx[0]), KERNEL_INVALID_STATE);
	assert_int_equal(ctx[0].state, SIG_CONTEXT_ACTIVE);
	assert_ptr_equal(cap_object(&upd.caps, cap_ctx[0], KOBJ_SIG_CONTEXT), &ctx[0].kobj);
	assert_int_equal(thread_set_pager(&w[0], NULL), KERNEL_OK);
	assert_int_equal(sig_context_destroy(&ctx[0]), KERNEL_OK);
}

static void test_destroyed_waiter_leaves_the_receiver(void **state)
{
	(void)state;
	wait_blocked(&w[0]);
	wait_blocked(&w[1]);
	assert_int_equal(thread_destroy(&w[0]), KERNEL_OK);
	assert_int_equal(fake_list_len(&rcv.waiters), 1);
	assert_int_equal(sig_submit(&ctx[0], 1), KERNEL_OK);
	assert_delivered(&w[1], 0xc0, 1);
	assert_int_equal(w[1].state, THREAD_ACTIVE);
}

static void test_destroyed_killer_leaves_the_context(void **state)
{
	(void)state;
	assert_int_equal(sig_submit(&ctx[0], 1), KERNEL_OK);
	assert_int_equal(sig_wait(&rcv, &w[0], true), KERNEL_OK);
	assert_int_equal(sig_kill(&ctx[0], &w[1]), KERNEL_BLOCKED);
	assert_int_equal(thread_destroy(&w[1]), KERNEL_OK);
	assert_null(ctx[0].killer);
	/* the ack finds no killer: the context lives on */
	assert_int_equal(sig_ack(&ctx[0]), KERNEL_OK);
	assert_int_equal(ctx[0].state, SIG_CONTEXT_ACTIVE);
	assert_int_equal(sig_submit(&ctx[0], 1), KERNEL_OK);
	assert_int_equal(sig_wait(&rcv, &w[0], false), KERNEL_OK);
}

/* ---- pager signals ---- */

static void test_fault_submits_the_pager_context_with_its_imprint(void **state)
{
	(void)state;
	const struct fault f = {
		.type = FAULT_WRITE, .cause = FAULT_CAUSE_PERMISSION, .ip = 0x1100, .addr = 0x8000
	};
	assert_int_equal(thread_set_pager(&w[1], &ctx[2]), KERNEL_OK);
	wait_blocked(&w[0]);
	thread_fault(&w[1], &f);
	assert_int_equal(w[1].state, THREAD_FAULTED);
	assert_false(sched_is_ready(&w[1].share));
	assert_memory_equal(&w[1].fault, &f, sizeof(f));
	assert_int_equal(w[0].regs.r[0], KERNEL_OK);
	assert_delivered(&w[0], 0xc2, 1);

	assert_int_equal(thread_pager_ack(&w[1], true), KERNEL_OK);
	assert_int_equal(w[1].state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&w[1].share));
	assert_false(ctx[2].awaits_ack);
}

static void test_exit_submits_the_pager_context(void **state)
{
	(void)state;
	assert_int_equal(thread_set_pager(&w[1], &ctx[3]), KERNEL_OK);
	assert_int_equal(kcall(&w[1], KCALL_THREAD_EXIT, 42, 0), KCALL_THREAD_EXIT);
	assert_int_equal(w[1].state, THREAD_EXITED);
	assert_int_equal(w[1].exit_code, 42);
	assert_int_equal(ctx[3].count, 1);
	assert_int_equal(sig_wait(&rcv, &w[0], true), KERNEL_OK);
	assert_delivered(&w[0], 0xc3, 1);
	assert_int_equal(thread_pager_ack(&w[1], true), KERNEL_INVALID_STATE);
	assert_int_equal(w[1].state, THREAD_EXITED);
	assert_int_equal(thread_pager_ack(&w[1], false), KERNEL_OK);
	assert_false(ctx[3].awaits_ack);
	assert_int_equal(w[1].state, THREAD_EXITED);
}

/* ---- timeouts ---- */

static void test_timeouts_fire_in_deadline_order(void **state)
{
	(void)state;
	timeout_set(&w[0].timeout, 1000, 300, &ctx[0]);
	timeout_set(&w[1].timeout, 1000, 100, &ctx[1]);
	timeout_set(&w[2].timeout, 1000, 200, &ctx[2]);
	assert_int_equal(fake_list_len(&kernel.cpus[0].timeouts), 3);
	assert_int_equal(w[1].timeout.deadline, 1100);
	assert_int_equal(timeout_next(&kernel.cpus[0], 1000), 100);
	assert_int_equal(timeout_next(&kernel.cpus[0], 1050), 50);
	fake_kernel_check_invariants(-1);

	timeout_expire(&kernel.cpus[0], 1099);
	assert_true(list_empty(&rcv.pending));
	timeout_expire(&kernel.cpus[0], 1100);
	assert_ptr_equal(pending_at(&rcv, 0), &ctx[1]);
	assert_int_equal(fake_list_len(&kernel.cpus[0].timeouts), 2);
	assert_null(w[1].timeout.ctx);
	timeout_expire(&kernel.cpus[0], 5000); /* late: both remaining fire, earliest first */
	assert_ptr_equal(pending_at(&rcv, 1), &ctx[2]);
	assert_ptr_equal(pending_at(&rcv, 2), &ctx[0]);
	assert_true(list_empty(&kernel.cpus[0].timeouts));
	assert_int_equal(timeout_next(&kernel.cpus[0], 5000), UINT64_MAX);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(ctx[i].count, 1); /* one-shot */
	timeout_expire(&kernel.cpus[0], 100000);
	assert_int_equal(ctx[0].count, 1);
}

static void test_timeout_cancel_and_rearm(void **state)
{
	(void)state;
	timeout_set(&w[0].timeout, 0, 100, &ctx[0]);
	timeout_set(&w[1].timeout, 0, 200, &ctx[1]);
	timeout_cancel(&w[0].timeout);
	assert_int_equal(fake_list_len(&kernel.cpus[0].timeouts), 1);
	timeout_cancel(&w[0].timeout); /* twice is harmless */
	assert_int_equal(timeout_next(&kernel.cpus[0], 0), 200);

	/* re-arming replaces the old deadline and context */
	timeout_set(&w[1].timeout, 0, 50, &ctx[2]);
	assert_int_equal(fake_list_len(&kernel.cpus[0].timeouts), 1);
	assert_int_equal(timeout_next(&kernel.cpus[0], 0), 50);
	timeout_expire(&kernel.cpus[0], 300);
	assert_int_equal(ctx[0].count, 0);
	assert_int_equal(ctx[1].count, 0);
	assert_int_equal(ctx[2].count, 1);

	/* 0 ticks: due at once; a past deadline: timeout_next is 0 */
	timeout_set(&w[0].timeout, 400, 0, &ctx[3]);
	assert_int_equal(timeout_next(&kernel.cpus[0], 400), 0);
	assert_int_equal(timeout_next(&kernel.cpus[0], 500), 0);
	timeout_expire(&kernel.cpus[0], 400);
	assert_int_equal(ctx[3].count, 1);
	/* a deadline beyond the end of time saturates */
	timeout_set(&w[0].timeout, 10, UINT64_MAX, &ctx[3]);
	assert_int_equal(w[0].timeout.deadline, UINT64_MAX);
}

static void test_timeout_call_arms_cancels_and_checks(void **state)
{
	(void)state;
	kernel.cpus[0].last_ticks = 5000;
	kernel.ticks_per_ms       = 2000; /* 2 ticks per us */
	assert_int_equal(kcall(&w[0], KCALL_TIMEOUT, 100, cap_ctx[1]), KERNEL_OK);
	assert_int_equal(w[0].timeout.deadline, 5200);
	assert_ptr_equal(w[0].timeout.ctx, &ctx[1]);
	assert_int_equal(kcall(&w[0], KCALL_TIMEOUT, 10, cap_ctx[2]), KERNEL_OK); /* re-arm */
	assert_int_equal(w[0].timeout.deadline, 5020);
	assert_ptr_equal(w[0].timeout.ctx, &ctx[2]);
	assert_int_equal(fake_list_len(&kernel.cpus[0].timeouts), 1);

	/* bad capabilities change nothing */
	assert_int_equal(kcall(&w[0], KCALL_TIMEOUT, 10, cap_rcv), KERNEL_INVALID_CAP);
	assert_int_equal(kcall(&w[0], KCALL_TIMEOUT, 10, 60), KERNEL_INVALID_CAP);
	assert_int_equal(kcall(&w[0], KCALL_TIMEOUT, 10, 0x10000 | cap_ctx[0]), KERNEL_INVALID_CAP);
	assert_ptr_equal(w[0].timeout.ctx, &ctx[2]);
	assert_int_equal(w[0].timeout.deadline, 5020);

	/* 0 us cancels, whatever the capability */
	assert_int_equal(kcall(&w[0], KCALL_TIMEOUT, 0, 0), KERNEL_OK);
	assert_true(list_empty(&kernel.cpus[0].timeouts));
	assert_null(w[0].timeout.ctx);
	assert_int_equal(kcall(&w[0], KCALL_TIMEOUT, 0, 0), KERNEL_OK); /* nothing armed */

	/* each thread has its own timeout */
	assert_int_equal(kcall(&w[0], KCALL_TIMEOUT, 30, cap_ctx[0]), KERNEL_OK);
	assert_int_equal(kcall(&w[1], KCALL_TIMEOUT, 20, cap_ctx[0]), KERNEL_OK);
	assert_int_equal(fake_list_len(&kernel.cpus[0].timeouts), 2);
	assert_int_equal(timeout_next(&kernel.cpus[0], 5000), 40);
}

static void test_timeouts_end_with_their_thread_or_context(void **state)
{
	(void)state;
	timeout_set(&w[0].timeout, 0, 100, &ctx[0]);
	timeout_set(&w[1].timeout, 0, 200, &ctx[0]);
	timeout_set(&w[2].timeout, 0, 300, &ctx[1]);
	assert_int_equal(thread_destroy(&w[2]), KERNEL_OK);
	assert_int_equal(fake_list_len(&kernel.cpus[0].timeouts), 2);
	assert_int_equal(sig_context_destroy(&ctx[0]), KERNEL_OK); /* cancels both */
	assert_true(list_empty(&kernel.cpus[0].timeouts));
	assert_null(w[0].timeout.ctx);
	assert_null(w[1].timeout.ctx);
	timeout_expire(&kernel.cpus[0], 1000);
	assert_int_equal(ctx[1].count, 0);

	/* a killed context's timeout fires into nothing */
	timeout_set(&w[0].timeout, 0, 100, &ctx[2]);
	assert_int_equal(sig_kill(&ctx[2], &w[1]), KERNEL_OK);
	timeout_expire(&kernel.cpus[0], 2000);
	assert_true(list_empty(&kernel.cpus[0].timeouts));
	assert_int_equal(ctx[2].count, 0);
}

static void test_timeout_fires_at_kernel_entry_and_wakes_a_waiter(void **state)
{
	(void)state;
	kernel.cpus[0].last_ticks = 0;
	fake_board.ticks          = 0;
	assert_int_equal(kcall(&w[0], KCALL_TIMEOUT, 3, cap_ctx[0]), KERNEL_OK); /* 3 ticks */
	wait_blocked(&w[1]);

	/* the timer is programmed for the timeout when it comes before the slice end */
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ));
	assert_int_equal(fake_board.timer_slice, 3);

	fake_board.ticks = 3;
	fake_pic_raise(FAKE_TIMER_IRQ);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ));
	assert_int_equal(w[1].state, THREAD_ACTIVE);
	assert_int_equal(w[1].regs.r[0], KERNEL_OK);
	assert_delivered(&w[1], 0xc0, 1);
	assert_true(list_empty(&kernel.cpus[0].timeouts));
	assert_int_equal(fake_board.timer_slice, FAKE_SLICE - 3); /* core's slice again */
}

/* ---- IRQs ---- */

static void test_irq_create_unmasks_and_an_interrupt_is_signalled(void **state)
{
	(void)state;
	fake_board.masked[LINE] = true;
	assert_int_equal(irq_create(&irq, LINE, &ctx[0]), KERNEL_OK);
	assert_int_equal(irq.state, IRQ_ACTIVE);
	assert_ptr_equal(kernel.irqs[LINE], &irq);
	assert_ptr_equal(ctx[0].irq, &irq);
	assert_false(fake_board.masked[LINE]);
	assert_int_equal(fake_board.last_unmasked, LINE);

	assert_true(irq_occurred(LINE));
	assert_true(fake_board.masked[LINE]); /* until acknowledged */
	assert_int_equal(ctx[0].count, 1);
	assert_int_equal(sig_wait(&rcv, &w[0], true), KERNEL_OK);
	assert_delivered(&w[0], 0xc0, 1);
	assert_true(fake_board.masked[LINE]);

	unsigned unmasks = fake_board.unmasks;
	assert_int_equal(kcall(&w[0], KCALL_SIG_ACK, cap_ctx[0], 0), KERNEL_OK);
	assert_false(fake_board.masked[LINE]);
	assert_int_equal(fake_board.unmasks, unmasks + 1);

	/* lines without an owner are not ours */
	assert_false(irq_occurred(LINE + 1));
	assert_false(irq_occurred(IRQ_LINES));
	assert_false(fake_board.masked[LINE + 1]);
}

static void test_irq_through_the_kernel_entry(void **state)
{
	(void)state;
	assert_int_equal(irq_create(&irq, LINE2, &ctx[1]), KERNEL_OK);
	wait_blocked(&w[2]);
	fake_pic_raise(LINE2);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ));
	assert_int_equal(fake_board.last_finished, LINE2);
	assert_true(fake_board.masked[LINE2]);
	assert_int_equal(w[2].state, THREAD_ACTIVE);
	assert_delivered(&w[2], 0xc1, 1);
	assert_string_equal(fake_uart_text(), ""); /* not "unexpected" */

	/* a second interrupt before the ack: the line is masked, but if the
	 * controller still delivers one, it is counted, not lost */
	fake_pic_raise(LINE2);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ));
	assert_int_equal(ctx[1].count, 1);
	assert_int_equal(sig_ack(&ctx[1]), KERNEL_OK);
	assert_false(fake_board.masked[LINE2]);
	assert_int_equal(sig_wait(&rcv, &w[2], false), KERNEL_OK);
	assert_delivered(&w[2], 0xc1, 1);
}

static void test_irq_create_refuses_timer_owned_and_bad_lines(void **state)
{
	(void)state;
	struct sig_context zeroed;
	memset(&zeroed, 0, sizeof(zeroed));

	assert_int_equal(irq_create(&irq, FAKE_TIMER_IRQ, &ctx[0]), KERNEL_INVALID_ARG);
	assert_int_equal(irq_create(&irq, IRQ_LINES, &ctx[0]), KERNEL_INVALID_ARG);
	assert_int_equal(irq_create(&irq, LINE, NULL), KERNEL_INVALID_ARG);
	assert_int_equal(irq_create(&irq, LINE, &zeroed), KERNEL_INVALID_ARG);
	assert_int_equal(sig_kill(&ctx[3], &w[0]), KERNEL_OK);
	assert_int_equal(irq_create(&irq, LINE, &ctx[3]), KERNEL_INVALID_ARG);
	assert_int_equal(irq.state, IRQ_INVALID);
	assert_null(kernel.irqs[FAKE_TIMER_IRQ]);
	assert_null(kernel.irqs[LINE]);
	assert_int_equal(fake_board.unmasks, 0);

	assert_int_equal(irq_create(&irq, LINE, &ctx[0]), KERNEL_OK);
	assert_int_equal(irq_create(&irq2, LINE, &ctx[1]), KERNEL_INVALID_STATE); /* has an owner */
	assert_int_equal(irq_create(&irq2, LINE + 1, &ctx[0]), KERNEL_INVALID_ARG);  /* ctx bound */
	assert_int_equal(irq_create(&irq, LINE + 1, &ctx[1]), KERNEL_INVALID_STATE); /* active */
	assert_int_equal(irq2.state, IRQ_INVALID);
	assert_null(ctx[1].irq);
	assert_ptr_equal(kernel.irqs[LINE], &irq);
	assert_int_equal(irq.line, LINE);
	assert_int_equal(fake_board.unmasks, 1);
}

static void test_irq_destroy_masks_and_frees_the_line(void **state)
{
	(void)state;
	assert_int_equal(irq_create(&irq, LINE, &ctx[0]), KERNEL_OK);
	assert_int_equal(irq_destroy(&irq), KERNEL_OK);
	assert_int_equal(irq.state, IRQ_INVALID);
	assert_true(fake_board.masked[LINE]);
	assert_null(kernel.irqs[LINE]);
	assert_null(ctx[0].irq);
	assert_false(irq_occurred(LINE));
	assert_int_equal(irq_destroy(&irq), KERNEL_INVALID_STATE);

	/* an outstanding delivery acked after the destroy does not unmask */
	assert_int_equal(irq_create(&irq, LINE, &ctx[0]), KERNEL_OK);
	assert_true(irq_occurred(LINE));
	assert_int_equal(sig_wait(&rcv, &w[0], true), KERNEL_OK);
	assert_int_equal(irq_destroy(&irq), KERNEL_OK);
	assert_int_equal(sig_ack(&ctx[0]), KERNEL_OK);
	assert_true(fake_board.masked[LINE]);

	/* the line and the context can be bound again */
	assert_int_equal(irq_create(&irq2, LINE, &ctx[0]), KERNEL_OK);
	assert_false(fake_board.masked[LINE]);
	assert_ptr_equal(kernel.irqs[LINE], &irq2);
}

static void test_irq_context_destroyed_first_leaves_the_line_masked(void **state)
{
	(void)state;
	assert_int_equal(irq_create(&irq, LINE, &ctx[0]), KERNEL_OK);
	assert_int_equal(sig_context_destroy(&ctx[0]), KERNEL_OK);
	assert_null(irq.ctx);
	assert_ptr_equal(kernel.irqs[LINE], &irq);
	assert_true(irq_occurred(LINE)); /* owned: masked, nothing submitted */
	assert_true(fake_board.masked[LINE]);
	assert_true(list_empty(&rcv.pending));
	assert_int_equal(irq_destroy(&irq), KERNEL_OK);
	assert_null(kernel.irqs[LINE]);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_submit_then_wait_delivers),
		T(test_wait_then_submit_wakes_the_waiter),
		T(test_submits_add_up_until_delivered),
		T(test_no_second_delivery_before_the_ack),
		T(test_ack_without_new_submits_delivers_nothing),
		T(test_ack_wait_acks_then_waits),
		T(test_ack_wait_checks_both_before_either),
		T(test_ack_wait_releases_a_killer),
		T(test_many_contexts_are_delivered_fifo),
		T(test_waiters_are_served_fifo),
		T(test_pending_without_signals_would_block),
		T(test_submit_of_zero_is_invalid_arg),
		T(test_kill_of_an_unacked_context_waits_for_the_ack),
		T(test_kill_of_an_idle_context_is_immediate),
		T(test_killed_context_refuses_everything),
		T(test_create_over_a_killed_context_is_invalid_state),
		T(test_receiver_destroy_needs_its_contexts_gone),
		T(test_context_create_checks),
		T(test_context_destroy_cleans_up),
		T(test_pager_context_cannot_be_destroyed),
		T(test_destroyed_waiter_leaves_the_receiver),
		T(test_destroyed_killer_leaves_the_context),
		T(test_fault_submits_the_pager_context_with_its_imprint),
		T(test_exit_submits_the_pager_context),
		T(test_timeouts_fire_in_deadline_order),
		T(test_timeout_cancel_and_rearm),
		T(test_timeout_call_arms_cancels_and_checks),
		T(test_timeouts_end_with_their_thread_or_context),
		T(test_timeout_fires_at_kernel_entry_and_wakes_a_waiter),
		T(test_irq_create_unmasks_and_an_interrupt_is_signalled),
		T(test_irq_through_the_kernel_entry),
		T(test_irq_create_refuses_timer_owned_and_bad_lines),
		T(test_irq_destroy_masks_and_frees_the_line),
		T(test_irq_context_destroyed_first_leaves_the_line_masked),
	};
#undef T
	return cmocka_run_group_tests_name("kernel signals, timeouts, IRQs", tests, NULL, NULL);
}
