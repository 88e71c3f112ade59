/*
 * A Timer session in one call (base/connection.h): the donation is
 * TIMER_SESSION_RAM, doubled while the driver asks for more.
 *   label: how the driver and init's routing see this session ("" none)
 * Then timer_sigh, timer_oneshot, timer_periodic, timer_now
 * (timer/timer_session.h) with the result as their session.
 */
#pragma once

#include <base/connection.h>
#include <timer/timer_session.h>

static inline uint16_t timer_connection_open(struct utcb *u, const char *label)
{
	return connection_open(u, "Timer", label, NULL, TIMER_SESSION_RAM);
}
