/*
 * Host tests for the kernel scheduler (base-hw/src/kernel/scheduler.c):
 * fixed priorities, FIFO round robin with a slice in ticks, driven step by
 * step through sched_consumed()/sched_next() on a private scheduler.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake/fake.h"
#include "../src/kernel/kernel.h"

enum { SLICE = 10, MANY = 1000 };

static struct scheduler s;
static struct sched_share idle;
static struct sched_share sh[8];
static struct sched_share many[MANY];

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(&kernel, 0, sizeof(kernel));
	memset(&idle, 0, sizeof(idle));
	memset(sh, 0, sizeof(sh));
	sched_share_init(&idle, 0);
	sched_init(&s, &idle, SLICE);
	return 0;
}

static unsigned queue_len(unsigned prio)
{
	unsigned n = 0;
	for (struct list_node *i = s.ready[prio].head.next; i != &s.ready[prio].head; i = i->next)
		n++;
	return n;
}

static struct sched_share *queue_at(unsigned prio, unsigned pos)
{
	struct list_node *i = s.ready[prio].head.next;
	for (unsigned k = 0; k < pos && i != &s.ready[prio].head; k++)
		i = i->next;
	return i == &s.ready[prio].head ? NULL : container_of(i, struct sched_share, node);
}

static void test_idle_when_empty(void **state)
{
	(void)state;
	assert_ptr_equal(sched_next(&s), &idle);
	assert_ptr_equal(s.current, &idle);
	assert_int_equal(sched_current_slice_left(&s), SLICE);
	sched_consumed(&s, 7);
	assert_int_equal(idle.consumed, 7);
	assert_false(sched_is_ready(&idle));
	assert_ptr_equal(sched_next(&s), &idle);
	for (unsigned p = 0; p < SCHED_PRIORITIES; p++)
		assert_int_equal(queue_len(p), 0);
}

static void test_highest_priority_first(void **state)
{
	(void)state;
	unsigned prio[] = { 0, 2, 1, 3, 1 };
	for (unsigned i = 0; i < 5; i++) {
		sched_share_init(&sh[i], prio[i]);
		sched_ready(&s, &sh[i]);
	}
	assert_ptr_equal(sched_next(&s), &sh[3]);
	sched_unready(&s, &sh[3]);
	assert_ptr_equal(s.current, &idle); /* unready of current falls back to idle */
	assert_ptr_equal(sched_next(&s), &sh[1]);
	sched_unready(&s, &sh[1]);
	assert_ptr_equal(sched_next(&s), &sh[2]); /* first of the two at priority 1 */
	sched_unready(&s, &sh[2]);
	assert_ptr_equal(sched_next(&s), &sh[4]);
	sched_unready(&s, &sh[4]);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_unready(&s, &sh[0]);
	assert_ptr_equal(sched_next(&s), &idle);
}

static void test_fifo_within_priority(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		sched_share_init(&sh[i], 1);
		sched_ready(&s, &sh[i]);
		assert_int_equal(sh[i].slice_left, SLICE); /* fresh slice on first ready */
	}
	assert_int_equal(queue_len(1), 3);
	/* expiring slices visit them in the order they became ready, twice */
	for (unsigned round = 0; round < 2; round++) {
		for (unsigned i = 0; i < 3; i++) {
			assert_ptr_equal(sched_next(&s), &sh[i]);
			sched_consumed(&s, SLICE);
		}
	}
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(sh[i].consumed, 2 * SLICE);
}

static void test_slice_expiry_rotates(void **state)
{
	(void)state;
	sched_share_init(&sh[0], 2);
	sched_share_init(&sh[1], 2);
	sched_ready(&s, &sh[0]);
	sched_ready(&s, &sh[1]);

	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, SLICE);
	assert_ptr_equal(queue_at(2, 0), &sh[1]);
	assert_ptr_equal(queue_at(2, 1), &sh[0]);
	assert_int_equal(sh[0].slice_left, SLICE); /* fresh slice at the back */
	assert_int_equal(sh[0].consumed, SLICE);
	assert_true(sched_is_ready(&sh[0]));
	assert_ptr_equal(sched_next(&s), &sh[1]);
	assert_int_equal(sched_current_slice_left(&s), SLICE);
}

static void test_overlong_consumption_rotates_once(void **state)
{
	(void)state;
	sched_share_init(&sh[0], 2);
	sched_share_init(&sh[1], 2);
	sched_ready(&s, &sh[0]);
	sched_ready(&s, &sh[1]);

	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 3 * SLICE + 1);
	assert_int_equal(sh[0].consumed, 3 * SLICE + 1);
	assert_int_equal(sh[0].slice_left, SLICE);
	assert_ptr_equal(sched_next(&s), &sh[1]);
	assert_int_equal(queue_len(2), 2);
}

static void test_partial_consumption_keeps_current(void **state)
{
	(void)state;
	sched_share_init(&sh[0], 1);
	sched_share_init(&sh[1], 1);
	sched_ready(&s, &sh[0]);
	sched_ready(&s, &sh[1]);

	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 3);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_int_equal(sched_current_slice_left(&s), SLICE - 3);
	sched_consumed(&s, SLICE - 4);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_int_equal(sched_current_slice_left(&s), 1);
	sched_consumed(&s, 1); /* exactly the rest: expired */
	assert_ptr_equal(sched_next(&s), &sh[1]);
	assert_int_equal(sh[0].consumed, SLICE);
	assert_int_equal(sh[1].consumed, 0);
}

static void test_yield_rotates_with_fresh_slice(void **state)
{
	(void)state;
	sched_share_init(&sh[0], 3);
	sched_share_init(&sh[1], 3);
	sched_ready(&s, &sh[0]);
	sched_ready(&s, &sh[1]);

	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 4);
	assert_int_equal(sh[0].slice_left, SLICE - 4);
	sched_share_yield(&s, &sh[0]);
	assert_int_equal(sh[0].slice_left, SLICE);
	assert_ptr_equal(queue_at(3, 1), &sh[0]);
	assert_ptr_equal(sched_next(&s), &sh[1]);
	sched_consumed(&s, SLICE);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_int_equal(sched_current_slice_left(&s), SLICE);
	assert_int_equal(sh[0].consumed, 4);
	assert_int_equal(sh[1].consumed, SLICE);
}

static void test_yield_alone_keeps_running_with_fresh_slice(void **state)
{
	(void)state;
	sched_share_init(&sh[0], 0);
	sched_ready(&s, &sh[0]);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 9);
	sched_share_yield(&s, &sh[0]);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_int_equal(sched_current_slice_left(&s), SLICE);
	assert_int_equal(queue_len(0), 1);
}

static void test_unready_current_falls_back(void **state)
{
	(void)state;
	sched_share_init(&sh[0], 2);
	sched_share_init(&sh[1], 1);
	sched_ready(&s, &sh[0]);
	sched_ready(&s, &sh[1]);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 2);

	sched_unready(&s, &sh[0]);
	assert_false(sched_is_ready(&sh[0]));
	assert_ptr_equal(s.current, &idle);
	/* time until the next decision is nobody's but idle's */
	sched_consumed(&s, 5);
	assert_int_equal(sh[0].consumed, 2);
	assert_int_equal(idle.consumed, 5);
	assert_ptr_equal(sched_next(&s), &sh[1]);

	sched_unready(&s, &sh[1]);
	assert_ptr_equal(sched_next(&s), &idle);
}

static void test_unready_of_other_share_keeps_current(void **state)
{
	(void)state;
	sched_share_init(&sh[0], 2);
	sched_share_init(&sh[1], 2);
	sched_share_init(&sh[2], 2);
	sched_ready(&s, &sh[0]);
	sched_ready(&s, &sh[1]);
	assert_ptr_equal(sched_next(&s), &sh[0]);

	sched_unready(&s, &sh[1]);
	sched_unready(&s, &sh[2]); /* never ready: no effect */
	assert_ptr_equal(s.current, &sh[0]);
	assert_int_equal(queue_len(2), 1);
	sched_consumed(&s, SLICE);
	assert_ptr_equal(sched_next(&s), &sh[0]);
}

static void test_ready_twice_is_idempotent(void **state)
{
	(void)state;
	sched_share_init(&sh[0], 1);
	sched_ready(&s, &sh[0]);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 3);
	sched_ready(&s, &sh[0]);
	assert_int_equal(queue_len(1), 1);
	assert_int_equal(sh[0].slice_left, SLICE - 3); /* no fresh slice either */
	sched_unready(&s, &sh[0]);
	assert_int_equal(queue_len(1), 0);
	assert_ptr_equal(sched_next(&s), &idle);
}

static void test_reready_goes_to_the_back_with_its_rest(void **state)
{
	(void)state;
	sched_share_init(&sh[0], 1);
	sched_share_init(&sh[1], 1);
	sched_ready(&s, &sh[0]);
	sched_ready(&s, &sh[1]);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 6);
	sched_unready(&s, &sh[0]); /* blocks mid-slice */
	sched_ready(&s, &sh[0]);
	assert_ptr_equal(queue_at(1, 0), &sh[1]);
	assert_ptr_equal(queue_at(1, 1), &sh[0]);
	assert_int_equal(sh[0].slice_left, SLICE - 6);
}

static void test_consumed_time_charged_to_current(void **state)
{
	(void)state;
	sched_share_init(&sh[0], 1);
	sched_share_init(&sh[1], 1);
	sched_share_init(&sh[2], 3);
	sched_ready(&s, &sh[0]);
	sched_ready(&s, &sh[1]);

	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 4);
	sched_ready(&s, &sh[2]);
	sched_consumed(&s, 1); /* still sh[0]'s: no decision in between */
	assert_ptr_equal(sched_next(&s), &sh[2]);
	sched_consumed(&s, 7);
	sched_unready(&s, &sh[2]);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 5);
	assert_ptr_equal(sched_next(&s), &sh[1]);
	sched_consumed(&s, 2);

	assert_int_equal(sh[0].consumed, 10);
	assert_int_equal(sh[1].consumed, 2);
	assert_int_equal(sh[2].consumed, 7);
	assert_int_equal(idle.consumed, 0);
}

static void test_higher_priority_preempts_at_next_decision(void **state)
{
	(void)state;
	sched_share_init(&sh[0], 0);
	sched_share_init(&sh[1], 2);
	sched_ready(&s, &sh[0]);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 3);

	sched_ready(&s, &sh[1]);
	assert_ptr_equal(s.current, &sh[0]); /* nothing happens before the decision */
	assert_ptr_equal(sched_next(&s), &sh[1]);
	assert_int_equal(sched_current_slice_left(&s), SLICE);
	/* the preempted share keeps its place and the rest of its slice */
	assert_ptr_equal(queue_at(0, 0), &sh[0]);
	assert_int_equal(sh[0].slice_left, SLICE - 3);

	sched_consumed(&s, SLICE); /* sh[1] alone at its priority: stays */
	assert_ptr_equal(sched_next(&s), &sh[1]);
	sched_unready(&s, &sh[1]);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_int_equal(sched_current_slice_left(&s), SLICE - 3);
}

static void test_many_shares_at_one_priority(void **state)
{
	(void)state;
	memset(many, 0, sizeof(many));
	for (unsigned i = 0; i < MANY; i++) {
		sched_share_init(&many[i], 1);
		sched_ready(&s, &many[i]);
	}
	assert_int_equal(queue_len(1), MANY);
	for (unsigned i = 0; i < MANY; i++) {
		assert_ptr_equal(sched_next(&s), &many[i]);
		sched_consumed(&s, SLICE);
	}
	assert_ptr_equal(sched_next(&s), &many[0]);

	sched_share_init(&sh[0], 2);
	sched_ready(&s, &sh[0]);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_unready(&s, &sh[0]);
	for (unsigned i = 0; i < MANY; i++)
		assert_int_equal(many[i].consumed, SLICE);
	sched_unready(&s, &many[0]);
	assert_ptr_equal(sched_next(&s), &many[1]);
}

static void test_contract_violations_panic(void **state)
{
	(void)state;
	struct scheduler other;

	FAKE_EXPECT_PANIC(sched_ready(&s, &idle));
	assert_non_null(
	    strstr(fake_uart_text(), "kernel panic: sched_ready: idle is never queued\n"));
	assert_false(sched_is_ready(&idle));

	fake_uart_clear();
	FAKE_EXPECT_PANIC(sched_share_init(&sh[0], SCHED_PRIORITIES));
	assert_non_null(strstr(fake_uart_text(), "priority out of range"));

	fake_uart_clear();
	FAKE_EXPECT_PANIC(sched_init(&other, &idle, 0));
	assert_non_null(strstr(fake_uart_text(), "slice must be positive"));
	assert_int_equal(fake_arch.halts, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_idle_when_empty, setup),
		cmocka_unit_test_setup(test_highest_priority_first, setup),
		cmocka_unit_test_setup(test_fifo_within_priority, setup),
		cmocka_unit_test_setup(test_slice_expiry_rotates, setup),
		cmocka_unit_test_setup(test_overlong_consumption_rotates_once, setup),
		cmocka_unit_test_setup(test_partial_consumption_keeps_current, setup),
		cmocka_unit_test_setup(test_yield_rotates_with_fresh_slice, setup),
		cmocka_unit_test_setup(test_yield_alone_keeps_running_with_fresh_slice, setup),
		cmocka_unit_test_setup(test_unready_current_falls_back, setup),
		cmocka_unit_test_setup(test_unready_of_other_share_keeps_current, setup),
		cmocka_unit_test_setup(test_ready_twice_is_idempotent, setup),
		cmocka_unit_test_setup(test_reready_goes_to_the_back_with_its_rest, setup),
		cmocka_unit_test_setup(test_consumed_time_charged_to_current, setup),
		cmocka_unit_test_setup(test_higher_priority_preempts_at_next_decision, setup),
		cmocka_unit_test_setup(test_many_shares_at_one_priority, setup),
		cmocka_unit_test_setup(test_contract_violations_panic, setup),
	};
	return cmocka_run_group_tests_name("kernel scheduler", tests, NULL, NULL);
}
