/*
 * Text through the LOG session: UTF-8 comes out unchanged, control
 * characters as escapes, invalid sequences as U+FFFD (run/libc.run
 * compares the lines core prints); a line longer than one LOG write is
 * broken between characters, never inside one.
 */
#include <stdio.h>
#include <string.h>
#include "libc_test.h"

void test_log_text(void)
{
	char line[512] = "libc_test: long line:";

	printf("libc_test: UTF-8: gr\xc3\xbc\xc3\x9f dich, \xce\xba\xce\xb1\xce\xbb\xce\xb7\xce\xbc"
	       "\xce\xad\xcf\x81\xce\xb1, \xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81"
	       "\xaf, \xf0\x9f\x99\x82\n");
	printf("libc_test: controls: tab\tbell\a escape\x1b[31m delete\x7f csi\xc2\x9b end\n");
	printf("libc_test: invalid: \xff \xc3( \xe2\x82 \xc0\xaf \xed\xa0\x80 end\n");
	/* 3-byte characters across the LOG write's 200 bytes */
	while (strlen(line) + 3 < 300)
		strcat(line, "\xe2\x82\xac");
	printf("%s\n", line);
}
