/*
 * Threads on every CPU (run/smp.run): one busy thread per CPU, created there
 * through the CPU session, all make progress at the same rate (each has a
 * CPU of its own; the one on CPU 0 shares it with this main thread, which
 * only yields); a thread migrated onto another busy CPU keeps working and
 * the two share that CPU half and half while a third CPU's thread runs on
 * at full rate; moved back, it runs at full rate again. The affinity beyond
 * the last CPU is refused.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <session/cpu_session.h>

#define TEST_NAME "smp"
#include <test/check.h>

enum { MAX_CPUS = 8, STACK_WORDS = 256, WINDOW_MS = 200 };

static uint32_t stacks[MAX_CPUS][STACK_WORDS] __attribute__((aligned(8)));
static volatile uint32_t count[MAX_CPUS];

static void __attribute__((noreturn)) spin(unsigned i)
{
	for (;;)
		count[i]++;
}

#define SPINNER(i)                          \
	static void spin##i(struct utcb *u) \
	{                                   \
		(void)u;                    \
		spin(i);                    \
	}
SPINNER(0)
SPINNER(1)
SPINNER(2)
SPINNER(3)
SPINNER(4)
SPINNER(5)
SPINNER(6)
SPINNER(7)
static void (*const spinners[MAX_CPUS])(struct utcb *) = { spin0, spin1, spin2, spin3,
							   spin4, spin5, spin6, spin7 };

static void sleep_ms(unsigned ms)
{
	uint64_t until = kernel_time_us() + ms * 1000u;
	while (kernel_time_us() < until)
		kernel_thread_yield();
}

static uint16_t cpu;
static uint32_t handle[MAX_CPUS];
static uint32_t window_us[MAX_CPUS]; /* each spinner's last window, in guest time */

static uint32_t cpu_time(unsigned i)
{
	struct cpu_thread_state st = { 0 };
	CHECK(cpu_thread_state(utcb_main(), cpu, handle[i], &st) == RPC_OK, "state of %u\n", i);
	return st.time_us;
}

/* How much CPU time (us) each spinner got in a window of guest time, and
 * whether each counted on */
static void progress(unsigned n, uint32_t *time)
{
	uint32_t before[MAX_CPUS], counted[MAX_CPUS];
	uint64_t start[MAX_CPUS];
	for (unsigned i = 0; i < n; i++) {
		before[i]  = cpu_time(i);
		start[i]   = kernel_time_us();
		counted[i] = count[i];
	}
	sleep_ms(WINDOW_MS);
	for (unsigned i = 0; i < n; i++) {
		time[i]      = cpu_time(i) - before[i];
		window_us[i] = (uint32_t)(kernel_time_us() - start[i]);
		CHECK(count[i] != counted[i], "spinner %u did not count\n", i);
	}
}

/* The CPU time t of spinner i within [lo, hi] percent of its window (which
 * runs a little longer than WINDOW_MS: this thread waits for its turns on
 * CPU 0); the kernel counts a running thread's time up to the moment it is
 * read (KCALL_THREAD_CPU_TIME), not only up to its CPU's last entry */
static bool share(unsigned i, const uint32_t *t, unsigned lo, unsigned hi)
{
	return (uint64_t)t[i] * 100 >= (uint64_t)window_us[i] * lo &&
	       (uint64_t)t[i] * 100 <= (uint64_t)window_us[i] * hi;
}

int main(void)
{
	struct utcb *u = utcb_main();
	uint32_t t[MAX_CPUS];
	unsigned n = 0;
	struct cpu_thread_state st;

	CHECK(parent_session(u, "CPU", "", CPU_SESSION_RAM, CPU_SESSION_RAM, CPU_SESSION_CAPS,
			     &cpu) == RPC_OK,
	      "CPU session\n");
	/* one spinner per CPU, until the session refuses the next index */
	for (; n < MAX_CPUS; n++) {
		int r = cpu_thread_create_on(
		    u, cpu, core_service_cap, (uint32_t)(uintptr_t)spinners[n],
		    (uint32_t)(uintptr_t)(stacks[n] + STACK_WORDS), 1, n, &handle[n]);
		if (r == CPU_OUT_OF_RANGE)
			break;
		CHECK(r == RPC_OK, "create on CPU %u: %d\n", n, r);
	}
	for (unsigned i = 0; i < n; i++)
		CHECK(cpu_thread_state(u, cpu, handle[i], &st) == RPC_OK && st.affinity == i,
		      "spinner %u on CPU %u\n", i, (unsigned)st.affinity);

	progress(n, t);
	log_printf("smp: %u CPUs, one busy thread on each\n", n);
	/* alone on its CPU: all of it; on CPU 0 beside this thread, which yields */
	for (unsigned i = 0; i < n; i++)
		CHECK(share(i, t, i ? 90 : 80, 110), "spinner %u got %u us of %u\n", i,
		      (unsigned)t[i], (unsigned)window_us[i]);
	log_printf("smp: every CPU's thread got its CPU\n");

	if (n >= 4) {
		CHECK(cpu_thread_affinity(u, cpu, handle[1], 2) == RPC_OK, "migrate 1 -> 2\n");
		CHECK(cpu_thread_state(u, cpu, handle[1], &st) == RPC_OK && st.affinity == 2,
		      "migrated spinner on CPU %u\n", (unsigned)st.affinity);
		sleep_ms(20); /* the move takes effect at CPU 1's next entry */
		progress(n, t);
		CHECK(share(1, t, 35, 65) && share(2, t, 35, 65) && share(3, t, 90, 110),
		      "CPU 2 not shared half and half: %u and %u us, %u alone on CPU 3\n",
		      (unsigned)t[1], (unsigned)t[2], (unsigned)t[3]);
		log_printf("smp: a migrated thread keeps working and shares its new CPU\n");

		CHECK(cpu_thread_affinity(u, cpu, handle[1], 1) == RPC_OK, "migrate 2 -> 1\n");
		sleep_ms(20);
		progress(n, t);
		CHECK(share(1, t, 90, 110) && share(2, t, 90, 110), "back on CPU 1: %u and %u us\n",
		      (unsigned)t[1], (unsigned)t[2]);
		log_printf("smp: moved back, it runs at full rate again\n");
	}
	CHECK(cpu_thread_affinity(u, cpu, handle[0], n) == CPU_OUT_OF_RANGE, "CPU %u accepted\n",
	      n);
	for (unsigned i = 0; i < n; i++)
		CHECK(cpu_thread_op(u, cpu, CPU_THREAD_KILL, handle[i]) == RPC_OK, "kill %u\n", i);
	return test_report();
}
