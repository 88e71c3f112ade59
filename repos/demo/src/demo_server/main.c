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
#include <demo/counter_session.h>
#include <kernel/call.h>

enum { MILLION = 1000000 };

struct counter {
	struct root_session s; /* first */
	uint16_t watcher;      /* signal context, 0 none */
};

static struct env *env;
static struct root_server root;
static uint64_t total, milestone = MILLION;

static int add_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	total += ((const struct counter_value *)r->args)->value;
	((struct counter_value *)r->result)->value = total;
	if (total < milestone)
		return RPC_OK;
	unsigned watchers = 0;
	for (struct root_session *s = root.sessions; s; s = s->next) {
		struct counter *c = (struct counter *)s;
		if (c->watcher && kernel_sig_submit(c->watcher, 1) == KERNEL_OK)
			watchers++;
	}
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

static void session_opened(struct root_session *s)
{
	log_printf("server: new client \"%s\"\n", s->label);
}

static void session_closed(struct root_session *s)
{
	struct counter *c = (struct counter *)s;
	log_printf("server: client \"%s\" left\n", s->label);
	if (c->watcher)
		kernel_cap_delete(c->watcher);
}

static struct root_server root = { .iface = &counter_iface,
				   .ram   = COUNTER_SESSION_RAM,
				   .size  = sizeof(struct counter),
				   .open  = session_opened,
				   .close = session_closed };

void component_construct(struct env *e)
{
	env     = e;
	root.ep = env->ep;
	if (root_server_announce(&root, "Counter") != RPC_OK) {
		log_printf("server: error: cannot announce the Counter service\n");
		exit(1);
	}
	log_printf("server: offering the Counter service\n");
}
