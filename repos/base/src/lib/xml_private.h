/*
 * Lexical helpers of the XML parser shared by validation (xml.c) and
 * navigation (xml_node.c). Offsets index the document; every function is
 * bounded by the length it is given.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* an attribute as offsets into the document */
struct attr {
	size_t name, name_len, value, value_len;
};

bool xml_is_name_start(char c);
bool xml_span_equals(const char *s, size_t len, const char *str);
bool xml_has_prefix(const char *d, size_t len, size_t pos, const char *lit);
size_t xml_find(const char *d, size_t len, size_t pos, const char *lit);
size_t xml_name_end(const char *d, size_t len, size_t pos);
/* decoded length of an attribute value; writes it to dst unless NULL */
size_t xml_decode(const char *v, size_t len, char *dst);
bool xml_attr_next(const char *d, size_t end, size_t *pos, struct attr *a);
size_t xml_name_len_at(const char *d, size_t len, size_t start);
