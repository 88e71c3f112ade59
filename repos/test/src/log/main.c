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
	printf("[log] int: %d %d %d %i\n", 0, 42, -42, 2147483647);
	printf("[log] width: [%5d] [%-5d] [%05d] [%5d] [%05d] [%+d]\n", 42, 42, 42, -42, -42, 7);
	printf("[log] hex: %x %X %#x %08x %o %#o\n", 0xdeadbeefu, 0xdeadbeefu, 255u, 0xabcu, 8u,
	       8u);
	printf("[log] long: %lu %ld %llu %lld\n", 4294967295ul, -2147483647l - 1,
	       18446744073709551615ull, -9223372036854775807ll - 1);
	printf("[log] short: %hd %hu\n", 0x18000, 0x1ffff);
}

static void strings(void)
{
	printf("[log] str: [%.3s] [%10s] [%-10s|] [%s]\n", "abcdef", "right", "left", "");
	printf("[log] char: %c%c%c [%3c] [%-3c]\n", 'x', 'y', 'z', 'r', 'l');
	printf("[log] ptr: %p pct: 100%%\n", (void *)0x12345678);
}

/* 200 characters in one line: the kernel breaks it after 128, none is lost */
static void long_line(void)
{
	char body[201];
	int n = snprintf(body, sizeof(body), "[log] long line ");

	for (int i = n; i < 200; i++)
		body[i] = (char)('0' + (i - n) % 10);
	body[200] = 0;
	printf("%s\n", body);
}

static void floats(void)
{
	printf("[log] float: %.3f %.3f %.1f %e %g\n", 3.14159265, -0.5, 1e10, 12345.678, 0.0001);
}

static void other_streams(void)
{
	puts("[log] puts");
	fputs("[log] stderr: fputs\n", stderr);
	fprintf(stderr, "[log] stderr: fprintf %d\n", -1);
	putchar('[');
	fputs("log] putchar and fputs to stdout\n", stdout);
}

/* Registered first, so it runs last: its line has no newline, only the
 * flush of stdout at exit brings it out */
static int constructed;
static void __attribute__((constructor)) construct(void) { constructed = 42; }

static void last_handler(void) { printf("[log] atexit handler ran"); }

static void first_handler(void) { printf("[log] atexit: handlers run in reverse order\n"); }

static void __attribute__((noinline)) leave_inner(int code)
{
	printf("[log] exit(%d) from nested function\n", code);
	exit(code);
}

static void __attribute__((noinline)) leave(int code)
{
	leave_inner(code);
	printf("[log] error: exit returned\n");
}

int main(void)
{
	printf("[log] constructor ran: %d\n", constructed);
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
