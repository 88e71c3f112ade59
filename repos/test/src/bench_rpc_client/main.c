/*
 * RPC benchmark: a typed call through the framework (client stub, server
 * dispatch by object and opcode, reply) between two PDs, and one that
 * returns a capability, in instructions under QEMU -icount shift=0, each
 * averaged over 10000 calls after a warm-up (one instruction's resolution
 * also with a 1 MHz timer).
 */
#include <base/core_service.h>
#include <base/timestamp.h>
#include <base/log.h>
#include <kernel/call.h>
#include <test/calc_session.h>

enum { WARMUP = 1000, ROUNDS = 10000 };

static uint32_t measure(struct utcb *u, uint16_t calc, unsigned rounds, unsigned *wrong)
{
	uint64_t start = timestamp_ns();
	for (unsigned i = 0; i < rounds; i++) {
		int32_t sum;
		if (calc_add(u, calc, (int32_t)i, 1, &sum) != RPC_OK || sum != (int32_t)i + 1)
			(*wrong)++;
	}
	return (uint32_t)(timestamp_ns() - start);
}

/* An RPC returning a capability new to us (the root hands out the second
 * calculator, which we do not keep): received, acknowledged by the stub,
 * deleted as a client does with a capability it no longer needs */
static uint32_t measure_cap(struct utcb *u, uint16_t root, unsigned rounds, unsigned *wrong)
{
	uint64_t start = timestamp_ns();
	for (unsigned i = 0; i < rounds; i++) {
		uint16_t calc = 0;
		if (root_calculator(u, root, 1, &calc) != RPC_OK || !calc ||
		    kernel_cap_delete(calc) != KERNEL_OK)
			(*wrong)++;
	}
	return (uint32_t)(timestamp_ns() - start);
}

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t root, calc;
	unsigned wrong = 0;

	while (core_lookup(u, "calc", &root) != CORE_OK)
		kernel_thread_yield();
	if (root_calculator(u, root, 0, &calc) != RPC_OK)
		return 1;
	measure(u, calc, WARMUP, &wrong);
	uint32_t total = measure(u, calc, ROUNDS, &wrong);
	/* run/bench_rpc.run turns this line into JSON with the board's name */
	log_printf("bench_rpc_client: rpc_roundtrip %u instructions\n",
		   (unsigned)((total + ROUNDS / 2) / ROUNDS));
	measure_cap(u, root, WARMUP, &wrong);
	total = measure_cap(u, root, ROUNDS, &wrong);
	log_printf("bench_rpc_client: rpc_roundtrip_cap %u instructions\n",
		   (unsigned)((total + ROUNDS / 2) / ROUNDS));
	log_printf("bench_rpc_client: done, %u wrong results\n", wrong);
	return wrong ? 1 : 0;
}
