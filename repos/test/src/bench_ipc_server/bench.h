/*
 * Protocol of the IPC benchmark (run/bench_ipc.run).
 */
#pragma once

enum bench_op {
	BENCH_NULL  = 0, /* empty request (the payload is not even read) */
	BENCH_SETUP = 1, /* request: client's signal context cap; reply: the server's */
};

enum { BENCH_WARMUP = 1000, BENCH_ROUNDS = 10000 };
