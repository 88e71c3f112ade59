/*
 * ARMv7 barriers: the dsb, dmb and isb instructions (full system). For
 * assembly: <arch/barrier.inc>.
 */
#pragma once

static inline void arch_dsb(void) { asm volatile("dsb" ::: "memory"); }
static inline void arch_dmb(void) { asm volatile("dmb" ::: "memory"); }
static inline void arch_isb(void) { asm volatile("isb" ::: "memory"); }
