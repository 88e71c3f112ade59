/*
 * Attached ROM modules (base/attached_rom.h).
 */
#include <string.h>
#include <base/attached_rom.h>
#include <base/connection.h>
#include <base/env.h>
#include <kernel/call.h>
#include <session/rm_session.h>
#include <session/rom_session.h>

static void detach(struct utcb *u, struct attached_rom *rom)
{
	if (rom->addr)
		rm_detach(u, env_address_space(u), rom->addr);
	if (rom->ds)
		kernel_cap_delete(rom->ds);
	rom->ds    = 0;
	rom->addr  = 0;
	rom->size  = 0;
	rom->text  = 0;
	rom->valid = false;
}

static bool attach(struct utcb *u, struct attached_rom *rom, uint16_t ds, uint32_t size)
{
	uint32_t addr = env_attach_readonly(u, ds);
	if (!addr) {
		kernel_cap_delete(ds);
		return false;
	}
	rom->ds    = ds;
	rom->addr  = addr;
	rom->size  = size;
	rom->text  = (const char *)(uintptr_t)addr;
	rom->valid = !node_parse(rom->text, size, &rom->root).error;
	return true;
}

bool attached_rom_open(struct utcb *u, struct attached_rom *rom, const char *name)
{
	uint16_t ds   = 0;
	uint32_t size = 0;

	*rom = (struct attached_rom){ 0 };
	if (!(rom->session = rom_connection_open(u, name)))
		return false;
	if (rom_dataspace(u, rom->session, &ds, &size) != RPC_OK || !attach(u, rom, ds, size)) {
		connection_close(u, rom->session);
		rom->session = 0;
		return false;
	}
	return true;
}

bool attached_rom_update(struct utcb *u, struct attached_rom *rom)
{
	uint16_t ds             = 0;
	uint32_t size           = 0;
	struct attached_rom old = *rom;

	if (!rom->session || rom_dataspace(u, rom->session, &ds, &size) != RPC_OK ||
	    !attach(u, rom, ds, size)) {
		*rom = old;
		return false;
	}
	bool changed = !old.text || old.size != size || memcmp(old.text, rom->text, size);
	detach(u, &old);
	return changed;
}

void attached_rom_close(struct utcb *u, struct attached_rom *rom)
{
	detach(u, rom);
	if (rom->session)
		connection_close(u, rom->session);
	rom->session = 0;
}
