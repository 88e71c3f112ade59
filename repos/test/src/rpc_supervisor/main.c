/*
 * A parent that is not init (run/rpc.run): starts rpc_server as its child
 * with the framework's loader and starts it again whenever it exits, up to
 * MAX_RESTARTS times.
 */
#include <base/child_parent.h>
#include <base/core_service.h>
#include <base/log.h>

enum { MAX_RESTARTS = 3, SERVER_RAM = 1024 * 1024 };

static struct rpc_entrypoint ep;
static struct child_parent server;
static unsigned restarts;

static void start(void);

static void exited(struct child_parent *c, int code)
{
	child_parent_release(c);
	if (restarts == MAX_RESTARTS) {
		log_printf("rpc_supervisor: server exited with exit value %d, no more restarts\n",
			   code);
		return;
	}
	restarts++;
	log_printf("rpc_supervisor: server exited with exit value %d, restart %u\n", code,
		   restarts);
	start();
}

static const struct child_policy policy = { .exited = exited };

static void start(void)
{
	static const struct child_resources res = { SERVER_RAM, 0, 1, { 0, 0 } };
	enum elf_result elf;
	enum child_result r =
	    child_parent_start(&server, &ep, "server", "rpc_server", &res, &policy, &elf);
	if (r != CHILD_OK)
		log_printf("rpc_supervisor: error: cannot start the server: %s\n",
			   child_result_string(r));
}

int main(void)
{
	rpc_ep_init(&ep, utcb_main(), 0);
	start();
	rpc_ep_serve(&ep);
}
