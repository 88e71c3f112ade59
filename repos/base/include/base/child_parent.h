/*
 * The parent's side of a child, for any component that starts children
 * (init, or a supervisor): the RPC object the child knows as its parent.
 * Session requests are checked by the policy and forwarded to our own
 * parent with the label prefixed by the child's name ("child -> label");
 * the RAM the child donates is withdrawn from its PD first and returned
 * when the session closes. Exits go to the policy.
 */
#pragma once

#include <base/child.h>
#include <base/parent.h>
#include <base/rpc.h>

enum { CHILD_NAME_LEN = 32, CHILD_MAX_SESSIONS = 16 };

struct child_parent;

struct child_policy {
	/* May the child have this session (args: prefixed label)? NULL: all */
	bool (*allowed)(struct child_parent *c, const char *service, const char *args);
	/* The child called exit(code); called with the child still there */
	void (*exited)(struct child_parent *c, int code);
};

struct child_forwarded {
	uint16_t cap; /* 0: free slot */
	uint32_t ram;
};

struct child_parent {
	struct rpc_object parent; /* first: the object the child knows as its parent */
	char name[CHILD_NAME_LEN];
	bool running;
	struct child loader;
	struct rpc_entrypoint *ep;
	const struct child_policy *policy;
	void *owner; /* for the policy */
	struct child_forwarded session[CHILD_MAX_SESSIONS];
};

/* Make the parent object on ep and load binary as child name */
enum child_result child_parent_start(struct child_parent *c, struct rpc_entrypoint *ep,
				     const char *name, const char *binary,
				     const struct child_resources *res,
				     const struct child_policy *policy, enum elf_result *elf_error);
/* Close the child's sessions, end it, dissolve the parent object */
void child_parent_release(struct child_parent *c);
