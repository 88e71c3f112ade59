/*
 * ARMv6 page-table attributes that differ from ARMv7: normal memory is not
 * marked shareable, because the ARM1176 does not cache shareable locations
 * in its L1 caches at all (ARM1176 TRM 6.7.1), and one core needs no
 * coherency.
 */
#pragma once

#include <stdbool.h>

static inline bool pt_arch_normal_shareable(void) { return false; }
