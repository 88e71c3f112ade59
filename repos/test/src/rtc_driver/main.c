/*
 * A user-level driver of QEMU virt's PL031 real-time clock (run/io_mem_irq.run):
 * it gets the clock's registers from core's IO_MEM service and its
 * interrupt line from the IRQ service, sees the seconds count up, and three
 * times sets the match register one second ahead, waits for the interrupt
 * signal, clears the device and acknowledges. Requests for memory or lines
 * a driver must not have (RAM, the kernel's devices and lines, taken ones,
 * malformed ones) are each refused with the error the session headers name.
 */
#include <base/core_service.h>
#include <base/env.h>
#include <base/log.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <session/dataspace.h>
#include <session/io_mem_session.h>
#include <session/irq_session.h>

#define TEST_NAME "rtc_driver"
#include <test/check.h>

/* QEMU hw/arm/virt.c: base_memmap and a15irqmap (SPI n is GIC line 32 + n) */
enum {
	RTC_PHYS     = 0x09010000,
	RTC_IRQ      = 32 + 2,
	PCIE_IRQ     = 32 + 3, /* a line nobody raises here */
	UART_PHYS    = 0x09000000,
	UART_IRQ     = 32 + 1,
	GIC_CPU_PHYS = 0x08010000,
	RAM_PHYS     = 0x40000000,
	TIMER_IRQ    = 30, /* the kernel's generic timer (PPI) */
};

/* PL031 registers (ARM DDI 0224) */
enum {
	RTCDR   = 0x00, /* seconds */
	RTCMR   = 0x04, /* match: interrupt when RTCDR reaches it */
	RTCIMSC = 0x10, /* interrupt mask: 1 lets it through */
	RTCRIS  = 0x14,
	RTCMIS  = 0x18,
	RTCICR  = 0x1c, /* write 1: clear */
	RTC_ID0 = 0xfe0,
	RTC_ID1 = 0xfe4,
};

enum { IRQ_IMPRINT = 0x1a, WATCHDOG_IMPRINT = 0xd09, WATCHDOG_US = 3000000, ROUNDS = 3 };

static struct utcb *u;
static volatile uint32_t *rtc;
static uint16_t rcv, irq_ctx, watchdog;

static uint32_t reg(unsigned off) { return rtc[off / 4]; }
static void set(unsigned off, uint32_t value) { rtc[off / 4] = value; }

static uint16_t attach_rtc(uint16_t io_mem)
{
	uint16_t ds                = 0;
	struct dataspace_info info = { 0, 0 };

	CHECK(io_mem_session_dataspace(u, io_mem, &ds) == RPC_OK, "IO_MEM dataspace\n");
	CHECK(dataspace_info(u, ds, &info) == RPC_OK && info.size == 4096 &&
		  info.flags == DATASPACE_WRITABLE,
	      "dataspace info: size %u flags %u\n", (unsigned)info.size, (unsigned)info.flags);
	rtc = (volatile uint32_t *)(uintptr_t)env_attach(u, ds);
	CHECK(rtc != NULL, "attach the registers\n");
	return ds;
}

static void test_clock(void)
{
	uint32_t t0    = reg(RTCDR);
	uint64_t start = kernel_time_us();

	while (kernel_time_us() - start < 1100000)
		kernel_thread_yield();
	uint32_t t1 = reg(RTCDR);
	/* 1.1 s cross one or two second boundaries */
	CHECK(t1 - t0 >= 1 && t1 - t0 <= 2, "clock %u -> %u in 1.1 s\n", (unsigned)t0,
	      (unsigned)t1);
	log_printf("rtc_driver: clock advanced by %u s in 1.1 s\n", (unsigned)(t1 - t0));
}

static void test_io_mem_refusals(void)
{
	struct {
		const char *what;
		uint32_t base, size;
		int expect;
	} const cases[] = {
		{ "RAM", RAM_PHYS, 4096, PARENT_SERVICE_DENIED },
		{ "the kernel's UART", UART_PHYS, 4096, PARENT_SERVICE_DENIED },
		{ "the kernel's GIC", GIC_CPU_PHYS, 4096, PARENT_SERVICE_DENIED },
		{ "flash, outside the device window", 0, 4096, PARENT_SERVICE_DENIED },
		{ "across the window's end into RAM", RAM_PHYS - 4096, 8192,
		  PARENT_SERVICE_DENIED },
		{ "the RTC again, taken", RTC_PHYS + 16, 4, PARENT_SERVICE_DENIED },
		{ "zero bytes", RTC_PHYS, 0, PARENT_BAD_ARGS },
		{ "beyond 4 GiB", 0xfffff000, 8192, PARENT_BAD_ARGS },
	};
	unsigned refused = 0;
	uint16_t s       = 0;

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = io_mem_session_open(u, "bad", cases[i].base, cases[i].size, &s);
		CHECK(r == cases[i].expect, "IO_MEM for %s: %d, expected %d\n", cases[i].what, r,
		      cases[i].expect);
		refused += r == cases[i].expect;
	}
	int r = parent_session_with(u, "IO_MEM", "bad", "size=4096", IO_MEM_SESSION_RAM,
				    IO_MEM_SESSION_RAM, IO_MEM_SESSION_CAPS, &s);
	CHECK(r == PARENT_BAD_ARGS, "IO_MEM without base: %d\n", r);
	refused += r == PARENT_BAD_ARGS;
	log_printf("rtc_driver: %u bad IO_MEM requests refused with the documented error\n",
		   refused);
}

static void test_irq_refusals(uint16_t irq)
{
	struct {
		const char *what;
		uint32_t line;
		int expect;
	} const cases[] = {
		{ "the kernel's timer", TIMER_IRQ, PARENT_SERVICE_DENIED },
		{ "the kernel's UART", UART_IRQ, PARENT_SERVICE_DENIED },
		{ "a line the GIC does not have", 300, PARENT_SERVICE_DENIED },
		{ "an absurd line", 100000, PARENT_BAD_ARGS },
		{ "the RTC's again, taken", RTC_IRQ, PARENT_SERVICE_DENIED },
	};
	unsigned refused = 0;
	uint16_t s = 0, other = 0;

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = irq_session_open(u, "bad", cases[i].line, &s);
		CHECK(r == cases[i].expect, "IRQ %s: %d, expected %d\n", cases[i].what, r,
		      cases[i].expect);
		refused += r == cases[i].expect;
	}
	int r = parent_session_with(u, "IRQ", "bad", "", IRQ_SESSION_RAM, IRQ_SESSION_RAM,
				    IRQ_SESSION_CAPS, &s);
	CHECK(r == PARENT_BAD_ARGS, "IRQ without a line: %d\n", r);
	refused += r == PARENT_BAD_ARGS;
	log_printf("rtc_driver: %u bad IRQ requests refused with the documented error\n", refused);

	CHECK(irq_session_ack(u, irq) == IRQ_NO_CONTEXT, "ack before a context is set\n");
	CHECK(irq_session_sigh(u, irq, rcv) == IRQ_BAD_CONTEXT, "a receiver as context\n");
	CHECK(irq_session_sigh(u, irq, irq) == IRQ_BAD_CONTEXT, "a session as context\n");
	CHECK(irq_session_sigh(u, irq, irq_ctx) == RPC_OK, "set the context\n");
	CHECK(irq_session_sigh(u, irq, irq_ctx) == RPC_OK, "set the same context again\n");
	CHECK(irq_session_open(u, "other", PCIE_IRQ, &other) == RPC_OK, "IRQ session %u\n",
	      PCIE_IRQ);
	CHECK(irq_session_sigh(u, other, irq_ctx) == IRQ_BAD_CONTEXT,
	      "a context bound to another line\n");
	CHECK(parent_close(u, other) == RPC_OK, "close IRQ session %u\n", PCIE_IRQ);
}

/* One alarm: match a second ahead, wait for the signal, clear, acknowledge */
static void alarm(uint16_t irq, unsigned round)
{
	const struct sig_delivery *d = (const struct sig_delivery *)u->data;
	uint32_t now                 = reg(RTCDR);
	uint64_t start               = kernel_time_us();

	set(RTCMR, now + 1);
	set(RTCIMSC, 1);
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
	/* the match is the next second boundary: at most 1 s, plus latency */
	CHECK(ms <= 1010, "interrupt %u after %u ms\n", round, ms);
	CHECK(reg(RTCRIS) == 1 && reg(RTCMIS) == 1 && reg(RTCDR) - now >= 1,
	      "interrupt %u: RIS %u MIS %u, clock %u\n", round, (unsigned)reg(RTCRIS),
	      (unsigned)reg(RTCMIS), (unsigned)reg(RTCDR));
	set(RTCICR, 1);
	CHECK(reg(RTCRIS) == 0 && reg(RTCMIS) == 0, "interrupt %u not cleared\n", round);
	CHECK(irq_session_ack(u, irq) == RPC_OK, "ack %u\n", round);
	log_printf("rtc_driver: interrupt %u after %u ms: cleared and acknowledged\n", round, ms);
}

int main(void)
{
	uint16_t io_mem = 0, irq = 0;
	uint32_t rcv_handle = 0;

	u = utcb_main();
	CHECK(io_mem_session_open(u, "rtc", RTC_PHYS, 4096, &io_mem) == RPC_OK, "IO_MEM\n");
	attach_rtc(io_mem);
	if (!rtc)
		return 1;
	CHECK(reg(RTC_ID0) == 0x31 && reg(RTC_ID1) == 0x10, "no PL031: id %x %x\n",
	      (unsigned)reg(RTC_ID0), (unsigned)reg(RTC_ID1));
	log_printf("rtc_driver: PL031 at %x attached at %x\n", RTC_PHYS, (unsigned)(uintptr_t)rtc);
	test_clock();
	test_io_mem_refusals();

	CHECK(core_sig_receiver(u, &rcv, &rcv_handle) == CORE_OK, "receiver\n");
	CHECK(core_sig_context(u, rcv_handle, IRQ_IMPRINT, &irq_ctx) == CORE_OK, "context\n");
	CHECK(core_sig_context(u, rcv_handle, WATCHDOG_IMPRINT, &watchdog) == CORE_OK,
	      "watchdog context\n");
	CHECK(irq_session_open(u, "rtc", RTC_IRQ, &irq) == RPC_OK, "IRQ session\n");
	test_irq_refusals(irq);
	for (unsigned i = 1; i <= ROUNDS; i++)
		alarm(irq, i);
	set(RTCIMSC, 0);

	/* closing frees what the sessions held */
	CHECK(parent_close(u, irq) == RPC_OK, "close the IRQ session\n");
	CHECK(irq_session_open(u, "rtc", RTC_IRQ, &irq) == RPC_OK, "IRQ line again\n");
	CHECK(parent_close(u, io_mem) == RPC_OK, "close the IO_MEM session\n");
	CHECK(io_mem_session_open(u, "rtc", RTC_PHYS, 4096, &io_mem) == RPC_OK, "IO_MEM again\n");
	log_printf("rtc_driver: line %u and the registers free again after close\n", RTC_IRQ);

	return test_report();
}
