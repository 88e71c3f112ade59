/*
 * Host unit tests of the HID parser (repos/base/src/lib/hid*.c).
 *
 * Every document is parsed from an exactly-sized heap copy without a
 * terminating NUL, so ASan reports any read past its end, both while
 * validating and while navigating.
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

#include <base/hid.h>
#include "mutate.h"

/* a config as Genode's run scripts write it, ending right after the end marker */
static const char example[] = "\n"
			      "config | prio_levels: 2\n"
			      "+ parent-provides\n"
			      "  + service ROM\n"
			      "  + service LOG\n"
			      "\n"
			      "+ default-route\n"
			      "  + any-service\n"
			      "    + parent\n"
			      "    + any-child\n"
			      "+ default | caps: 100 | ram: 10M\n"
			      ". a comment | with a bar\n"
			      "+ start timer | caps: 100 | ram: 1M\n"
			      "  + provides | + service Timer\n"
			      "x start disabled\n"
			      "  ram: 1M\n"
			      "  + provides | + service Timer\n"
			      "+ start osci\n"
			      "  ram: 8M\n"
			      "  + config\n"
			      "  |        fps:        50\n"
			      "  |        phase_lock: no    | . use 'yes' for more stability\n"
			      "  |\n"
			      "  | + channel | label: mic_left  | v_pos: 0.25\n"
			      "  | + channel | label: mic_right | v_pos: 0.75\n"
			      "  + route\n"
			      "    + service ROM | label: recording | + child record_rom\n"
			      "    + service Gui                    | + child wm\n"
			      "    + any-service                    | + parent\n"
			      "+ arg -c\n"
			      "  : while true; do | a pipe\n"
			      "  : \tdone\n"
			      "-";

struct doc {
	char *text;
	size_t len;
	struct hid_node root;
	struct hid_result res;
};

/*************
 ** Helpers **
 *************/

static void doc_load_len(struct doc *d, const char *s, size_t len)
{
	d->text = malloc(len ? len : 1);
	assert_non_null(d->text);
	memcpy(d->text, s, len);
	d->len = len;
	memset(&d->root, 0xa5, sizeof(d->root));
	d->res = hid_parse(d->text, len, &d->root);
}

static void doc_ok(struct doc *d, const char *s)
{
	doc_load_len(d, s, strlen(s));
	if (d->res.error != HID_OK)
		print_error("'%s': %s at %u:%u\n", s, hid_error_string(d->res.error), d->res.line,
			    d->res.column);
	assert_int_equal(d->res.error, HID_OK);
	assert_int_equal(d->res.line, 0);
	assert_int_equal(d->res.column, 0);
	assert_ptr_equal(d->root.doc, d->text);
	assert_int_equal(d->root.doc_len, d->len);
}

static void doc_free(struct doc *d) { free(d->text); }

static void expect_error_len(const char *s, size_t len, enum hid_error e, unsigned line,
			     unsigned column)
{
	struct doc d;
	struct hid_node untouched;
	memset(&untouched, 0xa5, sizeof(untouched));

	doc_load_len(&d, s, len);
	doc_free(&d);
	if (d.res.error != e || d.res.line != line || d.res.column != column)
		print_error("'%s': %s at %u:%u instead of %s at %u:%u\n", s,
			    hid_error_string(d.res.error), d.res.line, d.res.column,
			    hid_error_string(e), line, column);
	assert_int_equal(d.res.error, e);
	assert_int_equal(d.res.line, line);
	assert_int_equal(d.res.column, column);
	assert_memory_equal(&d.root, &untouched, sizeof(untouched));
}

static void expect_error(const char *s, enum hid_error e, unsigned line, unsigned column)
{
	expect_error_len(s, strlen(s), e, line, column);
}

static void expect_valid(const char *s)
{
	struct doc d;
	doc_ok(&d, s);
	doc_free(&d);
}

static void assert_type(struct hid_node node, const char *type)
{
	const struct hid_node *n = &node;
	const char *t;
	size_t const len = hid_node_type(n, &t);
	assert_int_equal(len, strlen(type));
	assert_memory_equal(t, type, len);
	assert_true(hid_node_type_is(n, type));
}

static void assert_attr(struct hid_node node, const char *tag, const char *value)
{
	const struct hid_node *n = &node;
	const char *v;
	size_t len;
	if (!hid_attr(n, tag, &v, &len))
		print_error("no attribute '%s'\n", tag);
	assert_true(hid_attr(n, tag, &v, &len));
	assert_int_equal(len, strlen(value));
	assert_memory_equal(v, value, len);
}

/* the n-th enabled sub node of the given type */
static struct hid_node sub(struct hid_node node, const char *type, unsigned index)
{
	const struct hid_node *n = &node;
	struct hid_node s;
	bool found = hid_first_sub(n, &s);
	for (; found; found = hid_next(&s, &s))
		if (hid_node_type_is(&s, type) && index-- == 0)
			return s;
	print_error("no <%s> number %u\n", type, index);
	fail();
	return s;
}

static unsigned count_subs(struct hid_node node)
{
	const struct hid_node *n = &node;
	struct hid_node s;
	unsigned count = 0;
	for (bool found = hid_first_sub(n, &s); found; found = hid_next(&s, &s))
		count++;
	return count;
}

/****************
 ** Navigation **
 ****************/

static void test_example_navigation(void **state)
{
	(void)state;
	struct doc d;
	doc_ok(&d, example);

	assert_type(d.root, "config");
	assert_attr(d.root, "prio_levels", "2");
	assert_int_equal(hid_node_line(&d.root), 2);
	assert_int_equal(count_subs(d.root), 6); /* the disabled start node is skipped */

	struct hid_node pp = sub(d.root, "parent-provides", 0);
	assert_int_equal(count_subs(pp), 2);
	assert_attr(sub(pp, "service", 1), "name", "LOG");

	struct hid_node any = sub(sub(d.root, "default-route", 0), "any-service", 0);
	assert_int_equal(count_subs(any), 2);
	assert_type(sub(any, "any-child", 0), "any-child");

	struct hid_node def = sub(d.root, "default", 0);
	assert_attr(def, "caps", "100");
	assert_attr(def, "ram", "10M");
	assert_false(hid_attr(&def, "name", NULL, NULL));

	struct hid_node timer = sub(d.root, "start", 0);
	assert_attr(timer, "name", "timer");
	assert_attr(timer, "ram", "1M");
	assert_attr(sub(sub(timer, "provides", 0), "service", 0), "name", "Timer");

	struct hid_node osci = sub(d.root, "start", 1);
	assert_attr(osci, "name", "osci");
	assert_attr(osci, "ram", "8M");
	assert_int_equal(hid_node_line(&osci), 18);
	struct hid_node config = sub(osci, "config", 0);
	assert_attr(config, "fps", "50");
	assert_attr(config, "phase_lock", "no");
	assert_int_equal(count_subs(config), 2);
	assert_attr(sub(config, "channel", 1), "label", "mic_right");
	assert_attr(sub(config, "channel", 1), "v_pos", "0.75");

	struct hid_node route = sub(osci, "route", 0);
	assert_int_equal(count_subs(route), 3);
	struct hid_node rom = sub(route, "service", 0);
	assert_attr(rom, "name", "ROM");
	assert_attr(rom, "label", "recording");
	assert_int_equal(count_subs(rom), 1);
	assert_attr(sub(rom, "child", 0), "name", "record_rom");
	assert_attr(sub(sub(route, "service", 1), "child", 0), "name", "wm");
	assert_type(sub(sub(route, "any-service", 0), "parent", 0), "parent");

	struct hid_node arg = sub(d.root, "arg", 0);
	assert_attr(arg, "name", "-c");
	assert_int_equal(count_subs(arg), 0);
	assert_false(hid_next(&arg, &arg));
	doc_free(&d);
}

/* a node's text parses as a document of its own once the end marker is added */
static void test_node_text(void **state)
{
	(void)state;
	struct doc d;
	const char *text;
	doc_ok(&d, example);

	struct hid_node config = sub(sub(d.root, "start", 1), "config", 0);
	size_t const len       = hid_node_text(&config, &text);
	assert_true(len > 0 && text[len - 1] == '\n');
	assert_memory_equal(text, "config\n", 7);

	char *copy = malloc(len + 2);
	assert_non_null(copy);
	memcpy(copy, text, len);
	memcpy(copy + len, "-\n", 2);
	struct hid_node alone;
	struct hid_result const r = hid_parse(copy, len + 2, &alone);
	assert_int_equal(r.error, HID_OK);
	assert_attr(alone, "fps", "50");
	assert_int_equal(count_subs(alone), 2);
	free(copy);
	doc_free(&d);
}

static void test_header_forms(void **state)
{
	(void)state;
	struct doc d;

	/* what follows the type is an attribute if it looks like one, else the name */
	doc_ok(&d, "config verbose: yes\n+ a b c\n+ b x:y\n+ c  spaced name  \n+ d q:\n-\n");
	assert_attr(d.root, "verbose", "yes");
	assert_attr(sub(d.root, "a", 0), "name", "b c");
	assert_attr(sub(d.root, "b", 0), "name", "x:y");
	assert_attr(sub(d.root, "c", 0), "name", "spaced name");
	assert_attr(sub(d.root, "d", 0), "q", "");
	struct hid_node const q = sub(d.root, "d", 0);
	assert_false(hid_attr(&q, "name", NULL, NULL));
	doc_free(&d);

	/* attributes on their own lines, indented at least as far as the type */
	doc_ok(&d, "config\nverbose: yes\n+ start x\n  ram: 1M\n     caps: 5\n-\n");
	assert_attr(d.root, "verbose", "yes");
	assert_attr(sub(d.root, "start", 0), "caps", "5");
	doc_free(&d);

	/* CRLF line ends, leading white space, trailing white space after the marker */
	doc_ok(&d, " \r\n\t\nconfig\r\n+ a | k: v\r\n-\r\n \t\n");
	assert_attr(sub(d.root, "a", 0), "k", "v");
	doc_free(&d);
}

static void test_nesting_and_disabled(void **state)
{
	(void)state;
	struct doc d;

	doc_ok(&d, "r\n"
		   "+ a\n"
		   "  + b\n"
		   "      + c\n"
		   "    + d\n"
		   "  x e\n"
		   "    + f\n"
		   "  + g\n"
		   "+ h\n"
		   "x i | + j\n"
		   "-\n");
	struct hid_node a = sub(d.root, "a", 0);
	assert_int_equal(count_subs(d.root), 2);
	assert_int_equal(count_subs(a), 2); /* b and g; e is disabled */
	struct hid_node b = sub(a, "b", 0);
	assert_int_equal(count_subs(b), 2); /* c and d: both right of b */
	assert_type(sub(a, "g", 0), "g");
	assert_int_equal(count_subs(sub(d.root, "h", 0)), 0);
	doc_free(&d);
}

static void test_sub_node_aliasing_and_bounds(void **state)
{
	(void)state;
	struct doc d;
	struct hid_node n;

	doc_ok(&d, "r\n+ a\n  + b\n+ c\n-\n");
	n = d.root;
	assert_true(hid_first_sub(&n, &n));
	assert_type(n, "a");
	assert_true(hid_first_sub(&n, &n));
	assert_type(n, "b");
	assert_false(hid_next(&n, &n)); /* c is a's sibling, not b's */
	assert_type(n, "b");
	assert_false(hid_first_sub(&n, &n));
	doc_free(&d);
}

/* nodes that hid_parse never made must not lead to reads outside the document */
static void test_forged_nodes(void **state)
{
	(void)state;
	struct doc d;
	const char *p = "x";
	doc_ok(&d, "r\n+ a | k: v\n-\n");

	struct hid_node const bad[] = {
		{ NULL, d.len, 0, 3, 3, 0 },   { d.text, d.len, 0, d.len + 1, d.len + 1, 0 },
		{ d.text, d.len, 3, 3, 3, 0 }, { d.text, d.len, 5, 2, 9, 0 },
		{ d.text, d.len, 0, 4, 3, 0 }, { d.text, 0, 0, 0, 0, 0 },
		{ d.text, d.len, 1, 4, 4, 0 }, /* starts at a newline */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hid_node n = bad[i];
		assert_int_equal(hid_node_type(&n, &p), 0);
		assert_null(p);
		assert_false(hid_first_sub(&n, &n));
		assert_false(hid_next(&n, &n));
		assert_false(hid_attr(&n, "k", NULL, NULL));
		assert_int_equal(hid_node_text(&n, &p), 0);
		assert_int_equal(hid_node_line(&n), 0);
	}
	assert_false(hid_first_sub(NULL, NULL));

	/* a node with a wrong column or bounds reads only within them */
	struct hid_node skewed = { d.text, d.len, 4, 6, d.len, 99 };
	struct hid_node s;
	hid_first_sub(&skewed, &s);
	hid_next(&skewed, &s);
	hid_attr(&skewed, "k", NULL, NULL);
	doc_free(&d);
}

/************
 ** Errors **
 ************/

static void test_errors(void **state)
{
	(void)state;
	expect_error("", HID_EMPTY, 1, 1);
	expect_error(" \n\t", HID_EMPTY, 2, 2);
	expect_error("config", HID_NO_END_MARKER, 1, 7);
	expect_error("config\n+ a\n", HID_NO_END_MARKER, 3, 1);
	expect_error("Config\n-\n", HID_BAD_TYPE, 1, 1);
	expect_error(". comment\nconfig\n-\n", HID_BAD_TYPE, 1, 1);
	expect_error("config\n+ 9a\n-\n", HID_BAD_TYPE, 2, 3);
	expect_error("config\n+  a\n-\n", HID_BAD_TYPE, 2, 3);
	expect_error("config\n+ a(b)\n-\n", HID_BAD_TYPE, 2, 3);
	expect_error("conf!g\n-\n", HID_BAD_TYPE, 1, 1);
	expect_error("config\n+a\n-\n", HID_BAD_SEGMENT, 2, 1);
	expect_error("config\nsecond\n-\n", HID_BAD_SEGMENT, 2, 1);
	expect_error("config\n  - x\n-\n", HID_BAD_SEGMENT, 2, 3);
	expect_error("config | .x\n-\n", HID_BAD_SEGMENT, 1, 10);
	expect_error("config\n  ram:1M\n-\n", HID_BAD_ATTRIBUTE, 2, 7);
	expect_error("config | a: 1 | a: 2\n-\n", HID_DUPLICATE_ATTRIBUTE, 1, 17);
	expect_error("config\n+ s x\n  name: y\n-\n", HID_DUPLICATE_ATTRIBUTE, 3, 3);
	expect_error("config\n+ s\n  k: 1\n  . c\n   | k: 2\n-\n", HID_DUPLICATE_ATTRIBUTE, 5, 6);
	expect_error("config\n+ s\n  + t\n  k: 1\n-\n", HID_MISPLACED_ATTRIBUTE, 4, 3);
	expect_error("config\n+ s\n k: 1\n-\n", HID_MISPLACED_ATTRIBUTE, 3, 2);
	expect_error("config\n+ s\n  : text\n  k: 1\n-\n", HID_MISPLACED_ATTRIBUTE, 4, 3);
	expect_error("config\n+ s\n  + t\n  : x\n-\n", HID_MISPLACED_CONTENT, 4, 3);
	expect_error("config\n+ s\n  : x\n  + t\n-\n", HID_MISPLACED_CONTENT, 4, 3);
	expect_error("config\n+ s\n : x\n-\n", HID_MISPLACED_CONTENT, 3, 2);
	expect_error("config\n- \nx\n", HID_TRAILING_CONTENT, 3, 1);
	expect_error("config\n-x\n", HID_TRAILING_CONTENT, 2, 2);
	expect_error("config\n+ a\tb\n-\n", HID_BAD_CHARACTER, 2, 4);
	expect_error("config\n\t+ a\n-\n", HID_BAD_CHARACTER, 2, 1);
	expect_error("config | k: a\rb\n-\n", HID_BAD_CHARACTER, 1, 14);
	expect_error("config\n+ a\n  k: \x01\n-\n", HID_BAD_CHARACTER, 3, 6);
	static const char nul[] = "config\n. x\0y\n-\n";
	expect_error_len(nul, sizeof(nul) - 1, HID_BAD_CHARACTER, 2, 4);
}

static void test_error_too_deep(void **state)
{
	(void)state;
	char buf[4096];
	size_t n = 0;

	n += (size_t)sprintf(buf + n, "r\n");
	for (unsigned depth = 1; depth < HID_MAX_DEPTH; depth++)
		n += (size_t)sprintf(buf + n, "%*s+ n\n", (int)(2 * (depth - 1)), "");
	sprintf(buf + n, "-\n");
	expect_valid(buf);
	sprintf(buf + n, "%*s+ n\n-\n", (int)(2 * (HID_MAX_DEPTH - 1)), "");
	expect_error(buf, HID_TOO_DEEP, HID_MAX_DEPTH + 1, 2 * (HID_MAX_DEPTH - 1) + 1);
}

static void test_content_and_comments_allow_tabs_and_bars(void **state)
{
	(void)state;
	expect_valid("config\n+ a | : x\t| y\n. tab\there | bar\n  :\n-\n");
	expect_valid("config\n+ a | : x\n.\n    : y\n-\n");
	expect_error("config\n+ a | : x\n.\n: y\n-\n", HID_MISPLACED_CONTENT, 4, 1);
}

static void test_error_strings(void **state)
{
	(void)state;
	for (int e = HID_OK; e <= HID_TRAILING_CONTENT; e++) {
		const char *s = hid_error_string((enum hid_error)e);
		assert_non_null(s);
		assert_true(strlen(s) > 1);
		assert_string_not_equal(s, "unknown HID error");
	}
}

/**********************************
 ** Truncation and random damage **
 **********************************/

/* everything navigation offers on a node that passed hid_parse, recursively */
static void check_node(const struct hid_node *n, const char *doc, size_t len, unsigned depth)
{
	static const char *const tags[] = { "name", "caps", "ram", "label", "fps", "k" };
	const char *p;

	assert_true(depth <= HID_MAX_DEPTH);
	assert_ptr_equal(n->doc, doc);
	assert_int_equal(n->doc_len, len);
	assert_true(n->start < n->end && n->end <= n->limit && n->limit <= len);
	assert_int_equal(hid_node_text(n, &p), n->end - n->start);
	size_t l = hid_node_type(n, &p);
	assert_true(l > 0 && p == doc + n->start && n->start + l <= n->end);
	assert_true(hid_node_line(n) >= 1);
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (hid_attr(n, tags[i], &p, &l))
			assert_true(p >= doc + n->start && p + l <= doc + n->end);

	struct hid_node s;
	size_t prev_end = 0;
	for (bool ok = hid_first_sub(n, &s); ok; ok = hid_next(&s, &s)) {
		assert_true(s.start > n->start && s.end <= n->end && s.start >= prev_end);
		assert_true(s.column > n->column || depth == 1);
		prev_end = s.end;
		check_node(&s, doc, len, depth + 1);
	}
}

static void test_truncated_everywhere(void **state)
{
	(void)state;
	size_t const full = strlen(example);

	for (size_t len = 0; len < full; len++) {
		struct doc d;
		doc_load_len(&d, example, len);
		assert_int_not_equal(d.res.error, HID_OK);
		assert_true(d.res.line >= 1 && d.res.column >= 1);
		doc_free(&d);
	}
	struct doc d;
	doc_ok(&d, example);
	check_node(&d.root, d.text, d.len, 1);
	doc_free(&d);
}

/* a damaged copy: navigation must work on what the parser accepts */
static bool check_damaged(const char *buf, size_t n)
{
	struct hid_node root;
	struct hid_result const r = hid_parse(buf, n, &root);

	assert_true(r.error <= HID_TRAILING_CONTENT);
	if (r.error != HID_OK) {
		assert_true(r.line >= 1 && r.column >= 1);
		return false;
	}
	assert_true(r.line == 0 && r.column == 0);
	check_node(&root, buf, n, 1);
	return true;
}

static void test_mutations(void **state)
{
	(void)state;
	static const char special[] = "+x.:|- \n\t\r\0aZ9_";
	unsigned const accepted =
	    mutate_each(example, special, sizeof(special) - 1, 0x41d, 6000, check_damaged);

	/* both outcomes must occur or the fuzzing explores nothing */
	assert_true(accepted > 500 && 6000 - accepted > 500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_navigation),
		cmocka_unit_test(test_node_text),
		cmocka_unit_test(test_header_forms),
		cmocka_unit_test(test_nesting_and_disabled),
		cmocka_unit_test(test_sub_node_aliasing_and_bounds),
		cmocka_unit_test(test_forged_nodes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_error_too_deep),
		cmocka_unit_test(test_content_and_comments_allow_tabs_and_bars),
		cmocka_unit_test(test_error_strings),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
