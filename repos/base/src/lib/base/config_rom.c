/*
 * A ROM session served by a parent for its child (see base/config_rom.h).
 */
#include <string.h>
#include <base/config_rom.h>
#include <base/env.h>
#include <session/rm_session.h>
#include <session/rom_session.h>

static int dataspace_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct config_rom *rom = (struct config_rom *)o;

	((struct rom_dataspace_result *)r->result)->size = rom->size;
	r->caps_out                                      = (struct rpc_caps){ 1, { rom->ds } };
	return RPC_OK;
}

static const rpc_handler_t handlers[ROM_OPCODES] = { dataspace_handler };
static const struct rpc_interface iface          = { ROM_OPCODES, rom_functions, handlers };

bool config_rom_init(struct config_rom *r, struct rpc_entrypoint *ep, const char *text,
		     uint32_t size, const char *tail)
{
	uint32_t const tail_len = (uint32_t)strlen(tail);

	r->size = size + tail_len;
	if (env_ram_alloc(ep->utcb, r->size, &r->ds) != RPC_OK)
		return false;
	r->addr = env_attach(ep->utcb, r->ds);
	if (!r->addr || rpc_ep_manage(ep, &r->obj, &iface) != RPC_OK) {
		if (r->addr)
			rm_detach(ep->utcb, env_address_space(ep->utcb), r->addr);
		env_ram_free(ep->utcb, r->ds);
		return false;
	}
	memcpy((char *)(uintptr_t)r->addr, text, size);
	memcpy((char *)(uintptr_t)r->addr + size, tail, tail_len);
	return true;
}

void config_rom_dissolve(struct config_rom *r, struct rpc_entrypoint *ep)
{
	rpc_ep_dissolve(ep, &r->obj);
	rm_detach(ep->utcb, env_address_space(ep->utcb), r->addr);
	env_ram_free(ep->utcb, r->ds);
}
