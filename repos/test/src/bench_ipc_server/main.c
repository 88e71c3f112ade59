/*
 * IPC benchmark server: answers empty requests as a real server does with
 * capabilities (run/bench_ipc.run): it waits with room for UTCB_MAX_CAPS,
 * acknowledges and deletes every name a request brings (it keeps none) and
 * answers with as many capabilities of its own; it echoes signals from a
 * second thread.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>
#include "bench.h"

static uint16_t client_ctx, own_ctx, own_recv;
static uint16_t reply_caps[UTCB_MAX_CAPS]; /* names it answers with */
static uint32_t stack[1024] __attribute__((aligned(8)));

/* Signal ping-pong: every delivery is acknowledged and answered. */
static void signal_echo(struct utcb *u)
{
	for (;;) {
		kernel_sig_wait(own_recv);
		kernel_sig_ack(own_ctx);
		kernel_sig_submit(client_ctx, 1);
	}
	(void)u;
}

/* Drop the names a request brought: acknowledged, then deleted */
static void drop_caps(const struct utcb *u)
{
	for (unsigned i = 0; i < u->cap_count; i++) {
		if (!u->caps[i])
			continue;
		kernel_cap_ack(u->caps[i]);
		kernel_cap_delete(u->caps[i]);
	}
}

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t cap;
	uint32_t recv, handle;

	if (core_sig_receiver(u, &own_recv, &recv) != CORE_OK ||
	    core_sig_context(u, recv, 0, &own_ctx) != CORE_OK)
		return 1;
	for (unsigned i = 0; i < UTCB_MAX_CAPS; i++)
		if (core_sig_context(u, recv, i + 1, &reply_caps[i]) != CORE_OK)
			return 1;
	if (core_announce(u, "bench", 0, &cap) != CORE_OK)
		return 1;

	kernel_rpc_wait(UTCB_MAX_CAPS);
	for (;;) {
		if (u->data_size >= 4 && *(uint32_t *)u->data == BENCH_SETUP) {
			client_ctx = u->caps[0];
			kernel_cap_ack(client_ctx); /* kept: the echo thread signals it */
			/* core's reply overwrites the UTCB: the answer is written after */
			if (core_thread(u, signal_echo, stack + 1024, &cap, &handle) != CORE_OK)
				log_printf("bench_ipc_server: error: no signal thread\n");
			*(uint32_t *)u->data = BENCH_NULL;
			u->data_size         = 4;
			u->caps[0]           = own_ctx;
			u->cap_count         = 1;
		} else if (u->cap_count) { /* an empty request needs no answer but itself */
			unsigned n = u->cap_count <= UTCB_MAX_CAPS ? u->cap_count : UTCB_MAX_CAPS;
			drop_caps(u);
			u->data_size = 0;
			u->cap_count = n;
			for (unsigned i = 0; i < n; i++)
				u->caps[i] = reply_caps[i];
		}
		kernel_rpc_reply_and_wait(UTCB_MAX_CAPS);
	}
}
