/*
 * Interface of the dataspace keeper (run/ds_ownership.run): the owner hands
 * it a dataspace capability; the keeper reports what it could do with it.
 */
#pragma once

#include <base/rpc.h>

enum keeper_op { KEEPER_TAKE, KEEPER_RETRY, KEEPER_OPCODES };

struct keeper_report {
	uint32_t first_word; /* read through the keeper's own attachment */
	int32_t attach;      /* results of the keeper's operations on the dataspace */
	int32_t free_given;  /* ram_free of the given dataspace at the keeper's RAM session */
	int32_t free_forged; /* ram_free of an id the keeper never received */
};

static const struct rpc_function keeper_functions[KEEPER_OPCODES] = {
	[KEEPER_TAKE]  = { 0, sizeof(struct keeper_report), 1, 0 },
	[KEEPER_RETRY] = { 0, sizeof(struct keeper_report), 0, 0 },
};

static inline int keeper_take(struct utcb *u, uint16_t keeper, uint16_t ds, struct keeper_report *r)
{
	struct rpc_caps in = { 1, { ds } };
	return rpc_call(u, keeper, KEEPER_TAKE, &keeper_functions[KEEPER_TAKE], NULL, r, &in, NULL);
}

/* Attach and free the dataspace taken before once more */
static inline int keeper_retry(struct utcb *u, uint16_t keeper, struct keeper_report *r)
{
	return rpc_call(u, keeper, KEEPER_RETRY, &keeper_functions[KEEPER_RETRY], NULL, r, NULL,
			NULL);
}
