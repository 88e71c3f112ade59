/*
 * The printable form of LOG text (see log_text.h). Invalid UTF-8 is cut
 * into maximal subparts as Unicode recommends (chapter 3.9, "U+FFFD
 * Substitution of Maximal Subparts"): a lead byte and the continuation
 * bytes that may still follow it form one replacement.
 */
#include <stdbool.h>
#include "log_text.h"

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

/* The valid range of the second byte after lead, and how many
 * continuation bytes lead announces (0: lead is no lead byte) */
static unsigned sequence(uint8_t lead, uint8_t *low, uint8_t *high)
{
	*low  = 0x80;
	*high = 0xbf;
	if (lead >= 0xc2 && lead <= 0xdf)
		return 1;
	if (lead >= 0xe0 && lead <= 0xef) {
		if (lead == 0xe0)
			*low = 0xa0; /* shorter forms are overlong */
		if (lead == 0xed)
			*high = 0x9f; /* U+D800.. are surrogates */
		return 2;
	}
	if (lead >= 0xf0 && lead <= 0xf4) {
		if (lead == 0xf0)
			*low = 0x90; /* overlong */
		if (lead == 0xf4)
			*high = 0x8f; /* beyond U+10FFFF */
		return 3;
	}
	return 0;
}

static uint32_t escape(const uint8_t *bytes, uint32_t count, char *out)
{
	static const char hex[] = "0123456789abcdef";
	uint32_t n              = 0;

	for (uint32_t i = 0; i < count; i++) {
		out[n++] = '\\';
		out[n++] = 'x';
		out[n++] = hex[bytes[i] >> 4];
		out[n++] = hex[bytes[i] & 0xf];
	}
	return n;
}

static uint32_t copy(const uint8_t *bytes, uint32_t count, char *out)
{
	for (uint32_t i = 0; i < count; i++)
		out[i] = (char)bytes[i];
	return count;
}

uint32_t log_text_printable(const char *text, uint32_t len, char *out)
{
	const uint8_t *t = (const uint8_t *)text;
	uint32_t i = 0, n = 0;

	while (i < len) {
		uint8_t c = t[i], low, high;
		unsigned more;

		if (c < 0x80) {
			n += c == '\t' || (c >= 0x20 && c < 0x7f) ? copy(&t[i], 1, out + n)
								  : escape(&t[i], 1, out + n);
			i++;
			continue;
		}
		more         = sequence(c, &low, &high);
		unsigned got = 0; /* continuation bytes of the sequence that are valid */
		while (got < more && i + 1 + got < len) {
			uint8_t next = t[i + 1 + got];
			if (next < (got ? 0x80 : low) || next > (got ? 0xbf : high))
				break;
			got++;
		}
		if (!more || got < more) {
			n += copy((const uint8_t *)replacement, 3, out + n);
			i += 1 + got;
			continue;
		}
		/* C1 controls: U+0080..U+009F, encoded as c2 80..c2 9f */
		bool control = c == 0xc2 && t[i + 1] < 0xa0;
		n += control ? escape(&t[i], 2, out + n) : copy(&t[i], 1 + more, out + n);
		i += 1 + more;
	}
	out[n] = 0;
	return n;
}
