/*
 * A ROM module attached and parsed (doc/howto.md 3), above all the
 * component's "config":
 *
 *   struct attached_rom config;
 *   if (attached_rom_open(u, &config, "config") && config.valid)
 *           node_attr_u64(&config.root, "quota", &quota);
 *
 * opens a ROM session (base/connection.h), attaches its dataspace
 * read-only and parses the text as XML or HID (base/node.h). A server that
 * offers a new version of the module hands out a new dataspace:
 * attached_rom_update asks for it, attaches and parses it anew and says
 * whether the text changed; call it where the component learns of the
 * change (a signal handler). The ROMs of this framework (core's boot modules, init's
 * configs) do not change while a component runs.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <base/node.h>
#include <kernel/utcb.h>

struct attached_rom {
	uint16_t session, ds; /* 0: none */
	uint32_t addr, size;  /* where the text is, its size in bytes */
	const char *text;     /* NULL: not attached */
	bool valid;           /* text is valid XML or HID: root is its top node */
	struct node root;
};

/* Open and attach the module name; false if there is none (rom is then
 * empty). A text that is no valid XML or HID is attached but not valid. */
bool attached_rom_open(struct utcb *u, struct attached_rom *rom, const char *name);

/* Attach and parse the module's current dataspace (the old one is
 * detached); true if the text differs from the one before */
bool attached_rom_update(struct utcb *u, struct attached_rom *rom);

/* Detach it and close the session: its quota comes back */
void attached_rom_close(struct utcb *u, struct attached_rom *rom);
