/*
 * Parsing of sizes and booleans (see base/size.h).
 */
#include <base/size.h>

bool size_parse(const char *s, size_t len, uint64_t *value)
{
	uint64_t v     = 0;
	unsigned shift = 0;
	size_t i       = 0;

	/* constant divisors only: no 64-bit division helper on 32-bit ARM */
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		unsigned const digit = (unsigned)(s[i] - '0');
		if (v > UINT64_MAX / 10 || (v == UINT64_MAX / 10 && digit > UINT64_MAX % 10))
			return false;
		v = v * 10 + digit;
	}
	if (i == 0)
		return false;
	if (i + 1 == len)
		shift = s[i] == 'K' ? 10 : s[i] == 'M' ? 20 : s[i] == 'G' ? 30 : 0;
	if (i != len && shift == 0)
		return false;
	if (v > (UINT64_MAX >> shift))
		return false;
	*value = v << shift;
	return true;
}

static bool span_is(const char *s, size_t len, const char *word)
{
	size_t i = 0;
	while (i < len && word[i] && s[i] == word[i])
		i++;
	return i == len && !word[i];
}

bool bool_parse(const char *s, size_t len, bool *value)
{
	static const char *const yes[] = { "yes", "true", "on" };
	static const char *const no[]  = { "no", "false", "off" };

	for (unsigned i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (span_is(s, len, yes[i]) || span_is(s, len, no[i])) {
			*value = span_is(s, len, yes[i]);
			return true;
		}
	}
	return false;
}
