/*
 * A client child (run/init.run): asks its parent for an "Adder" session
 * (routed by init to a sibling, or denied), adds, shows the label the
 * server saw, closes the session and exits with the number of failures.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <base/parent.h>
#include <test/adder_session.h>

int main(void)
{
	struct utcb *u       = utcb_main();
	uint16_t s           = 0;
	int32_t sum          = 0;
	struct adder_label l = { "" };

	/* the server wants 8 KiB: the library doubles the offer from 4 KiB */
	int r = parent_session(u, "Adder", "sum", 4096, 64 * 1024, 2, &s);
	if (r != RPC_OK) {
		log_printf("adder_client: no Adder session: %d%s\n", r,
			   r == PARENT_SERVICE_DENIED ? " (denied)" : "");
		return r == PARENT_SERVICE_DENIED ? 0 : 1;
	}
	r = adder_add(u, s, 2, 3, &sum);
	adder_label(u, s, &l);
	log_printf("adder_client: 2 + 3 = %d, the server knows me as \"%s\"\n", (int)sum, l.text);
	int c = parent_close(u, s);
	log_printf("adder_client: closed: %d\n", c);
	return r == RPC_OK && sum == 5 && c == RPC_OK ? 0 : 1;
}
