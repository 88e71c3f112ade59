/*
 * A kernel timeout of 70 s (run/long_timeout.run): longer than a 32-bit
 * board timer takes to wrap around (the i.MX EPIT at 66 MHz: 65 s), so the
 * kernel's 64-bit time must carry across the wrap. The timeout must
 * arrive neither early nor more than a few milliseconds late, and the
 * kernel's time must have advanced by as much; a lost wrap would show as
 * 65 s missing. The system is idle meanwhile: under QEMU -icount the
 * guest clock jumps over idle time, so this takes little host time.
 */
#include <base/core_service.h>
#include <base/log.h>
#include <kernel/call.h>

#define TEST_NAME "long_timeout"
#include <test/check.h>

enum { SLEEP_US = 70000000u, LATE_US = 5000, IMPRINT = 0x70 };

int main(void)
{
	struct utcb *u = utcb_main();
	uint16_t rcv = 0, ctx = 0;
	uint32_t rcv_handle = 0;

	CHECK(core_sig_receiver(u, &rcv, &rcv_handle) == CORE_OK, "receiver\n");
	CHECK(core_sig_context(u, rcv_handle, IMPRINT, &ctx) == CORE_OK, "context\n");
	uint64_t t0 = kernel_time_us(), n0 = kernel_time_ns();
	CHECK(kernel_timeout(SLEEP_US, ctx) == KERNEL_OK, "timeout\n");
	CHECK(kernel_sig_wait(rcv) == KERNEL_OK, "wait\n");
	uint64_t t1 = kernel_time_us(), n1 = kernel_time_ns();
	uint64_t slept = t1 - t0;

	CHECK(slept >= SLEEP_US && slept <= SLEEP_US + LATE_US, "slept %u ms\n",
	      (unsigned)(slept / 1000));
	CHECK(n1 > n0 && (n1 - n0) / 1000 - slept + 1 <= 2, "ns clock: %u ms\n",
	      (unsigned)((n1 - n0) / 1000000));
	log_printf("long_timeout: a timeout of %u s arrived after %u ms\n", SLEEP_US / 1000000,
		   (unsigned)(slept / 1000));
	return test_report();
}
