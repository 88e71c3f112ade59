/*
 * Host unit tests of the session argument strings (repos/base/src/lib/session_args.c).
 *
 * Builders run on heap buffers of exactly the size under test, so ASan
 * reports a write past the end; "one byte too small" must fail and leave
 * every byte of the buffer as it was.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <base/session_args.h>

static const char example[] = "ram_quota=8K, cap_quota=3, label=\"init -> timer -> main\"";

enum op_kind { OP_APPEND_U64, OP_APPEND_STRING, OP_SET_U64, OP_SET_STRING, OP_PREFIX_LABEL };

/* one builder call */
struct op {
	enum op_kind kind;
	const char *key;
	uint64_t u;
	const char *s;
};

/*************
 ** Helpers **
 *************/

static bool apply(const struct op *op, char *buf, size_t size)
{
	switch (op->kind) {
	case OP_APPEND_U64: return session_args_append_u64(buf, size, op->key, op->u);
	case OP_APPEND_STRING: return session_args_append_string(buf, size, op->key, op->s);
	case OP_SET_U64: return session_args_set_u64(buf, size, op->key, op->u);
	case OP_SET_STRING: return session_args_set_string(buf, size, op->key, op->s);
	case OP_PREFIX_LABEL: return session_args_prefix_label(buf, size, op->s);
	}
	return false;
}

/* 'initial' in a heap buffer of exactly 'size' bytes, the rest filled with '#' */
static char *buffer(const char *initial, size_t size)
{
	char *buf = malloc(size);
	assert_non_null(buf);
	assert_true(strlen(initial) < size);
	memset(buf, '#', size);
	memcpy(buf, initial, strlen(initial) + 1);
	return buf;
}

/* 'op' fails on 'initial' in 'size' bytes and changes no byte */
static void expect_unchanged(const char *initial, const struct op *op, size_t size)
{
	char *buf  = buffer(initial, size);
	char *copy = buffer(initial, size);
	assert_false(apply(op, buf, size));
	assert_memory_equal(buf, copy, size);
	free(buf);
	free(copy);
}

/*
 * 'op' turns 'initial' into 'expected' in an exactly fitting buffer (or
 * one just holding 'initial' when the string shrinks), but not one smaller
 */
static void expect_fit(const char *initial, struct op op, const char *expected)
{
	size_t const need = strlen(expected) + 1;
	size_t const size = strlen(initial) < need ? need : strlen(initial) + 1;
	char *buf         = buffer(initial, size);
	assert_true(apply(&op, buf, size));
	assert_string_equal(buf, expected);
	assert_true(session_args_valid(buf, size));
	free(buf);

	/* with plenty of room the result is the same */
	buf = buffer(initial, need + 64);
	assert_true(apply(&op, buf, need + 64));
	assert_string_equal(buf, expected);
	free(buf);

	if (strlen(initial) + 1 < need)
		expect_unchanged(initial, &op, need - 1);
}

static struct op append_u64(const char *key, uint64_t v)
{
	return (struct op){ OP_APPEND_U64, key, v, NULL };
}

static struct op append_string(const char *key, const char *s)
{
	return (struct op){ OP_APPEND_STRING, key, 0, s };
}

static struct op set_u64(const char *key, uint64_t v)
{
	return (struct op){ OP_SET_U64, key, v, NULL };
}

static struct op set_string(const char *key, const char *s)
{
	return (struct op){ OP_SET_STRING, key, 0, s };
}

static struct op prefix_label(const char *prefix)
{
	return (struct op){ OP_PREFIX_LABEL, NULL, 0, prefix };
}

/* the u64 of key "v" in "v=<value>"; *out stays 7 on failure */
static bool u64_of(const char *value, uint64_t *out)
{
	char args[128];
	snprintf(args, sizeof(args), "v=%s", value);
	*out          = 7;
	bool const ok = session_arg_u64(args, "v", out);
	if (!ok)
		assert_int_equal(*out, 7);
	assert_int_equal(ok, session_args_valid(args, sizeof(args)));
	return ok;
}

static void assert_string_arg(const char *args, const char *key, const char *expected)
{
	char buf[128];
	assert_true(session_arg_string(args, key, buf, sizeof(buf)));
	assert_string_equal(buf, expected);
}

/************
 ** Lookup **
 ************/

static void test_lookup_example(void **state)
{
	(void)state;
	uint64_t v = 0;
	assert_true(session_args_valid(example, sizeof(example)));
	assert_true(session_arg_u64(example, "ram_quota", &v));
	assert_int_equal(v, 8 * 1024);
	assert_true(session_arg_u64(example, "cap_quota", &v));
	assert_int_equal(v, 3);
	assert_string_arg(example, "label", "init -> timer -> main");
	assert_string_arg(example, "ram_quota", "8K");

	/* a string is no number */
	v = 7;
	assert_false(session_arg_u64(example, "label", &v));
	assert_int_equal(v, 7);
}

static void test_u64_values(void **state)
{
	(void)state;
	uint64_t v;
	assert_true(u64_of("0", &v) && v == 0);
	assert_true(u64_of("007", &v) && v == 7);
	assert_true(u64_of("1K", &v) && v == 1024);
	assert_true(u64_of("3M", &v) && v == 3 * 1024 * 1024);
	assert_true(u64_of("2G", &v) && v == 2ull << 30);
	assert_true(u64_of("18446744073709551615", &v) && v == UINT64_MAX);
	assert_true(u64_of("18014398509481983K", &v) && v == UINT64_MAX - 1023);
	assert_true(u64_of("17179869183G", &v) && v == (((1ull << 34) - 1) << 30));

	assert_false(u64_of("18446744073709551616", &v));
	assert_false(u64_of("99999999999999999999999", &v));
	assert_false(u64_of("18014398509481984K", &v));
	assert_false(u64_of("17179869184G", &v));

	const char *bad[] = { "", "K", "1k", "1KB", "1KK", "1T", "-1", "+1", "0x10", "1.5", "1 2" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(u64_of(bad[i], &v));
}

static void test_string_values(void **state)
{
	(void)state;
	const char *args = "a=\"say \\\"hi\\\" \\\\ now\", b=\"\", c=\"x, y=1\", d=\" \"";
	assert_true(session_args_valid(args, 100));
	assert_string_arg(args, "a", "say \"hi\" \\ now");
	assert_string_arg(args, "b", "");
	assert_string_arg(args, "c", "x, y=1");
	assert_string_arg(args, "d", " ");

	/* only the text inside quotes is a string, keys in it do not count */
	assert_false(session_arg_string(args, "y", (char[8]){ 0 }, 8));
}

static void test_string_sizes(void **state)
{
	(void)state;
	char buf[8];

	/* "a\"b" unescapes to 3 bytes plus NUL */
	memset(buf, '#', sizeof(buf));
	assert_true(session_arg_string("k=\"a\\\"b\"", "k", buf, 4));
	assert_string_equal(buf, "a\"b");
	assert_int_equal(buf[4], '#');

	memset(buf, '#', sizeof(buf));
	assert_false(session_arg_string("k=\"a\\\"b\"", "k", buf, 3));
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], '#');

	assert_true(session_arg_string("k=\"\"", "k", buf, 1));
	assert_string_equal(buf, "");
	assert_false(session_arg_string("k=\"\"", "k", buf, 0));
	assert_true(session_arg_string("k=123", "k", buf, 4));
	assert_string_equal(buf, "123");
	assert_false(session_arg_string("k=123", "k", buf, 3));
	assert_false(session_arg_string("k=1", "x", buf, sizeof(buf)));
	assert_false(session_arg_string("k=1", "k", NULL, 8));
}

static void test_key_prefix_confusion(void **state)
{
	(void)state;
	uint64_t v       = 0;
	const char *args = "xram_quota=1, ram_quota_x=2, ram_quota=3, ram=4";
	assert_true(session_arg_u64(args, "ram_quota", &v));
	assert_int_equal(v, 3);
	assert_true(session_arg_u64(args, "ram", &v));
	assert_int_equal(v, 4);

	v = 7;
	assert_false(session_arg_u64("xram_quota=1", "ram_quota", &v));
	assert_false(session_arg_u64("ram_quota_x=1", "ram_quota", &v));
	assert_false(session_arg_u64("ram_quota=1", "ram", &v));
	assert_false(session_arg_u64("ram_quota=1", "ram_quotas", &v));
	assert_false(session_arg_u64("ram_quota=1", "RAM_QUOTA", &v));
	assert_false(session_arg_u64("ram_quota=1", "", &v));
	assert_false(session_arg_u64("label=\"ram_quota=1\"", "ram_quota", &v));
	assert_int_equal(v, 7);
}

static void test_null_arguments(void **state)
{
	(void)state;
	uint64_t v;
	char buf[16] = "a=1";
	assert_false(session_arg_u64(NULL, "a", &v));
	assert_false(session_arg_u64("a=1", NULL, &v));
	assert_false(session_arg_u64("a=1", "a", NULL));
	assert_false(session_arg_string(NULL, "a", buf, sizeof(buf)));
	assert_false(session_arg_string("a=1", NULL, buf, sizeof(buf)));
	assert_false(session_args_valid(NULL, 10));
	assert_false(session_args_append_u64(NULL, 10, "b", 1));
	assert_false(session_args_append_u64(buf, sizeof(buf), NULL, 1));
	assert_false(session_args_append_string(buf, sizeof(buf), "b", NULL));
	assert_false(session_args_set_u64(buf, sizeof(buf), NULL, 1));
	assert_false(session_args_prefix_label(buf, sizeof(buf), NULL));
	assert_false(session_args_prefix_label(NULL, 10, "x"));
	assert_string_equal(buf, "a=1");
}

/****************
 ** Validation **
 ****************/

static void test_valid_forms(void **state)
{
	(void)state;
	const char *good[] = {
		"",
		"  \t ",
		"a=1",
		" a = 1 ,b=\"x\"\t",
		"_k9=0",
		"a=\"\"",
		"label=\"a, b=c\"",
		"a=1,b=2,c=3",
		"x=\"\\\\\", y=\"\\\"\"",
		"u=\"\xc3\xa4\x01\"",
		example,
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!session_args_valid(good[i], 256))
			print_error("rejected: %s\n", good[i]);
		assert_true(session_args_valid(good[i], 256));
	}
}

static void test_malformed(void **state)
{
	(void)state;
	const char *bad[] = {
		"a",        "a=",      "=1",      "a==1",         "a=1,",      ",a=1",
		"a=1,,b=2", "a=1 b=2", "a=1;b=2", "a=\"x",        "a=\"x\\\"", "a=\"\\n\"",
		"a=\"x\\",  "a=1x",    "a=K",     "a=1KK",        "a=1k",      "a=-1",
		"a=0x1",    "1a=1",    "a b=1",   "a=x",          "a='x'",     " , ",
		"a=\"x\"y", "a-b=1",   "a=1, b",  "a=\"x\"\"y\"", "a=1 ,",     "a=1K 2",
	};
	uint64_t v = 7;
	char s[8]  = "#";
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (session_args_valid(bad[i], 256))
			print_error("accepted: %s\n", bad[i]);
		assert_false(session_args_valid(bad[i], 256));
		assert_false(session_arg_u64(bad[i], "a", &v));
		assert_false(session_arg_string(bad[i], "a", s, sizeof(s)));
	}
	assert_int_equal(v, 7);
	assert_string_equal(s, "#");
}

static void test_overflow_invalid(void **state)
{
	(void)state;
	assert_false(session_args_valid("a=18446744073709551616", 64));
	assert_false(session_args_valid("a=1, b=17179869184G", 64));
	assert_true(session_args_valid("a=18446744073709551615", 64));
}

static void test_duplicate_keys(void **state)
{
	(void)state;
	uint64_t v = 7;
	assert_false(session_args_valid("a=1, b=2, a=3", 64));
	assert_false(session_args_valid("a=1, a=\"x\"", 64));
	assert_false(session_args_valid("label=\"x\", ram=1, label=\"x\"", 64));
	assert_true(session_args_valid("a=1, aa=2, a_=3, A=4", 64));
	assert_true(session_args_valid("label=\"a=1, a=2\", a=1", 64));

	/* a lookup does not pick either of two values */
	assert_false(session_arg_u64("ram_quota=8K, ram_quota=9", "ram_quota", &v));
	assert_int_equal(v, 7);
}

/* a key in front of the damage is not found either */
static void test_lookup_in_malformed(void **state)
{
	(void)state;
	uint64_t v = 7;
	char s[8]  = "#";
	assert_false(session_arg_u64("ram_quota=8K, garbage", "ram_quota", &v));
	assert_false(session_arg_u64("ram_quota=8K, label=\"x", "ram_quota", &v));
	assert_false(session_arg_string("label=\"x\", ram_quota", "label", s, sizeof(s)));
	assert_int_equal(v, 7);
	assert_string_equal(s, "#");
}

static void test_max_len(void **state)
{
	(void)state;
	assert_true(session_args_valid("a=1", 4));
	assert_false(session_args_valid("a=1", 3));
	assert_false(session_args_valid("", 0));
	assert_true(session_args_valid("", 1));

	/* a buffer without NUL: read no further than max_len (ASan checks) */
	char *raw = malloc(3);
	assert_non_null(raw);
	memcpy(raw, "a=1", 3);
	assert_false(session_args_valid(raw, 3));
	free(raw);
}

/**************
 ** Building **
 **************/

static void test_append_u64(void **state)
{
	(void)state;
	expect_fit("", append_u64("ram_quota", 8192), "ram_quota=8192");
	expect_fit("  ", append_u64("a", 0), "  a=0");
	expect_fit("a=1", append_u64("b", 2), "a=1, b=2");
	expect_fit("a=1 ", append_u64("cap_quota", 3), "a=1 , cap_quota=3");
	expect_fit("x=\"y\"", append_u64("m", UINT64_MAX), "x=\"y\", m=18446744073709551615");
	expect_fit("", append_u64("p", 1000000000000000000ull), "p=1000000000000000000");

	uint64_t v   = 0;
	char buf[64] = "";
	assert_true(session_args_append_u64(buf, sizeof(buf), "big", UINT64_MAX - 1));
	assert_true(session_arg_u64(buf, "big", &v));
	assert_int_equal(v, UINT64_MAX - 1);
}

static void test_append_rejects(void **state)
{
	(void)state;
	const char *bad_keys[] = { "", "1a", "a b", "a=", "a-b", "ä" };
	for (size_t i = 0; i < sizeof(bad_keys) / sizeof(bad_keys[0]); i++) {
		struct op const u = append_u64(bad_keys[i], 1);
		struct op const s = append_string(bad_keys[i], "x");
		expect_unchanged("a=1", &u, 64);
		expect_unchanged("a=1", &s, 64);
	}

	/* duplicate keys, malformed buffers */
	struct op const dup_u = append_u64("a", 2), dup_s = append_string("a", "x");
	expect_unchanged("a=1", &dup_u, 64);
	expect_unchanged("b=2, a=\"z\"", &dup_s, 64);
	expect_unchanged("a=", &dup_u, 64);
	struct op const b = append_u64("b", 2);
	expect_unchanged("a=1,", &b, 64);

	/* a buffer without NUL within its size */
	char *raw = malloc(3);
	assert_non_null(raw);
	memcpy(raw, "a=1", 3);
	assert_false(session_args_append_u64(raw, 3, "b", 2));
	assert_memory_equal(raw, "a=1", 3);
	free(raw);
}

static void test_append_string(void **state)
{
	(void)state;
	expect_fit("", append_string("label", "x"), "label=\"x\"");
	expect_fit("ram_quota=8K", append_string("label", "init -> timer"),
		   "ram_quota=8K, label=\"init -> timer\"");
	expect_fit("a=1", append_string("s", "say \"hi\" \\ now"),
		   "a=1, s=\"say \\\"hi\\\" \\\\ now\"");
	expect_fit("a=1", append_string("e", ""), "a=1, e=\"\"");
	expect_fit("", append_string("q", "\"\"\\"), "q=\"\\\"\\\"\\\\\"");

	char buf[64] = "";
	assert_true(session_args_append_string(buf, sizeof(buf), "s", "a\\\"b, c=1"));
	assert_string_arg(buf, "s", "a\\\"b, c=1");
}

static void test_set_u64(void **state)
{
	(void)state;

	/* replace in place, growing and shrinking, other arguments untouched */
	expect_fit("ram_quota=8K, cap_quota=3", set_u64("ram_quota", 16384),
		   "ram_quota=16384, cap_quota=3");
	expect_fit("a=1, ram_quota=2, b=3", set_u64("ram_quota", 1234567),
		   "a=1, ram_quota=1234567, b=3");
	expect_fit("ram_quota=8, b=\"x\"", set_u64("ram_quota", 9), "ram_quota=9, b=\"x\"");
	expect_fit("a = 1 , b=2", set_u64("a", 22), "a = 22 , b=2");
	expect_fit("s=\"text\"", set_u64("s", 5), "s=5");

	char buf[32] = "ram_quota=1234567, b=2";
	assert_true(session_args_set_u64(buf, sizeof(buf), "ram_quota", 0));
	assert_string_equal(buf, "ram_quota=0, b=2");

	/* absent: appended */
	expect_fit("cap_quota=3", set_u64("ram_quota", 4096), "cap_quota=3, ram_quota=4096");
	expect_fit("", set_u64("ram_quota", 1), "ram_quota=1");

	/* whole keys only */
	expect_fit("xram_quota=1", set_u64("ram_quota", 2), "xram_quota=1, ram_quota=2");
}

/* a route's label replaces the child's, escaped like any string */
static void test_set_string(void **state)
{
	(void)state;

	expect_fit("ram_quota=8K, label=\"init -> a -> config\"", set_string("label", "a.config"),
		   "ram_quota=8K, label=\"a.config\"");
	expect_fit("label=\"x\", b=2", set_string("label", "q\"\\"), "label=\"q\\\"\\\\\", b=2");
	expect_fit("ram_quota=1", set_string("label", "new"), "ram_quota=1, label=\"new\"");
	expect_fit("label=5", set_string("label", ""), "label=\"\"");

	struct op const bad_key = set_string("a b", "x"), null_value = set_string("label", NULL);
	expect_unchanged("label=\"x\"", &bad_key, 64);
	expect_unchanged("label=\"x\"", &null_value, 64);
	expect_unchanged("label=\"x", &null_value, 64);
}

static void test_set_u64_rejects(void **state)
{
	(void)state;
	struct op const bad_key = set_u64("a b", 1), ok = set_u64("a", 1);
	expect_unchanged("a=5", &bad_key, 64);
	expect_unchanged("a=5, a=6", &ok, 64);
	expect_unchanged("a=\"x", &ok, 64);

	/* the replacement one byte too long for the buffer */
	struct op const grow = set_u64("a", 100);
	expect_unchanged("a=5, b=1", &grow, strlen("a=100, b=1"));
}

static void test_prefix_label(void **state)
{
	(void)state;
	expect_fit("label=\"a\"", prefix_label("init -> x"), "label=\"init -> x -> a\"");
	expect_fit("ram_quota=1, label=\"timer -> main\", cap_quota=2", prefix_label("init"),
		   "ram_quota=1, label=\"init -> timer -> main\", cap_quota=2");
	expect_fit("ram_quota=1", prefix_label("init -> x"), "ram_quota=1, label=\"init -> x\"");
	expect_fit("", prefix_label("init"), "label=\"init\"");
	expect_fit("label=\"\"", prefix_label("init"), "label=\"init\"");
	expect_fit("label=\"a\\\"b\"", prefix_label("p\"q"), "label=\"p\\\"q -> a\\\"b\"");

	/* nothing to prefix */
	char buf[32] = "label=\"a\"";
	assert_true(session_args_prefix_label(buf, sizeof(buf), ""));
	assert_string_equal(buf, "label=\"a\"");
	strcpy(buf, "a=1");
	assert_true(session_args_prefix_label(buf, sizeof(buf), ""));
	assert_string_equal(buf, "a=1");
}

static void test_prefix_label_rejects(void **state)
{
	(void)state;
	struct op const p = prefix_label("init");
	expect_unchanged("label=5", &p, 64);
	expect_unchanged("label=\"a\", label=\"b\"", &p, 64);
	expect_unchanged("label=\"a", &p, 64);
	expect_unchanged("label=\"a\"", &p, strlen("label=\"init -> a\""));
}

/* the way a parent forwards and upgrades a request */
static void test_parent_workflow(void **state)
{
	(void)state;
	char buf[128];
	uint64_t v = 0;

	strcpy(buf, "ram_quota=8K, cap_quota=3, label=\"main\"");
	assert_true(session_args_prefix_label(buf, sizeof(buf), "init -> timer"));
	assert_true(session_arg_u64(buf, "ram_quota", &v));
	assert_true(session_args_set_u64(buf, sizeof(buf), "ram_quota", v + 4096));
	assert_true(session_args_append_u64(buf, sizeof(buf), "diag", 1));
	assert_string_equal(buf, "ram_quota=12288, cap_quota=3, label=\"init -> timer -> main\", "
				 "diag=1");
	assert_true(session_args_valid(buf, sizeof(buf)));
	assert_string_arg(buf, "label", "init -> timer -> main");
}

/**********
 ** Fuzz **
 **********/

static uint32_t lcg_next(uint64_t *seed)
{
	*seed = *seed * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*seed >> 33);
}

/* mostly syntax characters: random bytes alone rarely hit a decision */
static char fuzz_byte(uint64_t *seed)
{
	static const char bytes[] = "=,\"\\ \tKMG019a_l\0";
	uint32_t const r          = lcg_next(seed);
	if (r % 4 == 0)
		return (char)(r >> 8);
	return bytes[(r >> 8) % (sizeof(bytes) - 1)];
}

/* every builder on 'args' in a buffer of 'size' bytes: success keeps it valid, failure untouched */
static unsigned fuzz_builders(const char *args, size_t size, uint64_t *seed)
{
	static const char *const keys[] = { "ram_quota", "cap_quota", "label", "a", "ram" };
	struct op ops[4];
	unsigned ok = 0;

	ops[0] = append_u64(keys[lcg_next(seed) % 5], lcg_next(seed));
	ops[1] = append_string(keys[lcg_next(seed) % 5], "x\"y");
	ops[2] = set_u64(keys[lcg_next(seed) % 5], (uint64_t)lcg_next(seed) << 20);
	ops[3] = prefix_label("init -> z");

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		char *buf  = buffer(args, size);
		char *copy = buffer(args, size);
		if (apply(&ops[i], buf, size)) {
			assert_true(session_args_valid(buf, size));
			assert_true(session_args_valid(copy, size));
			ok++;
		} else {
			assert_memory_equal(buf, copy, size);
		}
		free(buf);
		free(copy);
	}
	return ok;
}

static void test_mutations(void **state)
{
	(void)state;
	uint64_t seed  = 0x5eed;
	size_t const n = strlen(example);
	unsigned valid = 0, invalid = 0, built = 0;

	for (unsigned iter = 0; iter < 3000; iter++) {
		char text[sizeof(example)];
		memcpy(text, example, sizeof(example));
		text[lcg_next(&seed) % n] = fuzz_byte(&seed);
		if (iter % 3 == 0)
			text[lcg_next(&seed) % n] = fuzz_byte(&seed);

		/* an exactly sized copy of the (possibly shortened) string */
		size_t const len = strlen(text);
		char *args       = malloc(len + 1);
		assert_non_null(args);
		memcpy(args, text, len + 1);

		bool const ok = session_args_valid(args, len + 1);
		assert_false(session_args_valid(args, len));
		uint64_t v;
		char s[64];
		if (session_arg_u64(args, "ram_quota", &v) ||
		    session_arg_u64(args, "cap_quota", &v) ||
		    session_arg_string(args, "label", s, sizeof(s)))
			assert_true(ok);
		if (ok)
			valid++;
		else
			invalid++;

		built += fuzz_builders(args, len + 1 + lcg_next(&seed) % 48, &seed);
		free(args);
	}
	/* both outcomes must occur or the fuzzing explores nothing */
	assert_true(valid > 300 && invalid > 300 && built > 300);
}

static void test_label_last(void **state)
{
	(void)state;
	assert_string_equal(session_label_last("init -> child -> config"), "config");
	assert_string_equal(session_label_last("config"), "config");
	assert_string_equal(session_label_last(""), "");
	assert_string_equal(session_label_last("a -> "), "");
	assert_string_equal(session_label_last("a->b"), "a->b"); /* needs the spaces */
	assert_string_equal(session_label_last("a -> b -> c -> d"), "d");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup_example),
		cmocka_unit_test(test_u64_values),
		cmocka_unit_test(test_string_values),
		cmocka_unit_test(test_string_sizes),
		cmocka_unit_test(test_key_prefix_confusion),
		cmocka_unit_test(test_null_arguments),
		cmocka_unit_test(test_valid_forms),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_overflow_invalid),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_lookup_in_malformed),
		cmocka_unit_test(test_max_len),
		cmocka_unit_test(test_append_u64),
		cmocka_unit_test(test_append_rejects),
		cmocka_unit_test(test_append_string),
		cmocka_unit_test(test_set_u64),
		cmocka_unit_test(test_set_u64_rejects),
		cmocka_unit_test(test_set_string),
		cmocka_unit_test(test_prefix_label),
		cmocka_unit_test(test_prefix_label_rejects),
		cmocka_unit_test(test_parent_workflow),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_label_last),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
