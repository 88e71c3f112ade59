/*
 * Object pools and pages paid by an account (see object_pool.h).
 *
 * A pool page starts with its header; objects follow, handed out first
 * from the never-used rest of the page and then from the page's free list.
 * Pages are page-aligned, so an object finds its page by rounding down.
 */
#include <string.h>
#include <arch/layout.h>
#include "object_pool.h"

struct pool_page {
	struct list_node node; /* in pool->pages */
	unsigned used;         /* objects of this page in use */
	uint32_t fresh;        /* offset of the first never-used slot */
	void *free;            /* freed objects, linked through their first word */
};

enum { FIRST_OBJECT = (sizeof(struct pool_page) + 7) & ~7u };

void *account_page_alloc(struct account *a, enum core_result *why)
{
	if (!account_charge(a, ARCH_PAGE_SIZE)) {
		*why = CORE_OUT_OF_QUOTA;
		return NULL;
	}
	void *page = core_page_alloc(); /* zeroed */
	if (!page) {
		account_refund(a, ARCH_PAGE_SIZE);
		*why = CORE_OUT_OF_RAM;
	}
	return page;
}

void account_page_free(struct account *a, void *page)
{
	core_page_free(page);
	account_refund(a, ARCH_PAGE_SIZE);
}

void object_pool_init(struct object_pool *p, struct account *payer, uint32_t size)
{
	core_assert(size > 0 && FIRST_OBJECT + size <= ARCH_PAGE_SIZE,
		    "object_pool_init: an object must fit a page");
	p->payer   = payer;
	p->size    = (size + 7) & ~7u;
	p->objects = 0;
	list_init(&p->pages);
}

static void *take(struct object_pool *p, struct pool_page *pg)
{
	void *obj = pg->free;

	if (obj) {
		pg->free = *(void **)obj;
	} else if (pg->fresh + p->size <= ARCH_PAGE_SIZE) {
		obj = (char *)pg + pg->fresh;
		pg->fresh += p->size;
	} else {
		return NULL;
	}
	pg->used++;
	p->objects++;
	return memset(obj, 0, p->size);
}

/*
 * Pages with room come first, full ones last: a page that fills goes to the
 * back, one that gets room again to the front. So only the first page needs
 * a look, and an allocation costs the same however many objects the pool
 * holds.
 */
void *object_pool_alloc(struct object_pool *p, enum core_result *why)
{
	struct pool_page *pg =
	    list_empty(&p->pages) ? NULL : container_of(p->pages.head.next, struct pool_page, node);
	void *obj = pg ? take(p, pg) : NULL;

	if (!obj) {
		if (!(pg = account_page_alloc(p->payer, why)))
			return NULL;
		pg->fresh = FIRST_OBJECT;
		list_push_front(&p->pages, &pg->node);
		obj = take(p, pg);
	}
	if (!pg->free && pg->fresh + p->size > ARCH_PAGE_SIZE) {
		list_remove(&pg->node); /* full: behind every page with room */
		list_push_back(&p->pages, &pg->node);
	}
	return obj;
}

void object_pool_free(struct object_pool *p, void *obj)
{
	struct pool_page *pg =
	    (struct pool_page *)((uintptr_t)obj & ~(uintptr_t)(ARCH_PAGE_SIZE - 1));

	core_assert(pg->used > 0 && p->objects > 0, "object_pool_free: not an object in use");
	pg->used--;
	p->objects--;
	if (pg->used == 0) {
		list_remove(&pg->node);
		account_page_free(p->payer, pg);
		return;
	}
	*(void **)obj = pg->free;
	pg->free      = obj;
	if (pg != container_of(p->pages.head.next, struct pool_page, node)) {
		list_remove(&pg->node); /* it has room again: look at it first */
		list_push_front(&p->pages, &pg->node);
	}
}
