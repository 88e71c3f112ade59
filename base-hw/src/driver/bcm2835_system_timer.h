/*
 * BCM2835 system timer (BCM2835 ARM Peripherals, chapter 12): a free-
 * running 64-bit counter at 1 MHz (CLO, CHI) and four compare channels;
 * channel n matches when the counter's low word equals Cn, then sets bit n
 * of the match status CS (write 1 to clear) and raises interrupt line n
 * until cleared. Channels 0 and 2 belong to the GPU on real boards.
 *
 * A match is an equality, so a compare value the counter has already
 * passed would only match after the low word wraps (71 minutes): a channel
 * is armed again if the counter reached the value before the write took
 * effect. Every operation starts and ends with a memory barrier (manual,
 * 1.3: the peripheral bus may reorder reads of different peripherals).
 */
#pragma once

#include <stdint.h>
#include <arch/barrier.h>
#include <driver/mmio.h>

enum {
	BCM2835_TIMER_CS        = 0x00,
	BCM2835_TIMER_CLO       = 0x04,
	BCM2835_TIMER_CHI       = 0x08,
	BCM2835_TIMER_C0        = 0x0c, /* then C1, C2, C3 */
	BCM2835_TIMER_HZ        = 1000000,
	BCM2835_TIMER_MIN_TICKS = 2,           /* so that arming does not race the counter */
	BCM2835_TIMER_MAX_TICKS = 0x7fffffffu, /* half the compare range: "passed" is decidable */
};

/* The 64-bit count: the high word read again until the low word's read
 * happened within one high word */
static inline uint64_t bcm2835_timer_count(uintptr_t base)
{
	uint32_t hi, lo;

	arch_dmb();
	do {
		hi = mmio_read32(base + BCM2835_TIMER_CHI);
		lo = mmio_read32(base + BCM2835_TIMER_CLO);
	} while (mmio_read32(base + BCM2835_TIMER_CHI) != hi);
	arch_dmb();
	return ((uint64_t)hi << 32) | lo;
}

/*
 * One-shot: clear channel's match and let it match ticks from now (at
 * least MIN_TICKS, at most MAX_TICKS: an early match is harmless for a
 * caller that checks the time, a missed one is not).
 */
static inline void bcm2835_timer_start(uintptr_t base, unsigned channel, uint32_t ticks)
{
	uintptr_t compare = base + BCM2835_TIMER_C0 + 4 * channel;
	uint32_t target;

	if (ticks < BCM2835_TIMER_MIN_TICKS)
		ticks = BCM2835_TIMER_MIN_TICKS;
	if (ticks > BCM2835_TIMER_MAX_TICKS)
		ticks = BCM2835_TIMER_MAX_TICKS;
	arch_dmb();
	mmio_write32(base + BCM2835_TIMER_CS, 1u << channel);
	do {
		target = mmio_read32(base + BCM2835_TIMER_CLO) + ticks;
		mmio_write32(compare, target);
	} while ((int32_t)(mmio_read32(base + BCM2835_TIMER_CLO) - target) >= 0);
	arch_dmb();
}
