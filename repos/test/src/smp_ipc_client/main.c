/*
 * A client of run/smp_ipc.run, placed on CPU cpu="i" by init's
 * <affinity>: a busy thread beside it (created without naming a CPU, so it
 * must land on CPU i; one outside its CPUs is refused), then
 * SMP_IPC_ROUNDS times a call to each of the servers="n" servers s0..s(n-1)
 * (one per CPU) whose sum it checks, and a signal to each. It exits with the
 * number of failed checks.
 */
#include <base/config.h>
#include <base/core_service.h>
#include <base/log.h>
#include <base/node.h>
#include <base/parent.h>
#include <base/string_format.h>
#include <kernel/call.h>
#include <session/cpu_session.h>
#include <test/smp_ipc_session.h>

enum { MAX_SERVERS = 8, STACK_WORDS = 256 };

static uint32_t stack[STACK_WORDS] __attribute__((aligned(8)));
static volatile uint32_t spins; /* it takes what the calls leave of the CPU */
static unsigned failed;

static void spin(struct utcb *u)
{
	(void)u;
	for (;;)
		spins++;
}

static void check(bool ok, const char *what, unsigned a, unsigned b)
{
	if (ok)
		return;
	failed++;
	log_printf("smp_ipc_client: error: %s (%u, %u)\n", what, a, b);
}

int main(void)
{
	struct utcb *u = utcb_main();
	struct node config;
	uint64_t servers = 1, own = 0;
	uint16_t cpu = 0, session[MAX_SERVERS] = { 0 }, context[MAX_SERVERS] = { 0 };
	uint32_t spinner = 0, other = 0;
	struct cpu_thread_state st;
	char label[8];

	if (config_read(u, &config)) {
		node_attr_u64(&config, "servers", &servers);
		node_attr_u64(&config, "cpu", &own);
	}
	if (!servers || servers > MAX_SERVERS ||
	    parent_session(u, "CPU", "", CPU_SESSION_RAM, CPU_SESSION_RAM, CPU_SESSION_CAPS,
			   &cpu) != RPC_OK) {
		log_printf("smp_ipc_client: error: bad config or no CPU session\n");
		return 1;
	}
	int r = cpu_thread_create(u, cpu, core_service_cap, (uint32_t)(uintptr_t)spin,
				  (uint32_t)(uintptr_t)(stack + STACK_WORDS), 0, &spinner);
	check(r == RPC_OK, "spinner", (unsigned)r, 0);
	r = cpu_thread_state(u, cpu, spinner, &st);
	check(r == RPC_OK && st.affinity == own, "spinner not on my first CPU", st.affinity,
	      (unsigned)own);
	r = cpu_thread_create_on(u, cpu, core_service_cap, (uint32_t)(uintptr_t)spin,
				 (uint32_t)(uintptr_t)(stack + STACK_WORDS), 0, (uint32_t)own + 1,
				 &other);
	check(r == CPU_OUT_OF_RANGE, "a thread outside my CPUs", (unsigned)r, (unsigned)own + 1);
	r = cpu_thread_affinity(u, cpu, spinner, (uint32_t)own + 1);
	check(r == CPU_OUT_OF_RANGE, "a move outside my CPUs", (unsigned)r, (unsigned)own + 1);

	for (unsigned j = 0; j < servers; j++) {
		string_format(label, sizeof(label), "s%u", j);
		r = parent_session(u, "SmpIpc", label, 4096, 64 * 1024, 2, &session[j]);
		check(r == RPC_OK, "no session", j, (unsigned)r);
		if (r == RPC_OK)
			check(smp_ipc_context(u, session[j], &context[j]) == RPC_OK, "no context",
			      j, 0);
	}
	unsigned right = 0, sent = 0;
	for (unsigned k = 0; k < SMP_IPC_ROUNDS; k++)
		for (unsigned j = 0; j < servers && !failed; j++) {
			uint32_t a = (uint32_t)own * 100000 + k, b = j * 1000 + 7, sum = 0;
			r = smp_ipc_add(u, session[j], a, b, &sum);
			check(r == RPC_OK && sum == a + b, "wrong sum", j, k);
			right += r == RPC_OK && sum == a + b;
			r = kernel_sig_submit(context[j], 1);
			check(r == KERNEL_OK, "signal", j, (unsigned)r);
			sent += r == KERNEL_OK;
		}
	check(cpu_thread_op(u, cpu, CPU_THREAD_KILL, spinner) == RPC_OK, "kill", 0, 0);
	for (unsigned j = 0; j < servers; j++) {
		if (context[j])
			kernel_cap_delete(context[j]);
		if (session[j])
			check(parent_close(u, session[j]) == RPC_OK, "close", j, 0);
	}
	parent_close(u, cpu);
	log_printf("smp_ipc_client: CPU %u: %u servers, %u sums right, %u signals sent, %u "
		   "failed\n",
		   (unsigned)own, (unsigned)servers, right, sent, failed);
	return (int)failed;
}
