/*
 * Components that core starts from boot modules: a PD with its own
 * lower-half table and ASID, the ELF segments and a stack mapped in it, and
 * user-mode threads whose faults and exits core handles as their pager.
 */
#include <arch/cpu.h>
#include <kernel/call.h>
#include <kernel/core_interface.h>
#include <kernel/kernel.h>
#include <kernel/utcb.h>
#include "component.h"
#include "core.h"
#include "region_map.h"
#include "session.h"
#include <session/rm_session.h>

/*
 * A component's address space: ELF segments in [USER_VA_LOW, USER_ELF_HIGH),
 * the range its region map manages (RM_SPACE_BASE..END; the heap is at its
 * end), thread UTCBs from USER_VA_HIGH, the main thread's stack and UTCB at
 * the top. A PD its parent loads has a region map for everything below
 * USER_PARENT_END instead. (run/fault.run jumps to 0x40000000 expecting
 * nothing to be mapped there.)
 */
enum {
	USER_VA_LOW     = 0x1000,        /* page 0 stays unmapped: null pointers fault */
	USER_ELF_HIGH   = RM_SPACE_BASE, /* the region map of the address space follows */
	USER_PARENT_END = 0x50000000,    /* a parent-loaded PD's region map ends here */
	USER_VA_HIGH    = 0x7fe00000,    /* thread UTCBs */
	USER_STACK_SIZE = 64 * 1024,
	USER_STACK_TOP  = UTCB_MAIN_THREAD - ARCH_PAGE_SIZE, /* guard page below the UTCB */
	L1_PAGES        = ARCH_TTBR0_ALIGN / ARCH_PAGE_SIZE,
};
_Static_assert(sizeof(struct component) <= ARCH_PAGE_SIZE, "component: must fit one page");
_Static_assert(sizeof(struct core_thread) <= ARCH_PAGE_SIZE, "core_thread: must fit one page");
_Static_assert(sizeof(struct core_sig_object) <= ARCH_PAGE_SIZE, "sig object: must fit one page");

static struct list components = { { &components.head, &components.head } };

static uint32_t ptr(const void *p) { return (uint32_t)(uintptr_t)p; }

static enum kernel_result kcall(uint32_t id, const void *a1, uint32_t a2, uint32_t a3)
{
	return (enum kernel_result)kernel_call(id, ptr(a1), a2, a3, 0, 0).r0;
}

static void *page_alloc(void)
{
	uint32_t phys = phys_alloc(1, 1);
	return phys ? phys_to_virt(phys) : NULL;
}

static void page_free(void *v) { phys_free(virt_to_phys(v), 1); }

void *core_page_alloc(void) { return page_alloc(); }
void core_page_free(void *page) { page_free(page); }

uint32_t component_ram_left(const struct component *c)
{
	uint32_t used = c->stack_pages_on_demand * ARCH_PAGE_SIZE + c->donated;
	return used < c->budget ? c->budget - used : 0;
}

/* --- second-level tables: a page frame each (1 KiB used), so that the
 * frames go back to the allocator with the last table in them --- */
static uint32_t *l2_alloc(void *ctx, uint32_t *phys)
{
	uint32_t *t = page_alloc(); /* zeroed */
	(void)ctx;
	if (t)
		*phys = virt_to_phys(t);
	return t;
}

static void l2_release(void *ctx, uint32_t *l2, uint32_t phys)
{
	(void)ctx;
	(void)l2;
	phys_free(phys, 1);
}

static uint32_t *l2_phys_to_virt(void *ctx, uint32_t phys)
{
	(void)ctx;
	return phys_to_virt(phys);
}

static const struct pt_mem core_pt_mem = { NULL, l2_alloc, l2_release, l2_phys_to_virt };

/* --- address space --- */
static struct region *map_region(struct component *c, uint32_t va, uint32_t pages, unsigned flags,
				 const uint8_t *data, uint32_t data_offset, uint32_t data_size)
{
	if (c->num_regions == COMPONENT_REGIONS)
		return NULL;
	uint32_t phys = phys_alloc(pages, 1);
	if (!phys) {
		core_log("core: \"%s\": out of RAM (%u pages)\n", c->name, (unsigned)pages);
		return NULL;
	}
	uint8_t *dst = phys_to_virt(phys);
	for (uint32_t i = 0; i < data_size; i++)
		dst[data_offset + i] = data[i];

	enum pt_result r = pt_map(&c->pt, va, phys, pages * ARCH_PAGE_SIZE, flags | PT_USER);
	if (r != PT_OK) {
		core_log("core: \"%s\": cannot map %p (page-table error %u)\n", c->name,
			 (void *)(uintptr_t)va, (unsigned)r);
		phys_free(phys, pages);
		return NULL;
	}
	arch_page_table_sync();
	c->region[c->num_regions] = (struct region){ va, phys, pages };
	return &c->region[c->num_regions++];
}

static unsigned segment_flags(uint32_t elf_flags)
{
	return ((elf_flags & ELF_SEG_W) ? PT_WRITE : 0) | ((elf_flags & ELF_SEG_X) ? PT_EXEC : 0);
}

static bool map_image(struct component *c, const struct boot_module *m, const struct elf_image *elf)
{
	for (unsigned i = 0; i < elf->num_segments; i++) {
		const struct elf_segment *s = &elf->segment[i];
		uint32_t va                 = s->vaddr & ~(ARCH_PAGE_SIZE - 1);
		uint32_t end = (s->vaddr + s->memsz + ARCH_PAGE_SIZE - 1) & ~(ARCH_PAGE_SIZE - 1);
		if (!map_region(c, va, (end - va) / ARCH_PAGE_SIZE, segment_flags(s->flags),
				m->base + s->file_offset, s->vaddr - va, s->filesz))
			return false;
	}
	return true;
}

static bool in_lazy_stack(uint32_t addr)
{
	return addr >= USER_STACK_TOP - USER_STACK_SIZE && addr < USER_STACK_TOP - ARCH_PAGE_SIZE;
}

/* A touch of an unmapped stack page: back it with a zeroed frame. */
static bool stack_fault(struct component *c, const struct fault *f)
{
	if ((f->type != FAULT_READ && f->type != FAULT_WRITE) ||
	    f->cause != FAULT_CAUSE_TRANSLATION || !in_lazy_stack(f->addr))
		return false;
	uint32_t va   = f->addr & ~(ARCH_PAGE_SIZE - 1);
	uint32_t phys = component_ram_left(c) >= ARCH_PAGE_SIZE ? phys_alloc(1, 1) : 0;
	if (!phys)
		return false;
	if (pt_map(&c->pt, va, phys, ARCH_PAGE_SIZE, PT_WRITE | PT_USER) != PT_OK) {
		phys_free(phys, 1);
		return false;
	}
	arch_page_table_sync();
	c->stack_pages_on_demand++;
	return true;
}

/* Frames behind the demand-mapped stack pages */
static void free_lazy_stack(struct component *c)
{
	for (uint32_t va = USER_STACK_TOP - USER_STACK_SIZE; in_lazy_stack(va);
	     va += ARCH_PAGE_SIZE) {
		uint32_t pa;
		unsigned flags;
		if (pt_lookup(&c->pt, va, &pa, &flags) == PT_OK)
			phys_free(pa, 1);
	}
}

/* A thread's UTCB page; the one of an earlier thread with the handle is reused. */
static struct region *utcb_region(struct component *c, uint32_t va)
{
	for (unsigned i = 0; i < c->num_regions; i++)
		if (c->region[i].va == va) {
			uint8_t *p = phys_to_virt(c->region[i].phys);
			for (unsigned b = 0; b < ARCH_PAGE_SIZE; b++)
				p[b] = 0;
			return &c->region[i];
		}
	return map_region(c, va, 1, PT_WRITE, NULL, 0, 0);
}

/* --- threads --- */
static enum kernel_result thread_setup(struct component *c, struct core_thread *t,
				       struct utcb *utcb, const char *name, unsigned priority)
{
	enum kernel_result r;

	t->owner = c;
	r = (enum kernel_result)kernel_call(KCALL_THREAD_CREATE, ptr(&t->thread), ptr(&c->pd),
					    priority, ptr(name), ptr(utcb))
		.r0;
	if (r != KERNEL_OK)
		return r;
	r = kcall(KCALL_SIG_CONTEXT_CREATE, &t->pager, ptr(core_pager_receiver()), ptr(t));
	if (r == KERNEL_OK)
		r = kcall(KCALL_THREAD_PAGER, &t->thread, ptr(&t->pager), 0);
	if (r != KERNEL_OK) {
		kcall(KCALL_THREAD_DESTROY, &t->thread, 0, 0);
		kcall(KCALL_SIG_CONTEXT_DESTROY, &t->pager, 0, 0);
	}
	return r;
}

static void thread_teardown(struct core_thread *t)
{
	kcall(KCALL_THREAD_DESTROY, &t->thread, 0, 0);
	kcall(KCALL_SIG_CONTEXT_DESTROY, &t->pager, 0, 0);
	if (t->core_id)
		kernel_cap_delete(t->core_id);
}

uint16_t core_thread_core_cap(struct core_thread *t)
{
	if (!t->core_id &&
	    kcall(KCALL_OBJ_CREATE, &t->identity, ptr(&t->thread.kobj), 0) == KERNEL_OK)
		t->core_id = core_cap_insert(&t->identity);
	return t->core_id;
}

enum core_result component_add_thread(struct component *c, uint32_t ip, uint32_t sp,
				      unsigned priority, struct core_thread **out)
{
	uint32_t h = 1;
	while (h < CORE_MAX_THREADS && c->threads[h])
		h++;
	if (h == CORE_MAX_THREADS || priority > c->max_priority)
		return CORE_DENIED;

	struct core_thread *t = page_alloc();
	struct region *utcb   = t ? utcb_region(c, USER_VA_HIGH + h * ARCH_PAGE_SIZE) : NULL;
	if (!utcb) {
		if (t)
			page_free(t);
		return CORE_OUT_OF_RAM;
	}
	t->handle = h;
	if (thread_setup(c, t, phys_to_virt(utcb->phys), c->name, priority) != KERNEL_OK ||
	    kernel_call(KCALL_THREAD_START, ptr(&t->thread), ip, sp, utcb->va, 0).r0 != KERNEL_OK) {
		thread_teardown(t);
		page_free(t);
		return CORE_BAD_REQUEST;
	}
	c->threads[h] = t;
	*out          = t;
	return CORE_OK;
}

enum core_result component_kill_thread(struct component *c, uint32_t handle)
{
	struct core_thread *t = handle && handle < CORE_MAX_THREADS ? c->threads[handle] : NULL;

	if (!t)
		return handle ? CORE_NOT_FOUND : CORE_DENIED; /* the main thread exits instead */
	c->threads[handle] = NULL;
	thread_teardown(t);
	page_free(t);
	return CORE_OK;
}

/* A PD its parent made: its main thread claims whatever of its CPU quota
 * its other threads and its children do not. Components core loads assign
 * claims explicitly (core_quota). */
static bool main_claims_rest(const struct component *c) { return c->pd_session != NULL; }

uint32_t component_cpu_left(const struct component *c)
{
	uint32_t used = c->cpu_given + (main_claims_rest(c) ? 0 : c->main.quota_us);
	for (unsigned h = 1; h < CORE_MAX_THREADS; h++)
		used += c->threads[h] ? c->threads[h]->quota_us : 0;
	return used < c->cpu_us ? c->cpu_us - used : 0;
}

static bool claim(struct core_thread *t, uint32_t us)
{
	if (kcall(KCALL_THREAD_QUOTA, &t->thread, us, 0) != KERNEL_OK)
		return false; /* the kernel's super period is full */
	t->quota_us = us;
	return true;
}

void component_cpu_rebalance(struct component *c)
{
	if (main_claims_rest(c) && c->started && !c->exited)
		claim(&c->main, component_cpu_left(c));
}

enum core_result component_thread_quota(struct component *c, struct core_thread *t, uint32_t us)
{
	uint32_t old = t->quota_us;

	if (t == &c->main && main_claims_rest(c))
		return CORE_DENIED; /* it has the rest already */
	if (us > component_cpu_left(c) + old)
		return CORE_DENIED;
	/* lower first, so that the kernel's sum never exceeds the period */
	t->quota_us = us;
	component_cpu_rebalance(c);
	if (!claim(t, us)) {
		t->quota_us = old;
		component_cpu_rebalance(c);
		return CORE_DENIED;
	}
	component_cpu_rebalance(c);
	return CORE_OK;
}

struct core_thread *component_thread(struct component *c, uint32_t handle)
{
	if (handle == 0)
		return &c->main;
	return handle < CORE_MAX_THREADS ? c->threads[handle] : NULL;
}

/* --- capability slabs --- */
enum core_result component_add_cap_slab(struct component *c)
{
	if (c->cap_slabs == CAP_SLABS_MAX)
		return CORE_DENIED;
	uint32_t phys = phys_alloc(1, 1);
	if (!phys)
		return CORE_OUT_OF_RAM;
	if (kcall(KCALL_PD_CAP_SLAB, &c->pd, ptr(phys_to_virt(phys)), 0) != KERNEL_OK) {
		phys_free(phys, 1);
		return CORE_DENIED;
	}
	c->cap_slab_phys[c->cap_slabs++] = phys;
	return CORE_OK;
}

/* Slabs whose names are all free again go back (the first one stays). */
void component_cap_space_shrink(struct component *c)
{
	while (c->cap_slabs > 1 &&
	       kernel_call(KCALL_PD_CAP_SLAB_REMOVE, ptr(&c->pd), 0, 0, 0, 0).r0 == KERNEL_OK)
		phys_free(c->cap_slab_phys[--c->cap_slabs], 1);
}

/* --- signal objects --- */
struct core_sig_object *component_sig_object(struct component *c, uint32_t handle, bool receiver)
{
	for (struct list_node *n = c->sig_objects.head.next; n != &c->sig_objects.head;
	     n                   = n->next) {
		struct core_sig_object *o = container_of(n, struct core_sig_object, node);
		if (o->handle == handle && o->is_receiver == receiver)
			return o;
	}
	return NULL;
}

enum core_result component_add_sig_object(struct component *c, bool receiver,
					  struct core_sig_object *recv, uint32_t imprint,
					  struct core_sig_object **out)
{
	if (c->objects == CORE_MAX_OBJECTS)
		return CORE_DENIED; /* core's memory is not the component's to exhaust */
	struct core_sig_object *o = page_alloc();
	enum kernel_result r;

	if (!o)
		return CORE_OUT_OF_RAM;
	o->is_receiver = receiver;
	if (receiver)
		r = kcall(KCALL_SIG_RECEIVER_CREATE, &o->receiver, 0, 0);
	else
		r = kcall(KCALL_SIG_CONTEXT_CREATE, &o->context, ptr(&recv->receiver), imprint);
	if (r == KERNEL_OK)
		r = kcall(KCALL_OBJ_CREATE, &o->identity,
			  ptr(receiver ? &o->receiver.kobj : &o->context.kobj), 0);
	o->core_id = r == KERNEL_OK ? core_cap_insert(&o->identity) : 0;
	if (!o->core_id) {
		page_free(o);
		return CORE_BAD_REQUEST;
	}
	o->handle = c->next_handle++;
	list_push_back(&c->sig_objects, &o->node);
	c->objects++;
	*out = o;
	return CORE_OK;
}

static void sig_objects_destroy(struct component *c)
{
	struct list_node *n;

	/* contexts before receivers: a receiver with contexts cannot go */
	for (int pass = 0; pass < 2; pass++) {
		for (n = c->sig_objects.head.next; n != &c->sig_objects.head;) {
			struct core_sig_object *o = container_of(n, struct core_sig_object, node);
			n                         = n->next;
			if (o->is_receiver != (pass == 1))
				continue;
			if (o->is_receiver)
				kcall(KCALL_SIG_RECEIVER_DESTROY, &o->receiver, 0, 0);
			else
				kcall(KCALL_SIG_CONTEXT_DESTROY, &o->context, 0, 0);
			rm_forget_handler(o->core_id);
			cpu_session_forget_handler(o->core_id);
			for (struct list_node *m = components.head.next; m != &components.head;
			     m                   = m->next) {
				struct component *other = container_of(m, struct component, node);
				if (other->fault_handler == o->core_id)
					other->fault_handler = 0;
			}
			kernel_cap_delete(o->core_id);
			list_remove(&o->node);
			page_free(o);
		}
	}
}

/* --- identities for RPC objects --- */
enum core_result component_add_rpc_object(struct component *c, struct core_thread *t,
					  struct core_rpc_object **out)
{
	if (c->objects == CORE_MAX_OBJECTS)
		return CORE_DENIED;
	struct core_rpc_object *o = page_alloc();

	if (!o)
		return CORE_OUT_OF_RAM;
	if (kcall(KCALL_OBJ_CREATE, &o->identity, ptr(&t->thread.kobj), 0) != KERNEL_OK ||
	    !(o->core_id = core_cap_insert(&o->identity))) {
		kcall(KCALL_OBJ_DESTROY, &o->identity, 0, 0);
		page_free(o);
		return CORE_BAD_REQUEST;
	}
	o->handle = c->next_handle++;
	list_push_back(&c->rpc_objects, &o->node);
	c->objects++;
	*out = o;
	return CORE_OK;
}

static void rpc_object_free(struct core_rpc_object *o)
{
	kcall(KCALL_OBJ_DESTROY, &o->identity, 0, 0); /* refused if its thread took it along */
	kernel_cap_delete(o->core_id);
	list_remove(&o->node);
	page_free(o);
}

enum core_result component_drop_rpc_object(struct component *c, uint32_t handle)
{
	for (struct list_node *n = c->rpc_objects.head.next; n != &c->rpc_objects.head;
	     n                   = n->next) {
		struct core_rpc_object *o = container_of(n, struct core_rpc_object, node);
		if (o->handle == handle) {
			rpc_object_free(o);
			c->objects--;
			return CORE_OK;
		}
	}
	return CORE_NOT_FOUND;
}

/* --- life cycle --- */
static void component_free_memory(struct component *c)
{
	for (unsigned i = 0; i < c->num_regions; i++)
		phys_free(c->region[i].phys, c->region[i].pages);
	free_lazy_stack(c);
	pt_clear(&c->pt);
	phys_free(c->l1_phys, L1_PAGES);
	for (unsigned i = 0; i < c->cap_slabs; i++)
		phys_free(c->cap_slab_phys[i], 1);
	page_free(c);
}

void component_destroy(struct component *c)
{
	parent_detach(c);
	rm_address_space_destroy(c);
	for (unsigned h = 1; h < CORE_MAX_THREADS; h++)
		if (c->threads[h]) {
			thread_teardown(c->threads[h]);
			page_free(c->threads[h]);
		}
	if (c->main.owner)
		thread_teardown(&c->main);
	while (!list_empty(&c->rpc_objects))
		rpc_object_free(
		    container_of(list_first(&c->rpc_objects), struct core_rpc_object, node));
	sig_objects_destroy(c);
	if (c->service_core_id)
		kernel_cap_delete(c->service_core_id);
	kcall(KCALL_PD_DESTROY, &c->pd, 0, 0);
	if (list_node_linked(&c->node))
		list_remove(&c->node);
	component_free_memory(c);
	core_cap_space_shrink();
}

static struct component *component_alloc(const char *name, uint32_t budget)
{
	struct component *c = page_alloc();
	uint32_t l1         = phys_alloc(L1_PAGES, L1_PAGES);

	if (!c || !l1) {
		if (c)
			page_free(c);
		return NULL;
	}
	for (unsigned i = 0; name[i] && i < sizeof(c->name) - 1; i++)
		c->name[i] = name[i];
	c->l1_phys      = l1;
	c->pt           = (struct page_table){ phys_to_virt(l1), 2048, &core_pt_mem };
	c->next_handle  = 1;
	c->budget       = budget;
	c->max_priority = CORE_MAX_PRIORITY;
	list_init(&c->sig_objects);
	list_init(&c->rpc_objects);
	list_init(&c->sessions);
	return c;
}

/* PD with a first capability slab and a name of core's service */
static enum kernel_result component_setup(struct component *c)
{
	enum kernel_result r;

	if ((r = kcall(KCALL_PD_CREATE, &c->pd, c->l1_phys, 0)) != KERNEL_OK)
		return r;
	if (component_add_cap_slab(c) != CORE_OK)
		return KERNEL_OUT_OF_CAPS;

	/* the service identity: requests through it carry this component's badge */
	r = kcall(KCALL_OBJ_CREATE, &c->service, ptr(service_kobject()), 0);
	if (r == KERNEL_OK) {
		struct kernel_call_ret ret =
		    kernel_call(KCALL_CAP_INSERT, ptr(&c->pd), ptr(&c->service), 0, 0, 0);
		r                  = (enum kernel_result)ret.r0;
		c->service_id      = (uint16_t)ret.r1;
		c->service_core_id = core_cap_insert(&c->service);
	}
	if (r != KERNEL_OK || !c->service_core_id)
		return r != KERNEL_OK ? r : KERNEL_OUT_OF_CAPS;
	list_push_back(&components, &c->node);
	return KERNEL_OK;
}

enum kernel_result component_start_main(struct component *c, uint32_t ip, uint32_t sp,
					uint16_t parent_id)
{
	struct region *utcb_region = map_region(c, UTCB_MAIN_THREAD, 1, PT_WRITE, NULL, 0, 0);
	enum kernel_result r;

	if (!utcb_region)
		return KERNEL_EXHAUSTED;
	if (!sp) { /* core's stack: the top page now, the rest on demand (see stack_fault) */
		if (!map_region(c, USER_STACK_TOP - ARCH_PAGE_SIZE, 1, PT_WRITE, NULL, 0, 0))
			return KERNEL_EXHAUSTED;
		sp = USER_STACK_TOP;
	}
	struct utcb *utcb = phys_to_virt(utcb_region->phys);
	utcb->cap_count   = parent_id ? 2 : 1;
	utcb->caps[0]     = c->service_id;
	utcb->caps[1]     = parent_id;
	unsigned prio =
	    CORE_DEFAULT_PRIORITY < c->max_priority ? CORE_DEFAULT_PRIORITY : c->max_priority;
	if ((r = thread_setup(c, &c->main, utcb, c->name, prio)) != KERNEL_OK)
		return r;
	c->started = true;
	component_cpu_rebalance(c); /* a child's main thread claims its quota */
	return (enum kernel_result)kernel_call(KCALL_THREAD_START, ptr(&c->main.thread), ip, sp,
					       UTCB_MAIN_THREAD, 0)
	    .r0;
}

struct component *component_create(const char *name, uint32_t budget, bool loaded_by_core)
{
	struct component *c = component_alloc(name, budget);
	if (!c)
		return NULL;
	c->space_start = loaded_by_core ? RM_SPACE_BASE : USER_VA_LOW;
	c->space_end   = loaded_by_core ? RM_SPACE_END : USER_PARENT_END;
	if (component_setup(c) != KERNEL_OK) {
		component_destroy(c);
		return NULL;
	}
	return c;
}

/* Core is the parent of the components it loads. */
static enum kernel_result core_child_run(struct component *c, uint32_t entry)
{
	uint16_t parent_id = 0;

	if (parent_attach(c) == RPC_OK) {
		struct kernel_call_ret pr =
		    kernel_call(KCALL_CAP_INSERT, ptr(&c->pd), ptr(&c->parent.identity), 0, 0, 0);
		if (pr.r0 == KERNEL_OK)
			parent_id = (uint16_t)pr.r1;
	}
	return component_start_main(c, entry, 0, parent_id);
}

struct component *component_start(const struct boot_module *m, uint32_t budget)
{
	struct elf_image elf;
	enum elf_result er = elf_parse(m->base, m->size, USER_VA_LOW, USER_ELF_HIGH, &elf);

	if (er != ELF_OK) {
		core_log("core: cannot start \"%s\": invalid ELF: %s\n", m->name,
			 elf_result_string(er));
		return NULL;
	}
	struct component *c = component_create(m->name, budget, true);
	if (!c) {
		core_log("core: cannot start \"%s\": out of RAM\n", m->name);
		return NULL;
	}
	c->cpu_us = KERNEL_SUPER_PERIOD_US; /* what it hands out, the kernel checks the sum */
	enum kernel_result r =
	    map_image(c, m, &elf) ? core_child_run(c, elf.entry) : KERNEL_EXHAUSTED;
	if (r != KERNEL_OK) {
		core_log("core: cannot start \"%s\": %s\n", m->name, kernel_result_string(r));
		component_destroy(c);
		return NULL;
	}
	return c;
}

struct component *component_by_badge(uint32_t badge)
{
	for (struct list_node *n = components.head.next; n != &components.head; n = n->next) {
		struct component *c = container_of(n, struct component, node);
		if (c->service_core_id == badge)
			return c;
	}
	return NULL;
}

struct component *component_by_announced(const char *name)
{
	for (struct list_node *n = components.head.next; n != &components.head; n = n->next) {
		struct component *c = container_of(n, struct component, node);
		unsigned i          = 0;
		while (i < CORE_NAME_LEN && c->announced[i] && c->announced[i] == name[i])
			i++;
		if (c->announced[0] && (i == CORE_NAME_LEN || c->announced[i] == name[i]))
			return c;
	}
	return NULL;
}

/* --- pager --- */
static void report_fault(struct core_thread *t)
{
	const struct fault *f = &t->thread.fault;
	bool memory           = f->type != FAULT_UNDEFINED;

	core_log("core: \"%s\": %s%s%s%s at ip=%p addr=%p, thread \"%s\" stopped\n", t->owner->name,
		 fault_type_string(f->type), memory ? " (" : "",
		 memory ? fault_cause_string(f->cause) : "", memory ? ")" : "",
		 (void *)(uintptr_t)f->ip, (void *)(uintptr_t)f->addr, t->thread.name);
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
	for (unsigned h = 1; h < CORE_MAX_THREADS; h++)
		component_kill_thread(c, h);
	c->exited = true;
}

bool component_is_sig_context(uint16_t core_id)
{
	for (struct list_node *n = components.head.next; n != &components.head; n = n->next) {
		struct component *c = container_of(n, struct component, node);
		for (struct list_node *o = c->sig_objects.head.next; o != &c->sig_objects.head;
		     o                   = o->next) {
			struct core_sig_object *so = container_of(o, struct core_sig_object, node);
			if (so->core_id == core_id && !so->is_receiver)
				return true;
		}
	}
	return false;
}

bool component_alive(const struct component *c)
{
	for (struct list_node *n = components.head.next; n != &components.head; n = n->next)
		if (container_of(n, struct component, node) == c)
			return true;
	return false;
}

/* A delivered pager signal may refer to a component that exited meanwhile. */
static bool thread_alive(const struct core_thread *t)
{
	for (struct list_node *n = components.head.next; n != &components.head; n = n->next) {
		struct component *c = container_of(n, struct component, node);
		if (t == &c->main)
			return true;
		for (unsigned h = 1; h < CORE_MAX_THREADS; h++)
			if (t == c->threads[h])
				return true;
	}
	return false;
}

bool component_thread_faulted(const struct core_thread *t)
{
	return thread_alive(t) && t->thread.state == THREAD_FAULTED;
}

void component_fault_done(struct core_thread *t, enum rm_resolution r)
{
	if (r == RM_REFLECTED)
		return; /* the fault handler's attach will answer */
	if (r == RM_UNRESOLVED) {
		report_fault(t);
		cpu_session_thread_faulted(t);
		t->owner->faults++;
		if (t->owner->fault_handler) /* its parent wants to know */
			kernel_sig_submit(t->owner->fault_handler, 1);
	}
	kcall(KCALL_THREAD_PAGER_ACK, &t->thread, r == RM_RESOLVED, 0);
}

void component_handle_pager_signal(uint32_t imprint)
{
	struct core_thread *t = (struct core_thread *)(uintptr_t)imprint;

	if (!thread_alive(t))
		return;
	struct component *c = t->owner;

	switch (t->thread.state) {
	case THREAD_FAULTED:
		component_fault_done(t, stack_fault(c, &t->thread.fault) ? RM_RESOLVED
									 : rm_resolve_fault(t));
		return;
	case THREAD_EXITED:
		if (t != &c->main) {
			c->threads[t->handle] = NULL;
			thread_teardown(t);
			page_free(t);
			return;
		}
		component_exit(c, t->thread.exit_code);
		return;
	default: break;
	}
	core_log("core: \"%s\": spurious pager signal\n", c->name);
	kcall(KCALL_THREAD_PAGER_ACK, &t->thread, 0, 0);
}
