/*
 * The heap under newlib's malloc: _sbrk grows it by RAM dataspaces
 * attached one after another at HEAP_BASE, paid from the component's RAM
 * quota (base/env.h asks the parent for more when it runs out). malloc
 * calls it with its lock held, so one thread at a time grows the heap.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <base/core_service.h>
#include <base/env.h>
#include <session/rm_session.h>

/* The heap's part of the address space's region map (session/rm_session.h) */
enum { HEAP_BASE = 0x38000000, HEAP_END = 0x40000000, PAGE_SIZE = 4096 };
enum { HEAP_CHUNK_MIN = 64 * 1024, HEAP_CHUNK_MAX = 1024 * 1024 };

static uintptr_t heap_brk = HEAP_BASE, heap_end = HEAP_BASE; /* attached: [HEAP_BASE, heap_end) */
static uint32_t heap_chunk = HEAP_CHUNK_MIN;

static uintptr_t page_round(uintptr_t n)
{
	return (n + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
}

/* One more dataspace at the heap's end */
static bool heap_attach(uint32_t size)
{
	struct utcb *u          = utcb_self();
	struct rm_attach_args a = { heap_end, 0, 0, RM_ATTACH_AT | RM_ATTACH_WRITE };
	uint32_t addr           = 0;
	uint16_t ds;

	if (size > HEAP_END - heap_end || env_ram_alloc(u, size, &ds) != RPC_OK)
		return false;
	if (rm_attach(u, env_address_space(u), ds, &a, &addr) != RPC_OK) {
		env_ram_free(u, ds);
		return false;
	}
	heap_end += size;
	return true;
}

/* At least need more bytes; growing chunks keep the dataspaces few, and the
 * exact need is tried when a chunk would exceed the quota. Near the end of
 * the quota the chunks start small again, so that the parent is not asked
 * for a large chunk at every step. */
static int heap_grow(uintptr_t need)
{
	uint32_t size = page_round(need > heap_chunk ? need : heap_chunk);

	if (heap_attach(size)) {
		heap_chunk = heap_chunk < HEAP_CHUNK_MAX ? heap_chunk * 2 : HEAP_CHUNK_MAX;
		return 1;
	}
	heap_chunk = HEAP_CHUNK_MIN;
	return size > page_round(need) && heap_attach(page_round(need));
}

void *_sbrk(ptrdiff_t incr)
{
	if (incr > 0 && heap_end - heap_brk < (uintptr_t)incr &&
	    !heap_grow(heap_brk + (uintptr_t)incr - heap_end)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (incr < 0 && heap_brk - HEAP_BASE < (uintptr_t)-incr) {
		errno = EINVAL;
		return (void *)-1;
	}
	uintptr_t old = heap_brk; /* shrinking keeps the dataspaces */
	heap_brk += incr;
	return (void *)old;
}
