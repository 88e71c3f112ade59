/*
 * A fuzzing thread: random kernel calls until fuzz.calls are made by all
 * threads together. Each call gets an id (every common one, weighted; every
 * core-only one; unknown ones), arguments of the shape it expects or random
 * words, and a random UTCB header and payload. Pointers go into a scratch
 * buffer of its own, its code (read-only), its UTCB, unmapped memory and
 * the kernel. Capability ids come from the pool or are forged; protected
 * ids are never used (fuzz.h). Each result is counted per id; a call with a
 * forged id that did not fail with INVALID_CAP, and a received capability
 * that was never given, mark the id as touched for the final check.
 */
#include <kernel/call.h>
#include <kernel/utcb.h>
#include "fuzz.h"

enum { SCRATCH = 4 * 4096, NONE = 0xffffffffu };

/* what cache maintenance may clean and discard: nothing anyone needs */
static uint8_t scratch[SCRATCH] __attribute__((aligned(4096)));

static uint32_t rnd(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

static uint32_t below(uint32_t *s, uint32_t n) { return rnd(s) % n; }

/* Weights of the common calls (of 1024 for all ids; the rest below) */
static const uint16_t common_weight[KCALL_COMMON_LAST + 1] = {
	[KCALL_PRINT] = 2,           [KCALL_THREAD_YIELD] = 30,
	[KCALL_THREAD_EXIT] = 2,     [KCALL_TIME] = 20,
	[KCALL_RPC_CALL] = 80,       [KCALL_RPC_WAIT] = 30,
	[KCALL_RPC_REPLY] = 40,      [KCALL_RPC_REPLY_AND_WAIT] = 30,
	[KCALL_SIG_SUBMIT] = 60,     [KCALL_SIG_WAIT] = 30,
	[KCALL_SIG_PENDING] = 40,    [KCALL_SIG_ACK] = 50,
	[KCALL_SIG_KILL] = 4,        [KCALL_CAP_ACK] = 40,
	[KCALL_CAP_DELETE] = 16,     [KCALL_THREAD_STOP] = 10,
	[KCALL_THREAD_RESTART] = 40, [KCALL_TIMEOUT] = 40,
	[KCALL_THREAD_TIME] = 20,    [KCALL_CACHE_CLEAN_INV] = 20,
	[KCALL_CACHE_INV] = 20,      [KCALL_CACHE_COHERENT] = 20,
	[KCALL_TIME_NS] = 20,        [KCALL_SIG_ACK_WAIT] = 30,
};
enum { CORE_ONLY_WEIGHT = 200, WEIGHTS = 1024 };

static uint32_t pick_id(uint32_t *s)
{
	uint32_t w = below(s, WEIGHTS);

	for (uint32_t id = 0; id <= KCALL_COMMON_LAST; id++) {
		if (w < common_weight[id])
			return id;
		w -= common_weight[id];
	}
	if (w < CORE_ONLY_WEIGHT)
		return KCALL_CORE_FIRST + below(s, KCALL_CORE_LAST - KCALL_CORE_FIRST + 1);
	switch (below(s, 4)) { /* unknown */
	case 0:
		return below(s, 2) ? 0
				   : KCALL_COMMON_LAST + 1 +
					 below(s, KCALL_CORE_FIRST - KCALL_COMMON_LAST - 1);
	case 1: return KCALL_CORE_LAST + 1 + below(s, 1000);
	default: return rnd(s) > KCALL_CORE_LAST ? rnd(s) | 0x100 : 0xffffffffu;
	}
}

static uint32_t pool_cap(uint32_t *s)
{
	switch (below(s, 4)) {
	case 0: return fuzz.thread_cap[below(s, fuzz.threads)];
	case 1: return fuzz.rpc_cap[below(s, FUZZ_RPC_OBJECTS)];
	case 2: return fuzz.receiver_cap[below(s, FUZZ_RECEIVERS)];
	default: return fuzz.context_cap[below(s, FUZZ_CONTEXTS)];
	}
}

/* A capability id: from the pool or forged, never a protected one */
static uint32_t pick_cap(uint32_t *s)
{
	uint32_t id;

	switch (below(s, 16)) {
	case 0:
	case 1:
	case 2: id = below(s, FUZZ_IDS); break;
	case 3: id = rnd(s); break;
	case 4: id = 0; break;
	case 5:
	case 6: id = 1 + below(s, 255); break;
	default: id = pool_cap(s); break;
	}
	return fuzz_bit(fuzz.protected, id) ? pool_cap(s) : id;
}

static uint32_t pick_pointer(uint32_t *s, struct utcb *u)
{
	switch (below(s, 8)) {
	case 0: return (uint32_t)(uintptr_t)scratch + below(s, SCRATCH);
	case 1: return (uint32_t)(uintptr_t)pick_id + below(s, 256); /* code */
	case 2: return (uint32_t)(uintptr_t)u + below(s, UTCB_SIZE);
	case 3: return 0x20000000u + below(s, 0x100000);   /* unmapped */
	case 4: return 0x80000000u + rnd(s) % 0x7fffffffu; /* kernel */
	case 5: return 0;
	case 6: return 0xfffff000u + below(s, 0x1000);
	default: return rnd(s);
	}
}

static uint32_t pick_size(uint32_t *s)
{
	switch (below(s, 6)) {
	case 0: return 0;
	case 1: return 1 + below(s, 64);
	case 2: return 4096;
	case 3: return SCRATCH;
	case 4: return below(s, 0x100000);
	default: return rnd(s);
	}
}

static uint32_t pick_word(uint32_t *s, struct utcb *u)
{
	switch (below(s, 5)) {
	case 0: return 0;
	case 1: return below(s, 8);
	case 2: return pick_cap(s);
	case 3: return pick_pointer(s, u);
	default: return rnd(s);
	}
}

static void pick_args(uint32_t *s, struct utcb *u, uint32_t id, uint32_t *a)
{
	for (unsigned i = 1; i < 6; i++)
		a[i] = pick_word(s, u);
	if (below(s, 4) == 0)
		return; /* any words */
	switch (id) {
	case KCALL_PRINT:
		a[1] = (rnd(s) & ~0xffu) | (below(s, 8) ? 'a' + below(s, 26) : '\n');
		return;
	case KCALL_RPC_CALL: a[2] = below(s, UTCB_MAX_CAPS + 2); break;
	case KCALL_RPC_WAIT:
	case KCALL_RPC_REPLY_AND_WAIT: a[1] = below(s, UTCB_MAX_CAPS + 2); return;
	case KCALL_SIG_SUBMIT: a[2] = below(s, 8) ? 1 + below(s, 3) : rnd(s); break;
	case KCALL_SIG_ACK_WAIT: a[2] = pick_cap(s); break;
	case KCALL_TIMEOUT:
		a[1] = below(s, 8) ? below(s, 2000) : rnd(s);
		a[2] = pick_cap(s);
		return;
	case KCALL_CACHE_CLEAN_INV:
	case KCALL_CACHE_INV:
	case KCALL_CACHE_COHERENT:
		a[1] = pick_pointer(s, u);
		a[2] = pick_size(s);
		return;
	}
	a[1] = pick_cap(s);
}

/* The message the thread prepared: a random header, ids, some payload */
static void fill_utcb(uint32_t *s, struct utcb *u)
{
	if (below(s, 2))
		return; /* as the last call left it */
	switch (below(s, 4)) {
	case 0: u->data_size = 0; break;
	case 1: u->data_size = below(s, 65); break;
	case 2: u->data_size = UTCB_DATA_SIZE + below(s, 2); break;
	default: u->data_size = below(s, 2) ? below(s, UTCB_DATA_SIZE) : rnd(s); break;
	}
	u->cap_count = below(s, 8) ? below(s, UTCB_MAX_CAPS + 1) : rnd(s);
	for (unsigned i = 0; i < UTCB_MAX_CAPS; i++)
		u->caps[i] = (uint16_t)pick_cap(s);
	u->badge = rnd(s);
	for (unsigned i = below(s, 8); i; i--)
		u->data[below(s, UTCB_DATA_SIZE)] = (uint8_t)rnd(s);
}

static void touched(uint32_t cap)
{
	if (cap > 0xffff)
		__atomic_add_fetch(&fuzz.wide_touched, 1, __ATOMIC_RELAXED);
	else
		fuzz_set(fuzz.touched, cap);
}

/* What came back: a kernel result, a time, or garbage */
static unsigned outcome(uint32_t id, uint32_t r0)
{
	if (id == KCALL_TIME || id == KCALL_THREAD_TIME || id == KCALL_TIME_NS)
		return FUZZ_VALUE;
	return r0 <= KERNEL_DESTROYED ? r0 : FUZZ_BAD;
}

/* Capabilities a message brought must have been given before */
static void check_received(uint32_t id, uint32_t r0, const struct utcb *u)
{
	if (r0 != KERNEL_OK ||
	    (id != KCALL_RPC_CALL && id != KCALL_RPC_WAIT && id != KCALL_RPC_REPLY_AND_WAIT))
		return;
	for (uint32_t i = 0; i < u->cap_count && i < UTCB_MAX_CAPS; i++)
		if (u->caps[i] && !fuzz_bit(fuzz.given, u->caps[i]))
			touched(u->caps[i]);
}

static void one_call(struct fuzz_thread *t, struct utcb *u, uint32_t *s, uint32_t id)
{
	uint32_t a[6] = { id };

	pick_args(s, u, id, a);
	unsigned c = kernel_call_cap_arg(id, a[1]);
	if (c && fuzz_bit(fuzz.protected, a[c]))
		a[c] = pool_cap(s);
	bool forged = c && !fuzz_bit(fuzz.given, a[c]);
	fill_utcb(s, u);

	struct kernel_call_ret r = kernel_call(id, a[1], a[2], a[3], a[4], a[5]);
	t->stats[fuzz_bucket(id)][outcome(id, r.r0)]++;
	if (forged && r.r0 != KERNEL_INVALID_CAP)
		touched(a[c]);
	check_received(id, r.r0, u);
}

static struct fuzz_thread *self(void)
{
	uint32_t here = 0;
	uintptr_t sp  = (uintptr_t)&here;

	for (uint32_t i = 0; i < FUZZ_MAX_THREADS; i++) {
		struct fuzz_thread *t = &fuzz.thread[i];
		if (sp >= (uintptr_t)t->stack && sp < (uintptr_t)(t->stack + FUZZ_STACK_WORDS))
			return t;
	}
	for (;;) /* started on a stack that is no fuzzing thread's */
		kernel_thread_stop();
}

void fuzz_thread_main(struct utcb *u)
{
	struct fuzz_thread *t = self();
	uint32_t index = (uint32_t)(t - fuzz.thread), s = fuzz.seed * 0x9e3779b9u;

	s ^= (index + 1) * 0x85ebca6bu ^ (t->generation + 1) * 0xc2b2ae35u;
	s = s ? s : 1;
	for (uint32_t n = 1;; n++) {
		uint32_t id = pick_id(&s);
		t->in_call  = id; /* from here on the call counts, also if it never returns */
		if (__atomic_fetch_add(&fuzz.started, 1, __ATOMIC_RELAXED) >= fuzz.calls)
			break;
		one_call(t, u, &s, id);
		t->in_call = NONE;
		t->progress++;
		if (n % 8 == 0)
			kernel_thread_yield(); /* every thread's turn comes soon */
	}
	t->in_call = NONE;
	t->running = false;
	for (;;) /* the supervisor ends it */
		kernel_thread_stop();
}
