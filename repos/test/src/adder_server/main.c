/*
 * A server child (run/init.run): announces "Adder" to its parent and hands
 * out sessions through its root object; each session remembers its label.
 * It insists on ADDER_SESSION_RAM of donation.
 */
#include <string.h>
#include <base/core_service.h>
#include <base/log.h>
#include <base/root.h>
#include <test/adder_session.h>

struct adder {
	struct root_session s; /* first */
};

static struct rpc_entrypoint ep;

static int add_handler(struct rpc_object *o, struct rpc_request *r)
{
	const struct adder_args *a = r->args;
	(void)o;
	((struct adder_sum *)r->result)->sum = a->a + a->b;
	return RPC_OK;
}

static int label_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct adder_label *out = r->result;
	memset(out->text, 0, sizeof(out->text));
	memcpy(out->text, ((struct adder *)o)->s.label, ROOT_LABEL_LEN);
	return RPC_OK;
}

static const rpc_handler_t adder_handlers[ADDER_OPCODES] = { add_handler, label_handler };
static const struct rpc_interface adder_iface = { ADDER_OPCODES, adder_functions, adder_handlers };

static void session_opened(struct root_session *s)
{
	log_printf("adder_server: session for \"%s\"\n", s->label);
}

static void session_closed(struct root_session *s)
{
	log_printf("adder_server: session for \"%s\" closed\n", s->label);
}

static struct root_server root = { .ep    = &ep,
				   .iface = &adder_iface,
				   .ram   = ADDER_SESSION_RAM,
				   .size  = sizeof(struct adder),
				   .open  = session_opened,
				   .close = session_closed };

int main(void)
{
	struct utcb *u = utcb_main();

	rpc_ep_init(&ep, u, 0);
	int r = root_server_announce(&root, "Adder");
	log_printf("adder_server: announced \"Adder\": %d\n", r);
	r = parent_announce(u, "Secret", root.obj.cap);
	log_printf("adder_server: announced \"Secret\" (not in its <provides>): %d\n", r);
	rpc_ep_serve(&ep);
}
