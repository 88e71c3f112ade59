/*
 * Next-fit page-frame bitmap (see frame_map.h). Runs are found word by
 * word: the first free frame after a position, then the first used frame
 * inside the candidate run, each with one count-trailing-zeros per word.
 */
#include <string.h>
#include "frame_map.h"

/* The first frame in [i, end) whose bit is `in_use`, end if none */
static uint32_t find(const struct frame_map *m, uint32_t i, uint32_t end, bool in_use)
{
	while (i < end) {
		uint32_t w = in_use ? m->used[i / 32] : ~m->used[i / 32];
		w &= ~0u << (i % 32); /* only the frames at or after i */
		if (w) {
			uint32_t f = (i & ~31u) + (uint32_t)__builtin_ctz(w);
			return f < end ? f : end;
		}
		i = (i & ~31u) + 32;
	}
	return end;
}

/* Set or clear the bits of [i, i + n), a word at a time where it can */
static void mark(struct frame_map *m, uint32_t i, uint32_t n, bool in_use)
{
	while (n) {
		uint32_t bit  = i % 32;
		uint32_t take = 32 - bit < n ? 32 - bit : n;
		uint32_t mask = (take == 32 ? ~0u : ((1u << take) - 1)) << bit;
		if (in_use)
			m->used[i / 32] |= mask;
		else
			m->used[i / 32] &= ~mask;
		i += take;
		n -= take;
	}
}

void frame_map_init(struct frame_map *m, uint32_t *bits, uint32_t first, uint32_t end)
{
	*m = (struct frame_map){ bits, first, end, first, end > first ? end - first : 0 };
	memset(bits, 0, (end + 31) / 32 * sizeof(uint32_t)); /* the library's, 32 bytes a step */
	mark(m, 0, first, true);                             /* below first: never free */
}

/* The first aligned run of pages free frames starting in [i, hi), FRAME_NONE */
static uint32_t find_run(const struct frame_map *m, uint32_t i, uint32_t hi, uint32_t pages,
			 uint32_t align)
{
	for (;;) {
		i = (find(m, i, hi, false) + align - 1) & ~(align - 1);
		if (i >= hi || m->end - i < pages)
			return FRAME_NONE;
		uint32_t u = find(m, i, i + pages, true);
		if (u == i + pages)
			return i;
		i = u + 1; /* past the used frame inside the run */
	}
}

uint32_t frame_map_alloc(struct frame_map *m, uint32_t pages, uint32_t align)
{
	if (pages == 0 || pages > m->free || align == 0 || (align & (align - 1)))
		return FRAME_NONE;
	/* from the cursor to the end, then from the start: a run that begins
	 * before the cursor may reach past it */
	uint32_t f = find_run(m, m->cursor, m->end, pages, align);
	if (f == FRAME_NONE)
		f = find_run(m, m->first, m->cursor, pages, align);
	if (f == FRAME_NONE)
		return FRAME_NONE;
	mark(m, f, pages, true);
	m->free -= pages;
	m->cursor = f + pages < m->end ? f + pages : m->first;
	return f;
}

bool frame_map_free(struct frame_map *m, uint32_t frame, uint32_t pages)
{
	if (frame < m->first || frame > m->end || m->end - frame < pages ||
	    find(m, frame, frame + pages, false) != frame + pages)
		return false;
	mark(m, frame, pages, false);
	m->free += pages;
	return true;
}
