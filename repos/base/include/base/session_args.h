/*
 * Session arguments: the "key=value, ..." strings of session requests
 * (after Genode's Arg_string), read and built in place without allocation.
 *
 *   args   := [arg {',' arg}]        spaces and TABs allowed around tokens
 *   arg    := key '=' value
 *   key    := [A-Za-z_][A-Za-z0-9_]*  unique within the string
 *   value  := [0-9]+ [K|M|G]         decimal, binary suffix, at most UINT64_MAX
 *           | '"' string '"'         any byte but NUL; '"' and '\' written \" and \\
 *
 * Every function validates the whole string first and treats a malformed
 * one as holding nothing, so no lookup returns a value from a string the
 * rest of the system would reject. Strings passed in must be NUL-terminated
 * (check received ones with session_args_valid), and key, value and prefix
 * strings must not point into the buffer being changed.
 */

#ifndef _INCLUDE__BASE__SESSION_ARGS_H_
#define _INCLUDE__BASE__SESSION_ARGS_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True if 'args' is well-formed and, with its NUL, within max_len bytes (reads no further) */
bool session_args_valid(const char *args, size_t max_len);

/* Numeric value of 'key'; false if absent, a string, or 'args' is malformed */
bool session_arg_u64(const char *args, const char *key, uint64_t *value);

/*
 * Value of 'key' without quotes and escapes, NUL-terminated (a number is
 * copied as written, e.g. "8K"). False if absent, 'args' is malformed or
 * the value plus NUL exceeds dst_size; then 'dst' is left unchanged.
 */
bool session_arg_string(const char *args, const char *key, char *dst, size_t dst_size);

/*
 * Builders on a valid NUL-terminated string in 'buf' of 'size' bytes. Each
 * returns false, leaving 'buf' unchanged, if the string is malformed, the
 * key is not a valid key, or the result plus NUL would exceed 'size'.
 */

/* Append key=value; false if 'key' is present already */
bool session_args_append_u64(char *buf, size_t size, const char *key, uint64_t value);

/* Append key="value" with '"' and '\' escaped; false if 'key' is present already */
bool session_args_append_string(char *buf, size_t size, const char *key, const char *value);

/* Replace the value of 'key' (e.g. ram_quota on an upgrade) in place, or append it if absent */
bool session_args_set_u64(char *buf, size_t size, const char *key, uint64_t value);

/* The same for a string value, e.g. a label rewritten by a route */
bool session_args_set_string(char *buf, size_t size, const char *key, const char *value);

/*
 * Prefix the label as Genode's parent does: label="a" and "init -> x"
 * give label="init -> x -> a"; an absent or empty label becomes the
 * prefix. An empty prefix changes nothing. False if the label is a number.
 */
bool session_args_prefix_label(char *buf, size_t size, const char *prefix);

/* The last element of a label: "init -> child -> config" gives "config" */
const char *session_label_last(const char *label);

#endif /* _INCLUDE__BASE__SESSION_ARGS_H_ */
