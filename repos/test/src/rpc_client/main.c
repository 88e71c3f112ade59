/*
 * RPC test client (run/rpc.run starts several): typed calls to objects of
 * one server told apart by badge, capability arguments and results, errors
 * from handlers and from the framework, payloads up to 1000 bytes, and a
 * burst of calls while other clients do the same.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>
#include <test/calc_session.h>

static unsigned failures;
static uint32_t id;

#define CHECK(cond, ...)                                                    \
	do {                                                                \
		if (!(cond)) {                                              \
			failures++;                                         \
			log_printf("rpc_client %u: error: ", (unsigned)id); \
			log_printf(__VA_ARGS__);                            \
		}                                                           \
	} while (0)

static void test_objects(struct utcb *u, uint16_t root, uint16_t calc[2])
{
	uint16_t again;
	int32_t sum = 0;

	CHECK(root_calculator(u, root, 0, &calc[0]) == RPC_OK && calc[0], "calculator 0\n");
	CHECK(root_calculator(u, root, 1, &calc[1]) == RPC_OK && calc[1] && calc[1] != calc[0],
	      "calculator 1\n");
	CHECK(root_calculator(u, root, 0, &again) == RPC_OK && again == calc[0],
	      "calculator 0 again: id %u, first %u\n", again, calc[0]);
	CHECK(calc_add(u, calc[0], 2, 3, &sum) == RPC_OK && sum == 5, "add on 0: %d\n", (int)sum);
	CHECK(calc_add(u, calc[1], 2, 3, &sum) == RPC_OK && sum == 1005, "add on 1: %d\n",
	      (int)sum);
	CHECK(root_calculator(u, root, 7, &again) == RPC_BAD_ARGS, "calculator 7 exists\n");
}

static void test_errors(struct utcb *u, uint16_t calc)
{
	static const struct rpc_function wrong = { 3, 0, 0, 0 };
	int r                                  = calc_fail(u, calc);

	CHECK(r == CALC_FAIL_CODE, "handler error: %d\n", r);
	CHECK(rpc_call(u, calc, 99, &wrong, "abc", NULL, NULL, NULL) == RPC_INVALID_OPCODE,
	      "opcode 99 accepted\n");
	CHECK(rpc_call(u, calc, CALC_ADD, &wrong, "abc", NULL, NULL, NULL) == RPC_BAD_ARGS,
	      "3-byte add accepted\n");
	CHECK(rpc_call(u, calc, CALC_LATER, &calc_functions[CALC_LATER], NULL, NULL, NULL, NULL) ==
		  RPC_INVALID_OPCODE,
	      "a function without handler accepted\n");
	CHECK(rpc_call(u, 999, CALC_FAIL, &calc_functions[CALC_FAIL], NULL, NULL, NULL, NULL) ==
		  RPC_IPC_FAILED,
	      "call of a forged capability\n");
}

static void test_caps(struct utcb *u, uint16_t calc)
{
	uint16_t ctx, recv, back = 0;
	uint32_t h, index = 99;

	CHECK(core_sig_receiver(u, &recv, &h) == CORE_OK &&
		  core_sig_context(u, h, 7, &ctx) == CORE_OK,
	      "signal objects\n");
	CHECK(calc_store_cap(u, calc, ctx, &index) == RPC_OK, "store\n");
	CHECK(calc_fetch_cap(u, calc, index, &back) == RPC_OK && back == ctx,
	      "fetched id %u, stored %u\n", back, ctx);
	CHECK(kernel_sig_submit(back, 1) == KERNEL_OK && kernel_sig_wait(recv) == KERNEL_OK &&
		  ((struct sig_delivery *)u->data)->imprint == 7,
	      "the fetched capability does not reach the context\n");
	kernel_sig_ack(ctx);
}

static void test_payload(struct utcb *u, uint16_t calc)
{
	static struct calc_text t;
	unsigned bad = 0;

	t.len = CALC_TEXT_MAX;
	for (unsigned i = 0; i < t.len; i++)
		t.text[i] = (char)('a' + (i * 7 + id) % 26);
	CHECK(calc_reverse(u, calc, &t) == RPC_OK, "reverse\n");
	for (unsigned i = 0; i < t.len; i++)
		bad += t.text[t.len - 1 - i] != (char)('a' + (i * 7 + id) % 26);
	CHECK(t.len == CALC_TEXT_MAX && bad == 0, "reversed text: %u bytes differ\n", bad);
}

static void test_burst(struct utcb *u, uint16_t calc[2])
{
	unsigned wrong = 0;
	for (int32_t i = 0; i < 500; i++) {
		int32_t sum = 0;
		if (calc_add(u, calc[i & 1], i, (int32_t)id, &sum) != RPC_OK ||
		    sum != i + (int32_t)id + (i & 1) * 1000)
			wrong++;
		if (i % 50 == 0)
			kernel_thread_yield(); /* let the other clients interleave */
	}
	CHECK(wrong == 0, "%u of 500 burst calls wrong\n", wrong);
}

/* The first client ends the server once every client is done; its
 * supervisor starts a new one, and the client finds and uses it. */
static void test_restart(struct utcb *u, uint16_t root, uint16_t calc)
{
	uint32_t done = 0, first_id = 0;
	int32_t sum = 0;
	int r;

	while (root_done_count(u, root, &done) == RPC_OK && done < CALC_CLIENTS)
		kernel_thread_yield();
	CHECK(done == CALC_CLIENTS, "%u clients done\n", (unsigned)done);
	r = root_exit(u, root, 7);
	CHECK(r == RPC_IPC_FAILED, "the server's exit: %d\n", r);
	r = calc_add(u, calc, 1, 2, &sum);
	CHECK(r == RPC_IPC_FAILED, "call to the dead server: %d\n", r);

	uint16_t again = 0;
	while (core_lookup(u, "calc", &again) != CORE_OK)
		kernel_thread_yield();
	CHECK(again != root, "the new server has the old capability %u\n", again);
	CHECK(root_client_id(u, again, &first_id) == RPC_OK && first_id == 1,
	      "first client of the new server: %u\n", (unsigned)first_id);
	CHECK(root_calculator(u, again, 1, &calc) == RPC_OK &&
		  calc_add(u, calc, 1, 2, &sum) == RPC_OK && sum == 1003,
	      "add on the new server: %d\n", (int)sum);
	log_printf("rpc_client %u: server ended (%d), restarted, reconnected: 1 + 2 = %d\n",
		   (unsigned)id, r, (int)sum);
}

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t root, calc[2] = { 0, 0 };

	while (core_lookup(u, "calc", &root) != CORE_OK)
		kernel_thread_yield();
	CHECK(root_client_id(u, root, &id) == RPC_OK && id > 0, "client id\n");
	test_objects(u, root, calc);
	test_errors(u, calc[0]);
	test_caps(u, calc[1]);
	test_payload(u, calc[0]);
	test_burst(u, calc);
	CHECK(root_done(u, root) == RPC_OK, "done\n");
	if (id == 1)
		test_restart(u, root, calc[0]);
	if (failures)
		log_printf("rpc_client %u: %u checks failed\n", (unsigned)id, failures);
	else
		log_printf("rpc_client %u: all checks passed\n", (unsigned)id);
	return (int)failures;
}
