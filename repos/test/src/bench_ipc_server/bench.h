/*
 * Protocol of the IPC benchmark (run/bench_ipc.run, and run/bench_xcpu.run
 * with the same server).
 */
#pragma once

#include <stdint.h>
#include <base/timestamp.h>
#include <kernel/call.h>

enum bench_op {
	BENCH_NULL    = 0, /* empty request (the payload is not even read) */
	BENCH_SETUP   = 1, /* request: client's signal context cap; reply: the server's ping
			      handler's context, which answers every signal with one */
	BENCH_WAKEUPS = 2, /* reply: struct bench_wakeups */
	BENCH_WAKE    = 3, /* reply: the server's wake-up handler's context */
};

/* What the server's wake-up handler saw so far: the guest time right after
 * each wake-up, summed, and how many there were */
struct bench_wakeups {
	uint64_t time_sum;
	uint32_t count;
};

enum { BENCH_WARMUP = 1000, BENCH_ROUNDS = 10000 };

/* Signal ping-pong with the server's ping handler, rounds times: submit to
 * its context, wait for the answer, acknowledge it; guest ns in all */
static inline uint32_t bench_signal_rounds(uint16_t server_ctx, uint16_t own_ctx, uint16_t own_recv,
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
