/*
 * Capability names: core's own, and the ones core gives components.
 *
 * Core names an identity only while it needs to: the objects it serves
 * (parent objects, sessions, dataspaces, the service identities of its
 * components) have a name from creation to destruction, and a signal
 * context a session keeps as its handler is named as long as some session
 * keeps it. A count per name says how many such holders it has. Every
 * capability that arrives with a request is acknowledged at once and, if no
 * holder took it by the end of the request, deleted again; so core's names
 * in use depend only on what core serves, never on what components send.
 *
 * Objects core makes for a component (threads, signal objects, RPC
 * identities) get no name of core's: core inserts a name into the
 * component's capability space directly.
 */
#pragma once

#include <stdint.h>
#include <base/core_service.h>
#include <kernel/cap.h>
#include <kernel/pd.h>
#include <kernel/utcb.h>

struct component;

/* Core's own names: ids below this bound */
enum { CORE_NAMES = CAP_SLABS_MAX * CAP_SLAB_NAMES };

/* A name of core's for an identity of an object core serves (one holder); 0 if none */
uint16_t core_name_make(struct identity *id);
/* One more holder of a name core has (e.g. one received in this request) */
void core_name_keep(uint16_t id);
/* A holder is done with it; the last one deletes the name */
void core_name_drop(uint16_t id);
/* A holder's slot takes another name (0: none): kept first, then the old
 * one dropped, so that the same name again survives */
void core_name_replace(uint16_t *slot, uint16_t id);

/* The names of the capabilities of a request, taken before it is handled */
struct core_received {
	unsigned count;
	uint16_t id[UTCB_MAX_CAPS];
};
struct core_received core_names_received(const struct utcb *u);
/* After the request: delete the received names nobody keeps */
void core_names_settle(const struct core_received *r);

/* The identity behind a name of core's, NULL if it is not live */
struct identity *core_name_identity(uint16_t id);

/* Names in core's capability space in use; slabs no longer needed go back */
unsigned core_caps_in_use(void);
void core_cap_space_shrink(void);
bool core_cap_slab_add(void);

/* A component's name for an identity, inserted by core (not in flight) */
enum core_result pd_name_give(struct pd *pd, struct identity *id, uint16_t *out);

/* More names for a component's PD: one slab (a page of its quota) */
enum core_result component_cap_slab_add(struct component *c);
/* Its slabs whose names are all free again go back (the first one stays) */
void component_cap_space_shrink(struct component *c);
/* All of its slabs, after its PD is destroyed */
void component_cap_slabs_free(struct component *c);
