/*
 * Stacks (run/libc.run): main runs on the stack its config asks for
 * (<libc stack="4M"/>) and recurses 50,000 frames deep, more than the
 * default 1 MiB of the main thread holds; then a thread with a stack of
 * 32 KiB recurses without end: it hits the guard page below its stack,
 * core reports a stack overflow, and init, told by core, ends the
 * component.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <test/recursion.h>

#define TEST_NAME "libc_stack"
#include <test/check.h>

enum { DEPTH = 50000 };

static void *overflow(void *arg)
{
	(void)arg;
	printf("libc_stack: a thread with a stack of 32 KiB recurses without end\n");
	return (void *)(uintptr_t)recursion_sum(~0u);
}

int main(void)
{
	uintptr_t top = (uintptr_t)__builtin_frame_address(0);
	pthread_attr_t attr;
	pthread_t thread;

	CHECK(recursion_sum(DEPTH) == (unsigned)DEPTH * (DEPTH + 1) / 2, "recursion\n");
	printf("libc_stack: recursion %u frames deep on a main stack of 4 MiB: %u KiB of stack\n",
	       DEPTH, (unsigned)((top - recursion_lowest_sp()) / 1024));
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 32 * 1024);
	CHECK(pthread_create(&thread, &attr, overflow, NULL) == 0, "pthread_create\n");
	pthread_join(thread, NULL);
	CHECK(false, "the thread came back from overflowing its stack\n");
	return test_report();
}
