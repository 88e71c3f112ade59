/*
 * RPC objects of a component's entrypoint: identities of one of its
 * threads, so that the thread tells its objects apart by badge. Each is an
 * object of the component's RPC pool (its quota pays), named by a handle
 * in requests; core keeps no name of it.
 */
#pragma once

#include <base/core_service.h>
#include <kernel/cap.h>
#include <kernel/list.h>

struct component;
struct core_thread;

struct core_rpc_object {
	struct list_node node; /* in owner->rpc_objects */
	struct identity identity;
	uint32_t handle;
};

enum core_result rpc_object_create(struct component *c, struct core_thread *t,
				   struct core_rpc_object **out);
enum core_result rpc_object_free(struct component *c, uint32_t handle);
void rpc_objects_destroy(struct component *c);
