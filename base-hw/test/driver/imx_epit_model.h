/*
 * Register-level model of the i.MX EPIT (i.MX53 / i.MX6 reference
 * manuals, chapter "EPIT"): a 32-bit down-counter that, when enabled,
 * counts one step per tick; at 0 it rolls over to 0xffffffff (RLD=0) or
 * reloads LR (RLD=1, set-and-forget). Enabling with ENMOD=1 starts it from
 * 0xffffffff or LR; writing LR with IOVW=1 overwrites it. Whenever the
 * counter steps to the value of CMPR, SR.OCIF rises (write 1 to clear); the
 * interrupt output is OCIF && OCIEN && EN. SWR resets everything but CR's
 * EN, ENMOD, STOPEN, WAITEN and DBGEN. Time passes by
 * imx_epit_model_advance and by `ticks_per_access` ticks before every
 * register access (a bus that is slow compared with the timer's clock).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include "mmio_model.h"

struct imx_epit_model {
	uint32_t cr, sr, lr, cmpr, cnr;
	uint32_t ticks_per_access;
	uint64_t ticks; /* since init, enabled or not */
};

void imx_epit_model_init(struct imx_epit_model *m, uintptr_t base);
void imx_epit_model_advance(struct imx_epit_model *m, uint64_t ticks);
bool imx_epit_model_irq(const struct imx_epit_model *m);
/* Ticks until the next compare event, 0 if none will come */
uint64_t imx_epit_model_until_compare(const struct imx_epit_model *m);
