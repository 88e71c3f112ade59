/*
 * Stacks for the threads a component starts itself: size bytes of
 * address space that core maps as the thread touches it (each page paid
 * from the component's RAM quota then), with an unmapped guard page below:
 * an overflow stops the thread and is reported as a stack overflow.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* A stack of at least size bytes: its handle (0: none, core refused),
 * *top its first address above it (8-byte aligned) */
uint32_t stack_alloc(size_t size, uintptr_t *top);
void stack_free(uint32_t stack);
