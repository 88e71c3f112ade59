/*
 * IO_MEM session: the registers of a device as a dataspace for a user-level
 * driver. The request names a physical range, "base=N, size=N" in decimal
 * (session arguments have no hex; io_mem_session_open() writes them), rounded
 * outward to whole pages: the dataspace starts at base's page, so the
 * registers lie at (base & 4095) in the attachment. Attached, it is mapped
 * as device memory (uncached, ordered) and never executable.
 *
 * Core refuses the request with
 *   PARENT_BAD_ARGS        base or size missing or no number, size 0, the
 *                          range beyond 4 GiB: a request nobody could grant
 *   PARENT_SERVICE_DENIED  a range not inside one of the board's device
 *                          windows, overlapping RAM or a device the kernel
 *                          drives, or overlapping the range of an open IO_MEM
 *                          session: a device has one driver at a time
 */
#pragma once

#include <base/parent.h>
#include <base/rpc.h>
#include <base/session_args.h>

enum io_mem_op { IO_MEM_DATASPACE, IO_MEM_OPCODES };

enum { IO_MEM_SESSION_RAM = 4096, IO_MEM_SESSION_CAPS = 2 }; /* the session and its dataspace */

static const struct rpc_function io_mem_functions[IO_MEM_OPCODES] = {
	[IO_MEM_DATASPACE] = { 0, 0, 0, 1 },
};

/* A session for [base, base + size) */
static inline int io_mem_session_open(struct utcb *u, const char *label, uint32_t base,
				      uint32_t size, uint16_t *session)
{
	char args[PARENT_ARGS_LEN] = "";

	if (!session_args_append_u64(args, sizeof(args), "base", base) ||
	    !session_args_append_u64(args, sizeof(args), "size", size))
		return PARENT_BAD_ARGS;
	return parent_session_with(u, "IO_MEM", label, args, IO_MEM_SESSION_RAM, IO_MEM_SESSION_RAM,
				   IO_MEM_SESSION_CAPS, session);
}

/* *ds receives the dataspace capability; it is valid while the session is open */
static inline int io_mem_session_dataspace(struct utcb *u, uint16_t io_mem, uint16_t *ds)
{
	struct rpc_caps out = { 0, { 0 } };
	int r = rpc_call(u, io_mem, IO_MEM_DATASPACE, &io_mem_functions[IO_MEM_DATASPACE], NULL,
			 NULL, NULL, &out);
	*ds   = r == RPC_OK && out.count ? out.id[0] : 0;
	return r == RPC_OK && !*ds ? RPC_BAD_REPLY : r;
}
