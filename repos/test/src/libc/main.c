/*
 * The C environment of components (run/libc.run): an ordinary C program
 * that looks at its arguments and environment (from its config), recurses
 * deeply on its main stack, and then tests printf against glibc, UTF-8
 * through LOG, the clocks, files and threads (one file each).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <test/recursion.h>
#include "libc_test.h"

enum { DEPTH = 10000 };

static const char *const expected_args[] = { "libc_test", "first", "second argument",
					     "<\xc3\xbc & \xc3\xa9>" };

static void test_arguments(int argc, char **argv)
{
	unsigned n = sizeof(expected_args) / sizeof(expected_args[0]);

	CHECK(argc == (int)n, "argc %d, want %u\n", argc, n);
	for (int i = 0; i < argc && i < (int)n; i++)
		CHECK(!strcmp(argv[i], expected_args[i]), "argv[%d] \"%s\", want \"%s\"\n", i,
		      argv[i], expected_args[i]);
	CHECK(argv[argc] == NULL, "argv[argc] is not NULL\n");
	printf("libc_test: argc %d, argv[0] \"%s\", argv[%d] \"%s\"\n", argc, argv[0], argc - 1,
	       argv[argc - 1]);
}

static void test_environment(void)
{
	const char *home = getenv("HOME"), *greeting = getenv("GREETING");

	CHECK(home && !strcmp(home, "/tmp"), "HOME \"%s\"\n", home ? home : "(none)");
	CHECK(greeting && !strcmp(greeting, "gr\xc3\xbc\xc3\x9f dich"), "GREETING \"%s\"\n",
	      greeting ? greeting : "(none)");
	CHECK(!getenv("MISSING"), "MISSING is set\n");
	CHECK(setenv("ADDED", "yes", 0) == 0 && !strcmp(getenv("ADDED"), "yes"), "setenv\n");
	CHECK(unsetenv("HOME") == 0 && !getenv("HOME"), "unsetenv\n");
	printf("libc_test: environment: GREETING=%s, setenv and unsetenv work\n", greeting);
}

static void test_recursion(void)
{
	uintptr_t top   = (uintptr_t)__builtin_frame_address(0);
	unsigned sum    = recursion_sum(DEPTH);
	unsigned expect = DEPTH * (DEPTH + 1) / 2;

	CHECK(sum == expect, "recursion: sum %u, want %u\n", sum, expect);
	printf("libc_test: recursion %u frames deep on the main stack: %u KiB of stack\n", DEPTH,
	       (unsigned)((top - recursion_lowest_sp()) / 1024));
}

int main(int argc, char **argv)
{
	test_arguments(argc, argv);
	test_environment();
	test_recursion();
	test_printf();
	test_log_text();
	test_clock();
	test_threads();
	test_files();
	return test_report();
}
