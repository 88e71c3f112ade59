/*
 * CPU session: threads in a protection domain the client holds a
 * capability of (a PD session, or its own PD through core's service
 * capability). A thread starts at ip with stack pointer sp; the client can
 * pause and resume it, read its registers, end it, and name a signal
 * context (exception handler) that core signals when one of the session's
 * threads stops on a fault no region map resolves. Threads are named by the
 * handle CPU_THREAD_CREATE returns.
 *
 * Affinity: a thread runs on one CPU, by index from 0 (the boot CPU) to the
 * number of CPUs - 1; it is created on the CPU its create arguments name
 * (CPU_AFFINITY_FIRST: the first of its PD's CPUs) and CPU_THREAD_AFFINITY
 * moves it to another (its CPU quota moves with it and claims its part of
 * the rest of the new CPU's super period). A CPU that is not one of its
 * PD's (PD_AFFINITY: by default all of the board's) is refused with
 * CPU_OUT_OF_RANGE, a CPU whose quota cannot take the thread's with
 * CPU_NO_CPU.
 */
#pragma once

#include <base/rpc.h>

enum cpu_op {
	CPU_THREAD_CREATE,
	CPU_THREAD_PAUSE,
	CPU_THREAD_RESUME,
	CPU_THREAD_STATE,
	CPU_THREAD_KILL,
	CPU_EXCEPTION_HANDLER,
	CPU_THREAD_AFFINITY,
	CPU_OPCODES
};

enum cpu_error {                        /* handler results beside RPC_OK */
		 CPU_BAD_PD       = 80, /* the capability names no PD */
		 CPU_NO_THREAD    = 81, /* no such handle in this session */
		 CPU_LIMIT        = 82, /* the priority is above the PD's band */
		 CPU_START_FAILED = 83,
		 CPU_OUT_OF_QUOTA = 84, /* the PD's RAM quota does not cover the thread */
		 CPU_NO_CPU       = 85, /* that CPU's quota cannot take the thread's */
		 CPU_OUT_OF_RANGE = 86, /* not one of the PD's CPUs (nor, then, the board's) */
};

/* A thread costs its PD's RAM quota (core's object and its UTCB page), not
 * the session's */
enum { CPU_SESSION_RAM = 4096, CPU_SESSION_CAPS = 1 };

enum { CPU_AFFINITY_FIRST = 0xffffffffu }; /* the first of the PD's CPUs */

struct cpu_create_args {
	uint32_t ip, sp, priority;
	uint32_t affinity; /* index of its CPU, or CPU_AFFINITY_FIRST */
};

struct cpu_affinity_args {
	uint32_t handle;
	uint32_t affinity;
};

struct cpu_handle {
	uint32_t handle;
};

struct cpu_thread_state {
	uint32_t ip, sp;
	uint32_t faulted;    /* 1: stopped by an unresolved fault */
	uint32_t fault_addr; /* then: the address it accessed */
	uint32_t affinity;   /* index of the CPU it runs on (after a pending move: the new) */
	uint32_t time_us;    /* CPU time charged to it so far (wraps after 71 minutes) */
};

static const struct rpc_function cpu_functions[CPU_OPCODES] = {
	[CPU_THREAD_CREATE] = { sizeof(struct cpu_create_args), sizeof(struct cpu_handle), 1, 0 },
	[CPU_THREAD_PAUSE]  = { sizeof(struct cpu_handle), 0, 0, 0 },
	[CPU_THREAD_RESUME] = { sizeof(struct cpu_handle), 0, 0, 0 },
	[CPU_THREAD_STATE]  = { sizeof(struct cpu_handle), sizeof(struct cpu_thread_state), 0, 0 },
	[CPU_THREAD_KILL]   = { sizeof(struct cpu_handle), 0, 0, 0 },
	[CPU_EXCEPTION_HANDLER] = { 0, 0, 1, 0 },
	[CPU_THREAD_AFFINITY]   = { sizeof(struct cpu_affinity_args), 0, 0, 0 },
};

/* A thread on the CPU of index affinity */
static inline int cpu_thread_create_on(struct utcb *u, uint16_t cpu, uint16_t pd, uint32_t ip,
				       uint32_t sp, uint32_t priority, uint32_t affinity,
				       uint32_t *handle)
{
	struct cpu_create_args a = { ip, sp, priority, affinity };
	struct cpu_handle h      = { 0 };
	struct rpc_caps in       = { 1, { pd } };
	int r = rpc_call(u, cpu, CPU_THREAD_CREATE, &cpu_functions[CPU_THREAD_CREATE], &a, &h, &in,
			 NULL);
	*handle = h.handle;
	return r;
}

/* A thread on the first of the PD's CPUs */
static inline int cpu_thread_create(struct utcb *u, uint16_t cpu, uint16_t pd, uint32_t ip,
				    uint32_t sp, uint32_t priority, uint32_t *handle)
{
	return cpu_thread_create_on(u, cpu, pd, ip, sp, priority, CPU_AFFINITY_FIRST, handle);
}

static inline int cpu_thread_affinity(struct utcb *u, uint16_t cpu, uint32_t handle,
				      uint32_t affinity)
{
	struct cpu_affinity_args a = { handle, affinity };
	return rpc_call(u, cpu, CPU_THREAD_AFFINITY, &cpu_functions[CPU_THREAD_AFFINITY], &a, NULL,
			NULL, NULL);
}

static inline int cpu_thread_op(struct utcb *u, uint16_t cpu, enum cpu_op op, uint32_t handle)
{
	struct cpu_handle h = { handle };
	return rpc_call(u, cpu, op, &cpu_functions[op], &h, NULL, NULL, NULL);
}

static inline int cpu_thread_state(struct utcb *u, uint16_t cpu, uint32_t handle,
				   struct cpu_thread_state *s)
{
	struct cpu_handle h = { handle };
	return rpc_call(u, cpu, CPU_THREAD_STATE, &cpu_functions[CPU_THREAD_STATE], &h, s, NULL,
			NULL);
}

static inline int cpu_exception_handler(struct utcb *u, uint16_t cpu, uint16_t sig_context)
{
	struct rpc_caps in = { 1, { sig_context } };
	return rpc_call(u, cpu, CPU_EXCEPTION_HANDLER, &cpu_functions[CPU_EXCEPTION_HANDLER], NULL,
			NULL, &in, NULL);
}
