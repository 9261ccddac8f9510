/*
 * test_query_pg.c: the PostgreSQL dialect of a saved query. Patterns and
 * replacements translate to what an ARE means the same way, or are
 * refused with the construct named; values are bound, never written into
 * the SQL; queries that cannot run there say why. Whether the SQL finds
 * the same accounts as the case is tests/cli/test-extract.sh's job, on a
 * real server.
 */
#include "config.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "query_pg.h"
#include "util.h"

/* The ARE for a pattern; fails the test when it is refused. */
static char *
are(const char *pattern, int replace)
{
	char	*out = NULL, *cause = NULL;

	if (query_pg_regex(pattern, replace, &out, &cause) != 0)
		ck_abort_msg("%s refused: %s", pattern, cause);
	return out;
}

/* The refusal message for a pattern; fails the test when it maps. */
static char *
refusal(const char *pattern, int replace)
{
	char	*out = NULL, *cause = NULL;

	if (query_pg_regex(pattern, replace, &out, &cause) == 0)
		ck_abort_msg("%s translated to %s", pattern, out);
	ck_assert_ptr_null(out);
	return cause;
}

static struct query *
load(const char *text)
{
	struct query	*q;
	char		*cause = NULL;

	q = query_load_string(text, strlen(text), "t.yaml", &cause);
	if (q == NULL)
		ck_abort_msg("does not load: %s", cause);
	return q;
}

START_TEST(word_boundaries_become_are_escapes)
{
	char	*s = are("\\bcat\\B", 0);

	ck_assert_str_eq(s, "\\ycat\\Y");
	free(s);
}
END_TEST

START_TEST(dot_and_dollar_keep_pcre_newline_rules)
{
	char	*s = are("^a.c$", 0);

	ck_assert_str_eq(s, "^a[^\\n]c(?=\\n?$)");
	free(s);
}
END_TEST

START_TEST(classes_groups_and_lookarounds_carry_over)
{
	char	*s = are("(?i)([\\w.-]+)(?:_\\d{2,4})?(?=x)(?<!y)\\1", 0);

	ck_assert_str_eq(s, "(?i)([\\w.-]+)(?:_\\d{2,4})?(?=x)(?<!y)\\1");
	free(s);
}
END_TEST

START_TEST(code_points_get_fixed_length_escapes)
{
	char	*s = are("\\x{1F600}\\x41", 0);

	ck_assert_str_eq(s, "\\U0001f600\\U00000041");
	free(s);
}
END_TEST

START_TEST(brace_that_is_no_count_is_text)
{
	char	*s = are("a{x}", 0);

	ck_assert_str_eq(s, "a\\{x\\}");
	free(s);
}
END_TEST

START_TEST(unicode_properties_are_refused)
{
	char	*c = refusal("[^\\p{L} ]+", 0);

	ck_assert_ptr_nonnull(strstr(c, "\\p{...} (Unicode property) has no "
	    "PostgreSQL equivalent"));
	free(c);
}
END_TEST

START_TEST(pcre_only_constructs_are_refused)
{
	static const char *const pats[] = { "(?<n>a)", "(?>a)", "a++", "a*+",
	    "(?s).", "a(?i)b", "(*UCP)a", "\\Qa\\E", "a\\Z", "\\Ka", "a{256}",
	    "\\R", "[\\D]" };
	size_t	i;

	for (i = 0; i < nitems(pats); i++)
		free(refusal(pats[i], 0));
}
END_TEST

START_TEST(lazy_quantifiers_match_but_do_not_rewrite)
{
	char	*s = are("a+?b", 0);

	ck_assert_str_eq(s, "a+?b");
	free(s);
	free(refusal("a+?b", 1));
}
END_TEST

START_TEST(bad_pattern_gets_the_regex_message)
{
	char	*c = refusal("(ab", 0);

	ck_assert_ptr_nonnull(strstr(c, "regex error"));
	free(c);
}
END_TEST

START_TEST(replacements_use_are_back_references)
{
	char	*out = NULL, *cause = NULL;

	ck_assert_int_eq(query_pg_replacement("$1-${2}$$\\x$0", &out, &cause),
	    0);
	ck_assert_str_eq(out, "\\1-\\2$\\\\x\\&");
	free(out);
	ck_assert_int_eq(query_pg_replacement("${name}", &out, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "only $0 to $9"));
	free(cause);
}
END_TEST

START_TEST(values_and_seeds_are_bound_not_written)
{
	static const int64_t	 seeds[] = { 4242 };
	static const char *const names[] = { "h" };
	static const char *const values[] = { "x'); DROP TABLE accounts; --" };
	struct query_args	 a;
	struct query_pg		*pg;
	struct query		*q;
	char			*cause = NULL;
	size_t			 i;
	bool			 seen = false;

	q = load("cibscope: 1\nname: t\nparams:\n  h: {type: string}\n"
	    "from: selection\npivot: {on: [phone], max_share: 7}\n"
	    "where:\n  - {field: handle, equals: $h}\n"
	    "  - {field: followers, min: 12345}\n");
	memset(&a, 0, sizeof a);
	a.seeds = seeds;
	a.nseeds = 1;
	a.names = names;
	a.values = values;
	a.nparams = 1;
	ck_assert_int_eq(query_pg_compile(q, &a, "wh", &pg, &cause), 0);
	ck_assert_ptr_null(strstr(pg->sql, "4242"));
	ck_assert_ptr_null(strstr(pg->sql, "DROP"));
	ck_assert_ptr_null(strstr(pg->sql, "12345"));
	ck_assert_ptr_null(strstr(pg->sql, "phone"));
	ck_assert_ptr_nonnull(strstr(pg->sql, "FROM \"wh\".accounts a"));
	for (i = 0; i < pg->nparams; i++)
		seen |= strcmp(pg->params[i], values[0]) == 0;
	ck_assert(seen);
	ck_assert_str_eq(pg->params[0], "{\"4242\"}");
	query_pg_free(pg);
	query_free(q);
}
END_TEST

START_TEST(queries_that_cannot_run_there_say_why)
{
	static const char *const texts[][2] = {
		{ "cibscope: 1\nname: t\nfrom: all\nsql: SELECT 1 AS id\n",
		    "t.yaml:4:1: raw sql:" },
		{ "cibscope: 1\nname: t\nfrom: {network: ops}\n",
		    "networks live in the case" },
		{ "cibscope: 1\nname: t\ncoordination: {type: co-post}\n",
		    "coordination is computed by cibscope" },
		{ "cibscope: 1\nname: t\ntiming: {burst: true}\n",
		    "burst is computed by cibscope" },
		{ "cibscope: 1\nname: t\nwhere:\n  - {field: followers, "
		    "equals: many}\n", "\"many\" is not a number" },
	};
	struct query_pg	*pg = NULL;
	struct query	*q;
	char		*cause;
	size_t		 i;

	for (i = 0; i < nitems(texts); i++) {
		q = load(texts[i][0]);
		cause = NULL;
		ck_assert_int_eq(query_pg_compile(q, NULL, NULL, &pg, &cause),
		    -1);
		ck_assert_ptr_null(pg);
		if (strstr(cause, texts[i][1]) == NULL)
			ck_abort_msg("\"%s\" lacks \"%s\"", cause, texts[i][1]);
		free(cause);
		query_free(q);
	}
}
END_TEST

START_TEST(schema_names_are_checked)
{
	struct query_pg	*pg = NULL;
	struct query	*q = load("cibscope: 1\nname: t\n");
	char		*cause = NULL;

	ck_assert(query_pg_schema_valid("warehouse_2"));
	ck_assert(!query_pg_schema_valid("wh\"; x"));
	ck_assert(!query_pg_schema_valid("2wh"));
	ck_assert_int_eq(query_pg_compile(q, NULL, "a.b", &pg, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not a schema name"));
	free(cause);
	query_free(q);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("query_pg");
	TCase	*re = tcase_create("regex");
	TCase	*sql = tcase_create("sql");

	tcase_add_test(re, word_boundaries_become_are_escapes);
	tcase_add_test(re, dot_and_dollar_keep_pcre_newline_rules);
	tcase_add_test(re, classes_groups_and_lookarounds_carry_over);
	tcase_add_test(re, code_points_get_fixed_length_escapes);
	tcase_add_test(re, brace_that_is_no_count_is_text);
	tcase_add_test(re, unicode_properties_are_refused);
	tcase_add_test(re, pcre_only_constructs_are_refused);
	tcase_add_test(re, lazy_quantifiers_match_but_do_not_rewrite);
	tcase_add_test(re, bad_pattern_gets_the_regex_message);
	tcase_add_test(re, replacements_use_are_back_references);
	suite_add_tcase(s, re);

	tcase_add_test(sql, values_and_seeds_are_bound_not_written);
	tcase_add_test(sql, queries_that_cannot_run_there_say_why);
	tcase_add_test(sql, schema_names_are_checked);
	suite_add_tcase(s, sql);
	return s;
}
