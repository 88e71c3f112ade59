/*
 * The kernel's trace as core runs it (kernel/trace.h, doc/architecture.md
 * 7.1): with a boot module named "trace" (the run tool adds one for
 * TRACE=1), core gives the kernel rings and keeps the names of threads
 * beside them; without, nothing of this costs anything.
 */
#pragma once

#include <stdint.h>

struct thread;

/* Start it if the boot modules ask for it (once, at boot) */
void core_trace_start(void);
/* A thread's name for the trace: its component's label and handle */
void core_trace_name(const struct thread *t, const char *label, uint32_t handle);
