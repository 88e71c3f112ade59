/*
 * newlib's stdio on the kernel's print call: formatted output of every kind
 * the run script compares line by line, stderr, a line longer than the
 * kernel's line buffer, soft-float printf, and exit(3) with atexit handlers
 * and a partial line that only the flush at exit brings out.
 */
#include <stdio.h>
#include <stdlib.h>

static void integers(void)
{
	printf("int: %d %d %d %i\n", 0, 42, -42, 2147483647);
	printf("width: [%5d] [%-5d] [%05d] [%5d] [%05d] [%+d]\n", 42, 42, 42, -42, -42, 7);
	printf("hex: %x %X %#x %08x %o %#o\n", 0xdeadbeefu, 0xdeadbeefu, 255u, 0xabcu, 8u, 8u);
	printf("long: %lu %ld %llu %lld\n", 4294967295ul, -2147483647l - 1, 18446744073709551615ull,
	       -9223372036854775807ll - 1);
	printf("short: %hd %hu\n", 0x18000, 0x1ffff);
}

static void strings(void)
{
	printf("str: [%.3s] [%10s] [%-10s|] [%s]\n", "abcdef", "right", "left", "");
	printf("char: %c%c%c [%3c] [%-3c]\n", 'x', 'y', 'z', 'r', 'l');
	printf("ptr: %p pct: 100%%\n", (void *)0x12345678);
}

/* 200 characters in one line: the kernel breaks it after 128, none is lost */
static void long_line(void)
{
	char body[301];
	int n = snprintf(body, sizeof(body), "long line ");

	for (int i = n; i < 300; i++)
		body[i] = (char)('0' + (i - n) % 10);
	body[300] = 0;
	printf("%s\n", body);
}

static void floats(void)
{
	printf("float: %.3f %.3f %.1f %e %g\n", 3.14159265, -0.5, 1e10, 12345.678, 0.0001);
}

static void other_streams(void)
{
	puts("puts");
	fputs("stderr: fputs\n", stderr);
	fprintf(stderr, "stderr: fprintf %d\n", -1);
	putchar('p');
	fputs("utchar and fputs to stdout\n", stdout);
}

/* Registered first, so it runs last: its line has no newline, only the
 * flush of stdout at exit brings it out */
static int constructed;
static void __attribute__((constructor)) construct(void) { constructed = 42; }

static void last_handler(void) { printf("atexit handler ran"); }

static void first_handler(void) { printf("atexit: handlers run in reverse order\n"); }

static void __attribute__((noinline)) leave_inner(int code)
{
	printf("exit(%d) from nested function\n", code);
	exit(code);
}

static void __attribute__((noinline)) leave(int code)
{
	leave_inner(code);
	printf("error: exit returned\n");
}

int main(void)
{
	printf("constructor ran: %d\n", constructed);
	atexit(last_handler);
	atexit(first_handler);
	integers();
	strings();
	long_line();
	floats();
	other_streams();
	leave(3);
	return 0;
}
