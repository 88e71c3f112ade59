/*
 * Synchronous IPC between threads through their UTCBs, with capability
 * translation and CPU donation (see thread.h for helping).
 */
#pragma once

#include "thread.h"

enum kernel_result ipc_call(struct thread *t, uint16_t cap, unsigned rcv_caps);
enum kernel_result ipc_wait(struct thread *t, unsigned rcv_caps);
enum kernel_result ipc_reply(struct thread *t);
enum kernel_result ipc_reply_and_wait(struct thread *t, unsigned rcv_caps);

/* A caller in AWAITS_REPLY leaves its call without a result (destroyed). */
void ipc_cancel_call(struct thread *client);
/* A server goes away: every caller gets KERNEL_DESTROYED. */
void ipc_server_destroyed(struct thread *server);
