/*
 * Client of the helping test (doc/architecture.md 4.5, 4.7 item 7): the main
 * thread has a claim of 40 % and calls "helping_server" (another PD, no
 * quota) back to back; each request is a fixed amount of busy work. A
 * background thread of this PD without quota is always ready and competes
 * for the fill time.
 *
 * Over a window of exactly five super periods:
 * - the server runs on the client's time: its own CPU time stays below 5 %
 *   of the client's, and client and server together are charged at least
 *   the server's work per call (measured by the server in guest time);
 * - despite the background thread, the client's calls get at least its
 *   quota, in fact its claim plus an equal part of the fill time
 *   (background: that part alone), within 2 percentage points.
 * The server's own time is not zero: when the client's fill slice ends in
 * the middle of a request, the server (ready itself) finishes it on its
 * own share in its turn of the fill rotation.
 * Prints "helping_client: all checks passed" only if every check held.
 */
#include <stdbool.h>
#include <stdint.h>
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>

enum {
	OP_WORK         = 1,
	OP_STOP         = 2,
	QUOTA           = 40,
	SUPER_US        = 1000000,
	WINDOW_US       = 5 * SUPER_US,
	WARMUP_US       = 1500000,
	SNAPSHOT_MAX_US = 2000,
	TOLERANCE       = 20, /* permille */
	STACK_SIZE      = 2048,
};

struct helping_request {
	uint32_t op;
};

struct helping_reply {
	uint64_t server_time_us;
	uint32_t work_ns;
	uint32_t min_work_ns;
	uint32_t requests;
};

static unsigned failures;

#define CHECK(cond, ...)                                                   \
	do {                                                               \
		if (!(cond)) {                                             \
			failures++;                                        \
			log_printf("helping_client: error: " __VA_ARGS__); \
		}                                                          \
	} while (0)

static uint8_t background_stack[STACK_SIZE] __attribute__((aligned(8)));
static volatile uint32_t background_spins;

static void background(struct utcb *u)
{
	(void)u;
	for (;;)
		background_spins++;
}

static uint16_t server;
static struct helping_reply last;

static bool call(uint32_t op)
{
	struct utcb *u = utcb_main();

	((struct helping_request *)u->data)->op = op;
	u->data_size                            = sizeof(struct helping_request);
	u->cap_count                            = 0;
	enum kernel_result kr                   = kernel_rpc_call(server, 0);
	if (kr != KERNEL_OK || u->data_size != sizeof(struct helping_reply)) {
		CHECK(false, "call: %s, reply size %u\n", kernel_result_string(kr),
		      (unsigned)u->data_size);
		return false;
	}
	last = *(struct helping_reply *)u->data;
	return true;
}

struct snapshot {
	uint64_t time, client, background, server;
	uint32_t requests;
};

static uint32_t background_handle;

static bool take_snapshot(struct snapshot *s)
{
	for (unsigned attempt = 0; attempt < 10; attempt++) {
		uint64_t t0 = kernel_time_us();
		int r       = core_thread_time(utcb_main(), background_handle, &s->background);
		s->client   = kernel_thread_time_us();
		uint64_t t1 = kernel_time_us();
		if (r != CORE_OK) {
			CHECK(false, "core_thread_time: core result %d\n", r);
			return false;
		}
		s->time     = t0 + (t1 - t0) / 2;
		s->server   = last.server_time_us; /* the server waits since its last reply */
		s->requests = last.requests;
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

#define PCT(pm) (pm) / 10, (pm) % 10

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t cap, sleep_rcv, sleep_ctx;
	uint32_t h;
	int r;

	log_printf("helping_client: start\n");
	if (core_sig_receiver(u, &sleep_rcv, &h) != CORE_OK ||
	    core_sig_context(u, h, 1, &sleep_ctx) != CORE_OK) {
		log_printf("helping_client: error: no signal objects for sleeping\n");
		return 1;
	}
	for (unsigned i = 0; i < 500 && core_lookup(u, "helping", &server) != CORE_OK; i++) {
		kernel_timeout(10000, sleep_ctx);
		kernel_sig_wait(sleep_rcv);
		kernel_sig_ack(sleep_ctx);
	}
	if (!server) {
		log_printf("helping_client: error: \"helping\" never announced itself\n");
		return 1;
	}
	r = core_quota(u, 0, QUOTA);
	CHECK(r == CORE_OK, "quota %u%% for the main thread: core result %d\n", QUOTA, r);
	r = core_thread(u, background, background_stack + STACK_SIZE, &cap, &background_handle);
	if (r != CORE_OK) {
		log_printf("helping_client: error: no background thread (core result %d)\n", r);
		return 1;
	}
	log_printf("helping_client: quota %u%%, calling the server back to back; background "
		   "thread without quota always ready\n",
		   QUOTA);

	/* the quota counts from the next super period on */
	struct snapshot s0, s1;
	bool ok        = true;
	uint64_t start = kernel_time_us();
	while (ok && kernel_time_us() < start + WARMUP_US)
		ok = call(OP_WORK);
	ok = ok && take_snapshot(&s0);
	while (ok && kernel_time_us() < s0.time + WINDOW_US)
		ok = call(OP_WORK);
	ok = ok && take_snapshot(&s1);
	call(OP_STOP); /* the server exits in any case */
	if (!ok)
		return 1;

	uint64_t elapsed  = s1.time - s0.time;
	uint64_t client   = s1.client - s0.client;
	uint64_t bg       = s1.background - s0.background;
	uint64_t srv      = s1.server - s0.server;
	uint32_t calls    = s1.requests - s0.requests;
	uint64_t work_us  = last.min_work_ns / 1000;
	unsigned periods  = (unsigned)((elapsed + SUPER_US / 2) / SUPER_US);
	uint64_t claim    = (uint64_t)QUOTA * periods * (SUPER_US / 100);
	uint64_t total    = client + bg + srv;
	uint64_t fill     = total > claim ? total - claim : 0;
	uint64_t per_call = calls ? (client + srv) / calls : 0;

	log_printf("helping_client: window %u us (%u super periods): %u calls, server work %u us "
		   "per call\n",
		   (unsigned)elapsed, periods, (unsigned)calls, (unsigned)work_us);
	log_printf("helping_client: charged: client %u us, background %u us\n", (unsigned)client,
		   (unsigned)bg);
	log_printf("helping_client: charged: server %u us = %u permille of the client's; client "
		   "and server %u us per call\n",
		   (unsigned)srv, permille(srv, client), (unsigned)per_call);
	CHECK(periods == 5 && calls > 0 && work_us > 0, "window %u periods, %u calls, work %u us\n",
	      periods, (unsigned)calls, (unsigned)work_us);
	if (!calls || !work_us)
		return 1;

	/* the server's work is charged to the client: the server's own share
	 * (fill slices in which it finishes a request) stays small, and no work
	 * went uncharged */
	CHECK(srv * 20 < client, "server charged %u us, client %u us: not below 5 %%\n",
	      (unsigned)srv, (unsigned)client);
	CHECK(per_call >= work_us,
	      "client and server charged %u us per call, less than the work of %u us\n",
	      (unsigned)per_call, (unsigned)work_us);

	/* the client's calls got at least its quota despite the background thread;
	 * calls * work is informational: the shortest work is a lower bound */
	unsigned got_pm  = permille(client, elapsed);
	unsigned done_pm = permille((uint64_t)calls * work_us, elapsed);
	log_printf("helping_client: client calls got %u.%u%% of the CPU (quota %u%%), at least "
		   "%u.%u%% as server work\n",
		   PCT(got_pm), QUOTA, PCT(done_pm));
	CHECK(client >= claim, "client charged %u us < its claim %u us\n", (unsigned)client,
	      (unsigned)claim);

	/* claim plus an equal part of the fill time, which the server's own time reduced */
	uint64_t share = fill > srv ? (fill - srv) / 2 : 0;
	unsigned c_pm = permille(client, elapsed), c_exp = permille(claim + share, elapsed);
	unsigned b_pm = permille(bg, elapsed), b_exp = permille(share, elapsed);
	unsigned claim_pm = permille(claim, elapsed), share_pm = permille(share, elapsed);
	log_printf("helping_client: client measured %u.%u%%, expected %u.%u%% (claim %u.%u%% + "
		   "fill %u.%u%%)\n",
		   PCT(c_pm), PCT(c_exp), PCT(claim_pm), PCT(share_pm));
	log_printf("helping_client: background measured %u.%u%%, expected %u.%u%% (fill only)\n",
		   PCT(b_pm), PCT(b_exp));
	CHECK((int)c_pm - (int)c_exp <= TOLERANCE && (int)c_exp - (int)c_pm <= TOLERANCE,
	      "client: measured %u permille, expected %u\n", c_pm, c_exp);
	CHECK((int)b_pm - (int)b_exp <= TOLERANCE && (int)b_exp - (int)b_pm <= TOLERANCE,
	      "background: measured %u permille, expected %u\n", b_pm, b_exp);
	CHECK(permille(total, elapsed) >= 970,
	      "client, server and background got only %u permille\n", permille(total, elapsed));

	if (failures) {
		log_printf("helping_client: %u checks failed\n", failures);
		return 1;
	}
	log_printf("helping_client: all checks passed\n");
	return 0;
}
