/*
 * test_jsoncheck.c: the JSON syntax check that guards SQLite's JSON
 * functions: what RFC 8259 allows passes, everything else fails at the
 * right byte with a reason.
 */
#include "config.h"

#include <string.h>

#include "case.h"
#include "jsoncheck.h"
#include "testutil.h"
#include "util.h"

static const char *const good[] = {
	"{}", "[]", " { } ", "0", "-0", "-12.5e+3", "1E9", "0.5", "\"\"",
	"true", "false", "null", "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"",
	"\"\\u00e9\\uD83D\\uDE00\"", "\"caf\xc3\xa9\"",
	"{\"a\": [1, {\"b\": null}], \"c\": {}}", "[[[[[]]]]]",
	"{\"a\":1,\"a\":2}", "\t[1,\r\n2]\n",
};

static const struct bad {
	const char	*text;
	size_t		 at;
	const char	*what;
} bad[] = {
	/* The object as a key that SQLite 3.40 accepts. */
	{ "{\"a\": 1, {\"b\": 2}: 3}", 9, "an object key must be a string" },
	{ "{1: 2}", 1, "an object key must be a string" },
	{ "{\"a\" 1}", 5, "a colon must follow" },
	{ "{\"a\": 1,}", 8, "an object key must be a string" },
	{ "[1,]", 3, "not a JSON value" },
	{ "[1 2]", 3, "expected , or ]" },
	{ "{\"a\": 1 \"b\": 2}", 8, "expected , or }" },
	{ "", 0, "a value is missing" },
	{ "   ", 3, "a value is missing" },
	{ "{\"a\":", 5, "a value is missing" },
	{ "[", 1, "a value is missing" },
	{ "{", 1, "an object key must be a string" },
	{ "'single'", 0, "not a JSON value" },
	{ "tru", 0, "not a JSON value" },
	{ "NaN", 0, "not a JSON value" },
	{ "01", 1, "more text after" },
	{ "1.", 2, "a digit must follow the decimal point" },
	{ "1e", 2, "an exponent needs a digit" },
	{ "-", 1, "a number needs a digit" },
	{ "+1", 0, "not a JSON value" },
	{ "\"abc", 4, "without its closing quote" },
	{ "\"a\tb\"", 2, "a control character" },
	{ "\"\\x\"", 2, "an unknown escape" },
	{ "\"\\u12G4\"", 5, "\\u needs four hex digits" },
	{ "\"\\u12", 5, "\\u needs four hex digits" },
	{ "{} {}", 3, "more text after" },
	{ "[1] x", 4, "more text after" },
};

START_TEST(test_valid_json_passes)
{
	size_t		 at = 99;
	const char	*what = NULL;

	ck_assert_msg(json_check(good[_i], strlen(good[_i]), &at, &what),
	    "%s refused at %zu: %s", good[_i], at, what);
}
END_TEST

START_TEST(test_invalid_json_fails_at_the_fault)
{
	const struct bad	*b = &bad[_i];
	size_t			 at = 99;
	const char		*what = NULL;

	ck_assert_msg(!json_check(b->text, strlen(b->text), &at, &what),
	    "%s passed", b->text);
	ck_assert_msg(at == b->at, "%s: fault at %zu, not %zu (%s)", b->text,
	    at, b->at, what);
	ck_assert_msg(strstr(what, b->what) != NULL, "%s: \"%s\"", b->text,
	    what);
}
END_TEST

START_TEST(test_a_nul_byte_is_not_json)
{
	size_t		 at;
	const char	*what;

	ck_assert(!json_check("\"a\0b\"", 5, &at, &what));
	ck_assert_int_eq(at, 2);
	ck_assert(!json_check("{}\0", 3, &at, &what));
	ck_assert_int_eq(at, 2);
}
END_TEST

START_TEST(test_nesting_is_bounded)
{
	struct buf	 b = BUF_INIT;
	size_t		 i, at;
	const char	*what;

	for (i = 0; i < JSONCHECK_MAX_DEPTH; i++)
		buf_addc(&b, '[');
	for (i = 0; i < JSONCHECK_MAX_DEPTH; i++)
		buf_addc(&b, ']');
	ck_assert(json_check(b.data, b.len, &at, &what));
	buf_clear(&b);
	for (i = 0; i <= JSONCHECK_MAX_DEPTH; i++)
		buf_adds(&b, "{\"a\":");
	ck_assert(!json_check(b.data, b.len, &at, &what));
	ck_assert_ptr_nonnull(strstr(what, "nested too deep"));
	ck_assert_int_eq(at, 5 * JSONCHECK_MAX_DEPTH);
	buf_free(&b);
}
END_TEST

/* On a case connection json_valid() is this check, so the guards that
 * read evidence and audit details from a case refuse what SQLite 3.40
 * would accept and then misread. */
START_TEST(test_json_valid_on_a_case_is_strict)
{
	struct case_db	*c = tu_case_new();

	ck_assert_int_eq(tu_int(c, "SELECT json_valid('{\"a\": 1, {\"b\":"
	    " 2}: 3}')"), 0);
	ck_assert_int_eq(tu_int(c, "SELECT json_valid('{\"a\": [1, 2]}')"),
	    1);
	ck_assert_int_eq(tu_int(c, "SELECT json_valid('x') IS 0"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT json_valid(NULL) IS NULL"), 1);
	case_close(c);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("jsoncheck");
	TCase	*tc = tcase_create("syntax");

	tcase_add_loop_test(tc, test_valid_json_passes, 0, nitems(good));
	tcase_add_loop_test(tc, test_invalid_json_fails_at_the_fault, 0,
	    nitems(bad));
	tcase_add_test(tc, test_a_nul_byte_is_not_json);
	tcase_add_test(tc, test_nesting_is_bounded);
	tcase_add_test(tc, test_json_valid_on_a_case_is_strict);
	suite_add_tcase(s, tc);
	return s;
}
