/*
 * Host unit tests of the printable form of LOG text (core/src/log_text.c):
 * UTF-8 passes unchanged, control characters become escapes, invalid
 * sequences one U+FFFD per maximal subpart. The output buffer is exactly
 * as large as the contract asks, so ASan catches a write past it.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "log_text.h"

#define FFFD "\xef\xbf\xbd"

static void expect(const char *in, size_t len, const char *want)
{
	char *out  = malloc(len * LOG_TEXT_EXPANSION + 1);
	uint32_t n = log_text_printable(in, (uint32_t)len, out);

	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
	free(out);
}

#define EXPECT(in, want) expect(in, sizeof(in) - 1, want)

static void test_ascii_and_tab(void **state)
{
	(void)state;
	EXPECT("", "");
	EXPECT("plain text, 100% ~", "plain text, 100% ~");
	EXPECT("a\tb", "a\tb");
}

static void test_utf8_passes(void **state)
{
	(void)state;
	EXPECT("gr\xc3\xbc\xc3\x9f dich", "gr\xc3\xbc\xc3\x9f dich");
	EXPECT("\xce\xba\xce\xb1\xce\xbb\xce\xb7", "\xce\xba\xce\xb1\xce\xbb\xce\xb7");
	EXPECT("\xe3\x81\x93\xe3\x82\x93", "\xe3\x81\x93\xe3\x82\x93"); /* kana */
	EXPECT("\xf0\x9f\x99\x82", "\xf0\x9f\x99\x82");                 /* U+1F642 */
	EXPECT("\xc2\xa0\xef\xbf\xbf\xf4\x8f\xbf\xbf", "\xc2\xa0\xef\xbf\xbf\xf4\x8f\xbf\xbf");
	EXPECT("\xed\x9f\xbf\xee\x80\x80", "\xed\x9f\xbf\xee\x80\x80"); /* around surrogates */
}

static void test_controls_escaped(void **state)
{
	(void)state;
	EXPECT("bell\a", "bell\\x07");
	EXPECT("\x1b[31mred", "\\x1b[31mred");
	EXPECT("cr\rdel\x7f", "cr\\x0ddel\\x7f");
	EXPECT("nul\0end", "nul\\x00end");
	EXPECT("\xc2\x9b"
	       "2J",
	       "\\xc2\\x9b2J"); /* C1: CSI */
	EXPECT("\xc2\x80\xc2\x9f", "\\xc2\\x80\\xc2\\x9f");
}

static void test_invalid_replaced(void **state)
{
	(void)state;
	EXPECT("\xff", FFFD);
	EXPECT("a\x80z", "a" FFFD "z");                  /* stray continuation */
	EXPECT("\xc3(", FFFD "(");                       /* lead without continuation */
	EXPECT("\xe2\x82", FFFD);                        /* truncated at the end */
	EXPECT("\xe2\x82x", FFFD "x");                   /* one maximal subpart */
	EXPECT("\xc0\xaf", FFFD FFFD);                   /* overlong: no lead byte */
	EXPECT("\xe0\x80\xaf", FFFD FFFD FFFD);          /* overlong 3-byte form */
	EXPECT("\xed\xa0\x80", FFFD FFFD FFFD);          /* surrogate U+D800 */
	EXPECT("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD); /* above U+10FFFF */
	EXPECT("\xf0\x9f\x99", FFFD);                    /* truncated 4-byte */
	EXPECT("\xf0\x9f\x99\xc3\xbc", FFFD "\xc3\xbc");
}

static void test_worst_case_fits(void **state)
{
	char in[64];
	(void)state;
	memset(in, 0x01, sizeof(in));
	char *out = malloc(sizeof(in) * LOG_TEXT_EXPANSION + 1);
	assert_int_equal(log_text_printable(in, sizeof(in), out), sizeof(in) * LOG_TEXT_EXPANSION);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_and_tab),    cmocka_unit_test(test_utf8_passes),
		cmocka_unit_test(test_controls_escaped), cmocka_unit_test(test_invalid_replaced),
		cmocka_unit_test(test_worst_case_fits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
