/*
 * IPC benchmark client: instructions (guest ns under QEMU -icount shift=0)
 * of an RPC round trip between two PDs with an empty message: without
 * capabilities, offering room for UTCB_MAX_CAPS but getting none, with one
 * and with four capabilities each way (the server deletes what it gets, so
 * each is new to it every time, and drops them with its reply; the client
 * acknowledges the names of each reply with its next call); and of signals across PDs: a wake-up (from
 * right before a submit until the server's handler of higher priority runs,
 * one way) and a ping-pong. Prints one line per figure, averaged over BENCH_ROUNDS after BENCH_WARMUP rounds:
 * enough for one instruction's resolution also with a 1 MHz timer (1 us is
 * 1,000 instructions). The loop's own cost is measured and reported too.
 */
#include <base/core_service.h>
#include <base/timestamp.h>
#include <base/log.h>
#include <kernel/call.h>
#include "../bench_ipc_server/bench.h"

static uint16_t server;

/* run/bench_ipc.run turns these lines into JSON with the board's name */
static void report(const char *name, uint32_t total, uint32_t rounds)
{
	log_printf("bench_ipc_client: %s %u instructions\n", name,
		   (unsigned)((total + rounds / 2) / rounds));
}

/* rounds calls sending caps of own[] and offering room for rcv */
static uint32_t measure_calls(struct utcb *u, unsigned caps, const uint16_t *own, unsigned rcv,
			      unsigned rounds)
{
	uint64_t start = timestamp_ns();
	uint32_t names = 0; /* of the last reply: acknowledged with the next call */
	for (unsigned i = 0; i < rounds; i++) {
		u->data_size = 0;
		u->cap_count = caps;
		for (unsigned c = 0; c < caps; c++)
			u->caps[c] = own[c];
		kernel_rpc_call_names(server, rcv, names);
		names = (KERNEL_NAME_ACK(u->cap_count) - 1) & 0xf; /* slots 0 .. count - 1 */
	}
	for (unsigned c = 0; c < u->cap_count; c++)
		kernel_cap_ack(u->caps[c]);
	return (uint32_t)(timestamp_ns() - start);
}

/* The loop of measure_calls without the call and its acknowledgements:
 * what every figure above includes besides the kernel and the server */
static uint32_t measure_loop(struct utcb *u, unsigned rounds)
{
	uint64_t start = timestamp_ns();
	for (unsigned i = 0; i < rounds; i++) {
		u->data_size = 0;
		u->cap_count = 0;
		asm volatile("" ::: "memory"); /* the stores stay in the loop */
	}
	return (uint32_t)(timestamp_ns() - start);
}

/* One figure: warm-up, then the average of BENCH_ROUNDS */
static void bench_calls(const char *name, struct utcb *u, unsigned caps, const uint16_t *own,
			unsigned rcv)
{
	measure_calls(u, caps, own, rcv, BENCH_WARMUP);
	report(name, measure_calls(u, caps, own, rcv, BENCH_ROUNDS), BENCH_ROUNDS);
}

/* Submit to the server's wake-up handler, which runs at once (it has the
 * higher priority and a quota) and reads the time; the sum of the times
 * read here right before each submit, and in *next the sum of the readings
 * right after each (the next round's, the last one after the loop) */
static uint64_t measure_wakeups(uint16_t wake_ctx, unsigned rounds, uint64_t *next)
{
	uint64_t sum = 0, now = timestamp_ns(), first = now;
	for (unsigned i = 0; i < rounds; i++) {
		sum += now;
		kernel_sig_submit(wake_ctx, 1);
		now = timestamp_ns();
	}
	*next = sum - first + now;
	return sum;
}

/* What one reading of the time adds between two readings: subtracted from
 * the wake-up's interval, which lies between two readings too */
static uint64_t measure_timestamp(unsigned rounds)
{
	uint64_t sum = 0;
	for (unsigned i = 0; i < rounds; i++) {
		uint64_t before = timestamp_ns();
		sum += timestamp_ns() - before;
	}
	return sum;
}

static int server_wakeups(struct utcb *u, struct bench_wakeups *w)
{
	*(uint32_t *)u->data = BENCH_WAKEUPS;
	u->data_size         = 4;
	u->cap_count         = 0;
	if (kernel_rpc_call(server, 0) != KERNEL_OK || u->data_size != sizeof(*w))
		return -1;
	*w = *(const struct bench_wakeups *)u->data;
	return 0;
}

/* signal_wakeup: from right before a submit to right after the wake-up in
 * the other PD, as seL4 measures it: the server sums its times, we ours */
static int bench_wakeup(struct utcb *u, uint16_t wake_ctx)
{
	struct bench_wakeups before = { 0, 0 }, after = { 0, 0 };
	uint64_t next = 0;

	measure_wakeups(wake_ctx, BENCH_WARMUP, &next);
	if (server_wakeups(u, &before))
		return -1;
	uint64_t sent = measure_wakeups(wake_ctx, BENCH_ROUNDS, &next);
	if (server_wakeups(u, &after) || after.count - before.count != BENCH_ROUNDS) {
		log_printf("bench_ipc_client: error: %u wake-ups for %u signals\n",
			   (unsigned)(after.count - before.count), (unsigned)BENCH_ROUNDS);
		return -1;
	}
	/* the handler ran at once: before we went on after the submit, which
	 * it does not when its priority does not count (its claim spent) */
	if (after.time_sum - before.time_sum >= next) {
		log_printf("bench_ipc_client: error: the wake-up handler did not run at once\n");
		return -1;
	}
	uint64_t overhead = measure_timestamp(BENCH_ROUNDS);
	uint64_t latency  = after.time_sum - before.time_sum - sent;
	report("signal_wakeup", (uint32_t)(latency - overhead), BENCH_ROUNDS);
	return 0;
}

/* A ping-pong: our signal wakes the server's handler, which answers with
 * one to us; each side acknowledges a delivery and waits in one call */
static uint32_t measure_roundtrips(uint16_t ping_ctx, uint16_t own_ctx, uint16_t own_recv,
				   unsigned rounds)
{
	uint64_t start = timestamp_ns();
	for (unsigned i = 0; i < rounds; i++) {
		kernel_sig_submit(ping_ctx, 1);
		kernel_sig_ack_wait(own_ctx, own_recv);
	}
	return (uint32_t)(timestamp_ns() - start);
}

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t own_ctx, own_recv;
	uint32_t recv;

	while (core_lookup(u, "bench", &server) != CORE_OK)
		kernel_thread_yield();
	if (core_sig_receiver(u, &own_recv, &recv) != CORE_OK ||
	    core_sig_context(u, recv, 0, &own_ctx) != CORE_OK)
		return 1;

	uint16_t own[UTCB_MAX_CAPS];
	for (unsigned i = 0; i < UTCB_MAX_CAPS; i++)
		if (core_sig_context(u, recv, i + 1, &own[i]) != CORE_OK)
			return 1;

	report("ipc_loop_overhead", measure_loop(u, BENCH_ROUNDS), BENCH_ROUNDS);
	bench_calls("ipc_roundtrip", u, 0, own, 0);
	bench_calls("ipc_roundtrip_rcvcap", u, 0, own, UTCB_MAX_CAPS);
	bench_calls("ipc_roundtrip_cap", u, 1, own, 1);
	bench_calls("ipc_roundtrip_cap4", u, UTCB_MAX_CAPS, own, UTCB_MAX_CAPS);

	/* exchange signal contexts: ours for the server's ping handler's, then
	 * its wake-up handler's */
	*(uint32_t *)u->data = BENCH_SETUP;
	u->data_size         = 4;
	u->cap_count         = 1;
	u->caps[0]           = own_ctx;
	if (kernel_rpc_call(server, 1) != KERNEL_OK || u->cap_count != 1)
		return 2;
	uint16_t ping_ctx = u->caps[0];
	kernel_cap_ack(ping_ctx);
	*(uint32_t *)u->data = BENCH_WAKE;
	u->data_size         = 4;
	u->cap_count         = 0;
	if (kernel_rpc_call(server, 1) != KERNEL_OK || u->cap_count != 1)
		return 2;
	uint16_t wake_ctx = u->caps[0];
	kernel_cap_ack(wake_ctx);
	if (bench_wakeup(u, wake_ctx))
		return 3;

	/* the first answer is taken by a plain wait: nothing to acknowledge yet */
	kernel_sig_submit(ping_ctx, 1);
	kernel_sig_wait(own_recv);
	measure_roundtrips(ping_ctx, own_ctx, own_recv, BENCH_WARMUP);
	report("signal_roundtrip", measure_roundtrips(ping_ctx, own_ctx, own_recv, BENCH_ROUNDS),
	       BENCH_ROUNDS);
	log_printf("bench_ipc_client: done\n");
	return 0;
}
