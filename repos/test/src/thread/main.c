/*
 * Threads of a component (run/thread.run): 100 threads at once (core has no
 * table of them: each costs the component's quota), a priority above the
 * component's band refused, pause one and see it stand still, read its
 * registers (ip inside its loop, sp inside its stack), resume it, and
 * destroy and recreate all threads many times without losing RAM.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>

enum { WORKERS = 100, STACK_WORDS = 512, ROUNDS = 10 };

static uint32_t stacks[WORKERS][STACK_WORDS] __attribute__((aligned(8)));
static volatile uint32_t counter[WORKERS + 1];
static uint32_t handles[WORKERS];
static uint16_t caps[WORKERS];
static unsigned failures;

#define CHECK(cond, ...)                                           \
	do {                                                       \
		if (!(cond)) {                                     \
			failures++;                                \
			log_printf("thread: error: " __VA_ARGS__); \
		}                                                  \
	} while (0)

/* Each worker counts in its own slot, found through its stack. */
static void __attribute__((noinline)) worker(struct utcb *u)
{
	uint32_t here;
	unsigned slot = (unsigned)(((uintptr_t)&here - (uintptr_t)stacks) / sizeof(stacks[0]));
	(void)u;
	for (;;) {
		counter[slot]++;
		if ((counter[slot] & 63) == 0)
			kernel_thread_yield();
	}
}

static void sleep_ms(unsigned ms)
{
	uint64_t until = kernel_time_us() + ms * 1000u;
	while (kernel_time_us() < until)
		kernel_thread_yield();
}

static unsigned create_all(struct utcb *u)
{
	unsigned made = 0;
	int r         = CORE_OK;

	while (made < WORKERS && (r = core_thread(u, worker, stacks[made] + STACK_WORDS,
						  &caps[made], &handles[made])) == CORE_OK)
		made++;
	CHECK(made == WORKERS, "made %u threads, then %d\n", made, r);
	return made;
}

/* A priority above the component's band is refused, and costs nothing */
static void test_priority(struct utcb *u)
{
	uint64_t before = 0, after = 0;
	uint16_t cap;
	uint32_t handle;

	core_free_ram(u, &before);
	CHECK(core_thread_prio(u, worker, stacks[0] + STACK_WORDS, CORE_MAX_PRIORITY + 1, &cap,
			       &handle) == CORE_DENIED,
	      "priority above the band accepted\n");
	core_free_ram(u, &after);
	CHECK(before == after, "the refused thread cost %u KiB\n",
	      (unsigned)((before - after) >> 10));
}

static void test_pause(struct utcb *u)
{
	uint32_t ip = 0, sp = 0;

	sleep_ms(30);
	CHECK(core_thread_pause(u, handles[0]) == CORE_OK, "pause\n");
	uint32_t before = counter[0];
	sleep_ms(50);
	CHECK(counter[0] == before, "paused thread counted %u times\n",
	      (unsigned)(counter[0] - before));
	CHECK(core_thread_state(u, handles[0], &ip, &sp) == CORE_OK, "state\n");
	CHECK(ip >= (uint32_t)(uintptr_t)worker && ip < (uint32_t)(uintptr_t)worker + 256,
	      "ip %x outside the worker at %x\n", (unsigned)ip, (unsigned)(uintptr_t)worker);
	CHECK(sp > (uint32_t)(uintptr_t)stacks[0] &&
		  sp <= (uint32_t)(uintptr_t)(stacks[0] + STACK_WORDS),
	      "sp %x outside its stack\n", (unsigned)sp);
	CHECK(core_thread_resume(u, handles[0]) == CORE_OK, "resume\n");
	sleep_ms(30);
	CHECK(counter[0] != before, "resumed thread does not run\n");
	CHECK(core_thread_resume(u, handles[0]) != CORE_OK,
	      "resume of a running thread accepted\n");
	log_printf("thread: paused worker stood still at ip %x, sp in its stack; resumed it\n",
		   (unsigned)ip);
}

static void kill_all(struct utcb *u)
{
	/* the thread's capability is dead now: drop the name, or names pile up */
	for (unsigned i = 0; i < WORKERS; i++) {
		CHECK(core_thread_kill(u, handles[i]) == CORE_OK, "kill %u\n", i);
		CHECK(kernel_cap_delete(caps[i]) == KERNEL_OK, "delete the name of thread %u\n", i);
	}
}

int main(void)
{
	struct utcb *u       = utcb_main();
	uint64_t free_before = 0, free_after = 0;

	test_priority(u);
	log_printf("thread: created %u threads\n", create_all(u));
	test_pause(u);
	CHECK(core_thread_kill(u, 0) == CORE_DENIED, "killing the main thread accepted\n");
	kill_all(u);
	core_free_ram(u, &free_before);
	for (unsigned round = 0; round < ROUNDS; round++) {
		create_all(u);
		kill_all(u);
	}
	core_free_ram(u, &free_after);
	CHECK(free_after == free_before, "RAM %u KiB before, %u KiB after\n",
	      (unsigned)(free_before >> 10), (unsigned)(free_after >> 10));
	log_printf(
	    "thread: %u rounds of creating and destroying %u threads, core's free RAM unchanged "
	    "(%u KiB)\n",
	    ROUNDS, WORKERS, (unsigned)(free_after >> 10));
	if (failures)
		log_printf("thread: %u checks failed\n", failures);
	else
		log_printf("thread: all checks passed\n");
	return (int)failures;
}
