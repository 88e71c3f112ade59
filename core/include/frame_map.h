/*
 * A bitmap of page frames with next-fit search (frame_map.c): one bit per
 * frame, set while it is in use. A search starts where the last allocation
 * ended and wraps around once, and it looks at 32 frames per step, so its
 * cost does not grow with the memory other PDs hold in front of it.
 * Portable and free of core's other parts: the host tests link it alone.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

enum { FRAME_NONE = UINT32_MAX };

struct frame_map {
	uint32_t *used;      /* bit f % 32 of word f / 32: frame f is in use */
	uint32_t first, end; /* the frames [first, end) are managed */
	uint32_t cursor;     /* next-fit: the next search starts here */
	uint32_t free;       /* frames not in use */
};

/* Manage [first, end) of the bitmap bits, all free; bits holds end bits
 * (rounded up to words), the frames below first are never handed out. */
void frame_map_init(struct frame_map *m, uint32_t *bits, uint32_t first, uint32_t end);
/* pages frames in a row, the first a multiple of align (a power of two),
 * marked in use; FRAME_NONE if no such run is free (nothing changes) */
uint32_t frame_map_alloc(struct frame_map *m, uint32_t pages, uint32_t align);
/* Mark [frame, frame + pages) free: true if every one was in use and
 * managed; false changes nothing (a double or foreign free) */
bool frame_map_free(struct frame_map *m, uint32_t frame, uint32_t pages);
