/*
 * IPC: rendezvous of a caller and a server thread. The payload is copied
 * from UTCB to UTCB (exactly the bytes used), each capability is translated
 * into the receiver's PD using names it reserved before it blocked, and the
 * server learns its own id of the identity the caller invoked (the badge).
 * Callers queue FIFO at a busy server and lend it their share meanwhile.
 */
#include <string.h>
#include <kernel/call_id.h>
#include "ipc.h"
#include "kernel.h"

static bool ipc_message_ok(const struct utcb *u)
{
	return u->data_size <= UTCB_DATA_SIZE && u->cap_count <= UTCB_MAX_CAPS;
}

/* Calling server from t must not close a cycle of callers. */
static bool ipc_would_cycle(const struct thread *t, struct thread *server)
{
	for (struct thread *s = server; s; s = s->ipc_server) {
		if (s == t)
			return true;
		if (s->state != THREAD_AWAITS_REPLY)
			return false;
	}
	return false;
}

/* Give back the names a thread set aside for receiving. */
static void ipc_unreserve(struct thread *t)
{
	cap_unreserve(&t->pd->caps, &t->rcv_reserved);
	t->rcv_reserved_count = 0;
}

void ipc_transfer_caps(struct thread *from, struct thread *to, uint32_t caps)
{
	const struct utcb *src = from->utcb;
	struct utcb *dst       = to->utcb;

	/* the names a receive does not use stay reserved for the next one */
	for (uint32_t i = 0; i < caps; i++) {
		struct cap_name *n      = cap_lookup(&from->pd->caps, src->caps[i]);
		struct list_node *first = to->rcv_reserved.head.next;
		uint16_t id = n ? cap_receive(&to->pd->caps, &to->rcv_reserved, n->identity) : 0;
		if (to->rcv_reserved.head.next != first)
			to->rcv_reserved_count--; /* a new name: one of those reserved */
		dst->caps[i]          = id;
		to->rcv_names[i]      = id;
		to->rcv_identities[i] = n ? n->identity : NULL;
	}
	dst->cap_count      = caps;
	to->rcv_names_count = caps;
}

/* Slot i of t's last receive, if still in flight from it: taken over, and
 * dropped into t's reserved names (or the free ones when t has as many
 * reserved as a receive can use) if drop and no other delivery is in
 * flight, as cap_ack and cap_delete would do. */
static void ipc_name_taken(struct thread *t, unsigned i, bool drop)
{
	struct cap_name *n = cap_lookup(&t->pd->caps, t->rcv_names[i]);

	t->rcv_names[i] = 0;
	if (!n || n->identity != t->rcv_identities[i] || n->in_flight == 0)
		return;
	n->in_flight--;
	if (!drop || n->in_flight > 0)
		return;
	if (t->rcv_reserved_count < UTCB_MAX_CAPS) {
		cap_unbind(&t->pd->caps, n, &t->rcv_reserved);
		t->rcv_reserved_count++;
	} else {
		cap_delete(&t->pd->caps, n->id);
	}
}

void ipc_names_taken(struct thread *t, uint32_t names)
{
	/* bit i: slot i taken over or dropped, slots of the last receive only */
	uint32_t slots = (names | names >> 4) & ((1u << t->rcv_names_count) - 1);

	while (slots) {
		unsigned i = (unsigned)__builtin_ctz(slots);
		slots &= slots - 1;
		if (t->rcv_names[i])
			ipc_name_taken(t, i, names & KERNEL_NAME_DROP(i));
	}
}

void ipc_name_acked(struct thread *t, uint16_t id)
{
	for (unsigned i = 0; i < t->rcv_names_count; i++)
		if (t->rcv_names[i] == id) {
			t->rcv_names[i] = 0;
			return;
		}
}

/* Copy the message; the sender's UTCB is user memory, so clamp again. */
static void ipc_transfer(struct thread *from, struct thread *to)
{
	const struct utcb *src = from->utcb;
	struct utcb *dst       = to->utcb;
	uint32_t size          = src->data_size <= UTCB_DATA_SIZE ? src->data_size : UTCB_DATA_SIZE;
	uint32_t caps          = src->cap_count <= UTCB_MAX_CAPS ? src->cap_count : UTCB_MAX_CAPS;

	memcpy(dst->data, src->data, size);
	dst->data_size = size;
	ipc_transfer_caps(from, to, caps);
}

static void ipc_receive(struct thread *server, struct thread *client)
{
	if (list_node_linked(&client->ipc_node))
		list_remove(&client->ipc_node);
	ipc_transfer(client, server);
	server->utcb->badge     = client->ipc_badge;
	server->ipc_client      = client;
	server->ipc_client_gone = false;
}

enum kernel_result ipc_reserve(struct thread *t, unsigned rcv_caps)
{
	if (rcv_caps > UTCB_MAX_CAPS)
		return KERNEL_INVALID_ARG;
	if (rcv_caps < t->rcv_reserved_count)
		ipc_unreserve(t);
	enum kernel_result r =
	    cap_reserve(&t->pd->caps, &t->rcv_reserved, rcv_caps - t->rcv_reserved_count);
	if (r == KERNEL_OK) /* else those kept before stay */
		t->rcv_reserved_count = rcv_caps;
	return r;
}

enum kernel_result ipc_call(struct thread *t, uint16_t cap, unsigned rcv_caps)
{
	struct cap_name *name = cap_lookup(&t->pd->caps, cap);

	if (!name || name->identity->object->type != KOBJ_THREAD)
		return KERNEL_INVALID_CAP;
	struct thread *server = container_of(name->identity->object, struct thread, kobj);
	if (!ipc_message_ok(t->utcb))
		return KERNEL_INVALID_ARG;
	if (server->state == THREAD_EXITED)
		return KERNEL_DESTROYED;
	if (ipc_would_cycle(t, server))
		return KERNEL_INVALID_STATE;
	enum kernel_result r = ipc_reserve(t, rcv_caps);
	if (r != KERNEL_OK)
		return r;

	/* commit: t lends its share to the server from now on */
	t->ipc_server = server;
	t->ipc_badge  = cap_badge(name->identity);
	t->state      = THREAD_AWAITS_REPLY;
	list_push_back(&server->helpers, &t->helper_node);
	if (server->state == THREAD_AWAITS_IPC) {
		ipc_receive(server, t);
		thread_wake(server, KERNEL_OK);
	} else {
		list_push_back(&server->ipc_queue, &t->ipc_node);
		thread_refresh(t);
	}
	return KERNEL_BLOCKED;
}

enum kernel_result ipc_wait(struct thread *t, unsigned rcv_caps)
{
	if (t->ipc_client || t->ipc_client_gone)
		return KERNEL_INVALID_STATE; /* the current request needs its reply first */
	enum kernel_result r = ipc_reserve(t, rcv_caps);
	if (r != KERNEL_OK)
		return r;

	struct list_node *n = list_first(&t->ipc_queue);
	if (n) {
		ipc_receive(t, container_of(n, struct thread, ipc_node));
		return KERNEL_OK;
	}
	thread_block(t, THREAD_AWAITS_IPC);
	return KERNEL_BLOCKED;
}

/* The client stops lending its share and leaves the server. */
static void ipc_detach(struct thread *client)
{
	struct thread *server = client->ipc_server;

	if (list_node_linked(&client->ipc_node))
		list_remove(&client->ipc_node);
	list_remove(&client->helper_node);
	if (server->ipc_client == client) {
		server->ipc_client      = NULL;
		server->ipc_client_gone = true;
	}
	client->ipc_server = NULL;
}

enum kernel_result ipc_reply(struct thread *t)
{
	struct thread *c = t->ipc_client;

	if (!c) {
		bool gone          = t->ipc_client_gone;
		t->ipc_client_gone = false;
		return gone ? KERNEL_DESTROYED : KERNEL_INVALID_STATE;
	}
	ipc_transfer(t, c);
	c->utcb->badge = 0;
	ipc_detach(c);
	t->ipc_client_gone = false;
	thread_wake(c, KERNEL_OK);
	return KERNEL_OK;
}

enum kernel_result ipc_reply_and_wait(struct thread *t, unsigned rcv_caps)
{
	if (t->ipc_client || t->ipc_client_gone)
		ipc_reply(t);
	return ipc_wait(t, rcv_caps);
}

void ipc_cancel_call(struct thread *client)
{
	ipc_detach(client);
	ipc_unreserve(client);
}

void ipc_server_destroyed(struct thread *server)
{
	struct list_node *n;

	while ((n = list_first(&server->helpers))) {
		struct thread *c = container_of(n, struct thread, helper_node);
		ipc_cancel_call(c);
		thread_wake(c, KERNEL_DESTROYED);
	}
}
