/*
 * Host fake of the architecture contract (the ARM original is
 * base-hw/src/arch/arm/include/arch/cpu.h): the same functions over a
 * register frame that tests can fill and inspect directly.
 *
 * Differences that the host needs:
 * - The second result word is also kept at full host width (r1_wide), so
 *   that a test notices if the kernel ever returns a host pointer there.
 *   r[1] holds the truncated 32-bit value as on the target (the kernel's
 *   second words - time, a capability id - are 32-bit values).
 * - Core passes kernel objects as 32-bit addresses, which cannot hold a
 *   host pointer. arch_core_ptr() therefore translates a 32-bit *handle*
 *   through a registry in the fake (fake_core_handle() in fake/fake.h):
 *   handle 0 is NULL, registered objects get distinct 4-aligned handles.
 *   Translating any other value fails the running test, which catches the
 *   kernel using a core pointer it did not check.
 * - The processor mode is two flags: privileged (core's threads) and
 *   in_kernel (the exception was taken from kernel mode).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <arch/layout.h>

enum { FAKE_CPU_ARGS = 8 };

struct cpu_regs {
	uint32_t r[FAKE_CPU_ARGS]; /* r[0]: call id and result, r[1..]: arguments */
	uintptr_t r1_wide;         /* second result word at host pointer width */
	uint32_t pc, sp;
	bool thumb;      /* bit 0 of the start ip */
	bool privileged; /* core thread (SYS mode on ARM) */
	bool in_kernel;  /* entry taken from kernel mode */
	uint32_t utcb;   /* the thread's own UTCB address (TPIDRURO on ARM) */
};

/* Fails the running test: the kernel broke the arch contract. */
void fake_arch_violation(const char *what);

static inline uint32_t arch_call_id(const struct cpu_regs *r) { return r->r[0]; }

static inline uint32_t arch_call_arg(const struct cpu_regs *r, unsigned i)
{
	if (i == 0 || i >= FAKE_CPU_ARGS) {
		fake_arch_violation("arch_call_arg: argument index out of range");
		return 0;
	}
	return r->r[i];
}

static inline void arch_call_result(struct cpu_regs *r, uint32_t r0, uintptr_t r1)
{
	r->r[0]    = r0;
	r->r[1]    = (uint32_t)r1;
	r->r1_wide = r1;
}

static inline void arch_regs_set_arg0(struct cpu_regs *r, uint32_t v) { r->r[0] = v; }

static inline void arch_regs_set_utcb(struct cpu_regs *r, uint32_t utcb)
{
	r->r[0] = utcb;
	r->utcb = utcb;
}

static inline void arch_regs_init(struct cpu_regs *r, uint32_t ip, uint32_t sp, bool privileged)
{
	*r            = (struct cpu_regs){ 0 };
	r->pc         = ip & ~1u;
	r->sp         = sp;
	r->thumb      = ip & 1;
	r->privileged = privileged;
}

static inline bool arch_regs_from_kernel(const struct cpu_regs *r) { return r->in_kernel; }

/* Handle -> object (see above) */
void *arch_core_ptr(uint32_t handle);

struct fault;
void arch_fault_decode(unsigned code, const struct cpu_regs *r, struct fault *f);

__attribute__((noreturn)) void arch_kernel_exit(struct cpu_regs *r);
/* CPU features the kernel relies on (the fake counts the calls) */
void arch_cpu_init(void);
void arch_mmu_init(uint32_t empty_ttbr0_phys, uint32_t ram_base);

/* Is [base, base+size) mapped in the lower-half table (writable if asked)?
 * The fake answers from fake_arch.mapped (see fake/fake.h). */
bool arch_user_range_mapped(uint32_t ttbr0_phys, uint32_t base, uint32_t size, bool writable);

/* Cache maintenance by virtual address in the current address space (recorded) */
enum arch_cache_op { ARCH_CACHE_CLEAN_INV, ARCH_CACHE_INV, ARCH_CACHE_COHERENT };
void arch_cache_op(enum arch_cache_op op, uint32_t base, uint32_t size);
void arch_mmu_switch(uint32_t ttbr0_phys, uint32_t asid);
void arch_page_table_sync(void);
void arch_tlb_flush_asid(uint32_t asid);
void arch_idle_loop(void);
void arch_trace_patch(void);
void arch_mp_patch(void);
__attribute__((noreturn)) void arch_halt(void);

/* Multiprocessing: the host runs one CPU, whose struct cpu the fixture
 * sets; the lock is counted (fake_arch.locks) and must be free to take */
void *arch_cpu_local(void);
void arch_cpu_local_set(void *cpu);
uint32_t arch_kernel_stack_top(unsigned cpu);
struct boot_info;
bool arch_cpu_start(const struct boot_info *bi, unsigned cpu);
struct arch_lock {
	uint32_t next, owner;
};
void arch_lock_take(struct arch_lock *l);
void arch_lock_release(struct arch_lock *l);
