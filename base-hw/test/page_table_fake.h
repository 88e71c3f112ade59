/*
 * Fixture of the page-table host tests (test_page_table*.c): the table
 * under test with a fake L2 allocator that detects leaks, double frees and
 * accesses to tables that are not live; snapshots of the visible state; and
 * a model of what the table walker sees. The walker of an ARMv6 CPU reads
 * memory, not the data cache: its view is the state of each entry when it
 * was last reported written (pt_mem.written), starting from garbage, and it
 * must equal the tables after every operation.
 */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arch/page_table.h>

#define MiB 0x100000u
#define KiB 0x400u

#define POOL_TABLES    64
#define FAKE_PHYS_BASE 0x40000000u
#define POISON         0xa5a5a5a5u

struct fake_mem {
	uint32_t *pool; /* POOL_TABLES tables, 1 KiB aligned */
	bool used[POOL_TABLES];
	unsigned live, allocs, frees, failed;
	int fail_after; /* allocations beyond this many fail; < 0: never */
};

/* What the walker reads: the L1 table and the pool as of the last reports */
struct walker_view {
	uint32_t l1[PT_L1_ENTRIES_MAX];
	uint32_t pool[POOL_TABLES * PT_L2_ENTRIES];
	unsigned reports;
};

struct snapshot;

struct fixture {
	struct fake_mem fm;
	struct pt_mem mem;
	struct page_table pt;
	struct walker_view walker;
	struct snapshot *snap; /* owned here so that a failing test does not leak it */
};

uint32_t *pool_table(struct fake_mem *fm, unsigned i);
uint32_t *fake_phys_to_virt(void *ctx, uint32_t phys);

int setup(void **state);      /* 4096-entry table */
int setup_2048(void **state); /* 2048-entry table (TTBCR.N=1) */
/* Whatever a test left mapped: the walker sees it, and pt_clear gives every
 * table back (and the walker sees the empty table). */
int teardown(void **state);

/* The L2 table behind the L1 entry for va, which must be a table entry. */
uint32_t *l2_of(struct fixture *f, uint32_t va);
unsigned count_nonzero(const uint32_t *words, unsigned n);

/* The walker's view equals the tables (every change was reported). */
void walker_check(struct fixture *f);

struct snapshot *snapshot_take(struct fixture *f);
/* L1 and every live L2 table identical; contents of free tables do not matter. */
void snapshot_check_and_free(struct fixture *f, struct snapshot *s);
