/*
 * The user-level driver test (test/driver_test.h) on the i.MX boards: an
 * EPIT the kernel does not use (its timer is EPIT1; this is EPIT2). The
 * board's addresses and lines come from the config ROM that
 * run/io_mem_irq.run writes for the board. A software reset must leave the
 * registers at their reset values; running free at about 1 MHz (its input
 * clock divided down) the counter must count what kernel time says; three
 * times its compare register is set 100 ms ahead and the interrupt comes
 * after 100 ms.
 */
#include <stdlib.h>
#include <base/core_service.h>
#include <base/env.h>
#include <base/log.h>
#include <base/parent.h>
#include <base/xml.h>
#include <kernel/call.h>
#include <session/rm_session.h>
#include <session/rom_session.h>
#include <test/driver_test.h>

/* EPIT registers (i.MX53 and i.MX6 reference manuals, chapter "EPIT") */
enum {
	CR   = 0x00,
	SR   = 0x04,
	LR   = 0x08,
	CMPR = 0x0c,
	CNR  = 0x10,

	CR_EN              = 1u << 0,
	CR_ENMOD           = 1u << 1, /* enabling starts from 0xffffffff */
	CR_OCIEN           = 1u << 2,
	CR_PRESCALER_SHIFT = 4,
	CR_SWR             = 1u << 16,
	CR_CLKSRC_SHIFT    = 24,
	SR_OCIF            = 1u << 0,
};

enum { ALARM_MS = 100, CLOCK_MS = 10, IO_MEM_CASES = 9, IRQ_CASES = 5 };

/* The board's facts, from the config ROM */
static struct {
	uint32_t epit, irq, clksrc, clock_khz, ram, window, window_end, spare_irq, pic_lines;
	uint32_t kernel_timer, kernel_timer_irq, kernel_uart, kernel_uart_irq, pic, src;
} board;

static uint32_t reg(volatile uint32_t *t, unsigned off) { return t[off / 4]; }
static void set(volatile uint32_t *t, unsigned off, uint32_t v) { t[off / 4] = v; }

/* The input clock divided down to about 1 MHz */
static uint32_t prescaler(void) { return (board.clock_khz + 500) / 1000; }
static uint32_t ticks_for_ms(uint32_t ms) { return board.clock_khz * ms / prescaler(); }
static uint32_t cr_running(void)
{
	return (board.clksrc & 3) << CR_CLKSRC_SHIFT | (prescaler() - 1) << CR_PRESCALER_SHIFT |
	       CR_ENMOD;
}

/* Software reset: the registers show their reset values */
static bool identify(volatile uint32_t *t)
{
	set(t, CR, 0);
	set(t, CR, CR_SWR);
	while (reg(t, CR) & CR_SWR)
		;
	return !(reg(t, CR) & CR_EN) && reg(t, LR) == 0xffffffff && reg(t, CMPR) == 0 &&
	       reg(t, SR) == 0;
}

/* Free-running from 0xffffffff: it counts what kernel time says, within 1 % */
static bool test_clock(volatile uint32_t *t)
{
	uint32_t expect = ticks_for_ms(CLOCK_MS);

	set(t, CR, cr_running());
	set(t, CR, cr_running() | CR_EN);
	uint32_t c0    = reg(t, CNR);
	uint64_t start = kernel_time_us();
	while (kernel_time_us() - start < CLOCK_MS * 1000)
		kernel_thread_yield();
	uint32_t ticks = c0 - reg(t, CNR);
	set(t, CR, 0);
	log_printf("io_mem_irq: counted %u ticks in %u ms of kernel time, %u expected\n",
		   (unsigned)ticks, CLOCK_MS, (unsigned)expect);
	return ticks + expect / 100 >= expect && ticks <= expect + expect / 100;
}

/* Running free with the compare interrupt on; the compare value 100 ms ahead */
static void arm(volatile uint32_t *t)
{
	if (!(reg(t, CR) & CR_EN)) {
		set(t, CR, cr_running() | CR_OCIEN);
		set(t, CR, cr_running() | CR_OCIEN | CR_EN);
	}
	set(t, CMPR, reg(t, CNR) - ticks_for_ms(ALARM_MS));
}

static bool interrupt_pending(volatile uint32_t *t) { return reg(t, SR) & SR_OCIF; }
static void clear(volatile uint32_t *t) { set(t, SR, SR_OCIF); } /* write 1 to clear */
static void stop(volatile uint32_t *t) { set(t, CR, 0); }

static void config_u32(const struct xml_node *config, const char *name, uint32_t *value)
{
	const char *v = NULL;
	size_t len    = 0;
	char text[16];

	if (!xml_attr(config, name, &v, &len) || len >= sizeof(text)) {
		log_printf("io_mem_irq: error: config: no %s\n", name);
		return;
	}
	for (size_t i = 0; i < len; i++)
		text[i] = v[i];
	text[len] = 0;
	*value    = (uint32_t)strtoul(text, NULL, 0);
}

/* Core's config ROM (core's ROMs are read-only dataspaces) */
static bool read_config(struct utcb *u)
{
	uint16_t rom = 0, ds = 0;
	uint32_t size = 0, addr = 0;
	struct rm_attach_args read_only = { 0, 0, 0, 0 };
	struct xml_node c;

	if (parent_session(u, "ROM", "config", ROM_SESSION_RAM, ROM_SESSION_RAM, ROM_SESSION_CAPS,
			   &rom) != RPC_OK ||
	    rom_dataspace(u, rom, &ds, &size) != RPC_OK ||
	    rm_attach(u, env_address_space(u), ds, &read_only, &addr) != RPC_OK ||
	    xml_parse((const char *)(uintptr_t)addr, size, &c).error != XML_OK) {
		log_printf("io_mem_irq: error: no config with the board's facts\n");
		return false;
	}
	static const struct {
		const char *name;
		uint32_t *value;
	} facts[] = {
		{ "epit", &board.epit },
		{ "irq", &board.irq },
		{ "clksrc", &board.clksrc },
		{ "clock_khz", &board.clock_khz },
		{ "ram", &board.ram },
		{ "window", &board.window },
		{ "window_end", &board.window_end },
		{ "spare_irq", &board.spare_irq },
		{ "pic", &board.pic },
		{ "pic_lines", &board.pic_lines },
		{ "src", &board.src },
		{ "kernel_timer", &board.kernel_timer },
		{ "kernel_timer_irq", &board.kernel_timer_irq },
		{ "kernel_uart", &board.kernel_uart },
		{ "kernel_uart_irq", &board.kernel_uart_irq },
	};
	for (unsigned i = 0; i < sizeof(facts) / sizeof(facts[0]); i++)
		config_u32(&c, facts[i].name, facts[i].value);
	return board.clock_khz >= 1000 && board.epit;
}

int main(void)
{
	static struct driver_test_io_mem_case io_mem_cases[IO_MEM_CASES];
	static struct driver_test_irq_case irq_cases[IRQ_CASES];
	static struct driver_test_device epit2 = {
		.name              = "i.MX EPIT2",
		.io_mem_cases      = io_mem_cases,
		.io_mem_case_count = IO_MEM_CASES,
		.irq_cases         = irq_cases,
		.irq_case_count    = IRQ_CASES,
		.identify          = identify,
		.test_clock        = test_clock,
		.arm               = arm,
		.alarm_ms_min      = ALARM_MS,
		.alarm_ms_max      = ALARM_MS + 1,
		.interrupt_pending = interrupt_pending,
		.clear             = clear,
		.stop              = stop,
	};

	if (!read_config(utcb_main()))
		return 1;
	const struct driver_test_io_mem_case io_mem[IO_MEM_CASES] = {
		{ "RAM", board.ram, 4096, PARENT_SERVICE_DENIED },
		{ "the kernel's UART", board.kernel_uart, 4096, PARENT_SERVICE_DENIED },
		{ "the kernel's timer", board.kernel_timer, 4096, PARENT_SERVICE_DENIED },
		{ "the interrupt controller", board.pic, 4096, PARENT_SERVICE_DENIED },
		{ "the system reset controller", board.src, 4096, PARENT_SERVICE_DENIED },
		{ "across the window's end", board.window_end - 4096, 8192, PARENT_SERVICE_DENIED },
		{ "the EPIT again, taken", board.epit + 16, 4, PARENT_SERVICE_DENIED },
		{ "zero bytes", board.epit, 0, PARENT_BAD_ARGS },
		{ "beyond 4 GiB", 0xfffff000, 8192, PARENT_BAD_ARGS },
	};
	const struct driver_test_irq_case irq[IRQ_CASES] = {
		{ "the kernel's timer", board.kernel_timer_irq, PARENT_SERVICE_DENIED },
		{ "the kernel's UART", board.kernel_uart_irq, PARENT_SERVICE_DENIED },
		{ "a line the controller does not have", board.pic_lines, PARENT_SERVICE_DENIED },
		{ "an absurd line", 100000, PARENT_BAD_ARGS },
		{ "the EPIT's again, taken", board.irq, PARENT_SERVICE_DENIED },
	};
	for (unsigned i = 0; i < IO_MEM_CASES; i++)
		io_mem_cases[i] = io_mem[i];
	for (unsigned i = 0; i < IRQ_CASES; i++)
		irq_cases[i] = irq[i];
	epit2.phys      = board.epit;
	epit2.irq       = board.irq;
	epit2.other_irq = board.spare_irq;
	return driver_test_main(&epit2);
}
