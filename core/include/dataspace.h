/*
 * Dataspaces in core: RAM of a RAM session, a boot module (ROM), the
 * range of a managed region map, or device registers (IO_MEM). Each is an
 * RPC object (base/dataspace.h), so a capability to it can travel between
 * components and come back to core as the argument of an attach.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <kernel/list.h>
#include "component.h"

enum ds_kind { DS_RAM, DS_ROM, DS_MANAGED, DS_IO_MEM };

struct region_map;
struct core_session;

struct dataspace {
	struct core_object base; /* first: the RPC object */
	enum ds_kind kind;
	uint32_t phys, size; /* size a multiple of pages; phys unused when managed */
	bool writable;
	struct core_session *owner; /* the RAM session that may free it */
	struct region_map *managed; /* DS_MANAGED: the region map behind it */
	struct list_node node;      /* in the owner's list */
};

/* Make ds an RPC object (its capability is ds->base.obj.cap); RPC_OK or error */
int dataspace_manage(struct dataspace *ds);
/* Detach it from every region map and make its capability invalid */
void dataspace_dissolve(struct dataspace *ds);
/* The dataspace behind a capability core received, or NULL */
struct dataspace *dataspace_lookup(uint16_t cap);
