/*
 * i.MX EPIT model (imx_epit_model.h). Advancing is computed, not stepped,
 * so that tests can let 2^32 ticks pass.
 */
#include <driver/imx_epit.h>
#include "imx_epit_model.h"

enum {
	CR_KEPT_BY_SWR =
	    IMX_EPIT_CR_EN | IMX_EPIT_CR_ENMOD | (1u << 21) | IMX_EPIT_CR_WAITEN | (1u << 18)
};

static bool reloads(const struct imx_epit_model *m) { return m->cr & IMX_EPIT_CR_RLD; }

/* The counter's period: 2^32 running free, LR + 1 in set-and-forget mode */
static uint64_t period(const struct imx_epit_model *m)
{
	return reloads(m) ? (uint64_t)m->lr + 1 : 1ull << 32;
}

uint64_t imx_epit_model_until_compare(const struct imx_epit_model *m)
{
	uint64_t to_zero = m->cnr;

	if (!(m->cr & IMX_EPIT_CR_EN))
		return 0;
	if (m->cmpr < m->cnr)
		return m->cnr - m->cmpr;
	/* at or above the counter: after the roll-over (or reload) */
	if (reloads(m) && m->cmpr > m->lr)
		return 0; /* never reached once the counter runs below LR */
	return to_zero + 1 + ((reloads(m) ? m->lr : 0xffffffffu) - m->cmpr);
}

void imx_epit_model_advance(struct imx_epit_model *m, uint64_t ticks)
{
	m->ticks += ticks;
	if (!(m->cr & IMX_EPIT_CR_EN) || !ticks)
		return;
	uint64_t until = imx_epit_model_until_compare(m);
	if (until && until <= ticks)
		m->sr |= IMX_EPIT_SR_OCIF;
	if (ticks <= m->cnr) {
		m->cnr -= (uint32_t)ticks;
		return;
	}
	uint64_t after_zero = (ticks - m->cnr - 1) % period(m); /* ticks past the first wrap */
	m->cnr              = (reloads(m) ? m->lr : 0xffffffffu) - (uint32_t)after_zero;
}

bool imx_epit_model_irq(const struct imx_epit_model *m)
{
	return (m->sr & IMX_EPIT_SR_OCIF) && (m->cr & IMX_EPIT_CR_OCIEN) &&
	       (m->cr & IMX_EPIT_CR_EN);
}

static void epit_reset(struct imx_epit_model *m)
{
	m->cr &= CR_KEPT_BY_SWR;
	m->sr   = 0;
	m->lr   = 0xffffffffu;
	m->cmpr = 0;
	m->cnr  = 0xffffffffu;
}

static uint32_t epit_read(void *state, uint32_t offset)
{
	struct imx_epit_model *m = state;

	imx_epit_model_advance(m, m->ticks_per_access);
	switch (offset) {
	case IMX_EPIT_CR: return m->cr;
	case IMX_EPIT_SR: return m->sr;
	case IMX_EPIT_LR: return m->lr;
	case IMX_EPIT_CMPR: return m->cmpr;
	case IMX_EPIT_CNR: return m->cnr;
	default: return 0;
	}
}

static void write_cr(struct imx_epit_model *m, uint32_t value)
{
	bool was_on = m->cr & IMX_EPIT_CR_EN;

	m->cr = value & 0x03ffffffu;
	if (value & IMX_EPIT_CR_SWR) {
		epit_reset(m); /* and SWR reads 0 again: the reset takes no time here */
		return;
	}
	if (!was_on && (m->cr & IMX_EPIT_CR_EN) && (m->cr & IMX_EPIT_CR_ENMOD))
		m->cnr = reloads(m) ? m->lr : 0xffffffffu;
}

static void epit_write(void *state, uint32_t offset, uint32_t value)
{
	struct imx_epit_model *m = state;

	imx_epit_model_advance(m, m->ticks_per_access);
	switch (offset) {
	case IMX_EPIT_CR: write_cr(m, value); return;
	case IMX_EPIT_SR: m->sr &= ~(value & IMX_EPIT_SR_OCIF); return;
	case IMX_EPIT_LR:
		m->lr = value;
		if (m->cr & IMX_EPIT_CR_IOVW)
			m->cnr = value;
		return;
	case IMX_EPIT_CMPR: m->cmpr = value; return;
	default: return; /* CNR is read-only */
	}
}

void imx_epit_model_init(struct imx_epit_model *m, uintptr_t base)
{
	*m = (struct imx_epit_model){ 0 };
	epit_reset(m);
	mmio_model_attach(&(struct mmio_model){ base, 0x4000, m, epit_read, epit_write });
}
