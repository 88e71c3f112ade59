/*
 * Host tests of the i.MX EPIT driver (base-hw/src/driver/imx_epit.h)
 * against the register-level model in driver/imx_epit_model.c: the timer
 * starts as the kernel needs it; the tick count is exact across any number
 * of the counter's wrap-arounds; one-shot alarms fire exactly when due,
 * also across the wrap, clamped to their limits, acknowledged by the next
 * start; a bus slower than the timer never makes an alarm wait a whole
 * wrap-around.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <driver/imx_epit.h>
#include "driver/imx_epit_model.h"

enum { BASE = 0x53fac000 };

static struct imx_epit_model model;
static struct imx_epit epit;

static int setup(void **state)
{
	(void)state;
	mmio_model_reset();
	imx_epit_model_init(&model, BASE);
	epit = (struct imx_epit){ BASE, 0, 0 };
	imx_epit_init(&epit, IMX_EPIT_CLOCK_PERIPHERAL, 3);
	return 0;
}

static void init_free_running(void **state)
{
	(void)state;
	assert_int_equal(model.cr,
			 IMX_EPIT_CR_EN | IMX_EPIT_CR_ENMOD | IMX_EPIT_CR_OCIEN |
			     IMX_EPIT_CR_WAITEN | 2u << IMX_EPIT_CR_PRESCALER_SHIFT |
			     (uint32_t)IMX_EPIT_CLOCK_PERIPHERAL << IMX_EPIT_CR_CLKSRC_SHIFT);
	assert_int_equal(model.cnr, 0xffffffffu);
	assert_int_equal(model.sr, 0);
	assert_int_equal(model.lr, 0);
	assert_int_equal(imx_epit_ticks(&epit), 0);
}

/* A boot loader's running timer with a pending event is reset first */
static void init_after_boot_loader(void **state)
{
	(void)state;
	mmio_model_reset();
	imx_epit_model_init(&model, BASE);
	model.cr  = IMX_EPIT_CR_EN | IMX_EPIT_CR_RLD | IMX_EPIT_CR_OCIEN | IMX_EPIT_CR_IOVW;
	model.sr  = IMX_EPIT_SR_OCIF;
	model.lr  = 1000;
	model.cnr = 7;
	imx_epit_init(&epit, IMX_EPIT_CLOCK_32K, 1);
	assert_false(model.cr & (IMX_EPIT_CR_RLD | IMX_EPIT_CR_IOVW));
	assert_int_equal(model.cnr, 0xffffffffu);
	assert_false(imx_epit_model_irq(&model));
	imx_epit_model_advance(&model, 5000);
	assert_int_equal(imx_epit_ticks(&epit), 5000);
}

static void ticks_exact(void **state)
{
	(void)state;
	imx_epit_model_advance(&model, 1000);
	assert_int_equal(imx_epit_ticks(&epit), 1000);
	imx_epit_model_advance(&model, 1);
	assert_int_equal(imx_epit_ticks(&epit), 1001);
	assert_int_equal(imx_epit_ticks(&epit), 1001);
}

/* Reads less than 2^32 ticks apart: nothing is lost at the roll-over */
static void ticks_across_wraps(void **state)
{
	uint64_t total = 0;

	(void)state;
	imx_epit_model_advance(&model, 0xffffffffu - 3); /* counter at 3 */
	total += 0xffffffffu - 3;
	assert_int_equal(imx_epit_ticks(&epit), total);
	imx_epit_model_advance(&model, 10); /* 3, 2, 1, 0, 0xffffffff, ... */
	total += 10;
	assert_int_equal(model.cnr, 0xffffffffu - 6);
	assert_int_equal(imx_epit_ticks(&epit), total);
	for (unsigned i = 0; i < 7; i++) {
		imx_epit_model_advance(&model, 0xfffffff0u);
		total += 0xfffffff0u;
		assert_int_equal(imx_epit_ticks(&epit), total);
	}
	assert_true(total > 6 * (1ull << 32));
}

/* The tick count also counts the ticks that register accesses take */
static void ticks_with_slow_bus(void **state)
{
	(void)state;
	model.ticks_per_access = 5;
	uint64_t before = model.ticks, t = imx_epit_ticks(&epit);
	assert_int_equal(t, 5); /* the read itself */
	imx_epit_model_advance(&model, 100);
	uint64_t now = imx_epit_ticks(&epit);
	assert_int_equal(now, model.ticks - before);
	assert_int_equal(now - t, 105);
}

static void alarm_exact(void **state)
{
	(void)state;
	imx_epit_start(&epit, 1000);
	imx_epit_model_advance(&model, 999);
	assert_false(imx_epit_model_irq(&model));
	imx_epit_model_advance(&model, 1);
	assert_true(imx_epit_model_irq(&model));
}

static void alarm_across_wrap(void **state)
{
	(void)state;
	imx_epit_model_advance(&model, 0xffffffffu - 100); /* counter at 100 */
	imx_epit_ticks(&epit);
	imx_epit_start(&epit, 1000);
	imx_epit_model_advance(&model, 999);
	assert_false(imx_epit_model_irq(&model));
	imx_epit_model_advance(&model, 1);
	assert_true(imx_epit_model_irq(&model));
	assert_int_equal(imx_epit_ticks(&epit), 0xffffffffull - 100 + 1000);
}

static void alarm_clamped(void **state)
{
	(void)state;
	imx_epit_start(&epit, 0);
	assert_int_equal(imx_epit_model_until_compare(&model), IMX_EPIT_ALARM_MIN);
	imx_epit_start(&epit, 0xffffffffu);
	assert_int_equal(imx_epit_model_until_compare(&model), IMX_EPIT_ALARM_MAX);
}

/* The next start acknowledges; an alarm replaced before it came never fires */
static void alarm_acknowledged_and_replaced(void **state)
{
	(void)state;
	imx_epit_start(&epit, 100);
	imx_epit_model_advance(&model, 100);
	assert_true(imx_epit_model_irq(&model));
	imx_epit_start(&epit, 1000);
	assert_false(imx_epit_model_irq(&model));
	imx_epit_model_advance(&model, 500);
	imx_epit_start(&epit, 5000);
	imx_epit_model_advance(&model, 4999);
	assert_false(imx_epit_model_irq(&model));
	imx_epit_model_advance(&model, 1);
	assert_true(imx_epit_model_irq(&model));
}

/*
 * A bus slower than the shortest alarm: the counter passes the compare
 * value before it is written. The alarm must still come soon, not after
 * the counter's next 2^32 ticks.
 */
static void alarm_never_lost_on_slow_bus(void **state)
{
	(void)state;
	for (uint32_t per_access = 1; per_access <= 200; per_access += 7) {
		model.ticks_per_access = per_access;
		imx_epit_start(&epit, 1);
		uint64_t until = imx_epit_model_until_compare(&model);
		assert_true(imx_epit_model_irq(&model) || (until > 0 && until < 4096));
		imx_epit_model_advance(&model, until);
		assert_true(imx_epit_model_irq(&model));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(init_free_running, setup),
		cmocka_unit_test_setup(init_after_boot_loader, setup),
		cmocka_unit_test_setup(ticks_exact, setup),
		cmocka_unit_test_setup(ticks_across_wraps, setup),
		cmocka_unit_test_setup(ticks_with_slow_bus, setup),
		cmocka_unit_test_setup(alarm_exact, setup),
		cmocka_unit_test_setup(alarm_across_wrap, setup),
		cmocka_unit_test_setup(alarm_clamped, setup),
		cmocka_unit_test_setup(alarm_acknowledged_and_replaced, setup),
		cmocka_unit_test_setup(alarm_never_lost_on_slow_bus, setup),
	};
	return cmocka_run_group_tests_name("imx_epit", tests, NULL, NULL);
}
