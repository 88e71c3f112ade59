/*
 * libFuzzer harness for the kernel library (tool/fuzz_host, `make
 * fuzz-host`): the input is a script of events that the harness plays
 * against the kernel on the fake arch and board, as the CPU would see
 * them. Each step lets time pass and then either the running thread makes
 * a kernel call, an interrupt arrives (the timer, a line an IRQ object
 * owns, any other line, or none: spurious), or the running user thread
 * faults. A user thread calls any id with arguments drawn from small
 * numbers, its own names, forged ids and random words, and with random
 * UTCB headers. A core thread mostly makes core-only calls on the world's
 * objects (world.h) in whatever state they are, as core may, and sometimes
 * a common call. Who runs next is the kernel's decision (arch_kernel_exit).
 *
 * After every step the whole kernel state must pass kernel_check(), and
 * the call must have answered right: unknown and core-only ids refused for
 * user threads, a forged or mistyped capability refused with INVALID_CAP
 * before anything happened, every result a valid one. Any failure, kernel
 * panic or sanitizer report aborts, which libFuzzer reports as a crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "../fake/fake.h"
#include <kernel/call_id.h>
#include "world.h"

struct input {
	const uint8_t *data;
	size_t left;
};

static uint32_t take(struct input *in, unsigned bytes)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < bytes && in->left; i++, in->left--)
		v |= (uint32_t)*in->data++ << (8 * i);
	return v;
}

/* 0 .. n-1 (n <= 65536) */
static uint32_t pick(struct input *in, uint32_t n) { return take(in, n > 256 ? 2 : 1) % n; }

static __attribute__((noreturn)) void finding(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "kernel_fuzz: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nconsole:\n%s\n", fake_uart_text());
	va_end(ap);
	abort();
}

/* KERNEL_FUZZ_TRACE=1: every step on stderr (to read a crash's input) */
static bool tracing;

static void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void trace(const char *fmt, ...)
{
	va_list ap;
	if (!tracing)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static void check_world(const char *after)
{
	const char *broken = kernel_check(world_view());
	if (broken)
		finding("invariant broken after %s: %s", after, broken);
}

/* ---- arguments ---- */

/* One of the PD's live names, else any id it has */
static uint32_t live_name(struct input *in, const struct pd *pd)
{
	uint32_t ids = pd->caps.slabs * CAP_SLAB_NAMES, live = 0, k;

	for (uint32_t id = 0; id < ids; id++)
		live += cap_lookup((struct cap_space *)&pd->caps, (uint16_t)id) != NULL;
	if (!live)
		return ids ? pick(in, ids) : 0;
	k = pick(in, live);
	for (uint32_t id = 0;; id++)
		if (cap_lookup((struct cap_space *)&pd->caps, (uint16_t)id) && k-- == 0)
			return id;
}

/* A capability id: mostly one the PD has, else forged */
static uint32_t pick_cap(struct input *in, const struct pd *pd)
{
	uint32_t ids = pd->caps.slabs * CAP_SLAB_NAMES;

	switch (pick(in, 8)) {
	case 0: return take(in, 2);
	case 1: return take(in, 4);
	case 2: return 0;
	case 3: return ids ? pick(in, ids) : 0;
	default: return live_name(in, pd);
	}
}

static uint32_t pick_arg(struct input *in, const struct thread *t)
{
	switch (pick(in, 8)) {
	case 0: return 0;
	case 1: return pick(in, 8);
	case 2: return take(in, 4);
	case 3: return 0x10000 + pick(in, 0x11000); /* around the mapped range */
	case 4: return 0x80000000u + take(in, 2);   /* kernel memory */
	default: return pick_cap(in, t->pd);
	}
}

static uint32_t pick_size(struct input *in, uint32_t max)
{
	switch (pick(in, 4)) {
	case 0: return 0;
	case 1: return max;
	case 2: return take(in, 4);
	default: return pick(in, 65);
	}
}

/* The message a thread prepared: random header, names or forged ids */
static void fill_utcb(struct input *in, struct thread *t)
{
	struct utcb *u = t->utcb;

	if (!u || pick(in, 4) == 0)
		return; /* as the last call left it */
	u->data_size = pick_size(in, UTCB_DATA_SIZE);
	u->cap_count = pick(in, 8) ? pick(in, UTCB_MAX_CAPS + 1) : take(in, 4);
	for (unsigned i = 0; i < UTCB_MAX_CAPS; i++)
		u->caps[i] = (uint16_t)pick_cap(in, t->pd);
	u->data[pick(in, UTCB_DATA_SIZE)] = (uint8_t)take(in, 1);
}

/* Any id: every common one, frequent IPC and signal ids, core-only ids
 * (refused for user threads), unknown ones. */
static uint32_t pick_call_id(struct input *in)
{
	static const uint32_t frequent[] = {
		KCALL_RPC_CALL,   KCALL_RPC_WAIT,     KCALL_RPC_REPLY,    KCALL_RPC_REPLY_AND_WAIT,
		KCALL_SIG_SUBMIT, KCALL_SIG_WAIT,     KCALL_SIG_ACK,      KCALL_SIG_KILL,
		KCALL_CAP_ACK,    KCALL_CAP_DELETE,   KCALL_THREAD_STOP,  KCALL_THREAD_RESTART,
		KCALL_TIMEOUT,    KCALL_THREAD_YIELD, KCALL_SIG_ACK_WAIT,
	};
	enum { COMMON = KCALL_COMMON_LAST + 2, FREQUENT = sizeof(frequent) / sizeof(frequent[0]) };
	uint32_t c = pick(in, 64);

	if (c < COMMON)
		return c; /* 0 and the one past the last common id are unknown */
	if (c < COMMON + 2 * FREQUENT)
		return frequent[c % FREQUENT];
	if (c < 62)
		return KCALL_CORE_FIRST + pick(in, KCALL_CORE_LAST - KCALL_CORE_FIRST + 2);
	return take(in, 4);
}

/* Core's main thread keeps the scene going (it must never block): only
 * common calls that return at once. Core is trusted, so none of its calls
 * gets random pointers: no core-only ids here. */
static uint32_t pick_core_main_call_id(struct input *in)
{
	static const uint32_t never_block[] = {
		KCALL_PRINT,          KCALL_THREAD_YIELD, KCALL_TIME,        KCALL_RPC_REPLY,
		KCALL_SIG_SUBMIT,     KCALL_SIG_PENDING,  KCALL_SIG_ACK,     KCALL_CAP_ACK,
		KCALL_CAP_DELETE,     KCALL_TIMEOUT,      KCALL_THREAD_TIME, KCALL_CACHE_CLEAN_INV,
		KCALL_CACHE_COHERENT,
	};
	return never_block[pick(in, sizeof(never_block) / sizeof(never_block[0]))];
}

/* Other core threads may block like any thread */
static uint32_t pick_core_call_id(struct input *in)
{
	uint32_t id = pick_call_id(in);
	return id >= KCALL_CORE_FIRST ? KCALL_THREAD_YIELD : id;
}

/* ---- kernel entries ---- */

static void enter_call(void) { FAKE_RUN_KERNEL(kernel_entry_call(&kernel.cpus[0])); }
static void enter(unsigned kind) { FAKE_RUN_KERNEL(kernel_entry(kind)); }

static void interrupt(struct input *in)
{
	unsigned line;

	switch (pick(in, 4)) {
	case 0: line = FAKE_TIMER_IRQ; break;
	case 1: line = world.irq[pick(in, WORLD_IRQS)].line; break;
	case 2: line = pick(in, FAKE_IRQS); break;
	default: enter(KERNEL_ENTRY_IRQ); return; /* spurious */
	}
	trace("IRQ %u\n", line);
	fake_pic_raise(line);
	enter(KERNEL_ENTRY_IRQ);
}

static void fault(struct input *in)
{
	fake_arch.next_fault = (struct fault){ .type   = (enum fault_type)pick(in, 4),
					       .cause  = (enum fault_cause)pick(in, 4),
					       .ip     = take(in, 4),
					       .addr   = take(in, 4),
					       .status = take(in, 1) };
	trace("\"%s\" faults\n", kernel.cpus[0].current->name);
	enter(KERNEL_ENTRY_FAULT + pick(in, 4));
}

/* ---- user calls ---- */

/* A capability argument whose name the oracle below can judge: a delete
 * also frees a dead name, which no longer resolves */
static bool takes_cap(uint32_t id, const uint32_t *args)
{
	return kernel_call_cap_arg(id, args[1]) && id != KCALL_CAP_DELETE;
}

static enum kobject_type cap_type(uint32_t id)
{
	switch (id) {
	case KCALL_RPC_CALL:
	case KCALL_THREAD_RESTART: return KOBJ_THREAD;
	case KCALL_SIG_WAIT:
	case KCALL_SIG_PENDING: return KOBJ_SIG_RECEIVER;
	case KCALL_CAP_ACK: return KOBJ_NONE; /* any */
	}
	return KOBJ_SIG_CONTEXT;
}

/* The capability argument names nothing the call could act on */
static bool forged(struct thread *t, uint32_t id, const uint32_t *args)
{
	uint32_t cap = args[kernel_call_cap_arg(id, args[1])];
	if (cap > UINT16_MAX)
		return true;
	struct cap_name *n     = cap_lookup(&t->pd->caps, (uint16_t)cap);
	enum kobject_type type = cap_type(id);
	return !n || (type != KOBJ_NONE && n->identity->object->type != type);
}

static void check_result(struct thread *t, uint32_t id, bool was_forged)
{
	bool user     = !kernel_is_core(t);
	uint32_t r    = t->regs.r[0];
	bool answered = t->state == THREAD_ACTIVE;
	bool unknown =
	    id == 0 || (id > KCALL_COMMON_LAST && id < KCALL_CORE_FIRST) || id > KCALL_CORE_LAST;
	bool core_only    = id >= KCALL_CORE_FIRST && id <= KCALL_CORE_LAST;
	bool returns_time = id == KCALL_TIME || id == KCALL_THREAD_TIME || id == KCALL_TIME_NS;

	if ((unknown || (core_only && user)) && (!answered || r != KERNEL_INVALID_CALL))
		finding("call %u of a %s thread answered %u", id, user ? "user" : "core", r);
	if (was_forged && (!answered || r != KERNEL_INVALID_CAP))
		finding("call %u with a forged capability answered %u (state %u)", id, r, t->state);
	if (answered && !returns_time && r > KERNEL_DESTROYED)
		finding("call %u answered %u, which is no result", id, r);
}

/* Arguments of the shape the call expects (the first is mostly a name) */
static void typed_args(struct input *in, const struct thread *t, uint32_t id, uint32_t *a)
{
	switch (id) {
	case KCALL_RPC_CALL:
		a[1] = pick_cap(in, t->pd);
		a[2] = pick(in, UTCB_MAX_CAPS + 2);
		a[3] = pick(in, 2) ? pick(in, 256) : take(in, 4); /* names to take or drop */
		return;
	case KCALL_RPC_WAIT: a[1] = pick(in, UTCB_MAX_CAPS + 2); return;
	case KCALL_RPC_REPLY_AND_WAIT:
		a[1] = pick(in, UTCB_MAX_CAPS + 2);
		a[2] = pick(in, 2) ? pick(in, 256) : take(in, 4);
		return;
	case KCALL_SIG_SUBMIT:
		a[1] = pick_cap(in, t->pd);
		a[2] = pick(in, 4) ? 1 + pick(in, 3) : take(in, 4);
		return;
	case KCALL_TIMEOUT:
		a[1] = pick(in, 4) ? pick(in, 300) : take(in, 4);
		a[2] = pick_cap(in, t->pd);
		return;
	case KCALL_SIG_ACK_WAIT: /* a context to acknowledge, a receiver to wait at */
		a[1] = pick_cap(in, t->pd);
		a[2] = pick_cap(in, t->pd);
		return;
	case KCALL_CACHE_CLEAN_INV:
	case KCALL_CACHE_INV:
	case KCALL_CACHE_COHERENT:
		a[1] = 0x10000 + pick(in, 0x11000) - 0x800;
		a[2] = pick_size(in, 0x10000);
		return;
	default: a[1] = pick_cap(in, t->pd); return;
	}
}

/* A common call, with arguments of the right shape or any (also made by
 * core threads) */
static void common_call(struct input *in, struct thread *t, uint32_t id)
{
	uint32_t args[6] = { id };

	fill_utcb(in, t);
	for (unsigned i = 1; i < 6; i++)
		args[i] = pick_arg(in, t);
	if (pick(in, 4))
		typed_args(in, t, id, args);
	bool was_forged = takes_cap(id, args) && forged(t, id, args);
	memcpy(t->regs.r, args, sizeof(args));
	trace("\"%s\" call %u (%#x, %#x, %#x)", t->name, id, args[1], args[2], args[3]);
	enter_call();
	trace(" -> %u, state %u\n", t->regs.r[0], t->state);
	check_result(t, id, was_forged);
}

/* ---- core calls ---- */

static uint32_t h(const void *object) { return world_handle(object); }

/* Mostly an active PD (core's too), else any */
static uint32_t any_pd(struct input *in)
{
	uint32_t i = pick(in, WORLD_PDS + 1);

	for (uint32_t tries = 0; pick(in, 4) && tries <= WORLD_PDS; tries++, i++)
		if (i % (WORLD_PDS + 1) == WORLD_PDS ||
		    world.pd[i % (WORLD_PDS + 1)].state == PD_ACTIVE)
			break;
	i %= WORLD_PDS + 1;
	return h(i < WORLD_PDS ? &world.pd[i] : (void *)&kernel.core_pd);
}

static struct thread *thread_at(uint32_t i)
{
	return i < WORLD_THREADS ? &world.thread[i] : &kernel.core_main;
}

/* Mostly a thread that exists (constructed == true) or a free slot */
static uint32_t pick_thread(struct input *in, bool constructed)
{
	uint32_t i = pick(in, WORLD_THREADS + 1);

	for (uint32_t tries = 0; pick(in, 4) && tries <= WORLD_THREADS; tries++, i++)
		if (thread_constructed(thread_at(i % (WORLD_THREADS + 1))) == constructed)
			break;
	return i % (WORLD_THREADS + 1);
}

static uint32_t any_thread(struct input *in) { return h(thread_at(pick_thread(in, true))); }
static uint32_t any_context(struct input *in)
{
	return h(&world.context[pick(in, WORLD_CONTEXTS)]);
}
static uint32_t any_receiver(struct input *in)
{
	return h(&world.receiver[pick(in, WORLD_RECEIVERS)]);
}

static uint32_t any_kobject(struct input *in)
{
	switch (pick(in, 3)) {
	case 0: return h(&thread_at(pick_thread(in, true))->kobj);
	case 1: return any_receiver(in);
	default: return any_context(in);
	}
}

/* Sometimes a null or misaligned pointer, which the kernel must refuse */
static uint32_t or_bad(struct input *in, uint32_t handle)
{
	switch (pick(in, 16)) {
	case 0: return 0;
	case 1: return handle | 2;
	default: return handle;
	}
}

static void core_args(struct input *in, uint32_t id, uint32_t *a)
{
	switch (id) {
	case KCALL_PD_CREATE:
		a[1] = any_pd(in);
		a[2] = pick(in, 4) ? 0x40100000u + pick(in, 8) * ARCH_TTBR0_ALIGN : take(in, 4);
		return;
	case KCALL_PD_CAP_SLAB: {
		int s = world_free_slab();
		a[1]  = any_pd(in);
		a[2]  = s < 0 ? 0 : or_bad(in, h(world.slab[s]));
		return;
	}
	case KCALL_PD_DESTROY:
	case KCALL_PD_CAP_SLAB_REMOVE: a[1] = any_pd(in); return;
	case KCALL_THREAD_CREATE: {
		uint32_t i = pick_thread(in, false) % WORLD_THREADS;
		a[1]       = h(&world.thread[i]);
		a[2]       = or_bad(in, any_pd(in));
		a[3]       = pick(in, SCHED_PRIORITIES + 2);
		a[4]       = 0;
		a[5]       = or_bad(in, h(world.utcb[i]));
		return;
	}
	case KCALL_THREAD_START:
		a[1] = any_thread(in);
		a[2] = take(in, 4);
		a[3] = take(in, 4);
		a[4] = take(in, 4);
		return;
	case KCALL_THREAD_DESTROY:
	case KCALL_THREAD_PAUSE:
	case KCALL_THREAD_RESUME: break;
	case KCALL_THREAD_PAGER: a[2] = pick(in, 4) ? or_bad(in, any_context(in)) : 0; break;
	case KCALL_THREAD_PAGER_ACK: a[2] = pick(in, 2); break;
	case KCALL_THREAD_REGS: a[2] = or_bad(in, h(&world.regs_out)); break;
	case KCALL_THREAD_QUOTA: a[2] = pick(in, 2) ? pick(in, 400) : take(in, 4); break;
	case KCALL_OBJ_CREATE:
		a[1] = h(&world.id[pick(in, WORLD_IDS)]);
		a[2] = or_bad(in, any_kobject(in));
		return;
	case KCALL_OBJ_DESTROY: a[1] = h(&world.id[pick(in, WORLD_IDS)]); return;
	case KCALL_CAP_INSERT:
		a[1] = any_pd(in);
		a[2] = or_bad(in, h(&world.id[pick(in, WORLD_IDS)]));
		return;
	case KCALL_CAP_DELEGATE:
		a[1] = any_pd(in);
		a[2] = pick_cap(in, &kernel.core_pd);
		return;
	case KCALL_SIG_RECEIVER_CREATE:
	case KCALL_SIG_RECEIVER_DESTROY: a[1] = any_receiver(in); return;
	case KCALL_SIG_CONTEXT_CREATE:
		a[1] = any_context(in);
		a[2] = or_bad(in, any_receiver(in));
		a[3] = take(in, 4);
		return;
	case KCALL_SIG_CONTEXT_DESTROY: a[1] = any_context(in); return;
	case KCALL_IRQ_CREATE:
		a[1] = h(&world.irq[pick(in, WORLD_IRQS)]);
		a[2] = pick(in, 8) ? pick(in, FAKE_IRQS) : take(in, 4);
		a[3] = or_bad(in, any_context(in));
		return;
	case KCALL_IRQ_DESTROY: a[1] = h(&world.irq[pick(in, WORLD_IRQS)]); return;
	default: return;
	}
	a[1] = any_thread(in); /* the thread calls above */
}

/* What core does with its own records after the kernel said yes */
static void core_books(uint32_t id, const uint32_t *a, const struct cpu_regs *r)
{
	struct pd *pd = a[1] ? arch_core_ptr(a[1] & ~3u) : NULL;

	if (r->r[0] != KERNEL_OK)
		return;
	switch (id) {
	case KCALL_PD_CAP_SLAB: world_slab_given(a[2], pd); return;
	case KCALL_PD_CAP_SLAB_REMOVE: world_slab_taken(pd, r->r1_wide); return;
	case KCALL_PD_DESTROY: world_pd_destroyed(pd); return;
	}
}

static void core_call(struct input *in, struct thread *t)
{
	uint32_t id   = KCALL_CORE_FIRST + pick(in, KCALL_CORE_LAST - KCALL_CORE_FIRST + 1);
	uint32_t a[6] = { id };

	core_args(in, id, a);
	if (pick(in, 32) == 0)
		a[1] = pick(in, 2) ? 0 : 2; /* null or misaligned object */
	memcpy(t->regs.r, a, sizeof(a));
	trace("\"%s\" core call %u (%#x, %#x, %#x)", t->name, id, a[1], a[2], a[3]);
	enter_call();
	trace(" -> %u\n", t->regs.r[0]);
	check_result(t, id, false);
	core_books(id, a, &t->regs);
	/* as core does, mostly start a thread right after creating it */
	if (id == KCALL_THREAD_CREATE && t->regs.r[0] == KERNEL_OK && kernel.cpus[0].current == t &&
	    pick(in, 4)) {
		uint32_t start[6] = { KCALL_THREAD_START, a[1], 0x10000, 0x20000, 0x7ffff000 };
		memcpy(t->regs.r, start, sizeof(start));
		enter_call();
		check_result(t, KCALL_THREAD_START, false);
	}
}

/* ---- the script ---- */

static void step(struct input *in)
{
	struct thread *t = kernel.cpus[0].current;
	uint32_t event   = pick(in, 16);

	fake_board.ticks += pick(in, 8) ? pick(in, 16) : take(in, 2);
	if (t == &kernel.cpus[0].idle || event == 0)
		interrupt(in);
	else if (kernel_is_core(t) && event > 3)
		core_call(in, t);
	else if (t == &kernel.core_main)
		common_call(in, t, pick_core_main_call_id(in));
	else if (kernel_is_core(t))
		common_call(in, t, pick_core_call_id(in));
	else if (event == 1)
		fault(in);
	else
		common_call(in, t, pick_call_id(in));
	check_world("a step");
	fake_uart_clear();
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("CMOCKA_TEST_ABORT", "1", 1); /* a failed fake assertion aborts */
	tracing = getenv("KERNEL_FUZZ_TRACE") && getenv("KERNEL_FUZZ_TRACE")[0] == '1';
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };

	world_setup();
	check_world("setup");
	while (in.left)
		step(&in);
	return 0;
}
