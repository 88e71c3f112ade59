/*
 * Region maps in core (base/session/rm_session.h): a component's address
 * space and managed region maps (RM sessions). Core's pager resolves faults
 * in attached ranges by mapping one page, and reflects faults in the
 * unattached parts of a managed region map to its fault handler.
 */
#pragma once

#include <stdint.h>
#include "component.h"

struct dataspace;

/* The region map of c's address space, made on first use (a page of c's
 * quota); NULL if the quota does not cover it */
struct region_map *rm_address_space(struct component *c);
void rm_address_space_destroy(struct component *c);
/* Its RPC object: core's name and the identity (core gives components names of it) */
uint16_t rm_address_space_cap(struct region_map *rm);
struct identity *rm_address_space_identity(struct region_map *rm);

/* Detach ds from every region map (it is freed, or its session closes) */
void rm_forget_dataspace(struct dataspace *ds);

enum rm_resolution {
	RM_RESOLVED,   /* mapped: restart the thread */
	RM_REFLECTED,  /* waits for the fault handler of a managed region map */
	RM_UNRESOLVED, /* nothing attached, or not allowed: report it */
};
enum rm_resolution rm_resolve_fault(struct core_thread *t);
/* t goes: it no longer waits at any region map */
void rm_thread_gone(struct core_thread *t);
