/*
 * A client that dies while the IPC test server serves its request: a second
 * thread calls "hold", the main thread exits meanwhile. The server's reply
 * must then fail with "partner destroyed".
 */
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>
#include "../ipc_server/ipc_test.h"

static uint16_t server;
static uint32_t stack[1024] __attribute__((aligned(8)));

static void caller(struct utcb *u)
{
	struct ipc_test_msg *m = (struct ipc_test_msg *)u->data;

	m->op        = IPC_TEST_HOLD;
	m->arg       = 300;
	u->data_size = sizeof(*m);
	u->cap_count = 0;
	log_printf("ipc_victim: calling hold(300 ms), main thread exits meanwhile\n");
	kernel_rpc_call(server, 0);
	log_printf("ipc_victim: error: the call returned\n");
	kernel_thread_stop();
}

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t cap;
	uint32_t handle;

	while (core_lookup(u, "ipc", &server) != CORE_OK)
		kernel_thread_yield();
	if (core_thread(u, caller, stack + 1024, &cap, &handle) != CORE_OK)
		return 1;
	uint64_t until = kernel_time_us() + 50000;
	while (kernel_time_us() < until)
		kernel_thread_yield();
	return 0;
}
