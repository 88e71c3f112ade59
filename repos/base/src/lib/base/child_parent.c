/*
 * The parent interface served for a child (see base/child_parent.h).
 */
#include <stdlib.h>
#include <string.h>
#include <base/core_service.h>
#include <base/child_parent.h>
#include <base/root.h>
#include <base/session_args.h>
#include <kernel/call.h>
#include <session/pd_session.h>
#include "root_worker.h"

static struct utcb *utcb(struct child_parent *c) { return c->ep->utcb; }

static void terminated(char *dst, const char *src, unsigned size)
{
	memcpy(dst, src, size - 1);
	dst[size - 1] = 0;
}

/* RAM back to the child's PD, unless it is gone */
static void give_back(struct child_parent *c, uint32_t ram)
{
	if (c->running && ram)
		parent_upgrade(utcb(c), c->loader.pd, ram, 0);
}

static void close_later(struct child_parent *c, const struct child_forwarded *s);

/* A session at a sibling's root: asked for by our worker (root_worker.h),
 * the answer handed out when the client asks again. The donation moves to
 * the server's PD with the session. */
static int session_at_child(struct child_parent *c, const struct child_route *route,
			    const struct parent_session_args *fwd, uint32_t ram,
			    struct child_forwarded *slot, struct rpc_request *r)
{
	struct root_job *j = root_job_of(c);

	if (j && j->state == ROOT_JOB_QUEUED)
		return PARENT_UNAVAILABLE;
	if (j) {
		bool same = !strcmp(j->service, fwd->service) && !strcmp(j->args.args, fwd->args);
		int res   = j->result;
		struct child_parent *server = j->server;
		struct root_job done        = *j;

		j->state = ROOT_JOB_FREE;
		if (res == RPC_OK && same && server->running) {
			if (done.ram)
				parent_upgrade(utcb(c), server->loader.pd, done.ram, 0);
			*slot       = (struct child_forwarded){ .cap    = done.cap,
								.ram    = done.ram,
								.server = server,
								.root   = done.root };
			r->caps_out = (struct rpc_caps){ 1, { done.cap } };
			return RPC_OK;
		}
		if (res == RPC_OK) /* an answer nobody waits for any more */
			close_later(c, &(struct child_forwarded){
					   .cap = done.cap, .server = server, .root = done.root });
		give_back(c, done.ram);
		if (same)
			return res; /* e.g. insufficient RAM: the client offers more */
	}
	if (!(j = root_job_alloc()))
		return PARENT_UNAVAILABLE;
	if (ram && pd_withdraw(utcb(c), c->loader.pd, core_service_cap, ram) != RPC_OK)
		return PARENT_OUT_OF_QUOTA;
	j->client = c;
	j->server = route->server;
	j->root   = route->root;
	j->ram    = ram;
	memcpy(j->service, fwd->service, sizeof(j->service));
	memcpy(j->args.args, fwd->args, sizeof(j->args.args));
	if (!root_job_queue(c->ep, j)) {
		give_back(c, ram);
		return PARENT_OUT_OF_QUOTA;
	}
	return PARENT_UNAVAILABLE;
}

/* The request, routed; *slot is filled in on success */
static int session_open(struct child_parent *c, const struct parent_session_args *a,
			struct child_forwarded *slot, struct rpc_request *r)
{
	struct parent_session_args fwd;
	struct child_route route    = { CHILD_ROUTE_PARENT, NULL, 0, 0, NULL };
	char label[PARENT_ARGS_LEN] = "";
	uint64_t ram                = 0;
	uint16_t cap                = 0;
	int res;

	terminated(fwd.service, a->service, sizeof(fwd.service));
	terminated(fwd.args, a->args, sizeof(fwd.args));
	if (!session_args_valid(fwd.args, sizeof(fwd.args)))
		return PARENT_BAD_ARGS;
	session_arg_string(fwd.args, "label", label, sizeof(label));
	if (!session_args_prefix_label(fwd.args, sizeof(fwd.args), c->name))
		return PARENT_BAD_ARGS;
	if (c->policy->route)
		route = c->policy->route(c, fwd.service, label);
	if (route.kind == CHILD_ROUTE_DENIED)
		return PARENT_SERVICE_DENIED;
	if (route.kind == CHILD_ROUTE_UNAVAILABLE)
		return PARENT_UNAVAILABLE;
	if (route.label &&
	    !session_args_set_string(fwd.args, sizeof(fwd.args), "label", route.label))
		return PARENT_BAD_ARGS;
	if (route.kind == CHILD_ROUTE_LOCAL) {
		*slot       = (struct child_forwarded){ .cap = route.local, .local = true };
		r->caps_out = (struct rpc_caps){ 1, { route.local } };
		return RPC_OK;
	}
	session_arg_u64(fwd.args, "ram_quota", &ram);
	if (ram > 0xffffffffu)
		return PARENT_OUT_OF_QUOTA;
	if (route.kind == CHILD_ROUTE_CHILD)
		return session_at_child(c, &route, &fwd, (uint32_t)ram, slot, r);
	if (ram && pd_withdraw(utcb(c), c->loader.pd, core_service_cap, (uint32_t)ram) != RPC_OK)
		return PARENT_OUT_OF_QUOTA;

	struct rpc_caps out = { 0, { 0 } };
	res = rpc_call(utcb(c), parent_cap, PARENT_SESSION, &parent_functions[PARENT_SESSION], &fwd,
		       NULL, NULL, &out);
	cap = res == RPC_OK && out.count ? out.id[0] : 0;
	res = res == RPC_OK && !cap ? RPC_BAD_REPLY : res;
	if (res != RPC_OK) {
		give_back(c, (uint32_t)ram);
		return res;
	}
	*slot       = (struct child_forwarded){ .cap = cap, .ram = (uint32_t)ram };
	r->caps_out = (struct rpc_caps){ 1, { cap } };
	return RPC_OK;
}

/* The record of the session lives on our heap: our own quota pays for it */
static int session_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct child_parent *c       = (struct child_parent *)o;
	struct child_forwarded *slot = calloc(1, sizeof(*slot));

	if (!slot)
		return PARENT_OUT_OF_QUOTA;
	int res = session_open(c, r->args, slot, r);
	if (res != RPC_OK) {
		free(slot);
		return res;
	}
	slot->next  = c->sessions;
	c->sessions = slot;
	return RPC_OK;
}

static struct child_forwarded *forwarded_of(struct child_parent *c, uint16_t cap)
{
	for (struct child_forwarded *s = c->sessions; s; s = s->next)
		if (cap && s->cap == cap)
			return s;
	return NULL;
}

/* Closing at a server is the worker's job too (see root_worker.h). */
static void close_later(struct child_parent *c, const struct child_forwarded *s)
{
	struct root_job *j = root_job_alloc();

	if (!j) { /* all busy: close it ourselves and hope the server does not call us */
		struct rpc_caps in = { 1, { s->cap } };
		rpc_call(utcb(c), s->root, ROOT_CLOSE, &root_functions[ROOT_CLOSE], NULL, NULL, &in,
			 NULL);
		kernel_cap_delete(s->cap);
		return;
	}
	j->close     = true;
	j->root      = s->root;
	j->cap       = s->cap;
	j->ram       = s->ram;
	j->server_pd = s->ram ? s->server->loader.pd : 0;
	j->client_pd = c->running ? c->loader.pd : 0;
	if (!root_job_queue(c->ep, j))
		j->state = ROOT_JOB_FREE;
}

/* Close it where it is and drop its record */
static void forwarded_close(struct child_parent *c, struct child_forwarded *s)
{
	struct child_forwarded **p = &c->sessions;

	while (*p != s)
		p = &(*p)->next;
	*p = s->next;
	if (s->local) {
		/* the object is the policy's */
	} else if (s->server && !s->server_gone) {
		close_later(c, s); /* the donation comes back through the worker */
	} else {
		/* parent_close frees our name of it; a server that is gone
		 * returned its PD's RAM to us already */
		if (!s->server)
			parent_close(utcb(c), s->cap);
		else
			kernel_cap_delete(s->cap);
		give_back(c, s->ram);
	}
	free(s);
}

static int close_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct child_parent *c    = (struct child_parent *)o;
	struct child_forwarded *s = forwarded_of(c, r->caps.id[0]);

	if (!s)
		return PARENT_BAD_ARGS;
	forwarded_close(c, s);
	return RPC_OK;
}

static int upgrade_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct child_parent *c    = (struct child_parent *)o;
	struct child_forwarded *s = forwarded_of(c, r->caps.id[0]);
	char args[PARENT_ARGS_LEN];
	uint64_t ram = 0, caps = 0;

	terminated(args, ((const struct parent_upgrade_args *)r->args)->args, sizeof(args));
	if (!s || s->local || s->server_gone || !session_args_valid(args, sizeof(args)))
		return PARENT_BAD_ARGS;
	session_arg_u64(args, "ram_quota", &ram);
	session_arg_u64(args, "cap_quota", &caps);
	if (ram > 0xffffffffu || caps > 0xffff ||
	    (ram && pd_withdraw(utcb(c), c->loader.pd, core_service_cap, (uint32_t)ram) != RPC_OK))
		return PARENT_OUT_OF_QUOTA;
	int res;
	if (s->server) {
		struct root_args a;
		struct rpc_caps in = { 1, { s->cap } };
		memcpy(a.args, args, sizeof(a.args));
		res = rpc_call(utcb(c), s->root, ROOT_UPGRADE, &root_functions[ROOT_UPGRADE], &a,
			       NULL, &in, NULL);
		if (res == RPC_OK && ram)
			parent_upgrade(utcb(c), s->server->loader.pd, (uint32_t)ram, 0);
	} else {
		res = parent_upgrade(utcb(c), s->cap, (uint32_t)ram, (uint32_t)caps);
	}
	if (res != RPC_OK) {
		give_back(c, (uint32_t)ram);
		return res;
	}
	s->ram += (uint32_t)ram;
	return RPC_OK;
}

static struct child_provided *provided_of(struct child_parent *c, const char *service)
{
	for (struct child_provided *p = c->provided; p; p = p->next)
		if (!strcmp(p->service, service))
			return p;
	return NULL;
}

uint16_t child_parent_provider(struct child_parent *c, const char *service)
{
	struct child_provided *p = provided_of(c, service);
	return p ? p->root : 0;
}

void child_parent_server_gone(struct child_parent *client, struct child_parent *server)
{
	for (struct child_forwarded *s = client->sessions; s; s = s->next)
		if (s->server == server)
			s->server_gone = true;
}

static int announce_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct child_parent *c = (struct child_parent *)o;
	char service[PARENT_SERVICE_LEN];

	terminated(service, ((const struct parent_announce_args *)r->args)->service,
		   sizeof(service));
	if (!service[0] || !c->policy->may_provide || !c->policy->may_provide(c, service))
		return PARENT_SERVICE_DENIED;
	struct child_provided *slot = provided_of(c, service); /* announced again: replaced */
	if (!slot) {
		if (!(slot = calloc(1, sizeof(*slot))))
			return PARENT_OUT_OF_QUOTA;
		memcpy(slot->service, service, sizeof(service));
		slot->next  = c->provided;
		c->provided = slot;
	}
	slot->root = r->caps.id[0];
	return RPC_OK;
}

static int exit_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct child_parent *c = (struct child_parent *)o;
	c->policy->exited(c, ((const struct parent_exit_args *)r->args)->code);
	return RPC_OK; /* if the policy released the child, nobody gets this reply */
}

static int resource_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct child_parent *c = (struct child_parent *)o;
	char args[PARENT_ARGS_LEN];
	uint64_t ram = 0;

	terminated(args, ((const struct parent_upgrade_args *)r->args)->args, sizeof(args));
	if (!session_args_valid(args, sizeof(args)) || !session_arg_u64(args, "ram_quota", &ram) ||
	    !ram || ram > 0xffffffffu)
		return PARENT_BAD_ARGS;
	return c->policy->resource_request ? c->policy->resource_request(c, (uint32_t)ram)
					   : PARENT_OUT_OF_QUOTA;
}

static int yield_sigh_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct child_parent *c = (struct child_parent *)o;
	if (c->yield_sigh)
		kernel_cap_delete(c->yield_sigh);
	c->yield_sigh = r->caps.id[0];
	return RPC_OK;
}

static int yield_request_handler(struct rpc_object *o, struct rpc_request *r)
{
	((struct parent_yield *)r->result)->ram = ((struct child_parent *)o)->yield_ram;
	return RPC_OK;
}

static int yield_response_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct child_parent *c = (struct child_parent *)o;
	(void)r;
	if (c->policy->yielded)
		c->policy->yielded(c);
	c->yield_ram = 0;
	return RPC_OK;
}

bool child_parent_ask_yield(struct child_parent *c, uint32_t ram)
{
	if (!c->running || !c->yield_sigh)
		return false;
	c->yield_ram = ram;
	kernel_sig_submit(c->yield_sigh, 1);
	return true;
}

static const rpc_handler_t handlers[PARENT_OPCODES] = {
	session_handler,    close_handler,         exit_handler,
	upgrade_handler,    announce_handler,      resource_handler,
	yield_sigh_handler, yield_request_handler, yield_response_handler
};
static const struct rpc_interface iface = { PARENT_OPCODES, parent_functions, handlers };

int child_parent_watch_faults(struct child_parent *c, uint16_t sig_context)
{
	return pd_fault_handler(c->ep->utcb, c->loader.pd, sig_context);
}

void child_parent_check_fault(struct child_parent *c)
{
	struct pd_fault f = { 0, PD_FAULT_NONE, 0, 0 };

	if (!c->running || pd_fault(c->ep->utcb, c->loader.pd, &f) != RPC_OK ||
	    f.count == c->faults_seen)
		return;
	c->faults_seen = f.count;
	if (c->policy->faulted)
		c->policy->faulted(c, &f);
}

enum child_result child_parent_start(struct child_parent *c, struct rpc_entrypoint *ep,
				     const char *name, const char *binary,
				     const struct child_resources *res,
				     const struct child_policy *policy, enum elf_result *elf_error)
{
	c->sessions    = NULL;
	c->provided    = NULL;
	c->yield_sigh  = 0;
	c->yield_ram   = 0;
	c->faults_seen = 0;
	terminated(c->name, name, sizeof(c->name));
	c->ep      = ep;
	c->policy  = policy;
	c->running = false;
	*elf_error = ELF_OK;
	if (rpc_ep_manage(ep, &c->parent, &iface) != RPC_OK)
		return CHILD_NO_SESSION;
	enum child_result r =
	    child_start(ep->utcb, &c->loader, c->name, binary, res, c->parent.cap, elf_error);
	if (r != CHILD_OK) {
		rpc_ep_dissolve(ep, &c->parent);
		return r;
	}
	c->running = true;
	return CHILD_OK;
}

void child_parent_release(struct child_parent *c)
{
	struct root_job *j = root_job_of(c);
	if (j && j->state == ROOT_JOB_QUEUED)
		j->orphan = true; /* the worker closes what comes back */
	else if (j) {
		if (j->result == RPC_OK)
			close_later(c, &(struct child_forwarded){
					   .cap = j->cap, .server = j->server, .root = j->root });
		j->state = ROOT_JOB_FREE;
	}
	c->running = false; /* its PD goes anyway: nothing to give back */
	while (c->sessions)
		forwarded_close(c, c->sessions);
	while (c->provided) {
		struct child_provided *p = c->provided;
		c->provided              = p->next;
		free(p);
	}
	if (c->yield_sigh)
		kernel_cap_delete(c->yield_sigh);
	c->yield_sigh = 0;
	child_destroy(c->ep->utcb, &c->loader);
	rpc_ep_dissolve(c->ep, &c->parent);
}
