/*
 * Host tests for kernel threads (base-hw/src/kernel/thread.c): the state
 * machine (create/start/destroy/set_pager/pause/resume), and faults and
 * exits signalled to the thread's pager context, delivered to a core thread
 * waiting at the pager receiver.
 */
#include <limits.h>
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

enum { USER_TABLE = 0x40200000u, USER_PRIO = 1, PAGER_PRIO = 2 };

static struct pd upd;              /* a user PD, ASID 1 */
static struct pd other_pd;         /* zeroed: never created */
static struct thread pager;        /* core thread waiting for pager signals */
static struct thread c[4];         /* user threads */
static struct sig_receiver prcv;   /* the pager receiver */
static struct sig_context pctx[4]; /* pager context of c[i], imprint 0x100 + i */
static struct sig_context pctx2;   /* another pager context, imprint 0x200 */

static const struct fault read_fault = {
	.type   = FAULT_READ,
	.cause  = FAULT_CAUSE_TRANSLATION,
	.ip     = 0x1004,
	.addr   = 0xdead0,
	.status = 0x7,
};

static int setup(void **state)
{
	memset(&upd, 0, sizeof(upd));
	memset(&other_pd, 0, sizeof(other_pd));
	memset(&pager, 0, sizeof(pager));
	memset(c, 0, sizeof(c));
	memset(&prcv, 0, sizeof(prcv));
	memset(pctx, 0, sizeof(pctx));
	memset(&pctx2, 0, sizeof(pctx2));
	fake_kernel_setup(state);
	assert_int_equal(pd_create(&upd, USER_TABLE), KERNEL_OK);
	assert_int_equal(sig_receiver_create(&prcv), KERNEL_OK);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(sig_context_create(&pctx[i], &prcv, 0x100 + i), KERNEL_OK);
	assert_int_equal(sig_context_create(&pctx2, &prcv, 0x200), KERNEL_OK);
	return 0;
}

static int teardown(void **state)
{
	fake_kernel_check_invariants(-1);
	for (unsigned i = 0; i < 4; i++)
		fake_check_thread(&c[i]);
	fake_check_thread(&pager);
	return fake_kernel_teardown(state);
}

static void start_user(struct thread *t, const char *name)
{
	assert_int_equal(thread_create(t, &upd, USER_PRIO, name, fake_utcb()), KERNEL_OK);
	assert_int_equal(thread_start(t, 0x1000, 0x7000), KERNEL_OK);
}

static void start_pager(struct thread *p, const char *name)
{
	assert_int_equal(thread_create(p, &kernel.core_pd, PAGER_PRIO, name, fake_utcb()),
			 KERNEL_OK);
	assert_int_equal(thread_start(p, 0x80001000, 0x80002000), KERNEL_OK);
}

static const struct sig_delivery *delivery(struct thread *t)
{
	return (const struct sig_delivery *)t->utcb->data;
}

/* The pager blocks at the pager receiver (nothing pending). */
static void pager_waits(void)
{
	assert_int_equal(sig_wait(&prcv, &pager, true), KERNEL_BLOCKED);
	assert_int_equal(pager.state, THREAD_AWAITS_SIGNAL);
	assert_false(sched_is_ready(&pager.share));
}

/* ---- construction ---- */

static void test_create_in_inactive_pd_fails(void **state)
{
	(void)state;
	struct utcb *u = fake_utcb();
	assert_int_equal(thread_create(&c[0], &other_pd, USER_PRIO, "x", u), KERNEL_INVALID_STATE);
	assert_int_equal(thread_create(&c[0], NULL, USER_PRIO, "x", u), KERNEL_INVALID_STATE);
	assert_int_equal(c[0].state, THREAD_INVALID);

	struct pd gone = { 0 };
	assert_int_equal(pd_create(&gone, USER_TABLE + ARCH_TTBR0_ALIGN), KERNEL_OK);
	assert_int_equal(pd_destroy(&gone), KERNEL_OK);
	assert_int_equal(thread_create(&c[0], &gone, USER_PRIO, "x", u), KERNEL_INVALID_STATE);
	assert_int_equal(gone.thread_count, 0);
	assert_int_equal(c[0].state, THREAD_INVALID);
}

static void test_create_with_bad_priority_fails(void **state)
{
	(void)state;
	struct utcb *u = fake_utcb();
	assert_int_equal(thread_create(&c[0], &upd, SCHED_PRIORITIES, "x", u), KERNEL_INVALID_ARG);
	assert_int_equal(thread_create(&c[0], &upd, UINT_MAX, "x", u), KERNEL_INVALID_ARG);
	assert_int_equal(c[0].state, THREAD_INVALID);
	assert_int_equal(upd.thread_count, 0);
	assert_int_equal(fake_arch.halts, 0); /* an error for the caller, no panic */
	assert_int_equal(thread_create(&c[0], &upd, SCHED_PRIORITIES - 1, "x", u), KERNEL_OK);
}

static void test_create_initialises_the_thread(void **state)
{
	(void)state;
	const char *longname = "a-thread-name-that-is-longer-than-31-characters";
	struct utcb *u       = fake_utcb();

	memset(&c[0], 0x5a, sizeof(c[0])); /* garbage, but not a constructed state */
	c[0].state = THREAD_INVALID;
	assert_int_equal(thread_create(&c[0], &upd, 2, longname, u), KERNEL_OK);
	assert_int_equal(c[0].state, THREAD_CREATED);
	assert_ptr_equal(c[0].pd, &upd);
	assert_ptr_equal(c[0].utcb, u);
	assert_false(c[0].paused);
	assert_int_equal(c[0].share.priority, 2);
	assert_int_equal(c[0].share.quota, 0);
	assert_int_equal(c[0].share.consumed, 0);
	assert_false(sched_is_ready(&c[0].share));
	assert_int_equal(c[0].kobj.type, KOBJ_THREAD);
	assert_true(list_empty(&c[0].kobj.identities));
	assert_null(c[0].pager);
	assert_null(c[0].ipc_server);
	assert_null(c[0].ipc_client);
	assert_false(c[0].ipc_client_gone);
	assert_true(list_empty(&c[0].ipc_queue));
	assert_true(list_empty(&c[0].helpers));
	assert_true(list_empty(&c[0].rcv_reserved));
	assert_false(list_node_linked(&c[0].ipc_node));
	assert_false(list_node_linked(&c[0].helper_node));
	assert_false(list_node_linked(&c[0].sig_node));
	assert_false(list_node_linked(&c[0].timeout.node));
	assert_null(c[0].sig_receiver);
	assert_null(c[0].sig_killing);
	assert_int_equal(c[0].print_len, 0);
	assert_int_equal(strlen(c[0].name), THREAD_NAME_LEN - 1);
	assert_memory_equal(c[0].name, longname, THREAD_NAME_LEN - 1);
	assert_int_equal(upd.thread_count, 1);

	assert_int_equal(thread_create(&c[1], &upd, 0, NULL, fake_utcb()), KERNEL_OK);
	assert_string_equal(c[1].name, "");
	assert_int_equal(upd.thread_count, 2);
}

static void test_create_twice_is_invalid_state(void **state)
{
	(void)state;
	struct utcb *u = fake_utcb();
	assert_int_equal(thread_create(&c[0], &upd, USER_PRIO, "a", u), KERNEL_OK);
	assert_int_equal(thread_create(&c[0], &upd, 0, "b", fake_utcb()), KERNEL_INVALID_STATE);
	assert_string_equal(c[0].name, "a");
	assert_ptr_equal(c[0].utcb, u);
	assert_int_equal(c[0].share.priority, USER_PRIO);
	assert_int_equal(upd.thread_count, 1);
	/* an ACTIVE thread cannot be overwritten either */
	assert_int_equal(thread_start(&c[0], 0x1000, 0x2000), KERNEL_OK);
	assert_int_equal(thread_create(&c[0], &upd, USER_PRIO, "c", u), KERNEL_INVALID_STATE);
	assert_int_equal(c[0].state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&c[0].share));
}

static void test_start_only_from_created(void **state)
{
	(void)state;
	assert_int_equal(thread_start(&c[0], 0x1000, 0x2000), KERNEL_INVALID_STATE); /* zeroed */
	assert_int_equal(c[0].state, THREAD_INVALID);
	assert_false(sched_is_ready(&c[0].share));

	start_user(&c[0], "a");
	c[0].regs.r[3] = 0x33; /* a second start must not reset the registers */
	assert_int_equal(thread_start(&c[0], 0x5000, 0x6000), KERNEL_INVALID_STATE);
	assert_int_equal(c[0].regs.pc, 0x1000);
	assert_int_equal(c[0].regs.r[3], 0x33);

	thread_exit(&c[0], 0);
	fake_uart_clear();
	assert_int_equal(thread_start(&c[0], 0x1000, 0x2000), KERNEL_INVALID_STATE);
	assert_int_equal(c[0].state, THREAD_EXITED);
	assert_int_equal(thread_destroy(&c[0]), KERNEL_OK);
	assert_int_equal(thread_start(&c[0], 0x1000, 0x2000), KERNEL_INVALID_STATE);
	assert_int_equal(c[0].state, THREAD_DESTROYED);
	assert_false(sched_is_ready(&c[0].share));
}

static void test_started_thread_is_ready(void **state)
{
	(void)state;
	assert_int_equal(thread_create(&c[0], &upd, USER_PRIO, "user", fake_utcb()), KERNEL_OK);
	assert_int_equal(thread_start(&c[0], 0x1001, 0x7ff0), KERNEL_OK);
	assert_int_equal(c[0].state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&c[0].share));
	assert_int_equal(c[0].regs.pc, 0x1000);
	assert_true(c[0].regs.thumb);
	assert_int_equal(c[0].regs.sp, 0x7ff0);
	assert_false(c[0].regs.privileged); /* user PD: unprivileged */

	start_pager(&pager, "pager");
	assert_true(pager.regs.privileged); /* core PD: privileged */
	assert_false(pager.regs.thumb);

	/* without quota, priorities do not matter: round robin in start order */
	assert_ptr_equal(sched_next(&kernel.cpus[0].sched), &kernel.core_main.share);
	assert_ptr_equal(list_first(&kernel.cpus[0].sched.fills),
			 &kernel.core_main.share.fill_node);
	assert_ptr_equal(kernel.cpus[0].sched.fills.head.prev, &pager.share.fill_node);

	/* with quota (claimed at once), priorities decide: core (3), pager
	 * (2), user (1) */
	assert_true(sched_set_quota(&kernel.cpus[0].sched, &c[0].share, 100));
	assert_true(sched_set_quota(&kernel.cpus[0].sched, &pager.share, 100));
	assert_true(sched_set_quota(&kernel.cpus[0].sched, &kernel.core_main.share, 100));
	assert_ptr_equal(sched_next(&kernel.cpus[0].sched), &kernel.core_main.share);
	assert_true(kernel.cpus[0].sched.current_on_claim);
	sched_consumed(&kernel.cpus[0].sched, kernel.cpus[0].sched.super_left);
	assert_ptr_equal(sched_next(&kernel.cpus[0].sched), &kernel.core_main.share);
	assert_true(kernel.cpus[0].sched.current_on_claim);
	thread_block(&kernel.core_main, THREAD_AWAITS_RESTART);
	assert_ptr_equal(sched_next(&kernel.cpus[0].sched), &pager.share);
	thread_block(&pager, THREAD_AWAITS_RESTART);
	assert_ptr_equal(sched_next(&kernel.cpus[0].sched), &c[0].share);
	thread_wake(&kernel.core_main, KERNEL_OK);
	thread_wake(&pager, KERNEL_OK);
	assert_ptr_equal(sched_next(&kernel.cpus[0].sched), &kernel.core_main.share);
}

static void test_thread_count_follows_create_and_destroy(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(thread_create(&c[i], &upd, USER_PRIO, "t", fake_utcb()),
				 KERNEL_OK);
		assert_int_equal(upd.thread_count, i + 1);
	}
	assert_int_equal(thread_start(&c[1], 0x1000, 0x2000), KERNEL_OK);
	assert_int_equal(kernel.core_pd.thread_count, 2);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(thread_destroy(&c[i]), KERNEL_OK);
		assert_int_equal(upd.thread_count, 2 - i);
	}
	assert_int_equal(thread_destroy(&c[0]), KERNEL_INVALID_STATE); /* twice */
	assert_int_equal(upd.thread_count, 0);
	assert_int_equal(pd_destroy(&upd), KERNEL_OK);
}

static void test_destroy_removes_from_ready_queue(void **state)
{
	(void)state;
	start_user(&c[0], "a");
	start_user(&c[1], "b");
	thread_block(&kernel.core_main, THREAD_AWAITS_RESTART);
	assert_ptr_equal(sched_next(&kernel.cpus[0].sched), &c[0].share);

	assert_int_equal(thread_destroy(&c[0]), KERNEL_OK);
	assert_int_equal(c[0].state, THREAD_DESTROYED);
	assert_false(sched_is_ready(&c[0].share));
	assert_int_equal(fake_list_len(&kernel.cpus[0].sched.fills), 1);
	assert_ptr_equal(kernel.cpus[0].sched.current,
			 &kernel.cpus[0].idle.share); /* was the last decision */
	assert_ptr_equal(sched_next(&kernel.cpus[0].sched), &c[1].share);
	thread_wake(&kernel.core_main, KERNEL_OK);
}

static void test_destroy_gives_back_the_quota(void **state)
{
	(void)state;
	start_user(&c[0], "a");
	assert_true(sched_set_quota(&kernel.cpus[0].sched, &c[0].share, FAKE_SUPER_PERIOD));
	assert_int_equal(kernel.cpus[0].sched.quota_sum, FAKE_SUPER_PERIOD);
	start_user(&c[1], "b");
	assert_false(
	    sched_set_quota(&kernel.cpus[0].sched, &c[1].share, 1)); /* all is given away */

	assert_int_equal(thread_destroy(&c[0]), KERNEL_OK);
	assert_int_equal(kernel.cpus[0].sched.quota_sum, 0);
	assert_true(list_empty(&kernel.cpus[0].sched.quotas));
	assert_true(list_empty(&kernel.cpus[0].sched.claims[USER_PRIO]));
	assert_true(sched_set_quota(&kernel.cpus[0].sched, &c[1].share, FAKE_SUPER_PERIOD));
}

static void test_destroy_refuses_current_and_idle(void **state)
{
	(void)state;
	assert_int_equal(thread_destroy(&kernel.core_main), KERNEL_INVALID_STATE); /* current */
	assert_int_equal(kernel.core_main.state, THREAD_ACTIVE);
	assert_int_equal(thread_destroy(&kernel.cpus[0].idle), KERNEL_INVALID_STATE);
	assert_int_equal(kernel.cpus[0].idle.state, THREAD_ACTIVE);
	assert_int_equal(kernel.core_pd.thread_count, 2);
}

static void test_destroy_of_faulted_thread_leaves_its_pager_signal(void **state)
{
	(void)state;
	start_pager(&pager, "pager");
	for (unsigned i = 0; i < 3; i++) {
		start_user(&c[i], "client");
		assert_int_equal(thread_set_pager(&c[i], &pctx[i]), KERNEL_OK);
		thread_fault(&c[i], &read_fault);
	}
	assert_int_equal(fake_list_len(&prcv.pending), 3);

	assert_int_equal(thread_destroy(&c[1]), KERNEL_OK);
	assert_null(c[1].pager);
	assert_int_equal(pctx[1].pager_refs, 0);
	/* the signal was submitted; core learns about it and finds the thread gone */
	assert_int_equal(fake_list_len(&prcv.pending), 3);
	assert_int_equal(sig_context_destroy(&pctx[1]), KERNEL_OK);
	assert_int_equal(fake_list_len(&prcv.pending), 2);

	assert_int_equal(sig_wait(&prcv, &pager, true), KERNEL_OK);
	assert_int_equal(delivery(&pager)->imprint, 0x100);
	assert_int_equal(sig_wait(&prcv, &pager, true), KERNEL_OK);
	assert_int_equal(delivery(&pager)->imprint, 0x102);
	pager_waits();
}

static void test_destroyed_memory_can_be_recreated(void **state)
{
	(void)state;
	start_pager(&pager, "pager");
	start_user(&c[0], "first");
	assert_int_equal(thread_set_pager(&c[0], &pctx[0]), KERNEL_OK);
	thread_print_char(&c[0], 'x');
	thread_fault(&c[0], &read_fault);
	assert_int_equal(thread_destroy(&c[0]), KERNEL_OK);
	fake_uart_clear();

	struct utcb *u = fake_utcb();
	assert_int_equal(thread_create(&c[0], &upd, 0, "second", u), KERNEL_OK);
	assert_int_equal(c[0].state, THREAD_CREATED);
	assert_string_equal(c[0].name, "second");
	assert_ptr_equal(c[0].utcb, u);
	assert_int_equal(c[0].share.priority, 0);
	assert_int_equal(c[0].share.consumed, 0);
	assert_null(c[0].pager);
	assert_int_equal(c[0].print_len, 0);
	assert_int_equal(upd.thread_count, 1);
	assert_int_equal(pctx[0].pager_refs, 0);
	assert_int_equal(thread_start(&c[0], 0x1000, 0x2000), KERNEL_OK);
	assert_true(sched_is_ready(&c[0].share));
}

/* ---- pause and resume ---- */

static void test_pause_and_resume(void **state)
{
	(void)state;
	start_user(&c[0], "a");
	assert_int_equal(thread_pause(&c[0]), KERNEL_OK);
	assert_true(c[0].paused);
	assert_int_equal(c[0].state, THREAD_ACTIVE);
	assert_false(sched_is_ready(&c[0].share));
	assert_int_equal(thread_pause(&c[0]), KERNEL_OK); /* idempotent */

	/* a paused thread that is woken stays off the CPU */
	thread_block(&c[0], THREAD_AWAITS_RESTART);
	thread_wake(&c[0], KERNEL_OK);
	assert_false(sched_is_ready(&c[0].share));

	assert_int_equal(thread_resume(&c[0]), KERNEL_OK);
	assert_false(c[0].paused);
	assert_true(sched_is_ready(&c[0].share));
	assert_int_equal(thread_resume(&c[0]), KERNEL_INVALID_STATE); /* not paused */

	/* core's threads, idle and unconstructed threads cannot be paused */
	assert_int_equal(thread_pause(&kernel.core_main), KERNEL_INVALID_STATE);
	assert_int_equal(thread_pause(&kernel.cpus[0].idle), KERNEL_INVALID_STATE);
	assert_int_equal(thread_pause(&c[1]), KERNEL_INVALID_STATE);
	assert_false(kernel.core_main.paused);
	assert_true(sched_is_ready(&kernel.core_main.share));

	/* a created thread can be paused before it starts */
	assert_int_equal(thread_create(&c[1], &upd, USER_PRIO, "b", fake_utcb()), KERNEL_OK);
	assert_int_equal(thread_pause(&c[1]), KERNEL_OK);
	assert_int_equal(thread_start(&c[1], 0x1000, 0x2000), KERNEL_OK);
	assert_false(sched_is_ready(&c[1].share));
	assert_int_equal(thread_resume(&c[1]), KERNEL_OK);
	assert_true(sched_is_ready(&c[1].share));
}

/* ---- pagers ---- */

static void test_pager_context_of_a_thread_cannot_be_destroyed(void **state)
{
	(void)state;
	start_user(&c[0], "a");
	start_user(&c[1], "b");
	assert_int_equal(thread_set_pager(&c[0], &pctx[0]), KERNEL_OK);
	assert_int_equal(thread_set_pager(&c[1], &pctx[0]), KERNEL_OK);
	assert_int_equal(pctx[0].pager_refs, 2);

	assert_int_equal(sig_context_destroy(&pctx[0]), KERNEL_INVALID_STATE);
	assert_int_equal(pctx[0].state, SIG_CONTEXT_ACTIVE);
	assert_int_equal(thread_destroy(&c[0]), KERNEL_OK);
	assert_int_equal(pctx[0].pager_refs, 1);
	assert_int_equal(sig_context_destroy(&pctx[0]), KERNEL_INVALID_STATE);
	assert_int_equal(thread_set_pager(&c[1], NULL), KERNEL_OK);
	assert_int_equal(pctx[0].pager_refs, 0);
	assert_int_equal(sig_context_destroy(&pctx[0]), KERNEL_OK);
	assert_int_equal(pctx[0].state, SIG_CONTEXT_INVALID);
}

static void test_set_pager_checks_and_counts(void **state)
{
	(void)state;
	struct sig_context zeroed = { 0 };
	start_user(&c[0], "a");

	/* only live contexts can be pagers */
	assert_int_equal(thread_set_pager(&c[0], &zeroed), KERNEL_INVALID_ARG);
	assert_int_equal(sig_kill(&pctx[3], &kernel.core_main), KERNEL_OK);
	assert_int_equal(thread_set_pager(&c[0], &pctx[3]), KERNEL_INVALID_ARG);
	assert_null(c[0].pager);
	assert_int_equal(pctx[3].pager_refs, 0);
	/* only constructed threads get one */
	assert_int_equal(thread_set_pager(&c[2], &pctx[0]), KERNEL_INVALID_STATE);
	assert_int_equal(pctx[0].pager_refs, 0);

	assert_int_equal(thread_set_pager(&c[0], &pctx[0]), KERNEL_OK);
	assert_int_equal(thread_set_pager(&c[0], &pctx2), KERNEL_OK);
	assert_ptr_equal(c[0].pager, &pctx2);
	assert_int_equal(pctx[0].pager_refs, 0);
	assert_int_equal(pctx2.pager_refs, 1);
	assert_int_equal(thread_set_pager(&c[0], &pctx2), KERNEL_OK); /* same again */
	assert_int_equal(pctx2.pager_refs, 1);
	assert_int_equal(thread_set_pager(&c[0], NULL), KERNEL_OK);
	assert_int_equal(pctx2.pager_refs, 0);
	assert_null(c[0].pager);
}

static void test_fault_signals_waiting_pager(void **state)
{
	(void)state;
	start_pager(&pager, "pager");
	start_user(&c[0], "user");
	assert_int_equal(thread_set_pager(&c[0], &pctx[0]), KERNEL_OK);
	pager_waits();

	pager.regs.r[0] = KCALL_SIG_WAIT;
	thread_fault(&c[0], &read_fault);
	assert_int_equal(c[0].state, THREAD_FAULTED);
	assert_false(sched_is_ready(&c[0].share));
	assert_memory_equal(&c[0].fault, &read_fault, sizeof(read_fault));

	assert_int_equal(pager.state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&pager.share));
	assert_int_equal(pager.regs.r[0], KERNEL_OK);
	assert_int_equal(delivery(&pager)->imprint, 0x100);
	assert_int_equal(delivery(&pager)->count, 1);
	assert_int_equal(pager.utcb->data_size, sizeof(struct sig_delivery));
	assert_true(pctx[0].awaits_ack);
	assert_int_equal(pctx[0].count, 0);
	assert_true(list_empty(&prcv.pending)); /* delivered, not queued */
	assert_true(list_empty(&prcv.waiters));
	assert_string_equal(fake_uart_text(), "");

	/* core resolved the fault: ack and restart re-executes the instruction */
	assert_int_equal(thread_pager_ack(&c[0], true), KERNEL_OK);
	assert_int_equal(c[0].state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&c[0].share));
	assert_false(pctx[0].awaits_ack);
	assert_int_equal(c[0].regs.pc, 0x1000); /* untouched */
}

static void test_faults_without_waiting_pager_are_pending(void **state)
{
	(void)state;
	start_pager(&pager, "pager");
	for (unsigned i = 0; i < 3; i++) {
		start_user(&c[i], "client");
		assert_int_equal(thread_set_pager(&c[i], &pctx[i]), KERNEL_OK);
	}
	pager.regs.r[0] = 0x77;
	thread_fault(&c[1], &read_fault);
	thread_exit(&c[2], 5);
	thread_fault(&c[0], &read_fault);

	assert_int_equal(pager.state, THREAD_ACTIVE);
	assert_int_equal(pager.regs.r[0], 0x77); /* not woken: nothing written */
	assert_int_equal(fake_list_len(&prcv.pending), 3);
	for (unsigned i = 0; i < 3; i++)
		assert_false(sched_is_ready(&c[i].share));

	/* a later wait returns them at once, in order of occurrence */
	assert_int_equal(sig_wait(&prcv, &pager, true), KERNEL_OK);
	assert_int_equal(delivery(&pager)->imprint, 0x101);
	assert_int_equal(pager.state, THREAD_ACTIVE);
	assert_int_equal(sig_wait(&prcv, &pager, true), KERNEL_OK);
	assert_int_equal(delivery(&pager)->imprint, 0x102);
	assert_int_equal(c[2].state, THREAD_EXITED);
	assert_int_equal(sig_wait(&prcv, &pager, true), KERNEL_OK);
	assert_int_equal(delivery(&pager)->imprint, 0x100);
	assert_int_equal(delivery(&pager)->count, 1);
	pager_waits();
}

static void test_exit_records_the_code(void **state)
{
	(void)state;
	start_pager(&pager, "pager");
	start_user(&c[0], "user");
	assert_int_equal(thread_set_pager(&c[0], &pctx[0]), KERNEL_OK);
	pager_waits();

	thread_exit(&c[0], INT_MIN);
	assert_int_equal(c[0].state, THREAD_EXITED);
	assert_int_equal(c[0].exit_code, INT_MIN);
	assert_false(sched_is_ready(&c[0].share));
	assert_int_equal(pager.state, THREAD_ACTIVE);
	assert_int_equal(delivery(&pager)->imprint, 0x100);
	assert_int_equal(delivery(&pager)->count, 1);
	/* an exit is final: a restart is refused, the ack works */
	assert_int_equal(thread_pager_ack(&c[0], true), KERNEL_INVALID_STATE);
	assert_int_equal(c[0].state, THREAD_EXITED);
	assert_false(sched_is_ready(&c[0].share));
	assert_int_equal(thread_pager_ack(&c[0], false), KERNEL_OK);
	assert_false(pctx[0].awaits_ack);
	/* an exited thread cannot exit or fault again */
	FAKE_EXPECT_PANIC(thread_exit(&c[0], 1));
	assert_string_equal(fake_uart_text(),
			    "kernel panic: thread_stop_for_pager: thread not active\n");
	assert_int_equal(c[0].state, THREAD_EXITED);
}

static void test_pager_ack_without_restart_keeps_thread_stopped(void **state)
{
	(void)state;
	start_pager(&pager, "pager");
	start_user(&c[0], "user");
	assert_int_equal(thread_set_pager(&c[0], &pctx[0]), KERNEL_OK);
	thread_fault(&c[0], &read_fault);
	assert_int_equal(sig_wait(&prcv, &pager, true), KERNEL_OK);
	assert_true(pctx[0].awaits_ack);

	assert_int_equal(thread_pager_ack(&c[0], false), KERNEL_OK);
	assert_false(pctx[0].awaits_ack);
	assert_int_equal(c[0].state, THREAD_FAULTED);
	assert_false(sched_is_ready(&c[0].share));
	assert_true(list_empty(&prcv.pending)); /* nothing new to deliver */

	/* later, core restarts it after all; a second restart is refused */
	assert_int_equal(thread_pager_ack(&c[0], true), KERNEL_OK);
	assert_int_equal(c[0].state, THREAD_ACTIVE);
	assert_int_equal(thread_pager_ack(&c[0], true), KERNEL_INVALID_STATE);
	/* the next fault is delivered again */
	thread_fault(&c[0], &read_fault);
	assert_int_equal(sig_wait(&prcv, &pager, false), KERNEL_OK);
	assert_int_equal(delivery(&pager)->imprint, 0x100);
	assert_int_equal(delivery(&pager)->count, 1);
}

static void test_pager_ack_needs_a_pager(void **state)
{
	(void)state;
	start_user(&c[0], "user");
	assert_int_equal(thread_pager_ack(&c[0], true), KERNEL_INVALID_STATE);
	assert_int_equal(thread_pager_ack(&c[1], false), KERNEL_INVALID_STATE); /* zeroed */
	assert_int_equal(c[0].state, THREAD_ACTIVE);
}

static void test_fault_without_pager_reports_and_stops(void **state)
{
	(void)state;
	start_user(&c[0], "lonely");
	start_user(&c[1], "quitter");
	thread_fault(&c[0], &read_fault);
	assert_string_equal(fake_uart_text(),
			    "kernel: thread \"lonely\" stopped (fault) and has no pager\n");
	assert_int_equal(c[0].state, THREAD_FAULTED);
	assert_false(sched_is_ready(&c[0].share));

	fake_uart_clear();
	thread_exit(&c[1], 3);
	assert_string_equal(fake_uart_text(),
			    "kernel: thread \"quitter\" stopped (exit) and has no pager\n");
	assert_int_equal(c[1].state, THREAD_EXITED);
	assert_int_equal(c[1].exit_code, 3);
	/* stopped for good: a restart is refused, destruction works */
	assert_int_equal(thread_start(&c[0], 0x1000, 0x2000), KERNEL_INVALID_STATE);
	assert_int_equal(thread_destroy(&c[0]), KERNEL_OK);
}

static void test_fault_of_inactive_thread_panics(void **state)
{
	(void)state;
	assert_int_equal(thread_create(&c[0], &upd, USER_PRIO, "created", fake_utcb()), KERNEL_OK);
	FAKE_EXPECT_PANIC(thread_fault(&c[0], &read_fault));
	assert_string_equal(fake_uart_text(),
			    "kernel panic: thread_stop_for_pager: thread not active\n");
	assert_int_equal(c[0].state, THREAD_CREATED);
}

/* Changing the pager of a stopped thread whose signal is still pending at
 * its old pager context: the old context can go (no thread references it
 * any more), the new one serves the restart. */
static void test_set_pager_while_the_old_signal_is_pending(void **state)
{
	(void)state;
	start_pager(&pager, "pager");
	start_user(&c[0], "client");
	assert_int_equal(thread_set_pager(&c[0], &pctx[0]), KERNEL_OK);
	thread_fault(&c[0], &read_fault);
	assert_int_equal(fake_list_len(&prcv.pending), 1);

	assert_int_equal(thread_set_pager(&c[0], &pctx2), KERNEL_OK);
	assert_int_equal(pctx[0].pager_refs, 0);
	assert_int_equal(pctx2.pager_refs, 1);
	assert_int_equal(sig_context_destroy(&pctx[0]), KERNEL_OK);
	assert_true(list_empty(&prcv.pending));
	assert_int_equal(sig_wait(&prcv, &pager, false), KERNEL_WOULD_BLOCK);

	assert_int_equal(thread_pager_ack(&c[0], true), KERNEL_OK);
	assert_int_equal(c[0].state, THREAD_ACTIVE);
	thread_fault(&c[0], &read_fault);
	assert_int_equal(sig_wait(&prcv, &pager, false), KERNEL_OK);
	assert_int_equal(delivery(&pager)->imprint, 0x200);
}

/* A second CPU beside the fixture's CPU 0 (its idle thread is not needed:
 * the tests never run it) */
static struct cpu *second_cpu(void)
{
	struct cpu *c1   = &kernel.cpus[1];
	kernel.cpu_count = 2;
	c1->id           = 1;
	timeout_init(c1);
	list_init(&c1->migrations);
	sched_init(&c1->sched, &c1->idle.share, FAKE_SUPER_PERIOD, FAKE_SLICE);
	c1->idle.cpu = c1;
	return c1;
}

static bool queued_on(const struct thread *t, const struct cpu *cpu)
{
	for (const struct list_node *n = cpu->sched.fills.head.next; n != &cpu->sched.fills.head;
	     n                         = n->next)
                if (n == &t->share.fill_node)
                        return true;
	return false;
}

/* Affinity: a thread no CPU has loaded moves at once, with its quota, and
 * the new CPU is told (IPI); one another CPU has loaded moves when that CPU
 * next enters the kernel; a CPU beyond the last, or without room for the
 * quota, is refused; core's and idle threads stay. */
static void test_set_cpu_moves_now_or_at_the_next_entry(void **state)
{
	(void)state;
	struct cpu *c1 = second_cpu();
	start_user(&c[0], "mover");
	assert_int_equal(sched_set_quota(&kernel.cpus[0].sched, &c[0].share, 300), true);

	assert_int_equal(thread_set_cpu(&c[0], 2), KERNEL_INVALID_ARG);
	assert_int_equal(thread_set_cpu(&kernel.core_main, 1), KERNEL_INVALID_STATE);
	assert_int_equal(thread_set_cpu(&kernel.cpus[0].idle, 1), KERNEL_INVALID_STATE);
	assert_int_equal(thread_set_cpu(&c[0], 1), KERNEL_OK);
	assert_ptr_equal(c[0].cpu, c1);
	assert_true(queued_on(&c[0], c1) && !queued_on(&c[0], &kernel.cpus[0]));
	assert_int_equal(c1->sched.quota_sum, 300);
	assert_int_equal(kernel.cpus[0].sched.quota_sum, 0);
	assert_int_equal(fake_board.ipis, 1);
	assert_int_equal(fake_board.last_ipi_cpu, 1);
	assert_true(c1->kicked);

	/* loaded on CPU 1: the move waits for CPU 1's next entry */
	c1->current = &c[0];
	assert_int_equal(thread_set_cpu(&c[0], 0), KERNEL_OK);
	assert_ptr_equal(c[0].cpu, c1);
	assert_ptr_equal(c[0].migrate_to, &kernel.cpus[0]);
	assert_int_equal(fake_list_len(&c1->migrations), 1);
	cpu_migrations(c1);
	assert_ptr_equal(c[0].cpu, &kernel.cpus[0]);
	assert_null(c[0].migrate_to);
	assert_true(queued_on(&c[0], &kernel.cpus[0]));
	assert_int_equal(kernel.cpus[0].sched.quota_sum, 300);

	/* no room for its quota there */
	start_user(&c[1], "big");
	c1->current = NULL;
	assert_int_equal(thread_set_cpu(&c[1], 1), KERNEL_OK);
	assert_int_equal(sched_set_quota(&c1->sched, &c[1].share, FAKE_SUPER_PERIOD), true);
	assert_int_equal(thread_set_cpu(&c[0], 1), KERNEL_INVALID_ARG);
	assert_ptr_equal(c[0].cpu, &kernel.cpus[0]);
	kernel.cpu_count = 1;
}

/* Destroying a thread another CPU has loaded: it is paused and that CPU
 * kicked; the call says so (core tries again) until the CPU left it. */
static void test_destroy_of_a_thread_loaded_elsewhere_waits(void **state)
{
	(void)state;
	struct cpu *c1 = second_cpu();
	start_user(&c[0], "busy");
	assert_int_equal(thread_set_cpu(&c[0], 1), KERNEL_OK);
	c1->current = &c[0];
	c1->kicked  = false;
	assert_int_equal(thread_destroy(&c[0]), KERNEL_WOULD_BLOCK);
	assert_true(c[0].paused);
	assert_false(sched_is_ready(&c[0].share));
	assert_true(c1->kicked);
	c1->current = &c1->idle; /* CPU 1 entered the kernel and left it */
	assert_int_equal(thread_destroy(&c[0]), KERNEL_OK);
	assert_int_equal(c1->sched.quota_sum, 0);
	kernel.cpu_count = 1;
}

/* Helping is per CPU: a caller on CPU 0 of a server on CPU 1 lends it
 * nothing (its share is not ready while it waits); the server, woken on
 * CPU 1, runs on its own share there (an IPI tells CPU 1). */
static void test_call_to_another_cpu_lends_no_share(void **state)
{
	(void)state;
	struct cpu *c1 = second_cpu();
	start_user(&c[0], "client");
	start_user(&c[1], "server");
	assert_int_equal(thread_set_cpu(&c[1], 1), KERNEL_OK);
	c1->kicked = false;
	thread_block(&c[1], THREAD_AWAITS_IPC);
	assert_false(sched_is_ready(&c[1].share));

	c[0].ipc_server = &c[1];
	c[0].state      = THREAD_AWAITS_REPLY;
	list_push_back(&c[1].helpers, &c[0].helper_node);
	thread_wake(&c[1], KERNEL_OK);
	assert_true(queued_on(&c[1], c1));
	assert_true(c1->kicked);
	assert_ptr_equal(thread_executor(&c[0]), &c[1]);
	assert_false(sched_is_ready(&c[0].share)); /* no helping across CPUs */

	/* the server moves to the client's CPU: now the client helps */
	assert_int_equal(thread_set_cpu(&c[1], 0), KERNEL_OK);
	assert_true(sched_is_ready(&c[0].share));
	list_remove(&c[0].helper_node);
	c[0].ipc_server = NULL;
	c[0].state      = THREAD_ACTIVE;
	thread_refresh(&c[0]);
	kernel.cpu_count = 1;
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_set_cpu_moves_now_or_at_the_next_entry),
		T(test_destroy_of_a_thread_loaded_elsewhere_waits),
		T(test_call_to_another_cpu_lends_no_share),
		T(test_create_in_inactive_pd_fails),
		T(test_create_with_bad_priority_fails),
		T(test_create_initialises_the_thread),
		T(test_create_twice_is_invalid_state),
		T(test_start_only_from_created),
		T(test_started_thread_is_ready),
		T(test_thread_count_follows_create_and_destroy),
		T(test_destroy_removes_from_ready_queue),
		T(test_destroy_gives_back_the_quota),
		T(test_destroy_refuses_current_and_idle),
		T(test_destroy_of_faulted_thread_leaves_its_pager_signal),
		T(test_destroyed_memory_can_be_recreated),
		T(test_pause_and_resume),
		T(test_pager_context_of_a_thread_cannot_be_destroyed),
		T(test_set_pager_checks_and_counts),
		T(test_fault_signals_waiting_pager),
		T(test_faults_without_waiting_pager_are_pending),
		T(test_exit_records_the_code),
		T(test_pager_ack_without_restart_keeps_thread_stopped),
		T(test_pager_ack_needs_a_pager),
		T(test_fault_without_pager_reports_and_stops),
		T(test_fault_of_inactive_thread_panics),
		T(test_set_pager_while_the_old_signal_is_pending),
	};
#undef T
	return cmocka_run_group_tests_name("kernel threads", tests, NULL, NULL);
}
