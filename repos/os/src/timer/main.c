/*
 * The timer driver: Timer sessions (timer/timer_session.h) for any number
 * of clients (each session is paid by its client's donation, see
 * base/root.h) on top of the kernel's one-shot timeout of this component's
 * entrypoint thread. The timeout is always armed for the earliest deadline
 * of all sessions; when it fires, every session that is due gets its
 * signal, in deadline order, periodic ones are re-armed (skipping periods that passed
 * unnoticed rather than firing them in a burst).
 */
#include <stdlib.h>
#include <string.h>
#include <base/component.h>
#include <base/log.h>
#include <base/parent.h>
#include <base/root.h>
#include <base/signal.h>
#include <kernel/call.h>
#include <timer/timer_session.h>

struct timer {
	struct root_session s; /* first */
	uint16_t sigh;         /* the client's signal context, 0 none */
	uint64_t deadline;     /* us since boot, 0 none */
	uint64_t period;       /* us, 0: one-shot */
};

static struct env *env;
static struct root_server root;
static struct signal_handler timeout;
static uint64_t armed; /* the deadline the kernel timeout is set for, 0 none */

/* The kernel's timeout for the earliest deadline */
static void rearm(void)
{
	uint64_t earliest = 0, now = kernel_time_us();

	for (struct root_session *s = root.sessions; s; s = s->next) {
		struct timer *t = (struct timer *)s;
		if (t->deadline && (!earliest || t->deadline < earliest))
			earliest = t->deadline;
	}
	if (!earliest || earliest == armed)
		return;
	armed = earliest;
	kernel_timeout(earliest > now ? (uint32_t)(earliest - now) : 1, timeout.context_cap);
}

/* The session due first, NULL if none is due at now */
static struct timer *earliest_due(uint64_t now)
{
	struct timer *due = NULL;

	for (struct root_session *s = root.sessions; s; s = s->next) {
		struct timer *t = (struct timer *)s;
		if (t->deadline && t->deadline <= now && (!due || t->deadline < due->deadline))
			due = t;
	}
	return due;
}

/* Every session that is due, in deadline order: a client with several
 * sessions gets their signals in that order even when the timeout fired
 * late for more than one of them */
static void fired(struct signal_handler *h, uint32_t count)
{
	uint64_t now = kernel_time_us();
	struct timer *t;
	(void)h;
	(void)count;

	armed = 0;
	while ((t = earliest_due(now))) {
		if (t->sigh)
			kernel_sig_submit(t->sigh, 1);
		if (!t->period) {
			t->deadline = 0;
			continue;
		}
		while (t->deadline <= now)
			t->deadline += t->period;
	}
	rearm();
}

/* --- sessions --- */
static int sigh_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct timer *t = (struct timer *)o;
	if (t->sigh)
		kernel_cap_delete(t->sigh);
	t->sigh = r->caps.id[0];
	return RPC_OK;
}

static int set(struct timer *t, uint64_t us, bool periodic)
{
	if (!t->sigh)
		return TIMER_NO_SIGH;
	if (periodic && us && us < TIMER_MIN_PERIOD_US)
		return RPC_BAD_ARGS;
	t->deadline = us ? kernel_time_us() + us : 0;
	t->period   = periodic ? us : 0;
	armed       = 0; /* an earlier deadline may replace the armed one */
	rearm();
	return RPC_OK;
}

static int oneshot_handler(struct rpc_object *o, struct rpc_request *r)
{
	return set((struct timer *)o, ((const struct timer_us *)r->args)->us, false);
}

static int periodic_handler(struct rpc_object *o, struct rpc_request *r)
{
	return set((struct timer *)o, ((const struct timer_us *)r->args)->us, true);
}

static int now_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	((struct timer_us *)r->result)->us = kernel_time_us();
	return RPC_OK;
}

static const rpc_handler_t timer_handlers[TIMER_OPCODES] = { sigh_handler, oneshot_handler,
							     periodic_handler, now_handler };
static const struct rpc_interface timer_iface = { TIMER_OPCODES, timer_functions, timer_handlers };

/* --- root --- */
static void session_closed(struct root_session *s)
{
	struct timer *t = (struct timer *)s;
	if (t->sigh)
		kernel_cap_delete(t->sigh);
}

static struct root_server root = { .iface = &timer_iface,
				   .ram   = TIMER_SESSION_RAM,
				   .size  = sizeof(struct timer),
				   .close = session_closed };

void component_construct(struct env *e)
{
	env     = e;
	root.ep = env->ep;
	if (signal_handler_init(env->ep, &timeout, fired) != SIGNAL_OK ||
	    root_server_announce(&root, "Timer") != RPC_OK) {
		log_printf("timer: error: cannot offer the Timer service\n");
		exit(1);
	}
	log_printf("timer: Timer service ready\n");
}
