/*
 * RPC objects of components' entrypoints (see rpc_object.h).
 */
#include <kernel/call.h>
#include "component.h"
#include "core.h"
#include "rpc_object.h"

static void destroy(struct component *c, struct core_rpc_object *o)
{
	/* refused if its thread went first: that took the identity along */
	kernel_call2(KCALL_OBJ_DESTROY, (uint32_t)(uintptr_t)&o->identity, 0);
	core_assert(o->identity.state != IDENTITY_ACTIVE,
		    "rpc_object destroy: the identity is still linked");
	list_remove(&o->node);
	object_pool_free(&c->rpc_pool, o);
}

enum core_result rpc_object_create(struct component *c, struct core_thread *t,
				   struct core_rpc_object **out)
{
	enum core_result why;
	struct core_rpc_object *o = object_pool_alloc(&c->rpc_pool, &why);

	if (!o)
		return why;
	o->handle = c->next_handle++;
	list_push_back(&c->rpc_objects, &o->node);
	if (kernel_call2(KCALL_OBJ_CREATE, (uint32_t)(uintptr_t)&o->identity,
			 (uint32_t)(uintptr_t)&t->thread.kobj) != KERNEL_OK) {
		destroy(c, o);
		return CORE_BAD_REQUEST;
	}
	*out = o;
	return CORE_OK;
}

enum core_result rpc_object_free(struct component *c, uint32_t handle)
{
	for (struct list_node *n = c->rpc_objects.head.next; n != &c->rpc_objects.head;
	     n                   = n->next) {
		struct core_rpc_object *o = container_of(n, struct core_rpc_object, node);
		if (o->handle == handle) {
			destroy(c, o);
			return CORE_OK;
		}
	}
	return CORE_NOT_FOUND;
}

void rpc_objects_destroy(struct component *c)
{
	while (!list_empty(&c->rpc_objects))
		destroy(c, container_of(list_first(&c->rpc_objects), struct core_rpc_object, node));
}
