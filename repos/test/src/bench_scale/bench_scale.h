/*
 * Protocol between bench_scale and bench_scale_server (run/bench_scale.run).
 */
#pragma once

enum bench_scale_op {
	BENCH_SCALE_NULL  = 0, /* empty request; capabilities it brings are dropped */
	BENCH_SCALE_SETUP = 1, /* request: the client's signal context; reply: the server's */
	BENCH_SCALE_HOLD  = 2, /* request: a count; the server names that many more objects */
};
