/*
 * Session argument strings: a validating scanner plus in-place editing.
 *
 * The strings come from other components and are untrusted: the scanner
 * never reads past the NUL (or past max_len), and every edit computes the
 * resulting length before it moves a byte, so a failed edit changes nothing.
 * Duplicate keys are found by rescanning the string (quadratic, but session
 * argument strings are short).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <base/session_args.h>
#include <base/size.h>

/* one argument as offsets into the string; the value includes its quotes */
struct arg {
	size_t key, key_len, value, value_len;
	bool quoted;
};

/* what validating a string found out */
struct scan {
	size_t len; /* without the NUL */
	bool any;   /* at least one argument */
	bool found; /* the looked-up key is present, as 'arg' */
	struct arg arg;
};

/* text to insert into a string, optionally with '"' and '\' escaped */
struct piece {
	const char *text;
	bool escape;
};

/* largest number: 20 digits and NUL; a value is inserted as up to 3 pieces */
enum { U64_DIGITS = 21, MAX_VALUE_PIECES = 3 };

static bool is_space(char c) { return c == ' ' || c == '\t'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool is_key_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_key_char(char c) { return is_key_start(c) || is_digit(c); }

static size_t skip_space(const char *s, size_t len, size_t pos)
{
	while (pos < len && is_space(s[pos]))
		pos++;
	return pos;
}

static bool span_equals(const char *s, size_t len, const char *str)
{
	for (size_t i = 0; i < len; i++)
		if (str[i] != s[i] || !str[i])
			return false;
	return str[len] == 0;
}

static bool valid_key(const char *key)
{
	if (!key || !is_key_start(key[0]))
		return false;
	for (size_t i = 1; key[i]; i++)
		if (!is_key_char(key[i]))
			return false;
	return true;
}

/**************
 ** Scanning **
 **************/

/* end of the quoted string at s[pos] == '"', or 0 if unterminated or badly escaped */
static size_t quoted_end(const char *s, size_t len, size_t pos)
{
	for (size_t i = pos + 1; i < len; i++) {
		if (s[i] == '"')
			return i + 1;
		if (s[i] == '\\' && (i + 1 >= len || (s[i + 1] != '"' && s[i + 1] != '\\')))
			return 0;
		if (s[i] == '\\')
			i++;
	}
	return 0;
}

/* the value at pos: its end, or 0 if malformed */
static size_t value_end(const char *s, size_t len, size_t pos, bool *quoted)
{
	uint64_t v;
	size_t end = pos;

	*quoted = pos < len && s[pos] == '"';
	if (*quoted)
		return quoted_end(s, len, pos);
	while (end < len && (is_digit(s[end]) || s[end] == 'K' || s[end] == 'M' || s[end] == 'G'))
		end++;
	return size_parse(s + pos, end - pos, &v) ? end : 0;
}

/* key=value at *pos (leading space allowed); advances *pos past trailing space */
static bool parse_arg(const char *s, size_t len, size_t *pos, struct arg *a)
{
	size_t i = skip_space(s, len, *pos);

	if (i >= len || !is_key_start(s[i]))
		return false;
	a->key = i;
	while (i < len && is_key_char(s[i]))
		i++;
	a->key_len = i - a->key;
	i          = skip_space(s, len, i);
	if (i >= len || s[i] != '=')
		return false;

	a->value         = skip_space(s, len, i + 1);
	size_t const end = value_end(s, len, a->value, &a->quoted);
	if (end == 0)
		return false;
	a->value_len = end - a->value;
	*pos         = skip_space(s, len, end);
	return true;
}

/* true if an argument in s[0, end) has the key of 'a'; s[0, end) is valid */
static bool key_defined(const char *s, size_t end, const struct arg *a)
{
	size_t pos = 0;
	struct arg b;

	while (parse_arg(s, end, &pos, &b)) {
		bool same = b.key_len == a->key_len;
		for (size_t i = 0; same && i < b.key_len; i++)
			same = s[b.key + i] == s[a->key + i];
		if (same)
			return true;
		if (pos >= end || s[pos] != ',')
			return false;
		pos++;
	}
	return false;
}

/* validate 's' (NUL within max_len bytes) and look up 'key' (may be NULL) */
static bool scan(const char *s, size_t max_len, const char *key, struct scan *out)
{
	size_t len = 0;
	while (len < max_len && s[len])
		len++;
	if (len == max_len)
		return false;

	out->len   = len;
	out->any   = false;
	out->found = false;

	size_t pos = skip_space(s, len, 0);
	if (pos == len)
		return true;
	for (;;) {
		size_t const start = pos;
		struct arg a;

		if (!parse_arg(s, len, &pos, &a) || key_defined(s, start, &a))
			return false;
		out->any = true;
		if (key && span_equals(s + a.key, a.key_len, key)) {
			out->found = true;
			out->arg   = a;
		}
		if (pos == len)
			return true;
		if (s[pos] != ',') /* after a comma, parse_arg insists on another argument */
			return false;
		pos++;
	}
}

/* copies the value of 'a' without quotes and escapes to dst unless NULL; returns the length */
static size_t unquote(const char *s, const struct arg *a, char *dst)
{
	size_t const from = a->value + a->quoted;
	size_t const to   = a->value + a->value_len - a->quoted;
	size_t out        = 0;

	for (size_t i = from; i < to; i++) {
		/* in a valid string a backslash always escapes the next byte */
		if (s[i] == '\\')
			i++;
		if (dst)
			dst[out] = s[i];
		out++;
	}
	return out;
}

bool session_args_valid(const char *args, size_t max_len)
{
	struct scan sc;
	return args && scan(args, max_len, NULL, &sc);
}

bool session_arg_u64(const char *args, const char *key, uint64_t *value)
{
	struct scan sc;
	if (!args || !key || !value || !scan(args, SIZE_MAX, key, &sc) || !sc.found ||
	    sc.arg.quoted)
		return false;
	return size_parse(args + sc.arg.value, sc.arg.value_len, value);
}

bool session_arg_string(const char *args, const char *key, char *dst, size_t dst_size)
{
	struct scan sc;
	if (!args || !key || !dst || !scan(args, SIZE_MAX, key, &sc) || !sc.found)
		return false;

	/* measure first, so a value that does not fit leaves dst untouched */
	size_t const len = unquote(args, &sc.arg, NULL);
	if (len >= dst_size)
		return false;
	unquote(args, &sc.arg, dst);
	dst[len] = 0;
	return true;
}

/*************
 ** Editing **
 *************/

static size_t piece_len(const struct piece *p)
{
	size_t len = 0;
	for (size_t i = 0; p->text[i]; i++)
		len += (p->escape && (p->text[i] == '"' || p->text[i] == '\\')) ? 2 : 1;
	return len;
}

static size_t piece_write(char *dst, const struct piece *p)
{
	size_t out = 0;
	for (size_t i = 0; p->text[i]; i++) {
		if (p->escape && (p->text[i] == '"' || p->text[i] == '\\'))
			dst[out++] = '\\';
		dst[out++] = p->text[i];
	}
	return out;
}

/* memmove without libc; the direction keeps overlapping ranges intact */
static void move(char *dst, const char *src, size_t n)
{
	if (dst < src) {
		for (size_t i = 0; i < n; i++)
			dst[i] = src[i];
	} else {
		for (size_t i = n; i > 0; i--)
			dst[i - 1] = src[i - 1];
	}
}

/* replace buf[at, at + remove) of the 'len'-byte string by the pieces, if it fits */
static bool splice(char *buf, size_t size, size_t len, size_t at, size_t remove,
		   const struct piece *pieces, unsigned count)
{
	size_t insert = 0;
	for (unsigned i = 0; i < count; i++) {
		insert += piece_len(&pieces[i]);
		if (insert >= size) /* also keeps the sum from wrapping */
			return false;
	}
	if (len - remove + insert >= size)
		return false;

	move(buf + at + insert, buf + at + remove, len - at - remove + 1);
	for (unsigned i = 0; i < count; i++)
		at += piece_write(buf + at, &pieces[i]);
	return true;
}

/* digits of v by repeated subtraction: 32-bit ARM would need a 64-bit division helper */
static void format_u64(uint64_t v, char out[U64_DIGITS])
{
	static const uint64_t power[U64_DIGITS - 1] = {
		10000000000000000000ull,
		1000000000000000000ull,
		100000000000000000ull,
		10000000000000000ull,
		1000000000000000ull,
		100000000000000ull,
		10000000000000ull,
		1000000000000ull,
		100000000000ull,
		10000000000ull,
		1000000000ull,
		100000000ull,
		10000000ull,
		1000000ull,
		100000ull,
		10000ull,
		1000ull,
		100ull,
		10ull,
		1ull,
	};
	size_t n = 0;

	for (unsigned i = 0; i < U64_DIGITS - 1; i++) {
		char digit = '0';
		while (v >= power[i]) {
			v -= power[i];
			digit++;
		}
		if (digit != '0' || n > 0 || power[i] == 1)
			out[n++] = digit;
	}
	out[n] = 0;
}

/* set 'key' to the value given as pieces: in place if present (and allowed) or appended */
static bool put(char *buf, size_t size, const char *key, const struct piece *value, unsigned count,
		bool replace)
{
	struct scan sc;
	struct piece all[3 + MAX_VALUE_PIECES];
	unsigned n = 0;

	if (!buf || !valid_key(key) || !scan(buf, size, key, &sc))
		return false;
	if (sc.found)
		return replace &&
		       splice(buf, size, sc.len, sc.arg.value, sc.arg.value_len, value, count);

	/* element-wise, so the compiler has no reason to emit a memset call */
	all[n++] = (struct piece){ sc.any ? ", " : "", false };
	all[n++] = (struct piece){ key, false };
	all[n++] = (struct piece){ "=", false };
	for (unsigned i = 0; i < count && i < MAX_VALUE_PIECES; i++)
		all[n++] = value[i];
	return splice(buf, size, sc.len, sc.len, 0, all, n);
}

bool session_args_append_u64(char *buf, size_t size, const char *key, uint64_t value)
{
	char digits[U64_DIGITS];
	format_u64(value, digits);
	struct piece const p = { digits, false };
	return put(buf, size, key, &p, 1, false);
}

bool session_args_append_string(char *buf, size_t size, const char *key, const char *value)
{
	struct piece const p[] = { { "\"", false }, { value, true }, { "\"", false } };
	return value && put(buf, size, key, p, 3, false);
}

bool session_args_set_u64(char *buf, size_t size, const char *key, uint64_t value)
{
	char digits[U64_DIGITS];
	format_u64(value, digits);
	struct piece const p = { digits, false };
	return put(buf, size, key, &p, 1, true);
}

bool session_args_set_string(char *buf, size_t size, const char *key, const char *value)
{
	struct piece const p[] = { { "\"", false }, { value, true }, { "\"", false } };
	return value && put(buf, size, key, p, 3, true);
}

bool session_args_prefix_label(char *buf, size_t size, const char *prefix)
{
	struct scan sc;
	if (!buf || !prefix || !scan(buf, size, "label", &sc))
		return false;
	if (sc.found && !sc.arg.quoted)
		return false;
	if (!prefix[0])
		return true;
	if (!sc.found)
		return session_args_append_string(buf, size, "label", prefix);

	/* insert right after the opening quote; an empty label gets no separator */
	struct piece const p[] = { { prefix, true }, { " -> ", false } };
	bool const empty       = sc.arg.value_len == 2;
	return splice(buf, size, sc.len, sc.arg.value + 1, 0, p, empty ? 1 : 2);
}

const char *session_label_last(const char *label)
{
	const char *last = label;
	for (const char *p = label; *p; p++)
		if (p[0] == ' ' && p[1] == '-' && p[2] == '>' && p[3] == ' ')
			last = p + 4;
	return last;
}
