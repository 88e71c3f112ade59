/*
 * RPC test server: a root object and CALC_CALCULATORS calculator objects
 * served by one entrypoint (the main thread), dispatched by badge and
 * opcode (see test/calc_session.h).
 */
#include <stdlib.h>
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>
#include <test/calc_session.h>

enum { STORE_SLOTS = 16 };

struct calculator {
	struct rpc_object obj; /* first: handlers get the object */
	int32_t offset;
	uint16_t stored[STORE_SLOTS];
	unsigned stored_count;
};

static struct rpc_entrypoint ep;
static struct rpc_object root;
static struct calculator calcs[CALC_CALCULATORS];
static uint32_t clients, done;

static int root_client_id_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	((struct calc_u32 *)r->result)->value = ++clients;
	return RPC_OK;
}

static int root_calculator_handler(struct rpc_object *o, struct rpc_request *r)
{
	uint32_t i = ((const struct calc_u32 *)r->args)->value;
	(void)o;
	if (i >= CALC_CALCULATORS)
		return RPC_BAD_ARGS;
	r->caps_out = (struct rpc_caps){ 1, { calcs[i].obj.cap } };
	return RPC_OK;
}

static int root_done_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	(void)r;
	done++;
	return RPC_OK;
}

static int root_done_count_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	((struct calc_u32 *)r->result)->value = done;
	return RPC_OK;
}

static int root_exit_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	exit((int)((const struct calc_u32 *)r->args)->value); /* the caller gets no reply */
}

static int add_handler(struct rpc_object *o, struct rpc_request *r)
{
	const struct calc_add_args *a = r->args;
	((struct calc_u32 *)r->result)->value =
	    (uint32_t)(a->a + a->b + ((struct calculator *)o)->offset);
	return RPC_OK;
}

static int store_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct calculator *c = (struct calculator *)o;
	if (c->stored_count == STORE_SLOTS)
		return RPC_BAD_ARGS;
	c->stored[c->stored_count]            = r->caps.id[0];
	((struct calc_u32 *)r->result)->value = c->stored_count++;
	return RPC_OK;
}

static int fetch_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct calculator *c = (struct calculator *)o;
	uint32_t i           = ((const struct calc_u32 *)r->args)->value;
	if (i >= c->stored_count)
		return RPC_BAD_ARGS;
	r->caps_out = (struct rpc_caps){ 1, { c->stored[i] } };
	return RPC_OK;
}

static int reverse_handler(struct rpc_object *o, struct rpc_request *r)
{
	const struct calc_text *in = r->args;
	struct calc_text *out      = r->result;
	(void)o;
	if (in->len > CALC_TEXT_MAX)
		return RPC_BAD_ARGS;
	out->len = in->len;
	for (uint32_t i = 0; i < in->len; i++)
		out->text[i] = in->text[in->len - 1 - i];
	return RPC_OK;
}

static int fail_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	(void)r;
	return CALC_FAIL_CODE;
}

static const rpc_handler_t root_handlers[CALC_ROOT_OPCODES] = {
	root_client_id_handler, root_calculator_handler, root_done_handler, root_done_count_handler,
	root_exit_handler
};
static const rpc_handler_t calc_handlers[CALC_OPCODES] = {
	add_handler,     store_handler, fetch_handler,
	reverse_handler, fail_handler,  NULL /* CALC_LATER */
};
static const struct rpc_interface root_iface = { CALC_ROOT_OPCODES, calc_root_functions,
						 root_handlers };
static const struct rpc_interface calc_iface = { CALC_OPCODES, calc_functions, calc_handlers };

int main(void)
{
	struct utcb *u = utcb_main();

	rpc_ep_init(&ep, u, 0);
	for (unsigned i = 0; i < CALC_CALCULATORS; i++) {
		calcs[i].offset = (int32_t)(i * 1000);
		if (rpc_ep_manage(&ep, &calcs[i].obj, &calc_iface) != RPC_OK)
			return 1;
	}
	/* the root object is the thread's announced identity */
	if (core_announce(u, "calc", 0, &root.cap) != CORE_OK)
		return 2;
	rpc_ep_insert(&ep, &root, &root_iface);
	log_printf("rpc_server: serving %u calculators and the root object\n", CALC_CALCULATORS);
	rpc_ep_serve(&ep);
}
