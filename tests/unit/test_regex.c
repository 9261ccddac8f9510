/*
 * test_regex.c: the regexp() and regexp_replace() SQL functions and the
 * regex_* API: matching, replacement, the per-statement cache, limits on
 * hostile patterns, messages for bad patterns, and UTF-8 handling.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"
#include "testutil.h"

#ifdef HAVE_VALGRIND_VALGRIND_H
#include <valgrind/valgrind.h>
#endif
#include "util.h"

static sqlite3	*db;

static void
db_setup(void)
{
	char	*cause = NULL;

	ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	ck_assert_msg(regex_register(db, &cause) == 0, "%s", cause);
}

static void
db_teardown(void)
{
	sqlite3_close(db);
	db = NULL;
}

static void
exec(const char *sql)
{
	char	*err = NULL;

	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK,
	    "%s: %s", sql, err);
}

/* Prepare sql, or fail the test. */
static sqlite3_stmt *
prepare(const char *sql)
{
	sqlite3_stmt	*st;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(db));
	return st;
}

/* The single integer sql returns; -1 for NULL. */
static long long
q_int(const char *sql)
{
	sqlite3_stmt	*st = prepare(sql);
	long long	 v;

	ck_assert_msg(sqlite3_step(st) == SQLITE_ROW, "%s: %s", sql,
	    sqlite3_errmsg(db));
	v = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The single text sql returns (malloc'd), or NULL for SQL NULL. */
static char *
q_text(const char *sql)
{
	sqlite3_stmt	*st = prepare(sql);
	char		*v = NULL;

	ck_assert_msg(sqlite3_step(st) == SQLITE_ROW, "%s: %s", sql,
	    sqlite3_errmsg(db));
	if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

/* Run sql to the end expecting an error; returns the message (malloc'd). */
static char *
q_error(const char *sql)
{
	sqlite3_stmt	*st = prepare(sql);
	int		 rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	ck_assert_msg(rc != SQLITE_DONE, "%s: expected an error", sql);
	sqlite3_finalize(st);
	return xstrdup(sqlite3_errmsg(db));
}

static void
ck_text(const char *sql, const char *want)
{
	char	*got = q_text(sql);

	ck_assert_msg(got != NULL, "%s: NULL", sql);
	ck_assert_str_eq(got, want);
	free(got);
}

/* A string of n copies of c followed by tail. */
static char *
repeat(char c, size_t n, const char *tail)
{
	size_t	 t = strlen(tail);
	char	*s = xmalloc(n + t + 1);

	memset(s, c, n);
	memcpy(s + n, tail, t + 1);
	return s;
}

/* ---- SQL functions --------------------------------------------------- */

START_TEST(operator_regexp_filters_rows)
{
	exec("CREATE TABLE t(h TEXT);"
	    "INSERT INTO t VALUES ('anna_petrova1984'), ('boris_ivanov77123'),"
	    " ('realperson'), ('x_y12'), ('maria_sidorova20011');");
	ck_assert_int_eq(q_int("SELECT count(*) FROM t WHERE h REGEXP "
	    "'^[a-z]+_[a-z]+[0-9]{4,8}$'"), 3);
	ck_assert_int_eq(q_int("SELECT count(*) FROM t WHERE h NOT REGEXP "
	    "'_'"), 1);
}
END_TEST

START_TEST(function_regexp_returns_one_or_zero)
{
	ck_assert_int_eq(q_int("SELECT regexp('b+', 'abbc')"), 1);
	ck_assert_int_eq(q_int("SELECT regexp('^b', 'abbc')"), 0);
	ck_assert_int_eq(q_int("SELECT regexp('^1', 12345)"), 1);
}
END_TEST

START_TEST(null_text_or_pattern_gives_null)
{
	ck_assert_int_eq(q_int("SELECT regexp('a', NULL)"), -1);
	ck_assert_int_eq(q_int("SELECT regexp(NULL, 'a')"), -1);
	ck_assert_int_eq(q_int("SELECT NULL REGEXP 'a'"), -1);
	ck_assert_ptr_null(q_text("SELECT regexp_replace(NULL, 'a', 'b')"));
	ck_assert_ptr_null(q_text("SELECT regexp_replace('a', NULL, 'b')"));
	ck_assert_ptr_null(q_text("SELECT regexp_replace('a', 'a', NULL)"));
	exec("CREATE TABLE n(h TEXT); INSERT INTO n VALUES (NULL), ('a');");
	ck_assert_int_eq(q_int("SELECT count(*) FROM n WHERE h REGEXP '.*'"),
	    1);
}
END_TEST

START_TEST(replace_uses_group_references)
{
	ck_text("SELECT regexp_replace('john_smith1984', "
	    "'^([a-z]+)_([a-z]+)(\\d+)$', '$2.$1 (${3})')", "smith.john (1984)");
	ck_text("SELECT regexp_replace('a1b22c333', '(?<n>\\d+)', "
	    "'<${n}>')", "a<1>b<22>c<333>");
	ck_text("SELECT regexp_replace('cost 5', '\\d', '$$$0')", "cost $5");
}
END_TEST

START_TEST(replace_is_global_and_handles_empty_matches)
{
	ck_text("SELECT regexp_replace('a1b22c333', '\\d+', '#')", "a#b#c#");
	ck_text("SELECT regexp_replace('abc', 'x*', '-')", "-a-b-c-");
	ck_text("SELECT regexp_replace('Иван', '', '.')", ".И.в.а.н.");
	ck_text("SELECT regexp_replace('no digits', '\\d', 'X')", "no digits");
}
END_TEST

START_TEST(replace_unset_group_is_empty)
{
	ck_text("SELECT regexp_replace('ab', '(x)?b', '[$1]')", "a[]");
}
END_TEST

START_TEST(replace_bad_reference_is_an_error)
{
	char	*err = q_error("SELECT regexp_replace('ab', '(a)', '$9')");

	ck_assert_msg(strstr(err, "bad replacement") != NULL, "%s", err);
	free(err);
}
END_TEST

START_TEST(statement_compiles_literal_pattern_once)
{
	unsigned long	before;
	char		 sql[128];
	int		 i;

	exec("CREATE TABLE t(h TEXT);");
	exec("BEGIN");
	for (i = 0; i < 1000; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO t VALUES ('user%d')", i);
		exec(sql);
	}
	exec("COMMIT");
	before = regex_compile_count();
	ck_assert_int_eq(q_int("SELECT count(*) FROM t WHERE h REGEXP "
	    "'^user\\d*7$'"), 100);
	ck_assert_uint_eq(regex_compile_count() - before, 1);
	before = regex_compile_count();
	ck_assert_int_eq(q_int("SELECT count(*) FROM t WHERE "
	    "regexp_replace(h, '^user(\\d)\\d*', '$1') = '9'"), 111);
	ck_assert_uint_eq(regex_compile_count() - before, 1);
}
END_TEST

START_TEST(rebinding_the_pattern_recompiles)
{
	sqlite3_stmt	*st;
	unsigned long	 before;

	exec("CREATE TABLE t(h TEXT); INSERT INTO t VALUES ('aa'), ('ab'),"
	    " ('bb');");
	st = prepare("SELECT count(*) FROM t WHERE h REGEXP ?");
	before = regex_compile_count();
	sqlite3_bind_text(st, 1, "a", -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 2);
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, "^b", -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	ck_assert_uint_eq(regex_compile_count() - before, 2);
}
END_TEST

START_TEST(reset_statement_keeps_its_pattern)
{
	sqlite3_stmt	*st;
	unsigned long	 before;
	int		 i;

	exec("CREATE TABLE t(h TEXT); INSERT INTO t VALUES ('aa'), ('ab'),"
	    " ('bb');");
	st = prepare("SELECT count(*) FROM t WHERE rowid > ? AND h REGEXP ?");
	sqlite3_bind_text(st, 2, "^a", -1, SQLITE_STATIC);
	before = regex_compile_count();
	for (i = 0; i < 3; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, i);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
		ck_assert_int_eq(sqlite3_column_int(st, 0), 2 - (i < 2 ? i : 2));
	}
	sqlite3_finalize(st);
	ck_assert_uint_eq(regex_compile_count() - before, 1);
}
END_TEST

START_TEST(pattern_from_a_column_is_used_per_row)
{
	exec("CREATE TABLE p(pat TEXT, s TEXT, want INT);"
	    "INSERT INTO p VALUES ('^a', 'abc', 1), ('^b', 'abc', 0),"
	    " ('c$', 'abc', 1), ('^a', 'xbc', 0);");
	ck_assert_int_eq(q_int("SELECT count(*) FROM p "
	    "WHERE regexp(pat, s) = want"), 4);
}
END_TEST

START_TEST(catastrophic_pattern_is_too_expensive)
{
	char		*s = repeat('a', 100000, "b"), *sql, *err;
	double		 t0, dt;

	exec("CREATE TABLE big(s TEXT);");
	sql = xasprintf("INSERT INTO big VALUES ('%s')", s);
	exec(sql);
	free(sql);
	t0 = clock_now();
	err = q_error("SELECT count(*) FROM big WHERE s REGEXP '(a+)+$'");
	dt = clock_now() - t0;
	ck_assert_str_eq(err, "pattern too expensive: (a+)+$");
	ck_assert_msg(dt < 5.0, "took %.2f s", dt);
	free(err);
	err = q_error("SELECT regexp_replace(s, '(a|aa)+$', '') FROM big");
	ck_assert_str_eq(err, "pattern too expensive: (a|aa)+$");
	free(err);
	free(s);
}
END_TEST

/* Is this test running under valgrind's memcheck? */
static bool
under_valgrind(void)
{
#ifdef HAVE_VALGRIND_VALGRIND_H
	return RUNNING_ON_VALGRIND;
#else
	return false;
#endif
}

START_TEST(slow_pattern_stops_at_the_deadline)
{
	struct regex_limits	 l = regex_default_limits;
	struct regex		*re;
	char			*s = repeat('a', 100000, ""), *cause = NULL;
	double			 t0, dt;

	re = regex_compile("(?:\\w)*\\d", 0, &cause);
	ck_assert_ptr_nonnull(re);
	l.seconds = 0.1;
	regex_set_limits(re, &l);
	t0 = clock_now();
	ck_assert_int_eq(regex_match(re, s, strlen(s), &cause), -1);
	dt = clock_now() - t0;
	ck_assert_str_eq(cause, "pattern too expensive: (?:\\w)*\\d");
	/* A hang guard, not a speed test; memcheck runs far slower. */
	if (!under_valgrind())
		ck_assert_msg(dt < 2.0, "took %.2f s", dt);
	free(cause);
	regex_free(re);
	free(s);
}
END_TEST

START_TEST(long_subject_still_matches_near_its_end)
{
	struct regex_limits	 l = regex_default_limits;
	struct regex	*re;
	char		*s = repeat('a', 200000, "needle\xd0\x96"), *cause = NULL;
	size_t		 so, eo;

	re = regex_compile("needle\\p{Cyrillic}", 0, &cause);
	ck_assert_ptr_nonnull(re);
	/* This is about where the match is found, not how fast. */
	l.seconds = 600;
	regex_set_limits(re, &l);
	ck_assert_msg(regex_find(re, s, strlen(s), 0, &so, &eo, &cause) == 1,
	    "%s", cause != NULL ? cause : "no match");
	ck_assert_uint_eq(so, 200000);
	ck_assert_uint_eq(eo, 200008);
	ck_assert_int_eq(regex_match(re, s, 200006, &cause), 0);
	regex_free(re);
	free(s);
}
END_TEST

START_TEST(start_sensitive_patterns_keep_their_meaning)
{
	struct regex	*re;
	char		*s = repeat('x', 200, "foo"), *cause = NULL;

	/* \G holds only where the search starts. */
	re = regex_compile("\\Gfoo", 0, &cause);
	ck_assert_int_eq(regex_match(re, s, strlen(s), &cause), 0);
	ck_assert_int_eq(regex_match(re, s + 200, 3, &cause), 1);
	regex_free(re);
	free(s);

	/* (*COMMIT) fails the whole search at the first committed start. */
	s = xasprintf("aaac%0200dab", 0);
	re = regex_compile("a+(*COMMIT)b", 0, &cause);
	ck_assert_int_eq(regex_match(re, s, strlen(s), &cause), 0);
	regex_free(re);
	re = regex_compile("a+b", 0, &cause);
	ck_assert_int_eq(regex_match(re, s, strlen(s), &cause), 1);
	regex_free(re);
	free(s);
}
END_TEST

START_TEST(slow_pattern_with_commit_stops_at_the_deadline)
{
	struct regex_limits	 l = regex_default_limits;
	struct regex		*re;
	char			*s = repeat('a', 100000, ""), *cause = NULL;

	re = regex_compile("(*NO_JIT)(?:\\w)*\\d(*COMMIT)", 0, &cause);
	ck_assert_ptr_nonnull(re);
	l.seconds = 0.1;
	regex_set_limits(re, &l);
	ck_assert_int_eq(regex_match(re, s, strlen(s), &cause), -1);
	ck_assert_msg(strncmp(cause, "pattern too expensive: ", 23) == 0,
	    "%s", cause);
	free(cause);
	regex_free(re);
	free(s);
}
END_TEST

/* ---- bad patterns ---------------------------------------------------- */

START_TEST(bad_pattern_message_points_at_the_error)
{
	char	*cause = NULL;

	ck_assert_ptr_null(regex_compile("(ab", 0, &cause));
	ck_assert_str_eq(cause,
	    "regex error: missing closing parenthesis at offset 3\n"
	    "  (ab\n"
	    "     ^");
	free(cause);
	ck_assert_ptr_null(regex_compile("ab)cd", 0, &cause));
	ck_assert_str_eq(cause,
	    "regex error: unmatched closing parenthesis at offset 2\n"
	    "  ab)cd\n"
	    "    ^");
	free(cause);
}
END_TEST

START_TEST(caret_counts_characters_not_bytes)
{
	char	*cause = NULL;

	/* "жж" is four bytes but two columns. */
	ck_assert_ptr_null(regex_compile("\xd0\xb6\xd0\xb6)", 0, &cause));
	ck_assert_str_eq(cause,
	    "regex error: unmatched closing parenthesis at offset 4\n"
	    "  \xd0\xb6\xd0\xb6)\n"
	    "    ^");
	free(cause);
}
END_TEST

START_TEST(bad_pattern_in_sql_is_an_error_with_caret)
{
	char	*err = q_error("SELECT regexp('a{2,1}', 'aa')");

	ck_assert_msg(strncmp(err, "regex error: numbers out of order", 33)
	    == 0, "%s", err);
	ck_assert_msg(strstr(err, "\n  a{2,1}\n       ^") != NULL, "%s", err);
	free(err);
}
END_TEST

START_TEST(explain_error_shows_controls_as_escapes)
{
	char	*m = regex_explain_error("a\tb\x1b[", 106, 5);

	ck_assert_msg(strstr(m, "\n  a\\tb\\x1B[\n           ^") != NULL,
	    "%s", m);
	free(m);
}
END_TEST

START_TEST(long_bad_pattern_is_cut_around_the_error)
{
	char	*p = repeat('a', 5000, ")"), *cause = NULL, *line2, *line3;

	ck_assert_ptr_null(regex_compile(p, 0, &cause));
	line2 = strchr(cause, '\n') + 1;
	line3 = strchr(line2, '\n') + 1;
	ck_assert_msg(line3 - line2 < 100, "%s", cause);
	ck_assert_int_eq(strncmp(line2, "  ...", 5), 0);
	ck_assert_int_eq(line3[-2], ')');
	ck_assert_int_eq(strchr(line3, '^') - line3, line3 - 2 - line2);
	free(cause);
	free(p);
}
END_TEST

START_TEST(huge_pattern_is_refused)
{
	char	*p = repeat('a', REGEX_MAX_PATTERN + 1, ""), *cause = NULL;

	ck_assert_ptr_null(regex_compile(p, 0, &cause));
	ck_assert_str_eq(cause, "regex error: pattern is 65537 bytes long; "
	    "the limit is 65536");
	free(cause);
	free(p);
}
END_TEST

START_TEST(invalid_utf8_pattern_is_refused)
{
	char	*cause = NULL;

	ck_assert_ptr_null(regex_compile("ab\xff" "c", 0, &cause));
	ck_assert_msg(strstr(cause, "UTF-8 error") != NULL, "%s", cause);
	ck_assert_msg(strstr(cause, "\n  ab\\xFFc\n    ^") != NULL, "%s",
	    cause);
	free(cause);
}
END_TEST

/* ---- subjects, classes and case ------------------------------------- */

START_TEST(invalid_utf8_subject_is_not_an_error)
{
	struct regex	*re;
	char		*cause = NULL;

	re = regex_compile("b.d", 0, &cause);
	ck_assert_int_eq(regex_match(re, "ab\xff" "d", 4, &cause), 0);
	ck_assert_int_eq(regex_match(re, "\xff\xfe" "abcd\xc0", 7, &cause), 1);
	regex_free(re);
	ck_assert_int_eq(q_int("SELECT X'FF61C062' REGEXP 'a'"), 1);
	ck_assert_int_eq(q_int("SELECT X'FF61C062' REGEXP 'a.b'"), 0);
	ck_text("SELECT hex(regexp_replace(X'61FF62', 'b', 'c'))", "61FF63");
}
END_TEST

START_TEST(unicode_classes_match_scripts)
{
	ck_assert_int_eq(q_int("SELECT 'Иван' REGEXP '^\\p{Cyrillic}+$'"), 1);
	ck_assert_int_eq(q_int("SELECT 'Ivan' REGEXP '\\p{Cyrillic}'"), 0);
	/* A Latin handle with one Cyrillic homoglyph. */
	ck_assert_int_eq(q_int("SELECT 'Iv\xd0\xb0n' REGEXP "
	    "'\\p{Latin}\\p{Cyrillic}'"), 1);
	ck_assert_int_eq(q_int("SELECT 'Иван_1984' REGEXP '^\\w+$'"), 1);
}
END_TEST

START_TEST(matching_is_case_sensitive_unless_asked)
{
	struct regex	*re;
	char		*cause = NULL;

	ck_assert_int_eq(q_int("SELECT 'ABC' REGEXP 'abc'"), 0);
	ck_assert_int_eq(q_int("SELECT 'ABC' REGEXP '(?i)abc'"), 1);
	ck_assert_int_eq(q_int("SELECT 'ИВАН' REGEXP '(?i)иван'"), 1);
	re = regex_compile("иван", REGEX_CASELESS, &cause);
	ck_assert_int_eq(regex_match(re, "ИВАН", strlen("ИВАН"), &cause), 1);
	regex_free(re);
}
END_TEST

START_TEST(literal_flag_takes_pattern_as_text)
{
	struct regex	*re;
	char		*cause = NULL;

	re = regex_compile("a.b(", REGEX_LITERAL, &cause);
	ck_assert_ptr_nonnull(re);
	ck_assert_int_eq(regex_match(re, "xa.b(y", 6, &cause), 1);
	ck_assert_int_eq(regex_match(re, "axb(", 4, &cause), 0);
	regex_free(re);
}
END_TEST

START_TEST(find_reports_byte_offsets)
{
	struct regex	*re;
	char		*cause = NULL;
	const char	*s = "жж12 34";
	size_t		 so, eo;

	re = regex_compile("\\d+", 0, &cause);
	ck_assert_int_eq(regex_find(re, s, strlen(s), 0, &so, &eo, &cause), 1);
	ck_assert_uint_eq(so, 4);
	ck_assert_uint_eq(eo, 6);
	ck_assert_int_eq(regex_find(re, s, strlen(s), eo, &so, &eo, &cause),
	    1);
	ck_assert_uint_eq(so, 7);
	ck_assert_uint_eq(eo, 9);
	ck_assert_int_eq(regex_find(re, s, strlen(s), eo, &so, &eo, &cause),
	    0);
	regex_free(re);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("regex");
	TCase	*tc;

	tc = tcase_create("sql");
	tcase_add_checked_fixture(tc, db_setup, db_teardown);
	tcase_add_test(tc, operator_regexp_filters_rows);
	tcase_add_test(tc, function_regexp_returns_one_or_zero);
	tcase_add_test(tc, null_text_or_pattern_gives_null);
	tcase_add_test(tc, replace_uses_group_references);
	tcase_add_test(tc, replace_is_global_and_handles_empty_matches);
	tcase_add_test(tc, replace_unset_group_is_empty);
	tcase_add_test(tc, replace_bad_reference_is_an_error);
	tcase_add_test(tc, statement_compiles_literal_pattern_once);
	tcase_add_test(tc, rebinding_the_pattern_recompiles);
	tcase_add_test(tc, reset_statement_keeps_its_pattern);
	tcase_add_test(tc, pattern_from_a_column_is_used_per_row);
	tcase_add_test(tc, catastrophic_pattern_is_too_expensive);
	tcase_add_test(tc, bad_pattern_in_sql_is_an_error_with_caret);
	tcase_add_test(tc, invalid_utf8_subject_is_not_an_error);
	tcase_add_test(tc, unicode_classes_match_scripts);
	tcase_add_test(tc, matching_is_case_sensitive_unless_asked);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, slow_pattern_stops_at_the_deadline);
	tcase_add_test(tc, long_subject_still_matches_near_its_end);
	tcase_add_test(tc, start_sensitive_patterns_keep_their_meaning);
	tcase_add_test(tc, slow_pattern_with_commit_stops_at_the_deadline);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, bad_pattern_message_points_at_the_error);
	tcase_add_test(tc, caret_counts_characters_not_bytes);
	tcase_add_test(tc, explain_error_shows_controls_as_escapes);
	tcase_add_test(tc, long_bad_pattern_is_cut_around_the_error);
	tcase_add_test(tc, huge_pattern_is_refused);
	tcase_add_test(tc, invalid_utf8_pattern_is_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("api");
	tcase_add_test(tc, literal_flag_takes_pattern_as_text);
	tcase_add_test(tc, find_reports_byte_offsets);
	suite_add_tcase(s, tc);
	return s;
}
