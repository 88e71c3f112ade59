/*
 * Event-driven components (doc/architecture.md 6).
 *
 * A component defines exactly one of
 *
 *   int main(void)                          a program: its return value is
 *                                           the exit value;
 *   void component_construct(struct env *)  a component: the startup code
 *                                           calls it after libc's start-up,
 *                                           then the main thread serves
 *                                           env->ep forever.
 *
 * A component sets up its RPC objects and signal handlers (base/signal.h)
 * on env->ep in component_construct and returns; from then on everything
 * happens in those handlers, one at a time on the main thread, and the
 * component ends by calling exit(n) from one of them.
 *
 * libbase defines a weak main that does this (lib/base/component.c), so it
 * is linked only when the component has no main of its own. Neither of the
 * two: the link fails (component_construct undefined); both: the startup
 * code reports it and exits with 1 before main runs.
 */
#pragma once

#include <stdint.h>
#include <base/rpc.h>
#include <kernel/utcb.h>

struct env {
	struct utcb *utcb;         /* the main thread's, which serves ep */
	struct rpc_entrypoint *ep; /* the component's entrypoint */
	uint16_t parent;           /* capability to the parent (base/parent.h) */
	uint16_t core;             /* core's service for this PD (base/core_service.h) */
};

void component_construct(struct env *env);

/* The component's name, as its parent calls it (core passes it in the
 * main thread's initial UTCB; "" if none) */
enum { COMPONENT_NAME_LEN = 64 };
const char *component_name(void);
