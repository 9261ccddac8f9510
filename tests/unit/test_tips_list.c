/*
 * test_tips_list.c: the tips view's list as a specification: one row per
 * tip with its source and its indicators counted per kind, most first;
 * indicators that are not a tip's stay out; the accounts a tip hits are
 * those the shipped query matches-tip finds for it; a stop ends the count.
 */
#include "config.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "case.h"
#include "query.h"
#include "tips_list.h"
#include "util.h"

static struct case_db	*c;

/*
 * Four accounts. Tip "Glasshouse" (two files) names a domain account 1
 * has, a subdomain's parent account 2 has, a phone of account 3 and a
 * domain nobody has; tip "Amber" names account 4's handle. A watch-list
 * indicator (not a tip) names account 3's phone too.
 */
static void
setup(void)
{
	int	i;

	c = tu_case_new();
	for (i = 1; i <= 4; i++)
		tu_sql(c, "INSERT INTO accounts(id, platform, native_id, handle) "
		    "VALUES(%d, 'chirp', 'n%d', 'h%d')", i, i, i);
	tu_sql(c, "INSERT INTO attributes(kind, value, account_id) VALUES"
	    "('domain', 'glass.example', 1), ('domain', 'www.pane.example', 2),"
	    "('phone', '447700900003', 3)");
	tu_sql(c, "INSERT INTO indicators(kind, value, network, source) VALUES"
	    "('domain', 'glass.example', 'Glasshouse', 'tip a.json; b1; Lab'),"
	    "('domain', 'pane.example', 'Glasshouse', 'tip a.json; b1; Lab'),"
	    "('domain', 'none.example', 'Glasshouse', 'tip b.json; b2; Lab'),"
	    "('phone', '447700900003', 'Glasshouse', 'tip b.json; b2; Lab'),"
	    "('handle', 'h4', 'Amber', 'tip c.json; e1; Other'),"
	    "('phone', '447700900003', 'watch', 'list watch.csv')");
}

static void
teardown(void)
{
	case_close(c);
	c = NULL;
}

static struct tips_list_row *
list(size_t *n)
{
	struct tips_list_row	*v;
	char			*cause = NULL;

	ck_assert_msg(tips_list(c, &v, n, &cause) == 0, "%s", cause);
	return v;
}

static struct query *
matches_tip(void)
{
	struct query	*q;
	char		*path = tu_src("queries/matches-tip.yaml"), *cause = NULL;

	q = query_load_file(path, &cause);
	ck_assert_msg(q != NULL, "%s", cause);
	free(path);
	return q;
}

START_TEST(test_one_row_per_tip_by_name_without_other_indicators)
{
	struct tips_list_row	*v;
	size_t			 n;

	v = list(&n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0].name, "Amber");
	ck_assert_str_eq(v[1].name, "Glasshouse");
	ck_assert_int_eq(v[1].indicators, 4);
	ck_assert_int_eq(v[1].hits, -1);
	tips_list_free(v, n);
}
END_TEST

START_TEST(test_kinds_are_counted_most_first)
{
	struct tips_list_row	*v;
	size_t			 n;

	v = list(&n);
	ck_assert_uint_eq(v[1].nkinds, 2);
	ck_assert_str_eq(v[1].kinds[0].kind, "domain");
	ck_assert_int_eq(v[1].kinds[0].n, 3);
	ck_assert_str_eq(v[1].kinds[1].kind, "phone");
	ck_assert_int_eq(v[1].kinds[1].n, 1);
	ck_assert_uint_eq(v[0].nkinds, 1);
	ck_assert_str_eq(v[0].kinds[0].kind, "handle");
	tips_list_free(v, n);
}
END_TEST

START_TEST(test_sources_give_the_first_and_how_many)
{
	struct tips_list_row	*v;
	size_t			 n;

	v = list(&n);
	ck_assert_str_eq(v[1].source, "tip a.json; b1; Lab");
	ck_assert_int_eq(v[1].nsources, 2);
	ck_assert_str_eq(v[0].source, "tip c.json; e1; Other");
	ck_assert_int_eq(v[0].nsources, 1);
	tips_list_free(v, n);
}
END_TEST

START_TEST(test_no_tips_is_an_empty_list)
{
	struct tips_list_row	*v;
	size_t			 n;

	tu_sql(c, "DELETE FROM indicators WHERE source GLOB 'tip *'");
	v = list(&n);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(v);
}
END_TEST

START_TEST(test_hits_are_the_accounts_matches_tip_finds)
{
	struct tips_list_row	*v;
	struct query		*q = matches_tip();
	size_t			 n;
	char			*cause = NULL;

	v = list(&n);
	ck_assert_msg(tips_list_hits(c, q, v, n, NULL, NULL, &cause) == 0,
	    "%s", cause);
	ck_assert_int_eq(v[0].hits, 1);		/* Amber: h4 */
	ck_assert_int_eq(v[1].hits, 3);		/* 1, 2 (subdomain), 3 */
	tips_list_free(v, n);
	query_free(q);
}
END_TEST

static int
stop_now(void *arg)
{
	return 1;
}

START_TEST(test_a_stop_ends_the_count_as_cancelled)
{
	struct tips_list_row	*v;
	struct query		*q = matches_tip();
	size_t			 n;
	char			*cause = NULL;

	v = list(&n);
	ck_assert_int_eq(tips_list_hits(c, q, v, n, stop_now, NULL, &cause),
	    -1);
	ck_assert_str_eq(cause, "cancelled");
	ck_assert_int_eq(v[0].hits, -1);
	free(cause);
	tips_list_free(v, n);
	query_free(q);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("tips_list");
	TCase	*t = tcase_create("list");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t,
	    test_one_row_per_tip_by_name_without_other_indicators);
	tcase_add_test(t, test_kinds_are_counted_most_first);
	tcase_add_test(t, test_sources_give_the_first_and_how_many);
	tcase_add_test(t, test_no_tips_is_an_empty_list);
	tcase_add_test(t, test_hits_are_the_accounts_matches_tip_finds);
	tcase_add_test(t, test_a_stop_ends_the_count_as_cancelled);
	suite_add_tcase(s, t);
	return s;
}
