/*
 * Priority round-robin scheduler (see scheduler.h for the contract).
 */
#include "scheduler.h"
#include "kernel.h"

void sched_init(struct scheduler *s, struct sched_share *idle, uint32_t slice)
{
	kassert(slice > 0, "sched_init: slice must be positive");
	for (unsigned p = 0; p < SCHED_PRIORITIES; p++)
		list_init(&s->ready[p]);
	s->idle    = idle;
	s->current = idle;
	s->slice   = slice;
}

void sched_share_init(struct sched_share *share, unsigned priority)
{
	kassert(priority < SCHED_PRIORITIES, "sched_share_init: priority out of range");
	list_node_init(&share->node);
	share->priority   = priority;
	share->slice_left = 0;
	share->consumed   = 0;
}

bool sched_is_ready(const struct sched_share *share) { return list_node_linked(&share->node); }

void sched_ready(struct scheduler *s, struct sched_share *share)
{
	kassert(share != s->idle, "sched_ready: idle is never queued");
	if (sched_is_ready(share))
		return;
	if (share->slice_left == 0)
		share->slice_left = s->slice;
	list_push_back(&s->ready[share->priority], &share->node);
}

void sched_unready(struct scheduler *s, struct sched_share *share)
{
	if (sched_is_ready(share))
		list_remove(&share->node);
	if (s->current == share)
		s->current = s->idle;
}

/* Move to the end of its queue with a fresh slice. */
static void sched_rotate(struct scheduler *s, struct sched_share *share)
{
	share->slice_left = s->slice;
	if (sched_is_ready(share)) {
		list_remove(&share->node);
		list_push_back(&s->ready[share->priority], &share->node);
	}
}

void sched_share_yield(struct scheduler *s, struct sched_share *share) { sched_rotate(s, share); }

/* Charge time to the current share; an expired slice sends it to the back. */
void sched_consumed(struct scheduler *s, uint32_t ticks)
{
	struct sched_share *cur = s->current;

	cur->consumed += ticks;
	if (cur == s->idle)
		return;
	if (ticks >= cur->slice_left)
		sched_rotate(s, cur);
	else
		cur->slice_left -= ticks;
}

struct sched_share *sched_next(struct scheduler *s)
{
	for (unsigned p = SCHED_PRIORITIES; p-- > 0;) {
		struct list_node *n = list_first(&s->ready[p]);
		if (n) {
			s->current = container_of(n, struct sched_share, node);
			return s->current;
		}
	}
	s->current = s->idle;
	return s->idle;
}

uint32_t sched_current_slice_left(const struct scheduler *s)
{
	return s->current == s->idle ? s->slice : s->current->slice_left;
}
