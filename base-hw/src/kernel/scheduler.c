/*
 * Quota-bound priority scheduler (see scheduler.h for the model, the
 * contract and the list invariants).
 */
#include "scheduler.h"
#include "kernel.h"

static uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }

static struct sched_share *share_of_claim(struct list_node *n)
{
	return container_of(n, struct sched_share, claim_node);
}

static struct sched_share *share_of_fill(struct list_node *n)
{
	return container_of(n, struct sched_share, fill_node);
}

/* The claim lists change only here: claim_bits keeps one bit per non-empty
 * list, so that a decision finds the highest claimant with one clz. */
static void claim_link(struct scheduler *s, struct sched_share *share)
{
	if (s->aside == share) /* back early (a new super period, a new quota) */
		s->aside = NULL;
	list_push_back(&s->claims[share->priority], &share->claim_node);
	s->claim_bits |= 1u << share->priority;
	s->changes++;
}

static void claim_unlink(struct scheduler *s, struct sched_share *share)
{
	list_remove(&share->claim_node);
	if (list_empty(&s->claims[share->priority]))
		s->claim_bits &= ~(1u << share->priority);
	s->changes++;
}

void sched_init(struct scheduler *s, struct sched_share *idle, uint32_t super_period,
		uint32_t fill_slice)
{
	kassert(fill_slice > 0, "sched_init: fill slice must be positive");
	kassert(super_period > 0, "sched_init: super period must be positive");
	for (unsigned p = 0; p < SCHED_PRIORITIES; p++)
		list_init(&s->claims[p]);
	s->claim_bits = 0;
	s->changes    = 0;
	s->aside      = NULL;
	list_init(&s->fills);
	list_init(&s->quotas);
	s->idle             = idle;
	s->current          = idle;
	s->current_on_claim = false;
	s->super_period     = super_period;
	s->fill_slice       = fill_slice;
	s->super_left       = super_period;
	s->quota_sum        = 0;
	s->super_periods    = 0;
}

void sched_share_init(struct sched_share *share, unsigned priority, uint32_t quota)
{
	kassert(priority < SCHED_PRIORITIES, "sched_share_init: priority out of range");
	list_node_init(&share->fill_node);
	list_node_init(&share->claim_node);
	list_node_init(&share->quota_node);
	share->priority   = priority;
	share->quota      = quota;
	share->claim_left = quota;
	share->fill_left  = 0;
	share->consumed   = 0;
}

static bool sched_admitted(const struct sched_share *share)
{
	return list_node_linked(&share->quota_node);
}

/* Put a ready share with claim left at the back of its claim list. */
static void sched_claim_enqueue(struct scheduler *s, struct sched_share *share)
{
	if (share->claim_left > 0 && sched_is_ready(share) && !list_node_linked(&share->claim_node))
		claim_link(s, share);
}

/* Set the remaining claim; a spent claim leaves the claim list. */
static void sched_claim_set(struct scheduler *s, struct sched_share *share, uint32_t claim)
{
	share->claim_left = claim;
	if (claim == 0 && list_node_linked(&share->claim_node))
		claim_unlink(s, share);
	else
		sched_claim_enqueue(s, share);
}

/* A quota takes effect at once: a raise adds its part of the rest of the
 * current super period to the claim (so the claims granted in this period
 * still fit in it, as the sum of quotas fits in a whole one), a cut clamps
 * the claim. Waiting for the next super period would leave a newly started
 * component on the fill until then. */
bool sched_set_quota(struct scheduler *s, struct sched_share *share, uint32_t quota)
{
	kassert(share != s->idle, "sched_set_quota: idle has no quota");
	uint32_t old    = share->quota;
	uint32_t others = s->quota_sum - (sched_admitted(share) ? old : 0);

	if (quota > s->super_period - others)
		return false;
	s->changes++;
	s->quota_sum = others + quota;
	if (sched_admitted(share) && quota == 0)
		list_remove(&share->quota_node);
	else if (!sched_admitted(share) && quota > 0)
		list_push_back(&s->quotas, &share->quota_node);
	share->quota   = quota;
	uint32_t claim = min_u32(share->claim_left, quota);
	if (quota > old)
		claim = min_u32(quota, claim + (uint32_t)((uint64_t)(quota - old) * s->super_left /
							  s->super_period));
	sched_claim_set(s, share, claim);
	return true;
}

bool sched_quota_fits(const struct scheduler *s, uint32_t quota)
{
	return quota <= s->super_period - s->quota_sum;
}

void sched_share_remove(struct scheduler *s, struct sched_share *share)
{
	kassert(share != s->idle, "sched_share_remove: idle is never removed");
	sched_unready(s, share);
	bool ok = sched_set_quota(s, share, 0); /* giving back always fits */
	kassert(ok, "sched_share_remove: quota sum broken");
}

/* A share's quota joins the sum when it first becomes ready. */
static void sched_admit(struct scheduler *s, struct sched_share *share)
{
	if (share->quota == 0 || sched_admitted(share))
		return;
	kassert(share->quota <= s->super_period - s->quota_sum,
		"sched_ready: quota exceeds the free part of the super period");
	s->quota_sum += share->quota;
	list_push_back(&s->quotas, &share->quota_node);
}

void sched_ready(struct scheduler *s, struct sched_share *share)
{
	kassert(share != s->idle, "sched_ready: idle is never queued");
	if (sched_is_ready(share))
		return;
	sched_admit(s, share);
	if (share->fill_left == 0)
		share->fill_left = s->fill_slice;
	list_push_back(&s->fills, &share->fill_node);
	sched_claim_enqueue(s, share);
}

void sched_unready(struct scheduler *s, struct sched_share *share)
{
	if (s->aside == share)
		s->aside = NULL; /* its claim rejoins at its next ready */
	if (sched_is_ready(share))
		list_remove(&share->fill_node);
	if (list_node_linked(&share->claim_node))
		claim_unlink(s, share);
	if (s->current == share) {
		s->current          = s->idle;
		s->current_on_claim = false;
	}
}

/* To the back of the fill rotation with a fresh slice. */
static void sched_fill_rotate(struct scheduler *s, struct sched_share *share)
{
	share->fill_left = s->fill_slice;
	s->changes++;
	if (sched_is_ready(share)) {
		list_remove(&share->fill_node);
		list_push_back(&s->fills, &share->fill_node);
	}
}

void sched_share_yield(struct scheduler *s, struct sched_share *share)
{
	kassert(share != s->idle, "sched_share_yield: idle never yields");
	if (share == s->current && s->current_on_claim)
		sched_claim_set(s, share, 0);
	else
		sched_fill_rotate(s, share);
}

void sched_share_step_aside(struct scheduler *s, struct sched_share *share)
{
	kassert(share != s->idle, "sched_share_step_aside: idle never yields");
	/* not deciding on claim (its claim may have been spent since) */
	if (share != s->current || !s->current_on_claim || !list_node_linked(&share->claim_node)) {
		sched_fill_rotate(s, share);
		return;
	}
	if (s->aside)
		sched_claim_enqueue(s, s->aside);
	claim_unlink(s, share);
	s->aside = share;
}

/* Restore the claims of all shares with quota; spent claimants that are
 * ready rejoin the back of their claim list. */
static void sched_super_period_end(struct scheduler *s)
{
	for (struct list_node *n = s->quotas.head.next; n != &s->quotas.head; n = n->next) {
		struct sched_share *share = container_of(n, struct sched_share, quota_node);
		sched_claim_set(s, share, share->quota);
	}
	s->super_periods++;
	s->changes++;
}

/* The end of a super period; a late timer ends it at most once and keeps
 * the next one aligned to the time that really passed. Apart from the
 * common path of every slow entry (sched_consumed), so that this path
 * saves no registers for it. */
static __attribute__((noinline, cold)) void sched_super_period_over(struct scheduler *s,
								    uint32_t ticks)
{
	uint32_t late = (ticks - s->super_left) % s->super_period;
	s->super_left = s->super_period - late;
	sched_super_period_end(s);
}

/* The rarer turns of sched_consumed: a share back from stepping aside, a
 * claim spent or unlinked, a fill slice over */
static __attribute__((noinline)) void sched_consumed_slow(struct scheduler *s,
							  struct sched_share *cur, uint32_t ticks)
{
	if (s->aside && s->aside != cur) { /* another share ran: the claim is back */
		sched_claim_enqueue(s, s->aside);
		s->aside = NULL;
	}
	if (cur == s->idle)
		return;
	if (s->current_on_claim)
		sched_claim_set(s, cur, cur->claim_left - min_u32(ticks, cur->claim_left));
	else if (ticks >= cur->fill_left)
		sched_fill_rotate(s, cur);
	else
		cur->fill_left -= ticks;
}

void sched_consumed(struct scheduler *s, uint32_t ticks)
{
	struct sched_share *cur = s->current;

	cur->consumed += ticks;
	/* the common case: nothing aside, the current share's claim or slice
	 * goes on, the super period too */
	uint32_t *left = s->current_on_claim ? &cur->claim_left : &cur->fill_left;
	if (!s->aside && cur != s->idle && ticks < *left &&
	    (!s->current_on_claim || list_node_linked(&cur->claim_node)))
		*left -= ticks;
	else
		sched_consumed_slow(s, cur, ticks);
	if (ticks < s->super_left)
		s->super_left -= ticks;
	else
		sched_super_period_over(s, ticks);
}

/* The decision as it would be now: the first claimant of the highest
 * priority, else the head of the fill rotation, else idle. */
static struct sched_share *sched_choice(const struct scheduler *s, bool *on_claim)
{
	*on_claim = s->claim_bits != 0;
	if (*on_claim)
		return share_of_claim(list_first(&s->claims[31 - __builtin_clz(s->claim_bits)]));
	struct list_node *n = list_first(&s->fills);
	return n ? share_of_fill(n) : s->idle;
}

struct sched_share *sched_next(struct scheduler *s)
{
	s->current = sched_choice(s, &s->current_on_claim);
	return s->current;
}

bool sched_decision_stands(const struct scheduler *s, uint32_t changes_then)
{
	bool on_claim;

	return s->changes == changes_then && sched_choice(s, &on_claim) == s->current &&
	       on_claim == s->current_on_claim;
}

uint32_t sched_current_slice_left(const struct scheduler *s)
{
	const struct sched_share *cur = s->current;

	if (cur == s->idle)
		return s->super_left;
	return min_u32(s->current_on_claim ? cur->claim_left : cur->fill_left, s->super_left);
}
