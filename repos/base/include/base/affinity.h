/*
 * A child's CPUs, as init's config names them in Genode's syntax:
 * <affinity xpos="1" width="2"/> inside <start> (CPUs 1 and 2). CPUs are
 * indices from 0 (the boot CPU); the space is one row, so ypos, if given,
 * must be 0 and height 1. Without <affinity> a child gets all of its
 * parent's CPUs (count 0 below).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct node;

enum { AFFINITY_CPUS_MAX = 64 }; /* bounds xpos and width, so no sum overflows */

struct affinity {
	uint32_t first, count; /* CPUs first .. first + count - 1; count 0: the parent's */
};

enum affinity_read_result {
	AFFINITY_ABSENT, /* no <affinity>: *a is { 0, 0 } */
	AFFINITY_VALID,
	AFFINITY_INVALID, /* unreadable numbers, width 0, ypos not 0, height not 1, too large */
};

/* The <affinity> sub-node of start */
enum affinity_read_result affinity_read(const struct node *start, struct affinity *a);

/* a (count > 0) lies within the CPUs first .. first + count - 1 */
static inline bool affinity_within(struct affinity a, uint32_t first, uint32_t count)
{
	return a.count && a.first >= first && a.count <= count &&
	       a.first - first <= count - a.count;
}
