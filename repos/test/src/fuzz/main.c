/*
 * The kernel-call fuzzer (run/fuzz.run): an untrusted component whose
 * threads make random kernel calls (calls.c) while its main thread, the
 * supervisor, keeps them going and reports (report.c).
 *
 *   <config seed="1" calls="100000" threads="4"/>
 *
 * The supervisor announces itself as "fuzz" at core (the heartbeat watches
 * for it), probes every id 0..65535 for the names the component was given,
 * makes the pool (signal receivers and contexts, RPC objects, the threads)
 * and then wakes every millisecond of kernel time. A thread that made no
 * call since the last round is woken: restarted if it stopped itself,
 * signalled if it waits for a signal or a kill; one stuck for four rounds
 * (an IPC nobody answers, an exit) is killed and started anew, and the call
 * it was in counts as ended. Pool objects whose names were deleted or whose
 * contexts were killed are made anew while the supervisor's own bound of
 * objects (OBJECT_LIMIT) allows.
 */
#include <base/config.h>
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>
#include "fuzz.h"

struct fuzz fuzz;

enum {
	/* signal and RPC objects at core at most: core would make as many as
	 * the quota pays for, but killed contexts stay until the end, and a long
	 * run should not spend its quota on them */
	OBJECT_LIMIT = 256,
	ROUND_US     = 1000,
	STUCK_ROUNDS = 4,
	OBJECT_SPARE = 8,
	NONE         = 0xffffffffu,
	PER_RECEIVER = FUZZ_CONTEXTS / FUZZ_RECEIVERS,
};

struct supervisor {
	struct utcb *u;
	uint16_t timer_receiver, timer_context;
	uint16_t wake[FUZZ_RECEIVERS]; /* protected contexts, one at each pool receiver */
	uint32_t receiver_handle[FUZZ_RECEIVERS];
	uint32_t rpc_handle[FUZZ_RPC_OBJECTS];
	uint32_t last_progress[FUZZ_MAX_THREADS], stuck[FUZZ_MAX_THREADS];
	unsigned objects; /* signal and RPC objects core made for us */
	uint32_t respawns, wakeups, renewals;
};

static struct supervisor sv;

static void give(uint16_t cap) { fuzz_set(fuzz.given, cap); }
static void protect(uint16_t cap)
{
	give(cap);
	fuzz_set(fuzz.protected, cap);
}

static bool budget(unsigned n) { return sv.objects + n + OBJECT_SPARE <= OBJECT_LIMIT; }

/* Every live name now is one we were given, and one we live by */
static void probe_names(void)
{
	for (uint32_t id = 1; id < FUZZ_IDS; id++)
		if (kernel_cap_ack((uint16_t)id) != KERNEL_INVALID_CAP)
			protect((uint16_t)id);
}

static bool receiver(uint16_t *cap, uint32_t *handle)
{
	bool ok = budget(1) && core_sig_receiver(sv.u, cap, handle) == CORE_OK;
	sv.objects += ok;
	if (ok)
		give(*cap);
	return ok;
}

static bool context(uint32_t receiver_handle, uint32_t imprint, uint16_t *cap)
{
	bool ok = budget(1) && core_sig_context(sv.u, receiver_handle, imprint, cap) == CORE_OK;
	sv.objects += ok;
	if (ok)
		give(*cap);
	return ok;
}

/* A pool receiver with its contexts and the supervisor's wake context */
static bool make_receiver(unsigned r)
{
	uint16_t cap;

	if (!budget(2 + PER_RECEIVER) || !receiver(&cap, &sv.receiver_handle[r]) ||
	    !context(sv.receiver_handle[r], 0x3a4e0000u + r, &sv.wake[r]))
		return false;
	fuzz_set(fuzz.protected, sv.wake[r]);
	fuzz.receiver_cap[r] = cap;
	for (unsigned c = r * PER_RECEIVER; c < (r + 1) * PER_RECEIVER; c++)
		context(sv.receiver_handle[r], 0xc0000000u + c, &fuzz.context_cap[c]);
	return true;
}

/* An RPC object of the pool: another identity of thread i */
static void make_rpc_object(unsigned o, unsigned thread)
{
	uint16_t cap = 0;

	if (sv.rpc_handle[o]) {
		core_rpc_object_drop(sv.u, sv.rpc_handle[o]);
		sv.objects--;
		sv.rpc_handle[o] = 0;
		kernel_cap_delete(fuzz.rpc_cap[o]); /* dead now: the id is free again */
	}
	if (budget(1) &&
	    core_rpc_object(sv.u, fuzz.thread[thread].handle, &cap, &sv.rpc_handle[o]) == CORE_OK) {
		sv.objects++;
		give(cap);
	}
	fuzz.rpc_cap[o] = cap;
}

static bool start_thread(unsigned i)
{
	struct fuzz_thread *t = &fuzz.thread[i];
	uint16_t cap          = 0;

	t->in_call          = NONE;
	t->running          = true;
	t->progress         = 0;
	sv.last_progress[i] = 0;
	sv.stuck[i]         = 0;
	int r = core_thread_prio(sv.u, fuzz_thread_main, t->stack + FUZZ_STACK_WORDS, 0, &cap,
				 &t->handle);
	if (r != CORE_OK) {
		log_printf("fuzz: error: cannot start fuzzing thread %u (core: %d)\n", i, r);
		t->running = false;
		return false;
	}
	give(cap);
	fuzz.thread_cap[i] = cap;
	if (i < FUZZ_RPC_OBJECTS)
		make_rpc_object(i, i);
	return true;
}

/* Is core's thread `handle` still this one (its stack pointer in its stack)? */
static bool still_there(const struct fuzz_thread *t)
{
	uint32_t ip, sp;
	return core_thread_state(sv.u, t->handle, &ip, &sp) == CORE_OK &&
	       sp > (uint32_t)(uintptr_t)t->stack &&
	       sp <= (uint32_t)(uintptr_t)(t->stack + FUZZ_STACK_WORDS);
}

/* End thread i (it may have ended itself by an exit) */
static void end_thread(unsigned i)
{
	struct fuzz_thread *t = &fuzz.thread[i];

	if (still_there(t))
		core_thread_kill(sv.u, t->handle);
	if (t->in_call != NONE)
		t->stats[fuzz_bucket(t->in_call)][FUZZ_ENDED]++;
	t->in_call = NONE;
	t->running = false;
	if (fuzz.thread_cap[i])
		kernel_cap_delete(fuzz.thread_cap[i]); /* dead now: the id is free again */
}

/* Set when a thread could not be started again: the run ends */
static bool broken;

static void respawn(unsigned i)
{
	end_thread(i);
	fuzz.thread[i].generation++;
	sv.respawns++;
	broken |= !start_thread(i);
}

/* Signals for threads waiting at pool receivers or killing pool contexts */
static void wake_signals(void)
{
	for (unsigned r = 0; r < FUZZ_RECEIVERS; r++) {
		kernel_sig_ack(sv.wake[r]);
		kernel_sig_submit(sv.wake[r], 1);
	}
	for (unsigned c = 0; c < FUZZ_CONTEXTS; c++)
		kernel_sig_ack(fuzz.context_cap[c]);
	sv.wakeups++;
}

/* A thread that stopped itself: restart it, with a fresh name if needed */
static void restart(unsigned i)
{
	uint16_t cap = 0;

	if (kernel_thread_restart(fuzz.thread_cap[i]) != KERNEL_INVALID_CAP)
		return;
	if (core_thread_cap(sv.u, fuzz.thread[i].handle, &cap) == CORE_OK) {
		give(cap);
		fuzz.thread_cap[i] = cap;
		kernel_thread_restart(cap);
	}
}

static void supervise(unsigned i)
{
	struct fuzz_thread *t = &fuzz.thread[i];
	uint32_t call         = t->in_call;

	if (!t->running || t->progress != sv.last_progress[i]) {
		sv.last_progress[i] = t->progress;
		sv.stuck[i]         = 0;
		return;
	}
	if (++sv.stuck[i] >= STUCK_ROUNDS) {
		respawn(i);
		return;
	}
	if (call == KCALL_THREAD_STOP)
		restart(i);
	else if (call >= KCALL_SIG_SUBMIT && call <= KCALL_SIG_KILL)
		wake_signals();
}

/* Pool objects that are gone (names deleted, contexts killed) come anew */
static void renew_pool(void)
{
	for (unsigned r = 0; r < FUZZ_RECEIVERS; r++)
		if (kernel_sig_pending(fuzz.receiver_cap[r]) == KERNEL_INVALID_CAP &&
		    make_receiver(r))
			sv.renewals++;
	for (unsigned c = 0; c < FUZZ_CONTEXTS; c++)
		if (kernel_sig_submit(fuzz.context_cap[c], 1) != KERNEL_OK &&
		    context(sv.receiver_handle[c / PER_RECEIVER], 0xc0000000u + c,
			    &fuzz.context_cap[c]))
			sv.renewals++;
	for (unsigned o = 0; o < FUZZ_RPC_OBJECTS; o++)
		if (kernel_cap_ack(fuzz.rpc_cap[o]) == KERNEL_INVALID_CAP) {
			make_rpc_object(o, o);
			sv.renewals++;
		}
}

static void sleep_round(void)
{
	kernel_timeout(ROUND_US, sv.timer_context);
	kernel_sig_wait(sv.timer_receiver);
	kernel_sig_ack(sv.timer_context);
}

static bool all_done(void)
{
	if (fuzz.started < fuzz.calls)
		return false;
	for (unsigned i = 0; i < fuzz.threads; i++)
		if (fuzz.thread[i].running)
			return false;
	return true;
}

static void read_config(void)
{
	struct node config;
	uint64_t seed = 1, calls = 100000, threads = FUZZ_MAX_THREADS;

	if (config_read(sv.u, &config)) {
		node_attr_u64(&config, "seed", &seed);
		node_attr_u64(&config, "calls", &calls);
		node_attr_u64(&config, "threads", &threads);
	}
	fuzz.seed    = (uint32_t)seed;
	fuzz.calls   = (uint32_t)calls;
	fuzz.threads = threads < 1 ? 1 : threads > FUZZ_MAX_THREADS ? FUZZ_MAX_THREADS : threads;
}

static bool setup(void)
{
	uint16_t own = 0;
	uint32_t timer_handle;

	if (core_announce(sv.u, "fuzz", 0, &own) != CORE_OK ||
	    !receiver(&sv.timer_receiver, &timer_handle) ||
	    !context(timer_handle, 0x7133e500u, &sv.timer_context))
		return false;
	probe_names();
	for (unsigned r = 0; r < FUZZ_RECEIVERS; r++)
		if (!make_receiver(r))
			return false;
	for (unsigned i = 0; i < fuzz.threads; i++)
		if (!start_thread(i))
			return false;
	return true;
}

int main(void)
{
	sv.u = utcb_main();
	read_config();
	log_printf("fuzz: seed %u, %u calls by %u threads\n", (unsigned)fuzz.seed,
		   (unsigned)fuzz.calls, (unsigned)fuzz.threads);
	uint64_t start = kernel_time_us();
	if (!setup()) {
		log_printf("fuzz: error: cannot set up (core refused)\n");
		return 1;
	}
	for (unsigned round = 1; !all_done() && !broken; round++) {
		sleep_round();
		for (unsigned i = 0; i < fuzz.threads; i++)
			supervise(i);
		if (round % 16 == 0)
			renew_pool();
	}
	for (unsigned i = 0; i < fuzz.threads; i++)
		end_thread(i);
	log_printf("fuzz: %u respawns, %u wake-ups, %u pool objects renewed\n",
		   (unsigned)sv.respawns, (unsigned)sv.wakeups, (unsigned)sv.renewals);
	return fuzz_report(kernel_time_us() - start) || broken ? 1 : 0;
}
