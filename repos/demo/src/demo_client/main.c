/*
 * A demo client: reads its name from its config ROM, works (counts loop
 * rounds) as fast as its CPU share allows, and every timer tick (a signal
 * from the timer driver) reports the work to the Counter server over RPC.
 * The server signals it when the total passes a milestone. It tells what
 * share of the CPU it got over a window that is the same for every client:
 * guest time WINDOW_START_US to WINDOW_END_US, two whole super periods, so
 * that the shares of all clients add up. The client notices the window's
 * ends only when it runs; its CPU time does not grow while it does not, so
 * the share is its CPU time between the two checks over the window's
 * nominal length (a client that a higher priority keeps from running at
 * the window's start would otherwise measure a shorter window).
 */
#include <string.h>
#include <base/attached_rom.h>
#include <base/core_service.h>
#include <base/log.h>
#include <demo/counter_session.h>
#include <kernel/call.h>
#include <timer/timer_connection.h>

enum {
	TICK_US         = 200000,
	WINDOW_START_US = 1000000, /* every client has started by then */
	WINDOW_END_US   = 3000000,
	TICK            = 1,
	MILESTONE       = 2,
};

static struct utcb *u;
static char name[16] = "client";
static uint64_t quota; /* its CPU quota in percent, from the config (for the report) */

/* The config ROM in one call: opened, attached and parsed */
static void read_config(void)
{
	struct attached_rom config;

	if (attached_rom_open(u, &config, "config") && config.valid) {
		node_attr_copy(&config.root, "name", name, sizeof(name));
		node_attr_u64(&config.root, "quota", &quota);
	}
}

static uint16_t context(uint32_t receiver, uint32_t imprint)
{
	uint16_t cap = 0;
	core_sig_context(u, receiver, imprint, &cap);
	return cap;
}

int main(void)
{
	uint16_t rcv = 0, timer = 0, counter = 0, tick_ctx, milestone_ctx;
	uint32_t rcv_handle = 0;
	uint64_t rounds = 0, reported = 0, total = 0, t0 = 0, c0 = 0, r0 = 0, now;
	unsigned ticks = 0, milestones = 0, half = 0;
	const struct sig_delivery *d;

	u = utcb_main();
	read_config();
	if (core_sig_receiver(u, &rcv, &rcv_handle) != CORE_OK ||
	    !(timer = timer_connection_open(u, "")) ||
	    !(counter = counter_connection_open(u, ""))) {
		log_printf("%s: error: no timer or counter\n", name);
		return 1;
	}
	tick_ctx      = context(rcv_handle, TICK);
	milestone_ctx = context(rcv_handle, MILESTONE);
	timer_sigh(u, timer, tick_ctx);
	counter_watch(u, counter, milestone_ctx);
	log_printf("%s: CPU quota %u %%: working, reporting to the server every %u ms\n", name,
		   (unsigned)quota, TICK_US / 1000);
	timer_periodic(u, timer, TICK_US);

	d = (const struct sig_delivery *)u->data;
	while ((now = kernel_time_us()) < WINDOW_END_US) {
		if (!t0 && now >= WINDOW_START_US) {
			t0 = now;
			c0 = kernel_thread_time_us();
			r0 = rounds;
		}
		for (volatile unsigned i = 0; i < 4096; i++)
			rounds++;
		if (kernel_sig_pending(rcv) != KERNEL_OK)
			continue;
		uint32_t imprint = d->imprint, count = d->count;
		kernel_sig_ack(imprint == TICK ? tick_ctx : milestone_ctx);
		if (imprint == MILESTONE) {
			milestones += count;
			continue;
		}
		ticks += count;
		counter_add(u, counter, rounds - reported, &total);
		reported = rounds;
		if (now >= (WINDOW_START_US + WINDOW_END_US) / 2 && !half++)
			log_printf(
			    "%s: half time: %u million rounds so far, all clients: %u million\n",
			    name, (unsigned)(rounds / 1000000), (unsigned)(total / 1000000));
	}
	timer_periodic(u, timer, 0);
	uint64_t c1    = kernel_thread_time_us();
	unsigned share = t0 ? (unsigned)((c1 - c0) * 100 / (WINDOW_END_US - WINDOW_START_US)) : 0;
	log_printf("%s: done: %u million rounds, %u %% of the CPU (both in %u s), told of %u "
		   "milestones\n",
		   name, (unsigned)((rounds - r0) / 1000000), share,
		   (WINDOW_END_US - WINDOW_START_US) / 1000000, milestones);
	return 0;
}
