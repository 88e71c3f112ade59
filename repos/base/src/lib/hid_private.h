/*
 * Lexical level of the HID parser shared by validation (hid.c) and
 * navigation (hid_node.c): a line is split at '|' into segments, each
 * classified by its first non-space bytes. Offsets index the document;
 * every function is bounded by the length it is given.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum hid_seg_kind {
	HID_SEG_EMPTY,   /* nothing but spaces, e.g. a '|' drawn for visual scoping */
	HID_SEG_NODE,    /* "+ type ..." */
	HID_SEG_XNODE,   /* "x type ...": a disabled node */
	HID_SEG_ATTR,    /* "tag: value" or "tag:" */
	HID_SEG_CONTENT, /* ": text" to the end of the line */
	HID_SEG_COMMENT, /* ". text" to the end of the line */
	HID_SEG_END,     /* '-' at the start of a line */
	HID_SEG_BAD,     /* anything else; "tag:x" is one too */
};

struct hid_seg {
	enum hid_seg_kind kind;
	size_t at;       /* first non-space byte (== end if empty) */
	size_t text;     /* NODE: its type, ATTR: its tag, CONTENT/COMMENT: after ": " */
	size_t end;      /* before the '|' or the line end ("\n" or "\r\n") */
	size_t next;     /* where the next segment starts: past the '|' or the newline */
	uint32_t column; /* of 'text' within the line */
};

/* "type [name]" or "type tag: value" at [pos, end) */
struct hid_header {
	size_t type_end;         /* the type is [pos, type_end) */
	size_t tag, tag_end;     /* tag == tag_end: the value is the name */
	size_t value, value_end; /* value == value_end: none */
};

bool hid_is_eol(const char *d, size_t len, size_t pos);

/* offset past the identifier [a-z][a-z0-9_-]* at pos, pos if none starts there */
size_t hid_ident_end(const char *d, size_t len, size_t pos);

/* the segment starting at pos (a line start or just past a '|') */
void hid_seg_at(const char *d, size_t len, size_t line, size_t pos, struct hid_seg *s);

/* the top-level node's first segment at pos: a NODE segment of column 0 */
void hid_top_at(const char *d, size_t len, size_t pos, struct hid_seg *s);

/* the header in [pos, end); false if no valid type starts it */
bool hid_header_at(const char *d, size_t pos, size_t end, struct hid_header *h);

/* "tag: value" in [pos, end): tag and trimmed value; false if it is none */
bool hid_attr_split(const char *d, size_t pos, size_t end, size_t *tag_end, size_t *value,
		    size_t *value_end);

/* the start of the line that holds pos */
size_t hid_line_start(const char *d, size_t pos);

bool hid_span_equals(const char *s, size_t len, const char *str);

/* past the segment s: the start of the line of the next segment */
size_t hid_line_after(const char *d, size_t len, size_t line, const struct hid_seg *s);

/*
 * The attributes of the node whose type is at 'start' (the name after the
 * type counts as "name"), up to 'end' or the first sub node or content.
 */
struct hid_attr_iter {
	const char *d;
	size_t len, pos, line, end;
	bool header_done;
};

void hid_attr_iter_init(struct hid_attr_iter *it, const char *d, size_t len, size_t start,
			size_t end);
bool hid_attr_iter_next(struct hid_attr_iter *it, const char **tag, size_t *tag_len, size_t *value,
			size_t *value_end);
