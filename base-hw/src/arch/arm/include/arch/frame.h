/*
 * The frame records GCC lays out in ARM state with -fno-omit-frame-pointer
 * (user components are built so, tool/build.mk), which core's backtrace of
 * a faulting thread follows (core/src/backtrace.c, doc/architecture.md 4.8).
 *
 * A function that calls others saves the caller's fp and its own lr and
 * points fp (r11) at the saved lr: [fp] is its return address, [fp - 4]
 * the caller's fp. A leaf function saves only the caller's fp, at [fp], and
 * returns through lr. Both are set up before the body runs
 * (-mno-sched-prolog), so within a body fp is always the function's own.
 */
#pragma once

enum {
	ARCH_FRAME_RET_OFFSET  = 0,  /* from fp: the return address (calling function) */
	ARCH_FRAME_NEXT_OFFSET = -4, /* from fp: the caller's fp (calling function) */
	ARCH_FRAME_LEAF_OFFSET = 0,  /* from fp: the caller's fp (leaf function) */
	ARCH_FRAME_ALIGN       = 4,
};
