/* ARM generic timer, non-secure physical timer accessed through CP15. */
#pragma once

#include <stdint.h>

static inline uint32_t generic_timer_frequency(void)
{
	uint32_t f;
	asm volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(f));
	return f;
}

static inline uint64_t generic_timer_count(void)
{
	uint32_t lo, hi;
	asm volatile("isb; mrrc p15, 0, %0, %1, c14" : "=r"(lo), "=r"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

/* One-shot: writing TVAL also clears a pending condition. */
static inline void generic_timer_start(uint32_t ticks)
{
	asm volatile("mcr p15, 0, %0, c14, c2, 0" ::"r"(ticks)); /* CNTP_TVAL */
	asm volatile("mcr p15, 0, %0, c14, c2, 1" ::"r"(1));     /* CNTP_CTL: enable */
	asm volatile("isb");
}
