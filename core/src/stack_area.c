/*
 * Stacks mapped on demand (see stack_area.h). The list of a component's
 * stacks is kept in address order, which makes finding a gap for a new
 * one a single walk. The main stack's top page is one of the regions core
 * maps when it starts the thread; every other page is mapped here on its
 * first touch.
 */
#include "component.h"
#include "core.h"
#include "stack_area.h"

static struct stack *stack_of(struct list_node *n) { return container_of(n, struct stack, node); }

/* Insert s (its addresses set) in address order */
static void insert(struct component *c, struct stack *s)
{
	struct list_node *n = c->stacks.head.next;

	while (n != &c->stacks.head && stack_of(n)->base < s->base)
		n = n->next;
	list_insert_before(n, &s->node);
}

uint32_t stack_area_start_main(struct component *c)
{
	struct region *top;

	if (address_space_map_region(c, USER_STACK_TOP - ARCH_PAGE_SIZE, 1, PT_WRITE, NULL, 0, 0,
				     &top) != CORE_OK)
		return 0;
	c->main_stack = (struct stack){ .handle = 0,
					.base   = USER_STACK_TOP - USER_STACK_SIZE,
					.top    = USER_STACK_TOP };
	insert(c, &c->main_stack);
	return USER_STACK_TOP;
}

/* The lowest gap of the area that holds size bytes and a guard page below */
static bool find_gap(const struct component *c, uint32_t size, uint32_t *base)
{
	uint32_t at = STACK_AREA_BASE + ARCH_PAGE_SIZE;

	for (struct list_node *n = c->stacks.head.next; n != &c->stacks.head; n = n->next) {
		const struct stack *s = stack_of(n);
		if (s->base >= STACK_AREA_END)
			break;
		if (s->base - ARCH_PAGE_SIZE >= at && s->base - ARCH_PAGE_SIZE - at >= size)
			break;
		at = s->top + ARCH_PAGE_SIZE;
	}
	if (at > STACK_AREA_END || STACK_AREA_END - at < size)
		return false;
	*base = at;
	return true;
}

enum core_result stack_area_alloc(struct component *c, uint32_t size, uint32_t *top,
				  uint32_t *handle)
{
	enum core_result why;
	uint32_t base;

	if (!size || size > STACK_AREA_END - STACK_AREA_BASE)
		return CORE_BAD_REQUEST;
	size = (size + ARCH_PAGE_SIZE - 1) & ~(uint32_t)(ARCH_PAGE_SIZE - 1);
	if (!find_gap(c, size, &base))
		return CORE_BAD_REQUEST;
	struct stack *s = object_pool_alloc(&c->stack_pool, &why);
	if (!s)
		return why;
	*s = (struct stack){ .handle = c->next_handle++, .base = base, .top = base + size };
	insert(c, s);
	*top    = s->top;
	*handle = s->handle;
	return CORE_OK;
}

/* Free the frames of the pages touched in [from, to) and unmap them */
static void release_pages(struct component *c, uint32_t from, uint32_t to)
{
	for (uint32_t va = from; va < to; va += ARCH_PAGE_SIZE) {
		uint32_t pa;
		unsigned flags;
		if (pt_lookup(&c->pt, va, &pa, &flags) != PT_OK)
			continue;
		account_page_free(&c->ram, phys_to_virt(pa));
		c->stack_pages_on_demand--;
	}
	address_space_unmap(c, from, to - from);
}

/* The main stack's top page is a region, which goes with the regions */
static void release(struct component *c, struct stack *s)
{
	list_remove(&s->node);
	if (s == &c->main_stack) {
		release_pages(c, s->base, s->top - ARCH_PAGE_SIZE);
		return;
	}
	release_pages(c, s->base, s->top);
	object_pool_free(&c->stack_pool, s);
}

enum core_result stack_area_free(struct component *c, uint32_t handle)
{
	for (struct list_node *n = c->stacks.head.next; handle && n != &c->stacks.head;
	     n                   = n->next) {
		if (stack_of(n)->handle == handle) {
			release(c, stack_of(n));
			return CORE_OK;
		}
	}
	return CORE_NOT_FOUND;
}

enum stack_touch stack_area_fault(struct component *c, const struct fault *f)
{
	enum core_result why;

	if ((f->type != FAULT_READ && f->type != FAULT_WRITE) ||
	    f->cause != FAULT_CAUSE_TRANSLATION)
		return STACK_NOT_TOUCHED;
	for (struct list_node *n = c->stacks.head.next; n != &c->stacks.head; n = n->next) {
		const struct stack *s = stack_of(n);
		if (f->addr >= s->base - ARCH_PAGE_SIZE && f->addr < s->base)
			return STACK_OVERFLOW;
		if (f->addr < s->base || f->addr >= s->top)
			continue;
		void *page = account_page_alloc(&c->ram, &why); /* zeroed */
		if (!page)
			return STACK_NOT_TOUCHED; /* out of quota: reported as the fault it is */
		if (address_space_map_page(c, f->addr & ~(ARCH_PAGE_SIZE - 1), virt_to_phys(page),
					   PT_WRITE) != CORE_OK) {
			account_page_free(&c->ram, page);
			return STACK_NOT_TOUCHED;
		}
		c->stack_pages_on_demand++;
		return STACK_MAPPED;
	}
	return STACK_NOT_TOUCHED;
}

bool stack_area_guard(const struct component *c, uint32_t addr)
{
	for (struct list_node *n = c->stacks.head.next; n != &c->stacks.head; n = n->next) {
		const struct stack *s = stack_of(n);
		if (addr >= s->base - ARCH_PAGE_SIZE && addr < s->base)
			return true;
	}
	return false;
}

bool stack_area_contains(const struct component *c, uint32_t addr)
{
	for (struct list_node *n = c->stacks.head.next; n != &c->stacks.head; n = n->next) {
		const struct stack *s = stack_of(n);
		if (addr >= s->base && addr < s->top)
			return true;
	}
	return false;
}

bool stack_area_read(struct component *c, uint32_t va, uint32_t *word)
{
	uint32_t pa;
	unsigned flags;

	if (va % 4)
		return false;
	for (struct list_node *n = c->stacks.head.next; n != &c->stacks.head; n = n->next) {
		const struct stack *s = stack_of(n);
		if (va < s->base || va >= s->top)
			continue;
		if (pt_lookup(&c->pt, va, &pa, &flags) != PT_OK)
			return false;
		*word = *(const uint32_t *)phys_to_virt(pa);
		return true;
	}
	return false;
}

void stack_area_destroy(struct component *c)
{
	while (!list_empty(&c->stacks))
		release(c, stack_of(list_first(&c->stacks)));
}
