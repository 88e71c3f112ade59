/*
 * The parent's side of a child, for any component that starts children
 * (init, or a supervisor): the RPC object the child knows as its parent.
 * Session requests are checked by the policy and forwarded to our own
 * parent with the label prefixed by the child's name ("child -> label");
 * the RAM the child donates is withdrawn from its PD first and returned
 * when the session closes. Exits and faults go to the policy. The records of the
 * child's sessions and services live on the parent's heap, as many as
 * there are (the parent's own RAM quota bounds them).
 */
#pragma once

#include <base/child.h>
#include <base/parent.h>
#include <base/rpc.h>
#include <session/pd_session.h>

enum { CHILD_NAME_LEN = 32 };

struct child_parent;

/* Where a session request of a child goes */
enum child_route_kind {
	CHILD_ROUTE_DENIED,
	CHILD_ROUTE_PARENT,      /* to our own parent */
	CHILD_ROUTE_CHILD,       /* to a sibling that announced the service */
	CHILD_ROUTE_UNAVAILABLE, /* to a sibling that has not announced it yet */
	CHILD_ROUTE_LOCAL,       /* an object of ours (e.g. a config ROM) */
};

struct child_route {
	enum child_route_kind kind;
	struct child_parent *server; /* CHILD_ROUTE_CHILD */
	uint16_t root;               /* ... its root object */
	uint16_t local;              /* CHILD_ROUTE_LOCAL: the session capability */
	/* the label the server (or our parent) sees instead of "child -> label"
	 * (Genode's label rewriting); NULL: that one. The policy's, valid until
	 * its next route call. */
	const char *label;
};

struct child_policy {
	/* label: as the child asked, without its name in front. NULL: all to the parent */
	struct child_route (*route)(struct child_parent *c, const char *service, const char *label);
	/* The child called exit(code); called with the child still there */
	void (*exited)(struct child_parent *c, int code);
	/* May the child provide service? NULL: no */
	bool (*may_provide)(struct child_parent *c, const char *service);
	/* The child asks for ram more bytes: RPC_OK once its PD has them,
	 * PARENT_UNAVAILABLE (ask again later) or PARENT_OUT_OF_QUOTA. NULL: denied */
	int (*resource_request)(struct child_parent *c, uint32_t ram);
	/* The child freed what it could after a yield request. NULL: nothing */
	void (*yielded)(struct child_parent *c);
	/* A thread of the child stopped on a fault nothing resolved (core
	 * reported it); f says what it was (see child_parent_watch_faults) */
	void (*faulted)(struct child_parent *c, const struct pd_fault *f);
};

struct child_forwarded {
	struct child_forwarded *next; /* in child_parent.sessions */
	uint16_t cap;
	uint32_t ram;
	struct child_parent *server; /* NULL: at our parent */
	uint16_t root;               /* ... else its root object */
	bool local, server_gone;
};

struct child_provided {
	struct child_provided *next; /* in child_parent.provided */
	char service[PARENT_SERVICE_LEN];
	uint16_t root;
};

struct child_parent {
	struct rpc_object parent; /* first: the object the child knows as its parent */
	char name[CHILD_NAME_LEN];
	bool running;
	struct child loader;
	struct rpc_entrypoint *ep;
	const struct child_policy *policy;
	void *owner;                      /* for the policy */
	struct child_forwarded *sessions; /* its open sessions */
	struct child_provided *provided;  /* services it announced */
	uint16_t yield_sigh;              /* the child's signal context for yield requests */
	uint32_t yield_ram;               /* what we ask it to give back */
	uint32_t faults_seen;             /* by child_parent_check_fault */
};

/* Ask the child to give back ram bytes (it is signalled if it listens);
 * false if it does not listen */
bool child_parent_ask_yield(struct child_parent *c, uint32_t ram);

/* The root of a service c announced, 0 if none */
uint16_t child_parent_provider(struct child_parent *c, const char *service);
/* server is being released: client's sessions with it are dead */
void child_parent_server_gone(struct child_parent *client, struct child_parent *server);

/* Make the parent object on ep and load binary as child name */
enum child_result child_parent_start(struct child_parent *c, struct rpc_entrypoint *ep,
				     const char *name, const char *binary,
				     const struct child_resources *res,
				     const struct child_policy *policy, enum elf_result *elf_error);
/* Have core signal sig_context (the owner's, it may serve all its
 * children) when a thread of the child stops on a fault; the owner's
 * signal handler then calls child_parent_check_fault for its children */
int child_parent_watch_faults(struct child_parent *c, uint16_t sig_context);
/* A fault of the child since the last check goes to policy->faulted */
void child_parent_check_fault(struct child_parent *c);

/* Close the child's sessions, end it, dissolve the parent object */
void child_parent_release(struct child_parent *c);
