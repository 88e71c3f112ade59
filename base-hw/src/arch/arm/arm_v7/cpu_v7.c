/*
 * ARMv7 CPU setup in the kernel, after bootstrap enabled MMU and caches.
 * The PMU stays off and closed to user level (PMUSERENR reset value 0): a
 * cycle counter readable by every component would be a timing channel, and
 * measurements use the board-neutral kernel time (base/timestamp.h).
 */
#include <arch/cpu.h>

void arch_cpu_init(void) {}
