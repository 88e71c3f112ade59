/*
 * CPU session (run/cpu_session.run): threads created in the component's own
 * PD through a CPU session, paused and resumed, their registers read, a
 * faulting one reported to the session's exception handler and ended, the
 * thread limit and bad arguments refused.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <session/cpu_session.h>

#define TEST_NAME "cpu_session"
#include <test/check.h>

enum { STACK_WORDS = 512, THREADS = 4, FAULT_ADDR = 0x40000000 };

static uint32_t stacks[THREADS][STACK_WORDS] __attribute__((aligned(8)));
static volatile uint32_t counter;

static void __attribute__((noinline)) counting(struct utcb *u)
{
	(void)u;
	for (;;) {
		counter++;
		if ((counter & 63) == 0)
			kernel_thread_yield();
	}
}

static void faulting(struct utcb *u)
{
	(void)u;
	(void)*(volatile uint32_t *)FAULT_ADDR;
}

static void sleep_ms(unsigned ms)
{
	uint64_t until = kernel_time_us() + ms * 1000u;
	while (kernel_time_us() < until)
		kernel_thread_yield();
}

static uint32_t top(unsigned i) { return (uint32_t)(uintptr_t)(stacks[i] + STACK_WORDS); }

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t cpu = 0, rcv = 0, ctx = 0;
	uint32_t rcv_handle = 0, counter_thread = 0, faulter = 0, h = 0;
	struct cpu_thread_state st;

	CHECK(parent_session(u, "CPU", "", CPU_SESSION_RAM, CPU_SESSION_RAM, CPU_SESSION_CAPS,
			     &cpu) == RPC_OK,
	      "CPU session\n");
	CHECK(cpu_thread_create(u, cpu, core_service_cap, (uint32_t)(uintptr_t)counting, top(0), 1,
				&counter_thread) == RPC_OK,
	      "create\n");
	sleep_ms(20);
	CHECK(cpu_thread_op(u, cpu, CPU_THREAD_PAUSE, counter_thread) == RPC_OK, "pause\n");
	uint32_t before = counter;
	sleep_ms(30);
	CHECK(counter == before && before > 0, "paused thread counted %u -> %u\n", (unsigned)before,
	      (unsigned)counter);
	CHECK(cpu_thread_state(u, cpu, counter_thread, &st) == RPC_OK && !st.faulted &&
		  st.ip >= (uint32_t)(uintptr_t)counting &&
		  st.ip < (uint32_t)(uintptr_t)counting + 128 && st.sp <= top(0) &&
		  st.sp > top(0) - 512,
	      "state: ip %x sp %x\n", (unsigned)st.ip, (unsigned)st.sp);
	CHECK(cpu_thread_op(u, cpu, CPU_THREAD_RESUME, counter_thread) == RPC_OK, "resume\n");
	sleep_ms(30);
	CHECK(counter != before, "resumed thread does not count\n");
	log_printf("cpu_session: thread paused at ip=%x, resumed\n", (unsigned)st.ip);

	CHECK(core_sig_receiver(u, &rcv, &rcv_handle) == CORE_OK &&
		  core_sig_context(u, rcv_handle, 0xfa, &ctx) == CORE_OK,
	      "signal objects\n");
	CHECK(cpu_exception_handler(u, cpu, cpu) == RPC_BAD_ARGS, "a session as handler\n");
	CHECK(cpu_exception_handler(u, cpu, ctx) == RPC_OK, "exception handler\n");
	CHECK(cpu_thread_create(u, cpu, core_service_cap, (uint32_t)(uintptr_t)faulting, top(1), 1,
				&faulter) == RPC_OK,
	      "create the faulting thread\n");
	CHECK(kernel_sig_wait(rcv) == KERNEL_OK &&
		  ((const struct sig_delivery *)u->data)->imprint == 0xfa,
	      "exception signal\n");
	kernel_sig_ack(ctx);
	CHECK(cpu_thread_state(u, cpu, faulter, &st) == RPC_OK && st.faulted &&
		  st.fault_addr == FAULT_ADDR,
	      "faulted state: %u at %x\n", (unsigned)st.faulted, (unsigned)st.fault_addr);
	log_printf("cpu_session: exception handler told of a fault at %x\n",
		   (unsigned)st.fault_addr);
	CHECK(cpu_thread_op(u, cpu, CPU_THREAD_KILL, faulter) == RPC_OK, "kill\n");
	CHECK(cpu_thread_op(u, cpu, CPU_THREAD_KILL, faulter) == CPU_NO_THREAD, "kill twice\n");
	CHECK(cpu_thread_state(u, cpu, faulter, &st) == CPU_NO_THREAD, "state of a dead one\n");

	CHECK(cpu_thread_create(u, cpu, cpu, (uint32_t)(uintptr_t)counting, top(2), 1, &h) ==
		  CPU_BAD_PD,
	      "a CPU session as PD\n");
	CHECK(cpu_thread_create(u, cpu, core_service_cap, (uint32_t)(uintptr_t)counting, top(2),
				CORE_MAX_PRIORITY + 1, &h) == CPU_LIMIT,
	      "priority above the PD's band\n");
	CHECK(cpu_thread_op(u, cpu, CPU_THREAD_PAUSE, 77) == CPU_NO_THREAD, "bad handle\n");
	CHECK(cpu_thread_op(u, cpu, CPU_THREAD_KILL, counter_thread) == RPC_OK, "kill counter\n");
	log_printf("cpu_session: bad PD, priority and handle refused\n");

	return test_report();
}
