/*
 * Checks of the test components: define TEST_NAME before including; every
 * failed check prints "<TEST_NAME>: error: ..." (which the run scripts look
 * for) and counts, and test_report() prints the summary line.
 */
#pragma once

#include <base/log.h>

static unsigned failures, checks;

#define CHECK(cond, ...)                                               \
	do {                                                           \
		checks++;                                              \
		if (!(cond)) {                                         \
			failures++;                                    \
			log_printf(TEST_NAME ": error: " __VA_ARGS__); \
		}                                                      \
	} while (0)

/* "<name>: all N checks passed" or "<name>: F of N checks failed"; the exit value */
static inline int test_report(void)
{
	if (failures)
		log_printf(TEST_NAME ": %u of %u checks failed\n", failures, checks);
	else
		log_printf(TEST_NAME ": all %u checks passed\n", checks);
	return failures ? 1 : 0;
}
