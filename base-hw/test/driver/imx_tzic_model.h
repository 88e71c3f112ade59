/*
 * Register-level model of the i.MX53 TZIC (reference manual, chapter
 * "TZIC"), as seen from the secure world: 128 level-sensitive inputs,
 * raised by their devices (imx_tzic_model_raise) or by software (SRCSET,
 * SWINT). A line is pending (PND) while it is enabled and raised. Of the
 * pending lines, those whose priority is numerically below PRIOMASK are
 * forwarded: the non-secure ones (INTSEC bit 1) to IRQ while INTCTRL.EN
 * and NSEN are set, the secure ones to FIQ while EN is set. HIPND shows
 * the forwarded lines of the highest priority (the lowest value). NSEN
 * changes only in a write that also sets NSEN_MASK. Reset: everything 0.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include "mmio_model.h"

struct imx_tzic_model {
	uint32_t intctrl, priomask, syncctrl;
	uint32_t intsec[4], enabled[4], software[4], raised[4];
	uint8_t priority[128];
};

void imx_tzic_model_init(struct imx_tzic_model *m, uintptr_t base);
void imx_tzic_model_raise(struct imx_tzic_model *m, unsigned line, bool level);
bool imx_tzic_model_irq(const struct imx_tzic_model *m);
bool imx_tzic_model_fiq(const struct imx_tzic_model *m);
