/*
 * Pools of core's objects of one size (threads, signal and RPC objects,
 * attachments), kept in pages that the pool's account pays for: a page is
 * charged when the pool needs one more and refunded when its last object
 * goes. So a component's objects cost its own quota, a few bytes each, and
 * their number is bounded by that quota alone.
 */
#pragma once

#include <stdint.h>
#include <base/core_service.h>
#include <kernel/list.h>
#include "account.h"

struct object_pool {
	struct account *payer;
	uint32_t size;     /* of one object, rounded up to 8 bytes */
	struct list pages; /* struct pool_page.node */
	unsigned objects;  /* allocated and not yet freed */
};

void object_pool_init(struct object_pool *p, struct account *payer, uint32_t size);
/* A zeroed object, or NULL with *why CORE_OUT_OF_QUOTA (the payer's quota
 * does not cover another page) or CORE_OUT_OF_RAM (core has none left) */
void *object_pool_alloc(struct object_pool *p, enum core_result *why);
void object_pool_free(struct object_pool *p, void *obj);

/* A zeroed page charged to a (NULL and *why as above), and back */
void *account_page_alloc(struct account *a, enum core_result *why);
void account_page_free(struct account *a, void *page);
