/*
 * Host unit tests of the frame-pointer backtrace (core/src/backtrace.c) on
 * a model stack laid out as GCC's ARM frames are (arch/frame.h): leaf and
 * calling functions, code without frames, and chains that are broken,
 * loop, point outside the stack or run deeper than the bound.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "backtrace.h"

enum { STACK_BASE = 0x7ff00000, STACK_WORDS = 256 };

static uint32_t stack[STACK_WORDS];
static unsigned reads;

/* Only the model stack is readable, as core reads only a thread's stacks */
static bool read_word(void *ctx, uint32_t va, uint32_t *word)
{
	(void)ctx;
	reads++;
	if (va % 4 || va < STACK_BASE || va >= STACK_BASE + sizeof(stack))
		return false;
	*word = stack[(va - STACK_BASE) / 4];
	return true;
}

static uint32_t at(unsigned i) { return STACK_BASE + 4 * i; }

/* A calling function's frame at word i: [fp] = ret, [fp - 4] = next fp */
static uint32_t frame(unsigned i, uint32_t ret, uint32_t next)
{
	stack[i]     = ret;
	stack[i - 1] = next;
	return at(i);
}

static void setup_chain(void)
{
	for (unsigned i = 0; i < STACK_WORDS; i++)
		stack[i] = 0;
	/* main (called by the startup code, whose frame ends the chain) */
	frame(200, 0x10400, 0);
	frame(150, 0x10300, at(200)); /* level1, called by main */
	frame(100, 0x10200, at(150)); /* level2, called by level1 */
}

static void leaf_fault(void **state)
{
	(void)state;
	uint32_t out[BACKTRACE_MAX];
	setup_chain();
	stack[50]  = at(100); /* level3, a leaf: saved fp only */
	unsigned n = backtrace_walk(0x10100, 0x10204, at(50), read_word, NULL, out, BACKTRACE_MAX);
	assert_int_equal(n, 5);
	assert_int_equal(out[0], 0x10100);
	assert_int_equal(out[1], 0x10204); /* lr: the leaf's caller */
	assert_int_equal(out[2], 0x10200);
	assert_int_equal(out[3], 0x10300);
	assert_int_equal(out[4], 0x10400);
}

static void calling_function_fault(void **state)
{
	(void)state;
	uint32_t out[BACKTRACE_MAX];
	setup_chain();
	/* level2 faults after a call: lr is stale, its frame tells the truth */
	unsigned n = backtrace_walk(0x10208, 0x10204, at(100), read_word, NULL, out, BACKTRACE_MAX);
	assert_int_equal(n, 4);
	assert_int_equal(out[1], 0x10200);
	assert_int_equal(out[3], 0x10400);
}

static void no_frame(void **state)
{
	(void)state;
	uint32_t out[BACKTRACE_MAX];
	/* fp 0, unaligned, outside the stack: ip and lr only, nothing read there */
	assert_int_equal(backtrace_walk(0x10000, 0x10010, 0, read_word, NULL, out, 16), 2);
	assert_int_equal(out[1], 0x10010);
	assert_int_equal(backtrace_walk(0x10000, 0x10010, at(3) + 2, read_word, NULL, out, 16), 2);
	assert_int_equal(backtrace_walk(0x10000, 0x10010, 0x2000, read_word, NULL, out, 16), 2);
	assert_int_equal(backtrace_walk(0x10000, 0x10010, 2, read_word, NULL, out, 16), 2);
	assert_int_equal(backtrace_walk(0x10000, 0, 0, read_word, NULL, out, 16), 1);
}

static void broken_chains(void **state)
{
	(void)state;
	uint32_t out[BACKTRACE_MAX];
	setup_chain();
	/* a loop: level1's next points back down at level2's frame */
	stack[149] = at(100);
	unsigned n = backtrace_walk(0x10208, 0, at(100), read_word, NULL, out, BACKTRACE_MAX);
	assert_int_equal(n, 3);
	/* a next fp outside the stack ends the walk after that frame */
	setup_chain();
	stack[149] = 0xfffffffc;
	n          = backtrace_walk(0x10208, 0, at(100), read_word, NULL, out, BACKTRACE_MAX);
	assert_int_equal(n, 3);
	/* a frame at the stack's first word: [fp - 4] below the stack */
	stack[0] = 0x10500;
	n        = backtrace_walk(0x10208, 0, at(0), read_word, NULL, out, BACKTRACE_MAX);
	assert_int_equal(n, 1);
}

static void bounded_depth(void **state)
{
	(void)state;
	uint32_t out[BACKTRACE_MAX + 4];
	/* an endless recursion: frames every 4 words up the whole stack */
	for (unsigned i = 1; i < STACK_WORDS / 4; i++)
		frame(4 * i + 1, 0x10600, at(4 * i + 5));
	reads              = 0;
	out[BACKTRACE_MAX] = 0xdeadbeef;
	unsigned n         = backtrace_walk(0x10604, 0x10600, at(5), read_word, NULL, out, 100);
	assert_int_equal(n, BACKTRACE_MAX);
	assert_int_equal(out[BACKTRACE_MAX], 0xdeadbeef);
	assert_true(reads <= 2 * BACKTRACE_MAX + 2);
	assert_int_equal(backtrace_walk(0x10604, 0x10600, at(5), read_word, NULL, out, 3), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(leaf_fault),    cmocka_unit_test(calling_function_fault),
		cmocka_unit_test(no_frame),      cmocka_unit_test(broken_chains),
		cmocka_unit_test(bounded_depth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
