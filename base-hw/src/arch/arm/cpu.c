/*
 * ARM architecture layer shared by ARMv6 and ARMv7: decoding of fault
 * status registers into the kernel's portable fault description.
 */
#include <arch/cpu.h>
#include <kernel/fault.h>

enum { ARCH_FAULT_UNDEF = 3, ARCH_FAULT_PABT = 4, ARCH_FAULT_DABT = 5 };

static inline uint32_t read_dfsr(void)
{
	uint32_t v;
	asm volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(v));
	return v;
}
static inline uint32_t read_dfar(void)
{
	uint32_t v;
	asm volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(v));
	return v;
}

/* The address whose fetch faulted: for a 32-bit Thumb instruction that
 * crosses into an unmapped page it is the second page, not the pc. */
static inline uint32_t read_ifar(void)
{
	uint32_t v;
	asm volatile("mrc p15, 0, %0, c6, c0, 2" : "=r"(v));
	return v;
}
static inline uint32_t read_ifsr(void)
{
	uint32_t v;
	asm volatile("mrc p15, 0, %0, c5, c0, 1" : "=r"(v));
	return v;
}

/* Short-descriptor fault status: FS[4] is bit 10, FS[3:0] bits 3:0 */
static enum fault_cause fsr_cause(uint32_t fsr)
{
	switch (((fsr >> 6) & 0x10) | (fsr & 0xf)) {
	case 0x05:
	case 0x07: return FAULT_CAUSE_TRANSLATION;
	case 0x0d:
	case 0x0f: return FAULT_CAUSE_PERMISSION;
	case 0x01: return FAULT_CAUSE_ALIGNMENT;
	default: return FAULT_CAUSE_OTHER;
	}
}

void arch_fault_decode(unsigned code, const struct cpu_regs *r, struct fault *f)
{
	uint32_t fsr;

	switch (code) {
	case ARCH_FAULT_DABT:
		fsr       = read_dfsr();
		f->type   = (fsr & (1u << 11)) ? FAULT_WRITE : FAULT_READ;
		f->cause  = fsr_cause(fsr);
		f->ip     = r->pc;
		f->addr   = read_dfar();
		f->status = fsr;
		return;
	case ARCH_FAULT_PABT:
		fsr       = read_ifsr();
		f->type   = FAULT_EXEC;
		f->cause  = fsr_cause(fsr);
		f->ip     = r->pc;
		f->addr   = read_ifar();
		f->status = fsr;
		return;
	default: /* undefined instruction: lr points past it */
		f->type   = FAULT_UNDEFINED;
		f->cause  = FAULT_CAUSE_OTHER;
		f->ip     = r->pc - ((r->cpsr & ARM_PSR_T) ? 2 : 4);
		f->addr   = f->ip;
		f->status = 0;
		return;
	}
}
