/*
 * Scaling benchmark (run/bench_scale.run): what a component pays for
 * creating a thread, opening a PD session, allocating 64 pages of RAM, a
 * page fault that needs a new second-level table, sending a capability to
 * a PD that has no name for it yet (while every other PD names it), an IPC
 * round trip and a signal wake-up, with 0, 10 and 100 other PDs each with
 * a ready thread (bench_spinner children it starts itself) and the server
 * holding 10 names per other PD (up to 1,000); and creating
 * a thread while 100 others of the same PD exist. Instructions
 * are guest ns under QEMU -icount shift=0; each figure is an average after
 * a warm-up, printed as "bench_scale: <figure>_n<N> <instructions>".
 *
 * The component holds a CPU claim, so the other PDs' threads (without
 * one) run only while it waits; so does the server's signal thread.
 */
#include <base/child.h>
#include <base/core_service.h>
#include <base/env.h>
#include <base/log.h>
#include <base/parent.h>
#include <base/timestamp.h>
#include <kernel/call.h>
#include <session/pd_session.h>
#include <session/ram_session.h>
#include <session/rm_session.h>
#include "bench_scale.h"

enum {
	HEAVY_WARMUP = 4,  /* rounds of the core operations ... */
	HEAVY_ROUNDS = 20, /* ... each costs thousands of instructions */
	IPC_WARMUP   = 1000,
	IPC_ROUNDS   = 10000,
	MAX_OTHERS   = 100,
	RAM_PAGES    = 64,
	PAGE         = 4096,
	SPINNER_RAM  = 128 * 1024,
	FAULT_BASE   = 0x48000000, /* attachments 1 MiB apart: each needs a table */
	MIB          = 1024 * 1024,
	THREAD_STACK = 256,
	CROWD        = 100, /* threads of its own PD beside the ones created */
	HELD_PER_PD  = 10,  /* names the server holds per other PD */
};

static struct utcb *u;
static uint16_t server, shared_ctx, own_ctx, own_recv, server_ctx;
static struct child others[MAX_OTHERS];
static unsigned other_count;
static uint32_t stacks[CROWD + HEAVY_ROUNDS][THREAD_STACK] __attribute__((aligned(8)));
static uint32_t handles[CROWD + HEAVY_ROUNDS];
static uint16_t sessions[HEAVY_ROUNDS];

static void fail(const char *what)
{
	log_printf("bench_scale: error: %s\n", what);
	parent_exit(u, 1);
}

static void report(const char *figure, unsigned others_n, uint64_t total, unsigned rounds)
{
	log_printf("bench_scale: %s_n%u %u\n", figure, others_n,
		   (unsigned)((total + rounds / 2) / rounds));
}

/* Created threads have no claim: they never run before they are killed */
static void idle(struct utcb *t)
{
	for (;;)
		kernel_thread_stop();
	(void)t;
}

static void thread_create(unsigned i)
{
	uint16_t cap;
	if (core_thread(u, idle, stacks[i] + THREAD_STACK, &cap, &handles[i]) != CORE_OK)
		fail("thread create");
}

/* rounds threads created while crowd others of this PD exist */
static uint64_t threads(unsigned crowd, unsigned rounds)
{
	for (unsigned i = 0; i < crowd; i++)
		thread_create(i);
	uint64_t start = timestamp_ns();
	for (unsigned i = crowd; i < crowd + rounds; i++)
		thread_create(i);
	uint64_t t = timestamp_ns() - start;
	for (unsigned i = 0; i < crowd + rounds; i++)
		if (core_thread_kill(u, handles[i]) != CORE_OK)
			fail("thread kill");
	return t;
}

static uint64_t pd_sessions(unsigned rounds)
{
	uint64_t start = timestamp_ns();
	for (unsigned i = 0; i < rounds; i++)
		if (parent_session(u, "PD", "scale", PD_SESSION_RAM, PD_SESSION_RAM,
				   PD_SESSION_CAPS, &sessions[i]) != RPC_OK)
			fail("PD session");
	uint64_t t = timestamp_ns() - start;
	for (unsigned i = 0; i < rounds; i++)
		parent_close(u, sessions[i]);
	return t;
}

static uint64_t ram_allocs(uint16_t ram, unsigned rounds)
{
	uint64_t start = timestamp_ns();
	for (unsigned i = 0; i < rounds; i++)
		if (ram_alloc(u, ram, RAM_PAGES * PAGE, &sessions[i]) != RPC_OK)
			fail("RAM allocation");
	uint64_t t = timestamp_ns() - start;
	for (unsigned i = 0; i < rounds; i++) {
		ram_free(u, ram, sessions[i]);
		kernel_cap_delete(sessions[i]);
	}
	return t;
}

/* One page attached 1 MiB apart and read through each: every fault needs
 * a second-level table (the attachments go before the next round) */
static uint64_t faults(uint16_t ds, unsigned rounds)
{
	uint16_t space = env_address_space(u);
	for (unsigned i = 0; i < rounds; i++) {
		struct rm_attach_args a = { FAULT_BASE + i * MIB, 0, PAGE, RM_ATTACH_AT };
		uint32_t at;
		if (rm_attach(u, space, ds, &a, &at) != RPC_OK)
			fail("attach");
	}
	uint64_t start = timestamp_ns();
	for (unsigned i = 0; i < rounds; i++)
		(void)*(volatile uint32_t *)(uintptr_t)(FAULT_BASE + i * MIB);
	uint64_t t = timestamp_ns() - start;
	for (unsigned i = 0; i < rounds; i++)
		rm_detach(u, space, FAULT_BASE + i * MIB);
	return t;
}

/* Round trips sending caps capabilities (the shared one) and offering
 * room for as many; the names of the reply are acknowledged */
static uint64_t calls(unsigned caps, unsigned rounds)
{
	uint64_t start = timestamp_ns();
	for (unsigned i = 0; i < rounds; i++) {
		u->data_size = 0;
		u->cap_count = caps;
		u->caps[0]   = shared_ctx;
		kernel_rpc_call(server, caps);
		for (unsigned c = 0; c < u->cap_count; c++)
			kernel_cap_ack(u->caps[c]);
	}
	return timestamp_ns() - start;
}

/* Ping-pong with the server's signal thread: two wake-ups per round */
static uint64_t signals(unsigned rounds)
{
	uint64_t start = timestamp_ns();
	for (unsigned i = 0; i < rounds; i++) {
		kernel_sig_submit(server_ctx, 1);
		kernel_sig_wait(own_recv);
		kernel_sig_ack(own_ctx);
	}
	return timestamp_ns() - start;
}

static void measure(unsigned n, uint16_t ram, uint16_t fault_ds)
{
	threads(0, HEAVY_WARMUP);
	report("scale_thread_create", n, threads(0, HEAVY_ROUNDS), HEAVY_ROUNDS);
	if (n == 0)
		report("scale_thread_create_crowd", CROWD, threads(CROWD, HEAVY_ROUNDS),
		       HEAVY_ROUNDS);
	pd_sessions(HEAVY_WARMUP);
	report("scale_pd_open", n, pd_sessions(HEAVY_ROUNDS), HEAVY_ROUNDS);
	ram_allocs(ram, HEAVY_WARMUP);
	report("scale_ram_alloc_64", n, ram_allocs(ram, HEAVY_ROUNDS), HEAVY_ROUNDS);
	faults(fault_ds, HEAVY_WARMUP);
	report("scale_fault_new_table", n, faults(fault_ds, HEAVY_ROUNDS), HEAVY_ROUNDS);
	calls(1, IPC_WARMUP);
	report("scale_cap_new", n, calls(1, IPC_ROUNDS), IPC_ROUNDS);
	calls(0, IPC_WARMUP);
	report("scale_ipc_roundtrip", n, calls(0, IPC_ROUNDS), IPC_ROUNDS);
	signals(IPC_WARMUP);
	report("scale_signal_wakeup", n, signals(IPC_ROUNDS), 2 * IPC_ROUNDS);
}

/* The server names HELD_PER_PD objects of its own per other PD */
static void server_holds(unsigned count)
{
	uint32_t *d  = (uint32_t *)u->data;
	d[0]         = BENCH_SCALE_HOLD;
	d[1]         = count;
	u->data_size = 8;
	u->cap_count = 0;
	if (count && kernel_rpc_call(server, 0) != KERNEL_OK)
		fail("hold");
}

/* Up to n other PDs, each naming the shared signal context as its parent */
static void others_up_to(unsigned n)
{
	const struct child_resources res = { SPINNER_RAM, 0, 1, { 0, 0 } };
	enum elf_result elf;

	for (; other_count < n; other_count++) {
		char label[16]      = "spinner";
		label[7]            = (char)('0' + other_count / 10 % 10);
		label[8]            = (char)('0' + other_count % 10);
		label[9]            = 0;
		enum child_result r = child_start(u, &others[other_count], label, "bench_spinner",
						  &res, shared_ctx, &elf);
		if (r != CHILD_OK)
			fail(child_result_string(r));
	}
}

int main(void)
{
	uint32_t recv,
	    ram_bytes = (HEAVY_ROUNDS * (RAM_PAGES * PAGE + RAM_DS_OVERHEAD) + RAM_SESSION_RAM);
	uint16_t ram, fault_ds;

	u = utcb_main();
	while (core_lookup(u, "bench_scale", &server) != CORE_OK)
		kernel_thread_yield();
	if (core_sig_receiver(u, &own_recv, &recv) != CORE_OK ||
	    core_sig_context(u, recv, 0, &own_ctx) != CORE_OK ||
	    core_sig_context(u, recv, 1, &shared_ctx) != CORE_OK)
		fail("signal objects");
	if (parent_session(u, "RAM", "scale", ram_bytes, ram_bytes, RAM_SESSION_CAPS + HEAVY_ROUNDS,
			   &ram) != RPC_OK ||
	    env_ram_alloc(u, PAGE, &fault_ds) != RPC_OK)
		fail("RAM");

	/* exchange signal contexts with the server */
	*(uint32_t *)u->data = BENCH_SCALE_SETUP;
	u->data_size         = 4;
	u->cap_count         = 1;
	u->caps[0]           = own_ctx;
	if (kernel_rpc_call(server, 1) != KERNEL_OK || u->cap_count != 1)
		fail("setup");
	server_ctx = u->caps[0];
	kernel_cap_ack(server_ctx);

	static const unsigned levels[] = { 0, 10, MAX_OTHERS };
	for (unsigned l = 0; l < sizeof(levels) / sizeof(levels[0]); l++) {
		server_holds(HELD_PER_PD * (levels[l] - other_count));
		others_up_to(levels[l]);
		measure(levels[l], ram, fault_ds);
	}
	for (unsigned i = 0; i < other_count; i++)
		child_destroy(u, &others[i]);
	log_printf("bench_scale: done\n");
	return 0;
}
