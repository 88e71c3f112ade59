/*
 * ARMv7 address-space switch and TLB maintenance.
 */
#include <arch/cpu.h>
#include <arch/ttbr.h>

static uint32_t empty_ttbr0; /* table without lower-half mappings */

static inline void isb(void) { asm volatile("isb" ::: "memory"); }
static inline void dsb(void) { asm volatile("dsb" ::: "memory"); }
static inline void write_ttbr0(uint32_t v) { asm volatile("mcr p15, 0, %0, c2, c0, 0" ::"r"(v)); }
static inline void write_contextidr(uint32_t v)
{
	asm volatile("mcr p15, 0, %0, c13, c0, 1" ::"r"(v));
}

void arch_mmu_init(uint32_t empty_ttbr0_phys) { empty_ttbr0 = empty_ttbr0_phys; }

/* Go through an empty table while changing the ASID, so that no walk can
 * tag translations of the old table with the new ASID or vice versa. */
void arch_mmu_switch(uint32_t ttbr0_phys, uint32_t asid)
{
	write_ttbr0(empty_ttbr0 | ARCH_TTBR_ATTR);
	isb();
	write_contextidr(asid);
	isb();
	write_ttbr0(ttbr0_phys | ARCH_TTBR_ATTR);
	isb();
}

void arch_tlb_flush_asid(uint32_t asid)
{
	dsb();
	asm volatile("mcr p15, 0, %0, c8, c7, 2" ::"r"(asid & 0xff)); /* TLBIASID */
	dsb();
	isb();
}

/* Make page-table writes visible to the table walker. */
void arch_page_table_sync(void)
{
	dsb();
	isb();
}
