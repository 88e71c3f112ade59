/*
 * The kernel fuzzer's objects and their starting scene (see world.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "../fake/fake.h"
#include "world.h"

struct world world;

enum { TTBR0_BASE = 0x40100000u };

static struct pd *view_pds[WORLD_PDS + 1];
static struct thread *view_threads[WORLD_THREADS + 1];
static struct identity *view_ids[WORLD_IDS];
static struct sig_receiver *view_receivers[WORLD_RECEIVERS];
static struct sig_context *view_contexts[WORLD_CONTEXTS];
static struct irq *view_irqs[WORLD_IRQS];

static const struct kernel_world view = {
	view_pds,       WORLD_PDS + 1,   view_threads,  WORLD_THREADS + 1, view_ids,  WORLD_IDS,
	view_receivers, WORLD_RECEIVERS, view_contexts, WORLD_CONTEXTS,    view_irqs, WORLD_IRQS,
};

const struct kernel_world *world_view(void) { return &view; }

uint32_t world_handle(const void *object) { return fake_core_handle(object); }

/* Setup steps must work; a failure is a bug of the fuzzer, not a finding */
static void must(enum kernel_result r, const char *what)
{
	if (r != KERNEL_OK) {
		fprintf(stderr, "world_setup: %s: result %u\n", what, r);
		abort();
	}
}

static void name_in(struct pd *pd, struct identity *id)
{
	uint16_t cap;
	must(cap_insert(&pd->caps, id, &cap), "cap_insert");
}

static void give_slab(struct pd *pd)
{
	int s = world_free_slab();
	must(s < 0 ? KERNEL_EXHAUSTED : cap_slab_add(&pd->caps, world.slab[s]), "cap_slab_add");
	world.slab_owner[s] = pd;
}

static void start_thread(unsigned i, struct pd *pd, unsigned prio)
{
	static const char *const names[WORLD_THREADS] = { "t0", "t1", "t2", "t3",
							  "t4", "t5", "t6", "t7" };
	must(thread_create(&world.thread[i], pd, prio, names[i], world.utcb[i]), "thread_create");
	must(thread_start(&world.thread[i], 0x10000, 0x20000), "thread_start");
	must(thread_set_pager(&world.thread[i], &world.context[1]), "thread_set_pager");
}

static void register_handles(void)
{
	for (unsigned i = 0; i < WORLD_PDS; i++)
		world_handle(&world.pd[i]);
	for (unsigned i = 0; i < WORLD_THREADS; i++) {
		world_handle(&world.thread[i]);
		world_handle(&world.thread[i].kobj);
		world_handle(world.utcb[i]);
	}
	for (unsigned i = 0; i < WORLD_IDS; i++)
		world_handle(&world.id[i]);
	for (unsigned i = 0; i < WORLD_RECEIVERS; i++)
		world_handle(&world.receiver[i]);
	for (unsigned i = 0; i < WORLD_CONTEXTS; i++)
		world_handle(&world.context[i]);
	for (unsigned i = 0; i < WORLD_IRQS; i++)
		world_handle(&world.irq[i]);
	for (unsigned i = 0; i < WORLD_SLABS; i++)
		world_handle(world.slab[i]);
	world_handle(&world.regs_out);
	world_handle(&kernel.core_pd);
	world_handle(&kernel.core_main);
	world_handle(&kernel.core_main.kobj);
}

static void fill_view(void)
{
	for (unsigned i = 0; i < WORLD_PDS; i++)
		view_pds[i] = &world.pd[i];
	view_pds[WORLD_PDS] = &kernel.core_pd;
	for (unsigned i = 0; i < WORLD_THREADS; i++)
		view_threads[i] = &world.thread[i];
	view_threads[WORLD_THREADS] = &kernel.core_main;
	for (unsigned i = 0; i < WORLD_IDS; i++)
		view_ids[i] = &world.id[i];
	for (unsigned i = 0; i < WORLD_RECEIVERS; i++)
		view_receivers[i] = &world.receiver[i];
	for (unsigned i = 0; i < WORLD_CONTEXTS; i++)
		view_contexts[i] = &world.context[i];
	for (unsigned i = 0; i < WORLD_IRQS; i++)
		view_irqs[i] = &world.irq[i];
}

void world_setup(void)
{
	struct world *w = &world;

	memset(w, 0, sizeof(*w));
	fake_kernel_setup(NULL);
	for (unsigned i = 0; i < WORLD_THREADS; i++)
		w->utcb[i] = fake_utcb();
	for (unsigned i = 0; i < WORLD_SLABS; i++)
		w->slab[i] = fake_slab();
	register_handles();
	fill_view();

	give_slab(&kernel.core_pd);
	for (unsigned i = 0; i < 2; i++) {
		must(pd_create(&w->pd[i], TTBR0_BASE + i * ARCH_TTBR0_ALIGN), "pd_create");
		give_slab(&w->pd[i]);
	}
	/* cache calls of PD 0 find 64 KiB mapped, writable */
	fake_arch.mapped.ttbr0    = w->pd[0].ttbr0_phys;
	fake_arch.mapped.base     = 0x10000;
	fake_arch.mapped.size     = 0x10000;
	fake_arch.mapped.writable = true;

	must(sig_receiver_create(&w->receiver[0]), "sig_receiver_create");
	must(sig_context_create(&w->context[0], &w->receiver[0], 0x1000), "sig_context_create");
	must(sig_context_create(&w->context[1], &w->receiver[0], 0x1001), "sig_context_create");
	start_thread(0, &w->pd[0], 2);
	start_thread(1, &w->pd[0], 1);
	start_thread(2, &w->pd[1], 1);

	struct kobject *named[] = { &w->thread[0].kobj, &w->thread[1].kobj, &w->thread[2].kobj,
				    &w->receiver[0].kobj, &w->context[0].kobj };
	for (unsigned i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		must(identity_create(&w->id[i], named[i]), "identity_create");
		name_in(&w->pd[0], &w->id[i]);
		name_in(&w->pd[1], &w->id[i]);
	}
	/* core waits for pager signals and submits signals */
	must(identity_create(&w->id[5], &w->context[1].kobj), "identity_create");
	for (unsigned i = 3; i < 6; i++)
		name_in(&kernel.core_pd, &w->id[i]);
}

int world_free_slab(void)
{
	for (int i = 0; i < WORLD_SLABS; i++)
		if (!world.slab_owner[i])
			return i;
	return -1;
}

void world_slab_given(uint32_t slab_handle, struct pd *pd)
{
	for (unsigned i = 0; i < WORLD_SLABS; i++)
		if (world_handle(world.slab[i]) == slab_handle)
			world.slab_owner[i] = pd;
}

/* Only the PD's last slab can come back */
void world_slab_taken(struct pd *pd, uintptr_t slab)
{
	for (unsigned i = 0; i < WORLD_SLABS; i++)
		if ((uintptr_t)world.slab[i] == slab) {
			if (world.slab_owner[i] != pd) {
				fprintf(stderr, "kernel returned a slab the PD did not own\n");
				abort();
			}
			world.slab_owner[i] = NULL;
			return;
		}
	fprintf(stderr, "kernel returned an unknown slab %#lx\n", (unsigned long)slab);
	abort();
}

void world_pd_destroyed(struct pd *pd)
{
	for (unsigned i = 0; i < WORLD_SLABS; i++)
		if (world.slab_owner[i] == pd)
			world.slab_owner[i] = NULL;
}
