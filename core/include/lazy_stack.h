/*
 * The stack core gives a main thread it starts without one (components it
 * loads itself): USER_STACK_SIZE below USER_STACK_TOP, the top page mapped
 * at the start, every other page backed by a zeroed frame when first
 * touched, each charged to the component's quota. The page below the
 * stack stays unmapped: an overflow is a fault.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <kernel/fault.h>

struct component;

/* Map the top page; the initial stack pointer, 0 if that failed */
uint32_t lazy_stack_start(struct component *c);
/* A fault that touched the stack: map its page; false if it is none of ours */
bool lazy_stack_fault(struct component *c, const struct fault *f);
/* Is addr in the unmapped page below the stack (a stack overflow)? */
bool lazy_stack_guard(const struct component *c, uint32_t addr);
/* The frames behind the pages mapped on demand */
void lazy_stack_free(struct component *c);
