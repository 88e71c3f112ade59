/*
 * The parent interface (run/parent.run): a session request with too small a
 * donation gets "insufficient RAM" and the library's retry succeeds,
 * unknown services are denied, a donation beyond the component's budget is
 * refused, malformed arguments are rejected, labels are prefixed by the
 * parent, closing returns the quota (the same big donation fits again), and
 * a closed session's capability no longer works.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <base/parent.h>
#include <session/log_session.h>

static unsigned failures;

#define CHECK(cond, ...)                                           \
	do {                                                       \
		if (!(cond)) {                                     \
			failures++;                                \
			log_printf("parent: error: " __VA_ARGS__); \
		}                                                  \
	} while (0)

static int raw_session(const char *service, const char *args, uint16_t *cap)
{
	struct parent_session_args a = { { 0 }, { 0 } };
	struct rpc_caps out;
	for (unsigned i = 0; service[i] && i < sizeof(a.service) - 1; i++)
		a.service[i] = service[i];
	for (unsigned i = 0; args[i] && i < sizeof(a.args) - 1; i++)
		a.args[i] = args[i];
	int r = rpc_call(utcb_self(), parent_cap, PARENT_SESSION, &parent_functions[PARENT_SESSION],
			 &a, NULL, NULL, &out);
	*cap  = r == RPC_OK && out.count ? out.id[0] : 0;
	return r;
}

int main(void)
{
	struct utcb *u = utcb_self();
	uint16_t s = 0, big = 0;
	int r;

	CHECK(parent_cap != 0, "no parent capability\n");
	r = parent_session(u, "LOG", "small", 1024, 1024, LOG_SESSION_CAPS, &s);
	CHECK(r == PARENT_INSUFFICIENT_RAM, "1 KiB donation: %d\n", r);
	r = parent_session(u, "LOG", "extra", 1024, 16384, LOG_SESSION_CAPS, &s);
	CHECK(r == RPC_OK && s, "retried request: %d\n", r);
	CHECK(log_write(u, s, "written through a second session", 32) == RPC_OK, "write\n");

	r = raw_session("LOG", "ram_quota=4096, cap_quota=1, label=\"x\"", &big);
	CHECK(r == PARENT_INSUFFICIENT_CAPS, "1 cap donated: %d\n", r);
	r = raw_session("Nonsense", "ram_quota=4096, cap_quota=2", &big);
	CHECK(r == PARENT_SERVICE_DENIED, "unknown service: %d\n", r);
	r = raw_session("LOG", "ram_quota=4096, cap_quota=2, label=\"unterminated", &big);
	CHECK(r == PARENT_BAD_ARGS, "malformed arguments: %d\n", r);
	r = raw_session("LOG", "ram_quota=64M, cap_quota=2", &big);
	CHECK(r == PARENT_OUT_OF_QUOTA, "64 MiB donation: %d\n", r);

	/* most of the budget into one session, closed, and again */
	r = raw_session("LOG", "ram_quota=12M, cap_quota=2, label=\"big\"", &big);
	CHECK(r == RPC_OK && big, "12 MiB donation: %d\n", r);
	r = raw_session("LOG", "ram_quota=8M, cap_quota=2", &s);
	CHECK(r == PARENT_OUT_OF_QUOTA, "second big donation: %d\n", r);
	CHECK(parent_close(u, big) == RPC_OK, "close\n");
	CHECK(log_write(u, big, "closed", 6) == RPC_IPC_FAILED, "closed session still works\n");
	r = raw_session("LOG", "ram_quota=12M, cap_quota=2", &big);
	CHECK(r == RPC_OK, "12 MiB after the close: %d\n", r);
	CHECK(parent_close(u, 999) == PARENT_BAD_ARGS, "closing a forged session\n");

	if (failures)
		log_printf("parent: %u checks failed\n", failures);
	else
		log_printf("parent: all checks passed\n");
	return (int)failures;
}
