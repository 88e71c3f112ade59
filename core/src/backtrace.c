/*
 * Backtrace by frame pointers (backtrace.h). The frame fp points at is the
 * faulting function's own (arch/frame.h): a calling function's holds its
 * return address, a leaf function's only the caller's fp, and then lr is
 * the return address. A word at [fp] that lies above fp in readable memory
 * (the thread's stack) is such a saved fp; a return address points into
 * code, which the read function does not grant. Every further frame
 * belongs to a calling function. The chain must go up the stack strictly,
 * so a corrupted chain cannot loop, and the depth is bounded.
 */
#include <arch/frame.h>
#include "backtrace.h"

static bool frame_read(backtrace_read_fn read, void *ctx, uint32_t fp, int offset, uint32_t *word)
{
	if (!fp || fp % ARCH_FRAME_ALIGN || (offset < 0 && fp < (uint32_t)-offset))
		return false;
	return read(ctx, fp + (uint32_t)offset, word);
}

unsigned backtrace_walk(uint32_t ip, uint32_t lr, uint32_t fp, backtrace_read_fn read, void *ctx,
			uint32_t *out, unsigned max)
{
	uint32_t word, ret, next;
	unsigned n = 0;

	if (max > BACKTRACE_MAX)
		max = BACKTRACE_MAX;
	if (n < max)
		out[n++] = ip;
	if (!frame_read(read, ctx, fp, ARCH_FRAME_LEAF_OFFSET, &word)) {
		/* no frame of its own (code without frame pointers): lr is all */
		if (lr && n < max)
			out[n++] = lr;
		return n;
	}
	if (word > fp && frame_read(read, ctx, word, 0, &next)) {
		/* a leaf: its caller's return address is still in lr */
		if (n < max)
			out[n++] = lr;
		fp = word;
	}
	while (n < max && frame_read(read, ctx, fp, ARCH_FRAME_RET_OFFSET, &ret) &&
	       frame_read(read, ctx, fp, ARCH_FRAME_NEXT_OFFSET, &next) && ret) {
		out[n++] = ret;
		if (next <= fp)
			break; /* the outermost frame (fp 0) or a broken chain */
		fp = next;
	}
	return n;
}
