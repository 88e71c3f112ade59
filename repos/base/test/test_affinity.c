/*
 * Host unit tests of <affinity xpos width> (repos/base/src/lib/affinity.c)
 * in both config syntaxes, and of the range check core applies to it.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <base/affinity.h>
#include <base/node.h>

/* The <start> node of doc (its root's first sub-node) */
static enum affinity_read_result read(const char *doc, struct affinity *a)
{
	static char text[512];
	struct node root, start;
	size_t const len = strlen(doc);

	assert_true(len < sizeof(text));
	memcpy(text, doc, len);
	struct node_result const r = node_parse(text, len, &root);
	if (r.error)
		print_error("%s at %u:%u in %s\n", r.error, r.line, r.column, doc);
	assert_null(r.error);
	assert_true(node_sub_by_type(&root, "start", &start));
	return affinity_read(&start, a);
}

static void expect(const char *doc, enum affinity_read_result want, uint32_t first, uint32_t count)
{
	struct affinity a = { 99, 99 };
	assert_int_equal(read(doc, &a), want);
	assert_int_equal(a.first, first);
	assert_int_equal(a.count, count);
}

static void test_xml(void **state)
{
	(void)state;
	expect("<config><start name=\"a\"/></config>", AFFINITY_ABSENT, 0, 0);
	expect("<config><start name=\"a\"><affinity xpos=\"1\" width=\"2\"/></start></config>",
	       AFFINITY_VALID, 1, 2);
	expect("<config><start name=\"a\"><affinity xpos=\"3\"/></start></config>", AFFINITY_VALID,
	       3, 1); /* width 1 by default */
	expect("<config><start name=\"a\"><affinity/></start></config>", AFFINITY_VALID, 0, 1);
	expect("<config><start name=\"a\"><affinity xpos=\"0\" ypos=\"0\" width=\"4\" "
	       "height=\"1\"/></start></config>",
	       AFFINITY_VALID, 0, 4);
}

static void test_hid(void **state)
{
	(void)state;
	expect("config\n+ start a\n-\n", AFFINITY_ABSENT, 0, 0);
	expect("config\n+ start a\n  + affinity | xpos: 2 | width: 2\n-\n", AFFINITY_VALID, 2, 2);
	expect("config\n+ start a\n  + affinity | xpos: x\n-\n", AFFINITY_INVALID, 0, 0);
}

static void test_invalid(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"<config><start name=\"a\"><affinity width=\"0\"/></start></config>",
		"<config><start name=\"a\"><affinity xpos=\"-1\"/></start></config>",
		"<config><start name=\"a\"><affinity xpos=\"one\"/></start></config>",
		"<config><start name=\"a\"><affinity ypos=\"1\"/></start></config>",
		"<config><start name=\"a\"><affinity height=\"2\"/></start></config>",
		"<config><start name=\"a\"><affinity xpos=\"64\"/></start></config>",
		"<config><start name=\"a\"><affinity xpos=\"60\" width=\"5\"/></start></config>",
		"<config><start name=\"a\"><affinity xpos=\"4294967295\" width=\"2\"/></start>"
		"</config>",
		"<config><start name=\"a\"><affinity width=\"18446744073709551615\"/></start>"
		"</config>",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect(bad[i], AFFINITY_INVALID, 0, 0);
	expect("<config><start name=\"a\"><affinity xpos=\"60\" width=\"4\"/></start></config>",
	       AFFINITY_VALID, 60, 4); /* the last CPUs that fit */
}

/* what core checks: a child's CPUs within its parent's */
static void test_within(void **state)
{
	(void)state;
	assert_true(affinity_within((struct affinity){ 0, 4 }, 0, 4));
	assert_true(affinity_within((struct affinity){ 1, 1 }, 0, 4));
	assert_true(affinity_within((struct affinity){ 3, 1 }, 0, 4));
	assert_true(affinity_within((struct affinity){ 2, 2 }, 1, 3));
	assert_false(affinity_within((struct affinity){ 4, 1 }, 0, 4)); /* beyond the board */
	assert_false(affinity_within((struct affinity){ 3, 2 }, 0, 4));
	assert_false(affinity_within((struct affinity){ 0, 1 }, 1, 3)); /* below the parent's */
	assert_false(affinity_within((struct affinity){ 0, 5 }, 0, 4));
	assert_false(affinity_within((struct affinity){ 1, 0 }, 0, 4)); /* no CPU */
	assert_false(affinity_within((struct affinity){ 0xffffffffu, 2 }, 0, 4));
	assert_false(affinity_within((struct affinity){ 1, 0xffffffffu }, 0, 4));
	assert_true(affinity_within((struct affinity){ 0, 1 }, 0, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml),
		cmocka_unit_test(test_hid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_within),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
