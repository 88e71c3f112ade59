/*
 * BCM2835 GPIO (BCM2835 ARM Peripherals, chapter 6): pin functions and
 * pull-up/down, as a board needs them to route a UART to its pins.
 *
 * The BCM2835's peripheral bus may return reads of different peripherals
 * out of order (manual, 1.3): every operation here starts and ends with a
 * memory barrier, so that accesses to other devices stay on their side.
 */
#pragma once

#include <stdint.h>
#include <arch/barrier.h>
#include <driver/mmio.h>

enum {
	BCM2835_GPFSEL0     = 0x00, /* then one register per 10 pins */
	BCM2835_GPPUD       = 0x94,
	BCM2835_GPPUDCLK0   = 0x98, /* pins 0-31; GPPUDCLK1 for 32-53 */
	BCM2835_GPIO_ALT0   = 0x4,  /* function select codes */
	BCM2835_PULL_OFF    = 0x0,
	BCM2835_PULL_DOWN   = 0x1,
	BCM2835_PULL_UP     = 0x2,
	BCM2835_PULL_SETTLE = 150, /* cycles of set-up and hold time for a pull change */
};

static inline void bcm2835_gpio_function(uintptr_t base, unsigned pin, uint32_t function)
{
	uintptr_t reg  = base + BCM2835_GPFSEL0 + (pin / 10) * 4;
	unsigned shift = (pin % 10) * 3;

	arch_dmb();
	mmio_write32(reg, (mmio_read32(reg) & ~(7u << shift)) | (function << shift));
	arch_dmb();
}

static inline void bcm2835_gpio_settle(void)
{
	for (unsigned i = 0; i < BCM2835_PULL_SETTLE; i++)
		asm volatile("nop");
}

/* Pull-up/down of the pins 0-31 in mask, by the manual's sequence: the
 * control signal, then a clock pulse that latches it into those pads */
static inline void bcm2835_gpio_pull(uintptr_t base, uint32_t mask, uint32_t pull)
{
	arch_dmb();
	mmio_write32(base + BCM2835_GPPUD, pull);
	bcm2835_gpio_settle();
	mmio_write32(base + BCM2835_GPPUDCLK0, mask);
	bcm2835_gpio_settle();
	mmio_write32(base + BCM2835_GPPUD, BCM2835_PULL_OFF);
	mmio_write32(base + BCM2835_GPPUDCLK0, 0);
	arch_dmb();
}
