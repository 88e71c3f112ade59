/*
 * What the kernel library expects from the root domain (core) that it is
 * linked with: the entry of core's first thread and its stack.
 */
#pragma once

#include <boot_info.h>
#include <kernel/utcb.h>

void core_main(const struct boot_info *bi);

extern char core_main_stack[];
extern const unsigned core_main_stack_size;
extern struct utcb core_main_utcb;

/* core's first thread, the pager of every component core starts */
struct thread *kernel_core_main_thread(void);
/* the idle thread (named in the kernel's trace) */
struct thread *kernel_idle_thread(void);
/* the CPUs the kernel runs on (indices 0 .. count - 1) */
unsigned kernel_cpu_count(void);
/* core's own protection domain (core adds capability slabs to it) */
struct pd *kernel_core_pd(void);
