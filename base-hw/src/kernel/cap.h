/*
 * Capabilities: object -> identities -> per-PD names.
 *
 * A kernel object that can be named embeds a struct kobject. Core creates
 * identities of it (one per RPC object an entrypoint serves, which is how a
 * server tells its objects apart). A PD refers to an identity by a 16-bit
 * name (capability id, 0 = invalid); within one PD an identity has at most
 * one live name, so receiving the same capability twice yields the same id.
 *
 * Names live in slabs that core donates to a PD (and charges to its
 * capability quota); core takes the last one back once all its names are
 * free. A name is FREE (in the PD's free list), RESERVED (set aside by a
 * thread that may receive capabilities), LIVE (linked to its identity) or
 * DEAD (its identity was destroyed; the id stays taken until the PD deletes
 * it, so a stale id never resolves to a newer object).
 * A LIVE name counts the deliveries not yet acknowledged (in_flight); it
 * cannot be deleted while one is in flight, which closes the race between
 * receiving a name again and dropping it.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <kernel/result.h>
#include "list.h"

struct pd;

enum kobject_type {
	KOBJ_NONE = 0,
	KOBJ_THREAD,
	KOBJ_SIG_RECEIVER,
	KOBJ_SIG_CONTEXT,
};

struct kobject {
	enum kobject_type type;
	struct list identities; /* struct identity.object_node */
	struct pd *owner;       /* threads: their PD, whose names of an identity are badges */
};

enum identity_state { IDENTITY_INVALID = 0, IDENTITY_ACTIVE = 0x4944, IDENTITY_DESTROYED };

struct identity {
	enum identity_state state;
	struct kobject *object;
	struct list_node object_node;
	struct list names; /* LIVE struct cap_name.node of every PD naming it */
	uint16_t badge;    /* the owner PD's live name of it, 0 if none (see cap_badge) */
};

enum cap_name_state { CAP_FREE = 0, CAP_RESERVED, CAP_LIVE, CAP_DEAD };

struct cap_name {
	struct identity *identity; /* set while LIVE */
	struct pd *pd;
	struct list_node node; /* free/reserved list, or identity->names when LIVE */
	uint16_t id;
	uint16_t in_flight; /* deliveries not yet acknowledged */
	uint16_t state;
	uint16_t hash_next; /* LIVE: the next id in its hash chain, 0 ends it */
};

enum {
	CAP_SLAB_NAMES   = 64,
	CAP_SLABS_MAX    = 64, /* at most 4096 names per PD */
	CAP_SLAB_BUCKETS = 64, /* hash chains each slab carries (see cap_space) */
};

/* A page core donates: names, and a share of the PD's hash table */
struct cap_slab {
	struct cap_name name[CAP_SLAB_NAMES];
	uint16_t bucket[CAP_SLAB_BUCKETS]; /* first id of a chain, 0 if empty */
};

/*
 * Free names are kept per slab, and a bit per slab says whether it has any:
 * names are taken from the lowest such slab, so a PD fills its first slabs
 * and its last ones empty out and can go back to core (cap_slab_remove);
 * within a slab a freed name goes to the back, so a stale id is reused as
 * late as possible. Taking and freeing a name are O(1).
 *
 * The PD's live names are hashed by identity, so that finding its name of
 * an identity (cap_find, on every capability received) costs the same
 * however many PDs name that identity and however many names the PD holds:
 * slabs * CAP_SLAB_BUCKETS chains, one bucket per name at most, spread over
 * the slabs; adding or removing a slab rehashes (a core-only call).
 */
struct cap_space {
	struct cap_slab *slab[CAP_SLABS_MAX];
	unsigned slabs;
	struct list free[CAP_SLABS_MAX]; /* FREE names of slab s */
	uint64_t free_slabs;             /* bit s: free[s] is not empty */
	unsigned free_count;             /* FREE names in all slabs */
};
_Static_assert(CAP_SLABS_MAX <= 64, "cap_space: free_slabs has a bit per slab");

void kobject_init(struct kobject *o, enum kobject_type type, struct pd *owner);
/* Invalidate every identity (and thereby every name) of an object. */
void kobject_destroy(struct kobject *o);

enum kernel_result identity_create(struct identity *id, struct kobject *o);
enum kernel_result identity_destroy(struct identity *id);

void cap_space_init(struct cap_space *cs, struct pd *pd);
enum kernel_result cap_slab_add(struct cap_space *cs, struct cap_slab *slab);
/* Hand the last slab back to core if none of its names is in use; the
 * first slab (with the never-free id 0) stays. INVALID_STATE otherwise. */
enum kernel_result cap_slab_remove(struct cap_space *cs, struct cap_slab **out);
/* Every name dies with its PD: unlink the live ones from their identities. */
void cap_space_destroy(struct cap_space *cs);

/* The live name behind a PD's id, or NULL (inline: on the IPC fast path) */
static inline struct cap_name *cap_lookup(struct cap_space *cs, uint16_t id)
{
	unsigned s = id / CAP_SLAB_NAMES;
	if (s >= cs->slabs)
		return NULL;
	struct cap_name *n = &cs->slab[s]->name[id % CAP_SLAB_NAMES];
	return n->state == CAP_LIVE ? n : NULL;
}

/* The object a PD's id names, if it is live and of the given type */
struct kobject *cap_object(struct cap_space *cs, uint16_t id, enum kobject_type type);

/* Set aside n names for a receive (before blocking); OUT_OF_CAPS if short. */
enum kernel_result cap_reserve(struct cap_space *cs, struct list *reserved, unsigned n);
void cap_unreserve(struct cap_space *cs, struct list *reserved);
/* Name an identity in the receiving PD: its existing name, else a reserved
 * one; 0 if neither exists. Counts as a delivery in flight. */
uint16_t cap_receive(struct cap_space *cs, struct list *reserved, struct identity *id);
/* Core gives a PD a name without a message (not in flight). */
enum kernel_result cap_insert(struct cap_space *cs, struct identity *id, uint16_t *out);
/* The PD's existing live name of an identity, 0 if none */
uint16_t cap_find(const struct cap_space *cs, const struct identity *id);

/* What a server sees as badge: its own PD's name of the identity invoked */
static inline uint16_t cap_badge(const struct identity *id) { return id->badge; }

enum kernel_result cap_ack(struct cap_space *cs, uint16_t id);
enum kernel_result cap_delete(struct cap_space *cs, uint16_t id);
/* A live name without deliveries in flight is deleted into a reserved list
 * instead of the free names (for a receiver that drops what it got and
 * receives again) */
void cap_unbind(struct cap_space *cs, struct cap_name *c, struct list *reserved);
