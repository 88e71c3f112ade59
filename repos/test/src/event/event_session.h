/*
 * Interface of the event test component (run/event.run), used by
 * event_client: start the signal sources, ping while signals flow, report.
 */
#pragma once

#include <base/rpc.h>

enum event_op { EVENT_START, EVENT_PING, EVENT_DONE, EVENT_OPCODES };

struct event_ping_args {
	uint32_t seq;
};
struct event_ping_result {
	uint32_t seq;     /* the argument + 1 */
	uint32_t signals; /* signal handler calls so far */
	uint32_t done;    /* all signal sources have finished */
};
struct event_done_args {
	uint32_t pings;       /* answered pings */
	uint32_t interleaved; /* pings between two different signal counts */
};

static const struct rpc_function event_functions[EVENT_OPCODES] = {
	[EVENT_START] = { 0, 0, 0, 0 },
	[EVENT_PING]  = { sizeof(struct event_ping_args), sizeof(struct event_ping_result), 0, 0 },
	[EVENT_DONE]  = { sizeof(struct event_done_args), 0, 0, 0 },
};

static inline int event_start(struct utcb *u, uint16_t cap)
{
	return rpc_call(u, cap, EVENT_START, &event_functions[EVENT_START], NULL, NULL, NULL, NULL);
}

static inline int event_ping(struct utcb *u, uint16_t cap, uint32_t seq,
			     struct event_ping_result *r)
{
	struct event_ping_args a = { seq };
	return rpc_call(u, cap, EVENT_PING, &event_functions[EVENT_PING], &a, r, NULL, NULL);
}

static inline int event_done(struct utcb *u, uint16_t cap, uint32_t pings, uint32_t interleaved)
{
	struct event_done_args a = { pings, interleaved };
	return rpc_call(u, cap, EVENT_DONE, &event_functions[EVENT_DONE], &a, NULL, NULL, NULL);
}
