/*
 * Region map: a range of virtual memory to which dataspaces are attached.
 * Every component can get a capability to its own address space's region
 * map (core_address_space()); an RM session ("size=N") is a managed region
 * map: its dataspace can itself be attached somewhere, and accesses to its
 * unattached parts stop the accessing thread and are reported to the fault
 * handler (a signal context). The handler reads the fault with
 * rm_fault_state, attaches memory there, and the thread continues.
 *
 * Addresses are relative to the region map: a managed map covers
 * [0, size); a component's address space covers [RM_SPACE_BASE,
 * RM_SPACE_END). Pages are mapped on the first access.
 *
 * Core keeps each attachment in memory the region map's owner pays: the
 * session's donation (RM_SESSION_RAM covers the session and its first
 * page of attachments, about 120; more need an upgrade of the session), or
 * for an address space the component's own RAM quota. RM_OUT_OF_METADATA
 * says that this quota is spent.
 */
#pragma once

#include <base/rpc.h>

enum rm_op { RM_ATTACH, RM_DETACH, RM_FAULT_HANDLER, RM_FAULT_STATE, RM_DATASPACE, RM_OPCODES };

enum rm_error {                          /* handler results beside RPC_OK */
		RM_REGION_CONFLICT = 40, /* overlaps an attachment */
		RM_OUT_OF_RANGE    = 41, /* outside the region map or the dataspace */
		RM_BAD_DATASPACE   = 42, /* the capability names no dataspace */
		RM_NOT_ATTACHED    = 43, /* detach: nothing attached there */
		RM_OUT_OF_METADATA = 44, /* the quota for attachments is spent */
		RM_NOT_MANAGED     = 45, /* an address space has no dataspace */
		RM_BAD_FLAGS = 46, /* writable attach of a read-only dataspace, nesting loop */
};

enum {
	RM_SPACE_BASE   = 0x20000000,
	RM_SPACE_END    = 0x40000000,
	RM_SESSION_RAM  = 8192,
	RM_SESSION_CAPS = 2,       /* the session and its dataspace */
	RM_ATTACH_AT    = 1u << 0, /* at the given address, else anywhere */
	RM_ATTACH_WRITE = 1u << 1,
	RM_ATTACH_EXEC  = 1u << 2,
};

struct rm_attach_args {
	uint32_t at;     /* with RM_ATTACH_AT; page aligned */
	uint32_t offset; /* into the dataspace; page aligned */
	uint32_t size;   /* 0: the rest of the dataspace */
	uint32_t flags;  /* RM_ATTACH_* */
};

struct rm_attach_result {
	uint32_t addr;
};

struct rm_detach_args {
	uint32_t addr; /* any address inside the attachment */
};

enum rm_fault_type { RM_FAULT_NONE, RM_FAULT_READ, RM_FAULT_WRITE, RM_FAULT_EXEC };

struct rm_fault_state {
	uint32_t type; /* enum rm_fault_type of the oldest unresolved fault */
	uint32_t addr; /* relative to the region map */
};

static const struct rpc_function rm_functions[RM_OPCODES] = {
	[RM_ATTACH] = { sizeof(struct rm_attach_args), sizeof(struct rm_attach_result), 1, 0 },
	[RM_DETACH] = { sizeof(struct rm_detach_args), 0, 0, 0 },
	[RM_FAULT_HANDLER] = { 0, 0, 1, 0 },
	[RM_FAULT_STATE]   = { 0, sizeof(struct rm_fault_state), 0, 0 },
	[RM_DATASPACE]     = { 0, 0, 0, 1 },
};

static inline int rm_attach(struct utcb *u, uint16_t rm, uint16_t ds,
			    const struct rm_attach_args *a, uint32_t *addr)
{
	struct rpc_caps in          = { 1, { ds } };
	struct rm_attach_result res = { 0 };
	int r = rpc_call(u, rm, RM_ATTACH, &rm_functions[RM_ATTACH], a, &res, &in, NULL);
	*addr = res.addr;
	return r;
}

static inline int rm_detach(struct utcb *u, uint16_t rm, uint32_t addr)
{
	struct rm_detach_args a = { addr };
	return rpc_call(u, rm, RM_DETACH, &rm_functions[RM_DETACH], &a, NULL, NULL, NULL);
}

static inline int rm_fault_handler(struct utcb *u, uint16_t rm, uint16_t sig_context)
{
	struct rpc_caps in = { 1, { sig_context } };
	return rpc_call(u, rm, RM_FAULT_HANDLER, &rm_functions[RM_FAULT_HANDLER], NULL, NULL, &in,
			NULL);
}

static inline int rm_fault_state(struct utcb *u, uint16_t rm, struct rm_fault_state *s)
{
	return rpc_call(u, rm, RM_FAULT_STATE, &rm_functions[RM_FAULT_STATE], NULL, s, NULL, NULL);
}

static inline int rm_dataspace(struct utcb *u, uint16_t rm, uint16_t *ds)
{
	struct rpc_caps out = { 0, { 0 } };
	int r = rpc_call(u, rm, RM_DATASPACE, &rm_functions[RM_DATASPACE], NULL, NULL, NULL, &out);
	*ds   = r == RPC_OK && out.count ? out.id[0] : 0;
	return r == RPC_OK && !*ds ? RPC_BAD_REPLY : r;
}
