/*
 * Quota-bound scheduling (doc/architecture.md 4.7, items 2-4): four always-ready
 * threads of this PD with quotas 30 %, 20 %, 10 % and none. Each must get
 * its quota per super period plus an equal part of the fill time (what is
 * left after all claims); the 10 % thread spends its claim early in every
 * super period and must go on in the fill rotation, the thread without
 * quota lives on fill time alone.
 *
 * The main thread measures from the kernel's accounting (core_thread_time)
 * and sleeps in between (a timeout signal every second), so it takes almost
 * no CPU. It has no quota, so it only runs when every claim is spent: its
 * snapshots lie in fill phases, and a window between two of them contains
 * exactly round(window / 1 s) claim phases.
 *
 * Expected time of thread i over a window of K super periods:
 *   quota_i * K + (busy total - sum of quotas * K) / 4
 * and every thread must be within 2 percentage points of it.
 * Prints "cpu_quota: all checks passed" only if every check held.
 */
#include <stdbool.h>
#include <stdint.h>
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>

enum {
	BUSY            = 4,
	SUPER_US        = 1000000, /* the kernel's super period */
	PERIODS         = 6,       /* measured seconds */
	TOLERANCE       = 20,      /* permille */
	STACK_SIZE      = 2048,
	SNAPSHOT_MAX_US = 2000, /* a snapshot taken without interruption */
};

static const unsigned quota[BUSY] = { 30, 20, 10, 0 };
/* priorities order the claimants, they do not change the shares */
static const unsigned priority[BUSY] = { 2, 4, 3, 0 };
static const char name[BUSY]         = { 'A', 'B', 'C', 'D' };

static uint8_t stacks[BUSY][STACK_SIZE] __attribute__((aligned(8)));
static volatile uint32_t spins[BUSY];
static uint32_t handle[BUSY];
static unsigned failures;

#define CHECK(cond, ...)                                              \
	do {                                                          \
		if (!(cond)) {                                        \
			failures++;                                   \
			log_printf("cpu_quota: error: " __VA_ARGS__); \
		}                                                     \
	} while (0)

/* Always ready: never calls the kernel */
#define BUSY_ENTRY(i)                        \
	static void busy_##i(struct utcb *u) \
	{                                    \
		(void)u;                     \
		for (;;)                     \
			spins[i]++;          \
	}
BUSY_ENTRY(0)
BUSY_ENTRY(1)
BUSY_ENTRY(2)
BUSY_ENTRY(3)
static void (*const busy_entry[BUSY])(struct utcb *) = { busy_0, busy_1, busy_2, busy_3 };

static uint16_t sleep_rcv, sleep_ctx;

static void sleep_us(uint32_t us)
{
	kernel_timeout(us, sleep_ctx);
	kernel_sig_wait(sleep_rcv);
	kernel_sig_ack(sleep_ctx);
}

struct snapshot {
	uint64_t time;
	uint64_t busy[BUSY];
	uint64_t self;
};

/* All thread times at one instant: retried if anybody ran in between */
static bool take_snapshot(struct snapshot *s)
{
	for (unsigned attempt = 0; attempt < 10; attempt++) {
		uint64_t t0 = kernel_time_us();
		bool ok     = true;
		for (unsigned i = 0; i < BUSY; i++)
			ok = ok && core_thread_time(utcb_main(), handle[i], &s->busy[i]) == CORE_OK;
		s->self     = kernel_thread_time_us();
		uint64_t t1 = kernel_time_us();
		s->time     = t0 + (t1 - t0) / 2;
		if (!ok) {
			CHECK(false, "core_thread_time failed\n");
			return false;
		}
		if (t1 - t0 <= SNAPSHOT_MAX_US)
			return true;
	}
	CHECK(false, "no uninterrupted snapshot in 10 attempts\n");
	return false;
}

static unsigned permille(uint64_t part, uint64_t whole)
{
	return whole ? (unsigned)((part * 1000 + whole / 2) / whole) : 0;
}

int main(void)
{
	struct utcb *u = utcb_main();
	uint32_t h;
	int r;

	log_printf("cpu_quota: start\n");
	if (core_sig_receiver(u, &sleep_rcv, &h) != CORE_OK ||
	    core_sig_context(u, h, 1, &sleep_ctx) != CORE_OK) {
		log_printf("cpu_quota: error: no signal objects for sleeping\n");
		return 1;
	}
	for (unsigned i = 0; i < BUSY; i++) {
		uint16_t cap;
		r = core_thread_prio(u, busy_entry[i], stacks[i] + STACK_SIZE, priority[i], &cap,
				     &handle[i]);
		if (r != CORE_OK) {
			log_printf("cpu_quota: error: cannot create thread %c (core result %d)\n",
				   name[i], r);
			return 1;
		}
		r = core_quota(u, handle[i], quota[i]);
		CHECK(r == CORE_OK, "quota %u%% for thread %c: core result %d\n", quota[i], name[i],
		      r);
	}
	/* the super period is full beyond 100 %: refused, nothing changes */
	r = core_quota(u, handle[3], 50);
	CHECK(r == CORE_DENIED, "quota 50%% on top of 60%%: core result %d (expected denied)\n", r);
	log_printf("cpu_quota: threads A B C D always ready, quotas 30%% 20%% 10%% 0%%; 50%% more "
		   "-> %s\n",
		   r == CORE_DENIED ? "denied" : "accepted");

	/* quotas count from the next super period on: settle first */
	sleep_us(1500000);

	struct snapshot first, prev, cur;
	if (!take_snapshot(&first))
		return 1;
	prev = first;
	for (unsigned s = 1; s <= PERIODS; s++) {
		sleep_us(SUPER_US);
		if (!take_snapshot(&cur))
			return 1;
		uint64_t e = cur.time - prev.time;
		log_printf("cpu_quota: second %u: A %u B %u C %u D %u main %u permille of %u us\n",
			   s, permille(cur.busy[0] - prev.busy[0], e),
			   permille(cur.busy[1] - prev.busy[1], e),
			   permille(cur.busy[2] - prev.busy[2], e),
			   permille(cur.busy[3] - prev.busy[3], e),
			   permille(cur.self - prev.self, e), (unsigned)e);
		prev = cur;
	}

	uint64_t elapsed    = cur.time - first.time;
	unsigned periods    = (unsigned)((elapsed + SUPER_US / 2) / SUPER_US);
	uint64_t busy_total = 0, claims = 0, delta[BUSY];
	for (unsigned i = 0; i < BUSY; i++) {
		delta[i] = cur.busy[i] - first.busy[i];
		busy_total += delta[i];
		claims += (uint64_t)quota[i] * periods * (SUPER_US / 100);
	}
	uint64_t fill    = busy_total > claims ? busy_total - claims : 0;
	uint64_t self    = cur.self - first.self;
	unsigned fill_pm = permille(fill, elapsed);
	unsigned busy_pm = permille(busy_total, elapsed);
	unsigned self_pm = permille(self, elapsed);

	log_printf("cpu_quota: window %u us = %u super periods; busy threads %u.%u%%, main %u.%u%% "
		   "(%u us)\n",
		   (unsigned)elapsed, periods, busy_pm / 10, busy_pm % 10, self_pm / 10,
		   self_pm % 10, (unsigned)self);
	log_printf("cpu_quota: fill phase: %u.%u%% of the CPU shared by %u threads in 10 ms "
		   "slices\n",
		   fill_pm / 10, fill_pm % 10, (unsigned)BUSY);
	CHECK(periods >= 5, "window of only %u super periods\n", periods);
	CHECK(busy_pm >= 970, "busy threads got only %u permille\n", busy_pm);
	CHECK(self_pm <= 10, "the measuring thread used %u permille\n", self_pm);
	CHECK(fill_pm >= 300, "fill phase got only %u permille\n", fill_pm);

	for (unsigned i = 0; i < BUSY; i++) {
		uint64_t claim    = (uint64_t)quota[i] * periods * (SUPER_US / 100);
		uint64_t expected = claim + fill / BUSY;
		unsigned m_pm = permille(delta[i], elapsed), e_pm = permille(expected, elapsed);
		unsigned c_pm = permille(claim, elapsed), f_pm = permille(fill / BUSY, elapsed);
		int diff = (int)m_pm - (int)e_pm;
		log_printf("cpu_quota: thread %c quota %u%%: measured %u.%u%%, expected %u.%u%% "
			   "(claim %u.%u%% + fill %u.%u%%), difference %d permille\n",
			   name[i], quota[i], m_pm / 10, m_pm % 10, e_pm / 10, e_pm % 10, c_pm / 10,
			   c_pm % 10, f_pm / 10, f_pm % 10, diff);
		CHECK(diff <= TOLERANCE && diff >= -TOLERANCE,
		      "thread %c: measured %u permille, expected %u permille\n", name[i], m_pm,
		      e_pm);
	}
	/* the spent claimant C goes on in the fill rotation: more than its quota */
	unsigned c_pm = permille(delta[2], elapsed);
	CHECK(c_pm >= quota[2] * 10 + 50, "thread C (claim spent) got only %u permille\n", c_pm);

	if (failures) {
		log_printf("cpu_quota: %u checks failed\n", failures);
		return 1;
	}
	log_printf("cpu_quota: all checks passed\n");
	return 0;
}
