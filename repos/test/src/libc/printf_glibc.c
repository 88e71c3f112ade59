/*
 * Built and run on the build machine (target.mk): prints the printf table
 * (printf_cases.c) as the host's C library formats it, as a C header the
 * component compares its own output with.
 */
#include <stdio.h>
#include "printf_cases.h"

int main(void)
{
	char buf[512];

	printf("/* generated at build time by printf_glibc.c: the host's printf */\n");
	printf("static const char *const glibc_output[] = {\n");
	for (unsigned i = 0; i < printf_case_count; i++) {
		printf_case_format(buf, sizeof(buf), &printf_cases[i]);
		printf("\t\"");
		for (const unsigned char *c = (const unsigned char *)buf; *c; c++)
			if (*c == '"' || *c == '\\')
				printf("\\%c", *c);
			else if (*c < 0x20 || *c >= 0x7f)
				printf("\\%03o", *c);
			else
				putchar(*c);
		printf("\",\n");
	}
	printf("};\n");
	return 0;
}
