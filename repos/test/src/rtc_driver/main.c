/*
 * The user-level driver test (test/driver_test.h) on QEMU virt: its PL031
 * real-time clock. The seconds count up; three times the match register
 * is set a second ahead and the match interrupt comes within that second.
 */
#include <base/log.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <test/driver_test.h>

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

static const struct driver_test_io_mem_case io_mem_cases[] = {
	{ "RAM", RAM_PHYS, 4096, PARENT_SERVICE_DENIED },
	{ "the kernel's UART", UART_PHYS, 4096, PARENT_SERVICE_DENIED },
	{ "the kernel's GIC", GIC_CPU_PHYS, 4096, PARENT_SERVICE_DENIED },
	{ "flash, outside the device window", 0, 4096, PARENT_SERVICE_DENIED },
	{ "across the window's end into RAM", RAM_PHYS - 4096, 8192, PARENT_SERVICE_DENIED },
	{ "the RTC again, taken", RTC_PHYS + 16, 4, PARENT_SERVICE_DENIED },
	{ "zero bytes", RTC_PHYS, 0, PARENT_BAD_ARGS },
	{ "beyond 4 GiB", 0xfffff000, 8192, PARENT_BAD_ARGS },
};

static const struct driver_test_irq_case irq_cases[] = {
	{ "the kernel's timer", TIMER_IRQ, PARENT_SERVICE_DENIED },
	{ "the kernel's UART", UART_IRQ, PARENT_SERVICE_DENIED },
	{ "a line the GIC does not have", 300, PARENT_SERVICE_DENIED },
	{ "an absurd line", 100000, PARENT_BAD_ARGS },
	{ "the RTC's again, taken", RTC_IRQ, PARENT_SERVICE_DENIED },
};

static uint32_t armed_at; /* RTCDR when the alarm was set */

static bool identify(volatile uint32_t *rtc)
{
	return rtc[RTC_ID0 / 4] == 0x31 && rtc[RTC_ID1 / 4] == 0x10;
}

/* 1.1 s of kernel time cross one or two second boundaries */
static bool test_clock(volatile uint32_t *rtc)
{
	uint32_t t0    = rtc[RTCDR / 4];
	uint64_t start = kernel_time_us();

	while (kernel_time_us() - start < 1100000)
		kernel_thread_yield();
	uint32_t t1 = rtc[RTCDR / 4];
	log_printf("io_mem_irq: clock advanced by %u s in 1.1 s\n", (unsigned)(t1 - t0));
	return t1 - t0 >= 1 && t1 - t0 <= 2;
}

/* match at the next second boundary: at most a second away */
static void arm(volatile uint32_t *rtc)
{
	armed_at         = rtc[RTCDR / 4];
	rtc[RTCMR / 4]   = armed_at + 1;
	rtc[RTCIMSC / 4] = 1;
}

static bool interrupt_pending(volatile uint32_t *rtc)
{
	return rtc[RTCRIS / 4] == 1 && rtc[RTCMIS / 4] == 1 && rtc[RTCDR / 4] - armed_at >= 1;
}

static void clear(volatile uint32_t *rtc) { rtc[RTCICR / 4] = 1; }
static void stop(volatile uint32_t *rtc) { rtc[RTCIMSC / 4] = 0; }

int main(void)
{
	static const struct driver_test_device pl031 = {
		.name              = "PL031",
		.phys              = RTC_PHYS,
		.irq               = RTC_IRQ,
		.other_irq         = PCIE_IRQ,
		.io_mem_cases      = io_mem_cases,
		.io_mem_case_count = sizeof(io_mem_cases) / sizeof(io_mem_cases[0]),
		.irq_cases         = irq_cases,
		.irq_case_count    = sizeof(irq_cases) / sizeof(irq_cases[0]),
		.identify          = identify,
		.test_clock        = test_clock,
		.arm               = arm,
		.alarm_ms_min      = 0,
		.alarm_ms_max      = 1010, /* the boundary, plus latency */
		.interrupt_pending = interrupt_pending,
		.clear             = clear,
		.stop              = stop,
	};
	return driver_test_main(&pl031);
}
