/*
 * IPC benchmark client: instructions (guest ns under QEMU -icount shift=0)
 * of an RPC round trip between two PDs with an empty message, with one
 * capability each way, and of a signal wake-up across PDs. Prints one line
 * per figure, averaged over BENCH_ROUNDS after BENCH_WARMUP rounds: enough
 * for one instruction's resolution also with a 1 MHz timer (1 us is 1,000
 * instructions).
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

static uint32_t measure_calls(struct utcb *u, unsigned caps, uint16_t cap, unsigned rounds)
{
	uint64_t start = timestamp_ns();
	for (unsigned i = 0; i < rounds; i++) {
		u->data_size = 0;
		u->cap_count = caps;
		u->caps[0]   = cap;
		kernel_rpc_call(server, caps);
	}
	return (uint32_t)(timestamp_ns() - start);
}

static uint32_t measure_signals(uint16_t server_ctx, uint16_t own_ctx, uint16_t own_recv,
				unsigned rounds)
{
	uint64_t start = timestamp_ns();
	for (unsigned i = 0; i < rounds; i++) {
		kernel_sig_submit(server_ctx, 1);
		kernel_sig_wait(own_recv);
		kernel_sig_ack(own_ctx);
	}
	return (uint32_t)(timestamp_ns() - start);
}

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t own_ctx, own_recv, server_ctx;
	uint32_t recv;

	while (core_lookup(u, "bench", &server) != CORE_OK)
		kernel_thread_yield();
	if (core_sig_receiver(u, &own_recv, &recv) != CORE_OK ||
	    core_sig_context(u, recv, 0, &own_ctx) != CORE_OK)
		return 1;

	/* empty round trip: the one the kernel's fast path is for */
	measure_calls(u, 0, 0, BENCH_WARMUP);
	report("ipc_roundtrip", measure_calls(u, 0, 0, BENCH_ROUNDS), BENCH_ROUNDS);

	/* one capability each way (the server returns it) */
	measure_calls(u, 1, own_ctx, BENCH_WARMUP);
	report("ipc_roundtrip_cap", measure_calls(u, 1, own_ctx, BENCH_ROUNDS), BENCH_ROUNDS);

	/* exchange signal contexts, then ping-pong: half a round trip is one wake-up */
	*(uint32_t *)u->data = BENCH_SETUP;
	u->data_size         = 4;
	u->cap_count         = 1;
	u->caps[0]           = own_ctx;
	if (kernel_rpc_call(server, 1) != KERNEL_OK || u->cap_count != 1)
		return 2;
	server_ctx = u->caps[0];
	measure_signals(server_ctx, own_ctx, own_recv, BENCH_WARMUP);
	report("signal_wakeup", measure_signals(server_ctx, own_ctx, own_recv, BENCH_ROUNDS),
	       2 * BENCH_ROUNDS);
	log_printf("bench_ipc_client: done\n");
	return 0;
}
