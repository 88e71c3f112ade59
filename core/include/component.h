/*
 * Components: a PD that core starts from a boot module (with core as its
 * parent) or makes for a PD session (its parent loads it). A component owns
 * the objects core made for it (threads, signal and RPC objects, the
 * address space with its region map, capability slabs, sessions of core's
 * services), each paid from its RAM quota (ram) and released when it
 * exits. component.c holds the life cycle; each kind of object has its
 * own file with its create/destroy pair.
 */
#pragma once

#include <arch/page_table.h>
#include <base/core_service.h>
#include <base/rpc.h>
#include <session/pd_session.h>
#include <kernel/cap.h>
#include <kernel/list.h>
#include <kernel/pd.h>
#include "account.h"
#include "address_space.h"
#include "core_thread.h"
#include "object_pool.h"
#include "stack_area.h"

struct boot_module;
struct region_map;
struct core_session;

/* An RPC object of core's entrypoint with its identity */
struct core_object {
	struct rpc_object obj;
	struct identity identity;
};

struct component {
	char name[32];
	struct list_node node; /* in the list of running components */
	struct pd pd;
	struct account ram; /* its RAM quota: what it donates, and core's memory for it */

	struct core_thread main; /* handle 0 */
	struct list threads;     /* the others, by handle */
	uint32_t thread_count;   /* ... how many */
	struct object_pool thread_pool, sig_pool, rpc_pool;
	struct list sig_objects;
	struct list rpc_objects;
	uint32_t next_handle; /* of signal and RPC objects */

	struct identity service;       /* of core's service thread: the component's requests */
	uint16_t service_core_id;      /* core's name of it = the badge of those requests */
	uint16_t service_id;           /* its own name of it (caps[0] of its first UTCB) */
	char announced[CORE_NAME_LEN]; /* name a thread is announced under, "" none */
	uint32_t announced_handle;     /* ... and that thread's handle */
	struct core_object parent;     /* core is the parent of the components it starts */
	struct list sessions;          /* sessions of core's services it opened */

	struct page_table pt; /* address space (address_space.c) */
	struct pt_mem pt_mem; /* ... whose second-level tables it pays */
	uint32_t l1_phys;
	unsigned num_regions;
	struct region region[COMPONENT_REGIONS];
	struct list stacks;              /* stack_area.c: by address ... */
	struct object_pool stack_pool;   /* ... the records of all but ... */
	struct stack main_stack;         /* ... the main thread's */
	unsigned stack_pages_on_demand;  /* their pages mapped */
	unsigned cap_slabs;              /* cap_space.c */
	void *cap_slab[CAP_SLABS_MAX];   /* ... the kernel's bound of names per PD */
	struct region_map *space;        /* its address space as region map, made on request */
	uint32_t space_start, space_end; /* the part of the address space that region map manages */

	bool started, exited;
	struct core_session *pd_session; /* the PD session it was made for, if any */
	uint32_t cpu_us;       /* CPU quota: us per super period for its threads and children */
	uint32_t cpu_given;    /* ... of which its children got */
	unsigned max_priority; /* no thread of it or its children runs above */
	uint32_t cpu_first, cpu_count; /* its CPUs (PD_AFFINITY), its children's too */
	uint16_t fault_handler;        /* core's name of its parent's signal context for faults */
	struct component *cpu_giver;   /* whose CPU quota it got (PD_CPU_QUOTA) */
	uint32_t faults;               /* threads stopped by unresolved faults */
	struct pd_fault last_fault;    /* ... the last of them (session/pd_session.h) */
};

/* Load and start a boot module with core as its parent */
struct component *component_start(const struct boot_module *m, uint32_t ram_quota);
/* An empty PD (for a PD session): its parent fills the address space */
struct component *component_create(const char *name, uint32_t ram_quota, bool loaded_by_core);
/* Its main thread; sp 0: core's stack (stack_area.h). parent_id: the
 * component's name of its parent (caps[1] of the initial UTCB), 0 none */
enum core_result component_start_main(struct component *c, uint32_t ip, uint32_t sp,
				      uint16_t parent_id);
void component_destroy(struct component *c);
/* Report the exit value and release everything the component holds */
void component_exit(struct component *c, int code);
/* c still exists (pointers to components may outlive them) */
bool component_alive(const struct component *c);
/* The running components: for (c = component_first(); c; c = component_next(c)) */
struct component *component_first(void);
struct component *component_next(const struct component *c);

struct component *component_by_badge(uint32_t badge);
struct component *component_by_announced(const char *name);

/* RAM of its quota not yet used or donated */
static inline uint32_t component_ram_left(const struct component *c)
{
	return account_left(&c->ram);
}

/* Core as parent and core's services (parent.c) */
void parent_init(struct utcb *entrypoint_utcb);
struct rpc_entrypoint *core_entrypoint(void);
int parent_attach(struct component *c);  /* mint c's parent object */
void parent_detach(struct component *c); /* close its sessions, drop the parent object */
