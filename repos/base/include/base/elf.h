/*
 * ELF loader front end: validates a static 32-bit little-endian ARM
 * executable and describes the segments the loader has to map.
 *
 * The parser only reads the image (never writes it), accepts any alignment
 * of 'data' and uses no libc, so it serves both core and host tests.
 */

#ifndef _INCLUDE__BASE__ELF_H_
#define _INCLUDE__BASE__ELF_H_

#include <stddef.h>
#include <stdint.h>

enum { ELF_MAX_SEGMENTS = 8 };

/* same values as p_flags PF_R/W/X, so the flags are copied unchanged */
enum { ELF_SEG_R = 4, ELF_SEG_W = 2, ELF_SEG_X = 1 };

struct elf_segment {
	uint32_t vaddr;       /* first virtual address of the segment */
	uint32_t memsz;       /* size in memory, > 0 */
	uint32_t file_offset; /* where the initialised part starts in the file */
	uint32_t filesz;      /* initialised bytes, <= memsz; the rest is zero-filled */
	uint32_t flags;       /* ELF_SEG_R | ELF_SEG_W | ELF_SEG_X, other bits cleared */
};

struct elf_image {
	uint32_t entry;
	unsigned num_segments;
	struct elf_segment segment[ELF_MAX_SEGMENTS]; /* in program-header order */
};

enum elf_result {
	ELF_OK,
	ELF_TRUNCATED,
	ELF_BAD_MAGIC,
	ELF_BAD_CLASS,
	ELF_BAD_ENDIAN,
	ELF_BAD_VERSION,
	ELF_BAD_TYPE,
	ELF_BAD_MACHINE,
	ELF_BAD_PHDR,
	ELF_NO_SEGMENTS,
	ELF_TOO_MANY_SEGMENTS,
	ELF_SEGMENT_OUT_OF_FILE,
	ELF_SEGMENT_BAD_SIZE,
	ELF_SEGMENT_OUT_OF_RANGE,
	ELF_SEGMENT_OVERLAP,
	ELF_BAD_ENTRY,
};

/*
 * Validate a static ARM executable of 'size' bytes at 'data' and describe
 * its loadable segments.
 *
 * Every PT_LOAD segment with memsz > 0 must lie within [va_low, va_high)
 * (va_high exclusive, checked without overflow). No two segments may share
 * a 4 KiB page, and the entry point must lie in an executable segment.
 * Nothing is written to *out unless the result is ELF_OK; 'out' may be NULL
 * to validate only. Unused entries of out->segment are zeroed.
 */
enum elf_result elf_parse(const void *data, size_t size, uint32_t va_low, uint32_t va_high,
			  struct elf_image *out);

/* One short English phrase per result, e.g. "file truncated" */
const char *elf_result_string(enum elf_result r);

#endif /* _INCLUDE__BASE__ELF_H_ */
