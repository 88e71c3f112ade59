/*
 * Checks of the test components: define TEST_NAME before including; every
 * failed check prints "<TEST_NAME>: error: ..." (which the run scripts look
 * for) and counts, and test_report() prints the summary line. The counters
 * are one pair for all files of a program (weak: merged by the linker).
 */
#pragma once

#include <base/log.h>

__attribute__((weak)) unsigned test_failures, test_checks;

#define CHECK(cond, ...)                                               \
	do {                                                           \
		test_checks++;                                         \
		if (!(cond)) {                                         \
			test_failures++;                               \
			log_printf(TEST_NAME ": error: " __VA_ARGS__); \
		}                                                      \
	} while (0)

/* "<name>: all N checks passed" or "<name>: F of N checks failed"; the exit value */
static inline int test_report(void)
{
	if (test_failures)
		log_printf(TEST_NAME ": %u of %u checks failed\n", test_failures, test_checks);
	else
		log_printf(TEST_NAME ": all %u checks passed\n", test_checks);
	return test_failures ? 1 : 0;
}
