/*
 * The CPU's cycle counter, readable at user level (the kernel enables it).
 * Under QEMU -icount shift=0 it counts executed instructions.
 */
#pragma once

#include <stdint.h>

static inline uint32_t cycles(void)
{
	uint32_t c;
	asm volatile("isb; mrc p15, 0, %0, c9, c13, 0" : "=r"(c)::"memory");
	return c;
}
