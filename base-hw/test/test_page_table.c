/*
 * Host tests for the ARM short-descriptor page-table encoder
 * (base-hw/src/arch/arm/page_table.c): descriptor bits against hand-computed
 * constants, and map/unmap/lookup/clear on a fake L2 allocator that detects
 * leaks, double frees and accesses to tables that are not live.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arch/page_table.h>

#define MiB 0x100000u
#define KiB 0x400u

/* ---- fake L2 memory: a pool of 1 KiB tables at fake physical addresses ---- */

#define POOL_TABLES    64
#define FAKE_PHYS_BASE 0x40000000u
#define POISON         0xa5a5a5a5u

struct fake_mem {
	uint32_t *pool; /* POOL_TABLES tables, 1 KiB aligned */
	bool used[POOL_TABLES];
	unsigned live, allocs, frees, failed;
	int fail_after; /* allocations beyond this many fail; < 0: never */
};

static unsigned pool_index(uint32_t phys)
{
	assert_true(phys >= FAKE_PHYS_BASE);
	assert_int_equal((phys - FAKE_PHYS_BASE) % PT_L2_SIZE, 0);
	unsigned i = (phys - FAKE_PHYS_BASE) / PT_L2_SIZE;
	assert_true(i < POOL_TABLES);
	return i;
}

static uint32_t *pool_table(struct fake_mem *fm, unsigned i)
{
	return fm->pool + i * PT_L2_ENTRIES;
}

static uint32_t *fake_alloc_l2(void *ctx, uint32_t *phys)
{
	struct fake_mem *fm = ctx;

	if (fm->fail_after >= 0 && fm->allocs >= (unsigned)fm->fail_after) {
		fm->failed++;
		return NULL;
	}
	for (unsigned i = 0; i < POOL_TABLES; i++) {
		if (fm->used[i])
			continue;
		fm->used[i] = true;
		fm->allocs++;
		fm->live++;
		memset(pool_table(fm, i), 0, PT_L2_SIZE);
		*phys = FAKE_PHYS_BASE + i * PT_L2_SIZE;
		return pool_table(fm, i);
	}
	fail_msg("fake L2 pool exhausted");
	return NULL;
}

static void fake_free_l2(void *ctx, uint32_t *l2, uint32_t phys)
{
	struct fake_mem *fm = ctx;
	unsigned i          = pool_index(phys);

	assert_ptr_equal(l2, pool_table(fm, i));
	assert_true(fm->used[i]); /* no double free */
	fm->used[i] = false;
	fm->frees++;
	fm->live--;
	/* Poison so that a later access through a stale pointer shows up. */
	for (unsigned j = 0; j < PT_L2_ENTRIES; j++)
		l2[j] = POISON;
}

static uint32_t *fake_phys_to_virt(void *ctx, uint32_t phys)
{
	struct fake_mem *fm = ctx;
	unsigned i          = pool_index(phys);

	assert_true(fm->used[i]); /* only live tables may be accessed */
	return pool_table(fm, i);
}

/* ---- fixture ---- */

struct snapshot;

struct fixture {
	struct fake_mem fm;
	struct pt_mem mem;
	struct page_table pt;
	struct snapshot *snap; /* owned here so that a failing test does not leak it */
};

static int setup_entries(void **state, uint32_t l1_entries)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->fm.pool = aligned_alloc(PT_L2_SIZE, POOL_TABLES * PT_L2_SIZE);
	assert_non_null(f->fm.pool);
	memset(f->fm.pool, 0xa5, POOL_TABLES * PT_L2_SIZE);
	f->fm.fail_after = -1;
	f->mem   = (struct pt_mem){ &f->fm, fake_alloc_l2, fake_free_l2, fake_phys_to_virt };
	f->pt.l1 = aligned_alloc(l1_entries * 4, l1_entries * 4);
	assert_non_null(f->pt.l1);
	memset(f->pt.l1, 0, l1_entries * 4);
	f->pt.l1_entries = l1_entries;
	f->pt.mem        = &f->mem;
	*state           = f;
	return 0;
}

static int setup(void **state) { return setup_entries(state, 4096); }
static int setup_2048(void **state) { return setup_entries(state, 2048); }

/* Whatever a test left mapped, pt_clear must give every table back. */
static int teardown(void **state)
{
	struct fixture *f = *state;

	pt_clear(&f->pt);
	assert_int_equal(f->fm.live, 0);
	assert_int_equal(f->fm.allocs, f->fm.frees);
	for (uint32_t i = 0; i < f->pt.l1_entries; i++)
		assert_int_equal(f->pt.l1[i], 0);
	free(f->snap);
	free(f->pt.l1);
	free(f->fm.pool);
	free(f);
	return 0;
}

/* The L2 table behind the L1 entry for va, which must be a table entry. */
static uint32_t *l2_of(struct fixture *f, uint32_t va)
{
	uint32_t e = f->pt.l1[va >> 20];
	assert_int_equal(e & 0x3ffu, 0x001u); /* type 01, domain 0, bit 9 clear */
	return fake_phys_to_virt(&f->fm, e & 0xfffffc00u);
}

static unsigned count_nonzero(const uint32_t *words, unsigned n)
{
	unsigned c = 0;
	for (unsigned i = 0; i < n; i++)
		c += words[i] != 0;
	return c;
}

/* ---- snapshots of the whole visible state ---- */

struct snapshot {
	uint32_t l1[PT_L1_ENTRIES_MAX];
	uint32_t pool[POOL_TABLES * PT_L2_ENTRIES];
	bool used[POOL_TABLES];
	unsigned live;
};

static struct snapshot *snapshot_take(struct fixture *f)
{
	struct snapshot *s = calloc(1, sizeof(*s));
	assert_non_null(s);
	memcpy(s->l1, f->pt.l1, f->pt.l1_entries * 4);
	memcpy(s->pool, f->fm.pool, sizeof(s->pool));
	memcpy(s->used, f->fm.used, sizeof(s->used));
	s->live = f->fm.live;
	free(f->snap);
	f->snap = s;
	return s;
}

/* L1 and every live L2 table identical; contents of free tables do not matter. */
static void snapshot_check_and_free(struct fixture *f, struct snapshot *s)
{
	for (uint32_t i = 0; i < f->pt.l1_entries; i++)
		assert_int_equal(f->pt.l1[i], s->l1[i]);
	assert_memory_equal(f->fm.used, s->used, sizeof(s->used));
	assert_int_equal(f->fm.live, s->live);
	for (unsigned t = 0; t < POOL_TABLES; t++)
		if (s->used[t])
			assert_memory_equal(pool_table(&f->fm, t), s->pool + t * PT_L2_ENTRIES,
					    PT_L2_SIZE);
	free(s);
	f->snap = NULL;
}

/* ---- descriptor encoders against hand-computed constants ---- */

/*
 * Section 0x80000000, RW, exec, global, privileged:
 * type 0x2 | B 0x4 | C 0x8 | AP=01 0x400 | TEX=001 0x1000 | S 0x10000 = 0x1140e
 */
static void test_section_desc_kernel_code(void **state)
{
	(void)state;
	assert_int_equal(pt_section_desc(0x80000000u, PT_WRITE | PT_EXEC | PT_GLOBAL), 0x8001140eu);
}

/*
 * Section 0x00100000, user RO, XN, not global:
 * 0x2 | 0x4 | 0x8 | XN 0x10 | AP=10 0x800 | TEX 0x1000 | AP2 0x8000 | S 0x10000 | nG 0x20000
 */
static void test_section_desc_user_ro(void **state)
{
	(void)state;
	assert_int_equal(pt_section_desc(0x00100000u, PT_USER), 0x0013981eu);
}

/* Privileged RO, XN, not global: AP2=1 AP=01 -> 0x8000 | 0x400 */
static void test_section_desc_priv_ro(void **state)
{
	(void)state;
	assert_int_equal(pt_section_desc(0xfff00000u, 0), 0xfff3941eu);
}

/*
 * Device, privileged RW, global: type 0x2 | B 0x4 | XN 0x10 | AP=01 0x400 | S 0x10000,
 * TEX=000 C=0; PT_EXEC must not clear XN. User RW non-global adds AP=11 0xc00, nG 0x20000.
 */
static void test_section_desc_device(void **state)
{
	(void)state;
	assert_int_equal(pt_section_desc(0x10000000u, PT_WRITE | PT_DEVICE | PT_GLOBAL),
			 0x10010416u);
	assert_int_equal(pt_section_desc(0x10000000u, PT_WRITE | PT_DEVICE | PT_GLOBAL | PT_EXEC),
			 0x10010416u);
	assert_int_equal(pt_section_desc(0x1c000000u, PT_WRITE | PT_USER | PT_DEVICE), 0x1c030c16u);
}

/*
 * Small page 0x12345000, user RW, XN, not global:
 * XN 0x1 | 0x2 | B 0x4 | C 0x8 | AP=11 0x30 | TEX=001 0x40 | S 0x400 | nG 0x800 = 0xc7f
 */
static void test_small_page_desc_user_rw(void **state)
{
	(void)state;
	assert_int_equal(pt_small_page_desc(0x12345000u, PT_WRITE | PT_USER), 0x12345c7fu);
}

/* User RX global: 0x2 | 0x4 | 0x8 | AP=10 0x20 | TEX 0x40 | AP2 0x200 | S 0x400 = 0x66e */
static void test_small_page_desc_user_rx_global(void **state)
{
	(void)state;
	assert_int_equal(pt_small_page_desc(0x00008000u, PT_USER | PT_EXEC | PT_GLOBAL),
			 0x0000866eu);
}

/* Device privileged RW, not global: XN 0x1 | 0x2 | B 0x4 | AP=01 0x10 | S 0x400 | nG 0x800 */
static void test_small_page_desc_device(void **state)
{
	(void)state;
	assert_int_equal(pt_small_page_desc(0xfffff000u, PT_WRITE | PT_DEVICE), 0xfffffc17u);
	assert_int_equal(pt_small_page_desc(0xfffff000u, PT_WRITE | PT_DEVICE | PT_EXEC),
			 0xfffffc17u);
}

/* Privileged RO, XN, global: 0xf | AP=01 0x10 | TEX 0x40 | AP2 0x200 | S 0x400 = 0x65f */
static void test_small_page_desc_priv_ro_global(void **state)
{
	(void)state;
	assert_int_equal(pt_small_page_desc(0xabcde000u, PT_GLOBAL), 0xabcde65fu);
}

static void test_l1_table_desc(void **state)
{
	(void)state;
	assert_int_equal(pt_l1_table_desc(0x40000400u), 0x40000401u);
	assert_int_equal(pt_l1_table_desc(0xfffffc00u), 0xfffffc01u);
	assert_int_equal(pt_l1_table_desc(0x00000000u), 0x00000001u);
}

/* Address bits below the base field must not leak into attribute bits. */
static void test_encoders_ignore_low_address_bits(void **state)
{
	(void)state;
	assert_int_equal(pt_section_desc(0x123abcdeu, PT_WRITE | PT_EXEC | PT_GLOBAL), 0x1231140eu);
	assert_int_equal(pt_small_page_desc(0x12345fffu, PT_WRITE | PT_USER), 0x12345c7fu);
	assert_int_equal(pt_l1_table_desc(0x400007ffu), 0x40000401u);
}

/* Reference encoder written field by field from the ARM ARM tables. */
static uint32_t ref_desc(unsigned f, bool section)
{
	bool dev    = f & PT_DEVICE;
	uint32_t xn = !(f & PT_EXEC) || dev, b = 1, c = !dev, tex = dev ? 0 : 1, s = 1;
	uint32_t ap2 = !(f & PT_WRITE), ng = !(f & PT_GLOBAL);
	uint32_t ap = !(f & PT_USER) ? 1 : (f & PT_WRITE) ? 3 : 2;

	if (section)
		return 2u | b << 2 | c << 3 | xn << 4 | ap << 10 | tex << 12 | ap2 << 15 | s << 16 |
		       ng << 17;
	return xn | 2u | b << 2 | c << 3 | ap << 4 | tex << 6 | ap2 << 9 | s << 10 | ng << 11;
}

static void test_desc_all_flags_match_reference(void **state)
{
	(void)state;
	for (unsigned f = 0; f < 32; f++) {
		assert_int_equal(pt_section_desc(0xabc00000u, f), 0xabc00000u | ref_desc(f, true));
		assert_int_equal(pt_small_page_desc(0xabcde000u, f),
				 0xabcde000u | ref_desc(f, false));
	}
}

/* ---- map ---- */

#define URW      (PT_WRITE | PT_USER)
#define URW_SECT 0x31c1eu /* section attributes for URW, derived as above */
#define URW_PAGE 0xc7fu   /* small-page attributes for URW */

static void test_map_sections_2mib(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x00100000u, 0x80000000u, 2 * MiB, URW), PT_OK);
	assert_int_equal(f->pt.l1[0], 0);
	assert_int_equal(f->pt.l1[1], 0x80031c1eu);
	assert_int_equal(f->pt.l1[2], 0x80131c1eu);
	assert_int_equal(f->pt.l1[3], 0);
	assert_int_equal(count_nonzero(f->pt.l1, 4096), 2);
	assert_int_equal(f->fm.allocs, 0);
}

/* va aligned but pa only page aligned: no sections possible. */
static void test_map_small_pages_unaligned_pa(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x00100000u, 0x80001000u, 2 * MiB, URW), PT_OK);
	assert_int_equal(f->fm.allocs, 2);
	assert_int_equal(f->fm.live, 2);
	uint32_t *a = l2_of(f, 0x00100000u), *b = l2_of(f, 0x00200000u);
	assert_int_equal(a[0], 0x80001c7fu);
	assert_int_equal(a[255], 0x80100c7fu);
	assert_int_equal(b[0], 0x80101c7fu);
	assert_int_equal(b[255], 0x80200c7fu);
	for (unsigned i = 0; i < 256; i++) {
		assert_int_equal(a[i], 0x80001000u + i * 0x1000u + URW_PAGE);
		assert_int_equal(b[i], 0x80101000u + i * 0x1000u + URW_PAGE);
	}
	assert_int_equal(count_nonzero(f->pt.l1, 4096), 2);
}

/* Everything aligned but less than a section. */
static void test_map_small_pages_short_size(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x00100000u, 0x80000000u, 0x80000u, URW), PT_OK);
	uint32_t *t = l2_of(f, 0x00100000u);
	assert_int_equal(t[0], 0x80000c7fu);
	assert_int_equal(t[127], 0x8007fc7fu);
	assert_int_equal(t[128], 0);
	assert_int_equal(count_nonzero(t, 256), 128);
	assert_int_equal(f->fm.live, 1);
}

/* va 0xff000 size 0x102000: one page, one section, one page. */
static void test_map_mixed(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x000ff000u, 0x800ff000u, 0x102000u, URW), PT_OK);
	assert_int_equal(f->fm.allocs, 2);
	/* the two new tables are the first two of the pool, in either order */
	uint32_t t0 = f->pt.l1[0], t2 = f->pt.l1[2];
	assert_true((t0 == 0x40000001u && t2 == 0x40000401u) ||
		    (t0 == 0x40000401u && t2 == 0x40000001u));
	assert_int_equal(f->pt.l1[1], 0x80131c1eu);
	assert_int_equal(f->pt.l1[3], 0);
	uint32_t *a = l2_of(f, 0), *b = l2_of(f, 0x00200000u);
	assert_int_equal(a[255], 0x800ffc7fu);
	assert_int_equal(count_nonzero(a, 256), 1);
	assert_int_equal(b[0], 0x80200c7fu);
	assert_int_equal(count_nonzero(b, 256), 1);
}

/* Aligned start, 1.5 MiB: a section, then half an L2 table. */
static void test_map_section_then_small_tail(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(
	    pt_map(&f->pt, 0x00100000u, 0x00100000u, 0x180000u, PT_WRITE | PT_EXEC | PT_GLOBAL),
	    PT_OK);
	assert_int_equal(f->pt.l1[1], 0x0011140eu);
	uint32_t *t = l2_of(f, 0x00200000u);
	assert_int_equal(t[0], 0x0020045eu); /* 0x2|0x4|0x8 | AP=01 0x10 | TEX 0x40 | S 0x400 */
	assert_int_equal(t[127], 0x0027f45eu);
	assert_int_equal(count_nonzero(t, 256), 128);
	assert_int_equal(f->fm.live, 1);
}

/* A second mapping in a slot that already has a table uses that table. */
static void test_map_reuses_existing_l2(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x00100000u, 0x80000000u, 0x1000u, URW), PT_OK);
	uint32_t before = f->pt.l1[1];
	/* aligned and 1 MiB, but the slot is taken by a table: small pages again */
	assert_int_equal(pt_map(&f->pt, 0x00101000u, 0x90001000u, 0xff000u, PT_USER), PT_OK);
	assert_int_equal(f->pt.l1[1], before);
	assert_int_equal(f->fm.allocs, 1);
	uint32_t *t = l2_of(f, 0x00100000u);
	assert_int_equal(t[0], 0x80000c7fu);
	assert_int_equal(t[1], 0x90001e6fu); /* user RO: AP=10 0x20, AP2 0x200 */
	assert_int_equal(t[255], 0x900ffe6fu);
	assert_int_equal(count_nonzero(t, 256), 256);
}

/* The last page and last section of the 4 GiB space (high vectors live there). */
static void test_map_top_of_address_space(void **state)
{
	struct fixture *f = *state;
	uint32_t pa;

	assert_int_equal(pt_map(&f->pt, 0xfff00000u, 0x00000000u, 0x000ff000u, URW), PT_OK);
	assert_int_equal(pt_map(&f->pt, 0xffff0000u, 0x1000u, 0x1000u, PT_EXEC), PT_ERR_EXISTS);
	assert_int_equal(pt_map(&f->pt, 0xfffff000u, 0x12345000u, 0x1000u, PT_EXEC), PT_OK);
	assert_int_equal(l2_of(f, 0xfffff000u)[255],
			 0x12345e5eu); /* 0xe|0x10|0x40|0x200|0x400|0x800 */
	assert_int_equal(pt_lookup(&f->pt, 0xffffffffu, &pa, NULL), PT_OK);
	assert_int_equal(pa, 0x12345fffu);
	assert_int_equal(pt_unmap(&f->pt, 0xfff00000u, MiB), PT_OK);
	assert_int_equal(f->fm.live, 0);
	assert_int_equal(pt_map(&f->pt, 0xfff00000u, 0x80000000u, MiB, URW), PT_OK);
	assert_int_equal(f->pt.l1[4095], 0x80031c1eu);
}

/* ---- lookup ---- */

static void test_lookup_odd_offsets(void **state)
{
	struct fixture *f = *state;
	uint32_t pa       = 0;
	unsigned fl       = 0;

	assert_int_equal(pt_map(&f->pt, 0x000ff000u, 0x800ff000u, 0x102000u, URW), PT_OK);
	assert_int_equal(pt_lookup(&f->pt, 0x000ff123u, &pa, &fl), PT_OK);
	assert_int_equal(pa, 0x800ff123u);
	assert_int_equal(fl, URW);
	assert_int_equal(pt_lookup(&f->pt, 0x001abcdeu, &pa, &fl), PT_OK);
	assert_int_equal(pa, 0x801abcdeu);
	assert_int_equal(fl, URW);
	assert_int_equal(pt_lookup(&f->pt, 0x00200fffu, &pa, NULL), PT_OK);
	assert_int_equal(pa, 0x80200fffu);
	assert_int_equal(pt_lookup(&f->pt, 0x00100000u, NULL, NULL), PT_OK);
	assert_int_equal(pt_lookup(&f->pt, 0x00201000u, &pa, &fl), PT_ERR_NOT_MAPPED);
	assert_int_equal(pt_lookup(&f->pt, 0x000fefffu, &pa, &fl), PT_ERR_NOT_MAPPED);
	assert_int_equal(pt_lookup(&f->pt, 0x00000000u, &pa, &fl), PT_ERR_NOT_MAPPED);
	assert_int_equal(pt_lookup(&f->pt, 0x12345678u, &pa, &fl), PT_ERR_NOT_MAPPED);
}

/* Every flag combination survives map + lookup, as a section and as a page. */
static void test_lookup_flags_roundtrip(void **state)
{
	struct fixture *f = *state;

	for (unsigned fl = 0; fl < 32; fl++) {
		/* device memory is always XN, so EXEC cannot be read back */
		unsigned expect = (fl & PT_DEVICE) ? fl & ~(unsigned)PT_EXEC : fl;
		uint32_t pa     = 0;
		unsigned got    = ~0u;

		assert_int_equal(pt_map(&f->pt, 0x00100000u, 0x80000000u, MiB, fl), PT_OK);
		assert_int_equal(pt_map(&f->pt, 0x00305000u, 0x9abcd000u, 0x1000u, fl), PT_OK);
		assert_int_equal(f->pt.l1[1], 0x80000000u | ref_desc(fl, true));
		assert_int_equal(pt_lookup(&f->pt, 0x00112345u, &pa, &got), PT_OK);
		assert_int_equal(pa, 0x80012345u);
		assert_int_equal(got, expect);
		assert_int_equal(pt_lookup(&f->pt, 0x00305abcu, &pa, &got), PT_OK);
		assert_int_equal(pa, 0x9abcdabcu);
		assert_int_equal(got, expect);
		assert_int_equal(pt_unmap(&f->pt, 0x00100000u, 3 * MiB), PT_OK);
	}
	assert_int_equal(count_nonzero(f->pt.l1, 4096), 0);
	assert_int_equal(f->fm.live, 0);
}

/* ---- conflicts and rollback ---- */

static void test_map_exists_leaves_tables_unchanged(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x00180000u, 0x70000000u, 0x1000u, URW), PT_OK);
	assert_int_equal(pt_map(&f->pt, 0x00500000u, 0x71000000u, MiB, URW), PT_OK);
	struct snapshot *s = snapshot_take(f);
	unsigned allocs    = f->fm.allocs;

	/* 0x100000..: slot 1 holds a table whose page 0x180000 is taken; slot 2 would be new */
	assert_int_equal(pt_map(&f->pt, 0x00100000u, 0x80000000u, 2 * MiB, URW), PT_ERR_EXISTS);
	/* ends on the first page of a section */
	assert_int_equal(pt_map(&f->pt, 0x003ff000u, 0x80000000u, 0x102000u, URW), PT_ERR_EXISTS);
	/* last page of the range overlaps */
	assert_int_equal(pt_map(&f->pt, 0x00100000u, 0x80000000u, 0x81000u, URW), PT_ERR_EXISTS);
	/* exact remap */
	assert_int_equal(pt_map(&f->pt, 0x00180000u, 0x70000000u, 0x1000u, URW), PT_ERR_EXISTS);
	snapshot_check_and_free(f, s);
	assert_int_equal(f->fm.allocs, allocs); /* conflicts are found before allocating */
}

static void test_map_exists_on_section(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x00300000u, 0x80000000u, MiB, URW), PT_OK);
	struct snapshot *s = snapshot_take(f);

	assert_int_equal(pt_map(&f->pt, 0x00345000u, 0x1000u, 0x1000u, URW), PT_ERR_EXISTS);
	assert_int_equal(pt_map(&f->pt, 0x002ff000u, 0x1000u, 0x2000u, URW), PT_ERR_EXISTS);
	assert_int_equal(pt_map(&f->pt, 0x00300000u, 0x90000000u, MiB, URW), PT_ERR_EXISTS);
	snapshot_check_and_free(f, s);
	assert_int_equal(f->fm.allocs, 0);
}

/* Needs 4 new tables, the second allocation fails: nothing mapped, the first freed. */
static void test_map_nomem_rolls_back(void **state)
{
	struct fixture *f  = *state;
	struct snapshot *s = snapshot_take(f);

	f->fm.fail_after = 1;
	assert_int_equal(pt_map(&f->pt, 0x00001000u, 0x80002000u, 3 * MiB, URW), PT_ERR_NOMEM);
	assert_int_equal(f->fm.allocs, 1);
	assert_int_equal(f->fm.frees, 1);
	assert_int_equal(f->fm.failed, 1);
	assert_int_equal(f->fm.live, 0);
	snapshot_check_and_free(f, s);

	f->fm.fail_after = -1;
	assert_int_equal(pt_map(&f->pt, 0x00001000u, 0x80002000u, 3 * MiB, URW), PT_OK);
	assert_int_equal(f->fm.live, 4);
}

/* Rollback of many tables (the chained list), next to tables that must survive. */
static void test_map_nomem_keeps_existing_tables(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x00000000u, 0x60000000u, 0x1000u, URW), PT_OK);
	assert_int_equal(pt_map(&f->pt, 0x04000000u, 0x61000000u, 0x1000u, URW), PT_OK);
	struct snapshot *s = snapshot_take(f);

	/* slots 0..31: slot 0 has a table, 31 new ones needed, only 20 available */
	f->fm.fail_after = 2 + 20;
	assert_int_equal(pt_map(&f->pt, 0x00001000u, 0x80002000u, 32 * MiB - 0x1000u, URW),
			 PT_ERR_NOMEM);
	assert_int_equal(f->fm.allocs, 22);
	assert_int_equal(f->fm.frees, 20);
	assert_int_equal(f->fm.live, 2);
	snapshot_check_and_free(f, s);
	uint32_t pa;
	assert_int_equal(pt_lookup(&f->pt, 0x00000000u, &pa, NULL), PT_OK);
	assert_int_equal(pa, 0x60000000u);
	assert_int_equal(pt_lookup(&f->pt, 0x00001000u, &pa, NULL), PT_ERR_NOT_MAPPED);

	f->fm.fail_after = -1;
	assert_int_equal(pt_map(&f->pt, 0x00001000u, 0x80002000u, 32 * MiB - 0x1000u, URW), PT_OK);
	assert_int_equal(f->fm.live, 33);
	assert_int_equal(l2_of(f, 0)[1], 0x80002c7fu);
	assert_int_equal(l2_of(f, 0x01f00000u)[255], 0x82000c7fu);
	for (uint32_t va = 0x1000u; va < 32 * MiB; va += 0x1000u)
		assert_int_equal(l2_of(f, va)[(va >> 12) & 0xff], 0x80001000u + va + URW_PAGE);
}

/* ---- argument checks ---- */

static void test_range_2048_table(void **state)
{
	struct fixture *f = *state;
	uint32_t pa;

	assert_int_equal(pt_map(&f->pt, 0x7ff00000u, 0x80000000u, MiB, URW), PT_OK);
	assert_int_equal(f->pt.l1[2047], 0x80031c1eu);
	assert_int_equal(pt_map(&f->pt, 0x80000000u, 0x80000000u, 0x1000u, URW), PT_ERR_RANGE);
	assert_int_equal(pt_map(&f->pt, 0x7ffff000u, 0x90000000u, 0x2000u, URW), PT_ERR_RANGE);
	assert_int_equal(pt_map(&f->pt, 0xfff00000u, 0x90000000u, MiB, URW), PT_ERR_RANGE);
	assert_int_equal(pt_lookup(&f->pt, 0x7fffffffu, &pa, NULL), PT_OK);
	assert_int_equal(pa, 0x800fffffu);
	assert_int_equal(pt_lookup(&f->pt, 0x80000000u, &pa, NULL), PT_ERR_RANGE);
	assert_int_equal(pt_unmap(&f->pt, 0x80000000u, 0x1000u), PT_ERR_RANGE);
	assert_int_equal(pt_unmap(&f->pt, 0x7ff00000u, 2 * MiB), PT_ERR_RANGE);
	assert_int_equal(f->pt.l1[2047], 0x80031c1eu);
	assert_int_equal(pt_unmap(&f->pt, 0x7ff00000u, MiB), PT_OK);
	assert_int_equal(f->pt.l1[2047], 0);
	assert_int_equal(f->fm.allocs, 0);
}

static void test_range_wraparound_and_empty(void **state)
{
	struct fixture *f  = *state;
	struct snapshot *s = snapshot_take(f);

	assert_int_equal(pt_map(&f->pt, 0xfffff000u, 0x1000u, 0x2000u, URW), PT_ERR_RANGE);
	assert_int_equal(pt_map(&f->pt, 0xfff00000u, 0x0u, 0xfff00000u, URW), PT_ERR_RANGE);
	assert_int_equal(pt_map(&f->pt, 0x1000u, 0xfffff000u, 0x2000u, URW), PT_ERR_RANGE);
	assert_int_equal(pt_map(&f->pt, 0x2000u, 0x2000u, 0xfffff000u, URW), PT_ERR_RANGE);
	assert_int_equal(pt_map(&f->pt, 0x1000u, 0x1000u, 0, URW), PT_ERR_RANGE);
	assert_int_equal(pt_unmap(&f->pt, 0xfffff000u, 0x2000u), PT_ERR_RANGE);
	assert_int_equal(pt_unmap(&f->pt, 0x1000u, 0), PT_ERR_RANGE);
	snapshot_check_and_free(f, s);
	assert_int_equal(f->fm.allocs, 0);
	/* ending exactly at 4 GiB is not a wrap: everything but page 0, one L2 table */
	assert_int_equal(pt_map(&f->pt, 0x1000u, 0x1000u, 0xfffff000u, URW), PT_OK);
	assert_int_equal(f->fm.live, 1);
	assert_int_equal(count_nonzero(f->pt.l1, 4096), 4096);
	assert_int_equal(f->pt.l1[4095], 0xfff31c1eu);
	assert_int_equal(pt_unmap(&f->pt, 0x1000u, 0xfffff000u), PT_OK);
	assert_int_equal(count_nonzero(f->pt.l1, 4096), 0);
	assert_int_equal(f->fm.live, 0);
	assert_int_equal(pt_map(&f->pt, 0xffe00000u, 0xffe00000u, 2 * MiB, URW), PT_OK);
	assert_int_equal(f->pt.l1[4095], 0xfff31c1eu);
}

static void test_misaligned_inputs(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x00100000u, 0x80000000u, MiB, URW), PT_OK);
	struct snapshot *s = snapshot_take(f);

	assert_int_equal(pt_map(&f->pt, 0x00001001u, 0x1000u, 0x1000u, URW), PT_ERR_ALIGN);
	assert_int_equal(pt_map(&f->pt, 0x00001000u, 0x0800u, 0x1000u, URW), PT_ERR_ALIGN);
	assert_int_equal(pt_map(&f->pt, 0x00001000u, 0x1000u, 0x1800u, URW), PT_ERR_ALIGN);
	assert_int_equal(pt_map(&f->pt, 0x00000ffcu, 0x1000u, 0x0u, URW), PT_ERR_ALIGN);
	assert_int_equal(pt_unmap(&f->pt, 0x00100800u, 0x1000u), PT_ERR_ALIGN);
	assert_int_equal(pt_unmap(&f->pt, 0x00100000u, MiB - 1), PT_ERR_ALIGN);
	snapshot_check_and_free(f, s);
	assert_int_equal(f->fm.allocs, 0);
}

static void test_invalid_table_rejected(void **state)
{
	struct fixture *f     = *state;
	struct page_table bad = f->pt;
	struct pt_mem no_free = f->mem;
	uint32_t pa;

	bad.l1_entries = 1000; /* not 4096 >> N */
	assert_int_equal(pt_map(&bad, 0, 0, 0x1000u, URW), PT_ERR_RANGE);
	bad.l1_entries = 8192;
	assert_int_equal(pt_map(&bad, 0, 0, 0x1000u, URW), PT_ERR_RANGE);
	assert_int_equal(pt_lookup(&bad, 0, &pa, NULL), PT_ERR_RANGE);
	bad    = f->pt;
	bad.l1 = NULL;
	assert_int_equal(pt_map(&bad, 0, 0, 0x1000u, URW), PT_ERR_RANGE);
	assert_int_equal(pt_unmap(&bad, 0, 0x1000u), PT_ERR_RANGE);
	bad             = f->pt;
	no_free.free_l2 = NULL;
	bad.mem         = &no_free;
	assert_int_equal(pt_map(&bad, 0, 0, 0x1000u, URW), PT_ERR_RANGE);
	assert_int_equal(pt_map(NULL, 0, 0, 0x1000u, URW), PT_ERR_RANGE);
	pt_clear(NULL);
	assert_int_equal(count_nonzero(f->pt.l1, 4096), 0);
	assert_int_equal(f->fm.allocs, 0);
}

/* ---- unmap ---- */

static void test_unmap_partial_section_rejected(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x00100000u, 0x80000000u, MiB, URW), PT_OK);
	assert_int_equal(pt_map(&f->pt, 0x00000000u, 0x70000000u, 0x1000u, URW), PT_OK);
	struct snapshot *s = snapshot_take(f);

	assert_int_equal(pt_unmap(&f->pt, 0x00100000u, 0x1000u), PT_ERR_ALIGN);
	assert_int_equal(pt_unmap(&f->pt, 0x001ff000u, 0x2000u), PT_ERR_ALIGN);
	/* covers the page in slot 0 fully, the section only partly: the page stays too */
	assert_int_equal(pt_unmap(&f->pt, 0x00000000u, 0x180000u), PT_ERR_ALIGN);
	snapshot_check_and_free(f, s);

	assert_int_equal(pt_unmap(&f->pt, 0x00000000u, 2 * MiB), PT_OK);
	assert_int_equal(count_nonzero(f->pt.l1, 4096), 0);
	assert_int_equal(f->fm.live, 0);
}

static void test_unmap_frees_empty_l2(void **state)
{
	struct fixture *f = *state;
	uint32_t pa;

	assert_int_equal(pt_map(&f->pt, 0x00400000u, 0x80000000u, 0x1000u, URW), PT_OK);
	assert_int_equal(pt_map(&f->pt, 0x004ff000u, 0x80001000u, 0x1000u, URW), PT_OK);
	assert_int_equal(f->fm.live, 1);
	/* range with unmapped parts on both sides of the first page */
	assert_int_equal(pt_unmap(&f->pt, 0x00300000u, 0x1ff000u), PT_OK);
	assert_int_equal(f->fm.live, 1);
	assert_int_equal(pt_lookup(&f->pt, 0x00400000u, &pa, NULL), PT_ERR_NOT_MAPPED);
	assert_int_equal(pt_lookup(&f->pt, 0x004ff000u, &pa, NULL), PT_OK);
	assert_int_equal(count_nonzero(l2_of(f, 0x00400000u), 256), 1);
	assert_int_equal(pt_unmap(&f->pt, 0x004ff000u, 0x1000u), PT_OK);
	assert_int_equal(f->pt.l1[4], 0);
	assert_int_equal(f->fm.live, 0);
	assert_int_equal(f->fm.frees, 1);
	/* unmapping nothing is fine */
	assert_int_equal(pt_unmap(&f->pt, 0x00000000u, 16 * MiB), PT_OK);
	assert_int_equal(f->fm.frees, 1);
}

static void test_unmap_mixed_clears_everything(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x000ff000u, 0x800ff000u, 0x102000u, URW), PT_OK);
	assert_int_equal(f->fm.live, 2);
	assert_int_equal(pt_unmap(&f->pt, 0x000ff000u, 0x102000u), PT_OK);
	assert_int_equal(count_nonzero(f->pt.l1, 4096), 0);
	assert_int_equal(f->fm.live, 0);
	assert_int_equal(f->fm.frees, 2);
}

static void test_remap_after_unmap(void **state)
{
	struct fixture *f = *state;
	uint32_t pa;
	unsigned fl;

	assert_int_equal(pt_map(&f->pt, 0x000ff000u, 0x800ff000u, 0x102000u, URW), PT_OK);
	assert_int_equal(pt_unmap(&f->pt, 0x000ff000u, 0x102000u), PT_OK);
	assert_int_equal(
	    pt_map(&f->pt, 0x000ff000u, 0x10000000u, 0x102000u, PT_WRITE | PT_DEVICE | PT_GLOBAL),
	    PT_OK);
	/* pa not 1 MiB aligned relative to va: all pages, three tables */
	assert_int_equal(f->fm.live, 3);
	assert_int_equal(l2_of(f, 0x000ff000u)[255], 0x10000417u); /* 0x7 | AP 0x10 | S 0x400 */
	assert_int_equal(l2_of(f, 0x00100000u)[0], 0x10001417u);
	assert_int_equal(l2_of(f, 0x00200000u)[0], 0x10101417u);
	assert_int_equal(pt_lookup(&f->pt, 0x00180004u, &pa, &fl), PT_OK);
	assert_int_equal(pa, 0x10081004u);
	assert_int_equal(fl, PT_WRITE | PT_DEVICE | PT_GLOBAL);
}

/* ---- clear ---- */

static void test_clear_frees_all(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x000ff000u, 0x800ff000u, 0x102000u, URW), PT_OK);
	assert_int_equal(pt_map(&f->pt, 0x10000000u, 0x10000000u, 4 * MiB, PT_WRITE | PT_DEVICE),
			 PT_OK);
	assert_int_equal(pt_map(&f->pt, 0x20003000u, 0x20003000u, 0x5000u, PT_USER), PT_OK);
	assert_int_equal(f->fm.live, 3);
	assert_int_equal(count_nonzero(f->pt.l1, 4096), 8);
	pt_clear(&f->pt);
	assert_int_equal(f->fm.live, 0);
	assert_int_equal(f->fm.frees, 3);
	assert_int_equal(count_nonzero(f->pt.l1, 4096), 0);
	/* the table is usable again */
	assert_int_equal(pt_map(&f->pt, 0x20003000u, 0x20003000u, 0x1000u, PT_USER), PT_OK);
	assert_int_equal(f->fm.live, 1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_section_desc_kernel_code),
		cmocka_unit_test(test_section_desc_user_ro),
		cmocka_unit_test(test_section_desc_priv_ro),
		cmocka_unit_test(test_section_desc_device),
		cmocka_unit_test(test_small_page_desc_user_rw),
		cmocka_unit_test(test_small_page_desc_user_rx_global),
		cmocka_unit_test(test_small_page_desc_device),
		cmocka_unit_test(test_small_page_desc_priv_ro_global),
		cmocka_unit_test(test_l1_table_desc),
		cmocka_unit_test(test_encoders_ignore_low_address_bits),
		cmocka_unit_test(test_desc_all_flags_match_reference),
		T(test_map_sections_2mib),
		T(test_map_small_pages_unaligned_pa),
		T(test_map_small_pages_short_size),
		T(test_map_mixed),
		T(test_map_section_then_small_tail),
		T(test_map_reuses_existing_l2),
		T(test_map_top_of_address_space),
		T(test_lookup_odd_offsets),
		T(test_lookup_flags_roundtrip),
		T(test_map_exists_leaves_tables_unchanged),
		T(test_map_exists_on_section),
		T(test_map_nomem_rolls_back),
		T(test_map_nomem_keeps_existing_tables),
		cmocka_unit_test_setup_teardown(test_range_2048_table, setup_2048, teardown),
		T(test_range_wraparound_and_empty),
		T(test_misaligned_inputs),
		T(test_invalid_table_rejected),
		T(test_unmap_partial_section_rejected),
		T(test_unmap_frees_empty_l2),
		T(test_unmap_mixed_clears_everything),
		T(test_remap_after_unmap),
		T(test_clear_frees_all),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
