/*
 * Cross-CPU benchmark client (run/bench_xcpu.run): the same round trips as
 * bench_ipc_client's ipc_roundtrip and signal ping-pong with the same
 * server (bench_ipc_server, on CPU 0), made by a thread on CPU 1. Each
 * call and each signal then wakes a thread of the other CPU with an
 * inter-processor interrupt, out of its idle loop, and goes the kernel's
 * slow way (the fast paths stay within a CPU). The figures are guest time
 * under QEMU -icount shift=0, which runs the CPUs round robin: what both
 * CPUs executed during a round trip, waiting included.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <base/parent.h>
#include <base/timestamp.h>
#include <kernel/call.h>
#include <session/cpu_session.h>
#include "../bench_ipc_server/bench.h"

enum { STACK_WORDS = 1024 };

static uint32_t stack[STACK_WORDS] __attribute__((aligned(8)));
static uint16_t server, server_ctx, own_ctx, own_recv, done_ctx;
static volatile uint32_t calls_ns, signals_ns;

static uint32_t measure_calls(struct utcb *u, unsigned rounds)
{
	uint64_t start = timestamp_ns();
	for (unsigned i = 0; i < rounds; i++) {
		u->data_size = 0;
		u->cap_count = 0;
		kernel_rpc_call(server, 0);
	}
	return (uint32_t)(timestamp_ns() - start);
}

/* On CPU 1: both figures, then tells the main thread (waiting on CPU 0) */
static void __attribute__((noreturn)) measure(struct utcb *u)
{
	measure_calls(u, BENCH_WARMUP);
	calls_ns = measure_calls(u, BENCH_ROUNDS);
	bench_signal_rounds(server_ctx, own_ctx, own_recv, BENCH_WARMUP);
	signals_ns = bench_signal_rounds(server_ctx, own_ctx, own_recv, BENCH_ROUNDS);
	kernel_sig_submit(done_ctx, 1);
	for (;;)
		kernel_thread_yield();
}

static void report(const char *name, uint32_t total, uint32_t rounds)
{
	log_printf("bench_xcpu_client: %s %u instructions\n", name,
		   (unsigned)((total + rounds / 2) / rounds));
}

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t cpu, done_recv;
	uint32_t recv, handle;

	while (core_lookup(u, "bench", &server) != CORE_OK)
		kernel_thread_yield();
	if (core_sig_receiver(u, &own_recv, &recv) != CORE_OK ||
	    core_sig_context(u, recv, 0, &own_ctx) != CORE_OK ||
	    core_sig_receiver(u, &done_recv, &recv) != CORE_OK ||
	    core_sig_context(u, recv, 0, &done_ctx) != CORE_OK)
		return 1;
	if (parent_session(u, "CPU", "", CPU_SESSION_RAM, CPU_SESSION_RAM, CPU_SESSION_CAPS,
			   &cpu) != RPC_OK)
		return 2;

	/* the server's signal context for ours (it starts its echo thread) */
	*(uint32_t *)u->data = BENCH_SETUP;
	u->data_size         = 4;
	u->cap_count         = 1;
	u->caps[0]           = own_ctx;
	if (kernel_rpc_call(server, 1) != KERNEL_OK || u->cap_count != 1)
		return 3;
	server_ctx = u->caps[0];
	kernel_cap_ack(server_ctx);

	int r = cpu_thread_create_on(u, cpu, core_service_cap, (uint32_t)(uintptr_t)measure,
				     (uint32_t)(uintptr_t)(stack + STACK_WORDS), 1, 1, &handle);
	if (r != RPC_OK) {
		log_printf("bench_xcpu_client: error: no thread on CPU 1 (%d)\n", r);
		return 4;
	}
	kernel_sig_wait(done_recv);
	report("ipc_roundtrip_xcpu", calls_ns, BENCH_ROUNDS);
	report("signal_wakeup_xcpu", signals_ns, 2 * BENCH_ROUNDS);
	report("signal_roundtrip_xcpu", signals_ns, BENCH_ROUNDS);
	log_printf("bench_xcpu_client: done\n");
	return 0;
}
