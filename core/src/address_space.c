/*
 * A component's address space (see address_space.h): its page table, the
 * regions core maps itself, single pages (UTCBs, stack pages mapped on
 * demand) and the ELF segments of the modules core loads.
 */
#include <arch/cpu.h>
#include <string.h>
#include "address_space.h"
#include "component.h"
#include "core.h"

enum { L1_PAGES = ARCH_TTBR0_ALIGN / ARCH_PAGE_SIZE };

/* --- second-level tables: a page frame each (1 KiB used), so that the
 * frame goes back with the last table in it; each costs the component's
 * quota (a fault that needs one beyond it stays unresolved) --- */
static uint32_t *l2_alloc(void *ctx, uint32_t *phys)
{
	struct component *c = ctx;
	enum core_result why;
	uint32_t *t = account_page_alloc(&c->ram, &why); /* zeroed */

	if (t)
		*phys = virt_to_phys(t);
	else if (why == CORE_OUT_OF_QUOTA)
		core_log("core: \"%s\": RAM quota exhausted: no page table\n", c->name);
	return t;
}

static void l2_release(void *ctx, uint32_t *l2, uint32_t phys)
{
	struct component *c = ctx;
	(void)l2;
	account_page_free(&c->ram, phys_to_virt(phys));
}

static uint32_t *l2_phys_to_virt(void *ctx, uint32_t phys)
{
	(void)ctx;
	return phys_to_virt(phys);
}

static void entries_written(void *ctx, const uint32_t *first, uint32_t count)
{
	(void)ctx;
	arch_page_table_written(first, count * sizeof(*first));
}

bool address_space_init(struct component *c)
{
	c->l1_phys = phys_alloc(L1_PAGES, L1_PAGES);
	if (!c->l1_phys)
		return false;
	c->pt_mem = (struct pt_mem){ c, l2_alloc, l2_release, l2_phys_to_virt, entries_written };
	pt_init(&c->pt, phys_to_virt(c->l1_phys), 2048, &c->pt_mem);
	return true;
}

void address_space_destroy(struct component *c)
{
	core_assert(c->pd.state != PD_ACTIVE, "address_space_destroy: the PD still uses it");
	for (unsigned i = 0; i < c->num_regions; i++) {
		phys_free(c->region[i].phys, c->region[i].pages);
		account_refund(&c->ram, c->region[i].pages * ARCH_PAGE_SIZE);
	}
	c->num_regions = 0;
	if (c->l1_phys) {
		pt_clear(&c->pt); /* the second-level tables go back through l2_release */
		phys_free(c->l1_phys, L1_PAGES);
		c->l1_phys = 0;
	}
}

static void sync_tables(void) { arch_page_table_sync(); }

enum core_result address_space_map_region(struct component *c, uint32_t va, uint32_t pages,
					  unsigned flags, const uint8_t *data, uint32_t data_offset,
					  uint32_t data_size, struct region **out)
{
	if (c->num_regions == COMPONENT_REGIONS)
		return CORE_BAD_REQUEST;
	if (pages > account_left(&c->ram) / ARCH_PAGE_SIZE)
		return CORE_OUT_OF_QUOTA;
	uint32_t phys = phys_alloc(pages, 1);
	if (!phys)
		return CORE_OUT_OF_RAM;
	account_charge(&c->ram, pages * ARCH_PAGE_SIZE);
	memcpy((uint8_t *)phys_to_virt(phys) + data_offset, data, data_size);
	/* code was written through the data cache: instruction fetches see it
	 * only once it is cleaned there and no stale lines of earlier contents
	 * of these frames are left in the instruction cache */
	if (flags & PT_EXEC)
		arch_cache_op(ARCH_CACHE_COHERENT, (uint32_t)(uintptr_t)phys_to_virt(phys),
			      pages * ARCH_PAGE_SIZE);

	enum pt_result r = pt_map(&c->pt, va, phys, pages * ARCH_PAGE_SIZE, flags | PT_USER);
	if (r != PT_OK) {
		core_log("core: \"%s\": cannot map %p (page-table error %u)\n", c->name,
			 (void *)(uintptr_t)va, (unsigned)r);
		phys_free(phys, pages);
		account_refund(&c->ram, pages * ARCH_PAGE_SIZE);
		return r == PT_ERR_NOMEM ? CORE_OUT_OF_QUOTA : CORE_BAD_REQUEST;
	}
	sync_tables();
	c->region[c->num_regions] = (struct region){ va, phys, pages };
	*out                      = &c->region[c->num_regions++];
	return CORE_OK;
}

enum core_result address_space_map_page(struct component *c, uint32_t va, uint32_t phys,
					unsigned flags)
{
	enum pt_result r = pt_map(&c->pt, va, phys, ARCH_PAGE_SIZE, flags | PT_USER);

	if (r != PT_OK)
		return r == PT_ERR_NOMEM    ? CORE_OUT_OF_QUOTA
		       : r == PT_ERR_EXISTS ? CORE_EXISTS
					    : CORE_BAD_REQUEST;
	sync_tables();
	return CORE_OK;
}

void address_space_unmap(struct component *c, uint32_t va, uint32_t size)
{
	pt_unmap(&c->pt, va, size);
	sync_tables();
	arch_tlb_flush_asid(c->pd.asid);
}

static unsigned segment_flags(uint32_t elf_flags)
{
	return ((elf_flags & ELF_SEG_W) ? PT_WRITE : 0) | ((elf_flags & ELF_SEG_X) ? PT_EXEC : 0);
}

static uint32_t segment_pages(const struct elf_segment *s)
{
	uint32_t va  = s->vaddr & ~(ARCH_PAGE_SIZE - 1);
	uint32_t end = (s->vaddr + s->memsz + ARCH_PAGE_SIZE - 1) & ~(ARCH_PAGE_SIZE - 1);
	return (end - va) / ARCH_PAGE_SIZE;
}

bool address_space_load_elf(struct component *c, const struct boot_module *m,
			    const struct elf_image *elf)
{
	uint64_t pages = 0;

	for (unsigned i = 0; i < elf->num_segments; i++)
		pages += segment_pages(&elf->segment[i]);
	if (pages * ARCH_PAGE_SIZE > account_left(&c->ram)) {
		core_log("core: cannot start \"%s\": its ELF segments need %u KiB, more than its "
			 "RAM quota of %u KiB\n",
			 c->name, (unsigned)(pages * 4), (unsigned)(account_left(&c->ram) / 1024));
		return false;
	}
	for (unsigned i = 0; i < elf->num_segments; i++) {
		const struct elf_segment *s = &elf->segment[i];
		uint32_t va                 = s->vaddr & ~(ARCH_PAGE_SIZE - 1);
		struct region *r;
		enum core_result res = address_space_map_region(
		    c, va, segment_pages(s), segment_flags(s->flags), m->base + s->file_offset,
		    s->vaddr - va, s->filesz, &r);
		if (res != CORE_OK) {
			core_log("core: cannot start \"%s\": %s for its ELF segments\n", c->name,
				 res == CORE_OUT_OF_RAM ? "core has no RAM left" : "no mapping");
			return false;
		}
	}
	return true;
}
