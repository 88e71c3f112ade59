/*
 * Threads core makes for a component: the kernel thread, the pager context
 * through which core learns of its faults and its exit, and its UTCB. The
 * main thread (handle 0) lives in the component's page with its UTCB in a
 * region; every other thread is an object of the owner's thread pool with
 * a UTCB page of its own, both paid from the owner's quota and returned
 * when the thread goes. The handle names the thread in core-service
 * requests and fixes where its UTCB lies (USER_UTCB_BASE + handle pages).
 */
#pragma once

#include <base/core_service.h>
#include <kernel/cap.h>
#include <kernel/list.h>
#include <kernel/signal.h>
#include <kernel/thread.h>

struct component;
struct core_session;
struct region_map;

struct core_thread {
	struct thread thread;
	struct sig_context pager; /* at core's pager receiver; imprint: this struct */
	struct identity identity; /* names the thread as IPC destination, made on first use */
	struct component *owner;
	struct list_node node; /* in owner->threads, by handle (not the main thread) */
	uint32_t handle;
	uint32_t utcb_phys; /* its UTCB page (the main thread's is a region) */
	uint32_t quota_us;  /* its claim per super period, from the owner's CPU quota */

	/* the CPU session that made it (cpu_session.c): told of its faults */
	struct core_session *cpu_session;
	struct list_node cpu_node;
	uint32_t cpu_handle;

	/* a fault waiting for the handler of a managed region map (region_map.c) */
	struct region_map *waits_at;
	struct list_node wait_node;
	uint32_t wait_addr, wait_type;
};

/* A new thread of c on the CPU of index cpu starting at ip with sp;
 * CORE_DENIED: priority above the component's band or no handle left */
enum core_result core_thread_create(struct component *c, uint32_t ip, uint32_t sp,
				    unsigned priority, unsigned cpu, struct core_thread **out);
/* The index of the CPU t runs on (after a pending move: the new one) */
unsigned core_thread_cpu(const struct core_thread *t);
/* End a thread other than the main one and return its memory */
void core_thread_destroy(struct core_thread *t);
/* All threads of c but the main one (it exits or is destroyed) */
void core_threads_destroy(struct component *c);
/* The kernel objects of a thread in memory the caller provides (the main
 * thread), and their end */
enum kernel_result core_thread_setup(struct component *c, struct core_thread *t, struct utcb *utcb,
				     unsigned priority);
void core_thread_teardown(struct core_thread *t);

/* The thread behind a handle of c's, NULL if none */
struct core_thread *core_thread_of(struct component *c, uint32_t handle);
/* The thread a delivery to core's pager names, NULL if it went meanwhile
 * (a pager signal may be late) */
struct core_thread *core_thread_by_imprint(uint32_t imprint);
/* pd's name of t as IPC destination */
enum core_result core_thread_give_cap(struct core_thread *t, struct pd *pd, uint16_t *out);

/* CPU quota: a claim for t within its component's quota */
enum core_result component_thread_quota(struct component *c, struct core_thread *t, uint32_t us);
/* CPU quota not yet claimed by its threads or given to children */
uint32_t component_cpu_left(const struct component *c);
/* After a change of its quota: its main thread claims the rest (PD children) */
void component_cpu_rebalance(struct component *c);
