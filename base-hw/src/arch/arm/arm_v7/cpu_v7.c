/*
 * ARMv7 CPU setup in the kernel, after bootstrap enabled MMU and caches.
 * The PMU stays off and closed to user level (PMUSERENR reset value 0): a
 * cycle counter readable by every component would be a timing channel, and
 * measurements use the board-neutral kernel time (base/timestamp.h).
 */
#include <arch/cpu.h>

static bool walk_reads_dcache;

/* ID_MMFR3[23:20], "coherent walk": 1 if table walks see entries that are
 * still in the data cache, 0 if they must be cleaned to the point of
 * unification first (Cortex-A8, for one). */
void arch_cpu_init(void)
{
	uint32_t mmfr3;

	asm volatile("mrc p15, 0, %0, c0, c1, 7" : "=r"(mmfr3));
	walk_reads_dcache = ((mmfr3 >> 20) & 0xf) != 0;
}

bool arch_table_walk_reads_dcache(void) { return walk_reads_dcache; }
