/*
 * A child that makes objects until it is refused and then destroys them,
 * 100 rounds (run/object_rounds.run): each step makes a thread and an RPC
 * object at core, opens a LOG session and a RAM session with a dataspace
 * through its parent; the first refusal ends the round (its quota is
 * spent: the RAM of core's objects comes from it like the donations). Every
 * round makes as many of each, and afterwards core's free RAM and names
 * are what they were before the first round.
 */
#include <base/core_service.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <session/log_session.h>
#include <session/ram_session.h>
#define TEST_NAME "object_rounds"
#include <test/check.h>

enum { ROUNDS = 100, MAX_STEPS = 128, STACK_WORDS = 64, RAM_DONATION = 3 * 4096 };

struct step {
	uint16_t thread, rpc, log, ram, ds;
	uint32_t thread_handle, rpc_handle;
};

static struct utcb *u;
static struct step steps[MAX_STEPS];
static uint32_t stacks[MAX_STEPS][STACK_WORDS] __attribute__((aligned(8)));

static void parked(struct utcb *t)
{
	(void)t;
	for (;;)
		kernel_thread_stop();
}

/* One of each; the result of the first refusal, 0 if none */
static int make(struct step *s, unsigned i, const char **what)
{
	int r;
	*s = (struct step){ 0, 0, 0, 0, 0, 0, 0 };
	if ((r = core_thread(u, parked, stacks[i] + STACK_WORDS, &s->thread, &s->thread_handle)))
		return *what = "thread", r;
	if ((r = core_rpc_object(u, 0, &s->rpc, &s->rpc_handle)))
		return *what = "RPC object", r;
	if ((r = parent_session(u, "LOG", "round", LOG_SESSION_RAM, LOG_SESSION_RAM,
				LOG_SESSION_CAPS, &s->log)))
		return *what = "LOG session", r;
	if ((r = parent_session(u, "RAM", "round", RAM_DONATION, RAM_DONATION, 2, &s->ram)))
		return *what = "RAM session", r;
	if ((r = ram_alloc(u, s->ram, 4096, &s->ds)))
		return *what = "dataspace", r;
	return 0;
}

static void destroy(struct step *s)
{
	if (s->thread && core_thread_kill(u, s->thread_handle) == CORE_OK)
		kernel_cap_delete(s->thread);
	if (s->rpc && core_rpc_object_drop(u, s->rpc_handle) == CORE_OK)
		kernel_cap_delete(s->rpc);
	if (s->log)
		CHECK(parent_close(u, s->log) == RPC_OK, "close a LOG session\n");
	if (s->ds)
		CHECK(ram_free(u, s->ram, s->ds) == RPC_OK && kernel_cap_delete(s->ds) == KERNEL_OK,
		      "free a dataspace\n");
	if (s->ram)
		CHECK(parent_close(u, s->ram) == RPC_OK, "close a RAM session\n");
}

/* Make until refused, destroy all; the number of complete steps */
static unsigned round_trip(int *refusal, const char **what)
{
	unsigned n = 0;
	while (n < MAX_STEPS && !(*refusal = make(&steps[n], n, what)))
		n++;
	CHECK(n < MAX_STEPS, "never refused\n");
	for (unsigned i = 0; i <= n && i < MAX_STEPS; i++)
		destroy(&steps[i]);
	return n;
}

int main(void)
{
	uint64_t ram_before = 0, ram_after = 0;
	uint32_t caps_before = 0, caps_after = 0;
	const char *what = "", *first_what = "";
	int refusal = 0, first_refusal = 0;
	unsigned first = 0, differing = 0;

	u = utcb_main();
	/* what stays after a first round is not counted: the LOG session of the
	 * first line, stack pages core maps on demand, capability slabs */
	log_printf("object_rounds: a first round, then %u counted\n", ROUNDS);
	round_trip(&refusal, &what);
	core_resources(u, &ram_before, &caps_before);
	for (unsigned r = 0; r < ROUNDS; r++) {
		unsigned n = round_trip(&refusal, &what);
		if (r == 0)
			first = n, first_refusal = refusal, first_what = what;
		differing += n != first || refusal != first_refusal || what != first_what;
		core_resources(u, &ram_after, &caps_after);
		CHECK(ram_after == ram_before && caps_after == caps_before,
		      "round %u: core %u KiB, %u names; before %u KiB, %u names\n", r,
		      (unsigned)(ram_after / 1024), (unsigned)caps_after,
		      (unsigned)(ram_before / 1024), (unsigned)caps_before);
	}
	CHECK(differing == 0, "%u rounds differ from the first\n", differing);
	CHECK(first_refusal == CORE_OUT_OF_QUOTA || first_refusal == PARENT_OUT_OF_QUOTA ||
		  first_refusal == RAM_OUT_OF_QUOTA,
	      "refused with %d\n", first_refusal);
	log_printf("object_rounds: %u rounds: %u threads, RPC objects, LOG sessions, RAM sessions "
		   "and dataspaces each, then the %s refused (%d); core: %u KiB free and %u names "
		   "in use after every round\n",
		   ROUNDS, first, first_what, first_refusal, (unsigned)(ram_after / 1024),
		   (unsigned)caps_after);
	return test_report();
}
