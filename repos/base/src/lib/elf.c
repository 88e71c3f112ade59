/*
 * ELF executable parser: checks the header and program headers of a static
 * ARM executable and extracts the PT_LOAD segments for the loader.
 *
 * The input is untrusted. Every field is read with explicit little-endian
 * byte loads (input may be unaligned) and every offset/size computation is
 * arranged so that it cannot wrap around.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <base/elf.h>

/* constants from the ELF specification, only those we check */
enum {
	ELF_EHDR_SIZE   = 52, /* sizeof(Elf32_Ehdr) */
	ELF_PHDR_SIZE   = 32, /* sizeof(Elf32_Phdr) */
	ELF_CLASS_32    = 1,
	ELF_DATA_2LSB   = 1,
	ELF_VERSION_CUR = 1,
	ELF_TYPE_EXEC   = 2,
	ELF_MACHINE_ARM = 40,
	ELF_PT_LOAD     = 1,
	ELF_PN_XNUM     = 0xffff,
	ELF_PAGE_SHIFT  = 12,
	ELF_PAGE_MASK   = (1u << ELF_PAGE_SHIFT) - 1,
};

/* byte offsets inside Elf32_Ehdr */
enum {
	ELF_EH_CLASS     = 4,
	ELF_EH_DATA      = 5,
	ELF_EH_IDENT_VER = 6,
	ELF_EH_TYPE      = 16,
	ELF_EH_MACHINE   = 18,
	ELF_EH_VERSION   = 20,
	ELF_EH_ENTRY     = 24,
	ELF_EH_PHOFF     = 28,
	ELF_EH_PHENTSIZE = 42,
	ELF_EH_PHNUM     = 44,
};

/* byte offsets inside Elf32_Phdr */
enum {
	ELF_PH_TYPE   = 0,
	ELF_PH_OFFSET = 4,
	ELF_PH_VADDR  = 8,
	ELF_PH_FILESZ = 16,
	ELF_PH_MEMSZ  = 20,
	ELF_PH_FLAGS  = 24,
};

static uint16_t load_le16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }

static uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

/* true if [offset, offset + len) lies inside a buffer of 'size' bytes */
static bool range_in_file(size_t offset, size_t len, size_t size)
{
	return offset <= size && len <= size - offset;
}

static enum elf_result check_ident(const uint8_t *d)
{
	if (d[0] != 0x7f || d[1] != 'E' || d[2] != 'L' || d[3] != 'F')
		return ELF_BAD_MAGIC;
	if (d[ELF_EH_CLASS] != ELF_CLASS_32)
		return ELF_BAD_CLASS;
	if (d[ELF_EH_DATA] != ELF_DATA_2LSB)
		return ELF_BAD_ENDIAN;
	if (d[ELF_EH_IDENT_VER] != ELF_VERSION_CUR)
		return ELF_BAD_VERSION;
	return ELF_OK;
}

static enum elf_result check_header(const uint8_t *d, size_t size)
{
	enum elf_result r = check_ident(d);
	if (r != ELF_OK)
		return r;
	if (load_le32(d + ELF_EH_VERSION) != ELF_VERSION_CUR)
		return ELF_BAD_VERSION;
	if (load_le16(d + ELF_EH_TYPE) != ELF_TYPE_EXEC)
		return ELF_BAD_TYPE;
	if (load_le16(d + ELF_EH_MACHINE) != ELF_MACHINE_ARM)
		return ELF_BAD_MACHINE;

	/* an empty table has no meaningful entry size, so check count first */
	uint16_t const phnum = load_le16(d + ELF_EH_PHNUM);
	if (phnum == 0)
		return ELF_NO_SEGMENTS;

	/* PN_XNUM means the real count lives in section 0, which we don't parse */
	if (phnum == ELF_PN_XNUM || load_le16(d + ELF_EH_PHENTSIZE) != ELF_PHDR_SIZE)
		return ELF_BAD_PHDR;

	/* phnum < 2^16, so the product fits in 22 bits even with a 32-bit size_t */
	size_t const table_size = (size_t)phnum * ELF_PHDR_SIZE;
	if (!range_in_file(load_le32(d + ELF_EH_PHOFF), table_size, size))
		return ELF_BAD_PHDR;
	return ELF_OK;
}

static void read_segment(const uint8_t *ph, struct elf_segment *s)
{
	s->vaddr       = load_le32(ph + ELF_PH_VADDR);
	s->memsz       = load_le32(ph + ELF_PH_MEMSZ);
	s->file_offset = load_le32(ph + ELF_PH_OFFSET);
	s->filesz      = load_le32(ph + ELF_PH_FILESZ);
	s->flags       = load_le32(ph + ELF_PH_FLAGS) & (ELF_SEG_R | ELF_SEG_W | ELF_SEG_X);
}

/* checks of one segment on its own; requires s->memsz > 0 */
static enum elf_result check_segment(const struct elf_segment *s, size_t size, uint32_t va_low,
				     uint32_t va_high)
{
	if (s->filesz > s->memsz)
		return ELF_SEGMENT_BAD_SIZE;
	if (!range_in_file(s->file_offset, s->filesz, size))
		return ELF_SEGMENT_OUT_OF_FILE;

	/* vaddr < va_high guarantees that va_high - vaddr does not wrap */
	if (s->vaddr < va_low || s->vaddr >= va_high || s->memsz > va_high - s->vaddr)
		return ELF_SEGMENT_OUT_OF_RANGE;
	return ELF_OK;
}

/* first page number of a range-checked segment */
static uint32_t first_page(const struct elf_segment *s) { return s->vaddr >> ELF_PAGE_SHIFT; }

/* page number just past a range-checked segment; vaddr + memsz <= va_high */
static uint32_t end_page(const struct elf_segment *s)
{
	uint32_t const end = s->vaddr + s->memsz;
	return (end >> ELF_PAGE_SHIFT) + ((end & ELF_PAGE_MASK) != 0);
}

/* the loader maps whole pages per segment, so sharing a page is a conflict */
static bool pages_overlap(const struct elf_segment *a, const struct elf_segment *b)
{
	return first_page(a) < end_page(b) && first_page(b) < end_page(a);
}

static enum elf_result add_segment(struct elf_image *img, const struct elf_segment *s)
{
	if (img->num_segments >= ELF_MAX_SEGMENTS)
		return ELF_TOO_MANY_SEGMENTS;
	for (unsigned i = 0; i < img->num_segments; i++)
		if (pages_overlap(&img->segment[i], s))
			return ELF_SEGMENT_OVERLAP;
	img->segment[img->num_segments++] = *s;
	return ELF_OK;
}

static enum elf_result collect_segments(const uint8_t *d, size_t size, uint32_t va_low,
					uint32_t va_high, struct elf_image *img)
{
	uint32_t const phoff = load_le32(d + ELF_EH_PHOFF);
	uint16_t const phnum = load_le16(d + ELF_EH_PHNUM);

	img->num_segments = 0;
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ph = d + phoff + (size_t)i * ELF_PHDR_SIZE;
		struct elf_segment s;

		/* other types (PT_ARM_EXIDX, PT_GNU_STACK, ...) need no mapping */
		if (load_le32(ph + ELF_PH_TYPE) != ELF_PT_LOAD)
			continue;
		read_segment(ph, &s);
		if (s.memsz == 0)
			continue;

		enum elf_result r = check_segment(&s, size, va_low, va_high);
		if (r == ELF_OK)
			r = add_segment(img, &s);
		if (r != ELF_OK)
			return r;
	}
	return img->num_segments ? ELF_OK : ELF_NO_SEGMENTS;
}

static bool entry_valid(const struct elf_image *img)
{
	for (unsigned i = 0; i < img->num_segments; i++) {
		const struct elf_segment *s = &img->segment[i];

		/* subtraction instead of vaddr + memsz, which could reach 2^32 */
		if ((s->flags & ELF_SEG_X) && img->entry >= s->vaddr &&
		    img->entry - s->vaddr < s->memsz)
			return true;
	}
	return false;
}

/* field-wise copy so the compiler has no reason to emit a memcpy call */
static void store_image(struct elf_image *out, const struct elf_image *img)
{
	out->entry        = img->entry;
	out->num_segments = img->num_segments;
	for (unsigned i = 0; i < ELF_MAX_SEGMENTS; i++) {
		bool const used       = i < img->num_segments;
		struct elf_segment *o = &out->segment[i];

		o->vaddr       = used ? img->segment[i].vaddr : 0;
		o->memsz       = used ? img->segment[i].memsz : 0;
		o->file_offset = used ? img->segment[i].file_offset : 0;
		o->filesz      = used ? img->segment[i].filesz : 0;
		o->flags       = used ? img->segment[i].flags : 0;
	}
}

enum elf_result elf_parse(const void *data, size_t size, uint32_t va_low, uint32_t va_high,
			  struct elf_image *out)
{
	const uint8_t *d = data;
	struct elf_image img;

	if (!d || size < ELF_EHDR_SIZE)
		return ELF_TRUNCATED;

	enum elf_result r = check_header(d, size);
	if (r == ELF_OK)
		r = collect_segments(d, size, va_low, va_high, &img);
	if (r != ELF_OK)
		return r;

	img.entry = load_le32(d + ELF_EH_ENTRY);
	if (!entry_valid(&img))
		return ELF_BAD_ENTRY;

	if (out)
		store_image(out, &img);
	return ELF_OK;
}

const char *elf_result_string(enum elf_result r)
{
	switch (r) {
	case ELF_OK: return "ok";
	case ELF_TRUNCATED: return "file truncated";
	case ELF_BAD_MAGIC: return "not an ELF file";
	case ELF_BAD_CLASS: return "not a 32-bit ELF file";
	case ELF_BAD_ENDIAN: return "not little-endian";
	case ELF_BAD_VERSION: return "unsupported ELF version";
	case ELF_BAD_TYPE: return "not an executable";
	case ELF_BAD_MACHINE: return "not an ARM executable";
	case ELF_BAD_PHDR: return "malformed program header table";
	case ELF_NO_SEGMENTS: return "no loadable segments";
	case ELF_TOO_MANY_SEGMENTS: return "too many loadable segments";
	case ELF_SEGMENT_OUT_OF_FILE: return "segment data outside file";
	case ELF_SEGMENT_BAD_SIZE: return "segment file size exceeds memory size";
	case ELF_SEGMENT_OUT_OF_RANGE: return "segment outside allowed address range";
	case ELF_SEGMENT_OVERLAP: return "segments share a page";
	case ELF_BAD_ENTRY: return "entry point not in executable segment";
	}
	return "unknown ELF result";
}
