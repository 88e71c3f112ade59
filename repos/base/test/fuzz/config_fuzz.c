/*
 * libFuzzer harness of the config parsers (XML, HID and base/node.h, which
 * picks one of them by the first byte): every input goes to all three, in
 * a heap copy of exactly its size, so that ASan sees a read beyond it. What
 * a parser accepts is walked completely, and the walk must hold the parser's
 * promises: every node, type, attribute value and node text lies within the
 * document and within its parent, siblings follow each other, nesting stays
 * within the limit, and an error has a line and column. A broken promise
 * aborts, which libFuzzer reports with the input.
 *
 *   make fuzz-host FUZZER=config SECONDS=N     (tool/fuzz_host)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <base/hid.h>
#include <base/node.h>
#include <base/xml.h>

static void require(int ok, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "config_fuzz: broken promise: %s\n", what);
	abort();
}

static int within(const char *p, size_t len, const char *from, const char *to)
{
	return p >= from && p + len <= to;
}

/* everything node.h offers on n, whose text lies in [from, to), recursively */
static void walk(const struct node *n, const char *from, const char *to, unsigned depth)
{
	static const char *const names[] = { "name", "ram", "caps", "label", "quantum", "verbose" };
	const char *p, *text;
	char buf[32];
	uint64_t u;
	bool b;

	require(depth <= XML_MAX_DEPTH && depth <= HID_MAX_DEPTH, "nesting within the limit");
	size_t const text_len = node_text(n, &text);
	require(text_len > 0 && within(text, text_len, from, to), "node text within its parent");
	size_t const type_len = node_type(n, &p);
	require(type_len > 0 && within(p, type_len, text, text + text_len), "type within the node");
	require(node_line(n) >= 1, "a node has a line");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t len = 0;
		if (node_attr(n, names[i], &p, &len))
			require(within(p, len, text, text + text_len), "attribute within the node");
		if (node_attr_copy(n, names[i], buf, sizeof(buf)))
			require(strlen(buf) < sizeof(buf), "copied value terminated");
		node_attr_u64(n, names[i], &u);
		node_attr_bool(n, names[i], &b);
	}
	node_text_terminator(n);

	struct node s;
	const char *prev_end = text;
	for (bool more = node_first_sub(n, &s); more; more = node_next(&s, &s)) {
		const char *sub;
		size_t const sub_len = node_text(&s, &sub);
		require(sub > text && sub >= prev_end,
			"sub nodes in order, after their parent's start");
		prev_end = sub + sub_len;
		walk(&s, text, text + text_len, depth + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *doc = malloc(size ? size : 1);
	struct node root;
	struct xml_node x;
	struct hid_node h;

	require(doc != NULL, "memory for the input");
	memcpy(doc, data, size);

	struct node_result const r = node_parse(doc, size, &root);
	if (r.error)
		require(r.line >= 1 && r.column >= 1, "an error has a position");
	else
		walk(&root, doc, doc + size, 1);

	/* each parser on its own, whatever the first byte says */
	struct xml_result const xr = xml_parse(doc, size, &x);
	require(xr.error <= XML_UNSUPPORTED_MARKUP && (xr.error == XML_OK) == (xr.line == 0),
		"an XML result is known and has a position unless ok");
	if (xr.error == XML_OK)
		walk(&(struct node){ NODE_XML, { .xml = x } }, doc, doc + size, 1);
	struct hid_result const hr = hid_parse(doc, size, &h);
	require(hr.error <= HID_TRAILING_CONTENT && (hr.error == HID_OK) == (hr.line == 0),
		"a HID result is known and has a position unless ok");
	if (hr.error == HID_OK)
		walk(&(struct node){ NODE_HID, { .hid = h } }, doc, doc + size, 1);

	free(doc);
	return 0;
}
