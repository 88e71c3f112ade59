/*
 * Server of the helping test (doc/architecture.md 4.5, 4.7 item 7): announced as
 * "helping", it does a fixed amount of busy work per request and answers
 * with its own CPU time (the kernel's accounting of its thread) and the
 * length of the work in guest time, so that the client can compare what
 * the server did with what the kernel charged to whom. The server has no
 * quota: it runs on the time of its callers.
 */
#include <stdint.h>
#include <base/core_service.h>
#include <base/timestamp.h>
#include <base/log.h>
#include <kernel/call.h>

enum {
	OP_WORK    = 1,
	OP_STOP    = 2,
	WORK_LOOPS = 200000,
};

struct helping_request {
	uint32_t op;
};

struct helping_reply {
	uint64_t server_time_us; /* this thread's CPU time after the work */
	uint32_t work_ns;        /* guest time of this request's work */
	uint32_t min_work_ns;    /* shortest work of any request so far: uninterrupted */
	uint32_t requests;
};

static void work(void)
{
	for (volatile uint32_t i = 0; i < WORK_LOOPS; i++)
		;
}

int main(void)
{
	struct utcb *u    = utcb_main();
	uint32_t requests = 0, min_ns = UINT32_MAX;
	uint64_t sum_ns = 0;
	uint16_t own;

	int r = core_announce(u, "helping", 0, &own);
	if (r != CORE_OK) {
		log_printf("helping_server: error: announce: core result %d\n", r);
		return 1;
	}

	enum kernel_result kr = kernel_rpc_wait(0);
	for (;;) {
		if (kr != KERNEL_OK || u->data_size != sizeof(struct helping_request)) {
			log_printf("helping_server: error: request: %s, size %u\n",
				   kernel_result_string(kr), (unsigned)u->data_size);
			return 1;
		}
		uint32_t op = ((struct helping_request *)u->data)->op;
		uint32_t ns = 0;
		if (op == OP_WORK) {
			uint64_t t0 = timestamp_ns();
			work();
			ns = (uint32_t)(timestamp_ns() - t0);
			requests++;
			sum_ns += ns;
			min_ns = ns < min_ns ? ns : min_ns;
		}
		struct helping_reply *rep = (struct helping_reply *)u->data;
		*rep = (struct helping_reply){ kernel_thread_time_us(), ns, min_ns, requests };
		u->data_size = sizeof(*rep);
		u->cap_count = 0;
		if (op == OP_STOP)
			break;
		kr = kernel_rpc_reply_and_wait(0);
	}
	kernel_rpc_reply();
	uint64_t own_us = kernel_thread_time_us();
	log_printf("helping_server: %u requests, work %u us each (shortest %u us), own CPU time "
		   "%u us\n",
		   (unsigned)requests, requests ? (unsigned)(sum_ns / requests / 1000) : 0,
		   (unsigned)(min_ns / 1000), (unsigned)own_us);
	return 0;
}
