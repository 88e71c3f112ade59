/*
 * Components that core starts from boot modules, with the objects core
 * created for them on request (threads, signal objects, an announced
 * service). Everything a component holds is released when it exits.
 */
#pragma once

#include <arch/page_table.h>
#include <base/core_service.h>
#include <base/elf.h>
#include <base/rpc.h>
#include <kernel/cap.h>
#include <kernel/pd.h>
#include <kernel/signal.h>
#include <kernel/thread.h>
#include <kernel/list.h>

struct component;
struct boot_module;
struct region_map;

/* An RPC object of core's entrypoint with its identity */
struct core_object {
	struct rpc_object obj;
	struct identity identity;
};

/* A thread of a component; its pager context's imprint points here. */
struct core_thread {
	struct thread thread;
	struct sig_context pager;
	struct identity identity; /* names the thread as IPC destination */
	uint16_t core_id;         /* core's name of identity, 0 if none yet */
	struct component *owner;
	uint32_t handle;
	uint32_t quota_us; /* its claim per super period, from the owner's CPU quota */
	struct core_session *cpu_session; /* that created it: told of its faults */
};

/* Signal objects made for a component: one page each */
struct core_sig_object {
	struct list_node node; /* in owner->sig_objects */
	bool is_receiver;
	struct sig_receiver receiver;
	struct sig_context context;
	struct identity identity;
	uint16_t core_id;
	uint32_t handle;
};

/* An identity of one of the component's threads: one per RPC object */
struct core_rpc_object {
	struct list_node node; /* in owner->rpc_objects */
	struct identity identity;
	uint16_t core_id;
	uint32_t handle;
};

struct region {
	uint32_t va, phys, pages;
};

enum { COMPONENT_REGIONS = ELF_MAX_SEGMENTS + 2 + CORE_MAX_THREADS };

struct component {
	char name[32];
	struct list_node node; /* in the list of running components */
	struct pd pd;
	struct core_thread main;                       /* handle 0 */
	struct core_thread *threads[CORE_MAX_THREADS]; /* handles 1.. */
	struct identity service;       /* the thread of the caller: core's service, badge */
	uint16_t service_core_id;      /* core's id = the badge of this component's requests */
	char announced[CORE_NAME_LEN]; /* name a thread is announced under, "" none */
	uint32_t announced_handle;     /* ... and that thread's handle */
	struct core_object parent;     /* core is the parent of the components it starts */
	struct list sessions;          /* sessions of core's services it opened */
	uint32_t donated;              /* RAM quota donated to those sessions */
	struct list sig_objects;
	unsigned objects; /* signal and RPC objects core made for it */
	struct list rpc_objects;
	uint32_t next_handle;
	struct page_table pt;
	uint32_t l1_phys;
	unsigned num_regions;
	struct region region[COMPONENT_REGIONS];
	unsigned stack_pages_on_demand;
	unsigned cap_slabs;
	uint32_t cap_slab_phys[CAP_SLABS_MAX];
	struct region_map *space;        /* its address space as region map, made on request */
	uint32_t space_start, space_end; /* the part of the address space that region map manages */
	uint32_t budget;                 /* RAM it may use and donate */
	uint16_t service_id;             /* its name of core's service */
	bool started, exited;
	struct core_session *pd_session; /* the PD session it was made for, if any */
	uint32_t cpu_us;        /* CPU quota: us per super period for its threads and children */
	uint32_t cpu_given;     /* ... of which its children got */
	unsigned max_priority;  /* no thread of it or its children runs above */
	uint16_t fault_handler; /* core's name of its parent's signal context for faults */
	struct component *cpu_giver; /* whose CPU quota it got (PD_CPU_QUOTA) */
	uint32_t faults;             /* threads stopped by unresolved faults */
};

/* Load and start a boot module with core as its parent */
struct component *component_start(const struct boot_module *m, uint32_t budget);
/* An empty PD (for a PD session): its parent fills the address space */
struct component *component_create(const char *name, uint32_t budget, bool loaded_by_core);
/* Its main thread; sp 0: core's demand-mapped stack. parent_id: the
 * component's name of its parent (caps[1] of the initial UTCB), 0 none */
enum kernel_result component_start_main(struct component *c, uint32_t ip, uint32_t sp,
					uint16_t parent_id);
void component_destroy(struct component *c);
/* c still exists (pointers to components may outlive them) */
bool component_alive(const struct component *c);
void component_handle_pager_signal(uint32_t imprint);
/* Report the exit value and release everything the component holds */
void component_exit(struct component *c, int code);

struct component *component_by_badge(uint32_t badge);
struct component *component_by_announced(const char *name);

/* Service operations on behalf of a component (service.c) */
enum core_result component_add_cap_slab(struct component *c);
void component_cap_space_shrink(struct component *c);
enum core_result component_add_thread(struct component *c, uint32_t ip, uint32_t sp,
				      unsigned priority, struct core_thread **out);
struct core_thread *component_thread(struct component *c, uint32_t handle);
/* A claim for one of its threads, within the component's CPU quota */
enum core_result component_thread_quota(struct component *c, struct core_thread *t, uint32_t us);
/* CPU quota not yet claimed by its threads or given to children */
uint32_t component_cpu_left(const struct component *c);
/* After a change of its quota: its main thread claims the rest (PD children) */
void component_cpu_rebalance(struct component *c);
enum core_result component_kill_thread(struct component *c, uint32_t handle);
struct core_sig_object *component_sig_object(struct component *c, uint32_t handle, bool receiver);
enum core_result component_add_sig_object(struct component *c, bool receiver,
					  struct core_sig_object *recv, uint32_t imprint,
					  struct core_sig_object **out);
enum core_result component_add_rpc_object(struct component *c, struct core_thread *t,
					  struct core_rpc_object **out);
enum core_result component_drop_rpc_object(struct component *c, uint32_t handle);

/* core's own name for a thread as IPC destination (created on first use) */
uint16_t core_thread_core_cap(struct core_thread *t);

/* core's capability space (service.c) */
uint16_t core_cap_insert(struct identity *id);
void core_cap_space_shrink(void); /* free the slabs no longer needed */
unsigned core_caps_in_use(void);

/* RAM of the component's budget not yet used or donated */
uint32_t component_ram_left(const struct component *c);

/* Core as parent and core's services (parent.c) */
void parent_init(struct utcb *entrypoint_utcb);
struct rpc_entrypoint *core_entrypoint(void);
int parent_attach(struct component *c);  /* mint c's parent object */
void parent_detach(struct component *c); /* close its sessions, drop the parent object */
void *core_page_alloc(void);
void core_page_free(void *page);
