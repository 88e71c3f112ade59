/*
 * Protocol of the IPC benchmark (run/bench_ipc.run).
 */
#pragma once

#include <base/timestamp.h>
#include <kernel/call.h>

enum bench_op {
	BENCH_NULL  = 0, /* empty request (the payload is not even read) */
	BENCH_SETUP = 1, /* request: client's signal context cap; reply: the server's */
};

enum { BENCH_WARMUP = 1000, BENCH_ROUNDS = 10000 };

/* Signal ping-pong with the server's echo thread, rounds times: submit to
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
