/*
 * Host unit tests of the ELF parser (repos/base/src/lib/elf.c).
 *
 * Images are assembled by a small builder instead of binary blobs so every
 * test states exactly which field it breaks. Each parse runs on a heap copy
 * of exactly 'size' bytes, so ASan reports any read past the image.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <base/elf.h>

enum { BUF_MAX = 0x2000, EHDR_SIZE = 52, PHDR_SIZE = 32, PAGE = 0x1000 };

enum {
	PT_LOAD      = 1,
	PT_NOTE      = 4,
	PT_GNU_STACK = 0x6474e551,
	PT_ARM_EXIDX = 0x70000001,
	ET_REL       = 1,
	ET_EXEC      = 2,
	ET_DYN       = 3,
	EM_ARM       = 40,
	EM_386       = 3,
};

/* allowed virtual range; a macro because it does not fit an int enumerator */
#define VA_HIGH 0xc0000000u

/* the valid reference image: text (RX) + data (RW) with bss */
enum {
	VA_LOW      = 0x00001000,
	TEXT_OFF    = 0x100,
	TEXT_VA     = 0x00010000,
	TEXT_SZ     = 0x80,
	DATA_OFF    = 0x180,
	DATA_VA     = 0x00011000,
	DATA_FILESZ = 0x40,
	DATA_MEMSZ  = 0x2000,
	ENTRY       = TEXT_VA + 0x10,
	IMAGE_SIZE  = DATA_OFF + DATA_FILESZ,
};

struct builder {
	uint8_t buf[BUF_MAX];
	size_t size;
};

struct phdr {
	uint32_t type, offset, vaddr, filesz, memsz, flags;
};

/************************
 ** Image construction **
 ************************/

static void grow(struct builder *b, size_t end)
{
	assert_true(end <= BUF_MAX);
	if (end > b->size)
		b->size = end;
}

static void put8(struct builder *b, size_t off, uint8_t v)
{
	grow(b, off + 1);
	b->buf[off] = v;
}

static void put16(struct builder *b, size_t off, uint16_t v)
{
	put8(b, off, (uint8_t)v);
	put8(b, off + 1, (uint8_t)(v >> 8));
}

static void put32(struct builder *b, size_t off, uint32_t v)
{
	put16(b, off, (uint16_t)v);
	put16(b, off + 2, (uint16_t)(v >> 16));
}

/* header of a valid ARM executable with 'phnum' headers right after it */
static void build_header(struct builder *b, uint32_t entry, uint16_t phnum)
{
	memset(b, 0, sizeof(*b));
	put8(b, 0, 0x7f);
	put8(b, 1, 'E');
	put8(b, 2, 'L');
	put8(b, 3, 'F');
	put8(b, 4, 1); /* ELFCLASS32 */
	put8(b, 5, 1); /* ELFDATA2LSB */
	put8(b, 6, 1); /* EV_CURRENT */
	put16(b, 16, ET_EXEC);
	put16(b, 18, EM_ARM);
	put32(b, 20, 1); /* e_version */
	put32(b, 24, entry);
	put32(b, 28, EHDR_SIZE); /* e_phoff */
	put16(b, 40, EHDR_SIZE); /* e_ehsize */
	put16(b, 42, PHDR_SIZE); /* e_phentsize */
	put16(b, 44, phnum);
	grow(b, EHDR_SIZE + (size_t)phnum * PHDR_SIZE);
}

static void set_phdr(struct builder *b, unsigned idx, struct phdr ph)
{
	size_t const off = EHDR_SIZE + (size_t)idx * PHDR_SIZE;
	put32(b, off + 0, ph.type);
	put32(b, off + 4, ph.offset);
	put32(b, off + 8, ph.vaddr);
	put32(b, off + 12, ph.vaddr); /* p_paddr */
	put32(b, off + 16, ph.filesz);
	put32(b, off + 20, ph.memsz);
	put32(b, off + 24, ph.flags);
	put32(b, off + 28, PAGE); /* p_align */
}

/* file contents for a segment; the pattern makes each byte distinguishable */
static void add_payload(struct builder *b, size_t off, size_t len)
{
	for (size_t i = 0; i < len; i++)
		put8(b, off + i, (uint8_t)(off + i));
}

static void build_valid(struct builder *b)
{
	build_header(b, ENTRY, 2);
	set_phdr(
	    b, 0,
	    (struct phdr){ PT_LOAD, TEXT_OFF, TEXT_VA, TEXT_SZ, TEXT_SZ, ELF_SEG_R | ELF_SEG_X });
	set_phdr(b, 1,
		 (struct phdr){ PT_LOAD, DATA_OFF, DATA_VA, DATA_FILESZ, DATA_MEMSZ,
				ELF_SEG_R | ELF_SEG_W });
	add_payload(b, TEXT_OFF, TEXT_SZ);
	add_payload(b, DATA_OFF, DATA_FILESZ);
}

/* image with 'n' single-page RX segments on consecutive pages */
static void build_n_segments(struct builder *b, unsigned n)
{
	build_header(b, TEXT_VA, (uint16_t)n);
	for (unsigned i = 0; i < n; i++)
		set_phdr(b, i,
			 (struct phdr){ PT_LOAD, 0x400 + 0x10 * i, TEXT_VA + PAGE * i, 0x10, 0x100,
					ELF_SEG_R | ELF_SEG_X });
	add_payload(b, 0x400, 0x10 * n);
}

/*************
 ** Parsing **
 *************/

/* parse the first 'size' bytes of 'bytes' from an exactly-sized heap copy */
static enum elf_result parse_bytes(const uint8_t *bytes, size_t size, uint32_t low, uint32_t high,
				   struct elf_image *out)
{
	uint8_t *copy = malloc(size ? size : 1);
	assert_non_null(copy);
	if (size)
		memcpy(copy, bytes, size);
	enum elf_result const r = elf_parse(copy, size, low, high, out);
	free(copy);
	return r;
}

static enum elf_result parse(const struct builder *b, struct elf_image *out)
{
	return parse_bytes(b->buf, b->size, VA_LOW, VA_HIGH, out);
}

/* expect failure 'expected' and that *out was left alone */
static void expect_error_range(const struct builder *b, uint32_t low, uint32_t high,
			       enum elf_result expected)
{
	struct elf_image out, ref;
	memset(&out, 0xa5, sizeof(out));
	memset(&ref, 0xa5, sizeof(ref));
	assert_int_equal(parse_bytes(b->buf, b->size, low, high, &out), expected);
	assert_memory_equal(&out, &ref, sizeof(out));
}

static void expect_error(const struct builder *b, enum elf_result expected)
{
	expect_error_range(b, VA_LOW, VA_HIGH, expected);
}

static void expect_ok(const struct builder *b, struct elf_image *out)
{
	memset(out, 0xa5, sizeof(*out));
	assert_int_equal(parse(b, out), ELF_OK);
}

static void assert_segment(const struct elf_segment *s, uint32_t vaddr, uint32_t memsz,
			   uint32_t offset, uint32_t filesz, uint32_t flags)
{
	assert_int_equal(s->vaddr, vaddr);
	assert_int_equal(s->memsz, memsz);
	assert_int_equal(s->file_offset, offset);
	assert_int_equal(s->filesz, filesz);
	assert_int_equal(s->flags, flags);
}

static void assert_unused_zero(const struct elf_image *img)
{
	for (unsigned i = img->num_segments; i < ELF_MAX_SEGMENTS; i++)
		assert_segment(&img->segment[i], 0, 0, 0, 0, 0);
}

/*****************
 ** Valid input **
 *****************/

static void test_valid_two_segments(void **state)
{
	(void)state;
	struct builder b;
	struct elf_image img;
	build_valid(&b);
	assert_int_equal(b.size, IMAGE_SIZE);
	expect_ok(&b, &img);

	assert_int_equal(img.entry, ENTRY);
	assert_int_equal(img.num_segments, 2);
	assert_segment(&img.segment[0], TEXT_VA, TEXT_SZ, TEXT_OFF, TEXT_SZ, ELF_SEG_R | ELF_SEG_X);
	assert_segment(&img.segment[1], DATA_VA, DATA_MEMSZ, DATA_OFF, DATA_FILESZ,
		       ELF_SEG_R | ELF_SEG_W);
	assert_unused_zero(&img);
}

static void test_out_may_be_null(void **state)
{
	(void)state;
	struct builder b;
	build_valid(&b);
	assert_int_equal(parse(&b, NULL), ELF_OK);
}

/* the parser must not assume any alignment of the image */
static void test_unaligned_input(void **state)
{
	(void)state;
	struct builder b;
	struct elf_image img;
	build_valid(&b);

	uint8_t *raw = malloc(b.size + 3);
	assert_non_null(raw);
	for (size_t shift = 1; shift <= 3; shift++) {
		memcpy(raw + shift, b.buf, b.size);
		memset(&img, 0, sizeof(img));
		assert_int_equal(elf_parse(raw + shift, b.size, VA_LOW, VA_HIGH, &img), ELF_OK);
		assert_int_equal(img.entry, ENTRY);
		assert_int_equal(img.num_segments, 2);
		assert_segment(&img.segment[1], DATA_VA, DATA_MEMSZ, DATA_OFF, DATA_FILESZ,
			       ELF_SEG_R | ELF_SEG_W);
	}
	free(raw);
}

/* bits beyond R/W/X (PF_MASKOS, PF_MASKPROC) are not passed on */
static void test_flags_masked(void **state)
{
	(void)state;
	struct builder b;
	struct elf_image img;
	build_valid(&b);
	put32(&b, EHDR_SIZE + 24, 0xfff00000u | ELF_SEG_R | ELF_SEG_X);
	expect_ok(&b, &img);
	assert_int_equal(img.segment[0].flags, ELF_SEG_R | ELF_SEG_X);
}

/*******************
 ** Header errors **
 *******************/

static void test_size_zero(void **state)
{
	(void)state;
	struct builder b;
	build_valid(&b);
	b.size = 0;
	expect_error(&b, ELF_TRUNCATED);

	struct elf_image img;
	assert_int_equal(elf_parse(NULL, 0, VA_LOW, VA_HIGH, &img), ELF_TRUNCATED);
}

static void test_truncated_header(void **state)
{
	(void)state;
	struct builder b;
	build_valid(&b);
	b.size = EHDR_SIZE - 1;
	expect_error(&b, ELF_TRUNCATED);
	b.size = 4;
	expect_error(&b, ELF_TRUNCATED);
}

static void test_bad_magic(void **state)
{
	(void)state;
	struct builder b;
	for (size_t i = 0; i < 4; i++) {
		build_valid(&b);
		b.buf[i] ^= 0x20;
		expect_error(&b, ELF_BAD_MAGIC);
	}
}

static void test_bad_class(void **state)
{
	(void)state;
	struct builder b;
	build_valid(&b);
	put8(&b, 4, 2); /* ELFCLASS64 */
	expect_error(&b, ELF_BAD_CLASS);
	put8(&b, 4, 0); /* ELFCLASSNONE */
	expect_error(&b, ELF_BAD_CLASS);
}

static void test_bad_endian(void **state)
{
	(void)state;
	struct builder b;
	build_valid(&b);
	put8(&b, 5, 2); /* ELFDATA2MSB */
	expect_error(&b, ELF_BAD_ENDIAN);
	put8(&b, 5, 0);
	expect_error(&b, ELF_BAD_ENDIAN);
}

static void test_bad_version(void **state)
{
	(void)state;
	struct builder b;
	build_valid(&b);
	put8(&b, 6, 0); /* e_ident[EI_VERSION] */
	expect_error(&b, ELF_BAD_VERSION);

	build_valid(&b);
	put32(&b, 20, 2); /* e_version */
	expect_error(&b, ELF_BAD_VERSION);
	put32(&b, 20, 0x01000000u); /* 1 read big-endian */
	expect_error(&b, ELF_BAD_VERSION);
}

static void test_bad_type(void **state)
{
	(void)state;
	struct builder b;
	uint16_t const types[] = { 0, ET_REL, ET_DYN, 4, 0x0200 };
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		build_valid(&b);
		put16(&b, 16, types[i]);
		expect_error(&b, ELF_BAD_TYPE);
	}
}

static void test_bad_machine(void **state)
{
	(void)state;
	struct builder b;
	build_valid(&b);
	put16(&b, 18, EM_386);
	expect_error(&b, ELF_BAD_MACHINE);
	put16(&b, 18, 183); /* EM_AARCH64 */
	expect_error(&b, ELF_BAD_MACHINE);
}

/***************************
 ** Program header errors **
 ***************************/

static void test_bad_phentsize(void **state)
{
	(void)state;
	struct builder b;
	uint16_t const sizes[] = { 0, 31, 33, 56, 0xffff };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		build_valid(&b);
		put16(&b, 42, sizes[i]);
		expect_error(&b, ELF_BAD_PHDR);
	}
}

static void test_phdr_table_beyond_file(void **state)
{
	(void)state;
	struct builder b;
	build_valid(&b);

	/* the table ends 1 byte past the file */
	put32(&b, 28, (uint32_t)b.size - 2 * PHDR_SIZE + 1);
	expect_error(&b, ELF_BAD_PHDR);

	/* too many entries for the file */
	build_valid(&b);
	put16(&b, 44, 0x100);
	expect_error(&b, ELF_BAD_PHDR);

	/* image cut inside the second program header */
	build_valid(&b);
	b.size = EHDR_SIZE + PHDR_SIZE + 8;
	expect_error(&b, ELF_BAD_PHDR);
}

/* e_phoff close to 2^32: phoff + phnum * phentsize must not wrap */
static void test_phoff_overflow(void **state)
{
	(void)state;
	struct builder b;
	uint32_t const offs[] = { 0xffffffffu, 0xffffffe0u, 0xfffffff0u, 0x80000000u };
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		build_valid(&b);
		put32(&b, 28, offs[i]);
		expect_error(&b, ELF_BAD_PHDR);
	}

	/* the largest possible table never fits in a small file */
	build_valid(&b);
	put16(&b, 44, 0xfffe);
	put32(&b, 28, 0xfffffff0u);
	expect_error(&b, ELF_BAD_PHDR);
}

static void test_phnum_zero(void **state)
{
	(void)state;
	struct builder b;
	build_valid(&b);
	put16(&b, 44, 0);
	expect_error(&b, ELF_NO_SEGMENTS);

	/* without entries, e_phentsize and e_phoff carry no meaning */
	put16(&b, 42, 0);
	put32(&b, 28, 0xffffffffu);
	expect_error(&b, ELF_NO_SEGMENTS);
}

/* PN_XNUM defers the count to section 0, which the parser does not support */
static void test_phnum_xnum(void **state)
{
	(void)state;
	struct builder b;
	build_valid(&b);
	put16(&b, 44, 0xffff);
	expect_error(&b, ELF_BAD_PHDR);

	/* even when a table of 0xffff entries (PT_NULL after the first two) fits */
	size_t const size = EHDR_SIZE + (size_t)0xffff * PHDR_SIZE;
	uint8_t *big      = calloc(1, size);
	assert_non_null(big);
	memcpy(big, b.buf, EHDR_SIZE + 2 * PHDR_SIZE);
	assert_int_equal(elf_parse(big, size, VA_LOW, VA_HIGH, NULL), ELF_BAD_PHDR);
	big[44] = 0xfe;
	assert_int_equal(elf_parse(big, size, VA_LOW, VA_HIGH, NULL), ELF_OK);
	free(big);
}

/**********************
 ** Segment counting **
 **********************/

static void test_no_load_segments(void **state)
{
	(void)state;
	struct builder b;
	build_header(&b, ENTRY, 2);
	set_phdr(&b, 0, (struct phdr){ PT_GNU_STACK, 0, 0, 0, 0, ELF_SEG_R | ELF_SEG_W });
	set_phdr(&b, 1, (struct phdr){ PT_NOTE, 0, 0, 0, 0, ELF_SEG_R });
	expect_error(&b, ELF_NO_SEGMENTS);

	/* PT_LOAD entries with memsz 0 do not count either */
	set_phdr(&b, 1, (struct phdr){ PT_LOAD, 0, TEXT_VA, 0, 0, ELF_SEG_R | ELF_SEG_X });
	expect_error(&b, ELF_NO_SEGMENTS);
}

/* memsz == 0 entries are skipped without looking at their other fields */
static void test_memsz_zero_skipped(void **state)
{
	(void)state;
	struct builder b;
	struct elf_image img;
	build_header(&b, ENTRY, 4);
	set_phdr(
	    &b, 0,
	    (struct phdr){ PT_LOAD, 0xffffff00u, 0xfffff000u, 0x1000, 0, ELF_SEG_R | ELF_SEG_X });
	set_phdr(
	    &b, 1,
	    (struct phdr){ PT_LOAD, TEXT_OFF, TEXT_VA, TEXT_SZ, TEXT_SZ, ELF_SEG_R | ELF_SEG_X });
	set_phdr(&b, 2, (struct phdr){ PT_LOAD, TEXT_OFF, TEXT_VA, 0, 0, ELF_SEG_R });
	set_phdr(&b, 3,
		 (struct phdr){ PT_LOAD, DATA_OFF, DATA_VA, DATA_FILESZ, DATA_MEMSZ,
				ELF_SEG_R | ELF_SEG_W });
	add_payload(&b, TEXT_OFF, TEXT_SZ);
	add_payload(&b, DATA_OFF, DATA_FILESZ);
	expect_ok(&b, &img);

	assert_int_equal(img.num_segments, 2);
	assert_segment(&img.segment[0], TEXT_VA, TEXT_SZ, TEXT_OFF, TEXT_SZ, ELF_SEG_R | ELF_SEG_X);
	assert_segment(&img.segment[1], DATA_VA, DATA_MEMSZ, DATA_OFF, DATA_FILESZ,
		       ELF_SEG_R | ELF_SEG_W);
	assert_unused_zero(&img);
}

/* non-LOAD entries are ignored even when their fields are absurd */
static void test_non_load_ignored(void **state)
{
	(void)state;
	struct builder b;
	struct elf_image img;
	build_header(&b, ENTRY, 5);
	set_phdr(&b, 0,
		 (struct phdr){ PT_ARM_EXIDX, 0xfffffff0u, 0xfffffff0u, 0x100, 0x100, ELF_SEG_R });
	set_phdr(
	    &b, 1,
	    (struct phdr){ PT_LOAD, TEXT_OFF, TEXT_VA, TEXT_SZ, TEXT_SZ, ELF_SEG_R | ELF_SEG_X });
	set_phdr(&b, 2, (struct phdr){ PT_GNU_STACK, 0, 0, 0, 0, ELF_SEG_R | ELF_SEG_W });
	set_phdr(&b, 3,
		 (struct phdr){ PT_LOAD, DATA_OFF, DATA_VA, DATA_FILESZ, DATA_MEMSZ,
				ELF_SEG_R | ELF_SEG_W });
	set_phdr(&b, 4, (struct phdr){ PT_NOTE, 0x1000000, TEXT_VA, 0x200, 0x10, ELF_SEG_R });
	add_payload(&b, TEXT_OFF, TEXT_SZ);
	add_payload(&b, DATA_OFF, DATA_FILESZ);
	expect_ok(&b, &img);

	assert_int_equal(img.entry, ENTRY);
	assert_int_equal(img.num_segments, 2);
	assert_int_equal(img.segment[0].vaddr, TEXT_VA);
	assert_int_equal(img.segment[1].vaddr, DATA_VA);
}

static void test_eight_segments_ok(void **state)
{
	(void)state;
	struct builder b;
	struct elf_image img;
	build_n_segments(&b, ELF_MAX_SEGMENTS);
	expect_ok(&b, &img);

	assert_int_equal(img.entry, TEXT_VA);
	assert_int_equal(img.num_segments, ELF_MAX_SEGMENTS);
	for (unsigned i = 0; i < ELF_MAX_SEGMENTS; i++)
		assert_segment(&img.segment[i], TEXT_VA + PAGE * i, 0x100, 0x400 + 0x10 * i, 0x10,
			       ELF_SEG_R | ELF_SEG_X);
}

static void test_nine_segments_too_many(void **state)
{
	(void)state;
	struct builder b;
	build_n_segments(&b, ELF_MAX_SEGMENTS + 1);
	expect_error(&b, ELF_TOO_MANY_SEGMENTS);

	/* a ninth entry with memsz 0 is not loadable and therefore fine */
	put32(&b, EHDR_SIZE + ELF_MAX_SEGMENTS * PHDR_SIZE + 20, 0);
	struct elf_image img;
	expect_ok(&b, &img);
	assert_int_equal(img.num_segments, ELF_MAX_SEGMENTS);
}

/************************
 ** Segment validation **
 ************************/

static void test_filesz_gt_memsz(void **state)
{
	(void)state;
	struct builder b;
	build_valid(&b);
	put32(&b, EHDR_SIZE + 20, TEXT_SZ - 1); /* text p_memsz */
	expect_error(&b, ELF_SEGMENT_BAD_SIZE);
}

static void test_segment_out_of_file(void **state)
{
	(void)state;
	struct builder b;
	build_valid(&b);
	b.size -= 1; /* data ends 1 past */
	expect_error(&b, ELF_SEGMENT_OUT_OF_FILE);

	build_valid(&b);
	put32(&b, EHDR_SIZE + 4, IMAGE_SIZE + 1); /* text p_offset */
	put32(&b, EHDR_SIZE + 16, 0);             /* text p_filesz */
	expect_error(&b, ELF_SEGMENT_OUT_OF_FILE);
}

/* a segment ending exactly at the end of the file, or empty at its end, is fine */
static void test_segment_at_file_end(void **state)
{
	(void)state;
	struct builder b;
	struct elf_image img;
	build_valid(&b);
	put32(&b, EHDR_SIZE + 4, IMAGE_SIZE); /* text p_offset */
	put32(&b, EHDR_SIZE + 16, 0);         /* text p_filesz */
	expect_ok(&b, &img);
	assert_segment(&img.segment[0], TEXT_VA, TEXT_SZ, IMAGE_SIZE, 0, ELF_SEG_R | ELF_SEG_X);
	assert_int_equal(img.segment[1].file_offset + img.segment[1].filesz, b.size);
}

/* p_offset + p_filesz wrapping 32 bits must not look like a small end */
static void test_segment_offset_wrap(void **state)
{
	(void)state;
	struct builder b;
	build_valid(&b);
	put32(&b, EHDR_SIZE + 4, 0xffffff00u); /* text p_offset */
	put32(&b, EHDR_SIZE + 16, 0x200);      /* wraps to 0x100 */
	put32(&b, EHDR_SIZE + 20, 0x200);
	expect_error(&b, ELF_SEGMENT_OUT_OF_FILE);

	build_valid(&b);
	put32(&b, EHDR_SIZE + 4, 0x10);
	put32(&b, EHDR_SIZE + 16, 0xfffffff8u); /* 0x10 + len wraps */
	put32(&b, EHDR_SIZE + 20, 0xfffffff8u);
	expect_error(&b, ELF_SEGMENT_OUT_OF_FILE);
}

static void test_segment_out_of_range(void **state)
{
	(void)state;
	struct builder b;

	/* below va_low */
	build_valid(&b);
	expect_error_range(&b, TEXT_VA + 1, VA_HIGH, ELF_SEGMENT_OUT_OF_RANGE);

	/* ends 1 byte past va_high */
	expect_error_range(&b, VA_LOW, DATA_VA + DATA_MEMSZ - 1, ELF_SEGMENT_OUT_OF_RANGE);

	/* starts at va_high */
	expect_error_range(&b, VA_LOW, DATA_VA, ELF_SEGMENT_OUT_OF_RANGE);

	/* empty window */
	expect_error_range(&b, VA_HIGH, VA_LOW, ELF_SEGMENT_OUT_OF_RANGE);
	expect_error_range(&b, TEXT_VA, TEXT_VA, ELF_SEGMENT_OUT_OF_RANGE);
}

/* ending exactly at the exclusive bound va_high is allowed */
static void test_segment_range_edges(void **state)
{
	(void)state;
	struct builder b;
	struct elf_image img;
	build_valid(&b);
	memset(&img, 0, sizeof(img));
	assert_int_equal(parse_bytes(b.buf, b.size, TEXT_VA, DATA_VA + DATA_MEMSZ, &img), ELF_OK);
	assert_int_equal(img.num_segments, 2);

	/* the whole 32-bit space except the last byte */
	assert_int_equal(parse_bytes(b.buf, b.size, 0, 0xffffffffu, &img), ELF_OK);
}

/* vaddr + memsz wrapping 32 bits must not look like a small end */
static void test_segment_vaddr_wrap(void **state)
{
	(void)state;
	struct builder b;
	build_valid(&b);
	put32(&b, EHDR_SIZE + 32 + 8, 0xfffff000u); /* data p_vaddr */
	expect_error_range(&b, VA_LOW, 0xffffffffu, ELF_SEGMENT_OUT_OF_RANGE);

	build_valid(&b);
	put32(&b, EHDR_SIZE + 32 + 20, 0xffffffffu); /* data p_memsz */
	expect_error_range(&b, 0, 0xffffffffu, ELF_SEGMENT_OUT_OF_RANGE);
}

/*****************
 ** Page sharing **
 *****************/

/* two segments where the first ends exactly on the page the second starts */
static void build_adjacent(struct builder *b, uint32_t text_memsz, uint32_t data_va)
{
	build_valid(b);
	put32(b, EHDR_SIZE + 20, text_memsz);  /* text p_memsz */
	put32(b, EHDR_SIZE + 32 + 8, data_va); /* data p_vaddr */
}

static void test_pages_touching_ok(void **state)
{
	(void)state;
	struct builder b;
	struct elf_image img;
	build_adjacent(&b, PAGE, TEXT_VA + PAGE);
	expect_ok(&b, &img);
	assert_int_equal(img.segment[0].memsz, PAGE);
	assert_int_equal(img.segment[1].vaddr, TEXT_VA + PAGE);

	/* data in program-header order before text, also touching */
	build_adjacent(&b, PAGE, TEXT_VA - DATA_MEMSZ);
	expect_ok(&b, &img);
}

static void test_pages_shared_overlap(void **state)
{
	(void)state;
	struct builder b;

	/* text ends 1 byte into the data page */
	build_adjacent(&b, PAGE + 1, TEXT_VA + PAGE);
	expect_error(&b, ELF_SEGMENT_OVERLAP);

	/* bytes do not overlap, but data starts on text's (partial) last page */
	build_adjacent(&b, TEXT_SZ, TEXT_VA + 0x800);
	expect_error(&b, ELF_SEGMENT_OVERLAP);

	/* data's bss runs into text's first page from below */
	build_adjacent(&b, TEXT_SZ, TEXT_VA - DATA_MEMSZ + 1);
	expect_error(&b, ELF_SEGMENT_OVERLAP);

	/* identical and contained ranges */
	build_adjacent(&b, TEXT_SZ, TEXT_VA);
	expect_error(&b, ELF_SEGMENT_OVERLAP);
	build_adjacent(&b, 0x10000, TEXT_VA + 0x4000);
	expect_error(&b, ELF_SEGMENT_OVERLAP);
}

/*****************
 ** Entry point **
 *****************/

static void test_entry_in_non_x_segment(void **state)
{
	(void)state;
	struct builder b;
	build_valid(&b);
	put32(&b, 24, DATA_VA); /* inside RW data */
	expect_error(&b, ELF_BAD_ENTRY);
	put32(&b, 24, DATA_VA + DATA_MEMSZ - 1); /* inside its bss */
	expect_error(&b, ELF_BAD_ENTRY);
}

static void test_entry_outside_segments(void **state)
{
	(void)state;
	struct builder b;
	uint32_t const entries[] = { 0, TEXT_VA - 1, TEXT_VA + TEXT_SZ, TEXT_VA + 0x800,
				     0xffffffffu };
	for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
		build_valid(&b);
		put32(&b, 24, entries[i]);
		expect_error(&b, ELF_BAD_ENTRY);
	}
}

static void test_entry_segment_edges(void **state)
{
	(void)state;
	struct builder b;
	struct elf_image img;
	build_valid(&b);
	put32(&b, 24, TEXT_VA);
	expect_ok(&b, &img);
	assert_int_equal(img.entry, TEXT_VA);

	put32(&b, 24, TEXT_VA + TEXT_SZ - 1); /* e.g. Thumb bit set */
	expect_ok(&b, &img);
	assert_int_equal(img.entry, TEXT_VA + TEXT_SZ - 1);
}

/*************
 ** Strings **
 *************/

static void test_result_strings(void **state)
{
	(void)state;
	enum { COUNT = ELF_BAD_ENTRY + 1 };
	const char *s[COUNT];
	for (int i = 0; i < COUNT; i++) {
		s[i] = elf_result_string((enum elf_result)i);
		assert_non_null(s[i]);
		assert_true(strlen(s[i]) > 0);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(s[i], s[j]);
	}
	assert_string_equal(elf_result_string(ELF_TRUNCATED), "file truncated");
	assert_string_equal(elf_result_string(ELF_BAD_MACHINE), "not an ARM executable");
}

/**********
 ** Fuzz **
 **********/

static uint32_t lcg_next(uint64_t *seed)
{
	*seed = *seed * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*seed >> 33);
}

/* everything a caller of elf_parse relies on after ELF_OK */
static void assert_invariants(const struct elf_image *img, size_t size)
{
	bool entry_ok = false;
	assert_true(img->num_segments >= 1 && img->num_segments <= ELF_MAX_SEGMENTS);
	for (unsigned i = 0; i < img->num_segments; i++) {
		const struct elf_segment *s = &img->segment[i];
		assert_true(s->memsz > 0 && s->filesz <= s->memsz);
		assert_true((uint64_t)s->file_offset + s->filesz <= size);
		assert_true(s->vaddr >= VA_LOW);
		assert_true((uint64_t)s->vaddr + s->memsz <= VA_HIGH);
		assert_true((s->flags & ~(uint32_t)(ELF_SEG_R | ELF_SEG_W | ELF_SEG_X)) == 0);
		if ((s->flags & ELF_SEG_X) && img->entry >= s->vaddr &&
		    (uint64_t)img->entry < (uint64_t)s->vaddr + s->memsz)
			entry_ok = true;
		for (unsigned j = 0; j < i; j++) {
			const struct elf_segment *t = &img->segment[j];
			uint64_t const s_end = ((uint64_t)s->vaddr + s->memsz + PAGE - 1) / PAGE;
			uint64_t const t_end = ((uint64_t)t->vaddr + t->memsz + PAGE - 1) / PAGE;
			assert_true(s_end <= t->vaddr / PAGE || t_end <= s->vaddr / PAGE);
		}
	}
	assert_true(entry_ok);
	assert_unused_zero(img);
}

/* interesting values for whole 32-bit fields: edges of every check */
static uint32_t fuzz_word(uint64_t *seed)
{
	static const uint32_t words[] = { 0,           1,           0x7f,        0x80,
					  0xfff,       0x1000,      0x7fffffff,  0x80000000u,
					  0xfffff000u, 0xffffffe0u, 0xfffffffeu, 0xffffffffu,
					  IMAGE_SIZE,  EHDR_SIZE };
	return words[lcg_next(seed) % (sizeof(words) / sizeof(words[0]))];
}

static void mutate(struct builder *b, uint64_t *seed)
{
	unsigned const n = 1 + lcg_next(seed) % 3;
	size_t const hot = EHDR_SIZE + 2 * PHDR_SIZE; /* header + program headers */
	for (unsigned i = 0; i < n; i++) {
		bool const in_hot = lcg_next(seed) % 4 != 0;
		size_t const pos  = lcg_next(seed) % (in_hot ? hot : b->size);
		if (lcg_next(seed) % 2 && pos + 4 <= b->size)
			put32(b, pos & ~(size_t)3, fuzz_word(seed));
		else
			b->buf[pos] = (uint8_t)lcg_next(seed);
	}
	if (lcg_next(seed) % 4 == 0)
		b->size = lcg_next(seed) % (b->size + 1);
}

static void test_fuzz(void **state)
{
	(void)state;
	uint64_t seed = 0x5eed;
	unsigned ok = 0, failed = 0;
	struct builder b;
	struct elf_image img;

	for (unsigned iter = 0; iter < 5000; iter++) {
		build_valid(&b);
		mutate(&b, &seed);
		memset(&img, 0xa5, sizeof(img));
		enum elf_result const r = parse(&b, &img);
		assert_true(r >= ELF_OK && r <= ELF_BAD_ENTRY);
		if (r == ELF_OK) {
			assert_invariants(&img, b.size);
			ok++;
		} else {
			failed++;
		}
	}
	/* both outcomes must occur or the fuzzing explores nothing */
	assert_true(ok > 100 && failed > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_two_segments),
		cmocka_unit_test(test_out_may_be_null),
		cmocka_unit_test(test_unaligned_input),
		cmocka_unit_test(test_flags_masked),
		cmocka_unit_test(test_size_zero),
		cmocka_unit_test(test_truncated_header),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_bad_class),
		cmocka_unit_test(test_bad_endian),
		cmocka_unit_test(test_bad_version),
		cmocka_unit_test(test_bad_type),
		cmocka_unit_test(test_bad_machine),
		cmocka_unit_test(test_bad_phentsize),
		cmocka_unit_test(test_phdr_table_beyond_file),
		cmocka_unit_test(test_phoff_overflow),
		cmocka_unit_test(test_phnum_zero),
		cmocka_unit_test(test_phnum_xnum),
		cmocka_unit_test(test_no_load_segments),
		cmocka_unit_test(test_memsz_zero_skipped),
		cmocka_unit_test(test_non_load_ignored),
		cmocka_unit_test(test_eight_segments_ok),
		cmocka_unit_test(test_nine_segments_too_many),
		cmocka_unit_test(test_filesz_gt_memsz),
		cmocka_unit_test(test_segment_out_of_file),
		cmocka_unit_test(test_segment_at_file_end),
		cmocka_unit_test(test_segment_offset_wrap),
		cmocka_unit_test(test_segment_out_of_range),
		cmocka_unit_test(test_segment_range_edges),
		cmocka_unit_test(test_segment_vaddr_wrap),
		cmocka_unit_test(test_pages_touching_ok),
		cmocka_unit_test(test_pages_shared_overlap),
		cmocka_unit_test(test_entry_in_non_x_segment),
		cmocka_unit_test(test_entry_outside_segments),
		cmocka_unit_test(test_entry_segment_edges),
		cmocka_unit_test(test_result_strings),
		cmocka_unit_test(test_fuzz),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
