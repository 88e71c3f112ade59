/*
 * Dataspace: a piece of memory core hands out as a capability (RAM, a ROM
 * module, or a managed region map). Whoever holds the capability can attach
 * it to a region map; only the RAM session that allocated a RAM dataspace
 * can free it.
 */
#pragma once

#include <base/rpc.h>

enum dataspace_op { DATASPACE_INFO, DATASPACE_OPCODES };

enum { DATASPACE_WRITABLE = 1u << 0, DATASPACE_MANAGED = 1u << 1 };

struct dataspace_info {
	uint32_t size;  /* bytes, a multiple of 4 KiB */
	uint32_t flags; /* DATASPACE_* */
};

static const struct rpc_function dataspace_functions[DATASPACE_OPCODES] = {
	[DATASPACE_INFO] = { 0, sizeof(struct dataspace_info), 0, 0 },
};

static inline int dataspace_info(struct utcb *u, uint16_t ds, struct dataspace_info *info)
{
	return rpc_call(u, ds, DATASPACE_INFO, &dataspace_functions[DATASPACE_INFO], NULL, info,
			NULL, NULL);
}
