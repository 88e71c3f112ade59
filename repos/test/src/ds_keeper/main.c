/*
 * The keeper of run/ds_ownership.run: receives another component's
 * dataspace, may attach it (it was given the capability) but never free it.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <base/parent.h>
#include <session/ram_session.h>
#include <session/rm_session.h>
#include <test/keeper_session.h>

static struct utcb *u;
static uint16_t space, ram, taken;
static struct rpc_entrypoint ep;
static struct rpc_object root;

static void report(struct keeper_report *r)
{
	struct rm_attach_args a = { 0, 0, 0, 0 };
	uint32_t addr           = 0;

	r->attach      = rm_attach(u, space, taken, &a, &addr);
	r->first_word  = r->attach == RPC_OK ? *(volatile uint32_t *)(uintptr_t)addr : 0;
	r->free_given  = ram_free(u, ram, taken);
	r->free_forged = ram_free(u, ram, (uint16_t)(taken + 1000));
}

static int take_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	taken = r->caps.id[0];
	report(r->result);
	return RPC_OK;
}

static int retry_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	report(r->result);
	return RPC_OK;
}

static const rpc_handler_t handlers[KEEPER_OPCODES] = { take_handler, retry_handler };
static const struct rpc_interface iface = { KEEPER_OPCODES, keeper_functions, handlers };

int main(void)
{
	u = utcb_main();
	if (core_address_space(u, &space) != CORE_OK ||
	    parent_session(u, "RAM", "", 64 * 1024, 64 * 1024, 4, &ram) != RPC_OK)
		return 1;
	rpc_ep_init(&ep, u, 0);
	if (core_announce(u, "keeper", 0, &root.cap) != CORE_OK)
		return 2;
	rpc_ep_insert(&ep, &root, &iface);
	rpc_ep_serve(&ep);
}
