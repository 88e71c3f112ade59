/*
 * The "SmpIpc" service of run/smp_ipc.run: a session adds two numbers and
 * hands out the server's signal context, which counts every submit.
 */
#pragma once

#include <base/rpc.h>

enum smp_ipc_op { SMP_IPC_ADD, SMP_IPC_CONTEXT, SMP_IPC_OPCODES };
enum { SMP_IPC_SESSION_RAM = 8192, SMP_IPC_ROUNDS = 100 };

struct smp_ipc_args {
	uint32_t a, b;
};

struct smp_ipc_sum {
	uint32_t sum;
};

static const struct rpc_function smp_ipc_functions[SMP_IPC_OPCODES] = {
	[SMP_IPC_ADD]     = { sizeof(struct smp_ipc_args), sizeof(struct smp_ipc_sum), 0, 0 },
	[SMP_IPC_CONTEXT] = { 0, 0, 0, 1 },
};

static inline int smp_ipc_add(struct utcb *u, uint16_t s, uint32_t a, uint32_t b, uint32_t *sum)
{
	struct smp_ipc_args args = { a, b };
	struct smp_ipc_sum r     = { 0 };
	int res =
	    rpc_call(u, s, SMP_IPC_ADD, &smp_ipc_functions[SMP_IPC_ADD], &args, &r, NULL, NULL);
	*sum = r.sum;
	return res;
}

/* The server's signal context (the caller's name of it, to delete) */
static inline int smp_ipc_context(struct utcb *u, uint16_t s, uint16_t *ctx)
{
	struct rpc_caps out = { 0, { 0 } };
	int r = rpc_call(u, s, SMP_IPC_CONTEXT, &smp_ipc_functions[SMP_IPC_CONTEXT], NULL, NULL,
			 NULL, &out);
	*ctx  = r == RPC_OK && out.count ? out.id[0] : 0;
	return r == RPC_OK && !*ctx ? RPC_BAD_REPLY : r;
}
