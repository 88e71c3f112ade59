/*
 * A real-time clock driver for the ARM PL031 (QEMU virt has one): offers
 * Rtc sessions (rtc/rtc_session.h) that read the clock's seconds counter.
 * The clock's registers are at the physical address its config names:
 *
 *   <config base="0x09010000"/>
 *
 * A board without such a clock has nothing to name; without a base, or
 * where no PL031 answers, the driver says "no real-time clock" and exits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <base/component.h>
#include <base/config.h>
#include <base/env.h>
#include <base/root.h>
#include <rtc/rtc_session.h>
#include <session/io_mem_session.h>

/* PL031 registers (ARM DDI 0224) */
enum { RTCDR = 0x00, RTC_ID0 = 0xfe0, RTC_ID1 = 0xfe4, PL031_ID0 = 0x31, PL031_ID1 = 0x10 };

static volatile uint32_t *regs;

static uint32_t reg(unsigned offset) { return regs[offset / 4]; }

static int current_time_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	((struct rtc_time *)r->result)->seconds = reg(RTCDR);
	return RPC_OK;
}

static const rpc_handler_t handlers[RTC_OPCODES] = { current_time_handler };
static const struct rpc_interface rtc_iface      = { RTC_OPCODES, rtc_functions, handlers };

static struct root_server root = { .iface = &rtc_iface,
				   .ram   = RTC_SESSION_RAM,
				   .size  = sizeof(struct root_session) };

__attribute__((noreturn)) static void no_clock(const char *why, unsigned long base)
{
	printf("pl031_rtc: error: no real-time clock: %s (base %#lx)\n", why, base);
	exit(1);
}

/* The registers at base, if a PL031 answers there */
static void attach(struct utcb *u, unsigned long base)
{
	uint16_t io_mem = 0, ds = 0;

	if (io_mem_session_open(u, "pl031", (uint32_t)base, 4096, &io_mem) != RPC_OK)
		no_clock("the parent gives no access to the registers", base);
	if (io_mem_session_dataspace(u, io_mem, &ds) != RPC_OK ||
	    !(regs = (volatile uint32_t *)(uintptr_t)env_attach(u, ds)))
		no_clock("cannot map the registers", base);
	if (reg(RTC_ID0) != PL031_ID0 || reg(RTC_ID1) != PL031_ID1)
		no_clock("no PL031 there", base);
}

void component_construct(struct env *env)
{
	struct node config;
	char text[24]      = "";
	unsigned long base = 0;
	char *end          = NULL;
	struct tm date;

	if (config_read(env->utcb, &config) && node_attr_copy(&config, "base", text, sizeof(text)))
		base = strtoul(text, &end, 0);
	if (!base || !end || *end)
		no_clock("the config names no PL031 (<config base=\"0x...\"/>)", base);
	attach(env->utcb, base);

	time_t now = (time_t)reg(RTCDR);
	gmtime_r(&now, &date);
	root.ep = env->ep;
	if (root_server_announce(&root, "Rtc") != RPC_OK)
		no_clock("cannot offer the Rtc service", base);
	printf("pl031_rtc: Rtc service ready, %04d-%02d-%02d %02d:%02d:%02d UTC\n",
	       date.tm_year + 1900, date.tm_mon + 1, date.tm_mday, date.tm_hour, date.tm_min,
	       date.tm_sec);
}
