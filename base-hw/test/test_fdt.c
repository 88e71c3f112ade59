/*
 * Host tests for bootstrap's device-tree reader (base-hw/src/bootstrap/fdt.c):
 * trees built here the way QEMU's virt machine and other firmware lay them
 * out, trees without RAM, and broken ones (every single byte of a good tree
 * changed, every truncation), which must be refused without reading beyond
 * the tree (AddressSanitizer watches).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <fdt.h>

/* ---- a small tree builder: structure and strings block, then the header ---- */
struct builder {
	uint8_t structs[1024], strings[256];
	uint32_t structs_len, strings_len;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void token(struct builder *b, uint32_t t)
{
	put32(b->structs + b->structs_len, t);
	b->structs_len += 4;
}

static void bytes(struct builder *b, const void *data, uint32_t n)
{
	memcpy(b->structs + b->structs_len, data, n);
	b->structs_len += (n + 3) & ~3u; /* the buffer is zeroed: padding is 0 */
}

static void begin(struct builder *b, const char *name)
{
	token(b, 1);
	bytes(b, name, (uint32_t)strlen(name) + 1);
}

static void end(struct builder *b) { token(b, 2); }

static void prop(struct builder *b, const char *name, const uint32_t *cells, unsigned n)
{
	uint8_t value[64];
	for (unsigned i = 0; i < n; i++)
		put32(value + 4 * i, cells[i]);
	token(b, 3);
	token(b, 4 * n);
	token(b, b->strings_len);
	memcpy(b->strings + b->strings_len, name, strlen(name) + 1);
	b->strings_len += (uint32_t)strlen(name) + 1;
	bytes(b, value, 4 * n);
}

static void prop_string(struct builder *b, const char *name, const char *value)
{
	token(b, 3);
	token(b, (uint32_t)strlen(value) + 1);
	token(b, b->strings_len);
	memcpy(b->strings + b->strings_len, name, strlen(name) + 1);
	b->strings_len += (uint32_t)strlen(name) + 1;
	bytes(b, value, (uint32_t)strlen(value) + 1);
}

/* The whole tree into out; its size */
static uint32_t finish(struct builder *b, uint8_t *out)
{
	uint32_t structs = 40 + 16, strings = structs + b->structs_len + 4;
	uint32_t total = strings + b->strings_len;

	token(b, 9);
	memset(out, 0, total);
	put32(out, FDT_MAGIC);
	put32(out + 4, total);
	put32(out + 8, structs);
	put32(out + 12, strings);
	put32(out + 16, 40); /* empty memory reservation map */
	put32(out + 20, 17);
	put32(out + 24, 16);
	put32(out + 32, b->strings_len);
	put32(out + 36, b->structs_len);
	memcpy(out + structs, b->structs, b->structs_len);
	memcpy(out + strings, b->strings, b->strings_len);
	return total;
}

static struct builder b;

/* Like QEMU's virt machine: 2 address and 2 size cells, RAM behind other nodes */
static uint32_t virt_tree(uint8_t *out, uint32_t ram_size)
{
	const uint32_t two[]   = { 2 };
	const uint32_t reg[]   = { 0, 0x40000000u, 0, ram_size };
	const uint32_t flash[] = { 0, 0, 0, 0x4000000 };

	memset(&b, 0, sizeof(b));
	begin(&b, "");
	prop(&b, "#address-cells", two, 1);
	prop(&b, "#size-cells", two, 1);
	begin(&b, "flash@0");
	prop(&b, "reg", flash, 4);
	end(&b);
	begin(&b, "cpus");
	begin(&b, "cpu@0");
	end(&b);
	end(&b);
	begin(&b, "memory@40000000");
	prop(&b, "reg", reg, 4);
	end(&b);
	end(&b);
	return finish(&b, out);
}

static uint8_t tree[2048];

static void test_virt_machine(void **state)
{
	uint64_t base = 0, size = 0;
	(void)state;

	uint32_t n = virt_tree(tree, 0x40000000u);
	assert_true(fdt_memory(tree, n, &base, &size));
	assert_int_equal(base, 0x40000000u);
	assert_int_equal(size, 0x40000000u); /* -m 1024 */
	n = virt_tree(tree, 256u << 20);
	assert_true(fdt_memory(tree, 1u << 20, &base, &size)); /* room beyond is fine */
	assert_int_equal(size, 256u << 20);
}

/* One cell each (the specification's default size), node named plainly */
static void test_one_cell(void **state)
{
	const uint32_t one[] = { 1 }, reg[] = { 0x70000000, 0x20000000 };
	uint64_t base = 0, size = 0;
	(void)state;

	memset(&b, 0, sizeof(b));
	begin(&b, "");
	prop(&b, "#address-cells", one, 1);
	begin(&b, "memory");
	prop(&b, "reg", reg, 2);
	end(&b);
	end(&b);
	uint32_t n = finish(&b, tree);
	assert_true(fdt_memory(tree, n, &base, &size));
	assert_int_equal(base, 0x70000000u);
	assert_int_equal(size, 0x20000000u);
}

/* A "memory" deeper down, or a node that only starts with memory, is no RAM */
static void test_no_ram(void **state)
{
	const uint32_t reg[] = { 0x1000, 0x1000 };
	uint64_t base = 0, size = 0;
	(void)state;

	memset(&b, 0, sizeof(b));
	begin(&b, "");
	begin(&b, "soc");
	begin(&b, "memory@1000");
	prop(&b, "reg", reg, 2);
	end(&b);
	end(&b);
	begin(&b, "memory-controller");
	prop(&b, "reg", reg, 2);
	end(&b);
	end(&b);
	uint32_t n = finish(&b, tree);
	assert_false(fdt_memory(tree, n, &base, &size));
}

static void test_broken_header(void **state)
{
	uint64_t base = 0, size = 0;
	(void)state;

	uint32_t n = virt_tree(tree, 0x10000000);
	assert_false(fdt_memory(tree, n - 1, &base, &size)); /* larger than we may read */
	assert_false(fdt_memory(tree, 39, &base, &size));
	tree[0] ^= 1;
	assert_false(fdt_memory(tree, n, &base, &size));
	tree[0] ^= 1;
	put32(tree + 36, 0xfffffff0u); /* structure block beyond the tree */
	assert_false(fdt_memory(tree, n, &base, &size));
}

/* Every byte changed to a few values, and every truncation: never a read
 * outside the tree (each copy is allocated to its exact size, so
 * AddressSanitizer catches one) */
/* Like QEMU's virt machine with -smp cpus: /cpus/cpu@N with one address
 * cell, a cpu-map beside them, /psci with its method */
static uint32_t smp_tree(uint8_t *out, unsigned cpus, const char *method)
{
	const uint32_t one[] = { 1 }, zero[] = { 0 }, cpu_on[] = { 0x84000003u };
	const uint32_t phandle[] = { 0x8004 };

	memset(&b, 0, sizeof(b));
	begin(&b, "");
	begin(&b, "psci");
	prop(&b, "cpu_off", (const uint32_t[]){ 0x84000002u }, 1);
	prop(&b, "cpu_on", cpu_on, 1);
	prop_string(&b, "method", method);
	end(&b);
	begin(&b, "cpus");
	prop(&b, "#size-cells", zero, 1);
	prop(&b, "#address-cells", one, 1);
	begin(&b, "cpu-map");
	begin(&b, "cluster0");
	begin(&b, "core0");
	prop(&b, "cpu", phandle, 1);
	end(&b);
	end(&b);
	end(&b);
	for (unsigned i = 0; i < cpus; i++) {
		char name[16];
		snprintf(name, sizeof(name), "cpu@%u", i);
		begin(&b, name);
		prop(&b, "reg", (const uint32_t[]){ i }, 1);
		prop_string(&b, "enable-method", "psci");
		end(&b);
	}
	end(&b);
	end(&b);
	return finish(&b, out);
}

static void test_cpus_and_psci(void **state)
{
	struct fdt_cpus c;
	(void)state;

	uint32_t n = smp_tree(tree, 4, "hvc");
	assert_true(fdt_cpus(tree, n, &c));
	assert_int_equal(c.count, 4);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(c.mpidr[i], i);
	assert_int_equal(c.psci_method, FDT_PSCI_HVC);
	assert_int_equal(c.psci_cpu_on, 0x84000003u);

	n = smp_tree(tree, 2, "smc");
	assert_true(fdt_cpus(tree, n, &c));
	assert_int_equal(c.count, 2);
	assert_int_equal(c.psci_method, FDT_PSCI_SMC);

	n = smp_tree(tree, FDT_CPUS_MAX + 3, "firmware"); /* more than room: the first */
	assert_true(fdt_cpus(tree, n, &c));
	assert_int_equal(c.count, FDT_CPUS_MAX);
	assert_int_equal(c.psci_method, FDT_PSCI_NONE);

	n = virt_tree(tree, 256u << 20); /* one cpu@0 without reg, no psci */
	assert_true(fdt_cpus(tree, n, &c));
	assert_int_equal(c.count, 0);
	assert_int_equal(c.psci_method, FDT_PSCI_NONE);

	tree[0] = 0; /* no tree */
	assert_false(fdt_cpus(tree, n, &c));
	assert_int_equal(c.count, 0);
}

static void test_mutations(void **state)
{
	static const uint8_t values[] = { 0x00, 0x01, 0x03, 0x09, 0x7f, 0x80, 0xff };
	uint8_t good[2048];
	uint64_t base, size;
	unsigned changed = 0;
	(void)state;

	uint32_t n = virt_tree(good, 0x40000000u);
	for (uint32_t i = 0; i < n; i++)
		for (unsigned v = 0; v < sizeof(values); v++) {
			uint8_t *copy = malloc(n); /* exactly n: ASan sees any overread */
			memcpy(copy, good, n);
			copy[i] = values[v];
			base = size = 0;
			bool found  = fdt_memory(copy, n, &base, &size);
			free(copy);
			if (found && (base != 0x40000000u || size != 0x40000000u))
				changed++;
		}
	/* the mutations reach the parser's depths: some change the answer
	 * (cell counts, reg, lengths), most do not */
	assert_true(changed > 0 && changed < n);
	for (uint32_t len = 4; len < n; len++) {
		uint8_t *copy = malloc(len); /* the tree's own size says more: refused */
		memcpy(copy, good, len);
		assert_false(fdt_memory(copy, len, &base, &size));
		free(copy);
	}

	/* the same for the CPUs' reader: any answer, never outside the tree */
	n = smp_tree(good, 4, "hvc");
	for (uint32_t i = 0; i < n; i++)
		for (unsigned v = 0; v < sizeof(values); v++) {
			struct fdt_cpus c;
			uint8_t *copy = malloc(n);
			memcpy(copy, good, n);
			copy[i] = values[v];
			if (fdt_cpus(copy, n, &c))
				assert_true(c.count <= FDT_CPUS_MAX);
			free(copy);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virt_machine), cmocka_unit_test(test_one_cell),
		cmocka_unit_test(test_no_ram),       cmocka_unit_test(test_broken_header),
		cmocka_unit_test(test_mutations),    cmocka_unit_test(test_cpus_and_psci),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
