/*
 * Rtc session (served by a real-time clock driver, e.g.
 * repos/os/src/driver/rtc/pl031): the time of day, in seconds since
 * 1970-01-01 00:00:00 UTC, as the board's clock counts it.
 */
#pragma once

#include <base/rpc.h>

enum rtc_op { RTC_CURRENT_TIME, RTC_OPCODES };

enum { RTC_SESSION_RAM = 4096, RTC_SESSION_CAPS = 2 };

struct rtc_time {
	uint64_t seconds;
};

static const struct rpc_function rtc_functions[RTC_OPCODES] = {
	[RTC_CURRENT_TIME] = { 0, sizeof(struct rtc_time), 0, 0 },
};

static inline int rtc_current_time(struct utcb *u, uint16_t rtc, uint64_t *seconds)
{
	struct rtc_time r = { 0 };
	int res  = rpc_call(u, rtc, RTC_CURRENT_TIME, &rtc_functions[RTC_CURRENT_TIME], NULL, &r,
			    NULL, NULL);
	*seconds = r.seconds;
	return res;
}
