/*
 * The life cycle of components (see component.h): make the PD with its
 * address space, capability space and service identity, start the main
 * thread, and on exit destroy every kernel object core made for it before
 * its memory goes back.
 */
#include <kernel/call.h>
#include <kernel/core_interface.h>
#include <kernel/kernel.h>
#include "cap_space.h"
#include "component.h"
#include "core.h"
#include "region_map.h"
#include "rpc_object.h"
#include "session.h"
#include "stack_area.h"
#include <base/session_args.h>
#include "sig_object.h"

_Static_assert(sizeof(struct component) <= ARCH_PAGE_SIZE, "component: must fit one page");

static struct list components = { { &components.head, &components.head } };

static uint32_t ptr(const void *p) { return (uint32_t)(uintptr_t)p; }

struct component *component_first(void)
{
	struct list_node *n = list_first(&components);
	return n ? container_of(n, struct component, node) : NULL;
}

struct component *component_next(const struct component *c)
{
	return c->node.next != &components.head ? container_of(c->node.next, struct component, node)
						: NULL;
}

bool component_alive(const struct component *c)
{
	for (struct component *k = component_first(); k; k = component_next(k))
		if (k == c)
			return true;
	return false;
}

/* The component whose service identity core names id, which is the badge
 * of its requests: one entry per name core can hold, so that every request
 * finds its component without a walk over all of them */
static struct component *by_badge[CORE_NAMES];

struct component *component_by_badge(uint32_t badge)
{
	return badge < CORE_NAMES ? by_badge[badge] : NULL;
}

struct component *component_by_announced(const char *name)
{
	for (struct component *c = component_first(); c; c = component_next(c)) {
		unsigned i = 0;
		while (i < CORE_NAME_LEN && c->announced[i] && c->announced[i] == name[i])
			i++;
		if (c->announced[0] && (i == CORE_NAME_LEN || c->announced[i] == name[i]))
			return c;
	}
	return NULL;
}

/* --- destruction: objects first, their memory after --- */
static void service_identity_destroy(struct component *c)
{
	kernel_call_simple(KCALL_OBJ_DESTROY, ptr(&c->service)); /* every name of it dies */
	if (c->service_core_id)
		core_name_drop(c->service_core_id);
	c->service_core_id = 0;
	core_assert(c->service.state != IDENTITY_ACTIVE,
		    "component_destroy: the service identity is still linked");
}

static void component_free(struct component *c)
{
	stack_area_destroy(c);
	core_assert(c->thread_pool.objects == 0 && c->sig_pool.objects == 0 &&
			c->rpc_pool.objects == 0 && c->stack_pool.objects == 0,
		    "component_destroy: objects of it are left");
	address_space_destroy(c);
	component_cap_slabs_free(c);
	core_assert(c->pd.state != PD_ACTIVE &&
			(c->main.thread.state == THREAD_INVALID ||
			 c->main.thread.state == THREAD_DESTROYED) &&
			c->parent.identity.state != IDENTITY_ACTIVE,
		    "component_destroy: a kernel object in its page is still linked");
	core_page_free(c);
}

void component_destroy(struct component *c)
{
	if (list_node_linked(&c->node)) {
		list_remove(&c->node);
		by_badge[c->service_core_id] = NULL; /* found no more, as in the list */
	}
	parent_detach(c);
	rm_address_space_destroy(c);
	core_threads_destroy(c);
	if (c->main.owner)
		core_thread_teardown(&c->main);
	rpc_objects_destroy(c);
	sig_objects_destroy(c);
	service_identity_destroy(c);
	core_name_replace(&c->fault_handler, 0);
	kernel_call_simple(KCALL_PD_DESTROY, ptr(&c->pd)); /* every name it holds dies */
	component_free(c);
	core_cap_space_shrink();
}

/* --- creation --- */
static struct component *component_alloc(const char *name, uint32_t ram_quota)
{
	struct component *c = core_page_alloc();

	if (!c)
		return NULL;
	for (unsigned i = 0; name[i] && i < sizeof(c->name) - 1; i++)
		c->name[i] = name[i];
	c->ram          = (struct account){ ram_quota, 0 };
	c->next_handle  = 1;
	c->max_priority = CORE_MAX_PRIORITY;
	list_init(&c->threads);
	list_init(&c->sig_objects);
	list_init(&c->rpc_objects);
	list_init(&c->sessions);
	list_init(&c->stacks);
	object_pool_init(&c->thread_pool, &c->ram, sizeof(struct core_thread));
	object_pool_init(&c->stack_pool, &c->ram, sizeof(struct stack));
	object_pool_init(&c->sig_pool, &c->ram, sizeof(struct core_sig_object));
	object_pool_init(&c->rpc_pool, &c->ram, sizeof(struct core_rpc_object));
	if (!address_space_init(c)) {
		core_page_free(c);
		return NULL;
	}
	return c;
}

/* PD with a first capability slab and a name of core's service */
static bool component_setup(struct component *c)
{
	if (kernel_call2(KCALL_PD_CREATE, ptr(&c->pd), c->l1_phys) != KERNEL_OK ||
	    component_cap_slab_add(c) != CORE_OK)
		return false;

	/* the service identity: requests through it carry this component's badge */
	if (kernel_call2(KCALL_OBJ_CREATE, ptr(&c->service), ptr(service_kobject())) != KERNEL_OK)
		return false;
	c->service_core_id = core_name_make(&c->service);
	if (!c->service_core_id || pd_name_give(&c->pd, &c->service, &c->service_id) != CORE_OK)
		return false;
	list_push_back(&components, &c->node);
	by_badge[c->service_core_id] = c;
	return true;
}

struct component *component_create(const char *name, uint32_t ram_quota, bool loaded_by_core)
{
	struct component *c = component_alloc(name, ram_quota);
	if (!c)
		return NULL;
	c->space_start = loaded_by_core ? RM_SPACE_BASE : USER_VA_LOW;
	c->space_end   = loaded_by_core ? RM_SPACE_END : USER_PARENT_END;
	c->cpu_first   = 0;
	c->cpu_count   = kernel_cpu_count();
	if (!component_setup(c)) {
		component_destroy(c);
		return NULL;
	}
	return c;
}

/* The component's name as its parent calls it, for the main thread to
 * read (base/component.h) */
static void utcb_name(struct utcb *u, const char *name)
{
	uint32_t n = 0;

	for (; name[n] && n < UTCB_DATA_SIZE - 1; n++)
		u->data[n] = (uint8_t)name[n];
	u->data[n]   = 0;
	u->data_size = n + 1;
}

enum core_result component_start_main(struct component *c, uint32_t ip, uint32_t sp,
				      uint16_t parent_id)
{
	struct region *utcb_region;
	enum core_result r =
	    address_space_map_region(c, UTCB_MAIN_THREAD, 1, PT_WRITE, NULL, 0, 0, &utcb_region);

	if (r != CORE_OK)
		return r;
	if (!sp && !(sp = stack_area_start_main(c)))
		return CORE_OUT_OF_QUOTA;
	struct utcb *utcb = phys_to_virt(utcb_region->phys);
	utcb->cap_count   = parent_id ? 2 : 1;
	utcb->caps[0]     = c->service_id;
	utcb->caps[1]     = parent_id;
	utcb_name(utcb, session_label_last(c->name));
	/* the default priority, as many levels lower as the component's top is
	 * below the highest (its parent's priority for it), at least 0 */
	unsigned lower = CORE_MAX_PRIORITY - c->max_priority;
	unsigned prio  = CORE_DEFAULT_PRIORITY > lower ? CORE_DEFAULT_PRIORITY - lower : 0;
	if (core_thread_setup(c, &c->main, utcb, prio) != KERNEL_OK)
		return CORE_BAD_REQUEST;
	/* on its first CPU before it claims its quota there */
	if (c->cpu_first &&
	    kernel_call2(KCALL_THREAD_CPU, ptr(&c->main.thread), c->cpu_first) != KERNEL_OK)
		return CORE_BAD_REQUEST;
	c->started = true;
	component_cpu_rebalance(c); /* a child's main thread claims its quota */
	return kernel_call(KCALL_THREAD_START, ptr(&c->main.thread), ip, sp, UTCB_MAIN_THREAD, 0)
			   .r0 == KERNEL_OK
		   ? CORE_OK
		   : CORE_BAD_REQUEST;
}

/* Core is the parent of the components it loads. */
static enum core_result core_child_run(struct component *c, uint32_t entry)
{
	uint16_t parent_id = 0;

	if (parent_attach(c) == RPC_OK)
		pd_name_give(&c->pd, &c->parent.identity, &parent_id);
	return component_start_main(c, entry, 0, parent_id);
}

static const char *start_error(enum core_result r)
{
	switch (r) {
	case CORE_OUT_OF_QUOTA: return "its RAM quota is exhausted";
	case CORE_OUT_OF_RAM: return "core has no RAM left";
	default: return "the kernel refused its main thread";
	}
}

struct component *component_start(const struct boot_module *m, uint32_t ram_quota)
{
	struct elf_image elf;
	enum elf_result er = elf_parse(m->base, m->size, USER_VA_LOW, USER_ELF_HIGH, &elf);

	if (er != ELF_OK) {
		core_log("core: cannot start \"%s\": invalid ELF: %s\n", m->name,
			 elf_result_string(er));
		return NULL;
	}
	struct component *c = component_create(m->name, ram_quota, true);
	if (!c) {
		core_log("core: cannot start \"%s\": core has no RAM left\n", m->name);
		return NULL;
	}
	/* what it hands out (the kernel checks the sum): all but the pager's */
	c->cpu_us = KERNEL_SUPER_PERIOD_US - CORE_PAGER_QUOTA_US;
	if (!address_space_load_elf(c, m, &elf)) {
		component_destroy(c);
		return NULL;
	}
	enum core_result r = core_child_run(c, elf.entry);
	if (r != CORE_OK) {
		core_log("core: cannot start \"%s\": %s\n", m->name, start_error(r));
		component_destroy(c);
		return NULL;
	}
	return c;
}

void component_exit(struct component *c, int code)
{
	core_log("core: \"%s\" exited with exit value %d (%u stack pages mapped on demand)\n",
		 c->name, code, c->stack_pages_on_demand);
	if (!c->pd_session) {
		component_destroy(c);
		return;
	}
	/* the PD stays until its parent closes the session: only its threads end */
	core_threads_destroy(c);
	c->exited = true;
}
