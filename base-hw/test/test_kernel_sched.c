/*
 * Host tests for the kernel scheduler (base-hw/src/kernel/scheduler.c):
 * quota-bound priorities (doc/architecture.md 4.7), driven step by step through
 * sched_consumed()/sched_next() on a private scheduler like a fake timer.
 * The simulator (sim_run) asks for a decision, lets the share run for the
 * slice the scheduler grants (optionally with timer jitter) and counts the
 * time per share itself, independent of the scheduler's own accounting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake/fake.h"
#include "../src/kernel/kernel.h"

enum { SP = 1000, FILL = 10, NSH = 8, MANY = 1000 };

static struct scheduler s;
static struct sched_share idle;
static struct sched_share sh[NSH];
static struct sched_share many[MANY];

/* simulator tallies, indexed like sh[] and many[] */
static uint64_t got[NSH], got_many[MANY], got_idle;
static uint32_t rng = 12345;

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(&kernel, 0, sizeof(kernel));
	memset(&idle, 0, sizeof(idle));
	memset(sh, 0, sizeof(sh));
	memset(got, 0, sizeof(got));
	got_idle = 0;
	rng      = 12345;
	sched_share_init(&idle, 0, 0);
	sched_init(&s, &idle, SP, FILL);
	return 0;
}

/* ---- helpers ---- */

static struct list_node *list_at(const struct list *l, unsigned pos)
{
	struct list_node *i = l->head.next;
	for (unsigned k = 0; k < pos && i != &l->head; k++)
		i = i->next;
	return i == &l->head ? NULL : i;
}

static struct sched_share *claim_at(unsigned prio, unsigned pos)
{
	struct list_node *n = list_at(&s.claims[prio], pos);
	return n ? container_of(n, struct sched_share, claim_node) : NULL;
}

static struct sched_share *fill_at(unsigned pos)
{
	struct list_node *n = list_at(&s.fills, pos);
	return n ? container_of(n, struct sched_share, fill_node) : NULL;
}

static unsigned claimants(void)
{
	unsigned n = 0;
	for (unsigned p = 0; p < SCHED_PRIORITIES; p++)
		n += fake_list_len(&s.claims[p]);
	return n;
}

static bool in_claims(const struct sched_share *x) { return list_node_linked(&x->claim_node); }

/* Make sh[i] a ready share with the given priority and quota. */
static void add(unsigned i, unsigned prio, uint32_t quota)
{
	sched_share_init(&sh[i], prio, quota);
	sched_ready(&s, &sh[i]);
}

static uint32_t next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 16;
}

static void tally(const struct sched_share *x, uint32_t t)
{
	if (x == &idle)
		got_idle += t;
	else if (x >= sh && x < sh + NSH)
		got[x - sh] += t;
	else if (x >= many && x < many + MANY)
		got_many[x - many] += t;
	else
		fail_msg("decision for an unknown share");
}

/* Check the scheduler's invariants after a decision. */
static void check_decision(const struct sched_share *x, uint32_t t)
{
	assert_ptr_equal(x, s.current);
	assert_true(t > 0);
	assert_true(t <= s.super_left);
	assert_true(x == &idle || sched_is_ready(x));
	if (s.current_on_claim) {
		unsigned p = SCHED_PRIORITIES;
		while (p-- > 0 && list_empty(&s.claims[p]))
			;
		assert_ptr_equal(claim_at(p, 0), x); /* the highest claimant */
		assert_true(x->claim_left > 0 && x->claim_left <= x->quota);
	} else {
		assert_int_equal(claimants(), 0);
		assert_true(x == &idle || fill_at(0) == x);
	}
}

/*
 * Run for `ticks` of simulated time: decide, run the granted slice, charge.
 * jitter 0: the timer fires exactly; otherwise the slice ends up to 2 ticks
 * late (timer latency) or, one time in four, early at a random point (another
 * interrupt). The last step is cut to end exactly at `ticks`.
 */
static void sim_run(uint64_t ticks, bool jitter)
{
	for (uint64_t now = 0; now < ticks;) {
		struct sched_share *x = sched_next(&s);
		uint32_t t            = sched_current_slice_left(&s);

		check_decision(x, t);
		if (jitter && next_rand() % 4 == 0)
			t = 1 + next_rand() % t;
		else if (jitter)
			t += next_rand() % 3;
		if (t > ticks - now)
			t = (uint32_t)(ticks - now);
		tally(x, t);
		sched_consumed(&s, t);
		now += t;
	}
}

/* |measured - expected| within tol_pp percentage points of total */
static void assert_percent(uint64_t measured, uint64_t expected, uint64_t total, double tol_pp)
{
	double diff = 100.0 * ((double)measured - (double)expected) / (double)total;
	if (diff > tol_pp || diff < -tol_pp)
		fail_msg("measured %llu, expected %llu of %llu: %+.2f pp",
			 (unsigned long long)measured, (unsigned long long)expected,
			 (unsigned long long)total, diff);
}

/* ---- basics ---- */

static void test_init_and_idle(void **state)
{
	(void)state;
	assert_ptr_equal(s.current, &idle);
	assert_int_equal(s.super_left, SP);
	assert_int_equal(s.quota_sum, 0);
	assert_ptr_equal(sched_next(&s), &idle);
	assert_false(s.current_on_claim);
	assert_int_equal(sched_current_slice_left(&s), SP); /* idle: rest of the period */
	assert_false(sched_is_ready(&idle));
	assert_int_equal(fake_list_len(&s.fills), 0);
	assert_int_equal(claimants(), 0);
}

static void test_idle_accounting_advances_super_period(void **state)
{
	(void)state;
	sched_share_init(&sh[0], 3, 100);
	assert_true(sched_set_quota(&s, &sh[0], 100)); /* known, but never ready */

	sim_run(3 * SP + 250, false);
	assert_int_equal(got_idle, 3 * SP + 250);
	assert_int_equal(idle.consumed, 3 * SP + 250);
	assert_int_equal(s.super_periods, 3);
	assert_int_equal(s.super_left, SP - 250);
	assert_ptr_equal(sched_next(&s), &idle);
	assert_int_equal(sched_current_slice_left(&s), SP - 250);
	assert_int_equal(sh[0].consumed, 0);
	assert_int_equal(sh[0].claim_left, 100);
	assert_false(sched_is_ready(&sh[0]));
	assert_false(in_claims(&sh[0]));
}

static void test_ready_twice_is_idempotent(void **state)
{
	(void)state;
	add(0, 1, 50);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 3);
	sched_ready(&s, &sh[0]);
	assert_int_equal(fake_list_len(&s.fills), 1);
	assert_int_equal(fake_list_len(&s.claims[1]), 1);
	assert_int_equal(sh[0].claim_left, 47);
	assert_int_equal(s.quota_sum, 50); /* admitted once */
	sched_unready(&s, &sh[0]);
	sched_unready(&s, &sh[0]);
	assert_int_equal(fake_list_len(&s.fills), 0);
	assert_int_equal(claimants(), 0);
	assert_ptr_equal(sched_next(&s), &idle);
}

static void test_unready_current_falls_back_to_idle(void **state)
{
	(void)state;
	add(0, 2, 100);
	add(1, 1, 0);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_true(s.current_on_claim);
	sched_consumed(&s, 2);
	sched_unready(&s, &sh[0]);
	assert_ptr_equal(s.current, &idle);
	assert_false(s.current_on_claim);
	sched_consumed(&s, 5); /* nobody's but idle's */
	assert_int_equal(sh[0].consumed, 2);
	assert_int_equal(idle.consumed, 5);
	assert_int_equal(sh[0].claim_left, 98);
	assert_int_equal(s.super_left, SP - 7);
	assert_ptr_equal(sched_next(&s), &sh[1]);
}

/* ---- 1: claimants first, by priority, FIFO, preemption ---- */

static void test_p1_claimant_runs_before_higher_priority_non_claimant(void **state)
{
	(void)state;
	add(0, 7, 0);  /* highest priority, no quota */
	add(1, 0, 40); /* lowest priority claimant */
	add(2, 3, 20);
	add(3, 3, 30);

	struct sched_share *order[] = { &sh[2], &sh[3], &sh[1] };
	uint32_t claim[]            = { 20, 30, 40 };
	for (unsigned i = 0; i < 3; i++) {
		assert_ptr_equal(sched_next(&s), order[i]);
		assert_true(s.current_on_claim);
		assert_int_equal(sched_current_slice_left(&s), claim[i]);
		sched_consumed(&s, claim[i]);
		assert_int_equal(order[i]->claim_left, 0);
		assert_false(in_claims(order[i]));
	}
	/* no claimant left: the fill rotation in ready order */
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_false(s.current_on_claim);
	assert_int_equal(sched_current_slice_left(&s), FILL);
	assert_int_equal(sh[0].consumed, 0);
}

static void test_p1_fifo_within_priority(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 3; i++)
		add(i, 2, 50);
	for (unsigned i = 0; i < 3; i++)
		assert_ptr_equal(claim_at(2, i), &sh[i]);

	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 10);
	sched_unready(&s, &sh[0]); /* blocks with claim left */
	sched_ready(&s, &sh[0]);   /* and rejoins at the back */
	assert_ptr_equal(claim_at(2, 0), &sh[1]);
	assert_ptr_equal(claim_at(2, 2), &sh[0]);

	struct sched_share *order[] = { &sh[1], &sh[2], &sh[0] };
	for (unsigned i = 0; i < 3; i++) {
		assert_ptr_equal(sched_next(&s), order[i]);
		sched_consumed(&s, sched_current_slice_left(&s));
	}
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(sh[i].consumed, 50);
	assert_int_equal(claimants(), 0);
}

static void test_p1_higher_claimant_preempts_at_once(void **state)
{
	(void)state;
	add(0, 1, 200);
	add(1, 1, 100);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 50);

	sched_share_init(&sh[2], 5, 100);
	sched_ready(&s, &sh[2]);
	assert_ptr_equal(s.current, &sh[0]); /* nothing happens before the decision */
	assert_ptr_equal(sched_next(&s), &sh[2]);
	assert_int_equal(sched_current_slice_left(&s), 100);
	/* the preempted claimant keeps its place and its remaining claim */
	assert_ptr_equal(claim_at(1, 0), &sh[0]);
	assert_ptr_equal(claim_at(1, 1), &sh[1]);
	assert_int_equal(sh[0].claim_left, 150);

	sched_consumed(&s, 60);
	assert_ptr_equal(sched_next(&s), &sh[2]);
	sched_consumed(&s, 40);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_true(s.current_on_claim);
	assert_int_equal(sched_current_slice_left(&s), 150);
	sched_consumed(&s, 150);
	assert_ptr_equal(sched_next(&s), &sh[1]);
	assert_int_equal(sh[0].consumed, 200);
	assert_int_equal(sh[2].consumed, 100);
}

static void test_p1_claimant_preempts_fill_which_keeps_its_slice(void **state)
{
	(void)state;
	add(0, 6, 0);
	add(1, 6, 0);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 4);

	add(2, 0, 30); /* a low-priority claimant still beats the fill */
	assert_ptr_equal(sched_next(&s), &sh[2]);
	assert_true(s.current_on_claim);
	sched_consumed(&s, 30);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_false(s.current_on_claim);
	assert_int_equal(sched_current_slice_left(&s), FILL - 4);
	assert_ptr_equal(fill_at(0), &sh[0]);
	assert_ptr_equal(fill_at(1), &sh[1]);
	assert_ptr_equal(fill_at(2), &sh[2]);
}

static void test_blocking_claimant_keeps_claim_in_same_period(void **state)
{
	(void)state;
	add(0, 4, 100);
	add(1, 0, 0);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 40);
	sched_unready(&s, &sh[0]);
	assert_false(in_claims(&sh[0]));
	assert_int_equal(sh[0].claim_left, 60);

	sim_run(300, false); /* sh[1] alone in the fill */
	assert_int_equal(got[1], 300);
	assert_int_equal(sh[0].claim_left, 60);

	sched_ready(&s, &sh[0]);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_true(s.current_on_claim);
	assert_int_equal(sched_current_slice_left(&s), 60);
	sched_consumed(&s, 60);
	assert_ptr_equal(sched_next(&s), &sh[1]); /* fill head since ready */
	assert_int_equal(s.super_periods, 0);
}

/* ---- 2 and 6: quota guarantee and the quota sum ---- */

static void test_p2_always_ready_share_gets_its_quota_each_period(void **state)
{
	(void)state;
	uint32_t quota[] = { 500, 250, 150, 0, 0 };
	unsigned prio[]  = { 0, 2, 7, 7, 1 };
	for (unsigned i = 0; i < 5; i++)
		add(i, prio[i], quota[i]);
	assert_int_equal(s.quota_sum, 900);

	uint64_t before[5] = { 0 };
	for (unsigned period = 0; period < 6; period++) {
		sim_run(SP, period % 2);
		assert_int_equal(s.super_periods, period + 1);
		for (unsigned i = 0; i < 5; i++) {
			assert_true(got[i] - before[i] >= quota[i]);
			before[i] = got[i];
		}
	}
	assert_int_equal(got_idle, 0);
}

static void test_p6_quota_sum_refused_beyond_super_period(void **state)
{
	(void)state;
	sched_share_init(&sh[0], 1, 0);
	sched_share_init(&sh[1], 1, 0);
	sched_share_init(&sh[2], 1, 0);
	assert_true(sched_set_quota(&s, &sh[0], 600));
	assert_true(sched_set_quota(&s, &sh[1], 400)); /* exactly the super period */
	assert_int_equal(s.quota_sum, SP);
	assert_false(sched_set_quota(&s, &sh[2], 1));
	assert_int_equal(sh[2].quota, 0);
	assert_false(sched_set_quota(&s, &sh[1], 401));
	assert_int_equal(sh[1].quota, 400); /* refused: nothing changed */
	assert_int_equal(s.quota_sum, SP);
	assert_false(sched_set_quota(&s, &sh[2], UINT32_MAX));

	/* a share's own old quota does not count against its new one */
	assert_true(sched_set_quota(&s, &sh[1], 300));
	assert_true(sched_set_quota(&s, &sh[2], 100));
	assert_true(sched_set_quota(&s, &sh[0], 0));
	assert_int_equal(s.quota_sum, 400);
	assert_true(sched_set_quota(&s, &sh[2], 700));
	assert_int_equal(s.quota_sum, SP);
	assert_int_equal(fake_list_len(&s.quotas), 2);
}

static void test_set_quota_adjusts_claim_and_sum(void **state)
{
	(void)state;
	add(0, 2, 200);
	assert_int_equal(s.quota_sum, 200); /* admitted at the first ready */
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 50);

	assert_true(sched_set_quota(&s, &sh[0], 100)); /* min(150 left, 100) */
	assert_int_equal(sh[0].claim_left, 100);
	/* more quota: at once, its part of the 950 left of the period */
	assert_true(sched_set_quota(&s, &sh[0], 400));
	assert_int_equal(sh[0].claim_left, 100 + 300 * 950 / SP);
	assert_int_equal(s.quota_sum, 400);

	assert_true(sched_set_quota(&s, &sh[0], 0)); /* no quota: out of the claims */
	assert_false(in_claims(&sh[0]));
	assert_int_equal(sh[0].claim_left, 0);
	assert_int_equal(s.quota_sum, 0);
	assert_true(sched_is_ready(&sh[0]));

	/* a quota set mid-period claims at once its part of the rest of it */
	add(1, 3, 0);
	assert_true(sched_set_quota(&s, &sh[1], 300));
	assert_int_equal(sh[1].claim_left, 300 * 950 / SP);
	assert_ptr_equal(sched_next(&s), &sh[1]);
	assert_true(s.current_on_claim);
	sim_run(s.super_left, false);
	assert_int_equal(sh[1].claim_left, 300);
	assert_ptr_equal(claim_at(3, 0), &sh[1]);
	assert_ptr_equal(sched_next(&s), &sh[1]);
	assert_true(s.current_on_claim);
}

static void test_remove_gives_back_quota(void **state)
{
	(void)state;
	add(0, 2, 700);
	add(1, 2, 300);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 10);

	sched_share_remove(&s, &sh[0]); /* the current share is destroyed */
	assert_false(sched_is_ready(&sh[0]));
	assert_false(in_claims(&sh[0]));
	assert_false(list_node_linked(&sh[0].quota_node));
	assert_ptr_equal(s.current, &idle);
	assert_int_equal(s.quota_sum, 300);
	assert_int_equal(fake_list_len(&s.quotas), 1);

	sched_share_init(&sh[2], 5, 0);
	assert_true(sched_set_quota(&s, &sh[2], 700)); /* its quota is free again */
	assert_false(sched_set_quota(&s, &sh[3], 1));

	sched_share_remove(&s, &sh[1]); /* ready, not current */
	assert_int_equal(s.quota_sum, 700);
	assert_ptr_equal(sched_next(&s), &idle);
	sched_share_remove(&s, &sh[2]); /* never ready */
	assert_int_equal(s.quota_sum, 0);
	assert_int_equal(fake_list_len(&s.quotas), 0);
}

/* ---- 3: fill round robin ---- */

static void test_p3_fill_round_robin_in_equal_slices(void **state)
{
	(void)state;
	add(0, 0, 0);
	add(1, 7, 0); /* priority without quota buys nothing */
	add(2, 3, 0);
	for (unsigned round = 0; round < 3; round++) {
		for (unsigned i = 0; i < 3; i++) {
			assert_ptr_equal(sched_next(&s), &sh[i]);
			assert_false(s.current_on_claim);
			assert_int_equal(sched_current_slice_left(&s), FILL);
			sched_consumed(&s, 3);
			assert_ptr_equal(sched_next(&s), &sh[i]); /* partial: stays */
			assert_int_equal(sched_current_slice_left(&s), FILL - 3);
			sched_consumed(&s, FILL - 3);
			assert_ptr_equal(fill_at(2), &sh[i]); /* expired: to the back */
			assert_int_equal(sh[i].fill_left, FILL);
		}
	}
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(sh[i].consumed, 3 * FILL);
}

static void test_p3_equal_threads_split_unclaimed_time(void **state)
{
	(void)state;
	add(0, 6, 400); /* a claimant takes part in the fill too */
	add(1, 2, 0);
	add(2, 5, 0);
	add(3, 0, 0);
	sim_run(5 * SP, true);

	uint64_t unclaimed = 5 * (SP - 400), fair = unclaimed / 4;
	for (unsigned i = 1; i < 4; i++) {
		uint64_t d = got[i] > fair ? got[i] - fair : fair - got[i];
		assert_true(d * 50 <= fair); /* within 2 % */
	}
	assert_int_equal(got[0] + got[1] + got[2] + got[3], 5 * SP);
}

static void test_reready_goes_to_the_back_with_its_rest(void **state)
{
	(void)state;
	add(0, 1, 0);
	add(1, 1, 0);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 6);
	sched_unready(&s, &sh[0]); /* blocks mid-slice */
	sched_ready(&s, &sh[0]);
	assert_ptr_equal(fill_at(0), &sh[1]);
	assert_ptr_equal(fill_at(1), &sh[0]);
	assert_int_equal(sh[0].fill_left, FILL - 6);
	sched_consumed(&s, 0);
	assert_ptr_equal(sched_next(&s), &sh[1]);
	sched_consumed(&s, FILL);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_int_equal(sched_current_slice_left(&s), FILL - 6);
}

/* ---- 4: a spent claim continues in the fill ---- */

static void test_p4_spent_claim_keeps_fill_position(void **state)
{
	(void)state;
	add(1, 4, 0);
	add(0, 4, 30);
	add(2, 4, 0);
	assert_ptr_equal(fill_at(1), &sh[0]);

	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_true(s.current_on_claim);
	sched_consumed(&s, 30); /* claim spent */
	assert_int_equal(sh[0].claim_left, 0);
	assert_false(in_claims(&sh[0]));
	assert_true(sched_is_ready(&sh[0]));
	assert_ptr_equal(fill_at(1), &sh[0]); /* not pushed behind everyone */
	assert_int_equal(sh[0].fill_left, FILL);

	struct sched_share *order[] = { &sh[1], &sh[0], &sh[2], &sh[1] };
	for (unsigned i = 0; i < 4; i++) {
		assert_ptr_equal(sched_next(&s), order[i]);
		assert_false(s.current_on_claim);
		sched_consumed(&s, FILL);
	}
	assert_int_equal(sh[0].consumed, 30 + FILL);
}

static void test_p4_spent_claimant_not_starved(void **state)
{
	(void)state;
	add(0, 7, 100); /* its claim runs out early every period */
	add(1, 7, 0);
	add(2, 7, 0);
	add(3, 7, 0);
	for (unsigned period = 0; period < 5; period++) {
		uint64_t before = got[0];
		sim_run(SP, false);
		/* 100 on claim, then 90 fill slices among 4: 23 and 22 alternately */
		assert_int_equal(got[0] - before, 100 + (period % 2 ? 22 : 23) * FILL);
	}
}

static void test_super_period_rollover_restores_claims(void **state)
{
	(void)state;
	add(0, 3, 100);
	add(1, 3, 200);
	add(2, 1, 0);
	sched_share_init(&sh[3], 3, 50);
	assert_true(sched_set_quota(&s, &sh[3], 50)); /* known, never ready */
	sim_run(400, false);
	assert_int_equal(got[0], 100 + 4 * FILL); /* 10 fill slices: 0 1 2 0 1 2 0 1 2 0 */
	assert_int_equal(sh[0].claim_left, 0);
	assert_int_equal(sh[1].claim_left, 0);
	sched_unready(&s, &sh[1]);
	assert_int_equal(claimants(), 0);

	sim_run(SP - 400, false);
	assert_int_equal(s.super_periods, 1);
	assert_int_equal(sh[0].claim_left, 100);
	assert_int_equal(sh[1].claim_left, 200);
	assert_int_equal(sh[3].claim_left, 50);
	assert_ptr_equal(claim_at(3, 0), &sh[0]); /* only the ready one is queued */
	assert_int_equal(claimants(), 1);
	assert_false(in_claims(&sh[1]));
	sched_ready(&s, &sh[1]);
	assert_ptr_equal(claim_at(3, 1), &sh[1]);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_int_equal(sched_current_slice_left(&s), 100);
}

static void test_super_period_ends_while_claimant_runs(void **state)
{
	(void)state;
	add(0, 1, 0);
	sim_run(SP - 100, false);
	add(1, 2, 500);
	sched_share_init(&sh[2], 3, 0);
	sched_ready(&s, &sh[2]);
	/* at once: 200 of the 100 left of the period, 20 */
	assert_true(sched_set_quota(&s, &sh[2], 200));
	assert_int_equal(sh[2].claim_left, 20);
	sched_consumed(&s, 0);
	sched_unready(&s, &sh[2]); /* sh[1]'s claim below, still 500 */
	sim_run(1, false);
	assert_int_equal(sh[1].claim_left, 499);

	assert_ptr_equal(sched_next(&s), &sh[1]);
	assert_int_equal(sched_current_slice_left(&s), 99); /* cut at the period end */
	sched_consumed(&s, 99);
	assert_int_equal(s.super_periods, 1);
	assert_int_equal(s.super_left, SP);
	assert_int_equal(sh[1].claim_left, 500); /* refilled, not 400 */
	assert_int_equal(sh[2].claim_left, 200);
	sched_ready(&s, &sh[2]);
	assert_ptr_equal(sched_next(&s), &sh[2]); /* higher priority now a claimant */
	assert_ptr_equal(claim_at(2, 0), &sh[1]);
}

/* ---- 5: yield ---- */

/* A helper's yield (and core's, for its lock): the claimant it runs on steps
 * aside and keeps its claim; once another share ran, it is back. */
static void test_p5_step_aside_keeps_the_claim(void **state)
{
	(void)state;
	add(1, 0, 0);   /* the lock holder, on the fill */
	add(0, 5, 100); /* the client whose claim a helper runs on */
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 30);
	sched_share_step_aside(&s, &sh[0]);
	assert_int_equal(sh[0].claim_left, 70);
	assert_false(in_claims(&sh[0]));

	assert_ptr_equal(sched_next(&s), &sh[1]); /* the holder, on the fill */
	assert_false(s.current_on_claim);
	sched_consumed(&s, 5); /* another share ran: the claim is back, whole */
	assert_true(in_claims(&sh[0]));
	assert_int_equal(sh[0].claim_left, 70);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_true(s.current_on_claim);

	/* back early, by a new quota: no longer aside (make fuzz-host) */
	sched_share_step_aside(&s, &sh[0]);
	assert_true(sched_set_quota(&s, &sh[0], 200));
	assert_true(in_claims(&sh[0]));
	assert_null(s.aside);

	/* a claim spent since the decision: like a yield on the fill (make
	 * fuzz-host: it unlinked an unlinked node) */
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, sh[0].claim_left);
	assert_false(in_claims(&sh[0]));
	sched_share_step_aside(&s, &sh[0]);
	assert_null(s.aside);
	assert_int_equal(sh[0].fill_left, FILL);
	assert_true(sched_set_quota(&s, &sh[0], 100));
	sched_consumed(&s, s.super_left); /* a new period: the claim is back */
	assert_true(in_claims(&sh[0]));

	/* unready while aside: the claim rejoins at the next ready */
	assert_ptr_equal(sched_next(&s), &sh[0]);
	uint32_t claim = sh[0].claim_left;
	sched_share_step_aside(&s, &sh[0]);
	assert_ptr_equal(s.aside, &sh[0]);
	sched_unready(&s, &sh[0]);
	assert_null(s.aside);
	sched_ready(&s, &sh[0]);
	assert_true(in_claims(&sh[0]));
	assert_int_equal(sh[0].claim_left, claim);
}

static void test_p5_yield_in_claim_gives_up_the_claim(void **state)
{
	(void)state;
	add(1, 0, 0);
	add(0, 5, 100);
	add(2, 5, 100);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 30);
	sched_share_yield(&s, &sh[0]);
	assert_int_equal(sh[0].claim_left, 0);
	assert_false(in_claims(&sh[0]));
	assert_ptr_equal(fill_at(1), &sh[0]); /* fill position unchanged */
	assert_int_equal(sh[0].fill_left, FILL);

	assert_ptr_equal(sched_next(&s), &sh[2]);
	sched_consumed(&s, 100);
	assert_ptr_equal(sched_next(&s), &sh[1]); /* then the fill, in order */
	sched_consumed(&s, FILL);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_false(s.current_on_claim);
	assert_int_equal(sh[0].consumed, 30);
}

static void test_p5_yield_in_fill_goes_to_the_back(void **state)
{
	(void)state;
	add(0, 3, 20);
	add(1, 3, 0);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 20); /* claim spent: now in the fill */
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_false(s.current_on_claim);
	sched_consumed(&s, 4);
	assert_int_equal(sh[0].fill_left, FILL - 4);
	sched_share_yield(&s, &sh[0]);
	assert_int_equal(sh[0].fill_left, FILL);
	assert_ptr_equal(fill_at(1), &sh[0]);
	assert_ptr_equal(sched_next(&s), &sh[1]);
	sched_consumed(&s, FILL);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_int_equal(sched_current_slice_left(&s), FILL);
	assert_int_equal(sh[0].consumed, 24);
}

static void test_p5_yield_alone_runs_again_with_fresh_slice(void **state)
{
	(void)state;
	add(0, 0, 0);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 9);
	sched_share_yield(&s, &sh[0]);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	assert_int_equal(sched_current_slice_left(&s), FILL);
	assert_int_equal(fake_list_len(&s.fills), 1);

	sched_unready(&s, &sh[0]);
	sched_share_yield(&s, &sh[0]); /* not ready: only a fresh slice */
	assert_false(sched_is_ready(&sh[0]));
}

/* ---- 7: charged to the picked share ---- */

static void test_p7_time_charged_to_picked_share(void **state)
{
	(void)state;
	add(0, 1, 0);
	add(1, 1, 0);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 4);
	add(2, 6, 50);
	sched_consumed(&s, 1); /* still sh[0]'s: no decision in between */
	assert_int_equal(sh[2].claim_left, 50);

	/* sh[2] picked; whatever thread the kernel runs for it (helping), the
	 * time goes to sh[2]'s claim */
	assert_ptr_equal(sched_next(&s), &sh[2]);
	sched_consumed(&s, 7);
	assert_int_equal(sh[2].claim_left, 43);
	sched_unready(&s, &sh[2]);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 5);
	assert_ptr_equal(sched_next(&s), &sh[1]);
	sched_consumed(&s, 2);

	assert_int_equal(sh[0].consumed, 10);
	assert_int_equal(sh[1].consumed, 2);
	assert_int_equal(sh[2].consumed, 7);
	assert_int_equal(idle.consumed, 0);
	assert_int_equal(s.super_left, SP - 19);
}

/* ---- 8: decisions independent of the number of shares ---- */

static void test_p8_claim_lists_hold_only_claimants(void **state)
{
	(void)state;
	memset(many, 0, sizeof(many));
	for (unsigned i = 0; i < MANY - 1; i++) {
		sched_share_init(&many[i], i % SCHED_PRIORITIES, 1);
		sched_ready(&s, &many[i]);
	}
	assert_int_equal(s.quota_sum, MANY - 1);
	assert_int_equal(claimants(), MANY - 1);
	for (unsigned i = 0; i < MANY - 1; i++) {
		struct sched_share *x = sched_next(&s);
		assert_true(s.current_on_claim);
		assert_int_equal(sched_current_slice_left(&s), 1);
		sched_consumed(&s, 1);
		assert_false(in_claims(x));
	}
	/* 999 ready shares with spent claims: none of them is in a claim list,
	 * so a decision only looks at SCHED_PRIORITIES empty heads */
	assert_int_equal(claimants(), 0);
	assert_int_equal(fake_list_len(&s.fills), MANY - 1);
	assert_ptr_equal(sched_next(&s), &many[0]);
	assert_false(s.current_on_claim);
	sched_share_init(&sh[0], 0, 1);
	sched_ready(&s, &sh[0]);
	assert_ptr_equal(s.claims[0].head.next, &sh[0].claim_node);
	assert_ptr_equal(sched_next(&s), &sh[0]); /* preempts the fill at once */
	assert_true(s.current_on_claim);
	sched_consumed(&s, 1);
	/* 999 + 1 ticks: the super period ends, all 1000 claims are back */
	assert_int_equal(s.super_periods, 1);
	assert_int_equal(claimants(), MANY);
	assert_ptr_equal(sched_next(&s), &many[7]); /* first at priority 7 */
	assert_true(s.current_on_claim);
}

static void test_many_shares(void **state)
{
	(void)state;
	memset(many, 0, sizeof(many));
	memset(got_many, 0, sizeof(got_many));
	for (unsigned i = 0; i < MANY; i++) {
		sched_share_init(&many[i], i % SCHED_PRIORITIES, i % 2 ? 1 : 0);
		sched_ready(&s, &many[i]);
	}
	assert_int_equal(s.quota_sum, MANY / 2);
	/* claims by priority, FIFO: the first decision is the first claimant at
	 * priority 7 */
	assert_ptr_equal(sched_next(&s), &many[7]);

	sim_run(20 * SP, false);
	assert_int_equal(s.super_periods, 20);
	uint64_t total = 0;
	for (unsigned i = 0; i < MANY; i++) {
		/* per period: its claim and 500 / 1000 ticks of fill */
		uint64_t expect = (i % 2 ? 20 : 0) + 20 * (SP - MANY / 2) / MANY;
		assert_true(got_many[i] + FILL >= expect && got_many[i] <= expect + FILL);
		assert_int_equal(got_many[i], many[i].consumed);
		total += got_many[i];
	}
	assert_int_equal(total, 20 * SP);
	for (unsigned i = 0; i < MANY; i++)
		sched_share_remove(&s, &many[i]);
	assert_int_equal(s.quota_sum, 0);
	assert_int_equal(fake_list_len(&s.fills), 0);
	assert_ptr_equal(sched_next(&s), &idle);
}

/* ---- measured shares ---- */

static void test_measured_shares_mixed_quotas_and_priorities(void **state)
{
	(void)state;
	uint32_t quota[] = { 300, 150, 50, 0, 0 };
	unsigned prio[]  = { 6, 2, 2, 7, 0 };
	for (unsigned i = 0; i < 5; i++)
		add(i, prio[i], quota[i]);

	enum { PERIODS = 7 };
	sim_run(PERIODS * SP, true);
	uint64_t total = PERIODS * SP, rest = SP - 500;
	for (unsigned i = 0; i < 5; i++) {
		uint64_t expected = PERIODS * (quota[i] + rest / 5);
		assert_percent(got[i], expected, total, 2.0);
		assert_int_equal(got[i], sh[i].consumed);
	}
	assert_int_equal(got_idle, 0);
}

static void test_measured_shares_with_sleeper(void **state)
{
	(void)state;
	/* sh[3] sleeps half of every period: it still gets its claim, and the
	 * others split what is left */
	add(0, 1, 200);
	add(1, 4, 100);
	add(2, 4, 0);
	add(3, 0, 100);
	for (unsigned period = 0; period < 6; period++) {
		sim_run(SP / 2, true);
		sched_unready(&s, &sh[3]);
		sim_run(SP / 2, true);
		sched_ready(&s, &sh[3]);
	}
	uint64_t total = 6 * SP;
	assert_true(got[3] >= 6 * 100);
	assert_percent(got[0] + got[1] + got[2] + got[3], total, total, 0.0);
	/* fill: while all four are ready, a quarter each; sh[3] missing for the
	 * second half. Per period: 600 unclaimed (claims run first) */
	assert_percent(got[2], 6 * (SP / 2 - 400) / 4 + 6 * (SP / 2) / 3, total, 2.0);
}

/* ---- late timer and slice bounds ---- */

static void test_late_timer_does_not_underflow(void **state)
{
	(void)state;
	add(0, 2, 100);
	add(1, 2, 0);
	assert_ptr_equal(sched_next(&s), &sh[0]);
	sched_consumed(&s, 250); /* claim of 100 overrun */
	assert_int_equal(sh[0].claim_left, 0);
	assert_false(in_claims(&sh[0]));
	assert_int_equal(s.super_left, SP - 250);

	assert_ptr_equal(sched_next(&s), &sh[0]); /* fill head */
	sched_consumed(&s, 3 * FILL);             /* fill slice overrun: rotates once */
	assert_int_equal(sh[0].fill_left, FILL);
	assert_ptr_equal(fill_at(0), &sh[1]);

	assert_ptr_equal(sched_next(&s), &sh[1]);
	sched_consumed(&s, UINT32_MAX); /* far past the period end */
	assert_int_equal(sh[1].consumed, UINT32_MAX);
	assert_int_equal(s.super_periods, 1); /* claims refilled once */
	assert_true(s.super_left > 0 && s.super_left <= SP);
	uint64_t elapsed = 250 + 3 * FILL + (uint64_t)UINT32_MAX;
	assert_int_equal(s.super_left, SP - elapsed % SP); /* aligned with real time */
	assert_int_equal(sh[0].claim_left, 100);

	sched_next(&s);
	sched_unready(&s, &sh[0]);
	sched_unready(&s, &sh[1]);
	assert_ptr_equal(sched_next(&s), &idle);
	uint32_t left = s.super_left;
	sched_consumed(&s, left + 5 * SP); /* idle late: lands on the boundary +0 */
	assert_int_equal(s.super_left, SP);
	assert_int_equal(s.super_periods, 2);
}

static void test_slice_left_bounded_by_super_period_end(void **state)
{
	(void)state;
	add(0, 5, 500);
	add(1, 5, 0);
	sim_run(SP - 30, false); /* the claim of 500 is gone by now */
	add(2, 7, 0);
	assert_true(sched_set_quota(&s, &sh[2], 400));
	assert_int_equal(sh[2].claim_left, 400 * 30 / SP); /* its part of the 30 left */
	assert_ptr_equal(sched_next(&s), &sh[2]);
	assert_true(sched_current_slice_left(&s) <= s.super_left);
	sched_unready(&s, &sh[2]);
	assert_ptr_equal(sched_next(&s), fill_at(0));
	assert_true(sched_current_slice_left(&s) <= s.super_left);

	/* a claimant that has more than the rest of the period */
	sched_share_init(&sh[3], 6, 90);
	sched_ready(&s, &sh[3]);
	assert_ptr_equal(sched_next(&s), &sh[3]);
	assert_int_equal(sched_current_slice_left(&s), 30);
	sched_consumed(&s, 25);
	assert_int_equal(sched_current_slice_left(&s), 5);

	/* a fill slice crossing the period end */
	sched_unready(&s, &sh[3]);
	struct sched_share *x = sched_next(&s);
	assert_false(s.current_on_claim);
	assert_true(x->fill_left > 5);
	assert_int_equal(sched_current_slice_left(&s), 5);
	uint32_t fill_before = x->fill_left;
	sched_consumed(&s, 5);
	assert_int_equal(x->fill_left, fill_before - 5); /* the slice continues */
	assert_int_equal(s.super_periods, 1);
	/* new period: sh[2]'s claim of 400 comes first */
	sched_ready(&s, &sh[2]);
	assert_ptr_equal(sched_next(&s), &sh[2]);
	assert_int_equal(sched_current_slice_left(&s), 400);
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
	FAKE_EXPECT_PANIC(sched_share_init(&sh[0], SCHED_PRIORITIES, 0));
	assert_non_null(strstr(fake_uart_text(), "priority out of range"));

	fake_uart_clear();
	FAKE_EXPECT_PANIC(sched_init(&other, &idle, SP, 0));
	assert_non_null(strstr(fake_uart_text(), "fill slice must be positive"));
	FAKE_EXPECT_PANIC(sched_init(&other, &idle, 0, FILL));
	assert_non_null(strstr(fake_uart_text(), "super period must be positive"));

	fake_uart_clear();
	FAKE_EXPECT_PANIC(sched_set_quota(&s, &idle, 10));
	assert_non_null(strstr(fake_uart_text(), "idle has no quota"));

	/* an initial quota that does not fit is refused at the first ready */
	add(1, 0, 800);
	sched_share_init(&sh[2], 0, 300);
	fake_uart_clear();
	FAKE_EXPECT_PANIC(sched_ready(&s, &sh[2]));
	assert_non_null(strstr(fake_uart_text(), "quota exceeds the free part"));
	assert_false(sched_is_ready(&sh[2]));
	assert_int_equal(s.quota_sum, 800);
	assert_int_equal(fake_arch.halts, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_and_idle, setup),
		cmocka_unit_test_setup(test_idle_accounting_advances_super_period, setup),
		cmocka_unit_test_setup(test_ready_twice_is_idempotent, setup),
		cmocka_unit_test_setup(test_unready_current_falls_back_to_idle, setup),
		cmocka_unit_test_setup(test_p1_claimant_runs_before_higher_priority_non_claimant,
				       setup),
		cmocka_unit_test_setup(test_p1_fifo_within_priority, setup),
		cmocka_unit_test_setup(test_p1_higher_claimant_preempts_at_once, setup),
		cmocka_unit_test_setup(test_p1_claimant_preempts_fill_which_keeps_its_slice, setup),
		cmocka_unit_test_setup(test_blocking_claimant_keeps_claim_in_same_period, setup),
		cmocka_unit_test_setup(test_p2_always_ready_share_gets_its_quota_each_period,
				       setup),
		cmocka_unit_test_setup(test_p6_quota_sum_refused_beyond_super_period, setup),
		cmocka_unit_test_setup(test_set_quota_adjusts_claim_and_sum, setup),
		cmocka_unit_test_setup(test_remove_gives_back_quota, setup),
		cmocka_unit_test_setup(test_p3_fill_round_robin_in_equal_slices, setup),
		cmocka_unit_test_setup(test_p3_equal_threads_split_unclaimed_time, setup),
		cmocka_unit_test_setup(test_reready_goes_to_the_back_with_its_rest, setup),
		cmocka_unit_test_setup(test_p4_spent_claim_keeps_fill_position, setup),
		cmocka_unit_test_setup(test_p4_spent_claimant_not_starved, setup),
		cmocka_unit_test_setup(test_super_period_rollover_restores_claims, setup),
		cmocka_unit_test_setup(test_super_period_ends_while_claimant_runs, setup),
		cmocka_unit_test_setup(test_p5_yield_in_claim_gives_up_the_claim, setup),
		cmocka_unit_test_setup(test_p5_step_aside_keeps_the_claim, setup),
		cmocka_unit_test_setup(test_p5_yield_in_fill_goes_to_the_back, setup),
		cmocka_unit_test_setup(test_p5_yield_alone_runs_again_with_fresh_slice, setup),
		cmocka_unit_test_setup(test_p7_time_charged_to_picked_share, setup),
		cmocka_unit_test_setup(test_p8_claim_lists_hold_only_claimants, setup),
		cmocka_unit_test_setup(test_many_shares, setup),
		cmocka_unit_test_setup(test_measured_shares_mixed_quotas_and_priorities, setup),
		cmocka_unit_test_setup(test_measured_shares_with_sleeper, setup),
		cmocka_unit_test_setup(test_late_timer_does_not_underflow, setup),
		cmocka_unit_test_setup(test_slice_left_bounded_by_super_period_end, setup),
		cmocka_unit_test_setup(test_contract_violations_panic, setup),
	};
	return cmocka_run_group_tests_name("kernel scheduler", tests, NULL, NULL);
}
