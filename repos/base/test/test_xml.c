/*
 * Host unit tests of the XML parser (repos/base/src/lib/xml.c).
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

#include <base/xml.h>
#include "mutate.h"

/* the configuration from the design, without trailing newline (see truncation) */
static const char example[] =
    "<config verbose=\"yes\">\n"
    "\t<parent-provides> <service name=\"LOG\"/> <service name=\"ROM\"/> </parent-provides>\n"
    "\t<default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>\n"
    "\t<default caps=\"100\"/>\n"
    "\t<start name=\"timer\" ram=\"1M\" caps=\"50\">\n"
    "\t\t<resource name=\"CPU\" quantum=\"10\"/>\n"
    "\t\t<provides><service name=\"Timer\"/></provides>\n"
    "\t\t<config> <inline text=\"a &amp; b\"/> </config>\n"
    "\t</start>\n"
    "\t<!-- a comment -->\n"
    "</config>";

/* a literal with embedded NULs and its length */
#define LIT(s) s, sizeof(s) - 1

struct doc {
	char *text;
	size_t len;
	struct xml_node root;
	struct xml_result res;
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
	d->res = xml_parse(d->text, len, &d->root);
}

static void doc_load(struct doc *d, const char *s) { doc_load_len(d, s, strlen(s)); }

static void doc_free(struct doc *d) { free(d->text); }

/* parse a valid document; the caller frees it */
static void doc_ok(struct doc *d, const char *s)
{
	doc_load(d, s);
	assert_int_equal(d->res.error, XML_OK);
	assert_int_equal(d->res.line, 0);
	assert_int_equal(d->res.column, 0);
	assert_ptr_equal(d->root.doc, d->text);
	assert_int_equal(d->root.doc_len, d->len);
}

static void expect_error_len(const char *s, size_t len, enum xml_error e, unsigned line,
			     unsigned column)
{
	struct doc d;
	struct xml_node untouched;
	memset(&untouched, 0xa5, sizeof(untouched));

	doc_load_len(&d, s, len);
	doc_free(&d); /* before asserting, so a failure leaks nothing */
	if (d.res.error != e)
		print_error("'%s': %s instead of %s\n", s, xml_error_string(d.res.error),
			    xml_error_string(e));
	assert_int_equal(d.res.error, e);
	assert_int_equal(d.res.line, line);
	assert_int_equal(d.res.column, column);
	assert_memory_equal(&d.root, &untouched, sizeof(untouched));
}

static void expect_error(const char *s, enum xml_error e, unsigned line, unsigned column)
{
	expect_error_len(s, strlen(s), e, line, column);
}

static void expect_valid(const char *s)
{
	struct doc d;
	doc_ok(&d, s);
	doc_free(&d);
}

static void assert_type(const struct xml_node *n, const char *type)
{
	const char *name;
	size_t const len = xml_node_type(n, &name);
	assert_int_equal(len, strlen(type));
	assert_memory_equal(name, type, len);
	assert_true(xml_node_type_is(n, type));
}

static void assert_attr(const struct xml_node *n, const char *name, const char *raw)
{
	const char *v;
	size_t len;
	assert_true(xml_attr(n, name, &v, &len));
	assert_int_equal(len, strlen(raw));
	assert_memory_equal(v, raw, len);
}

static void assert_u64(const struct xml_node *n, const char *name, uint64_t expected)
{
	uint64_t v = 0;
	assert_true(xml_attr_u64(n, name, &v));
	assert_int_equal(v, expected);
}

/* the document <a v='...'/> and its u64 reading; *v stays 7 on failure */
static bool u64_of(const char *value, uint64_t *v)
{
	char buf[128];
	struct doc d;
	snprintf(buf, sizeof(buf), "<a v='%s'/>", value);
	doc_ok(&d, buf);
	*v            = 7;
	bool const ok = xml_attr_u64(&d.root, "v", v);
	doc_free(&d);
	if (!ok)
		assert_int_equal(*v, 7);
	return ok;
}

static unsigned count_subs(const struct xml_node *n)
{
	struct xml_node s;
	unsigned count = 0;
	for (bool ok = xml_first_sub(n, &s); ok; ok = xml_next(&s, &s))
		count++;
	return count;
}

/********************
 ** The example **
 ********************/

static void check_parent_provides(const struct xml_node *pp)
{
	struct xml_node s;
	assert_type(pp, "parent-provides");
	assert_int_equal(xml_node_line(pp), 2);
	assert_true(xml_first_sub(pp, &s));
	assert_type(&s, "service");
	assert_attr(&s, "name", "LOG");
	assert_true(xml_next(&s, &s));
	assert_attr(&s, "name", "ROM");
	assert_false(xml_next(&s, &s));
	assert_attr(&s, "name", "ROM"); /* unchanged on false */
}

static void check_default_route(const struct xml_node *dr)
{
	struct xml_node any, s;
	assert_type(dr, "default-route");
	assert_true(xml_first_sub(dr, &any));
	assert_type(&any, "any-service");
	assert_false(xml_next(&any, &s));
	assert_true(xml_first_sub(&any, &s));
	assert_type(&s, "parent");
	assert_false(xml_first_sub(&s, &s));
	assert_true(xml_next(&s, &s));
	assert_type(&s, "any-child");
	assert_false(xml_next(&s, &s));
}

static void check_inline_config(const struct xml_node *start)
{
	struct xml_node cfg, in;
	const char *p;
	char text[16];

	assert_true(xml_sub_by_type(start, "config", &cfg));
	assert_int_equal(xml_node_line(&cfg), 8);
	size_t len = xml_node_text(&cfg, &p);
	assert_int_equal(len, strlen("<config> <inline text=\"a &amp; b\"/> </config>"));
	assert_memory_equal(p, "<config> <inline text=\"a &amp; b\"/> </config>", len);
	len = xml_content(&cfg, &p);
	assert_int_equal(len, strlen(" <inline text=\"a &amp; b\"/> "));
	assert_memory_equal(p, " <inline text=\"a &amp; b\"/> ", len);

	assert_true(xml_first_sub(&cfg, &in));
	assert_type(&in, "inline");
	assert_attr(&in, "text", "a &amp; b");
	assert_true(xml_attr_copy(&in, "text", text, sizeof(text)));
	assert_string_equal(text, "a & b");
	assert_int_equal(xml_content(&in, &p), 0);
}

static void check_start(const struct xml_node *start)
{
	struct xml_node s;
	char name[8];
	assert_type(start, "start");
	assert_int_equal(xml_node_line(start), 5);
	assert_true(xml_attr_copy(start, "name", name, sizeof(name)));
	assert_string_equal(name, "timer");
	assert_u64(start, "ram", 1024 * 1024);
	assert_u64(start, "caps", 50);

	assert_true(xml_sub_by_type(start, "resource", &s));
	assert_attr(&s, "name", "CPU");
	assert_u64(&s, "quantum", 10);
	assert_true(xml_sub_by_type(start, "provides", &s));
	assert_true(xml_sub_by_type(&s, "service", &s));
	assert_attr(&s, "name", "Timer");
	assert_int_equal(count_subs(start), 3);
	check_inline_config(start);
}

static void test_example_navigation(void **state)
{
	(void)state;
	struct doc d;
	struct xml_node n;
	bool verbose = false;

	doc_ok(&d, example);
	assert_type(&d.root, "config");
	assert_int_equal(d.root.start, 0);
	assert_int_equal(d.root.end, d.len);
	assert_int_equal(xml_node_line(&d.root), 1);
	assert_true(xml_attr_bool(&d.root, "verbose", &verbose));
	assert_true(verbose);
	assert_int_equal(count_subs(&d.root), 4);
	assert_false(xml_next(&d.root, &n));

	assert_true(xml_first_sub(&d.root, &n));
	check_parent_provides(&n);
	assert_true(xml_next(&n, &n));
	check_default_route(&n);
	assert_true(xml_next(&n, &n));
	assert_type(&n, "default");
	assert_u64(&n, "caps", 100);
	assert_true(xml_next(&n, &n));
	check_start(&n);
	assert_false(xml_next(&n, &n)); /* only the comment follows */
	doc_free(&d);
}

static void test_sub_and_next_by_type(void **state)
{
	(void)state;
	struct doc d;
	struct xml_node n;
	const char *names[] = { "a", "b", "c" };
	unsigned i          = 0;

	doc_ok(&d, "<config><start name='a'/><x/><start name='b'/><y><start name='no'/></y>"
		   "<start name='c'/></config>");
	for (bool ok = xml_sub_by_type(&d.root, "start", &n); ok;
	     ok      = xml_next_by_type(&n, "start", &n)) {
		assert_true(i < 3);
		assert_attr(&n, "name", names[i++]);
	}
	assert_int_equal(i, 3);
	assert_false(xml_sub_by_type(&d.root, "missing", &n));
	assert_false(xml_sub_by_type(&d.root, "star", &n)); /* whole names only */
	assert_false(xml_sub_by_type(&d.root, "starts", &n));
	assert_true(xml_sub_by_type(&d.root, "y", NULL));
	assert_false(xml_node_type_is(&d.root, "conf"));
	assert_false(xml_node_type_is(&d.root, "configs"));
	assert_false(xml_node_type_is(&d.root, NULL));
	doc_free(&d);
}

/*******************
 ** Valid syntax **
 *******************/

static void test_prolog_comments_whitespace(void **state)
{
	(void)state;
	struct doc d;
	struct xml_node n;

	doc_ok(&d, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- before -->\r\n"
		   "<a\r\n  x = \"1\"\tb\n=\n'2' >\r\n<!-- <b x=\"> -- -->text<c/>\r\n</a  >\r\n"
		   "<!-- after --> \n");
	assert_type(&d.root, "a");
	assert_int_equal(xml_node_line(&d.root), 3);
	assert_attr(&d.root, "x", "1");
	assert_attr(&d.root, "b", "2");
	assert_true(xml_first_sub(&d.root, &n));
	assert_type(&n, "c");
	assert_int_equal(xml_node_line(&n), 7);
	assert_false(xml_next(&n, &n));
	doc_free(&d);

	/* leading whitespace before the prolog, a prolog without attributes */
	doc_ok(&d, "\n <?xml?><r/>");
	assert_type(&d.root, "r");
	doc_free(&d);
}

/* a '>' in a value or in text, and the other quote, are no markup */
static void test_quotes_and_gt(void **state)
{
	(void)state;
	struct doc d;
	struct xml_node n;

	doc_ok(&d, "<a v='say \"hi\"' w=\"it's\" g=\"1>0\">x > y &lt; z<b k='/>'/>"
		   "<c/></a>");
	assert_attr(&d.root, "v", "say \"hi\"");
	assert_attr(&d.root, "w", "it's");
	assert_attr(&d.root, "g", "1>0");
	assert_true(xml_first_sub(&d.root, &n));
	assert_type(&n, "b");
	assert_attr(&n, "k", "/>");
	assert_int_equal(xml_content(&n, NULL), 0);
	assert_true(xml_next(&n, &n));
	assert_type(&n, "c");
	assert_false(xml_next(&n, &n));
	doc_free(&d);
}

static void test_names_and_text(void **state)
{
	(void)state;
	struct doc d;
	struct xml_node n;
	const char *p;

	doc_ok(&d, "<_n:s.x-1 a:b='1' _c.d-2='2'>text &#65;&#x41; more<q/>tail</_n:s.x-1>");
	assert_type(&d.root, "_n:s.x-1");
	assert_attr(&d.root, "a:b", "1");
	assert_attr(&d.root, "_c.d-2", "2");
	assert_int_equal(count_subs(&d.root), 1);
	size_t const len = xml_content(&d.root, &p);
	assert_int_equal(len, strlen("text &#65;&#x41; more<q/>tail"));
	assert_memory_equal(p, "text &#65;&#x41; more<q/>tail", len);
	assert_true(xml_first_sub(&d.root, &n));
	assert_type(&n, "q");
	doc_free(&d);

	/* an element with only text has no sub nodes */
	doc_ok(&d, "<a>only text</a>");
	assert_false(xml_first_sub(&d.root, &n));
	doc_free(&d);
}

static void test_node_text_and_lines(void **state)
{
	(void)state;
	struct doc d;
	struct xml_node n;
	const char *p;

	doc_ok(&d, "\n\n<a>\r\n <b x='1'>\n<c/>\n</b><d/></a>");
	assert_int_equal(xml_node_line(&d.root), 3);
	assert_int_equal(xml_node_text(&d.root, &p), d.len - 2);
	assert_ptr_equal(p, d.text + 2);
	assert_true(xml_first_sub(&d.root, &n));
	assert_int_equal(xml_node_line(&n), 4);
	assert_int_equal(xml_node_text(&n, &p), strlen("<b x='1'>\n<c/>\n</b>"));
	assert_memory_equal(p, "<b x='1'>\n<c/>\n</b>", strlen("<b x='1'>\n<c/>\n</b>"));
	assert_int_equal(xml_content(&n, &p), 6);
	assert_memory_equal(p, "\n<c/>\n", 6);
	assert_true(xml_first_sub(&n, &n));
	assert_int_equal(xml_node_line(&n), 5);
	assert_true(xml_next(&d.root, &n) == false);
	doc_free(&d);

	/* an empty element <a></a> has empty content, too */
	doc_ok(&d, "<a></a>");
	assert_int_equal(xml_content(&d.root, &p), 0);
	assert_ptr_equal(p, d.text + 3);
	assert_false(xml_first_sub(&d.root, &n));
	doc_free(&d);
}

static void test_root_may_be_null(void **state)
{
	(void)state;
	struct xml_result r = xml_parse("<a/>", 4, NULL);
	assert_int_equal(r.error, XML_OK);
	r = xml_parse("<a>", 3, NULL);
	assert_int_equal(r.error, XML_UNCLOSED_TAG);
	r = xml_parse(NULL, 10, NULL);
	assert_int_equal(r.error, XML_EMPTY);
	assert_int_equal(r.line, 1);
	assert_int_equal(r.column, 1);
}

/**********************
 ** Attribute access **
 **********************/

static void test_attr_raw(void **state)
{
	(void)state;
	struct doc d;
	const char *v = NULL;
	size_t len    = 99;

	doc_ok(&d, "<a names='1' nam='2' name='3' e='' amp='&lt;&amp;'/>");
	assert_attr(&d.root, "name", "3");
	assert_attr(&d.root, "names", "1");
	assert_attr(&d.root, "nam", "2");
	assert_attr(&d.root, "e", "");
	assert_attr(&d.root, "amp", "&lt;&amp;");
	assert_true(xml_attr(&d.root, "name", NULL, NULL));
	assert_false(xml_attr(&d.root, "na", &v, &len));
	assert_false(xml_attr(&d.root, "name3", &v, &len));
	assert_false(xml_attr(&d.root, "", &v, &len));
	assert_false(xml_attr(&d.root, NULL, &v, &len));
	assert_null(v);
	assert_int_equal(len, 99);
	doc_free(&d);
}

static void test_attr_copy_decoding(void **state)
{
	(void)state;
	struct doc d;
	char buf[32];

	doc_ok(&d, "<a e='&lt;&gt;&amp;&quot;&apos;' n='&#65;&#xe9;&#x20AC;&#x1F600;&#10;'"
		   " t=\"&#9;x\"/>");
	assert_true(xml_attr_copy(&d.root, "e", buf, sizeof(buf)));
	assert_string_equal(buf, "<>&\"'");
	assert_true(xml_attr_copy(&d.root, "n", buf, sizeof(buf)));
	assert_string_equal(buf, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\n");
	assert_true(xml_attr_copy(&d.root, "t", buf, sizeof(buf)));
	assert_string_equal(buf, "\tx");
	doc_free(&d);
}

static void test_attr_copy_sizes(void **state)
{
	(void)state;
	struct doc d;
	char buf[8];

	doc_ok(&d, "<a v='a &amp; b' e='' u='&#x1F600;'/>");

	/* "a & b" is 5 bytes plus NUL */
	memset(buf, 'x', sizeof(buf));
	assert_true(xml_attr_copy(&d.root, "v", buf, 6));
	assert_string_equal(buf, "a & b");
	assert_int_equal(buf[6], 'x');

	memset(buf, 'x', sizeof(buf));
	assert_false(xml_attr_copy(&d.root, "v", buf, 5));
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 'x');

	/* a four-byte character must not be split */
	assert_false(xml_attr_copy(&d.root, "u", buf, 4));
	assert_int_equal(buf[0], 'x');
	assert_true(xml_attr_copy(&d.root, "u", buf, 5));
	assert_string_equal(buf, "\xf0\x9f\x98\x80");

	assert_true(xml_attr_copy(&d.root, "e", buf, 1));
	assert_string_equal(buf, "");
	assert_false(xml_attr_copy(&d.root, "e", buf, 0));
	assert_false(xml_attr_copy(&d.root, "missing", buf, sizeof(buf)));
	assert_false(xml_attr_copy(&d.root, "v", NULL, 100));
	doc_free(&d);
}

static void test_attr_u64(void **state)
{
	(void)state;
	uint64_t v;

	assert_true(u64_of("0", &v) && v == 0);
	assert_true(u64_of("00042", &v) && v == 42);
	assert_true(u64_of("1K", &v) && v == 1024);
	assert_true(u64_of("1M", &v) && v == 1024 * 1024);
	assert_true(u64_of("4G", &v) && v == 4ull << 30);
	assert_true(u64_of("18446744073709551615", &v) && v == UINT64_MAX);
	assert_true(u64_of("18014398509481983K", &v) && v == UINT64_MAX - 1023);
	assert_true(u64_of("17179869183G", &v) && v == (((1ull << 34) - 1) << 30));

	/* overflow, of the digits or by the suffix */
	assert_false(u64_of("18446744073709551616", &v));
	assert_false(u64_of("99999999999999999999999", &v));
	assert_false(u64_of("18014398509481984K", &v));
	assert_false(u64_of("17592186044416M", &v));
	assert_false(u64_of("17179869184G", &v));

	/* garbage */
	const char *bad[] = { "",   "K",  "1k", "1KB",  "1T",  " 1",
			      "1 ", "-1", "+1", "0x10", "1.5", "&#49;" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(u64_of(bad[i], &v));
}

static void test_attr_u64_absent(void **state)
{
	(void)state;
	struct doc d;
	uint64_t v = 7;
	doc_ok(&d, "<a caps='5'/>");
	assert_false(xml_attr_u64(&d.root, "cap", &v));
	assert_false(xml_attr_u64(&d.root, "capss", &v));
	assert_false(xml_attr_u64(&d.root, "caps", NULL));
	assert_int_equal(v, 7);
	doc_free(&d);
}

static void test_attr_bool(void **state)
{
	(void)state;
	struct doc d;
	bool v;
	const char *t[] = { "a", "b", "c" }, *f[] = { "d", "e", "f" };
	const char *bad[] = { "g", "h", "i", "j", "k", "missing" };

	doc_ok(&d, "<n a='yes' b='true' c='on' d='no' e='false' f='off'"
		   " g='Yes' h='1' i='' j='yess' k=' no'/>");
	for (unsigned i = 0; i < 3; i++) {
		v = false;
		assert_true(xml_attr_bool(&d.root, t[i], &v));
		assert_true(v);
		v = true;
		assert_true(xml_attr_bool(&d.root, f[i], &v));
		assert_false(v);
	}
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = true;
		assert_false(xml_attr_bool(&d.root, bad[i], &v));
		assert_true(v);
	}
	assert_false(xml_attr_bool(&d.root, "a", NULL));
	doc_free(&d);
}

/* nodes that xml_parse never made must not lead to reads outside the document */
static void test_forged_nodes(void **state)
{
	(void)state;
	struct doc d;
	char buf[4];
	const char *p = "x";
	uint64_t u;
	bool b;

	doc_ok(&d, "<a x='1'><b/></a>");
	struct xml_node const bad[] = {
		{ NULL, d.len, 0, d.len },
		{ d.text, d.len, 0, d.len + 1 },
		{ d.text, d.len, 3, 3 },
		{ d.text, d.len, 5, 2 },
		{ d.text, d.len, 1, d.len },
		{ d.text, 0, 0, 0 },
		{ d.text, d.len, d.len, d.len + 1 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct xml_node n = bad[i];
		assert_int_equal(xml_node_type(&n, &p), 0);
		assert_null(p);
		assert_false(xml_first_sub(&n, &n));
		assert_false(xml_next(&n, &n));
		assert_false(xml_attr(&n, "x", NULL, NULL));
		assert_false(xml_attr_copy(&n, "x", buf, sizeof(buf)));
		assert_false(xml_attr_u64(&n, "x", &u));
		assert_false(xml_attr_bool(&n, "x", &b));
		assert_int_equal(xml_content(&n, &p), 0);
		assert_int_equal(xml_node_text(&n, &p), 0);
		assert_int_equal(xml_node_line(&n), 0);
	}
	assert_false(xml_first_sub(NULL, NULL));

	/* a node cut short inside its start tag or on an end tag */
	struct xml_node cut = { d.text, d.len, 0, 6 };
	assert_false(xml_attr(&cut, "x", NULL, NULL));
	assert_false(xml_first_sub(&cut, &cut));
	assert_int_equal(xml_content(&cut, &p), 0);
	struct xml_node end_tag = { d.text, d.len, 13, d.len };
	assert_int_equal(xml_node_type(&end_tag, &p), 0);
	assert_false(xml_first_sub(&end_tag, &end_tag));
	doc_free(&d);
}

/************
 ** Errors **
 ************/

static void test_error_empty(void **state)
{
	(void)state;
	expect_error("", XML_EMPTY, 1, 1);
	expect_error("  \n ", XML_EMPTY, 2, 2);
	expect_error("<!-- x -->", XML_EMPTY, 1, 11);
	expect_error("<?xml version=\"1.0\"?>\n", XML_EMPTY, 2, 1);
}

static void test_error_unexpected_end(void **state)
{
	(void)state;
	expect_error("<", XML_UNEXPECTED_END, 1, 2);
	expect_error("<a", XML_UNEXPECTED_END, 1, 3);
	expect_error("<a b", XML_UNEXPECTED_END, 1, 5);
	expect_error("<a b=", XML_UNEXPECTED_END, 1, 6);
	expect_error("<a/", XML_UNEXPECTED_END, 1, 4);
	expect_error("<a>\n</a", XML_UNEXPECTED_END, 2, 4);
	expect_error("<a><!-", XML_UNEXPECTED_END, 1, 7);
	expect_error("<a><![CDA", XML_UNEXPECTED_END, 1, 10);
	expect_error("<?xml version=\"1.0\"", XML_UNEXPECTED_END, 1, 20);
	expect_error("<?xm", XML_UNEXPECTED_END, 1, 5);
}

static void test_error_bad_character(void **state)
{
	(void)state;
	expect_error_len(LIT("<a>x\0y</a>"), XML_BAD_CHARACTER, 1, 5);
	expect_error_len(LIT("<a b=\"\x01\"/>"), XML_BAD_CHARACTER, 1, 7);
	expect_error_len(LIT("<a\0/>"), XML_BAD_CHARACTER, 1, 3);
	expect_error_len(LIT("<a b='1'\x02/>"), XML_BAD_CHARACTER, 1, 9);
	expect_error_len(LIT("<!--\0-->\n<a/>"), XML_BAD_CHARACTER, 1, 5);
	expect_error_len(LIT("<a/>\n\0"), XML_BAD_CHARACTER, 2, 1);
	expect_error_len(LIT("\0<a/>"), XML_BAD_CHARACTER, 1, 1);
	expect_error_len(LIT("<?xml \x1b?><a/>"), XML_BAD_CHARACTER, 1, 7);
	expect_valid("<a>\x7f\x80\xff</a>"); /* DEL and UTF-8 bytes are fine */
}

static void test_error_bad_tag_name(void **state)
{
	(void)state;
	expect_error("<>", XML_BAD_TAG_NAME, 1, 2);
	expect_error("< a/>", XML_BAD_TAG_NAME, 1, 2);
	expect_error("<1a/>", XML_BAD_TAG_NAME, 1, 2);
	expect_error("<a$/>", XML_BAD_TAG_NAME, 1, 3);
	expect_error("<a>\n  <-b/>\n</a>", XML_BAD_TAG_NAME, 2, 4);
	expect_error("<a></>", XML_BAD_TAG_NAME, 1, 6);
	expect_error("<a></a b>", XML_BAD_TAG_NAME, 1, 8);
}

static void test_error_bad_attribute(void **state)
{
	(void)state;
	expect_error("<a b=c/>", XML_BAD_ATTRIBUTE, 1, 6);
	expect_error("<a b/>", XML_BAD_ATTRIBUTE, 1, 5);
	expect_error("<a b\n\"1\"/>", XML_BAD_ATTRIBUTE, 2, 1);
	expect_error("<a b=\"1\"c=\"2\"/>", XML_BAD_ATTRIBUTE, 1, 9);
	expect_error("<a b=\"x<y\"/>", XML_BAD_ATTRIBUTE, 1, 8);
	expect_error("<a b = 'x' / >", XML_BAD_ATTRIBUTE, 1, 13);
	expect_error("<a -b=\"1\"/>", XML_BAD_ATTRIBUTE, 1, 4);
	expect_error("<a \"1\"/>", XML_BAD_ATTRIBUTE, 1, 4);
	expect_valid("<a b = 'x' />");
}

static void test_error_duplicate_attribute(void **state)
{
	(void)state;
	expect_error("<a x=\"1\" y=\"2\" x=\"3\"/>", XML_DUPLICATE_ATTRIBUTE, 1, 16);
	expect_error("<a>\n<b\n  x='1'\n  x='2'/></a>", XML_DUPLICATE_ATTRIBUTE, 4, 3);
	expect_valid("<a x='1' xx='2' x.='3' X='4'/>");
}

static void test_error_unterminated_value(void **state)
{
	(void)state;
	expect_error("<a b=\"x/>", XML_UNTERMINATED_VALUE, 1, 6);
	expect_error("<a b='x\"/>", XML_UNTERMINATED_VALUE, 1, 6);
	expect_error("<a>\n <b c='1' d='2/>\n</a>", XML_UNTERMINATED_VALUE, 2, 13);
}

static void test_error_mismatched_end_tag(void **state)
{
	(void)state;
	expect_error("<config>\n  <start>\n    </stop>\n</config>", XML_MISMATCHED_END_TAG, 3, 5);
	expect_error("<a></b>", XML_MISMATCHED_END_TAG, 1, 4);
	expect_error("<a></A>", XML_MISMATCHED_END_TAG, 1, 4);
	expect_error("<ab></a>", XML_MISMATCHED_END_TAG, 1, 5);
	expect_error("<a></ab>", XML_MISMATCHED_END_TAG, 1, 4);
	expect_error("<a><b></a></b>", XML_MISMATCHED_END_TAG, 1, 7);
	expect_error("</a>", XML_MISMATCHED_END_TAG, 1, 1);
	expect_error("\n  </a>", XML_MISMATCHED_END_TAG, 2, 3);
}

static void test_error_unclosed_tag(void **state)
{
	(void)state;
	expect_error("<a>", XML_UNCLOSED_TAG, 1, 1);
	expect_error("<a>\n  <b>\n  text", XML_UNCLOSED_TAG, 2, 3);
	expect_error("<a><b/>", XML_UNCLOSED_TAG, 1, 1);
	expect_error("<a><b></b>\n", XML_UNCLOSED_TAG, 1, 1);
}

static void test_error_bad_entity(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"&foo;",    "&amp",   "& amp;", "&AMP;",    "&#;",        "&#x;",
		"&#0;",     "&#X41;", "&#x1;",  "&#xD800;", "&#x110000;", "&#99999999999999999999;",
		"&#xFFFE;", "&",      "&#65",
	};
	char buf[64];
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "<a>%s</a>", bad[i]);
		expect_error(buf, XML_BAD_ENTITY, 1, 4);
		snprintf(buf, sizeof(buf), "<a\n b='x%s'/>", bad[i]);
		expect_error(buf, XML_BAD_ENTITY, 2, 6);
	}

	/* an entity may not reach past its attribute value */
	expect_error("<a b='&amp' c=';'/>", XML_BAD_ENTITY, 1, 7);
	expect_valid("<a b='&#65;&#x10FFFF;&#9;&#0065;'>&quot;&apos;</a>");
}

static void test_error_content_outside_root(void **state)
{
	(void)state;
	expect_error("text<a/>", XML_LEADING_CONTENT, 1, 1);
	expect_error("\n  x <a/>", XML_LEADING_CONTENT, 2, 3);
	expect_error("<a/><b/>", XML_TRAILING_CONTENT, 1, 5);
	expect_error("<a/>\n text", XML_TRAILING_CONTENT, 2, 2);
	expect_error("<a></a>\n<!-- ok -->\n</a>", XML_TRAILING_CONTENT, 3, 1);
	expect_error("<a/><?xml version='1.0'?>", XML_TRAILING_CONTENT, 1, 5);
	expect_error("<a/>&amp;", XML_TRAILING_CONTENT, 1, 5);
}

static void test_error_too_deep(void **state)
{
	(void)state;
	char buf[512];
	size_t len = 0;

	for (unsigned i = 0; i < XML_MAX_DEPTH; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "<e>");
	size_t const inner = len;
	for (unsigned i = 0; i < XML_MAX_DEPTH; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "</e>");
	buf[len] = 0;
	expect_valid(buf);

	/* one more level, as an open or as an empty element */
	memmove(buf + inner + 3, buf + inner, len - inner);
	memcpy(buf + inner, "<e>", 3);
	expect_error_len(buf, len + 3, XML_TOO_DEEP, 1, (unsigned)inner + 1);
	memcpy(buf + inner, "<x/", 3);
	memmove(buf + inner + 4, buf + inner + 3, len - inner);
	buf[inner + 3] = '>';
	expect_error_len(buf, len + 4, XML_TOO_DEEP, 1, (unsigned)inner + 1);
}

static void test_error_unterminated_comment(void **state)
{
	(void)state;
	expect_error("<a>\n<!-- x </a>", XML_UNTERMINATED_COMMENT, 2, 1);
	expect_error("<!--", XML_UNTERMINATED_COMMENT, 1, 1);
	expect_error("<!-->", XML_UNTERMINATED_COMMENT, 1, 1);
	expect_error("<!-- x -- <a/>", XML_UNTERMINATED_COMMENT, 1, 1);
	expect_error("<a/><!-- x", XML_UNTERMINATED_COMMENT, 1, 5);
	expect_error("<a/>\n <!-- x --", XML_UNTERMINATED_COMMENT, 2, 2);
}

static void test_error_unsupported_markup(void **state)
{
	(void)state;
	expect_error("<a><![CDATA[x]]></a>", XML_CDATA, 1, 4);
	expect_error("<![CDATA[x]]><a/>", XML_CDATA, 1, 1);
	expect_error("<!DOCTYPE a><a/>", XML_UNSUPPORTED_MARKUP, 1, 1);
	expect_error("<a><?pi x?></a>", XML_UNSUPPORTED_MARKUP, 1, 4);
	expect_error("<?xml-stylesheet href='x'?><a/>", XML_UNSUPPORTED_MARKUP, 1, 1);
	expect_error("<!-- c --><?xml version='1.0'?><a/>", XML_UNSUPPORTED_MARKUP, 1, 11);
	expect_error("<a>\n\t<!ELEMENT a></a>", XML_UNSUPPORTED_MARKUP, 2, 2);
}

static void test_error_strings(void **state)
{
	(void)state;
	enum { COUNT = XML_UNSUPPORTED_MARKUP + 1 };
	const char *s[COUNT];
	for (int i = 0; i < COUNT; i++) {
		s[i] = xml_error_string((enum xml_error)i);
		assert_non_null(s[i]);
		assert_true(strlen(s[i]) > 0);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(s[i], s[j]);
	}
	assert_string_equal(xml_error_string(XML_MISMATCHED_END_TAG),
			    "end tag does not match the open element");
	assert_string_equal(xml_error_string((enum xml_error)COUNT), "unknown XML error");
}

/**********************************
 ** Truncation and random damage **
 **********************************/

/* everything navigation offers on a node that passed xml_parse, recursively */
static void check_node(const struct xml_node *n, const char *doc, size_t len, unsigned depth)
{
	static const char *const names[] = { "name", "caps", "ram", "text", "verbose", "quantum" };
	const char *p;
	char buf[64];
	uint64_t u;
	bool b;

	assert_true(depth <= XML_MAX_DEPTH);
	assert_ptr_equal(n->doc, doc);
	assert_int_equal(n->doc_len, len);
	assert_true(n->start < n->end && n->end <= len);
	assert_int_equal(xml_node_text(n, &p), n->end - n->start);
	size_t l = xml_node_type(n, &p);
	assert_true(l > 0 && p == doc + n->start + 1 && n->start + 1 + l < n->end);
	l = xml_content(n, &p);
	assert_true(p > doc + n->start && p + l <= doc + n->end);
	assert_true(xml_node_line(n) >= 1);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (xml_attr(n, names[i], &p, &l))
			assert_true(p > doc + n->start && p + l < doc + n->end);
		if (xml_attr_copy(n, names[i], buf, sizeof(buf)))
			assert_true(strlen(buf) < sizeof(buf));
		xml_attr_u64(n, names[i], &u);
		xml_attr_bool(n, names[i], &b);
	}

	struct xml_node s;
	size_t prev_end = 0;
	for (bool ok = xml_first_sub(n, &s); ok; ok = xml_next(&s, &s)) {
		assert_true(s.start > n->start && s.end < n->end && s.start >= prev_end);
		prev_end = s.end;
		check_node(&s, doc, len, depth + 1);
	}
}

static void test_truncated_everywhere(void **state)
{
	(void)state;
	static const char prolog[] = "<?xml version='1.0'?><!-- c --><r a='&#x41;'>x&lt;</r>";
	const char *const docs[]   = { example, prolog };

	for (size_t k = 0; k < 2; k++) {
		size_t const full = strlen(docs[k]);
		for (size_t len = 0; len < full; len++) {
			struct doc d;
			doc_load_len(&d, docs[k], len);
			assert_int_not_equal(d.res.error, XML_OK);
			assert_true(d.res.line >= 1 && d.res.column >= 1);
			doc_free(&d);
		}
		struct doc d;
		doc_ok(&d, docs[k]);
		check_node(&d.root, d.text, d.len, 1);
		doc_free(&d);
	}
}

/* a damaged copy: navigation must work on what the parser accepts */
static bool check_damaged(const char *buf, size_t n)
{
	struct xml_node root;
	struct xml_result const r = xml_parse(buf, n, &root);

	assert_true(r.error <= XML_UNSUPPORTED_MARKUP);
	if (r.error != XML_OK) {
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
	static const char special[] = "<>/=\"'&;#x!-? \n\t\0aZ9:.";
	unsigned const accepted =
	    mutate_each(example, special, sizeof(special) - 1, 0x5eed, 6000, check_damaged);

	/* both outcomes must occur or the fuzzing explores nothing */
	assert_true(accepted > 500 && 6000 - accepted > 500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_navigation),
		cmocka_unit_test(test_sub_and_next_by_type),
		cmocka_unit_test(test_prolog_comments_whitespace),
		cmocka_unit_test(test_quotes_and_gt),
		cmocka_unit_test(test_names_and_text),
		cmocka_unit_test(test_node_text_and_lines),
		cmocka_unit_test(test_root_may_be_null),
		cmocka_unit_test(test_attr_raw),
		cmocka_unit_test(test_attr_copy_decoding),
		cmocka_unit_test(test_attr_copy_sizes),
		cmocka_unit_test(test_attr_u64),
		cmocka_unit_test(test_attr_u64_absent),
		cmocka_unit_test(test_attr_bool),
		cmocka_unit_test(test_forged_nodes),
		cmocka_unit_test(test_error_empty),
		cmocka_unit_test(test_error_unexpected_end),
		cmocka_unit_test(test_error_bad_character),
		cmocka_unit_test(test_error_bad_tag_name),
		cmocka_unit_test(test_error_bad_attribute),
		cmocka_unit_test(test_error_duplicate_attribute),
		cmocka_unit_test(test_error_unterminated_value),
		cmocka_unit_test(test_error_mismatched_end_tag),
		cmocka_unit_test(test_error_unclosed_tag),
		cmocka_unit_test(test_error_bad_entity),
		cmocka_unit_test(test_error_content_outside_root),
		cmocka_unit_test(test_error_too_deep),
		cmocka_unit_test(test_error_unterminated_comment),
		cmocka_unit_test(test_error_unsupported_markup),
		cmocka_unit_test(test_error_strings),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
