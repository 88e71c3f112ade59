/*
 * Server of the scaling benchmark (run/bench_scale.run): answers empty
 * requests as a real server does, acknowledging and deleting every name a
 * request brings (so a capability is new to its PD every time) and
 * answering with one of its own; on request it names many objects of its
 * own, so that it receives as a PD holding many names; a second thread
 * echoes signals. That
 * thread has a CPU claim of its own, so a signal wakes it at once however
 * many threads without claim are ready.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>
#include <test/signal_echo.h>
#include "../bench_scale/bench_scale.h"

static uint16_t client_ctx, own_ctx, own_recv;
static uint32_t stack[1024] __attribute__((aligned(8)));

static void signal_echo(struct utcb *u)
{
	(void)u;
	signal_echo_forever(own_recv, own_ctx, &client_ctx);
}

/* The client's signal context kept, the echo thread started with a claim */
static void setup(struct utcb *u)
{
	uint16_t cap;
	uint32_t handle;

	client_ctx = u->caps[0];
	kernel_cap_ack(client_ctx);
	/* core's replies overwrite the UTCB: the answer is written after */
	if (core_thread(u, signal_echo, stack + 1024, &cap, &handle) != CORE_OK ||
	    core_quota(u, handle, 5) != CORE_OK)
		log_printf("bench_scale_server: error: no signal thread with a claim\n");
	u->data_size = 0;
	u->caps[0]   = own_ctx;
	u->cap_count = 1;
}

/* Name more objects of its own (signal contexts), so that the capabilities
 * it receives come to a PD that holds many names */
static void hold(struct utcb *u, uint32_t recv)
{
	uint32_t count = ((const uint32_t *)u->data)[1];
	uint16_t cap;

	for (uint32_t i = 0; i < count; i++)
		if (core_sig_context(u, recv, 2 + i, &cap) != CORE_OK) {
			log_printf("bench_scale_server: error: holds too few names\n");
			break;
		}
	core_cap_upgrade(u); /* free names for the next receive */
	u->data_size = 0;
	u->cap_count = 0;
}

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t cap, reply_cap;
	uint32_t recv;

	if (core_sig_receiver(u, &own_recv, &recv) != CORE_OK ||
	    core_sig_context(u, recv, 0, &own_ctx) != CORE_OK ||
	    core_sig_context(u, recv, 1, &reply_cap) != CORE_OK ||
	    core_announce(u, "bench_scale", 0, &cap) != CORE_OK)
		return 1;

	kernel_rpc_wait(1);
	for (;;) {
		if (u->data_size >= 4 && *(uint32_t *)u->data == BENCH_SCALE_SETUP) {
			setup(u);
		} else if (u->data_size >= 8 && *(uint32_t *)u->data == BENCH_SCALE_HOLD) {
			hold(u, recv);
		} else if (u->cap_count) {
			for (unsigned i = 0; i < u->cap_count && i < UTCB_MAX_CAPS; i++) {
				kernel_cap_ack(u->caps[i]);
				kernel_cap_delete(u->caps[i]);
			}
			u->data_size = 0;
			u->cap_count = 1;
			u->caps[0]   = reply_cap;
		}
		kernel_rpc_reply_and_wait(1);
	}
}
