/*
 * Segments and headers of HID lines (see hid_private.h).
 */
#include "hid_private.h"

static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

static bool is_ident_char(char c)
{
	return is_lower(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool hid_is_eol(const char *d, size_t len, size_t pos)
{
	return pos >= len || d[pos] == '\n' ||
	       (d[pos] == '\r' && pos + 1 < len && d[pos + 1] == '\n');
}

size_t hid_ident_end(const char *d, size_t len, size_t pos)
{
	if (pos >= len || !is_lower(d[pos]))
		return pos;
	do
		pos++;
	while (pos < len && is_ident_char(d[pos]));
	return pos;
}

bool hid_span_equals(const char *s, size_t len, const char *str)
{
	for (size_t i = 0; i < len; i++)
		if (str[i] != s[i] || !str[i])
			return false;
	return str[len] == 0;
}

size_t hid_line_start(const char *d, size_t pos)
{
	while (pos > 0 && d[pos - 1] != '\n')
		pos--;
	return pos;
}

/* offset of the line end at or after pos: the "\r\n" or "\n", or len */
static size_t eol_at(const char *d, size_t len, size_t pos)
{
	while (!hid_is_eol(d, len, pos))
		pos++;
	return pos;
}

/* past the newline of the line end at eol */
static size_t past_eol(const char *d, size_t len, size_t eol)
{
	if (eol < len && d[eol] == '\r')
		eol++;
	return eol < len ? eol + 1 : len;
}

static size_t skip_spaces(const char *d, size_t end, size_t pos)
{
	while (pos < end && d[pos] == ' ')
		pos++;
	return pos;
}

static size_t trim_end(const char *d, size_t start, size_t end)
{
	while (end > start && d[end - 1] == ' ')
		end--;
	return end;
}

bool hid_attr_split(const char *d, size_t pos, size_t end, size_t *tag_end, size_t *value,
		    size_t *value_end)
{
	size_t const t = hid_ident_end(d, end, pos);

	if (t == pos || t >= end || d[t] != ':' || (t + 1 < end && d[t + 1] != ' '))
		return false;
	*tag_end   = t;
	*value     = skip_spaces(d, end, t + 1);
	*value_end = trim_end(d, *value, end);
	return true;
}

bool hid_header_at(const char *d, size_t pos, size_t end, struct hid_header *h)
{
	size_t const t = hid_ident_end(d, end, pos);

	if (t == pos || (t < end && d[t] != ' '))
		return false;
	size_t const rest = skip_spaces(d, end, t);
	size_t const last = trim_end(d, rest, end);

	h->type_end = t;
	h->tag = h->tag_end = rest;
	h->value            = rest;
	h->value_end        = last;
	/* as in Genode: what follows the type is an attribute if it looks like one */
	if (rest < last)
		hid_attr_split(d, rest, last, &h->tag_end, &h->value, &h->value_end);
	return true;
}

/* the kind of a segment whose first non-space byte is at (before its end) */
static enum hid_seg_kind kind_at(const char *d, size_t len, size_t line, size_t at, size_t end)
{
	char const c      = d[at];
	bool const spaced = at + 1 < len && d[at + 1] == ' ';
	bool const alone  = hid_is_eol(d, len, at + 1);
	size_t tag_end = 0, value = 0, value_end = 0;

	if (c == '-' && at == line)
		return HID_SEG_END;
	if ((c == '+' || c == 'x') && spaced)
		return c == '+' ? HID_SEG_NODE : HID_SEG_XNODE;
	if ((c == ':' || c == '.') && (spaced || alone))
		return c == ':' ? HID_SEG_CONTENT : HID_SEG_COMMENT;
	if (hid_attr_split(d, at, end, &tag_end, &value, &value_end))
		return HID_SEG_ATTR;
	return HID_SEG_BAD;
}

/* the extent of the segment at pos, up to the next '|' or the line end */
static size_t bounds(const char *d, size_t len, size_t pos, struct hid_seg *s)
{
	size_t const eol = eol_at(d, len, pos);
	size_t end       = pos;

	while (end < eol && d[end] != '|')
		end++;
	s->at   = skip_spaces(d, end, pos);
	s->text = s->at;
	s->end  = end;
	s->next = end < eol ? end + 1 : past_eol(d, len, eol);
	return eol;
}

void hid_top_at(const char *d, size_t len, size_t pos, struct hid_seg *s)
{
	bounds(d, len, pos, s);
	s->kind   = HID_SEG_NODE;
	s->column = 0;
}

void hid_seg_at(const char *d, size_t len, size_t line, size_t pos, struct hid_seg *s)
{
	size_t const eol = bounds(d, len, pos, s);

	s->kind = s->at == s->end ? HID_SEG_EMPTY : kind_at(d, len, line, s->at, s->end);
	switch (s->kind) {
	case HID_SEG_NODE:
	case HID_SEG_XNODE: s->text = s->at + 2; break;
	case HID_SEG_CONTENT:
	case HID_SEG_COMMENT:
		/* both take the rest of the line, '|' included */
		s->text = s->at + 2 < eol ? s->at + 2 : eol;
		s->end  = eol;
		s->next = past_eol(d, len, eol);
		break;
	default: break;
	}
	s->column = (uint32_t)(s->text - line);
}

size_t hid_line_after(const char *d, size_t len, size_t line, const struct hid_seg *s)
{
	return s->next >= len || d[s->next - 1] == '\n' ? s->next : line;
}

void hid_attr_iter_init(struct hid_attr_iter *it, const char *d, size_t len, size_t start,
			size_t end)
{
	*it = (struct hid_attr_iter){ d, len, start, hid_line_start(d, start), end, false };
}

bool hid_attr_iter_next(struct hid_attr_iter *it, const char **tag, size_t *tag_len, size_t *value,
			size_t *value_end)
{
	struct hid_seg s;
	struct hid_header h;

	if (!it->header_done) {
		it->header_done = true;
		hid_top_at(it->d, it->len, it->pos, &s);
		if (!hid_header_at(it->d, s.at, s.end, &h)) {
			it->pos = it->end;
			return false;
		}
		it->line = hid_line_after(it->d, it->len, it->line, &s);
		it->pos  = s.next;
		if (h.tag < h.tag_end || h.value < h.value_end) {
			*tag       = h.tag < h.tag_end ? it->d + h.tag : "name";
			*tag_len   = h.tag < h.tag_end ? h.tag_end - h.tag : 4;
			*value     = h.value;
			*value_end = h.value_end;
			return true;
		}
	}
	while (it->pos < it->end) {
		hid_seg_at(it->d, it->len, it->line, it->pos, &s);
		it->line = hid_line_after(it->d, it->len, it->line, &s);
		it->pos  = s.next;
		if (s.kind == HID_SEG_ATTR) {
			size_t tag_end = s.at;
			hid_attr_split(it->d, s.at, s.end, &tag_end, value, value_end);
			*tag     = it->d + s.at;
			*tag_len = tag_end - s.at;
			return true;
		}
		if (s.kind != HID_SEG_EMPTY && s.kind != HID_SEG_COMMENT)
			it->pos = it->end; /* attributes precede sub nodes and content */
	}
	return false;
}
