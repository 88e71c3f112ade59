/*
 * Host tests of the i.MX53 TZIC driver (base-hw/src/driver/imx_tzic.h)
 * against the register-level model in driver/imx_tzic_model.c, the only
 * way to test it here (no QEMU machine has a TZIC): after init every line
 * is disabled, non-secure (IRQ, never FIQ) and forwarded once enabled;
 * enable and disable; priority decides which line is taken first, the
 * lowest number among equals; a line stays pending while its device holds
 * it and ends when the device lets go (there is no acknowledge); lines
 * beyond 127 are ignored.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <driver/imx_tzic.h>
#include "driver/imx_tzic_model.h"

enum { BASE = 0x0fffc000, EPIT1 = 40, UART1 = 31, GPT = 39 };

static struct imx_tzic_model model;
static struct imx_tzic tzic = { BASE };

static int setup(void **state)
{
	(void)state;
	mmio_model_reset();
	imx_tzic_model_init(&model, BASE);
	return 0;
}

static unsigned taken(void)
{
	unsigned line = 1000;
	assert_true(imx_tzic_take(&tzic, &line));
	return line;
}

/* What a boot loader may leave: lines enabled, secure, raised by software */
static void init_from_any_state(void **state)
{
	unsigned line;

	(void)state;
	for (unsigned w = 0; w < 4; w++) {
		model.enabled[w]  = 0xffffffff;
		model.software[w] = 0x00010001;
	}
	model.priomask = 0x10;
	imx_tzic_init(&tzic);
	assert_int_equal(model.intctrl, IMX_TZIC_INTCTRL_EN | IMX_TZIC_INTCTRL_NSEN);
	assert_int_equal(model.priomask, IMX_TZIC_PRIORITY_MASK);
	for (unsigned w = 0; w < 4; w++) {
		assert_int_equal(model.enabled[w], 0);
		assert_int_equal(model.software[w], 0);
		assert_int_equal(model.intsec[w], 0xffffffff);
	}
	for (unsigned i = 0; i < IMX_TZIC_LINES; i++)
		assert_int_equal(model.priority[i], IMX_TZIC_PRIORITY_DEFAULT);
	assert_false(imx_tzic_take(&tzic, &line));
	assert_false(imx_tzic_model_irq(&model));
}

static void enable_disable(void **state)
{
	unsigned line;

	(void)state;
	imx_tzic_init(&tzic);
	imx_tzic_model_raise(&model, EPIT1, true);
	assert_false(imx_tzic_take(&tzic, &line));
	assert_false(imx_tzic_model_irq(&model));
	imx_tzic_unmask(&tzic, EPIT1);
	assert_true(imx_tzic_model_irq(&model));
	assert_false(imx_tzic_model_fiq(&model));
	assert_int_equal(taken(), EPIT1);
	imx_tzic_mask(&tzic, EPIT1);
	assert_false(imx_tzic_take(&tzic, &line));
	assert_false(imx_tzic_model_irq(&model));
}

/* Every line can be enabled, taken and disabled on its own */
static void every_line(void **state)
{
	unsigned line;

	(void)state;
	imx_tzic_init(&tzic);
	for (unsigned i = 0; i < IMX_TZIC_LINES; i++) {
		imx_tzic_model_raise(&model, i, true);
		imx_tzic_unmask(&tzic, i);
		assert_int_equal(taken(), i);
		imx_tzic_mask(&tzic, i);
		imx_tzic_model_raise(&model, i, false);
		assert_false(imx_tzic_take(&tzic, &line));
	}
}

static void priority_order(void **state)
{
	(void)state;
	imx_tzic_init(&tzic);
	imx_tzic_unmask(&tzic, EPIT1);
	imx_tzic_unmask(&tzic, UART1);
	imx_tzic_unmask(&tzic, GPT);
	imx_tzic_model_raise(&model, EPIT1, true);
	imx_tzic_model_raise(&model, UART1, true);
	imx_tzic_model_raise(&model, GPT, true);
	assert_int_equal(taken(), UART1); /* equal priority: the lowest number */
	imx_tzic_set_priority(&tzic, EPIT1, IMX_TZIC_PRIORITY_HIGHEST);
	assert_int_equal(taken(), EPIT1);
	assert_int_equal(model.priority[GPT], IMX_TZIC_PRIORITY_DEFAULT); /* neighbours kept */
	assert_int_equal(model.priority[EPIT1 + 1], IMX_TZIC_PRIORITY_DEFAULT);
	imx_tzic_model_raise(&model, EPIT1, false);
	assert_int_equal(taken(), UART1);
	imx_tzic_set_priority(&tzic, UART1, 0xc0);
	assert_int_equal(taken(), GPT);
}

/* The mask forwards every priority but the lowest (0xff) */
static void priority_mask(void **state)
{
	unsigned line;

	(void)state;
	imx_tzic_init(&tzic);
	imx_tzic_set_priority(&tzic, GPT, 0xff);
	imx_tzic_unmask(&tzic, GPT);
	imx_tzic_model_raise(&model, GPT, true);
	assert_false(imx_tzic_take(&tzic, &line));
	assert_false(imx_tzic_model_irq(&model));
	imx_tzic_set_priority(&tzic, GPT, 0xfe);
	assert_int_equal(taken(), GPT);
	assert_true(imx_tzic_model_irq(&model));
}

/*
 * Level-sensitive, no acknowledge: taking a line changes nothing, it stays
 * pending until the device lets go; the kernel's way (take, mask until the
 * driver has quieted the device, unmask) leaves nothing pending.
 */
static void pending_until_device_quiet(void **state)
{
	unsigned line;

	(void)state;
	imx_tzic_init(&tzic);
	imx_tzic_unmask(&tzic, GPT);
	imx_tzic_model_raise(&model, GPT, true);
	assert_int_equal(taken(), GPT);
	assert_int_equal(taken(), GPT);
	imx_tzic_mask(&tzic, GPT);
	assert_false(imx_tzic_model_irq(&model));
	imx_tzic_model_raise(&model, GPT, false);
	imx_tzic_unmask(&tzic, GPT);
	assert_false(imx_tzic_take(&tzic, &line));
	assert_false(imx_tzic_model_irq(&model));
	imx_tzic_model_raise(&model, GPT, true);
	assert_int_equal(taken(), GPT);
}

/* A line raised by software (SWINT) is taken like a device's */
static void software_interrupt(void **state)
{
	unsigned line;

	(void)state;
	imx_tzic_init(&tzic);
	imx_tzic_unmask(&tzic, 100);
	mmio_write32(BASE + IMX_TZIC_SWINT, 100);
	assert_int_equal(taken(), 100);
	mmio_write32(BASE + IMX_TZIC_SWINT, 100 | 1u << 31);
	assert_false(imx_tzic_take(&tzic, &line));
}

/* Lines the controller does not have: no register is touched */
static void lines_out_of_range(void **state)
{
	(void)state;
	imx_tzic_init(&tzic);
	unsigned before = mmio_model_accesses();
	imx_tzic_unmask(&tzic, IMX_TZIC_LINES);
	imx_tzic_mask(&tzic, 1000);
	imx_tzic_set_priority(&tzic, IMX_TZIC_LINES, 0);
	assert_int_equal(mmio_model_accesses(), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(init_from_any_state, setup),
		cmocka_unit_test_setup(enable_disable, setup),
		cmocka_unit_test_setup(every_line, setup),
		cmocka_unit_test_setup(priority_order, setup),
		cmocka_unit_test_setup(priority_mask, setup),
		cmocka_unit_test_setup(pending_until_device_quiet, setup),
		cmocka_unit_test_setup(software_interrupt, setup),
		cmocka_unit_test_setup(lines_out_of_range, setup),
	};
	return cmocka_run_group_tests_name("imx_tzic", tests, NULL, NULL);
}
