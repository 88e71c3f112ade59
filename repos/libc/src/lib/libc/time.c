/*
 * Time: CLOCK_MONOTONIC is the kernel's time since boot (the board
 * timer's resolution); the time of day (CLOCK_REALTIME, time,
 * gettimeofday) adds what an Rtc session (rtc/rtc_session.h) told once,
 * on first use, to it. Without a real-time clock it is an error, said
 * once, and the time of day counts from 1970-01-01 at boot. clock() and
 * CLOCK_PROCESS_CPUTIME_ID count the CPU time of the calling thread, in
 * microseconds (CLOCKS_PER_SEC is 1000000: repos/libc/include/machine/time.h).
 * Sleeping blocks the thread on the kernel's timeout.
 */
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/times.h>
#include <base/core_service.h>
#include <base/lock.h>
#include <base/log.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <rtc/rtc_session.h>
#include "thread.h"

static struct lock lock = LOCK_INIT;
static bool asked;
static int64_t realtime_offset_ns; /* realtime = monotonic + offset */

static int64_t realtime_offset(void)
{
	uint16_t rtc = 0;
	uint64_t seconds;
	int r;

	lock_acquire(&lock);
	if (!asked) {
		struct utcb *u = utcb_self();
		asked          = true;
		r = parent_session(u, "Rtc", "", RTC_SESSION_RAM, RTC_SESSION_RAM, RTC_SESSION_CAPS,
				   &rtc);
		if (r == RPC_OK && (r = rtc_current_time(u, rtc, &seconds)) == RPC_OK)
			realtime_offset_ns =
			    (int64_t)(seconds * 1000000000) - (int64_t)kernel_time_ns();
		else
			log_printf("libc: error: no real-time clock (Rtc session: %d): the time of "
				   "day counts from 1970-01-01 at boot\n",
				   r);
		if (rtc)
			parent_close(u, rtc);
	}
	lock_release(&lock);
	return realtime_offset_ns;
}

static void to_timespec(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec  = (time_t)(ns / 1000000000);
	ts->tv_nsec = (long)(ns % 1000000000);
}

int clock_gettime(clockid_t clock, struct timespec *ts)
{
	int64_t offset;

	switch (clock) {
	case CLOCK_MONOTONIC: to_timespec(kernel_time_ns(), ts); return 0;
	case CLOCK_REALTIME:
		offset = realtime_offset(); /* first: it may read the clock now */
		to_timespec(kernel_time_ns() + offset, ts);
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID: to_timespec(kernel_thread_time_us() * 1000, ts); return 0;
	}
	errno = EINVAL;
	return -1;
}

/* What the kernel promises on every board: microseconds */
int clock_getres(clockid_t clock, struct timespec *res)
{
	struct timespec t;

	if (clock_gettime(clock, &t))
		return -1;
	if (res)
		*res = (struct timespec){ 0, 1000 };
	return 0;
}

int clock_settime(clockid_t clock, const struct timespec *ts)
{
	(void)clock;
	(void)ts;
	errno = EPERM;
	return -1;
}

int _gettimeofday(struct timeval *tv, void *tz)
{
	struct timespec ts;

	(void)tz;
	clock_gettime(CLOCK_REALTIME, &ts);
	tv->tv_sec  = ts.tv_sec;
	tv->tv_usec = (suseconds_t)(ts.tv_nsec / 1000);
	return 0;
}

clock_t _times(struct tms *t)
{
	t->tms_utime  = (clock_t)kernel_thread_time_us();
	t->tms_stime  = 0;
	t->tms_cutime = 0;
	t->tms_cstime = 0;
	return (clock_t)kernel_time_us();
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	struct libc_thread *self = libc_thread_self();

	if (req->tv_nsec < 0 || req->tv_nsec >= 1000000000 || req->tv_sec < 0) {
		errno = EINVAL;
		return -1;
	}
	uint64_t deadline = kernel_time_us() + (uint64_t)req->tv_sec * 1000000 +
			    ((uint64_t)req->tv_nsec + 999) / 1000;
	libc_thread_prepare(self);
	while (kernel_time_us() < deadline)
		libc_thread_block(self, deadline);
	if (rem)
		*rem = (struct timespec){ 0, 0 };
	return 0;
}

int usleep(useconds_t us)
{
	struct timespec t = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };
	return nanosleep(&t, NULL);
}

unsigned sleep(unsigned seconds)
{
	struct timespec t = { (time_t)seconds, 0 };
	nanosleep(&t, NULL);
	return 0;
}
