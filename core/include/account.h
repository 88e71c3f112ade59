/*
 * Who pays for the memory core spends on someone's behalf: a component's
 * RAM quota, or the donation of one of its sessions. Core charges the
 * account before it allocates and refunds it when the memory goes back, so
 * what anybody makes core spend is bounded by the quota someone gave them,
 * never by a table in core.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include "core.h"

struct account {
	uint32_t quota; /* bytes it may use */
	uint32_t used;  /* bytes in use: memory core holds for it, donations */
};

static inline uint32_t account_left(const struct account *a)
{
	return a->used < a->quota ? a->quota - a->used : 0;
}

/* false (and nothing charged) if the quota does not cover bytes more */
static inline bool account_charge(struct account *a, uint32_t bytes)
{
	if (bytes > account_left(a))
		return false;
	a->used += bytes;
	return true;
}

static inline void account_refund(struct account *a, uint32_t bytes)
{
	core_assert(bytes <= a->used, "account_refund: more than was charged");
	a->used -= bytes;
}
