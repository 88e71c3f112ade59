/*
 * Host unit tests of core's page-frame bitmap (core/src/frame_map.c): runs
 * and alignment, next fit and its wrap-around, exhaustion, fragmentation,
 * freeing (also double and foreign frees, which change nothing), and a
 * random workload checked against a shadow bitmap. The bitmap is exactly
 * as large as the contract asks, so ASan catches a word past it.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "frame_map.h"

enum { FIRST = 5, END = 200 }; /* frames below 5 hold the boot image */

static uint32_t *bits;
static struct frame_map m;

static int setup(void **state)
{
	(void)state;
	bits = malloc((END + 31) / 32 * sizeof(uint32_t));
	memset(bits, 0xa5, (END + 31) / 32 * sizeof(uint32_t)); /* init clears it */
	frame_map_init(&m, bits, FIRST, END);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(bits);
	return 0;
}

static bool in_use(uint32_t f) { return bits[f / 32] >> (f % 32) & 1; }

static uint32_t used_count(void)
{
	uint32_t n = 0;
	for (uint32_t f = 0; f < END; f++)
		n += in_use(f);
	return n;
}

static void test_init_manages_first_to_end(void **state)
{
	(void)state;
	assert_int_equal(m.free, END - FIRST);
	for (uint32_t f = 0; f < END; f++)
		assert_int_equal(in_use(f), f < FIRST);
	assert_int_equal(frame_map_alloc(&m, 1, 1), FIRST);
}

static void test_runs_follow_each_other_and_align(void **state)
{
	(void)state;
	assert_int_equal(frame_map_alloc(&m, 3, 1), 5);
	assert_int_equal(frame_map_alloc(&m, 4, 4), 8);   /* 8 is the next multiple of 4 */
	assert_int_equal(frame_map_alloc(&m, 40, 1), 12); /* across a word boundary */
	assert_int_equal(frame_map_alloc(&m, 1, 16), 64);
	assert_int_equal(frame_map_alloc(&m, 1, 1), 65);
	assert_int_equal(m.free, END - FIRST - 49);
	assert_int_equal(used_count(), FIRST + 49);
	for (uint32_t f = 12; f < 52; f++)
		assert_true(in_use(f));
	assert_false(in_use(52));
	assert_false(in_use(63)); /* the gap left by alignment stays free */
}

static void test_bad_requests_change_nothing(void **state)
{
	(void)state;
	assert_int_equal(frame_map_alloc(&m, 0, 1), FRAME_NONE);
	assert_int_equal(frame_map_alloc(&m, 1, 0), FRAME_NONE);
	assert_int_equal(frame_map_alloc(&m, 1, 3), FRAME_NONE); /* not a power of two */
	assert_int_equal(frame_map_alloc(&m, END, 1), FRAME_NONE);
	assert_int_equal(m.free, END - FIRST);
	assert_int_equal(used_count(), FIRST);
}

static void test_exhaustion_and_return(void **state)
{
	(void)state;
	assert_int_equal(frame_map_alloc(&m, END - FIRST, 1), FIRST); /* everything */
	assert_int_equal(m.free, 0);
	assert_int_equal(frame_map_alloc(&m, 1, 1), FRAME_NONE);
	assert_true(frame_map_free(&m, 100, 1));
	assert_int_equal(frame_map_alloc(&m, 2, 1), FRAME_NONE); /* one frame is no run of two */
	assert_int_equal(frame_map_alloc(&m, 1, 1), 100);
	assert_int_equal(m.free, 0);
	assert_true(frame_map_free(&m, FIRST, END - FIRST));
	assert_int_equal(m.free, END - FIRST);
	assert_int_equal(used_count(), FIRST);
}

/* Next fit: a freed frame behind the cursor waits until the search wraps */
static void test_next_fit_wraps_around(void **state)
{
	(void)state;
	assert_int_equal(frame_map_alloc(&m, 10, 1), 5);
	assert_int_equal(frame_map_alloc(&m, 10, 1), 15);
	assert_true(frame_map_free(&m, 5, 10));
	assert_int_equal(frame_map_alloc(&m, 10, 1), 25);  /* not 5: the cursor is at 25 */
	assert_int_equal(frame_map_alloc(&m, 165, 1), 35); /* up to the end */
	assert_int_equal(m.cursor, FIRST);                 /* the end: back to the start */
	assert_int_equal(frame_map_alloc(&m, 1, 1), 5);
	assert_int_equal(frame_map_alloc(&m, 9, 1), 6);
	assert_int_equal(m.free, 0);

	/* a run that starts before the cursor and reaches past it */
	assert_true(frame_map_free(&m, 50, 20));
	assert_int_equal(frame_map_alloc(&m, 5, 1), 50);
	assert_int_equal(m.cursor, 55);
	assert_true(frame_map_free(&m, 40, 10));          /* 40..69 free but 50..54 */
	assert_true(frame_map_free(&m, 50, 5));           /* now 40..69 */
	assert_int_equal(frame_map_alloc(&m, 20, 1), 40); /* wrapped: 55..69 is too short */
	assert_int_equal(frame_map_alloc(&m, 10, 1), 60);
	assert_int_equal(m.free, 0);
}

/* Every other frame used: no run of two, single frames found word by word */
static void test_fragmentation(void **state)
{
	(void)state;
	assert_int_equal(frame_map_alloc(&m, END - FIRST, 1), FIRST);
	for (uint32_t f = FIRST; f < END; f += 2)
		assert_true(frame_map_free(&m, f, 1));
	uint32_t holes = m.free;
	assert_int_equal(frame_map_alloc(&m, 2, 1), FRAME_NONE);
	assert_int_equal(frame_map_alloc(&m, 1, 2), FRAME_NONE); /* the holes are odd */
	assert_int_equal(m.free, holes);
	for (uint32_t i = 0; i < holes; i++)
		assert_int_equal(frame_map_alloc(&m, 1, 1) % 2, 1);
	assert_int_equal(m.free, 0);
	assert_int_equal(used_count(), END);
}

static void test_bad_frees_change_nothing(void **state)
{
	(void)state;
	uint32_t f = frame_map_alloc(&m, 4, 1);
	assert_false(frame_map_free(&m, f, 5));           /* one frame of it is free */
	assert_false(frame_map_free(&m, 0, 1));           /* the boot image */
	assert_false(frame_map_free(&m, END - 1, 2));     /* past the end */
	assert_false(frame_map_free(&m, 0xfffff000u, 1)); /* not ours at all */
	assert_false(frame_map_free(&m, f + 4, 1));       /* free already */
	assert_int_equal(m.free, END - FIRST - 4);
	assert_true(frame_map_free(&m, f, 4));
	assert_false(frame_map_free(&m, f, 4)); /* twice */
	assert_int_equal(m.free, END - FIRST);
	assert_int_equal(used_count(), FIRST);
}

/* Random allocations and frees against a shadow: the bitmap, the count of
 * free frames and the runs handed out always agree with it. */
static void test_random_against_shadow(void **state)
{
	(void)state;
	static uint32_t at[64], len[64];
	bool shadow[END] = { false };
	srand(13);
	for (unsigned round = 0; round < 20000; round++) {
		unsigned k = (unsigned)rand() % 64;
		if (len[k]) {
			assert_true(frame_map_free(&m, at[k], len[k]));
			for (uint32_t f = at[k]; f < at[k] + len[k]; f++)
				shadow[f] = false;
			len[k] = 0;
			continue;
		}
		uint32_t n = 1 + (uint32_t)rand() % 12, align = 1u << (rand() % 3);
		uint32_t f = frame_map_alloc(&m, n, align);
		if (f == FRAME_NONE)
			continue;
		assert_int_equal(f % align, 0);
		assert_true(f >= FIRST && f + n <= END);
		for (uint32_t i = f; i < f + n; i++) {
			assert_false(shadow[i]);
			shadow[i] = true;
		}
		at[k]  = f;
		len[k] = n;
	}
	uint32_t free_frames = 0;
	for (uint32_t f = 0; f < END; f++) {
		assert_int_equal(in_use(f), f < FIRST || shadow[f]);
		free_frames += f >= FIRST && !shadow[f];
	}
	assert_int_equal(m.free, free_frames);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_init_manages_first_to_end),   T(test_runs_follow_each_other_and_align),
		T(test_bad_requests_change_nothing), T(test_exhaustion_and_return),
		T(test_next_fit_wraps_around),       T(test_fragmentation),
		T(test_bad_frees_change_nothing),    T(test_random_against_shadow),
	};
#undef T
	return cmocka_run_group_tests_name("core frame map", tests, NULL, NULL);
}
