/*
 * PD session: a new, empty protection domain for a child. Its parent fills
 * the child's address space through PD_ADDRESS_SPACE (a region map, see
 * session/rm_session.h) and starts its main thread with PD_START, handing
 * over the capability the child will know as its parent.
 *
 * The session's RAM quota minus PD_SESSION_RAM (core's own memory for the
 * PD) is the child's budget: its heap, stack and the donations it makes.
 * Upgrading the session adds to it; PD_WITHDRAW moves unused RAM to another
 * PD the caller names (its own, through core_service_cap): the parent takes
 * back what pays for a session it opens on the child's behalf.
 *
 * CPU: PD_CPU_QUOTA moves a percentage of the giver's CPU quota (the caller
 * names its own PD) to the child, whose main thread claims it; it goes back
 * to the giver when the PD does. The
 * session argument "priority=N" puts the child's priority band N levels
 * below the parent's top: no thread of the child ever runs above its parent's
 * band.
 *
 * PD_AFFINITY, before PD_START, names the child's CPUs: count of them from
 * first on (indices from 0, the boot CPU); they must be the board's and
 * its parent's (PD_NO_CPU). By default a PD has its parent's CPUs. The
 * main thread starts on the first, and so does every thread created
 * without naming a CPU; a thread on any other CPU is refused (see
 * session/cpu_session.h).
 *
 * PD_FAULT_HANDLER names a signal context (of the parent's) that core
 * signals whenever a thread of the child stops on a fault no region map
 * resolves: the parent learns of it, asks PD_FAULT what it was (a stack
 * overflow: a touch of the guard page below a stack), and applies its
 * policy (e.g. ends or restarts the child).
 */
#pragma once

#include <base/rpc.h>

enum pd_op {
	PD_ADDRESS_SPACE,
	PD_START,
	PD_WITHDRAW,
	PD_QUOTA,
	PD_CPU_QUOTA,
	PD_FAULT_HANDLER,
	PD_FAULT,
	PD_AFFINITY,
	PD_OPCODES
};

enum pd_error {                       /* handler results beside RPC_OK */
		PD_OUT_OF_QUOTA = 60, /* the child has not that much RAM unused */
		PD_BAD_STATE    = 61, /* started twice */
		PD_START_FAILED = 62, /* no thread (bad ip or sp, no capability for the parent) */
		PD_OUT_OF_CPU   = 63, /* the parent has not that much CPU quota unclaimed */
		PD_NO_CPU       = 64, /* PD_AFFINITY: CPUs not the board's or not the parent's */
};

enum { PD_SESSION_RAM = 32 * 1024, PD_SESSION_CAPS = 4 };

struct pd_start_args {
	uint32_t ip, sp; /* sp 0: core's stack of 64 KiB at the top, mapped on demand */
};

struct pd_affinity_args {
	uint32_t first, count;
};

struct pd_amount {
	uint32_t bytes;
};

struct pd_quota_result {
	uint32_t budget, used; /* bytes: the child's RAM budget and what it uses or donated */
	uint32_t exited;       /* 1 once its main thread ended */
	uint32_t cpu_us;       /* its CPU quota: us per super period of 1 s */
	uint32_t faults;       /* threads stopped by faults nothing resolved, so far */
	uint32_t cpu_first, cpu_count; /* its CPUs (PD_AFFINITY) */
	uint32_t main_cpu;             /* where its main thread runs (once started) */
};

/* The last fault that stopped a thread of the child */
enum pd_fault_kind {
	PD_FAULT_NONE,
	PD_FAULT_STACK_OVERFLOW,   /* the guard page below a thread's stack */
	PD_FAULT_MEMORY,           /* an access no region map resolves */
	PD_FAULT_INSTRUCTION,      /* an undefined instruction */
	PD_FAULT_STACK_OUT_OF_RAM, /* a stack page the RAM quota cannot pay for */
};

struct pd_fault {
	uint32_t count; /* faults so far */
	uint32_t kind;  /* enum pd_fault_kind of the last one */
	uint32_t ip, addr;
};

static inline const char *pd_fault_kind_string(uint32_t kind)
{
	switch (kind) {
	case PD_FAULT_NONE: return "no fault";
	case PD_FAULT_STACK_OVERFLOW: return "stack overflow";
	case PD_FAULT_MEMORY: return "memory fault";
	case PD_FAULT_INSTRUCTION: return "undefined instruction";
	case PD_FAULT_STACK_OUT_OF_RAM: return "stack page beyond the RAM quota";
	}
	return "unknown fault";
}

static const struct rpc_function pd_functions[PD_OPCODES] = {
	[PD_ADDRESS_SPACE] = { 0, 0, 0, 1 },
	[PD_START]         = { sizeof(struct pd_start_args), 0, 1, 0 },
	[PD_WITHDRAW]      = { sizeof(struct pd_amount), 0, 1, 0 },
	[PD_QUOTA]         = { 0, sizeof(struct pd_quota_result), 0, 0 },
	[PD_CPU_QUOTA]     = { sizeof(struct pd_amount), 0, 1, 0 },
	[PD_FAULT_HANDLER] = { 0, 0, 1, 0 },
	[PD_FAULT]         = { 0, sizeof(struct pd_fault), 0, 0 },
	[PD_AFFINITY]      = { sizeof(struct pd_affinity_args), 0, 0, 0 },
};

static inline int pd_address_space(struct utcb *u, uint16_t pd, uint16_t *rm)
{
	struct rpc_caps out = { 0, { 0 } };
	int r = rpc_call(u, pd, PD_ADDRESS_SPACE, &pd_functions[PD_ADDRESS_SPACE], NULL, NULL, NULL,
			 &out);
	*rm   = r == RPC_OK && out.count ? out.id[0] : 0;
	return r == RPC_OK && !*rm ? RPC_BAD_REPLY : r;
}

static inline int pd_start(struct utcb *u, uint16_t pd, uint32_t ip, uint32_t sp, uint16_t parent)
{
	struct pd_start_args a = { ip, sp };
	struct rpc_caps in     = { 1, { parent } };
	return rpc_call(u, pd, PD_START, &pd_functions[PD_START], &a, NULL, &in, NULL);
}

/* bytes of pd's unused RAM to the PD named by to (a PD session, or the
 * caller's own PD as core_service_cap) */
static inline int pd_withdraw(struct utcb *u, uint16_t pd, uint16_t to, uint32_t bytes)
{
	struct pd_amount a = { bytes };
	struct rpc_caps in = { 1, { to } };
	return rpc_call(u, pd, PD_WITHDRAW, &pd_functions[PD_WITHDRAW], &a, NULL, &in, NULL);
}

static inline int pd_quota(struct utcb *u, uint16_t pd, struct pd_quota_result *q)
{
	return rpc_call(u, pd, PD_QUOTA, &pd_functions[PD_QUOTA], NULL, q, NULL, NULL);
}

/* percent of the CPU quota of the PD named by from (the caller's own, as
 * core_service_cap) */
static inline int pd_cpu_quota(struct utcb *u, uint16_t pd, uint16_t from, uint32_t percent)
{
	struct pd_amount a = { percent };
	struct rpc_caps in = { 1, { from } };
	return rpc_call(u, pd, PD_CPU_QUOTA, &pd_functions[PD_CPU_QUOTA], &a, NULL, &in, NULL);
}

static inline int pd_fault_handler(struct utcb *u, uint16_t pd, uint16_t sig_context)
{
	struct rpc_caps in = { 1, { sig_context } };
	return rpc_call(u, pd, PD_FAULT_HANDLER, &pd_functions[PD_FAULT_HANDLER], NULL, NULL, &in,
			NULL);
}

static inline int pd_fault(struct utcb *u, uint16_t pd, struct pd_fault *f)
{
	return rpc_call(u, pd, PD_FAULT, &pd_functions[PD_FAULT], NULL, f, NULL, NULL);
}

/* The child's CPUs: count of them from first on (before pd_start) */
static inline int pd_affinity(struct utcb *u, uint16_t pd, uint32_t first, uint32_t count)
{
	struct pd_affinity_args a = { first, count };
	return rpc_call(u, pd, PD_AFFINITY, &pd_functions[PD_AFFINITY], &a, NULL, NULL, NULL);
}
