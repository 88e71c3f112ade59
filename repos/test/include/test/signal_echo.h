/*
 * The signal half of the benchmark servers: wait at a receiver, acknowledge
 * the delivery of the server's own context and answer with a signal to the
 * client's context, forever (a ping-pong in which every delivery counts).
 */
#pragma once

#include <stdint.h>
#include <kernel/call.h>

static inline __attribute__((noreturn)) void
signal_echo_forever(uint16_t receiver, uint16_t own_context, const volatile uint16_t *client)
{
	for (;;) {
		kernel_sig_wait(receiver);
		kernel_sig_ack(own_context);
		kernel_sig_submit(*client, 1);
	}
}
