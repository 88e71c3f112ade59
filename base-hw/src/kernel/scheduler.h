/*
 * CPU scheduler: quota-bound priorities (the model of Genode base-hw).
 *
 * A share is the schedulable part of a thread; the scheduler never knows
 * threads, and time is charged to the share it picked even if the kernel
 * runs another thread on its behalf (helping). Time is counted in ticks of
 * the kernel timer. The scheduler never decides on its own when time passes:
 * the caller reports consumed time with sched_consumed() and asks for the
 * next decision with sched_next(), which makes it drivable step by step from
 * host tests.
 *
 * Every share has a priority and a quota: a claim of ticks per super period.
 *
 * - Claim phase: ready shares with claim left ("claimants") run first, the
 *   highest priority first, FIFO within a priority. A claimant runs until its
 *   claim is spent, it blocks or yields, or a higher-priority claimant becomes
 *   ready: that one wins at the very next sched_next(). A preempted claimant
 *   keeps its remaining claim and its place at the head of its priority.
 * - Fill phase: when no claimant is ready, all ready shares (spent claimants,
 *   shares without quota, everyone) take turns round robin in equal fill
 *   slices. A share runs on claim without losing its place in the fill
 *   rotation, so a share whose claim runs out simply continues there.
 * - Super period: when it ends (idle time counts too), the claims of all
 *   shares with quota are restored. The sum of all quotas never exceeds the
 *   super period (sched_set_quota refuses), so an always-ready share with
 *   quota q receives at least q per super period.
 *
 * A decision is O(1): the claim lists hold only claimants, a bit per
 * priority says which lists are non-empty, and the head of the highest is
 * the choice. Ready, unready, consumed and
 * yield are O(1); only the end of a super period touches every share with a
 * quota (once per super period).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include "list.h"

enum { SCHED_PRIORITIES = 8 }; /* 0 lowest .. 7 highest */
_Static_assert(SCHED_PRIORITIES <= 32, "scheduler: one bit of claim_bits per priority");

/*
 * Invariants (s is the scheduler the share is used with):
 * - ready <=> fill_node is in s->fills; then 0 < fill_left <= s->fill_slice.
 * - claim_node is in s->claims[priority] <=> ready and claim_left > 0.
 * - quota_node is in s->quotas <=> quota > 0 and the quota is admitted, i.e.
 *   counted in s->quota_sum (by sched_set_quota or the first sched_ready).
 * - claim_left <= quota.
 * - The idle share is in no list.
 */
struct sched_share {
	struct list_node fill_node;  /* s->fills while ready */
	struct list_node claim_node; /* s->claims[priority] while a ready claimant */
	struct list_node quota_node; /* s->quotas while its quota is admitted */
	unsigned priority;
	uint32_t quota;      /* claim per super period */
	uint32_t claim_left; /* rest of the claim in the current super period */
	uint32_t fill_left;  /* rest of the current fill slice, 0: fresh at ready */
	uint64_t consumed;   /* total CPU time charged to this share */
};

struct scheduler {
	struct list claims[SCHED_PRIORITIES]; /* ready claimants, FIFO per priority */
	uint32_t claim_bits;                  /* bit p set <=> claims[p] is not empty */
	uint32_t changes;            /* counts claim list, quota, slice and super period changes */
	struct list fills;           /* all ready shares, round robin */
	struct list quotas;          /* all admitted shares with quota > 0 */
	struct sched_share *idle;    /* runs when nobody is ready; never queued */
	struct sched_share *current; /* last decision (idle after its unready) */
	bool current_on_claim;       /* current runs on claim, not on fill */
	struct sched_share *aside;   /* a claimant that stepped aside: out of its claim list,
					claim kept, until time is charged to another share */
	uint32_t super_period;       /* length of a super period */
	uint32_t fill_slice;         /* length of a fill slice */
	uint32_t super_left;         /* rest of the current super period, > 0 */
	uint32_t quota_sum;          /* sum of admitted quotas <= super_period */
	uint64_t super_periods;      /* super periods completed */
};

void sched_init(struct scheduler *s, struct sched_share *idle, uint32_t super_period,
		uint32_t fill_slice);

/* The share is not yet known to any scheduler. A quota given here is admitted
 * at the first sched_ready (it must fit: kassert) and starts with a full claim;
 * quota 0 is always fine (quota can be given later with sched_set_quota). */
void sched_share_init(struct sched_share *share, unsigned priority, uint32_t quota);

/* Set the quota; false (nothing changed) if the sum of quotas would exceed the
 * super period. It takes effect at once: a cut clamps the claim of the
 * current super period to the quota, a raise adds its part of the rest of the
 * period to the claim. */
bool sched_set_quota(struct scheduler *s, struct sched_share *share, uint32_t quota);

/* Would a share with this quota, new to s, fit into its super period? */
bool sched_quota_fits(const struct scheduler *s, uint32_t quota);

/* The share is being destroyed: unready it and give back its quota. */
void sched_share_remove(struct scheduler *s, struct sched_share *share);

void sched_ready(struct scheduler *s, struct sched_share *share);
void sched_unready(struct scheduler *s, struct sched_share *share);
/* inline: the wake-up and block paths ask it for every thread they refresh */
static inline bool sched_is_ready(const struct sched_share *share)
{
	return list_node_linked(&share->fill_node);
}
/* What a sched_ready of a share without claim left, undone at once by
 * sched_unready, leaves behind: a fresh fill slice if it had none. For a
 * ready the kernel deferred and then took back (kernel.h). */
static inline void sched_ready_undone(const struct scheduler *s, struct sched_share *share)
{
	if (share->fill_left == 0)
		share->fill_left = s->fill_slice;
}

/* Give up the rest of the current claim (if the share is the current decision
 * and runs on claim: it stays at its place in the fill rotation), otherwise
 * the rest of the fill slice (to the back of the fill rotation, fresh slice). */
void sched_share_yield(struct scheduler *s, struct sched_share *share);

/* Let others run without giving up the claim: for a share that runs another
 * thread's work (a server helping its client) or core's, waiting for what
 * only another thread can do. If it is the current decision on claim, it
 * leaves its claim list, claim kept, until time has been charged to another
 * share; otherwise like sched_share_yield. */
void sched_share_step_aside(struct scheduler *s, struct sched_share *share);

/* Charge ticks to the current decision and advance the super period. */
void sched_consumed(struct scheduler *s, uint32_t ticks);

/* Decide; the result becomes s->current. */
struct sched_share *sched_next(struct scheduler *s);

/* The last decision and its slice still stand if s->changes is what it was
 * then (no claim list, quota, fill slice or super period changed; time
 * charged with sched_consumed shortens the slice no more than the time
 * that passed) and the decision would pick the same share again (shares
 * that became ready or unready meanwhile did not change the choice). */
bool sched_decision_stands(const struct scheduler *s, uint32_t changes_then);

/* Ticks until the next forced decision: the rest of the current claim or fill
 * slice, at most the rest of the super period (idle: the rest of it). */
uint32_t sched_current_slice_left(const struct scheduler *s);
