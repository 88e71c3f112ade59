/*
 * Host unit tests of the syntax-agnostic config nodes (repos/base/src/lib/node.c):
 * the same config in XML and in HID reads the same through node_*.
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

#include <base/node.h>

static const char xml_config[] = "  <config verbose=\"yes\">\n"
				 "\t<default caps=\"50\" ram=\"10M\"/>\n"
				 "\t<start name=\"a &amp; b\" ram=\"1M\">\n"
				 "\t\t<config> <x y=\"z\"/> </config>\n"
				 "\t</start>\n"
				 "\t<start name=\"c\"/>\n"
				 "</config>\n";

static const char hid_config[] = "\n"
				 "config | verbose: yes\n"
				 "+ default | caps: 50 | ram: 10M\n"
				 "+ start a & b | ram: 1M\n"
				 "  + config\n"
				 "    + x | y: z\n"
				 "+ start c\n"
				 "-\n";

struct parsed {
	char *text;
	struct node root;
};

static struct parsed parse(const char *s)
{
	struct parsed p = { malloc(strlen(s)), { NODE_XML, { .xml = { 0, 0, 0, 0 } } } };
	assert_non_null(p.text);
	memcpy(p.text, s, strlen(s));
	struct node_result const r = node_parse(p.text, strlen(s), &p.root);
	if (r.error)
		print_error("%s at %u:%u\n", r.error, r.line, r.column);
	assert_null(r.error);
	return p;
}

/* the reading that init does, identical for both syntaxes */
static void check_config(const struct node *config)
{
	struct node n, sub;
	char buf[16];
	uint64_t u = 0;
	bool b     = false;

	assert_true(node_type_is(config, "config"));
	assert_true(node_attr_bool(config, "verbose", &b) && b);
	assert_true(node_sub_by_type(config, "default", &n));
	assert_true(node_attr_u64(&n, "ram", &u) && u == 10 << 20);
	assert_true(node_sub_by_type(config, "start", &n));
	assert_true(node_attr_copy(&n, "name", buf, sizeof(buf)));
	assert_string_equal(buf, "a & b");
	assert_false(node_attr_copy(&n, "name", buf, 5)); /* does not fit */
	assert_string_equal(buf, "a & b");
	assert_true(node_sub_by_type(&n, "config", &sub));
	assert_true(node_first_sub(&sub, &sub) && node_type_is(&sub, "x"));
	assert_true(node_next_by_type(&n, "start", &n));
	assert_true(node_attr_copy(&n, "name", buf, sizeof(buf)));
	assert_string_equal(buf, "c");
	assert_false(node_attr_u64(&n, "ram", &u));
	assert_false(node_next(&n, &n));
	assert_true(node_line(&n) >= 6);
}

static void test_both_syntaxes_read_alike(void **state)
{
	(void)state;
	struct parsed x = parse(xml_config), h = parse(hid_config);

	assert_int_equal(x.root.syntax, NODE_XML);
	assert_int_equal(h.root.syntax, NODE_HID);
	check_config(&x.root);
	check_config(&h.root);
	free(x.text);
	free(h.text);
}

/* an inline config handed on (text + terminator) parses as a config of its own */
static void test_inline_config_stands_alone(void **state)
{
	(void)state;
	const char *const docs[] = { xml_config, hid_config };

	for (unsigned i = 0; i < 2; i++) {
		struct parsed p = parse(docs[i]);
		struct node start, inline_config, alone, x;
		const char *text;

		assert_true(node_sub_by_type(&p.root, "start", &start));
		assert_true(node_sub_by_type(&start, "config", &inline_config));
		size_t const len       = node_text(&inline_config, &text);
		const char *const tail = node_text_terminator(&inline_config);
		char *copy             = malloc(len + strlen(tail));
		assert_non_null(copy);
		memcpy(copy, text, len);
		memcpy(copy + len, tail, strlen(tail));
		struct node_result const r = node_parse(copy, len + strlen(tail), &alone);
		assert_null(r.error);
		assert_int_equal(alone.syntax, p.root.syntax);
		assert_true(node_type_is(&alone, "config"));
		assert_true(node_sub_by_type(&alone, "x", &x));
		assert_true(node_attr(&x, "y", NULL, NULL));
		free(copy);
		free(p.text);
	}
}

static void test_errors_of_either_syntax(void **state)
{
	(void)state;
	struct node untouched = { NODE_HID, { .xml = { 0, 0, 0, 0 } } };
	struct node root      = untouched;

	struct node_result r = node_parse("  \n", 3, &root);
	assert_string_equal(r.error, "no root element");
	r = node_parse("<config>\n</x>", 13, &root);
	assert_string_equal(r.error, "end tag does not match the open element");
	assert_int_equal(r.line, 2);
	assert_int_equal(r.column, 1);
	r = node_parse("\nconfig\n+ a | b:c\n-\n", 20, &root);
	assert_string_equal(r.error, "attribute value not separated by a space");
	assert_int_equal(r.line, 3);
	assert_int_equal(r.column, 9);
	assert_memory_equal(&root, &untouched, sizeof(root));
	assert_null(node_parse("config\n-\n", 9, NULL).error);
}

static void test_null_nodes(void **state)
{
	(void)state;
	const char *p = "x";
	uint64_t u;
	bool b;
	char buf[4];

	assert_int_equal(node_type(NULL, &p), 0);
	assert_null(p);
	assert_false(node_type_is(NULL, "x"));
	assert_false(node_first_sub(NULL, NULL));
	assert_false(node_next(NULL, NULL));
	assert_false(node_attr(NULL, "x", NULL, NULL));
	assert_false(node_attr_copy(NULL, "x", buf, sizeof(buf)));
	assert_false(node_attr_u64(NULL, "x", &u));
	assert_false(node_attr_bool(NULL, "x", &b));
	assert_int_equal(node_text(NULL, &p), 0);
	assert_string_equal(node_text_terminator(NULL), "");
	assert_int_equal(node_line(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_both_syntaxes_read_alike),
		cmocka_unit_test(test_inline_config_stands_alone),
		cmocka_unit_test(test_errors_of_either_syntax),
		cmocka_unit_test(test_null_nodes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
