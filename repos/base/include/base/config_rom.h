/*
 * A ROM a parent serves its child itself, e.g. its "config": a copy of the
 * text in a RAM dataspace of the parent's, handed out as a ROM session
 * (session/rom_session.h) through the child policy's CHILD_ROUTE_LOCAL.
 * Each child has its own copy, so whatever it does with it stays its own.
 */
#pragma once

#include <base/rpc.h>

struct config_rom {
	struct rpc_object obj; /* first: obj.cap is the session capability */
	uint16_t ds;
	uint32_t size, addr;
};

/* The ROM holds the size bytes of text followed by the string tail (e.g.
 * HID's end marker after an inline config, see base/node.h) */
bool config_rom_init(struct config_rom *r, struct rpc_entrypoint *ep, const char *text,
		     uint32_t size, const char *tail);
void config_rom_dissolve(struct config_rom *r, struct rpc_entrypoint *ep);
