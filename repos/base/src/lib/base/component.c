/*
 * The main of components written as component_construct (see
 * base/component.h). Weak, and alone in its file: the linker takes it from
 * libbase only when the program has no main, and only then needs
 * component_construct.
 */
#include <base/component.h>
#include <base/core_service.h>
#include <base/parent.h>

static struct rpc_entrypoint ep;
static struct env env;

int component_main(void);
int main(void) __attribute__((weak, alias("component_main")));

int component_main(void)
{
	struct utcb *u = utcb_main();

	rpc_ep_init(&ep, u, 0);
	env = (struct env){ .utcb = u, .ep = &ep, .parent = parent_cap, .core = core_service_cap };
	component_construct(&env);
	rpc_ep_serve(&ep);
}
