/*
 * One-shot timeouts, one per thread, signalled to a context at the
 * deadline. Armed timeouts form one list sorted by deadline, so the kernel
 * programs its timer for the earliest one.
 */
#pragma once

#include <stdint.h>
#include "thread.h"

void timeout_init(void);
/* (Re)arm t's timeout ticks from now, 0 ticks fires at the next entry. */
void timeout_set(struct timeout *t, uint64_t now, uint64_t ticks, struct sig_context *ctx);
void timeout_cancel(struct timeout *t);
void timeout_cancel_context(struct sig_context *ctx);
/* Signal every timeout whose deadline has passed. */
void timeout_expire(uint64_t now);
/* Ticks from now to the earliest deadline, or UINT64_MAX if none */
uint64_t timeout_next(uint64_t now);
