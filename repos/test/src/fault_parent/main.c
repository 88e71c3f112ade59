/*
 * A parent that learns of its child's faults (run/fault_detection.run): it
 * names a signal handler of its entrypoint as the fault handler of the
 * child's PD, and when the child stops on a fault it reads the fault count,
 * ends the child and starts it again, RESTARTS times; then it gives up.
 */
#include <stdlib.h>
#include <base/child_parent.h>
#include <base/component.h>
#include <base/log.h>
#include <base/signal.h>
#include <session/pd_session.h>

enum { RESTARTS = 2, CHILD_RAM = 1024 * 1024 };

static struct env *env;
static struct child_parent child;
static struct signal_handler fault;
static unsigned starts;

static void exited(struct child_parent *c, int code)
{
	log_printf("fault_parent: error: the child exited with %d instead of faulting\n", code);
	child_parent_release(c);
	exit(1);
}

static const struct child_policy policy = { .exited = exited };

static void start(void)
{
	static const struct child_resources res = { CHILD_RAM, 0, 1, { 0, 0 } };
	enum elf_result elf;

	starts++;
	if (child_parent_start(&child, env->ep, "crasher", "fault_child", &res, &policy, &elf) !=
		CHILD_OK ||
	    pd_fault_handler(env->utcb, child.loader.pd, fault.context_cap) != RPC_OK) {
		log_printf("fault_parent: error: cannot start the child\n");
		exit(1);
	}
}

static void faulted(struct signal_handler *h, uint32_t count)
{
	struct pd_quota_result q = { 0, 0, 0, 0, 0, 0, 0, 0 };
	(void)h;

	pd_quota(env->utcb, child.loader.pd, &q);
	log_printf("fault_parent: start %u of the child faulted (%u signal, %u fault)\n", starts,
		   (unsigned)count, (unsigned)q.faults);
	child_parent_release(&child);
	if (starts > RESTARTS) {
		log_printf("fault_parent: restarted it %u times, giving up\n", RESTARTS);
		exit(0);
	}
	start();
}

void component_construct(struct env *e)
{
	env = e;
	if (signal_handler_init(env->ep, &fault, faulted) != SIGNAL_OK) {
		log_printf("fault_parent: error: no signal handler\n");
		exit(1);
	}
	start();
}
