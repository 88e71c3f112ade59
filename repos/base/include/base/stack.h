/*
 * Stacks for the threads a component starts itself: size bytes of
 * address space, charged to the component's RAM quota.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* A stack of at least size bytes: the handle to free it, *top its first
 * address above it (8-byte aligned); NULL if the quota does not cover it */
void *stack_alloc(size_t size, uintptr_t *top);
void stack_free(void *stack);
