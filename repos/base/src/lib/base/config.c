/*
 * The component's "config" ROM (base/config.h).
 */
#include <base/config.h>
#include <base/env.h>
#include <base/parent.h>
#include <session/rom_session.h>

bool config_read(struct utcb *u, struct node *config)
{
	uint16_t rom = 0, ds = 0;
	uint32_t size = 0, addr = 0;

	return parent_session(u, "ROM", "config", ROM_SESSION_RAM, ROM_SESSION_RAM,
			      ROM_SESSION_CAPS, &rom) == RPC_OK &&
	       rom_dataspace(u, rom, &ds, &size) == RPC_OK && (addr = env_attach(u, ds)) &&
	       !node_parse((const char *)(uintptr_t)addr, size, config).error;
}
