/*
 * Navigation of a document that hid_parse has validated: nodes and
 * attributes, never reading outside the document, also for forged nodes.
 */
#include <base/hid.h>
#include "hid_private.h"
#include "text_locate.h"

static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

static bool node_valid(const struct hid_node *n)
{
	return n && n->doc && n->start < n->end && n->end <= n->limit && n->limit <= n->doc_len &&
	       is_lower(n->doc[n->start]);
}

/* past the header of the node whose type is at start */
static size_t after_header(const char *d, size_t len, size_t start, size_t *line)
{
	struct hid_seg s;
	hid_top_at(d, len, start, &s);
	*line = hid_line_after(d, len, hid_line_start(d, start), &s);
	return s.next;
}

/*
 * The end of the text of the node whose type is at start in that column:
 * the start of the line with the next node that is not right of it (and so
 * not inside it), or limit. Nothing at or after limit is read.
 */
static size_t node_end(const char *d, size_t start, uint32_t column, size_t limit)
{
	struct hid_seg s;
	size_t line;
	size_t pos = after_header(d, limit, start, &line);

	while (pos < limit) {
		hid_seg_at(d, limit, line, pos, &s);
		if ((s.kind == HID_SEG_NODE || s.kind == HID_SEG_XNODE) && s.column <= column)
			return line;
		if (s.kind == HID_SEG_END)
			return line;
		line = hid_line_after(d, limit, line, &s);
		pos  = s.next;
	}
	return limit;
}

/* the first enabled node starting in [pos, bound), its siblings bounded by bound */
static bool find_node(const struct hid_node *from, size_t pos, size_t line, size_t bound,
		      struct hid_node *out)
{
	const char *const d = from->doc;
	struct hid_seg s;

	while (pos < bound) {
		hid_seg_at(d, bound, line, pos, &s);
		if (s.kind == HID_SEG_END)
			return false;
		if (s.kind == HID_SEG_NODE || s.kind == HID_SEG_XNODE) {
			size_t const end = node_end(d, s.text, s.column, bound);
			if (s.kind == HID_SEG_NODE) {
				if (end <= s.text)
					return false; /* only a forged node gets here */
				*out = (struct hid_node){ d,   from->doc_len, s.text,
							  end, bound,         s.column };
				return true;
			}
			/* a disabled node: skip it with everything inside */
			if (end > s.at) {
				pos = line = end;
				continue;
			}
		}
		line = hid_line_after(d, bound, line, &s);
		pos  = s.next;
	}
	return false;
}

size_t hid_node_type(const struct hid_node *n, const char **type)
{
	if (!node_valid(n)) {
		if (type)
			*type = NULL;
		return 0;
	}
	if (type)
		*type = n->doc + n->start;
	return hid_ident_end(n->doc, n->end, n->start) - n->start;
}

bool hid_node_type_is(const struct hid_node *n, const char *type)
{
	const char *t;
	size_t const len = hid_node_type(n, &t);
	return type && len > 0 && hid_span_equals(t, len, type);
}

bool hid_first_sub(const struct hid_node *n, struct hid_node *sub)
{
	size_t line;

	if (!node_valid(n) || !sub)
		return false;
	size_t const pos = after_header(n->doc, n->end, n->start, &line);
	return find_node(n, pos, line, n->end, sub);
}

bool hid_next(const struct hid_node *n, struct hid_node *next)
{
	if (!node_valid(n) || !next)
		return false;
	return find_node(n, n->end, hid_line_start(n->doc, n->end), n->limit, next);
}

bool hid_attr(const struct hid_node *n, const char *tag, const char **value, size_t *len)
{
	struct hid_attr_iter it;
	const char *t;
	size_t t_len, v, v_end;

	if (!node_valid(n) || !tag)
		return false;
	hid_attr_iter_init(&it, n->doc, n->end, n->start, n->end);
	while (hid_attr_iter_next(&it, &t, &t_len, &v, &v_end)) {
		if (!hid_span_equals(t, t_len, tag))
			continue;
		if (value)
			*value = n->doc + v;
		if (len)
			*len = v_end - v;
		return true;
	}
	return false;
}

size_t hid_node_text(const struct hid_node *n, const char **start)
{
	if (!node_valid(n)) {
		if (start)
			*start = NULL;
		return 0;
	}
	if (start)
		*start = n->doc + n->start;
	return n->end - n->start;
}

unsigned hid_node_line(const struct hid_node *n)
{
	unsigned line, column;
	if (!node_valid(n))
		return 0;
	text_locate(n->doc, n->start, &line, &column);
	return line;
}
