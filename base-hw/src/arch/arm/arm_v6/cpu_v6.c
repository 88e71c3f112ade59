/*
 * ARMv6 CPU setup in the kernel, after bootstrap enabled MMU and caches.
 * Nothing is left to do: user level reaches the ARM1176 performance monitor
 * (CP15 c15) only with the V bit of the access validation control register
 * set, which resets to 0 and stays so; a cycle counter readable by every
 * component would be a timing channel, and measurements use the
 * board-neutral kernel time (base/timestamp.h).
 */
#include <arch/cpu.h>

void arch_cpu_init(void) {}

/* The ARM1176 cannot walk tables from its L1 data cache (TRM 3.2.13). */
bool arch_table_walk_reads_dcache(void) { return false; }
