/*
 * A server child (run/init.run): announces "Adder" to its parent and hands
 * out sessions through its root object; each session remembers its label.
 * It insists on ADDER_SESSION_RAM of donation.
 */
#include <string.h>
#include <base/core_service.h>
#include <base/log.h>
#include <base/root.h>
#include <base/session_args.h>
#include <test/adder_session.h>

enum { MAX_SESSIONS = 8 };

struct adder {
	struct rpc_object obj; /* first */
	bool used;
	char label[ADDER_LABEL_LEN];
};

static struct rpc_entrypoint ep;
static struct rpc_object root;
static struct adder sessions[MAX_SESSIONS];

static int add_handler(struct rpc_object *o, struct rpc_request *r)
{
	const struct adder_args *a = r->args;
	(void)o;
	((struct adder_sum *)r->result)->sum = a->a + a->b;
	return RPC_OK;
}

static int label_handler(struct rpc_object *o, struct rpc_request *r)
{
	memcpy(((struct adder_label *)r->result)->text, ((struct adder *)o)->label,
	       ADDER_LABEL_LEN);
	return RPC_OK;
}

static const rpc_handler_t adder_handlers[ADDER_OPCODES] = { add_handler, label_handler };
static const struct rpc_interface adder_iface = { ADDER_OPCODES, adder_functions, adder_handlers };

static int session_handler(struct rpc_object *o, struct rpc_request *r)
{
	const char *args = ((const struct root_args *)r->args)->args;
	struct adder *s  = NULL;
	uint64_t ram     = 0;
	(void)o;

	if (!session_args_valid(args, PARENT_ARGS_LEN))
		return PARENT_BAD_ARGS;
	session_arg_u64(args, "ram_quota", &ram);
	if (ram < ADDER_SESSION_RAM)
		return PARENT_INSUFFICIENT_RAM;
	for (unsigned i = 0; i < MAX_SESSIONS && !s; i++)
		if (!sessions[i].used)
			s = &sessions[i];
	if (!s || rpc_ep_manage(&ep, &s->obj, &adder_iface) != RPC_OK)
		return PARENT_OUT_OF_QUOTA;
	s->used = true;
	memset(s->label, 0, sizeof(s->label));
	session_arg_string(args, "label", s->label, sizeof(s->label));
	log_printf("adder_server: session for \"%s\"\n", s->label);
	r->caps_out = (struct rpc_caps){ 1, { s->obj.cap } };
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
	struct rpc_object *s = rpc_ep_lookup(&ep, r->caps.id[0]);
	(void)o;
	if (!s || s->iface != &adder_iface)
		return PARENT_BAD_ARGS;
	log_printf("adder_server: session for \"%s\" closed\n", ((struct adder *)s)->label);
	rpc_ep_dissolve(&ep, s);
	((struct adder *)s)->used = false;
	return RPC_OK;
}

static const rpc_handler_t root_handlers[ROOT_OPCODES] = { session_handler, upgrade_handler,
							   close_handler };
static const struct rpc_interface root_iface = { ROOT_OPCODES, root_functions, root_handlers };

int main(void)
{
	struct utcb *u = utcb_main();

	rpc_ep_init(&ep, u, 0);
	if (rpc_ep_manage(&ep, &root, &root_iface) != RPC_OK)
		return 1;
	int r = parent_announce(u, "Adder", root.cap);
	log_printf("adder_server: announced \"Adder\": %d\n", r);
	r = parent_announce(u, "Secret", root.cap);
	log_printf("adder_server: announced \"Secret\" (not in its <provides>): %d\n", r);
	rpc_ep_serve(&ep);
}
