/*
 * One-shot timeouts, one per thread, signalled to a context at the
 * deadline. The timeouts a CPU's threads arm form one list per CPU sorted
 * by deadline, so that each CPU programs its timer for its earliest one.
 */
#pragma once

#include <stdint.h>
#include "thread.h"

struct cpu;

void timeout_init(struct cpu *cpu);
/* (Re)arm t's timeout ticks from now on this CPU; 0 ticks fires at its next entry. */
void timeout_set(struct timeout *t, uint64_t now, uint64_t ticks, struct sig_context *ctx);
void timeout_cancel(struct timeout *t);
void timeout_cancel_context(struct sig_context *ctx);
/* Signal every timeout of the CPU whose deadline has passed. */
void timeout_expire(struct cpu *cpu, uint64_t now);
/* Ticks from now to the CPU's earliest deadline, or UINT64_MAX if none */
uint64_t timeout_next(struct cpu *cpu, uint64_t now);
