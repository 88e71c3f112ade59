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

/* The region map of c's address space, made on first use; NULL without RAM */
struct region_map *rm_address_space(struct component *c);
void rm_address_space_destroy(struct component *c);
uint16_t rm_address_space_cap(struct region_map *rm); /* core's name of its RPC object */

/* Detach ds from every region map (it is freed, or its session closes) */
void rm_forget_dataspace(struct dataspace *ds);
/* A signal context core named core_id is gone: no fault handler is it any more */
void rm_forget_handler(uint16_t core_id);

enum rm_resolution {
	RM_RESOLVED,   /* mapped: restart the thread */
	RM_REFLECTED,  /* waits for the fault handler of a managed region map */
	RM_UNRESOLVED, /* nothing attached, or not allowed: report it */
};
enum rm_resolution rm_resolve_fault(struct core_thread *t);

/* From the pager (component.c): a fault a region map resolved (restart the
 * thread) or could not (report it, the thread stays stopped) */
void component_fault_done(struct core_thread *t, enum rm_resolution r);
/* t is a live thread stopped by a fault its pager has not answered yet */
bool component_thread_faulted(const struct core_thread *t);
/* core_id is core's name of a signal context made for some component */
bool component_is_sig_context(uint16_t core_id);
