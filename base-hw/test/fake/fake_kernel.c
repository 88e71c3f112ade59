/*
 * Fixture for the kernel tests: resets the fakes and brings `kernel`
 * (defined in kernel.c) into the state kernel_init leaves it in, without
 * running kernel_init, so that every test starts from the same known state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "../../src/kernel/kernel.h"
#include "fake.h"

void fake_reset(void)
{
	memset(&fake_arch, 0, sizeof(fake_arch));
	memset(&fake_board, 0, sizeof(fake_board));
	fake_board.ticks_per_ms = FAKE_TICKS_PER_MS;
	fake_core_reset();
}

int fake_kernel_setup(void **state)
{
	(void)state;
	fake_reset();
	memset(&kernel, 0, sizeof(kernel));
	kernel.ticks_per_ms = FAKE_TICKS_PER_MS;

	sched_init(&kernel.sched, &kernel.idle.share, FAKE_SUPER_PERIOD, FAKE_SLICE);
	pd_create_core(&kernel.core_pd, FAKE_CORE_TTBR0);
	assert_int_equal(thread_create(&kernel.idle, &kernel.core_pd, 0, "idle"), KERNEL_OK);
	assert_int_equal(thread_start(&kernel.idle, 0x1000, 0x2000), KERNEL_OK);
	assert_int_equal(thread_create(&kernel.core_main, &kernel.core_pd, FAKE_CORE_PRIO, "core"),
			 KERNEL_OK);
	assert_int_equal(thread_start(&kernel.core_main, 0x3000, 0x4000), KERNEL_OK);

	assert_ptr_equal(sched_next(&kernel.sched), &kernel.core_main.share);
	kernel.current    = &kernel.core_main;
	kernel.current_pd = &kernel.core_pd;
	assert_false(sched_is_ready(&kernel.idle.share));
	assert_int_equal(kernel.core_pd.thread_count, 2);
	return 0;
}

int fake_kernel_teardown(void **state)
{
	(void)state;
	assert_false(fake_board.uart_overflow);
	assert_false(fake_arch.halt_armed);
	assert_false(fake_arch.exit_armed);
	return 0;
}

void fake_kernel_check_invariants(int live_user_pds)
{
	struct scheduler *s = &kernel.sched;

	for (struct list_node *n = s->fills.head.next; n != &s->fills.head; n = n->next) {
		struct sched_share *sh = container_of(n, struct sched_share, fill_node);
		struct thread *t       = container_of(sh, struct thread, share);
		assert_ptr_equal(n->next->prev, n);
		assert_true(sh->priority < SCHED_PRIORITIES);
		assert_ptr_not_equal(t, &kernel.idle);
		assert_int_equal(t->state, THREAD_ACTIVE);
	}
	for (unsigned p = 0; p < SCHED_PRIORITIES; p++) {
		for (struct list_node *n = s->claims[p].head.next; n != &s->claims[p].head;
		     n                   = n->next) {
			struct sched_share *sh = container_of(n, struct sched_share, claim_node);
			assert_ptr_equal(n->next->prev, n);
			assert_int_equal(sh->priority, p);
			assert_true(sched_is_ready(sh) && sh->claim_left > 0);
		}
	}
	assert_true(s->current == s->idle || sched_is_ready(s->current));

	if (live_user_pds >= 0) {
		int used = 0;
		for (unsigned a = 0; a < KERNEL_ASIDS; a++)
			used += (kernel.asid_used[a / 32] >> (a % 32)) & 1;
		assert_int_equal(used, live_user_pds);
		assert_false(kernel.asid_used[0] & 1); /* ASID 0 is core's, never allocated */
	}
}
