/*
 * Contract between the portable kernel and the ARM architecture layer:
 * the saved register frame, kernel-call register accessors, and the
 * operations on the MMU, TLB and exception state that the kernel needs.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <arch/layout.h>

/* Saved user context; layout is fixed by exception_vectors.S */
struct cpu_regs {
	uint32_t r[13]; /* r0-r12 */
	uint32_t sp;    /* banked USR/SYS sp */
	uint32_t lr;    /* banked USR/SYS lr */
	uint32_t pc;    /* where to resume */
	uint32_t cpsr;  /* status to resume with */
	uint32_t utcb;  /* user-visible UTCB address, in TPIDRURO while it runs */
};
_Static_assert(sizeof(struct cpu_regs) == 72, "cpu_regs: layout shared with assembly");

enum {
	ARM_MODE_MASK = 0x1f,
	ARM_MODE_USR  = 0x10,
	ARM_MODE_SYS  = 0x1f,
	ARM_PSR_T     = 1u << 5,
	ARM_PSR_F     = 1u << 6,
};

static inline uint32_t arch_call_id(const struct cpu_regs *r) { return r->r[0]; }
static inline uint32_t arch_call_arg(const struct cpu_regs *r, unsigned i) { return r->r[i]; }

static inline void arch_call_result(struct cpu_regs *r, uint32_t r0, uintptr_t r1)
{
	r->r[0] = r0;
	r->r[1] = r1;
}

static inline void arch_regs_set_arg0(struct cpu_regs *r, uint32_t v) { r->r[0] = v; }

/* The thread learns its UTCB in r0 at start and from TPIDRURO any time. */
static inline void arch_regs_set_utcb(struct cpu_regs *r, uint32_t utcb)
{
	r->r[0] = utcb;
	r->utcb = utcb;
}

/* User threads run in USR mode, core's threads privileged in SYS mode;
 * both with interrupts enabled. Bit 0 of ip selects Thumb state. */
static inline void arch_regs_init(struct cpu_regs *r, uint32_t ip, uint32_t sp, bool privileged)
{
	*r    = (struct cpu_regs){ 0 };
	r->pc = ip & ~1u;
	r->sp = sp;
	r->cpsr =
	    (privileged ? ARM_MODE_SYS : ARM_MODE_USR) | ARM_PSR_F | ((ip & 1) ? ARM_PSR_T : 0);
}

static inline bool arch_regs_from_kernel(const struct cpu_regs *r)
{
	uint32_t mode = r->cpsr & ARM_MODE_MASK;
	return mode != ARM_MODE_USR && mode != ARM_MODE_SYS;
}

/* The frame pointer (r11) of a saved context, for backtraces (arch/frame.h) */
static inline uint32_t arch_regs_fp(const struct cpu_regs *r) { return r->r[11]; }

/* Core passes kernel objects by address in its own (upper-half) space. */
static inline void *arch_core_ptr(uint32_t addr) { return (void *)(uintptr_t)addr; }

struct fault;
void arch_fault_decode(unsigned code, const struct cpu_regs *r, struct fault *f);

__attribute__((noreturn)) void arch_kernel_exit(struct cpu_regs *r);
/* CPU setup in the kernel, after bootstrap enabled MMU and caches */
void arch_cpu_init(void);
void arch_mmu_init(uint32_t empty_ttbr0_phys, uint32_t ram_base);

/* Is [base, base+size) mapped in the lower-half table (writable if asked)? */
bool arch_user_range_mapped(uint32_t ttbr0_phys, uint32_t base, uint32_t size, bool writable);

/* Cache maintenance by virtual address in the current address space */
enum arch_cache_op { ARCH_CACHE_CLEAN_INV, ARCH_CACHE_INV, ARCH_CACHE_COHERENT };
void arch_cache_op(enum arch_cache_op op, uint32_t base, uint32_t size);
void arch_mmu_switch(uint32_t ttbr0_phys, uint32_t asid);
/* Page-table entries in [first, first + size) (kernel addresses) were
 * written: when it returns, the table walker sees them (struct pt_mem). */
void arch_page_table_written(const void *first, uint32_t size);
/* Whether table walks read the L1 data cache, so that written entries need
 * no cleaning: never on ARMv6, per CPU on ARMv7 (known after arch_cpu_init) */
bool arch_table_walk_reads_dcache(void);
/* After a batch of page-table changes, before the new entries are used */
void arch_page_table_sync(void);
void arch_tlb_flush_asid(uint32_t asid);
void arch_idle_loop(void);
/* Route every kernel entry and exit through the trace's hooks (kernel/trace.h) */
void arch_trace_patch(void);
/* Route kernel calls through kernel_entry_call_mp (kernel.h): before the
 * second CPU starts */
void arch_mp_patch(void);
__attribute__((noreturn)) void arch_halt(void);

/*
 * Multiprocessing (smp.c). The kernel's per-CPU data (struct cpu) is kept
 * in TPIDRPRW, which user level cannot read; it does not change while the
 * kernel runs on a CPU, so the compiler may read it once.
 */
static inline void *arch_cpu_local(void)
{
	void *cpu;
	asm("mrc p15, 0, %0, c13, c0, 4" : "=r"(cpu));
	return cpu;
}
void arch_cpu_local_set(void *cpu);
/* Top of the kernel stack of CPU index cpu (exception_vectors.S) */
uint32_t arch_kernel_stack_top(unsigned cpu);

/* Start CPU index cpu (>= 1) as the boot info says; false if it refused */
struct boot_info;
bool arch_cpu_start(const struct boot_info *bi, unsigned cpu);

/* A ticket lock: CPUs take it in the order they asked for it */
struct arch_lock {
	uint32_t next;  /* ticket of the next CPU that asks */
	uint32_t owner; /* ticket of the CPU that holds it */
};
void arch_lock_take(struct arch_lock *l);
void arch_lock_release(struct arch_lock *l);
