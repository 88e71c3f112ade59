/*
 * The little of a flattened device tree (devicetree specification, ch. 5)
 * that bootstrap needs: how much RAM the board has, its CPUs and how to
 * start them (PSCI). The boot firmware (or
 * QEMU) leaves the tree in memory; the parser reads only within max_size
 * bytes of it and trusts nothing in it.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

enum { FDT_MAGIC = 0xd00dfeedu };

/* The first bank of the /memory node's reg (cells as the root's
 * #address-cells and #size-cells say); false if the tree is malformed or
 * has none */
bool fdt_memory(const void *fdt, uint32_t max_size, uint64_t *base, uint64_t *size);

enum { FDT_CPUS_MAX = 8 };
enum fdt_psci_method { FDT_PSCI_NONE = 0, FDT_PSCI_HVC, FDT_PSCI_SMC };

struct fdt_cpus {
	unsigned count;                   /* /cpus/cpu@N nodes with a reg, at most FDT_CPUS_MAX */
	uint32_t mpidr[FDT_CPUS_MAX];     /* their reg: MPIDR's affinity fields, in tree order */
	enum fdt_psci_method psci_method; /* /psci method: the conduit of PSCI calls */
	uint32_t psci_cpu_on;             /* /psci cpu_on: the function id of CPU_ON */
};

/* The CPUs (reg of each /cpus/cpu@N) and the PSCI interface (/psci method
 * and cpu_on) of the tree; false and all zero if the tree is malformed */
bool fdt_cpus(const void *fdt, uint32_t max_size, struct fdt_cpus *cpus);
