/*
 * HID parser: one validating pass over the document (hid_parse), then
 * navigation (hid_node.c) that relies on the document being valid but still
 * bounds every index by the buffer length.
 *
 * The pass walks the segments in order and keeps the nodes that are open
 * (the top-level node and the chain of sub nodes the last one is nested in)
 * on a stack of fixed size: a sub node closes the open nodes whose type is
 * not left of its own. Duplicate attributes are found by rescanning the
 * node's attributes, quadratic in the attributes of one node, which is
 * cheap for configurations and needs no table. Nothing recurses.
 */

#include <base/hid.h>
#include "hid_private.h"
#include "text_locate.h"

struct open_node {
	size_t start;    /* its type */
	uint32_t column; /* of its type */
	bool has_sub, has_content;
};

struct validator {
	const char *d;
	size_t len;
	size_t err_pos;
	size_t marker; /* the end marker, once found */
	unsigned depth;
	struct open_node open[HID_MAX_DEPTH];
};

static enum hid_error fail(struct validator *v, enum hid_error e, size_t pos)
{
	v->err_pos = pos;
	return e;
}

static bool is_white(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* control characters in [from, to): TAB only at or after tab_from; CR only before LF */
static size_t bad_char(const char *d, size_t len, size_t from, size_t to, size_t tab_from)
{
	for (size_t i = from; i < to; i++) {
		unsigned char const c = (unsigned char)d[i];
		if (c >= 0x20 || (c == '\t' && i >= tab_from) || hid_is_eol(d, len, i))
			continue;
		return i;
	}
	return to;
}

static enum hid_error check_chars(struct validator *v, size_t pos, const struct hid_seg *s)
{
	bool const text_tabs = s->kind == HID_SEG_CONTENT || s->kind == HID_SEG_COMMENT;
	size_t const bad     = bad_char(v->d, v->len, pos, s->end, text_tabs ? s->text : s->end);
	return bad < s->end ? fail(v, HID_BAD_CHARACTER, bad) : HID_OK;
}

static struct open_node *current(struct validator *v) { return &v->open[v->depth - 1]; }

static bool same(const char *a, const char *b, size_t len)
{
	size_t i = 0;
	while (i < len && a[i] == b[i])
		i++;
	return i == len;
}

/* the tag [tag, tag + len) is among the current node's attributes in segments before pos */
static bool defined_before(struct validator *v, const char *tag, size_t len, size_t pos)
{
	struct hid_attr_iter it;
	const char *t;
	size_t t_len, value, value_end;

	hid_attr_iter_init(&it, v->d, v->len, current(v)->start, pos);
	while (hid_attr_iter_next(&it, &t, &t_len, &value, &value_end))
		if (t_len == len && same(t, tag, len))
			return true;
	return false;
}

/* the attribute segment s, which starts at pos */
static enum hid_error attribute(struct validator *v, size_t line, size_t pos,
				const struct hid_seg *s)
{
	struct open_node *n = current(v);
	size_t tag_end      = s->at, value, value_end;

	if (s->at - line < n->column || n->has_sub || n->has_content)
		return fail(v, HID_MISPLACED_ATTRIBUTE, s->at);
	hid_attr_split(v->d, s->at, s->end, &tag_end, &value, &value_end);
	if (defined_before(v, v->d + s->at, tag_end - s->at, pos))
		return fail(v, HID_DUPLICATE_ATTRIBUTE, s->at);
	return HID_OK;
}

static enum hid_error content(struct validator *v, size_t line, const struct hid_seg *s)
{
	struct open_node *n = current(v);

	if (s->at - line < n->column || n->has_sub)
		return fail(v, HID_MISPLACED_CONTENT, s->at);
	n->has_content = true;
	return HID_OK;
}

/* the header after the type: a name or an attribute, never a duplicate yet */
static enum hid_error header(struct validator *v, const struct hid_seg *s)
{
	struct hid_header h;
	return hid_header_at(v->d, s->text, s->end, &h) ? HID_OK : fail(v, HID_BAD_TYPE, s->text);
}

static enum hid_error sub_node(struct validator *v, const struct hid_seg *s)
{
	enum hid_error const e = header(v, s);
	if (e != HID_OK)
		return e;

	/* the top-level node (column 0) contains every sub node (column 2 or more) */
	while (v->depth > 1 && current(v)->column >= s->column)
		v->depth--;
	if (current(v)->has_content)
		return fail(v, HID_MISPLACED_CONTENT, s->at);
	current(v)->has_sub = true;
	if (v->depth == HID_MAX_DEPTH)
		return fail(v, HID_TOO_DEEP, s->at);
	v->open[v->depth++] = (struct open_node){ s->text, s->column, false, false };
	return HID_OK;
}

/* the end marker at pos: the rest of the document must be white space */
static enum hid_error end_marker(struct validator *v, size_t pos)
{
	v->marker = pos;
	for (pos++; pos < v->len && is_white(v->d[pos]); pos++)
		;
	return pos < v->len ? fail(v, HID_TRAILING_CONTENT, pos) : HID_OK;
}

static enum hid_error segment(struct validator *v, size_t line, size_t pos, const struct hid_seg *s)
{
	size_t tag_end;
	enum hid_error e = check_chars(v, pos, s);

	if (e != HID_OK)
		return e;
	switch (s->kind) {
	case HID_SEG_EMPTY:
	case HID_SEG_COMMENT: return HID_OK;
	case HID_SEG_NODE:
	case HID_SEG_XNODE: return sub_node(v, s);
	case HID_SEG_ATTR: return attribute(v, line, pos, s);
	case HID_SEG_CONTENT: return content(v, line, s);
	case HID_SEG_END: return end_marker(v, s->at);
	case HID_SEG_BAD: break;
	}
	/* "tag:value": the value is not separated from the tag */
	tag_end = hid_ident_end(v->d, s->end, s->at);
	if (tag_end > s->at && tag_end + 1 < s->end && v->d[tag_end] == ':')
		return fail(v, HID_BAD_ATTRIBUTE, tag_end + 1);
	return fail(v, HID_BAD_SEGMENT, s->at);
}

static enum hid_error validate(struct validator *v, size_t pos)
{
	struct hid_seg s;
	size_t line = hid_line_start(v->d, pos);

	hid_top_at(v->d, v->len, pos, &s);
	enum hid_error e = check_chars(v, pos, &s);
	if (e != HID_OK)
		return e;
	e = header(v, &s);
	if (e != HID_OK)
		return e;
	v->open[v->depth++] = (struct open_node){ pos, 0, false, false };

	for (;;) {
		line = hid_line_after(v->d, v->len, line, &s);
		pos  = s.next;
		if (pos >= v->len)
			return fail(v, HID_NO_END_MARKER, v->len);
		hid_seg_at(v->d, v->len, line, pos, &s);
		e = segment(v, line, pos, &s);
		if (e != HID_OK || s.kind == HID_SEG_END)
			return e;
	}
}

struct hid_result hid_parse(const char *doc, size_t len, struct hid_node *root)
{
	struct hid_result res = { HID_OK, 0, 0 };
	struct validator v    = { doc, len, 0, 0, 0, { { 0, 0, false, false } } };
	size_t start          = 0;

	while (start < len && is_white(doc[start]))
		start++;
	enum hid_error const e = start == len ? fail(&v, HID_EMPTY, len) : validate(&v, start);
	if (e != HID_OK) {
		res.error = e;
		text_locate(doc, v.err_pos, &res.line, &res.column);
		return res;
	}
	if (root) {
		root->doc     = doc;
		root->doc_len = len;
		root->start   = start;
		/* the end marker's line ends the top-level node */
		root->end = root->limit = v.marker;
		root->column            = 0;
	}
	return res;
}

const char *hid_error_string(enum hid_error e)
{
	switch (e) {
	case HID_OK: return "ok";
	case HID_EMPTY: return "no top-level node";
	case HID_BAD_CHARACTER: return "invalid control character";
	case HID_BAD_TYPE: return "missing or invalid node type";
	case HID_BAD_SEGMENT: return "expected '+ node', 'tag: value', ': content' or '. comment'";
	case HID_BAD_ATTRIBUTE: return "attribute value not separated by a space";
	case HID_DUPLICATE_ATTRIBUTE: return "duplicate attribute";
	case HID_MISPLACED_ATTRIBUTE: return "attribute after sub nodes or left of its node";
	case HID_MISPLACED_CONTENT: return "quoted content beside sub nodes or left of its node";
	case HID_TOO_DEEP: return "nodes nested too deeply";
	case HID_NO_END_MARKER: return "no end marker '-'";
	case HID_TRAILING_CONTENT: return "content after the end marker";
	}
	return "unknown HID error";
}
