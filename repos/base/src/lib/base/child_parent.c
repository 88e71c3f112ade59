/*
 * The parent interface served for a child (see base/child_parent.h).
 */
#include <string.h>
#include <base/child_parent.h>
#include <base/session_args.h>
#include <kernel/call.h>
#include <session/pd_session.h>

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

static int session_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct child_parent *c              = (struct child_parent *)o;
	const struct parent_session_args *a = r->args;
	struct parent_session_args fwd;
	struct child_forwarded *slot = NULL;
	struct rpc_caps out          = { 0, { 0 } };
	uint64_t ram                 = 0;

	terminated(fwd.service, a->service, sizeof(fwd.service));
	terminated(fwd.args, a->args, sizeof(fwd.args));
	if (!session_args_valid(fwd.args, sizeof(fwd.args)) ||
	    !session_args_prefix_label(fwd.args, sizeof(fwd.args), c->name))
		return PARENT_BAD_ARGS;
	if (c->policy->allowed && !c->policy->allowed(c, fwd.service, fwd.args))
		return PARENT_SERVICE_DENIED;
	session_arg_u64(fwd.args, "ram_quota", &ram);
	for (unsigned i = 0; i < CHILD_MAX_SESSIONS && !slot; i++)
		if (!c->session[i].cap)
			slot = &c->session[i];
	if (!slot || ram > 0xffffffffu ||
	    (ram && pd_withdraw(utcb(c), c->loader.pd, (uint32_t)ram) != RPC_OK))
		return PARENT_OUT_OF_QUOTA;

	int res = rpc_call(utcb(c), parent_cap, PARENT_SESSION, &parent_functions[PARENT_SESSION],
			   &fwd, NULL, NULL, &out);
	if (res != RPC_OK || !out.count) {
		give_back(c, (uint32_t)ram);
		return res != RPC_OK ? res : RPC_BAD_REPLY;
	}
	*slot       = (struct child_forwarded){ out.id[0], (uint32_t)ram };
	r->caps_out = (struct rpc_caps){ 1, { out.id[0] } };
	return RPC_OK;
}

static struct child_forwarded *forwarded_of(struct child_parent *c, uint16_t cap)
{
	for (unsigned i = 0; i < CHILD_MAX_SESSIONS; i++)
		if (cap && c->session[i].cap == cap)
			return &c->session[i];
	return NULL;
}

static void forwarded_close(struct child_parent *c, struct child_forwarded *s)
{
	parent_close(utcb(c), s->cap);
	give_back(c, s->ram);
	kernel_cap_delete(s->cap);
	*s = (struct child_forwarded){ 0, 0 };
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
	if (!s || !session_args_valid(args, sizeof(args)))
		return PARENT_BAD_ARGS;
	session_arg_u64(args, "ram_quota", &ram);
	session_arg_u64(args, "cap_quota", &caps);
	if (ram > 0xffffffffu || caps > 0xffff ||
	    (ram && pd_withdraw(utcb(c), c->loader.pd, (uint32_t)ram) != RPC_OK))
		return PARENT_OUT_OF_QUOTA;
	int res = parent_upgrade(utcb(c), s->cap, (uint32_t)ram, (uint32_t)caps);
	if (res != RPC_OK) {
		give_back(c, (uint32_t)ram);
		return res;
	}
	s->ram += (uint32_t)ram;
	return RPC_OK;
}

static int exit_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct child_parent *c = (struct child_parent *)o;
	c->policy->exited(c, ((const struct parent_exit_args *)r->args)->code);
	return RPC_OK; /* if the policy released the child, nobody gets this reply */
}

static const rpc_handler_t handlers[PARENT_OPCODES] = { session_handler, close_handler,
							exit_handler, upgrade_handler };
static const struct rpc_interface iface = { PARENT_OPCODES, parent_functions, handlers };

enum child_result child_parent_start(struct child_parent *c, struct rpc_entrypoint *ep,
				     const char *name, const char *binary,
				     const struct child_resources *res,
				     const struct child_policy *policy, enum elf_result *elf_error)
{
	memset(c->session, 0, sizeof(c->session));
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
	for (unsigned i = 0; i < CHILD_MAX_SESSIONS; i++)
		if (c->session[i].cap) {
			c->running = false; /* its PD goes anyway: nothing to give back */
			forwarded_close(c, &c->session[i]);
		}
	c->running = false;
	child_destroy(c->ep->utcb, &c->loader);
	rpc_ep_dissolve(c->ep, &c->parent);
}
