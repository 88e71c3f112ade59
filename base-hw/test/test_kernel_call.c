/*
 * Host tests for the kernel-call interface (base-hw/src/kernel/call.c) and
 * the kernel entry (base-hw/src/kernel/kernel.c): decoding, the core-only
 * rights check, argument checks, capability arguments of the common calls,
 * thread stop/restart, time accounting, IRQs, faults signalled to the
 * pager, the choice of the next thread and kernel_init.
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
#include "../src/kernel/core_interface.h"
#include "../src/kernel/signal.h"
#include "../src/kernel/trace.h"
#include <boot_info.h>
#include <kernel/call_id.h>

enum { USER_TABLE = 0x40200000u, TABLE2 = 0x40300000u };

/*
 * Every object a test may touch, in one place, so that a snapshot can prove
 * that a refused call changed nothing.
 *
 * After setup: upd (ASID 1) with one slab of names; u[0] started, u[1] and
 * u[2] created (priority 1), all in upd; the core thread `pager` (priority
 * 2) started; the pager receiver prcv with the context pctx (imprint 0x77);
 * pd2, tnew, rcv2, ctx2, ident, irq zeroed. upd names: ID_U1 (thread
 * u[1]), ID_RCV (prcv), ID_CTX (pctx), ID_DEAD (an identity of u[1]
 * that was destroyed), ID_RESERVED (set aside for u[2]); ID_FREE and up
 * are free; ID_BEYOND lies past the slab.
 */
struct world {
	struct utcb utcb[5]; /* u[0..2], tnew, pager */
	struct pd upd, pd2;
	struct thread u[3], tnew, pager;
	struct sig_receiver prcv, rcv2;
	struct sig_context pctx, ctx2;
	struct identity id_u1, id_rcv, id_ctx, id_dead, ident;
	struct irq irq;
	struct cpu_regs regs_out;
	struct cap_slab slab, slab2;
	uint8_t trace[TRACE_RING_HEADER + 4 * sizeof(struct trace_record)]
	    __attribute__((aligned(8)));
};

enum {
	ID_U1         = 1,
	ID_RCV        = 2,
	ID_CTX        = 3,
	ID_DEAD       = 4,
	ID_RESERVED   = 5,
	ID_FREE       = 6,
	ID_BEYOND     = CAP_SLAB_NAMES,
	PAGER_IMPRINT = 0x77,
};

static struct world w __attribute__((aligned(UTCB_SIZE)));

static uint32_t h(const void *obj) { return fake_core_handle(obj); }

static int setup(void **state)
{
	memset(&w, 0, sizeof(w));
	fake_kernel_setup(state);
	assert_int_equal(pd_create(&w.upd, USER_TABLE), KERNEL_OK);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(thread_create(&w.u[i], &w.upd, 1, "user", &w.utcb[i]), KERNEL_OK);
	assert_int_equal(thread_start(&w.u[0], 0x1000, 0x2000), KERNEL_OK);
	assert_int_equal(thread_create(&w.pager, &kernel.core_pd, 2, "pager", &w.utcb[4]),
			 KERNEL_OK);
	assert_int_equal(thread_start(&w.pager, 0x80001000, 0x80002000), KERNEL_OK);
	assert_int_equal(sig_receiver_create(&w.prcv), KERNEL_OK);
	assert_int_equal(sig_context_create(&w.pctx, &w.prcv, PAGER_IMPRINT), KERNEL_OK);

	assert_int_equal(cap_slab_add(&w.upd.caps, &w.slab), KERNEL_OK);
	assert_int_equal(identity_create(&w.id_u1, &w.u[1].kobj), KERNEL_OK);
	assert_int_equal(identity_create(&w.id_rcv, &w.prcv.kobj), KERNEL_OK);
	assert_int_equal(identity_create(&w.id_ctx, &w.pctx.kobj), KERNEL_OK);
	assert_int_equal(identity_create(&w.id_dead, &w.u[1].kobj), KERNEL_OK);
	assert_int_equal(fake_name(&w.upd, &w.id_u1), ID_U1);
	assert_int_equal(fake_name(&w.upd, &w.id_rcv), ID_RCV);
	assert_int_equal(fake_name(&w.upd, &w.id_ctx), ID_CTX);
	assert_int_equal(fake_name(&w.upd, &w.id_dead), ID_DEAD);
	assert_int_equal(identity_destroy(&w.id_dead), KERNEL_OK);
	assert_int_equal(cap_reserve(&w.upd.caps, &w.u[2].rcv_reserved, 1), KERNEL_OK);
	w.u[2].rcv_reserved_count = 1; /* as ipc.c counts the names it reserves */
	assert_int_equal(container_of(list_first(&w.u[2].rcv_reserved), struct cap_name, node)->id,
			 ID_RESERVED);
	fake_arch.tlb_flushes = 0;
	return 0;
}

static int teardown(void **state)
{
	fake_kernel_check_invariants(-1);
	for (unsigned i = 0; i < 3; i++)
		fake_check_thread(&w.u[i]);
	fake_check_thread(&w.pager);
	fake_check_thread(&w.tnew);
	if (w.upd.state == PD_ACTIVE)
		fake_check_caps(&w.upd);
	return fake_kernel_teardown(state);
}

static void set_call(struct thread *t, uint32_t id, uint32_t a1, uint32_t a2, uint32_t a3,
		     uint32_t a4, uint32_t a5)
{
	t->regs.r[0]    = id;
	t->regs.r[1]    = a1;
	t->regs.r[2]    = a2;
	t->regs.r[3]    = a3;
	t->regs.r[4]    = a4;
	t->regs.r[5]    = a5;
	t->regs.r1_wide = 0xbadbad;
}

/* Dispatch a call of t (as the current thread) and return r0; core's main
 * thread is the current thread again afterwards. */
static uint32_t call5(struct thread *t, uint32_t id, uint32_t a1, uint32_t a2, uint32_t a3,
		      uint32_t a4, uint32_t a5)
{
	set_call(t, id, a1, a2, a3, a4, a5);
	kernel.cpus[0].current = t;
	kernel_call_dispatch(t);
	kernel.cpus[0].current = &kernel.core_main;
	return t->regs.r[0];
}

static uint32_t call(struct thread *t, uint32_t id, uint32_t a1, uint32_t a2, uint32_t a3,
		     uint32_t a4)
{
	return call5(t, id, a1, a2, a3, a4, 0);
}

/* Everything a call could change, to prove that a refused call changed nothing. */
struct snapshot {
	struct kernel k;
	struct world w;
	struct utcb core_utcb;
	size_t uart_len;
	unsigned tlb_flushes, mmu_switches, masks, unmasks;
};

static struct snapshot snap;

static void snap_take(void)
{
	memcpy(&snap.k, &kernel, sizeof(kernel));
	memcpy(&snap.w, &w, sizeof(w));
	memcpy(&snap.core_utcb, &core_main_utcb, sizeof(core_main_utcb));
	snap.uart_len     = fake_board.uart_len;
	snap.tlb_flushes  = fake_arch.tlb_flushes;
	snap.mmu_switches = fake_arch.mmu_switches;
	snap.masks        = fake_board.masks;
	snap.unmasks      = fake_board.unmasks;
}

/* Compare with the snapshot, ignoring the result registers of the caller. */
static void snap_check(struct thread *caller)
{
	struct cpu_regs result        = caller->regs;
	const struct cpu_regs *before = caller == &kernel.core_main ? &snap.k.core_main.regs
					: caller == &w.pager        ? &snap.w.pager.regs
					: caller == &w.tnew         ? &snap.w.tnew.regs
								    : &snap.w.u[caller - w.u].regs;

	caller->regs.r[0]    = before->r[0];
	caller->regs.r[1]    = before->r[1];
	caller->regs.r1_wide = before->r1_wide;
	assert_memory_equal(&snap.k, &kernel, sizeof(kernel));
	assert_memory_equal(&snap.w, &w, sizeof(w));
	assert_memory_equal(&snap.core_utcb, &core_main_utcb, sizeof(core_main_utcb));
	assert_int_equal(fake_board.uart_len, snap.uart_len);
	assert_int_equal(fake_arch.tlb_flushes, snap.tlb_flushes);
	assert_int_equal(fake_arch.mmu_switches, snap.mmu_switches);
	assert_int_equal(fake_board.masks, snap.masks);
	assert_int_equal(fake_board.unmasks, snap.unmasks);
	caller->regs = result;
}

/* Dispatch with a snapshot around it: the call must fail with `expect`
 * and change nothing but the caller's result registers. */
static void call_refused(struct thread *t, uint32_t id, uint32_t a1, uint32_t a2, uint32_t a3,
			 uint32_t expect)
{
	set_call(t, id, a1, a2, a3, 0, 0);
	kernel.cpus[0].current = t;
	snap_take();
	kernel_call_dispatch(t);
	if (t->regs.r[0] != expect)
		fail_msg("call %u (0x%x, 0x%x, 0x%x): result %u, expected %u", id, a1, a2, a3,
			 t->regs.r[0], expect);
	snap_check(t);
	kernel.cpus[0].current = &kernel.core_main;
}

/* ---- the trace ---- */

static void test_trace_start_once_then_records(void **state)
{
	(void)state;
	const struct trace_ring *r = (const struct trace_ring *)w.trace;
	struct thread *core        = &kernel.core_main;

	/* rings that hold no whole record, or for other CPUs than there are */
	call_refused(core, KCALL_TRACE_START, h(w.trace), TRACE_RING_HEADER, 1, KERNEL_INVALID_ARG);
	call_refused(core, KCALL_TRACE_START, h(w.trace), sizeof(w.trace) - 4, 1,
		     KERNEL_INVALID_ARG);
	call_refused(core, KCALL_TRACE_START, h(w.trace), sizeof(w.trace), 2, KERNEL_INVALID_ARG);
	set_call(core, KCALL_TRACE_START, h(w.trace), sizeof(w.trace), 1, 2, 0); /* unknown flag */
	snap_take();
	kernel_call_dispatch(core);
	assert_int_equal(core->regs.r[0], KERNEL_INVALID_ARG);
	snap_check(core);
	assert_int_equal(fake_arch.trace_patches, 0);
	assert_int_equal(call(core, KCALL_TRACE_START, h(w.trace), sizeof(w.trace), 1, TRACE_ONCE),
			 KERNEL_OK);
	assert_int_equal(fake_arch.trace_patches, 1);
	assert_int_equal(r->count, 4);
	assert_int_equal(r->ticks_per_ms, kernel.ticks_per_ms);
	assert_int_equal(r->flags, TRACE_ONCE);
	/* once: the patched code stays */
	call_refused(core, KCALL_TRACE_START, h(w.trace), sizeof(w.trace), 1, KERNEL_INVALID_STATE);
	assert_int_equal(fake_arch.trace_patches, 1);

	/* TRACE_ONCE: the first records stay, the ring does not wrap */
	for (unsigned i = 0; i < 6; i++)
		trace_exit(&w.u[i % 3].regs);
	assert_int_equal(r->written, 4);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(r->rec[i].thread, (uint32_t)(uintptr_t)&w.u[i % 3]);

	/* without it (the flag lives in the ring core shares): an exit record
	 * per exit, the ring wrapping around */
	((struct trace_ring *)w.trace)->flags = 0;
	for (unsigned i = 4; i < 10; i++)
		trace_exit(&w.u[i % 3].regs);
	assert_int_equal(r->written, 10);
	for (unsigned i = 6; i < 10; i++) {
		const struct trace_record *e = &r->rec[i % 4];
		assert_int_equal(e->type, TRACE_EXIT);
		assert_int_equal(e->thread, (uint32_t)(uintptr_t)&w.u[i % 3]);
		assert_int_equal(e->arg[0],
				 (uint32_t)(uintptr_t)container_of(kernel.cpus[0].sched.current,
								   struct thread, share));
	}
}

/* ---- decoding and rights ---- */

static void test_unknown_call_ids_are_invalid(void **state)
{
	(void)state;
	const uint32_t ids[] = {
		0, KCALL_COMMON_LAST + 1, 63, KCALL_CORE_LAST + 1, 100, 0xffff, 0xffffffffu
	};
	struct thread *callers[] = { &kernel.core_main, &w.u[0] };

	for (unsigned c = 0; c < 2; c++) {
		for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
			call_refused(callers[c], ids[i], h(&w.pd2), TABLE2, 0, KERNEL_INVALID_CALL);
			assert_int_equal(callers[c]->regs.r[1], 0);
		}
	}
	assert_int_equal(fake_arch.core_ptr_calls, 0);
	assert_int_equal(w.pd2.state, PD_INVALID);
}

static void test_core_only_calls_refused_for_user_threads(void **state)
{
	(void)state;
	/* arguments that core could use successfully */
	const uint32_t args[][5] = {
		[KCALL_PD_CREATE - KCALL_CORE_FIRST]   = { h(&w.pd2), TABLE2 },
		[KCALL_PD_DESTROY - KCALL_CORE_FIRST]  = { h(&w.upd) },
		[KCALL_PD_CAP_SLAB - KCALL_CORE_FIRST] = { h(&w.upd), h(&w.slab2) },
		[KCALL_THREAD_CREATE -
		    KCALL_CORE_FIRST] = { h(&w.tnew), h(&w.upd), 1, h("evil"), h(&w.utcb[3]) },
		[KCALL_THREAD_DESTROY - KCALL_CORE_FIRST]       = { h(&w.u[1]) },
		[KCALL_THREAD_START - KCALL_CORE_FIRST]         = { h(&w.u[1]), 0x1000, 0x2000 },
		[KCALL_THREAD_PAUSE - KCALL_CORE_FIRST]         = { h(&w.u[0]) },
		[KCALL_THREAD_RESUME - KCALL_CORE_FIRST]        = { h(&w.u[0]) },
		[KCALL_THREAD_PAGER - KCALL_CORE_FIRST]         = { h(&w.u[1]), h(&w.pctx) },
		[KCALL_THREAD_PAGER_ACK - KCALL_CORE_FIRST]     = { h(&w.u[1]), 1 },
		[KCALL_THREAD_REGS - KCALL_CORE_FIRST]          = { h(&w.u[0]), h(&w.regs_out) },
		[KCALL_THREAD_QUOTA - KCALL_CORE_FIRST]         = { h(&w.u[0]), 100 },
		[KCALL_OBJ_CREATE - KCALL_CORE_FIRST]           = { h(&w.ident), h(&w.u[0].kobj) },
		[KCALL_OBJ_DESTROY - KCALL_CORE_FIRST]          = { h(&w.id_u1) },
		[KCALL_CAP_INSERT - KCALL_CORE_FIRST]           = { h(&w.upd), h(&w.id_u1) },
		[KCALL_SIG_RECEIVER_CREATE - KCALL_CORE_FIRST]  = { h(&w.rcv2) },
		[KCALL_SIG_RECEIVER_DESTROY - KCALL_CORE_FIRST] = { h(&w.prcv) },
		[KCALL_SIG_CONTEXT_CREATE - KCALL_CORE_FIRST]   = { h(&w.ctx2), h(&w.prcv), 7 },
		[KCALL_SIG_CONTEXT_DESTROY - KCALL_CORE_FIRST]  = { h(&w.pctx) },
		[KCALL_IRQ_CREATE - KCALL_CORE_FIRST]           = { h(&w.irq), 40, h(&w.pctx) },
		[KCALL_IRQ_DESTROY - KCALL_CORE_FIRST]          = { h(&w.irq) },
		[KCALL_CAP_DELEGATE - KCALL_CORE_FIRST]         = { h(&w.upd), 1 },
		[KCALL_PD_CAP_SLAB_REMOVE - KCALL_CORE_FIRST]   = { h(&w.upd) },
		[KCALL_TRACE_START - KCALL_CORE_FIRST]     = { h(w.trace), sizeof(w.trace), 1 },
		[KCALL_THREAD_CPU - KCALL_CORE_FIRST]      = { h(&w.u[0]), 0 },
		[KCALL_THREAD_CPU_TIME - KCALL_CORE_FIRST] = { h(&w.u[0]), h(&w.regs_out) },
	};
	_Static_assert(sizeof(args) / sizeof(args[0]) == KCALL_CORE_LAST - KCALL_CORE_FIRST + 1,
		       "every core call has arguments");
	unsigned handles = fake_arch.core_ptr_calls;

	for (uint32_t id = KCALL_CORE_FIRST; id <= KCALL_CORE_LAST; id++) {
		const uint32_t *a = args[id - KCALL_CORE_FIRST];
		set_call(&w.u[0], id, a[0], a[1], a[2], a[3], a[4]);
		kernel.cpus[0].current = &w.u[0];
		snap_take();
		kernel_call_dispatch(&w.u[0]);
		assert_int_equal(w.u[0].regs.r[0], KERNEL_INVALID_CALL);
		snap_check(&w.u[0]);
		kernel.cpus[0].current = &kernel.core_main;
	}
	assert_int_equal(fake_arch.core_ptr_calls, handles); /* refused before reading anything */
	assert_int_equal(w.u[0].state, THREAD_ACTIVE);
	assert_int_equal(w.u[1].state, THREAD_CREATED);
	assert_null(w.u[1].pager);
	assert_int_equal(w.pd2.state, PD_INVALID);
}

static void test_core_calls_reject_null_and_misaligned_objects(void **state)
{
	(void)state;
	const uint32_t bad[] = {
		0, h(&w.u[1]) + 1, h(&w.u[1]) + 2, h(&w.u[1]) + 3, 2, 0xffffffffu
	};

	for (uint32_t id = KCALL_CORE_FIRST; id <= KCALL_CORE_LAST; id++)
		for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			call_refused(&kernel.core_main, id, bad[i], h(&w.upd), 1,
				     KERNEL_INVALID_ARG);
	assert_int_equal(fake_arch.core_ptr_calls, 0);

	/* the second object of the calls that take two (0 is fine for THREAD_PAGER) */
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct {
			uint32_t id, a1;
		} second[] = {
			{ KCALL_PD_CAP_SLAB, h(&w.upd) },
			{ KCALL_THREAD_CREATE, h(&w.tnew) },
			{ KCALL_THREAD_REGS, h(&w.u[0]) },
			{ KCALL_THREAD_CPU_TIME, h(&w.u[0]) },
			{ KCALL_OBJ_CREATE, h(&w.ident) },
			{ KCALL_CAP_INSERT, h(&w.upd) },
			{ KCALL_SIG_CONTEXT_CREATE, h(&w.ctx2) },
			{ KCALL_THREAD_PAGER, h(&w.u[1]) },
		};
		for (unsigned k = 0; k < sizeof(second) / sizeof(second[0]); k++) {
			if (second[k].id == KCALL_THREAD_PAGER && bad[i] == 0)
				continue;
			call_refused(&kernel.core_main, second[k].id, second[k].a1, bad[i], 1,
				     KERNEL_INVALID_ARG);
		}
		/* IRQ_CREATE: the context is the third argument */
		call_refused(&kernel.core_main, KCALL_IRQ_CREATE, h(&w.irq), 40, bad[i],
			     KERNEL_INVALID_ARG);
	}
	assert_int_equal(w.tnew.state, THREAD_INVALID);
	assert_null(w.u[1].pager);
}

/* ---- common calls ---- */

static void test_print_works_for_any_thread(void **state)
{
	(void)state;
	const char *msg = "hi\n";
	for (const char *p = msg; *p; p++) {
		assert_int_equal(call(&w.u[0], KCALL_PRINT, (uint8_t)*p, 0, 0, 0), KERNEL_OK);
		assert_int_equal(w.u[0].regs.r[1], 0);
		assert_int_equal(call(&kernel.core_main, KCALL_PRINT, (uint8_t)*p, 0, 0, 0),
				 KERNEL_OK);
	}
	assert_string_equal(fake_uart_text(), "hi\nhi\n");
	/* only the low byte is the character */
	assert_int_equal(call(&w.u[0], KCALL_PRINT, 0x100 | 'x', 0, 0, 0), KERNEL_OK);
	assert_int_equal(call(&w.u[0], KCALL_PRINT, '\n', 0, 0, 0), KERNEL_OK);
	assert_string_equal(fake_uart_text(), "hi\nhi\nx\n");
}

static void test_yield_works_for_any_thread(void **state)
{
	(void)state;
	struct scheduler *s = &kernel.cpus[0].sched;

	/* fills: core, u[0], pager, u[1] */
	assert_int_equal(thread_start(&w.u[1], 0x1000, 0x3000), KERNEL_OK);
	w.u[0].share.fill_left = 3;
	assert_int_equal(call(&w.u[0], KCALL_THREAD_YIELD, 0, 0, 0, 0), KERNEL_OK);
	assert_int_equal(w.u[0].share.fill_left, FAKE_SLICE);
	assert_ptr_equal(s->fills.head.prev, &w.u[0].share.fill_node);
	assert_ptr_equal(s->fills.head.prev->prev, &w.u[1].share.fill_node);
	assert_int_equal(w.u[0].state, THREAD_ACTIVE);

	/* a claimant gives up the rest of its claim, not its place in the fills */
	assert_true(sched_set_quota(s, &w.u[1].share, 100));
	assert_true(w.u[1].share.claim_left > 0); /* at once */
	assert_ptr_equal(sched_next(s), &w.u[1].share);
	assert_true(s->current_on_claim);
	struct list_node *after = w.u[1].share.fill_node.next;
	assert_int_equal(call(&w.u[1], KCALL_THREAD_YIELD, 0, 0, 0, 0), KERNEL_OK);
	assert_int_equal(w.u[1].share.claim_left, 0);
	assert_false(list_node_linked(&w.u[1].share.claim_node));
	assert_true(sched_is_ready(&w.u[1].share));
	assert_ptr_equal(w.u[1].share.fill_node.next, after);

	/* core yields only for its lock: it steps aside and keeps its claim */
	assert_true(sched_set_quota(s, &kernel.core_main.share, 100));
	assert_ptr_equal(sched_next(s), &kernel.core_main.share);
	assert_true(s->current_on_claim);
	uint32_t claim = kernel.core_main.share.claim_left;
	assert_true(claim > 0);
	assert_int_equal(call(&kernel.core_main, KCALL_THREAD_YIELD, 0, 0, 0, 0), KERNEL_OK);
	assert_int_equal(kernel.core_main.share.claim_left, claim);
	assert_ptr_equal(s->aside, &kernel.core_main.share);
	sched_next(s);
	assert_false(s->current_on_claim); /* the fill decides now */
}

static void test_time_works_for_any_thread(void **state)
{
	(void)state;
	fake_board.ticks = 5000000123ull; /* 1 tick per us */
	assert_int_equal(call(&w.u[0], KCALL_TIME, 0, 0, 0, 0), (uint32_t)5000000123ull);
	assert_int_equal(w.u[0].regs.r[1], 1);
	assert_int_equal(call(&kernel.core_main, KCALL_TIME, 0, 0, 0, 0), (uint32_t)5000000123ull);
	assert_int_equal(kernel.core_main.regs.r[1], 1);

	kernel.ticks_per_ms = 62500; /* 62.5 MHz */
	fake_board.ticks    = 62500ull * 3000;
	assert_int_equal(call(&w.u[0], KCALL_TIME, 0, 0, 0, 0), 3000000);
	assert_int_equal(w.u[0].regs.r[1], 0);
}

/* Whole ns per tick (one multiply) and not (divisions) give the same */
static void test_time_ns_at_the_timers_resolution(void **state)
{
	(void)state;
	kernel_set_tick_rate(62500); /* 62.5 MHz: 16 ns per tick */
	assert_int_equal(kernel.ns_per_tick, 16);
	fake_board.ticks = 62500ull * 3000 + 3;
	assert_int_equal(call(&w.u[0], KCALL_TIME_NS, 0, 0, 0, 0), 3000000048u);
	assert_int_equal(w.u[0].regs.r[1], 0);

	kernel_set_tick_rate(1000); /* 1 MHz, after 2^32 us: no overflow, no rounding */
	fake_board.ticks = 4294967296ull + 7;
	uint64_t ns      = (4294967296ull + 7) * 1000;
	assert_int_equal(call(&w.u[0], KCALL_TIME_NS, 0, 0, 0, 0), (uint32_t)ns);
	assert_int_equal(w.u[0].regs.r[1], (uint32_t)(ns >> 32));

	kernel_set_tick_rate(62500); /* after 2^56 ticks, where ticks * 10^6 would overflow */
	fake_board.ticks = 1ull << 56;
	assert_int_equal(call(&w.u[0], KCALL_TIME_NS, 0, 0, 0, 0), 0);
	assert_int_equal(w.u[0].regs.r[1], 1u << 28); /* 2^56 * 16 ns = 2^60 ns */

	kernel_set_tick_rate(66000); /* 66 MHz: 15.15 ns, rounded down */
	assert_int_equal(kernel.ns_per_tick, 0);
	fake_board.ticks = 66000ull * 5 + 7;
	assert_int_equal(call(&w.u[0], KCALL_TIME_NS, 0, 0, 0, 0), 5000106u);
	for (uint64_t t = 62500ull * 3000 + 3; t < 62500ull * 3000 + 40; t++) {
		kernel_set_tick_rate(62500);
		uint64_t fast      = kernel_ticks_to_ns(t);
		kernel.ns_per_tick = 0;
		assert_true(fast == kernel_ticks_to_ns(t));
	}
}

static void test_thread_time_is_the_callers_consumed_time(void **state)
{
	(void)state;
	w.u[0].share.consumed = 7000000123ull; /* ticks, 1 per us */
	assert_int_equal(call(&w.u[0], KCALL_THREAD_TIME, 0, 0, 0, 0), (uint32_t)7000000123ull);
	assert_int_equal(w.u[0].regs.r[1], 1);
	assert_int_equal(call(&w.pager, KCALL_THREAD_TIME, 0, 0, 0, 0), 0);
	assert_int_equal(w.pager.regs.r[1], 0);
}

static void test_thread_exit_call_signals_the_pager(void **state)
{
	(void)state;
	assert_int_equal(thread_set_pager(&w.u[0], &w.pctx), KERNEL_OK);
	set_call(&w.u[0], KCALL_THREAD_EXIT, (uint32_t)-3, 0, 0, 0, 0);
	kernel.cpus[0].current = &w.u[0];
	kernel_call_dispatch(&w.u[0]);
	kernel.cpus[0].current = &kernel.core_main;
	assert_int_equal(w.u[0].state, THREAD_EXITED);
	assert_int_equal(w.u[0].exit_code, -3);
	assert_int_equal(w.u[0].regs.r[0], KCALL_THREAD_EXIT); /* no result: it never returns */
	assert_false(sched_is_ready(&w.u[0].share));
	assert_int_equal(w.pctx.count, 1);
	assert_int_equal(sig_wait(&w.prcv, &w.pager, false), KERNEL_OK);
	assert_int_equal(((struct sig_delivery *)w.pager.utcb->data)->imprint, PAGER_IMPRINT);
}

/* Every common call that names an object refuses ids that do not resolve
 * to an object of the right type, and changes nothing. */
static void test_common_calls_refuse_bad_capabilities(void **state)
{
	(void)state;
	struct {
		uint32_t id, a2;
		uint16_t right_type; /* a cap of the right type, for the wrong-type check */
	} calls[] = {
		{ KCALL_RPC_CALL, 0, ID_U1 },       { KCALL_SIG_SUBMIT, 1, ID_CTX },
		{ KCALL_SIG_WAIT, 0, ID_RCV },      { KCALL_SIG_PENDING, 0, ID_RCV },
		{ KCALL_SIG_ACK, 0, ID_CTX },       { KCALL_SIG_KILL, 0, ID_CTX },
		{ KCALL_THREAD_RESTART, 0, ID_U1 },
	};
	const uint32_t forged[] = {
		0,      ID_DEAD,         ID_RESERVED,      ID_FREE,          ID_BEYOND,  4095,
		0xffff, 0x10000 | ID_U1, 0x10000 | ID_CTX, 0x10000 | ID_RCV, 0xffffffffu
	};
	const uint32_t typed[] = { ID_U1, ID_RCV, ID_CTX };

	for (unsigned c = 0; c < sizeof(calls) / sizeof(calls[0]); c++) {
		for (unsigned i = 0; i < sizeof(forged) / sizeof(forged[0]); i++)
			call_refused(&w.u[0], calls[c].id, forged[i], calls[c].a2, 0,
				     KERNEL_INVALID_CAP);
		for (unsigned i = 0; i < 3; i++)
			if (typed[i] != calls[c].right_type)
				call_refused(&w.u[0], calls[c].id, typed[i], calls[c].a2, 0,
					     KERNEL_INVALID_CAP);
	}
	/* the timeout's context (a zero timeout only cancels, it names nothing) */
	for (unsigned i = 0; i < sizeof(forged) / sizeof(forged[0]); i++)
		call_refused(&w.u[0], KCALL_TIMEOUT, 100, forged[i], 0, KERNEL_INVALID_CAP);
	call_refused(&w.u[0], KCALL_TIMEOUT, 100, ID_U1, 0, KERNEL_INVALID_CAP);
	call_refused(&w.u[0], KCALL_TIMEOUT, 100, ID_RCV, 0, KERNEL_INVALID_CAP);
	/* cap_ack/cap_delete take any live name, but no forged one */
	const uint32_t unnamed[] = { 0,      ID_RESERVED,     ID_FREE,    ID_BEYOND,
				     0xffff, 0x10000 | ID_U1, 0xffffffffu };
	for (unsigned i = 0; i < sizeof(unnamed) / sizeof(unnamed[0]); i++) {
		call_refused(&w.u[0], KCALL_CAP_ACK, unnamed[i], 0, 0, KERNEL_INVALID_CAP);
		call_refused(&w.u[0], KCALL_CAP_DELETE, unnamed[i], 0, 0, KERNEL_INVALID_CAP);
	}
	call_refused(&w.u[0], KCALL_CAP_ACK, ID_DEAD, 0, 0, KERNEL_INVALID_CAP);
	call_refused(&w.u[0], KCALL_CAP_ACK, ID_U1, 0, 0, KERNEL_INVALID_STATE); /* not in flight */
	assert_int_equal(w.u[0].state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&w.u[0].share));
}

/* The same ids from a thread of a PD that has no names at all */
static void test_common_calls_from_a_pd_without_names(void **state)
{
	(void)state;
	const uint32_t ids[] = { KCALL_RPC_CALL,    KCALL_SIG_SUBMIT, KCALL_SIG_WAIT,
				 KCALL_SIG_PENDING, KCALL_SIG_ACK,    KCALL_SIG_KILL,
				 KCALL_CAP_ACK,     KCALL_CAP_DELETE, KCALL_THREAD_RESTART };

	assert_int_equal(pd_create(&w.pd2, TABLE2), KERNEL_OK);
	assert_int_equal(thread_create(&w.tnew, &w.pd2, 1, "nameless", &w.utcb[3]), KERNEL_OK);
	assert_int_equal(thread_start(&w.tnew, 0x1000, 0x2000), KERNEL_OK);
	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		for (uint32_t cap = 0; cap < 8; cap++)
			call_refused(&w.tnew, ids[i], cap, 1, 0, KERNEL_INVALID_CAP);
	call_refused(&w.tnew, KCALL_TIMEOUT, 10, ID_CTX, 0, KERNEL_INVALID_CAP);
	/* receiving is possible only with names to receive into */
	call_refused(&w.tnew, KCALL_RPC_WAIT, 1, 0, 0, KERNEL_OUT_OF_CAPS);
}

static void test_thread_stop_and_restart_within_one_pd(void **state)
{
	(void)state;
	assert_int_equal(thread_start(&w.u[1], 0x1000, 0x3000), KERNEL_OK);
	assert_int_equal(identity_create(&w.ident, &w.u[0].kobj), KERNEL_OK);
	uint16_t cap_u0 = fake_name(&w.upd, &w.ident);

	/* running: nothing to restart */
	call_refused(&w.u[1], KCALL_THREAD_RESTART, cap_u0, 0, 0, KERNEL_INVALID_STATE);
	call_refused(&w.u[1], KCALL_THREAD_RESTART, ID_U1, 0, 0, KERNEL_INVALID_STATE); /* self */

	set_call(&w.u[0], KCALL_THREAD_STOP, 0, 0, 0, 0, 0);
	kernel.cpus[0].current = &w.u[0];
	kernel_call_dispatch(&w.u[0]);
	kernel.cpus[0].current = &kernel.core_main;
	assert_int_equal(w.u[0].state, THREAD_AWAITS_RESTART);
	assert_false(sched_is_ready(&w.u[0].share));
	assert_int_equal(w.u[0].regs.r[0], KCALL_THREAD_STOP); /* result comes with the restart */

	assert_int_equal(call(&w.u[1], KCALL_THREAD_RESTART, cap_u0, 0, 0, 0), KERNEL_OK);
	assert_int_equal(w.u[0].state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&w.u[0].share));
	assert_int_equal(w.u[0].regs.r[0], KERNEL_OK);
	call_refused(&w.u[1], KCALL_THREAD_RESTART, cap_u0, 0, 0, KERNEL_INVALID_STATE); /* twice */
}

static void test_thread_restart_of_another_pd_is_invalid_cap(void **state)
{
	(void)state;
	assert_int_equal(pd_create(&w.pd2, TABLE2), KERNEL_OK);
	assert_int_equal(thread_create(&w.tnew, &w.pd2, 1, "other", &w.utcb[3]), KERNEL_OK);
	assert_int_equal(thread_start(&w.tnew, 0x1000, 0x2000), KERNEL_OK);
	assert_int_equal(identity_create(&w.ident, &w.tnew.kobj), KERNEL_OK);
	uint16_t cap_t = fake_name(&w.upd, &w.ident); /* u[0] may name it, e.g. to call it */

	assert_int_equal(thread_stop(&w.tnew), KERNEL_BLOCKED);
	call_refused(&w.u[0], KCALL_THREAD_RESTART, cap_t, 0, 0, KERNEL_INVALID_CAP);
	assert_int_equal(w.tnew.state, THREAD_AWAITS_RESTART);
	/* nor can core's threads restart it by a name */
	assert_int_equal(cap_slab_add(&kernel.core_pd.caps, &w.slab2), KERNEL_OK);
	uint16_t core_cap = fake_name(&kernel.core_pd, &w.ident);
	call_refused(&kernel.core_main, KCALL_THREAD_RESTART, core_cap, 0, 0, KERNEL_INVALID_CAP);
}

static void test_cache_calls_only_on_the_callers_own_mappings(void **state)
{
	(void)state;
	const uint32_t ids[] = { KCALL_CACHE_CLEAN_INV, KCALL_CACHE_INV, KCALL_CACHE_COHERENT };
	const enum arch_cache_op ops[] = { ARCH_CACHE_CLEAN_INV, ARCH_CACHE_INV,
					   ARCH_CACHE_COHERENT };

	/* u[0] has [0x10000, 0x14000) mapped read-only */
	fake_arch.mapped.ttbr0    = USER_TABLE;
	fake_arch.mapped.base     = 0x10000;
	fake_arch.mapped.size     = 0x4000;
	fake_arch.mapped.writable = false;
	for (unsigned i = 0; i < 3; i++) {
		/* empty, wrapping, beyond the user half, not (fully) mapped */
		call_refused(&w.u[0], ids[i], 0x10000, 0, 0, KERNEL_INVALID_ARG);
		call_refused(&w.u[0], ids[i], 0xfffff000u, 0x2000, 0, KERNEL_INVALID_ARG);
		call_refused(&w.u[0], ids[i], 0x7ffff000u, 0x2000, 0, KERNEL_INVALID_ARG);
		call_refused(&w.u[0], ids[i], 0x90000000u, 0x10, 0, KERNEL_INVALID_ARG);
		call_refused(&w.u[0], ids[i], 0x13000, 0x1001, 0, KERNEL_INVALID_ARG);
		call_refused(&w.u[0], ids[i], 0x0f000, 0x2000, 0, KERNEL_INVALID_ARG);
	}
	assert_int_equal(fake_arch.cache_ops, 0);

	/* read-only memory may be cleaned, not discarded */
	assert_int_equal(call(&w.u[0], KCALL_CACHE_CLEAN_INV, 0x10040, 0x100, 0, 0), KERNEL_OK);
	assert_int_equal(fake_arch.cache_ops, 1);
	assert_int_equal(fake_arch.cache_op, ARCH_CACHE_CLEAN_INV);
	assert_int_equal(fake_arch.cache_base, 0x10040);
	assert_int_equal(fake_arch.cache_size, 0x100);
	call_refused(&w.u[0], KCALL_CACHE_INV, 0x10040, 0x100, 0, KERNEL_INVALID_ARG);
	fake_arch.mapped.writable = true;
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(call(&w.u[0], ids[i], 0x10000, 0x4000, 0, 0), KERNEL_OK);
		assert_int_equal(fake_arch.cache_op, ops[i]);
	}
	assert_int_equal(fake_arch.cache_ops, 4);

	/* another PD's mappings are not the caller's */
	assert_int_equal(pd_create(&w.pd2, TABLE2), KERNEL_OK);
	assert_int_equal(thread_create(&w.tnew, &w.pd2, 1, "other", &w.utcb[3]), KERNEL_OK);
	call_refused(&w.tnew, KCALL_CACHE_CLEAN_INV, 0x10000, 0x100, 0, KERNEL_INVALID_ARG);

	/* core may name any of its own addresses, but no empty or wrapping range */
	unsigned checks = fake_arch.range_checks;
	assert_int_equal(call(&kernel.core_main, KCALL_CACHE_COHERENT, 0x80100000u, 0x40, 0, 0),
			 KERNEL_OK);
	assert_int_equal(fake_arch.cache_base, 0x80100000u);
	assert_int_equal(fake_arch.range_checks, checks);
	call_refused(&kernel.core_main, KCALL_CACHE_INV, 0x80100000u, 0, 0, KERNEL_INVALID_ARG);
	call_refused(&kernel.core_main, KCALL_CACHE_INV, 0xffffff00u, 0x200, 0, KERNEL_INVALID_ARG);
}

/* ---- core calls ---- */

static void test_core_calls_build_and_tear_down(void **state)
{
	(void)state;
	struct thread *core = &kernel.core_main;

	assert_int_equal(call(core, KCALL_PD_CREATE, h(&w.pd2), TABLE2, 0, 0), KERNEL_OK);
	assert_int_equal(w.pd2.state, PD_ACTIVE);
	assert_int_equal(w.pd2.asid, 2);
	assert_int_equal(call(core, KCALL_PD_CAP_SLAB, h(&w.pd2), h(&w.slab2), 0, 0), KERNEL_OK);
	assert_int_equal(w.pd2.caps.free_count, CAP_SLAB_NAMES - 1);
	assert_int_equal(
	    call5(core, KCALL_THREAD_CREATE, h(&w.tnew), h(&w.pd2), 2, h("worker"), h(&w.utcb[3])),
	    KERNEL_OK);
	assert_string_equal(w.tnew.name, "worker");
	assert_ptr_equal(w.tnew.utcb, &w.utcb[3]);
	assert_int_equal(w.pd2.thread_count, 1);
	assert_int_equal(call(core, KCALL_THREAD_PAGER, h(&w.tnew), h(&w.pctx), 0, 0), KERNEL_OK);
	assert_ptr_equal(w.tnew.pager, &w.pctx);
	assert_int_equal(call(core, KCALL_THREAD_START, h(&w.tnew), 0x4001, 0x5000, 0), KERNEL_OK);
	assert_int_equal(w.tnew.state, THREAD_ACTIVE);
	assert_int_equal(w.tnew.regs.pc, 0x4000);
	assert_true(sched_is_ready(&w.tnew.share));

	/* an identity and a name for it */
	assert_int_equal(call(core, KCALL_OBJ_CREATE, h(&w.ident), h(&w.tnew.kobj), 0, 0),
			 KERNEL_OK);
	assert_int_equal(call(core, KCALL_CAP_INSERT, h(&w.pd2), h(&w.ident), 0, 0), KERNEL_OK);
	assert_int_equal(core->regs.r[1], 1);
	assert_ptr_equal(cap_object(&w.pd2.caps, 1, KOBJ_THREAD), &w.tnew.kobj);

	/* teardown in the wrong order is refused */
	assert_int_equal(call(core, KCALL_PD_DESTROY, h(&w.pd2), 0, 0, 0), KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_SIG_CONTEXT_DESTROY, h(&w.pctx), 0, 0, 0),
			 KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_SIG_RECEIVER_DESTROY, h(&w.prcv), 0, 0, 0),
			 KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_THREAD_DESTROY, h(&w.tnew), 0, 0, 0), KERNEL_OK);
	assert_int_equal(w.pctx.pager_refs, 0);
	assert_int_equal(w.ident.state, IDENTITY_DESTROYED);
	assert_int_equal(call(core, KCALL_OBJ_DESTROY, h(&w.ident), 0, 0, 0), KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_PD_DESTROY, h(&w.pd2), 0, 0, 0), KERNEL_OK);
	assert_int_equal(w.pd2.state, PD_DESTROYED);
	assert_int_equal(call(core, KCALL_SIG_CONTEXT_DESTROY, h(&w.pctx), 0, 0, 0), KERNEL_OK);
	assert_int_equal(w.id_ctx.state, IDENTITY_DESTROYED);
	assert_int_equal(call(core, KCALL_SIG_RECEIVER_DESTROY, h(&w.prcv), 0, 0, 0), KERNEL_OK);
	assert_int_equal(w.prcv.state, SIG_RECEIVER_DESTROYED);
	assert_int_equal(call(core, KCALL_THREAD_DESTROY, h(&w.pager), 0, 0, 0), KERNEL_OK);
	/* the name may be absent */
	assert_int_equal(
	    call5(core, KCALL_THREAD_CREATE, h(&w.tnew), h(&w.upd), 0, 0, h(&w.utcb[3])),
	    KERNEL_OK);
	assert_string_equal(w.tnew.name, "");
}

/*
 * KERNEL BUG (base-hw/src/kernel/call.c, call_core_threads, KCALL_THREAD_CREATE,
 * lines 177-180): the UTCB pointer (argument 5) is passed to thread_create
 * unchecked, unlike every other object pointer core passes (core_object_ok:
 * not null, 4-aligned). A thread created with UTCB 0 makes the kernel
 * dereference a null pointer on its first rpc_call, rpc_wait or sig_wait
 * (ipc.c ipc_message_ok/ipc_transfer, signal.c sig_deliver) - undefined
 * behaviour in the kernel instead of an error for the caller (doc/architecture.md
 * 4.1). Correct behaviour asserted here: the call is refused with
 * INVALID_ARG and nothing is created. (The idle thread, which never makes
 * these calls, is created inside the kernel without a UTCB.)
 */
static void test_thread_create_call_needs_a_utcb(void **state)
{
	(void)state;
	struct thread *core = &kernel.core_main;

	assert_int_equal(call5(core, KCALL_THREAD_CREATE, h(&w.tnew), h(&w.upd), 1, h("x"), 0),
			 KERNEL_INVALID_ARG);
	assert_int_equal(w.tnew.state, THREAD_INVALID);
	assert_int_equal(w.upd.thread_count, 3);
}

static void test_core_call_errors_are_returned(void **state)
{
	(void)state;
	struct thread *core = &kernel.core_main;

	assert_int_equal(call(core, KCALL_PD_CREATE, h(&w.pd2), TABLE2 + 4, 0, 0),
			 KERNEL_INVALID_ARG);
	assert_int_equal(call(core, KCALL_PD_CREATE, h(&w.upd), TABLE2, 0, 0),
			 KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_PD_DESTROY, h(&kernel.core_pd), 0, 0, 0),
			 KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_PD_CAP_SLAB, h(&w.pd2), h(&w.slab2), 0, 0),
			 KERNEL_INVALID_ARG); /* not a live PD */
	assert_int_equal(call(core, KCALL_PD_CAP_SLAB_REMOVE, h(&w.pd2), 0, 0, 0),
			 KERNEL_INVALID_ARG); /* not a live PD */
	assert_int_equal(core->regs.r1_wide, 0);
	assert_int_equal(call(core, KCALL_PD_CAP_SLAB_REMOVE, h(&w.upd), 0, 0, 0),
			 KERNEL_INVALID_STATE); /* its first slab stays */
	assert_int_equal(core->regs.r1_wide, 0);
	assert_int_equal(w.upd.caps.slabs, 1);
	assert_int_equal(
	    call(core, KCALL_THREAD_CREATE, h(&w.tnew), h(&w.upd), SCHED_PRIORITIES, 0),
	    KERNEL_INVALID_ARG);
	assert_int_equal(
	    call5(core, KCALL_THREAD_CREATE, h(&w.tnew), h(&w.pd2), 0, h("again"), h(&w.utcb[3])),
	    KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_THREAD_START, h(&w.u[0]), 0, 0, 0), KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_THREAD_PAGER, h(&w.u[1]), h(&w.ctx2), 0, 0),
			 KERNEL_INVALID_ARG); /* not a live context */
	assert_int_equal(call(core, KCALL_THREAD_DESTROY, h(core), 0, 0, 0), KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_THREAD_DESTROY, h(&kernel.cpus[0].idle), 0, 0, 0),
			 KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_THREAD_PAUSE, h(core), 0, 0, 0), KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_THREAD_RESUME, h(&w.u[0]), 0, 0, 0),
			 KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_THREAD_PAGER_ACK, h(&w.u[0]), 1, 0, 0),
			 KERNEL_INVALID_STATE); /* no pager */
	assert_int_equal(call(core, KCALL_THREAD_REGS, h(&w.tnew), h(&w.regs_out), 0, 0),
			 KERNEL_INVALID_ARG);
	assert_int_equal(call(core, KCALL_THREAD_QUOTA, h(&w.tnew), 10, 0, 0),
			 KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_THREAD_QUOTA, h(&w.u[0]), FAKE_SUPER_PERIOD + 1, 0, 0),
			 KERNEL_INVALID_ARG); /* more than a super period */
	assert_int_equal(call(core, KCALL_OBJ_CREATE, h(&w.ident), h(&w.tnew.kobj), 0, 0),
			 KERNEL_INVALID_ARG); /* not an object */
	assert_int_equal(call(core, KCALL_OBJ_DESTROY, h(&w.ident), 0, 0, 0), KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_CAP_INSERT, h(&w.upd), h(&w.id_dead), 0, 0),
			 KERNEL_INVALID_ARG);
	assert_int_equal(call(core, KCALL_SIG_RECEIVER_CREATE, h(&w.prcv), 0, 0, 0),
			 KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_SIG_CONTEXT_CREATE, h(&w.ctx2), h(&w.rcv2), 1, 0),
			 KERNEL_INVALID_ARG); /* no receiver */
	assert_int_equal(call(core, KCALL_SIG_CONTEXT_DESTROY, h(&w.ctx2), 0, 0, 0),
			 KERNEL_INVALID_STATE);
	assert_int_equal(call(core, KCALL_IRQ_CREATE, h(&w.irq), FAKE_TIMER_IRQ, h(&w.pctx), 0),
			 KERNEL_INVALID_ARG);
	assert_int_equal(call(core, KCALL_IRQ_DESTROY, h(&w.irq), 0, 0, 0), KERNEL_INVALID_STATE);
	assert_int_equal(w.tnew.state, THREAD_INVALID);
	assert_int_equal(w.ctx2.state, SIG_CONTEXT_INVALID);
	assert_null(w.u[1].pager);
	assert_int_equal(core->state, THREAD_ACTIVE);
	assert_int_equal(w.u[0].share.quota, 0);
	/* a null pager clears it */
	assert_int_equal(call(core, KCALL_THREAD_PAGER, h(&w.u[1]), h(&w.pctx), 0, 0), KERNEL_OK);
	assert_int_equal(call(core, KCALL_THREAD_PAGER, h(&w.u[1]), 0, 0, 0), KERNEL_OK);
	assert_null(w.u[1].pager);
	assert_int_equal(w.pctx.pager_refs, 0);
}

static void test_core_thread_calls_pause_regs_quota(void **state)
{
	(void)state;
	struct thread *core = &kernel.core_main;

	assert_int_equal(call(core, KCALL_THREAD_PAUSE, h(&w.u[0]), 0, 0, 0), KERNEL_OK);
	assert_true(w.u[0].paused);
	assert_false(sched_is_ready(&w.u[0].share));
	assert_int_equal(call(core, KCALL_THREAD_RESUME, h(&w.u[0]), 0, 0, 0), KERNEL_OK);
	assert_false(w.u[0].paused);
	assert_true(sched_is_ready(&w.u[0].share));

	w.u[0].regs.r[7] = 0x77;
	w.u[0].regs.pc   = 0x1234;
	assert_int_equal(call(core, KCALL_THREAD_REGS, h(&w.u[0]), h(&w.regs_out), 0, 0),
			 KERNEL_OK);
	assert_int_equal(w.regs_out.r[7], 0x77);
	assert_int_equal(w.regs_out.pc, 0x1234);

	/* CPU time: what the share was charged, and while it is its CPU's
	 * current share what that CPU has not charged yet */
	uint64_t ticks              = 0;
	struct cpu *c0              = &kernel.cpus[0];
	struct sched_share *current = c0->sched.current;
	w.u[0].share.consumed       = 1000;
	c0->last_ticks              = fake_board.ticks;
	fake_board.ticks += 300;
	assert_int_equal(call(core, KCALL_THREAD_CPU_TIME, h(&w.u[0]), h(&ticks), 0, 0), KERNEL_OK);
	assert_int_equal(ticks, 1000); /* not running */
	c0->sched.current = &w.u[0].share;
	assert_int_equal(call(core, KCALL_THREAD_CPU_TIME, h(&w.u[0]), h(&ticks), 0, 0), KERNEL_OK);
	assert_int_equal(ticks, 1300);
	c0->sched.current = current;
	assert_int_equal(call(core, KCALL_THREAD_CPU_TIME, h(&w.tnew), h(&ticks), 0, 0),
			 KERNEL_INVALID_ARG); /* not constructed */

	kernel.ticks_per_ms = 2000; /* the quota is in microseconds */
	assert_int_equal(call(core, KCALL_THREAD_QUOTA, h(&w.u[0]), 250, 0, 0), KERNEL_OK);
	assert_int_equal(w.u[0].share.quota, 500);
	assert_int_equal(kernel.cpus[0].sched.quota_sum, 500);
	assert_int_equal(call(core, KCALL_THREAD_QUOTA, h(&w.u[1]), 251, 0, 0), KERNEL_INVALID_ARG);
	assert_int_equal(call(core, KCALL_THREAD_QUOTA, h(&w.u[0]), 0, 0, 0), KERNEL_OK);
	assert_int_equal(kernel.cpus[0].sched.quota_sum, 0);
}

static void test_sig_wait_call_blocks_until_a_fault(void **state)
{
	(void)state;
	assert_int_equal(thread_set_pager(&w.u[0], &w.pctx), KERNEL_OK);
	assert_int_equal(cap_slab_add(&kernel.core_pd.caps, &w.slab2), KERNEL_OK);
	uint16_t rcv = fake_name(&kernel.core_pd, &w.id_rcv);

	set_call(&w.pager, KCALL_SIG_WAIT, rcv, 0, 0, 0, 0);
	kernel.cpus[0].current = &w.pager;
	kernel_call_dispatch(&w.pager);
	kernel.cpus[0].current = &kernel.core_main;
	assert_int_equal(w.pager.state, THREAD_AWAITS_SIGNAL);
	assert_false(sched_is_ready(&w.pager.share));
	assert_int_equal(w.pager.regs.r[0], KCALL_SIG_WAIT); /* no result yet */
	assert_int_equal(w.pager.regs.r1_wide, 0xbadbad);

	const struct fault f = { .type = FAULT_EXEC, .ip = 0x1234, .addr = 0x1234 };
	thread_fault(&w.u[0], &f);
	assert_int_equal(w.u[0].state, THREAD_FAULTED);
	assert_int_equal(w.pager.state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&w.pager.share));
	assert_int_equal(w.pager.regs.r[0], KERNEL_OK);
	const struct sig_delivery *d = (const struct sig_delivery *)w.pager.utcb->data;
	assert_int_equal(d->imprint, PAGER_IMPRINT);
	assert_int_equal(d->count, 1);

	/* core resolves it and restarts the thread */
	assert_int_equal(call(&kernel.core_main, KCALL_THREAD_PAGER_ACK, h(&w.u[0]), 1, 0, 0),
			 KERNEL_OK);
	assert_int_equal(w.u[0].state, THREAD_ACTIVE);
	assert_false(w.pctx.awaits_ack);
}

static void test_sig_pending_call_returns_a_pending_fault(void **state)
{
	(void)state;
	assert_int_equal(thread_set_pager(&w.u[0], &w.pctx), KERNEL_OK);
	thread_exit(&w.u[0], 9);
	assert_int_equal(call(&w.u[1], KCALL_SIG_PENDING, ID_RCV, 0, 0, 0), KERNEL_OK);
	const struct sig_delivery *d = (const struct sig_delivery *)w.u[1].utcb->data;
	assert_int_equal(d->imprint, PAGER_IMPRINT);
	assert_int_equal(d->count, 1);
	assert_int_equal(w.u[1].state, THREAD_CREATED);
	assert_true(list_empty(&w.prcv.pending));
	assert_int_equal(call(&w.u[1], KCALL_SIG_PENDING, ID_RCV, 0, 0, 0), KERNEL_WOULD_BLOCK);
}

/* ---- kernel entry ---- */

/* A call that changes no thread's readiness returns straight to the
 * caller: the decision and the timer of the last exit stand (kernel.c,
 * kernel_decision_stands), only the time is accounted. */
static void test_entry_call_accounts_time_and_resumes_caller(void **state)
{
	(void)state;
	kernel.cpus[0].last_ticks        = 1000;
	fake_board.ticks                 = 1004;
	fake_board.timer_slice           = 777; /* as the last exit programmed it */
	kernel.cpus[0].left_changes      = kernel.cpus[0].sched.changes;
	kernel.cpus[0].left_timeouts_set = kernel.cpus[0].timeouts_set;
	set_call(&kernel.core_main, KCALL_TIME, 0, 0, 0, 0, 0);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_CALL));

	assert_int_equal(kernel.core_main.share.consumed, 4);
	assert_int_equal(kernel.core_main.share.fill_left, FAKE_SLICE - 4);
	assert_int_equal(kernel.cpus[0].last_ticks, 1004);
	assert_int_equal(kernel.core_main.regs.r[0], 1004); /* us at 1 tick per us */
	assert_int_equal(kernel.core_main.regs.r[1], 0);
	assert_ptr_equal(fake_arch.exit_regs, &kernel.core_main.regs);
	assert_ptr_equal(kernel.cpus[0].current, &kernel.core_main);
	assert_int_equal(fake_board.timer_slice, 777); /* not reprogrammed */
	assert_int_equal(fake_arch.mmu_switches, 0);   /* core's table stays loaded */

	/* a timeout set by the call may be nearer: a full pass, a new timer */
	kernel.cpus[0].timeouts_set++;
	set_call(&kernel.core_main, KCALL_TIME, 0, 0, 0, 0, 0);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_CALL));
	assert_ptr_equal(kernel.cpus[0].current, &kernel.core_main);
	assert_int_equal(fake_board.timer_slice, FAKE_SLICE - 4);
}

static void test_entry_slice_expiry_switches_thread_and_space(void **state)
{
	(void)state;
	/* round robin in start order: core, u[0], pager */
	kernel.cpus[0].last_ticks = 0;
	fake_board.ticks          = FAKE_SLICE;
	fake_pic_raise(FAKE_TIMER_IRQ);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ));
	assert_ptr_equal(kernel.cpus[0].current, &w.u[0]);
	assert_ptr_equal(fake_arch.exit_regs, &w.u[0].regs);
	assert_ptr_equal(kernel.cpus[0].current_pd, &w.upd);
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
	assert_ptr_equal(kernel.cpus[0].current, &w.pager);
	assert_int_equal(fake_arch.mmu_switches, 2);
	assert_int_equal(fake_arch.mmu_ttbr0, FAKE_CORE_TTBR0);
	assert_int_equal(fake_arch.mmu_asid, 0);
	assert_int_equal(w.u[0].share.consumed, FAKE_SLICE);
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
	assert_ptr_equal(kernel.cpus[0].current, &kernel.core_main);

	/* spurious: nothing taken, nothing finished */
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ));
	assert_int_equal(fake_board.finishes, 1);
	assert_ptr_equal(fake_arch.exit_regs, &kernel.core_main.regs);
}

static void test_entry_user_fault_wakes_blocked_pager(void **state)
{
	(void)state;
	struct thread *core = &kernel.core_main;

	assert_int_equal(thread_destroy(&w.pager), KERNEL_OK);
	assert_int_equal(thread_set_pager(&w.u[0], &w.pctx), KERNEL_OK);
	assert_int_equal(cap_slab_add(&kernel.core_pd.caps, &w.slab2), KERNEL_OK);
	uint16_t rcv = fake_name(&kernel.core_pd, &w.id_rcv);

	set_call(core, KCALL_SIG_WAIT, rcv, 0, 0, 0, 0);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_CALL));
	assert_int_equal(core->state, THREAD_AWAITS_SIGNAL);
	assert_ptr_equal(kernel.cpus[0].current, &w.u[0]); /* the only one ready */
	assert_ptr_equal(kernel.cpus[0].current_pd, &w.upd);

	fake_arch.next_fault = (struct fault){ .type   = FAULT_WRITE,
					       .cause  = FAULT_CAUSE_TRANSLATION,
					       .ip     = 0x1010,
					       .addr   = 0x9000,
					       .status = 0x805 };
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_FAULT + 2));
	assert_int_equal(fake_arch.decode_code, KERNEL_ENTRY_FAULT + 2);
	assert_int_equal(w.u[0].state, THREAD_FAULTED);
	assert_int_equal(w.u[0].fault.addr, 0x9000);
	assert_int_equal(w.u[0].fault.type, FAULT_WRITE);
	assert_int_equal(core->state, THREAD_ACTIVE);
	assert_int_equal(core->regs.r[0], KERNEL_OK);
	const struct sig_delivery *d = (const struct sig_delivery *)core_main_utcb.data;
	assert_int_equal(d->imprint, PAGER_IMPRINT);
	assert_int_equal(d->count, 1);
	assert_int_equal(core_main_utcb.data_size, sizeof(*d));
	assert_ptr_equal(kernel.cpus[0].current, core);
	assert_ptr_equal(kernel.cpus[0].current_pd, &kernel.core_pd);
	assert_int_equal(fake_arch.mmu_asid, 0);
	assert_string_equal(fake_uart_text(), "");
}

static void test_entry_idle_when_nobody_is_ready(void **state)
{
	(void)state;
	assert_int_equal(thread_destroy(&w.u[0]), KERNEL_OK);
	assert_int_equal(thread_destroy(&w.pager), KERNEL_OK);
	set_call(&kernel.core_main, KCALL_THREAD_STOP, 0, 0, 0, 0, 0);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_CALL));
	assert_int_equal(kernel.core_main.state, THREAD_AWAITS_RESTART);
	assert_ptr_equal(kernel.cpus[0].current, &kernel.cpus[0].idle);
	assert_ptr_equal(fake_arch.exit_regs, &kernel.cpus[0].idle.regs);
	assert_int_equal(fake_board.timer_slice, FAKE_SUPER_PERIOD); /* rest of the super period */

	kernel.cpus[0].last_ticks = 0;
	fake_board.ticks          = 500;
	fake_pic_raise(FAKE_TIMER_IRQ);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ));
	assert_ptr_equal(kernel.cpus[0].current, &kernel.cpus[0].idle);
	assert_int_equal(kernel.cpus[0].idle.share.consumed, 500);
	assert_int_equal(kernel.core_main.share.consumed, 0);
	assert_int_equal(fake_board.timer_slice, FAKE_SUPER_PERIOD - 500);
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
	kernel.cpus[0].last_ticks       = 7;
	fake_board.ticks                = 20;
	kernel.core_main.regs.in_kernel = true;
	FAKE_EXPECT_PANIC(kernel_entry(KERNEL_ENTRY_CALL));
	assert_string_equal(fake_uart_text(), "kernel panic: exception taken in kernel mode\n");
	assert_int_equal(kernel.cpus[0].last_ticks, 7); /* checked before anything else */
	kernel.core_main.regs.in_kernel = false;

	fake_uart_clear();
	FAKE_EXPECT_PANIC(kernel_entry(KERNEL_ENTRY_UNEXPECTED));
	assert_string_equal(fake_uart_text(), "kernel panic: unexpected exception vector\n");
	assert_int_equal(fake_arch.exits, 0);
}

static void test_kernel_init_starts_core(void **state)
{
	(void)state;
	const struct boot_info bi = { .core_ttbr0_phys = 0x40008000u, .ram_base = 0x40000000u };

	fake_reset();
	memset(&kernel, 0, sizeof(kernel));
	fake_board.ticks                  = 777;
	fake_board.masked[FAKE_TIMER_IRQ] = true;
	FAKE_RUN_KERNEL(kernel_init(&bi));

	assert_int_equal(fake_board.pic_inits, 1);
	assert_int_equal(fake_board.timer_inits, 1);
	assert_int_equal(fake_arch.cpu_inits, 1);
	assert_int_equal(kernel.ticks_per_ms, FAKE_TICKS_PER_MS);
	assert_int_equal(kernel.core_pd.state, PD_ACTIVE);
	assert_int_equal(kernel.core_pd.asid, 0);
	assert_int_equal(kernel.core_pd.thread_count, 2);
	assert_int_equal(kernel.core_pd.caps.slabs, 0);
	assert_int_equal(fake_arch.mmu_inits, 1);
	assert_int_equal(fake_arch.mmu_init_ttbr0, 0x40008000u);
	assert_int_equal(fake_arch.mmu_init_ram_base, 0x40000000u);
	assert_true(list_empty(&kernel.cpus[0].timeouts));

	assert_int_equal(kernel.cpus[0].idle.state, THREAD_ACTIVE);
	assert_false(sched_is_ready(&kernel.cpus[0].idle.share));
	assert_true(kernel.cpus[0].idle.regs.privileged);
	assert_string_equal(kernel.cpus[0].idle.name, "idle");
	assert_int_equal(kernel.core_main.state, THREAD_ACTIVE);
	assert_int_equal(kernel.core_main.share.priority, SCHED_PRIORITIES - 1);
	assert_ptr_equal(kernel.core_main.utcb, &core_main_utcb);
	assert_true(kernel.core_main.regs.privileged);
	assert_string_equal(kernel.core_main.name, "core");
	assert_int_equal(kernel.core_main.regs.r[0], (uint32_t)(uintptr_t)&bi);

	/* first exit: core's thread with core's table and a full fill slice */
	assert_ptr_equal(kernel.cpus[0].current, &kernel.core_main);
	assert_ptr_equal(fake_arch.exit_regs, &kernel.core_main.regs);
	assert_ptr_equal(kernel.cpus[0].current_pd, &kernel.core_pd);
	assert_int_equal(fake_arch.mmu_switches, 1);
	assert_int_equal(fake_arch.mmu_ttbr0, 0x40008000u);
	assert_int_equal(fake_arch.mmu_asid, 0);
	assert_int_equal(kernel.cpus[0].sched.fill_slice, 10 * FAKE_TICKS_PER_MS);
	assert_int_equal(kernel.cpus[0].sched.super_period, 1000 * FAKE_TICKS_PER_MS);
	assert_int_equal(fake_board.timer_slice, 10 * FAKE_TICKS_PER_MS);
	assert_int_equal(kernel.cpus[0].last_ticks, 777);
	assert_false(fake_board.masked[FAKE_TIMER_IRQ]);
	assert_string_equal(fake_uart_text(), "kernel initialized\n");
}

/* With more CPUs: the boot CPU starts the others, holding the kernel lock
 * until its first exit; each further CPU sets up its own part under the
 * lock and runs its idle thread; kernel calls enter through the locking
 * variant of the entry. */
static void test_kernel_init_starts_further_cpus(void **state)
{
	(void)state;
	const struct boot_info bi = { .core_ttbr0_phys = 0x40008000u,
				      .ram_base        = 0x40000000u,
				      .cpu_count       = 3 };

	fake_reset();
	memset(&kernel, 0, sizeof(kernel));
	FAKE_RUN_KERNEL(kernel_init(&bi));
	assert_int_equal(kernel.cpu_count, 3);
	assert_int_equal(fake_arch.cpu_starts, 2);
	assert_int_equal(fake_arch.last_cpu_started, 2);
	assert_int_equal(fake_arch.locks, 1);
	assert_int_equal(kernel.lock.owner, kernel.lock.next); /* released at the exit */
	assert_int_equal(fake_arch.mp_patches, 1);             /* kernel calls take the lock */
	assert_ptr_equal(kernel.cpus[0].current, &kernel.core_main);

	FAKE_RUN_KERNEL(kernel_cpu_init(1));
	struct cpu *c1 = &kernel.cpus[1];
	assert_ptr_equal(arch_cpu_local(), c1);
	assert_int_equal(c1->id, 1);
	assert_int_equal(fake_board.pic_cpu_inits, 1);
	assert_ptr_equal(c1->idle.cpu, c1);
	assert_ptr_equal(c1->current, &c1->idle);
	assert_ptr_equal(c1->sched.idle, &c1->idle.share);
	assert_int_equal(fake_arch.locks, 2);
	assert_int_equal(kernel.lock.owner, kernel.lock.next);
	assert_ptr_equal(kernel.core_main.cpu, &kernel.cpus[0]); /* core stays on CPU 0 */
	assert_int_equal(kernel.core_pd.thread_count, 3);        /* two idle threads and core */

	/* a kernel call on CPU 1 takes and releases the lock */
	c1->idle.regs.r[0] = KCALL_TIME;
	FAKE_RUN_KERNEL(kernel_entry_call_mp(c1));
	assert_int_equal(fake_arch.locks, 3);
	assert_int_equal(kernel.lock.owner, kernel.lock.next);
	assert_ptr_equal(c1->current, &c1->idle);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_trace_start_once_then_records),
		T(test_unknown_call_ids_are_invalid),
		T(test_core_only_calls_refused_for_user_threads),
		T(test_core_calls_reject_null_and_misaligned_objects),
		T(test_print_works_for_any_thread),
		T(test_yield_works_for_any_thread),
		T(test_time_works_for_any_thread),
		T(test_time_ns_at_the_timers_resolution),
		T(test_thread_time_is_the_callers_consumed_time),
		T(test_thread_exit_call_signals_the_pager),
		T(test_common_calls_refuse_bad_capabilities),
		T(test_common_calls_from_a_pd_without_names),
		T(test_thread_stop_and_restart_within_one_pd),
		T(test_thread_restart_of_another_pd_is_invalid_cap),
		T(test_cache_calls_only_on_the_callers_own_mappings),
		T(test_core_calls_build_and_tear_down),
		T(test_thread_create_call_needs_a_utcb),
		T(test_core_call_errors_are_returned),
		T(test_core_thread_calls_pause_regs_quota),
		T(test_sig_wait_call_blocks_until_a_fault),
		T(test_sig_pending_call_returns_a_pending_fault),
		T(test_entry_call_accounts_time_and_resumes_caller),
		T(test_entry_slice_expiry_switches_thread_and_space),
		T(test_entry_unexpected_and_spurious_irqs),
		T(test_entry_user_fault_wakes_blocked_pager),
		T(test_entry_idle_when_nobody_is_ready),
		T(test_entry_fault_in_core_panics),
		T(test_entry_bad_entries_panic),
		T(test_kernel_init_starts_core),
		T(test_kernel_init_starts_further_cpus),
	};
#undef T
	return cmocka_run_group_tests_name("kernel calls and entry", tests, NULL, NULL);
}
