/*
 * Core's first thread: set up physical memory and core's capability space,
 * start a component for every ELF boot module, then serve as their pager:
 * faults and exits arrive as signals at core's pager receiver.
 */
#include <format.h>
#include <kernel/call.h>
#include <kernel/cap.h>
#include <kernel/core_interface.h>
#include <kernel/kernel.h>
#include <kernel/signal.h>
#include "cap_space.h"
#include "component.h"
#include "core.h"
#include "core_trace.h"
#include "pager.h"

char core_main_stack[16384] __attribute__((aligned(8)));
const unsigned core_main_stack_size = sizeof(core_main_stack);
struct utcb core_main_utcb __attribute__((aligned(4096)));

static struct cap_slab core_cap_slab;
static struct sig_receiver pager_receiver;
static struct identity pager_receiver_identity;

struct sig_receiver *core_pager_receiver(void) { return &pager_receiver; }

static void log_sink(void *ctx, char c)
{
	(void)ctx;
	kernel_print_char(c);
}

void core_log(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	format(log_sink, NULL, fmt, ap);
	va_end(ap);
}

void core_fatal(const char *rule)
{
	core_log("core: fatal: %s\n", rule);
	for (;;)
		kernel_thread_stop();
}

static bool named(const struct boot_module *m, const char *name)
{
	const char *a = m->name;
	while (*a && *a == *name)
		a++, name++;
	return *a == *name;
}

/* With an init among the boot modules, core starts only init and gives it
 * most of the RAM; init starts the rest. Without, core starts every ELF
 * module itself (the kernel and framework tests). */
static const struct boot_module *init_module(void)
{
	for (uint32_t i = 0; i < boot_modules.count; i++)
		if (named(&boot_modules.module[i], "init"))
			return &boot_modules.module[i];
	return NULL;
}

static uint32_t ptr(const void *p) { return (uint32_t)(uintptr_t)p; }

static void core_check(enum kernel_result r, const char *what)
{
	if (r != KERNEL_OK) {
		core_log("core: fatal: %s: %s (%u)\n", what, kernel_result_string(r), (unsigned)r);
		for (;;)
			kernel_thread_stop();
	}
}

/* Core names its pager receiver like any PD would: by a capability. */
static uint16_t core_setup_pager(void)
{
	core_check(kernel_call2(KCALL_PD_CAP_SLAB, ptr(kernel_core_pd()), ptr(&core_cap_slab)),
		   "cap slab");
	core_check(kernel_call_simple(KCALL_SIG_RECEIVER_CREATE, ptr(&pager_receiver)),
		   "pager receiver");
	core_check(kernel_call2(KCALL_OBJ_CREATE, ptr(&pager_receiver_identity),
				ptr(&pager_receiver.kobj)),
		   "pager identity");
	uint16_t name = core_name_make(&pager_receiver_identity);
	if (!name)
		core_fatal("core_setup_pager: no name for the pager receiver");
	return name;
}

void core_main(const struct boot_info *bi)
{
	phys_init(bi);
	core_log("core: started, %u KiB RAM free, %u boot modules\n",
		 (unsigned)phys_free_pages() * 4, (unsigned)boot_modules.count);
	uint16_t pager = core_setup_pager();
	core_check(
	    kernel_call2(KCALL_THREAD_QUOTA, ptr(kernel_core_main_thread()), CORE_PAGER_QUOTA_US),
	    "the pager's CPU quota");
	core_trace_start();
	core_lock();
	service_start();

	const struct boot_module *init = init_module();
	if (init) {
		core_log("core: starting \"init\"\n");
		component_start(init, phys_free_pages() / 8 * 7 * 4096); /* core keeps 1/8 */
	}
	for (uint32_t i = 0; i < boot_modules.count && !init; i++) {
		const struct boot_module *m = &boot_modules.module[i];
		if (named(m, "config") || named(m, "trace"))
			continue;
		core_log("core: starting \"%s\"\n", m->name);
		component_start(m, CORE_RAM_LIMIT);
	}

	core_unlock();

	const struct sig_delivery *d = (const struct sig_delivery *)core_main_utcb.data;
	for (;;) {
		if (kernel_sig_wait(pager) != KERNEL_OK)
			continue;
		core_lock();
		pager_signal(d->imprint);
		core_unlock();
	}
}
