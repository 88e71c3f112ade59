/*
 * Deep recursion for stack tests (see test/recursion.h).
 */
#include <stdint.h>
#include <test/recursion.h>

static uintptr_t lowest;

static uintptr_t sp(void)
{
	uintptr_t v;
	asm volatile("mov %0, sp" : "=r"(v));
	return v;
}

unsigned recursion_sum(unsigned depth)
{
	volatile unsigned frame[8]; /* keeps each frame at least this large */

	frame[0] = depth;
	if (sp() < lowest || !lowest)
		lowest = sp();
	if (!depth)
		return 0;
	return frame[0] + recursion_sum(depth - 1);
}

uintptr_t recursion_lowest_sp(void) { return lowest; }
