/*
 * Client of run/event.run, a plain main() program: starts the event
 * component's signal sources, pings its announced object every millisecond
 * until they are through, and counts the answers whose signal count moved
 * since the previous one (RPCs served in between signal handler calls).
 */
#include <stdbool.h>
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>
#include "../event/event_session.h"

enum { MAX_PINGS = 5000, PING_GAP_US = 1000, LOOKUP_TRIES = 5000 };

static uint16_t nap_rcv, nap_ctx;

static void nap(uint32_t us)
{
	kernel_timeout(us, nap_ctx);
	kernel_sig_wait(nap_rcv);
	kernel_sig_ack(nap_ctx);
}

static bool lookup(struct utcb *u, uint16_t *server)
{
	for (unsigned i = 0; i < LOOKUP_TRIES; i++) {
		if (core_lookup(u, "event", server) == CORE_OK)
			return true;
		nap(1000);
	}
	return false;
}

int main(void)
{
	struct utcb *u             = utcb_main();
	struct event_ping_result r = { 0, 0, 0 };
	uint32_t handle, pings = 0, interleaved = 0, wrong = 0, previous = 0;
	uint16_t server;

	if (core_sig_receiver(u, &nap_rcv, &handle) != CORE_OK ||
	    core_sig_context(u, handle, 0, &nap_ctx) != CORE_OK || !lookup(u, &server) ||
	    event_start(u, server) != RPC_OK) {
		log_printf("event_client: error: cannot reach the event component\n");
		return 1;
	}
	while (!r.done && pings < MAX_PINGS) {
		if (event_ping(u, server, pings, &r) != RPC_OK || r.seq != pings + 1) {
			wrong++;
			break;
		}
		pings++;
		interleaved += pings > 1 && r.signals != previous && !r.done;
		previous = r.signals;
		nap(PING_GAP_US);
	}
	log_printf("event_client: %u pings, %u answered with a new signal count, %u wrong\n",
		   (unsigned)pings, (unsigned)interleaved, (unsigned)wrong);
	int done = event_done(u, server, pings, interleaved);
	if (!r.done || wrong || !interleaved || done != RPC_OK) {
		log_printf("event_client: error: signals done %u, done call %d\n", (unsigned)r.done,
			   done);
		return 1;
	}
	log_printf("event_client: done\n");
	return 0;
}
