/*
 * i.MX TrustZone interrupt controller (TZIC; i.MX53 reference manual,
 * chapter "TZIC"): 128 level-sensitive lines, an enable bit and an 8-bit
 * priority each (0 is the highest), a priority mask (a line is forwarded
 * only with a priority numerically below PRIOMASK) and a security bit that
 * routes a line to FIQ (secure) or IRQ (non-secure).
 *
 * The kernel takes IRQs only (threads run with FIQs masked), so every line
 * is non-secure. There is no acknowledge register: a line stays pending
 * while its device asserts it, and HIPND shows the pending lines of the
 * highest pending priority. The kernel masks a taken line until its
 * driver has quieted the device, so finishing a request needs no access.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <driver/mmio.h>

enum {
	IMX_TZIC_INTCTRL  = 0x000,
	IMX_TZIC_PRIOMASK = 0x00c,
	IMX_TZIC_SYNCCTRL = 0x010,
	IMX_TZIC_INTSEC   = 0x080, /* 4 words, 1 = non-secure (IRQ) */
	IMX_TZIC_ENSET    = 0x100, /* 4 words, write 1 to enable */
	IMX_TZIC_ENCLEAR  = 0x180, /* 4 words, write 1 to disable */
	IMX_TZIC_SRCSET   = 0x200, /* 4 words, write 1 to raise a line by software */
	IMX_TZIC_SRCCLEAR = 0x280, /* 4 words, write 1 to drop it again */
	IMX_TZIC_PRIORITY = 0x400, /* 32 words, 8 bits per line */
	IMX_TZIC_PND      = 0xd00, /* 4 words: enabled lines that are raised */
	IMX_TZIC_HIPND    = 0xd80, /* 4 words: those of them with the highest priority */
	IMX_TZIC_SWINT    = 0xf00,

	IMX_TZIC_INTCTRL_EN        = 1u << 0,
	IMX_TZIC_INTCTRL_NSEN      = 1u << 16, /* forward non-secure lines */
	IMX_TZIC_INTCTRL_NSEN_MASK = 1u << 31, /* lets this write change NSEN */

	IMX_TZIC_LINES            = 128,
	IMX_TZIC_WORDS            = IMX_TZIC_LINES / 32,
	IMX_TZIC_PRIORITY_HIGHEST = 0x00,
	IMX_TZIC_PRIORITY_DEFAULT = 0x80,
	IMX_TZIC_PRIORITY_MASK    = 0xff, /* forwards every priority but the lowest */
};

struct imx_tzic {
	uintptr_t base;
};

static inline uint32_t imx_tzic_bit(unsigned line) { return 1u << (line % 32); }
static inline uint32_t imx_tzic_word(uint32_t reg, unsigned line) { return reg + line / 32 * 4; }

/* Every line disabled, non-secure, of default priority; then forward. */
static inline void imx_tzic_init(struct imx_tzic *c)
{
	mmio_write32(c->base + IMX_TZIC_INTCTRL, 0);
	for (unsigned w = 0; w < IMX_TZIC_WORDS; w++) {
		mmio_write32(c->base + IMX_TZIC_ENCLEAR + w * 4, ~0u);
		mmio_write32(c->base + IMX_TZIC_SRCCLEAR + w * 4, ~0u);
		mmio_write32(c->base + IMX_TZIC_INTSEC + w * 4, ~0u);
	}
	for (unsigned line = 0; line < IMX_TZIC_LINES; line += 4)
		mmio_write32(c->base + IMX_TZIC_PRIORITY + line,
			     IMX_TZIC_PRIORITY_DEFAULT * 0x01010101u);
	mmio_write32(c->base + IMX_TZIC_PRIOMASK, IMX_TZIC_PRIORITY_MASK);
	mmio_write32(c->base + IMX_TZIC_INTCTRL,
		     IMX_TZIC_INTCTRL_EN | IMX_TZIC_INTCTRL_NSEN | IMX_TZIC_INTCTRL_NSEN_MASK);
}

static inline void imx_tzic_set_priority(struct imx_tzic *c, unsigned line, uint8_t priority)
{
	uint32_t reg   = IMX_TZIC_PRIORITY + line / 4 * 4;
	unsigned shift = line % 4 * 8;

	if (line >= IMX_TZIC_LINES)
		return;
	mmio_write32(c->base + reg, (mmio_read32(c->base + reg) & ~(0xffu << shift)) |
					(uint32_t)priority << shift);
}

/* The lowest-numbered line among the highest-priority pending ones */
static inline bool imx_tzic_take(struct imx_tzic *c, unsigned *line)
{
	for (unsigned w = 0; w < IMX_TZIC_WORDS; w++) {
		uint32_t pending = mmio_read32(c->base + IMX_TZIC_HIPND + w * 4);
		if (pending) {
			*line = w * 32 + (unsigned)__builtin_ctz(pending);
			return true;
		}
	}
	return false;
}

static inline void imx_tzic_mask(struct imx_tzic *c, unsigned line)
{
	if (line < IMX_TZIC_LINES)
		mmio_write32(c->base + imx_tzic_word(IMX_TZIC_ENCLEAR, line), imx_tzic_bit(line));
}

static inline void imx_tzic_unmask(struct imx_tzic *c, unsigned line)
{
	if (line < IMX_TZIC_LINES)
		mmio_write32(c->base + imx_tzic_word(IMX_TZIC_ENSET, line), imx_tzic_bit(line));
}
