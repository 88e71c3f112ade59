/*
 * The register model of model.h: the system timer by BCM2835 ARM
 * Peripherals chapter 12 (a match when the counter's low word reaches a
 * compare value), the interrupt controller by chapter 7 (level-triggered,
 * lines 0-3 from the timer), plain registers for GPIO and the PL011.
 */
#include <string.h>
#include <driver/mmio.h>
#include <arch/barrier.h>
#include "model.h"

struct model model;

void model_reset(void) { memset(&model, 0, sizeof(model)); }

uint64_t model_us(void) { return model.ns / 1000; }

void model_advance(uint64_t ns)
{
	uint32_t from = (uint32_t)model_us();

	model.ns += ns;
	uint32_t passed = (uint32_t)model_us() - from;
	for (unsigned c = 0; c < 4; c++)
		if (model.timer_compare[c] - from - 1 < passed) /* reached in (from, now] */
			model.timer_cs |= 1u << c;
}

static void log_access(enum model_op op, uintptr_t addr, uint32_t value)
{
	if (model.log_len < MODEL_LOG)
		model.log[model.log_len++] = (struct model_access){ op, addr, value };
}

void arch_dmb(void) { log_access(MODEL_BARRIER, 0, 0); }

static uint64_t gpu_lines(void) { return model.gpu_level | (model.timer_cs & 0xf); }

static uint32_t pic_read(uint32_t off)
{
	uint64_t gpu = gpu_lines() & (model.pending_shows_disabled ? ~0ull : model.gpu_enable);
	uint8_t arm  = model.arm_level & (model.pending_shows_disabled ? 0xff : model.arm_enable);

	switch (off) {
	case 0x00: return arm | ((uint32_t)gpu != 0) << 8 | ((gpu >> 32) != 0) << 9;
	case 0x04: return (uint32_t)gpu;
	case 0x08: return (uint32_t)(gpu >> 32);
	case 0x0c: return model.fiq_control;
	case 0x10: return (uint32_t)model.gpu_enable;
	case 0x14: return (uint32_t)(model.gpu_enable >> 32);
	case 0x18: return model.arm_enable;
	default: return 0;
	}
}

static void pic_write(uint32_t off, uint32_t v)
{
	switch (off) {
	case 0x0c: model.fiq_control = v; break;
	case 0x10: model.gpu_enable |= v; break;
	case 0x14: model.gpu_enable |= (uint64_t)v << 32; break;
	case 0x18: model.arm_enable |= (uint8_t)v; break;
	case 0x1c: model.gpu_enable &= ~(uint64_t)v; break;
	case 0x20: model.gpu_enable &= ~((uint64_t)v << 32); break;
	case 0x24: model.arm_enable &= (uint8_t)~v; break;
	}
}

static uint32_t timer_read(uint32_t off)
{
	switch (off) {
	case 0x00: return model.timer_cs;
	case 0x04: return (uint32_t)model_us();
	case 0x08: return (uint32_t)(model_us() >> 32);
	case 0x0c:
	case 0x10:
	case 0x14:
	case 0x18: return model.timer_compare[(off - 0x0c) / 4];
	default: return 0;
	}
}

static void timer_write(uint32_t off, uint32_t v)
{
	if (off == 0x00)
		model.timer_cs &= ~v;
	if (off >= 0x0c && off <= 0x18) {
		model_advance(model.stall_ns); /* the write lands late */
		model.stall_ns                        = 0;
		model.timer_compare[(off - 0x0c) / 4] = v;
	}
}

uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t off = addr & 0xffff, v = 0;

	switch (addr & ~0xffffu) {
	case MODEL_TIMER: v = timer_read(off); break;
	case MODEL_PIC: v = pic_read(off); break;
	case MODEL_GPIO: v = off < sizeof(model.gpio) ? model.gpio[off / 4] : 0; break;
	case MODEL_UART:
		v = off < sizeof(model.uart) ? model.uart[off / 4] : 0;
		if (off == 0x18 && model.uart_busy_reads) {
			model.uart_busy_reads--;
			v |= 1u << 3;
		}
		break;
	}
	log_access(MODEL_READ, addr, v);
	model_advance(model.ns_per_access);
	return v;
}

void mmio_write32(uintptr_t addr, uint32_t value)
{
	uint32_t off = addr & 0xffff;

	log_access(MODEL_WRITE, addr, value);
	switch (addr & ~0xffffu) {
	case MODEL_TIMER: timer_write(off, value); break;
	case MODEL_PIC: pic_write(off, value); break;
	case MODEL_GPIO:
		if (off < sizeof(model.gpio))
			model.gpio[off / 4] = value;
		break;
	case MODEL_UART:
		if (off < sizeof(model.uart))
			model.uart[off / 4] = value;
		break;
	}
	model_advance(model.ns_per_access);
}

bool model_fenced(unsigned from)
{
	unsigned first = model.log_len, last = model.log_len;

	for (unsigned i = from; i < model.log_len; i++) {
		if (model.log[i].op == MODEL_BARRIER)
			continue;
		if (first == model.log_len)
			first = i;
		last = i;
	}
	if (first == model.log_len)
		return true; /* no register access at all */
	bool before = false, after = false;
	for (unsigned i = from; i < first; i++)
		before |= model.log[i].op == MODEL_BARRIER;
	for (unsigned i = last + 1; i < model.log_len; i++)
		after |= model.log[i].op == MODEL_BARRIER;
	return before && after;
}

unsigned model_writes(unsigned from, uintptr_t addr, uint32_t *values, unsigned max)
{
	unsigned n = 0;

	for (unsigned i = from; i < model.log_len; i++)
		if (model.log[i].op == MODEL_WRITE && model.log[i].addr == addr) {
			if (n < max)
				values[n] = model.log[i].value;
			n++;
		}
	return n;
}

unsigned model_first_write(unsigned from, uintptr_t addr)
{
	for (unsigned i = from; i < model.log_len; i++)
		if (model.log[i].op == MODEL_WRITE && model.log[i].addr == addr)
			return i;
	return MODEL_LOG;
}
