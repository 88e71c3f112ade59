/*
 * One of the crowd of a timer with 200 clients (run/timer_200.run): opens 50
 * Timer sessions, each with a signal context of its own, and sets one-shot
 * timeouts of 100, 101, ... 149 ms on them; each must arrive exactly once, in
 * deadline order and never early (guest time, base/timestamp.h). Then it
 * closes them all.
 */
#include <base/core_service.h>
#include <base/parent.h>
#include <base/timestamp.h>
#include <kernel/call.h>
#include <timer/timer_session.h>
#define TEST_NAME "timer_crowd"
#include <test/check.h>

/* opening all sessions takes less than the first timeout: all crowds'
 * sessions are open at the same time */
enum { SESSIONS = 50, FIRST_MS = 100, OPEN_WITHIN_NS = 50000000 };

static struct utcb *u;
static uint16_t timer[SESSIONS], ctx[SESSIONS];
static unsigned arrived[SESSIONS];

int main(void)
{
	const struct sig_delivery *d = (const struct sig_delivery *)utcb_main()->data;
	uint16_t receiver            = 0;
	uint32_t handle = 0, previous = 0, late_max = 0;
	unsigned in_order = 0;

	u = utcb_main();
	log_printf("timer_crowd: %u sessions\n", SESSIONS);
	uint64_t opening = timestamp_ns();
	CHECK(core_sig_receiver(u, &receiver, &handle) == CORE_OK, "receiver\n");
	for (unsigned i = 0; i < SESSIONS; i++)
		CHECK(parent_session(u, "Timer", "", TIMER_SESSION_RAM, TIMER_SESSION_RAM, 2,
				     &timer[i]) == RPC_OK &&
			  core_sig_context(u, handle, i, &ctx[i]) == CORE_OK &&
			  timer_sigh(u, timer[i], ctx[i]) == RPC_OK,
		      "session %u\n", i);
	uint64_t start = timestamp_ns();
	CHECK(start - opening < OPEN_WITHIN_NS, "opening took %u us\n",
	      (unsigned)((start - opening) / 1000));
	for (unsigned i = 0; i < SESSIONS; i++)
		CHECK(timer_oneshot(u, timer[i], (FIRST_MS + i) * 1000u) == RPC_OK, "oneshot %u\n",
		      i);
	for (unsigned n = 0; n < SESSIONS; n++) {
		CHECK(kernel_sig_wait(receiver) == KERNEL_OK, "wait\n");
		uint32_t i = d->imprint % SESSIONS, spent = (uint32_t)(timestamp_ns() - start);
		uint32_t want = (FIRST_MS + i) * 1000000u;
		kernel_sig_ack(ctx[i]);
		arrived[i]++;
		in_order += n == 0 || i > previous;
		previous = i;
		CHECK(spent >= want, "the %u ms timeout after %u ns\n", (unsigned)(FIRST_MS + i),
		      (unsigned)spent);
		if (spent >= want && spent - want > late_max)
			late_max = spent - want;
	}
	for (unsigned i = 0; i < SESSIONS; i++) {
		CHECK(arrived[i] == 1, "session %u signalled %u times\n", i, arrived[i]);
		CHECK(parent_close(u, timer[i]) == RPC_OK, "close session %u\n", i);
	}
	CHECK(in_order == SESSIONS, "%u of %u in deadline order\n", in_order, SESSIONS);
	log_printf("timer_crowd: %u timeouts arrived once each, in deadline order, none early\n",
		   SESSIONS);
	return test_report();
}
