/*
 * Threads of components (see core_thread.h) and their CPU claims.
 */
#include <kernel/call.h>
#include <kernel/kernel.h>
#include "cap_space.h"
#include "component.h"
#include "core.h"
#include "core_trace.h"
#include "region_map.h"
#include "session.h"

static uint32_t ptr(const void *p) { return (uint32_t)(uintptr_t)p; }

static enum kernel_result kcall(uint32_t id, const void *a1, uint32_t a2, uint32_t a3)
{
	return (enum kernel_result)kernel_call(id, ptr(a1), a2, a3, 0, 0).r0;
}

enum kernel_result core_thread_setup(struct component *c, struct core_thread *t, struct utcb *utcb,
				     unsigned priority)
{
	enum kernel_result r;

	t->owner = c;
	r = (enum kernel_result)kernel_call(KCALL_THREAD_CREATE, ptr(&t->thread), ptr(&c->pd),
					    priority, ptr(c->name), ptr(utcb))
		.r0;
	if (r != KERNEL_OK)
		return r;
	core_trace_name(&t->thread, c->name, t->handle);
	r = kcall(KCALL_SIG_CONTEXT_CREATE, &t->pager, ptr(core_pager_receiver()),
		  (uint32_t)c->service_core_id << 16 | t->handle);
	if (r == KERNEL_OK)
		r = kcall(KCALL_THREAD_PAGER, &t->thread, ptr(&t->pager), 0);
	if (r != KERNEL_OK)
		core_thread_teardown(t);
	return r;
}

void core_thread_teardown(struct core_thread *t)
{
	rm_thread_gone(t);
	cpu_session_thread_gone(t);
	/* every identity of it dies; while another CPU runs it, the kernel stops
	 * it there first (doc/architecture.md 4.9) and core tries again */
	while (kcall(KCALL_THREAD_DESTROY, &t->thread, 0, 0) == KERNEL_WOULD_BLOCK)
		kernel_thread_yield();
	kcall(KCALL_SIG_CONTEXT_DESTROY, &t->pager, 0, 0);
	core_assert(t->thread.state == THREAD_INVALID || t->thread.state == THREAD_DESTROYED,
		    "core_thread_teardown: the kernel thread is still alive");
	core_assert(t->pager.state == SIG_CONTEXT_INVALID && t->identity.state != IDENTITY_ACTIVE,
		    "core_thread_teardown: its pager context or identity is still linked");
}

/* The lowest free handle, and the thread it goes before (the list head:
 * the end). While no thread in the middle has ended, the handles are
 * 1..n and the next is n + 1 without a walk; after that the first gap is
 * searched, and it is reused. */
static uint32_t free_handle(struct component *c, struct list_node **before)
{
	uint32_t h = 1;

	*before = &c->threads.head;
	if (list_empty(&c->threads) ||
	    container_of(c->threads.head.prev, struct core_thread, node)->handle == c->thread_count)
		return c->thread_count + 1;
	for (struct list_node *n = c->threads.head.next; n != &c->threads.head; n = n->next) {
		if (container_of(n, struct core_thread, node)->handle != h) {
			*before = n;
			return h;
		}
		h++;
	}
	return h;
}

static uint32_t utcb_va(uint32_t handle) { return USER_UTCB_BASE + handle * ARCH_PAGE_SIZE; }

/* The thread's UTCB page, mapped at its place in the component */
static enum core_result utcb_map(struct core_thread *t)
{
	enum core_result why;
	void *page = account_page_alloc(&t->owner->ram, &why); /* zeroed */

	if (!page)
		return why;
	why = address_space_map_page(t->owner, utcb_va(t->handle), virt_to_phys(page), PT_WRITE);
	if (why != CORE_OK) {
		account_page_free(&t->owner->ram, page);
		return why;
	}
	t->utcb_phys = virt_to_phys(page);
	return CORE_OK;
}

static void thread_free(struct core_thread *t)
{
	struct component *c = t->owner;

	if (t->utcb_phys) {
		address_space_unmap(c, utcb_va(t->handle), ARCH_PAGE_SIZE);
		account_page_free(&c->ram, phys_to_virt(t->utcb_phys));
	}
	if (list_node_linked(&t->node)) {
		list_remove(&t->node);
		c->thread_count--;
	}
	object_pool_free(&c->thread_pool, t);
}

enum core_result core_thread_create(struct component *c, uint32_t ip, uint32_t sp,
				    unsigned priority, unsigned cpu, struct core_thread **out)
{
	struct list_node *before;
	uint32_t h = free_handle(c, &before);
	enum core_result r;

	if (h >= USER_UTCB_HANDLES || priority > c->max_priority)
		return CORE_DENIED;
	struct core_thread *t = object_pool_alloc(&c->thread_pool, &r);
	if (!t)
		return r;
	t->owner  = c;
	t->handle = h;
	if ((r = utcb_map(t)) != CORE_OK) {
		thread_free(t);
		return r;
	}
	list_insert_before(before, &t->node);
	c->thread_count++;
	if (core_thread_setup(c, t, phys_to_virt(t->utcb_phys), priority) != KERNEL_OK) {
		thread_free(t);
		return CORE_BAD_REQUEST;
	}
	/* on its CPU before it runs (it claims no quota yet, so any CPU takes it) */
	if ((cpu && kernel_call2(KCALL_THREAD_CPU, ptr(&t->thread), cpu) != KERNEL_OK) ||
	    kernel_call(KCALL_THREAD_START, ptr(&t->thread), ip, sp, utcb_va(h), 0).r0 !=
		KERNEL_OK) {
		core_thread_destroy(t);
		return CORE_BAD_REQUEST;
	}
	*out = t;
	return CORE_OK;
}

unsigned core_thread_cpu(const struct core_thread *t)
{
	const struct cpu *cpu = t->thread.migrate_to ? t->thread.migrate_to : t->thread.cpu;
	return cpu->id;
}

void core_thread_destroy(struct core_thread *t)
{
	struct component *c = t->owner;

	core_assert(t != &c->main, "core_thread_destroy: the main thread ends with its component");
	core_thread_teardown(t);
	thread_free(t);
	component_cpu_rebalance(c); /* its claim is free again */
}

void core_threads_destroy(struct component *c)
{
	while (!list_empty(&c->threads)) {
		struct core_thread *t =
		    container_of(list_first(&c->threads), struct core_thread, node);
		core_thread_teardown(t);
		thread_free(t);
	}
}

struct core_thread *core_thread_of(struct component *c, uint32_t handle)
{
	if (handle == 0)
		return &c->main;
	for (struct list_node *n = c->threads.head.next; n != &c->threads.head; n = n->next) {
		struct core_thread *t = container_of(n, struct core_thread, node);
		if (t->handle == handle)
			return t;
		if (t->handle > handle)
			break;
	}
	return NULL;
}

/* The thread a pager delivery names: its component's badge and its handle
 * (see core_thread_setup), so that the lookup costs the same however many
 * components there are; NULL if it is gone */
struct core_thread *core_thread_by_imprint(uint32_t imprint)
{
	struct component *c = component_by_badge(imprint >> 16);
	return c ? core_thread_of(c, imprint & 0xffff) : NULL;
}

enum core_result core_thread_give_cap(struct core_thread *t, struct pd *pd, uint16_t *out)
{
	*out = 0;
	if (t->identity.state != IDENTITY_ACTIVE &&
	    kcall(KCALL_OBJ_CREATE, &t->identity, ptr(&t->thread.kobj), 0) != KERNEL_OK)
		return CORE_BAD_REQUEST;
	return pd_name_give(pd, &t->identity, out);
}

/* --- CPU claims --- */

/* A PD its parent made: its main thread claims whatever of its CPU quota
 * its other threads and its children do not. Components core loads assign
 * claims explicitly (core_quota). */
static bool main_claims_rest(const struct component *c) { return c->pd_session != NULL; }

uint32_t component_cpu_left(const struct component *c)
{
	uint32_t used = c->cpu_given + (main_claims_rest(c) ? 0 : c->main.quota_us);
	for (struct list_node *n = c->threads.head.next; n != &c->threads.head; n = n->next)
		used += container_of(n, struct core_thread, node)->quota_us;
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
