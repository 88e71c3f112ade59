/*
 * Interface of the RPC test server (run/rpc.run, run/bench_rpc.run): the
 * one description from which client stubs and server dispatch are built.
 *
 * The root object (reached through the announced capability) hands out
 * calculator objects, counts clients that are done and ends the server on
 * request (to test restarts); each calculator adds with its own offset, keeps
 * capabilities for its clients and reverses strings.
 */
#pragma once

#include <base/rpc.h>

enum calc_root_op {
	ROOT_CLIENT_ID,
	ROOT_CALCULATOR,
	ROOT_DONE,
	ROOT_DONE_COUNT,
	ROOT_EXIT,
	CALC_ROOT_OPCODES
};
/* CALC_LATER: a function of the interface the test server does not
 * implement (its handler is NULL): the call must be refused, not crash it */
enum calc_op {
	CALC_ADD,
	CALC_STORE_CAP,
	CALC_FETCH_CAP,
	CALC_REVERSE,
	CALC_FAIL,
	CALC_LATER,
	CALC_OPCODES
};

enum { CALC_TEXT_MAX = 1000, CALC_FAIL_CODE = 42, CALC_CALCULATORS = 2, CALC_CLIENTS = 3 };

struct calc_u32 {
	uint32_t value;
};
struct calc_add_args {
	int32_t a, b;
};
struct calc_text {
	uint32_t len;
	char text[CALC_TEXT_MAX];
};

static const struct rpc_function calc_root_functions[CALC_ROOT_OPCODES] = {
	[ROOT_CLIENT_ID]  = { 0, sizeof(struct calc_u32), 0, 0 },
	[ROOT_CALCULATOR] = { sizeof(struct calc_u32), 0, 0, 1 },
	[ROOT_DONE]       = { 0, 0, 0, 0 },                       /* a client finished */
	[ROOT_DONE_COUNT] = { 0, sizeof(struct calc_u32), 0, 0 }, /* how many did */
	[ROOT_EXIT]       = { sizeof(struct calc_u32), 0, 0, 0 }, /* the server exits: code */
};

static const struct rpc_function calc_functions[CALC_OPCODES] = {
	[CALC_ADD]       = { sizeof(struct calc_add_args), sizeof(struct calc_u32), 0, 0 },
	[CALC_STORE_CAP] = { 0, sizeof(struct calc_u32), 1, 0 },
	[CALC_FETCH_CAP] = { sizeof(struct calc_u32), 0, 0, 1 },
	[CALC_REVERSE]   = { sizeof(struct calc_text), sizeof(struct calc_text), 0, 0 },
	[CALC_FAIL]      = { 0, 0, 0, 0 },
	[CALC_LATER]     = { 0, 0, 0, 0 },
};

/* --- typed client stubs --- */
static inline int root_client_id(struct utcb *u, uint16_t root, uint32_t *id)
{
	struct calc_u32 r = { 0 };
	int res = rpc_call(u, root, ROOT_CLIENT_ID, &calc_root_functions[ROOT_CLIENT_ID], NULL, &r,
			   NULL, NULL);
	*id     = r.value;
	return res;
}

static inline int root_calculator(struct utcb *u, uint16_t root, uint32_t index, uint16_t *calc)
{
	struct calc_u32 a = { index };
	struct rpc_caps out;
	int res = rpc_call(u, root, ROOT_CALCULATOR, &calc_root_functions[ROOT_CALCULATOR], &a,
			   NULL, NULL, &out);
	*calc   = res == RPC_OK && out.count ? out.id[0] : 0;
	return res;
}

static inline int calc_add(struct utcb *u, uint16_t calc, int32_t a, int32_t b, int32_t *sum)
{
	struct calc_add_args args = { a, b };
	struct calc_u32 r         = { 0 };
	int res = rpc_call(u, calc, CALC_ADD, &calc_functions[CALC_ADD], &args, &r, NULL, NULL);
	*sum    = (int32_t)r.value;
	return res;
}

static inline int calc_store_cap(struct utcb *u, uint16_t calc, uint16_t cap, uint32_t *index)
{
	struct rpc_caps in = { 1, { cap } };
	struct calc_u32 r  = { 0 };
	int res =
	    rpc_call(u, calc, CALC_STORE_CAP, &calc_functions[CALC_STORE_CAP], NULL, &r, &in, NULL);
	*index = r.value;
	return res;
}

static inline int calc_fetch_cap(struct utcb *u, uint16_t calc, uint32_t index, uint16_t *cap)
{
	struct calc_u32 a = { index };
	struct rpc_caps out;
	int res = rpc_call(u, calc, CALC_FETCH_CAP, &calc_functions[CALC_FETCH_CAP], &a, NULL, NULL,
			   &out);
	*cap    = res == RPC_OK && out.count ? out.id[0] : 0;
	return res;
}

static inline int calc_reverse(struct utcb *u, uint16_t calc, struct calc_text *t)
{
	return rpc_call(u, calc, CALC_REVERSE, &calc_functions[CALC_REVERSE], t, t, NULL, NULL);
}

static inline int calc_fail(struct utcb *u, uint16_t calc)
{
	return rpc_call(u, calc, CALC_FAIL, &calc_functions[CALC_FAIL], NULL, NULL, NULL, NULL);
}

static inline int root_done(struct utcb *u, uint16_t root)
{
	return rpc_call(u, root, ROOT_DONE, &calc_root_functions[ROOT_DONE], NULL, NULL, NULL,
			NULL);
}

static inline int root_done_count(struct utcb *u, uint16_t root, uint32_t *count)
{
	struct calc_u32 r = { 0 };
	int res = rpc_call(u, root, ROOT_DONE_COUNT, &calc_root_functions[ROOT_DONE_COUNT], NULL,
			   &r, NULL, NULL);
	*count  = r.value;
	return res;
}

static inline int root_exit(struct utcb *u, uint16_t root, uint32_t code)
{
	struct calc_u32 a = { code };
	return rpc_call(u, root, ROOT_EXIT, &calc_root_functions[ROOT_EXIT], &a, NULL, NULL, NULL);
}
