/*
 * The kernel's trace (base-hw/include/kernel/trace.h for the layout,
 * doc/architecture.md 7.1). Off until core starts it with memory for the
 * rings; then the architecture routes every kernel entry and exit through
 * the hooks below (arch_trace_patch), so that while it is off the entry
 * and exit paths are exactly as without it.
 */
#pragma once

#include <kernel/result.h>
#include <kernel/trace.h>
#include <arch/cpu.h>

enum { TRACE_CPUS = 1 }; /* rings: one per CPU; the boot CPU's only today */

/* KCALL_TRACE_START: rings for TRACE_CPUS CPUs at mem, ring_bytes each
 * (whole records after the header), flags TRACE_ONCE or 0; once, then
 * tracing stays on */
enum kernel_result trace_start(void *mem, uint32_t ring_bytes, uint32_t cpus, uint32_t flags);

/* Hooks, reached only once started: they record and go on where the
 * unpatched code goes (kernel_entry, kernel_entry_call, arch_kernel_exit) */
__attribute__((noreturn)) void trace_entry(unsigned kind);
struct cpu;
__attribute__((noreturn)) void trace_entry_call(struct cpu *cpu);
void trace_exit(struct cpu_regs *next);
