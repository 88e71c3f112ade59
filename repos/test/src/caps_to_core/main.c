/*
 * A child that sends capabilities to core along with its requests
 * (run/caps_to_core.run): to core's service (which takes none), to its
 * sessions with a wrong number of them, with a capability of the wrong
 * kind, and as arguments core keeps for a while (an exception handler it
 * later replaces). Among them its own name of core's service - the one
 * whose delivery core never acknowledged, so that core's name of it could
 * not be deleted when the child went - its parent, a signal context, an
 * RPC object and a thread of its own, which core has no name of. Core's
 * capability names in use and its free RAM must be the same before and
 * after each round.
 */
#include <base/core_service.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <session/cpu_session.h>
#include <session/log_session.h>
#include <session/ram_session.h>
#include <session/rm_session.h>
#define TEST_NAME "caps_to_core"
#include <test/check.h>

enum { ROUNDS = 100 };

static struct utcb *u;
static uint16_t caps[UTCB_MAX_CAPS]; /* service, parent, context, RPC object */

/* A raw request with capabilities: the reply's first word, or -1 */
static int32_t raw_call(uint16_t to, const void *msg, uint32_t size, const uint16_t *c, unsigned n)
{
	const uint8_t *m = msg;
	for (uint32_t i = 0; i < size; i++)
		u->data[i] = m[i];
	u->data_size = size;
	u->cap_count = n;
	for (unsigned i = 0; i < n; i++)
		u->caps[i] = c[i];
	if (kernel_rpc_call(to, 0) != KERNEL_OK || u->data_size < 4)
		return -1;
	return *(const int32_t *)u->data;
}

/* Core's service takes no capabilities: it answers and drops them */
static void to_core_service(void)
{
	struct core_request q = { .op = CORE_OP_FREE_RAM };
	CHECK(raw_call(core_service_cap, &q, sizeof(q), caps, UTCB_MAX_CAPS) == CORE_OK,
	      "core's service did not answer a request with capabilities\n");
}

/* A LOG write with capabilities it does not take: refused, dropped */
static void to_log(uint16_t log)
{
	struct {
		struct rpc_header h;
		struct log_write_args a;
	} m = { { LOG_WRITE, RPC_OK }, { 0, "" } };
	CHECK(raw_call(log, &m, sizeof(m), caps, 2) == RPC_OK &&
		  ((const struct rpc_header *)u->data)->result == RPC_BAD_ARGS,
	      "LOG write with capabilities not refused\n");
}

/* Attach a signal context as dataspace: refused; a real one: fine */
static void to_region_map(uint16_t space, uint16_t ds)
{
	struct rm_attach_args a = { 0, 0, 0, 0 };
	uint32_t addr           = 0;
	CHECK(rm_attach(u, space, caps[2], &a, &addr) == RM_BAD_DATASPACE,
	      "a signal context attached as dataspace\n");
	CHECK(rm_attach(u, space, caps[3], &a, &addr) == RM_BAD_DATASPACE,
	      "an RPC object attached as dataspace\n");
	CHECK(rm_attach(u, space, ds, &a, &addr) == RPC_OK && rm_detach(u, space, addr) == RPC_OK,
	      "attach of a dataspace\n");
}

/* Core keeps a handler's name while it is the handler, then lets it go */
static void to_cpu_session(uint16_t cpu, uint16_t thread)
{
	CHECK(cpu_exception_handler(u, cpu, caps[2]) == RPC_OK, "exception handler\n");
	CHECK(cpu_exception_handler(u, cpu, thread) == RPC_BAD_ARGS,
	      "a thread as exception handler\n");
	CHECK(cpu_exception_handler(u, cpu, caps[2]) == RPC_OK, "the same handler again\n");
}

int main(void)
{
	uint16_t rcv = 0, log = 0, ram = 0, ds = 0, space = 0, cpu = 0, thread = 0;
	uint32_t handle = 0, obj_handle = 0, caps_before = 0, caps_after = 0;
	uint64_t ram_before = 0, ram_after = 0;

	u       = utcb_main();
	caps[0] = core_service_cap;
	caps[1] = parent_cap;
	CHECK(core_sig_receiver(u, &rcv, &handle) == CORE_OK &&
		  core_sig_context(u, handle, 1, &caps[2]) == CORE_OK &&
		  core_rpc_object(u, 0, &caps[3], &obj_handle) == CORE_OK &&
		  core_thread_cap(u, 0, &thread) == CORE_OK,
	      "objects of its own\n");
	CHECK(parent_session(u, "LOG", "raw", LOG_SESSION_RAM, LOG_SESSION_RAM, LOG_SESSION_CAPS,
			     &log) == RPC_OK &&
		  parent_session(u, "RAM", "", 3 * 4096, 3 * 4096, 2, &ram) == RPC_OK &&
		  ram_alloc(u, ram, 4096, &ds) == RPC_OK &&
		  core_address_space(u, &space) == CORE_OK &&
		  parent_session(u, "CPU", "", CPU_SESSION_RAM, CPU_SESSION_RAM, CPU_SESSION_CAPS,
				 &cpu) == RPC_OK,
	      "sessions\n");

	core_resources(u, &ram_before, &caps_before);
	for (unsigned round = 0; round < ROUNDS; round++) {
		to_core_service();
		to_log(log);
		to_region_map(space, ds);
		to_cpu_session(cpu, thread);
	}
	CHECK(parent_close(u, cpu) == RPC_OK, "close the CPU session (its handler goes)\n");
	CHECK(parent_session(u, "CPU", "", CPU_SESSION_RAM, CPU_SESSION_RAM, CPU_SESSION_CAPS,
			     &cpu) == RPC_OK,
	      "CPU session again\n");
	core_resources(u, &ram_after, &caps_after);
	CHECK(caps_after == caps_before && ram_after == ram_before,
	      "core: %u names and %u KiB free before, %u and %u KiB after\n", (unsigned)caps_before,
	      (unsigned)(ram_before / 1024), (unsigned)caps_after, (unsigned)(ram_after / 1024));
	log_printf("caps_to_core: %u rounds of requests with capabilities: core's names %u -> %u, "
		   "free RAM %u KiB -> %u KiB\n",
		   ROUNDS, (unsigned)caps_before, (unsigned)caps_after,
		   (unsigned)(ram_before / 1024), (unsigned)(ram_after / 1024));
	return test_report(); /* exits with everything still open: core cleans up */
}
