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

/* Exactly rcv_caps names set aside for t's next receive. Names kept from
 * before count: a caller or server asking for the same number every time
 * reserves only what its last receive used, not all of them on every call.
 * OUT_OF_CAPS (those kept stay) if its PD has too few free names. */
enum kernel_result ipc_reserve(struct thread *t, unsigned rcv_caps);
/* The first caps (<= UTCB_MAX_CAPS) capabilities of from's message into
 * to's UTCB, translated into to's PD: its existing name of each, else one
 * it reserved, 0 if neither or if the sender's id names nothing. Each is a
 * delivery in flight until acknowledged (cap_receive). */
void ipc_transfer_caps(struct thread *from, struct thread *to, uint32_t caps);
/* The names argument of a call or reply (KERNEL_NAME_ACK/DROP): names of
 * t's last receive taken over or dropped; never fails, done first */
void ipc_names_taken(struct thread *t, uint32_t names);
/* t acknowledged id itself (cap_ack): its last receive's slot of it is done */
void ipc_name_acked(struct thread *t, uint16_t id);
