/*
 * Host tests of the Cache Type Register decoding (arch/arm/include/arch/
 * cache_type.h): the ARMv6 layout of the ARM1176 and the ARMv7 one of
 * Cortex-A8/A9/A15, told apart by the format field. Read with the other
 * layout's rule, the ARM1176's value would give 32 KiB lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <arch/cache_type.h>

static void test_armv6_arm1176(void **state)
{
	(void)state;
	/* ARM1176JZF-S TRM: 16 KiB 4-way caches, 8-word lines */
	assert_int_equal(ctr_dcache_line(0x1d152152u), 32);
	assert_int_equal(ctr_icache_line(0x1d152152u), 32);
	/* what QEMU's arm1176 reports */
	assert_int_equal(ctr_dcache_line(0x01dd20d2u), 32);
	assert_int_equal(ctr_icache_line(0x01dd20d2u), 32);
	/* the ARMv7 rule on it: DminLine = 0xd */
	assert_int_equal(4u << ((0x01dd20d2u >> 16) & 0xf), 32768);
}

/* LEN: 8 << len bytes, for each cache on its own */
static void test_armv6_line_lengths(void **state)
{
	(void)state;
	for (uint32_t d = 0; d < 4; d++)
		for (uint32_t i = 0; i < 4; i++) {
			uint32_t ctr = 0x01000000u | (0x150u | d) << 12 | 0x150u | i;
			assert_int_equal(ctr_dcache_line(ctr), 8u << d);
			assert_int_equal(ctr_icache_line(ctr), 8u << i);
		}
}

static void test_armv7_cortex(void **state)
{
	(void)state;
	assert_int_equal(ctr_dcache_line(0x8444c004u), 64); /* Cortex-A15 */
	assert_int_equal(ctr_icache_line(0x8444c004u), 64);
	assert_int_equal(ctr_dcache_line(0x83338003u), 32); /* Cortex-A9 */
	assert_int_equal(ctr_icache_line(0x83338003u), 32);
	assert_int_equal(ctr_dcache_line(0x82048004u), 64); /* Cortex-A8 */
	assert_int_equal(ctr_icache_line(0x82048004u), 64);
	/* DminLine and IminLine on their own */
	assert_int_equal(ctr_dcache_line(0x80030000u), 32);
	assert_int_equal(ctr_icache_line(0x80030002u), 16);
}

/* A format we do not know: the smallest line, which never skips one */
static void test_unknown_format(void **state)
{
	(void)state;
	assert_int_equal(ctr_dcache_line(0xe0000000u), 8);
	assert_int_equal(ctr_icache_line(0x20000000u), 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_armv6_arm1176),
		cmocka_unit_test(test_armv6_line_lengths),
		cmocka_unit_test(test_armv7_cortex),
		cmocka_unit_test(test_unknown_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
