/*
 * Component configurations in either of Genode's two syntaxes: XML
 * (base/xml.h) or the line-based HID (base/hid.h). node_parse tells them
 * apart by the first byte that is not white space ('<' means XML, as in
 * Genode) and validates the whole document; the functions below then work
 * on nodes of either syntax alike. Like the two parsers, nothing is
 * allocated and nothing outside the document is read.
 */

#ifndef _INCLUDE__BASE__NODE_H_
#define _INCLUDE__BASE__NODE_H_

#include <base/hid.h>
#include <base/xml.h>

enum node_syntax { NODE_XML, NODE_HID };

struct node {
	enum node_syntax syntax;
	union {
		struct xml_node xml;
		struct hid_node hid;
	} u;
};

/* error: NULL on success, else the parser's phrase; line and column 1-based */
struct node_result {
	const char *error;
	unsigned line, column;
};

/* Validate the document and, only on success, store its root node (root may be NULL) */
struct node_result node_parse(const char *doc, size_t len, struct node *root);

/* The node's type (XML tag name): pointer into the document and length */
size_t node_type(const struct node *n, const char **type);
bool node_type_is(const struct node *n, const char *type);

/* Sub nodes and siblings in document order; they may store into the node they read from */
bool node_first_sub(const struct node *n, struct node *sub);
bool node_next(const struct node *n, struct node *next);
bool node_sub_by_type(const struct node *n, const char *type, struct node *sub);
bool node_next_by_type(const struct node *n, const char *type, struct node *next);

/* Attribute value as written (XML entities not decoded); value and len may be NULL */
bool node_attr(const struct node *n, const char *name, const char **value, size_t *len);

/*
 * Attribute value, NUL-terminated (XML entities decoded). False if absent
 * or the value plus NUL does not fit; then dst is left unchanged.
 */
bool node_attr_copy(const struct node *n, const char *name, char *dst, size_t dst_size);

/* A size ("10", "4K", "1M", "2G") or boolean ("yes", "no", ...); *value written on success only */
bool node_attr_u64(const struct node *n, const char *name, uint64_t *value);
bool node_attr_bool(const struct node *n, const char *name, bool *value);

/*
 * The node's text, to hand it on as a document of its own (an inline
 * config): the text followed by node_text_terminator(n), which is "" for
 * XML and HID's end marker for HID.
 */
size_t node_text(const struct node *n, const char **start);
const char *node_text_terminator(const struct node *n);

/* 1-based line of the node in its document, for messages */
unsigned node_line(const struct node *n);

#endif /* _INCLUDE__BASE__NODE_H_ */
