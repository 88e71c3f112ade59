/*
 * Host-test stand-in for arm_v7's <arch/mp.h> (first on the include path of
 * the ARMv7 page-table tests): the CPU has the multiprocessing extensions
 * as the test's EXPECT_SHAREABLE says, so that both kinds of ARMv7 CPU are
 * tested.
 */
#pragma once

#include <stdbool.h>

static inline bool arch_v7_mp_extensions(void) { return EXPECT_SHAREABLE; }
