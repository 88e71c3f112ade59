/*
 * A board-neutral clock for measurements: guest time in nanoseconds at the
 * resolution of the board's kernel timer (virt: 16 ns, BCM2835: 1 us).
 * Under the run tool's default QEMU -icount shift=0 one nanosecond of guest
 * time is one executed instruction, so a difference counts instructions
 * exactly up to the timer's resolution: average over enough rounds to get
 * below it. Reading the clock is a kernel call (a few hundred
 * instructions), so measure loops, not single operations.
 */
#pragma once

#include <stdint.h>
#include <kernel/call.h>

static inline uint64_t timestamp_ns(void) { return kernel_time_ns(); }
