/*
 * A child that creates and dissolves 1,000 signal handlers while it runs
 * (run/signal_cycle.run), never refused: core returns each context's memory
 * and name when the handler is dissolved. Half of them are dissolved with
 * a submit on its way to the entrypoint (the dissolve acknowledges it);
 * the other half form a chain in which each handler, when its signal
 * arrives, dissolves itself and makes the next one. Core's free RAM and
 * names are the same before and after.
 */
#include <stdlib.h>
#include <base/component.h>
#include <base/core_service.h>
#include <base/signal.h>
#include <kernel/call.h>
#define TEST_NAME "signal_cycle"
#include <test/check.h>

enum { HANDLERS = 1000 };

static struct env *env;
static struct signal_handler chain;
static unsigned made, delivered, refused;
static uint64_t ram_before;
static uint32_t caps_before;

static void report(void)
{
	uint64_t ram_after  = 0;
	uint32_t caps_after = 0;

	core_resources(env->utcb, &ram_after, &caps_after);
	CHECK(ram_after == ram_before && caps_after == caps_before,
	      "core: %u KiB and %u names before, %u KiB and %u names after\n",
	      (unsigned)(ram_before / 1024), (unsigned)caps_before, (unsigned)(ram_after / 1024),
	      (unsigned)caps_after);
	CHECK(refused == 0 && made == HANDLERS && delivered == HANDLERS / 2,
	      "%u handlers made, %u refused, %u of the chain delivered\n", made, refused,
	      delivered);
	log_printf("signal_cycle: %u handlers created and dissolved (%u delivered), none refused; "
		   "core: %u KiB free and %u names in use, before and after\n",
		   made, delivered, (unsigned)(ram_after / 1024), (unsigned)caps_after);
	exit(test_report());
}

/* The chain: a delivered handler dissolves itself and makes the next */
static void link_fired(struct signal_handler *h, uint32_t count)
{
	CHECK(count == 1, "a chain signal counted %u\n", (unsigned)count);
	delivered++;
	signal_handler_dissolve(h);
	if (made == HANDLERS)
		report();
	else if (signal_handler_init(env->ep, &chain, link_fired) != SIGNAL_OK)
		refused++, report();
	else
		made++, kernel_sig_submit(chain.context_cap, 1);
}

/* Stack pages core maps on demand stay: touch what the handlers need now */
static __attribute__((noinline)) void stack_prefault(void)
{
	volatile uint8_t depth[16 * 1024];
	for (unsigned i = 0; i < sizeof(depth); i += 4096)
		depth[i] = 0;
}

static void never(struct signal_handler *h, uint32_t count)
{
	(void)h;
	(void)count;
	CHECK(false, "a dissolved handler ran\n");
}

void component_construct(struct env *e)
{
	struct signal_handler h;

	env = e;
	stack_prefault();
	log_printf("signal_cycle: %u handlers\n", HANDLERS); /* opens the LOG session */
	/* the entrypoint's signal machinery (receiver, proxy thread) is made with
	 * the first handler and stays: count from after it */
	CHECK(signal_handler_init(env->ep, &h, never) == SIGNAL_OK, "first handler\n");
	signal_handler_dissolve(&h);
	core_resources(env->utcb, &ram_before, &caps_before);
	/* a submit on its way when the handler goes: no call, no leak */
	for (unsigned i = 0; i < HANDLERS / 2; i++) {
		if (signal_handler_init(env->ep, &h, never) != SIGNAL_OK) {
			refused++;
			continue;
		}
		made++;
		kernel_sig_submit(h.context_cap, 1);
		signal_handler_dissolve(&h);
	}
	if (signal_handler_init(env->ep, &chain, link_fired) != SIGNAL_OK)
		refused++, report();
	made++;
	kernel_sig_submit(chain.context_cap, 1);
}
