/*
 * Navigation of a document that xml_parse has validated: elements,
 * attributes and content, never reading outside the document.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <base/xml.h>
#include <base/size.h>
#include "text_locate.h"
#include "xml_private.h"

/****************
 ** Navigation **
 ****************/

static bool node_valid(const struct xml_node *n)
{
	return n && n->doc && n->start < n->end && n->end <= n->doc_len && n->doc[n->start] == '<';
}

/* offset just past the '>' of the tag at pos; quoted values may contain '>' */
static size_t tag_end(const char *d, size_t len, size_t pos)
{
	char quote = 0;
	for (pos++; pos < len; pos++) {
		if (quote) {
			if (d[pos] == quote)
				quote = 0;
		} else if (d[pos] == '"' || d[pos] == '\'') {
			quote = d[pos];
		} else if (d[pos] == '>') {
			return pos + 1;
		}
	}
	return len;
}

static bool is_empty_tag(const char *d, size_t start, size_t end)
{
	return end >= start + 3 && d[end - 1] == '>' && d[end - 2] == '/';
}

/* offset just past the comment or tag at pos == '<' */
static size_t markup_end(const char *d, size_t len, size_t pos)
{
	if (!xml_has_prefix(d, len, pos, "<!--"))
		return tag_end(d, len, pos);
	size_t const end = xml_find(d, len, pos + 4, "-->");
	return end == len ? len : end + 3;
}

/* offset just past the end tag of the element starting at 'start' */
static size_t element_end(const char *d, size_t len, size_t start)
{
	size_t pos         = tag_end(d, len, start);
	unsigned long open = is_empty_tag(d, start, pos) ? 0 : 1;

	while (open > 0 && pos < len) {
		if (d[pos] != '<') {
			pos++;
			continue;
		}
		size_t const next = markup_end(d, len, pos);
		if (pos + 1 < len && d[pos + 1] == '/')
			open--;
		else if (pos + 1 < len && xml_is_name_start(d[pos + 1]) &&
			 !is_empty_tag(d, pos, next))
			open++;
		pos = next;
	}
	return pos;
}

/* the first element in d[pos, len) before an end tag */
static bool find_element(const char *d, size_t len, size_t pos, size_t *start, size_t *end)
{
	while (pos < len) {
		if (d[pos] != '<') {
			pos++;
			continue;
		}
		if (pos + 1 >= len || d[pos + 1] == '/')
			return false;
		if (xml_is_name_start(d[pos + 1])) {
			*start = pos;
			*end   = element_end(d, len, pos);
			return true;
		}
		pos = markup_end(d, len, pos);
	}
	return false;
}

static void set_node(struct xml_node *out, const struct xml_node *from, size_t start, size_t end)
{
	/* 'out' may alias 'from', so read before writing */
	const char *doc      = from->doc;
	size_t const doc_len = from->doc_len;
	out->doc             = doc;
	out->doc_len         = doc_len;
	out->start           = start;
	out->end             = end;
}

size_t xml_node_type(const struct xml_node *n, const char **name)
{
	if (!node_valid(n)) {
		if (name)
			*name = NULL;
		return 0;
	}
	if (name)
		*name = n->doc + n->start + 1;
	return xml_name_len_at(n->doc, n->end, n->start);
}

bool xml_node_type_is(const struct xml_node *n, const char *type)
{
	const char *name;
	size_t const len = xml_node_type(n, &name);
	return type && len > 0 && xml_span_equals(name, len, type);
}

bool xml_first_sub(const struct xml_node *n, struct xml_node *sub)
{
	size_t start, end;
	if (!node_valid(n) || !sub)
		return false;

	/* bounded by n->end, so a child can never reach past its parent */
	size_t const content = tag_end(n->doc, n->end, n->start);
	if (is_empty_tag(n->doc, n->start, content) ||
	    !find_element(n->doc, n->end, content, &start, &end))
		return false;
	set_node(sub, n, start, end);
	return true;
}

bool xml_next(const struct xml_node *n, struct xml_node *next)
{
	size_t start, end;
	if (!node_valid(n) || !next || !find_element(n->doc, n->doc_len, n->end, &start, &end))
		return false;
	set_node(next, n, start, end);
	return true;
}

bool xml_sub_by_type(const struct xml_node *n, const char *type, struct xml_node *sub)
{
	struct xml_node s;
	bool found = xml_first_sub(n, &s);
	while (found && !xml_node_type_is(&s, type))
		found = xml_next(&s, &s);
	if (found && sub)
		*sub = s;
	return found;
}

bool xml_next_by_type(const struct xml_node *n, const char *type, struct xml_node *next)
{
	struct xml_node s;
	bool found = xml_next(n, &s);
	while (found && !xml_node_type_is(&s, type))
		found = xml_next(&s, &s);
	if (found && next)
		*next = s;
	return found;
}

/**********************
 ** Attribute access **
 **********************/

static bool find_attr(const struct xml_node *n, const char *name, struct attr *a)
{
	if (!node_valid(n) || !name)
		return false;

	size_t const end = tag_end(n->doc, n->end, n->start);
	size_t pos       = xml_name_end(n->doc, end, n->start + 1);
	while (xml_attr_next(n->doc, end, &pos, a))
		if (xml_span_equals(n->doc + a->name, a->name_len, name))
			return true;
	return false;
}

bool xml_attr(const struct xml_node *n, const char *name, const char **value, size_t *len)
{
	struct attr a;
	if (!find_attr(n, name, &a))
		return false;
	if (value)
		*value = n->doc + a.value;
	if (len)
		*len = a.value_len;
	return true;
}

bool xml_attr_copy(const struct xml_node *n, const char *name, char *dst, size_t dst_size)
{
	struct attr a;
	if (!dst || !find_attr(n, name, &a))
		return false;

	/* measure first, so a value that does not fit leaves dst untouched */
	const char *v    = n->doc + a.value;
	size_t const len = xml_decode(v, a.value_len, NULL);
	if (len >= dst_size)
		return false;
	xml_decode(v, a.value_len, dst);
	dst[len] = 0;
	return true;
}

bool xml_attr_u64(const struct xml_node *n, const char *name, uint64_t *value)
{
	const char *v;
	size_t len;
	uint64_t result;

	if (!value || !xml_attr(n, name, &v, &len) || !size_parse(v, len, &result))
		return false;
	*value = result;
	return true;
}

bool xml_attr_bool(const struct xml_node *n, const char *name, bool *value)
{
	const char *v;
	size_t len;

	return value && xml_attr(n, name, &v, &len) && bool_parse(v, len, value);
}

/********************
 ** Raw node text **
 ********************/

size_t xml_content(const struct xml_node *n, const char **start)
{
	if (!node_valid(n)) {
		if (start)
			*start = NULL;
		return 0;
	}

	size_t const from = tag_end(n->doc, n->end, n->start);
	size_t to         = n->end;

	/* the end tag holds no '<' of its own, so the last '<' starts it */
	if (is_empty_tag(n->doc, n->start, from))
		to = from;
	while (to > from && n->doc[to - 1] != '<')
		to--;
	to = to > from ? to - 1 : from;
	if (start)
		*start = n->doc + from;
	return to - from;
}

size_t xml_node_text(const struct xml_node *n, const char **start)
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

unsigned xml_node_line(const struct xml_node *n)
{
	unsigned line, column;
	if (!node_valid(n))
		return 0;
	text_locate(n->doc, n->start, &line, &column);
	return line;
}
