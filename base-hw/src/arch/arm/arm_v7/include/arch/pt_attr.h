/*
 * ARMv7 page-table attributes that differ from ARMv6: with the
 * multiprocessing extensions (Cortex-A9, A15) normal memory is shareable,
 * so that it stays coherent between the cores of an MP system; without
 * them (Cortex-A8, a uniprocessor) it is not, as on ARMv6.
 */
#pragma once

#include <stdbool.h>
#include <arch/mp.h>

static inline bool pt_arch_normal_shareable(void) { return arch_v7_mp_extensions(); }
