/*
 * Component start-up: take the capabilities of core's service and of the
 * parent, and the component's name, from the main thread's initial UTCB
 * before the first message overwrites it.
 */
#include <base/component.h>
#include <base/core_service.h>
#include <base/log.h>
#include <base/parent.h>

void base_init(struct utcb *utcb);

static char name[COMPONENT_NAME_LEN];

void base_init(struct utcb *utcb)
{
	core_service_cap = utcb->cap_count ? utcb->caps[0] : 0;
	parent_cap       = utcb->cap_count > 1 ? utcb->caps[1] : 0;
	for (unsigned i = 0; i < utcb->data_size && i < sizeof(name) - 1 && utcb->data[i]; i++)
		name[i] = (char)utcb->data[i];
}

const char *component_name(void) { return name; }

/* component_main is in lib/base/component.c, which the linker takes only for
 * a program without a main of its own (base/component.h). */
struct env;
extern void component_construct(struct env *env) __attribute__((weak));
extern int component_main(void) __attribute__((weak));

/* A program with main and component_construct would never be constructed:
 * refuse it as soon as libc is up, before main. */
__attribute__((constructor)) static void component_kind_check(void)
{
	if (component_construct && !component_main) {
		log_printf("error: main and component_construct both defined\n");
		exit(1);
	}
}
