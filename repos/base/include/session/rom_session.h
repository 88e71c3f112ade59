/*
 * ROM session: the read-only dataspace of a boot module, named by the last
 * element of the session label ("label=config").
 */
#pragma once

#include <base/rpc.h>

enum rom_op { ROM_DATASPACE, ROM_OPCODES };

enum { ROM_SESSION_RAM = 4096, ROM_SESSION_CAPS = 2 };

struct rom_dataspace_result {
	uint32_t size; /* the module's size in bytes (the dataspace is page-rounded) */
};

static const struct rpc_function rom_functions[ROM_OPCODES] = {
	[ROM_DATASPACE] = { 0, sizeof(struct rom_dataspace_result), 0, 1 },
};

static inline int rom_dataspace(struct utcb *u, uint16_t rom, uint16_t *ds, uint32_t *size)
{
	struct rom_dataspace_result res = { 0 };
	struct rpc_caps out             = { 0, { 0 } };
	int r =
	    rpc_call(u, rom, ROM_DATASPACE, &rom_functions[ROM_DATASPACE], NULL, &res, NULL, &out);
	*ds   = r == RPC_OK && out.count ? out.id[0] : 0;
	*size = res.size;
	return r == RPC_OK && !*ds ? RPC_BAD_REPLY : r;
}
