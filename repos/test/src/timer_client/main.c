/*
 * A client of the timer driver (run/timer.run, several at once): three
 * one-shot timeouts of 30, 10 and 20 ms must arrive in deadline order and
 * none early; a periodic one of 5 ms ten times, each no earlier than its
 * period. Lateness is measured in guest time (base/timestamp.h), which
 * counts instructions (virtual nanoseconds) under QEMU -icount shift=0.
 */
#include <base/core_service.h>
#include <base/timestamp.h>
#include <base/log.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <timer/timer_session.h>

static unsigned failures;

#define CHECK(cond, ...)                                                 \
	do {                                                             \
		if (!(cond)) {                                           \
			failures++;                                      \
			log_printf("timer_client: error: " __VA_ARGS__); \
		}                                                        \
	} while (0)

enum { ONESHOTS = 3, PERIODS = 10, PERIOD_US = 5000 };

static struct utcb *u;
static uint16_t receiver;
static uint32_t receiver_handle;

/* A session whose timeouts arrive at our receiver with imprint */
static uint16_t session(uint32_t imprint, uint16_t *ctx)
{
	uint16_t t = 0;
	CHECK(parent_session(u, "Timer", "", TIMER_SESSION_RAM, TIMER_SESSION_RAM, 2, &t) == RPC_OK,
	      "Timer session\n");
	CHECK(core_sig_context(u, receiver_handle, imprint, ctx) == CORE_OK, "context\n");
	CHECK(timer_sigh(u, t, *ctx) == RPC_OK, "sigh\n");
	return t;
}

static uint32_t wait_for(uint16_t *ctx_of_imprint)
{
	const struct sig_delivery *d = (const struct sig_delivery *)u->data;
	CHECK(kernel_sig_wait(receiver) == KERNEL_OK, "wait\n");
	uint32_t imprint = d->imprint;
	kernel_sig_ack(ctx_of_imprint[imprint % 64]);
	return imprint;
}

int main(void)
{
	static const uint32_t ms[ONESHOTS] = { 30, 10, 20 };
	uint16_t timer[ONESHOTS], ctx[64]  = { 0 };
	uint32_t order[ONESHOTS], late_min = ~0u, late_max = 0;
	uint64_t start;
	uint64_t now = 0;

	u = utcb_main();
	CHECK(core_sig_receiver(u, &receiver, &receiver_handle) == CORE_OK, "receiver\n");
	for (unsigned i = 0; i < ONESHOTS; i++)
		timer[i] = session(ms[i], &ctx[ms[i]]);
	CHECK(timer_oneshot(u, timer[0], 0) == RPC_OK, "stop\n");
	CHECK(timer_periodic(u, timer[0], 10) == RPC_BAD_ARGS, "period below the minimum\n");

	start = timestamp_ns();
	for (unsigned i = 0; i < ONESHOTS; i++)
		CHECK(timer_oneshot(u, timer[i], ms[i] * 1000) == RPC_OK, "oneshot\n");
	for (unsigned i = 0; i < ONESHOTS; i++) {
		order[i]       = wait_for(ctx);
		uint32_t spent = (uint32_t)(timestamp_ns() - start), want = order[i] * 1000000u;
		CHECK(spent >= want, "%u ms timeout after %u instructions\n", (unsigned)order[i],
		      (unsigned)spent);
		uint32_t late = spent >= want ? spent - want : 0;
		late_min      = late < late_min ? late : late_min;
		late_max      = late > late_max ? late : late_max;
	}
	CHECK(order[0] == 10 && order[1] == 20 && order[2] == 30, "order %u %u %u\n",
	      (unsigned)order[0], (unsigned)order[1], (unsigned)order[2]);
	log_printf("timer_client: one-shots of 30, 10, 20 ms arrived as %u, %u, %u ms, late by "
		   "%u..%u instructions\n",
		   (unsigned)order[0], (unsigned)order[1], (unsigned)order[2], (unsigned)late_min,
		   (unsigned)late_max);

	late_max = 0;
	start    = timestamp_ns();
	CHECK(timer_periodic(u, timer[1], PERIOD_US) == RPC_OK, "periodic\n");
	for (unsigned k = 1; k <= PERIODS; k++) {
		CHECK(wait_for(ctx) == 10, "periodic imprint\n");
		uint32_t spent = (uint32_t)(timestamp_ns() - start), want = k * PERIOD_US * 1000u;
		CHECK(spent >= want, "period %u after %u instructions\n", k, (unsigned)spent);
		if (spent >= want && spent - want > late_max)
			late_max = spent - want;
	}
	CHECK(timer_periodic(u, timer[1], 0) == RPC_OK, "stop periodic\n");
	log_printf("timer_client: %u periods of %u us, each late by at most %u instructions\n",
		   PERIODS, PERIOD_US, (unsigned)late_max);

	CHECK(timer_now(u, timer[2], &now) == RPC_OK && now > 0 && now <= kernel_time_us(),
	      "now\n");
	for (unsigned i = 0; i < ONESHOTS; i++)
		CHECK(parent_close(u, timer[i]) == RPC_OK, "close\n");
	log_printf("timer_client: %s\n", failures ? "checks failed" : "all checks passed");
	return failures ? 1 : 0;
}
