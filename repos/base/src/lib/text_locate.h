/*
 * Positions in a text for the parsers' messages (XML and HID alike).
 */
#pragma once

#include <stddef.h>

/* 1-based line and column of pos (columns count bytes, a TAB is one) */
void text_locate(const char *d, size_t pos, unsigned *line, unsigned *column);
