/*
 * Host tests of the Raspberry Pi's device drivers (base-hw/src/driver:
 * bcm2835_pic.h, bcm2835_system_timer.h, bcm2835_gpio.h, pl011.h) against
 * the register model of driver/model.c: the lines they take and mask, the
 * kernel timer's one-shot against a counter that keeps running while it is
 * armed, the UART and pin set-up a real board needs, and the barriers the
 * BCM2835 manual asks for around every peripheral's accesses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <driver/bcm2835_gpio.h>
#include <driver/bcm2835_pic.h>
#include <driver/bcm2835_system_timer.h>
#include <driver/pl011.h>
#include "driver/model.h"

enum { DISABLE1 = MODEL_PIC + 0x1c, ENABLE1 = MODEL_PIC + 0x10, C1 = MODEL_TIMER + 0x10 };

static int reset(void **state)
{
	(void)state;
	model_reset();
	return 0;
}

/* ---- interrupt controller ---- */

static struct bcm2835_pic pic_ready(void)
{
	struct bcm2835_pic p = { MODEL_PIC, { 0 } };

	model.gpu_enable = ~0ull; /* whatever ran before left lines enabled */
	model.arm_enable = 0xff;
	bcm2835_pic_init(&p);
	return p;
}

static void test_pic_init_disables_everything(void **state)
{
	(void)state;
	struct bcm2835_pic p = pic_ready();
	unsigned irq;

	assert_int_equal(model.gpu_enable, 0);
	assert_int_equal(model.arm_enable, 0);
	assert_int_equal(model.fiq_control, 0);
	assert_true(model_fenced(0));
	model.gpu_level = 1ull << 57;
	assert_false(bcm2835_pic_take(&p, &irq)); /* pending but disabled: spurious */
}

static void test_pic_takes_the_lowest_enabled_line(void **state)
{
	(void)state;
	struct bcm2835_pic p = pic_ready();
	unsigned irq         = 0;

	bcm2835_pic_enable(&p, 1, true);
	bcm2835_pic_enable(&p, 57, true);
	bcm2835_pic_enable(&p, 65, true);
	assert_int_equal(model.gpu_enable, (1ull << 57) | 2);
	assert_int_equal(model.arm_enable, 2);

	model.gpu_level = (1ull << 57) | (1ull << 3); /* 3 is not enabled */
	model.arm_level = 2;
	unsigned from   = model.log_len;
	assert_true(bcm2835_pic_take(&p, &irq));
	assert_int_equal(irq, 57);
	assert_true(model_fenced(from));
	model.timer_cs = 2; /* line 1 */
	assert_true(bcm2835_pic_take(&p, &irq));
	assert_int_equal(irq, 1);
	model.timer_cs = 0;
	bcm2835_pic_enable(&p, 57, false);
	assert_int_equal(model.gpu_enable, 2);
	assert_true(bcm2835_pic_take(&p, &irq));
	assert_int_equal(irq, 65);
	model.arm_level = 0;
	assert_false(bcm2835_pic_take(&p, &irq));
}

/* The manual does not promise that pending registers hide disabled lines. */
static void test_pic_ignores_disabled_lines_the_registers_show(void **state)
{
	(void)state;
	struct bcm2835_pic p = pic_ready();
	unsigned irq         = 0;

	model.pending_shows_disabled = true;
	bcm2835_pic_enable(&p, 40, true);
	model.gpu_level = (1ull << 5) | (1ull << 40);
	model.arm_level = 1;
	assert_true(bcm2835_pic_take(&p, &irq));
	assert_int_equal(irq, 40);
	model.gpu_level = 1ull << 5;
	assert_false(bcm2835_pic_take(&p, &irq));
}

static void test_pic_ignores_lines_it_does_not_have(void **state)
{
	(void)state;
	struct bcm2835_pic p = pic_ready();
	unsigned from        = model.log_len;

	bcm2835_pic_enable(&p, 72, true);
	bcm2835_pic_enable(&p, 1000, false);
	assert_int_equal(model.log_len, from);
	assert_int_equal(p.enabled[0] | p.enabled[1] | p.enabled[2], 0);
}

/* ---- system timer ---- */

static void test_timer_count_is_64_bit_across_the_low_word_wrap(void **state)
{
	(void)state;
	model.ns_per_access = 700; /* the high word may change between two reads */
	for (uint64_t start = 0xfffffffdull * 1000; start < 0x100000002ull * 1000; start += 300) {
		model.ns        = start;
		uint64_t before = model_us();
		uint64_t count  = bcm2835_timer_count(MODEL_TIMER);
		uint64_t after  = model_us();
		assert_true(count >= before && count <= after);
	}
	assert_true(model_fenced(0));
}

static void test_timer_start_arms_the_channel(void **state)
{
	(void)state;
	model.ns_per_access = 100;
	model.ns            = 5000000000ull; /* 5000 s: the high word is 1 */
	model.timer_cs      = 0xf;           /* the old match, and other channels' */
	uint64_t start      = model_us();

	bcm2835_timer_start(MODEL_TIMER, 1, 1000);
	assert_true(model_fenced(0));
	assert_int_equal(model.timer_cs, 0xd); /* only channel 1's match cleared */
	assert_int_equal(model.timer_compare[1], (uint32_t)(start + 1000));
	model_advance(999000 - (model.ns - start * 1000));
	assert_int_equal(model.timer_cs & 2, 0);
	model_advance(1000);
	assert_int_equal(model.timer_cs & 2, 2);
}

static void test_timer_start_limits_ticks(void **state)
{
	(void)state;
	bcm2835_timer_start(MODEL_TIMER, 3, 0);
	assert_int_equal(model.timer_compare[3], BCM2835_TIMER_MIN_TICKS);
	bcm2835_timer_start(MODEL_TIMER, 3, 0xffffffffu);
	assert_int_equal(model.timer_compare[3], BCM2835_TIMER_MAX_TICKS);
}

/*
 * The write lands after the counter passed the value it was computed from:
 * an equality match would come only after 71 minutes. The driver must see
 * this and arm again, so that the match comes soon.
 */
static void test_timer_start_rearms_a_compare_the_counter_passed(void **state)
{
	(void)state;
	model.ns_per_access = 100;
	model.ns            = 1000000;
	model.stall_ns      = 5000; /* the first compare write lands 5 us late */
	uint64_t start      = model_us();

	bcm2835_timer_start(MODEL_TIMER, 1, 2);
	uint32_t writes[4];
	assert_int_equal(model_writes(0, C1, writes, 4), 2);
	assert_int_equal(writes[0], (uint32_t)start + 2);
	assert_true((int32_t)(model.timer_compare[1] - (uint32_t)model_us()) > 0);
	model_advance(3000);
	assert_int_equal(model.timer_cs & 2, 2);
	assert_true(model_us() - start < 20);
}

/* ---- the console: pins and UART ---- */

static void test_gpio_routes_the_uart_pins(void **state)
{
	(void)state;
	model.gpio[1] = 0x3fffffff; /* GPFSEL1: every pin of 10-19 some function */

	bcm2835_gpio_function(MODEL_GPIO, 14, BCM2835_GPIO_ALT0);
	bcm2835_gpio_function(MODEL_GPIO, 15, BCM2835_GPIO_ALT0);
	assert_int_equal(model.gpio[1], 0x3ffe4fff); /* bits 12-17: 100 100 */
	assert_true(model_fenced(0));
}

static void test_gpio_pull_sequence(void **state)
{
	(void)state;
	uint32_t pud[4], clk[4];

	bcm2835_gpio_pull(MODEL_GPIO, 3u << 14, BCM2835_PULL_UP);
	assert_int_equal(model_writes(0, MODEL_GPIO + BCM2835_GPPUD, pud, 4), 2);
	assert_int_equal(model_writes(0, MODEL_GPIO + BCM2835_GPPUDCLK0, clk, 4), 2);
	assert_int_equal(pud[0], BCM2835_PULL_UP);
	assert_int_equal(clk[0], 3u << 14);
	assert_int_equal(pud[1], BCM2835_PULL_OFF);
	assert_int_equal(clk[1], 0);
	/* the signal is set before the clock latches it and removed after */
	assert_true(model_first_write(0, MODEL_GPIO + BCM2835_GPPUD) <
		    model_first_write(0, MODEL_GPIO + BCM2835_GPPUDCLK0));
	assert_true(model_fenced(0));
}

static void test_pl011_divisor(void **state)
{
	(void)state;
	/* 3 MHz / (16 * 115200) = 1.628: 1 + 40/64; 48 MHz: 26.04 = 26 + 3/64 */
	assert_int_equal(pl011_divisor_64ths(3000000, 115200), 1 * 64 + 40);
	assert_int_equal(pl011_divisor_64ths(48000000, 115200), 26 * 64 + 3);
	assert_int_equal(pl011_divisor_64ths(24000000, 38400), 39 * 64 + 4);
}

static void test_pl011_init_sequence(void **state)
{
	(void)state;
	uint32_t cr[4], lcrh[4];

	model.uart_busy_reads = 3; /* a character still going out */
	pl011_init(MODEL_UART, 3000000, 115200);
	assert_int_equal(model.uart[PL011_IBRD / 4], 1);
	assert_int_equal(model.uart[PL011_FBRD / 4], 40);
	assert_int_equal(model.uart_busy_reads, 0);
	assert_int_equal(model_writes(0, MODEL_UART + PL011_CR, cr, 4), 2);
	assert_int_equal(cr[0], 0); /* disabled first */
	assert_int_equal(cr[1], PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
	assert_int_equal(model_writes(0, MODEL_UART + PL011_LCRH, lcrh, 4), 2);
	assert_int_equal(lcrh[0], 0); /* transmit FIFO flushed */
	assert_int_equal(lcrh[1], PL011_LCRH_WLEN8 | PL011_LCRH_FEN);
	/* disabled until the line is idle; the divisor counts from the LCRH write after it */
	unsigned last_busy = 0;
	for (unsigned i = 0; i < model.log_len; i++)
		if (model.log[i].op == MODEL_READ && (model.log[i].value & PL011_FR_BUSY))
			last_busy = i;
	assert_true(model_first_write(0, MODEL_UART + PL011_LCRH) > last_busy);
	assert_true(model_first_write(0, MODEL_UART + PL011_FBRD) <
		    model_first_write(model_first_write(0, MODEL_UART + PL011_LCRH) + 1,
				      MODEL_UART + PL011_LCRH));
	assert_true(model_first_write(0, MODEL_UART + PL011_CR) == 0);
}

#define T(name) cmocka_unit_test_setup(name, reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pic_init_disables_everything),
		T(test_pic_takes_the_lowest_enabled_line),
		T(test_pic_ignores_disabled_lines_the_registers_show),
		T(test_pic_ignores_lines_it_does_not_have),
		T(test_timer_count_is_64_bit_across_the_low_word_wrap),
		T(test_timer_start_arms_the_channel),
		T(test_timer_start_limits_ticks),
		T(test_timer_start_rearms_a_compare_the_counter_passed),
		T(test_gpio_routes_the_uart_pins),
		T(test_gpio_pull_sequence),
		T(test_pl011_divisor),
		T(test_pl011_init_sequence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
