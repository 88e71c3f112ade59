/*
 * Host tests for protection domains and the ASID allocator
 * (base-hw/src/kernel/pd.c): ASID assignment, TLB flushes on reuse,
 * argument and state checks, exhaustion and release.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake/fake.h"
#include "../src/kernel/kernel.h"

enum { USER_ASIDS = KERNEL_ASIDS - 1, TABLE = 0x40100000u };

static struct pd pds[KERNEL_ASIDS + 1];
static struct thread threads[2];

static int setup(void **state)
{
	memset(pds, 0, sizeof(pds));
	memset(threads, 0, sizeof(threads));
	return fake_kernel_setup(state);
}

static int teardown(void **state)
{
	fake_kernel_check_invariants(-1);
	return fake_kernel_teardown(state);
}

static uint32_t table(unsigned i) { return TABLE + i * ARCH_TTBR0_ALIGN; }

static void test_create_assigns_distinct_asids_from_1(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(pd_create(&pds[i], table(i)), KERNEL_OK);
		assert_int_equal(pds[i].state, PD_ACTIVE);
		assert_int_equal(pds[i].asid, i + 1);
		assert_int_equal(pds[i].ttbr0_phys, table(i));
		assert_int_equal(pds[i].thread_count, 0);
		/* a new PD's ASID starts without stale translations */
		assert_int_equal(fake_arch.tlb_flush_count[i + 1], 1);
	}
	assert_int_equal(fake_arch.tlb_flushes, 3);
	assert_int_equal(fake_arch.tlb_flush_count[0], 0); /* core's ASID untouched */
	assert_int_equal(kernel.core_pd.asid, 0);
	fake_kernel_check_invariants(3);
}

static void test_create_rejects_zero_or_misaligned_table(void **state)
{
	(void)state;
	const uint32_t bad[] = { 0,
				 4,
				 0x1000,
				 ARCH_TTBR0_ALIGN / 2,
				 TABLE + ARCH_PAGE_SIZE,
				 TABLE + ARCH_TTBR0_ALIGN - 1,
				 0xffffffffu };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(pd_create(&pds[0], bad[i]), KERNEL_INVALID_ARG);
		assert_int_equal(pds[0].state, PD_INVALID);
	}
	assert_int_equal(fake_arch.tlb_flushes, 0);
	fake_kernel_check_invariants(0);
	/* the rejected attempts did not leak an ASID: the first PD still gets 1 */
	assert_int_equal(pd_create(&pds[0], table(0)), KERNEL_OK);
	assert_int_equal(pds[0].asid, 1);
}

static void test_create_twice_is_invalid_state(void **state)
{
	(void)state;
	assert_int_equal(pd_create(&pds[0], table(0)), KERNEL_OK);
	assert_int_equal(pd_create(&pds[0], table(1)), KERNEL_INVALID_STATE);
	assert_int_equal(pds[0].asid, 1);
	assert_int_equal(pds[0].ttbr0_phys, table(0));
	assert_int_equal(fake_arch.tlb_flushes, 1);
	fake_kernel_check_invariants(1);
	/* neither can core's PD be constructed again */
	assert_int_equal(pd_create(&kernel.core_pd, table(1)), KERNEL_INVALID_STATE);
	assert_int_equal(kernel.core_pd.asid, 0);
}

static void test_asid_exhaustion_and_release(void **state)
{
	(void)state;
	for (unsigned i = 0; i < USER_ASIDS; i++) {
		assert_int_equal(pd_create(&pds[i], table(i)), KERNEL_OK);
		assert_int_equal(pds[i].asid, i + 1);
	}
	fake_kernel_check_invariants(USER_ASIDS);

	assert_int_equal(pd_create(&pds[USER_ASIDS], table(USER_ASIDS)), KERNEL_EXHAUSTED);
	assert_int_equal(pds[USER_ASIDS].state, PD_INVALID);
	assert_int_equal(fake_arch.tlb_flushes, USER_ASIDS);

	assert_int_equal(pd_destroy(&pds[100]), KERNEL_OK);
	assert_int_equal(pds[100].state, PD_DESTROYED);
	fake_kernel_check_invariants(USER_ASIDS - 1);

	assert_int_equal(pd_create(&pds[USER_ASIDS], table(USER_ASIDS)), KERNEL_OK);
	assert_int_equal(pds[USER_ASIDS].asid, 101);
	/* flushed when first used, when released and when reused */
	assert_int_equal(fake_arch.tlb_flush_count[101], 3);
	assert_int_equal(pd_create(&pds[USER_ASIDS + 1], table(0)), KERNEL_EXHAUSTED);
	fake_kernel_check_invariants(USER_ASIDS);
}

static void test_destroy_flushes_and_frees_the_asid(void **state)
{
	(void)state;
	assert_int_equal(pd_create(&pds[0], table(0)), KERNEL_OK);
	assert_int_equal(pd_create(&pds[1], table(1)), KERNEL_OK);
	assert_int_equal(pd_destroy(&pds[0]), KERNEL_OK);
	assert_int_equal(pds[0].state, PD_DESTROYED);
	assert_int_equal(fake_arch.tlb_flush_count[1], 2);
	assert_int_equal(fake_arch.tlb_last_asid, 1);
	assert_int_equal(fake_arch.mmu_switches, 0); /* it was not loaded */
	fake_kernel_check_invariants(1);

	/* destroyed memory can hold a PD again; the lowest free ASID is reused */
	assert_int_equal(pd_create(&pds[0], table(2)), KERNEL_OK);
	assert_int_equal(pds[0].asid, 1);
	assert_int_equal(pds[1].asid, 2);
}

static void test_destroy_with_threads_is_invalid_state(void **state)
{
	(void)state;
	assert_int_equal(pd_create(&pds[0], table(0)), KERNEL_OK);
	assert_int_equal(thread_create(&threads[0], &pds[0], 1, "a", fake_utcb()), KERNEL_OK);
	assert_int_equal(thread_create(&threads[1], &pds[0], 1, "b", fake_utcb()), KERNEL_OK);
	assert_int_equal(pds[0].thread_count, 2);

	assert_int_equal(pd_destroy(&pds[0]), KERNEL_INVALID_STATE);
	assert_int_equal(thread_destroy(&threads[0]), KERNEL_OK);
	assert_int_equal(pd_destroy(&pds[0]), KERNEL_INVALID_STATE);
	assert_int_equal(pds[0].state, PD_ACTIVE);
	assert_int_equal(fake_arch.tlb_flush_count[1], 1);
	fake_kernel_check_invariants(1);

	assert_int_equal(thread_destroy(&threads[1]), KERNEL_OK);
	assert_int_equal(pds[0].thread_count, 0);
	assert_int_equal(pd_destroy(&pds[0]), KERNEL_OK);
	fake_kernel_check_invariants(0);
}

static void test_destroy_twice_or_never_created(void **state)
{
	(void)state;
	assert_int_equal(pd_destroy(&pds[1]), KERNEL_INVALID_STATE); /* zeroed memory */
	assert_int_equal(pd_create(&pds[0], table(0)), KERNEL_OK);
	assert_int_equal(pd_destroy(&pds[0]), KERNEL_OK);
	assert_int_equal(pd_destroy(&pds[0]), KERNEL_INVALID_STATE);
	assert_int_equal(pds[0].state, PD_DESTROYED);
	assert_int_equal(fake_arch.tlb_flush_count[1], 2); /* no extra flush */
	fake_kernel_check_invariants(0);
}

static void test_core_pd_cannot_be_destroyed(void **state)
{
	(void)state;
	assert_int_equal(pd_destroy(&kernel.core_pd), KERNEL_INVALID_STATE);
	assert_int_equal(kernel.core_pd.state, PD_ACTIVE);
	assert_int_equal(kernel.core_pd.asid, 0);
	assert_int_equal(kernel.core_pd.thread_count, 2);
	assert_int_equal(fake_arch.tlb_flushes, 0);
	assert_int_equal(fake_arch.halts, 0);
}

static void test_destroy_loaded_pd_switches_to_core(void **state)
{
	(void)state;
	assert_int_equal(pd_create(&pds[0], table(0)), KERNEL_OK);
	kernel.cpus[0].current_pd = &pds[0];
	assert_int_equal(pd_destroy(&pds[0]), KERNEL_OK);
	assert_int_equal(fake_arch.mmu_switches, 1);
	assert_int_equal(fake_arch.mmu_ttbr0, FAKE_CORE_TTBR0);
	assert_int_equal(fake_arch.mmu_asid, 0);
	assert_ptr_equal(kernel.cpus[0].current_pd, &kernel.core_pd);
	assert_int_equal(fake_arch.tlb_flush_count[1], 2);
}

static void test_asid_free_of_core_asid_panics(void **state)
{
	(void)state;
	FAKE_EXPECT_PANIC(kernel_asid_free(0));
	assert_string_equal(fake_uart_text(), "kernel panic: kernel_asid_free: bad ASID\n");
	fake_uart_clear();
	FAKE_EXPECT_PANIC(kernel_asid_free(KERNEL_ASIDS));
	assert_string_equal(fake_uart_text(), "kernel panic: kernel_asid_free: bad ASID\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_assigns_distinct_asids_from_1, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_create_rejects_zero_or_misaligned_table, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_create_twice_is_invalid_state, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_asid_exhaustion_and_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy_flushes_and_frees_the_asid, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_destroy_with_threads_is_invalid_state, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_destroy_twice_or_never_created, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_core_pd_cannot_be_destroyed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy_loaded_pd_switches_to_core, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_asid_free_of_core_asid_panics, setup,
						teardown),
	};
	return cmocka_run_group_tests_name("kernel protection domains", tests, NULL, NULL);
}
