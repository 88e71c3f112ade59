/*
 * Fixture of the page-table host tests (page_table_fake.h).
 */
#include <stdlib.h>
#include <string.h>
#include "page_table_fake.h"

static unsigned pool_index(uint32_t phys)
{
	assert_true(phys >= FAKE_PHYS_BASE);
	assert_int_equal((phys - FAKE_PHYS_BASE) % PT_L2_SIZE, 0);
	unsigned i = (phys - FAKE_PHYS_BASE) / PT_L2_SIZE;
	assert_true(i < POOL_TABLES);
	return i;
}

uint32_t *pool_table(struct fake_mem *fm, unsigned i) { return fm->pool + i * PT_L2_ENTRIES; }

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

uint32_t *fake_phys_to_virt(void *ctx, uint32_t phys)
{
	struct fake_mem *fm = ctx;
	unsigned i          = pool_index(phys);

	assert_true(fm->used[i]); /* only live tables may be accessed */
	return pool_table(fm, i);
}

/* ---- the walker's view ---- */

static struct fixture *fixture_of(struct fake_mem *fm)
{
	return (struct fixture *)((char *)fm - offsetof(struct fixture, fm));
}

static bool is_table_entry(uint32_t e) { return (e & 3u) == 1u; }

/* The walker sees the L2 table that L1 entry e points to as it is; it
 * never reaches a freed table. */
static void walker_sees_table(struct fixture *f, uint32_t e)
{
	unsigned t = pool_index(e & 0xfffffc00u);

	assert_true(f->fm.used[t]);
	assert_memory_equal(f->walker.pool + t * PT_L2_ENTRIES, pool_table(&f->fm, t), PT_L2_SIZE);
}

/* A run of entries of one live table (the L1 or a pool table) was written:
 * the walker sees them now. An L1 entry that hooks in a table may be
 * reported only when the walker sees all of that table already. */
static void fake_written(void *ctx, const uint32_t *first, uint32_t count)
{
	struct fixture *f  = fixture_of(ctx);
	const uint32_t *l1 = f->pt.l1, *pool = f->fm.pool;

	f->walker.reports++;
	assert_true(count > 0);
	if (first >= l1 && first < l1 + f->pt.l1_entries) {
		assert_true(first + count <= l1 + f->pt.l1_entries);
		for (uint32_t i = 0; i < count; i++) {
			uint32_t e = first[i];
			if (is_table_entry(e))
				walker_sees_table(f, e);
			f->walker.l1[first - l1 + i] = e;
		}
		return;
	}
	assert_true(first >= pool && first + count <= pool + POOL_TABLES * PT_L2_ENTRIES);
	unsigned t = (unsigned)(first - pool) / PT_L2_ENTRIES;
	assert_true(f->fm.used[t]);
	assert_true(first + count <= pool_table(&f->fm, t) + PT_L2_ENTRIES); /* one table */
	memcpy(f->walker.pool + (first - pool), first, count * sizeof(*first));
}

void walker_check(struct fixture *f)
{
	for (uint32_t i = 0; i < f->pt.l1_entries; i++) {
		uint32_t e = f->walker.l1[i];
		assert_int_equal(e, f->pt.l1[i]);
		if (is_table_entry(e))
			walker_sees_table(f, e);
	}
}

/* ---- fixture ---- */

static int setup_entries(void **state, uint32_t l1_entries)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->fm.pool = aligned_alloc(PT_L2_SIZE, POOL_TABLES * PT_L2_SIZE);
	assert_non_null(f->fm.pool);
	memset(f->fm.pool, 0xa5, POOL_TABLES * PT_L2_SIZE);
	f->fm.fail_after = -1;
	/* memory holds garbage until the walker is told otherwise */
	memset(&f->walker, 0xa5, sizeof(f->walker));
	f->walker.reports = 0;
	f->mem =
	    (struct pt_mem){ &f->fm, fake_alloc_l2, fake_free_l2, fake_phys_to_virt, fake_written };
	uint32_t *l1 = aligned_alloc(l1_entries * 4, l1_entries * 4);
	assert_non_null(l1);
	memset(l1, 0xa5, l1_entries * 4);
	f->pt.l1_entries = l1_entries; /* fake_written needs the table's extent */
	f->pt.l1         = l1;
	assert_int_equal(pt_init(&f->pt, l1, l1_entries, &f->mem), PT_OK);
	walker_check(f);
	*state = f;
	return 0;
}

int setup(void **state) { return setup_entries(state, 4096); }
int setup_2048(void **state) { return setup_entries(state, 2048); }

int teardown(void **state)
{
	struct fixture *f = *state;

	walker_check(f);
	pt_clear(&f->pt);
	walker_check(f);
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

uint32_t *l2_of(struct fixture *f, uint32_t va)
{
	uint32_t e = f->pt.l1[va >> 20];
	assert_int_equal(e & 0x3ffu, 0x001u); /* type 01, domain 0, bit 9 clear */
	return fake_phys_to_virt(&f->fm, e & 0xfffffc00u);
}

unsigned count_nonzero(const uint32_t *words, unsigned n)
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

struct snapshot *snapshot_take(struct fixture *f)
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

void snapshot_check_and_free(struct fixture *f, struct snapshot *s)
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
