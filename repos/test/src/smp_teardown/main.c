/*
 * A PD torn down while its threads run on every CPU (run/smp_teardown.run):
 * one thread per CPU, created there through the CPU session, makes an RPC
 * to the LOG session (served on CPU 0: a cross-CPU call and reply, woken
 * by IPIs) and then spins (on CPU 0 it yields at every turn). Once all have logged, the main thread faults
 * at address 0; init, told by core, ends the PD while the threads are
 * loaded on their CPUs (the kernel pauses each there and core retries
 * until its CPU has left it) and restarts the component.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <session/cpu_session.h>

enum { MAX_CPUS = 8, STACK_WORDS = 512 };

static uint32_t stacks[MAX_CPUS][STACK_WORDS] __attribute__((aligned(8)));
static volatile uint32_t logged[MAX_CPUS], count[MAX_CPUS];

static void __attribute__((noreturn)) work(unsigned i)
{
	log_printf("smp_teardown: the thread on CPU %u calls the LOG\n", i);
	logged[i] = 1;
	for (;;) {
		count[i]++;
		if (i == 0) /* beside init and core: the teardown runs at once */
			kernel_thread_yield();
	}
}

#define WORKER(i)                           \
	static void work##i(struct utcb *u) \
	{                                   \
		(void)u;                    \
		work(i);                    \
	}
WORKER(0)
WORKER(1)
WORKER(2)
WORKER(3)
WORKER(4)
WORKER(5)
WORKER(6)
WORKER(7)
static void (*const workers[MAX_CPUS])(struct utcb *) = { work0, work1, work2, work3,
							  work4, work5, work6, work7 };

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t cpu;
	uint32_t handle;
	unsigned n = 0;

	log_printf("smp_teardown: started\n"); /* opens the LOG session first */
	if (parent_session(u, "CPU", "", CPU_SESSION_RAM, CPU_SESSION_RAM, CPU_SESSION_CAPS,
			   &cpu) != RPC_OK) {
		log_printf("smp_teardown: error: no CPU session\n");
		return 1;
	}
	for (; n < MAX_CPUS; n++) {
		int r = cpu_thread_create_on(
		    u, cpu, core_service_cap, (uint32_t)(uintptr_t)workers[n],
		    (uint32_t)(uintptr_t)(stacks[n] + STACK_WORDS), 1, n, &handle);
		if (r == CPU_OUT_OF_RANGE)
			break;
		if (r != RPC_OK) {
			log_printf("smp_teardown: error: thread on CPU %u: %d\n", n, r);
			return 2;
		}
	}
	for (unsigned i = 0; i < n; i++)
		while (!logged[i] || !count[i])
			kernel_thread_yield();
	log_printf("smp_teardown: %u threads on %u CPUs run, the main thread faults\n", n, n);
	return (int)*(volatile uint32_t *)0;
}
