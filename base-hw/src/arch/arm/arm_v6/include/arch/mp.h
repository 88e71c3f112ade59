/*
 * The ARM1176 is a uniprocessor without MPIDR: its one CPU has affinity 0.
 */
#pragma once

#include <stdint.h>

static inline uint32_t arch_mpidr_affinity(void) { return 0; }
