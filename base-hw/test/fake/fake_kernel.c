/*
 * Fixture for the kernel tests: resets the fakes and brings `kernel`
 * (defined in kernel.c) into the state kernel_init leaves it in, without
 * running kernel_init, so that every test starts from the same known state.
 * Also pools of UTCBs and capability slabs for the objects tests create.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "../../src/kernel/kernel.h"
#include "../../src/kernel/core_interface.h"
#include "../../src/kernel/timeout.h"
#include "fake.h"

static struct utcb utcbs[FAKE_UTCBS] __attribute__((aligned(UTCB_SIZE)));
static unsigned utcbs_used;
static struct cap_slab slabs[FAKE_SLABS];
static unsigned slabs_used;

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
	memset(&core_main_utcb, 0, sizeof(core_main_utcb));
	memset(utcbs, 0, sizeof(utcbs));
	utcbs_used = 0;
	memset(slabs, 0, sizeof(slabs));
	slabs_used          = 0;
	kernel.ticks_per_ms = FAKE_TICKS_PER_MS;
	kernel.cpu_count    = 1;
	arch_cpu_local_set(&kernel.cpus[0]);

	timeout_init(&kernel.cpus[0]);
	list_init(&kernel.cpus[0].migrations);
	sched_init(&kernel.cpus[0].sched, &kernel.cpus[0].idle.share, FAKE_SUPER_PERIOD,
		   FAKE_SLICE);
	pd_create_core(&kernel.core_pd, FAKE_CORE_TTBR0);
	assert_int_equal(thread_create(&kernel.cpus[0].idle, &kernel.core_pd, 0, "idle", NULL),
			 KERNEL_OK);
	assert_int_equal(thread_start(&kernel.cpus[0].idle, 0x1000, 0x2000), KERNEL_OK);
	assert_int_equal(thread_create(&kernel.core_main, &kernel.core_pd, FAKE_CORE_PRIO, "core",
				       &core_main_utcb),
			 KERNEL_OK);
	assert_int_equal(thread_start(&kernel.core_main, 0x3000, 0x4000), KERNEL_OK);

	assert_ptr_equal(sched_next(&kernel.cpus[0].sched), &kernel.core_main.share);
	kernel.cpus[0].current    = &kernel.core_main;
	kernel.cpus[0].current_pd = &kernel.core_pd;
	assert_false(sched_is_ready(&kernel.cpus[0].idle.share));
	assert_int_equal(kernel.core_pd.thread_count, 2);
	assert_true(list_empty(&kernel.cpus[0].timeouts));
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

static bool runnable(const struct thread *t) { return t->state == THREAD_ACTIVE && !t->paused; }

void fake_check_thread(struct thread *t)
{
	if (t == &kernel.cpus[0].idle || !thread_constructed(t))
		return;
	struct thread *x = thread_executor(t);
	assert_int_equal(sched_is_ready(&t->share), runnable(x) && x->cpu == t->cpu);
	/* ipc.c keeps the count its fast path compares with */
	assert_int_equal(t->rcv_reserved_count, fake_list_len(&t->rcv_reserved));
}

void fake_kernel_check_invariants(int live_user_pds)
{
	struct scheduler *s = &kernel.cpus[0].sched;

	for (struct list_node *n = s->fills.head.next; n != &s->fills.head; n = n->next) {
		struct sched_share *sh = container_of(n, struct sched_share, fill_node);
		struct thread *t       = container_of(sh, struct thread, share);
		assert_ptr_equal(n->next->prev, n);
		assert_true(sh->priority < SCHED_PRIORITIES);
		assert_ptr_not_equal(t, &kernel.cpus[0].idle);
		assert_true(thread_constructed(t));
		assert_true(runnable(thread_executor(t)));
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
	fake_check_thread(&kernel.core_main);

	/* armed timeouts are sorted by deadline */
	uint64_t last = 0;
	for (struct list_node *n                   = kernel.cpus[0].timeouts.head.next;
	     n != &kernel.cpus[0].timeouts.head; n = n->next) {
		struct timeout *t = container_of(n, struct timeout, node);
		assert_ptr_equal(n->next->prev, n);
		assert_true(t->deadline >= last);
		assert_non_null(t->ctx);
		last = t->deadline;
	}

	if (live_user_pds >= 0) {
		int used = 0;
		for (unsigned a = 0; a < KERNEL_ASIDS; a++)
			used += (kernel.asid_used[a / 32] >> (a % 32)) & 1;
		assert_int_equal(used, live_user_pds);
		assert_false(kernel.asid_used[0] & 1); /* ASID 0 is core's, never allocated */
	}
}

struct utcb *fake_utcb(void)
{
	assert_true(utcbs_used < FAKE_UTCBS);
	return &utcbs[utcbs_used++];
}

struct cap_slab *fake_slab(void)
{
	assert_true(slabs_used < FAKE_SLABS);
	return &slabs[slabs_used++];
}

void fake_pd_add_slab(struct pd *pd)
{
	assert_int_equal(cap_slab_add(&pd->caps, fake_slab()), KERNEL_OK);
}

uint16_t fake_name(struct pd *pd, struct identity *id)
{
	uint16_t cap = 0;
	assert_int_equal(cap_insert(&pd->caps, id, &cap), KERNEL_OK);
	assert_int_not_equal(cap, 0);
	return cap;
}

static bool on_list(const struct list *l, const struct list_node *node)
{
	for (const struct list_node *n = l->head.next; n != &l->head; n = n->next)
		if (n == node)
			return true;
	return false;
}

void fake_check_caps(struct pd *pd)
{
	struct cap_space *cs = &pd->caps;
	unsigned free_names = 0, listed = 0;

	for (unsigned s = 0; s < CAP_SLABS_MAX; s++) {
		struct list *l = &cs->free[s];
		assert_int_equal(!!(cs->free_slabs >> s & 1), !list_empty(l));
		for (struct list_node *n = l->head.next; n != &l->head; n = n->next) {
			struct cap_name *c = container_of(n, struct cap_name, node);
			assert_ptr_equal(n->next->prev, n);
			assert_int_equal(c->state, CAP_FREE);
			assert_ptr_equal(c->pd, pd);
			assert_int_equal(c->id / CAP_SLAB_NAMES, s);
			listed++;
		}
	}
	assert_int_equal(listed, cs->free_count);
	assert_true(cs->slabs <= CAP_SLABS_MAX);
	for (unsigned s = 0; s < cs->slabs; s++) {
		for (unsigned i = 0; i < CAP_SLAB_NAMES; i++) {
			struct cap_name *c = &cs->slab[s]->name[i];
			assert_int_equal(c->id, s * CAP_SLAB_NAMES + i);
			assert_ptr_equal(c->pd, pd);
			if (c->id == 0)
				assert_int_equal(c->state, CAP_DEAD); /* never handed out */
			switch (c->state) {
			case CAP_FREE:
				free_names++;
				assert_null(c->identity);
				break;
			case CAP_LIVE:
				assert_non_null(c->identity);
				assert_int_equal(c->identity->state, IDENTITY_ACTIVE);
				assert_true(on_list(&c->identity->names, &c->node));
				assert_int_equal(cap_find(cs, c->identity), c->id);
				break;
			case CAP_DEAD:
				assert_null(c->identity);
				assert_int_equal(c->in_flight, 0);
				assert_false(list_node_linked(&c->node));
				break;
			case CAP_RESERVED: assert_null(c->identity); break;
			default: fail_msg("name %u in unknown state %u", c->id, c->state);
			}
		}
	}
	assert_int_equal(free_names, cs->free_count);
}
