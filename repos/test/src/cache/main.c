/*
 * A child that holds a cache it can give up (run/resource_yield.run): it
 * keeps 3 MiB in a RAM session of its own; when its parent asks it to
 * yield, it closes that session (the quota returns to its PD) and
 * responds, then waits to be ended.
 */
#include <stdlib.h>
#include <base/component.h>
#include <base/log.h>
#include <base/parent.h>
#include <base/signal.h>
#include <session/ram_session.h>

enum { CACHE = 3 * 1024 * 1024 };

static struct env *env;
static struct signal_handler yield;
static uint16_t cache;

static void yield_requested(struct signal_handler *h, uint32_t count)
{
	uint32_t wanted = 0;
	(void)h;
	(void)count;

	parent_yield_request(env->utcb, &wanted);
	if (cache) {
		parent_close(env->utcb, cache);
		cache = 0;
		log_printf("cache: asked to yield %u KiB, released my cache of %u KiB\n",
			   (unsigned)(wanted / 1024), CACHE / 1024);
	} else {
		log_printf("cache: asked to yield %u KiB, nothing left to release\n",
			   (unsigned)(wanted / 1024));
	}
	parent_yield_response(env->utcb);
}

void component_construct(struct env *e)
{
	uint16_t ds = 0;

	env = e;
	if (parent_session(env->utcb, "RAM", "cache", CACHE + 64 * 1024, CACHE + 64 * 1024, 4,
			   &cache) != RPC_OK ||
	    ram_alloc(env->utcb, cache, CACHE, &ds) != RPC_OK ||
	    signal_handler_init(env->ep, &yield, yield_requested) != SIGNAL_OK ||
	    parent_yield_sigh(env->utcb, yield.context_cap) != RPC_OK) {
		log_printf("cache: error: cannot set up\n");
		exit(1);
	}
	log_printf("cache: holding %u KiB\n", CACHE / 1024);
}
