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

/* Calls of one or two arguments load only those: the kernel reads no
 * further argument register of such a call, and whatever is left in one
 * is as harmless as any value a program may pass (the kernel trusts none).
 * r1 is written back (the second result word), the rest kept. */
static inline enum kernel_result kernel_call2(uint32_t id, uint32_t a1, uint32_t a2)
{
	register uint32_t r0 asm("r0") = id;
	register uint32_t r1 asm("r1") = a1;
	register uint32_t r2 asm("r2") = a2;
	asm volatile("svc 0" : "+r"(r0), "+r"(r1) : "r"(r2) : "memory");
	return (enum kernel_result)r0;
}

static inline enum kernel_result kernel_call_simple(uint32_t id, uint32_t a1)
{
	register uint32_t r0 asm("r0") = id;
	register uint32_t r1 asm("r1") = a1;
	asm volatile("svc 0" : "+r"(r0), "+r"(r1) : : "memory");
	return (enum kernel_result)r0;
}

static inline uint64_t kernel_call_u64(uint32_t id)
{
	struct kernel_call_ret r = kernel_call(id, 0, 0, 0, 0, 0);
	return ((uint64_t)r.r1 << 32) | r.r0;
}

static inline void kernel_print_char(char c) { kernel_call_simple(KCALL_PRINT, (uint8_t)c); }
static inline void kernel_thread_yield(void) { kernel_call_simple(KCALL_THREAD_YIELD, 0); }

static inline __attribute__((noreturn)) void kernel_thread_exit(int code)
{
	kernel_call_simple(KCALL_THREAD_EXIT, (uint32_t)code);
	for (;;)
		;
}

static inline uint64_t kernel_time_us(void) { return kernel_call_u64(KCALL_TIME); }
/* Finer: the board timer's resolution (virt 16 ns, BCM2835 1 us). Under QEMU
 * -icount shift=0 one nanosecond of guest time is one instruction. */
static inline uint64_t kernel_time_ns(void) { return kernel_call_u64(KCALL_TIME_NS); }
static inline uint64_t kernel_thread_time_us(void) { return kernel_call_u64(KCALL_THREAD_TIME); }

/* Three arguments, two result words (see kernel_call2) */
static inline enum kernel_result kernel_call3(uint32_t id, uint32_t a1, uint32_t a2, uint32_t a3)
{
	register uint32_t r0 asm("r0") = id;
	register uint32_t r1 asm("r1") = a1;
	register uint32_t r2 asm("r2") = a2;
	register uint32_t r3 asm("r3") = a3;
	asm volatile("svc 0" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r3) : "memory");
	return (enum kernel_result)r0;
}

/* IPC: the message is in the caller's UTCB; rcv_caps names may be received.
 * names (KERNEL_NAME_ACK/DROP, kernel/call_id.h) takes over or drops names
 * of the caller's last receive first, saving a cap_ack or cap_delete each. */
static inline enum kernel_result kernel_rpc_call_names(uint16_t cap, unsigned rcv_caps,
						       uint32_t names)
{
	return kernel_call3(KCALL_RPC_CALL, cap, rcv_caps, names);
}
static inline enum kernel_result kernel_rpc_call(uint16_t cap, unsigned rcv_caps)
{
	return kernel_rpc_call_names(cap, rcv_caps, 0);
}
static inline enum kernel_result kernel_rpc_wait(unsigned rcv_caps)
{
	return kernel_call_simple(KCALL_RPC_WAIT, rcv_caps);
}
static inline enum kernel_result kernel_rpc_reply(void)
{
	return kernel_call_simple(KCALL_RPC_REPLY, 0);
}
static inline enum kernel_result kernel_rpc_reply_and_wait_names(unsigned rcv_caps, uint32_t names)
{
	return kernel_call2(KCALL_RPC_REPLY_AND_WAIT, rcv_caps, names);
}
static inline enum kernel_result kernel_rpc_reply_and_wait(unsigned rcv_caps)
{
	return kernel_rpc_reply_and_wait_names(rcv_caps, 0);
}

/* Signals: deliveries arrive as struct sig_delivery in the UTCB payload */
static inline enum kernel_result kernel_sig_submit(uint16_t ctx, uint32_t n)
{
	return kernel_call2(KCALL_SIG_SUBMIT, ctx, n);
}
static inline enum kernel_result kernel_sig_wait(uint16_t rcv)
{
	return kernel_call_simple(KCALL_SIG_WAIT, rcv);
}
static inline enum kernel_result kernel_sig_pending(uint16_t rcv)
{
	return kernel_call_simple(KCALL_SIG_PENDING, rcv);
}
static inline enum kernel_result kernel_sig_ack(uint16_t ctx)
{
	return kernel_call_simple(KCALL_SIG_ACK, ctx);
}
/* Acknowledge ctx's delivery and wait at rcv in one call: a handler loop's
 * ack of the last delivery and its wait for the next. Nothing happens if
 * either name is bad or ctx has no delivery to acknowledge. */
static inline enum kernel_result kernel_sig_ack_wait(uint16_t ctx, uint16_t rcv)
{
	return kernel_call2(KCALL_SIG_ACK_WAIT, ctx, rcv);
}
static inline enum kernel_result kernel_sig_kill(uint16_t ctx)
{
	return kernel_call_simple(KCALL_SIG_KILL, ctx);
}
static inline enum kernel_result kernel_timeout(uint32_t us, uint16_t ctx)
{
	return kernel_call2(KCALL_TIMEOUT, us, ctx);
}

static inline enum kernel_result kernel_cap_ack(uint16_t cap)
{
	return kernel_call_simple(KCALL_CAP_ACK, cap);
}
static inline enum kernel_result kernel_cap_delete(uint16_t cap)
{
	return kernel_call_simple(KCALL_CAP_DELETE, cap);
}

static inline enum kernel_result kernel_thread_stop(void)
{
	return kernel_call_simple(KCALL_THREAD_STOP, 0);
}
static inline enum kernel_result kernel_thread_restart(uint16_t thread_cap)
{
	return kernel_call_simple(KCALL_THREAD_RESTART, thread_cap);
}

/* Cache maintenance on the caller's own mapped memory (e.g. DMA buffers) */
static inline enum kernel_result kernel_cache_clean_inv(const void *base, uint32_t size)
{
	return kernel_call2(KCALL_CACHE_CLEAN_INV, (uint32_t)(uintptr_t)base, size);
}
static inline enum kernel_result kernel_cache_inv(void *base, uint32_t size)
{
	return kernel_call2(KCALL_CACHE_INV, (uint32_t)(uintptr_t)base, size);
}
static inline enum kernel_result kernel_cache_coherent(const void *base, uint32_t size)
{
	return kernel_call2(KCALL_CACHE_COHERENT, (uint32_t)(uintptr_t)base, size);
}
