/*
 * ARM short-descriptor page-table encoder (ARM ARM B3.5): builds, edits and
 * reads back first-level tables with 1 MiB sections and 1 KiB second-level
 * tables of 4 KiB small pages. Portable freestanding C shared by core and
 * bootstrap; no cache or TLB maintenance here: written entries are reported
 * to the caller. The attributes that differ between ARMv6 and ARMv7 come
 * from the architecture's <arch/pt_attr.h>.
 */
#include <arch/page_table.h>
#include <arch/pt_attr.h>

#include <stdbool.h>
#include <stddef.h>

#define PAGE_SHIFT    12
#define PAGE_MASK     (PT_PAGE_SIZE - 1)
#define SECTION_SHIFT 20
#define SECTION_MASK  (PT_SECTION_SIZE - 1)

/* L1 descriptor type, bits[1:0] */
#define L1_TYPE_MASK    0x3u
#define L1_TYPE_TABLE   0x1u
#define L1_TYPE_SECTION 0x2u

/* L1 page-table entry */
#define L1_TABLE_DOMAIN    (0xfu << 5) /* left 0: domain 0 */
#define L1_TABLE_IMPDEF    (1u << 9)
#define L1_TABLE_LOW       (0x7u << 2) /* PXN/NS/SBZ, left 0 */
#define L1_TABLE_BASE_MASK 0xfffffc00u

/* L1 section */
#define L1_SECT_B         (1u << 2)
#define L1_SECT_C         (1u << 3)
#define L1_SECT_XN        (1u << 4)
#define L1_SECT_DOMAIN    (0xfu << 5) /* left 0: domain 0 */
#define L1_SECT_IMPDEF    (1u << 9)
#define L1_SECT_AP_SHIFT  10
#define L1_SECT_AP_MASK   (0x3u << L1_SECT_AP_SHIFT)
#define L1_SECT_TEX_SHIFT 12
#define L1_SECT_TEX_MASK  (0x7u << L1_SECT_TEX_SHIFT)
#define L1_SECT_AP2       (1u << 15)
#define L1_SECT_S         (1u << 16)
#define L1_SECT_NG        (1u << 17)
#define L1_SECT_SUPER     (1u << 18) /* left 0: no supersections */
#define L1_SECT_NS        (1u << 19) /* left 0 */
#define L1_SECT_BASE_MASK 0xfff00000u

/* L2 small page (ARMv6 "extended small page" with XP=1 has the same layout) */
#define L2_XN         (1u << 0)
#define L2_TYPE_SMALL (1u << 1)
#define L2_B          (1u << 2)
#define L2_C          (1u << 3)
#define L2_AP_SHIFT   4
#define L2_AP_MASK    (0x3u << L2_AP_SHIFT)
#define L2_TEX_SHIFT  6
#define L2_TEX_MASK   (0x7u << L2_TEX_SHIFT)
#define L2_AP2        (1u << 9)
#define L2_S          (1u << 10)
#define L2_NG         (1u << 11)
#define L2_BASE_MASK  0xfffff000u

/* AP[1:0] with AFE=0; AP[2] set means read-only */
#define AP_PRIV     0x1u /* PL1 access only */
#define AP_USER_RO  0x2u /* with AP[2]=1: read-only at PL1 and PL0 */
#define AP_USER_RW  0x3u
#define AP_USER_BIT 0x2u /* AP[1]: PL0 has access */

/* TEX[2:0] (with C, B) for the two memory types, TRE=0 */
#define TEX_NORMAL_WBWA 0x1u /* with C=1 B=1: outer and inner write-back, write-allocate */
#define TEX_DEVICE      0x0u /* with C=0 B=1: shareable device */

/* The descriptor layouts are hardware-defined: their fields must tile all 32 bits exactly. */
_Static_assert(0ull + L1_TYPE_MASK + L1_SECT_B + L1_SECT_C + L1_SECT_XN + L1_SECT_DOMAIN +
		       L1_SECT_IMPDEF + L1_SECT_AP_MASK + L1_SECT_TEX_MASK + L1_SECT_AP2 +
		       L1_SECT_S + L1_SECT_NG + L1_SECT_SUPER + L1_SECT_NS + L1_SECT_BASE_MASK ==
		   0xffffffffull,
	       "L1 section fields overlap or leave gaps");
_Static_assert(0ull + L1_TYPE_MASK + L1_TABLE_LOW + L1_TABLE_DOMAIN + L1_TABLE_IMPDEF +
		       L1_TABLE_BASE_MASK ==
		   0xffffffffull,
	       "L1 table-entry fields overlap or leave gaps");
_Static_assert(0ull + L2_XN + L2_TYPE_SMALL + L2_B + L2_C + L2_AP_MASK + L2_TEX_MASK + L2_AP2 +
		       L2_S + L2_NG + L2_BASE_MASK ==
		   0xffffffffull,
	       "L2 small-page fields overlap or leave gaps");
_Static_assert(PT_L2_ENTRIES * sizeof(uint32_t) == PT_L2_SIZE, "an L2 table is 1 KiB");
_Static_assert(PT_L1_ENTRIES_MAX * sizeof(uint32_t) == 16384, "a full L1 table is 16 KiB");
_Static_assert(PT_L2_ENTRIES *PT_PAGE_SIZE == PT_SECTION_SIZE, "one L2 table spans a section");
_Static_assert(PT_L1_ENTRIES_MAX *(uint64_t)PT_SECTION_SIZE == 1ull << 32, "L1 spans 4 GiB");
_Static_assert(L1_TABLE_BASE_MASK == (uint32_t) ~(PT_L2_SIZE - 1), "L2 alignment = its size");

/*
 * Sections and small pages carry the same attribute fields at different
 * positions, so one encoder/decoder pair serves both.
 */
struct desc_layout {
	uint32_t type, xn, b, c, ap2, s, ng;
	unsigned ap_shift, tex_shift;
};

static const struct desc_layout section_layout = {
	.type      = L1_TYPE_SECTION,
	.xn        = L1_SECT_XN,
	.b         = L1_SECT_B,
	.c         = L1_SECT_C,
	.ap2       = L1_SECT_AP2,
	.s         = L1_SECT_S,
	.ng        = L1_SECT_NG,
	.ap_shift  = L1_SECT_AP_SHIFT,
	.tex_shift = L1_SECT_TEX_SHIFT,
};

static const struct desc_layout small_page_layout = {
	.type      = L2_TYPE_SMALL,
	.xn        = L2_XN,
	.b         = L2_B,
	.c         = L2_C,
	.ap2       = L2_AP2,
	.s         = L2_S,
	.ng        = L2_NG,
	.ap_shift  = L2_AP_SHIFT,
	.tex_shift = L2_TEX_SHIFT,
};

/*
 * S as the architecture wants it for normal memory (pt_attr.h), for both
 * memory types: for device memory the S bit is ignored (TEX=000 C=0 B=1 is
 * Shareable Device on ARMv6 and ARMv7), so following the same rule is
 * harmless and keeps the descriptors uniform.
 */
static uint32_t encode_attrs(const struct desc_layout *l, unsigned flags)
{
	bool write  = flags & PT_WRITE;
	uint32_t ap = !(flags & PT_USER) ? AP_PRIV : write ? AP_USER_RW : AP_USER_RO;
	uint32_t d  = l->type | l->b | (ap << l->ap_shift);

	if (pt_arch_normal_shareable())
		d |= l->s;

	if (!write)
		d |= l->ap2;
	if (flags & PT_DEVICE)
		d |= (TEX_DEVICE << l->tex_shift) | l->xn; /* no speculative fetches from devices */
	else
		d |= (TEX_NORMAL_WBWA << l->tex_shift) | l->c;
	if (!(flags & PT_EXEC))
		d |= l->xn;
	if (!(flags & PT_GLOBAL))
		d |= l->ng;
	return d;
}

/* Inverse of encode_attrs for the descriptors it produces. */
static unsigned decode_attrs(const struct desc_layout *l, uint32_t d)
{
	unsigned flags = 0;

	if (!(d & l->ap2))
		flags |= PT_WRITE;
	if (!(d & l->xn))
		flags |= PT_EXEC;
	if ((d >> l->ap_shift) & AP_USER_BIT)
		flags |= PT_USER;
	if (!(d & l->c))
		flags |= PT_DEVICE;
	if (!(d & l->ng))
		flags |= PT_GLOBAL;
	return flags;
}

uint32_t pt_section_desc(uint32_t pa, unsigned flags)
{
	return (pa & L1_SECT_BASE_MASK) | encode_attrs(&section_layout, flags);
}

uint32_t pt_small_page_desc(uint32_t pa, unsigned flags)
{
	return (pa & L2_BASE_MASK) | encode_attrs(&small_page_layout, flags);
}

uint32_t pt_l1_table_desc(uint32_t l2_phys)
{
	return (l2_phys & L1_TABLE_BASE_MASK) | L1_TYPE_TABLE;
}

/* ---- table helpers ---- */

static uint32_t l1_index(uint32_t va) { return va >> SECTION_SHIFT; }
static uint32_t l2_index(uint32_t va) { return (va & SECTION_MASK) >> PAGE_SHIFT; }

/* Entries are 0 or ours, so anything non-zero that is not a table is a section. */
static bool is_table(uint32_t l1_entry) { return (l1_entry & L1_TYPE_MASK) == L1_TYPE_TABLE; }

static uint32_t *l2_table(const struct page_table *pt, uint32_t l1_entry)
{
	return pt->mem->phys_to_virt(pt->mem->ctx, l1_entry & L1_TABLE_BASE_MASK);
}

/* Everything that must hold before any table entry is touched. */
static bool table_valid(const struct page_table *pt)
{
	uint32_t n               = pt ? pt->l1_entries : 0;
	const struct pt_mem *mem = pt ? pt->mem : NULL;

	return pt && pt->l1 && n >= (PT_L1_ENTRIES_MAX >> 7) && n <= PT_L1_ENTRIES_MAX &&
	       (n & (n - 1)) == 0 && mem && mem->alloc_l2 && mem->free_l2 && mem->phys_to_virt &&
	       mem->written;
}

static void written(const struct page_table *pt, const uint32_t *first, uint32_t count)
{
	pt->mem->written(pt->mem->ctx, first, count);
}

enum pt_result pt_init(struct page_table *pt, uint32_t *l1, uint32_t l1_entries,
		       const struct pt_mem *mem)
{
	struct page_table init = { l1, l1_entries, mem };

	if (!pt || !table_valid(&init))
		return PT_ERR_RANGE;
	*pt = init;
	for (uint32_t i = 0; i < l1_entries; i++)
		l1[i] = 0;
	written(pt, l1, l1_entries);
	return PT_OK;
}

/* Argument checks shared by map (pa) and unmap (pa = 0). */
static enum pt_result check_args(const struct page_table *pt, uint32_t va, uint32_t pa,
				 uint32_t size)
{
	if (!table_valid(pt))
		return PT_ERR_RANGE;
	if ((va | pa | size) & PAGE_MASK)
		return PT_ERR_ALIGN;
	if (size == 0)
		return PT_ERR_RANGE;
	/* Compare last addresses, so a range ending exactly at 4 GiB is fine. */
	uint32_t va_last = va + (size - 1), pa_last = pa + (size - 1);
	if (va_last < va || pa_last < pa || l1_index(va_last) >= pt->l1_entries)
		return PT_ERR_RANGE;
	return PT_OK;
}

/* Bytes from va up to the end of its L1 slot, at most remaining. */
static uint32_t chunk_size(uint32_t va, uint32_t remaining)
{
	uint32_t to_slot_end = PT_SECTION_SIZE - (va & SECTION_MASK);
	return to_slot_end < remaining ? to_slot_end : remaining;
}

/* Whether a chunk becomes a section; check and commit must decide alike. */
static bool use_section(const struct page_table *pt, uint32_t va, uint32_t pa, uint32_t size)
{
	return size == PT_SECTION_SIZE && (pa & SECTION_MASK) == 0 && pt->l1[l1_index(va)] == 0;
}

static bool l2_range_empty(const uint32_t *l2, uint32_t first, uint32_t count)
{
	for (uint32_t i = first; i < first + count; i++)
		if (l2[i])
			return false;
	return true;
}

/* ---- L2 tables allocated ahead of a commit ---- */

/*
 * Chained through word 0 of each table (holding the next table's physical
 * address), so no memory beyond the tables is needed even when a 4 GiB
 * mapping needs 4096 of them.
 */
struct l2_list {
	uint32_t *head;
	uint32_t head_phys;
	uint32_t count;
};

static void l2_list_push(struct l2_list *list, uint32_t *l2, uint32_t phys)
{
	if (list->count)
		l2[0] = list->head_phys;
	list->head      = l2;
	list->head_phys = phys;
	list->count++;
}

static uint32_t *l2_list_pop(const struct pt_mem *mem, struct l2_list *list, uint32_t *phys)
{
	uint32_t *l2 = list->head;

	*phys = list->head_phys;
	if (--list->count) {
		list->head_phys = l2[0];
		list->head      = mem->phys_to_virt(mem->ctx, l2[0]);
	}
	l2[0] = 0; /* back to the zero-filled state alloc_l2 handed out */
	return l2;
}

static void l2_list_free(const struct pt_mem *mem, struct l2_list *list)
{
	while (list->count) {
		uint32_t phys;
		uint32_t *l2 = l2_list_pop(mem, list, &phys);
		mem->free_l2(mem->ctx, l2, phys);
	}
}

static enum pt_result l2_list_alloc(const struct pt_mem *mem, struct l2_list *list, uint32_t n)
{
	while (list->count < n) {
		uint32_t phys = 0;
		uint32_t *l2  = mem->alloc_l2(mem->ctx, &phys);
		if (!l2) {
			l2_list_free(mem, list);
			return PT_ERR_NOMEM;
		}
		l2_list_push(list, l2, phys);
	}
	return PT_OK;
}

/* ---- map ---- */

/* Check pass: find any conflict and count the new L2 tables the commit will take. */
static enum pt_result map_check(const struct page_table *pt, uint32_t va, uint32_t pa,
				uint32_t size, uint32_t *new_tables)
{
	*new_tables = 0;
	while (size) {
		uint32_t n = chunk_size(va, size);
		uint32_t e = pt->l1[l1_index(va)];

		if (!use_section(pt, va, pa, n)) {
			if (e == 0)
				++*new_tables;
			else if (!is_table(e))
				return PT_ERR_EXISTS;
			else if (!l2_range_empty(l2_table(pt, e), l2_index(va), n >> PAGE_SHIFT))
				return PT_ERR_EXISTS;
		}
		va += n, pa += n,
		    size -= n; /* may wrap to 0 at the 4 GiB end; size ends the loop */
	}
	return PT_OK;
}

static void map_pages(struct page_table *pt, uint32_t va, uint32_t pa, uint32_t size,
		      unsigned flags, struct l2_list *list)
{
	uint32_t *slot = &pt->l1[l1_index(va)];
	uint32_t phys  = 0;
	bool fresh     = *slot == 0;
	uint32_t *l2   = fresh ? l2_list_pop(pt->mem, list, &phys) : l2_table(pt, *slot);

	for (uint32_t i = 0; i < size >> PAGE_SHIFT; i++)
		l2[l2_index(va) + i] = pt_small_page_desc(pa + (i << PAGE_SHIFT), flags);
	if (!fresh) {
		written(pt, &l2[l2_index(va)], size >> PAGE_SHIFT);
		return;
	}
	/* Hook a new table in only once the walker sees all of it (its zeroes
	 * too), so that it never sees the table half-built. */
	written(pt, l2, PT_L2_ENTRIES);
	*slot = pt_l1_table_desc(phys);
	written(pt, slot, 1);
}

/* Commit pass: cannot fail, all checks and allocations are done. */
static void map_commit(struct page_table *pt, uint32_t va, uint32_t pa, uint32_t size,
		       unsigned flags, struct l2_list *list)
{
	while (size) {
		uint32_t n = chunk_size(va, size);

		if (use_section(pt, va, pa, n)) {
			pt->l1[l1_index(va)] = pt_section_desc(pa, flags);
			written(pt, &pt->l1[l1_index(va)], 1);
		} else
			map_pages(pt, va, pa, n, flags, list);
		va += n, pa += n, size -= n;
	}
}

enum pt_result pt_map(struct page_table *pt, uint32_t va, uint32_t pa, uint32_t size,
		      unsigned flags)
{
	struct l2_list list = { NULL, 0, 0 };
	uint32_t new_tables;
	enum pt_result r = check_args(pt, va, pa, size);

	if (r == PT_OK)
		r = map_check(pt, va, pa, size, &new_tables);
	if (r == PT_OK)
		r = l2_list_alloc(pt->mem, &list, new_tables);
	if (r == PT_OK)
		map_commit(pt, va, pa, size, flags, &list);
	return r;
}

/* ---- unmap ---- */

static void unmap_pages(struct page_table *pt, uint32_t va, uint32_t size)
{
	uint32_t *slot = &pt->l1[l1_index(va)];
	uint32_t *l2   = l2_table(pt, *slot);
	uint32_t phys  = *slot & L1_TABLE_BASE_MASK;

	for (uint32_t i = 0; i < size >> PAGE_SHIFT; i++)
		l2[l2_index(va) + i] = 0;
	if (!l2_range_empty(l2, 0, PT_L2_ENTRIES)) {
		written(pt, &l2[l2_index(va)], size >> PAGE_SHIFT);
		return;
	}
	*slot = 0; /* unhook before handing the table back */
	written(pt, slot, 1);
	pt->mem->free_l2(pt->mem->ctx, l2, phys);
}

/* Sections are only removed whole: a partly covered one would need splitting. */
static enum pt_result unmap_check(const struct page_table *pt, uint32_t va, uint32_t size)
{
	while (size) {
		uint32_t n = chunk_size(va, size);
		uint32_t e = pt->l1[l1_index(va)];

		if (e && !is_table(e) && n != PT_SECTION_SIZE)
			return PT_ERR_ALIGN;
		va += n, size -= n;
	}
	return PT_OK;
}

enum pt_result pt_unmap(struct page_table *pt, uint32_t va, uint32_t size)
{
	enum pt_result r = check_args(pt, va, 0, size);

	if (r == PT_OK)
		r = unmap_check(pt, va, size);
	while (r == PT_OK && size) {
		uint32_t n = chunk_size(va, size);
		uint32_t e = pt->l1[l1_index(va)];

		if (is_table(e))
			unmap_pages(pt, va, n);
		else if (e) {
			pt->l1[l1_index(va)] = 0;
			written(pt, &pt->l1[l1_index(va)], 1);
		}
		va += n, size -= n;
	}
	return r;
}

/* ---- lookup, clear ---- */

enum pt_result pt_lookup(const struct page_table *pt, uint32_t va, uint32_t *pa, unsigned *flags)
{
	if (!table_valid(pt) || l1_index(va) >= pt->l1_entries)
		return PT_ERR_RANGE;

	uint32_t d                       = pt->l1[l1_index(va)];
	const struct desc_layout *layout = &section_layout;
	uint32_t offset_mask             = SECTION_MASK;

	if (is_table(d)) {
		d           = l2_table(pt, d)[l2_index(va)];
		layout      = &small_page_layout;
		offset_mask = PAGE_MASK;
	}
	if (d == 0)
		return PT_ERR_NOT_MAPPED;
	if (pa)
		*pa = (d & ~offset_mask) | (va & offset_mask);
	if (flags)
		*flags = decode_attrs(layout, d);
	return PT_OK;
}

void pt_clear(struct page_table *pt)
{
	if (!table_valid(pt))
		return;
	for (uint32_t i = 0; i < pt->l1_entries; i++) {
		uint32_t e = pt->l1[i];

		pt->l1[i] = 0;
		if (is_table(e))
			pt->mem->free_l2(pt->mem->ctx, l2_table(pt, e), e & L1_TABLE_BASE_MASK);
	}
	written(pt, pt->l1, pt->l1_entries);
}
