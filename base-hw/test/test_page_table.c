/*
 * Host tests for the ARM short-descriptor page-table encoder
 * (base-hw/src/arch/arm/page_table.c), built for ARMv7 and for ARMv6:
 * descriptor bits against hand-computed constants, and map/unmap/lookup/
 * clear on a fake L2 allocator that detects leaks, double frees and
 * accesses to tables that are not live, where the table walker must see
 * every change (page_table_fake.h).
 */
#include <stdlib.h>
#include <string.h>
#include "page_table_fake.h"

/*
 * The S bit as the manual wants it for the architecture this binary is
 * built for (page_table.mk): set on ARMv7; clear on ARMv6, whose ARM1176
 * does not cache shareable memory at all. It comes from the build, not from
 * the code under test; the hand-computed constants below leave it out.
 */
#define S_SECT (EXPECT_SHAREABLE ? 0x10000u : 0)
#define S_PAGE (EXPECT_SHAREABLE ? 0x400u : 0)

/* ---- descriptor encoders against hand-computed constants ---- */

/*
 * Section 0x80000000, RW, exec, global, privileged:
 * type 0x2 | B 0x4 | C 0x8 | AP=01 0x400 | TEX=001 0x1000 = 0x140e, and S
 */
static void test_section_desc_kernel_code(void **state)
{
	(void)state;
	assert_int_equal(pt_section_desc(0x80000000u, PT_WRITE | PT_EXEC | PT_GLOBAL),
			 (0x8000140eu | S_SECT));
}

/*
 * Section 0x00100000, user RO, XN, not global:
 * 0x2 | 0x4 | 0x8 | XN 0x10 | AP=10 0x800 | TEX 0x1000 | AP2 0x8000 | nG 0x20000, and S
 */
static void test_section_desc_user_ro(void **state)
{
	(void)state;
	assert_int_equal(pt_section_desc(0x00100000u, PT_USER), (0x0012981eu | S_SECT));
}

/* Privileged RO, XN, not global: AP2=1 AP=01 -> 0x8000 | 0x400 */
static void test_section_desc_priv_ro(void **state)
{
	(void)state;
	assert_int_equal(pt_section_desc(0xfff00000u, 0), (0xfff2941eu | S_SECT));
}

/*
 * Device, privileged RW, global: type 0x2 | B 0x4 | XN 0x10 | AP=01 0x400, and S,
 * TEX=000 C=0; PT_EXEC must not clear XN. User RW non-global adds AP=11 0xc00, nG 0x20000.
 */
static void test_section_desc_device(void **state)
{
	(void)state;
	assert_int_equal(pt_section_desc(0x10000000u, PT_WRITE | PT_DEVICE | PT_GLOBAL),
			 (0x10000416u | S_SECT));
	assert_int_equal(pt_section_desc(0x10000000u, PT_WRITE | PT_DEVICE | PT_GLOBAL | PT_EXEC),
			 (0x10000416u | S_SECT));
	assert_int_equal(pt_section_desc(0x1c000000u, PT_WRITE | PT_USER | PT_DEVICE),
			 (0x1c020c16u | S_SECT));
}

/*
 * Small page 0x12345000, user RW, XN, not global:
 * XN 0x1 | 0x2 | B 0x4 | C 0x8 | AP=11 0x30 | TEX=001 0x40 | nG 0x800 = 0x87f, and S
 */
static void test_small_page_desc_user_rw(void **state)
{
	(void)state;
	assert_int_equal(pt_small_page_desc(0x12345000u, PT_WRITE | PT_USER),
			 (0x1234587fu | S_PAGE));
}

/* User RX global: 0x2 | 0x4 | 0x8 | AP=10 0x20 | TEX 0x40 | AP2 0x200 = 0x26e, and S */
static void test_small_page_desc_user_rx_global(void **state)
{
	(void)state;
	assert_int_equal(pt_small_page_desc(0x00008000u, PT_USER | PT_EXEC | PT_GLOBAL),
			 (0x0000826eu | S_PAGE));
}

/* Device privileged RW, not global: XN 0x1 | 0x2 | B 0x4 | AP=01 0x10 | nG 0x800, and S */
static void test_small_page_desc_device(void **state)
{
	(void)state;
	assert_int_equal(pt_small_page_desc(0xfffff000u, PT_WRITE | PT_DEVICE),
			 (0xfffff817u | S_PAGE));
	assert_int_equal(pt_small_page_desc(0xfffff000u, PT_WRITE | PT_DEVICE | PT_EXEC),
			 (0xfffff817u | S_PAGE));
}

/* Privileged RO, XN, global: 0xf | AP=01 0x10 | TEX 0x40 | AP2 0x200 = 0x25f, and S */
static void test_small_page_desc_priv_ro_global(void **state)
{
	(void)state;
	assert_int_equal(pt_small_page_desc(0xabcde000u, PT_GLOBAL), (0xabcde25fu | S_PAGE));
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
	assert_int_equal(pt_section_desc(0x123abcdeu, PT_WRITE | PT_EXEC | PT_GLOBAL),
			 (0x1230140eu | S_SECT));
	assert_int_equal(pt_small_page_desc(0x12345fffu, PT_WRITE | PT_USER),
			 (0x1234587fu | S_PAGE));
	assert_int_equal(pt_l1_table_desc(0x400007ffu), 0x40000401u);
}

/* Reference encoder written field by field from the ARM ARM tables. */
static uint32_t ref_desc(unsigned f, bool section)
{
	bool dev    = f & PT_DEVICE;
	uint32_t xn = !(f & PT_EXEC) || dev, b = 1, c = !dev, tex = dev ? 0 : 1,
		 s   = EXPECT_SHAREABLE;
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
#define URW_SECT (0x21c1eu | S_SECT) /* section attributes for URW, derived as above */
#define URW_PAGE (0x87fu | S_PAGE)   /* small-page attributes for URW */

static void test_map_sections_2mib(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x00100000u, 0x80000000u, 2 * MiB, URW), PT_OK);
	assert_int_equal(f->pt.l1[0], 0);
	assert_int_equal(f->pt.l1[1], (0x80021c1eu | S_SECT));
	assert_int_equal(f->pt.l1[2], (0x80121c1eu | S_SECT));
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
	assert_int_equal(a[0], (0x8000187fu | S_PAGE));
	assert_int_equal(a[255], (0x8010087fu | S_PAGE));
	assert_int_equal(b[0], (0x8010187fu | S_PAGE));
	assert_int_equal(b[255], (0x8020087fu | S_PAGE));
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
	assert_int_equal(t[0], (0x8000087fu | S_PAGE));
	assert_int_equal(t[127], (0x8007f87fu | S_PAGE));
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
	assert_int_equal(f->pt.l1[1], (0x80121c1eu | S_SECT));
	assert_int_equal(f->pt.l1[3], 0);
	uint32_t *a = l2_of(f, 0), *b = l2_of(f, 0x00200000u);
	assert_int_equal(a[255], (0x800ff87fu | S_PAGE));
	assert_int_equal(count_nonzero(a, 256), 1);
	assert_int_equal(b[0], (0x8020087fu | S_PAGE));
	assert_int_equal(count_nonzero(b, 256), 1);
}

/* Aligned start, 1.5 MiB: a section, then half an L2 table. */
static void test_map_section_then_small_tail(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(
	    pt_map(&f->pt, 0x00100000u, 0x00100000u, 0x180000u, PT_WRITE | PT_EXEC | PT_GLOBAL),
	    PT_OK);
	assert_int_equal(f->pt.l1[1], (0x0010140eu | S_SECT));
	uint32_t *t = l2_of(f, 0x00200000u);
	assert_int_equal(t[0], (0x0020005eu | S_PAGE)); /* 0x2|0x4|0x8 | AP=01 0x10 | TEX 0x40 */
	assert_int_equal(t[127], (0x0027f05eu | S_PAGE));
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
	assert_int_equal(t[0], (0x8000087fu | S_PAGE));
	assert_int_equal(t[1], (0x90001a6fu | S_PAGE)); /* user RO: AP=10 0x20, AP2 0x200 */
	assert_int_equal(t[255], (0x900ffa6fu | S_PAGE));
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
			 (0x12345a5eu | S_PAGE)); /* 0xe|0x10|0x40|0x200|0x800 */
	assert_int_equal(pt_lookup(&f->pt, 0xffffffffu, &pa, NULL), PT_OK);
	assert_int_equal(pa, 0x12345fffu);
	assert_int_equal(pt_unmap(&f->pt, 0xfff00000u, MiB), PT_OK);
	assert_int_equal(f->fm.live, 0);
	assert_int_equal(pt_map(&f->pt, 0xfff00000u, 0x80000000u, MiB, URW), PT_OK);
	assert_int_equal(f->pt.l1[4095], (0x80021c1eu | S_SECT));
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
	assert_int_equal(l2_of(f, 0)[1], (0x8000287fu | S_PAGE));
	assert_int_equal(l2_of(f, 0x01f00000u)[255], (0x8200087fu | S_PAGE));
	for (uint32_t va = 0x1000u; va < 32 * MiB; va += 0x1000u)
		assert_int_equal(l2_of(f, va)[(va >> 12) & 0xff], 0x80001000u + va + URW_PAGE);
}

/* ---- argument checks ---- */

static void test_range_2048_table(void **state)
{
	struct fixture *f = *state;
	uint32_t pa;

	assert_int_equal(pt_map(&f->pt, 0x7ff00000u, 0x80000000u, MiB, URW), PT_OK);
	assert_int_equal(f->pt.l1[2047], (0x80021c1eu | S_SECT));
	assert_int_equal(pt_map(&f->pt, 0x80000000u, 0x80000000u, 0x1000u, URW), PT_ERR_RANGE);
	assert_int_equal(pt_map(&f->pt, 0x7ffff000u, 0x90000000u, 0x2000u, URW), PT_ERR_RANGE);
	assert_int_equal(pt_map(&f->pt, 0xfff00000u, 0x90000000u, MiB, URW), PT_ERR_RANGE);
	assert_int_equal(pt_lookup(&f->pt, 0x7fffffffu, &pa, NULL), PT_OK);
	assert_int_equal(pa, 0x800fffffu);
	assert_int_equal(pt_lookup(&f->pt, 0x80000000u, &pa, NULL), PT_ERR_RANGE);
	assert_int_equal(pt_unmap(&f->pt, 0x80000000u, 0x1000u), PT_ERR_RANGE);
	assert_int_equal(pt_unmap(&f->pt, 0x7ff00000u, 2 * MiB), PT_ERR_RANGE);
	assert_int_equal(f->pt.l1[2047], (0x80021c1eu | S_SECT));
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
	assert_int_equal(f->pt.l1[4095], (0xfff21c1eu | S_SECT));
	assert_int_equal(pt_unmap(&f->pt, 0x1000u, 0xfffff000u), PT_OK);
	assert_int_equal(count_nonzero(f->pt.l1, 4096), 0);
	assert_int_equal(f->fm.live, 0);
	assert_int_equal(pt_map(&f->pt, 0xffe00000u, 0xffe00000u, 2 * MiB, URW), PT_OK);
	assert_int_equal(f->pt.l1[4095], (0xfff21c1eu | S_SECT));
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
	assert_int_equal(l2_of(f, 0x000ff000u)[255], (0x10000017u | S_PAGE)); /* 0x7 | AP 0x10 */
	assert_int_equal(l2_of(f, 0x00100000u)[0], (0x10001017u | S_PAGE));
	assert_int_equal(l2_of(f, 0x00200000u)[0], (0x10101017u | S_PAGE));
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

/* ---- what the table walker sees ---- */

/* pt_init clears the table and reports it; bad combinations change nothing */
static void test_init(void **state)
{
	struct fixture *f       = *state;
	struct pt_mem no_report = f->mem;
	struct page_table pt    = { NULL, 0, NULL };
	uint32_t *l1            = f->pt.l1;

	assert_int_equal(count_nonzero(l1, 4096), 0);
	l1[7]             = 0x12345678u;
	unsigned reports  = f->walker.reports;
	no_report.written = NULL;
	assert_int_equal(pt_init(&pt, l1, 4096, &no_report), PT_ERR_RANGE);
	assert_int_equal(pt_init(&pt, l1, 1000, &f->mem), PT_ERR_RANGE);
	assert_int_equal(pt_init(&pt, NULL, 4096, &f->mem), PT_ERR_RANGE);
	assert_int_equal(pt_init(NULL, l1, 4096, &f->mem), PT_ERR_RANGE);
	assert_int_equal(l1[7], 0x12345678u);
	assert_int_equal(f->walker.reports, reports);
	assert_int_equal(pt_init(&f->pt, l1, 4096, &f->mem), PT_OK);
	assert_int_equal(l1[7], 0);
	walker_check(f);
}

/* After every operation, not only at the end of a test */
static void test_walker_sees_every_step(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x00100000u, 0x80000000u, 0x3000u, URW), PT_OK);
	walker_check(f);
	assert_int_equal(pt_map(&f->pt, 0x00105000u, 0x80005000u, 0x1000u, URW), PT_OK);
	walker_check(f);
	assert_int_equal(pt_map(&f->pt, 0x00200000u, 0x90000000u, 2 * MiB, URW), PT_OK);
	walker_check(f);
	assert_int_equal(pt_unmap(&f->pt, 0x00101000u, 0x1000u), PT_OK);
	walker_check(f);
	assert_int_equal(pt_unmap(&f->pt, 0x00100000u, MiB), PT_OK); /* frees the table */
	walker_check(f);
	assert_int_equal(pt_unmap(&f->pt, 0x00300000u, MiB), PT_OK); /* a section */
	walker_check(f);
	assert_int_equal(pt_map(&f->pt, 0x00100000u, 0xa0000000u, 0x1000u, PT_USER), PT_OK);
	walker_check(f);
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
		T(test_init),
		T(test_walker_sees_every_step),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
