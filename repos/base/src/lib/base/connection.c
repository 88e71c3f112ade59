/*
 * Connection helpers (base/connection.h): parent_session with the
 * donation's doubling, the resource request and the report of a failure.
 */
#include <base/connection.h>
#include <base/log.h>
#include <base/parent.h>

enum { QUOTA_REQUESTS = 4 }; /* resource requests before giving up */

static const char *reason(int r)
{
	switch (r) {
	case PARENT_SERVICE_DENIED: return "no such service, or not for this component";
	case PARENT_INSUFFICIENT_RAM: return "the server wants more RAM than the largest donation";
	case PARENT_INSUFFICIENT_CAPS: return "the server wants more capabilities";
	case PARENT_OUT_OF_QUOTA: return "the component's RAM quota is exhausted";
	case PARENT_BAD_ARGS: return "bad session arguments";
	case PARENT_UNAVAILABLE: return "the server did not announce the service in time";
	default: return "the parent's request failed";
	}
}

uint16_t connection_open(struct utcb *u, const char *service, const char *label, const char *args,
			 uint32_t ram)
{
	uint16_t session  = 0;
	unsigned requests = 0;
	int r;

	for (;;) {
		r = parent_session_with(u, service, label, args, ram, ram, CONNECTION_CAPS,
					&session);
		if (r == PARENT_INSUFFICIENT_RAM && ram && ram * 2 <= CONNECTION_RAM_MAX)
			ram *= 2;
		else if (r == PARENT_OUT_OF_QUOTA && requests++ < QUOTA_REQUESTS &&
			 parent_resource_request(u, ram) == RPC_OK)
			continue;
		else
			break;
	}
	if (r == RPC_OK)
		return session;
	log_printf("error: no %s session%s%s%s: %s\n", service, label && *label ? " \"" : "",
		   label && *label ? label : "", label && *label ? "\"" : "", reason(r));
	return 0;
}

int connection_close(struct utcb *u, uint16_t session) { return parent_close(u, session); }
