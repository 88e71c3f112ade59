/*
 * i.MX Enhanced Periodic Interrupt Timer (EPIT; i.MX53 and i.MX6 reference
 * manuals, chapter "EPIT") as the kernel timer: one EPIT gives both the
 * monotonic tick count and the one-shot alarm.
 *
 * The 32-bit counter runs free from 0xffffffff down to 0 and rolls over
 * (ENMOD=1, RLD=0); it is never reloaded, so no tick is lost. The count is
 * extended to 64 bits in software: each read adds the ticks since the
 * previous read, modulo 2^32, which is exact as long as reads are less than
 * 2^32 ticks apart. The alarm is the compare register: the status flag
 * OCIF (and the interrupt, OCIEN=1) rises when the counter passes CMPR.
 * An alarm is never set further than IMX_EPIT_ALARM_MAX ticks ahead, so the
 * interrupt that ends it comes in time for the next read.
 */
#pragma once

#include <stdint.h>
#include <driver/mmio.h>

enum {
	IMX_EPIT_CR   = 0x00,
	IMX_EPIT_SR   = 0x04,
	IMX_EPIT_LR   = 0x08,
	IMX_EPIT_CMPR = 0x0c,
	IMX_EPIT_CNR  = 0x10,

	IMX_EPIT_CR_EN              = 1u << 0,  /* counter enable */
	IMX_EPIT_CR_ENMOD           = 1u << 1,  /* enabling starts from 0xffffffff (RLD=0) */
	IMX_EPIT_CR_OCIEN           = 1u << 2,  /* compare interrupt enable */
	IMX_EPIT_CR_RLD             = 1u << 3,  /* set-and-forget (reload from LR) mode */
	IMX_EPIT_CR_PRESCALER_SHIFT = 4,        /* 12 bits: input clock / (n + 1) */
	IMX_EPIT_CR_SWR             = 1u << 16, /* software reset, clears itself */
	IMX_EPIT_CR_IOVW            = 1u << 17, /* writing LR overwrites the counter */
	IMX_EPIT_CR_WAITEN          = 1u << 19, /* keep counting in WAIT mode (wfi) */
	IMX_EPIT_CR_CLKSRC_SHIFT    = 24,       /* 2 bits, IMX_EPIT_CLOCK_* */
	IMX_EPIT_SR_OCIF            = 1u << 0,  /* compare event; write 1 to clear */

	IMX_EPIT_CLOCK_PERIPHERAL = 1, /* ipg_clk */
	IMX_EPIT_CLOCK_HIGH_FREQ  = 2, /* ipg_clk_highfreq */
	IMX_EPIT_CLOCK_32K        = 3, /* ipg_clk_32k */

	/* Shorter alarms may pass before the compare register is written */
	IMX_EPIT_ALARM_MIN = 16,
	IMX_EPIT_ALARM_MAX = 1u << 31,
};

struct imx_epit {
	uintptr_t base;
	uint32_t last;  /* counter at the last imx_epit_ticks() */
	uint64_t ticks; /* ticks counted up to then */
};

/*
 * Reset the timer and start it from 0xffffffff with the given input clock
 * (IMX_EPIT_CLOCK_*) divided by prescaler + 1 (1..4096), compare interrupt
 * enabled, counting on in WAIT mode. LR is unused in free-running mode
 * (it loads the counter only with RLD or IOVW); it is set to 0 because
 * QEMU's model (hw/timer/imx_epit.c, 7.2) adds LR to the distance of a
 * compare value beyond the roll-over, which is then exact.
 */
static inline void imx_epit_init(struct imx_epit *t, unsigned clock, unsigned prescaler)
{
	uint32_t cr = (uint32_t)(clock & 3) << IMX_EPIT_CR_CLKSRC_SHIFT |
		      (uint32_t)((prescaler - 1) & 0xfff) << IMX_EPIT_CR_PRESCALER_SHIFT |
		      IMX_EPIT_CR_WAITEN | IMX_EPIT_CR_ENMOD | IMX_EPIT_CR_OCIEN;

	mmio_write32(t->base + IMX_EPIT_CR, 0);
	mmio_write32(t->base + IMX_EPIT_CR, IMX_EPIT_CR_SWR);
	while (mmio_read32(t->base + IMX_EPIT_CR) & IMX_EPIT_CR_SWR)
		;
	mmio_write32(t->base + IMX_EPIT_LR, 0);
	mmio_write32(t->base + IMX_EPIT_CMPR, 0);
	mmio_write32(t->base + IMX_EPIT_CR, cr);
	mmio_write32(t->base + IMX_EPIT_SR, IMX_EPIT_SR_OCIF);
	mmio_write32(t->base + IMX_EPIT_CR, cr | IMX_EPIT_CR_EN);
	t->last  = mmio_read32(t->base + IMX_EPIT_CNR);
	t->ticks = 0;
}

/* Ticks since imx_epit_init; call at least once every 2^32 ticks */
static inline uint64_t imx_epit_ticks(struct imx_epit *t)
{
	uint32_t now = mmio_read32(t->base + IMX_EPIT_CNR);

	t->ticks += (uint32_t)(t->last - now); /* down-counter: modulo 2^32 */
	t->last = now;
	return t->ticks;
}

/*
 * Raise OCIF (the interrupt) after `ticks`, clamped to
 * [IMX_EPIT_ALARM_MIN, IMX_EPIT_ALARM_MAX]; acknowledges the previous
 * alarm. Clearing OCIF first can at worst let the old alarm fire once more
 * (an early interrupt, harmless); clearing it after writing CMPR could
 * erase a new alarm that came at once. If the counter went past the
 * compare value before it was written (a slow bus), no event would come
 * for 2^32 ticks: then try again with twice the distance.
 */
static inline void imx_epit_start(struct imx_epit *t, uint32_t ticks)
{
	if (ticks < IMX_EPIT_ALARM_MIN)
		ticks = IMX_EPIT_ALARM_MIN;
	if (ticks > IMX_EPIT_ALARM_MAX)
		ticks = IMX_EPIT_ALARM_MAX;
	mmio_write32(t->base + IMX_EPIT_SR, IMX_EPIT_SR_OCIF);
	for (;;) {
		uint32_t now = mmio_read32(t->base + IMX_EPIT_CNR);
		mmio_write32(t->base + IMX_EPIT_CMPR, now - ticks);
		uint32_t passed = now - mmio_read32(t->base + IMX_EPIT_CNR);
		if (passed < ticks || (mmio_read32(t->base + IMX_EPIT_SR) & IMX_EPIT_SR_OCIF))
			return;
		ticks = ticks < IMX_EPIT_ALARM_MAX / 2 ? ticks * 2 : IMX_EPIT_ALARM_MAX;
	}
}
