/*
 * The demo's server: an event-driven component that announces "Counter"
 * to init, adds up the work its clients report over RPC and signals all
 * watchers whenever the total passes the next milestone.
 */
#include <stdlib.h>
#include <base/component.h>
#include <base/log.h>
#include <base/parent.h>
#include <base/root.h>
#include <base/session_args.h>
#include <demo/counter_session.h>
#include <kernel/call.h>

enum { MAX_SESSIONS = 8, MILLION = 1000000 };

struct counter {
	struct rpc_object obj; /* first */
	bool used;
	uint16_t watcher; /* signal context, 0 none */
	char label[32];
};

static struct env *env;
static struct rpc_object root;
static struct counter sessions[MAX_SESSIONS];
static uint64_t total, milestone = MILLION;

static int add_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	total += ((const struct counter_value *)r->args)->value;
	((struct counter_value *)r->result)->value = total;
	if (total < milestone)
		return RPC_OK;
	unsigned watchers = 0;
	for (unsigned i = 0; i < MAX_SESSIONS; i++)
		if (sessions[i].used && sessions[i].watcher &&
		    kernel_sig_submit(sessions[i].watcher, 1) == KERNEL_OK)
			watchers++;
	log_printf("server: total passed %u million rounds, signalling %u watchers\n",
		   (unsigned)(milestone / MILLION), watchers);
	while (milestone <= total)
		milestone *= 2;
	return RPC_OK;
}

static int watch_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct counter *c = (struct counter *)o;
	if (c->watcher)
		kernel_cap_delete(c->watcher);
	c->watcher = r->caps.id[0];
	return RPC_OK;
}

static const rpc_handler_t counter_handlers[COUNTER_OPCODES] = { add_handler, watch_handler };
static const struct rpc_interface counter_iface              = { COUNTER_OPCODES, counter_functions,
								 counter_handlers };

static int session_handler(struct rpc_object *o, struct rpc_request *r)
{
	const char *args  = ((const struct root_args *)r->args)->args;
	struct counter *c = NULL;
	uint64_t ram      = 0;
	(void)o;

	if (!session_args_valid(args, PARENT_ARGS_LEN))
		return PARENT_BAD_ARGS;
	session_arg_u64(args, "ram_quota", &ram);
	if (ram < COUNTER_SESSION_RAM)
		return PARENT_INSUFFICIENT_RAM;
	for (unsigned i = 0; i < MAX_SESSIONS && !c; i++)
		if (!sessions[i].used)
			c = &sessions[i];
	if (!c || rpc_ep_manage(env->ep, &c->obj, &counter_iface) != RPC_OK)
		return PARENT_OUT_OF_QUOTA;
	c->used     = true;
	c->watcher  = 0;
	c->label[0] = 0;
	session_arg_string(args, "label", c->label, sizeof(c->label));
	log_printf("server: new client \"%s\"\n", c->label);
	r->caps_out = (struct rpc_caps){ 1, { c->obj.cap } };
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
	if (!s || s->iface != &counter_iface)
		return PARENT_BAD_ARGS;
	struct counter *c = (struct counter *)s;
	log_printf("server: client \"%s\" left\n", c->label);
	rpc_ep_dissolve(env->ep, s);
	if (c->watcher)
		kernel_cap_delete(c->watcher);
	c->used = false;
	return RPC_OK;
}

static const rpc_handler_t root_handlers[ROOT_OPCODES] = { session_handler, upgrade_handler,
							   close_handler };
static const struct rpc_interface root_iface = { ROOT_OPCODES, root_functions, root_handlers };

void component_construct(struct env *e)
{
	env = e;
	if (rpc_ep_manage(env->ep, &root, &root_iface) != RPC_OK ||
	    parent_announce(env->utcb, "Counter", root.cap) != RPC_OK) {
		log_printf("server: error: cannot announce the Counter service\n");
		exit(1);
	}
	log_printf("server: offering the Counter service\n");
}
