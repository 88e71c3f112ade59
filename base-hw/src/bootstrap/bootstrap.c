/*
 * bootstrap: runs at the board's load address with the MMU off. Builds the
 * kernel's upper-half table (all of RAM linearly at KERNEL_VIRT_BASE, the
 * kernel's devices in the device window), a temporary identity map of
 * itself, enables MMU and caches, and hands the memory layout to the kernel.
 * How much RAM there is comes from the device tree the loader left where
 * the board says (BOARD_DTB_PHYS), else from the board's default.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <arch/layout.h>
#include <arch/mp.h>
#include <arch/page_table.h>
#include <board/mmio.h>
#include <boot_info.h>
#include <fdt.h>
#include "board.h"

enum { SECTION = 0x100000u };

/* linker-script symbols: virtual addresses of the kernel+core image */
extern char _core_bss_start[], _core_bss_end[], _image_end[];
extern char _bootstrap_start[], _bootstrap_end[];

static uint32_t kernel_table[4096] __attribute__((aligned(ARCH_TTBR1_ALIGN)));
static uint32_t boot_ttbr0[2048] __attribute__((aligned(ARCH_TTBR1_ALIGN)));
static uint32_t core_ttbr0[2048] __attribute__((aligned(ARCH_TTBR1_ALIGN)));
static struct boot_info boot_info;

void bootstrap_mmu_enable(uint32_t ttbr0, uint32_t ttbr1, bool boot_cpu);
void bootstrap_cpu_entry(void);

static uint32_t virt_to_phys(const void *v)
{
	return (uint32_t)(uintptr_t)v - KERNEL_VIRT_BASE + BOARD_RAM_BASE;
}

static void print(const char *s)
{
	unsigned n = 0;
	while (s[n])
		n++;
	board_early_uart_write(s, n);
}

static void map_sections(uint32_t *table, uint32_t virt, uint32_t phys, uint32_t size,
			 unsigned flags)
{
	for (uint32_t off = 0; off < size; off += SECTION)
		table[(virt + off) / SECTION] = pt_section_desc(phys + off, flags);
}

static void clear_core_bss(void)
{
	memset((void *)(uintptr_t)virt_to_phys(_core_bss_start), 0,
	       (uint32_t)(_core_bss_end - _core_bss_start));
}

/* The RAM at BOARD_RAM_BASE, at least what holds the image (MMU off: the
 * tree is read at its physical address) */
static uint32_t ram_size(uint32_t image_end)
{
	uint64_t base = 0, size = 0;

	if (!BOARD_DTB_MAX ||
	    !fdt_memory((const void *)(uintptr_t)BOARD_DTB_PHYS, BOARD_DTB_MAX, &base, &size) ||
	    base != BOARD_RAM_BASE || size <= image_end - BOARD_RAM_BASE)
		return BOARD_RAM_SIZE;
	return size < BOARD_RAM_MAX ? (uint32_t)size : BOARD_RAM_MAX;
}

/* The CPUs the device tree names and how to start them: the boot CPU alone
 * without a tree, without PSCI, or if the boot CPU is not the first */
static void cpus(struct boot_info *bi)
{
	struct fdt_cpus c;
	uint32_t mpidr = arch_mpidr_affinity();

	bi->cpu_count    = 1;
	bi->cpu_mpidr[0] = mpidr;
	if (!BOARD_DTB_MAX ||
	    !fdt_cpus((const void *)(uintptr_t)BOARD_DTB_PHYS, BOARD_DTB_MAX, &c) || c.count < 2 ||
	    c.psci_method == FDT_PSCI_NONE || c.mpidr[0] != mpidr)
		return;
	_Static_assert((unsigned)FDT_CPUS_MAX <= (unsigned)BOOT_CPUS_MAX,
		       "cpus: room for every CPU of the tree");
	bi->cpu_count = c.count;
	for (unsigned i = 0; i < c.count; i++)
		bi->cpu_mpidr[i] = c.mpidr[i];
	bi->cpu_entry_phys = (uint32_t)(uintptr_t)bootstrap_cpu_entry;
	bi->psci_conduit   = c.psci_method == FDT_PSCI_HVC ? BOOT_PSCI_HVC : BOOT_PSCI_SMC;
	bi->psci_cpu_on    = c.psci_cpu_on;
}

uint32_t bootstrap_main(void)
{
	uint32_t image_end =
	    (virt_to_phys(_image_end) + ARCH_PAGE_SIZE - 1) & ~(ARCH_PAGE_SIZE - 1);
	uint32_t direct_max = KERNEL_DIRECT_MAX, ram = ram_size(image_end);
	uint32_t ram_mapped = ram < direct_max ? ram : direct_max;
	uint32_t self       = (uint32_t)(uintptr_t)_bootstrap_start & ~(SECTION - 1);
	uint32_t self_size  = (uint32_t)(uintptr_t)_bootstrap_end - self;

	board_early_uart_init();
	print("bootstrap: " BOARD_NAME "\n");
	clear_core_bss();

	map_sections(kernel_table, KERNEL_VIRT_BASE, BOARD_RAM_BASE, ram_mapped,
		     PT_WRITE | PT_EXEC | PT_GLOBAL);
	for (unsigned i = 0; i < board_mmio_count; i++)
		map_sections(kernel_table, board_mmio[i].virt, board_mmio[i].phys,
			     board_mmio[i].size, PT_WRITE | PT_DEVICE | PT_GLOBAL);
	map_sections(boot_ttbr0, self, self, self_size, PT_WRITE | PT_EXEC | PT_GLOBAL);

	boot_info = (struct boot_info){
		.ram_base          = BOARD_RAM_BASE,
		.ram_size          = ram_mapped,
		.image_start       = (uint32_t)(uintptr_t)_bootstrap_start,
		.image_end         = image_end,
		.kernel_table_phys = (uint32_t)(uintptr_t)kernel_table,
		.core_ttbr0_phys   = (uint32_t)(uintptr_t)core_ttbr0,
	};
	cpus(&boot_info);

	bootstrap_mmu_enable((uint32_t)(uintptr_t)boot_ttbr0, (uint32_t)(uintptr_t)kernel_table,
			     true);
	return (uint32_t)(uintptr_t)&boot_info - BOARD_RAM_BASE + KERNEL_VIRT_BASE;
}

/* A further CPU, before it enters the kernel: the same tables (the identity
 * map of bootstrap until its first address-space switch), its caches and
 * MMU on. It reads nothing the boot CPU wrote with the caches on. */
void bootstrap_cpu_main(void)
{
	bootstrap_mmu_enable((uint32_t)(uintptr_t)boot_ttbr0, (uint32_t)(uintptr_t)kernel_table,
			     false);
}
