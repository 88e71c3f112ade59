/*
 * Parser for Genode's line-based HID syntax ("human-inclined data"), the
 * second syntax of component configurations beside XML (see base/node.h,
 * which tells them apart). hid_parse validates a whole document once; the
 * navigation functions then walk the validated text in place. Nothing is
 * allocated or copied, the document need not be NUL-terminated and no
 * function reads outside [doc, doc + len).
 *
 *   config | verbose: yes             top-level node, attributes after '|'
 *   + start timer                     sub node "start" named "timer"
 *     ram: 1M                         attribute of "start"
 *     + provides | + service Timer    one line holding nested nodes
 *   x start off                       disabled node: checked, then skipped
 *   . a comment                       to the end of the line
 *   + arg | : quoted content          to the end of the line
 *   -                                 end marker
 *
 * A sub node ("+ " or "x ") contains what follows it that is indented more
 * than its type; '|' splits a line into segments that keep their columns.
 * Checked strictly, as Genode's offline tool does: attributes precede the
 * sub nodes and quoted content of their node and are indented at least as
 * far as its type, a node holds either sub nodes or quoted content, an
 * attribute tag appears once per node (the name after the type counts as
 * "name"), values are separated by ": " and contain no '|', TABs appear only
 * in comments and quoted content, and nothing but white space follows the
 * end marker.
 */

#ifndef _INCLUDE__BASE__HID_H_
#define _INCLUDE__BASE__HID_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* nodes nested deeper than this are rejected (the top-level node is depth 1) */
enum { HID_MAX_DEPTH = 32 };

/*
 * A node of a validated document: its text is [start, end), from its type
 * to the start of the line that holds the next node not inside it; its
 * siblings lie before 'limit', the end of its parent's text.
 */
struct hid_node {
	const char *doc;
	size_t doc_len;
	size_t start, end, limit;
	uint32_t column; /* of the type within its line, 0-based (0 for the top-level node) */
};

/* the position reported with each error is given in brackets */
enum hid_error {
	HID_OK,
	HID_EMPTY,               /* nothing but white space [end of document] */
	HID_BAD_CHARACTER,       /* control character, or TAB outside comment and content [it] */
	HID_BAD_TYPE,            /* missing or invalid node type [where expected] */
	HID_BAD_SEGMENT,         /* no sub node, attribute, content or comment [its first char] */
	HID_BAD_ATTRIBUTE,       /* "tag:" not followed by a space [the char after ':'] */
	HID_DUPLICATE_ATTRIBUTE, /* [tag of the second occurrence] */
	HID_MISPLACED_ATTRIBUTE, /* after sub nodes or content, or left of its node's type [tag] */
	HID_MISPLACED_CONTENT,   /* beside sub nodes, or left of its node's type [':' or '+'] */
	HID_TOO_DEEP,            /* nesting beyond HID_MAX_DEPTH ['+'] */
	HID_NO_END_MARKER,       /* no line "-" [end of document] */
	HID_TRAILING_CONTENT,    /* text after the end marker [first char] */
};

/* line and column are 1-based (columns count bytes); 0 for HID_OK */
struct hid_result {
	enum hid_error error;
	unsigned line, column;
};

/*
 * Validate the 'len' bytes at 'doc' and, only on HID_OK, store the
 * top-level node in *root ('root' may be NULL to validate only). White
 * space before the top-level node is skipped.
 */
struct hid_result hid_parse(const char *doc, size_t len, struct hid_node *root);

/* One short English phrase per error, e.g. "duplicate attribute" */
const char *hid_error_string(enum hid_error e);

/* The node's type: pointer into the document and length */
size_t hid_node_type(const struct hid_node *n, const char **type);
bool hid_node_type_is(const struct hid_node *n, const char *type);

/*
 * Enabled sub nodes and siblings in document order (disabled "x" nodes are
 * skipped). All of them may store into the node they read from; on false
 * the output is left unchanged.
 */
bool hid_first_sub(const struct hid_node *n, struct hid_node *sub);
bool hid_next(const struct hid_node *n, struct hid_node *next);

/* Attribute value as written, spaces around it trimmed; 'value' and 'len' may be NULL */
bool hid_attr(const struct hid_node *n, const char *tag, const char **value, size_t *len);

/* The node's text from its type on, e.g. to hand on an inline config */
size_t hid_node_text(const struct hid_node *n, const char **start);

/* 1-based line of the node's type */
unsigned hid_node_line(const struct hid_node *n);

#endif /* _INCLUDE__BASE__HID_H_ */
