/*
 * A child that is always ready to run (run/cpu_quota_init.run): it measures,
 * from the kernel's accounting, what share of the CPU its main thread got
 * over four super periods, reports it in tenths of a percent and exits.
 * The window is the same for every instance (absolute time since boot), so
 * all of them compete throughout it.
 */
#include <stdint.h>
#include <base/log.h>
#include <kernel/call.h>

enum { WINDOW_START_US = 3000000, WINDOW_END_US = 7000000 };

static void spin_until(uint64_t t)
{
	while (kernel_time_us() < t)
		for (volatile unsigned i = 0; i < 1000; i++)
			;
}

int main(void)
{
	/* A thread that sees the window open late did not run since it opened
	 * (or it would have seen it earlier): its CPU time then is its CPU time
	 * at the opening. So the window's nominal length is the denominator. */
	spin_until(WINDOW_START_US);
	uint64_t c0 = kernel_thread_time_us();
	spin_until(WINDOW_END_US);
	uint64_t c1 = kernel_thread_time_us(), t0 = WINDOW_START_US, t1 = WINDOW_END_US;
	unsigned permille = (unsigned)((c1 - c0) * 1000 / (t1 - t0));
	log_printf("cpu_burner: share %u.%u%% over %u ms\n", permille / 10, permille % 10,
		   (unsigned)((t1 - t0) / 1000));
	return 0;
}
