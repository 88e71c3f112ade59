/*
 * Protocol between the IPC test components (run/ipc.run).
 */
#pragma once

#include <stdint.h>

enum ipc_test_op {
	IPC_TEST_ECHO = 1, /* reply with the request payload */
	IPC_TEST_CAPS,     /* reply with the received capabilities and their ids */
	IPC_TEST_SEQ,      /* reply with arg */
	IPC_TEST_HOLD,     /* reply after arg milliseconds */
	IPC_TEST_DIE,      /* exit without replying */
};

struct ipc_test_msg {
	uint32_t op;
	uint32_t arg;
	uint32_t ids[4]; /* IPC_TEST_CAPS reply: the server's ids of the caps */
	uint32_t badge;  /* IPC_TEST_CAPS reply: the badge the server saw */
};
