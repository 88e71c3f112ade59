/*
 * What bootstrap hands to the kernel and core: the physical memory layout
 * after the MMU is on. All addresses are physical.
 */
#pragma once

#include <stdint.h>

enum { BOOT_CPUS_MAX = 8 };

/* How the kernel starts the other CPUs: PSCI CPU_ON (the firmware interface
 * QEMU's virt machine implements), called through hvc or smc */
enum boot_psci_conduit { BOOT_PSCI_NONE = 0, BOOT_PSCI_HVC, BOOT_PSCI_SMC };

struct boot_info {
	uint32_t ram_base, ram_size; /* all of RAM */
	uint32_t image_start;        /* boot image (bootstrap, core, modules) */
	uint32_t image_end;          /* first byte after it, page aligned */
	uint32_t kernel_table_phys;  /* upper-half table shared by all PDs */
	uint32_t core_ttbr0_phys;    /* empty lower-half table of core's PD */

	/* CPUs: cpu_count >= 1, the boot CPU first; the others start at
	 * cpu_entry_phys (MMU off, r0 = their index) */
	uint32_t cpu_count;
	uint32_t cpu_mpidr[BOOT_CPUS_MAX]; /* affinity fields, as PSCI CPU_ON names a CPU */
	uint32_t cpu_entry_phys;
	enum boot_psci_conduit psci_conduit;
	uint32_t psci_cpu_on; /* function id of CPU_ON */
};
