/*
 * The usual root of a server (see base/root.h).
 */
#include <string.h>
#include <base/root.h>
#include <base/session_args.h>

static struct root_session *session_at(struct root_server *r, unsigned i)
{
	return (struct root_session *)((char *)r->pool + i * r->size);
}

static int session_handler(struct rpc_object *o, struct rpc_request *req)
{
	struct root_server *r  = (struct root_server *)o;
	const char *args       = ((const struct root_args *)req->args)->args;
	struct root_session *s = NULL;
	uint64_t ram           = 0;

	if (!session_args_valid(args, PARENT_ARGS_LEN))
		return PARENT_BAD_ARGS;
	session_arg_u64(args, "ram_quota", &ram);
	if (ram < r->ram)
		return PARENT_INSUFFICIENT_RAM;
	for (unsigned i = 0; i < r->count && !s; i++)
		if (!session_at(r, i)->used)
			s = session_at(r, i);
	if (!s)
		return PARENT_OUT_OF_QUOTA;
	memset((char *)s + sizeof(*s), 0, r->size - sizeof(*s));
	if (rpc_ep_manage(r->ep, &s->obj, r->iface) != RPC_OK)
		return PARENT_OUT_OF_QUOTA;
	s->used     = true;
	s->label[0] = 0;
	session_arg_string(args, "label", s->label, sizeof(s->label));
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
	struct root_server *r  = (struct root_server *)o;
	struct rpc_object *obj = rpc_ep_lookup(r->ep, req->caps.id[0]);

	if (!obj || obj->iface != r->iface)
		return PARENT_BAD_ARGS;
	struct root_session *s = (struct root_session *)obj;
	if (r->close)
		r->close(s);
	rpc_ep_dissolve(r->ep, obj);
	s->used = false;
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
