/*
 * test_query.c: the query engine on a small case: pivots with evidence and
 * hubs, every kind of WHERE condition, groups, coordination, FROM a
 * network, ordering, paging and parameters.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "ingest.h"
#include "query.h"
#include "regex.h"
#include "result.h"
#include "testutil.h"
#include "util.h"

static struct case_db	*c;

/*
 * Six accounts: a and b share a phone; b and c share an avatar; d, e, f
 * and a share a carrier NAT address (a hub at max_share 3). d holds the
 * injection-looking phone value; e and f post the same text 30 s apart.
 */
static void
setup(void)
{
	struct ingest	*in;
	static const struct {
		const char	*id, *handle, *name, *created;
		int64_t		 followers;
	} acc[] = {
		{ "1", "anna_petrova1987", "Anna P", "2023-03-01 02:00", 10 },
		{ "2", "ivan_sokolov1990", "Ivan S", "2023-03-01 02:05", 20 },
		{ "3", "maria_ivanova2001", "Maria I", "2023-03-01 02:09", 30 },
		{ "4", "newsdaily", "News Daily", "2019-06-01", 5000 },
		{ "5", "fan_club_1", "Fan 1", "2021-01-01", 100 },
		{ "6", "fan_club_2", "Fan 2", "2021-01-02", 200 },
	};
	int64_t		 id[6];
	size_t		 i;
	char		*cause = NULL;

	c = tu_case_new();
	in = ingest_begin(c, "test", &cause);
	ck_assert_msg(in != NULL, "%s", cause);
	for (i = 0; i < nitems(acc); i++) {
		struct account_rec r = ACCOUNT_REC_INIT;

		r.platform = "chirp";
		r.native_id = acc[i].id;
		r.handle = acc[i].handle;
		r.display_name = acc[i].name;
		r.created_at = acc[i].created;
		r.followers = acc[i].followers;
		id[i] = ingest_account(in, &r, &cause);
		ck_assert_msg(id[i] > 0, "%s", cause);
	}
	ingest_attribute(in, id[0], "phone", "+7 912 000-11-22", NULL);
	ingest_attribute(in, id[1], "phone", "+79120001122", NULL);
	ingest_attribute(in, id[1], "avatar_hash", "abc123", NULL);
	ingest_attribute(in, id[2], "avatar_hash", "ABC123", NULL);
	for (i = 0; i < 6; i += (i == 0 ? 3 : 1))
		ingest_attribute(in, id[i], "ip", "100.64.0.1", NULL);
	ingest_attribute(in, id[3], "payment", "x' OR '1'='1", NULL);
	ingest_attribute(in, id[4], "email", "Fan.Club+one@gmail.com", NULL);
	{
		struct post_rec p1 = { "p1", "2024-01-01T10:00:00Z",
		    "Same words!", NULL, NULL, NULL, NULL };
		struct post_rec p2 = { "p2", "2024-01-01T10:00:30Z",
		    "same   words!", NULL, NULL, NULL, NULL };
		struct post_rec p3 = { "p3", "2024-01-02T10:00:00Z",
		    "Other words", NULL, NULL, NULL, NULL };
		struct post_rec p4 = { "p4", "2024-01-02T10:00:10Z",
		    "other words", NULL, NULL, NULL, NULL };

		ck_assert_int_eq(ingest_post(in, id[4], &p1, NULL), 1);
		ck_assert_int_eq(ingest_post(in, id[5], &p2, NULL), 1);
		ck_assert_int_eq(ingest_post(in, id[4], &p3, NULL), 1);
		ck_assert_int_eq(ingest_post(in, id[5], &p4, NULL), 1);
	}
	ck_assert_msg(ingest_commit(in, &cause) == 0, "%s", cause);
}

static void
teardown(void)
{
	case_close(c);
	c = NULL;
}

static struct query *
load(const char *yaml)
{
	char		*cause = NULL;
	struct query	*q = query_load_string(yaml, strlen(yaml), "t.yaml",
			    &cause);

	ck_assert_msg(q != NULL, "%s", cause);
	return q;
}

/* Run yaml with seeds; return the result's account ids as "1,2,3". */
static char *
run_ids(const char *yaml, const int64_t *seeds, size_t nseeds,
    struct query_result **keep)
{
	struct query		*q = load(yaml);
	struct query_args	 a;
	struct query_result	*r;
	struct buf		 b = BUF_INIT;
	sqlite3_stmt		*st;
	char			*cause = NULL, *sql;

	memset(&a, 0, sizeof a);
	a.seeds = seeds;
	a.nseeds = nseeds;
	ck_assert_msg(query_run(c, q, &a, &r, &cause) == 0, "%s", cause);
	sql = xasprintf("SELECT account_id FROM %s ORDER BY ord", r->table);
	ck_assert_int_eq(sqlite3_prepare_v2(c->db, sql, -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&b, "%s%lld", b.len > 0 ? "," : "",
		    sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	free(sql);
	if (keep != NULL)
		*keep = r;
	else
		query_result_free(c, r);
	query_free(q);
	return b.data != NULL ? buf_steal(&b) : xstrdup("");
}

static char *
run_error(const char *yaml)
{
	struct query		*q = load(yaml);
	struct query_result	*r;
	char			*cause = NULL;

	ck_assert_int_eq(query_run(c, q, NULL, &r, &cause), -1);
	query_free(q);
	return cause;
}

#define HEAD "cibscope: 1\nname: t\n"

START_TEST(test_pivot_finds_sharers_with_seed_first)
{
	int64_t	 seed = 1;
	char	*ids = run_ids(HEAD "from: selection\npivot: {on: [phone]}\n",
		    &seed, 1, NULL);

	ck_assert_str_eq(ids, "1,2");
	free(ids);
}
END_TEST

START_TEST(test_pivot_evidence_names_the_shared_value)
{
	int64_t			 seed = 1;
	struct query_result	*r;
	char			*ids, *ev;
	sqlite3_stmt		*st;
	char			*sql;

	ids = run_ids(HEAD "from: selection\npivot: {on: [phone]}\n", &seed, 1,
	    &r);
	sql = xasprintf("SELECT evidence FROM %s WHERE account_id = 2",
	    r->table);
	ck_assert_int_eq(sqlite3_prepare_v2(c->db, sql, -1, &st, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ev = (char *)sqlite3_column_text(st, 0);
	ck_assert_ptr_nonnull(strstr(ev, "\"kind\":\"phone\""));
	ck_assert_ptr_nonnull(strstr(ev, "\"value\":\"79120001122\""));
	sqlite3_finalize(st);
	free(sql);
	query_result_free(c, r);
	free(ids);
}
END_TEST

START_TEST(test_pivot_two_hops_follows_the_chain)
{
	int64_t	 seed = 1;
	char	*one, *two;

	one = run_ids(HEAD "from: selection\npivot: {on: [phone, "
	    "avatar_hash], hops: 1}\n", &seed, 1, NULL);
	two = run_ids(HEAD "from: selection\npivot: {on: [phone, "
	    "avatar_hash], hops: 2}\n", &seed, 1, NULL);
	ck_assert_str_eq(one, "1,2");
	ck_assert_str_eq(two, "1,2,3");
	free(one);
	free(two);
}
END_TEST

START_TEST(test_pivot_skips_and_lists_hubs)
{
	int64_t			 seed = 4;
	struct query_result	*r;
	char			*ids;

	ids = run_ids(HEAD "from: selection\npivot: {on: [ip], max_share: 3}\n",
	    &seed, 1, &r);
	ck_assert_str_eq(ids, "4");
	ck_assert_int_eq(r->nhubs, 1);
	ck_assert_str_eq(r->hubs[0].value, "100.64.0.1");
	ck_assert_int_eq(r->hubs[0].accounts, 4);
	query_result_free(c, r);
	free(ids);
	ids = run_ids(HEAD "from: selection\npivot: {on: [ip], max_share: 4}\n",
	    &seed, 1, NULL);
	ck_assert_str_eq(ids, "4,1,5,6");
	free(ids);
}
END_TEST

START_TEST(test_pivot_value_that_looks_like_sql_matches_itself)
{
	int64_t	 seed = 4;
	char	*ids = run_ids(HEAD "from: selection\npivot: {on: [payment]}\n",
		    &seed, 1, NULL);

	ck_assert_str_eq(ids, "4");
	free(ids);
	ids = run_ids(HEAD "where:\n  - {attribute: payment, equals: \"x' OR "
	    "'1'='1\"}\n", NULL, 0, NULL);
	ck_assert_str_eq(ids, "4");
	free(ids);
}
END_TEST

START_TEST(test_where_regex_on_handle)
{
	char	*ids = run_ids(HEAD "where:\n  - {field: handle, regex: "
		    "'^[a-z]+_[a-z]+[0-9]{4}$'}\n", NULL, 0, NULL);

	ck_assert_str_eq(ids, "1,2,3");
	free(ids);
}
END_TEST

START_TEST(test_where_numeric_range)
{
	char	*ids = run_ids(HEAD "where:\n  - {field: followers, min: 20, "
		    "max: 200}\n", NULL, 0, NULL);

	ck_assert_str_eq(ids, "2,3,5,6");
	free(ids);
}
END_TEST

START_TEST(test_where_date_until_includes_the_whole_day)
{
	char	*ids = run_ids(HEAD "where:\n  - {field: created_at, since: "
		    "2021-01-01, until: 2021-01-02}\n", NULL, 0, NULL);

	ck_assert_str_eq(ids, "5,6");
	free(ids);
}
END_TEST

START_TEST(test_where_in_prefix_and_not)
{
	char	*ids;

	ids = run_ids(HEAD "where:\n  - {field: handle, in: [newsdaily, "
	    "fan_club_2]}\n", NULL, 0, NULL);
	ck_assert_str_eq(ids, "4,6");
	free(ids);
	ids = run_ids(HEAD "where:\n  - {field: handle, prefix: fan_}\n",
	    NULL, 0, NULL);
	ck_assert_str_eq(ids, "5,6");
	free(ids);
	ids = run_ids(HEAD "where:\n  - {field: handle, prefix: fan_, not: "
	    "true}\n", NULL, 0, NULL);
	ck_assert_str_eq(ids, "1,2,3,4");
	free(ids);
}
END_TEST

START_TEST(test_where_attribute_exists_and_missing)
{
	char	*ids;

	ids = run_ids(HEAD "where:\n  - {attribute: avatar_hash, exists: "
	    "true}\n", NULL, 0, NULL);
	ck_assert_str_eq(ids, "2,3");
	free(ids);
	ids = run_ids(HEAD "where:\n  - {attribute: ip, missing: true}\n",
	    NULL, 0, NULL);
	ck_assert_str_eq(ids, "2,3");
	free(ids);
	ids = run_ids(HEAD "where:\n  - {attribute: email_domain, equals: "
	    "gmail.com}\n", NULL, 0, NULL);
	ck_assert_str_eq(ids, "5");
	free(ids);
}
END_TEST

START_TEST(test_group_by_rewritten_handle_keeps_big_groups)
{
	char	*ids = run_ids(HEAD "group: {field: handle, regex: '[0-9]+$', "
		    "replace: '', min_size: 2}\n", NULL, 0, NULL);

	ck_assert_str_eq(ids, "5,6");
	free(ids);
}
END_TEST

START_TEST(test_group_max_span_keeps_groups_made_together)
{
	/* fan_club_1 and fan_club_2 were made a day apart. */
	char	*ids = run_ids(HEAD "group: {field: handle, regex: '[0-9]+$', "
		    "replace: '', min_size: 2, max_span: 1}\n", NULL, 0, NULL);

	ck_assert_str_eq(ids, "5,6");
	free(ids);
	ids = run_ids(HEAD "group: {field: handle, regex: '[0-9]+$', "
	    "replace: '', min_size: 2, max_span: 0}\n", NULL, 0, NULL);
	ck_assert_str_eq(ids, "");
	free(ids);
	/* All six share the platform, made from 2019 to 2023. */
	ids = run_ids(HEAD "group: {field: platform, max_span: 1000}\n",
	    NULL, 0, NULL);
	ck_assert_str_eq(ids, "");
	free(ids);
	ids = run_ids(HEAD "group: {field: platform, max_span: 1400}\n",
	    NULL, 0, NULL);
	ck_assert_str_eq(ids, "1,2,3,4,5,6");
	free(ids);
}
END_TEST

START_TEST(test_coordination_finds_copy_posters)
{
	char	*ids = run_ids(HEAD "coordination: {type: co-post, window: 60, "
		    "min_weight: 2}\n", NULL, 0, NULL);

	ck_assert_str_eq(ids, "5,6");
	free(ids);
	ids = run_ids(HEAD "coordination: {type: co-post, window: 20, "
	    "min_weight: 2}\n", NULL, 0, NULL);
	ck_assert_str_eq(ids, "");
	free(ids);
}
END_TEST

START_TEST(test_order_and_limit)
{
	char	*ids = run_ids(HEAD "order: [-followers]\nlimit: 2\n", NULL, 0,
		    NULL);

	ck_assert_str_eq(ids, "4,6");
	free(ids);
}
END_TEST

START_TEST(test_param_default_and_override)
{
	struct query		*q = load(HEAD "params:\n  n: {type: int, "
				    "default: 1}\nlimit: $n\n");
	struct query_args	 a;
	struct query_result	*r;
	const char		*names[] = { "n" }, *values[] = { "3" };
	char			*cause = NULL;

	ck_assert_int_eq(query_run(c, q, NULL, &r, &cause), 0);
	ck_assert_int_eq(r->count, 1);
	query_result_free(c, r);
	memset(&a, 0, sizeof a);
	a.names = names;
	a.values = values;
	a.nparams = 1;
	ck_assert_int_eq(query_run(c, q, &a, &r, &cause), 0);
	ck_assert_int_eq(r->count, 3);
	ck_assert_ptr_nonnull(strstr(r->canonical, "\"limit\":\"3\""));
	query_result_free(c, r);
	query_free(q);
}
END_TEST

START_TEST(test_selection_without_seeds_is_explained)
{
	char	*cause = run_error(HEAD "from: selection\npivot: {on: "
		    "[phone]}\n");

	ck_assert_ptr_nonnull(strstr(cause, "--seed"));
	free(cause);
}
END_TEST

START_TEST(test_unknown_network_is_named)
{
	char	*cause = run_error(HEAD "from: {network: nope}\n");

	ck_assert_ptr_nonnull(strstr(cause, "no network named \"nope\""));
	free(cause);
}
END_TEST

static void
count_row(void *arg, const struct result_row *r)
{
	int64_t	*n = arg;

	ck_assert_int_eq(r->ord, 2 + *n);
	(*n)++;
}

START_TEST(test_page_reads_by_ordinal)
{
	struct query_result	*r;
	int64_t			 n = 0;
	char			*ids = run_ids(HEAD, NULL, 0, &r);

	ck_assert_int_eq(result_page(c, r, 2, 3, count_row, &n, NULL), 3);
	ck_assert_int_eq(n, 3);
	query_result_free(c, r);
	free(ids);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("query");
	TCase	*tc = tcase_create("run");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_pivot_finds_sharers_with_seed_first);
	tcase_add_test(tc, test_pivot_evidence_names_the_shared_value);
	tcase_add_test(tc, test_pivot_two_hops_follows_the_chain);
	tcase_add_test(tc, test_pivot_skips_and_lists_hubs);
	tcase_add_test(tc, test_pivot_value_that_looks_like_sql_matches_itself);
	tcase_add_test(tc, test_where_regex_on_handle);
	tcase_add_test(tc, test_where_numeric_range);
	tcase_add_test(tc, test_where_date_until_includes_the_whole_day);
	tcase_add_test(tc, test_where_in_prefix_and_not);
	tcase_add_test(tc, test_where_attribute_exists_and_missing);
	tcase_add_test(tc, test_group_by_rewritten_handle_keeps_big_groups);
	tcase_add_test(tc, test_group_max_span_keeps_groups_made_together);
	tcase_add_test(tc, test_coordination_finds_copy_posters);
	tcase_add_test(tc, test_order_and_limit);
	tcase_add_test(tc, test_param_default_and_override);
	tcase_add_test(tc, test_selection_without_seeds_is_explained);
	tcase_add_test(tc, test_unknown_network_is_named);
	tcase_add_test(tc, test_page_reads_by_ordinal);
	suite_add_tcase(s, tc);
	return s;
}
