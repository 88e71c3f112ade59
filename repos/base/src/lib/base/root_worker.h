/*
 * Calls of a parent into its children's root objects, made by a worker
 * thread of the parent, never by its entrypoint: a server may call its
 * parent at any time (a LOG line, more RAM), and if the parent's
 * entrypoint waited for that server meanwhile, the two would wait for each
 * other. So a session request routed to a sibling is answered "unavailable,
 * ask again" until the worker has the server's answer.
 */
#pragma once

#include <base/child_parent.h>
#include <base/root.h>

enum root_job_state { ROOT_JOB_FREE, ROOT_JOB_QUEUED, ROOT_JOB_DONE };

struct root_job {
	volatile enum root_job_state state;
	bool close;                  /* else: a session request */
	bool orphan;                 /* its client went away: close what comes back */
	struct child_parent *client; /* session: who asked */
	struct child_parent *server;
	uint16_t root;
	uint16_t cap;       /* close: the session; session: the result */
	uint16_t server_pd; /* close: the donation comes back from there ... */
	uint16_t client_pd; /* ... and goes here (a dead capability: to nobody) */
	uint32_t ram;
	char service[PARENT_SERVICE_LEN];
	struct root_args args; /* session: the forwarded arguments */
	volatile int result;
};

/* The session job of client, NULL if none */
struct root_job *root_job_of(struct child_parent *client);
/* A free job, NULL if all are busy */
struct root_job *root_job_alloc(void);
/* Hand a filled-in job to the worker (started on first use by ep's thread) */
bool root_job_queue(struct rpc_entrypoint *ep, struct root_job *j);
