/*
 * The parent interface: every component holds one capability to its parent
 * (caps[1] of its main thread's initial UTCB) and asks it for sessions,
 * donating RAM and capability quota with each request ("ram_quota=..,
 * cap_quota=.., label=.."), closes them to get the quota back, and tells it
 * its exit value. A server announces a service with the capability of its
 * root object (base/root.h); the parent then routes other children's
 * session requests to it.
 */
#pragma once

#include <base/rpc.h>

enum parent_op {
	PARENT_SESSION,
	PARENT_CLOSE,
	PARENT_EXIT,
	PARENT_UPGRADE,
	PARENT_ANNOUNCE,
	PARENT_RESOURCE_REQUEST, /* (upgrade args "ram_quota=N"): more RAM for the child's PD */
	PARENT_YIELD_SIGH,       /* (signal context): how the parent asks the child to yield */
	PARENT_YIELD_REQUEST,    /* -> what the parent asks the child to give back */
	PARENT_YIELD_RESPONSE,   /* the child freed what it could: the parent takes it */
	PARENT_OPCODES
};

enum parent_error {                            /* handler results beside RPC_OK */
		    PARENT_SERVICE_DENIED = 1, /* no such service, or not for this child */
		    PARENT_INSUFFICIENT_RAM =
			2, /* the donation does not cover the session: offer more */
		    PARENT_INSUFFICIENT_CAPS = 3,
		    PARENT_OUT_OF_QUOTA      = 4, /* the child has not that much to donate */
		    PARENT_BAD_ARGS          = 5,
		    PARENT_UNAVAILABLE = 6, /* routed to a server that has not announced it yet */
};

enum { PARENT_SERVICE_LEN = 16, PARENT_ARGS_LEN = 160 };

struct parent_session_args {
	char service[PARENT_SERVICE_LEN];
	char args[PARENT_ARGS_LEN]; /* see base/session_args.h */
};

struct parent_upgrade_args {
	char args[PARENT_ARGS_LEN]; /* "ram_quota=.., cap_quota=.." added to the session */
};

struct parent_announce_args {
	char service[PARENT_SERVICE_LEN];
};

struct parent_yield {
	uint32_t ram; /* bytes */
};

struct parent_exit_args {
	int32_t code;
};

static const struct rpc_function parent_functions[PARENT_OPCODES] = {
	[PARENT_SESSION]          = { sizeof(struct parent_session_args), 0, 0, 1 },
	[PARENT_CLOSE]            = { 0, 0, 1, 0 },
	[PARENT_EXIT]             = { sizeof(struct parent_exit_args), 0, 0, 0 },
	[PARENT_UPGRADE]          = { sizeof(struct parent_upgrade_args), 0, 1, 0 },
	[PARENT_ANNOUNCE]         = { sizeof(struct parent_announce_args), 0, 1, 0 },
	[PARENT_RESOURCE_REQUEST] = { sizeof(struct parent_upgrade_args), 0, 0, 0 },
	[PARENT_YIELD_SIGH]       = { 0, 0, 1, 0 },
	[PARENT_YIELD_REQUEST]    = { 0, sizeof(struct parent_yield), 0, 0 },
	[PARENT_YIELD_RESPONSE]   = { 0, 0, 0, 0 },
};

/* From the main thread's initial UTCB (0 if the component has no parent) */
extern uint16_t parent_cap;

/* Request a session; on PARENT_INSUFFICIENT_RAM the donation is doubled and
 * the request repeated, up to max_ram; a server that has not announced the
 * service yet is waited for (PARENT_WAIT_US at most). Returns RPC_OK or the
 * last error. */
enum { PARENT_WAIT_US = 10 * 1000 * 1000 };
int parent_session(struct utcb *u, const char *service, const char *label, uint32_t ram,
		   uint32_t max_ram, uint32_t caps, uint16_t *session);
/* The same with service-specific arguments added ("size=64K"), may be NULL */
int parent_session_with(struct utcb *u, const char *service, const char *label, const char *args,
			uint32_t ram, uint32_t max_ram, uint32_t caps, uint16_t *session);
int parent_close(struct utcb *u, uint16_t session);
/* Offer the service to the parent: sessions come as calls to root */
int parent_announce(struct utcb *u, const char *service, uint16_t root);
/* Donate ram bytes and caps capabilities more to an open session */
int parent_upgrade(struct utcb *u, uint16_t session, uint32_t ram, uint32_t caps);
/* Ask for ram more bytes of RAM quota; PARENT_UNAVAILABLE (the parent is
 * collecting it from others) is waited for like a server that starts. */
int parent_resource_request(struct utcb *u, uint32_t ram);
/* The yield protocol: the parent signals sig_context, the child asks what
 * it wants, frees what it can (closing sessions returns their quota to its
 * PD) and responds; the parent then takes what is free. */
int parent_yield_sigh(struct utcb *u, uint16_t sig_context);
int parent_yield_request(struct utcb *u, uint32_t *ram);
int parent_yield_response(struct utcb *u);
/* Does not return when the parent ends the component. */
int parent_exit(struct utcb *u, int code);
