/*
 * The shared part of the user-level driver tests (test/driver_test.h):
 * sessions, refusals, interrupts and their acknowledgement, close and
 * reopen. Every step that can go wrong is a CHECK; the device description
 * supplies addresses, lines and the device's own register work.
 */
#include <base/core_service.h>
#include <base/env.h>
#include <base/log.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <session/dataspace.h>
#include <session/io_mem_session.h>
#include <session/irq_session.h>
#include <test/driver_test.h>

#define TEST_NAME "io_mem_irq"
#include <test/check.h>

enum { IRQ_IMPRINT = 0x1a, WATCHDOG_IMPRINT = 0xd09, WATCHDOG_US = 3000000, ROUNDS = 3 };

static const struct driver_test_device *dev;
static struct utcb *u;
static volatile uint32_t *regs;
static uint16_t rcv, irq_ctx, watchdog;

static void attach(uint16_t io_mem)
{
	uint16_t ds                = 0;
	struct dataspace_info info = { 0, 0 };

	CHECK(io_mem_session_dataspace(u, io_mem, &ds) == RPC_OK, "IO_MEM dataspace\n");
	CHECK(dataspace_info(u, ds, &info) == RPC_OK && info.size == 4096 &&
		  info.flags == DATASPACE_WRITABLE,
	      "dataspace info: size %u flags %u\n", (unsigned)info.size, (unsigned)info.flags);
	uintptr_t page = env_attach(u, ds);
	CHECK(page != 0, "attach the registers\n");
	regs = page ? (volatile uint32_t *)(page + (dev->phys & 4095)) : NULL;
}

static void test_io_mem_refusals(void)
{
	unsigned refused = 0;
	uint16_t s       = 0;

	for (unsigned i = 0; i < dev->io_mem_case_count; i++) {
		const struct driver_test_io_mem_case *c = &dev->io_mem_cases[i];
		int r = io_mem_session_open(u, "bad", c->base, c->size, &s);
		CHECK(r == c->expect, "IO_MEM for %s: %d, expected %d\n", c->what, r, c->expect);
		refused += r == c->expect;
	}
	int r = parent_session_with(u, "IO_MEM", "bad", "size=4096", IO_MEM_SESSION_RAM,
				    IO_MEM_SESSION_RAM, IO_MEM_SESSION_CAPS, &s);
	CHECK(r == PARENT_BAD_ARGS, "IO_MEM without base: %d\n", r);
	refused += r == PARENT_BAD_ARGS;
	log_printf(TEST_NAME ": %u bad IO_MEM requests refused with the documented error\n",
		   refused);
}

static void test_irq_refusals(uint16_t irq)
{
	unsigned refused = 0;
	uint16_t s = 0, other = 0;

	for (unsigned i = 0; i < dev->irq_case_count; i++) {
		const struct driver_test_irq_case *c = &dev->irq_cases[i];
		int r                                = irq_session_open(u, "bad", c->line, &s);
		CHECK(r == c->expect, "IRQ %s: %d, expected %d\n", c->what, r, c->expect);
		refused += r == c->expect;
	}
	int r = parent_session_with(u, "IRQ", "bad", "", IRQ_SESSION_RAM, IRQ_SESSION_RAM,
				    IRQ_SESSION_CAPS, &s);
	CHECK(r == PARENT_BAD_ARGS, "IRQ without a line: %d\n", r);
	refused += r == PARENT_BAD_ARGS;
	log_printf(TEST_NAME ": %u bad IRQ requests refused with the documented error\n", refused);

	CHECK(irq_session_ack(u, irq) == IRQ_NO_CONTEXT, "ack before a context is set\n");
	CHECK(irq_session_sigh(u, irq, rcv) == IRQ_BAD_CONTEXT, "a receiver as context\n");
	CHECK(irq_session_sigh(u, irq, irq) == IRQ_BAD_CONTEXT, "a session as context\n");
	CHECK(irq_session_sigh(u, irq, irq_ctx) == RPC_OK, "set the context\n");
	CHECK(irq_session_sigh(u, irq, irq_ctx) == RPC_OK, "set the same context again\n");
	CHECK(irq_session_open(u, "other", dev->other_irq, &other) == RPC_OK, "IRQ session %u\n",
	      dev->other_irq);
	CHECK(irq_session_sigh(u, other, irq_ctx) == IRQ_BAD_CONTEXT,
	      "a context bound to another line\n");
	CHECK(parent_close(u, other) == RPC_OK, "close IRQ session %u\n", dev->other_irq);
}

/* One alarm: arm the device, wait for the signal, clear, acknowledge */
static void alarm(uint16_t irq, unsigned round)
{
	const struct sig_delivery *d = (const struct sig_delivery *)u->data;
	uint64_t start               = kernel_time_us();

	dev->arm(regs);
	CHECK(kernel_timeout(WATCHDOG_US, watchdog) == KERNEL_OK, "watchdog\n");
	enum kernel_result r = kernel_sig_wait(rcv);
	uint32_t imprint = d->imprint, count = d->count;
	unsigned ms = (unsigned)((kernel_time_us() - start) / 1000);
	kernel_timeout(0, watchdog);
	if (imprint == WATCHDOG_IMPRINT) {
		kernel_sig_ack(watchdog);
		CHECK(false, "no interrupt %u within %u ms\n", round, ms);
		return;
	}
	CHECK(r == KERNEL_OK && imprint == IRQ_IMPRINT && count == 1, "signal %u: %d %x %u\n",
	      round, r, (unsigned)imprint, (unsigned)count);
	CHECK(ms >= dev->alarm_ms_min && ms <= dev->alarm_ms_max,
	      "interrupt %u after %u ms, expected %u to %u\n", round, ms, dev->alarm_ms_min,
	      dev->alarm_ms_max);
	CHECK(dev->interrupt_pending(regs), "interrupt %u not pending at the device\n", round);
	dev->clear(regs);
	CHECK(!dev->interrupt_pending(regs), "interrupt %u not cleared\n", round);
	CHECK(irq_session_ack(u, irq) == RPC_OK, "ack %u\n", round);
	log_printf(TEST_NAME ": interrupt %u after %u ms: cleared and acknowledged\n", round, ms);
}

int driver_test_main(const struct driver_test_device *device)
{
	uint16_t io_mem = 0, irq = 0;
	uint32_t rcv_handle = 0;

	dev = device;
	u   = utcb_main();
	CHECK(io_mem_session_open(u, "device", dev->phys, 4096, &io_mem) == RPC_OK, "IO_MEM\n");
	attach(io_mem);
	if (!regs)
		return test_report();
	CHECK(dev->identify(regs), "%s not found\n", dev->name);
	log_printf(TEST_NAME ": %s at %x attached at %x\n", dev->name, (unsigned)dev->phys,
		   (unsigned)(uintptr_t)regs);
	CHECK(dev->test_clock(regs), "%s does not count time as the kernel does\n", dev->name);
	test_io_mem_refusals();

	CHECK(core_sig_receiver(u, &rcv, &rcv_handle) == CORE_OK, "receiver\n");
	CHECK(core_sig_context(u, rcv_handle, IRQ_IMPRINT, &irq_ctx) == CORE_OK, "context\n");
	CHECK(core_sig_context(u, rcv_handle, WATCHDOG_IMPRINT, &watchdog) == CORE_OK,
	      "watchdog context\n");
	CHECK(irq_session_open(u, "device", dev->irq, &irq) == RPC_OK, "IRQ session\n");
	test_irq_refusals(irq);
	for (unsigned i = 1; i <= ROUNDS; i++)
		alarm(irq, i);
	dev->stop(regs);

	/* closing frees what the sessions held */
	CHECK(parent_close(u, irq) == RPC_OK, "close the IRQ session\n");
	CHECK(irq_session_open(u, "device", dev->irq, &irq) == RPC_OK, "IRQ line again\n");
	CHECK(parent_close(u, io_mem) == RPC_OK, "close the IO_MEM session\n");
	CHECK(io_mem_session_open(u, "device", dev->phys, 4096, &io_mem) == RPC_OK,
	      "IO_MEM again\n");
	log_printf(TEST_NAME ": line %u and the registers free again after close\n", dev->irq);

	return test_report();
}
