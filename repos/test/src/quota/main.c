/*
 * A child that exhausts its quotas (run/quota.run): RAM through malloc and
 * through RAM dataspaces, the capability quota of a RAM session, sessions
 * until their donations spent the quota, and signal contexts until core's
 * memory for them would exceed what is left. Each runs into a clean error;
 * then the child exits without freeing anything, and its parent and core
 * must take everything back.
 */
#include <stdlib.h>
#include <base/core_service.h>
#include <base/env.h>
#include <base/log.h>
#include <base/parent.h>
#include <session/ram_session.h>

static unsigned failures;

#define CHECK(cond, ...)                                          \
	do {                                                      \
		if (!(cond)) {                                    \
			failures++;                               \
			log_printf("quota: error: " __VA_ARGS__); \
		}                                                 \
	} while (0)

static void exhaust_malloc(void)
{
	unsigned blocks = 0;
	while (blocks < 100000 && malloc(64 * 1024))
		blocks++;
	CHECK(blocks > 0 && blocks < 100000, "malloc: %u blocks\n", blocks);
	log_printf("quota: malloc: %u blocks of 64 KiB, then NULL\n", blocks);
}

static void exhaust_ram_caps(struct utcb *u)
{
	uint16_t ram = 0, ds = 0;
	unsigned n = 0;
	int r      = parent_session(u, "RAM", "caps", 64 * 1024, 64 * 1024, 3, &ram);

	CHECK(r == RPC_OK, "RAM session: %d\n", r);
	while (n < 100 && (r = ram_alloc(u, ram, 4096, &ds)) == RPC_OK)
		n++;
	CHECK(r == RAM_OUT_OF_CAPS && n == 2, "RAM session with 3 caps: %u dataspaces, then %d\n",
	      n, r);
	log_printf("quota: RAM session with cap_quota=3: %u dataspaces, then out of caps\n", n);
}

static void exhaust_objects(struct utcb *u)
{
	uint16_t rcv = 0, ctx = 0;
	uint32_t handle = 0;
	unsigned n      = 0;
	int r           = core_sig_receiver(u, &rcv, &handle);

	while (r == CORE_OK && n < 10000 && (r = core_sig_context(u, handle, n, &ctx)) == CORE_OK)
		n++;
	CHECK(r == CORE_OUT_OF_QUOTA && n < 10000, "signal contexts: %u, then %d\n", n, r);
	log_printf("quota: %u signal contexts, then out of quota\n", n);
}

/* Sessions until the donations spent the quota; closing returns it */
static void exhaust_sessions(struct utcb *u)
{
	static uint16_t log[2000];
	unsigned n = 0, closed = 0;
	int r;

	while (n < 2000 &&
	       (r = parent_session(u, "LOG", "extra", 4096, 4096, 2, &log[n])) == RPC_OK)
		n++;
	CHECK(r == PARENT_OUT_OF_QUOTA && n > 0, "LOG sessions: %u, then %d\n", n, r);
	while (closed < n && parent_close(u, log[closed]) == RPC_OK)
		closed++;
	CHECK(closed == n, "closed %u of %u sessions\n", closed, n);
	log_printf("quota: %u more LOG sessions, then out of quota; all closed\n", n);
}

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t ds    = 0;
	int r;

	unsigned pages = 0;

	exhaust_ram_caps(u);
	exhaust_sessions(u);
	exhaust_malloc();
	while (pages < 100000 && (r = env_ram_alloc(u, 4096, &ds)) == RPC_OK)
		pages++;
	CHECK(r == PARENT_OUT_OF_QUOTA, "RAM dataspaces after malloc ran dry: %d\n", r);
	log_printf("quota: %u more RAM dataspaces of a page, then %d (out of quota)\n", pages, r);
	exhaust_objects(u);
	log_printf("quota: %s\n", failures ? "checks failed" : "all checks passed");
	return failures ? 1 : 0;
}
