/*
 * Sessions of core's services. Each is an RPC object of core's entrypoint
 * paid for by the RAM and capability quota its client donated with the
 * request (see base/parent.h); closing it, or the client's exit, returns the
 * donation and releases everything the session holds.
 */
#pragma once

#include <base/rpc.h>
#include <kernel/list.h>
#include "component.h"

struct core_session;

struct session_type {
	const char *name;      /* the service */
	uint32_t ram, caps;    /* the least donation that covers a session */
	unsigned session_size; /* bytes of core memory for the session object */
	const struct rpc_interface *iface;
	/* Set up the object core allocated (zeroed, header filled in); an
	 * error code of base/parent.h undoes the request. */
	int (*open)(struct core_session *s, const char *args);
	void (*close)(struct core_session *s);                 /* release what the session holds */
	void (*upgrade)(struct core_session *s, uint32_t ram); /* optional: ram more donated */
};

struct core_session {
	struct core_object base; /* first: the session's RPC object */
	struct list_node node;   /* in owner->sessions */
	struct component *owner;
	const struct session_type *type;
	uint32_t ram, caps; /* donated, upgrades included */
};

/* The services (ram.c, rom.c, region_map.c, parent.c, io_mem.c, irq_session.c) */
extern const struct session_type log_service, ram_service, rom_service, rm_service, pd_service,
    io_mem_service, irq_service, cpu_service;

/* The PD behind a PD session (pd_session.c) */
struct component *pd_session_component(struct core_session *s);
/* A PD session of anyone's, or a component's own PD through its service capability */
struct component *pd_of_cap(uint16_t cap);

/* CPU sessions (cpu_session.c): a thread's unresolved fault; a thread goes */
void cpu_session_thread_faulted(struct core_thread *t);
void cpu_session_thread_gone(struct core_thread *t);

/* "a -> b", cut to size */
void core_label_join(char *dst, unsigned size, const char *a, const char *b);

/* The object behind a capability core received, if it is a session of that type */
struct core_session *session_lookup(uint16_t cap, const struct session_type *type);
