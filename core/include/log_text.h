/*
 * What core's LOG service prints of a client's text: valid UTF-8 as it is,
 * tab as it is, every other control character (C0, DEL and the C1 range
 * U+0080..U+009F) as \xNN escapes of its bytes, and each maximal invalid
 * UTF-8 sequence (a stray continuation byte, a truncated, overlong or
 * surrogate sequence, a code point above U+10FFFF) as one U+FFFD
 * replacement character. So nothing a client writes can move the
 * console's cursor, change its colours or pass for another label's line.
 */
#pragma once

#include <stdint.h>

/* The longest output of one input byte: "\x1b" */
enum { LOG_TEXT_EXPANSION = 4 };

/* Write the printable form of text[0, len) to out (at least
 * len * LOG_TEXT_EXPANSION + 1 bytes), NUL-terminated; its length */
uint32_t log_text_printable(const char *text, uint32_t len, char *out);
