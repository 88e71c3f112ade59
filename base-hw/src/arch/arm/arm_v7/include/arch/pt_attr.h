/*
 * ARMv7 page-table attributes that differ from ARMv6: normal memory is
 * shareable, so that it stays coherent between the cores of an MP system.
 */
#pragma once

#include <stdbool.h>

static inline bool pt_arch_normal_shareable(void) { return true; }
