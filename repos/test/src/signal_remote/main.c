/*
 * The other PD of the signal test: gets a signal-context capability from
 * "signal" in an IPC reply, submits to it 7 times, and reports the result
 * of a submit after "signal" killed the context (must be "invalid state").
 * Exits with 0 only if everything went as expected.
 */
#include <stdint.h>
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>

struct remote_msg {
	uint32_t op;
	uint32_t value;
};

static enum kernel_result call(uint16_t server, uint32_t op, uint32_t value, unsigned rcv_caps)
{
	struct utcb *u = utcb_main();

	*(struct remote_msg *)u->data = (struct remote_msg){ op, value };
	u->data_size                  = sizeof(struct remote_msg);
	u->cap_count                  = 0;
	return kernel_rpc_call(server, rcv_caps);
}

int main(void)
{
	struct utcb *u  = utcb_main();
	uint16_t server = 0, sleep_rcv = 0, sleep_ctx = 0;
	uint32_t sleep_handle;
	unsigned errors = 0;

	if (core_sig_receiver(u, &sleep_rcv, &sleep_handle) != CORE_OK ||
	    core_sig_context(u, sleep_handle, 1, &sleep_ctx) != CORE_OK) {
		log_printf("signal_remote: error: no signal objects for sleeping\n");
		return 1;
	}
	/* "signal" announces itself when it gets to this part of its test */
	for (unsigned i = 0; i < 2000 && core_lookup(u, "signal", &server) != CORE_OK; i++) {
		kernel_timeout(10000, sleep_ctx);
		kernel_sig_wait(sleep_rcv);
		kernel_sig_ack(sleep_ctx);
	}
	if (!server) {
		log_printf("signal_remote: error: \"signal\" never announced itself\n");
		return 1;
	}

	enum kernel_result kr = call(server, 1, 0, 1);
	uint16_t ctx          = u->cap_count == 1 ? u->caps[0] : 0;
	if (kr != KERNEL_OK || !ctx) {
		log_printf("signal_remote: error: no context capability (%s, %u caps)\n",
			   kernel_result_string(kr), (unsigned)u->cap_count);
		return 1;
	}
	kernel_cap_ack(ctx);

	for (unsigned i = 0; i < 7; i++) {
		kr = kernel_sig_submit(ctx, 1);
		if (kr != KERNEL_OK) {
			log_printf("signal_remote: error: submit %u: %s\n", i,
				   kernel_result_string(kr));
			errors++;
		}
	}
	log_printf("signal_remote: submitted 7 times to a context of \"signal\"\n");

	/* "signal" kills the context before it answers */
	kr = call(server, 2, 7, 0);
	if (kr != KERNEL_OK)
		errors++;
	enum kernel_result late = kernel_sig_submit(ctx, 1);
	log_printf("signal_remote: submit after the kill -> %s\n", kernel_result_string(late));
	if (late != KERNEL_INVALID_STATE)
		errors++;
	kr = call(server, 3, late, 0);
	if (kr != KERNEL_OK)
		errors++;
	return (int)errors;
}
