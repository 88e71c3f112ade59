/*
 * The user-level driver test (test/driver_test.h) on the Raspberry Pi:
 * compare channel 3 of the BCM2835 system timer, the channel neither the
 * kernel (1) nor the GPU (0, 2) uses. The timer's counter is the kernel's
 * clock, so it must advance exactly as kernel time does; three times the
 * channel is set 100 ms ahead and its interrupt comes after 100 ms.
 */
#include <base/log.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <test/driver_test.h>

/* BCM2835 ARM Peripherals: ARM physical addresses and interrupt lines */
enum {
	TIMER_PHYS  = 0x20003000,
	CHANNEL     = 3,
	TIMER_IRQ   = CHANNEL, /* system timer channel n is line n */
	KERNEL_IRQ  = 1,       /* channel 1: the kernel's timer */
	GPU_IRQ_0   = 0,
	GPU_IRQ_2   = 2,
	ARM_TIMER   = 64, /* a basic line nobody raises here (QEMU has no ARM timer) */
	UART_PHYS   = 0x20201000,
	UART_IRQ    = 57,
	PIC_PHYS    = 0x2000b200,
	IO_PHYS     = 0x20000000, /* the peripherals' window ... */
	IO_END      = 0x21000000, /* ... and its end */
	RAM_PHYS    = 0x00100000,
	ALARM_US    = 100000,
	CLOCK_US    = 100000, /* how long the counter is compared with kernel time */
	CLOCK_SLACK = 50,     /* us between reading the two clocks */
};

/* System timer registers (BCM2835 ARM Peripherals, chapter 12) */
enum { CS = 0x00, CLO = 0x04, C0 = 0x0c };

static const struct driver_test_io_mem_case io_mem_cases[] = {
	{ "RAM", RAM_PHYS, 4096, PARENT_SERVICE_DENIED },
	{ "the kernel's UART", UART_PHYS, 4096, PARENT_SERVICE_DENIED },
	{ "the kernel's interrupt controller", PIC_PHYS, 4, PARENT_SERVICE_DENIED },
	{ "outside the device window", IO_END, 4096, PARENT_SERVICE_DENIED },
	{ "across the window's start", IO_PHYS - 4096, 8192, PARENT_SERVICE_DENIED },
	{ "the timer again, taken", TIMER_PHYS + 16, 4, PARENT_SERVICE_DENIED },
	{ "zero bytes", TIMER_PHYS, 0, PARENT_BAD_ARGS },
	{ "beyond 4 GiB", 0xfffff000, 8192, PARENT_BAD_ARGS },
};

static const struct driver_test_irq_case irq_cases[] = {
	{ "the kernel's timer", KERNEL_IRQ, PARENT_SERVICE_DENIED },
	{ "the kernel's UART", UART_IRQ, PARENT_SERVICE_DENIED },
	{ "the GPU's timer channel 0", GPU_IRQ_0, PARENT_SERVICE_DENIED },
	{ "the GPU's timer channel 2", GPU_IRQ_2, PARENT_SERVICE_DENIED },
	{ "a line the controller does not have", 72, PARENT_SERVICE_DENIED },
	{ "an absurd line", 100000, PARENT_BAD_ARGS },
	{ "the timer's again, taken", TIMER_IRQ, PARENT_SERVICE_DENIED },
};

static uint32_t reg(volatile uint32_t *t, unsigned off) { return t[off / 4]; }

/* A running counter */
static bool identify(volatile uint32_t *t)
{
	uint32_t lo = reg(t, CLO);
	uint64_t us = kernel_time_us();

	while (kernel_time_us() - us < 10)
		kernel_thread_yield();
	return reg(t, CLO) != lo;
}

/* The counter is the kernel's clock: both advance alike */
static bool test_clock(volatile uint32_t *t)
{
	uint32_t c0    = reg(t, CLO);
	uint64_t start = kernel_time_us();

	while (kernel_time_us() - start < CLOCK_US)
		kernel_thread_yield();
	uint32_t dc = reg(t, CLO) - c0;
	uint32_t dk = (uint32_t)(kernel_time_us() - start);
	log_printf("io_mem_irq: counter advanced by %u ms in %u ms of kernel time\n",
		   (unsigned)(dc / 1000), (unsigned)(dk / 1000));
	return dc + CLOCK_SLACK >= dk && dc <= dk + CLOCK_SLACK;
}

static void arm(volatile uint32_t *t) { t[(C0 + 4 * CHANNEL) / 4] = reg(t, CLO) + ALARM_US; }
static bool interrupt_pending(volatile uint32_t *t) { return reg(t, CS) & (1u << CHANNEL); }
/* write 1 to clear: the other channels' bits are left alone */
static void clear(volatile uint32_t *t) { t[CS / 4] = 1u << CHANNEL; }
/* a compare register cannot be disabled; the match is cleared and no new one set */
static void stop(volatile uint32_t *t) { (void)t; }

int main(void)
{
	static const struct driver_test_device channel3 = {
		.name              = "BCM2835 system timer channel 3",
		.phys              = TIMER_PHYS,
		.irq               = TIMER_IRQ,
		.other_irq         = ARM_TIMER,
		.io_mem_cases      = io_mem_cases,
		.io_mem_case_count = sizeof(io_mem_cases) / sizeof(io_mem_cases[0]),
		.irq_cases         = irq_cases,
		.irq_case_count    = sizeof(irq_cases) / sizeof(irq_cases[0]),
		.identify          = identify,
		.test_clock        = test_clock,
		.arm               = arm,
		.alarm_ms_min      = ALARM_US / 1000,
		.alarm_ms_max      = ALARM_US / 1000 + 1,
		.interrupt_pending = interrupt_pending,
		.clear             = clear,
		.stop              = stop,
	};
	return driver_test_main(&channel3);
}
