/*
 * IPC benchmark server: answers empty requests (and returns a received
 * capability unchanged), and echoes signals from a second thread.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>
#include "bench.h"

static uint16_t client_ctx, own_ctx, own_recv;
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

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t cap;
	uint32_t recv, handle;

	if (core_sig_receiver(u, &own_recv, &recv) != CORE_OK ||
	    core_sig_context(u, recv, 0, &own_ctx) != CORE_OK ||
	    core_announce(u, "bench", 0, &cap) != CORE_OK)
		return 1;

	kernel_rpc_wait(1);
	for (;;) {
		if (u->data_size >= 4 && *(uint32_t *)u->data == BENCH_SETUP) {
			client_ctx = u->caps[0];
			/* core's reply overwrites the UTCB: the answer is written after */
			if (core_thread(u, signal_echo, stack + 1024, &cap, &handle) != CORE_OK)
				log_printf("bench_ipc_server: error: no signal thread\n");
			*(uint32_t *)u->data = BENCH_NULL;
			u->data_size         = 4;
			u->caps[0]           = own_ctx;
			u->cap_count         = 1;
		}
		/* the payload and the capabilities go back as they came */
		kernel_rpc_reply_and_wait(1);
	}
}
