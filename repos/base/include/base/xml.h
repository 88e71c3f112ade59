/*
 * XML parser for component configurations (a Genode-compatible subset).
 *
 * xml_parse validates a whole document once; the navigation functions then
 * walk the validated text in place. Nothing is allocated or copied, the
 * document need not be NUL-terminated and no function reads outside
 * [doc, doc + len), so the code serves both components and host tests.
 *
 * Supported: one root element, attributes in double or single quotes,
 * text between elements (ignored by navigation), comments, an optional
 * <?xml ...?> prolog, the five predefined entities and &#N; / &#xN;.
 * Not supported (rejected): CDATA, DOCTYPE, processing instructions.
 */

#ifndef _INCLUDE__BASE__XML_H_
#define _INCLUDE__BASE__XML_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* elements nested deeper than this are rejected (the root is depth 1) */
enum { XML_MAX_DEPTH = 32 };

/* an element of a validated document: [start, end) is "<t ...>...</t>" or "<t .../>" */
struct xml_node {
	const char *doc;
	size_t doc_len;
	size_t start;
	size_t end;
};

/* the position reported with each error is given in brackets */
enum xml_error {
	XML_OK,
	XML_EMPTY,                /* no root element [end of document] */
	XML_UNEXPECTED_END,       /* document ends inside a tag or prolog [end of document] */
	XML_BAD_CHARACTER,        /* NUL or control character other than TAB, LF, CR [it] */
	XML_BAD_TAG_NAME,         /* missing or invalid name after '<' or '</' [where expected] */
	XML_BAD_ATTRIBUTE,        /* not name="value", unquoted, '<' in value [offending char] */
	XML_DUPLICATE_ATTRIBUTE,  /* [name of the second occurrence] */
	XML_UNTERMINATED_VALUE,   /* attribute value without closing quote [opening quote] */
	XML_MISMATCHED_END_TAG,   /* end tag of another element or of none ['<' of end tag] */
	XML_UNCLOSED_TAG,         /* document ends inside an element ['<' of its start tag] */
	XML_BAD_ENTITY,           /* unknown or malformed '&...;' ['&'] */
	XML_LEADING_CONTENT,      /* text before the root element [first char] */
	XML_TRAILING_CONTENT,     /* text or element after the root element [first char] */
	XML_TOO_DEEP,             /* nesting beyond XML_MAX_DEPTH ['<' of start tag] */
	XML_UNTERMINATED_COMMENT, /* '<!--' without '-->' ['<'] */
	XML_CDATA,                /* CDATA section ['<'] */
	XML_UNSUPPORTED_MARKUP,   /* DOCTYPE, processing instruction ['<'] */
};

/* line and column are 1-based (columns count bytes, a TAB is one); 0 for XML_OK */
struct xml_result {
	enum xml_error error;
	unsigned line, column;
};

/*
 * Validate the 'len' bytes at 'doc' and, only on XML_OK, store the root
 * element in *root ('root' may be NULL to validate only).
 */
struct xml_result xml_parse(const char *doc, size_t len, struct xml_node *root);

/* One short English phrase per error, e.g. "mismatched end tag" */
const char *xml_error_string(enum xml_error e);

/* The element's type (tag name): pointer into the document and length */
size_t xml_node_type(const struct xml_node *n, const char **name);
bool xml_node_type_is(const struct xml_node *n, const char *type);

/*
 * Child and sibling elements in document order. All of them may store
 * into the node they read from (e.g. xml_next(&n, &n)); on false the
 * output is left unchanged.
 */
bool xml_first_sub(const struct xml_node *n, struct xml_node *sub);
bool xml_next(const struct xml_node *n, struct xml_node *next);
bool xml_sub_by_type(const struct xml_node *n, const char *type, struct xml_node *sub);
bool xml_next_by_type(const struct xml_node *n, const char *type, struct xml_node *next);

/* Raw attribute value, entities not decoded; 'value' and 'len' may be NULL */
bool xml_attr(const struct xml_node *n, const char *name, const char **value, size_t *len);

/*
 * Decoded attribute value, NUL-terminated. False if the attribute is
 * absent or the value plus NUL does not fit; then 'dst' is left unchanged.
 */
bool xml_attr_copy(const struct xml_node *n, const char *name, char *dst, size_t dst_size);

/*
 * Decimal number with an optional binary size suffix K, M or G (as in
 * ram="1M"). False if absent, not such a number or above UINT64_MAX;
 * *value is only written on success.
 */
bool xml_attr_u64(const struct xml_node *n, const char *name, uint64_t *value);

/* "yes", "true", "on" or "no", "false", "off" (as Genode); false otherwise */
bool xml_attr_bool(const struct xml_node *n, const char *name, bool *value);

/* Raw text between start and end tag (0 for "<t/>") */
size_t xml_content(const struct xml_node *n, const char **start);

/* The whole element text "<t ...>...</t>", e.g. to hand on an inline config */
size_t xml_node_text(const struct xml_node *n, const char **start);

/* 1-based line of the element's '<', for messages about the config's meaning */
unsigned xml_node_line(const struct xml_node *n);

#endif /* _INCLUDE__BASE__XML_H_ */
