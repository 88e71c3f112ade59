/*
 * An event-driven component (base/component.h, base/signal.h; run/event.run):
 * no main, only component_construct and handlers on the entrypoint.
 *
 *  timer    a handler re-arms a 10 ms kernel timeout TIMEOUTS times; each
 *           arrives once, in order and not early; then it dissolves itself
 *  submits  a second thread submits in bursts; the delivered counts add up,
 *           and submits made while the handler runs arrive as one delivery
 *  ghost    a handler dissolved while its delivery is on the way to the
 *           entrypoint is not called: the delivery is dropped
 *  rpc      event_client pings the announced "event" object while signals
 *           flow; a flag raised in every handler shows that none overlaps
 *           another (each yields the CPU while its flag is up)
 *  echo     signal round trips second thread -> handler -> second thread,
 *           and for comparison to a plain thread waiting on its own
 *           receiver, in instructions (guest ns under QEMU -icount shift=0)
 *
 * Prints "event: all N checks passed" and exits with 0 only if every check
 * held; each failed check prints "event: error: ...".
 */
#include <stdbool.h>
#include <stdlib.h>
#include <base/component.h>
#include <base/core_service.h>
#include <base/timestamp.h>
#include <base/log.h>
#include <base/signal.h>
#include <kernel/call.h>
#include "event_session.h"

enum {
	TIMEOUTS     = 5,
	TIMEOUT_US   = 10000,
	ROUNDS       = 20, /* of the submitter, BURST submits each */
	BURST        = 2,
	SUBMITS      = ROUNDS * BURST,
	ROUND_GAP_US = 2000,
	HOLD         = 3, /* submits the first submit handler waits for */
	ECHO_WARMUP  = 100,
	ECHOES       = 1000,
	STACK_SIZE   = 4096,
};

/* imprints of the submitter thread's own contexts */
enum { WAKE_GO = 1, WAKE_NAP, WAKE_ECHO };

static struct env *env;
static unsigned checks, failures;

#define CHECK(cond, ...)                                          \
	do {                                                      \
		checks++;                                         \
		if (!(cond)) {                                    \
			failures++;                               \
			log_printf("event: error: " __VA_ARGS__); \
		}                                                 \
	} while (0)

/* Raised while any handler runs; on one entrypoint none may find it raised */
static volatile int busy;
static unsigned overlaps, signal_calls;

static void handler_enter(void)
{
	if (busy)
		overlaps++;
	busy = 1;
}

static void handler_leave(void) { busy = 0; }

/* --- timer: periodic by re-arming a one-shot timeout --- */
static struct {
	struct signal_handler h;
	unsigned fired, early, bad;
	uint64_t armed_at, deadline, last;
	bool dissolved;
} timer;

static void timer_arm(void)
{
	timer.armed_at = kernel_time_us();
	timer.deadline = timer.armed_at + TIMEOUT_US;
	kernel_timeout(TIMEOUT_US, timer.h.context_cap);
}

static void timer_fired(struct signal_handler *h, uint32_t count)
{
	uint64_t now = kernel_time_us();

	handler_enter();
	signal_calls++;
	timer.fired++;
	timer.bad += h != &timer.h || count != 1;
	timer.early += now < timer.deadline || now <= timer.last;
	timer.last = now;
	log_printf("event: timeout %u of %u after %u us\n", timer.fired, (unsigned)TIMEOUTS,
		   (unsigned)(now - timer.armed_at));
	if (timer.fired < TIMEOUTS)
		timer_arm();
	else
		timer.dissolved = signal_handler_dissolve(h) == SIGNAL_OK && !h->context_cap;
	handler_leave();
}

/* --- submits from the second thread --- */
static struct {
	struct signal_handler h;
	unsigned sum, deliveries, max_count, bad;
} sub;
static volatile unsigned submitted, submit_errors;
static volatile int submitter_finished;

/* Keep the entrypoint busy until the submitter made HOLD more submits: the
 * proxy waits in its call meanwhile, so they must arrive as one delivery. */
static void hold_entrypoint(void)
{
	unsigned goal = submitted + HOLD < SUBMITS ? submitted + HOLD : SUBMITS;

	for (uint64_t end = kernel_time_us() + 1000000; submitted < goal && kernel_time_us() < end;)
		kernel_thread_yield();
}

static void submits_arrived(struct signal_handler *h, uint32_t count)
{
	handler_enter();
	signal_calls++;
	sub.bad += h != &sub.h || count == 0;
	sub.sum += count;
	sub.deliveries++;
	sub.max_count = count > sub.max_count ? count : sub.max_count;
	if (sub.deliveries == 1)
		hold_entrypoint();
	kernel_thread_yield();
	handler_leave();
}

/* --- echo: a handler that answers the submitter thread --- */
static struct {
	struct signal_handler h;
	unsigned calls, sum;
} echo;
static uint16_t wake_rcv, wake_go, wake_nap, wake_echo; /* the submitter's receiver */
static volatile uint32_t echo_ns, plain_ns;

static void echo_arrived(struct signal_handler *h, uint32_t count)
{
	handler_enter();
	(void)h;
	echo.calls++;
	echo.sum += count;
	kernel_sig_submit(wake_echo, 1);
	handler_leave();
}

/* --- ghost: dissolved with its delivery on the way --- */
static struct signal_handler ghost;
static unsigned ghost_calls;

static void ghost_called(struct signal_handler *h, uint32_t count)
{
	(void)h;
	(void)count;
	ghost_calls++;
}

/* --- the second thread --- */
static uint8_t submitter_stack[STACK_SIZE] __attribute__((aligned(8)));
static volatile enum signal_result stray_init;
static volatile unsigned submitter_strays;

/* Wait for one of the thread's own contexts, ack it; false if another came */
static bool await(struct utcb *u, uint32_t imprint)
{
	if (kernel_sig_wait(wake_rcv) != KERNEL_OK)
		return false;
	uint32_t got = ((const struct sig_delivery *)u->data)->imprint;
	kernel_sig_ack(got == WAKE_GO ? wake_go : got == WAKE_NAP ? wake_nap : wake_echo);
	submitter_strays += got != imprint;
	return got == imprint;
}

/* The same without the entrypoint: a thread that waits on its own receiver */
static uint16_t plain_rcv, plain_ctx;
static uint8_t plain_stack[STACK_SIZE] __attribute__((aligned(8)));

static void plain_echo(struct utcb *u)
{
	(void)u;
	while (kernel_sig_wait(plain_rcv) == KERNEL_OK) {
		kernel_sig_ack(plain_ctx);
		kernel_sig_submit(wake_echo, 1);
	}
	kernel_thread_exit(0);
}

/* Guest time of ECHOES round trips through the context ctx and back */
static uint32_t echo_round_trips(struct utcb *u, uint16_t ctx)
{
	uint64_t start = 0;

	for (unsigned i = 0; i < ECHO_WARMUP + ECHOES; i++) {
		if (i == ECHO_WARMUP)
			start = timestamp_ns();
		kernel_sig_submit(ctx, 1);
		if (!await(u, WAKE_ECHO))
			break;
	}
	return (uint32_t)(timestamp_ns() - start);
}

static struct signal_handler finish_handler;

/* No printing here: output is the entrypoint's (log_client is single-threaded) */
static void submitter(struct utcb *u)
{
	struct signal_handler stray;

	stray_init = signal_handler_init(env->ep, &stray, ghost_called);
	await(u, WAKE_GO); /* EVENT_START */
	for (unsigned r = 0; r < ROUNDS; r++) {
		for (unsigned k = 0; k < BURST; k++) {
			if (kernel_sig_submit(sub.h.context_cap, 1) == KERNEL_OK)
				submitted++;
			else
				submit_errors++;
		}
		if (r + 1 < ROUNDS) {
			kernel_timeout(ROUND_GAP_US, wake_nap);
			await(u, WAKE_NAP);
		}
	}
	submitter_finished = 1;
	await(u, WAKE_GO); /* EVENT_DONE: the client is through */
	plain_ns = echo_round_trips(u, plain_ctx);
	echo_ns  = echo_round_trips(u, echo.h.context_cap);
	kernel_sig_submit(finish_handler.context_cap, 1);
	kernel_thread_exit(0);
}

/* --- the RPC object --- */
static struct rpc_object root;
static bool started, client_done;
static unsigned pings, pings_between_signals, last_signals;
static struct event_done_args client;

static bool signals_done(void)
{
	return timer.fired >= TIMEOUTS && submitter_finished && sub.sum >= submitted;
}

static int start_called(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	(void)r;
	handler_enter();
	if (!started) {
		started = true;
		timer_arm();
		kernel_sig_submit(wake_go, 1);
	}
	handler_leave();
	return RPC_OK;
}

static int ping_called(struct rpc_object *o, struct rpc_request *r)
{
	const struct event_ping_args *a = r->args;
	struct event_ping_result *res   = r->result;

	(void)o;
	handler_enter();
	kernel_thread_yield();
	pings++;
	pings_between_signals += pings > 1 && signal_calls != last_signals && !signals_done();
	last_signals = signal_calls;
	*res         = (struct event_ping_result){ a->seq + 1, signal_calls, signals_done() };
	handler_leave();
	return RPC_OK;
}

static int done_called(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	handler_enter();
	if (!client_done) {
		client_done = true;
		client      = *(const struct event_done_args *)r->args;
		kernel_sig_submit(wake_go, 1); /* on to the echo round trips */
	}
	handler_leave();
	return RPC_OK;
}

static const rpc_handler_t event_handlers[EVENT_OPCODES] = { start_called, ping_called,
							     done_called };
static const struct rpc_interface event_iface = { EVENT_OPCODES, event_functions, event_handlers };

/* --- the end: all checks, then exit --- */
static void check_signals(void)
{
	CHECK(timer.fired == TIMEOUTS && !timer.bad && !timer.early,
	      "timer: %u timeouts (expected %u), %u wrong, %u early or out of order\n", timer.fired,
	      (unsigned)TIMEOUTS, timer.bad, timer.early);
	CHECK(timer.dissolved, "timer: the handler could not dissolve itself\n");
	CHECK(submitted == SUBMITS && !submit_errors, "submits: %u of %u made, %u failed\n",
	      submitted, (unsigned)SUBMITS, submit_errors);
	CHECK(sub.sum == submitted && !sub.bad, "submits: counts add up to %u of %u, %u wrong\n",
	      sub.sum, submitted, sub.bad);
	CHECK(sub.max_count >= 2 && sub.deliveries < sub.sum,
	      "submits: none coalesced (%u deliveries, max count %u)\n", sub.deliveries,
	      sub.max_count);
	CHECK(ghost_calls == 0 && signal_dropped(env->ep) == 1,
	      "ghost: called %u times, %u deliveries dropped (expected 0, 1)\n", ghost_calls,
	      signal_dropped(env->ep));
	CHECK(stray_init == SIGNAL_WRONG_THREAD, "signal_handler_init on another thread -> %d\n",
	      (int)stray_init);
	CHECK(echo.calls == ECHO_WARMUP + ECHOES && echo.sum == echo.calls && !submitter_strays,
	      "echo: %u calls, counts %u, %u stray wake-ups\n", echo.calls, echo.sum,
	      submitter_strays);
}

static void check_rpc(void)
{
	CHECK(client_done && client.pings == pings, "rpc: client counts %u pings, server %u\n",
	      (unsigned)client.pings, pings);
	CHECK(pings_between_signals > 0 && client.interleaved > 0,
	      "rpc: no ping between signals (server %u, client %u)\n", pings_between_signals,
	      (unsigned)client.interleaved);
	CHECK(overlaps == 0, "%u handlers ran while another one was running\n", overlaps);
}

static void finish(struct signal_handler *h, uint32_t count)
{
	(void)h;
	(void)count;
	handler_enter();
	check_signals();
	handler_leave(); /* before check_rpc: it checks the overlaps */
	check_rpc();
	log_printf("event: timer: %u timeouts of %u us, in order, none early, dissolved itself\n",
		   timer.fired, (unsigned)TIMEOUT_US);
	log_printf("event: submits: %u from another thread in %u deliveries (max count %u), "
		   "counts add up to %u\n",
		   submitted, sub.deliveries, sub.max_count, sub.sum);
	log_printf("event: ghost: dissolved with its delivery on the way: %u calls, %u dropped\n",
		   ghost_calls, signal_dropped(env->ep));
	log_printf("event: rpc: %u pings, %u between signal handler calls, %u overlaps\n", pings,
		   pings_between_signals, overlaps);
	log_printf("event: echo: %u round trips thread -> handler -> thread, %u instructions each "
		   "(plain thread instead of handler: %u)\n",
		   (unsigned)ECHOES, (unsigned)((echo_ns + ECHOES / 2) / ECHOES),
		   (unsigned)((plain_ns + ECHOES / 2) / ECHOES));
	if (failures) {
		log_printf("event: %u of %u checks failed\n", failures, checks);
		exit(1);
	}
	log_printf("event: all %u checks passed\n", checks);
	exit(0);
}

/* --- construction --- */
static bool make_handler(struct signal_handler *h, signal_fn_t fn, const char *what)
{
	enum signal_result r = signal_handler_init(env->ep, h, fn);
	CHECK(r == SIGNAL_OK && h->context_cap, "signal_handler_init(%s) -> %d\n", what, (int)r);
	return r == SIGNAL_OK;
}

/* The proxy takes the ghost's delivery, acks it and calls the entrypoint,
 * which does not serve yet; the dissolve comes before that call is served,
 * and a new handler takes the ghost's slot. */
static bool ghost_dissolved_in_flight(void)
{
	if (!make_handler(&ghost, ghost_called, "ghost"))
		return false;
	kernel_sig_submit(ghost.context_cap, 3);
	for (unsigned i = 0; i < 3; i++)
		kernel_thread_yield();
	return signal_handler_dissolve(&ghost) == SIGNAL_OK;
}

static bool threads_setup(struct utcb *u)
{
	uint32_t rcv_handle, plain_handle, thread_handle;
	uint16_t thread_cap;

	return core_sig_receiver(u, &wake_rcv, &rcv_handle) == CORE_OK &&
	       core_sig_context(u, rcv_handle, WAKE_GO, &wake_go) == CORE_OK &&
	       core_sig_context(u, rcv_handle, WAKE_NAP, &wake_nap) == CORE_OK &&
	       core_sig_context(u, rcv_handle, WAKE_ECHO, &wake_echo) == CORE_OK &&
	       core_sig_receiver(u, &plain_rcv, &plain_handle) == CORE_OK &&
	       core_sig_context(u, plain_handle, 0, &plain_ctx) == CORE_OK &&
	       core_thread(u, plain_echo, plain_stack + STACK_SIZE, &thread_cap, &thread_handle) ==
		   CORE_OK &&
	       core_thread(u, submitter, submitter_stack + STACK_SIZE, &thread_cap,
			   &thread_handle) == CORE_OK;
}

void component_construct(struct env *e)
{
	env = e;
	log_printf("event: constructing\n");
	bool ok = make_handler(&timer.h, timer_fired, "timer") && ghost_dissolved_in_flight() &&
		  make_handler(&sub.h, submits_arrived, "submits") &&
		  make_handler(&echo.h, echo_arrived, "echo") &&
		  make_handler(&finish_handler, finish, "finish");
	CHECK(ok && threads_setup(e->utcb), "cannot set up the signal sources\n");
	int r = core_announce(e->utcb, "event", 0, &root.cap);
	CHECK(r == CORE_OK, "announce: core result %d\n", r);
	if (failures)
		exit(1);
	rpc_ep_insert(e->ep, &root, &event_iface);
	log_printf("event: constructed, serving\n");
}
