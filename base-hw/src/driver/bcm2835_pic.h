/*
 * BCM2835 ARM interrupt controller (BCM2835 ARM Peripherals, chapter 7).
 * Lines 0-63 are the GPU peripherals' interrupts (pending registers 1 and
 * 2; system timer channel n is line n, the PL011 UART line 57), lines
 * 64-71 the ARM's own "basic" ones. Level-triggered: a line stays pending
 * until its device is cleared, so there is no end-of-interrupt.
 *
 * The driver keeps the enabled lines itself and takes only those: pending
 * registers are not documented to hide disabled lines. Every operation
 * starts and ends with a memory barrier (manual, 1.3: the peripheral bus
 * may reorder reads of different peripherals).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <arch/barrier.h>
#include <driver/mmio.h>

enum {
	BCM2835_PIC_BASIC_PENDING = 0x00,
	BCM2835_PIC_PENDING1      = 0x04,
	BCM2835_PIC_PENDING2      = 0x08,
	BCM2835_PIC_FIQ_CONTROL   = 0x0c,
	BCM2835_PIC_ENABLE1       = 0x10, /* then ENABLE2, ENABLE_BASIC */
	BCM2835_PIC_DISABLE1      = 0x1c, /* then DISABLE2, DISABLE_BASIC */
	BCM2835_PIC_BANKS         = 3,    /* GPU 0-31, GPU 32-63, basic */
	BCM2835_PIC_LINES         = 72,
	BCM2835_PIC_BASIC_MASK    = 0xff, /* the ARM's lines in basic pending */
};

struct bcm2835_pic {
	uintptr_t base;
	uint32_t enabled[BCM2835_PIC_BANKS];
};

static inline void bcm2835_pic_init(struct bcm2835_pic *p)
{
	arch_dmb();
	mmio_write32(p->base + BCM2835_PIC_FIQ_CONTROL, 0);
	for (unsigned b = 0; b < BCM2835_PIC_BANKS; b++) {
		mmio_write32(p->base + BCM2835_PIC_DISABLE1 + 4 * b, ~0u);
		p->enabled[b] = 0;
	}
	arch_dmb();
}

/* The pending register of bank b; the basic one also shows GPU lines */
static inline uint32_t bcm2835_pic_pending(struct bcm2835_pic *p, unsigned b)
{
	static const uint32_t reg[BCM2835_PIC_BANKS] = { BCM2835_PIC_PENDING1, BCM2835_PIC_PENDING2,
							 BCM2835_PIC_BASIC_PENDING };
	uint32_t mask                                = b == 2 ? BCM2835_PIC_BASIC_MASK : ~0u;
	return mmio_read32(p->base + reg[b]) & mask & p->enabled[b];
}

/* The lowest enabled pending line; false if none is (spurious) */
static inline bool bcm2835_pic_take(struct bcm2835_pic *p, unsigned *irq)
{
	bool found = false;

	arch_dmb();
	for (unsigned b = 0; b < BCM2835_PIC_BANKS && !found; b++) {
		uint32_t pending = bcm2835_pic_pending(p, b);
		if (pending) {
			*irq  = b * 32 + (unsigned)__builtin_ctz(pending);
			found = true;
		}
	}
	arch_dmb();
	return found;
}

/* Lines the controller does not have are ignored. */
static inline void bcm2835_pic_enable(struct bcm2835_pic *p, unsigned irq, bool enable)
{
	unsigned b   = irq / 32;
	uint32_t bit = 1u << (irq % 32);

	if (irq >= BCM2835_PIC_LINES)
		return;
	arch_dmb();
	mmio_write32(p->base + (enable ? BCM2835_PIC_ENABLE1 : BCM2835_PIC_DISABLE1) + 4 * b, bit);
	p->enabled[b] = enable ? p->enabled[b] | bit : p->enabled[b] & ~bit;
	arch_dmb();
}
