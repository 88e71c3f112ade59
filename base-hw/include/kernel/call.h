/*
 * Kernel-call stubs for ARM: call id in r0, arguments in r1-r5, `svc 0`,
 * result in r0 (and r1 for a second word).
 */
#pragma once

#include <stdint.h>
#include <kernel/call_id.h>
#include <kernel/result.h>

struct kernel_call_ret {
	uint32_t r0, r1;
};

static inline struct kernel_call_ret kernel_call(uint32_t id, uint32_t a1, uint32_t a2, uint32_t a3,
						 uint32_t a4, uint32_t a5)
{
	register uint32_t r0 asm("r0") = id;
	register uint32_t r1 asm("r1") = a1;
	register uint32_t r2 asm("r2") = a2;
	register uint32_t r3 asm("r3") = a3;
	register uint32_t r4 asm("r4") = a4;
	register uint32_t r5 asm("r5") = a5;
	asm volatile("svc 0" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r3), "r"(r4), "r"(r5) : "memory");
	return (struct kernel_call_ret){ r0, r1 };
}

static inline enum kernel_result kernel_call_simple(uint32_t id, uint32_t a1)
{
	return (enum kernel_result)kernel_call(id, a1, 0, 0, 0, 0).r0;
}

static inline void kernel_print_char(char c) { kernel_call_simple(KCALL_PRINT, (uint8_t)c); }
static inline void kernel_thread_yield(void) { kernel_call_simple(KCALL_THREAD_YIELD, 0); }

static inline __attribute__((noreturn)) void kernel_thread_exit(int code)
{
	kernel_call_simple(KCALL_THREAD_EXIT, (uint32_t)code);
	for (;;)
		;
}

static inline uint64_t kernel_time_us(void)
{
	struct kernel_call_ret r = kernel_call(KCALL_TIME, 0, 0, 0, 0, 0);
	return ((uint64_t)r.r1 << 32) | r.r0;
}
