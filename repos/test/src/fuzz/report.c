/*
 * The fuzzer's summary: per call id, how many calls came back with which
 * result, and the checks that make the run pass or fail:
 * - every core-only and every unknown call was refused (INVALID_CALL);
 * - no call answered with something that is no result;
 * - no forged capability id reached anything the component was not given;
 * - every call the threads were to make was made (or ended its thread).
 */
#include <base/log.h>
#include "fuzz.h"

static const char *const outcome_name[FUZZ_OUTCOMES] = {
	"ok",        "invalid_call", "invalid_arg", "invalid_state", "invalid_cap", "out_of_caps",
	"exhausted", "would_block",  "destroyed",   "value",         "ended",       "bad",
};

const char *fuzz_call_name(uint32_t bucket)
{
	static const char *const names[] = {
		[KCALL_PRINT]              = "print",
		[KCALL_THREAD_YIELD]       = "thread_yield",
		[KCALL_THREAD_EXIT]        = "thread_exit",
		[KCALL_TIME]               = "time",
		[KCALL_RPC_CALL]           = "rpc_call",
		[KCALL_RPC_WAIT]           = "rpc_wait",
		[KCALL_RPC_REPLY]          = "rpc_reply",
		[KCALL_RPC_REPLY_AND_WAIT] = "rpc_reply_and_wait",
		[KCALL_SIG_SUBMIT]         = "sig_submit",
		[KCALL_SIG_WAIT]           = "sig_wait",
		[KCALL_SIG_PENDING]        = "sig_pending",
		[KCALL_SIG_ACK]            = "sig_ack",
		[KCALL_SIG_KILL]           = "sig_kill",
		[KCALL_CAP_ACK]            = "cap_ack",
		[KCALL_CAP_DELETE]         = "cap_delete",
		[KCALL_THREAD_STOP]        = "thread_stop",
		[KCALL_THREAD_RESTART]     = "thread_restart",
		[KCALL_TIMEOUT]            = "timeout",
		[KCALL_THREAD_TIME]        = "thread_time",
		[KCALL_CACHE_CLEAN_INV]    = "cache_clean_inv",
		[KCALL_CACHE_INV]          = "cache_inv",
		[KCALL_CACHE_COHERENT]     = "cache_coherent",
		[KCALL_TIME_NS]            = "time_ns",
		[KCALL_SIG_ACK_WAIT]       = "sig_ack_wait",
	};
	if (bucket == FUZZ_UNKNOWN)
		return "unknown";
	if (bucket >= KCALL_CORE_FIRST)
		return "core_only";
	return bucket < sizeof(names) / sizeof(names[0]) && names[bucket] ? names[bucket]
									  : "unknown";
}

static uint32_t count(uint32_t bucket, unsigned outcome)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < fuzz.threads; i++)
		n += fuzz.thread[i].stats[bucket][outcome];
	return n;
}

/* "fuzz: call <id> <name> <total>: <outcome>=<n> ..." for the ids made */
static uint64_t report_calls(void)
{
	uint64_t all = 0;

	for (uint32_t b = 0; b < FUZZ_BUCKETS; b++) {
		uint32_t total = 0;
		for (unsigned o = 0; o < FUZZ_OUTCOMES; o++)
			total += count(b, o);
		if (!total)
			continue;
		all += total;
		log_printf("fuzz: call %u %s %u:", (unsigned)b, fuzz_call_name(b), (unsigned)total);
		for (unsigned o = 0; o < FUZZ_OUTCOMES; o++)
			if (count(b, o))
				log_printf(" %s=%u", outcome_name[o], (unsigned)count(b, o));
		log_printf("\n");
	}
	return all;
}

/* Calls that are never allowed: how many were not refused */
static uint32_t not_refused(uint32_t bucket, uint32_t *made)
{
	uint32_t bad = 0;
	for (unsigned o = 0; o < FUZZ_OUTCOMES; o++) {
		*made += count(bucket, o);
		if (o != KERNEL_INVALID_CALL && o != FUZZ_ENDED)
			bad += count(bucket, o);
	}
	return bad;
}

unsigned fuzz_report(uint64_t us)
{
	unsigned failed    = 0;
	uint32_t forbidden = 0, accepted = 0, bad = 0, reached = 0;
	uint64_t made = report_calls();

	for (uint32_t b = KCALL_CORE_FIRST; b < FUZZ_BUCKETS; b++)
		accepted += not_refused(b, &forbidden);
	for (uint32_t b = 0; b < FUZZ_BUCKETS; b++)
		bad += count(b, FUZZ_BAD);
	for (uint32_t id = 0; id < FUZZ_IDS; id++)
		reached += fuzz_bit(fuzz.touched, id) && !fuzz_bit(fuzz.given, id);

	log_printf("fuzz: %u calls in %u us of kernel time\n", (unsigned)made, (unsigned)us);
	log_printf("fuzz: %u core-only or unknown calls, %u not refused\n", (unsigned)forbidden,
		   (unsigned)accepted);
	log_printf("fuzz: %u forged ids reached an object, %u ids above 65535 were accepted\n",
		   (unsigned)reached, (unsigned)fuzz.wide_touched);
	if (accepted || bad || reached || fuzz.wide_touched || made != fuzz.calls) {
		failed++;
		log_printf("fuzz: error: %u forbidden calls accepted, %u answers without a result, "
			   "%u forged ids reached objects, %u of %u calls made\n",
			   (unsigned)accepted, (unsigned)bad,
			   (unsigned)(reached + fuzz.wide_touched), (unsigned)made,
			   (unsigned)fuzz.calls);
	}
	for (uint32_t id = 0; id < FUZZ_IDS; id++)
		if (fuzz_bit(fuzz.touched, id) && !fuzz_bit(fuzz.given, id))
			log_printf("fuzz: error: forged id %u reached an object\n", (unsigned)id);
	if (!failed)
		log_printf("fuzz: all checks passed\n");
	return failed;
}
