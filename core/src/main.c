/*
 * Core's first thread: set up physical memory, start a component for every
 * ELF boot module, then serve as their pager (fault reports, exits).
 */
#include <format.h>
#include <kernel/call.h>
#include <kernel/core_interface.h>
#include "core.h"

char core_main_stack[16384] __attribute__((aligned(8)));
const unsigned core_main_stack_size = sizeof(core_main_stack);

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

static bool is_config(const struct boot_module *m)
{
	const char *a = m->name, *b = "config";
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

void core_main(const struct boot_info *bi)
{
	phys_init(bi);
	core_log("core: started, %u KiB RAM free, %u boot modules\n",
		 (unsigned)phys_free_pages() * 4, (unsigned)boot_modules.count);

	for (uint32_t i = 0; i < boot_modules.count; i++) {
		const struct boot_module *m = &boot_modules.module[i];
		if (is_config(m))
			continue;
		core_log("core: starting \"%s\"\n", m->name);
		component_start(m);
	}

	for (;;) {
		struct kernel_call_ret r = kernel_call(KCALL_PAGER_WAIT, 0, 0, 0, 0, 0);
		if (r.r0 == KERNEL_OK)
			component_handle_event((struct thread *)(uintptr_t)r.r1);
	}
}
