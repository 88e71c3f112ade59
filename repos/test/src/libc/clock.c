/*
 * Clocks: the time of day from the board's real-time clock (time,
 * gettimeofday and CLOCK_REALTIME agree with what an Rtc session of the
 * test's own says; run/libc.run compares the date with the host's), and
 * CLOCK_MONOTONIC, clock() and nanosleep at microsecond resolution. On a
 * board without a real-time clock libc says so and the time of day starts
 * at 1970.
 */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <base/core_service.h>
#include <base/parent.h>
#include <rtc/rtc_session.h>
#include "libc_test.h"

static int64_t ns(const struct timespec *t) { return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec; }

static void test_time_of_day(void)
{
	struct utcb *u = utcb_self();
	uint16_t rtc   = 0;
	uint64_t rtc_seconds;
	struct timeval tv;
	struct timespec ts;
	char date[32];

	if (parent_session(u, "Rtc", "", RTC_SESSION_RAM, RTC_SESSION_RAM, RTC_SESSION_CAPS,
			   &rtc) != RPC_OK) {
		time_t t = time(NULL);
		CHECK(t < 24 * 3600, "without a real-time clock, time() is %d\n", (int)t);
		printf("libc_test: time: no real-time clock, time() %lld\n", (long long)t);
		return;
	}
	CHECK(rtc_current_time(u, rtc, &rtc_seconds) == RPC_OK, "Rtc session\n");
	parent_close(u, rtc);

	time_t t = time(NULL);
	CHECK(gettimeofday(&tv, NULL) == 0 && clock_gettime(CLOCK_REALTIME, &ts) == 0,
	      "gettimeofday, clock_gettime\n");
	CHECK(t >= (time_t)rtc_seconds && t <= (time_t)rtc_seconds + 1, "time() %u, RTC %u\n",
	      (unsigned)t, (unsigned)rtc_seconds);
	CHECK(tv.tv_sec >= t && tv.tv_sec <= t + 1 && tv.tv_usec >= 0 && tv.tv_usec < 1000000,
	      "gettimeofday %u.%u, time() %u\n", (unsigned)tv.tv_sec, (unsigned)tv.tv_usec,
	      (unsigned)t);
	CHECK(ts.tv_sec >= tv.tv_sec && ts.tv_sec <= tv.tv_sec + 1, "CLOCK_REALTIME %u\n",
	      (unsigned)ts.tv_sec);
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", gmtime(&t));
	printf("libc_test: time: %s UTC, time() %lld, RTC %llu\n", date, (long long)t,
	       (unsigned long long)rtc_seconds);
}

/* The smallest step of a clock: read it until it changes, a few times */
static int64_t step_ns(clockid_t clock)
{
	int64_t smallest = INT64_MAX;

	for (unsigned i = 0; i < 5; i++) {
		struct timespec a, b;
		clock_gettime(clock, &a);
		do
			clock_gettime(clock, &b);
		while (ns(&b) == ns(&a));
		if (ns(&b) - ns(&a) < smallest)
			smallest = ns(&b) - ns(&a);
	}
	return smallest;
}

static void test_resolution(void)
{
	int64_t mono = step_ns(CLOCK_MONOTONIC);
	struct timespec a, b;
	clock_t c0 = clock(), c1;

	CHECK(mono > 0 && mono <= 1000, "CLOCK_MONOTONIC steps by %d ns\n", (int)mono);
	while ((c1 = clock()) == c0)
		;
	CHECK(CLOCKS_PER_SEC == 1000000 && c1 - c0 <= 100, "clock() steps by %u of %u per s\n",
	      (unsigned)(c1 - c0), (unsigned)CLOCKS_PER_SEC);

	struct timespec nap = { 0, 20 * 1000 * 1000 };
	clock_gettime(CLOCK_MONOTONIC, &a);
	CHECK(nanosleep(&nap, NULL) == 0, "nanosleep\n");
	clock_gettime(CLOCK_MONOTONIC, &b);
	int64_t slept = ns(&b) - ns(&a);
	CHECK(slept >= 20000000 && slept < 30000000, "nanosleep of 20 ms took %d us\n",
	      (int)(slept / 1000));
	printf("libc_test: clocks: CLOCK_MONOTONIC steps by at most %lld ns, clock() by %lu us, "
	       "nanosleep(20 ms) took %lld us\n",
	       (long long)mono, (unsigned long)(c1 - c0), (long long)(slept / 1000));
}

void test_clock(void)
{
	test_time_of_day();
	test_resolution();
}
