/*
 * IPC test client (run/ipc.run): payload transfer, capability translation
 * on both sides, invalid capabilities, OUT_OF_CAPS and the refill path,
 * FIFO queueing at a busy server, and the death of the server. Prints
 * "ipc_client: all checks passed" only if every check held.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>
#include "../ipc_server/ipc_test.h"

static uint16_t server;
static unsigned failures;

#define CHECK(cond, ...)                                               \
	do {                                                           \
		if (!(cond)) {                                         \
			failures++;                                    \
			log_printf("ipc_client: error: " __VA_ARGS__); \
		}                                                      \
	} while (0)

static enum kernel_result call(struct utcb *u, uint32_t op, uint32_t arg, unsigned caps,
			       unsigned rcv)
{
	struct ipc_test_msg *m = (struct ipc_test_msg *)u->data;
	m->op                  = op;
	m->arg                 = arg;
	u->data_size           = sizeof(*m);
	u->cap_count           = caps;
	return kernel_rpc_call(server, rcv);
}

static void test_echo(struct utcb *u)
{
	static const uint32_t sizes[] = { 8, 9, 100, 1000, UTCB_DATA_SIZE };

	for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		uint32_t n                           = sizes[s];
		((struct ipc_test_msg *)u->data)->op = IPC_TEST_ECHO;
		for (uint32_t i = 4; i < n; i++)
			u->data[i] = (uint8_t)(i * 7 + s);
		u->data_size         = n;
		u->cap_count         = 0;
		enum kernel_result r = kernel_rpc_call(server, 0);
		unsigned bad         = 0;
		for (uint32_t i = 4; i < n; i++)
			bad += u->data[i] != (uint8_t)(i * 7 + s);
		CHECK(r == KERNEL_OK && u->data_size == n && bad == 0,
		      "echo of %u bytes: %s, size %u, %u bytes differ\n", (unsigned)n,
		      kernel_result_string(r), (unsigned)u->data_size, bad);
	}
	u->data_size = UTCB_DATA_SIZE + 1;
	CHECK(kernel_rpc_call(server, 0) == KERNEL_INVALID_ARG, "oversized message accepted\n");
	u->data_size = 8;
	u->cap_count = 5;
	CHECK(kernel_rpc_call(server, 0) == KERNEL_INVALID_ARG, "5 capabilities accepted\n");
	log_printf("ipc_client: echo of 8..%u bytes ok, oversized messages refused\n",
		   (unsigned)UTCB_DATA_SIZE);
}

/* Send caps, get them back: both PDs keep one id per object. */
static void test_caps(struct utcb *u)
{
	struct ipc_test_msg *m = (struct ipc_test_msg *)u->data;
	uint16_t a, b;
	uint32_t recv;

	CHECK(core_sig_receiver(u, &a, &recv) == CORE_OK, "receiver\n");
	CHECK(core_sig_context(u, recv, 1, &a) == CORE_OK &&
		  core_sig_context(u, recv, 2, &b) == CORE_OK,
	      "contexts\n");

	u->caps[0] = a;
	CHECK(call(u, IPC_TEST_CAPS, 0, 1, 4) == KERNEL_OK, "caps call 1\n");
	uint32_t server_a = m->ids[0];
	CHECK(u->cap_count == 1 && u->caps[0] == a, "cap a came back as %u, not %u\n", u->caps[0],
	      a);
	kernel_cap_ack(u->caps[0]);

	u->caps[0] = a;
	CHECK(call(u, IPC_TEST_CAPS, 0, 1, 4) == KERNEL_OK, "caps call 2\n");
	CHECK(m->ids[0] == server_a, "server got id %u for a, first time %u\n", (unsigned)m->ids[0],
	      (unsigned)server_a);
	kernel_cap_ack(u->caps[0]);

	u->caps[0] = a;
	u->caps[1] = b;
	u->caps[2] = a;
	u->caps[3] = 999; /* no such name: arrives as invalid */
	CHECK(call(u, IPC_TEST_CAPS, 0, 4, 4) == KERNEL_OK, "caps call 3\n");
	CHECK(m->ids[0] == server_a && m->ids[2] == server_a && m->ids[1] != server_a &&
		  m->ids[1] != 0 && m->ids[3] == 0,
	      "server ids %u %u %u %u\n", (unsigned)m->ids[0], (unsigned)m->ids[1],
	      (unsigned)m->ids[2], (unsigned)m->ids[3]);
	CHECK(u->cap_count == 4 && u->caps[0] == a && u->caps[1] == b && u->caps[2] == a &&
		  u->caps[3] == 0,
	      "returned ids %u %u %u %u, sent %u %u %u 0\n", u->caps[0], u->caps[1], u->caps[2],
	      u->caps[3], a, b, a);
	CHECK(m->badge != 0, "server saw no badge\n");
	for (unsigned i = 0; i < 3; i++)
		kernel_cap_ack(u->caps[i]);
	log_printf(
	    "ipc_client: capabilities: client ids a=%u b=%u, server ids a=%u b=%u, both ways "
	    "identical per object\n",
	    a, b, (unsigned)server_a, (unsigned)m->ids[1]);

	/* the race protocol: a name with a delivery in flight is not deleted */
	u->caps[0] = b;
	CHECK(call(u, IPC_TEST_CAPS, 0, 1, 4) == KERNEL_OK, "caps call 4\n");
	CHECK(kernel_cap_delete(b) == KERNEL_INVALID_STATE,
	      "delete of an unacked name succeeded\n");
	CHECK(kernel_cap_ack(b) == KERNEL_OK && kernel_cap_delete(b) == KERNEL_OK,
	      "ack+delete failed\n");
	CHECK(kernel_sig_submit(b, 1) == KERNEL_INVALID_CAP, "deleted name still works\n");
	log_printf(
	    "ipc_client: cap_delete refused while a delivery is unacknowledged, ok after ack\n");
}

static void test_invalid(struct utcb *u)
{
	uint16_t ctx;
	uint32_t recv;

	server ^= 0x100;
	CHECK(call(u, IPC_TEST_SEQ, 0, 0, 0) == KERNEL_INVALID_CAP, "call of a forged id\n");
	server ^= 0x100;
	CHECK(core_sig_receiver(u, &ctx, &recv) == CORE_OK, "receiver\n");
	uint16_t saved = server;
	server         = ctx;
	CHECK(call(u, IPC_TEST_SEQ, 0, 0, 0) == KERNEL_INVALID_CAP, "call of a signal receiver\n");
	server = saved;
	log_printf("ipc_client: calls of forged ids and of non-thread objects refused\n");
}

/* Use up the PD's names with raw requests (core names each new context in
 * our space), until core says the space is full; then refill through core. */
static void test_out_of_caps(struct utcb *u)
{
	uint16_t c;
	uint32_t recv;
	unsigned got         = 0;
	enum kernel_result r = KERNEL_OK;
	uint32_t result      = CORE_OK;

	CHECK(core_sig_receiver(u, &c, &recv) == CORE_OK, "receiver\n");
	while (got < 5000) {
		struct core_request q = { .op = CORE_OP_SIG_CONTEXT, .arg = { recv, got, 0 } };
		*(struct core_request *)u->data = q;
		u->data_size                    = sizeof(q);
		u->cap_count                    = 0;
		r                               = kernel_rpc_call(core_service_cap, 0);
		result                          = ((const struct core_reply *)u->data)->result;
		if (r != KERNEL_OK || result != CORE_OK)
			break;
		got++;
	}
	CHECK(r == KERNEL_OK && result == CORE_OUT_OF_CAPS, "after %u contexts: %s, %u\n", got,
	      kernel_result_string(r), (unsigned)result);
	CHECK(core_cap_upgrade(u) == CORE_OK, "upgrade\n");
	CHECK(core_sig_context(u, recv, 0, &c) == CORE_OK && c != 0, "context after the refill\n");
	log_printf("ipc_client: out of capabilities after %u new names, refill from core ok\n",
		   got);
}

/* Three callers queue at a server that holds another request. */
static volatile unsigned order[3], finished, started;
static uint32_t stacks[4][512] __attribute__((aligned(8)));

static void queued_caller(struct utcb *u)
{
	struct ipc_test_msg *m = (struct ipc_test_msg *)u->data;
	uint32_t seq           = started++; /* threads start one after the other */

	if (utcb_self() != u)
		order[seq ? seq - 1 : 0] = 99; /* reported by the order check */

	if (seq == 0) {
		call(u, IPC_TEST_HOLD, 200, 0, 0);
	} else {
		enum kernel_result r = call(u, IPC_TEST_SEQ, seq, 0, 0);
		order[finished++]    = r == KERNEL_OK ? m->arg : 100 + r;
	}
	kernel_thread_stop();
}

static void test_fifo(struct utcb *u)
{
	for (uint32_t seq = 0; seq < 4; seq++) {
		uint16_t cap;
		uint32_t handle;
		CHECK(core_thread(u, queued_caller, &stacks[seq][512], &cap, &handle) == CORE_OK,
		      "thread\n");
		uint64_t until = kernel_time_us() + 20000;
		while (kernel_time_us() < until)
			kernel_thread_yield();
	}
	while (finished < 3)
		kernel_thread_yield();
	CHECK(order[0] == 1 && order[1] == 2 && order[2] == 3, "served in order %u %u %u\n",
	      order[0], order[1], order[2]);
	log_printf(
	    "ipc_client: 3 callers queued at a busy server were served in FIFO order %u %u %u\n",
	    order[0], order[1], order[2]);
}

static void test_server_death(struct utcb *u)
{
	enum kernel_result r = call(u, IPC_TEST_DIE, 0, 0, 0);
	log_printf("ipc_client: server death: call returned %s\n", kernel_result_string(r));
	CHECK(r == KERNEL_DESTROYED, "blocked caller of a dying server\n");
	/* until core has cleaned up, the exited server answers "destroyed" */
	for (unsigned i = 0; i < 1000 && (r = call(u, IPC_TEST_SEQ, 0, 0, 0)) == KERNEL_DESTROYED;
	     i++)
		kernel_thread_yield();
	log_printf("ipc_client: stale server capability: %s\n", kernel_result_string(r));
	CHECK(r == KERNEL_INVALID_CAP, "call of a dead server\n");
}

int main(void)
{
	struct utcb *u = utcb_main();

	CHECK(utcb_self() == u, "main thread: utcb_self %p, expected %p\n", (void *)utcb_self(),
	      (void *)u);
	while (core_lookup(u, "ipc", &server) != CORE_OK)
		kernel_thread_yield();
	log_printf("ipc_client: found server, id %u\n", (unsigned)server);
	test_echo(u);
	test_caps(u);
	test_invalid(u);
	test_out_of_caps(u);
	test_fifo(u);
	test_server_death(u);
	if (failures)
		log_printf("ipc_client: %u checks failed\n", failures);
	else
		log_printf("ipc_client: all checks passed\n");
	return (int)failures;
}
