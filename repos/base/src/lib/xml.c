/*
 * XML parser: one validating pass over the document (xml_parse), then
 * navigation that relies on the document being valid but still bounds
 * every index by the buffer length, so even a forged xml_node cannot make
 * it read outside the document.
 *
 * The input is untrusted and not NUL-terminated: every read is preceded by
 * a comparison with the length, and no code path recurses. Duplicate
 * attributes are found by rescanning the tag, quadratic in the attributes
 * of one tag, which is cheap for configurations and needs no table.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <base/xml.h>
#include <base/size.h>
#include "text_locate.h"
#include "xml_private.h"

/* the validator's state; open[] holds the elements whose end tag is due */
struct parser {
	const char *d;
	size_t len;
	size_t pos;
	size_t err_pos;
	unsigned depth;
	size_t open[XML_MAX_DEPTH]; /* offset of each open element's '<' */
};

/*********************
 ** Character level **
 *********************/

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool xml_is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

static bool is_name_char(char c)
{
	return xml_is_name_start(c) || is_digit(c) || c == '.' || c == '-';
}

/* XML 1.0 allows no control characters but TAB, LF and CR */
static bool is_bad_char(char c) { return (unsigned char)c < 0x20 && !is_space(c); }

static size_t str_len(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

/* true if the 'len' bytes at 's' equal the NUL-terminated 'str' */
bool xml_span_equals(const char *s, size_t len, const char *str)
{
	for (size_t i = 0; i < len; i++)
		if (str[i] != s[i] || !str[i])
			return false;
	return str[len] == 0;
}

bool xml_has_prefix(const char *d, size_t len, size_t pos, const char *lit)
{
	for (size_t i = 0; lit[i]; i++)
		if (pos + i >= len || d[pos + i] != lit[i])
			return false;
	return true;
}

/* true if the document ends after d[pos...] matched a non-empty start of 'lit' */
static bool is_cut_prefix(const char *d, size_t len, size_t pos, const char *lit)
{
	if (pos >= len)
		return false;
	for (size_t i = 0; lit[i]; i++) {
		if (pos + i >= len)
			return true;
		if (d[pos + i] != lit[i])
			return false;
	}
	return false;
}

/* offset of the first 'lit' at or after pos, 'len' if there is none */
size_t xml_find(const char *d, size_t len, size_t pos, const char *lit)
{
	for (; pos < len; pos++)
		if (xml_has_prefix(d, len, pos, lit))
			return pos;
	return len;
}

static size_t find_char(const char *d, size_t len, size_t pos, char c)
{
	while (pos < len && d[pos] != c)
		pos++;
	return pos;
}

static size_t skip_space(const char *d, size_t len, size_t pos)
{
	while (pos < len && is_space(d[pos]))
		pos++;
	return pos;
}

/* offset just past the name at pos, pos itself if none starts there */
size_t xml_name_end(const char *d, size_t len, size_t pos)
{
	if (pos >= len || !xml_is_name_start(d[pos]))
		return pos;
	do
		pos++;
	while (pos < len && is_name_char(d[pos]));
	return pos;
}

/**************
 ** Entities **
 **************/

static int digit_value(char c, unsigned base)
{
	if (is_digit(c))
		return c - '0';
	if (base == 16 && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (base == 16 && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* the XML 1.0 'Char' production: no NUL, controls, surrogates or U+FFFE/F */
static bool is_xml_char(uint32_t cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	if (cp >= 0xd800 && cp <= 0xdfff)
		return false;
	return cp <= 0x10ffff && cp != 0xfffe && cp != 0xffff;
}

/* "&#N;" or "&#xN;" at pos: its length, 0 if malformed or not a character */
static size_t char_ref_len(const char *d, size_t len, size_t pos, uint32_t *cp)
{
	bool const hex      = pos + 2 < len && d[pos + 2] == 'x';
	unsigned const base = hex ? 16 : 10;
	size_t const digits = pos + (hex ? 3 : 2);
	size_t i            = digits;
	uint32_t v          = 0;

	for (; i < len && digit_value(d[i], base) >= 0; i++) {
		v = v * base + (uint32_t)digit_value(d[i], base);
		if (v > 0x10ffff) /* also keeps v from wrapping */
			return 0;
	}
	if (i == digits || i >= len || d[i] != ';' || !is_xml_char(v))
		return 0;
	*cp = v;
	return i + 1 - pos;
}

/* length of the entity reference at d[pos] == '&' and its code point, 0 if invalid */
static size_t entity_len(const char *d, size_t len, size_t pos, uint32_t *cp)
{
	static const char *const names[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
	static const char chars[]        = "&<>\"'";

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (xml_has_prefix(d, len, pos, names[i])) {
			*cp = (unsigned char)chars[i];
			return str_len(names[i]);
		}
	}
	return xml_has_prefix(d, len, pos, "&#") ? char_ref_len(d, len, pos, cp) : 0;
}

static size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* decodes v[0, len) into dst unless dst is NULL; returns the decoded length */
size_t xml_decode(const char *v, size_t len, char *dst)
{
	size_t out = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp    = 0;
		size_t const n = v[i] == '&' ? entity_len(v, len, i, &cp) : 0;
		char buf[4];
		size_t k = 1;

		/* only a forged node can hold a bad entity; it is copied literally */
		if (n == 0)
			buf[0] = v[i];
		else
			k = utf8_encode(cp, buf);
		for (size_t j = 0; dst && j < k; j++)
			dst[out + j] = buf[j];
		out += k;
		i += n ? n : 1;
	}
	return out;
}

/****************
 ** Validation **
 ****************/

static enum xml_error fail(struct parser *p, size_t pos, enum xml_error e)
{
	/* running out of input, or a control character, explains the error best */
	if (pos >= p->len) {
		pos = p->len;
		e   = XML_UNEXPECTED_END;
	} else if (is_bad_char(p->d[pos])) {
		e = XML_BAD_CHARACTER;
	}
	p->err_pos = pos;
	return e;
}

/* characters and entity references of text or an attribute value */
static enum xml_error check_chars(struct parser *p, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		uint32_t cp;
		size_t n;

		if (is_bad_char(p->d[i]))
			return fail(p, i, XML_BAD_CHARACTER);
		if (p->d[i] == '<') /* only possible in attribute values */
			return fail(p, i, XML_BAD_ATTRIBUTE);
		if (p->d[i] != '&')
			continue;
		n = entity_len(p->d, to, i, &cp);
		if (n == 0)
			return fail(p, i, XML_BAD_ENTITY);
		i += n - 1;
	}
	return XML_OK;
}

static enum xml_error check_text(struct parser *p)
{
	size_t const end       = find_char(p->d, p->len, p->pos, '<');
	enum xml_error const r = check_chars(p, p->pos, end);
	p->pos                 = end;
	return r;
}

/* p->pos is at "<!--" */
static enum xml_error skip_comment(struct parser *p)
{
	size_t const start = p->pos;
	size_t const end   = xml_find(p->d, p->len, start + 4, "-->");

	if (end == p->len)
		return fail(p, start, XML_UNTERMINATED_COMMENT);
	for (size_t i = start + 4; i < end; i++)
		if (is_bad_char(p->d[i]))
			return fail(p, i, XML_BAD_CHARACTER);
	p->pos = end + 3;
	return XML_OK;
}

/* whitespace and comments; stops at anything else */
static enum xml_error skip_misc(struct parser *p)
{
	for (;;) {
		p->pos = skip_space(p->d, p->len, p->pos);
		if (!xml_has_prefix(p->d, p->len, p->pos, "<!--"))
			return XML_OK;
		enum xml_error const r = skip_comment(p);
		if (r != XML_OK)
			return r;
	}
}

/* "<?xml ...?>" before anything but whitespace */
static enum xml_error skip_prolog(struct parser *p)
{
	size_t const start = skip_space(p->d, p->len, 0);
	size_t const body  = start + 5;

	if (is_cut_prefix(p->d, p->len, start, "<?xml"))
		return fail(p, p->len, XML_UNEXPECTED_END);
	if (!xml_has_prefix(p->d, p->len, start, "<?xml"))
		return XML_OK;

	/* e.g. <?xml-stylesheet ...?> is a processing instruction */
	if (body < p->len && !is_space(p->d[body]) && p->d[body] != '?')
		return fail(p, start, XML_UNSUPPORTED_MARKUP);

	size_t const end = xml_find(p->d, p->len, body, "?>");
	if (end == p->len)
		return fail(p, p->len, XML_UNEXPECTED_END);
	for (size_t i = body; i < end; i++)
		if (is_bad_char(p->d[i]))
			return fail(p, i, XML_BAD_CHARACTER);
	p->pos = end + 2;
	return XML_OK;
}

/* "<!" or "<?" at p->pos: only comments are accepted */
static enum xml_error check_declaration(struct parser *p)
{
	const char *d   = p->d;
	size_t const at = p->pos;

	if (xml_has_prefix(d, p->len, at, "<!--"))
		return skip_comment(p);
	if (is_cut_prefix(d, p->len, at, "<!--") || is_cut_prefix(d, p->len, at, "<![CDATA["))
		return fail(p, p->len, XML_UNEXPECTED_END);
	if (xml_has_prefix(d, p->len, at, "<![CDATA["))
		return fail(p, at, XML_CDATA);
	return fail(p, at, XML_UNSUPPORTED_MARKUP);
}

/* iterates over the attributes of a tag that ends before 'end'; advances *pos */
bool xml_attr_next(const char *d, size_t end, size_t *pos, struct attr *a)
{
	size_t i               = skip_space(d, end, *pos);
	size_t const name_stop = xml_name_end(d, end, i);

	if (name_stop == i)
		return false;
	a->name     = i;
	a->name_len = name_stop - i;
	i           = skip_space(d, end, name_stop);
	if (i >= end || d[i] != '=')
		return false;
	i = skip_space(d, end, i + 1);
	if (i >= end || (d[i] != '"' && d[i] != '\''))
		return false;

	size_t const close = find_char(d, end, i + 1, d[i]);
	if (close >= end)
		return false;
	a->value     = i + 1;
	a->value_len = close - i - 1;
	*pos         = close + 1;
	return true;
}

/* true if an attribute in [from, to) of a validated tag has the given name */
static bool attr_defined(const char *d, size_t from, size_t to, size_t name, size_t len)
{
	struct attr a;
	while (xml_attr_next(d, to, &from, &a)) {
		bool same = a.name_len == len;
		for (size_t i = 0; same && i < len; i++)
			same = d[a.name + i] == d[name + i];
		if (same)
			return true;
	}
	return false;
}

/* name="value" at *pos inside the tag whose name ends at 'tag_name_end' */
static enum xml_error check_attribute(struct parser *p, size_t tag_name_end, size_t *pos)
{
	const char *d     = p->d;
	size_t const name = *pos;
	size_t i          = xml_name_end(d, p->len, name);

	if (i == name)
		return fail(p, name, XML_BAD_ATTRIBUTE);
	if (attr_defined(d, tag_name_end, name, name, i - name))
		return fail(p, name, XML_DUPLICATE_ATTRIBUTE);
	i = skip_space(d, p->len, i);
	if (i >= p->len || d[i] != '=')
		return fail(p, i, XML_BAD_ATTRIBUTE);
	i = skip_space(d, p->len, i + 1);
	if (i >= p->len || (d[i] != '"' && d[i] != '\''))
		return fail(p, i, XML_BAD_ATTRIBUTE);

	size_t const close = find_char(d, p->len, i + 1, d[i]);
	if (close == p->len)
		return fail(p, i, XML_UNTERMINATED_VALUE);
	*pos = close + 1;
	return check_chars(p, i + 1, close);
}

/* start tag at p->pos; *empty tells "<t/>" from "<t>" */
static enum xml_error check_start_tag(struct parser *p, bool *empty)
{
	size_t const name_stop = xml_name_end(p->d, p->len, p->pos + 1);
	size_t pos             = name_stop;

	if (name_stop == p->pos + 1)
		return fail(p, name_stop, XML_BAD_TAG_NAME);
	for (;;) {
		size_t const before = pos;
		pos                 = skip_space(p->d, p->len, pos);
		if (pos >= p->len)
			return fail(p, pos, XML_UNEXPECTED_END);
		if (p->d[pos] == '>' || p->d[pos] == '/') {
			*empty = p->d[pos] == '/';
			if (*empty && (pos + 1 >= p->len || p->d[pos + 1] != '>'))
				return fail(p, pos + 1, XML_BAD_ATTRIBUTE);
			p->pos = pos + 1 + *empty;
			return XML_OK;
		}
		/* attributes need whitespace before them; right after the name it is the name */
		if (pos == before)
			return fail(p, pos,
				    before == name_stop ? XML_BAD_TAG_NAME : XML_BAD_ATTRIBUTE);
		enum xml_error const r = check_attribute(p, name_stop, &pos);
		if (r != XML_OK)
			return r;
	}
}

/* length of the element name at d[start + 1] */
size_t xml_name_len_at(const char *d, size_t len, size_t start)
{
	return xml_name_end(d, len, start + 1) - (start + 1);
}

static enum xml_error open_element(struct parser *p)
{
	size_t const start = p->pos;
	bool empty         = false;

	if (p->depth == XML_MAX_DEPTH)
		return fail(p, start, XML_TOO_DEEP);
	enum xml_error const r = check_start_tag(p, &empty);
	if (r == XML_OK && !empty)
		p->open[p->depth++] = start;
	return r;
}

static enum xml_error close_element(struct parser *p)
{
	size_t const start = p->pos;
	size_t const name  = start + 2;
	size_t const stop  = xml_name_end(p->d, p->len, name);
	size_t const pos   = skip_space(p->d, p->len, stop);

	if (stop == name || pos >= p->len || p->d[pos] != '>')
		return fail(p, stop == name ? name : pos, XML_BAD_TAG_NAME);
	if (p->depth == 0)
		return fail(p, start, XML_MISMATCHED_END_TAG);

	size_t const open = p->open[p->depth - 1];
	size_t const len  = stop - name;
	bool same         = xml_name_len_at(p->d, p->len, open) == len;
	for (size_t i = 0; same && i < len; i++)
		same = p->d[open + 1 + i] == p->d[name + i];
	if (!same)
		return fail(p, start, XML_MISMATCHED_END_TAG);
	p->depth--;
	p->pos = pos + 1;
	return XML_OK;
}

/* markup at p->pos == '<' */
static enum xml_error check_markup(struct parser *p)
{
	if (p->pos + 1 >= p->len)
		return fail(p, p->len, XML_UNEXPECTED_END);
	switch (p->d[p->pos + 1]) {
	case '/': return close_element(p);
	case '!':
	case '?': return check_declaration(p);
	}
	return open_element(p);
}

/* one piece of the content of the innermost open element */
static enum xml_error check_content(struct parser *p)
{
	if (p->pos >= p->len)
		return fail(p, p->open[p->depth - 1], XML_UNCLOSED_TAG);
	return p->d[p->pos] == '<' ? check_markup(p) : check_text(p);
}

/* the whole document; returns the root element's [start, end) on success */
static enum xml_error check_document(struct parser *p, size_t *root_start, size_t *root_end)
{
	enum xml_error r = skip_prolog(p);
	if (r == XML_OK)
		r = skip_misc(p);
	if (r != XML_OK)
		return r;
	if (p->pos >= p->len) {
		p->err_pos = p->len;
		return XML_EMPTY;
	}
	if (p->d[p->pos] != '<')
		return fail(p, p->pos, XML_LEADING_CONTENT);

	/* skip_misc consumed comments, so this markup is the root element or an error */
	*root_start = p->pos;
	r           = check_markup(p);
	while (r == XML_OK && p->depth > 0)
		r = check_content(p);
	*root_end = p->pos;
	if (r == XML_OK)
		r = skip_misc(p);
	if (r == XML_OK && p->pos < p->len)
		r = fail(p, p->pos, XML_TRAILING_CONTENT);
	return r;
}

struct xml_result xml_parse(const char *doc, size_t len, struct xml_node *root)
{
	struct xml_result res = { XML_OK, 0, 0 };
	struct parser p;
	size_t start = 0, end = 0;

	/* field-wise, so the compiler has no reason to emit a memset call */
	p.d       = doc;
	p.len     = doc ? len : 0;
	p.pos     = 0;
	p.err_pos = 0;
	p.depth   = 0;

	res.error = check_document(&p, &start, &end);
	if (res.error != XML_OK) {
		text_locate(doc, p.err_pos, &res.line, &res.column);
		return res;
	}
	if (root) {
		root->doc     = doc;
		root->doc_len = len;
		root->start   = start;
		root->end     = end;
	}
	return res;
}

const char *xml_error_string(enum xml_error e)
{
	switch (e) {
	case XML_OK: return "ok";
	case XML_EMPTY: return "no root element";
	case XML_UNEXPECTED_END: return "unexpected end of document";
	case XML_BAD_CHARACTER: return "invalid control character";
	case XML_BAD_TAG_NAME: return "missing or invalid tag name";
	case XML_BAD_ATTRIBUTE: return "malformed attribute, expected name=\"value\"";
	case XML_DUPLICATE_ATTRIBUTE: return "duplicate attribute";
	case XML_UNTERMINATED_VALUE: return "attribute value without closing quote";
	case XML_MISMATCHED_END_TAG: return "end tag does not match the open element";
	case XML_UNCLOSED_TAG: return "element not closed";
	case XML_BAD_ENTITY: return "invalid entity reference";
	case XML_LEADING_CONTENT: return "text before the root element";
	case XML_TRAILING_CONTENT: return "content after the root element";
	case XML_TOO_DEEP: return "elements nested too deeply";
	case XML_UNTERMINATED_COMMENT: return "comment not terminated";
	case XML_CDATA: return "CDATA sections are not supported";
	case XML_UNSUPPORTED_MARKUP: return "DOCTYPE and processing instructions are not supported";
	}
	return "unknown XML error";
}
