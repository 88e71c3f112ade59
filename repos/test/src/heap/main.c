/*
 * newlib's malloc on RAM dataspaces (_sbrk attaches them at the heap's end):
 * blocks of random sizes (fixed-seed LCG) filled with patterns and checked,
 * freed in random order and reallocated, realloc keeping contents, calloc
 * zeroing reused memory, and the per-component limit: malloc fails with
 * ENOMEM instead of crashing, and the component carries on.
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <base/core_service.h>

enum { SLOTS = 256, ROUNDS = 4, MIB = 1024 * 1024, MAX_MIB_BLOCKS = 32 };

struct block {
	uint8_t *p;
	uint32_t size, seed;
};

static struct block blocks[SLOTS];
static uint32_t lcg = 20240601;
static unsigned allocs, frees, reallocs;
static uint32_t in_use, peak;

static uint32_t rnd(void)
{
	lcg = lcg * 1664525u + 1013904223u;
	return lcg >> 8;
}

static void fail(const char *what, unsigned i)
{
	printf("error: %s (%u)\n", what, i);
	exit(1);
}

/* Mostly small blocks, some medium, a few of up to 256 KiB: a few MiB in all */
static uint32_t random_size(void)
{
	uint32_t kind = rnd() % 16;
	if (kind < 12)
		return 1 + rnd() % 2048;
	return 1 + rnd() % (kind < 15 ? 64 * 1024 : 256 * 1024);
}

static uint8_t pattern(const struct block *b, uint32_t i)
{
	return (uint8_t)(b->seed + i * 7 + (i >> 8));
}

static void fill(struct block *b)
{
	b->seed = rnd();
	for (uint32_t i = 0; i < b->size; i++)
		b->p[i] = pattern(b, i);
}

static void check(const struct block *b, uint32_t len, unsigned slot)
{
	for (uint32_t i = 0; i < len; i++)
		if (b->p[i] != pattern(b, i))
			fail("pattern damaged", slot);
}

static void account(int32_t delta)
{
	in_use += delta;
	peak = in_use > peak ? in_use : peak;
}

static void alloc_slot(unsigned s)
{
	struct block *b = &blocks[s];
	b->size         = random_size();
	b->p            = malloc(b->size);
	if (!b->p || ((uintptr_t)b->p & 7))
		fail(b->p ? "misaligned block" : "malloc failed", s);
	allocs++;
	account((int32_t)b->size);
	fill(b);
}

static void free_slot(unsigned s)
{
	free(blocks[s].p);
	blocks[s].p = NULL;
	frees++;
	account(-(int32_t)blocks[s].size);
}

static void check_all(void)
{
	for (unsigned s = 0; s < SLOTS; s++)
		if (blocks[s].p)
			check(&blocks[s], blocks[s].size, s);
}

/* A random permutation of the slots (Fisher-Yates) */
static void shuffle(unsigned *order)
{
	for (unsigned i = 0; i < SLOTS; i++)
		order[i] = i;
	for (unsigned i = SLOTS - 1; i > 0; i--) {
		unsigned j = rnd() % (i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
}

/* Free half of the blocks in random order, check the rest, refill the holes */
static void churn(void)
{
	unsigned order[SLOTS];

	for (unsigned s = 0; s < SLOTS; s++)
		alloc_slot(s);
	check_all();
	for (unsigned round = 0; round < ROUNDS; round++) {
		shuffle(order);
		for (unsigned i = 0; i < SLOTS / 2; i++)
			free_slot(order[i]);
		check_all();
		for (unsigned i = 0; i < SLOTS / 2; i++)
			alloc_slot(order[i]);
		check_all();
	}
	printf("churn: %u blocks in %u rounds checked, peak %u KiB\n", SLOTS, ROUNDS,
	       (unsigned)(peak / 1024));
}

/* Grow and shrink blocks: the common prefix survives */
static void resize(void)
{
	for (unsigned s = 0; s < SLOTS; s += 3) {
		struct block *b = &blocks[s];
		uint32_t size   = random_size();
		uint8_t *p      = realloc(b->p, size);
		if (!p)
			fail("realloc failed", s);
		b->p = p;
		check(b, size < b->size ? size : b->size, s);
		account((int32_t)size - (int32_t)b->size);
		b->size = size;
		fill(b);
		reallocs++;
	}
	check_all();
	printf("realloc: %u blocks resized, contents kept\n", reallocs);
}

static void free_all(void)
{
	unsigned order[SLOTS];

	shuffle(order);
	for (unsigned i = 0; i < SLOTS; i++)
		free_slot(order[i]);
	if (in_use != 0)
		fail("bytes still in use", in_use);
}

/* Freed memory is dirty: calloc must zero what it reuses */
static void zeroed(void)
{
	static const uint32_t sizes[][2] = { { 1, 1 }, { 100, 13 }, { 1000, 100 }, { 64, 4096 } };

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint8_t *p = calloc(sizes[i][0], sizes[i][1]);
		if (!p)
			fail("calloc failed", i);
		for (uint32_t b = 0; b < sizes[i][0] * sizes[i][1]; b++)
			if (p[b])
				fail("calloc memory not zero", i);
		free(p);
	}
	volatile size_t huge = SIZE_MAX / 2; /* hidden from the compiler's size check */
	errno                = 0;
	if (calloc(huge, 4) || errno != ENOMEM)
		fail("calloc of an overflowing size", 0);
	printf("calloc: zeroed\n");
}

/* More than core's per-component limit: NULL and ENOMEM, no crash */
static void beyond_limit(void)
{
	errno = 0;
	if (malloc(CORE_RAM_LIMIT + MIB))
		fail("malloc beyond the limit succeeded", 0);
	if (errno != ENOMEM)
		fail("errno after failed malloc", (unsigned)errno);
	printf("limit: malloc of %u MiB -> NULL, ENOMEM\n", (CORE_RAM_LIMIT + MIB) / MIB);
}

/* Take 1 MiB blocks until core refuses; returns how many it took */
static unsigned exhaust(uint8_t **mib)
{
	unsigned n = 0;

	errno = 0;
	while (n < MAX_MIB_BLOCKS && (mib[n] = malloc(MIB)) != NULL) {
		mib[n][0] = mib[n][MIB - 1] = (uint8_t)n;
		n++;
	}
	if (n == MAX_MIB_BLOCKS || errno != ENOMEM)
		fail("no ENOMEM at the limit", n);
	return n;
}

/* Memory up to the limit, all of it usable again after free */
static void up_to_limit(void)
{
	uint8_t *mib[MAX_MIB_BLOCKS];
	unsigned n = exhaust(mib);

	for (unsigned i = 0; i < n; i++) {
		if (mib[i][0] != (uint8_t)i || mib[i][MIB - 1] != (uint8_t)i)
			fail("1 MiB block damaged", i);
		free(mib[i]);
	}
	unsigned again = exhaust(mib);
	for (unsigned i = 0; i < again; i++)
		free(mib[i]);
	if (again != n)
		fail("freed memory not reused", again);
	printf("exhaust: %u blocks of 1 MiB until ENOMEM, twice\n", n);
}

/* After all failures, malloc and stdio still work */
static void still_works(void)
{
	char *p = malloc(100);
	if (!p)
		fail("malloc after the limit", 0);
	snprintf(p, 100, "%s", "still works");
	printf("after the limit: %s\n", p);
	free(p);
}

int main(void)
{
	churn();
	resize();
	free_all();
	zeroed();
	beyond_limit();
	up_to_limit();
	still_works();
	struct mallinfo mi = mallinfo();
	printf("summary: %u mallocs, %u frees, %u reallocs, peak %u KiB, malloc arena"
	       " now %u KiB, all checks passed\n",
	       allocs, frees, reallocs, (unsigned)(peak / 1024), (unsigned)(mi.arena / 1024));
	return 0;
}
