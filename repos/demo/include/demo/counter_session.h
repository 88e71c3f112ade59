/*
 * The demo's "Counter" service: clients add the work they did; the server
 * keeps the total and signals every watcher when it passes a milestone
 * (1, 2, 4, 8 ... million rounds).
 */
#pragma once

#include <base/connection.h>
#include <base/rpc.h>

enum counter_op { COUNTER_ADD, COUNTER_WATCH, COUNTER_OPCODES };

enum { COUNTER_SESSION_RAM = 4096 };

struct counter_value {
	uint64_t value;
};

static const struct rpc_function counter_functions[COUNTER_OPCODES] = {
	[COUNTER_ADD]   = { sizeof(struct counter_value), sizeof(struct counter_value), 0, 0 },
	[COUNTER_WATCH] = { 0, 0, 1, 0 },
};

/* *total: the sum of all clients' work after this addition */
static inline int counter_add(struct utcb *u, uint16_t s, uint64_t n, uint64_t *total)
{
	struct counter_value a = { n }, r = { 0 };
	int res = rpc_call(u, s, COUNTER_ADD, &counter_functions[COUNTER_ADD], &a, &r, NULL, NULL);
	*total  = r.value;
	return res;
}

static inline int counter_watch(struct utcb *u, uint16_t s, uint16_t sig_context)
{
	struct rpc_caps in = { 1, { sig_context } };
	return rpc_call(u, s, COUNTER_WATCH, &counter_functions[COUNTER_WATCH], NULL, NULL, &in,
			NULL);
}

/* A Counter session in one call (base/connection.h); label: how the server
 * and init's routing see it ("" none) */
static inline uint16_t counter_connection_open(struct utcb *u, const char *label)
{
	return connection_open(u, "Counter", label, NULL, COUNTER_SESSION_RAM);
}
