/*
 * Timer session (served by the timer driver, repos/os/src/timer): the
 * client names a signal context (TIMER_SIGH) and asks for a one-shot or a
 * periodic timeout in microseconds; the driver submits the context when it
 * is due. TIMER_NOW tells the time since boot. A new one-shot or periodic
 * request replaces the session's previous one; 0 stops it.
 */
#pragma once

#include <base/rpc.h>

enum timer_op { TIMER_SIGH, TIMER_ONESHOT, TIMER_PERIODIC, TIMER_NOW, TIMER_OPCODES };

enum { TIMER_SESSION_RAM = 4096, TIMER_NO_SIGH = 90, TIMER_MIN_PERIOD_US = 1000 };

struct timer_us {
	uint64_t us;
};

static const struct rpc_function timer_functions[TIMER_OPCODES] = {
	[TIMER_SIGH]     = { 0, 0, 1, 0 },
	[TIMER_ONESHOT]  = { sizeof(struct timer_us), 0, 0, 0 },
	[TIMER_PERIODIC] = { sizeof(struct timer_us), 0, 0, 0 },
	[TIMER_NOW]      = { 0, sizeof(struct timer_us), 0, 0 },
};

static inline int timer_sigh(struct utcb *u, uint16_t timer, uint16_t sig_context)
{
	struct rpc_caps in = { 1, { sig_context } };
	return rpc_call(u, timer, TIMER_SIGH, &timer_functions[TIMER_SIGH], NULL, NULL, &in, NULL);
}

static inline int timer_oneshot(struct utcb *u, uint16_t timer, uint64_t us)
{
	struct timer_us a = { us };
	return rpc_call(u, timer, TIMER_ONESHOT, &timer_functions[TIMER_ONESHOT], &a, NULL, NULL,
			NULL);
}

/* every us (at least TIMER_MIN_PERIOD_US), 0: stop */
static inline int timer_periodic(struct utcb *u, uint16_t timer, uint64_t us)
{
	struct timer_us a = { us };
	return rpc_call(u, timer, TIMER_PERIODIC, &timer_functions[TIMER_PERIODIC], &a, NULL, NULL,
			NULL);
}

static inline int timer_now(struct utcb *u, uint16_t timer, uint64_t *us)
{
	struct timer_us r = { 0 };
	int res = rpc_call(u, timer, TIMER_NOW, &timer_functions[TIMER_NOW], NULL, &r, NULL, NULL);
	*us     = r.us;
	return res;
}
