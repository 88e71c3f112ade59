/*
 * Load for run/bench_scale.run: a PD whose main thread is always ready and
 * gives the CPU away whenever it gets it. It never calls its parent (the
 * capability it gets as parent is only there to be named).
 */
#include <kernel/call.h>

int main(void)
{
	for (;;)
		kernel_thread_yield();
}
