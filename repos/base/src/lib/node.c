/*
 * Configuration nodes of either syntax (see base/node.h): each function
 * hands the node to the parser of its syntax.
 */
#include <base/node.h>
#include <base/size.h>

static bool is_hid(const struct node *n) { return n && n->syntax == NODE_HID; }

static bool is_white(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

struct node_result node_parse(const char *doc, size_t len, struct node *root)
{
	size_t first = 0;

	while (first < len && is_white(doc[first]))
		first++;
	/* an empty document counts as XML: "no root element" */
	if (first == len || doc[first] == '<') {
		struct xml_node x;
		struct xml_result const r = xml_parse(doc, len, &x);
		if (r.error != XML_OK)
			return (struct node_result){ xml_error_string(r.error), r.line, r.column };
		if (root)
			*root = (struct node){ NODE_XML, { .xml = x } };
		return (struct node_result){ NULL, 0, 0 };
	}
	struct hid_node h;
	struct hid_result const r = hid_parse(doc, len, &h);
	if (r.error != HID_OK)
		return (struct node_result){ hid_error_string(r.error), r.line, r.column };
	if (root)
		*root = (struct node){ NODE_HID, { .hid = h } };
	return (struct node_result){ NULL, 0, 0 };
}

size_t node_type(const struct node *n, const char **type)
{
	if (!n) {
		if (type)
			*type = NULL;
		return 0;
	}
	return is_hid(n) ? hid_node_type(&n->u.hid, type) : xml_node_type(&n->u.xml, type);
}

bool node_type_is(const struct node *n, const char *type)
{
	if (!n)
		return false;
	return is_hid(n) ? hid_node_type_is(&n->u.hid, type) : xml_node_type_is(&n->u.xml, type);
}

/* sub and next keep the syntax of the node they come from */
bool node_first_sub(const struct node *n, struct node *sub)
{
	if (!n || !sub)
		return false;
	enum node_syntax const syntax = n->syntax;
	bool const found              = syntax == NODE_HID ? hid_first_sub(&n->u.hid, &sub->u.hid)
							   : xml_first_sub(&n->u.xml, &sub->u.xml);
	if (found)
		sub->syntax = syntax;
	return found;
}

bool node_next(const struct node *n, struct node *next)
{
	if (!n || !next)
		return false;
	enum node_syntax const syntax = n->syntax;
	bool const found              = syntax == NODE_HID ? hid_next(&n->u.hid, &next->u.hid)
							   : xml_next(&n->u.xml, &next->u.xml);
	if (found)
		next->syntax = syntax;
	return found;
}

bool node_sub_by_type(const struct node *n, const char *type, struct node *sub)
{
	struct node s;
	bool found = node_first_sub(n, &s);
	while (found && !node_type_is(&s, type))
		found = node_next(&s, &s);
	if (found && sub)
		*sub = s;
	return found;
}

bool node_next_by_type(const struct node *n, const char *type, struct node *next)
{
	struct node s;
	bool found = node_next(n, &s);
	while (found && !node_type_is(&s, type))
		found = node_next(&s, &s);
	if (found && next)
		*next = s;
	return found;
}

bool node_attr(const struct node *n, const char *name, const char **value, size_t *len)
{
	if (!n)
		return false;
	return is_hid(n) ? hid_attr(&n->u.hid, name, value, len)
			 : xml_attr(&n->u.xml, name, value, len);
}

bool node_attr_copy(const struct node *n, const char *name, char *dst, size_t dst_size)
{
	const char *v;
	size_t len;

	if (!is_hid(n))
		return n && xml_attr_copy(&n->u.xml, name, dst, dst_size);
	/* HID values are taken as written */
	if (!dst || !hid_attr(&n->u.hid, name, &v, &len) || len >= dst_size)
		return false;
	for (size_t i = 0; i < len; i++)
		dst[i] = v[i];
	dst[len] = 0;
	return true;
}

bool node_attr_u64(const struct node *n, const char *name, uint64_t *value)
{
	const char *v;
	size_t len;
	uint64_t result;

	if (!value || !node_attr(n, name, &v, &len) || !size_parse(v, len, &result))
		return false;
	*value = result;
	return true;
}

bool node_attr_bool(const struct node *n, const char *name, bool *value)
{
	const char *v;
	size_t len;

	return value && node_attr(n, name, &v, &len) && bool_parse(v, len, value);
}

size_t node_text(const struct node *n, const char **start)
{
	if (!n) {
		if (start)
			*start = NULL;
		return 0;
	}
	return is_hid(n) ? hid_node_text(&n->u.hid, start) : xml_node_text(&n->u.xml, start);
}

const char *node_text_terminator(const struct node *n)
{
	const char *text;
	size_t const len = node_text(n, &text);

	if (!is_hid(n) || !len)
		return "";
	return text[len - 1] == '\n' ? "-\n" : "\n-\n";
}

unsigned node_line(const struct node *n)
{
	if (!n)
		return 0;
	return is_hid(n) ? hid_node_line(&n->u.hid) : xml_node_line(&n->u.xml);
}
