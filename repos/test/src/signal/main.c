/*
 * Signals (doc/architecture.md 4.6): submits add up, a context is not delivered
 * again before its ack, many contexts on one receiver arrive FIFO with their
 * imprints and counts, sig_kill waits for an outstanding ack, a killed
 * context refuses submits, sig_pending never blocks, timeouts arrive no
 * earlier than requested and in deadline order, and a context capability
 * handed to another PD (signal_remote) works there.
 *
 * Prints "signal: all checks passed" only if every check held; every failed
 * check prints a line "signal: error: ...".
 */
#include <stdbool.h>
#include <stdint.h>
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>

static unsigned failures;

#define CHECK(cond, ...)                                           \
	do {                                                       \
		if (!(cond)) {                                     \
			failures++;                                \
			log_printf("signal: error: " __VA_ARGS__); \
		}                                                  \
	} while (0)

static const char *res(enum kernel_result r) { return kernel_result_string(r); }

static const struct sig_delivery *delivery(struct utcb *u)
{
	return (const struct sig_delivery *)u->data;
}

/* --- signal objects from core --- */
struct receiver {
	uint16_t cap;
	uint32_t handle;
};

static struct receiver new_receiver(struct utcb *u)
{
	struct receiver r = { 0, 0 };
	int res           = core_sig_receiver(u, &r.cap, &r.handle);
	CHECK(res == CORE_OK && r.cap, "cannot create a signal receiver (core result %d)\n", res);
	return r;
}

static uint16_t new_context(struct utcb *u, struct receiver r, uint32_t imprint)
{
	uint16_t cap = 0;
	int res      = core_sig_context(u, r.handle, imprint, &cap);
	CHECK(res == CORE_OK && cap, "cannot create signal context %x (core result %d)\n",
	      (unsigned)imprint, res);
	return cap;
}

/* A thread's own sleep: its timeout signalled to its own receiver */
struct sleeper {
	struct receiver rcv;
	uint16_t ctx;
};

static void sleeper_init(struct utcb *u, struct sleeper *s)
{
	s->rcv = new_receiver(u);
	s->ctx = new_context(u, s->rcv, 0x5eef);
}

static void sleep_us(struct sleeper *s, uint32_t us)
{
	kernel_timeout(us, s->ctx);
	kernel_sig_wait(s->rcv.cap);
	kernel_sig_ack(s->ctx);
}

/* --- threads of this PD --- */
enum { STACK_SIZE = 4096, MAX_THREADS = 6 };
static uint8_t stacks[MAX_THREADS][STACK_SIZE] __attribute__((aligned(8)));
static unsigned threads_started;

static bool start_thread(void (*entry)(struct utcb *))
{
	uint16_t cap;
	uint32_t handle;

	if (threads_started == MAX_THREADS) {
		CHECK(false, "out of thread stacks\n");
		return false;
	}
	int r =
	    core_thread(utcb_main(), entry, stacks[threads_started] + STACK_SIZE, &cap, &handle);
	threads_started++;
	CHECK(r == CORE_OK, "cannot create a thread (core result %d)\n", r);
	return r == CORE_OK;
}

static struct sleeper main_sleep;

/* Poll a flag set by another thread, sleeping 1 ms between looks */
static bool await_flag(volatile int *flag, unsigned max_ms)
{
	for (unsigned i = 0; i < max_ms && !*flag; i++)
		sleep_us(&main_sleep, 1000);
	return *flag != 0;
}

/* --- 1. submit, wait, pending, ack --- */
static void test_basic(void)
{
	struct utcb *u    = utcb_main();
	struct receiver r = new_receiver(u);
	uint16_t c        = new_context(u, r, 0x1001);
	enum kernel_result kr;
	const struct sig_delivery *d = delivery(u);

	kr = kernel_sig_pending(r.cap);
	CHECK(kr == KERNEL_WOULD_BLOCK, "pending on an empty receiver: %s\n", res(kr));
	kr = kernel_sig_ack(c);
	CHECK(kr == KERNEL_INVALID_STATE, "ack of an undelivered context: %s\n", res(kr));
	kr = kernel_sig_submit(c, 0);
	CHECK(kr == KERNEL_INVALID_ARG, "submit of 0: %s\n", res(kr));

	for (unsigned i = 0; i < 5; i++) {
		kr = kernel_sig_submit(c, 1);
		CHECK(kr == KERNEL_OK, "submit %u: %s\n", i, res(kr));
	}
	kr = kernel_sig_wait(r.cap);
	CHECK(kr == KERNEL_OK && d->imprint == 0x1001 && d->count == 5,
	      "wait after 5 submits: %s, imprint %x count %u (expected 1001, 5)\n", res(kr),
	      (unsigned)d->imprint, (unsigned)d->count);
	log_printf("signal: basic: 5 submits before wait -> one delivery, imprint %x count %u\n",
		   (unsigned)d->imprint, (unsigned)d->count);

	/* delivered, not acked: no second delivery, however often submitted */
	kr = kernel_sig_pending(r.cap);
	CHECK(kr == KERNEL_WOULD_BLOCK, "pending while awaiting the ack: %s\n", res(kr));
	kernel_sig_submit(c, 1);
	kernel_sig_submit(c, 2);
	kr = kernel_sig_pending(r.cap);
	CHECK(kr == KERNEL_WOULD_BLOCK, "pending after submits, before the ack: %s\n", res(kr));
	kr = kernel_sig_ack(c);
	CHECK(kr == KERNEL_OK, "ack: %s\n", res(kr));
	kr = kernel_sig_ack(c);
	CHECK(kr == KERNEL_INVALID_STATE, "second ack: %s\n", res(kr));
	kr = kernel_sig_pending(r.cap);
	CHECK(kr == KERNEL_OK && d->imprint == 0x1001 && d->count == 3,
	      "pending after the ack: %s, imprint %x count %u (expected 1001, 3)\n", res(kr),
	      (unsigned)d->imprint, (unsigned)d->count);
	log_printf("signal: basic: submit 1+2 while unacked -> after ack one delivery, count %u\n",
		   (unsigned)d->count);
	kernel_sig_ack(c);
	kr = kernel_sig_pending(r.cap);
	CHECK(kr == KERNEL_WOULD_BLOCK, "pending after everything was delivered: %s\n", res(kr));

	/* capabilities of the wrong kind */
	kr = kernel_sig_submit(r.cap, 1);
	CHECK(kr == KERNEL_INVALID_CAP, "submit to a receiver: %s\n", res(kr));
	kr = kernel_sig_wait(c);
	CHECK(kr == KERNEL_INVALID_CAP, "wait on a context: %s\n", res(kr));
	kr = kernel_sig_submit(0xfff, 1);
	CHECK(kr == KERNEL_INVALID_CAP, "submit to an unused name: %s\n", res(kr));
	log_printf("signal: basic: pending on nothing -> %s\n", res(KERNEL_WOULD_BLOCK));
}

/* --- 2. counts add up while a second thread submits --- */
enum { SUM_SUBMITS = 3000 };
static uint16_t sum_ctx, sum_done_ctx;
static volatile int sum_submit_errors;

static void sum_submitter(struct utcb *u)
{
	(void)u;
	for (unsigned i = 1; i <= SUM_SUBMITS; i++) {
		if (kernel_sig_submit(sum_ctx, 1) != KERNEL_OK)
			sum_submit_errors++;
		if (i % 64 == 0)
			kernel_thread_yield();
	}
	kernel_sig_submit(sum_done_ctx, 1);
	kernel_thread_exit(0);
}

static void test_sum(void)
{
	struct utcb *u               = utcb_main();
	struct receiver r            = new_receiver(u);
	const struct sig_delivery *d = delivery(u);
	unsigned sum = 0, deliveries = 0, max_count = 0, zero_counts = 0, other = 0;
	bool done = false;

	sum_ctx      = new_context(u, r, 0x2002);
	sum_done_ctx = new_context(u, r, 0x2003);
	if (!start_thread(sum_submitter))
		return;
	for (;;) {
		enum kernel_result kr = done ? kernel_sig_pending(r.cap) : kernel_sig_wait(r.cap);
		if (done && kr == KERNEL_WOULD_BLOCK)
			break;
		CHECK(kr == KERNEL_OK, "sum: wait: %s\n", res(kr));
		if (kr != KERNEL_OK)
			break;
		uint32_t imprint = d->imprint, count = d->count;
		if (imprint == 0x2002) {
			sum += count;
			deliveries++;
			zero_counts += count == 0;
			max_count = count > max_count ? count : max_count;
			kernel_sig_ack(sum_ctx);
		} else if (imprint == 0x2003) {
			done = true;
			kernel_sig_ack(sum_done_ctx);
		} else {
			other++;
		}
	}
	CHECK(sum == SUM_SUBMITS, "sum: delivered counts add up to %u, submitted %u\n", sum,
	      (unsigned)SUM_SUBMITS);
	CHECK(
	    deliveries >= 2 && max_count >= 2,
	    "sum: expected several deliveries that merged submits (%u deliveries, max count %u)\n",
	    deliveries, max_count);
	CHECK(zero_counts == 0 && other == 0 && sum_submit_errors == 0,
	      "sum: %u deliveries with count 0, %u foreign, %d failed submits\n", zero_counts,
	      other, sum_submit_errors);
	log_printf("signal: sum: %u submits from another thread in %u deliveries (max count %u), "
		   "delivered counts add up to %u\n",
		   (unsigned)SUM_SUBMITS, deliveries, max_count, sum);
}

/* --- 3. many contexts on one receiver --- */
enum { CONTEXTS = 50, ORDER_STRIDE = 7 }; /* 7 and 50 are coprime: a permutation */

static unsigned order(unsigned k) { return (k * ORDER_STRIDE) % CONTEXTS; }

static void test_many(void)
{
	struct utcb *u               = utcb_main();
	struct receiver r            = new_receiver(u);
	const struct sig_delivery *d = delivery(u);
	uint16_t ctx[CONTEXTS];
	unsigned right = 0, total = 0;

	for (unsigned i = 0; i < CONTEXTS; i++)
		ctx[i] = new_context(u, r, 0x3000 + i);

	/* context i gets i+1 submits, in rounds; first submits in order() */
	for (unsigned round = 0; round < CONTEXTS; round++)
		for (unsigned k = 0; k < CONTEXTS; k++)
			if (order(k) + 1 > round)
				kernel_sig_submit(ctx[order(k)], 1);

	for (unsigned k = 0; k < CONTEXTS; k++) {
		enum kernel_result kr = kernel_sig_wait(r.cap);
		unsigned i            = order(k);
		bool ok = kr == KERNEL_OK && d->imprint == 0x3000 + i && d->count == i + 1;
		CHECK(ok, "contexts: delivery %u: %s, imprint %x count %u (expected %x, %u)\n", k,
		      res(kr), (unsigned)d->imprint, (unsigned)d->count, 0x3000 + i, i + 1);
		right += ok;
		total += d->count;
		if (kr == KERNEL_OK && d->imprint >= 0x3000 && d->imprint < 0x3000 + CONTEXTS)
			kernel_sig_ack(ctx[d->imprint - 0x3000]);
	}
	enum kernel_result kr = kernel_sig_pending(r.cap);
	CHECK(kr == KERNEL_WOULD_BLOCK, "contexts: pending after all deliveries: %s\n", res(kr));
	log_printf("signal: contexts: %u of %u delivered in submit order with the right imprint "
		   "and count, %u submits in total\n",
		   right, (unsigned)CONTEXTS, total);
}

/* --- 4. kill --- */
static uint16_t kill_ctx;
static volatile int kill_started, kill_returned, acked;
static volatile int kill_saw_ack;
static volatile enum kernel_result kill_result;
static volatile uint64_t kill_return_time;

static void killer(struct utcb *u)
{
	(void)u;
	kill_started     = 1;
	kill_result      = kernel_sig_kill(kill_ctx);
	kill_return_time = kernel_time_us();
	kill_saw_ack     = acked;
	kill_returned    = 1;
	kernel_thread_exit(0);
}

static void test_kill(void)
{
	struct utcb *u               = utcb_main();
	struct receiver r            = new_receiver(u);
	const struct sig_delivery *d = delivery(u);
	enum kernel_result kr;

	kill_ctx = new_context(u, r, 0x4004);
	kernel_sig_submit(kill_ctx, 1);
	kr = kernel_sig_wait(r.cap);
	CHECK(kr == KERNEL_OK && d->imprint == 0x4004, "kill: delivery: %s\n", res(kr));

	/* the delivery is outstanding: the killer must block until our ack */
	if (!start_thread(killer))
		return;
	CHECK(await_flag(&kill_started, 1000), "kill: killer thread did not start\n");
	sleep_us(&main_sleep, 30000);
	int returned_early = kill_returned;
	CHECK(!returned_early, "kill: returned (%s) while the delivery was not acked\n",
	      res(kill_result));
	kr = kernel_sig_kill(kill_ctx);
	CHECK(kr == KERNEL_INVALID_STATE, "kill: second kill while one waits: %s\n", res(kr));

	uint64_t ack_time = kernel_time_us();
	acked             = 1;
	kr                = kernel_sig_ack(kill_ctx);
	CHECK(kr == KERNEL_OK, "kill: ack of the outstanding delivery: %s\n", res(kr));
	CHECK(await_flag(&kill_returned, 1000), "kill: killer still blocked after the ack\n");
	CHECK(kill_result == KERNEL_OK && kill_saw_ack && kill_return_time >= ack_time,
	      "kill: result %s, saw ack %d, returned %d us after the ack\n", res(kill_result),
	      kill_saw_ack, (int)(kill_return_time - ack_time));
	log_printf("signal: kill: blocked 30 ms while the delivery was outstanding: %s; returned "
		   "%s %d us after the ack\n",
		   returned_early ? "no" : "yes", res(kill_result),
		   (int)(kill_return_time - ack_time));

	kr = kernel_sig_submit(kill_ctx, 1);
	CHECK(kr == KERNEL_INVALID_STATE, "kill: submit to a killed context: %s\n", res(kr));
	log_printf("signal: kill: submit to the killed context -> %s\n", res(kr));
	kr = kernel_sig_ack(kill_ctx);
	CHECK(kr == KERNEL_INVALID_STATE, "kill: ack of a killed context: %s\n", res(kr));
	kr = kernel_sig_kill(kill_ctx);
	CHECK(kr == KERNEL_INVALID_STATE, "kill: second kill: %s\n", res(kr));

	/* without an outstanding delivery the kill is immediate; pending submits vanish */
	uint16_t c = new_context(u, r, 0x4005);
	kernel_sig_submit(c, 3);
	kr = kernel_sig_kill(c);
	CHECK(kr == KERNEL_OK, "kill: kill of a pending context: %s\n", res(kr));
	enum kernel_result pending = kernel_sig_pending(r.cap);
	CHECK(pending == KERNEL_WOULD_BLOCK, "kill: pending after killing a pending context: %s\n",
	      res(pending));
	enum kernel_result late = kernel_sig_submit(c, 1);
	CHECK(late == KERNEL_INVALID_STATE, "kill: submit to the second killed context: %s\n",
	      res(late));
	log_printf("signal: kill: of an undelivered context -> %s at once, its 3 submits "
		   "dropped: %s\n",
		   res(kr), pending == KERNEL_WOULD_BLOCK ? "yes" : "no");
}

/* --- 5. timeouts --- */
enum { TIMERS = 3, TIMER_BASE_US = 50000 };
static const uint32_t timer_delay[TIMERS] = { 90000, 30000, 60000 };
static const char timer_name[TIMERS]      = { 'A', 'B', 'C' };
static uint16_t timer_ctx[TIMERS], release_ctx[TIMERS];
static struct receiver release_rcv;
static volatile uint64_t timer_base;
static volatile int timers_armed, timer_late_arm;
static volatile unsigned next_timer; /* index of the thread started next */

static void timer_thread(struct utcb *u)
{
	unsigned i   = next_timer;
	uint64_t now = kernel_time_us();

	if (now >= timer_base + timer_delay[i])
		timer_late_arm++;
	else
		kernel_timeout((uint32_t)(timer_base + timer_delay[i] - now), timer_ctx[i]);
	timers_armed++;
	/* stay alive (a thread's timeout dies with it) until released */
	kernel_sig_wait(release_rcv.cap);
	kernel_sig_ack(release_ctx[delivery(u)->imprint - 0x7000]);
	kernel_thread_exit(0);
}

static void test_timeouts(void)
{
	struct utcb *u               = utcb_main();
	struct receiver r            = new_receiver(u);
	const struct sig_delivery *d = delivery(u);
	uint16_t c                   = new_context(u, r, 0x5005);
	enum kernel_result kr;

	/* one timeout: not earlier than requested */
	uint64_t t0 = kernel_time_us();
	kr          = kernel_timeout(50000, c);
	CHECK(kr == KERNEL_OK, "timeout: %s\n", res(kr));
	kr          = kernel_sig_wait(r.cap);
	uint64_t t1 = kernel_time_us();
	CHECK(kr == KERNEL_OK && d->imprint == 0x5005 && d->count == 1,
	      "timeout: delivery %s imprint %x count %u\n", res(kr), (unsigned)d->imprint,
	      (unsigned)d->count);
	kernel_sig_ack(c);
	CHECK(t1 - t0 >= 50000 && t1 - t0 < 150000, "timeout: 50000 us arrived after %u us\n",
	      (unsigned)(t1 - t0));
	log_printf("signal: timeout: requested 50000 us, arrived after %u us\n",
		   (unsigned)(t1 - t0));

	/* a cancelled timeout never fires */
	kernel_timeout(10000, c);
	kernel_timeout(0, c);
	for (uint64_t end = kernel_time_us() + 30000; kernel_time_us() < end;)
		kernel_thread_yield();
	kr = kernel_sig_pending(r.cap);
	CHECK(kr == KERNEL_WOULD_BLOCK, "timeout: cancelled timeout fired (%s)\n", res(kr));
	if (kr == KERNEL_OK)
		kernel_sig_ack(c);
	log_printf("signal: timeout: cancelled 10 ms timeout, 30 ms later pending -> %s\n",
		   res(kr));

	/* three threads, deadlines B < C < A relative to one base */
	struct receiver order_rcv = new_receiver(u);
	release_rcv               = new_receiver(u);
	for (unsigned i = 0; i < TIMERS; i++) {
		timer_ctx[i]   = new_context(u, order_rcv, 0x6000 + i);
		release_ctx[i] = new_context(u, release_rcv, 0x7000 + i);
	}
	timer_base = kernel_time_us() + TIMER_BASE_US;
	for (unsigned i = 0; i < TIMERS; i++) {
		next_timer = i;
		if (!start_thread(timer_thread))
			return;
		for (unsigned ms = 0; ms < 1000 && timers_armed <= (int)i; ms++)
			sleep_us(&main_sleep, 1000);
	}

	char seen[TIMERS + 1] = { 0 };
	bool early            = false;
	for (unsigned k = 0; k < TIMERS; k++) {
		kr           = kernel_sig_wait(order_rcv.cap);
		uint64_t now = kernel_time_us();
		unsigned i   = d->imprint - 0x6000;
		if (kr != KERNEL_OK || i >= TIMERS) {
			CHECK(false, "timeout order: wait %s imprint %x\n", res(kr),
			      (unsigned)d->imprint);
			break;
		}
		kernel_sig_ack(timer_ctx[i]);
		seen[k] = timer_name[i];
		if (now < timer_base + timer_delay[i])
			early = true;
		log_printf(
		    "signal: timeout order: %c (deadline base+%u us) arrived at base+%d us\n",
		    timer_name[i], (unsigned)timer_delay[i], (int)(now - timer_base));
	}
	CHECK(timers_armed == TIMERS && !timer_late_arm, "timeout order: %d armed, %d too late\n",
	      timers_armed, timer_late_arm);
	CHECK(seen[0] == 'B' && seen[1] == 'C' && seen[2] == 'A' && !early,
	      "timeout order: got %s (expected BCA), some early: %d\n", seen, early);
	log_printf("signal: timeout order: %s (deadlines B < C < A)\n", seen);
	for (unsigned i = 0; i < TIMERS; i++)
		kernel_sig_submit(release_ctx[i], 1);
}

/* --- 6. a context capability in another PD (signal_remote) --- */
struct remote_msg {
	uint32_t op; /* 1: give me a context, 2: submitted, 3: result of the late submit */
	uint32_t value;
};

static struct remote_msg *await_request(struct utcb *u, uint32_t op)
{
	enum kernel_result kr = kernel_rpc_wait(0);
	struct remote_msg *m  = (struct remote_msg *)u->data;
	CHECK(kr == KERNEL_OK && u->data_size == sizeof(*m) && m->op == op,
	      "remote: request %u: %s, size %u, op %u\n", (unsigned)op, res(kr),
	      (unsigned)u->data_size, (unsigned)m->op);
	return m;
}

static void reply(struct utcb *u, uint16_t cap)
{
	u->data_size = 0;
	u->cap_count = cap ? 1 : 0;
	u->caps[0]   = cap;
	kernel_rpc_reply();
}

static void test_remote(void)
{
	struct utcb *u               = utcb_main();
	struct receiver r            = new_receiver(u);
	const struct sig_delivery *d = delivery(u);
	uint16_t c                   = new_context(u, r, 0x8008);
	uint16_t guard               = new_context(u, r, 0x8009);
	uint16_t own;
	unsigned sum = 0, deliveries = 0;

	int cr = core_announce(u, "signal", 0, &own);
	CHECK(cr == CORE_OK, "remote: announce: core result %d\n", cr);
	if (cr != CORE_OK)
		return;

	await_request(u, 1);
	reply(u, c);

	/* the remote submits 7 times; give up after 5 s */
	kernel_timeout(5000000, guard);
	while (sum < 7) {
		enum kernel_result kr = kernel_sig_wait(r.cap);
		if (kr != KERNEL_OK || d->imprint != 0x8008) {
			CHECK(false, "remote: %s, imprint %x after %u submits\n", res(kr),
			      (unsigned)d->imprint, sum);
			return;
		}
		sum += d->count;
		deliveries++;
		kernel_sig_ack(c);
	}
	kernel_timeout(0, guard);

	struct remote_msg *m = await_request(u, 2);
	CHECK(m->value == 7, "remote: says it submitted %u times\n", (unsigned)m->value);
	enum kernel_result kr = kernel_sig_kill(c);
	CHECK(kr == KERNEL_OK, "remote: kill: %s\n", res(kr));
	reply(u, 0);

	m = await_request(u, 3);
	CHECK(m->value == KERNEL_INVALID_STATE, "remote: submit after the kill returned %s\n",
	      res((enum kernel_result)m->value));
	log_printf("signal: remote: 7 submits from another PD arrived in %u deliveries, sum %u; "
		   "after the kill its submit -> %s\n",
		   deliveries, sum, res((enum kernel_result)m->value));
	reply(u, 0);
}

int main(void)
{
	log_printf("signal: start\n");
	sleeper_init(utcb_main(), &main_sleep);
	test_basic();
	test_sum();
	test_many();
	test_kill();
	test_timeouts();
	test_remote();

	if (failures) {
		log_printf("signal: %u checks failed\n", failures);
		return 1;
	}
	log_printf("signal: all checks passed\n");
	return 0;
}
