/*
 * RAM session: zeroed RAM dataspaces paid from the session's quota, which
 * is the RAM (and capability) quota donated with the session request. Each
 * dataspace costs its pages plus RAM_DS_OVERHEAD for core's bookkeeping and
 * one capability; freeing it returns both.
 */
#pragma once

#include <base/rpc.h>

enum ram_op { RAM_ALLOC, RAM_FREE, RAM_QUOTA, RAM_OPCODES };

enum ram_error {                        /* handler results beside RPC_OK */
		 RAM_OUT_OF_QUOTA = 20, /* the session's RAM quota does not cover it */
		 RAM_OUT_OF_CAPS  = 21, /* nor its capability quota */
		 RAM_OUT_OF_RAM   = 22, /* core itself has no contiguous RAM left */
		 RAM_BAD_SIZE     = 23, /* zero or absurd */
		 RAM_NOT_OWNER    = 24, /* not a dataspace of this session */
};

enum { RAM_SESSION_RAM = 4096, RAM_SESSION_CAPS = 1, RAM_DS_OVERHEAD = 4096 };

struct ram_alloc_args {
	uint32_t size; /* bytes, rounded up to whole pages */
};

struct ram_quota_result {
	uint32_t quota, used; /* bytes */
	uint32_t cap_quota, caps_used;
};

static const struct rpc_function ram_functions[RAM_OPCODES] = {
	[RAM_ALLOC] = { sizeof(struct ram_alloc_args), 0, 0, 1 },
	[RAM_FREE]  = { 0, 0, 1, 0 },
	[RAM_QUOTA] = { 0, sizeof(struct ram_quota_result), 0, 0 },
};

/* *ds receives the dataspace capability */
static inline int ram_alloc(struct utcb *u, uint16_t ram, uint32_t size, uint16_t *ds)
{
	struct ram_alloc_args a = { size };
	struct rpc_caps out     = { 0, { 0 } };
	int r = rpc_call(u, ram, RAM_ALLOC, &ram_functions[RAM_ALLOC], &a, NULL, NULL, &out);
	*ds   = r == RPC_OK && out.count ? out.id[0] : 0;
	return r == RPC_OK && !*ds ? RPC_BAD_REPLY : r;
}

static inline int ram_free(struct utcb *u, uint16_t ram, uint16_t ds)
{
	struct rpc_caps in = { 1, { ds } };
	return rpc_call(u, ram, RAM_FREE, &ram_functions[RAM_FREE], NULL, NULL, &in, NULL);
}

static inline int ram_quota(struct utcb *u, uint16_t ram, struct ram_quota_result *q)
{
	return rpc_call(u, ram, RAM_QUOTA, &ram_functions[RAM_QUOTA], NULL, q, NULL, NULL);
}
