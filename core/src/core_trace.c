/*
 * The kernel's trace as core runs it (core_trace.h). The area is one block
 * of core's RAM: the header and the names of threads (core writes them as
 * it makes threads, the last TRACE_NAMES kept), then a ring per CPU that
 * the kernel fills. Its physical address goes to the log, from where the
 * run tool takes it to save the area at the end of a run (QEMU's
 * pmemsave) for tool/trace_svg. The "trace" module may hold the size of a
 * ring in KiB (default 1024), and "first" after it: keep the first records
 * (from boot) instead of the last ones.
 */
#include <string.h>
#include <kernel/call.h>
#include <kernel/core_interface.h>
#include <kernel/trace.h>
#include "core.h"
#include "core_trace.h"

enum {
	TRACE_NAMES        = 512,
	TRACE_RING_KIB     = 1024, /* default: 32,768 records */
	TRACE_RING_KIB_MAX = 16384,
	TRACE_CPUS_NOW     = 1,
	PAGE               = 4096,
};

static struct trace_area *area;

static const struct boot_module *trace_module(void)
{
	for (uint32_t i = 0; i < boot_modules.count; i++) {
		const char *n = boot_modules.module[i].name;
		if (n[0] == 't' && n[1] == 'r' && n[2] == 'a' && n[3] == 'c' && n[4] == 'e' &&
		    !n[5])
			return &boot_modules.module[i];
	}
	return NULL;
}

/* The ring size in KiB the module names (decimal), else the default */
static uint32_t ring_kib(const struct boot_module *m, uint32_t *flags)
{
	uint32_t kib = 0, i = 0;
	for (; i < m->size && m->base[i] >= '0' && m->base[i] <= '9' && kib < TRACE_RING_KIB_MAX;
	     i++)
		kib = kib * 10 + (uint32_t)(m->base[i] - '0');
	for (; i < m->size && m->base[i] == ' '; i++)
		;
	*flags = m->size - i >= 5 && m->base[i] == 'f' && m->base[i + 1] == 'i' &&
			 m->base[i + 2] == 'r' && m->base[i + 3] == 's' && m->base[i + 4] == 't'
		     ? TRACE_ONCE
		     : 0;
	return kib >= 4 && kib <= TRACE_RING_KIB_MAX ? kib & ~3u : TRACE_RING_KIB;
}

void core_trace_start(void)
{
	const struct boot_module *m = trace_module();
	if (!m)
		return;
	uint32_t flags      = 0;
	uint32_t ring_bytes = ring_kib(m, &flags) * 1024;
	uint32_t head       = sizeof(struct trace_area) + TRACE_NAMES * sizeof(struct trace_name);
	uint32_t head_pages = (head + PAGE - 1) / PAGE;
	uint32_t pages      = head_pages + TRACE_CPUS_NOW * ring_bytes / PAGE;
	uint32_t phys       = phys_alloc(pages, 1);

	if (!phys) {
		core_log("core: trace: no RAM for %u KiB, not started\n", (unsigned)pages * 4);
		return;
	}
	area = phys_to_virt(phys);
	memset(area, 0, (size_t)pages * PAGE);
	*area = (struct trace_area){ .magic       = TRACE_MAGIC,
				     .cpus        = TRACE_CPUS_NOW,
				     .ring_offset = head_pages * PAGE,
				     .ring_bytes  = ring_bytes,
				     .names_max   = TRACE_NAMES };
	if (kernel_call(KCALL_TRACE_START, (uint32_t)(uintptr_t)area + head_pages * PAGE,
			ring_bytes, TRACE_CPUS_NOW, flags, 0)
		.r0 != KERNEL_OK) {
		core_log("core: trace: the kernel refused to start it\n");
		area = NULL;
		return;
	}
	core_log("core: trace: %u records per CPU (the %s), area at phys %p, %u bytes\n",
		 (unsigned)((ring_bytes - TRACE_RING_HEADER) / sizeof(struct trace_record)),
		 flags ? "first" : "last", (void *)(uintptr_t)phys, (unsigned)pages * PAGE);
	core_trace_name(kernel_core_main_thread(), "core", 0);
	core_trace_name(kernel_idle_thread(), "idle", 0);
}

void core_trace_name(const struct thread *t, const char *label, uint32_t handle)
{
	if (!area)
		return;
	struct trace_name *n = &area->name[area->names++ % area->names_max];
	n->thread            = (uint32_t)(uintptr_t)t;
	n->handle            = handle;
	uint32_t i           = 0;
	for (; label[i] && i < sizeof(n->label) - 1; i++)
		n->label[i] = label[i];
	n->label[i] = 0;
}
