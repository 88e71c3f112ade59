/*
 * The usual root of a server (see base/root.h).
 */
#include <stdlib.h>
#include <string.h>
#include <base/root.h>
#include <base/session_args.h>

static int session_handler(struct rpc_object *o, struct rpc_request *req)
{
	struct root_server *r = (struct root_server *)o;
	const char *args      = ((const struct root_args *)req->args)->args;
	uint64_t ram          = 0;

	if (!session_args_valid(args, PARENT_ARGS_LEN))
		return PARENT_BAD_ARGS;
	session_arg_u64(args, "ram_quota", &ram);
	if (ram < r->ram)
		return PARENT_INSUFFICIENT_RAM;
	struct root_session *s = calloc(1, r->size);
	if (!s)
		return PARENT_OUT_OF_QUOTA;
	if (rpc_ep_manage(r->ep, &s->obj, r->iface) != RPC_OK) {
		free(s);
		return PARENT_OUT_OF_QUOTA;
	}
	session_arg_string(args, "label", s->label, sizeof(s->label));
	s->next     = r->sessions;
	r->sessions = s;
	if (r->open)
		r->open(s);
	req->caps_out = (struct rpc_caps){ 1, { s->obj.cap } };
	return RPC_OK;
}

/* The donation is what the server's PD got: nothing to do per session */
static int upgrade_handler(struct rpc_object *o, struct rpc_request *req)
{
	(void)o;
	(void)req;
	return RPC_OK;
}

static int close_handler(struct rpc_object *o, struct rpc_request *req)
{
	struct root_server *r   = (struct root_server *)o;
	struct rpc_object *obj  = rpc_ep_lookup(r->ep, req->caps.id[0]);
	struct root_session **p = &r->sessions;

	while (*p && &(*p)->obj != obj)
		p = &(*p)->next;
	if (!obj || !*p)
		return PARENT_BAD_ARGS; /* no session of this root */
	struct root_session *s = *p;
	*p                     = s->next;
	if (r->close)
		r->close(s);
	rpc_ep_dissolve(r->ep, obj);
	free(s);
	return RPC_OK;
}

static const rpc_handler_t handlers[ROOT_OPCODES] = { session_handler, upgrade_handler,
						      close_handler };
static const struct rpc_interface iface           = { ROOT_OPCODES, root_functions, handlers };

int root_server_announce(struct root_server *r, const char *service)
{
	int res = rpc_ep_manage(r->ep, &r->obj, &iface);
	return res == RPC_OK ? parent_announce(r->ep->utcb, service, r->obj.cap) : res;
}
