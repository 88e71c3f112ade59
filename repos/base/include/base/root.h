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
