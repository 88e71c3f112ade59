/*
 * The component's "config" ROM (base/config.h): opened, attached and
 * parsed once, by whichever thread asks first.
 */
#include <base/config.h>
#include <base/env.h>
#include <base/lock.h>
#include <base/parent.h>
#include <session/rom_session.h>

static struct lock lock = LOCK_INIT;
static bool asked, valid;
static struct node root;

/* The ROM's text, NULL (size 0) if there is none */
static const char *config_text(struct utcb *u, uint32_t *size)
{
	uint16_t rom = 0, ds = 0;
	uint32_t addr;

	*size = 0;
	if (!parent_cap || parent_session(u, "ROM", "config", ROM_SESSION_RAM, ROM_SESSION_RAM,
					  ROM_SESSION_CAPS, &rom) != RPC_OK)
		return NULL;
	if (rom_dataspace(u, rom, &ds, size) != RPC_OK || !(addr = env_attach_readonly(u, ds))) {
		parent_close(u, rom);
		*size = 0;
		return NULL;
	}
	return (const char *)(uintptr_t)addr;
}

bool config_read(struct utcb *u, struct node *config)
{
	lock_acquire(&lock);
	if (!asked) {
		uint32_t size;
		const char *text = config_text(u, &size);
		asked            = true;
		valid            = text && !node_parse(text, size, &root).error;
	}
	if (valid)
		*config = root;
	lock_release(&lock);
	return valid;
}
