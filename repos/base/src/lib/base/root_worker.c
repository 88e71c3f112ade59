/*
 * The worker thread of root_worker.h. Jobs live in a fixed table shared
 * with the entrypoint; a job is handed over by its state (single writer at
 * a time: the entrypoint fills and queues it, the worker runs it and marks
 * it done, the entrypoint consumes it).
 */
#include <string.h>
#include <base/core_service.h>
#include <kernel/call.h>
#include <session/pd_session.h>
#include "root_worker.h"

enum { JOBS = 16, STACK_WORDS = 1024 };

static struct root_job jobs[JOBS];
static uint32_t stack[STACK_WORDS] __attribute__((aligned(8)));
static uint16_t receiver, context;

static void barrier(void) { asm volatile("" ::: "memory"); }

struct root_job *root_job_of(struct child_parent *client)
{
	for (unsigned i = 0; i < JOBS; i++)
		if (jobs[i].state != ROOT_JOB_FREE && !jobs[i].close && jobs[i].client == client)
			return &jobs[i];
	return NULL;
}

struct root_job *root_job_alloc(void)
{
	for (unsigned i = 0; i < JOBS; i++)
		if (jobs[i].state == ROOT_JOB_FREE) {
			memset(&jobs[i], 0, sizeof(jobs[i]));
			return &jobs[i];
		}
	return NULL;
}

static void close_at_server(struct utcb *u, struct root_job *j)
{
	struct rpc_caps in = { 1, { j->cap } };

	rpc_call(u, j->root, ROOT_CLOSE, &root_functions[ROOT_CLOSE], NULL, NULL, &in, NULL);
	/* the donation back from the server, as far as it has it unused; if the
	 * client is gone meanwhile, the RAM stays ours */
	if (j->ram && j->server_pd &&
	    pd_withdraw(u, j->server_pd, core_service_cap, j->ram) == RPC_OK && j->client_pd)
		parent_upgrade(u, j->client_pd, j->ram, 0);
	kernel_cap_delete(j->cap);
}

static void run(struct utcb *u, struct root_job *j)
{
	if (j->close) {
		close_at_server(u, j);
		barrier();
		j->state = ROOT_JOB_FREE;
		return;
	}
	struct rpc_caps out = { 0, { 0 } };
	int r  = rpc_call(u, j->root, ROOT_SESSION, &root_functions[ROOT_SESSION], &j->args, NULL,
			  NULL, &out);
	j->cap = r == RPC_OK && out.count ? out.id[0] : 0;
	if (r == RPC_OK && !j->cap)
		r = RPC_BAD_REPLY;
	if (r == RPC_IPC_FAILED)
		r = PARENT_SERVICE_DENIED; /* the server is gone */
	if (j->orphan && r == RPC_OK) {
		j->ram = 0; /* never moved to the server */
		close_at_server(u, j);
	}
	j->result = r;
	barrier();
	j->state = j->orphan ? ROOT_JOB_FREE : ROOT_JOB_DONE;
}

static void worker(struct utcb *u)
{
	/* a wake-up while the jobs run adds up in the kernel and ends the next
	 * wait at once, after the acknowledgement in the same call */
	kernel_sig_wait(receiver);
	for (;;) {
		for (unsigned i = 0; i < JOBS; i++)
			if (jobs[i].state == ROOT_JOB_QUEUED)
				run(u, &jobs[i]);
		kernel_sig_ack_wait(context, receiver);
	}
}

static bool started(struct rpc_entrypoint *ep)
{
	uint32_t handle = 0, thread = 0;
	uint16_t cap = 0;

	if (receiver)
		return true;
	if (core_sig_receiver(ep->utcb, &receiver, &handle) != CORE_OK ||
	    core_sig_context(ep->utcb, handle, 0, &context) != CORE_OK ||
	    core_thread(ep->utcb, worker, stack + STACK_WORDS, &cap, &thread) != CORE_OK) {
		receiver = 0;
		return false;
	}
	return true;
}

bool root_job_queue(struct rpc_entrypoint *ep, struct root_job *j)
{
	if (!started(ep))
		return false;
	barrier();
	j->state = ROOT_JOB_QUEUED;
	kernel_sig_submit(context, 1);
	return true;
}
