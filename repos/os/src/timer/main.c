/*
 * The timer driver: Timer sessions (timer/timer_session.h) for many
 * clients on top of the kernel's one-shot timeout of this component's
 * entrypoint thread. The timeout is always armed for the earliest deadline
 * of all sessions; when it fires, every session that is due gets its
 * signal, periodic ones are re-armed (skipping periods that passed
 * unnoticed rather than firing them in a burst).
 */
#include <stdlib.h>
#include <string.h>
#include <base/component.h>
#include <base/log.h>
#include <base/parent.h>
#include <base/root.h>
#include <base/session_args.h>
#include <base/signal.h>
#include <kernel/call.h>
#include <timer/timer_session.h>

enum { MAX_SESSIONS = 32 };

struct timer {
	struct rpc_object obj; /* first */
	bool used;
	uint16_t sigh;     /* the client's signal context, 0 none */
	uint64_t deadline; /* us since boot, 0 none */
	uint64_t period;   /* us, 0: one-shot */
};

static struct env *env;
static struct rpc_object root;
static struct timer timers[MAX_SESSIONS];
static struct signal_handler timeout;
static uint64_t armed; /* the deadline the kernel timeout is set for, 0 none */

/* The kernel's timeout for the earliest deadline */
static void rearm(void)
{
	uint64_t earliest = 0, now = kernel_time_us();

	for (unsigned i = 0; i < MAX_SESSIONS; i++)
		if (timers[i].used && timers[i].deadline &&
		    (!earliest || timers[i].deadline < earliest))
			earliest = timers[i].deadline;
	if (!earliest || earliest == armed)
		return;
	armed = earliest;
	kernel_timeout(earliest > now ? (uint32_t)(earliest - now) : 1, timeout.context_cap);
}

static void fired(struct signal_handler *h, uint32_t count)
{
	uint64_t now = kernel_time_us();
	(void)h;
	(void)count;

	armed = 0;
	for (unsigned i = 0; i < MAX_SESSIONS; i++) {
		struct timer *t = &timers[i];
		if (!t->used || !t->deadline || t->deadline > now)
			continue;
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
static int session_handler(struct rpc_object *o, struct rpc_request *r)
{
	const char *args = ((const struct root_args *)r->args)->args;
	struct timer *t  = NULL;
	uint64_t ram     = 0;
	(void)o;

	if (!session_args_valid(args, PARENT_ARGS_LEN))
		return PARENT_BAD_ARGS;
	session_arg_u64(args, "ram_quota", &ram);
	if (ram < TIMER_SESSION_RAM)
		return PARENT_INSUFFICIENT_RAM;
	for (unsigned i = 0; i < MAX_SESSIONS && !t; i++)
		if (!timers[i].used)
			t = &timers[i];
	if (!t || rpc_ep_manage(env->ep, &t->obj, &timer_iface) != RPC_OK)
		return PARENT_OUT_OF_QUOTA;
	t->used     = true;
	t->sigh     = 0;
	t->deadline = t->period = 0;
	r->caps_out             = (struct rpc_caps){ 1, { t->obj.cap } };
	return RPC_OK;
}

static int upgrade_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	(void)r;
	return RPC_OK;
}

static int close_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct rpc_object *s = rpc_ep_lookup(env->ep, r->caps.id[0]);
	(void)o;
	if (!s || s->iface != &timer_iface)
		return PARENT_BAD_ARGS;
	struct timer *t = (struct timer *)s;
	rpc_ep_dissolve(env->ep, s);
	if (t->sigh)
		kernel_cap_delete(t->sigh);
	t->used = false;
	return RPC_OK;
}

static const rpc_handler_t root_handlers[ROOT_OPCODES] = { session_handler, upgrade_handler,
							   close_handler };
static const struct rpc_interface root_iface = { ROOT_OPCODES, root_functions, root_handlers };

void component_construct(struct env *e)
{
	env = e;
	if (signal_handler_init(env->ep, &timeout, fired) != SIGNAL_OK ||
	    rpc_ep_manage(env->ep, &root, &root_iface) != RPC_OK ||
	    parent_announce(env->utcb, "Timer", root.cap) != RPC_OK) {
		log_printf("timer: error: cannot offer the Timer service\n");
		exit(1);
	}
	log_printf("timer: Timer service ready (%u sessions)\n", MAX_SESSIONS);
}
