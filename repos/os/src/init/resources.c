/*
 * Resource requests and yields. init keeps a pool of RAM for its children's
 * requests (<resource-pool ram="4M"/>, none by default); a child may grow
 * up to its ram_max (<start ram="1M" ram_max="4M">, default: its ram). When
 * the pool is short, init asks children that allow it (<start yield="yes">)
 * to give RAM back and tells the requester to ask again; what a child
 * yields refills the pool.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <session/pd_session.h>
#include "init.h"

static uint64_t pool;

void resources_init(void)
{
	struct node n;
	if (node_sub_by_type(&config, "resource-pool", &n) && !node_attr_u64(&n, "ram", &pool))
		log_printf("config: <resource-pool> without valid ram ignored\n");
}

static bool yield_pending(void)
{
	for (struct init_child *k = children; k; k = k->next)
		if (k->cp.running && k->cp.yield_ram)
			return true;
	return false;
}

int init_resource_request(struct child_parent *cp, uint32_t ram)
{
	struct init_child *c = (struct init_child *)cp;
	struct utcb *u       = cp->ep->utcb;

	if (c->ram_given + ram > c->ram_max - c->ram) {
		log_printf("\"%s\" asks for %u KiB more: beyond its ram_max, denied\n", cp->name,
			   (unsigned)(ram / 1024));
		return PARENT_OUT_OF_QUOTA;
	}
	if (pool >= ram) {
		if (parent_upgrade(u, cp->loader.pd, ram, 0) != RPC_OK)
			return PARENT_OUT_OF_QUOTA;
		pool -= ram;
		c->ram_given += ram;
		log_printf("\"%s\" asks for %u KiB more: granted, %u KiB left in the pool\n",
			   cp->name, (unsigned)(ram / 1024), (unsigned)(pool / 1024));
		return RPC_OK;
	}
	if (yield_pending())
		return PARENT_UNAVAILABLE;
	for (struct init_child *k = children; k; k = k->next) {
		if (k == c || !k->yieldable || !k->cp.running)
			continue;
		if (child_parent_ask_yield(&k->cp, (uint32_t)(ram - pool))) {
			log_printf(
			    "\"%s\" asks for %u KiB more: pool short, asking \"%s\" to yield "
			    "%u KiB\n",
			    cp->name, (unsigned)(ram / 1024), k->cp.name,
			    (unsigned)((ram - pool) / 1024));
			return PARENT_UNAVAILABLE;
		}
	}
	log_printf("\"%s\" asks for %u KiB more: pool short, nobody to yield, denied\n", cp->name,
		   (unsigned)(ram / 1024));
	return PARENT_OUT_OF_QUOTA;
}

void init_yielded(struct child_parent *cp)
{
	struct utcb *u           = cp->ep->utcb;
	struct pd_quota_result q = { 0, 0, 0, 0, 0, 0, 0, 0 };
	uint32_t take            = 0;

	if (pd_quota(u, cp->loader.pd, &q) == RPC_OK && q.budget > q.used)
		take = q.budget - q.used < cp->yield_ram ? q.budget - q.used : cp->yield_ram;
	take &= ~4095u;
	if (take && pd_withdraw(u, cp->loader.pd, core_service_cap, take) == RPC_OK)
		pool += take;
	else
		take = 0;
	log_printf("\"%s\" yielded %u KiB of the %u KiB asked for\n", cp->name,
		   (unsigned)(take / 1024), (unsigned)(cp->yield_ram / 1024));
}
