/*
 * Capabilities: identities and per-PD names (see cap.h for the model).
 */
#include "cap.h"
#include "kernel.h"

/* A name becomes FREE: to the back of its slab's free names (see cap.h). */
static void name_free(struct cap_space *cs, struct cap_name *c)
{
	unsigned slab = c->id / CAP_SLAB_NAMES;

	c->state = CAP_FREE;
	list_push_back(&cs->free[slab], &c->node);
	cs->free_slabs |= 1ull << slab;
	cs->free_count++;
}

/* The first free name of the lowest slab that has one; NULL if none. */
static struct cap_name *name_take(struct cap_space *cs)
{
	if (!cs->free_slabs)
		return NULL;
	uint32_t low        = (uint32_t)cs->free_slabs; /* 32-bit ctz: no libgcc call */
	unsigned slab       = low ? (unsigned)__builtin_ctz(low)
				  : 32 + (unsigned)__builtin_ctz((uint32_t)(cs->free_slabs >> 32));
	struct list_node *n = list_pop_front(&cs->free[slab]);
	if (list_empty(&cs->free[slab]))
		cs->free_slabs &= ~(1ull << slab);
	cs->free_count--;
	return container_of(n, struct cap_name, node);
}

void kobject_init(struct kobject *o, enum kobject_type type, struct pd *owner)
{
	o->type  = type;
	o->owner = owner;
	list_init(&o->identities);
}

/* A name of the owner PD is the badge: keep the cache in step. */
static void badge_update(struct cap_name *n, bool live)
{
	struct identity *id = n->identity;

	if (!id || !id->object || id->object->owner != n->pd)
		return;
	if (live)
		id->badge = n->id;
	else if (id->badge == n->id)
		id->badge = 0;
}

/* The chain an identity's names hash to in a PD with at least one slab:
 * Fibonacci hashing spreads aligned addresses, the multiply-shift maps the
 * hash onto slabs * CAP_SLAB_BUCKETS buckets without a division. */
static uint16_t *hash_bucket(const struct cap_space *cs, const struct identity *id)
{
	uint32_t h       = (uint32_t)(uintptr_t)id * 2654435761u;
	uint32_t buckets = cs->slabs * CAP_SLAB_BUCKETS;
	uint32_t b       = (uint32_t)(((uint64_t)h * buckets) >> 32);
	return &cs->slab[b / CAP_SLAB_BUCKETS]->bucket[b % CAP_SLAB_BUCKETS];
}

static struct cap_name *name_at(const struct cap_space *cs, uint16_t id)
{
	unsigned s = id / CAP_SLAB_NAMES;
	return s < cs->slabs ? &cs->slab[s]->name[id % CAP_SLAB_NAMES] : NULL;
}

static void hash_insert(struct cap_space *cs, struct cap_name *c)
{
	uint16_t *b  = hash_bucket(cs, c->identity);
	c->hash_next = *b;
	*b           = c->id;
}

/* Unlink a live name from its chain: the chains hold one name per bucket
 * on average, so the walk is short. */
static void hash_remove(struct cap_space *cs, struct cap_name *c)
{
	uint16_t *link = hash_bucket(cs, c->identity);

	while (*link != c->id) {
		kassert(*link, "hash_remove: a live name is in its chain");
		link = &name_at(cs, *link)->hash_next;
	}
	*link        = c->hash_next;
	c->hash_next = 0;
}

/* Every chain anew, after the number of buckets changed with the slabs */
static void hash_rebuild(struct cap_space *cs)
{
	for (unsigned s = 0; s < cs->slabs; s++)
		for (unsigned b = 0; b < CAP_SLAB_BUCKETS; b++)
			cs->slab[s]->bucket[b] = 0;
	for (unsigned s = 0; s < cs->slabs; s++)
		for (unsigned i = 0; i < CAP_SLAB_NAMES; i++)
			if (cs->slab[s]->name[i].state == CAP_LIVE)
				hash_insert(cs, &cs->slab[s]->name[i]);
}

static void name_kill(struct cap_name *n)
{
	badge_update(n, false);
	hash_remove(&n->pd->caps, n);
	list_remove(&n->node);
	n->identity  = NULL;
	n->in_flight = 0;
	n->state     = CAP_DEAD;
}

static void identity_invalidate(struct identity *id)
{
	struct list_node *n;

	while ((n = list_first(&id->names)))
		name_kill(container_of(n, struct cap_name, node));
	list_remove(&id->object_node);
	id->object = NULL;
	id->state  = IDENTITY_DESTROYED;
}

void kobject_destroy(struct kobject *o)
{
	struct list_node *n;

	while ((n = list_first(&o->identities)))
		identity_invalidate(container_of(n, struct identity, object_node));
	o->type = KOBJ_NONE;
}

enum kernel_result identity_create(struct identity *id, struct kobject *o)
{
	if (id->state == IDENTITY_ACTIVE)
		return KERNEL_INVALID_STATE;
	if (!o || o->type == KOBJ_NONE)
		return KERNEL_INVALID_ARG;
	id->object = o;
	id->badge  = 0;
	list_init(&id->names);
	list_push_back(&o->identities, &id->object_node);
	id->state = IDENTITY_ACTIVE;
	return KERNEL_OK;
}

enum kernel_result identity_destroy(struct identity *id)
{
	if (id->state != IDENTITY_ACTIVE)
		return KERNEL_INVALID_STATE;
	identity_invalidate(id);
	return KERNEL_OK;
}

void cap_space_init(struct cap_space *cs, struct pd *pd)
{
	*cs = (struct cap_space){ 0 };
	for (unsigned s = 0; s < CAP_SLABS_MAX; s++)
		list_init(&cs->free[s]);
	(void)pd;
}

enum kernel_result cap_slab_add(struct cap_space *cs, struct cap_slab *slab)
{
	if (cs->slabs == CAP_SLABS_MAX)
		return KERNEL_EXHAUSTED;

	struct pd *pd         = container_of(cs, struct pd, caps);
	unsigned base         = cs->slabs * CAP_SLAB_NAMES;
	cs->slab[cs->slabs++] = slab;
	for (unsigned i = 0; i < CAP_SLAB_NAMES; i++) {
		struct cap_name *n = &slab->name[i];
		*n = (struct cap_name){ .pd = pd, .id = (uint16_t)(base + i), .state = CAP_FREE };
		if (n->id == 0) {
			n->state = CAP_DEAD; /* id 0 means invalid and is never handed out */
			continue;
		}
		name_free(cs, n);
	}
	hash_rebuild(cs);
	return KERNEL_OK;
}

/*
 * Names are numbered by slab position, so only the last slab can go without
 * renumbering. A reserved, live or dead name keeps it: the id is still held.
 * Slab 0 is never taken back, its id 0 is permanently dead.
 */
enum kernel_result cap_slab_remove(struct cap_space *cs, struct cap_slab **out)
{
	if (cs->slabs < 2)
		return KERNEL_INVALID_STATE;
	struct cap_slab *slab = cs->slab[cs->slabs - 1];
	for (unsigned i = 0; i < CAP_SLAB_NAMES; i++)
		if (slab->name[i].state != CAP_FREE)
			return KERNEL_INVALID_STATE;

	/* all free, so its free list holds exactly its names */
	cs->slabs--;
	list_init(&cs->free[cs->slabs]);
	cs->free_slabs &= ~(1ull << cs->slabs);
	cs->free_count -= CAP_SLAB_NAMES;
	cs->slab[cs->slabs] = NULL; /* cap_lookup now stops before its ids */
	*out                = slab;
	hash_rebuild(cs);
	return KERNEL_OK;
}

void cap_space_destroy(struct cap_space *cs)
{
	for (unsigned s = 0; s < cs->slabs; s++)
		for (unsigned i = 0; i < CAP_SLAB_NAMES; i++)
			if (cs->slab[s]->name[i].state == CAP_LIVE)
				name_kill(&cs->slab[s]->name[i]);
	cap_space_init(cs, NULL);
}

struct kobject *cap_object(struct cap_space *cs, uint16_t id, enum kobject_type type)
{
	struct cap_name *n = cap_lookup(cs, id);
	return n && n->identity->object->type == type ? n->identity->object : NULL;
}

enum kernel_result cap_reserve(struct cap_space *cs, struct list *reserved, unsigned n)
{
	if (cs->free_count < n)
		return KERNEL_OUT_OF_CAPS;
	for (unsigned i = 0; i < n; i++) {
		struct cap_name *c = name_take(cs);
		c->state           = CAP_RESERVED;
		list_push_back(reserved, &c->node);
	}
	return KERNEL_OK;
}

void cap_unreserve(struct cap_space *cs, struct list *reserved)
{
	struct list_node *n;

	while ((n = list_pop_front(reserved)))
		name_free(cs, container_of(n, struct cap_name, node));
}

/* The live name of id on the chain that starts with name i, NULL if none */
static struct cap_name *chain_find(const struct cap_space *cs, uint16_t i,
				   const struct identity *id)
{
	while (i) {
		struct cap_name *c = name_at(cs, i);
		if (c->identity == id)
			return c;
		i = c->hash_next;
	}
	return NULL;
}

uint16_t cap_find(const struct cap_space *cs, const struct identity *id)
{
	const struct cap_name *c = cs->slabs ? chain_find(cs, *hash_bucket(cs, id), id) : NULL;
	return c ? c->id : 0;
}

/* A name becomes LIVE, at the head of the chain bucket (id's chain) */
static void name_bind(struct cap_name *c, struct identity *id, uint16_t *bucket)
{
	c->identity  = id;
	c->in_flight = 0;
	c->state     = CAP_LIVE;
	c->hash_next = *bucket;
	*bucket      = c->id;
	list_push_back(&id->names, &c->node);
	badge_update(c, true);
}

uint16_t cap_receive(struct cap_space *cs, struct list *reserved, struct identity *id)
{
	if (!cs->slabs)
		return 0; /* nothing reserved either */
	uint16_t *bucket   = hash_bucket(cs, id);
	struct cap_name *c = chain_find(cs, *bucket, id);

	if (!c) {
		struct list_node *n = list_pop_front(reserved);
		if (!n)
			return 0;
		c = container_of(n, struct cap_name, node);
		name_bind(c, id, bucket);
	}
	if (c->in_flight < UINT16_MAX)
		c->in_flight++;
	return c->id;
}

enum kernel_result cap_insert(struct cap_space *cs, struct identity *id, uint16_t *out)
{
	*out = 0;
	if (id->state != IDENTITY_ACTIVE)
		return KERNEL_INVALID_ARG;
	if (!cs->slabs)
		return KERNEL_OUT_OF_CAPS;
	uint16_t *bucket   = hash_bucket(cs, id);
	struct cap_name *c = chain_find(cs, *bucket, id);
	if (c) {
		*out = c->id;
		return KERNEL_OK;
	}
	if (!(c = name_take(cs)))
		return KERNEL_OUT_OF_CAPS;
	name_bind(c, id, bucket);
	*out = c->id;
	return KERNEL_OK;
}

enum kernel_result cap_ack(struct cap_space *cs, uint16_t id)
{
	struct cap_name *c = cap_lookup(cs, id);

	if (!c)
		return KERNEL_INVALID_CAP;
	if (c->in_flight == 0)
		return KERNEL_INVALID_STATE;
	c->in_flight--;
	return KERNEL_OK;
}

void cap_unbind(struct cap_space *cs, struct cap_name *c, struct list *reserved)
{
	kassert(c->state == CAP_LIVE && c->in_flight == 0,
		"cap_unbind: name not live or in flight");
	badge_update(c, false);
	hash_remove(cs, c);
	list_remove(&c->node);
	c->identity = NULL;
	c->state    = CAP_RESERVED;
	list_push_back(reserved, &c->node);
}

enum kernel_result cap_delete(struct cap_space *cs, uint16_t id)
{
	struct cap_name *c = name_at(cs, id);

	if (!c || id == 0 || (c->state != CAP_LIVE && c->state != CAP_DEAD))
		return KERNEL_INVALID_CAP;
	if (c->state == CAP_LIVE && c->in_flight > 0)
		return KERNEL_INVALID_STATE; /* a delivery is pending: ack it first */
	if (c->state == CAP_LIVE) {
		badge_update(c, false);
		hash_remove(cs, c);
		list_remove(&c->node);
	}
	c->identity = NULL;
	name_free(cs, c);
	return KERNEL_OK;
}
