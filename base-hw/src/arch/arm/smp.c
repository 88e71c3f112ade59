/*
 * ARM multiprocessing support shared by ARMv6 and ARMv7: the per-CPU
 * pointer in TPIDRPRW, the kernel stacks, starting a CPU through PSCI and
 * the kernel's ticket lock. Boards with one CPU (no PSCI in their boot
 * info) never start another and never take the lock.
 */
#include <arch/barrier.h>
#include <arch/cpu.h>
#include <boot_info.h>

enum { KERNEL_STACK_SIZE = 16384 }; /* per CPU, as in exception_vectors.S */

extern char kernel_stacks[];

void arch_cpu_local_set(void *cpu) { asm volatile("mcr p15, 0, %0, c13, c0, 4" ::"r"(cpu)); }

/* The top 8 bytes of each stack are the scratch word of the exception
 * entry (exception_vectors.S), the stack grows down below them */
uint32_t arch_kernel_stack_top(unsigned cpu)
{
	return (uint32_t)(uintptr_t)kernel_stacks + (cpu + 1) * KERNEL_STACK_SIZE - 8;
}

/*
 * PSCI (ARM DEN 0022) CPU_ON: the firmware powers the CPU with the given
 * affinity on at entry_phys, in this CPU's mode with MMU and caches off,
 * r0 = context. The call goes to the hypervisor (hvc) or the secure
 * monitor (smc), as the device tree says; written as .inst so that the
 * code assembles for CPUs without the virtualization or security
 * extensions, which never call it. Result 0: success.
 */
static int32_t psci_call(enum boot_psci_conduit conduit, uint32_t fn, uint32_t a1, uint32_t a2,
			 uint32_t a3)
{
	register uint32_t r0 asm("r0") = fn;
	register uint32_t r1 asm("r1") = a1;
	register uint32_t r2 asm("r2") = a2;
	register uint32_t r3 asm("r3") = a3;

	if (conduit == BOOT_PSCI_HVC)
		asm volatile(".inst 0xe1400070" /* hvc #0 */
			     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)::"memory");
	else
		asm volatile(".inst 0xe1600070" /* smc #0 */
			     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)::"memory");
	return (int32_t)r0;
}

bool arch_cpu_start(const struct boot_info *bi, unsigned cpu)
{
	if (bi->psci_conduit == BOOT_PSCI_NONE || cpu >= bi->cpu_count)
		return false;
	/* everything the new CPU reads before its caches are on was written
	 * with the caches off (bootstrap); what it writes then goes to memory */
	arch_dsb();
	return psci_call(bi->psci_conduit, bi->psci_cpu_on, bi->cpu_mpidr[cpu], bi->cpu_entry_phys,
			 cpu) == 0;
}

static inline uint32_t load_exclusive(uint32_t *a)
{
	uint32_t v;
	asm volatile("ldrex %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline bool store_exclusive(uint32_t *a, uint32_t v)
{
	uint32_t failed;
	asm volatile("strex %0, %2, [%1]" : "=&r"(failed) : "r"(a), "r"(v) : "memory");
	return !failed;
}

/* wfe/sev: a waiting CPU sleeps until the holder releases (ARM ARM: the
 * event register; sev after the releasing store has completed) */
void arch_lock_take(struct arch_lock *l)
{
	uint32_t ticket;

	do
		ticket = load_exclusive(&l->next);
	while (!store_exclusive(&l->next, ticket + 1));
	while (*(volatile uint32_t *)&l->owner != ticket)
		asm volatile("wfe" ::: "memory");
	arch_dmb(); /* nothing of the critical section before the lock is ours */
}

void arch_lock_release(struct arch_lock *l)
{
	arch_dmb(); /* the critical section completes before the next owner's */
	*(volatile uint32_t *)&l->owner = l->owner + 1;
	arch_dsb();
	asm volatile("sev" ::: "memory");
}
