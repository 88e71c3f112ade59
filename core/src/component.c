/*
 * Components that core starts from boot modules: a PD with its own
 * lower-half table and ASID, the ELF segments and a stack mapped in it, and
 * one user-mode thread whose faults and exit core handles as its pager.
 */
#include <arch/cpu.h>
#include <arch/page_table.h>
#include <base/elf.h>
#include <kernel/call.h>
#include <kernel/core_interface.h>
#include <kernel/pd.h>
#include <kernel/signal.h>
#include <kernel/thread.h>
#include <kernel/utcb.h>
#include "core.h"

enum {
	USER_VA_LOW     = 0x1000, /* page 0 stays unmapped: null pointers fault */
	USER_VA_HIGH    = 0x7fe00000,
	USER_STACK_SIZE = 64 * 1024,
	USER_STACK_TOP  = UTCB_MAIN_THREAD - ARCH_PAGE_SIZE, /* guard page below the UTCB */
	USER_PRIORITY   = 1,
	L1_PAGES        = ARCH_TTBR0_ALIGN / ARCH_PAGE_SIZE,
	L2_SIZE         = 1024,
};

/* A mapped region backed by one contiguous run of frames */
struct region {
	uint32_t va, phys, pages;
};

struct component {
	char name[32];
	struct pd pd;
	struct thread thread;
	struct sig_context pager; /* the thread's faults and exit, imprint: this component */
	struct page_table pt;
	uint32_t l1_phys;
	unsigned num_regions;
	struct region region[ELF_MAX_SEGMENTS + 2]; /* segments, stack, UTCB */
};
_Static_assert(sizeof(struct component) <= ARCH_PAGE_SIZE, "component: must fit one page");

/* --- second-level tables: 1 KiB pieces of page frames --- */
struct l2_chunk {
	struct l2_chunk *next;
};
static struct l2_chunk *l2_free;

static uint32_t *l2_alloc(void *ctx, uint32_t *phys)
{
	(void)ctx;
	if (!l2_free) {
		uint32_t page = phys_alloc(1, 1);
		if (!page)
			return NULL;
		for (uint32_t off = 0; off < ARCH_PAGE_SIZE; off += L2_SIZE) {
			struct l2_chunk *c = phys_to_virt(page + off);
			c->next            = l2_free;
			l2_free            = c;
		}
	}
	struct l2_chunk *c = l2_free;
	l2_free            = c->next;
	c->next            = NULL; /* the table must start zeroed */
	*phys              = virt_to_phys(c);
	return (uint32_t *)c;
}

static void l2_release(void *ctx, uint32_t *l2, uint32_t phys)
{
	(void)ctx;
	(void)phys;
	for (unsigned i = 0; i < L2_SIZE / sizeof(uint32_t); i++)
		l2[i] = 0;
	struct l2_chunk *c = (struct l2_chunk *)l2;
	c->next            = l2_free;
	l2_free            = c;
}

static uint32_t *l2_phys_to_virt(void *ctx, uint32_t phys)
{
	(void)ctx;
	return phys_to_virt(phys);
}

static const struct pt_mem core_pt_mem = { NULL, l2_alloc, l2_release, l2_phys_to_virt };

/* --- address space --- */
static bool map_region(struct component *c, uint32_t va, uint32_t pages, unsigned flags,
		       const uint8_t *data, uint32_t data_offset, uint32_t data_size)
{
	uint32_t phys = phys_alloc(pages, 1);

	if (!phys) {
		core_log("core: \"%s\": out of RAM (%u pages)\n", c->name, (unsigned)pages);
		return false;
	}
	uint8_t *dst = phys_to_virt(phys);
	for (uint32_t i = 0; i < data_size; i++)
		dst[data_offset + i] = data[i];

	enum pt_result r = pt_map(&c->pt, va, phys, pages * ARCH_PAGE_SIZE, flags | PT_USER);
	if (r != PT_OK) {
		core_log("core: \"%s\": cannot map %p (page-table error %u)\n", c->name,
			 (void *)(uintptr_t)va, (unsigned)r);
		phys_free(phys, pages);
		return false;
	}
	c->region[c->num_regions++] = (struct region){ va, phys, pages };
	return true;
}

static unsigned segment_flags(uint32_t elf_flags)
{
	return ((elf_flags & ELF_SEG_W) ? PT_WRITE : 0) | ((elf_flags & ELF_SEG_X) ? PT_EXEC : 0);
}

static bool map_image(struct component *c, const struct boot_module *m, const struct elf_image *elf)
{
	for (unsigned i = 0; i < elf->num_segments; i++) {
		const struct elf_segment *s = &elf->segment[i];
		uint32_t va                 = s->vaddr & ~(ARCH_PAGE_SIZE - 1);
		uint32_t end = (s->vaddr + s->memsz + ARCH_PAGE_SIZE - 1) & ~(ARCH_PAGE_SIZE - 1);
		if (!map_region(c, va, (end - va) / ARCH_PAGE_SIZE, segment_flags(s->flags),
				m->base + s->file_offset, s->vaddr - va, s->filesz))
			return false;
	}
	return map_region(c, USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_SIZE / ARCH_PAGE_SIZE,
			  PT_WRITE, NULL, 0, 0) &&
	       map_region(c, UTCB_MAIN_THREAD, 1, PT_WRITE, NULL, 0, 0);
}

/* Free everything a component holds; its kernel objects must be gone. */
static void component_free(struct component *c)
{
	for (unsigned i = 0; i < c->num_regions; i++)
		phys_free(c->region[i].phys, c->region[i].pages);
	pt_clear(&c->pt);
	phys_free(c->l1_phys, L1_PAGES);
	phys_free(virt_to_phys(c), 1);
}

static struct component *component_alloc(const char *name)
{
	uint32_t page = phys_alloc(1, 1);
	uint32_t l1   = phys_alloc(L1_PAGES, L1_PAGES);

	if (!page || !l1) {
		if (page)
			phys_free(page, 1);
		return NULL;
	}
	struct component *c = phys_to_virt(page);
	for (unsigned i = 0; name[i] && i < sizeof(c->name) - 1; i++)
		c->name[i] = name[i];
	c->l1_phys = l1;
	c->pt      = (struct page_table){ phys_to_virt(l1), 2048, &core_pt_mem };
	return c;
}

static enum kernel_result kcall(uint32_t id, const void *a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
	return (enum kernel_result)kernel_call(id, (uint32_t)(uintptr_t)a1, a2, a3, a4, 0).r0;
}

static uint32_t ptr(const void *p) { return (uint32_t)(uintptr_t)p; }

/* The UTCB as core sees it: through the linear map of its frame */
static struct utcb *component_utcb(struct component *c)
{
	return phys_to_virt(c->region[c->num_regions - 1].phys);
}

static void component_destroy_objects(struct component *c)
{
	kcall(KCALL_THREAD_DESTROY, &c->thread, 0, 0, 0);
	kcall(KCALL_SIG_CONTEXT_DESTROY, &c->pager, 0, 0, 0);
	kcall(KCALL_PD_DESTROY, &c->pd, 0, 0, 0);
}

/* Create the kernel objects and start the main thread at the ELF entry. */
static enum kernel_result component_run(struct component *c, uint32_t entry)
{
	enum kernel_result r;

	arch_page_table_sync();
	if ((r = kcall(KCALL_PD_CREATE, &c->pd, c->l1_phys, 0, 0)) != KERNEL_OK)
		return r;
	r = (enum kernel_result)kernel_call(KCALL_THREAD_CREATE, ptr(&c->thread), ptr(&c->pd),
					    USER_PRIORITY, ptr(c->name), ptr(component_utcb(c)))
		.r0;
	if (r == KERNEL_OK)
		r = kcall(KCALL_SIG_CONTEXT_CREATE, &c->pager, ptr(core_pager_receiver()), ptr(c),
			  0);
	if (r == KERNEL_OK)
		r = kcall(KCALL_THREAD_PAGER, &c->thread, ptr(&c->pager), 0, 0);
	if (r == KERNEL_OK)
		r = kcall(KCALL_THREAD_START, &c->thread, entry, USER_STACK_TOP, 0);
	if (r != KERNEL_OK)
		component_destroy_objects(c);
	return r;
}

struct component *component_start(const struct boot_module *m)
{
	struct elf_image elf;
	enum elf_result er = elf_parse(m->base, m->size, USER_VA_LOW, USER_VA_HIGH, &elf);

	if (er != ELF_OK) {
		core_log("core: cannot start \"%s\": invalid ELF: %s\n", m->name,
			 elf_result_string(er));
		return NULL;
	}
	struct component *c = component_alloc(m->name);
	if (!c) {
		core_log("core: cannot start \"%s\": out of RAM\n", m->name);
		return NULL;
	}
	if (!map_image(c, m, &elf)) {
		component_free(c);
		return NULL;
	}
	enum kernel_result r = component_run(c, elf.entry);
	if (r != KERNEL_OK) {
		core_log("core: cannot start \"%s\": %s\n", m->name, kernel_result_string(r));
		component_free(c);
		return NULL;
	}
	return c;
}

static void component_report_fault(struct component *c, const struct fault *f)
{
	bool memory = f->type != FAULT_UNDEFINED;

	core_log("core: \"%s\": %s%s%s%s at ip=%p addr=%p, thread \"%s\" stopped\n", c->name,
		 fault_type_string(f->type), memory ? " (" : "",
		 memory ? fault_cause_string(f->cause) : "", memory ? ")" : "",
		 (void *)(uintptr_t)f->ip, (void *)(uintptr_t)f->addr, c->thread.name);
}

void component_handle_pager_signal(uint32_t imprint)
{
	struct component *c = (struct component *)(uintptr_t)imprint;

	switch (c->thread.state) {
	case THREAD_FAULTED:
		component_report_fault(c, &c->thread.fault);
		kcall(KCALL_THREAD_PAGER_ACK, &c->thread, 0, 0, 0); /* stays stopped */
		return;
	case THREAD_EXITED:
		core_log("core: \"%s\" exited with exit value %d\n", c->name, c->thread.exit_code);
		component_destroy_objects(c);
		component_free(c);
		return;
	default: break;
	}
	core_log("core: \"%s\": spurious pager signal\n", c->name);
	kcall(KCALL_THREAD_PAGER_ACK, &c->thread, 0, 0, 0);
}
