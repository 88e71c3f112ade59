/*
 * Kernel call numbers (passed in r0 on ARM).
 *
 * Common calls are open to every thread. Core-only calls take pointers to
 * kernel objects in core's address space and are refused for any thread
 * outside core's protection domain.
 */
#pragma once

enum kernel_call_id {
	/* common calls */
	KCALL_PRINT        = 1, /* print(char): line-buffered debug output */
	KCALL_THREAD_YIELD = 2, /* give up the rest of the time slice */
	KCALL_THREAD_EXIT  = 3, /* stop the caller for good, report code to its pager */
	KCALL_TIME         = 4, /* monotonic time in microseconds (r0:r1 = low:high) */

	/* core-only calls */
	KCALL_CORE_FIRST       = 64,
	KCALL_PD_CREATE        = 64, /* (pd*, ttbr0_phys) */
	KCALL_PD_DESTROY       = 65, /* (pd*) */
	KCALL_THREAD_CREATE    = 66, /* (thread*, pd*, priority, name*) */
	KCALL_THREAD_DESTROY   = 67, /* (thread*) */
	KCALL_THREAD_START     = 68, /* (thread*, ip, sp) */
	KCALL_THREAD_SET_PAGER = 69, /* (thread*, pager thread*) */
	KCALL_PAGER_WAIT       = 70, /* () -> r1 = thread* with a fault or exit event */
	KCALL_CORE_LAST        = 70,
};
