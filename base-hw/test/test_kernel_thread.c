/*
 * Host tests for kernel threads (base-hw/src/kernel/thread.c): the state
 * machine (create/start/destroy/set_pager), and fault and exit events
 * delivered to pagers, queued or waking a waiting pager.
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
#include <kernel/call_id.h>

enum { USER_TABLE = 0x40200000u, USER_PRIO = 1, PAGER_PRIO = 2 };

static struct pd upd;               /* a user PD, ASID 1 */
static struct pd other_pd;          /* zeroed: never created */
static struct thread pager, pager2; /* core threads */
static struct thread c[4];          /* user threads */

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
	memset(&pager2, 0, sizeof(pager2));
	memset(c, 0, sizeof(c));
	fake_kernel_setup(state);
	assert_int_equal(pd_create(&upd, USER_TABLE), KERNEL_OK);
	return 0;
}

/* Every thread in a pager's event queue has that pager (the queue is
 * walked through the list links, so a stale link shows up here too). */
static void check_event_queue(struct thread *p)
{
	for (struct list_node *n = p->events.head.next; n != &p->events.head; n = n->next) {
		struct thread *t = container_of(n, struct thread, event_node);
		assert_ptr_equal(n->next->prev, n);
		assert_ptr_equal(t->pager, p);
		assert_true(t->state == THREAD_FAULTED || t->state == THREAD_EXITED);
	}
}

static int teardown(void **state)
{
	fake_kernel_check_invariants(-1);
	if (pager.state >= THREAD_CREATED && pager.state < THREAD_DESTROYED)
		check_event_queue(&pager);
	if (pager2.state >= THREAD_CREATED && pager2.state < THREAD_DESTROYED)
		check_event_queue(&pager2);
	return fake_kernel_teardown(state);
}

static void start_user(struct thread *t, const char *name)
{
	assert_int_equal(thread_create(t, &upd, USER_PRIO, name), KERNEL_OK);
	assert_int_equal(thread_start(t, 0x1000, 0x7000), KERNEL_OK);
}

static void start_pager(struct thread *p, const char *name)
{
	assert_int_equal(thread_create(p, &kernel.core_pd, PAGER_PRIO, name), KERNEL_OK);
	assert_int_equal(thread_start(p, 0x80001000, 0x80002000), KERNEL_OK);
}

static unsigned queue_len(const struct list *l)
{
	unsigned n = 0;
	for (struct list_node *i = l->head.next; i != &l->head; i = i->next)
		n++;
	return n;
}

/* ---- construction ---- */

static void test_create_in_inactive_pd_fails(void **state)
{
	(void)state;
	assert_int_equal(thread_create(&c[0], &other_pd, USER_PRIO, "x"), KERNEL_INVALID_STATE);
	assert_int_equal(thread_create(&c[0], NULL, USER_PRIO, "x"), KERNEL_INVALID_STATE);
	assert_int_equal(c[0].state, THREAD_INVALID);

	struct pd gone = { 0 };
	assert_int_equal(pd_create(&gone, USER_TABLE + ARCH_TTBR0_ALIGN), KERNEL_OK);
	assert_int_equal(pd_destroy(&gone), KERNEL_OK);
	assert_int_equal(thread_create(&c[0], &gone, USER_PRIO, "x"), KERNEL_INVALID_STATE);
	assert_int_equal(gone.thread_count, 0);
	assert_int_equal(c[0].state, THREAD_INVALID);
}

static void test_create_with_bad_priority_fails(void **state)
{
	(void)state;
	assert_int_equal(thread_create(&c[0], &upd, SCHED_PRIORITIES, "x"), KERNEL_INVALID_ARG);
	assert_int_equal(thread_create(&c[0], &upd, UINT_MAX, "x"), KERNEL_INVALID_ARG);
	assert_int_equal(c[0].state, THREAD_INVALID);
	assert_int_equal(upd.thread_count, 0);
	assert_int_equal(fake_arch.halts, 0); /* an error for the caller, no panic */
	assert_int_equal(thread_create(&c[0], &upd, SCHED_PRIORITIES - 1, "x"), KERNEL_OK);
}

static void test_create_initialises_the_thread(void **state)
{
	(void)state;
	const char *longname = "a-thread-name-that-is-longer-than-31-characters";
	assert_int_equal(thread_create(&c[0], &upd, 2, longname), KERNEL_OK);
	assert_int_equal(c[0].state, THREAD_CREATED);
	assert_ptr_equal(c[0].pd, &upd);
	assert_int_equal(c[0].share.priority, 2);
	assert_false(sched_is_ready(&c[0].share));
	assert_null(c[0].pager);
	assert_int_equal(c[0].pager_refs, 0);
	assert_int_equal(c[0].event, THREAD_EVENT_NONE);
	assert_true(list_empty(&c[0].events));
	assert_false(list_node_linked(&c[0].event_node));
	assert_int_equal(strlen(c[0].name), THREAD_NAME_LEN - 1);
	assert_memory_equal(c[0].name, longname, THREAD_NAME_LEN - 1);
	assert_int_equal(upd.thread_count, 1);

	assert_int_equal(thread_create(&c[1], &upd, 0, NULL), KERNEL_OK);
	assert_string_equal(c[1].name, "");
	assert_int_equal(upd.thread_count, 2);
}

static void test_create_twice_is_invalid_state(void **state)
{
	(void)state;
	assert_int_equal(thread_create(&c[0], &upd, USER_PRIO, "a"), KERNEL_OK);
	assert_int_equal(thread_create(&c[0], &upd, 0, "b"), KERNEL_INVALID_STATE);
	assert_string_equal(c[0].name, "a");
	assert_int_equal(c[0].share.priority, USER_PRIO);
	assert_int_equal(upd.thread_count, 1);
	/* an ACTIVE thread cannot be overwritten either */
	assert_int_equal(thread_start(&c[0], 0x1000, 0x2000), KERNEL_OK);
	assert_int_equal(thread_create(&c[0], &upd, USER_PRIO, "c"), KERNEL_INVALID_STATE);
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
	assert_int_equal(thread_create(&c[0], &upd, USER_PRIO, "user"), KERNEL_OK);
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

	/* priorities decide: core (3), pager (2), user (1) */
	assert_ptr_equal(sched_next(&kernel.sched), &kernel.core_main.share);
	sched_unready(&kernel.sched, &kernel.core_main.share);
	assert_ptr_equal(sched_next(&kernel.sched), &pager.share);
	sched_unready(&kernel.sched, &pager.share);
	assert_ptr_equal(sched_next(&kernel.sched), &c[0].share);
	/* restore the fixture's invariant that ready means ACTIVE */
	sched_ready(&kernel.sched, &kernel.core_main.share);
	sched_ready(&kernel.sched, &pager.share);
}

static void test_thread_count_follows_create_and_destroy(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(thread_create(&c[i], &upd, USER_PRIO, "t"), KERNEL_OK);
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
	sched_unready(&kernel.sched, &kernel.core_main.share);
	assert_ptr_equal(sched_next(&kernel.sched), &c[0].share);

	assert_int_equal(thread_destroy(&c[0]), KERNEL_OK);
	assert_int_equal(c[0].state, THREAD_DESTROYED);
	assert_false(sched_is_ready(&c[0].share));
	assert_int_equal(queue_len(&kernel.sched.ready[USER_PRIO]), 1);
	assert_ptr_equal(kernel.sched.current, &kernel.idle.share); /* was the last decision */
	assert_ptr_equal(sched_next(&kernel.sched), &c[1].share);
	sched_ready(&kernel.sched, &kernel.core_main.share);
}

static void test_destroy_refuses_current_and_idle(void **state)
{
	(void)state;
	assert_int_equal(thread_destroy(&kernel.core_main), KERNEL_INVALID_STATE); /* current */
	assert_int_equal(kernel.core_main.state, THREAD_ACTIVE);
	assert_int_equal(thread_destroy(&kernel.idle), KERNEL_INVALID_STATE);
	assert_int_equal(kernel.idle.state, THREAD_ACTIVE);
	assert_int_equal(kernel.core_pd.thread_count, 2);
}

static void test_destroy_removes_from_event_queue(void **state)
{
	(void)state;
	start_pager(&pager, "pager");
	for (unsigned i = 0; i < 3; i++) {
		start_user(&c[i], "client");
		assert_int_equal(thread_set_pager(&c[i], &pager), KERNEL_OK);
		thread_fault(&c[i], &read_fault);
	}
	assert_int_equal(queue_len(&pager.events), 3);

	assert_int_equal(thread_destroy(&c[1]), KERNEL_OK);
	assert_false(list_node_linked(&c[1].event_node));
	assert_int_equal(queue_len(&pager.events), 2);
	assert_int_equal(pager.pager_refs, 2);
	assert_null(c[1].pager);

	assert_ptr_equal(thread_pager_wait(&pager), &c[0]);
	assert_ptr_equal(thread_pager_wait(&pager), &c[2]);
	assert_null(thread_pager_wait(&pager));
	assert_int_equal(pager.state, THREAD_AWAITS_EVENT);
}

static void test_destroyed_memory_can_be_recreated(void **state)
{
	(void)state;
	start_pager(&pager, "pager");
	start_user(&c[0], "first");
	assert_int_equal(thread_set_pager(&c[0], &pager), KERNEL_OK);
	thread_print_char(&c[0], 'x');
	thread_fault(&c[0], &read_fault);
	assert_int_equal(thread_destroy(&c[0]), KERNEL_OK);
	fake_uart_clear();

	assert_int_equal(thread_create(&c[0], &upd, 0, "second"), KERNEL_OK);
	assert_int_equal(c[0].state, THREAD_CREATED);
	assert_string_equal(c[0].name, "second");
	assert_int_equal(c[0].share.priority, 0);
	assert_int_equal(c[0].share.consumed, 0);
	assert_null(c[0].pager);
	assert_int_equal(c[0].event, THREAD_EVENT_NONE);
	assert_int_equal(c[0].print_len, 0);
	assert_false(list_node_linked(&c[0].event_node));
	assert_int_equal(upd.thread_count, 1);
	assert_int_equal(pager.pager_refs, 0);
	assert_int_equal(thread_start(&c[0], 0x1000, 0x2000), KERNEL_OK);
	assert_true(sched_is_ready(&c[0].share));
}

/* ---- pagers ---- */

static void test_pager_with_clients_cannot_be_destroyed(void **state)
{
	(void)state;
	start_pager(&pager, "pager");
	start_user(&c[0], "a");
	start_user(&c[1], "b");
	assert_int_equal(thread_set_pager(&c[0], &pager), KERNEL_OK);
	assert_int_equal(thread_set_pager(&c[1], &pager), KERNEL_OK);
	assert_int_equal(pager.pager_refs, 2);

	assert_int_equal(thread_destroy(&pager), KERNEL_INVALID_STATE);
	assert_int_equal(pager.state, THREAD_ACTIVE);
	assert_int_equal(thread_destroy(&c[0]), KERNEL_OK);
	assert_int_equal(pager.pager_refs, 1);
	assert_int_equal(thread_destroy(&pager), KERNEL_INVALID_STATE);
	assert_int_equal(thread_set_pager(&c[1], NULL), KERNEL_OK);
	assert_int_equal(pager.pager_refs, 0);
	assert_int_equal(thread_destroy(&pager), KERNEL_OK);
	assert_int_equal(kernel.core_pd.thread_count, 2);
}

static void test_set_pager_checks_and_counts(void **state)
{
	(void)state;
	start_pager(&pager, "pager");
	start_pager(&pager2, "pager2");
	start_user(&c[0], "a");
	start_user(&c[1], "b");

	/* only constructed core threads can be pagers */
	assert_int_equal(thread_set_pager(&c[0], &c[1]), KERNEL_INVALID_ARG);
	assert_int_equal(thread_set_pager(&c[0], &c[2]), KERNEL_INVALID_ARG); /* zeroed */
	assert_null(c[0].pager);
	assert_int_equal(c[1].pager_refs, 0);
	/* only constructed threads get one */
	assert_int_equal(thread_set_pager(&c[2], &pager), KERNEL_INVALID_STATE);
	assert_int_equal(pager.pager_refs, 0);

	assert_int_equal(thread_set_pager(&c[0], &pager), KERNEL_OK);
	assert_int_equal(thread_set_pager(&c[0], &pager2), KERNEL_OK);
	assert_ptr_equal(c[0].pager, &pager2);
	assert_int_equal(pager.pager_refs, 0);
	assert_int_equal(pager2.pager_refs, 1);
	assert_int_equal(thread_set_pager(&c[0], &pager2), KERNEL_OK); /* same again */
	assert_int_equal(pager2.pager_refs, 1);
	assert_int_equal(thread_set_pager(&c[0], NULL), KERNEL_OK);
	assert_int_equal(pager2.pager_refs, 0);
	assert_null(c[0].pager);
}

static void test_fault_wakes_waiting_pager(void **state)
{
	(void)state;
	start_pager(&pager, "pager");
	start_user(&c[0], "user");
	assert_int_equal(thread_set_pager(&c[0], &pager), KERNEL_OK);

	assert_null(thread_pager_wait(&pager));
	assert_int_equal(pager.state, THREAD_AWAITS_EVENT);
	assert_false(sched_is_ready(&pager.share));

	pager.regs.r[0] = KCALL_PAGER_WAIT;
	thread_fault(&c[0], &read_fault);
	assert_int_equal(c[0].state, THREAD_FAULTED);
	assert_false(sched_is_ready(&c[0].share));
	assert_int_equal(c[0].event, THREAD_EVENT_FAULT);
	assert_memory_equal(&c[0].fault, &read_fault, sizeof(read_fault));

	assert_int_equal(pager.state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&pager.share));
	assert_int_equal(pager.regs.r[0], KERNEL_OK);
	assert_int_equal(pager.regs.r1_wide, (uintptr_t)&c[0]);
	assert_true(list_empty(&pager.events)); /* delivered, not queued */
	assert_string_equal(fake_uart_text(), "");
}

static void test_fault_without_waiting_pager_is_queued(void **state)
{
	(void)state;
	start_pager(&pager, "pager");
	for (unsigned i = 0; i < 3; i++) {
		start_user(&c[i], "client");
		assert_int_equal(thread_set_pager(&c[i], &pager), KERNEL_OK);
	}
	pager.regs.r[0] = 0x77;
	thread_fault(&c[1], &read_fault);
	thread_exit(&c[2], 5);
	thread_fault(&c[0], &read_fault);

	assert_int_equal(pager.state, THREAD_ACTIVE);
	assert_int_equal(pager.regs.r[0], 0x77); /* not woken: nothing written */
	assert_int_equal(queue_len(&pager.events), 3);
	for (unsigned i = 0; i < 3; i++)
		assert_false(sched_is_ready(&c[i].share));

	/* a later wait returns them at once, in order of occurrence */
	assert_ptr_equal(thread_pager_wait(&pager), &c[1]);
	assert_int_equal(pager.state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&pager.share));
	assert_ptr_equal(thread_pager_wait(&pager), &c[2]);
	assert_int_equal(c[2].event, THREAD_EVENT_EXIT);
	assert_ptr_equal(thread_pager_wait(&pager), &c[0]);
	assert_false(list_node_linked(&c[0].event_node));
	assert_null(thread_pager_wait(&pager));
	assert_int_equal(pager.state, THREAD_AWAITS_EVENT);
	assert_false(sched_is_ready(&pager.share));
}

static void test_exit_records_the_code(void **state)
{
	(void)state;
	start_pager(&pager, "pager");
	start_user(&c[0], "user");
	assert_int_equal(thread_set_pager(&c[0], &pager), KERNEL_OK);
	assert_null(thread_pager_wait(&pager));

	thread_exit(&c[0], INT_MIN);
	assert_int_equal(c[0].state, THREAD_EXITED);
	assert_int_equal(c[0].event, THREAD_EVENT_EXIT);
	assert_int_equal(c[0].exit_code, INT_MIN);
	assert_false(sched_is_ready(&c[0].share));
	assert_int_equal(pager.state, THREAD_ACTIVE);
	assert_int_equal(pager.regs.r1_wide, (uintptr_t)&c[0]);
	/* an exited thread cannot exit or fault again */
	FAKE_EXPECT_PANIC(thread_exit(&c[0], 1));
	assert_string_equal(fake_uart_text(), "kernel panic: thread_stop: thread not active\n");
	assert_int_equal(c[0].state, THREAD_EXITED);
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
	assert_false(list_node_linked(&c[0].event_node));

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
	assert_int_equal(thread_create(&c[0], &upd, USER_PRIO, "created"), KERNEL_OK);
	FAKE_EXPECT_PANIC(thread_fault(&c[0], &read_fault));
	assert_string_equal(fake_uart_text(), "kernel panic: thread_stop: thread not active\n");
	assert_int_equal(c[0].state, THREAD_CREATED);
}

/*
 * KERNEL BUG (base-hw/src/kernel/thread.c, thread_set_pager, lines 47-60):
 * changing the pager of a thread whose fault/exit event is still queued at
 * its old pager leaves t->event_node in the old pager's `events` list. The
 * old pager then hands out a thread it no longer pages, and since its
 * pager_refs dropped to 0 it can be destroyed (and its memory reused by
 * core) while a live thread is still linked into its list: thread_destroy
 * of that thread later unlinks through the destroyed pager's memory.
 * Correct behaviour asserted here: after a successful set_pager, no pager
 * holds events of a thread it does not page (the event is moved to the new
 * pager or dropped), and a destroyed pager leaves nothing linked to it.
 */
static void test_set_pager_moves_pending_event_off_old_pager(void **state)
{
	(void)state;
	start_pager(&pager, "old");
	start_pager(&pager2, "new");
	start_user(&c[0], "client");
	assert_int_equal(thread_set_pager(&c[0], &pager), KERNEL_OK);
	thread_fault(&c[0], &read_fault);
	assert_int_equal(queue_len(&pager.events), 1);

	enum kernel_result r = thread_set_pager(&c[0], &pager2);
	if (r != KERNEL_OK) {
		/* refusing is fine too, as long as the old pager stays bound */
		assert_int_equal(r, KERNEL_INVALID_STATE);
		assert_int_equal(pager.pager_refs, 1);
		return;
	}
	if (!list_empty(&pager.events)) {
		list_remove(&c[0].event_node); /* repair, so that only this test fails */
		fail_msg("thread_set_pager left the event of \"%s\" queued at its old pager",
			 c[0].name);
	}

	assert_int_equal(thread_destroy(&pager), KERNEL_OK);
	assert_true(!list_node_linked(&c[0].event_node) ||
		    c[0].event_node.prev == &pager2.events.head);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_in_inactive_pd_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_with_bad_priority_fails, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_create_initialises_the_thread, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_create_twice_is_invalid_state, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_start_only_from_created, setup, teardown),
		cmocka_unit_test_setup_teardown(test_started_thread_is_ready, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thread_count_follows_create_and_destroy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_destroy_removes_from_ready_queue, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_destroy_refuses_current_and_idle, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_destroy_removes_from_event_queue, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_destroyed_memory_can_be_recreated, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pager_with_clients_cannot_be_destroyed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_set_pager_checks_and_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_wakes_waiting_pager, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_without_waiting_pager_is_queued, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_exit_records_the_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_without_pager_reports_and_stops, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fault_of_inactive_thread_panics, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_set_pager_moves_pending_event_off_old_pager,
						setup, teardown),
	};
	return cmocka_run_group_tests_name("kernel threads", tests, NULL, NULL);
}
