/*
 * Capability names of core and of its components (see cap_space.h).
 */
#include <arch/layout.h>
#include <kernel/call.h>
#include <kernel/core_interface.h>
#include "cap_space.h"
#include "component.h"
#include "object_pool.h"

_Static_assert(sizeof(struct cap_slab) <= ARCH_PAGE_SIZE, "cap_slab: core donates one page each");

/* Holders of each of core's names; 0: the name is not core's to keep */
static uint16_t holders[CORE_NAMES];

static uint32_t ptr(const void *p) { return (uint32_t)(uintptr_t)p; }

static struct cap_space *core_caps(void) { return &kernel_core_pd()->caps; }

/* Core's own names are paid from core's RAM. */
bool core_cap_slab_add(void)
{
	void *slab = core_page_alloc();

	if (slab && kernel_call2(KCALL_PD_CAP_SLAB, ptr(kernel_core_pd()), ptr(slab)) == KERNEL_OK)
		return true;
	if (slab)
		core_page_free(slab);
	core_log("core: error: no capability slab for core\n");
	return false;
}

/* Slabs whose names are all free again go back (the first, static one stays). */
void core_cap_space_shrink(void)
{
	for (;;) {
		struct kernel_call_ret r =
		    kernel_call(KCALL_PD_CAP_SLAB_REMOVE, ptr(kernel_core_pd()), 0, 0, 0, 0);
		if (r.r0 != KERNEL_OK)
			return;
		core_page_free((void *)(uintptr_t)r.r1);
	}
}

/* Live and dead names: not the ones core's service thread set aside for
 * its next request (whether it still holds them depends on how the
 * current one arrived) */
unsigned core_caps_in_use(void)
{
	const struct cap_space *cs = core_caps();
	return cs->slabs * CAP_SLAB_NAMES - cs->free_count - service_reserved_names();
}

uint16_t core_name_make(struct identity *id)
{
	for (;;) {
		struct kernel_call_ret r =
		    kernel_call(KCALL_CAP_INSERT, ptr(kernel_core_pd()), ptr(id), 0, 0, 0);
		if (r.r0 == KERNEL_OK) {
			core_name_keep((uint16_t)r.r1);
			return (uint16_t)r.r1;
		}
		if (r.r0 != KERNEL_OUT_OF_CAPS || !core_cap_slab_add())
			return 0;
	}
}

void core_name_keep(uint16_t id)
{
	core_assert(id && id < CORE_NAMES && holders[id] < UINT16_MAX,
		    "core_name_keep: not a name of core's");
	holders[id]++;
}

void core_name_drop(uint16_t id)
{
	core_assert(id && id < CORE_NAMES && holders[id] > 0, "core_name_drop: no holder left");
	if (--holders[id])
		return;
	enum kernel_result r = kernel_cap_delete(id);
	if (r != KERNEL_OK)
		core_log("core: error: cannot delete core's name %u: %s\n", (unsigned)id,
			 kernel_result_string(r));
}

void core_name_replace(uint16_t *slot, uint16_t id)
{
	if (id)
		core_name_keep(id);
	if (*slot)
		core_name_drop(*slot);
	*slot = id;
}

struct core_received core_names_received(const struct utcb *u)
{
	struct core_received r = { 0, { 0 } };

	for (unsigned i = 0; i < u->cap_count && i < UTCB_MAX_CAPS; i++)
		if (u->caps[i])
			r.id[r.count++] = u->caps[i];
	return r;
}

void core_names_settle(const struct core_received *r)
{
	bool deleted = false;

	for (unsigned i = 0; i < r->count; i++) {
		uint16_t id = r->id[i];
		bool seen   = false;
		for (unsigned k = 0; k < i; k++)
			seen |= r->id[k] == id;
		/* acknowledged on receipt (rpc_caps_ack); a name of a live object
		 * that nobody keeps, or one that died meanwhile, goes */
		if (!seen && id < CORE_NAMES && !holders[id])
			deleted |= kernel_cap_delete(id) == KERNEL_OK;
	}
	if (deleted)
		core_cap_space_shrink();
}

struct identity *core_name_identity(uint16_t id)
{
	struct cap_name *n = cap_lookup(core_caps(), id);
	return n ? n->identity : NULL;
}

enum core_result pd_name_give(struct pd *pd, struct identity *id, uint16_t *out)
{
	struct kernel_call_ret r = kernel_call(KCALL_CAP_INSERT, ptr(pd), ptr(id), 0, 0, 0);

	*out = r.r0 == KERNEL_OK ? (uint16_t)r.r1 : 0;
	if (r.r0 == KERNEL_OK)
		return CORE_OK;
	return r.r0 == KERNEL_OUT_OF_CAPS ? CORE_OUT_OF_CAPS : CORE_BAD_REQUEST;
}

/* --- components' slabs: the first is part of the PD's price, the others
 * cost its quota --- */
enum core_result component_cap_slab_add(struct component *c)
{
	enum core_result why = CORE_OUT_OF_RAM;
	void *slab;

	if (c->cap_slabs == CAP_SLABS_MAX)
		return CORE_DENIED; /* the kernel's bound of names per PD */
	slab = c->cap_slabs ? account_page_alloc(&c->ram, &why) : core_page_alloc();
	if (!slab)
		return why;
	if (kernel_call2(KCALL_PD_CAP_SLAB, ptr(&c->pd), ptr(slab)) != KERNEL_OK) {
		if (c->cap_slabs)
			account_page_free(&c->ram, slab);
		else
			core_page_free(slab);
		return CORE_DENIED;
	}
	c->cap_slab[c->cap_slabs++] = slab;
	return CORE_OK;
}

void component_cap_space_shrink(struct component *c)
{
	while (c->cap_slabs > 1 &&
	       kernel_call(KCALL_PD_CAP_SLAB_REMOVE, ptr(&c->pd), 0, 0, 0, 0).r0 == KERNEL_OK)
		account_page_free(&c->ram, c->cap_slab[--c->cap_slabs]);
}

void component_cap_slabs_free(struct component *c)
{
	core_assert(c->pd.state != PD_ACTIVE, "component_cap_slabs_free: the PD still uses them");
	while (c->cap_slabs > 1)
		account_page_free(&c->ram, c->cap_slab[--c->cap_slabs]);
	if (c->cap_slabs)
		core_page_free(c->cap_slab[--c->cap_slabs]);
}
