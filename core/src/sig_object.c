/*
 * Signal receivers and contexts of components (see sig_object.h).
 */
#include <kernel/call.h>
#include "cap_space.h"
#include "component.h"
#include "core.h"
#include "sig_object.h"

static uint32_t ptr(const void *p) { return (uint32_t)(uintptr_t)p; }

static enum kernel_result kcall(uint32_t id, const void *a1, uint32_t a2, uint32_t a3)
{
	return (enum kernel_result)kernel_call(id, ptr(a1), a2, a3, 0, 0).r0;
}

static struct kobject *kobj_of(struct core_sig_object *o)
{
	return o->is_receiver ? &o->receiver.kobj : &o->context.kobj;
}

/* The kernel objects die, and with them every name of the identity. */
static void destroy(struct component *c, struct core_sig_object *o)
{
	if (o->is_receiver)
		kcall(KCALL_SIG_RECEIVER_DESTROY, &o->receiver, 0, 0);
	else
		kcall(KCALL_SIG_CONTEXT_DESTROY, &o->context, 0, 0);
	core_assert(o->receiver.state != SIG_RECEIVER_ACTIVE &&
			o->context.state == SIG_CONTEXT_INVALID &&
			o->identity.state != IDENTITY_ACTIVE,
		    "sig_object destroy: a kernel object in it is still linked");
	list_remove(&o->node);
	object_pool_free(&c->sig_pool, o);
}

enum core_result sig_object_create(struct component *c, struct core_sig_object *recv,
				   uint32_t imprint, struct core_sig_object **out)
{
	enum core_result why;
	enum kernel_result r;
	struct core_sig_object *o = object_pool_alloc(&c->sig_pool, &why);

	if (!o)
		return why;
	o->is_receiver = !recv;
	if (o->is_receiver)
		r = kcall(KCALL_SIG_RECEIVER_CREATE, &o->receiver, 0, 0);
	else
		r = kcall(KCALL_SIG_CONTEXT_CREATE, &o->context, ptr(&recv->receiver), imprint);
	if (r == KERNEL_OK)
		r = kcall(KCALL_OBJ_CREATE, &o->identity, ptr(kobj_of(o)), 0);
	o->handle = c->next_handle++;
	list_push_back(&c->sig_objects, &o->node);
	if (r != KERNEL_OK) {
		destroy(c, o);
		return CORE_BAD_REQUEST;
	}
	*out = o;
	return CORE_OK;
}

struct core_sig_object *sig_object_of(struct component *c, uint32_t handle, bool receiver)
{
	for (struct list_node *n = c->sig_objects.head.next; n != &c->sig_objects.head;
	     n                   = n->next) {
		struct core_sig_object *o = container_of(n, struct core_sig_object, node);
		if (o->handle == handle && o->is_receiver == receiver)
			return o;
	}
	return NULL;
}

enum core_result sig_object_free(struct component *c, uint32_t handle)
{
	struct core_sig_object *o = sig_object_of(c, handle, false);

	if (!o && (o = sig_object_of(c, handle, true)) && !list_empty(&o->receiver.contexts))
		return CORE_DENIED; /* its contexts first */
	if (!o)
		return CORE_NOT_FOUND;
	destroy(c, o);
	return CORE_OK;
}

void sig_objects_destroy(struct component *c)
{
	/* contexts before receivers: a receiver with contexts cannot go */
	for (int pass = 0; pass < 2; pass++) {
		for (struct list_node *n = c->sig_objects.head.next; n != &c->sig_objects.head;) {
			struct core_sig_object *o = container_of(n, struct core_sig_object, node);
			n                         = n->next;
			if (o->is_receiver == (pass == 1))
				destroy(c, o);
		}
	}
}

struct core_sig_object *sig_context_of_name(uint16_t core_name)
{
	struct identity *id = core_name_identity(core_name);

	if (!id || id->object->type != KOBJ_SIG_CONTEXT)
		return NULL;
	/* every context with an identity is one core made for a component */
	struct sig_context *ctx   = container_of(id->object, struct sig_context, kobj);
	struct core_sig_object *o = container_of(ctx, struct core_sig_object, context);
	return &o->identity == id ? o : NULL;
}
