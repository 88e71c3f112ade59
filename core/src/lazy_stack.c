/*
 * The main thread's stack that core maps on demand (see lazy_stack.h).
 */
#include "lazy_stack.h"
#include "component.h"
#include "core.h"
#include "object_pool.h"

enum { STACK_BOTTOM = USER_STACK_TOP - USER_STACK_SIZE };

/* The pages below the top page, which core maps when they are touched */
static bool in_lazy_part(uint32_t addr)
{
	return addr >= STACK_BOTTOM && addr < USER_STACK_TOP - ARCH_PAGE_SIZE;
}

uint32_t lazy_stack_start(struct component *c)
{
	struct region *top;

	if (address_space_map_region(c, USER_STACK_TOP - ARCH_PAGE_SIZE, 1, PT_WRITE, NULL, 0, 0,
				     &top) != CORE_OK)
		return 0;
	return USER_STACK_TOP;
}

bool lazy_stack_fault(struct component *c, const struct fault *f)
{
	enum core_result why;

	if ((f->type != FAULT_READ && f->type != FAULT_WRITE) ||
	    f->cause != FAULT_CAUSE_TRANSLATION || !in_lazy_part(f->addr))
		return false;
	void *page = account_page_alloc(&c->ram, &why); /* zeroed */
	if (!page)
		return false;
	if (address_space_map_page(c, f->addr & ~(ARCH_PAGE_SIZE - 1), virt_to_phys(page),
				   PT_WRITE) != CORE_OK) {
		account_page_free(&c->ram, page);
		return false;
	}
	c->stack_pages_on_demand++;
	return true;
}

bool lazy_stack_guard(const struct component *c, uint32_t addr)
{
	(void)c;
	return addr >= STACK_BOTTOM - ARCH_PAGE_SIZE && addr < STACK_BOTTOM;
}

void lazy_stack_free(struct component *c)
{
	for (uint32_t va = STACK_BOTTOM; in_lazy_part(va); va += ARCH_PAGE_SIZE) {
		uint32_t pa;
		unsigned flags;
		if (pt_lookup(&c->pt, va, &pa, &flags) == PT_OK)
			account_page_free(&c->ram, phys_to_virt(pa));
	}
}
