/*
 * Finding the RAM in a flattened device tree (see fdt.h). The structure
 * block is a sequence of big-endian tokens: BEGIN_NODE with the node's
 * name, PROP with length, name offset and value, END_NODE, NOP, END.
 * Every offset and length is checked against the tree's size before use.
 */
#include <fdt.h>

enum {
	TOKEN_BEGIN_NODE = 1,
	TOKEN_END_NODE   = 2,
	TOKEN_PROP       = 3,
	TOKEN_NOP        = 4,
	TOKEN_END        = 9,
	HEADER_SIZE      = 40,
	MAX_CELLS        = 2, /* 64-bit addresses and sizes at most */
};

struct tree {
	const uint8_t *base;
	uint32_t size;                  /* of the whole tree, checked */
	uint32_t structs, structs_end;  /* the structure block */
	uint32_t strings, strings_size; /* the strings block */
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Offset and length inside [0, limit) */
static bool within(uint32_t offset, uint32_t length, uint32_t limit)
{
	return offset <= limit && length <= limit - offset;
}

static bool tree_open(struct tree *t, const void *fdt, uint32_t max_size)
{
	const uint8_t *h = fdt;

	if (max_size < HEADER_SIZE || be32(h) != FDT_MAGIC)
		return false;
	t->base              = h;
	t->size              = be32(h + 4);
	t->structs           = be32(h + 8);
	t->strings           = be32(h + 12);
	t->strings_size      = be32(h + 32);
	uint32_t struct_size = be32(h + 36);
	t->structs_end       = t->structs + struct_size;
	return t->size >= HEADER_SIZE && t->size <= max_size &&
	       within(t->structs, struct_size, t->size) && (t->structs & 3) == 0 &&
	       within(t->strings, t->strings_size, t->size);
}

/* Does the NUL-terminated string at off (inside the strings block) equal s? */
static bool string_is(const struct tree *t, uint32_t off, const char *s)
{
	for (uint32_t i = 0;; i++) {
		if (off >= t->strings_size || i >= t->strings_size - off)
			return false;
		char c = (char)t->base[t->strings + off + i];
		if (c != s[i])
			return false;
		if (!c)
			return true;
	}
}

/* A node name: its length up to the NUL, 0 if it runs past the block */
static uint32_t name_length(const struct tree *t, uint32_t at)
{
	for (uint32_t n = 0; at + n < t->structs_end; n++)
		if (!t->base[at + n])
			return n + 1;
	return 0;
}

static bool is_memory_node(const uint8_t *name, uint32_t length)
{
	static const char memory[] = "memory";
	for (unsigned i = 0; i < sizeof(memory) - 1; i++)
		if (i >= length || name[i] != (uint8_t)memory[i])
			return false;
	return name[6] == 0 || name[6] == '@';
}

static uint64_t cells(const uint8_t *p, uint32_t n)
{
	uint64_t v = 0;
	for (uint32_t i = 0; i < n; i++)
		v = v << 32 | be32(p + 4 * i);
	return v;
}

bool fdt_memory(const void *fdt, uint32_t max_size, uint64_t *base, uint64_t *size)
{
	struct tree t;
	uint32_t address_cells = 2, size_cells = 1; /* the specification's defaults */
	unsigned depth = 0;
	bool in_memory = false;

	if (!tree_open(&t, fdt, max_size))
		return false;
	for (uint32_t at = t.structs; within(at, 4, t.structs_end);) {
		uint32_t token = be32(t.base + at);
		at += 4;
		if (token == TOKEN_BEGIN_NODE) {
			uint32_t n = name_length(&t, at);
			if (!n)
				return false;
			depth++;
			in_memory = depth == 2 && is_memory_node(t.base + at, n);
			at += (n + 3) & ~3u;
		} else if (token == TOKEN_END_NODE) {
			if (depth-- == 0)
				return false;
			in_memory = false;
		} else if (token == TOKEN_PROP) {
			if (!within(at, 8, t.structs_end))
				return false;
			uint32_t length = be32(t.base + at), name = be32(t.base + at + 4);
			const uint8_t *value = t.base + at + 8;
			at += 8;
			if (!within(at, length, t.structs_end))
				return false;
			at += (length + 3) & ~3u;
			if (depth == 1 && length == 4 && string_is(&t, name, "#address-cells"))
				address_cells = be32(value);
			else if (depth == 1 && length == 4 && string_is(&t, name, "#size-cells"))
				size_cells = be32(value);
			else if (in_memory && string_is(&t, name, "reg")) {
				if (!address_cells || address_cells > MAX_CELLS || !size_cells ||
				    size_cells > MAX_CELLS ||
				    length < 4 * (address_cells + size_cells))
					return false;
				*base = cells(value, address_cells);
				*size = cells(value + 4 * address_cells, size_cells);
				return true;
			}
		} else if (token != TOKEN_NOP) {
			return false; /* TOKEN_END, or garbage */
		}
	}
	return false;
}
