/*
 * Host tests for IPC (base-hw/src/kernel/ipc.c, doc/architecture.md 4.5):
 * rendezvous, payload copy, badges, FIFO queueing, capability translation
 * in both directions, errors before blocking, call cycles, the death of
 * either partner, and helping (CPU donation, thread.c: thread_executor and
 * thread_refresh; kernel.c: the executor of the picked share runs and the
 * time is charged to the share).
 *
 * The ipc_* functions are called directly (they return KERNEL_BLOCKED when
 * the caller blocks); a few tests go through kernel_call_dispatch. A
 * thread's r0 is set to SENTINEL before it blocks, so that its wake-up
 * result is visible.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fake/fake.h"
#include "../src/kernel/kernel.h"
#include "../src/kernel/ipc.h"
#include "../src/kernel/signal.h"
#include <kernel/call_id.h>

enum {
	TABLE_C  = 0x40200000u,
	TABLE_S  = 0x40300000u,
	TABLE_3  = 0x40400000u,
	SENTINEL = 0x5e5e5e5e,
	FILL     = 0xaa,
};

static struct pd pc, ps, p3;                 /* client PD (ASID 1), server PD (2), third PD (3) */
static struct thread srv;                    /* server thread in ps */
static struct thread cl[3];                  /* client threads in pc */
static struct thread t3;                     /* a thread in p3 */
static struct sig_receiver rx, ry, rz, wrcv; /* objects to pass around; wrcv to block at */
static struct sig_context wctx;              /* bound to wrcv */
static struct identity id_srv1, id_srv2, id_cl0, id_t3, id_x, id_y, id_z;

/* names: c_* in pc, s_* in ps, p3_* in p3 */
static uint16_t c_x, c_y, c_srv1, c_srv2, c_t3;
static uint16_t s_srv2, s_srv1, s_cl0, s_t3, s_z;
static uint16_t p3_cl0, p3_srv1;

static void start(struct thread *t, struct pd *pd, const char *name)
{
	assert_int_equal(thread_create(t, pd, 1, name, fake_utcb()), KERNEL_OK);
	assert_int_equal(thread_start(t, 0x1000, 0x2000), KERNEL_OK);
	memset(t->utcb->data, FILL, sizeof(t->utcb->data));
}

static int setup(void **state)
{
	memset(&pc, 0, sizeof(pc));
	memset(&ps, 0, sizeof(ps));
	memset(&p3, 0, sizeof(p3));
	memset(&srv, 0, sizeof(srv));
	memset(cl, 0, sizeof(cl));
	memset(&t3, 0, sizeof(t3));
	memset(&rx, 0, sizeof(rx));
	memset(&ry, 0, sizeof(ry));
	memset(&rz, 0, sizeof(rz));
	memset(&wrcv, 0, sizeof(wrcv));
	memset(&wctx, 0, sizeof(wctx));
	memset(&id_srv1, 0, sizeof(id_srv1));
	memset(&id_srv2, 0, sizeof(id_srv2));
	memset(&id_cl0, 0, sizeof(id_cl0));
	memset(&id_t3, 0, sizeof(id_t3));
	memset(&id_x, 0, sizeof(id_x));
	memset(&id_y, 0, sizeof(id_y));
	memset(&id_z, 0, sizeof(id_z));
	fake_kernel_setup(state);

	assert_int_equal(pd_create(&pc, TABLE_C), KERNEL_OK);
	assert_int_equal(pd_create(&ps, TABLE_S), KERNEL_OK);
	assert_int_equal(pd_create(&p3, TABLE_3), KERNEL_OK);
	fake_pd_add_slab(&pc);
	fake_pd_add_slab(&ps);
	fake_pd_add_slab(&p3);
	start(&srv, &ps, "server");
	for (unsigned i = 0; i < 3; i++)
		start(&cl[i], &pc, "client");
	start(&t3, &p3, "third");
	assert_int_equal(sig_receiver_create(&rx), KERNEL_OK);
	assert_int_equal(sig_receiver_create(&ry), KERNEL_OK);
	assert_int_equal(sig_receiver_create(&rz), KERNEL_OK);
	assert_int_equal(sig_receiver_create(&wrcv), KERNEL_OK);
	assert_int_equal(sig_context_create(&wctx, &wrcv, 0x33), KERNEL_OK);

	assert_int_equal(identity_create(&id_srv1, &srv.kobj), KERNEL_OK);
	assert_int_equal(identity_create(&id_srv2, &srv.kobj), KERNEL_OK);
	assert_int_equal(identity_create(&id_cl0, &cl[0].kobj), KERNEL_OK);
	assert_int_equal(identity_create(&id_t3, &t3.kobj), KERNEL_OK);
	assert_int_equal(identity_create(&id_x, &rx.kobj), KERNEL_OK);
	assert_int_equal(identity_create(&id_y, &ry.kobj), KERNEL_OK);
	assert_int_equal(identity_create(&id_z, &rz.kobj), KERNEL_OK);

	c_x     = fake_name(&pc, &id_x);
	c_y     = fake_name(&pc, &id_y);
	c_srv1  = fake_name(&pc, &id_srv1);
	c_srv2  = fake_name(&pc, &id_srv2);
	c_t3    = fake_name(&pc, &id_t3);
	s_srv2  = fake_name(&ps, &id_srv2);
	s_srv1  = fake_name(&ps, &id_srv1);
	s_cl0   = fake_name(&ps, &id_cl0);
	s_t3    = fake_name(&ps, &id_t3);
	s_z     = fake_name(&ps, &id_z);
	p3_cl0  = fake_name(&p3, &id_cl0);
	p3_srv1 = fake_name(&p3, &id_srv1);
	assert_int_equal(c_srv1, 3);
	assert_int_equal(s_srv1, 2);
	assert_int_equal(s_srv2, 1);
	return 0;
}

static int teardown(void **state)
{
	fake_kernel_check_invariants(-1);
	fake_check_thread(&srv);
	fake_check_thread(&t3);
	for (unsigned i = 0; i < 3; i++)
		fake_check_thread(&cl[i]);
	if (pc.state == PD_ACTIVE)
		fake_check_caps(&pc);
	fake_check_caps(&ps);
	fake_check_caps(&p3);
	return fake_kernel_teardown(state);
}

/* ---- helpers ---- */

static struct thread *queued_at(struct thread *server, unsigned pos)
{
	struct list_node *n = server->ipc_queue.head.next;
	for (unsigned i = 0; i < pos && n != &server->ipc_queue.head; i++)
		n = n->next;
	return n == &server->ipc_queue.head ? NULL : container_of(n, struct thread, ipc_node);
}

static bool helps(struct thread *client, struct thread *server)
{
	for (struct list_node *n = server->helpers.head.next; n != &server->helpers.head;
	     n                   = n->next)
                if (n == &client->helper_node)
                        return true;
	return false;
}

static void put(struct thread *t, const char *text)
{
	t->utcb->data_size = (uint32_t)strlen(text);
	t->utcb->cap_count = 0;
	memcpy(t->utcb->data, text, strlen(text));
}

static void put_caps(struct thread *t, unsigned n, uint16_t c0, uint16_t c1, uint16_t c2,
		     uint16_t c3)
{
	const uint16_t caps[4] = { c0, c1, c2, c3 };
	t->utcb->cap_count     = n;
	for (unsigned i = 0; i < 4; i++)
		t->utcb->caps[i] = caps[i];
}

/* t received exactly `text`, and the rest of its payload is untouched */
static void assert_got(struct thread *t, const char *text)
{
	size_t len = strlen(text);
	assert_int_equal(t->utcb->data_size, len);
	assert_memory_equal(t->utcb->data, text, len);
	assert_int_equal(t->utcb->data[len], FILL);
	assert_int_equal(t->utcb->data[UTCB_DATA_SIZE - 1], FILL);
}

static void wait_blocked(struct thread *t, unsigned rcv_caps)
{
	t->regs.r[0] = SENTINEL;
	assert_int_equal(ipc_wait(t, rcv_caps), KERNEL_BLOCKED);
	assert_int_equal(t->state, THREAD_AWAITS_IPC);
	assert_false(sched_is_ready(&t->share));
}

static void call_blocked(struct thread *t, uint16_t cap, unsigned rcv_caps)
{
	t->regs.r[0] = SENTINEL;
	assert_int_equal(ipc_call(t, cap, rcv_caps), KERNEL_BLOCKED);
	assert_int_equal(t->state, THREAD_AWAITS_REPLY);
	assert_int_equal(t->regs.r[0], SENTINEL); /* no result yet */
}

/* a woken thread: ACTIVE with result r, ready unless paused */
static void assert_woken(struct thread *t, enum kernel_result r)
{
	assert_int_equal(t->state, THREAD_ACTIVE);
	assert_int_equal(t->regs.r[0], r);
	assert_int_equal(sched_is_ready(&t->share), !t->paused);
}

/* Dispatch a kernel call of t and return r0 (t's call id if it blocked). */
static uint32_t kcall(struct thread *t, uint32_t id, uint32_t a1, uint32_t a2)
{
	t->regs.r[0]           = id;
	t->regs.r[1]           = a1;
	t->regs.r[2]           = a2;
	kernel.cpus[0].current = t;
	kernel_call_dispatch(t);
	kernel.cpus[0].current = &kernel.core_main;
	return t->regs.r[0];
}

/* ---- rendezvous and payload ---- */

static void test_call_to_waiting_server_delivers_the_message(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	put(&cl[0], "hello, server");
	call_blocked(&cl[0], c_srv1, 0);

	assert_woken(&srv, KERNEL_OK);
	assert_got(&srv, "hello, server");
	assert_int_equal(srv.utcb->cap_count, 0);
	assert_int_equal(srv.utcb->badge, s_srv1);
	assert_ptr_equal(srv.ipc_client, &cl[0]);
	assert_false(srv.ipc_client_gone);
	assert_true(list_empty(&srv.ipc_queue));

	assert_ptr_equal(cl[0].ipc_server, &srv);
	assert_int_equal(cl[0].ipc_badge, s_srv1);
	assert_true(helps(&cl[0], &srv));
	assert_false(list_node_linked(&cl[0].ipc_node)); /* received, not queued */
	assert_true(sched_is_ready(&cl[0].share));       /* lends its share */
	assert_ptr_equal(thread_executor(&cl[0]), &srv);
}

static void test_empty_and_full_messages_are_copied_exactly(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	put(&cl[0], "");
	call_blocked(&cl[0], c_srv1, 0);
	assert_int_equal(srv.utcb->data_size, 0);
	assert_int_equal(srv.utcb->data[0], FILL);

	/* a reply of the whole payload area */
	memset(srv.utcb->data, 0x11, UTCB_DATA_SIZE);
	srv.utcb->data[UTCB_DATA_SIZE - 1] = 0x22;
	srv.utcb->data_size                = UTCB_DATA_SIZE;
	srv.utcb->cap_count                = 0;
	assert_int_equal(ipc_reply(&srv), KERNEL_OK);
	assert_woken(&cl[0], KERNEL_OK);
	assert_int_equal(cl[0].utcb->data_size, UTCB_DATA_SIZE);
	assert_int_equal(cl[0].utcb->data[0], 0x11);
	assert_int_equal(cl[0].utcb->data[UTCB_DATA_SIZE - 1], 0x22);
}

static void test_badge_is_the_servers_id_of_the_invoked_identity(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	put(&cl[0], "one");
	call_blocked(&cl[0], c_srv2, 0);
	assert_int_equal(srv.utcb->badge, s_srv2);
	assert_int_not_equal(s_srv2, c_srv2); /* the server's id, not the client's */
	assert_int_equal(ipc_reply_and_wait(&srv, 0), KERNEL_BLOCKED);

	put(&cl[1], "two");
	call_blocked(&cl[1], c_srv1, 0);
	assert_int_equal(srv.utcb->badge, s_srv1);
	assert_int_not_equal(s_srv1, s_srv2);
	assert_int_equal(ipc_reply_and_wait(&srv, 0), KERNEL_BLOCKED);

	/* a third PD names srv1 by another id: same badge */
	put(&t3, "three");
	call_blocked(&t3, p3_srv1, 0);
	assert_int_equal(p3_srv1, 2);
	assert_int_equal(srv.utcb->badge, s_srv1);
	assert_got(&srv, "three");
	assert_int_equal(ipc_reply(&srv), KERNEL_OK);
	assert_int_equal(t3.utcb->badge, 0); /* a reply carries no badge */
}

static void test_badge_is_0_for_an_identity_the_server_does_not_name(void **state)
{
	(void)state;
	struct identity anon;
	memset(&anon, 0, sizeof(anon));
	assert_int_equal(identity_create(&anon, &srv.kobj), KERNEL_OK);
	uint16_t c_anon = fake_name(&pc, &anon);

	wait_blocked(&srv, 0);
	put(&cl[0], "?");
	call_blocked(&cl[0], c_anon, 0);
	assert_int_equal(srv.utcb->badge, 0);
	assert_ptr_equal(srv.ipc_client, &cl[0]);
	assert_int_equal(ipc_reply(&srv), KERNEL_OK);
	assert_int_equal(identity_destroy(&anon), KERNEL_OK);
}

static void test_reply_delivers_and_wakes_the_caller(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	put(&cl[0], "request");
	call_blocked(&cl[0], c_srv1, 0);

	put(&srv, "the answer");
	assert_int_equal(ipc_reply(&srv), KERNEL_OK);
	assert_woken(&cl[0], KERNEL_OK);
	assert_got(&cl[0], "the answer");
	assert_int_equal(cl[0].utcb->badge, 0);
	assert_int_equal(cl[0].utcb->cap_count, 0);
	assert_null(cl[0].ipc_server);
	assert_false(list_node_linked(&cl[0].helper_node));
	assert_ptr_equal(thread_executor(&cl[0]), &cl[0]);

	assert_int_equal(srv.state, THREAD_ACTIVE);
	assert_null(srv.ipc_client);
	assert_false(srv.ipc_client_gone);
	assert_true(list_empty(&srv.helpers));
	/* a second reply has nobody to go to */
	assert_int_equal(ipc_reply(&srv), KERNEL_INVALID_STATE);
}

/* ---- queueing ---- */

static void test_busy_server_queues_callers_fifo(void **state)
{
	(void)state;
	/* growing lengths, so that assert_got sees untouched bytes after each */
	const char *req[3] = { "r1", "r22", "r333" };
	const char *ans[3] = { "a1", "a22", "a333" };

	/* srv is ACTIVE, not waiting: all three queue, in call order */
	for (unsigned i = 0; i < 3; i++) {
		put(&cl[i], req[i]);
		call_blocked(&cl[i], i == 1 ? c_srv2 : c_srv1, 0);
		assert_true(sched_is_ready(&cl[i].share)); /* srv runs: they help it */
	}
	assert_int_equal(fake_list_len(&srv.ipc_queue), 3);
	for (unsigned i = 0; i < 3; i++)
		assert_ptr_equal(queued_at(&srv, i), &cl[i]);
	assert_int_equal(fake_list_len(&srv.helpers), 3);
	assert_int_equal(srv.utcb->data[0], FILL); /* nothing delivered yet */

	/* a wait returns the first at once, without blocking */
	srv.regs.r[0] = SENTINEL;
	assert_int_equal(ipc_wait(&srv, 0), KERNEL_OK);
	assert_int_equal(srv.state, THREAD_ACTIVE);
	for (unsigned i = 0; i < 3; i++) {
		assert_got(&srv, req[i]);
		assert_int_equal(srv.utcb->badge, i == 1 ? s_srv2 : s_srv1);
		assert_ptr_equal(srv.ipc_client, &cl[i]);
		assert_int_equal(fake_list_len(&srv.ipc_queue), 2 - i);
		put(&srv, ans[i]);
		enum kernel_result r = ipc_reply_and_wait(&srv, 0);
		assert_int_equal(r, i < 2 ? KERNEL_OK : KERNEL_BLOCKED);
		assert_woken(&cl[i], KERNEL_OK);
		assert_got(&cl[i], ans[i]);
		for (unsigned k = i + 1; k < 3; k++)
			assert_int_equal(cl[k].state, THREAD_AWAITS_REPLY);
	}
	assert_int_equal(srv.state, THREAD_AWAITS_IPC);
	assert_true(list_empty(&srv.helpers));
	assert_null(srv.ipc_client);
}

static void test_reply_and_wait_without_a_client_just_waits(void **state)
{
	(void)state;
	assert_int_equal(ipc_reply_and_wait(&srv, 1), KERNEL_BLOCKED);
	assert_int_equal(srv.state, THREAD_AWAITS_IPC);
	assert_int_equal(fake_list_len(&srv.rcv_reserved), 1);
	put(&cl[0], "x");
	call_blocked(&cl[0], c_srv1, 0);
	assert_ptr_equal(srv.ipc_client, &cl[0]);
	/* the unused reservation stays for the next receive */
	assert_int_equal(fake_list_len(&srv.rcv_reserved), 1);
	assert_int_equal(srv.rcv_reserved_count, 1);
}

/* ---- capability transfer ---- */

static void test_caps_to_the_server_are_translated(void **state)
{
	(void)state;
	unsigned free_s = ps.caps.free_count;
	wait_blocked(&srv, 2);
	assert_int_equal(ps.caps.free_count, free_s - 2);

	put(&cl[0], "take these");
	put_caps(&cl[0], 2, c_x, c_y, 0, 0);
	call_blocked(&cl[0], c_srv1, 0);

	assert_int_equal(srv.utcb->cap_count, 2);
	uint16_t sx = srv.utcb->caps[0], sy = srv.utcb->caps[1];
	assert_int_not_equal(sx, 0);
	assert_int_not_equal(sy, 0);
	assert_int_not_equal(sx, sy);
	assert_int_not_equal(sx, c_x); /* the server's own ids */
	assert_ptr_equal(cap_object(&ps.caps, sx, KOBJ_SIG_RECEIVER), &rx.kobj);
	assert_ptr_equal(cap_object(&ps.caps, sy, KOBJ_SIG_RECEIVER), &ry.kobj);
	assert_int_equal(cap_find(&ps.caps, &id_x), sx);
	assert_int_equal(cap_lookup(&ps.caps, sx)->in_flight, 1);
	assert_int_equal(ps.caps.free_count, free_s - 2);
	/* the client keeps its names */
	assert_ptr_equal(cap_lookup(&pc.caps, c_x)->identity, &id_x);
	assert_int_equal(cap_lookup(&pc.caps, c_x)->in_flight, 0);

	/* in flight: the server must ack before it can drop the name */
	assert_int_equal(kcall(&srv, KCALL_CAP_DELETE, sx, 0), KERNEL_INVALID_STATE);
	assert_int_equal(kcall(&srv, KCALL_CAP_ACK, sx, 0), KERNEL_OK);
	assert_int_equal(kcall(&srv, KCALL_CAP_DELETE, sx, 0), KERNEL_OK);
	assert_int_equal(cap_find(&ps.caps, &id_x), 0);
}

static void test_same_cap_twice_yields_the_same_id(void **state)
{
	(void)state;
	wait_blocked(&srv, 3);
	put(&cl[0], "twice");
	put_caps(&cl[0], 3, c_x, c_x, c_y, 0);
	call_blocked(&cl[0], c_srv1, 0);
	uint16_t sx = srv.utcb->caps[0];
	assert_int_not_equal(sx, 0);
	assert_int_equal(srv.utcb->caps[1], sx);
	assert_int_not_equal(srv.utcb->caps[2], sx);
	assert_int_equal(cap_lookup(&ps.caps, sx)->in_flight, 2);
	assert_int_equal(fake_list_len(&id_x.names), 2); /* pc and ps, one name each */
	put(&srv, "ok");
	assert_int_equal(ipc_reply_and_wait(&srv, 1), KERNEL_BLOCKED);

	/* again in a later message, from another client */
	put(&cl[1], "again");
	put_caps(&cl[1], 1, c_x, 0, 0, 0);
	call_blocked(&cl[1], c_srv1, 0);
	assert_int_equal(srv.utcb->caps[0], sx);
	assert_int_equal(cap_lookup(&ps.caps, sx)->in_flight, 3);
}

static void test_cap_without_reserved_space_arrives_as_0(void **state)
{
	(void)state;
	unsigned free_s = ps.caps.free_count;
	wait_blocked(&srv, 1);
	put(&cl[0], "two caps, one slot");
	put_caps(&cl[0], 2, c_x, c_y, 0, 0);
	call_blocked(&cl[0], c_srv1, 0);
	assert_int_equal(srv.utcb->cap_count, 2);
	assert_int_not_equal(srv.utcb->caps[0], 0);
	assert_int_equal(srv.utcb->caps[1], 0);
	assert_int_equal(cap_find(&ps.caps, &id_y), 0);
	assert_int_equal(ps.caps.free_count, free_s - 1);
	put(&srv, "ok");
	assert_int_equal(ipc_reply_and_wait(&srv, 0), KERNEL_BLOCKED);

	/* no reservation at all */
	put(&cl[1], "none");
	put_caps(&cl[1], 1, c_y, 0, 0, 0);
	call_blocked(&cl[1], c_srv1, 0);
	assert_int_equal(srv.utcb->caps[0], 0);
	assert_int_equal(cap_find(&ps.caps, &id_y), 0);
}

static void test_known_cap_arrives_without_reserved_space(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	put(&cl[0], "you know this one");
	put_caps(&cl[0], 1, c_t3, 0, 0, 0);
	call_blocked(&cl[0], c_srv1, 0);
	assert_int_equal(srv.utcb->caps[0], s_t3);
	assert_int_equal(cap_lookup(&ps.caps, s_t3)->in_flight, 1);
}

static void test_unresolvable_caps_in_a_message_arrive_as_0(void **state)
{
	(void)state;
	struct identity gone;
	memset(&gone, 0, sizeof(gone));
	assert_int_equal(identity_create(&gone, &rx.kobj), KERNEL_OK);
	uint16_t c_gone = fake_name(&pc, &gone);
	assert_int_equal(identity_destroy(&gone), KERNEL_OK);
	unsigned free_s = ps.caps.free_count;

	wait_blocked(&srv, 4);
	put(&cl[0], "junk");
	put_caps(&cl[0], 4, 0, c_gone, 60, 0xffff);
	call_blocked(&cl[0], c_srv1, 0);
	assert_int_equal(srv.utcb->cap_count, 4);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(srv.utcb->caps[i], 0);
	/* none was used: all 4 stay reserved for the next receive, until a
	 * wait for fewer returns them */
	assert_int_equal(ps.caps.free_count, free_s - 4);
	assert_int_equal(fake_list_len(&srv.rcv_reserved), 4);
	assert_int_equal(ipc_reply_and_wait(&srv, 0), KERNEL_BLOCKED);
	assert_int_equal(ps.caps.free_count, free_s);
	assert_true(list_empty(&srv.rcv_reserved));
}

static void test_reply_caps_are_translated_into_the_callers_pd(void **state)
{
	(void)state;
	unsigned free_c = pc.caps.free_count;
	wait_blocked(&srv, 0);
	put(&cl[0], "give me z");
	call_blocked(&cl[0], c_srv1, 2);
	assert_int_equal(pc.caps.free_count, free_c - 2);
	assert_int_equal(fake_list_len(&cl[0].rcv_reserved), 2);

	put(&srv, "here");
	put_caps(&srv, 2, s_z, s_cl0, 0, 0); /* a new one and one the client has */
	assert_int_equal(ipc_reply(&srv), KERNEL_OK);
	assert_woken(&cl[0], KERNEL_OK);
	assert_int_equal(cl[0].utcb->cap_count, 2);
	uint16_t cz = cl[0].utcb->caps[0];
	assert_int_not_equal(cz, 0);
	assert_int_not_equal(cz, s_z);
	assert_ptr_equal(cap_object(&pc.caps, cz, KOBJ_SIG_RECEIVER), &rz.kobj);
	assert_int_equal(cap_lookup(&pc.caps, cz)->in_flight, 1);
	/* the client has no name of itself: it got one from its reservation */
	assert_ptr_equal(cap_object(&pc.caps, cl[0].utcb->caps[1], KOBJ_THREAD), &cl[0].kobj);
	assert_int_equal(pc.caps.free_count, free_c - 2);
	assert_true(list_empty(&cl[0].rcv_reserved));
}

static void test_reply_cap_without_reservation_arrives_as_0(void **state)
{
	(void)state;
	unsigned free_c = pc.caps.free_count;
	wait_blocked(&srv, 0);
	put(&cl[0], "no room");
	call_blocked(&cl[0], c_srv1, 0);
	put(&srv, "z");
	put_caps(&srv, 1, s_z, 0, 0, 0);
	assert_int_equal(ipc_reply(&srv), KERNEL_OK);
	assert_int_equal(cl[0].utcb->cap_count, 1);
	assert_int_equal(cl[0].utcb->caps[0], 0);
	assert_int_equal(cap_find(&pc.caps, &id_z), 0);
	assert_int_equal(pc.caps.free_count, free_c);
}

/* ---- errors before blocking ---- */

static void test_call_out_of_caps_fails_before_blocking(void **state)
{
	(void)state;
	struct identity many[CAP_SLAB_NAMES];
	memset(many, 0, sizeof(many));
	while (pc.caps.free_count > 1) {
		unsigned i = pc.caps.free_count;
		assert_int_equal(identity_create(&many[i], &rx.kobj), KERNEL_OK);
		fake_name(&pc, &many[i]);
	}
	wait_blocked(&srv, 0);
	put(&cl[0], "need two");
	cl[0].regs.r[0] = SENTINEL;

	assert_int_equal(ipc_call(&cl[0], c_srv1, 2), KERNEL_OUT_OF_CAPS);
	assert_int_equal(cl[0].state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&cl[0].share));
	assert_null(cl[0].ipc_server);
	assert_false(list_node_linked(&cl[0].helper_node));
	assert_true(list_empty(&cl[0].rcv_reserved));
	assert_int_equal(pc.caps.free_count, 1);
	assert_int_equal(srv.state, THREAD_AWAITS_IPC); /* never saw it */
	assert_int_equal(srv.utcb->data[0], FILL);
	assert_int_equal(cl[0].regs.r[0], SENTINEL);
	/* through the call interface, the result reaches the caller (the value
	 * of KERNEL_OUT_OF_CAPS equals KCALL_RPC_CALL: the state tells) */
	assert_int_equal(kcall(&cl[0], KCALL_RPC_CALL, c_srv1, 2), KERNEL_OUT_OF_CAPS);
	assert_int_equal(cl[0].state, THREAD_ACTIVE);
	assert_int_equal(cl[0].regs.r[1], 0);

	/* core refills, the same call succeeds */
	fake_pd_add_slab(&pc);
	call_blocked(&cl[0], c_srv1, 2);
	assert_woken(&srv, KERNEL_OK);
	assert_got(&srv, "need two");
	for (unsigned i = 0; i < CAP_SLAB_NAMES; i++)
		if (many[i].state == IDENTITY_ACTIVE)
			assert_int_equal(identity_destroy(&many[i]), KERNEL_OK);
}

static void test_wait_out_of_caps_fails_before_blocking(void **state)
{
	(void)state;
	struct pd empty;
	struct thread lonely;
	memset(&empty, 0, sizeof(empty));
	memset(&lonely, 0, sizeof(lonely));
	assert_int_equal(pd_create(&empty, TABLE_3 + ARCH_TTBR0_ALIGN), KERNEL_OK);
	start(&lonely, &empty, "lonely");
	assert_int_equal(ipc_wait(&lonely, 1), KERNEL_OUT_OF_CAPS);
	assert_int_equal(lonely.state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&lonely.share));
	assert_int_equal(ipc_reply_and_wait(&lonely, 4), KERNEL_OUT_OF_CAPS);
	assert_int_equal(ipc_wait(&lonely, 0), KERNEL_BLOCKED); /* no names needed */
	assert_int_equal(thread_destroy(&lonely), KERNEL_OK);
	assert_int_equal(pd_destroy(&empty), KERNEL_OK);
}

static void test_call_with_a_bad_capability_is_invalid_cap(void **state)
{
	(void)state;
	struct identity gone;
	memset(&gone, 0, sizeof(gone));
	assert_int_equal(identity_create(&gone, &srv.kobj), KERNEL_OK);
	uint16_t c_gone = fake_name(&pc, &gone);
	assert_int_equal(identity_destroy(&gone), KERNEL_OK);

	wait_blocked(&srv, 0);
	put(&cl[0], "x");
	const uint16_t bad[] = { 0, c_x /* a receiver */, c_gone, 60, CAP_SLAB_NAMES, 0xffff };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(ipc_call(&cl[0], bad[i], 0), KERNEL_INVALID_CAP);
		assert_int_equal(kcall(&cl[0], KCALL_RPC_CALL, bad[i], 0), KERNEL_INVALID_CAP);
	}
	/* the call interface refuses ids beyond 16 bits, even if the low bits name srv */
	assert_int_equal(kcall(&cl[0], KCALL_RPC_CALL, 0x10000 | c_srv1, 0), KERNEL_INVALID_CAP);
	/* a thread of another PD cannot use pc's ids */
	assert_int_equal(ipc_call(&t3, c_srv2, 0), KERNEL_INVALID_CAP);
	assert_int_equal(cl[0].state, THREAD_ACTIVE);
	assert_int_equal(t3.state, THREAD_ACTIVE);
	assert_int_equal(srv.state, THREAD_AWAITS_IPC);
	assert_true(list_empty(&srv.helpers));
}

static void test_oversized_message_is_invalid_arg(void **state)
{
	(void)state;
	unsigned free_c = pc.caps.free_count;
	wait_blocked(&srv, 0);
	put(&cl[0], "x");
	cl[0].utcb->data_size = UTCB_DATA_SIZE + 1;
	assert_int_equal(ipc_call(&cl[0], c_srv1, 0), KERNEL_INVALID_ARG);
	cl[0].utcb->data_size = 0xffffffffu;
	assert_int_equal(ipc_call(&cl[0], c_srv1, 0), KERNEL_INVALID_ARG);
	cl[0].utcb->data_size = 1;
	cl[0].utcb->cap_count = UTCB_MAX_CAPS + 1;
	assert_int_equal(ipc_call(&cl[0], c_srv1, 0), KERNEL_INVALID_ARG);
	cl[0].utcb->cap_count = 0;
	assert_int_equal(ipc_call(&cl[0], c_srv1, UTCB_MAX_CAPS + 1), KERNEL_INVALID_ARG);
	assert_int_equal(ipc_wait(&cl[1], UTCB_MAX_CAPS + 1), KERNEL_INVALID_ARG);
	assert_int_equal(cl[1].state, THREAD_ACTIVE);
	assert_int_equal(cl[0].state, THREAD_ACTIVE);
	assert_int_equal(srv.state, THREAD_AWAITS_IPC);
	assert_int_equal(pc.caps.free_count, free_c);

	/* the largest message is fine */
	memset(cl[0].utcb->data, 0x42, UTCB_DATA_SIZE);
	cl[0].utcb->data_size = UTCB_DATA_SIZE;
	call_blocked(&cl[0], c_srv1, UTCB_MAX_CAPS);
	assert_int_equal(srv.utcb->data_size, UTCB_DATA_SIZE);
	assert_int_equal(srv.utcb->data[UTCB_DATA_SIZE - 1], 0x42);
}

static void test_call_cycles_are_invalid_state(void **state)
{
	(void)state;
	/* calling oneself */
	assert_int_equal(ipc_call(&srv, s_srv1, 0), KERNEL_INVALID_STATE);
	assert_int_equal(srv.state, THREAD_ACTIVE);

	/* cl0 -> srv (served), srv -> cl0 */
	wait_blocked(&srv, 0);
	put(&cl[0], "a");
	call_blocked(&cl[0], c_srv1, 0);
	put(&srv, "b");
	assert_int_equal(ipc_call(&srv, s_cl0, 0), KERNEL_INVALID_STATE);
	assert_int_equal(srv.state, THREAD_ACTIVE);
	assert_null(srv.ipc_server);
	assert_true(list_empty(&cl[0].helpers));

	/* cl0 -> srv -> t3 (served), t3 -> cl0 */
	wait_blocked(&t3, 0);
	call_blocked(&srv, s_t3, 0);
	assert_woken(&t3, KERNEL_OK);
	put(&t3, "c");
	assert_int_equal(ipc_call(&t3, p3_cl0, 0), KERNEL_INVALID_STATE);
	assert_int_equal(t3.state, THREAD_ACTIVE);
	/* and t3 -> srv closes a cycle too */
	assert_int_equal(ipc_call(&t3, p3_srv1, 0), KERNEL_INVALID_STATE);
	assert_ptr_equal(thread_executor(&cl[0]), &t3);

	/* the chain unwinds normally */
	assert_int_equal(ipc_reply(&t3), KERNEL_OK);
	assert_woken(&srv, KERNEL_OK);
	assert_int_equal(ipc_reply(&srv), KERNEL_OK);
	assert_woken(&cl[0], KERNEL_OK);
}

/* ---- protocol errors ---- */

static void test_wait_with_an_unanswered_request_is_invalid_state(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	put(&cl[0], "answer me");
	call_blocked(&cl[0], c_srv1, 0);
	put(&cl[1], "me too");
	call_blocked(&cl[1], c_srv1, 0);

	assert_int_equal(ipc_wait(&srv, 0), KERNEL_INVALID_STATE);
	assert_int_equal(kcall(&srv, KCALL_RPC_WAIT, 0, 0), KERNEL_INVALID_STATE);
	assert_int_equal(srv.state, THREAD_ACTIVE);
	assert_ptr_equal(srv.ipc_client, &cl[0]);
	assert_ptr_equal(queued_at(&srv, 0), &cl[1]);
	assert_int_equal(cl[0].state, THREAD_AWAITS_REPLY);
}

static void test_reply_without_a_client_is_invalid_state(void **state)
{
	(void)state;
	put(&srv, "to nobody");
	assert_int_equal(ipc_reply(&srv), KERNEL_INVALID_STATE);
	assert_int_equal(kcall(&srv, KCALL_RPC_REPLY, 0, 0), KERNEL_INVALID_STATE);
	assert_int_equal(srv.state, THREAD_ACTIVE);
	/* a queued caller is not a client until received */
	put(&cl[0], "queued");
	call_blocked(&cl[0], c_srv1, 0);
	assert_int_equal(ipc_reply(&srv), KERNEL_INVALID_STATE);
	assert_int_equal(cl[0].state, THREAD_AWAITS_REPLY);
	assert_int_equal(cl[0].utcb->data_size, strlen("queued"));
}

static void test_call_to_an_exited_server_is_destroyed(void **state)
{
	(void)state;
	thread_exit(&srv, 0);
	fake_uart_clear();
	put(&cl[0], "anyone?");
	assert_int_equal(ipc_call(&cl[0], c_srv1, 1), KERNEL_DESTROYED);
	assert_int_equal(cl[0].state, THREAD_ACTIVE);
	assert_true(list_empty(&cl[0].rcv_reserved));
	assert_true(list_empty(&srv.helpers));
}

/* ---- death of a partner ---- */

static void test_server_destroy_wakes_every_caller(void **state)
{
	(void)state;
	unsigned free_c = pc.caps.free_count;
	wait_blocked(&srv, 0);
	for (unsigned i = 0; i < 3; i++) {
		put(&cl[i], "hi");
		call_blocked(&cl[i], c_srv1, 2); /* cl0 served, cl1 and cl2 queued */
	}
	assert_int_equal(pc.caps.free_count, free_c - 6);
	assert_ptr_equal(srv.ipc_client, &cl[0]);

	assert_int_equal(thread_destroy(&srv), KERNEL_OK);
	for (unsigned i = 0; i < 3; i++) {
		assert_woken(&cl[i], KERNEL_DESTROYED);
		assert_null(cl[i].ipc_server);
		assert_false(list_node_linked(&cl[i].ipc_node));
		assert_false(list_node_linked(&cl[i].helper_node));
		assert_true(list_empty(&cl[i].rcv_reserved));
		assert_ptr_equal(thread_executor(&cl[i]), &cl[i]);
	}
	assert_int_equal(pc.caps.free_count, free_c); /* reserved names returned */
	/* its names are dead */
	assert_null(cap_lookup(&pc.caps, c_srv1));
	assert_null(cap_lookup(&pc.caps, c_srv2));
	assert_int_equal(ipc_call(&cl[0], c_srv1, 0), KERNEL_INVALID_CAP);
	assert_int_equal(cap_delete(&pc.caps, c_srv1), KERNEL_OK);
}

static void test_server_destroy_wakes_callers_through_the_call_interface(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	put(&cl[0], "hi");
	assert_int_equal(kcall(&cl[0], KCALL_RPC_CALL, c_srv1, 0), KCALL_RPC_CALL); /* blocked */
	assert_int_equal(cl[0].state, THREAD_AWAITS_REPLY);
	assert_int_equal(thread_destroy(&srv), KERNEL_OK);
	assert_int_equal(cl[0].regs.r[0], KERNEL_DESTROYED);
	assert_int_equal(cl[0].regs.r[1], 0);
}

static void test_client_destroyed_while_served(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	put(&cl[0], "bye");
	call_blocked(&cl[0], c_srv1, 1);
	put(&cl[1], "next");
	call_blocked(&cl[1], c_srv1, 0);

	assert_int_equal(thread_destroy(&cl[0]), KERNEL_OK);
	assert_null(srv.ipc_client);
	assert_true(srv.ipc_client_gone);
	assert_false(helps(&cl[0], &srv));
	assert_int_equal(srv.state, THREAD_ACTIVE);
	/* the wait must not skip the answer */
	assert_int_equal(ipc_wait(&srv, 0), KERNEL_INVALID_STATE);

	assert_int_equal(ipc_reply(&srv), KERNEL_DESTROYED);
	assert_false(srv.ipc_client_gone);
	assert_int_equal(ipc_reply(&srv), KERNEL_INVALID_STATE); /* reported once */
	assert_int_equal(ipc_wait(&srv, 0), KERNEL_OK);
	assert_ptr_equal(srv.ipc_client, &cl[1]);
	assert_got(&srv, "next");
}

static void test_client_destroyed_while_served_then_reply_and_wait(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	put(&cl[0], "bye");
	call_blocked(&cl[0], c_srv1, 0);
	assert_int_equal(thread_destroy(&cl[0]), KERNEL_OK);
	put(&srv, "late");
	assert_int_equal(ipc_reply_and_wait(&srv, 0), KERNEL_BLOCKED);
	assert_int_equal(srv.state, THREAD_AWAITS_IPC);
	assert_false(srv.ipc_client_gone);
}

static void test_client_destroyed_while_queued_leaves_the_queue(void **state)
{
	(void)state;
	unsigned free_c = pc.caps.free_count;
	for (unsigned i = 0; i < 3; i++) {
		put(&cl[i], i == 0 ? "a" : i == 1 ? "b" : "c");
		call_blocked(&cl[i], c_srv1, 1);
	}
	assert_int_equal(thread_destroy(&cl[1]), KERNEL_OK);
	assert_int_equal(fake_list_len(&srv.ipc_queue), 2);
	assert_ptr_equal(queued_at(&srv, 0), &cl[0]);
	assert_ptr_equal(queued_at(&srv, 1), &cl[2]);
	assert_int_equal(fake_list_len(&srv.helpers), 2);
	assert_false(srv.ipc_client_gone);
	assert_int_equal(pc.caps.free_count, free_c - 2);

	assert_int_equal(ipc_wait(&srv, 0), KERNEL_OK);
	assert_got(&srv, "a");
	assert_int_equal(ipc_reply_and_wait(&srv, 0), KERNEL_OK);
	assert_got(&srv, "c");
	assert_int_equal(ipc_reply_and_wait(&srv, 0), KERNEL_BLOCKED);
	assert_woken(&cl[2], KERNEL_OK);
}

static void test_ipc_through_the_call_interface(void **state)
{
	(void)state;
	assert_int_equal(kcall(&srv, KCALL_RPC_WAIT, 1, 0), KCALL_RPC_WAIT); /* blocked */
	assert_int_equal(srv.state, THREAD_AWAITS_IPC);
	put(&cl[0], "ping");
	put_caps(&cl[0], 1, c_x, 0, 0, 0);
	assert_int_equal(kcall(&cl[0], KCALL_RPC_CALL, c_srv2, 0), KCALL_RPC_CALL); /* blocked */
	assert_int_equal(srv.regs.r[0], KERNEL_OK);
	assert_got(&srv, "ping");
	assert_int_equal(srv.utcb->badge, s_srv2);
	assert_ptr_equal(cap_object(&ps.caps, srv.utcb->caps[0], KOBJ_SIG_RECEIVER), &rx.kobj);

	put(&srv, "pong");
	assert_int_equal(kcall(&srv, KCALL_RPC_REPLY_AND_WAIT, 0, 0), KCALL_RPC_REPLY_AND_WAIT);
	assert_int_equal(srv.state, THREAD_AWAITS_IPC);
	assert_woken(&cl[0], KERNEL_OK);
	assert_got(&cl[0], "pong");

	put(&cl[1], "ping2");
	assert_int_equal(kcall(&cl[1], KCALL_RPC_CALL, c_srv1, 0), KCALL_RPC_CALL);
	put(&srv, "pong2");
	assert_int_equal(kcall(&srv, KCALL_RPC_REPLY, 0, 0), KERNEL_OK);
	assert_woken(&cl[1], KERNEL_OK);
	assert_got(&cl[1], "pong2");
}

static void decide(void);

/* ---- helping ---- */

static void test_caller_lends_its_share_to_the_server(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	put(&cl[0], "work for me");
	call_blocked(&cl[0], c_srv1, 0);
	assert_true(sched_is_ready(&cl[0].share));
	assert_true(sched_is_ready(&srv.share));
	assert_ptr_equal(thread_executor(&cl[0]), &srv);
	assert_ptr_equal(thread_executor(&srv), &srv);

	/* the server blocks: the caller's share is of no use */
	assert_int_equal(sig_wait(&wrcv, &srv, true), KERNEL_BLOCKED);
	assert_false(sched_is_ready(&cl[0].share));
	assert_false(sched_is_ready(&srv.share));
	assert_ptr_equal(thread_executor(&cl[0]), &srv);
	assert_int_equal(sig_submit(&wctx, 1), KERNEL_OK);
	assert_true(sched_is_ready(&cl[0].share));
	assert_true(sched_is_ready(&srv.share));

	/* the reply ends the lending */
	assert_int_equal(ipc_reply(&srv), KERNEL_OK);
	assert_ptr_equal(thread_executor(&cl[0]), &cl[0]);
	assert_true(list_empty(&srv.helpers));
}

static void test_queued_caller_lends_to_a_busy_server(void **state)
{
	(void)state;
	/* srv busy in sig_wait: a queued caller cannot help it yet */
	assert_int_equal(sig_wait(&wrcv, &srv, true), KERNEL_BLOCKED);
	put(&cl[0], "queued");
	call_blocked(&cl[0], c_srv1, 0);
	assert_ptr_equal(queued_at(&srv, 0), &cl[0]);
	assert_false(sched_is_ready(&cl[0].share));
	assert_ptr_equal(thread_executor(&cl[0]), &srv);

	assert_int_equal(sig_submit(&wctx, 1), KERNEL_OK);
	assert_int_equal(srv.state, THREAD_ACTIVE);
	assert_true(sched_is_ready(&cl[0].share)); /* helps srv get to its wait */
}

static void test_helping_is_transitive(void **state)
{
	(void)state;
	/* cl0 -> srv -> t3: t3 runs on everybody's share */
	wait_blocked(&t3, 0);
	wait_blocked(&srv, 0);
	put(&cl[0], "a");
	call_blocked(&cl[0], c_srv1, 0);
	put(&srv, "b");
	call_blocked(&srv, s_t3, 0);
	assert_ptr_equal(thread_executor(&cl[0]), &t3);
	assert_ptr_equal(thread_executor(&srv), &t3);
	assert_ptr_equal(thread_executor(&t3), &t3);
	assert_true(sched_is_ready(&cl[0].share));
	assert_true(sched_is_ready(&srv.share));
	assert_true(sched_is_ready(&t3.share));

	/* the end of the chain blocks: nobody in the chain can run */
	t3.regs.r[0] = SENTINEL;
	assert_int_equal(sig_wait(&wrcv, &t3, true), KERNEL_BLOCKED);
	assert_false(sched_is_ready(&cl[0].share));
	assert_false(sched_is_ready(&srv.share));
	assert_false(sched_is_ready(&t3.share));
	fake_kernel_check_invariants(-1);

	/* woken: all three are ready again */
	assert_int_equal(sig_submit(&wctx, 2), KERNEL_OK);
	assert_woken(&t3, KERNEL_OK);
	assert_true(sched_is_ready(&cl[0].share));
	assert_true(sched_is_ready(&srv.share));

	/* a caller joining the chain in the middle helps the end too */
	put(&cl[1], "c");
	call_blocked(&cl[1], c_srv1, 0);
	assert_ptr_equal(queued_at(&srv, 0), &cl[1]);
	assert_ptr_equal(thread_executor(&cl[1]), &t3);
	assert_true(sched_is_ready(&cl[1].share));

	/* unwinding: t3 replies, srv runs for cl0 and cl1 */
	assert_int_equal(ipc_reply(&t3), KERNEL_OK);
	assert_woken(&srv, KERNEL_OK);
	assert_ptr_equal(thread_executor(&cl[0]), &srv);
	assert_ptr_equal(thread_executor(&cl[1]), &srv);
}

static void test_paused_caller_does_not_lend(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	put(&cl[0], "a");
	call_blocked(&cl[0], c_srv1, 0);
	assert_int_equal(thread_pause(&cl[0]), KERNEL_OK);
	assert_false(sched_is_ready(&cl[0].share));
	assert_ptr_equal(thread_executor(&cl[0]), &cl[0]);
	assert_true(sched_is_ready(&srv.share)); /* the server itself runs on */

	/* a reply to a paused caller does not make it run */
	assert_int_equal(ipc_reply(&srv), KERNEL_OK);
	assert_int_equal(cl[0].state, THREAD_ACTIVE);
	assert_false(sched_is_ready(&cl[0].share));
	assert_int_equal(thread_resume(&cl[0]), KERNEL_OK);
	assert_true(sched_is_ready(&cl[0].share));
}

static void test_paused_server_stops_its_helpers(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	put(&cl[0], "a");
	call_blocked(&cl[0], c_srv1, 0);
	put(&cl[1], "b");
	call_blocked(&cl[1], c_srv1, 0);
	assert_int_equal(thread_pause(&srv), KERNEL_OK);
	assert_false(sched_is_ready(&srv.share));
	assert_false(sched_is_ready(&cl[0].share));
	assert_false(sched_is_ready(&cl[1].share));
	fake_kernel_check_invariants(-1);
	assert_int_equal(thread_resume(&srv), KERNEL_OK);
	assert_true(sched_is_ready(&srv.share));
	assert_true(sched_is_ready(&cl[0].share));
	assert_true(sched_is_ready(&cl[1].share));
}

static void test_faulted_server_stops_its_helpers(void **state)
{
	(void)state;
	const struct fault f = { .type = FAULT_READ, .addr = 0x10 };
	wait_blocked(&srv, 0);
	put(&cl[0], "a");
	call_blocked(&cl[0], c_srv1, 0);
	assert_int_equal(thread_set_pager(&srv, &wctx), KERNEL_OK);
	thread_fault(&srv, &f);
	assert_false(sched_is_ready(&cl[0].share));
	assert_int_equal(thread_pager_ack(&srv, true), KERNEL_OK);
	assert_true(sched_is_ready(&cl[0].share));
	assert_ptr_equal(thread_executor(&cl[0]), &srv);
}

/* Only the picked share's executor runs, on the share's time. */
static void test_kernel_runs_the_executor_and_charges_the_caller(void **state)
{
	(void)state;
	/* only cl0 and the chain cl0 -> srv -> t3 are ready */
	thread_block(&kernel.core_main, THREAD_AWAITS_RESTART);
	for (unsigned i = 1; i < 3; i++)
		assert_int_equal(thread_pause(&cl[i]), KERNEL_OK);
	wait_blocked(&t3, 0);
	wait_blocked(&srv, 0);
	put(&cl[0], "a");
	call_blocked(&cl[0], c_srv1, 0);
	put(&srv, "b");
	call_blocked(&srv, s_t3, 0);
	/* fills: cl0, srv, t3 (in the order they became ready) */
	assert_ptr_equal(list_first(&kernel.cpus[0].sched.fills), &cl[0].share.fill_node);

	kernel.cpus[0].last_ticks = 100;
	fake_board.ticks          = 100;
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ)); /* spurious: just decide */
	assert_ptr_equal(kernel.cpus[0].sched.current, &cl[0].share);
	assert_ptr_equal(kernel.cpus[0].current, &t3);
	assert_ptr_equal(fake_arch.exit_regs, &t3.regs);
	assert_ptr_equal(kernel.cpus[0].current_pd, &p3);
	assert_int_equal(fake_arch.mmu_asid, p3.asid);

	/* t3 works 4 ticks: charged to cl0's share */
	fake_board.ticks += 4;
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ));
	assert_int_equal(cl[0].share.consumed, 4);
	assert_int_equal(srv.share.consumed, 0);
	assert_int_equal(t3.share.consumed, 0);
	assert_int_equal(cl[0].share.fill_left, FAKE_SLICE - 4);
	assert_ptr_equal(kernel.cpus[0].current, &t3);
	/* the thread time call reports the thread's own share */
	assert_int_equal(kcall(&t3, KCALL_THREAD_TIME, 0, 0), 0);
	kernel.cpus[0].current = &t3;

	/* cl0's slice ends: srv's share is next, still t3 runs */
	fake_board.ticks += FAKE_SLICE - 4;
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ));
	assert_int_equal(cl[0].share.consumed, FAKE_SLICE);
	assert_ptr_equal(kernel.cpus[0].sched.current, &srv.share);
	assert_ptr_equal(kernel.cpus[0].current, &t3);

	/* t3 replies (a call on srv's share): srv runs on its own share now */
	put(&t3, "c");
	t3.regs.r[0] = KCALL_RPC_REPLY;
	fake_board.ticks += 2;
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_CALL));
	assert_int_equal(t3.regs.r[0], KERNEL_OK);
	assert_int_equal(srv.share.consumed, 2);
	assert_int_equal(t3.share.consumed, 0);
	assert_ptr_equal(kernel.cpus[0].current, &srv);
	assert_ptr_equal(kernel.cpus[0].current_pd, &ps);
	assert_int_equal(srv.regs.r[0], KERNEL_OK);
	assert_got(&srv, "c");
}

static void test_destroy_of_the_running_executor_is_refused(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	put(&cl[0], "a");
	call_blocked(&cl[0], c_srv1, 0);
	kernel.cpus[0].current = &srv; /* runs on cl0's share */
	assert_int_equal(thread_destroy(&srv), KERNEL_INVALID_STATE);
	assert_int_equal(srv.state, THREAD_ACTIVE);
	kernel.cpus[0].current = &kernel.core_main;
	assert_int_equal(thread_destroy(&srv), KERNEL_OK);
	assert_woken(&cl[0], KERNEL_DESTROYED);
}

/*
 * Regression (found by this test, fixed in e855500): the yield gave up the
 * caller's own share (sched_share_yield(&kernel.cpus[0].sched, &t->share) in
 * call.c). A server running on a client's share (helping) rotated its own
 * share, not the current decision, and was picked again at once
 * (doc/architecture.md 4.7 item 5: "thread_yield gives up the rest of the current
 * claim or slice"). The share the yielding thread runs on goes to the back,
 * the next share runs.
 */
static void test_yield_of_a_helped_server_gives_up_the_current_share(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	put(&cl[0], "a");
	call_blocked(&cl[0], c_srv1, 0);
	/* fills: core, cl0, cl1, cl2, t3, srv - core stops, cl2 and t3 pause */
	assert_int_equal(thread_pause(&cl[2]), KERNEL_OK);
	assert_int_equal(thread_pause(&t3), KERNEL_OK);
	decide();
	assert_ptr_equal(kernel.cpus[0].sched.current, &cl[0].share);
	assert_ptr_equal(kernel.cpus[0].current, &srv);

	srv.regs.r[0] = KCALL_THREAD_YIELD;
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_CALL));
	assert_int_equal(srv.regs.r[0], KERNEL_OK);
	assert_ptr_equal(kernel.cpus[0].sched.current, &cl[1].share);
	assert_ptr_equal(kernel.cpus[0].current, &cl[1]);
	assert_ptr_equal(kernel.cpus[0].sched.fills.head.prev, &cl[0].share.fill_node);
}

/* ---- names taken over or dropped with a call or reply ---- */

static uint32_t kcall3(struct thread *t, uint32_t id, uint32_t a1, uint32_t a2, uint32_t a3)
{
	t->regs.r[3] = a3;
	return kcall(t, id, a1, a2);
}

/* The names argument of a call or reply takes over (ACK) or drops (DROP)
 * names of the caller's last receive by slot, as cap_ack and cap_delete
 * would; a dropped name is one of those reserved for the next receive. A
 * slot acknowledged already, or a second time, is left alone. */
static void test_names_taken_over_or_dropped_with_the_reply(void **state)
{
	(void)state;
	wait_blocked(&srv, 2);
	put(&cl[0], "two");
	put_caps(&cl[0], 2, c_x, c_y, 0, 0);
	call_blocked(&cl[0], c_srv1, 1);
	uint16_t sx = srv.utcb->caps[0], sy = srv.utcb->caps[1];
	assert_int_equal(srv.rcv_names_count, 2);
	assert_int_equal(cap_lookup(&ps.caps, sx)->in_flight, 1);
	assert_int_equal(cap_lookup(&ps.caps, sy)->in_flight, 1);

	/* y acknowledged by itself: its slot is done */
	assert_int_equal(kcall(&srv, KCALL_CAP_ACK, sy, 0), KERNEL_OK);
	assert_int_equal(srv.rcv_names[1], 0);

	/* the reply drops both slots: x goes back to the reserved names, y
	 * (acknowledged before) stays; the reply brings the client a name */
	put(&srv, "r");
	put_caps(&srv, 1, s_z, 0, 0, 0);
	assert_int_equal(
	    kcall(&srv, KCALL_RPC_REPLY_AND_WAIT, 2, KERNEL_NAME_DROP(0) | KERNEL_NAME_DROP(1)),
	    KCALL_RPC_REPLY_AND_WAIT); /* waits again */
	assert_null(cap_lookup(&ps.caps, sx));
	assert_int_equal(cap_find(&ps.caps, &id_x), 0);
	assert_ptr_equal(cap_lookup(&ps.caps, sy)->identity, &id_y);
	assert_int_equal(cap_lookup(&ps.caps, sy)->in_flight, 0);
	assert_int_equal(srv.rcv_reserved_count, 2);
	assert_int_equal(srv.rcv_names[0], 0); /* taken: nothing more to take over */
	assert_woken(&cl[0], KERNEL_OK);
	uint16_t cz = cl[0].utcb->caps[0];
	assert_int_equal(cap_lookup(&pc.caps, cz)->in_flight, 1);

	/* the client takes the name over with its next call, once */
	put(&cl[0], "next");
	assert_int_equal(kcall3(&cl[0], KCALL_RPC_CALL, c_srv1, 0, KERNEL_NAME_ACK(0) | 0xe0),
			 KCALL_RPC_CALL);
	assert_int_equal(cap_lookup(&pc.caps, cz)->in_flight, 0);
	assert_int_equal(cl[0].rcv_names[0], 0);
	put(&srv, "r2");
	assert_int_equal(kcall(&srv, KCALL_RPC_REPLY_AND_WAIT, 2, 0), KCALL_RPC_REPLY_AND_WAIT);
	assert_int_equal(cl[0].rcv_names_count, 0);
	cap_lookup(&pc.caps, cz)->in_flight = 0;
	assert_int_equal(kcall3(&cl[0], KCALL_RPC_CALL, c_srv1, 0, KERNEL_NAME_DROP(0)),
			 KCALL_RPC_CALL);
	assert_ptr_equal(cap_lookup(&pc.caps, cz)->identity, &id_z); /* not of the last receive */
	fake_kernel_check_invariants(-1);
}

/* A dropped name with another delivery in flight is only taken over (as
 * cap_delete would refuse), and a thread with as many reserved as a
 * receive can use frees it instead */
static void test_names_dropped_only_without_other_deliveries(void **state)
{
	(void)state;
	wait_blocked(&srv, 4);
	put(&cl[0], "x twice");
	put_caps(&cl[0], 2, c_x, c_x, 0, 0);
	call_blocked(&cl[0], c_srv1, 0);
	uint16_t sx = srv.utcb->caps[0];
	assert_int_equal(srv.utcb->caps[1], sx);
	assert_int_equal(cap_lookup(&ps.caps, sx)->in_flight, 2);
	unsigned free_names = ps.caps.free_count;

	put(&srv, "r");
	assert_int_equal(kcall(&srv, KCALL_RPC_REPLY_AND_WAIT, 4, KERNEL_NAME_DROP(0)),
			 KCALL_RPC_REPLY_AND_WAIT);
	assert_int_equal(cap_lookup(&ps.caps, sx)->in_flight, 1); /* the other is in flight */
	assert_int_equal(srv.rcv_reserved_count, 4);
	assert_int_equal(ps.caps.free_count, free_names - 1); /* the wait topped up one */
	fake_kernel_check_invariants(-1);
}

/* ---- fast paths (kernel_entry_call) ---- */

/* Let the scheduler decide with core stopped: the head of the fills runs. */
static void decide(void)
{
	if (kernel.core_main.state == THREAD_ACTIVE)
		thread_block(&kernel.core_main, THREAD_AWAITS_RESTART);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ)); /* spurious: just decide */
}

static void enter_call(struct thread *t, uint32_t id, uint32_t a1, uint32_t a2)
{
	assert_ptr_equal(kernel.cpus[0].current, t);
	t->regs.r[0] = id;
	t->regs.r[1] = a1;
	t->regs.r[2] = a2;
	FAKE_RUN_KERNEL(kernel_entry_call(&kernel.cpus[0]));
}

static void test_fast_call_and_reply_switch_directly(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	kernel.cpus[0].last_ticks = fake_board.ticks = 50;
	decide();
	assert_ptr_equal(kernel.cpus[0].current, &cl[0]); /* fills: cl0, cl1, cl2, t3 */
	assert_ptr_equal(kernel.cpus[0].sched.current, &cl[0].share);
	unsigned starts = fake_board.timer_starts, switches = fake_arch.mmu_switches;

	fake_board.ticks = 53; /* not accounted on the fast path */
	put(&cl[0], "fast");
	enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 0);
	assert_ptr_equal(kernel.cpus[0].current, &srv);
	assert_ptr_equal(fake_arch.exit_regs, &srv.regs);
	assert_ptr_equal(kernel.cpus[0].current_pd, &ps);
	assert_int_equal(fake_arch.mmu_switches, switches + 1);
	assert_int_equal(fake_board.timer_starts, starts); /* the decision stands */
	assert_int_equal(kernel.cpus[0].last_ticks, 50);
	assert_ptr_equal(kernel.cpus[0].sched.current, &cl[0].share);
	/* the same state as the slow path leaves, but that the server's share
	 * joins the scheduler's lists only at the next slow entry */
	assert_int_equal(srv.state, THREAD_ACTIVE);
	assert_int_equal(srv.regs.r[0], KERNEL_OK);
	assert_false(sched_is_ready(&srv.share));
	assert_ptr_equal(kernel.cpus[0].ready_deferred, &srv.share);
	assert_got(&srv, "fast");
	assert_int_equal(srv.utcb->badge, s_srv1);
	assert_int_equal(srv.utcb->cap_count, 0);
	assert_ptr_equal(srv.ipc_client, &cl[0]);
	assert_int_equal(cl[0].state, THREAD_AWAITS_REPLY);
	assert_ptr_equal(cl[0].ipc_server, &srv);
	assert_true(helps(&cl[0], &srv));
	assert_ptr_equal(thread_executor(&cl[0]), &srv);
	assert_true(sched_is_ready(&cl[0].share));
	fake_kernel_check_invariants(-1);

	put(&srv, "back");
	enter_call(&srv, KCALL_RPC_REPLY_AND_WAIT, 0, 0);
	assert_ptr_equal(kernel.cpus[0].current, &cl[0]);
	assert_ptr_equal(kernel.cpus[0].current_pd, &pc);
	assert_int_equal(fake_board.timer_starts, starts);
	assert_woken(&cl[0], KERNEL_OK);
	assert_got(&cl[0], "back");
	assert_int_equal(cl[0].utcb->badge, 0);
	assert_null(cl[0].ipc_server);
	assert_false(list_node_linked(&cl[0].helper_node));
	assert_int_equal(srv.state, THREAD_AWAITS_IPC);
	assert_false(sched_is_ready(&srv.share));
	assert_null(kernel.cpus[0].ready_deferred); /* taken back: never in the lists */
	assert_int_equal(srv.share.fill_left, kernel.cpus[0].sched.fill_slice);
	assert_null(srv.ipc_client);
	assert_true(list_empty(&srv.helpers));

	/* the next slow entry charges the time to cl0's share */
	fake_board.ticks = 55;
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ));
	assert_int_equal(cl[0].share.consumed, 5);
	assert_int_equal(srv.share.consumed, 0);
}

/* A server a fast call woke joins the scheduler's lists first thing at the
 * next slow entry, as if the call had made it ready: then it is in the
 * fill rotation behind those that were ready before */
static void test_fast_call_readies_the_server_at_the_next_slow_entry(void **state)
{
	(void)state;
	wait_blocked(&srv, 0);
	decide();
	assert_ptr_equal(kernel.cpus[0].current, &cl[0]);
	put(&cl[0], "fast");
	enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 0);
	assert_ptr_equal(kernel.cpus[0].current, &srv);
	assert_ptr_equal(kernel.cpus[0].ready_deferred, &srv.share);
	volatile unsigned fills = fake_list_len(&kernel.cpus[0].sched.fills);

	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ)); /* spurious */
	assert_null(kernel.cpus[0].ready_deferred);
	assert_true(sched_is_ready(&srv.share));
	assert_int_equal(fake_list_len(&kernel.cpus[0].sched.fills), fills + 1);
	assert_ptr_equal(
	    container_of(kernel.cpus[0].sched.fills.head.prev, struct sched_share, fill_node),
	    &srv.share);
	assert_woken(&srv, KERNEL_OK);
	fake_kernel_check_invariants(-1);

	/* the server blocks by the slow path now: it leaves the lists again */
	put(&srv, "slow");
	put_caps(&srv, 1, s_z, 0, 0, 0);
	enter_call(&srv, KCALL_RPC_REPLY_AND_WAIT, 0, 0);
	assert_false(sched_is_ready(&srv.share));
	assert_int_equal(srv.state, THREAD_AWAITS_IPC);
	fake_kernel_check_invariants(-1);
}

/* Capabilities take the fast paths when the receiving side reserved a name
 * for each: translated as the slow path does (a new name from those
 * reserved, an existing one again, both in flight), the names used are
 * topped up from the free ones at the next call or wait that asks for as
 * many as before */
static void test_fast_paths_carry_capabilities(void **state)
{
	(void)state;
	wait_blocked(&srv, 2);
	decide();
	assert_ptr_equal(kernel.cpus[0].current, &cl[0]);
	unsigned starts = fake_board.timer_starts, free_ps = ps.caps.free_count;
	uint16_t s_y = cap_find(&ps.caps, &id_y);

	put(&cl[0], "caps");
	put_caps(&cl[0], 2, c_x, c_y, 0, 0);
	enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 1);
	assert_ptr_equal(kernel.cpus[0].current, &srv);
	assert_int_equal(fake_board.timer_starts, starts); /* fast */
	assert_int_equal(srv.utcb->cap_count, 2);
	struct cap_name *nx = cap_lookup(&ps.caps, srv.utcb->caps[0]);
	struct cap_name *ny = cap_lookup(&ps.caps, srv.utcb->caps[1]);
	assert_non_null(nx);
	assert_non_null(ny);
	assert_ptr_equal(nx->identity, &id_x);
	assert_ptr_equal(ny->identity, &id_y);
	assert_int_equal(nx->in_flight, 1);
	assert_int_equal(ny->in_flight, 1);
	if (s_y)
		assert_int_equal(srv.utcb->caps[1], s_y); /* named before: the same name */
	assert_int_equal(srv.rcv_reserved_count, s_y ? 1 : 0);
	assert_int_equal(cl[0].rcv_reserved_count, 1); /* for the reply, from pc's free names */
	assert_int_equal(srv.utcb->badge, s_srv1);
	fake_kernel_check_invariants(-1);

	/* the reply brings one back; the wait asks for 2 again: topped up */
	put(&srv, "reply");
	put_caps(&srv, 1, s_z, 0, 0, 0);
	enter_call(&srv, KCALL_RPC_REPLY_AND_WAIT, 2, 0);
	assert_ptr_equal(kernel.cpus[0].current, &cl[0]);
	assert_int_equal(fake_board.timer_starts, starts); /* fast */
	assert_woken(&cl[0], KERNEL_OK);
	assert_got(&cl[0], "reply");
	assert_int_equal(cl[0].utcb->cap_count, 1);
	assert_ptr_equal(cap_lookup(&pc.caps, cl[0].utcb->caps[0])->identity, &id_z);
	assert_int_equal(cl[0].rcv_reserved_count, 0);
	assert_int_equal(srv.rcv_reserved_count, 2);
	assert_int_equal(srv.state, THREAD_AWAITS_IPC);
	assert_int_equal(ps.caps.free_count, free_ps - (s_y ? 1 : 2));
	fake_kernel_check_invariants(-1);

	/* more capabilities than the server reserved names: the slow path */
	put(&cl[0], "none");
	put_caps(&cl[0], 3, c_x, c_y, c_x, 0);
	enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 0);
	assert_int_equal(fake_board.timer_starts, starts + 1);
	assert_ptr_equal(kernel.cpus[0].current, &srv);
	assert_int_equal(srv.utcb->caps[0], cap_find(&ps.caps, &id_x)); /* known: delivered */
	assert_int_equal(cl[0].rcv_reserved_count, 0);                  /* it asked for none */
}

static void test_fast_path_declines_what_it_cannot_do(void **state)
{
	(void)state;
	wait_blocked(&srv, 1);
	decide();
	assert_ptr_equal(kernel.cpus[0].current, &cl[0]);
	kernel.cpus[0].last_ticks = fake_board.ticks = 70;
	unsigned starts                              = fake_board.timer_starts;

	/* two capabilities, one name reserved at the server: the slow path
	 * translates them (the second finds no name) */
	put(&cl[0], "cap");
	put_caps(&cl[0], 2, c_x, c_y, 0, 0);
	fake_board.ticks = 72;
	enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 0);
	assert_int_equal(fake_board.timer_starts, starts + 1); /* went through the scheduler */
	assert_int_equal(kernel.cpus[0].last_ticks, 72);
	assert_ptr_equal(cap_object(&ps.caps, srv.utcb->caps[0], KOBJ_SIG_RECEIVER), &rx.kobj);
	assert_int_equal(srv.utcb->caps[1], 0);
	assert_ptr_equal(kernel.cpus[0].current, &srv);

	/* a reply with a capability, too */
	put(&srv, "cap back");
	put_caps(&srv, 1, s_z, 0, 0, 0);
	enter_call(&srv, KCALL_RPC_REPLY_AND_WAIT, 0, 0);
	assert_int_equal(fake_board.timer_starts, starts + 2);
	assert_woken(&cl[0], KERNEL_OK);
	assert_int_equal(cl[0].utcb->caps[0], 0); /* no room reserved */

	/* a server that is not waiting: the caller queues */
	assert_ptr_equal(kernel.cpus[0].current, &cl[0]);
	thread_wake(&srv, KERNEL_OK); /* srv is busy */
	put(&cl[0], "queued");
	enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 0);
	assert_int_equal(fake_board.timer_starts, starts + 3);
	assert_ptr_equal(queued_at(&srv, 0), &cl[0]);
	assert_int_equal(srv.utcb->data_size, strlen("cap back"));
	/* bad arguments go the slow way and get their error */
	kernel.cpus[0].current       = &cl[1];
	kernel.cpus[0].sched.current = &cl[1].share;
	put(&cl[1], "x");
	enter_call(&cl[1], KCALL_RPC_CALL, 0x10000 | c_srv1, 0);
	assert_int_equal(cl[1].regs.r[0], KERNEL_INVALID_CAP);
	assert_int_equal(cl[1].state, THREAD_ACTIVE);
}

/*
 * The names a caller reserved for a reply's capabilities stay reserved
 * after a capability-free fast reply, for its next call with as many
 * (which then takes the fast path): its PD's free names do not shrink with
 * every such call (the regression of e855500), and a call asking for
 * another number gets exactly that.
 */
static void test_fast_reply_keeps_the_callers_reserved_names_for_the_next_call(void **state)
{
	(void)state;
	unsigned free_c = pc.caps.free_count;
	wait_blocked(&srv, 0);
	decide();
	for (unsigned round = 0; round < 3; round++) {
		put(&cl[0], "room for 2");
		enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 2); /* slow once, then fast */
		assert_int_equal(pc.caps.free_count, free_c - 2);
		assert_ptr_equal(kernel.cpus[0].current, &srv);

		put(&srv, "none needed");
		enter_call(&srv, KCALL_RPC_REPLY_AND_WAIT, 0, 0);
		assert_woken(&cl[0], KERNEL_OK);
		assert_got(&cl[0], "none needed");
		assert_int_equal(fake_list_len(&cl[0].rcv_reserved), 2);
		assert_int_equal(pc.caps.free_count, free_c - 2);
	}
	/* a call that asks for none returns them first */
	put(&cl[0], "no room");
	enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 0);
	assert_ptr_equal(kernel.cpus[0].current, &srv);
	assert_int_equal(fake_list_len(&cl[0].rcv_reserved), 0);
	assert_int_equal(pc.caps.free_count, free_c);
}

/*
 * Regression (found by this test, fixed in e855500): the fast
 * reply_and_wait kept whatever the server had reserved before ("at least
 * rcv"), where the slow path reserves exactly rcv_caps; a server that waited
 * for 2 names and then for 1 still received 2 capabilities with the next
 * request. The wait reserves exactly rcv_caps.
 */
static void test_fast_reply_and_wait_reserves_exactly_rcv_caps(void **state)
{
	(void)state;
	unsigned free_s = ps.caps.free_count;
	wait_blocked(&srv, 2);
	decide();
	put(&cl[0], "a");
	enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 0); /* fast */
	assert_ptr_equal(kernel.cpus[0].current, &srv);
	put(&srv, "b");
	enter_call(&srv, KCALL_RPC_REPLY_AND_WAIT, 1, 0); /* fast: it has 2 reserved */
	assert_ptr_equal(kernel.cpus[0].current, &cl[0]);
	assert_int_equal(srv.state, THREAD_AWAITS_IPC);
	assert_int_equal(fake_list_len(&srv.rcv_reserved), 1);
	assert_int_equal(ps.caps.free_count, free_s - 1);

	/* the next request brings 2 capabilities: room for one */
	put(&cl[1], "two caps");
	put_caps(&cl[1], 2, c_x, c_y, 0, 0);
	assert_int_equal(ipc_call(&cl[1], c_srv1, 0), KERNEL_BLOCKED);
	assert_int_not_equal(srv.utcb->caps[0], 0);
	assert_int_equal(srv.utcb->caps[1], 0);
}

/* n bytes of a pattern that differs per seed as t's message */
static void put_pattern(struct thread *t, uint32_t n, unsigned seed)
{
	for (uint32_t i = 0; i < n; i++)
		t->utcb->data[i] = (uint8_t)(i * 7 + seed);
	t->utcb->data_size = n;
	t->utcb->cap_count = 0;
}

/* t received exactly the n bytes of put_pattern(seed), nothing beyond */
static void assert_got_pattern(struct thread *t, uint32_t n, unsigned seed)
{
	assert_int_equal(t->utcb->data_size, n);
	for (uint32_t i = 0; i < n; i++)
		assert_int_equal(t->utcb->data[i], (uint8_t)(i * 7 + seed));
	if (n < UTCB_DATA_SIZE)
		assert_int_equal(t->utcb->data[n], FILL);
}

/*
 * The fast paths copy a small payload word by word inline, the bytes of a
 * partial last word singly, and a bigger one with memcpy (ipc.c,
 * ipc_fast_copy): whatever the size modulo 4 and on either side of the
 * threshold, exactly the payload moves, both ways.
 */
static void test_fast_paths_copy_exactly_the_payload(void **state)
{
	static const uint32_t sizes[] = { 0,
					  1,
					  2,
					  3,
					  4,
					  5,
					  7,
					  8,
					  12,
					  13,
					  16,
					  63,
					  64,
					  65,
					  66,
					  100,
					  UTCB_DATA_SIZE - 1,
					  UTCB_DATA_SIZE };
	(void)state;
	wait_blocked(&srv, 0);
	decide();
	assert_ptr_equal(kernel.cpus[0].current, &cl[0]);
	unsigned starts = fake_board.timer_starts;

	for (unsigned k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		memset(srv.utcb->data, FILL, UTCB_DATA_SIZE);
		put_pattern(&cl[0], sizes[k], k);
		enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 0);
		assert_ptr_equal(kernel.cpus[0].current, &srv);
		assert_got_pattern(&srv, sizes[k], k);

		memset(cl[0].utcb->data, FILL, UTCB_DATA_SIZE);
		put_pattern(&srv, sizes[k], k + 128);
		enter_call(&srv, KCALL_RPC_REPLY_AND_WAIT, 0, 0);
		assert_ptr_equal(kernel.cpus[0].current, &cl[0]);
		assert_got_pattern(&cl[0], sizes[k], k + 128);
	}
	assert_int_equal(fake_board.timer_starts, starts); /* never the slow path */
}

/*
 * The fast reply_and_wait compares rcv_caps with the number of names the
 * server holds (rcv_reserved_count, kept by ipc.c): as many, and it keeps
 * them without the scheduler; more than a message can carry takes the slow
 * path, which delivers the reply and refuses the wait.
 */
static void test_fast_reply_and_wait_keeps_as_many_reserved_names(void **state)
{
	(void)state;
	unsigned free_s = ps.caps.free_count;
	wait_blocked(&srv, 3);
	assert_int_equal(srv.rcv_reserved_count, 3);
	decide();
	unsigned starts = fake_board.timer_starts;

	put(&cl[0], "a");
	enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 0);
	put(&srv, "b");
	enter_call(&srv, KCALL_RPC_REPLY_AND_WAIT, 3, 0);
	assert_ptr_equal(kernel.cpus[0].current, &cl[0]);
	assert_int_equal(fake_board.timer_starts, starts); /* fast */
	assert_int_equal(srv.state, THREAD_AWAITS_IPC);
	assert_int_equal(fake_list_len(&srv.rcv_reserved), 3);
	assert_int_equal(ps.caps.free_count, free_s - 3);

	put(&cl[0], "c");
	enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 0);
	assert_ptr_equal(kernel.cpus[0].current, &srv);
	put(&srv, "d");
	enter_call(&srv, KCALL_RPC_REPLY_AND_WAIT, UTCB_MAX_CAPS + 1, 0);
	assert_int_equal(fake_board.timer_starts, starts + 1); /* slow */
	assert_woken(&cl[0], KERNEL_OK);
	assert_got(&cl[0], "d");
	assert_int_equal(srv.state, THREAD_ACTIVE);
	assert_int_equal(srv.regs.r[0], KERNEL_INVALID_ARG);
	assert_int_equal(fake_list_len(&srv.rcv_reserved), 3); /* refused before any change */
	assert_int_equal(srv.rcv_reserved_count, 3);
}

/*
 * A server with a claim of its own: the fast call runs it on the caller's
 * share when its ready would not change the scheduler's decision (the
 * caller runs on claim at the server's priority or higher), its own claim
 * untouched; otherwise the slow path lets the scheduler pick the server's
 * claim (the caller on fill, or a server of higher priority).
 */
static void test_fast_call_to_a_server_with_a_claim(void **state)
{
	(void)state;
	struct scheduler *sched = &kernel.cpus[0].sched;
	wait_blocked(&srv, 0);
	assert_true(sched_set_quota(sched, &srv.share, 10));
	decide();
	assert_ptr_equal(kernel.cpus[0].current, &cl[0]);
	assert_false(sched->current_on_claim);
	unsigned starts = fake_board.timer_starts;

	/* the caller on fill: the server's claim wins */
	put(&cl[0], "on fill");
	enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 0);
	assert_int_equal(fake_board.timer_starts, starts + 1); /* slow */
	assert_ptr_equal(kernel.cpus[0].current, &srv);
	assert_ptr_equal(sched->current, &srv.share);
	assert_true(sched->current_on_claim);
	assert_got(&srv, "on fill");
	fake_kernel_check_invariants(-1);
	put(&srv, "r1");
	enter_call(&srv, KCALL_RPC_REPLY_AND_WAIT, 0, 0);
	assert_int_equal(fake_board.timer_starts, starts + 2); /* slow: not on cl0's share */
	assert_woken(&cl[0], KERNEL_OK);
	assert_ptr_equal(kernel.cpus[0].current, &cl[0]);

	/* the caller on claim at the same priority: fast, on the caller's claim */
	assert_true(sched_set_quota(sched, &cl[0].share, 20));
	decide();
	assert_ptr_equal(sched->current, &cl[0].share);
	assert_true(sched->current_on_claim);
	starts         = fake_board.timer_starts;
	uint32_t claim = srv.share.claim_left, bits = sched->claim_bits;
	put(&cl[0], "on claim");
	enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 0);
	assert_int_equal(fake_board.timer_starts, starts); /* fast */
	assert_ptr_equal(kernel.cpus[0].current, &srv);
	assert_ptr_equal(sched->current, &cl[0].share);
	assert_ptr_equal(kernel.cpus[0].ready_deferred, &srv.share);
	assert_got(&srv, "on claim");
	fake_kernel_check_invariants(-1);
	put(&srv, "r2");
	enter_call(&srv, KCALL_RPC_REPLY_AND_WAIT, 0, 0);
	assert_int_equal(fake_board.timer_starts, starts); /* fast */
	assert_woken(&cl[0], KERNEL_OK);
	assert_int_equal(cl[0].utcb->data_size, 2);
	assert_memory_equal(cl[0].utcb->data, "r2", 2);
	assert_null(kernel.cpus[0].ready_deferred);
	assert_int_equal(srv.share.claim_left, claim);
	assert_false(list_node_linked(&srv.share.claim_node));
	assert_int_equal(sched->claim_bits, bits);
	fake_kernel_check_invariants(-1);

	/* at the next slow entry a fast-woken claimant joins its claim list
	 * behind the caller, which the decision keeps */
	put(&cl[0], "flush");
	enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 0);
	assert_ptr_equal(kernel.cpus[0].ready_deferred, &srv.share);
	FAKE_RUN_KERNEL(kernel_entry(KERNEL_ENTRY_IRQ)); /* spurious */
	assert_true(list_node_linked(&srv.share.claim_node));
	assert_ptr_equal(sched->current, &cl[0].share);
	assert_ptr_equal(kernel.cpus[0].current, &srv);
	fake_kernel_check_invariants(-1);
	put(&srv, "r3");
	enter_call(&srv, KCALL_RPC_REPLY_AND_WAIT, 0, 0);
	assert_woken(&cl[0], KERNEL_OK);
	assert_false(list_node_linked(&srv.share.claim_node));
	decide();
	assert_ptr_equal(sched->current, &cl[0].share);

	/* a server of higher priority: its claim wins */
	srv.share.priority = cl[0].share.priority + 1; /* in no list while it waits */
	starts             = fake_board.timer_starts;
	put(&cl[0], "higher");
	enter_call(&cl[0], KCALL_RPC_CALL, c_srv1, 0);
	assert_int_equal(fake_board.timer_starts, starts + 1); /* slow */
	assert_ptr_equal(kernel.cpus[0].current, &srv);
	assert_ptr_equal(sched->current, &srv.share);
	assert_null(kernel.cpus[0].ready_deferred);
	fake_kernel_check_invariants(-1);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_call_to_waiting_server_delivers_the_message),
		T(test_empty_and_full_messages_are_copied_exactly),
		T(test_badge_is_the_servers_id_of_the_invoked_identity),
		T(test_badge_is_0_for_an_identity_the_server_does_not_name),
		T(test_reply_delivers_and_wakes_the_caller),
		T(test_busy_server_queues_callers_fifo),
		T(test_reply_and_wait_without_a_client_just_waits),
		T(test_caps_to_the_server_are_translated),
		T(test_same_cap_twice_yields_the_same_id),
		T(test_cap_without_reserved_space_arrives_as_0),
		T(test_known_cap_arrives_without_reserved_space),
		T(test_unresolvable_caps_in_a_message_arrive_as_0),
		T(test_reply_caps_are_translated_into_the_callers_pd),
		T(test_reply_cap_without_reservation_arrives_as_0),
		T(test_call_out_of_caps_fails_before_blocking),
		T(test_wait_out_of_caps_fails_before_blocking),
		T(test_call_with_a_bad_capability_is_invalid_cap),
		T(test_oversized_message_is_invalid_arg),
		T(test_call_cycles_are_invalid_state),
		T(test_wait_with_an_unanswered_request_is_invalid_state),
		T(test_reply_without_a_client_is_invalid_state),
		T(test_call_to_an_exited_server_is_destroyed),
		T(test_server_destroy_wakes_every_caller),
		T(test_server_destroy_wakes_callers_through_the_call_interface),
		T(test_client_destroyed_while_served),
		T(test_client_destroyed_while_served_then_reply_and_wait),
		T(test_client_destroyed_while_queued_leaves_the_queue),
		T(test_ipc_through_the_call_interface),
		T(test_caller_lends_its_share_to_the_server),
		T(test_queued_caller_lends_to_a_busy_server),
		T(test_helping_is_transitive),
		T(test_paused_caller_does_not_lend),
		T(test_paused_server_stops_its_helpers),
		T(test_faulted_server_stops_its_helpers),
		T(test_kernel_runs_the_executor_and_charges_the_caller),
		T(test_destroy_of_the_running_executor_is_refused),
		T(test_yield_of_a_helped_server_gives_up_the_current_share),
		T(test_names_taken_over_or_dropped_with_the_reply),
		T(test_names_dropped_only_without_other_deliveries),
		T(test_fast_call_and_reply_switch_directly),
		T(test_fast_call_readies_the_server_at_the_next_slow_entry),
		T(test_fast_paths_carry_capabilities),
		T(test_fast_path_declines_what_it_cannot_do),
		T(test_fast_reply_keeps_the_callers_reserved_names_for_the_next_call),
		T(test_fast_reply_and_wait_reserves_exactly_rcv_caps),
		T(test_fast_paths_copy_exactly_the_payload),
		T(test_fast_reply_and_wait_keeps_as_many_reserved_names),
		T(test_fast_call_to_a_server_with_a_claim),
	};
#undef T
	return cmocka_run_group_tests_name("kernel IPC and helping", tests, NULL, NULL);
}
