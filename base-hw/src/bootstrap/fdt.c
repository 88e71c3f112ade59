/*
 * Finding the RAM in a flattened device tree (see fdt.h). The structure
 * block is a sequence of big-endian tokens: BEGIN_NODE with the node's
 * name, PROP with length, name offset and value, END_NODE, NOP, END.
 * Every offset and length is checked against the tree's size before use.
 */
#include <stddef.h>
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

/*
 * The properties of the tree in order, with the depth and name of the node
 * they belong to (depth 1: the root): of the nodes that want (called once
 * per node, with no property yet) takes, so that the many properties of
 * the devices cost a walk only their length (QEMU's tree has hundreds).
 * visit returns false to stop the walk. false if the tree is malformed
 * (the walk may have visited a part of it).
 */
enum { WALK_DEPTH_MAX = 8 }; /* nodes deeper than this are never wanted */
struct fdt_prop {
	unsigned depth;
	const uint8_t *node; /* the node's name, NUL-terminated */
	uint32_t node_length;
	uint32_t name; /* offset of the property's name in the strings block */
	const uint8_t *value;
	uint32_t length;
};

static bool tree_walk(const struct tree *t, bool (*want)(const struct fdt_prop *, void *),
		      bool (*visit)(const struct tree *, const struct fdt_prop *, void *),
		      void *ctx)
{
	struct fdt_prop p               = { 0, (const uint8_t *)"", 1, 0, NULL, 0 };
	bool wanted[WALK_DEPTH_MAX + 1] = { false };

	for (uint32_t at = t->structs; within(at, 4, t->structs_end);) {
		uint32_t token = be32(t->base + at);
		at += 4;
		if (token == TOKEN_BEGIN_NODE) {
			uint32_t n = name_length(t, at);
			if (!n)
				return false;
			p.depth++;
			p.node        = t->base + at;
			p.node_length = n;
			if (p.depth <= WALK_DEPTH_MAX)
				wanted[p.depth] = want(&p, ctx);
			at += (n + 3) & ~3u;
		} else if (token == TOKEN_END_NODE) {
			if (p.depth-- == 0)
				return false;
			p.node        = (const uint8_t *)"";
			p.node_length = 1;
		} else if (token == TOKEN_PROP) {
			if (!within(at, 8, t->structs_end))
				return false;
			p.length = be32(t->base + at);
			p.name   = be32(t->base + at + 4);
			p.value  = t->base + at + 8;
			at += 8;
			if (!within(at, p.length, t->structs_end))
				return false;
			at += (p.length + 3) & ~3u;
			if (p.depth <= WALK_DEPTH_MAX && wanted[p.depth] && !visit(t, &p, ctx))
				return true;
		} else if (token != TOKEN_NOP) {
			return token == TOKEN_END;
		}
	}
	return false;
}

struct memory_walk {
	uint32_t address_cells, size_cells;
	uint64_t base, size;
	bool found, broken;
};

static bool visit_memory(const struct tree *t, const struct fdt_prop *p, void *ctx)
{
	struct memory_walk *m = ctx;

	if (p->depth == 1 && p->length == 4 && string_is(t, p->name, "#address-cells"))
		m->address_cells = be32(p->value);
	else if (p->depth == 1 && p->length == 4 && string_is(t, p->name, "#size-cells"))
		m->size_cells = be32(p->value);
	else if (p->depth == 2 && is_memory_node(p->node, p->node_length) &&
		 string_is(t, p->name, "reg")) {
		if (!m->address_cells || m->address_cells > MAX_CELLS || !m->size_cells ||
		    m->size_cells > MAX_CELLS ||
		    p->length < 4 * (m->address_cells + m->size_cells)) {
			m->broken = true;
			return false;
		}
		m->base  = cells(p->value, m->address_cells);
		m->size  = cells(p->value + 4 * m->address_cells, m->size_cells);
		m->found = true;
		return false;
	}
	return true;
}

/* the root (its cell sizes) and /memory */
static bool want_memory(const struct fdt_prop *p, void *ctx)
{
	(void)ctx;
	return p->depth == 1 || (p->depth == 2 && is_memory_node(p->node, p->node_length));
}

bool fdt_memory(const void *fdt, uint32_t max_size, uint64_t *base, uint64_t *size)
{
	struct tree t;
	struct memory_walk m = { 2, 1, 0, 0, false, false }; /* the specification's defaults */

	if (!tree_open(&t, fdt, max_size) || !tree_walk(&t, want_memory, visit_memory, &m) ||
	    !m.found || m.broken)
		return false;
	*base = m.base;
	*size = m.size;
	return true;
}

/* The name of a node is name or name@unit */
static bool node_is(const struct fdt_prop *p, const char *name)
{
	uint32_t i = 0;
	for (; name[i]; i++)
		if (i >= p->node_length || p->node[i] != (uint8_t)name[i])
			return false;
	return i < p->node_length && (p->node[i] == 0 || p->node[i] == '@');
}

/* A property whose value is the NUL-terminated string s */
static bool value_is(const struct fdt_prop *p, const char *s)
{
	uint32_t i = 0;
	for (; s[i]; i++)
		if (i >= p->length || p->value[i] != (uint8_t)s[i])
			return false;
	return i < p->length && p->value[i] == 0;
}

struct cpus_walk {
	struct fdt_cpus *cpus;
	bool in_cpus; /* the depth-2 node the walk is in is /cpus */
};

/* /psci and /cpus/cpu@N */
static bool want_cpus(const struct fdt_prop *p, void *ctx)
{
	struct cpus_walk *w = ctx;

	if (p->depth == 2) {
		w->in_cpus = node_is(p, "cpus");
		return node_is(p, "psci");
	}
	return p->depth == 3 && w->in_cpus && node_is(p, "cpu");
}

static bool visit_cpus(const struct tree *t, const struct fdt_prop *p, void *ctx)
{
	struct fdt_cpus *c = ((struct cpus_walk *)ctx)->cpus;

	/* a cpu node's reg: its MPIDR affinity fields (#address-cells 1 on 32-bit ARM) */
	if (p->depth == 3) {
		if (string_is(t, p->name, "reg") && p->length == 4 && c->count < FDT_CPUS_MAX)
			c->mpidr[c->count++] = be32(p->value);
	} else if (string_is(t, p->name, "method")) {
		c->psci_method = value_is(p, "hvc")   ? FDT_PSCI_HVC
				 : value_is(p, "smc") ? FDT_PSCI_SMC
						      : FDT_PSCI_NONE;
	} else if (string_is(t, p->name, "cpu_on") && p->length == 4) {
		c->psci_cpu_on = be32(p->value);
	}
	return true;
}

bool fdt_cpus(const void *fdt, uint32_t max_size, struct fdt_cpus *cpus)
{
	struct tree t;
	struct cpus_walk w = { cpus, false };

	*cpus = (struct fdt_cpus){ 0 };
	if (!tree_open(&t, fdt, max_size) || !tree_walk(&t, want_cpus, visit_cpus, &w)) {
		*cpus = (struct fdt_cpus){ 0 };
		return false;
	}
	return true;
}
