/*
 * A server of run/smp_ipc.run, placed on a CPU by init's <affinity>: its
 * entrypoint adds for every client, a second thread (created without
 * naming a CPU, so on the same one) counts the signals they submit. When
 * as many sessions as its config's clients="n" have closed, it checks
 * that every client's SMP_IPC_ROUNDS signals arrived and exits.
 */
#include <base/component.h>
#include <base/config.h>
#include <base/core_service.h>
#include <base/log.h>
#include <base/node.h>
#include <base/root.h>
#include <kernel/call.h>
#include <test/smp_ipc_session.h>

enum { IMPRINT_CLIENTS = 1, IMPRINT_DONE = 2 };

static struct rpc_entrypoint ep;
static uint16_t receiver, context, done_context;
static uint32_t receiver_handle;
static uint64_t clients = 1;
static unsigned closed;
static volatile uint32_t calls;
static uint32_t stack[1024] __attribute__((aligned(8)));

static int add_handler(struct rpc_object *o, struct rpc_request *r)
{
	const struct smp_ipc_args *a = r->args;
	(void)o;
	((struct smp_ipc_sum *)r->result)->sum = a->a + a->b;
	calls++;
	return RPC_OK;
}

static int context_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	r->caps_out = (struct rpc_caps){ 1, { context } };
	return RPC_OK;
}

static const rpc_handler_t handlers[SMP_IPC_OPCODES] = { add_handler, context_handler };
static const struct rpc_interface iface = { SMP_IPC_OPCODES, smp_ipc_functions, handlers };

static void opened(struct root_session *s) { (void)s; }

/* The last close: the counting thread checks and exits once this reply is out */
static void session_closed(struct root_session *s)
{
	(void)s;
	if (++closed == clients)
		kernel_sig_submit(done_context, 1);
}

static struct root_server root = { .ep    = &ep,
				   .iface = &iface,
				   .ram   = SMP_IPC_SESSION_RAM,
				   .size  = sizeof(struct root_session),
				   .open  = opened,
				   .close = session_closed };

static void counter(struct utcb *u)
{
	const struct sig_delivery *d = (const struct sig_delivery *)u->data;
	uint64_t signals = 0, want = clients * SMP_IPC_ROUNDS;
	bool done = false;

	/* every submit has counted at the context before its client closed */
	while (!done || signals < want) {
		if (kernel_sig_wait(receiver) != KERNEL_OK)
			continue;
		if (d->imprint == IMPRINT_DONE) {
			done = true;
			kernel_sig_ack(done_context);
		} else {
			signals += d->count;
			kernel_sig_ack(context);
		}
	}
	/* the entrypoint's reply to the last close goes out first */
	for (unsigned i = 0; i < 100; i++)
		kernel_thread_yield();
	bool ok = signals == want && calls == want;
	log_printf("smp_ipc_server: %s%u clients: %u calls answered, %u signals counted\n",
		   ok ? "" : "error: ", (unsigned)clients, (unsigned)calls, (unsigned)signals);
	exit(ok ? 0 : 1);
}

int main(void)
{
	struct utcb *u = utcb_main();
	struct node config;
	uint16_t cap;
	uint32_t handle;

	if (config_read(u, &config))
		node_attr_u64(&config, "clients", &clients);
	if (core_sig_receiver(u, &receiver, &receiver_handle) != CORE_OK ||
	    core_sig_context(u, receiver_handle, IMPRINT_CLIENTS, &context) != CORE_OK ||
	    core_sig_context(u, receiver_handle, IMPRINT_DONE, &done_context) != CORE_OK ||
	    core_thread(u, counter, stack + 1024, &cap, &handle) != CORE_OK) {
		log_printf("smp_ipc_server: error: no signal receiver, contexts or thread\n");
		return 1;
	}
	rpc_ep_init(&ep, u, 0);
	if (root_server_announce(&root, "SmpIpc") != RPC_OK) {
		log_printf("smp_ipc_server: error: cannot announce\n");
		return 1;
	}
	rpc_ep_serve(&ep);
}
