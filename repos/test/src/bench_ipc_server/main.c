/*
 * IPC benchmark server: answers empty requests as a real server does with
 * capabilities (run/bench_ipc.run): it waits with room for UTCB_MAX_CAPS,
 * acknowledges and deletes every name a request brings (it keeps none:
 * dropped with the reply, KERNEL_NAME_DROP) and answers with as many
 * capabilities of its own. Two handler threads of a
 * higher priority than the client's, each with a CPU quota (so each wake-up
 * preempts the client at once), take signals: one reads the time right
 * after each wake-up (signal_wakeup), the other answers each signal with
 * one to the client (signal_roundtrip).
 */
#include <base/core_service.h>
#include <base/log.h>
#include <base/timestamp.h>
#include <kernel/call.h>
#include "bench.h"

enum { STACK_WORDS = 1024, HANDLER_QUOTA_PERCENT = 10 };

struct handler {
	uint16_t receiver, context; /* the client submits to context */
	uint32_t stack[STACK_WORDS] __attribute__((aligned(8)));
};

static struct handler wake, ping;
static uint16_t client_ctx;
static uint16_t reply_caps[UTCB_MAX_CAPS]; /* names it answers with */
static volatile struct bench_wakeups wakeups;

/* Read the time as soon as a signal woke the thread */
static void wake_handler(struct utcb *u)
{
	kernel_sig_wait(wake.receiver);
	for (;;) {
		uint64_t now = timestamp_ns();
		wakeups.time_sum += now;
		wakeups.count++;
		kernel_sig_ack_wait(wake.context, wake.receiver);
	}
	(void)u;
}

/* Answer every signal with one to the client */
static void ping_handler(struct utcb *u)
{
	kernel_sig_wait(ping.receiver);
	for (;;) {
		kernel_sig_submit(client_ctx, 1);
		kernel_sig_ack_wait(ping.context, ping.receiver);
	}
	(void)u;
}

/* A signal receiver with one context, and a thread that waits there at a
 * higher priority than the client's, with a CPU quota */
static int handler_start(struct utcb *u, struct handler *h, void (*entry)(struct utcb *))
{
	uint32_t recv, handle;
	uint16_t cap;

	if (core_sig_receiver(u, &h->receiver, &recv) != CORE_OK ||
	    core_sig_context(u, recv, 0, &h->context) != CORE_OK ||
	    core_thread_prio(u, entry, h->stack + STACK_WORDS, CORE_MAX_PRIORITY, &cap, &handle) !=
		CORE_OK ||
	    core_quota(u, handle, HANDLER_QUOTA_PERCENT) != CORE_OK)
		return -1;
	return 0;
}

/* The answer to a request other than BENCH_NULL (core's replies overwrite
 * the UTCB: the answer is written after them) */
static void answer_op(struct utcb *u, uint32_t op)
{
	if (op == BENCH_SETUP) {
		client_ctx = u->caps[0];
		kernel_cap_ack(client_ctx); /* kept: the ping handler signals it */
		if (handler_start(u, &wake, wake_handler) || handler_start(u, &ping, ping_handler))
			log_printf("bench_ipc_server: error: no signal handlers\n");
		u->data_size = 0;
		u->cap_count = 1;
		u->caps[0]   = ping.context;
		return;
	}
	if (op == BENCH_WAKE) {
		u->data_size = 0;
		u->cap_count = 1;
		u->caps[0]   = wake.context;
		return;
	}
	struct bench_wakeups w           = { wakeups.time_sum, wakeups.count };
	*(struct bench_wakeups *)u->data = w;
	u->data_size                     = sizeof(w);
	u->cap_count                     = 0;
}

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t own_recv, cap;
	uint32_t recv;

	if (core_sig_receiver(u, &own_recv, &recv) != CORE_OK)
		return 1;
	for (unsigned i = 0; i < UTCB_MAX_CAPS; i++)
		if (core_sig_context(u, recv, i + 1, &reply_caps[i]) != CORE_OK)
			return 1;
	if (core_announce(u, "bench", 0, &cap) != CORE_OK)
		return 1;

	kernel_rpc_wait(UTCB_MAX_CAPS);
	for (;;) {
		uint32_t drop = 0; /* names of the request, dropped with the reply */
		if (u->data_size >= 4 && *(uint32_t *)u->data != BENCH_NULL) {
			answer_op(u, *(uint32_t *)u->data);
		} else if (u->cap_count) { /* an empty request needs no answer but itself */
			unsigned n = u->cap_count <= UTCB_MAX_CAPS ? u->cap_count : UTCB_MAX_CAPS;
			drop = KERNEL_NAME_DROP(n) - KERNEL_NAME_DROP(0); /* slots 0 .. n - 1 */
			u->data_size = 0;
			u->cap_count = n;
			for (unsigned i = 0; i < n; i++)
				u->caps[i] = reply_caps[i];
		}
		kernel_rpc_reply_and_wait_names(UTCB_MAX_CAPS, drop);
	}
}
