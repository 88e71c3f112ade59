/*
 * IPC test server: announces itself as "ipc" and answers requests of
 * ipc_client and ipc_victim (see ipc_test.h). It checks that every request
 * carries its own id of the invoked identity as badge.
 */
#include <stdbool.h>
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>
#include "ipc_test.h"

static uint16_t own_cap, timer_ctx, timer_recv;

static void sleep_ms(struct utcb *u, uint32_t ms)
{
	kernel_timeout(ms * 1000, timer_ctx);
	kernel_sig_wait(timer_recv);
	kernel_sig_ack(timer_ctx);
	(void)u;
}

static void setup(struct utcb *u)
{
	uint32_t recv_handle;

	if (core_sig_receiver(u, &timer_recv, &recv_handle) != CORE_OK ||
	    core_sig_context(u, recv_handle, 1, &timer_ctx) != CORE_OK ||
	    core_announce(u, "ipc", 0, &own_cap) != CORE_OK) {
		log_printf("ipc_server: error: setup failed\n");
		exit(1);
	}
	log_printf("ipc_server: announced, own id %u\n", (unsigned)own_cap);
}

/* Answer one request in u; returns false when the request has no reply. */
static bool serve(struct utcb *u)
{
	struct ipc_test_msg *m = (struct ipc_test_msg *)u->data;

	if (u->badge != own_cap)
		log_printf("ipc_server: error: badge %u, expected %u\n", (unsigned)u->badge,
			   (unsigned)own_cap);
	switch (u->data_size >= 8 ? m->op : 0) {
	case IPC_TEST_ECHO: return true; /* payload and size stay as received */
	case IPC_TEST_CAPS:
		for (unsigned i = 0; i < u->cap_count; i++) {
			m->ids[i] = u->caps[i];
			kernel_cap_ack(u->caps[i]);
		}
		m->badge     = u->badge;
		u->data_size = sizeof(*m);
		return true; /* the caps go back as they came */
	case IPC_TEST_SEQ: u->cap_count = 0; return true;
	case IPC_TEST_HOLD: {
		uint32_t ms = m->arg;
		sleep_ms(u, ms);
		m->op        = IPC_TEST_HOLD;
		m->arg       = ms;
		u->data_size = sizeof(*m);
		u->cap_count = 0;
		return true;
	}
	case IPC_TEST_DIE: log_printf("ipc_server: exiting with a caller waiting\n"); exit(0);
	}
	u->data_size = 0;
	u->cap_count = 0;
	return true;
}

int main(void)
{
	struct utcb *u = utcb_main();
	enum kernel_result r;

	setup(u);
	r = kernel_rpc_wait(4);
	for (;;) {
		if (r != KERNEL_OK)
			log_printf("ipc_server: error: wait: %s\n", kernel_result_string(r));
		bool hold =
		    u->data_size >= 8 && ((struct ipc_test_msg *)u->data)->op == IPC_TEST_HOLD;
		serve(u);
		r = kernel_rpc_reply(); /* separately, to see a dead client's error */
		if (r != KERNEL_OK)
			log_printf("ipc_server: reply %s: %s\n", hold ? "after hold" : "",
				   kernel_result_string(r));
		r = kernel_rpc_wait(4);
	}
}
