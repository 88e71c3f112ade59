/*
 * The objects the kernel fuzzer (kernel_fuzz.c) plays core with: a fixed
 * set of memory slots for PDs, threads (each with its UTCB), identities,
 * signal receivers and contexts, IRQs and capability slabs, registered as
 * core handles (fake/fake.h) so that core-only calls can name them. Like
 * core, the fuzzer reuses an object's memory only when the kernel no longer
 * uses it, and hands out each capability slab to one PD at a time.
 */
#pragma once

#include <stdint.h>
#include "../../src/kernel/kernel.h"
#include "../../src/kernel/signal.h"
#include "../fake/kernel_check.h"

enum {
	WORLD_PDS       = 3,
	WORLD_THREADS   = 8,
	WORLD_IDS       = 12,
	WORLD_RECEIVERS = 3,
	WORLD_CONTEXTS  = 8,
	WORLD_IRQS      = 3,
	WORLD_SLABS     = 16,
	WORLD_CORE_SLAB = 0, /* core's own names */
};

struct world {
	struct pd pd[WORLD_PDS];
	struct thread thread[WORLD_THREADS];
	struct utcb *utcb[WORLD_THREADS]; /* thread i's UTCB */
	struct identity id[WORLD_IDS];
	struct sig_receiver receiver[WORLD_RECEIVERS];
	struct sig_context context[WORLD_CONTEXTS];
	struct irq irq[WORLD_IRQS];
	struct cap_slab *slab[WORLD_SLABS];
	struct pd *slab_owner[WORLD_SLABS]; /* NULL: free for core to donate */
	struct cpu_regs regs_out;           /* KCALL_THREAD_REGS writes here */
};

extern struct world world;

/* Reset the kernel (fake_kernel_setup) and build the starting scene: two
 * user PDs with three running threads, a receiver with two contexts (one
 * the threads' pager), identities of all of them named in both PDs, and
 * core's names of the receiver and the contexts. */
void world_setup(void);

/* The kernel_check() view of every object above plus core's PD and thread */
const struct kernel_world *world_view(void);

/* Core handles of world objects (fake_core_handle) */
uint32_t world_handle(const void *object);

/* The slab core may donate next, or -1 if all are owned */
int world_free_slab(void);
/* Bookkeeping after a successful core call on slabs and PDs */
void world_slab_given(uint32_t slab_handle, struct pd *pd);
void world_slab_taken(struct pd *pd, uintptr_t slab);
void world_pd_destroyed(struct pd *pd);
