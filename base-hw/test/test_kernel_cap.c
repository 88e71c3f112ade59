/*
 * Host tests for capabilities (base-hw/src/kernel/cap.c, doc/architecture.md
 * 4.4): slabs and id numbering, lookup, identity preservation ("no name
 * diversity"), reservation and refill, insertion, the ack/delete race, the
 * death of names with their identity, object, thread or PD, and the
 * capability calls (cap_ack, cap_delete, and core's slab, identity and
 * insert calls), and core taking back slabs whose names are all free.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake/fake.h"
#include "../src/kernel/kernel.h"
#include "../src/kernel/signal.h"
#include <kernel/call_id.h>

enum { TABLE_A = 0x40200000u, TABLE_B = 0x40300000u, FIRST_SLAB_IDS = CAP_SLAB_NAMES - 1 };

static struct pd pa, pb;            /* user PDs, without names after setup */
static struct thread ta, tb;        /* started threads of pa and pb */
static struct sig_receiver rcv;     /* an object to name */
static struct sig_context ctx;      /* another object, bound to rcv */
static struct identity ids[70];     /* identities of rcv, zeroed */
static struct identity id_t, id_t2; /* identities of tb */
static struct identity id_ctx;      /* identity of ctx */
static struct list reserved;        /* names set aside by a test */
/* identities of rcv for the tests that fill a PD: as many as it can name */
static struct identity lots[CAP_SLABS_MAX * CAP_SLAB_NAMES];

static int setup(void **state)
{
	memset(&pa, 0, sizeof(pa));
	memset(&pb, 0, sizeof(pb));
	memset(&ta, 0, sizeof(ta));
	memset(&tb, 0, sizeof(tb));
	memset(&rcv, 0, sizeof(rcv));
	memset(&ctx, 0, sizeof(ctx));
	memset(ids, 0, sizeof(ids));
	memset(&id_t, 0, sizeof(id_t));
	memset(&id_t2, 0, sizeof(id_t2));
	memset(&id_ctx, 0, sizeof(id_ctx));
	list_init(&reserved);
	fake_kernel_setup(state);
	assert_int_equal(pd_create(&pa, TABLE_A), KERNEL_OK);
	assert_int_equal(pd_create(&pb, TABLE_B), KERNEL_OK);
	assert_int_equal(thread_create(&ta, &pa, 1, "a", fake_utcb()), KERNEL_OK);
	assert_int_equal(thread_start(&ta, 0x1000, 0x2000), KERNEL_OK);
	assert_int_equal(thread_create(&tb, &pb, 1, "b", fake_utcb()), KERNEL_OK);
	assert_int_equal(thread_start(&tb, 0x1000, 0x2000), KERNEL_OK);
	assert_int_equal(sig_receiver_create(&rcv), KERNEL_OK);
	assert_int_equal(sig_context_create(&ctx, &rcv, 1), KERNEL_OK);
	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		assert_int_equal(identity_create(&ids[i], &rcv.kobj), KERNEL_OK);
	assert_int_equal(identity_create(&id_t, &tb.kobj), KERNEL_OK);
	assert_int_equal(identity_create(&id_t2, &tb.kobj), KERNEL_OK);
	assert_int_equal(identity_create(&id_ctx, &ctx.kobj), KERNEL_OK);
	return 0;
}

static int teardown(void **state)
{
	if (pa.state == PD_ACTIVE)
		fake_check_caps(&pa);
	if (pb.state == PD_ACTIVE)
		fake_check_caps(&pb);
	fake_check_caps(&kernel.core_pd);
	fake_kernel_check_invariants(-1);
	return fake_kernel_teardown(state);
}

static struct cap_name *name_of(struct pd *pd, uint16_t id)
{
	return &pd->caps.slab[id / CAP_SLAB_NAMES]->name[id % CAP_SLAB_NAMES];
}

static uint16_t insert(struct pd *pd, struct identity *id)
{
	uint16_t cap = 0xdead;
	assert_int_equal(cap_insert(&pd->caps, id, &cap), KERNEL_OK);
	return cap;
}

/* Dispatch a common call of t and return its result. */
static uint32_t call(struct thread *t, uint32_t id, uint32_t a1)
{
	t->regs.r[0]           = id;
	t->regs.r[1]           = a1;
	kernel.cpus[0].current = t;
	kernel_call_dispatch(t);
	kernel.cpus[0].current = &kernel.core_main;
	return t->regs.r[0];
}

/* ---- slabs and numbering ---- */

static void test_new_pd_has_no_names(void **state)
{
	(void)state;
	uint16_t cap = 7;
	assert_int_equal(pa.caps.slabs, 0);
	assert_int_equal(pa.caps.free_count, 0);
	assert_int_equal(pa.caps.free_slabs, 0);
	assert_int_equal(cap_insert(&pa.caps, &ids[0], &cap), KERNEL_OUT_OF_CAPS);
	assert_int_equal(cap, 0);
	assert_int_equal(cap_reserve(&pa.caps, &reserved, 1), KERNEL_OUT_OF_CAPS);
	assert_null(cap_lookup(&pa.caps, 1));
	assert_true(list_empty(&ids[0].names));
}

static void test_slab_add_numbers_ids_and_never_hands_out_0(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	assert_int_equal(pa.caps.slabs, 1);
	assert_int_equal(pa.caps.free_count, FIRST_SLAB_IDS);
	assert_int_equal(name_of(&pa, 0)->state, CAP_DEAD);
	assert_int_equal(name_of(&pa, 0)->id, 0);
	assert_int_equal(name_of(&pa, 63)->id, 63);
	assert_int_equal(name_of(&pa, 1)->state, CAP_FREE);
	assert_ptr_equal(name_of(&pa, 1)->pd, &pa);

	/* names are handed out in id order, starting at 1 */
	for (unsigned i = 0; i < FIRST_SLAB_IDS; i++)
		assert_int_equal(insert(&pa, &ids[i]), i + 1);
	assert_int_equal(pa.caps.free_count, 0);
	uint16_t cap = 0xdead;
	assert_int_equal(cap_insert(&pa.caps, &ids[FIRST_SLAB_IDS], &cap), KERNEL_OUT_OF_CAPS);
	assert_int_equal(cap, 0);

	/* the second slab continues at 64, with all 64 names usable */
	fake_pd_add_slab(&pa);
	assert_int_equal(pa.caps.slabs, 2);
	assert_int_equal(pa.caps.free_count, CAP_SLAB_NAMES);
	assert_int_equal(insert(&pa, &ids[FIRST_SLAB_IDS]), CAP_SLAB_NAMES);
	assert_int_equal(name_of(&pa, 2 * CAP_SLAB_NAMES - 1)->id, 2 * CAP_SLAB_NAMES - 1);
	/* id 0 stays unusable */
	assert_null(cap_lookup(&pa.caps, 0));
	assert_int_equal(cap_delete(&pa.caps, 0), KERNEL_INVALID_CAP);
	assert_int_equal(cap_ack(&pa.caps, 0), KERNEL_INVALID_CAP);
	assert_int_equal(name_of(&pa, 0)->state, CAP_DEAD);
}

static void test_slab_limit_is_exhausted(void **state)
{
	(void)state;
	for (unsigned i = 0; i < CAP_SLABS_MAX; i++)
		fake_pd_add_slab(&pa);
	assert_int_equal(pa.caps.free_count, CAP_SLABS_MAX * CAP_SLAB_NAMES - 1);

	struct cap_slab *extra = fake_slab();
	memset(extra, 0x5a, sizeof(*extra));
	assert_int_equal(cap_slab_add(&pa.caps, extra), KERNEL_EXHAUSTED);
	assert_int_equal(pa.caps.slabs, CAP_SLABS_MAX);
	assert_int_equal(pa.caps.free_count, CAP_SLABS_MAX * CAP_SLAB_NAMES - 1);
	assert_int_equal(((uint8_t *)extra)[0], 0x5a); /* untouched */
	/* the highest id works, the next one lies beyond */
	uint16_t last = CAP_SLABS_MAX * CAP_SLAB_NAMES - 1;
	assert_int_equal(name_of(&pa, last)->id, last);
	assert_int_equal(name_of(&pa, last)->state, CAP_FREE);
	assert_null(cap_lookup(&pa.caps, last + 1));
	assert_int_equal(cap_delete(&pa.caps, last + 1), KERNEL_INVALID_CAP);
	assert_int_equal(cap_delete(&pa.caps, 0xffff), KERNEL_INVALID_CAP);
}

/* ---- taking slabs back ---- */

/* pa's first slab full (ids[0..62]), a second one all free: the next name is 64. */
static void fill_first_slab_add_second(void)
{
	fake_pd_add_slab(&pa);
	for (unsigned i = 0; i < FIRST_SLAB_IDS; i++)
		insert(&pa, &ids[i]);
	fake_pd_add_slab(&pa);
	assert_int_equal(pa.caps.free_count, CAP_SLAB_NAMES);
}

/* Removal is refused and changes nothing, not even the out-parameter. */
static void assert_remove_refused(struct pd *pd)
{
	static struct cap_slab untouched;
	struct cap_slab *out = &untouched;
	unsigned slabs = pd->caps.slabs, free_count = pd->caps.free_count;
	struct cap_slab *last = slabs ? pd->caps.slab[slabs - 1] : NULL;

	assert_int_equal(cap_slab_remove(&pd->caps, &out), KERNEL_INVALID_STATE);
	assert_ptr_equal(out, &untouched);
	assert_int_equal(pd->caps.slabs, slabs);
	assert_int_equal(pd->caps.free_count, free_count);
	if (slabs)
		assert_ptr_equal(pd->caps.slab[slabs - 1], last);
}

static void test_slab_remove_takes_back_free_last_slabs(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	struct cap_slab *second = fake_slab(), *third = fake_slab(), *out = NULL;
	assert_int_equal(cap_slab_add(&pa.caps, second), KERNEL_OK);
	assert_int_equal(cap_slab_add(&pa.caps, third), KERNEL_OK);
	uint16_t kept = insert(&pa, &ids[0]); /* in slab 0, which stays */
	/* a name of the second slab used and freed again: it sits at the back of the list */
	for (unsigned i = 1; i < FIRST_SLAB_IDS; i++)
		insert(&pa, &ids[i]);
	uint16_t used = insert(&pa, &ids[FIRST_SLAB_IDS]);
	assert_int_equal(used, CAP_SLAB_NAMES);
	assert_int_equal(cap_delete(&pa.caps, used), KERNEL_OK);
	for (unsigned i = 1; i < FIRST_SLAB_IDS; i++)
		assert_int_equal(cap_delete(&pa.caps, i + 1), KERNEL_OK);
	assert_int_equal(pa.caps.free_count, 3 * CAP_SLAB_NAMES - 2);

	assert_int_equal(cap_slab_remove(&pa.caps, &out), KERNEL_OK);
	assert_ptr_equal(out, third);
	assert_int_equal(pa.caps.slabs, 2);
	assert_null(pa.caps.slab[2]);
	assert_int_equal(pa.caps.free_count, 2 * CAP_SLAB_NAMES - 2);
	assert_int_equal(cap_slab_remove(&pa.caps, &out), KERNEL_OK);
	assert_ptr_equal(out, second);
	assert_int_equal(pa.caps.slabs, 1);
	assert_null(pa.caps.slab[1]);
	assert_int_equal(pa.caps.free_count, FIRST_SLAB_IDS - 1);

	/* the memory is core's again: the kernel never looks at it */
	memset(second, 0x5a, sizeof(*second));
	memset(third, 0x5a, sizeof(*third));
	for (uint16_t id = CAP_SLAB_NAMES; id < 3 * CAP_SLAB_NAMES; id++) {
		assert_null(cap_lookup(&pa.caps, id));
		assert_null(cap_object(&pa.caps, id, KOBJ_SIG_RECEIVER));
	}
	assert_int_equal(cap_delete(&pa.caps, used), KERNEL_INVALID_CAP);
	assert_int_equal(cap_ack(&pa.caps, used), KERNEL_INVALID_CAP);
	/* every free name left is one of the first slab */
	assert_int_equal(cap_reserve(&pa.caps, &reserved, FIRST_SLAB_IDS - 1), KERNEL_OK);
	for (struct list_node *n = list_first(&reserved); n != &reserved.head; n = n->next)
		assert_true(container_of(n, struct cap_name, node)->id < CAP_SLAB_NAMES);
	assert_int_equal(pa.caps.free_count, 0);
	cap_unreserve(&pa.caps, &reserved);
	assert_ptr_equal(cap_lookup(&pa.caps, kept)->identity, &ids[0]);
}

static void test_slab_remove_refused_for_the_first_slab(void **state)
{
	(void)state;
	assert_remove_refused(&pa); /* no slab at all */
	fake_pd_add_slab(&pa);
	assert_remove_refused(&pa); /* all free but id 0, which never is */
	assert_int_equal(pa.caps.free_count, FIRST_SLAB_IDS);
	assert_int_equal(insert(&pa, &ids[0]), 1);
}

static void test_slab_remove_refused_while_a_name_is_reserved(void **state)
{
	(void)state;
	fill_first_slab_add_second();
	assert_int_equal(cap_reserve(&pa.caps, &reserved, 1), KERNEL_OK);
	assert_int_equal(container_of(list_first(&reserved), struct cap_name, node)->id,
			 CAP_SLAB_NAMES);
	assert_remove_refused(&pa);
	assert_int_equal(name_of(&pa, CAP_SLAB_NAMES)->state, CAP_RESERVED);

	cap_unreserve(&pa.caps, &reserved);
	struct cap_slab *out = NULL;
	assert_int_equal(cap_slab_remove(&pa.caps, &out), KERNEL_OK);
	assert_int_equal(pa.caps.free_count, 0);
}

static void test_slab_remove_refused_while_a_name_is_live(void **state)
{
	(void)state;
	fill_first_slab_add_second();
	uint16_t live = insert(&pa, &ids[FIRST_SLAB_IDS]);
	assert_int_equal(live, CAP_SLAB_NAMES);
	assert_remove_refused(&pa);
	assert_ptr_equal(cap_lookup(&pa.caps, live)->identity, &ids[FIRST_SLAB_IDS]);

	assert_int_equal(cap_delete(&pa.caps, live), KERNEL_OK);
	struct cap_slab *out = NULL;
	assert_int_equal(cap_slab_remove(&pa.caps, &out), KERNEL_OK);
	assert_true(list_empty(&ids[FIRST_SLAB_IDS].names));
}

static void test_slab_remove_refused_while_a_name_is_dead(void **state)
{
	(void)state;
	fill_first_slab_add_second();
	/* the slab's very last name */
	assert_int_equal(cap_reserve(&pa.caps, &reserved, CAP_SLAB_NAMES - 1), KERNEL_OK);
	uint16_t dead = insert(&pa, &ids[FIRST_SLAB_IDS]);
	assert_int_equal(dead, 2 * CAP_SLAB_NAMES - 1);
	cap_unreserve(&pa.caps, &reserved);
	assert_int_equal(identity_destroy(&ids[FIRST_SLAB_IDS]), KERNEL_OK);
	assert_int_equal(name_of(&pa, dead)->state, CAP_DEAD);
	assert_remove_refused(&pa);

	assert_int_equal(cap_delete(&pa.caps, dead), KERNEL_OK);
	struct cap_slab *out = NULL;
	assert_int_equal(cap_slab_remove(&pa.caps, &out), KERNEL_OK);
}

static void test_slab_add_after_remove_hands_out_its_ids_again(void **state)
{
	(void)state;
	fill_first_slab_add_second();
	uint16_t x = insert(&pa, &ids[FIRST_SLAB_IDS]);
	assert_int_equal(cap_delete(&pa.caps, x), KERNEL_OK);
	struct cap_slab *out = NULL;
	assert_int_equal(cap_slab_remove(&pa.caps, &out), KERNEL_OK);
	uint16_t cap = 0xdead;
	assert_int_equal(cap_insert(&pa.caps, &ids[FIRST_SLAB_IDS + 1], &cap), KERNEL_OUT_OF_CAPS);

	/* core donates the slab again (dirty, as core may have reused it) */
	memset(out, 0x5a, sizeof(*out));
	assert_int_equal(cap_slab_add(&pa.caps, out), KERNEL_OK);
	assert_int_equal(pa.caps.slabs, 2);
	assert_int_equal(pa.caps.free_count, CAP_SLAB_NAMES);
	uint16_t y = insert(&pa, &ids[FIRST_SLAB_IDS + 1]);
	assert_int_equal(y, CAP_SLAB_NAMES);
	assert_ptr_equal(cap_lookup(&pa.caps, y)->identity, &ids[FIRST_SLAB_IDS + 1]);
	assert_int_equal(name_of(&pa, 2 * CAP_SLAB_NAMES - 1)->state, CAP_FREE);
}

/* ---- lookup ---- */

static void test_lookup_of_live_free_reserved_dead_and_foreign_ids(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	uint16_t live = insert(&pa, &ids[0]);
	uint16_t dead = insert(&pa, &ids[1]);
	uint16_t thr  = insert(&pa, &id_t);
	assert_int_equal(identity_destroy(&ids[1]), KERNEL_OK);
	assert_int_equal(cap_reserve(&pa.caps, &reserved, 1), KERNEL_OK);
	uint16_t resv = container_of(list_first(&reserved), struct cap_name, node)->id;

	struct cap_name *n = cap_lookup(&pa.caps, live);
	assert_non_null(n);
	assert_ptr_equal(n->identity, &ids[0]);
	assert_int_equal(n->state, CAP_LIVE);
	assert_ptr_equal(cap_object(&pa.caps, live, KOBJ_SIG_RECEIVER), &rcv.kobj);
	assert_ptr_equal(cap_object(&pa.caps, thr, KOBJ_THREAD), &tb.kobj);
	/* wrong type */
	assert_null(cap_object(&pa.caps, live, KOBJ_THREAD));
	assert_null(cap_object(&pa.caps, live, KOBJ_SIG_CONTEXT));
	assert_null(cap_object(&pa.caps, thr, KOBJ_SIG_RECEIVER));
	/* dead, reserved, free, beyond the slabs */
	assert_null(cap_lookup(&pa.caps, dead));
	assert_null(cap_object(&pa.caps, dead, KOBJ_SIG_RECEIVER));
	assert_int_equal(name_of(&pa, dead)->state, CAP_DEAD);
	assert_null(cap_lookup(&pa.caps, resv));
	assert_int_equal(name_of(&pa, resv)->state, CAP_RESERVED);
	assert_null(cap_lookup(&pa.caps, 60));
	assert_null(cap_lookup(&pa.caps, CAP_SLAB_NAMES));
	assert_null(cap_lookup(&pa.caps, 0xffff));
	/* another PD's ids mean nothing here */
	assert_null(cap_lookup(&pb.caps, live));
	cap_unreserve(&pa.caps, &reserved);
}

/* ---- identity preservation ---- */

static void test_same_identity_gets_the_same_id_in_one_pd(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	assert_int_equal(cap_reserve(&pa.caps, &reserved, 3), KERNEL_OK);
	unsigned free_before = pa.caps.free_count;

	uint16_t first = cap_receive(&pa.caps, &reserved, &ids[5]);
	assert_int_not_equal(first, 0);
	assert_int_equal(fake_list_len(&reserved), 2);
	assert_int_equal(cap_receive(&pa.caps, &reserved, &ids[5]), first);
	assert_int_equal(fake_list_len(&reserved), 2); /* no second name */
	assert_int_equal(insert(&pa, &ids[5]), first);
	assert_int_equal(cap_find(&pa.caps, &ids[5]), first);
	assert_int_equal(fake_list_len(&ids[5].names), 1);
	assert_int_equal(name_of(&pa, first)->in_flight, 2); /* two deliveries, insert is none */
	assert_int_equal(pa.caps.free_count, free_before);
	cap_unreserve(&pa.caps, &reserved);
	assert_int_equal(pa.caps.free_count, free_before + 2);
}

static void test_different_pds_get_their_own_ids(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	fake_pd_add_slab(&pb);
	for (unsigned i = 0; i < 5; i++)
		insert(&pb, &ids[10 + i]); /* pb's ids 1..5 are taken */

	uint16_t in_a = insert(&pa, &ids[0]);
	uint16_t in_b = insert(&pb, &ids[0]);
	assert_int_equal(in_a, 1);
	assert_int_equal(in_b, 6);
	assert_int_equal(fake_list_len(&ids[0].names), 2);
	assert_int_equal(cap_find(&pa.caps, &ids[0]), in_a);
	assert_int_equal(cap_find(&pb.caps, &ids[0]), in_b);
	assert_ptr_equal(name_of(&pa, in_a)->pd, &pa);
	assert_ptr_equal(name_of(&pb, in_b)->pd, &pb);
	/* pa's id 6 does not name it */
	assert_null(cap_lookup(&pa.caps, in_b));
	/* deleting one PD's name leaves the other */
	assert_int_equal(cap_delete(&pa.caps, in_a), KERNEL_OK);
	assert_int_equal(fake_list_len(&ids[0].names), 1);
	assert_ptr_equal(cap_lookup(&pb.caps, in_b)->identity, &ids[0]);
}

static void test_identities_of_one_object_have_distinct_names(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	uint16_t x = insert(&pa, &id_t);
	uint16_t y = insert(&pa, &id_t2);
	assert_int_not_equal(x, y);
	assert_ptr_equal(cap_object(&pa.caps, x, KOBJ_THREAD), &tb.kobj);
	assert_ptr_equal(cap_object(&pa.caps, y, KOBJ_THREAD), &tb.kobj);
	assert_int_equal(fake_list_len(&tb.kobj.identities), 2);
	/* one identity goes, the other name stays */
	assert_int_equal(identity_destroy(&id_t), KERNEL_OK);
	assert_null(cap_lookup(&pa.caps, x));
	assert_ptr_equal(cap_object(&pa.caps, y, KOBJ_THREAD), &tb.kobj);
	assert_int_equal(fake_list_len(&tb.kobj.identities), 1);
}

static void test_identity_create_checks(void **state)
{
	(void)state;
	struct kobject none = { 0 };
	assert_int_equal(identity_create(&ids[0], &rcv.kobj), KERNEL_INVALID_STATE); /* active */
	assert_ptr_equal(ids[0].object, &rcv.kobj);
	assert_int_equal(identity_create(&ids[0], NULL), KERNEL_INVALID_STATE);

	struct identity fresh = { 0 };
	assert_int_equal(identity_create(&fresh, NULL), KERNEL_INVALID_ARG);
	assert_int_equal(identity_create(&fresh, &none), KERNEL_INVALID_ARG);
	assert_int_equal(fresh.state, IDENTITY_INVALID);
	assert_int_equal(identity_destroy(&fresh), KERNEL_INVALID_STATE);

	/* a destroyed identity can be created again, for another object */
	assert_int_equal(identity_destroy(&ids[0]), KERNEL_OK);
	assert_int_equal(ids[0].state, IDENTITY_DESTROYED);
	assert_null(ids[0].object);
	assert_int_equal(identity_destroy(&ids[0]), KERNEL_INVALID_STATE);
	assert_int_equal(identity_create(&ids[0], &tb.kobj), KERNEL_OK);
	assert_int_equal(ids[0].state, IDENTITY_ACTIVE);
	assert_ptr_equal(ids[0].object, &tb.kobj);
	assert_true(list_empty(&ids[0].names));
}

/* ---- reservation ---- */

static void test_reserve_out_of_caps_then_refill(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	for (unsigned i = 0; i < FIRST_SLAB_IDS - 2; i++)
		insert(&pa, &ids[i]);
	assert_int_equal(pa.caps.free_count, 2);

	assert_int_equal(cap_reserve(&pa.caps, &reserved, 3), KERNEL_OUT_OF_CAPS);
	assert_true(list_empty(&reserved)); /* all or nothing */
	assert_int_equal(pa.caps.free_count, 2);
	assert_int_equal(name_of(&pa, 62)->state, CAP_FREE);

	fake_pd_add_slab(&pa); /* core refills */
	assert_int_equal(cap_reserve(&pa.caps, &reserved, 3), KERNEL_OK);
	assert_int_equal(fake_list_len(&reserved), 3);
	assert_int_equal(pa.caps.free_count, 2 + CAP_SLAB_NAMES - 3);
	/* the oldest free names first */
	struct list_node *n = list_first(&reserved);
	assert_int_equal(container_of(n, struct cap_name, node)->id, 62);
	assert_int_equal(container_of(n->next, struct cap_name, node)->id, 63);
	assert_int_equal(container_of(n->next->next, struct cap_name, node)->id, 64);
	for (n = list_first(&reserved); n != &reserved.head; n = n->next)
		assert_int_equal(container_of(n, struct cap_name, node)->state, CAP_RESERVED);

	cap_unreserve(&pa.caps, &reserved);
	assert_true(list_empty(&reserved));
	assert_int_equal(pa.caps.free_count, 2 + CAP_SLAB_NAMES);
	assert_int_equal(name_of(&pa, 62)->state, CAP_FREE);
}

static void test_receive_without_reservation_is_0(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	unsigned free_before = pa.caps.free_count;
	assert_int_equal(cap_receive(&pa.caps, &reserved, &ids[0]), 0);
	assert_int_equal(cap_find(&pa.caps, &ids[0]), 0);
	assert_true(list_empty(&ids[0].names));
	assert_int_equal(pa.caps.free_count, free_before);

	/* an existing name needs no reservation */
	uint16_t have = insert(&pa, &ids[1]);
	assert_int_equal(cap_receive(&pa.caps, &reserved, &ids[1]), have);
	assert_int_equal(name_of(&pa, have)->in_flight, 1);
}

/* ---- insert ---- */

static void test_insert_checks_the_identity_and_is_not_in_flight(void **state)
{
	(void)state;
	struct identity zeroed = { 0 };
	uint16_t cap           = 0xdead;
	fake_pd_add_slab(&pa);

	assert_int_equal(cap_insert(&pa.caps, &zeroed, &cap), KERNEL_INVALID_ARG);
	assert_int_equal(identity_destroy(&ids[0]), KERNEL_OK);
	assert_int_equal(cap_insert(&pa.caps, &ids[0], &cap), KERNEL_INVALID_ARG);
	assert_int_equal(pa.caps.free_count, FIRST_SLAB_IDS);

	uint16_t id = insert(&pa, &ids[1]);
	assert_int_equal(name_of(&pa, id)->state, CAP_LIVE);
	assert_int_equal(name_of(&pa, id)->in_flight, 0);
	assert_int_equal(cap_ack(&pa.caps, id), KERNEL_INVALID_STATE); /* nothing to ack */
	assert_int_equal(cap_delete(&pa.caps, id), KERNEL_OK);         /* at once */
	assert_int_equal(name_of(&pa, id)->state, CAP_FREE);
}

/* ---- ack and delete ---- */

static void test_delete_of_a_name_in_flight_waits_for_the_ack(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	assert_int_equal(cap_reserve(&pa.caps, &reserved, 1), KERNEL_OK);
	uint16_t id = cap_receive(&pa.caps, &reserved, &ids[0]);
	assert_int_equal(cap_receive(&pa.caps, &reserved, &ids[0]), id); /* received again */
	assert_int_equal(name_of(&pa, id)->in_flight, 2);
	unsigned free_before = pa.caps.free_count;

	assert_int_equal(cap_delete(&pa.caps, id), KERNEL_INVALID_STATE);
	assert_ptr_equal(cap_lookup(&pa.caps, id)->identity, &ids[0]); /* still live */
	assert_int_equal(cap_ack(&pa.caps, id), KERNEL_OK);
	assert_int_equal(cap_delete(&pa.caps, id), KERNEL_INVALID_STATE); /* one more to ack */
	assert_int_equal(cap_ack(&pa.caps, id), KERNEL_OK);
	assert_int_equal(cap_ack(&pa.caps, id), KERNEL_INVALID_STATE);
	assert_int_equal(name_of(&pa, id)->in_flight, 0);

	assert_int_equal(cap_delete(&pa.caps, id), KERNEL_OK);
	assert_null(cap_lookup(&pa.caps, id));
	assert_int_equal(name_of(&pa, id)->state, CAP_FREE);
	assert_true(list_empty(&ids[0].names));
	assert_int_equal(pa.caps.free_count, free_before + 1);
	assert_int_equal(cap_delete(&pa.caps, id), KERNEL_INVALID_CAP); /* twice */
	assert_int_equal(cap_ack(&pa.caps, id), KERNEL_INVALID_CAP);
}

static void test_deleted_id_is_reused_last(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	uint16_t a = insert(&pa, &ids[0]);
	assert_int_equal(cap_delete(&pa.caps, a), KERNEL_OK);
	/* the freed name goes to the back: a stale id is reused as late as possible */
	for (unsigned i = 1; i < FIRST_SLAB_IDS; i++)
		assert_int_not_equal(insert(&pa, &ids[i]), a);
	assert_int_equal(insert(&pa, &ids[FIRST_SLAB_IDS]), a);
	assert_ptr_equal(cap_lookup(&pa.caps, a)->identity, &ids[FIRST_SLAB_IDS]);
}

/* Names of the first slab go out before any of the second, even when the
 * second's were freed first: so a PD's last slab empties and goes back */
static void test_first_slabs_are_used_first(void **state)
{
	(void)state;
	fill_first_slab_add_second();
	uint16_t high = insert(&pa, &ids[FIRST_SLAB_IDS]);
	assert_int_equal(high, CAP_SLAB_NAMES);
	assert_int_equal(cap_delete(&pa.caps, 5), KERNEL_OK);
	assert_int_equal(cap_delete(&pa.caps, high), KERNEL_OK);
	assert_int_equal(cap_delete(&pa.caps, 9), KERNEL_OK);
	/* within the first slab in the order they were freed, then the second */
	assert_int_equal(insert(&pa, &ids[FIRST_SLAB_IDS + 1]), 5);
	assert_int_equal(insert(&pa, &ids[FIRST_SLAB_IDS + 2]), 9);
	assert_int_equal(insert(&pa, &ids[FIRST_SLAB_IDS + 3]), CAP_SLAB_NAMES + 1);
	/* the second slab's names all free again: it can go */
	assert_int_equal(cap_delete(&pa.caps, CAP_SLAB_NAMES + 1), KERNEL_OK);
	struct cap_slab *out = NULL;
	assert_int_equal(cap_slab_remove(&pa.caps, &out), KERNEL_OK);
}

static void test_cap_ack_and_delete_calls(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	assert_int_equal(cap_reserve(&pa.caps, &reserved, 1), KERNEL_OK);
	uint16_t id = cap_receive(&pa.caps, &reserved, &ids[0]);

	assert_int_equal(call(&ta, KCALL_CAP_DELETE, id), KERNEL_INVALID_STATE);
	assert_int_equal(call(&ta, KCALL_CAP_ACK, id | 0x10000), KERNEL_INVALID_CAP);
	assert_int_equal(name_of(&pa, id)->in_flight, 1);
	assert_int_equal(call(&ta, KCALL_CAP_ACK, id), KERNEL_OK);
	assert_int_equal(call(&ta, KCALL_CAP_ACK, id), KERNEL_INVALID_STATE);
	assert_int_equal(call(&ta, KCALL_CAP_DELETE, id | 0x10000), KERNEL_INVALID_CAP);
	assert_int_equal(call(&ta, KCALL_CAP_DELETE, id), KERNEL_OK);
	assert_int_equal(name_of(&pa, id)->state, CAP_FREE);
	/* a thread of another PD cannot touch pa's names */
	uint16_t other = insert(&pa, &ids[1]);
	assert_int_equal(call(&tb, KCALL_CAP_DELETE, other), KERNEL_INVALID_CAP);
	assert_int_equal(name_of(&pa, other)->state, CAP_LIVE);
	assert_int_equal(ta.state, THREAD_ACTIVE);
}

/* ---- death of names ---- */

static void test_identity_destroy_kills_names_in_every_pd(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	fake_pd_add_slab(&pb);
	uint16_t in_a = insert(&pa, &ids[0]);
	assert_int_equal(cap_reserve(&pb.caps, &reserved, 1), KERNEL_OK);
	uint16_t in_b   = cap_receive(&pb.caps, &reserved, &ids[0]); /* in flight */
	unsigned free_a = pa.caps.free_count, free_b = pb.caps.free_count;

	assert_int_equal(identity_destroy(&ids[0]), KERNEL_OK);
	assert_int_equal(ids[0].state, IDENTITY_DESTROYED);
	assert_true(list_empty(&ids[0].names));
	assert_int_equal(fake_list_len(&rcv.kobj.identities), 69);
	assert_null(cap_lookup(&pa.caps, in_a));
	assert_null(cap_lookup(&pb.caps, in_b));
	assert_int_equal(name_of(&pa, in_a)->state, CAP_DEAD);
	assert_int_equal(name_of(&pb, in_b)->state, CAP_DEAD);
	assert_int_equal(name_of(&pb, in_b)->in_flight, 0);
	/* the ids stay taken until deleted */
	assert_int_equal(pa.caps.free_count, free_a);
	assert_int_equal(pb.caps.free_count, free_b);
	/* a dead name has nothing to ack, but can be deleted despite the delivery */
	assert_int_equal(cap_ack(&pb.caps, in_b), KERNEL_INVALID_CAP);
	assert_int_equal(cap_delete(&pb.caps, in_b), KERNEL_OK);
	assert_int_equal(name_of(&pb, in_b)->state, CAP_FREE);
	assert_int_equal(pb.caps.free_count, free_b + 1);
	/* the object itself lives on under its other identities */
	assert_int_equal(rcv.state, SIG_RECEIVER_ACTIVE);
	assert_ptr_equal(cap_object(&pa.caps, insert(&pa, &ids[1]), KOBJ_SIG_RECEIVER), &rcv.kobj);
}

static void test_stale_id_is_never_reused_before_delete(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	uint16_t stale = 0;
	for (unsigned i = 0; i < FIRST_SLAB_IDS; i++) {
		uint16_t id = insert(&pa, &ids[i]);
		if (i == 17)
			stale = id;
	}
	assert_int_equal(identity_destroy(&ids[17]), KERNEL_OK);
	assert_int_equal(pa.caps.free_count, 0);

	/* a new identity finds no name: the stale one is still taken */
	uint16_t cap = 0xdead;
	assert_int_equal(cap_insert(&pa.caps, &ids[FIRST_SLAB_IDS], &cap), KERNEL_OUT_OF_CAPS);
	assert_int_equal(cap_reserve(&pa.caps, &reserved, 1), KERNEL_OUT_OF_CAPS);
	assert_null(cap_lookup(&pa.caps, stale));

	assert_int_equal(cap_delete(&pa.caps, stale), KERNEL_OK);
	assert_int_equal(insert(&pa, &ids[FIRST_SLAB_IDS]), stale);
	assert_ptr_equal(cap_lookup(&pa.caps, stale)->identity, &ids[FIRST_SLAB_IDS]);
}

static void test_kobject_destroy_kills_every_identity(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	struct sig_receiver r2;
	struct identity i1, i2;
	memset(&r2, 0, sizeof(r2));
	memset(&i1, 0, sizeof(i1));
	memset(&i2, 0, sizeof(i2));
	assert_int_equal(sig_receiver_create(&r2), KERNEL_OK);
	assert_int_equal(identity_create(&i1, &r2.kobj), KERNEL_OK);
	assert_int_equal(identity_create(&i2, &r2.kobj), KERNEL_OK);
	uint16_t n1 = insert(&pa, &i1), n2 = insert(&pa, &i2);

	kobject_destroy(&r2.kobj);
	assert_int_equal(r2.kobj.type, KOBJ_NONE);
	assert_true(list_empty(&r2.kobj.identities));
	assert_int_equal(i1.state, IDENTITY_DESTROYED);
	assert_int_equal(i2.state, IDENTITY_DESTROYED);
	assert_null(cap_lookup(&pa.caps, n1));
	assert_null(cap_lookup(&pa.caps, n2));
	assert_int_equal(name_of(&pa, n1)->state, CAP_DEAD);
	/* no new identities of a destroyed object */
	assert_int_equal(identity_create(&i1, &r2.kobj), KERNEL_INVALID_ARG);
	assert_int_equal(cap_delete(&pa.caps, n1), KERNEL_OK);
	assert_int_equal(cap_delete(&pa.caps, n2), KERNEL_OK);
}

static void test_thread_destroy_kills_its_names(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	uint16_t x = insert(&pa, &id_t), y = insert(&pa, &id_t2);

	assert_int_equal(thread_destroy(&tb), KERNEL_OK);
	assert_int_equal(id_t.state, IDENTITY_DESTROYED);
	assert_int_equal(id_t2.state, IDENTITY_DESTROYED);
	assert_null(cap_lookup(&pa.caps, x));
	assert_int_equal(name_of(&pa, y)->state, CAP_DEAD);
	/* calling it is an invalid capability, not a crash */
	ta.utcb->data_size = 0;
	ta.utcb->cap_count = 0;
	assert_int_equal(call(&ta, KCALL_RPC_CALL, x), KERNEL_INVALID_CAP);
	assert_int_equal(ta.state, THREAD_ACTIVE);

	/* the memory is reused for a new thread: the stale id still names nothing */
	assert_int_equal(thread_create(&tb, &pb, 1, "new", fake_utcb()), KERNEL_OK);
	assert_null(cap_lookup(&pa.caps, x));
	assert_null(cap_object(&pa.caps, y, KOBJ_THREAD));
	assert_true(list_empty(&tb.kobj.identities));
}

static void test_context_and_receiver_destroy_kill_their_names(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	uint16_t c = insert(&pa, &id_ctx), r = insert(&pa, &ids[0]);

	assert_int_equal(sig_context_destroy(&ctx), KERNEL_OK);
	assert_null(cap_lookup(&pa.caps, c));
	assert_ptr_equal(cap_object(&pa.caps, r, KOBJ_SIG_RECEIVER), &rcv.kobj);
	assert_int_equal(call(&ta, KCALL_SIG_SUBMIT, c), KERNEL_INVALID_CAP);
	assert_int_equal(sig_receiver_destroy(&rcv), KERNEL_OK);
	assert_null(cap_lookup(&pa.caps, r));
	assert_int_equal(call(&ta, KCALL_SIG_PENDING, r), KERNEL_INVALID_CAP);
	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		assert_int_equal(ids[i].state, IDENTITY_DESTROYED);
}

static void test_pd_destroy_drops_its_names(void **state)
{
	(void)state;
	fake_pd_add_slab(&pa);
	fake_pd_add_slab(&pb);
	insert(&pa, &ids[0]);
	uint16_t in_b = insert(&pb, &ids[0]);
	insert(&pa, &ids[1]);
	assert_int_equal(fake_list_len(&ids[0].names), 2);

	assert_int_equal(thread_destroy(&ta), KERNEL_OK);
	assert_int_equal(pd_destroy(&pa), KERNEL_OK);
	assert_int_equal(pa.caps.slabs, 0);
	assert_int_equal(pa.caps.free_count, 0);
	/* the identities live on, named by pb only */
	assert_int_equal(ids[0].state, IDENTITY_ACTIVE);
	assert_int_equal(fake_list_len(&ids[0].names), 1);
	assert_int_equal(cap_find(&pb.caps, &ids[0]), in_b);
	assert_true(list_empty(&ids[1].names));
	/* destroying the identity afterwards does not touch pa's slab memory */
	assert_int_equal(identity_destroy(&ids[1]), KERNEL_OK);
	assert_int_equal(identity_destroy(&ids[0]), KERNEL_OK);
	assert_int_equal(name_of(&pb, in_b)->state, CAP_DEAD);

	/* the PD memory is reused: it starts without names */
	assert_int_equal(pd_create(&pa, TABLE_A), KERNEL_OK);
	assert_int_equal(pa.caps.slabs, 0);
	uint16_t cap = 0xdead;
	assert_int_equal(cap_insert(&pa.caps, &ids[2], &cap), KERNEL_OUT_OF_CAPS);
	fake_pd_add_slab(&pa);
	assert_int_equal(insert(&pa, &ids[2]), 1);
}

/* ---- core's capability calls ---- */

static void test_core_calls_slab_identity_insert(void **state)
{
	(void)state;
	struct thread *core   = &kernel.core_main;
	struct cap_slab *slab = fake_slab();
	struct identity ident;
	memset(&ident, 0, sizeof(ident));

	core->regs.r[0] = KCALL_PD_CAP_SLAB;
	core->regs.r[1] = fake_core_handle(&pa);
	core->regs.r[2] = fake_core_handle(slab);
	kernel_call_dispatch(core);
	assert_int_equal(core->regs.r[0], KERNEL_OK);
	assert_int_equal(pa.caps.free_count, FIRST_SLAB_IDS);

	core->regs.r[0] = KCALL_OBJ_CREATE;
	core->regs.r[1] = fake_core_handle(&ident);
	core->regs.r[2] = fake_core_handle(&tb.kobj);
	kernel_call_dispatch(core);
	assert_int_equal(core->regs.r[0], KERNEL_OK);
	assert_ptr_equal(ident.object, &tb.kobj);

	for (unsigned round = 0; round < 2; round++) { /* the same name twice */
		core->regs.r[0] = KCALL_CAP_INSERT;
		core->regs.r[1] = fake_core_handle(&pa);
		core->regs.r[2] = fake_core_handle(&ident);
		kernel_call_dispatch(core);
		assert_int_equal(core->regs.r[0], KERNEL_OK);
		assert_int_equal(core->regs.r[1], 1);
	}
	assert_ptr_equal(cap_object(&pa.caps, 1, KOBJ_THREAD), &tb.kobj);

	core->regs.r[0] = KCALL_OBJ_DESTROY;
	core->regs.r[1] = fake_core_handle(&ident);
	kernel_call_dispatch(core);
	assert_int_equal(core->regs.r[0], KERNEL_OK);
	assert_null(cap_lookup(&pa.caps, 1));

	/* inserting into a PD without free names: OUT_OF_CAPS, id 0 */
	core->regs.r[0] = KCALL_CAP_INSERT;
	core->regs.r[1] = fake_core_handle(&pb);
	core->regs.r[2] = fake_core_handle(&id_t);
	kernel_call_dispatch(core);
	assert_int_equal(core->regs.r[0], KERNEL_OUT_OF_CAPS);
	assert_int_equal(core->regs.r[1], 0);
}

/* Core takes slabs back from a user PD and from its own; threads of other PDs may not. */
static void test_core_call_slab_remove(void **state)
{
	(void)state;
	struct thread *core = &kernel.core_main;
	struct pd *pds[]    = { &pa, &kernel.core_pd };

	for (unsigned p = 0; p < 2; p++) {
		fake_pd_add_slab(pds[p]);
		struct cap_slab *slab = fake_slab();
		assert_int_equal(cap_slab_add(&pds[p]->caps, slab), KERNEL_OK);

		/* not for a user thread, not even for its own PD */
		assert_int_equal(call(&ta, KCALL_PD_CAP_SLAB_REMOVE, fake_core_handle(pds[p])),
				 KERNEL_INVALID_CALL);
		assert_int_equal(pds[p]->caps.slabs, 2);

		assert_int_equal(call(core, KCALL_PD_CAP_SLAB_REMOVE, fake_core_handle(pds[p])),
				 KERNEL_OK);
		assert_ptr_equal((void *)core->regs.r1_wide, slab); /* the address core donated */
		assert_int_equal(pds[p]->caps.slabs, 1);
		assert_int_equal(pds[p]->caps.free_count, FIRST_SLAB_IDS);

		/* the first slab stays: refused, no slab returned */
		assert_int_equal(call(core, KCALL_PD_CAP_SLAB_REMOVE, fake_core_handle(pds[p])),
				 KERNEL_INVALID_STATE);
		assert_int_equal(core->regs.r1_wide, 0);
		assert_int_equal(pds[p]->caps.slabs, 1);
	}

	/* a PD that is no longer live */
	assert_int_equal(thread_destroy(&ta), KERNEL_OK);
	assert_int_equal(pd_destroy(&pa), KERNEL_OK);
	assert_int_equal(call(core, KCALL_PD_CAP_SLAB_REMOVE, fake_core_handle(&pa)),
			 KERNEL_INVALID_ARG);
	assert_int_equal(core->regs.r1_wide, 0);
}

/* ---- finding a PD's name of an identity (the hash) ---- */

/* The longest hash chain of a PD and the number of names in all chains */
static unsigned longest_chain(const struct pd *pd, unsigned *total)
{
	const struct cap_space *cs = &pd->caps;
	unsigned longest           = 0;

	*total = 0;
	for (unsigned s = 0; s < cs->slabs; s++)
		for (unsigned b = 0; b < CAP_SLAB_BUCKETS; b++) {
			unsigned len = 0;
			for (uint16_t i = cs->slab[s]->bucket[b]; i;
			     i          = name_of((struct pd *)pd, i)->hash_next)
                                len++;
			longest = len > longest ? len : longest;
			*total += len;
		}
	return longest;
}

static void create_lots(unsigned n)
{
	memset(lots, 0, sizeof(lots));
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(identity_create(&lots[i], &rcv.kobj), KERNEL_OK);
}

/* A PD naming all it can: every name is found, the chains stay short (the
 * cost of a lookup does not grow with the names held), and deleting names
 * from the middle of chains keeps the others found. */
static void test_find_in_a_full_pd_walks_short_chains(void **state)
{
	(void)state;
	enum { N = CAP_SLABS_MAX * CAP_SLAB_NAMES - 1 };
	unsigned total;
	create_lots(N);
	for (unsigned i = 0; i < CAP_SLABS_MAX; i++)
		fake_pd_add_slab(&pa);
	for (unsigned i = 0; i < N; i++)
		assert_int_equal(insert(&pa, &lots[i]), i + 1);
	assert_true(longest_chain(&pa, &total) <= 8);
	assert_int_equal(total, N);
	for (unsigned i = 0; i < N; i++)
		assert_int_equal(cap_find(&pa.caps, &lots[i]), i + 1);

	for (unsigned i = 0; i < N; i += 2)
		assert_int_equal(cap_delete(&pa.caps, (uint16_t)(i + 1)), KERNEL_OK);
	for (unsigned i = 0; i < N; i++)
		assert_int_equal(cap_find(&pa.caps, &lots[i]), i % 2 ? i + 1 : 0);
	longest_chain(&pa, &total);
	assert_int_equal(total, N / 2);
	assert_int_equal(cap_find(&pb.caps, &lots[1]), 0); /* pb has no slab at all */
	fake_check_caps(&pa);
}

/* The buckets grow and shrink with the slabs: every live name is found
 * after each rehash, in a table of the new size. */
static void test_find_after_slabs_come_and_go(void **state)
{
	(void)state;
	struct cap_slab *out = NULL;
	unsigned total;
	create_lots(3 * CAP_SLAB_NAMES);
	fake_pd_add_slab(&pa);
	for (unsigned i = 0; i < FIRST_SLAB_IDS; i++)
		insert(&pa, &lots[i]);
	fake_pd_add_slab(&pa);
	fake_pd_add_slab(&pa);
	for (unsigned i = 0; i < FIRST_SLAB_IDS; i++)
		assert_int_equal(cap_find(&pa.caps, &lots[i]), i + 1);
	uint16_t high = insert(&pa, &lots[FIRST_SLAB_IDS]);
	assert_int_equal(high, CAP_SLAB_NAMES);
	assert_int_equal(cap_delete(&pa.caps, high), KERNEL_OK);
	assert_int_equal(cap_slab_remove(&pa.caps, &out), KERNEL_OK);
	assert_int_equal(cap_slab_remove(&pa.caps, &out), KERNEL_OK);
	assert_int_equal(pa.caps.slabs, 1);
	longest_chain(&pa, &total);
	assert_int_equal(total, FIRST_SLAB_IDS);
	for (unsigned i = 0; i < FIRST_SLAB_IDS; i++)
		assert_int_equal(cap_find(&pa.caps, &lots[i]), i + 1);
	assert_int_equal(cap_find(&pa.caps, &lots[FIRST_SLAB_IDS]), 0);
}

/* One identity named by many PDs: a PD without a name of it finds none,
 * and its lookup never looks at the other PDs' names (its own chains hold
 * only its own names); receiving then creates its name. */
static void test_find_ignores_the_other_pds_naming_the_identity(void **state)
{
	(void)state;
	static struct pd many[20];
	memset(many, 0, sizeof(many));
	for (unsigned p = 0; p < 20; p++) {
		assert_int_equal(pd_create(&many[p], 0x40400000u + p * 0x4000u), KERNEL_OK);
		fake_pd_add_slab(&many[p]);
		insert(&many[p], &ids[0]);
	}
	fake_pd_add_slab(&pa);
	unsigned total;
	longest_chain(&pa, &total);
	assert_int_equal(total, 0);
	assert_int_equal(cap_find(&pa.caps, &ids[0]), 0);
	assert_int_equal(cap_reserve(&pa.caps, &reserved, 1), KERNEL_OK);
	uint16_t got = cap_receive(&pa.caps, &reserved, &ids[0]);
	assert_int_equal(got, 1);
	assert_int_equal(cap_find(&pa.caps, &ids[0]), got);
	assert_int_equal(fake_list_len(&ids[0].names), 21);
	/* the identity dies: every PD's name leaves its chains */
	assert_int_equal(identity_destroy(&ids[0]), KERNEL_OK);
	for (unsigned p = 0; p < 20; p++) {
		longest_chain(&many[p], &total);
		assert_int_equal(total, 0);
		fake_check_caps(&many[p]);
		assert_int_equal(pd_destroy(&many[p]), KERNEL_OK);
	}
	longest_chain(&pa, &total);
	assert_int_equal(total, 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_new_pd_has_no_names),
		T(test_slab_add_numbers_ids_and_never_hands_out_0),
		T(test_slab_limit_is_exhausted),
		T(test_slab_remove_takes_back_free_last_slabs),
		T(test_slab_remove_refused_for_the_first_slab),
		T(test_slab_remove_refused_while_a_name_is_reserved),
		T(test_slab_remove_refused_while_a_name_is_live),
		T(test_slab_remove_refused_while_a_name_is_dead),
		T(test_slab_add_after_remove_hands_out_its_ids_again),
		T(test_lookup_of_live_free_reserved_dead_and_foreign_ids),
		T(test_same_identity_gets_the_same_id_in_one_pd),
		T(test_different_pds_get_their_own_ids),
		T(test_identities_of_one_object_have_distinct_names),
		T(test_identity_create_checks),
		T(test_reserve_out_of_caps_then_refill),
		T(test_receive_without_reservation_is_0),
		T(test_insert_checks_the_identity_and_is_not_in_flight),
		T(test_delete_of_a_name_in_flight_waits_for_the_ack),
		T(test_deleted_id_is_reused_last),
		T(test_first_slabs_are_used_first),
		T(test_cap_ack_and_delete_calls),
		T(test_identity_destroy_kills_names_in_every_pd),
		T(test_stale_id_is_never_reused_before_delete),
		T(test_kobject_destroy_kills_every_identity),
		T(test_thread_destroy_kills_its_names),
		T(test_context_and_receiver_destroy_kill_their_names),
		T(test_pd_destroy_drops_its_names),
		T(test_core_calls_slab_identity_insert),
		T(test_core_call_slab_remove),
		T(test_find_in_a_full_pd_walks_short_chains),
		T(test_find_after_slabs_come_and_go),
		T(test_find_ignores_the_other_pds_naming_the_identity),
	};
#undef T
	return cmocka_run_group_tests_name("kernel capabilities", tests, NULL, NULL);
}
