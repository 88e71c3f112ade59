/*
 * The kernel-call fuzzer (run/fuzz.run): shared state of the supervisor
 * (main.c), the fuzzing threads (calls.c) and the summary (report.c).
 *
 * Names: "given" are the capability ids the component was handed (live
 * when it started, or received from core since); every other id is
 * forged. The fuzzing threads use the ids in the pool (objects made for
 * them) and any forged id, never the "protected" ones the component lives
 * by (parent, core's service, its LOG session, the supervisor's own
 * objects): a random call through those would fuzz init and core, not the
 * kernel, and could end the component.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <kernel/call_id.h>
#include <kernel/result.h>

enum {
	FUZZ_MAX_THREADS = 4,
	FUZZ_RECEIVERS   = 2,
	FUZZ_CONTEXTS    = 4, /* FUZZ_CONTEXTS / FUZZ_RECEIVERS per receiver */
	FUZZ_RPC_OBJECTS = 2, /* extra identities of the first threads */
	FUZZ_IDS         = 1 << 16,
	FUZZ_STACK_WORDS = 1024,
};

/* What a call came back with: a kernel result, or one of these */
enum fuzz_outcome {
	FUZZ_VALUE = KERNEL_DESTROYED + 1, /* a time value (time calls) */
	FUZZ_ENDED,                        /* never returned: the thread exited or was killed */
	FUZZ_BAD,                          /* no result at all: a kernel bug */
	FUZZ_OUTCOMES,
};

/* Calls are counted per id; the unknown ones share a bucket */
enum {
	FUZZ_UNKNOWN = KCALL_CORE_LAST + 1,
	FUZZ_BUCKETS,
};

/* The bucket an id is counted in */
static inline uint32_t fuzz_bucket(uint32_t id)
{
	bool known = (id >= KCALL_PRINT && id <= KCALL_COMMON_LAST) ||
		     (id >= KCALL_CORE_FIRST && id <= KCALL_CORE_LAST);
	return known ? id : FUZZ_UNKNOWN;
}

struct fuzz_thread {
	uint32_t stack[FUZZ_STACK_WORDS] __attribute__((aligned(8)));
	volatile uint32_t progress; /* calls completed */
	volatile uint32_t in_call;  /* id of the call it is in (valid while progress stands) */
	volatile bool running;      /* between start and its last call */
	uint32_t handle;            /* core's handle of its current incarnation */
	uint32_t generation;        /* incarnations so far (seeds its random numbers) */
	uint32_t stats[FUZZ_BUCKETS][FUZZ_OUTCOMES];
};

struct fuzz {
	uint32_t seed, calls, threads;
	volatile uint32_t started; /* calls claimed by the threads */
	struct fuzz_thread thread[FUZZ_MAX_THREADS];
	/* the pool: objects made for the fuzzing threads (0 once deleted) */
	volatile uint16_t thread_cap[FUZZ_MAX_THREADS];
	uint16_t rpc_cap[FUZZ_RPC_OBJECTS];
	uint16_t receiver_cap[FUZZ_RECEIVERS], context_cap[FUZZ_CONTEXTS];
	uint32_t given[FUZZ_IDS / 32];     /* ids handed to the component */
	uint32_t protected[FUZZ_IDS / 32]; /* ids the threads must not use */
	uint32_t touched[FUZZ_IDS / 32];   /* forged-looking ids a call got through */
	volatile uint32_t wide_touched;    /* ids > 0xffff that got through */
};

extern struct fuzz fuzz;

static inline bool fuzz_bit(const uint32_t *set, uint32_t id)
{
	return id < FUZZ_IDS && (set[id / 32] >> (id % 32) & 1);
}

static inline void fuzz_set(uint32_t *set, uint32_t id)
{
	if (id < FUZZ_IDS)
		__atomic_or_fetch(&set[id / 32], 1u << (id % 32), __ATOMIC_RELAXED);
}

struct utcb;

/* Entry of a fuzzing thread (calls.c): random calls until fuzz.calls are made */
void fuzz_thread_main(struct utcb *u);

/* Name of a call id for the summary (report.c) */
const char *fuzz_call_name(uint32_t bucket);
/* Summary lines and the final checks; the number of failed checks */
unsigned fuzz_report(uint64_t us);
