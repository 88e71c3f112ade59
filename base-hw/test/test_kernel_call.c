/*
 * Host tests for the kernel-call interface (base-hw/src/kernel/call.c) and
 * the kernel entry (base-hw/src/kernel/kernel.c): decoding, the core-only
 * rights check, argument checks, blocking pager wait, time accounting,
 * IRQs, faults, the choice of the next thread and kernel_init.
 *
 * Core passes objects as 32-bit handles that the fake arch_core_ptr
 * translates (see fake/include/arch/cpu.h); h() registers an object.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake/fake.h"
#include "../src/kernel/kernel.h"
#include <boot_info.h>
#include <kernel/call_id.h>

enum { USER_TABLE = 0x40200000u, TABLE2 = 0x40300000u };

static struct pd upd;       /* user PD, ASID 1 */
static struct pd pd2;       /* zeroed */
static struct thread u[3];  /* user threads in upd, priority 1; u[0] started */
static struct thread tnew;  /* zeroed */
static struct thread pager; /* core thread, priority 2, created and started */

static uint32_t h(const void *obj) { return fake_core_handle(obj); }

static int setup(void **state)
{
	memset(&upd, 0, sizeof(upd));
	memset(&pd2, 0, sizeof(pd2));
	memset(u, 0, sizeof(u));
	memset(&tnew, 0, sizeof(tnew));
	memset(&pager, 0, sizeof(pager));
	fake_kernel_setup(state);
	assert_int_equal(pd_create(&upd, USER_TABLE), KERNEL_OK);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(thread_create(&u[i], &upd, 1, "user"), KERNEL_OK);
	assert_int_equal(thread_start(&u[0], 0x1000, 0x2000), KERNEL_OK);
	assert_int_equal(thread_create(&pager, &kernel.core_pd, 2, "pager"), KERNEL_OK);
	assert_int_equal(thread_start(&pager, 0x80001000, 0x80002000), KERNEL_OK);
	fake_arch.tlb_flushes = 0;
	return 0;
}

static int teardown(void **state)
{
	fake_kernel_check_invariants(-1);
	return fake_kernel_teardown(state);
}

static void set_call(struct thread *t, uint32_t id, uint32_t a1, uint32_t a2, uint32_t a3,
		     uint32_t a4)
{
	t->regs.r[0]    = id;
	t->regs.r[1]    = a1;
	t->regs.r[2]    = a2;
	t->regs.r[3]    = a3;
	t->regs.r[4]    = a4;
	t->regs.r1_wide = 0xbadbad;
}

/* Dispatch a call of t (as the current thread) and return r0. */
static uint32_t call(struct thread *t, uint32_t id, uint32_t a1, uint32_t a2, uint32_t a3,
		     uint32_t a4)
{
	set_call(t, id, a1, a2, a3, a4);
	kernel.current = t;
	kernel_call_dispatch(t);
	return t->regs.r[0];
}

/* Everything a call could change, to prove that a refused call changed nothing. */
struct snapshot {
	struct kernel k;
	struct pd upd, pd2;
	struct thread u[3], tnew, pager;
	size_t uart_len;
	unsigned tlb_flushes, mmu_switches;
};

static void snap_take(struct snapshot *s)
{
	memcpy(&s->k, &kernel, sizeof(kernel));
	s->upd = upd;
	s->pd2 = pd2;
	memcpy(s->u, u, sizeof(u));
	memcpy(&s->tnew, &tnew, sizeof(tnew));
	memcpy(&s->pager, &pager, sizeof(pager));
	s->uart_len     = fake_board.uart_len;
	s->tlb_flushes  = fake_arch.tlb_flushes;
	s->mmu_switches = fake_arch.mmu_switches;
}

/* Compare with the snapshot, ignoring the result registers of the caller. */
static void snap_check(const struct snapshot *s, struct thread *caller)
{
	struct cpu_regs result        = caller->regs;
	const struct cpu_regs *before = caller == &kernel.core_main ? &s->k.core_main.regs
					: caller == &pager          ? &s->pager.regs
								    : &s->u[caller - u].regs;

	caller->regs.r[0]    = before->r[0];
	caller->regs.r[1]    = before->r[1];
	caller->regs.r1_wide = before->r1_wide;
	assert_memory_equal(&s->k, &kernel, sizeof(kernel));
	assert_memory_equal(&s->upd, &upd, sizeof(upd));
	assert_memory_equal(&s->pd2, &pd2, sizeof(pd2));
	assert_memory_equal(s->u, u, sizeof(u));
	assert_memory_equal(&s->tnew, &tnew, sizeof(tnew));
	assert_memory_equal(&s->pager, &pager, sizeof(pager));
	assert_int_equal(fake_board.uart_len, s->uart_len);
	assert_int_equal(fake_arch.tlb_flushes, s->tlb_flushes);
	assert_int_equal(fake_arch.mmu_switches, s->mmu_switches);
	caller->regs = result;
}

/* ---- decoding and rights ---- */

static void test_unknown_call_ids_are_invalid(void **state)
{
	(void)state;
	const uint32_t ids[]     = { 0, 5, 6, 63, KCALL_CORE_LAST + 1, 100, 0xffff, 0xffffffffu };
	struct thread *callers[] = { &kernel.core_main, &u[0] };
	struct snapshot s;

	for (unsigned c = 0; c < 2; c++) {
		for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
			set_call(callers[c], ids[i], h(&pd2), TABLE2, 0, 0);
			kernel.current = callers[c];
			snap_take(&s);
			kernel_call_dispatch(callers[c]);
			assert_int_equal(callers[c]->regs.r[0], KERNEL_INVALID_CALL);
			assert_int_equal(callers[c]->regs.r[1], 0);
			snap_check(&s, callers[c]);
		}
	}
	assert_int_equal(fake_arch.core_ptr_calls, 0);
	assert_int_equal(pd2.state, PD_INVALID);
}

static void test_core_only_calls_refused_for_user_threads(void **state)
{
	(void)state;
	/* arguments that core could use successfully */
	const uint32_t args[][4] = {
		[KCALL_PD_CREATE - KCALL_CORE_FIRST]        = { h(&pd2), TABLE2, 0, 0 },
		[KCALL_PD_DESTROY - KCALL_CORE_FIRST]       = { h(&pd2), 0, 0, 0 },
		[KCALL_THREAD_CREATE - KCALL_CORE_FIRST]    = { h(&tnew), h(&upd), 1, h("evil") },
		[KCALL_THREAD_DESTROY - KCALL_CORE_FIRST]   = { h(&u[1]), 0, 0, 0 },
		[KCALL_THREAD_START - KCALL_CORE_FIRST]     = { h(&u[1]), 0x1000, 0x2000, 0 },
		[KCALL_THREAD_SET_PAGER - KCALL_CORE_FIRST] = { h(&u[1]), h(&pager), 0, 0 },
		[KCALL_PAGER_WAIT - KCALL_CORE_FIRST]       = { 0, 0, 0, 0 },
	};
	struct snapshot s;

	for (uint32_t id = KCALL_CORE_FIRST; id <= KCALL_CORE_LAST; id++) {
		const uint32_t *a = args[id - KCALL_CORE_FIRST];
		set_call(&u[0], id, a[0], a[1], a[2], a[3]);
		kernel.current = &u[0];
		snap_take(&s);
		kernel_call_dispatch(&u[0]);
		assert_int_equal(u[0].regs.r[0], KERNEL_INVALID_CALL);
		snap_check(&s, &u[0]);
	}
	assert_int_equal(fake_arch.core_ptr_calls, 0); /* refused before reading anything */
	assert_int_equal(u[0].state, THREAD_ACTIVE);
	assert_int_equal(u[1].state, THREAD_CREATED);
	assert_null(u[1].pager);
	assert_int_equal(pd2.state, PD_INVALID);
}

static void test_core_calls_reject_null_and_misaligned_objects(void **state)
{
	(void)state;
	const uint32_t bad[] = { 0, h(&u[1]) + 1, h(&u[1]) + 2, h(&u[1]) + 3, 2, 0xffffffffu };
	struct snapshot s;

	for (uint32_t id = KCALL_CORE_FIRST; id < KCALL_PAGER_WAIT; id++) {
		for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			set_call(&kernel.core_main, id, bad[i], h(&upd), 1, 0);
			kernel.current = &kernel.core_main;
			snap_take(&s);
			kernel_call_dispatch(&kernel.core_main);
			assert_int_equal(kernel.core_main.regs.r[0], KERNEL_INVALID_ARG);
			snap_check(&s, &kernel.core_main);
		}
	}
	/* the second object of THREAD_CREATE and THREAD_SET_PAGER too */
	for (unsigned i = 1; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(
		    call(&kernel.core_main, KCALL_THREAD_CREATE, h(&tnew), bad[i], 1, 0),
		    KERNEL_INVALID_ARG);
		assert_int_equal(
		    call(&kernel.core_main, KCALL_THREAD_SET_PAGER, h(&u[1]), bad[i], 0, 0),
		    KERNEL_INVALID_ARG);
	}
	assert_int_equal(call(&kernel.core_main, KCALL_THREAD_CREATE, h(&tnew), 0, 1, 0),
			 KERNEL_INVALID_ARG);
	assert_int_equal(tnew.state, THREAD_INVALID);
	assert_null(u[1].pager);
	assert_int_equal(fake_arch.core_ptr_calls, 0);
}

/* ---- common calls ---- */

static void test_print_works_for_any_thread(void **state)
{
	(void)state;
	const char *msg = "hi\n";
	for (const char *p = msg; *p; p++) {
		assert_int_equal(call(&u[0], KCALL_PRINT, (uint8_t)*p, 0, 0, 0), KERNEL_OK);
		assert_int_equal(u[0].regs.r[1], 0);
		assert_int_equal(call(&kernel.core_main, KCALL_PRINT, (uint8_t)*p, 0, 0, 0),
				 KERNEL_OK);
	}
	assert_string_equal(fake_uart_text(), "hi\nhi\n");
	/* only the low byte is the character */
	assert_int_equal(call(&u[0], KCALL_PRINT, 0x100 | 'x', 0, 0, 0), KERNEL_OK);
	assert_int_equal(call(&u[0], KCALL_PRINT, '\n', 0, 0, 0), KERNEL_OK);
	assert_string_equal(fake_uart_text(), "hi\nhi\nx\n");
}

static void test_yield_works_for_any_thread(void **state)
{
	(void)state;
	struct scheduler *s = &kernel.sched;

	assert_int_equal(thread_start(&u[1], 0x1000, 0x3000), KERNEL_OK);
	u[0].share.slice_left = 3;
	assert_int_equal(call(&u[0], KCALL_THREAD_YIELD, 0, 0, 0, 0), KERNEL_OK);
	assert_int_equal(u[0].share.slice_left, FAKE_SLICE);
	assert_ptr_equal(list_first(&s->ready[1]), &u[1].share.node);
	assert_ptr_equal(s->ready[1].head.prev, &u[0].share.node);
	assert_int_equal(u[0].state, THREAD_ACTIVE);

	kernel.core_main.share.slice_left = 1;
	assert_int_equal(call(&kernel.core_main, KCALL_THREAD_YIELD, 0, 0, 0, 0), KERNEL_OK);
	assert_int_equal(kernel.core_main.share.slice_left, FAKE_SLICE);
	assert_ptr_equal(sched_next(s), &kernel.core_main.share); /* alone at its priority */
}

static void test_time_works_for_any_thread(void **state)
{
	(void)state;
	fake_board.ticks = 5000000123ull; /* 1 tick per us */
	assert_int_equal(call(&u[0], KCALL_TIME, 0, 0, 0, 0), (uint32_t)5000000123ull);
	assert_int_equal(u[0].regs.r[1], 1);
	assert_int_equal(call(&kernel.core_main, KCALL_TIME, 0, 0, 0, 0), (uint32_t)5000000123ull);
	assert_int_equal(kernel.core_main.regs.r[1], 1);

	kernel.ticks_per_ms = 62500; /* 62.5 MHz */
	fake_board.ticks    = 62500ull * 3000;
	assert_int_equal(call(&u[0], KCALL_TIME, 0, 0, 0, 0), 3000000);
	assert_int_equal(u[0].regs.r[1], 0);
}

static void test_thread_exit_call_marks_exited(void **state)
{
	(void)state;
	assert_int_equal(thread_set_pager(&u[0], &pager), KERNEL_OK);
	set_call(&u[0], KCALL_THREAD_EXIT, (uint32_t)-3, 0, 0, 0);
	kernel.current = &u[0];
	kernel_call_dispatch(&u[0]);
	assert_int_equal(u[0].state, THREAD_EXITED);
	assert_int_equal(u[0].event, THREAD_EVENT_EXIT);
	assert_int_equal(u[0].exit_code, -3);
	assert_false(sched_is_ready(&u[0].share));
	assert_ptr_equal(thread_pager_wait(&pager), &u[0]);
	kernel.current = &kernel.core_main;
}

/* ---- core calls ---- */

static void test_core_calls_build_and_tear_down(void **state)
{
	(void)state;
	struct thread *core = &kernel.core_main;

	assert_int_equal(call(core, KCALL_PD_CREATE, h(&pd2), TABLE2, 0, 0), KERNEL_OK);
	assert_int_equal(pd2.state, PD_ACTIVE);
	assert_int_equal(pd2.asid, 2);
	assert_int_equal(call(core, KCALL_THREAD_CREATE, h(&tnew), h(&pd2), 2, h("worker")),
			 KERNEL_OK);
	assert_string_equal(tnew.name, "worker");
	assert_int_equal(pd2.thread_count, 1);
	assert_int_equal(call(core, KCALL_THREAD_SET_PAGER, h(&tnew), h(&pager), 0, 0), KERNEL_OK);
	assert_ptr_equal(tnew.pager, &pager);
	assert_int_equal(call(core, KCALL_THREAD_START, h(&tnew), 0x4001, 0x5000, 0), KERNEL_OK);
	assert_int_equal(tnew.state, THREAD_ACTIVE);
	assert_int_equal(tnew.regs.pc, 0x4000);
	assert_true(sched_is_ready(&tnew.share));

	/* teardown in the wrong order is refused */
	assert_int_equal(call(core, KCALL_PD_DESTROY, h(&pd2), 0, 0, 0), KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_THREAD_DESTROY, h(&pager), 0, 0, 0),
			 KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_THREAD_DESTROY, h(&tnew), 0, 0, 0), KERNEL_OK);
	assert_int_equal(pager.pager_refs, 0);
	assert_int_equal(call(core, KCALL_PD_DESTROY, h(&pd2), 0, 0, 0), KERNEL_OK);
	assert_int_equal(pd2.state, PD_DESTROYED);
	assert_int_equal(call(core, KCALL_THREAD_DESTROY, h(&pager), 0, 0, 0), KERNEL_OK);
	/* the name may be absent */
	assert_int_equal(call(core, KCALL_THREAD_CREATE, h(&tnew), h(&upd), 0, 0), KERNEL_OK);
	assert_string_equal(tnew.name, "");
}

static void test_core_call_errors_are_returned(void **state)
{
	(void)state;
	struct thread *core = &kernel.core_main;

	assert_int_equal(call(core, KCALL_PD_CREATE, h(&pd2), TABLE2 + 4, 0, 0),
			 KERNEL_INVALID_ARG);
	assert_int_equal(call(core, KCALL_PD_CREATE, h(&upd), TABLE2, 0, 0), KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_PD_DESTROY, h(&kernel.core_pd), 0, 0, 0),
			 KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_THREAD_CREATE, h(&tnew), h(&upd), SCHED_PRIORITIES, 0),
			 KERNEL_INVALID_ARG);
	assert_int_equal(call(core, KCALL_THREAD_CREATE, h(&tnew), h(&pd2), 0, 0),
			 KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_THREAD_START, h(&u[0]), 0, 0, 0), KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_THREAD_SET_PAGER, h(&u[1]), h(&u[2]), 0, 0),
			 KERNEL_INVALID_ARG); /* not a core thread */
	assert_int_equal(call(core, KCALL_THREAD_DESTROY, h(core), 0, 0, 0), KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_THREAD_DESTROY, h(&kernel.idle), 0, 0, 0),
			 KERNEL_INVALID_STATE);
	assert_int_equal(tnew.state, THREAD_INVALID);
	assert_null(u[1].pager);
	assert_int_equal(core->state, THREAD_ACTIVE);
	/* a null pager clears it */
	assert_int_equal(call(core, KCALL_THREAD_SET_PAGER, h(&u[1]), h(&pager), 0, 0), KERNEL_OK);
	assert_int_equal(call(core, KCALL_THREAD_SET_PAGER, h(&u[1]), 0, 0, 0), KERNEL_OK);
	assert_null(u[1].pager);
	assert_int_equal(pager.pager_refs, 0);
}

static void test_pager_wait_without_event_blocks(void **state)
{
	(void)state;
	assert_int_equal(thread_set_pager(&u[0], &pager), KERNEL_OK);
	set_call(&pager, KCALL_PAGER_WAIT, 0, 0, 0, 0);
	kernel.current = &pager;
	kernel_call_dispatch(&pager);
	assert_int_equal(pager.state, THREAD_AWAITS_EVENT);
	assert_false(sched_is_ready(&pager.share));
	assert_int_equal(pager.regs.r[0], KCALL_PAGER_WAIT); /* no result yet */
	assert_int_equal(pager.regs.r1_wide, 0xbadbad);

	kernel.current       = &u[0];
	const struct fault f = { .type = FAULT_EXEC, .ip = 0x1234, .addr = 0x1234 };
	thread_fault(&u[0], &f);
	assert_int_equal(pager.state, THREAD_ACTIVE);
	assert_int_equal(pager.regs.r[0], KERNEL_OK);
	assert_int_equal(pager.regs.r1_wide, (uintptr_t)&u[0]);
	assert_int_equal(pager.regs.r[1], (uint32_t)(uintptr_t)&u[0]);
	kernel.current = &kernel.core_main;
}

static void test_pager_wait_returns_queued_event(void **state)
{
	(void)state;
	assert_int_equal(thread_set_pager(&u[0], &pager), KERNEL_OK);
	thread_exit(&u[0], 9);
	assert_int_equal(call(&pager, KCALL_PAGER_WAIT, 0, 0, 0, 0), KERNEL_OK);
	assert_int_equal(pager.regs.r1_wide, (uintptr_t)&u[0]);
	assert_int_equal(pager.state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&pager.share));
	assert_true(list_empty(&pager.events));
	kernel.current = &kernel.core_main;
}

/* ---- kernel entry ---- */

static void test_entry_call_accounts_time_and_resumes_caller(void **state)
{
	(void)state;
	kernel.last_ticks = 1000;
	fake_board.ticks  = 1004;
	set_call(&kernel.core_main, KCALL_TIME, 0, 0, 0, 0);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_CALL));

	assert_int_equal(kernel.core_main.share.consumed, 4);
	assert_int_equal(kernel.core_main.share.slice_left, FAKE_SLICE - 4);
	assert_int_equal(kernel.last_ticks, 1004);
	assert_int_equal(kernel.core_main.regs.r[0], 1004); /* us at 1 tick per us */
	assert_int_equal(kernel.core_main.regs.r[1], 0);
	assert_ptr_equal(fake_arch.exit_regs, &kernel.core_main.regs);
	assert_ptr_equal(kernel.current, &kernel.core_main);
	assert_int_equal(fake_board.timer_slice, FAKE_SLICE - 4);
	assert_int_equal(fake_arch.mmu_switches, 0); /* core's table stays loaded */
}

static void test_entry_slice_expiry_switches_thread_and_space(void **state)
{
	(void)state;
	struct thread *v = &u[1];

	assert_int_equal(thread_destroy(v), KERNEL_OK);
	assert_int_equal(thread_create(v, &upd, FAKE_CORE_PRIO, "peer"), KERNEL_OK);
	assert_int_equal(thread_start(v, 0x1000, 0x2000), KERNEL_OK);

	kernel.last_ticks = 0;
	fake_board.ticks  = FAKE_SLICE;
	fake_pic_raise(FAKE_TIMER_IRQ);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ));
	assert_ptr_equal(kernel.current, v);
	assert_ptr_equal(fake_arch.exit_regs, &v->regs);
	assert_ptr_equal(kernel.current_pd, &upd);
	assert_int_equal(fake_arch.mmu_switches, 1);
	assert_int_equal(fake_arch.mmu_ttbr0, USER_TABLE);
	assert_int_equal(fake_arch.mmu_asid, 1);
	assert_int_equal(fake_board.timer_slice, FAKE_SLICE);
	assert_int_equal(fake_board.finishes, 1);
	assert_int_equal(fake_board.last_finished, FAKE_TIMER_IRQ);
	assert_false(fake_board.masked[FAKE_TIMER_IRQ]);
	assert_string_equal(fake_uart_text(), "");

	fake_board.ticks += FAKE_SLICE;
	fake_pic_raise(FAKE_TIMER_IRQ);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ));
	assert_ptr_equal(kernel.current, &kernel.core_main);
	assert_int_equal(fake_arch.mmu_switches, 2);
	assert_int_equal(fake_arch.mmu_ttbr0, FAKE_CORE_TTBR0);
	assert_int_equal(fake_arch.mmu_asid, 0);
	assert_int_equal(v->share.consumed, FAKE_SLICE);
	assert_int_equal(kernel.core_main.share.consumed, FAKE_SLICE);
}

static void test_entry_unexpected_and_spurious_irqs(void **state)
{
	(void)state;
	fake_pic_raise(77);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ));
	assert_true(fake_board.masked[77]);
	assert_int_equal(fake_board.last_finished, 77);
	assert_string_equal(fake_uart_text(), "kernel: unexpected IRQ 77 masked\n");
	assert_ptr_equal(kernel.current, &kernel.core_main);

	/* spurious: nothing taken, nothing finished */
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ));
	assert_int_equal(fake_board.finishes, 1);
	assert_ptr_equal(fake_arch.exit_regs, &kernel.core_main.regs);
}

static void test_entry_user_fault_wakes_blocked_pager(void **state)
{
	(void)state;
	struct thread *core = &kernel.core_main;

	assert_int_equal(thread_destroy(&pager), KERNEL_OK);
	assert_int_equal(thread_set_pager(&u[0], core), KERNEL_OK);
	set_call(core, KCALL_PAGER_WAIT, 0, 0, 0, 0);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_CALL));
	assert_int_equal(core->state, THREAD_AWAITS_EVENT);
	assert_ptr_equal(kernel.current, &u[0]); /* the only one ready */
	assert_ptr_equal(kernel.current_pd, &upd);

	fake_arch.next_fault = (struct fault){ .type   = FAULT_WRITE,
					       .cause  = FAULT_CAUSE_TRANSLATION,
					       .ip     = 0x1010,
					       .addr   = 0x9000,
					       .status = 0x805 };
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_FAULT + 2));
	assert_int_equal(fake_arch.decode_code, KERNEL_ENTRY_FAULT + 2);
	assert_int_equal(u[0].state, THREAD_FAULTED);
	assert_int_equal(u[0].fault.addr, 0x9000);
	assert_int_equal(core->state, THREAD_ACTIVE);
	assert_int_equal(core->regs.r[0], KERNEL_OK);
	assert_int_equal(core->regs.r1_wide, (uintptr_t)&u[0]);
	assert_ptr_equal(kernel.current, core);
	assert_ptr_equal(kernel.current_pd, &kernel.core_pd);
	assert_int_equal(fake_arch.mmu_asid, 0);
	assert_string_equal(fake_uart_text(), "");
}

static void test_entry_idle_when_nobody_is_ready(void **state)
{
	(void)state;
	assert_int_equal(thread_destroy(&u[0]), KERNEL_OK);
	assert_int_equal(thread_destroy(&pager), KERNEL_OK);
	set_call(&kernel.core_main, KCALL_PAGER_WAIT, 0, 0, 0, 0);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_CALL));
	assert_ptr_equal(kernel.current, &kernel.idle);
	assert_ptr_equal(fake_arch.exit_regs, &kernel.idle.regs);
	assert_int_equal(fake_board.timer_slice, 1000 * FAKE_TICKS_PER_MS); /* idle timeout */

	kernel.last_ticks = 0;
	fake_board.ticks  = 5000;
	fake_pic_raise(FAKE_TIMER_IRQ);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ));
	assert_ptr_equal(kernel.current, &kernel.idle);
	assert_int_equal(kernel.idle.share.consumed, 5000);
	assert_int_equal(kernel.core_main.share.consumed, 0);
}

static void test_entry_fault_in_core_panics(void **state)
{
	(void)state;
	fake_arch.next_fault =
	    (struct fault){ .type = FAULT_READ, .ip = 0x80001234, .addr = 0x10, .status = 0x805 };
	FAKE_EXPECT_PANIC(kernel_entry(KERNEL_ENTRY_FAULT));
	assert_string_equal(fake_uart_text(),
			    "kernel: core thread \"core\": read fault at ip=0x80001234 "
			    "addr=0x00000010 status=805\nkernel panic: fault in core\n");
	assert_int_equal(fake_arch.exits, 0);
}

static void test_entry_bad_entries_panic(void **state)
{
	(void)state;
	kernel.last_ticks               = 7;
	fake_board.ticks                = 20;
	kernel.core_main.regs.in_kernel = true;
	FAKE_EXPECT_PANIC(kernel_entry(KERNEL_ENTRY_CALL));
	assert_string_equal(fake_uart_text(), "kernel panic: exception taken in kernel mode\n");
	assert_int_equal(kernel.last_ticks, 7); /* checked before anything else */
	kernel.core_main.regs.in_kernel = false;

	fake_uart_clear();
	FAKE_EXPECT_PANIC(kernel_entry(KERNEL_ENTRY_UNEXPECTED));
	assert_string_equal(fake_uart_text(), "kernel panic: unexpected exception vector\n");
	assert_int_equal(fake_arch.exits, 0);
}

static void test_kernel_init_starts_core(void **state)
{
	(void)state;
	const struct boot_info bi = { .core_ttbr0_phys = 0x40008000u };

	fake_reset();
	memset(&kernel, 0, sizeof(kernel));
	fake_board.ticks                  = 777;
	fake_board.masked[FAKE_TIMER_IRQ] = true;
	FAKE_RUN_KERNEL(kernel_init(&bi));

	assert_int_equal(fake_board.pic_inits, 1);
	assert_int_equal(fake_board.timer_inits, 1);
	assert_int_equal(kernel.ticks_per_ms, FAKE_TICKS_PER_MS);
	assert_int_equal(kernel.core_pd.state, PD_ACTIVE);
	assert_int_equal(kernel.core_pd.asid, 0);
	assert_int_equal(kernel.core_pd.thread_count, 2);
	assert_int_equal(fake_arch.mmu_inits, 1);
	assert_int_equal(fake_arch.mmu_init_ttbr0, 0x40008000u);

	assert_int_equal(kernel.idle.state, THREAD_ACTIVE);
	assert_false(sched_is_ready(&kernel.idle.share));
	assert_true(kernel.idle.regs.privileged);
	assert_string_equal(kernel.idle.name, "idle");
	assert_int_equal(kernel.core_main.state, THREAD_ACTIVE);
	assert_int_equal(kernel.core_main.share.priority, SCHED_PRIORITIES - 1);
	assert_true(kernel.core_main.regs.privileged);
	assert_string_equal(kernel.core_main.name, "core");
	assert_int_equal(kernel.core_main.regs.r[0], (uint32_t)(uintptr_t)&bi);

	/* first exit: core's thread with core's table and a full slice */
	assert_ptr_equal(kernel.current, &kernel.core_main);
	assert_ptr_equal(fake_arch.exit_regs, &kernel.core_main.regs);
	assert_ptr_equal(kernel.current_pd, &kernel.core_pd);
	assert_int_equal(fake_arch.mmu_switches, 1);
	assert_int_equal(fake_arch.mmu_ttbr0, 0x40008000u);
	assert_int_equal(fake_arch.mmu_asid, 0);
	assert_int_equal(kernel.sched.slice, 10 * FAKE_TICKS_PER_MS);
	assert_int_equal(fake_board.timer_slice, 10 * FAKE_TICKS_PER_MS);
	assert_int_equal(kernel.last_ticks, 777);
	assert_false(fake_board.masked[FAKE_TIMER_IRQ]);
	assert_string_equal(fake_uart_text(), "kernel initialized\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unknown_call_ids_are_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_core_only_calls_refused_for_user_threads,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_core_calls_reject_null_and_misaligned_objects,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_works_for_any_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_yield_works_for_any_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_works_for_any_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thread_exit_call_marks_exited, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_core_calls_build_and_tear_down, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_core_call_errors_are_returned, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pager_wait_without_event_blocks, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pager_wait_returns_queued_event, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_entry_call_accounts_time_and_resumes_caller,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_slice_expiry_switches_thread_and_space,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_unexpected_and_spurious_irqs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_entry_user_fault_wakes_blocked_pager, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_entry_idle_when_nobody_is_ready, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_entry_fault_in_core_panics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_bad_entries_panic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kernel_init_starts_core, setup, teardown),
	};
	return cmocka_run_group_tests_name("kernel calls and entry", tests, NULL, NULL);
}
