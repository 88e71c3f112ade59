/*
 * printf against the host's C library: every case of printf_cases.c
 * formatted here (newlib) must equal what the build machine's glibc
 * printed at build time (printf_glibc.c, GLIBC_TABLE).
 */
#include <stdio.h>
#include "libc_test.h"
#include "printf_cases.h"
#include GLIBC_TABLE

void test_printf(void)
{
	unsigned count = sizeof(glibc_output) / sizeof(glibc_output[0]), equal = 0;
	char buf[512];

	CHECK(count == printf_case_count, "printf: %u glibc lines for %u cases\n", count,
	      printf_case_count);
	for (unsigned i = 0; i < count && i < printf_case_count; i++) {
		int n = printf_case_format(buf, sizeof(buf), &printf_cases[i]);
		if (n == (int)strlen(glibc_output[i]) && !strcmp(buf, glibc_output[i])) {
			equal++;
			continue;
		}
		CHECK(false, "printf: \"%s\" gives \"%s\" (%d), glibc \"%s\"\n",
		      printf_cases[i].format, buf, n, glibc_output[i]);
	}
	printf("libc_test: printf: %u of %u formats equal to glibc's\n", equal, printf_case_count);
	printf("libc_test: printf: %%zu %zu, %%jd %jd, %%td %td, %%hhd %hhd, %%a %a, %%lld %lld\n",
	       (size_t)4000000000u, (intmax_t)-9000000000000000000, (ptrdiff_t)-3,
	       (signed char)-100, 1.0, 123456789012345LL);
}
