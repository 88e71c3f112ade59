/*
 * Client side of the parent interface (see base/parent.h).
 */
#include <base/parent.h>
#include <base/session_args.h>
#include <kernel/call.h>

uint16_t parent_cap;

static void copy_string(char *dst, unsigned size, const char *src)
{
	unsigned i = 0;
	for (; src && src[i] && i < size - 1; i++)
		dst[i] = src[i];
	for (; i < size; i++)
		dst[i] = 0;
}

int parent_session(struct utcb *u, const char *service, const char *label, uint32_t ram,
		   uint32_t max_ram, uint32_t caps, uint16_t *session)
{
	return parent_session_with(u, service, label, NULL, ram, max_ram, caps, session);
}

int parent_session_with(struct utcb *u, const char *service, const char *label, const char *args,
			uint32_t ram, uint32_t max_ram, uint32_t caps, uint16_t *session)
{
	struct parent_session_args a;
	struct rpc_caps out;
	int r             = PARENT_BAD_ARGS;
	uint64_t deadline = kernel_time_us() + PARENT_WAIT_US;

	copy_string(a.service, sizeof(a.service), service);
	while (ram <= max_ram) {
		copy_string(a.args, sizeof(a.args), args);
		if (!session_args_valid(a.args, sizeof(a.args)) ||
		    !session_args_append_u64(a.args, sizeof(a.args), "ram_quota", ram) ||
		    !session_args_append_u64(a.args, sizeof(a.args), "cap_quota", caps) ||
		    !session_args_append_string(a.args, sizeof(a.args), "label",
						label ? label : ""))
			return PARENT_BAD_ARGS;
		r = rpc_call(u, parent_cap, PARENT_SESSION, &parent_functions[PARENT_SESSION], &a,
			     NULL, NULL, &out);
		if (r == PARENT_UNAVAILABLE && kernel_time_us() < deadline)
			kernel_thread_yield(); /* the server is still starting: ask again */
		else if (r == PARENT_INSUFFICIENT_RAM && ram)
			ram *= 2;
		else
			break;
	}
	*session = r == RPC_OK && out.count ? out.id[0] : 0;
	return r == RPC_OK && !*session ? RPC_BAD_REPLY : r;
}

int parent_close(struct utcb *u, uint16_t session)
{
	struct rpc_caps in = { 1, { session } };
	int r = rpc_call(u, parent_cap, PARENT_CLOSE, &parent_functions[PARENT_CLOSE], NULL, NULL,
			 &in, NULL);
	if (r == RPC_OK)
		kernel_cap_delete(session); /* the name is dead now: free it */
	return r;
}

int parent_upgrade(struct utcb *u, uint16_t session, uint32_t ram, uint32_t caps)
{
	struct parent_upgrade_args a = { "" };
	struct rpc_caps in           = { 1, { session } };

	if (!session_args_append_u64(a.args, sizeof(a.args), "ram_quota", ram) ||
	    !session_args_append_u64(a.args, sizeof(a.args), "cap_quota", caps))
		return PARENT_BAD_ARGS;
	return rpc_call(u, parent_cap, PARENT_UPGRADE, &parent_functions[PARENT_UPGRADE], &a, NULL,
			&in, NULL);
}

int parent_announce(struct utcb *u, const char *service, uint16_t root)
{
	struct parent_announce_args a;
	struct rpc_caps in = { 1, { root } };

	copy_string(a.service, sizeof(a.service), service);
	return rpc_call(u, parent_cap, PARENT_ANNOUNCE, &parent_functions[PARENT_ANNOUNCE], &a,
			NULL, &in, NULL);
}

int parent_resource_request(struct utcb *u, uint32_t ram)
{
	struct parent_upgrade_args a = { "" };
	uint64_t deadline            = kernel_time_us() + PARENT_WAIT_US;
	int r;

	if (!session_args_append_u64(a.args, sizeof(a.args), "ram_quota", ram))
		return PARENT_BAD_ARGS;
	while ((r = rpc_call(u, parent_cap, PARENT_RESOURCE_REQUEST,
			     &parent_functions[PARENT_RESOURCE_REQUEST], &a, NULL, NULL, NULL)) ==
		   PARENT_UNAVAILABLE &&
	       kernel_time_us() < deadline)
		kernel_thread_yield();
	return r;
}

int parent_yield_sigh(struct utcb *u, uint16_t sig_context)
{
	struct rpc_caps in = { 1, { sig_context } };
	return rpc_call(u, parent_cap, PARENT_YIELD_SIGH, &parent_functions[PARENT_YIELD_SIGH],
			NULL, NULL, &in, NULL);
}

int parent_yield_request(struct utcb *u, uint32_t *ram)
{
	struct parent_yield y = { 0 };
	int r                 = rpc_call(u, parent_cap, PARENT_YIELD_REQUEST,
					 &parent_functions[PARENT_YIELD_REQUEST], NULL, &y, NULL, NULL);
	*ram                  = y.ram;
	return r;
}

int parent_yield_response(struct utcb *u)
{
	return rpc_call(u, parent_cap, PARENT_YIELD_RESPONSE,
			&parent_functions[PARENT_YIELD_RESPONSE], NULL, NULL, NULL, NULL);
}

int parent_exit(struct utcb *u, int code)
{
	struct parent_exit_args a = { code };
	return rpc_call(u, parent_cap, PARENT_EXIT, &parent_functions[PARENT_EXIT], &a, NULL, NULL,
			NULL);
}
