/*
 * Root interface: how a server hands out sessions of the service it
 * announced (parent_announce). The parent calls it on behalf of a client
 * with the client's session arguments (label prefixed, "ram_quota=.."
 * already moved to the server's PD) and passes the session capability on.
 */
#pragma once

#include <base/parent.h>
#include <base/rpc.h>

enum root_op { ROOT_SESSION, ROOT_UPGRADE, ROOT_CLOSE, ROOT_OPCODES };

struct root_args {
	char args[PARENT_ARGS_LEN];
};

static const struct rpc_function root_functions[ROOT_OPCODES] = {
	[ROOT_SESSION] = { sizeof(struct root_args), 0, 0, 1 },
	[ROOT_UPGRADE] = { sizeof(struct root_args), 0, 1, 0 },
	[ROOT_CLOSE]   = { 0, 0, 1, 0 },
};

/*
 * The usual root of a server: each session is a struct of the server's
 * (beginning with struct root_session) allocated from the server's heap,
 * which the client's donation pays (it moved to the server's PD with the
 * request), so the number of sessions is bounded by what clients donate,
 * not by a table; at least `ram` of donation is insisted on. The helper
 * checks the arguments and the donation, gives the session an identity,
 * remembers its label and frees it on close; the hooks do the service's
 * own part.
 */
enum { ROOT_LABEL_LEN = 64 };

struct root_session {
	struct rpc_object obj;      /* first: the session's RPC object */
	struct root_session *next;  /* in root_server.sessions */
	char label[ROOT_LABEL_LEN]; /* as the server sees it: "client -> label" */
};

struct root_server {
	struct rpc_object obj; /* first: the root object announced */
	struct rpc_entrypoint *ep;
	const struct rpc_interface *iface;     /* of the sessions */
	uint32_t ram;                          /* the least donation that covers a session */
	unsigned size;                         /* bytes of the server's session struct */
	void (*open)(struct root_session *s);  /* a new session (zeroed past the header) */
	void (*close)(struct root_session *s); /* before it is freed; NULL: nothing */
	struct root_session *sessions;         /* open ones, newest first */
};

/* Give the root an identity on r->ep and announce it to the parent as service */
int root_server_announce(struct root_server *r, const char *service);
