/*
 * The parts of the libc test (run/libc.run), each a function of its own
 * file; they count their checks in check.h's counters.
 */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#define TEST_NAME "libc_test"
#include <test/check.h>

void test_printf(void);
void test_log_text(void);
void test_clock(void);
void test_files(void);
void test_threads(void);

/* A call that must fail (failed: its failure condition) with errno want */
#define CHECK_ERRNO(failed, want, what)                                            \
	do {                                                                       \
		errno   = 0;                                                       \
		bool f_ = (failed);                                                \
		int e_  = errno;                                                   \
		CHECK(f_ &&e_ == (want), "%s: %s, errno %d (%s), want %s\n", what, \
		      f_ ? "failed" : "succeeded", e_, strerror(e_), #want);       \
	} while (0)
