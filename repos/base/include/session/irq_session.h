/*
 * IRQ session: one interrupt line for a user-level driver, "irq=N" with N
 * the interrupt controller's number (on the GIC: SPI n is 32 + n).
 *
 * The driver names a signal context of its own (IRQ_SIGH); from then on an
 * interrupt masks the line and submits that context. Once the device is
 * quiet again, IRQ_ACK acknowledges the delivery and unmasks the line (as
 * kernel_sig_ack of the context would); an ack with no delivery awaiting
 * one changes nothing. Closing the session masks the line and frees it.
 *
 * Core refuses the request with
 *   PARENT_BAD_ARGS        irq missing or no number, or beyond any
 *                          interrupt controller (>= 1024)
 *   PARENT_SERVICE_DENIED  a line the board does not give drivers, one the
 *                          kernel uses (its timer, its console), or one
 *                          another open IRQ session holds
 */
#pragma once

#include <base/parent.h>
#include <base/rpc.h>
#include <base/session_args.h>

enum irq_op { IRQ_SIGH, IRQ_ACK, IRQ_OPCODES };

enum irq_error {                       /* handler results beside RPC_OK */
		 IRQ_BAD_CONTEXT = 80, /* not the caller's signal context, or bound elsewhere */
		 IRQ_NO_CONTEXT  = 81, /* ack with no context set, or that context is gone */
};

enum { IRQ_SESSION_RAM = 4096, IRQ_SESSION_CAPS = 1 };

static const struct rpc_function irq_functions[IRQ_OPCODES] = {
	[IRQ_SIGH] = { 0, 0, 1, 0 },
	[IRQ_ACK]  = { 0, 0, 0, 0 },
};

/* A session for line */
static inline int irq_session_open(struct utcb *u, const char *label, uint32_t line,
				   uint16_t *session)
{
	char args[PARENT_ARGS_LEN] = "";

	if (!session_args_append_u64(args, sizeof(args), "irq", line))
		return PARENT_BAD_ARGS;
	return parent_session_with(u, "IRQ", label, args, IRQ_SESSION_RAM, IRQ_SESSION_RAM,
				   IRQ_SESSION_CAPS, session);
}

/* ctx: a signal context the caller got from core (core_sig_context) */
static inline int irq_session_sigh(struct utcb *u, uint16_t irq, uint16_t ctx)
{
	struct rpc_caps in = { 1, { ctx } };
	return rpc_call(u, irq, IRQ_SIGH, &irq_functions[IRQ_SIGH], NULL, NULL, &in, NULL);
}

static inline int irq_session_ack(struct utcb *u, uint16_t irq)
{
	return rpc_call(u, irq, IRQ_ACK, &irq_functions[IRQ_ACK], NULL, NULL, NULL, NULL);
}
