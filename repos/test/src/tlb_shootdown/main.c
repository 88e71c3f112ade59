/*
 * TLB shootdown (run/tlb_shootdown.run): a thread on CPU 1 reads a page of
 * RAM in a loop, so that CPU 1's TLB holds its translation; the main thread
 * on CPU 0 detaches the page. The reader must fault at the page's address
 * right after: core's TLB invalidation by ASID on CPU 0 reaches CPU 1's TLB
 * (inner shareable broadcast). A stale translation would let it read on.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <session/cpu_session.h>
#include <session/ram_session.h>
#include <session/rm_session.h>

#define TEST_NAME "tlb_shootdown"
#include <test/check.h>

enum { STACK_WORDS = 256, VALUE = 0x7ab1e };

static uint32_t stack[STACK_WORDS] __attribute__((aligned(8)));
static volatile uint32_t page_at, reads, last;

static void __attribute__((noreturn)) reader(struct utcb *u)
{
	(void)u;
	for (;;) {
		last = *(volatile uint32_t *)(uintptr_t)page_at;
		reads++;
	}
}

static void sleep_ms(unsigned ms)
{
	uint64_t until = kernel_time_us() + ms * 1000u;
	while (kernel_time_us() < until)
		kernel_thread_yield();
}

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t cpu = 0, space = 0, ram = 0, ds = 0, rcv = 0, ctx = 0;
	uint32_t rcv_handle = 0, handle = 0;
	struct cpu_thread_state st;

	CHECK(parent_session(u, "CPU", "", CPU_SESSION_RAM, CPU_SESSION_RAM, CPU_SESSION_CAPS,
			     &cpu) == RPC_OK,
	      "CPU session\n");
	CHECK(core_address_space(u, &space) == CORE_OK, "address space\n");
	CHECK(parent_session(u, "RAM", "", 64 * 1024, 64 * 1024, 8, &ram) == RPC_OK, "RAM\n");
	CHECK(ram_alloc(u, ram, 4096, &ds) == RPC_OK, "ram_alloc\n");
	struct rm_attach_args a = { 0, 0, 0, RM_ATTACH_WRITE };
	uint32_t at             = 0;
	CHECK(rm_attach(u, space, ds, &a, &at) == RPC_OK, "attach\n");
	*(volatile uint32_t *)(uintptr_t)at = VALUE;
	page_at                             = at;

	CHECK(core_sig_receiver(u, &rcv, &rcv_handle) == CORE_OK &&
		  core_sig_context(u, rcv_handle, 0x71b, &ctx) == CORE_OK,
	      "signal objects\n");
	CHECK(cpu_exception_handler(u, cpu, ctx) == RPC_OK, "exception handler\n");
	/* a board with one CPU (rpi, i.MX) refuses CPU 1: the reader shares
	 * CPU 0, and the local invalidation is what is checked */
	unsigned on = 1;
	int r       = cpu_thread_create_on(u, cpu, core_service_cap, (uint32_t)(uintptr_t)reader,
					   (uint32_t)(uintptr_t)(stack + STACK_WORDS), 1, on, &handle);
	if (r == CPU_OUT_OF_RANGE) {
		on = 0;
		r  = cpu_thread_create_on(u, cpu, core_service_cap, (uint32_t)(uintptr_t)reader,
					  (uint32_t)(uintptr_t)(stack + STACK_WORDS), 1, on,
					  &handle);
	}
	CHECK(r == RPC_OK, "reader on CPU %u: %d\n", on, r);
	for (unsigned i = 0; i < 100 && reads < 1000; i++)
		sleep_ms(1);
	CHECK(reads >= 1000 && last == VALUE, "the reader read %u times, %x\n", (unsigned)reads,
	      (unsigned)last);
	CHECK(cpu_thread_state(u, cpu, handle, &st) == RPC_OK && st.affinity == on && !st.faulted,
	      "reader state: CPU %u, faulted %u\n", (unsigned)st.affinity, (unsigned)st.faulted);
	log_printf("tlb_shootdown: the reader on CPU %u reads the page\n", on);

	CHECK(rm_detach(u, space, at) == RPC_OK, "detach\n");
	uint32_t reads_at_detach = reads;
	CHECK(kernel_sig_wait(rcv) == KERNEL_OK &&
		  ((const struct sig_delivery *)u->data)->imprint == 0x71b,
	      "exception signal\n");
	kernel_sig_ack(ctx);
	CHECK(cpu_thread_state(u, cpu, handle, &st) == RPC_OK && st.faulted && st.fault_addr == at,
	      "reader after the detach: faulted %u at %x\n", (unsigned)st.faulted,
	      (unsigned)st.fault_addr);
	uint32_t reads_after = reads;
	sleep_ms(20);
	CHECK(reads == reads_after, "the reader reads on: %u -> %u\n", (unsigned)reads_after,
	      (unsigned)reads);
	log_printf("tlb_shootdown: after the detach on CPU 0 the reader faulted at %x "
		   "(%u reads in between)\n",
		   (unsigned)st.fault_addr, (unsigned)(reads_after - reads_at_detach));
	CHECK(cpu_thread_op(u, cpu, CPU_THREAD_KILL, handle) == RPC_OK, "kill\n");
	return test_report();
}
