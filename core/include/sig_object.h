/*
 * Signal receivers and contexts core makes for a component on request:
 * objects of the component's signal pool (its quota pays), named by a
 * handle in requests and by a capability core inserts into the
 * component's space. A running component destroys them with
 * CORE_OP_SIG_FREE; whatever is left goes when it exits.
 */
#pragma once

#include <stdbool.h>
#include <base/core_service.h>
#include <kernel/cap.h>
#include <kernel/list.h>
#include <kernel/signal.h>

struct component;

struct core_sig_object {
	struct list_node node; /* in owner->sig_objects */
	bool is_receiver;
	struct sig_receiver receiver;
	struct sig_context context;
	struct identity identity;
	uint32_t handle;
};

/* A receiver (recv NULL), or a context bound to recv with imprint */
enum core_result sig_object_create(struct component *c, struct core_sig_object *recv,
				   uint32_t imprint, struct core_sig_object **out);
/* Destroy a context, or a receiver without contexts */
enum core_result sig_object_free(struct component *c, uint32_t handle);
/* All of them, contexts first */
void sig_objects_destroy(struct component *c);
struct core_sig_object *sig_object_of(struct component *c, uint32_t handle, bool receiver);
/* The context behind a name of core's (received in a request), NULL if it is none */
struct core_sig_object *sig_context_of_name(uint16_t core_name);
