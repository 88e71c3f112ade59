/*
 * Invariant checker of the kernel's state (see kernel_check.h). Each check
 * returns NULL or the description of what is broken; the first broken
 * invariant ends the walk.
 */
#include <stdarg.h>
#include <stdio.h>
#include "../../src/kernel/kernel.h"
#include "../../src/kernel/signal.h"
#include "kernel_check.h"

enum { LIST_MAX = 1 << 16 }; /* longer lists are cycles */

static char report[256];

static const char *broken(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *broken(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(report, sizeof(report), fmt, ap);
	va_end(ap);
	return report;
}

#define CHECK(cond, ...)                            \
	do {                                        \
		if (!(cond))                        \
			return broken(__VA_ARGS__); \
	} while (0)

#define TRY(expr)                             \
	do {                                  \
		const char *failed_ = (expr); \
		if (failed_)                  \
			return failed_;       \
	} while (0)

#define EACH(n, l) for (const struct list_node *n = (l)->head.next; n != &(l)->head; n = n->next)

/* Links agree both ways and the list ends; *len gets its length. */
static const char *list_intact(const struct list *l, const char *what, unsigned *len)
{
	unsigned count = 0;

	CHECK(l->head.next && l->head.prev, "%s: list not initialised", what);
	EACH(n, l)
	{
		CHECK(n->next && n->prev, "%s: node with null links", what);
		CHECK(n->next->prev == n && n->prev->next == n, "%s: links disagree", what);
		CHECK(++count < LIST_MAX, "%s: list does not end", what);
	}
	if (len)
		*len = count;
	return NULL;
}

static bool on_list(const struct list *l, const struct list_node *node)
{
	EACH(n, l)
	if (n == node)
		return true;
	return false;
}

/* ---- membership in the world ---- */

#define MEMBER(name, type, array, count)                                     \
	static bool name(const struct kernel_world *w, const struct type *o) \
	{                                                                    \
		for (unsigned i = 0; i < w->count; i++)                      \
			if (w->array[i] == o)                                \
				return true;                                 \
		return false;                                                \
	}
MEMBER(is_pd, pd, pds, pd_count)
MEMBER(is_thread, thread, threads, thread_count)
MEMBER(is_id, identity, ids, id_count)
MEMBER(is_receiver, sig_receiver, receivers, receiver_count)
MEMBER(is_context, sig_context, contexts, context_count)
MEMBER(is_irq, irq, irqs, irq_count)

static bool runnable(const struct thread *t) { return t->state == THREAD_ACTIVE && !t->paused; }

static bool is_kobject(const struct kernel_world *w, const struct kobject *o)
{
	for (unsigned i = 0; i < w->thread_count; i++)
		if (&w->threads[i]->kobj == o)
			return true;
	for (unsigned i = 0; i < w->receiver_count; i++)
		if (&w->receivers[i]->kobj == o)
			return true;
	for (unsigned i = 0; i < w->context_count; i++)
		if (&w->contexts[i]->kobj == o)
			return true;
	return false;
}

/* ---- scheduler ---- */

static const char *check_share_of_world(const struct kernel_world *w, const struct sched_share *s,
					const char *list)
{
	struct thread *t = container_of(s, struct thread, share);
	CHECK(is_thread(w, t), "scheduler: %s holds a share of no known thread", list);
	CHECK(thread_constructed(t), "scheduler: %s holds thread \"%s\" in state %u", list, t->name,
	      t->state);
	return NULL;
}

static const char *check_scheduler(const struct kernel_world *w)
{
	const struct scheduler *s = &kernel.cpus[0].sched;
	uint64_t quota_sum        = 0;

	TRY(list_intact(&s->fills, "scheduler fills", NULL));
	EACH(n, &s->fills)
	{
		const struct sched_share *sh = container_of(n, struct sched_share, fill_node);
		TRY(check_share_of_world(w, sh, "fill list"));
		CHECK(sh->fill_left > 0 && sh->fill_left <= s->fill_slice,
		      "scheduler: ready share with fill_left %u", sh->fill_left);
	}
	for (unsigned p = 0; p < SCHED_PRIORITIES; p++) {
		TRY(list_intact(&s->claims[p], "scheduler claims", NULL));
		EACH(n, &s->claims[p])
		{
			const struct sched_share *sh =
			    container_of(n, struct sched_share, claim_node);
			TRY(check_share_of_world(w, sh, "claim list"));
			CHECK(sh->priority == p, "scheduler: priority %u share in claim list %u",
			      sh->priority, p);
			CHECK(sched_is_ready(sh) && sh->claim_left > 0,
			      "scheduler: claim list holds a share that is no ready claimant");
		}
		CHECK(!list_empty(&s->claims[p]) == !!(s->claim_bits & (1u << p)),
		      "scheduler: claim_bits disagrees with claim list %u", p);
	}
	TRY(list_intact(&s->quotas, "scheduler quotas", NULL));
	EACH(n, &s->quotas)
	{
		const struct sched_share *sh = container_of(n, struct sched_share, quota_node);
		TRY(check_share_of_world(w, sh, "quota list"));
		CHECK(sh->quota > 0, "scheduler: quota list holds a share without quota");
		quota_sum += sh->quota;
	}
	CHECK(quota_sum == s->quota_sum, "scheduler: quotas add up to %llu, quota_sum is %u",
	      (unsigned long long)quota_sum, s->quota_sum);
	CHECK(s->quota_sum <= s->super_period, "scheduler: quota_sum %u exceeds the super period",
	      s->quota_sum);
	CHECK(s->super_left > 0 && s->super_left <= s->super_period,
	      "scheduler: super_left %u out of range", s->super_left);
	CHECK(s->current == s->idle || sched_is_ready(s->current),
	      "scheduler: current share is neither idle nor ready");
	CHECK(!s->current_on_claim || s->current != s->idle, "scheduler: idle runs on claim");
	for (unsigned i = 0; i < kernel.cpu_count; i++) /* servers fast calls woke (kernel.h) */
		if (kernel.cpus[i].ready_deferred)
			TRY(check_share_of_world(w, kernel.cpus[i].ready_deferred,
						 "deferred ready"));
	return NULL;
}

/* A constructed thread's share: queued iff its executor can run, in the
 * claim list iff also a claimant; quota admitted iff positive. */
static const char *check_thread_share(const struct thread *t)
{
	const struct sched_share *s = &t->share;
	const struct thread *e      = t;

	for (unsigned hops = 0; e->state == THREAD_AWAITS_REPLY && !e->paused; hops++) {
		CHECK(hops < LIST_MAX && e->ipc_server,
		      "thread \"%s\": executor chain does not end", t->name);
		e = e->ipc_server;
	}
	/* a share helps only an executor of its own CPU; a server a fast call
	 * woke is ready in all but the lists (kernel.h, kernel_ready_defer) */
	bool deferred                 = t->cpu->ready_deferred == s;
	const struct scheduler *sched = &t->cpu->sched;
	CHECK(!deferred || !sched_is_ready(s), "thread \"%s\": deferred ready of a queued share",
	      t->name);
	CHECK(!deferred || s->claim_left == 0 ||
		  (sched->current_on_claim && s->priority <= sched->current->priority),
	      "thread \"%s\": deferred ready of a claimant that would win the decision", t->name);
	CHECK((sched_is_ready(s) || deferred) == (runnable(e) && e->cpu == t->cpu),
	      "thread \"%s\": ready %d, executor \"%s\" runnable %d", t->name, sched_is_ready(s),
	      e->name, runnable(e));
	CHECK(list_node_linked(&s->claim_node) ==
		  (sched_is_ready(s) && s->claim_left > 0 && kernel.cpus[0].sched.aside != s),
	      "thread \"%s\": claim list membership wrong (claim left %u)", t->name, s->claim_left);
	CHECK(s->claim_left <= s->quota, "thread \"%s\": claim %u above quota %u", t->name,
	      s->claim_left, s->quota);
	CHECK(s->priority < SCHED_PRIORITIES, "thread \"%s\": priority %u", t->name, s->priority);
	if (s->quota == 0)
		CHECK(!list_node_linked(&s->quota_node), "thread \"%s\": admitted without quota",
		      t->name);
	return NULL;
}

/* ---- threads ---- */

static const char *check_thread_ipc(const struct kernel_world *w, const struct thread *t)
{
	unsigned len;

	TRY(list_intact(&t->helpers, "helpers", NULL));
	EACH(n, &t->helpers)
	{
		const struct thread *c = container_of(n, struct thread, helper_node);
		CHECK(is_thread(w, c), "thread \"%s\": unknown helper", t->name);
		CHECK(c->state == THREAD_AWAITS_REPLY && c->ipc_server == t,
		      "thread \"%s\": helper \"%s\" does not call it", t->name, c->name);
	}
	TRY(list_intact(&t->ipc_queue, "ipc queue", NULL));
	EACH(n, &t->ipc_queue)
	{
		const struct thread *c = container_of(n, struct thread, ipc_node);
		CHECK(is_thread(w, c), "thread \"%s\": unknown caller queued", t->name);
		CHECK(c->state == THREAD_AWAITS_REPLY && c->ipc_server == t && c != t->ipc_client,
		      "thread \"%s\": queued caller \"%s\" does not wait for it", t->name, c->name);
	}
	if (t->ipc_client && t->state != THREAD_EXITED) {
		const struct thread *c = t->ipc_client;
		CHECK(is_thread(w, c), "thread \"%s\": serves an unknown client", t->name);
		CHECK(c->state == THREAD_AWAITS_REPLY && c->ipc_server == t &&
			  !list_node_linked(&c->ipc_node),
		      "thread \"%s\": client \"%s\" does not wait for its reply", t->name, c->name);
		CHECK(!t->ipc_client_gone, "thread \"%s\": client both present and gone", t->name);
	}
	CHECK(list_node_linked(&t->helper_node) == (t->state == THREAD_AWAITS_REPLY),
	      "thread \"%s\": helper link does not match state %u", t->name, t->state);
	if (list_node_linked(&t->ipc_node))
		CHECK(t->state == THREAD_AWAITS_REPLY, "thread \"%s\": queued but not calling",
		      t->name);
	if (t->state == THREAD_AWAITS_REPLY) {
		const struct thread *s = t->ipc_server;
		CHECK(is_thread(w, s) && thread_constructed(s),
		      "thread \"%s\": calls a thread that does not exist", t->name);
		CHECK(on_list(&s->helpers, &t->helper_node),
		      "thread \"%s\": not among its server's helpers", t->name);
		CHECK(list_node_linked(&t->ipc_node) ? on_list(&s->ipc_queue, &t->ipc_node)
						     : s->ipc_client == t,
		      "thread \"%s\": neither queued at nor served by \"%s\"", t->name, s->name);
	}
	if (t->state == THREAD_AWAITS_IPC)
		CHECK(list_empty(&t->ipc_queue) && !t->ipc_client,
		      "thread \"%s\": waits for a request while one is there", t->name);

	TRY(list_intact(&t->rcv_reserved, "reserved names", &len));
	CHECK(len == t->rcv_reserved_count, "thread \"%s\": %u names reserved, count says %u",
	      t->name, len, t->rcv_reserved_count);
	CHECK(t->rcv_names_count <= UTCB_MAX_CAPS, "thread \"%s\": %u names of its last receive",
	      t->name, t->rcv_names_count);
	CHECK(len <= UTCB_MAX_CAPS, "thread \"%s\": %u names reserved", t->name, len);
	EACH(n, &t->rcv_reserved)
	{
		const struct cap_name *c = container_of(n, struct cap_name, node);
		CHECK(c->state == CAP_RESERVED && c->pd == t->pd,
		      "thread \"%s\": reserved name %u is in state %u of another PD", t->name,
		      c->id, c->state);
	}
	return NULL;
}

static const char *check_thread_signals(const struct kernel_world *w, const struct thread *t)
{
	CHECK(list_node_linked(&t->sig_node) == (t->state == THREAD_AWAITS_SIGNAL),
	      "thread \"%s\": waiter link does not match state %u", t->name, t->state);
	if (t->state == THREAD_AWAITS_SIGNAL) {
		const struct sig_receiver *r = t->sig_receiver;
		CHECK(is_receiver(w, r) && r->state == SIG_RECEIVER_ACTIVE,
		      "thread \"%s\": waits at a receiver that does not exist", t->name);
		CHECK(on_list(&r->waiters, &t->sig_node), "thread \"%s\": not among the waiters",
		      t->name);
	}
	if (t->state == THREAD_AWAITS_SIG_KILL) {
		const struct sig_context *c = t->sig_killing;
		CHECK(is_context(w, c) && c->state == SIG_CONTEXT_ACTIVE && c->killer == t &&
			  c->awaits_ack,
		      "thread \"%s\": kills a context that does not wait for its ack", t->name);
	}
	if (t->pager)
		CHECK(is_context(w, t->pager) && (t->pager->state == SIG_CONTEXT_ACTIVE ||
						  t->pager->state == SIG_CONTEXT_KILLED),
		      "thread \"%s\": pager context does not exist", t->name);
	if (list_node_linked(&t->timeout.node))
		CHECK(is_context(w, t->timeout.ctx) && t->timeout.ctx->state != SIG_CONTEXT_INVALID,
		      "thread \"%s\": timeout for a context that does not exist", t->name);
	return NULL;
}

static const char *check_thread(const struct kernel_world *w, const struct thread *t)
{
	if (!thread_constructed(t)) {
		CHECK(!sched_is_ready(&t->share) && !list_node_linked(&t->share.quota_node),
		      "thread \"%s\" in state %u is still scheduled", t->name, t->state);
		CHECK(!list_node_linked(&t->timeout.node),
		      "thread \"%s\" in state %u has a timeout", t->name, t->state);
		return NULL;
	}
	CHECK(is_pd(w, t->pd) && t->pd->state == PD_ACTIVE, "thread \"%s\": its PD is not active",
	      t->name);
	CHECK(t->kobj.type == KOBJ_THREAD && t->kobj.owner == t->pd,
	      "thread \"%s\": object type %u or owner wrong", t->name, t->kobj.type);
	CHECK(!t->paused || !kernel_is_core(t), "core thread \"%s\" paused", t->name);
	TRY(check_thread_share(t));
	TRY(check_thread_ipc(w, t));
	return check_thread_signals(w, t);
}

/* ---- capabilities ---- */

static const char *check_name(const struct kernel_world *w, const struct pd *pd,
			      const struct cap_name *c, unsigned id, unsigned *free_names,
			      unsigned *reserved)
{
	CHECK(c->id == id && c->pd == pd, "PD %u: name %u has id %u or another PD", pd->asid, id,
	      c->id);
	if (id == 0)
		CHECK(c->state == CAP_DEAD, "PD %u: id 0 is usable", pd->asid);
	switch (c->state) {
	case CAP_FREE:
		(*free_names)++;
		CHECK(!c->identity, "PD %u: free name %u names an identity", pd->asid, id);
		return NULL;
	case CAP_RESERVED:
		(*reserved)++;
		CHECK(!c->identity, "PD %u: reserved name %u names an identity", pd->asid, id);
		return NULL;
	case CAP_DEAD:
		CHECK(!c->identity && !c->in_flight && !list_node_linked(&c->node),
		      "PD %u: dead name %u still linked", pd->asid, id);
		return NULL;
	case CAP_LIVE:
		CHECK(is_id(w, c->identity) && c->identity->state == IDENTITY_ACTIVE,
		      "PD %u: live name %u of an identity that is not active", pd->asid, id);
		CHECK(on_list(&c->identity->names, &c->node),
		      "PD %u: live name %u not on its identity's list", pd->asid, id);
		CHECK(cap_find(&pd->caps, c->identity) == id,
		      "PD %u: live name %u not found by its identity", pd->asid, id);
		return NULL;
	}
	return broken("PD %u: name %u in unknown state %u", pd->asid, id, c->state);
}

/* The hash chains hold exactly the PD's live names, each once, no cycle */
static const char *check_hash(const struct pd *pd, unsigned live)
{
	const struct cap_space *cs = &pd->caps;
	unsigned chained = 0, ids = cs->slabs * CAP_SLAB_NAMES;

	for (unsigned s = 0; s < cs->slabs; s++)
		for (unsigned b = 0; b < CAP_SLAB_BUCKETS; b++)
			for (unsigned i = cs->slab[s]->bucket[b]; i; chained++) {
				CHECK(i < ids && chained < ids, "PD %u: hash chain broken at %u",
				      pd->asid, i);
				const struct cap_name *c =
				    &cs->slab[i / CAP_SLAB_NAMES]->name[i % CAP_SLAB_NAMES];
				CHECK(c->state == CAP_LIVE,
				      "PD %u: hash chain holds name %u in state %u", pd->asid, i,
				      c->state);
				i = c->hash_next;
			}
	CHECK(chained == live, "PD %u: %u names in the hash chains, %u live", pd->asid, chained,
	      live);
	return NULL;
}

static const char *check_caps(const struct kernel_world *w, const struct pd *pd)
{
	const struct cap_space *cs = &pd->caps;
	unsigned listed = 0, free_names = 0, reserved = 0, reserving = 0;

	CHECK(cs->slabs <= CAP_SLABS_MAX, "PD %u: %u slabs", pd->asid, cs->slabs);
	for (unsigned s = 0; s < CAP_SLABS_MAX; s++) {
		unsigned in_slab;
		TRY(list_intact(&cs->free[s], "free names", &in_slab));
		EACH(n, &cs->free[s])
		{
			const struct cap_name *c = container_of(n, struct cap_name, node);
			CHECK(c->state == CAP_FREE && c->pd == pd && c->id / CAP_SLAB_NAMES == s,
			      "PD %u: free list of slab %u holds name %u in state %u", pd->asid, s,
			      c->id, c->state);
		}
		CHECK(!(cs->free_slabs >> s & 1) == !in_slab,
		      "PD %u: slab %u has %u free names, its bit says otherwise", pd->asid, s,
		      in_slab);
		CHECK(s < cs->slabs || !in_slab, "PD %u: free names in slab %u of %u", pd->asid, s,
		      cs->slabs);
		listed += in_slab;
	}
	CHECK(listed == cs->free_count, "PD %u: %u names on the free lists, free_count %u",
	      pd->asid, listed, cs->free_count);
	for (unsigned s = 0; s < cs->slabs; s++)
		for (unsigned i = 0; i < CAP_SLAB_NAMES; i++)
			TRY(check_name(w, pd, &cs->slab[s]->name[i], s * CAP_SLAB_NAMES + i,
				       &free_names, &reserved));
	CHECK(free_names == cs->free_count, "PD %u: %u free names, free_count %u", pd->asid,
	      free_names, cs->free_count);
	unsigned live = 0;
	for (unsigned s = 0; s < cs->slabs; s++)
		for (unsigned i = 0; i < CAP_SLAB_NAMES; i++)
			live += cs->slab[s]->name[i].state == CAP_LIVE;
	TRY(check_hash(pd, live));
	for (unsigned i = 0; i < w->thread_count; i++)
		if (thread_constructed(w->threads[i]) && w->threads[i]->pd == pd)
			reserving += w->threads[i]->rcv_reserved_count;
	CHECK(reserved == reserving, "PD %u: %u reserved names, its threads reserved %u", pd->asid,
	      reserved, reserving);
	return NULL;
}

static const char *check_pds(const struct kernel_world *w)
{
	unsigned active_user = 0, asids = 0;

	for (unsigned i = 0; i < w->pd_count; i++) {
		const struct pd *pd = w->pds[i];
		unsigned threads    = 0;
		for (unsigned t = 0; t < w->thread_count; t++)
			threads += thread_constructed(w->threads[t]) && w->threads[t]->pd == pd;
		if (pd->state != PD_ACTIVE) {
			CHECK(threads == 0, "inactive PD holds %u threads", threads);
			continue;
		}
		/* the idle thread lives in core's PD but is no member of the world */
		if (pd == &kernel.core_pd)
			threads++;
		CHECK(threads == pd->thread_count, "PD %u: %u threads, thread_count %u", pd->asid,
		      threads, pd->thread_count);
		TRY(check_caps(w, pd));
		if (pd == &kernel.core_pd)
			continue;
		active_user++;
		CHECK(pd->asid > 0 && pd->asid < KERNEL_ASIDS &&
			  (kernel.asid_used[pd->asid / 32] >> (pd->asid % 32) & 1),
		      "PD with ASID %u not allocated", pd->asid);
		for (unsigned j = 0; j < i; j++)
			CHECK(w->pds[j]->state != PD_ACTIVE || w->pds[j]->asid != pd->asid,
			      "ASID %u used twice", pd->asid);
	}
	for (unsigned a = 0; a < KERNEL_ASIDS; a++)
		asids += (kernel.asid_used[a / 32] >> (a % 32)) & 1;
	CHECK(asids == active_user, "%u ASIDs allocated for %u active user PDs", asids,
	      active_user);
	return NULL;
}

static const char *check_identity(const struct kernel_world *w, const struct identity *id)
{
	if (id->state != IDENTITY_ACTIVE) {
		CHECK(id->state != IDENTITY_DESTROYED || !id->object,
		      "destroyed identity still names an object");
		return NULL;
	}
	const struct kobject *o = id->object;
	CHECK(is_kobject(w, o) && o->type != KOBJ_NONE,
	      "identity of an object that does not exist");
	CHECK(on_list(&o->identities, &id->object_node), "identity not on its object's list");
	TRY(list_intact(&id->names, "identity names", NULL));
	bool badge_found = false;
	EACH(n, &id->names)
	{
		const struct cap_name *c = container_of(n, struct cap_name, node);
		CHECK(is_pd(w, c->pd) && c->pd->state == PD_ACTIVE,
		      "identity named by a PD that is not active");
		CHECK(c->state == CAP_LIVE && c->identity == id,
		      "identity's list holds name %u in state %u", c->id, c->state);
		EACH(m, &id->names)
		if (m != n)
			CHECK(container_of(m, struct cap_name, node)->pd != c->pd,
			      "identity has two names in PD %u", c->pd->asid);
		if (o->owner == c->pd) {
			CHECK(id->badge == c->id, "badge %u, the owner's name is %u", id->badge,
			      c->id);
			badge_found = true;
		}
	}
	CHECK(badge_found || id->badge == 0, "badge %u but the owner PD has no name", id->badge);
	return NULL;
}

static const char *check_kobject(const struct kernel_world *w, const struct kobject *o)
{
	if (o->type == KOBJ_NONE)
		return NULL;
	TRY(list_intact(&o->identities, "object identities", NULL));
	EACH(n, &o->identities)
	{
		const struct identity *id = container_of(n, struct identity, object_node);
		CHECK(is_id(w, id) && id->state == IDENTITY_ACTIVE && id->object == o,
		      "object lists an identity that does not name it");
	}
	return NULL;
}

/* ---- signals and IRQs ---- */

static const char *check_receiver(const struct kernel_world *w, const struct sig_receiver *r)
{
	if (r->state != SIG_RECEIVER_ACTIVE) {
		CHECK(r->kobj.type == KOBJ_NONE, "receiver in state %u is still an object",
		      r->state);
		return NULL;
	}
	CHECK(r->kobj.type == KOBJ_SIG_RECEIVER, "receiver object type %u", r->kobj.type);
	TRY(list_intact(&r->pending, "pending contexts", NULL));
	TRY(list_intact(&r->waiters, "signal waiters", NULL));
	TRY(list_intact(&r->contexts, "receiver contexts", NULL));
	CHECK(list_empty(&r->pending) || list_empty(&r->waiters),
	      "receiver has pending contexts and waiting threads");
	EACH(n, &r->pending)
	{
		const struct sig_context *c = container_of(n, struct sig_context, pending_node);
		CHECK(is_context(w, c) && c->receiver == r, "pending context of another receiver");
	}
	EACH(n, &r->waiters)
	{
		const struct thread *t = container_of(n, struct thread, sig_node);
		CHECK(is_thread(w, t) && t->state == THREAD_AWAITS_SIGNAL && t->sig_receiver == r,
		      "waiter that does not wait here");
	}
	EACH(n, &r->contexts)
	{
		const struct sig_context *c = container_of(n, struct sig_context, receiver_node);
		CHECK(is_context(w, c) && c->receiver == r && c->state != SIG_CONTEXT_INVALID,
		      "receiver lists a context that is not bound to it");
	}
	return NULL;
}

static unsigned pager_users(const struct kernel_world *w, const struct sig_context *c)
{
	unsigned n = 0;
	for (unsigned i = 0; i < w->thread_count; i++)
		n += thread_constructed(w->threads[i]) && w->threads[i]->pager == c;
	return n;
}

static const char *check_context(const struct kernel_world *w, const struct sig_context *c)
{
	if (c->state == SIG_CONTEXT_INVALID) {
		CHECK(c->kobj.type == KOBJ_NONE && pager_users(w, c) == 0,
		      "destroyed context still in use");
		return NULL;
	}
	CHECK(c->kobj.type == KOBJ_SIG_CONTEXT, "context object type %u", c->kobj.type);
	CHECK(is_receiver(w, c->receiver) && c->receiver->state == SIG_RECEIVER_ACTIVE &&
		  on_list(&c->receiver->contexts, &c->receiver_node),
	      "context not bound to an active receiver");
	bool deliverable = c->state == SIG_CONTEXT_ACTIVE && c->count > 0 && !c->awaits_ack;
	CHECK(list_node_linked(&c->pending_node) == deliverable,
	      "context pending %d, deliverable %d (state %u count %u awaits_ack %d)",
	      list_node_linked(&c->pending_node), deliverable, c->state, c->count, c->awaits_ack);
	if (c->killer)
		CHECK(c->state == SIG_CONTEXT_ACTIVE && is_thread(w, c->killer) &&
			  c->killer->state == THREAD_AWAITS_SIG_KILL && c->killer->sig_killing == c,
		      "context's killer does not wait for it");
	if (c->irq)
		CHECK(is_irq(w, c->irq) && c->irq->state == IRQ_ACTIVE && c->irq->ctx == c,
		      "context bound to an IRQ that does not name it");
	CHECK(c->pager_refs == pager_users(w, c), "context pager_refs %u, %u threads use it",
	      c->pager_refs, pager_users(w, c));
	return NULL;
}

static const char *check_irqs(const struct kernel_world *w)
{
	for (unsigned l = 0; l < IRQ_LINES; l++) {
		const struct irq *irq = kernel.irqs[l];
		if (irq)
			CHECK(is_irq(w, irq) && irq->state == IRQ_ACTIVE && irq->line == l,
			      "line %u owned by an IRQ that does not exist", l);
	}
	for (unsigned i = 0; i < w->irq_count; i++) {
		const struct irq *irq = w->irqs[i];
		if (irq->state != IRQ_ACTIVE)
			continue;
		CHECK(irq->line < IRQ_LINES && kernel.irqs[irq->line] == irq,
		      "active IRQ does not own its line %u", irq->line);
		if (irq->ctx)
			CHECK(is_context(w, irq->ctx) && irq->ctx->irq == irq &&
				  irq->ctx->state != SIG_CONTEXT_INVALID,
			      "IRQ bound to a context that does not name it");
	}
	return NULL;
}

static const char *check_timeouts(const struct kernel_world *w)
{
	uint64_t last = 0;

	TRY(list_intact(&kernel.cpus[0].timeouts, "timeouts", NULL));
	EACH(n, &kernel.cpus[0].timeouts)
	{
		const struct timeout *t = container_of(n, struct timeout, node);
		bool known              = false;
		for (unsigned i = 0; i < w->thread_count; i++)
			known |= &w->threads[i]->timeout == t && thread_constructed(w->threads[i]);
		CHECK(known, "armed timeout of no constructed thread");
		CHECK(t->deadline >= last, "timeouts not sorted by deadline");
		last = t->deadline;
	}
	return NULL;
}

const char *kernel_check(const struct kernel_world *w)
{
	TRY(check_scheduler(w));
	TRY(check_pds(w));
	for (unsigned i = 0; i < w->thread_count; i++) {
		TRY(check_thread(w, w->threads[i]));
		TRY(check_kobject(w, &w->threads[i]->kobj));
	}
	for (unsigned i = 0; i < w->id_count; i++)
		TRY(check_identity(w, w->ids[i]));
	for (unsigned i = 0; i < w->receiver_count; i++) {
		TRY(check_receiver(w, w->receivers[i]));
		TRY(check_kobject(w, &w->receivers[i]->kobj));
	}
	for (unsigned i = 0; i < w->context_count; i++) {
		TRY(check_context(w, w->contexts[i]));
		TRY(check_kobject(w, &w->contexts[i]->kobj));
	}
	TRY(check_irqs(w));
	return check_timeouts(w);
}
