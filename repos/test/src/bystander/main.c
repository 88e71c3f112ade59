/*
 * A well-behaved component that keeps printing while others fault: proves
 * that faults are contained. Ticks every 50 ms of kernel time.
 */
#include <stdint.h>
#include <base/log.h>
#include <kernel/call.h>

int main(void)
{
	uint64_t next = kernel_time_us();

	for (unsigned tick = 1; tick <= 1000; tick++) {
		log_printf("bystander: tick %u\n", tick);
		next += 50000;
		while (kernel_time_us() < next)
			kernel_thread_yield();
	}
	return 0;
}
