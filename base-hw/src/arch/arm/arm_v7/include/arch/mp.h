/*
 * Whether this ARMv7 CPU has the multiprocessing extensions (Cortex-A9,
 * A15: yes; Cortex-A8: no), read from MPIDR at run time: only CPUs with the
 * extensions give it its MP format (bit 31 set); on others it reads 0 or,
 * unimplemented, as MIDR, whose bit 31 is 0 too. The page-table attributes,
 * the TTBR walk attributes and ACTLR.SMP depend on it.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* Constant for the CPU, so the compiler may read it once */
static inline bool arch_v7_mp_extensions(void)
{
	uint32_t mpidr;
	asm("mrc p15, 0, %0, c0, c0, 5" : "=r"(mpidr));
	return mpidr >> 31;
}

/* This CPU's affinity fields (MPIDR[23:0]: cluster and CPU), as PSCI and
 * the device tree's /cpus name it; 0 without the extensions (one CPU) */
static inline uint32_t arch_mpidr_affinity(void)
{
	uint32_t mpidr;
	asm("mrc p15, 0, %0, c0, c0, 5" : "=r"(mpidr));
	return mpidr >> 31 ? mpidr & 0xffffff : 0;
}
