/* ARM Generic Interrupt Controller v2: distributor and CPU interface. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

enum {
	GICD_CTLR       = 0x000,
	GICD_TYPER      = 0x004,
	GICD_ISENABLER  = 0x100,
	GICD_ICENABLER  = 0x180,
	GICD_IPRIORITYR = 0x400,
	GICD_ITARGETSR  = 0x800,
	GICD_SGIR       = 0xf00,
	GIC_CPUS_MAX    = 8,
	GIC_IPI_SGI     = 0, /* the kernel's inter-processor interrupt */
	GICC_CTLR       = 0x00,
	GICC_PMR        = 0x04,
	GICC_IAR        = 0x0c,
	GICC_EOIR       = 0x10,
	GIC_SPURIOUS    = 1020,
	GIC_FIRST_SPI   = 32,
	GIC_PRIORITY    = 0xa0,
};

struct gic_v2 {
	uintptr_t dist, cpu;
	uint32_t last_iar;
	uint8_t cpu_mask[GIC_CPUS_MAX]; /* CPU index -> its CPU interface's target bit */
};

static inline volatile uint32_t *gic_reg(uintptr_t base, uint32_t off)
{
	return (volatile uint32_t *)(base + off);
}

/* The calling CPU's banked part: its SGIs and PPIs (disabled, priority)
 * and its CPU interface. Its target bit is what the first ITARGETSR
 * reads on it (banked: the CPU's own interface). */
static inline void gic_v2_init_cpu(struct gic_v2 *g, unsigned cpu)
{
	if (cpu < GIC_CPUS_MAX)
		g->cpu_mask[cpu] = (uint8_t)*gic_reg(g->dist, GICD_ITARGETSR);
	*gic_reg(g->dist, GICD_ICENABLER) = ~0u;
	for (unsigned i = 0; i < GIC_FIRST_SPI; i += 4)
		*gic_reg(g->dist, GICD_IPRIORITYR + i) = GIC_PRIORITY * 0x01010101u;
	*gic_reg(g->cpu, GICC_PMR)  = 0xff;
	*gic_reg(g->cpu, GICC_CTLR) = 1;
}

/* Software-generated interrupt GIC_IPI_SGI to the CPU of index cpu; the
 * barrier makes this CPU's writes visible before the interrupt is taken */
static inline void gic_v2_send_ipi(struct gic_v2 *g, unsigned cpu)
{
	asm volatile("dsb" ::: "memory");
	*gic_reg(g->dist, GICD_SGIR) = (uint32_t)g->cpu_mask[cpu] << 16 | GIC_IPI_SGI;
}

static inline void gic_v2_init(struct gic_v2 *g)
{
	unsigned lines = ((*gic_reg(g->dist, GICD_TYPER) & 0x1f) + 1) * 32;

	*gic_reg(g->dist, GICD_CTLR) = 0;
	for (unsigned i = 0; i < lines; i += 32)
		*gic_reg(g->dist, GICD_ICENABLER + i / 8) = ~0u;
	for (unsigned i = 0; i < lines; i += 4)
		*gic_reg(g->dist, GICD_IPRIORITYR + i) = GIC_PRIORITY * 0x01010101u;
	for (unsigned i = GIC_FIRST_SPI; i < lines; i += 4)
		*gic_reg(g->dist, GICD_ITARGETSR + i) = 0x01010101u; /* CPU 0 */
	*gic_reg(g->dist, GICD_CTLR) = 1;
	*gic_reg(g->cpu, GICC_PMR)   = 0xff;
	*gic_reg(g->cpu, GICC_CTLR)  = 1;
	g->cpu_mask[0]               = (uint8_t)*gic_reg(g->dist, GICD_ITARGETSR);
}

static inline bool gic_v2_take(struct gic_v2 *g, unsigned *irq)
{
	g->last_iar = *gic_reg(g->cpu, GICC_IAR);
	*irq        = g->last_iar & 0x3ff;
	return *irq < GIC_SPURIOUS;
}

static inline void gic_v2_finish(struct gic_v2 *g) { *gic_reg(g->cpu, GICC_EOIR) = g->last_iar; }

static inline void gic_v2_mask(struct gic_v2 *g, unsigned irq)
{
	*gic_reg(g->dist, GICD_ICENABLER + (irq / 32) * 4) = 1u << (irq % 32);
}

static inline void gic_v2_unmask(struct gic_v2 *g, unsigned irq)
{
	*gic_reg(g->dist, GICD_ISENABLER + (irq / 32) * 4) = 1u << (irq % 32);
}
