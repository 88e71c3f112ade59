/*
 * Host fake of the arch layer: records MMU/TLB operations, translates core
 * handles, and turns arch_kernel_exit/arch_halt into longjmps back into
 * the running test (see fake.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fake.h"

struct fake_arch fake_arch;

enum { CORE_HANDLES = 128, CORE_HANDLE_BASE = 0x1000 };
static const void *core_objects[CORE_HANDLES];
static unsigned core_object_count;

void fake_core_reset(void)
{
	memset(core_objects, 0, sizeof(core_objects));
	core_object_count = 0;
}

uint32_t fake_core_handle(const void *obj)
{
	if (!obj)
		return 0;
	for (unsigned i = 0; i < core_object_count; i++)
		if (core_objects[i] == obj)
			return CORE_HANDLE_BASE + 4 * i;
	assert_true(core_object_count < CORE_HANDLES);
	core_objects[core_object_count] = obj;
	return CORE_HANDLE_BASE + 4 * core_object_count++;
}

void *arch_core_ptr(uint32_t handle)
{
	fake_arch.core_ptr_calls++;
	if (handle == 0)
		return NULL;
	if (handle < CORE_HANDLE_BASE || (handle - CORE_HANDLE_BASE) % 4 ||
	    (handle - CORE_HANDLE_BASE) / 4 >= core_object_count)
		fail_msg("arch_core_ptr: kernel translated unchecked core pointer 0x%x", handle);
	return (void *)core_objects[(handle - CORE_HANDLE_BASE) / 4];
}

void fake_arch_violation(const char *what) { fail_msg("arch contract violated: %s", what); }

void arch_fault_decode(unsigned code, const struct cpu_regs *r, struct fault *f)
{
	(void)r;
	fake_arch.decodes++;
	fake_arch.decode_code = code;
	*f                    = fake_arch.next_fault;
}

void arch_kernel_exit(struct cpu_regs *r)
{
	fake_arch.exits++;
	fake_arch.exit_regs = r;
	if (!fake_arch.exit_armed)
		fail_msg("arch_kernel_exit outside FAKE_RUN_KERNEL");
	fake_arch.exit_armed = false;
	longjmp(fake_arch.exit_jmp, 1);
}

void arch_cpu_init(void) { fake_arch.cpu_inits++; }

void arch_mmu_init(uint32_t empty_ttbr0_phys, uint32_t ram_base)
{
	fake_arch.mmu_inits++;
	fake_arch.mmu_init_ttbr0    = empty_ttbr0_phys;
	fake_arch.mmu_init_ram_base = ram_base;
}

bool arch_user_range_mapped(uint32_t ttbr0_phys, uint32_t base, uint32_t size, bool writable)
{
	uint64_t end = (uint64_t)base + size;

	fake_arch.range_checks++;
	return ttbr0_phys == fake_arch.mapped.ttbr0 && base >= fake_arch.mapped.base &&
	       end <= (uint64_t)fake_arch.mapped.base + fake_arch.mapped.size &&
	       (!writable || fake_arch.mapped.writable);
}

void arch_cache_op(enum arch_cache_op op, uint32_t base, uint32_t size)
{
	fake_arch.cache_ops++;
	fake_arch.cache_op   = op;
	fake_arch.cache_base = base;
	fake_arch.cache_size = size;
}

void arch_mmu_switch(uint32_t ttbr0_phys, uint32_t asid)
{
	fake_arch.mmu_switches++;
	fake_arch.mmu_ttbr0 = ttbr0_phys;
	fake_arch.mmu_asid  = asid;
}

void arch_page_table_sync(void) { fake_arch.pt_syncs++; }

void arch_tlb_flush_asid(uint32_t asid)
{
	if (asid >= FAKE_ASIDS)
		fail_msg("arch_tlb_flush_asid: ASID %u out of range", asid);
	fake_arch.tlb_flushes++;
	fake_arch.tlb_flush_count[asid]++;
	fake_arch.tlb_last_asid = asid;
}

void arch_idle_loop(void) { fail_msg("arch_idle_loop must not run on the host"); }

void arch_trace_patch(void) { fake_arch.trace_patches++; }
void arch_mp_patch(void) { fake_arch.mp_patches++; }
void *arch_cpu_local(void) { return fake_arch.cpu_local; }
void arch_cpu_local_set(void *cpu) { fake_arch.cpu_local = cpu; }
uint32_t arch_kernel_stack_top(unsigned cpu) { return 0x10000u * (cpu + 1); }

bool arch_cpu_start(const struct boot_info *bi, unsigned cpu)
{
	(void)bi;
	fake_arch.cpu_starts++;
	fake_arch.last_cpu_started = cpu;
	return true;
}

void arch_lock_take(struct arch_lock *l)
{
	if (l->next != l->owner)
		fail_msg("arch_lock_take: the kernel lock is held (one CPU: a missing release)");
	l->next++;
	fake_arch.locks++;
}

void arch_lock_release(struct arch_lock *l)
{
	if (l->next != l->owner + 1)
		fail_msg("arch_lock_release: the kernel lock is not held");
	l->owner++;
}

void arch_halt(void)
{
	fake_arch.halts++;
	if (fake_arch.halt_armed) {
		fake_arch.halt_armed = false;
		longjmp(fake_arch.halt_jmp, 1);
	}
	fail_msg("unexpected kernel halt; console:\n%s", fake_uart_text());
	abort(); /* not reached: fail_msg leaves the test */
}
