/*
 * The "Adder" service of run/init.run: a server child announces it to init,
 * init routes other children's sessions to it. A session adds and tells
 * the label it was opened with.
 */
#pragma once

#include <base/rpc.h>

enum adder_op { ADDER_ADD, ADDER_LABEL, ADDER_OPCODES };

enum { ADDER_SESSION_RAM = 8192, ADDER_LABEL_LEN = 96 };

struct adder_args {
	int32_t a, b;
};
struct adder_sum {
	int32_t sum;
};
struct adder_label {
	char text[ADDER_LABEL_LEN];
};

static const struct rpc_function adder_functions[ADDER_OPCODES] = {
	[ADDER_ADD]   = { sizeof(struct adder_args), sizeof(struct adder_sum), 0, 0 },
	[ADDER_LABEL] = { 0, sizeof(struct adder_label), 0, 0 },
};

static inline int adder_add(struct utcb *u, uint16_t s, int32_t a, int32_t b, int32_t *sum)
{
	struct adder_args args = { a, b };
	struct adder_sum r     = { 0 };
	int res = rpc_call(u, s, ADDER_ADD, &adder_functions[ADDER_ADD], &args, &r, NULL, NULL);
	*sum    = r.sum;
	return res;
}

static inline int adder_label(struct utcb *u, uint16_t s, struct adder_label *l)
{
	return rpc_call(u, s, ADDER_LABEL, &adder_functions[ADDER_LABEL], NULL, l, NULL, NULL);
}
