/*
 * test_coord.c: the coordination rules on small planted cases, one rule
 * per test, and the co-retweet network of a real data set compared edge
 * for edge with what the coordination-network-toolkit computes from it.
 */
#include "config.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "coord.h"
#include "csv.h"
#include "util.h"

static int64_t
add_account(struct case_db *c, const char *native)
{
	sqlite3_stmt	*st;

	ck_assert_int_eq(sqlite3_prepare_v2(c->db, "INSERT INTO accounts"
	    "(platform, native_id, handle) VALUES('test', ?1, ?1)", -1, &st,
	    NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, native, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(c->db);
}

/* A post; repost_of and reply_to may be NULL. Returns posts.id. */
static int64_t
add_post(struct case_db *c, int64_t acct, int64_t t, int64_t text_hash,
    const char *repost_of, const char *reply_to)
{
	static int	 n;
	sqlite3_stmt	*st;
	char		 native[32];

	snprintf(native, sizeof native, "m%d", ++n);
	ck_assert_int_eq(sqlite3_prepare_v2(c->db, "INSERT INTO posts"
	    "(account_id, native_id, posted_at, text_hash, repost_of,"
	    " reply_to) VALUES(?1, ?2, ?3, ?4, ?5, ?6)", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, acct);
	sqlite3_bind_text(st, 2, native, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, t);
	sqlite3_bind_int64(st, 4, text_hash);
	if (repost_of != NULL)
		sqlite3_bind_text(st, 5, repost_of, -1, SQLITE_STATIC);
	if (reply_to != NULL)
		sqlite3_bind_text(st, 6, reply_to, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(c->db);
}

static int64_t
add_text(struct case_db *c, int64_t acct, int64_t t, int64_t text_hash)
{
	return add_post(c, acct, t, text_hash, NULL, NULL);
}

static void
add_url(struct case_db *c, int64_t post, const char *url)
{
	sqlite3_stmt	*st;

	ck_assert_int_eq(sqlite3_prepare_v2(c->db, "INSERT INTO post_urls"
	    "(post_id, url) VALUES(?1, ?2)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, post);
	sqlite3_bind_text(st, 2, url, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static struct coord_result *
run_opts(struct case_db *c, const struct coord_opts *o)
{
	struct coord_result	*res = NULL;
	char			*cause = NULL;

	ck_assert_msg(coord_run(c, o, &res, &cause) == 0, "coord_run: %s",
	    cause);
	return res;
}

static struct coord_result *
run(struct case_db *c, enum coord_kind kind, int64_t window,
    int64_t min_weight)
{
	struct coord_opts	o = {
		.kind = kind, .window = window, .min_weight = min_weight
	};

	return run_opts(c, &o);
}

/* The weight of a->b, 0 when there is no such edge. */
static int64_t
weight(const struct coord_result *res, int64_t a, int64_t b)
{
	size_t	i;

	for (i = 0; i < res->nedges; i++) {
		if (res->edges[i].a == a && res->edges[i].b == b)
			return res->edges[i].weight;
	}
	return 0;
}

START_TEST(test_window_is_inclusive_at_exactly_the_window)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");

	add_text(c, a, 1000, 77);
	add_text(c, b, 1060, 77);
	res = run(c, COORD_POST, 60, 1);
	ck_assert_uint_eq(res->nedges, 2);
	ck_assert_int_eq(weight(res, a, b), 1);
	ck_assert_int_eq(weight(res, b, a), 1);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_one_second_past_the_window_does_not_match)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");

	add_text(c, a, 1000, 77);
	add_text(c, b, 1061, 77);
	res = run(c, COORD_POST, 60, 1);
	ck_assert_uint_eq(res->nedges, 0);
	ck_assert_uint_eq(res->ngroups, 0);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_same_account_never_pairs_with_itself)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "a");

	add_text(c, a, 1000, 77);
	add_text(c, a, 1000, 77);
	add_text(c, a, 1030, 77);
	res = run(c, COORD_POST, 60, 1);
	ck_assert_uint_eq(res->nedges, 0);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_weight_counts_distinct_messages_of_the_source)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");

	/* One post of a meets three posts of b: a->b is 1, b->a is 3. */
	add_text(c, a, 1000, 77);
	add_text(c, b, 990, 77);
	add_text(c, b, 1000, 77);
	add_text(c, b, 1010, 77);
	res = run(c, COORD_POST, 60, 1);
	ck_assert_int_eq(weight(res, a, b), 1);
	ck_assert_int_eq(weight(res, b, a), 3);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_edges_are_directed)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");

	/* b's one post lies within 60 s of both of a's, which are 100 s
	 * apart: a->b weighs 2, b->a weighs 1, so min weight 2 keeps a->b
	 * alone. */
	add_text(c, a, 1000, 77);
	add_text(c, a, 1100, 77);
	add_text(c, b, 1050, 77);
	res = run(c, COORD_POST, 60, 2);
	ck_assert_uint_eq(res->nedges, 1);
	ck_assert_int_eq(res->edges[0].a, a);
	ck_assert_int_eq(res->edges[0].b, b);
	ck_assert_int_eq(res->edges[0].weight, 2);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_empty_url_never_matches)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");

	add_url(c, add_text(c, a, 1000, 0), "");
	add_url(c, add_text(c, b, 1000, 0), "");
	res = run(c, COORD_LINK, 60, 1);
	ck_assert_uint_eq(res->nedges, 0);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_same_url_within_window_matches)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");

	add_url(c, add_text(c, a, 1000, 0), "http://news.example/x");
	add_url(c, add_text(c, b, 1020, 0), "http://news.example/x");
	res = run(c, COORD_LINK, 60, 1);
	ck_assert_int_eq(weight(res, a, b), 1);
	ck_assert_int_eq(weight(res, b, a), 1);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_co_link_counts_a_post_with_two_shared_urls_once)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");
	int64_t			 p;

	p = add_text(c, a, 1000, 0);
	add_url(c, p, "http://one.example/");
	add_url(c, p, "http://two.example/");
	add_url(c, add_text(c, b, 1010, 0), "http://one.example/");
	add_url(c, add_text(c, b, 1020, 0), "http://two.example/");
	res = run(c, COORD_LINK, 60, 1);
	ck_assert_int_eq(weight(res, a, b), 1);
	ck_assert_int_eq(weight(res, b, a), 2);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_co_link_ignores_reposts_unless_asked)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	struct coord_opts	 o = { .kind = COORD_LINK, .window = 60 };
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");

	add_url(c, add_text(c, a, 1000, 0), "http://news.example/x");
	add_url(c, add_post(c, b, 1000, 0, "orig", NULL),
	    "http://news.example/x");
	res = run_opts(c, &o);
	ck_assert_uint_eq(res->nedges, 0);
	coord_result_free(res);
	o.link_reposts = true;
	res = run_opts(c, &o);
	ck_assert_uint_eq(res->nedges, 2);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_empty_text_never_matches)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");

	add_text(c, a, 1000, 0);
	add_text(c, b, 1000, 0);
	res = run(c, COORD_POST, 60, 1);
	ck_assert_uint_eq(res->nedges, 0);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_co_post_ignores_reposts)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");

	add_post(c, a, 1000, 77, "orig", NULL);
	add_post(c, b, 1000, 77, "orig", NULL);
	res = run(c, COORD_POST, 60, 1);
	ck_assert_uint_eq(res->nedges, 0);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_co_repost_counts_only_reposts_of_the_same_message)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");
	int64_t			 d = add_account(c, "d");

	add_post(c, a, 1000, 77, "orig1", NULL);
	add_post(c, b, 1005, 77, "orig1", NULL);
	add_post(c, d, 1005, 77, "orig2", NULL);
	add_post(c, d, 1005, 77, NULL, NULL);
	add_post(c, d, 1005, 77, "", NULL);
	res = run(c, COORD_REPOST, 60, 1);
	ck_assert_uint_eq(res->nedges, 2);
	ck_assert_int_eq(weight(res, a, b), 1);
	ck_assert_int_eq(weight(res, b, a), 1);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_co_reply_matches_replies_to_the_same_message)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");
	int64_t			 d = add_account(c, "d");

	add_post(c, a, 1000, 0, NULL, "target");
	add_post(c, b, 1030, 0, NULL, "target");
	add_post(c, d, 1030, 0, NULL, "other");
	add_post(c, d, 1030, 0, NULL, "");
	res = run(c, COORD_REPLY, 60, 1);
	ck_assert_uint_eq(res->nedges, 2);
	ck_assert_int_eq(weight(res, a, b), 1);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_min_weight_drops_lighter_edges)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");
	int64_t			 d = add_account(c, "d");

	/* a and b meet on three texts, a and d on one. */
	add_text(c, a, 1000, 1);
	add_text(c, b, 1001, 1);
	add_text(c, a, 2000, 2);
	add_text(c, b, 2001, 2);
	add_text(c, a, 3000, 3);
	add_text(c, b, 3001, 3);
	add_text(c, d, 3002, 3);
	res = run(c, COORD_POST, 60, 1);
	ck_assert_uint_eq(res->nedges, 6);
	coord_result_free(res);
	res = run(c, COORD_POST, 60, 3);
	ck_assert_uint_eq(res->nedges, 2);
	ck_assert_int_eq(weight(res, a, b), 3);
	ck_assert_int_eq(weight(res, b, a), 3);
	ck_assert_int_eq(weight(res, a, d), 0);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_edges_sorted_by_weight_then_ids)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");
	size_t			 i;

	add_text(c, a, 1000, 77);
	add_text(c, a, 1100, 77);
	add_text(c, b, 1050, 77);
	res = run(c, COORD_POST, 60, 1);
	ck_assert_uint_eq(res->nedges, 2);
	for (i = 1; i < res->nedges; i++)
		ck_assert(res->edges[i - 1].weight >= res->edges[i].weight);
	ck_assert_int_eq(res->edges[0].a, a);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_groups_are_connected_components)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");
	int64_t			 d = add_account(c, "d"), e = add_account(c, "e");
	int64_t			 f = add_account(c, "f");

	/* a-b-d chained through two texts; e-f apart. */
	add_text(c, a, 1000, 1);
	add_text(c, b, 1000, 1);
	add_text(c, b, 5000, 2);
	add_text(c, d, 5000, 2);
	add_text(c, e, 9000, 3);
	add_text(c, f, 9000, 3);
	res = run(c, COORD_POST, 60, 1);
	ck_assert_uint_eq(res->ngroups, 2);
	ck_assert_uint_eq(res->groups[0].nmember, 3);
	ck_assert_uint_eq(res->groups[0].nedges, 4);
	ck_assert_int_eq(res->groups[0].weight, 4);
	ck_assert_int_eq(res->accounts[res->groups[0].member[0]].id, a);
	ck_assert_uint_eq(res->groups[1].nmember, 2);
	ck_assert_int_eq(res->accounts[res->groups[1].member[1]].id, f);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_result_names_accounts_by_native_id)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	int64_t			 a = add_account(c, "1001");
	int64_t			 b = add_account(c, "1002");

	add_text(c, a, 1000, 77);
	add_text(c, b, 1000, 77);
	res = run(c, COORD_POST, 60, 1);
	ck_assert_uint_eq(res->naccounts, 2);
	ck_assert_str_eq(res->accounts[res->edges[0].ia].native_id, "1001");
	ck_assert_str_eq(res->accounts[res->edges[0].ib].native_id, "1002");
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_restrict_table_limits_both_sides)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	struct coord_opts	 o = { .kind = COORD_POST, .window = 60 };
	char			*cause = NULL, *sql;
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");
	int64_t			 d = add_account(c, "d");

	add_text(c, a, 1000, 77);
	add_text(c, b, 1000, 77);
	add_text(c, d, 1000, 77);
	sql = xasprintf("CREATE TEMP TABLE sel(account_id INTEGER);"
	    " INSERT INTO sel VALUES(%lld), (%lld);", (long long)a,
	    (long long)b);
	ck_assert_msg(case_exec(c, sql, &cause) == 0, "%s", cause);
	free(sql);
	o.restrict_table = "temp.sel";
	res = run_opts(c, &o);
	ck_assert_uint_eq(res->nedges, 2);
	ck_assert_int_eq(weight(res, a, d), 0);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_bad_restrict_table_name_is_refused)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res = NULL;
	struct coord_opts	 o = { .kind = COORD_POST, .window = 60,
	    .restrict_table = "sel; DROP TABLE posts" };
	char			*cause = NULL;

	ck_assert_int_eq(coord_run(c, &o, &res, &cause), -1);
	ck_assert_ptr_null(res);
	ck_assert_ptr_nonnull(strstr(cause, "table name"));
	free(cause);
	case_close(c);
}
END_TEST

START_TEST(test_time_range_keeps_posts_inside)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	struct coord_opts	 o = { .kind = COORD_POST, .window = 60,
	    .since = 2000, .until = 3000 };
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");

	add_text(c, a, 1990, 77);
	add_text(c, b, 2010, 77);
	add_text(c, a, 2990, 88);
	add_text(c, b, 3000, 88);
	res = run_opts(c, &o);
	ck_assert_uint_eq(res->nedges, 0);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_max_accounts_skips_hub_keys)
{
	struct case_db		*c = tu_case_new();
	struct coord_result	*res;
	struct coord_opts	 o = { .kind = COORD_REPOST, .window = 60,
	    .max_accounts = 2 };
	int64_t			 a = add_account(c, "a"), b = add_account(c, "b");
	int64_t			 d = add_account(c, "d");

	/* "viral" is reposted by three accounts, "quiet" by two; a's two
	 * reposts of "quiet" are one account, not two. */
	add_post(c, a, 1000, 0, "viral", NULL);
	add_post(c, b, 1000, 0, "viral", NULL);
	add_post(c, d, 1000, 0, "viral", NULL);
	add_post(c, a, 2000, 0, "quiet", NULL);
	add_post(c, a, 2001, 0, "quiet", NULL);
	add_post(c, b, 2000, 0, "quiet", NULL);
	res = run_opts(c, &o);
	ck_assert_uint_eq(res->nhubs, 1);
	ck_assert_uint_eq(res->nedges, 2);
	ck_assert_int_eq(weight(res, a, b), 2);
	ck_assert_int_eq(weight(res, b, a), 1);
	coord_result_free(res);
	case_close(c);
}
END_TEST

START_TEST(test_kind_names_round_trip)
{
	enum coord_kind	k;

	ck_assert(coord_kind_parse("co-post", &k) && k == COORD_POST);
	ck_assert(coord_kind_parse("colink", &k) && k == COORD_LINK);
	ck_assert(coord_kind_parse("co_retweet", &k) && k == COORD_REPOST);
	ck_assert(coord_kind_parse("Co-Reply", &k) && k == COORD_REPLY);
	ck_assert(!coord_kind_parse("co-", &k));
	ck_assert(!coord_kind_parse("", &k));
	ck_assert_str_eq(coord_kind_name(COORD_REPOST), "co-repost");
}
END_TEST

/*
 * Load a file in the coordination-network-toolkit's CSV layout
 * (message_id, user_id, username, repost_id, reply_id, message,
 * timestamp, urls) as accounts and posts. Only what co-repost reads is
 * loaded; a message id seen twice for one account keeps its first row,
 * as the toolkit's table keyed on message_id does.
 */
static void
load_toolkit_csv(struct case_db *c, const char *path)
{
	struct csv_reader	*r;
	struct csv_row		 row;
	sqlite3_stmt		*acc, *post;
	char			*cause = NULL;
	int64_t			 t;
	int			 rc;

	r = csv_open(path, ',', &cause);
	ck_assert_msg(r != NULL, "%s", cause);
	ck_assert_int_eq(csv_read(r, &row, &cause), 1);	/* header */
	ck_assert_int_eq(case_exec(c, "BEGIN", &cause), 0);
	ck_assert_int_eq(sqlite3_prepare_v2(c->db, "INSERT OR IGNORE INTO"
	    " accounts(platform, native_id, handle) VALUES('twitter', ?1, ?2)",
	    -1, &acc, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(c->db, "INSERT OR IGNORE INTO"
	    " posts(account_id, native_id, posted_at, repost_of, reply_to)"
	    " VALUES((SELECT id FROM accounts WHERE platform = 'twitter'"
	    " AND native_id = ?1), ?2, ?3, NULLIF(?4, ''), NULLIF(?5, ''))",
	    -1, &post, NULL), SQLITE_OK);
	while ((rc = csv_read(r, &row, &cause)) == 1) {
		ck_assert_uint_ge(row.n, 7);
		ck_assert(parse_int64(row.field[6], &t));
		sqlite3_bind_text(acc, 1, row.field[1], -1, SQLITE_STATIC);
		sqlite3_bind_text(acc, 2, row.field[2], -1, SQLITE_STATIC);
		ck_assert_int_eq(sqlite3_step(acc), SQLITE_DONE);
		sqlite3_reset(acc);
		sqlite3_bind_text(post, 1, row.field[1], -1, SQLITE_STATIC);
		sqlite3_bind_text(post, 2, row.field[0], -1, SQLITE_STATIC);
		sqlite3_bind_int64(post, 3, t);
		sqlite3_bind_text(post, 4, row.field[3], -1, SQLITE_STATIC);
		sqlite3_bind_text(post, 5, row.field[4], -1, SQLITE_STATIC);
		ck_assert_int_eq(sqlite3_step(post), SQLITE_DONE);
		sqlite3_reset(post);
	}
	ck_assert_msg(rc == 0, "%s", cause);
	sqlite3_finalize(acc);
	sqlite3_finalize(post);
	ck_assert_int_eq(case_exec(c, "COMMIT", &cause), 0);
	csv_close(r);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(test_co_retweet_network_matches_the_toolkit)
{
	struct case_db		*c;
	struct coord_result	*res;
	struct csv_reader	*r;
	struct csv_row		 row;
	char			*in, *ref, *cause = NULL;
	char			**want = NULL, **got;
	size_t			 nwant = 0, i;
	int			 rc;

	in = tu_data("coordination/ru-coretweet.cnt.csv");
	ref = tu_data("coordination/ru-coretweet.cnt-co_retweet-60s-w2"
	    ".edges.csv");
	if (in == NULL || ref == NULL) {
		free(in);
		free(ref);
		return;
	}
	c = tu_case_new();
	load_toolkit_csv(c, in);

	r = csv_open(ref, ',', &cause);
	ck_assert_msg(r != NULL, "%s", cause);
	ck_assert_int_eq(csv_read(r, &row, &cause), 1);
	ck_assert_str_eq(row.field[0], "user_1");
	while ((rc = csv_read(r, &row, &cause)) == 1) {
		ck_assert_uint_eq(row.n, 3);
		want = xreallocarray(want, nwant + 1, sizeof *want);
		want[nwant++] = xasprintf("%s,%s,%s", row.field[0],
		    row.field[1], row.field[2]);
	}
	ck_assert_msg(rc == 0, "%s", cause);
	csv_close(r);
	ck_assert_uint_eq(nwant, 95);

	res = run(c, COORD_REPOST, 60, 2);
	got = xcalloc(res->nedges + 1, sizeof *got);
	for (i = 0; i < res->nedges; i++)
		got[i] = xasprintf("%s,%s,%lld",
		    res->accounts[res->edges[i].ia].native_id,
		    res->accounts[res->edges[i].ib].native_id,
		    (long long)res->edges[i].weight);
	qsort(want, nwant, sizeof *want, str_cmp);
	qsort(got, res->nedges, sizeof *got, str_cmp);
	for (i = 0; i < nwant && i < res->nedges; i++)
		ck_assert_str_eq(got[i], want[i]);
	ck_assert_uint_eq(res->nedges, nwant);

	for (i = 0; i < nwant; i++)
		free(want[i]);
	for (i = 0; i < res->nedges; i++)
		free(got[i]);
	free(want);
	free(got);
	coord_result_free(res);
	case_close(c);
	free(in);
	free(ref);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("coord");
	TCase	*tc = tcase_create("rules");
	TCase	*ref = tcase_create("reference");

	tcase_add_test(tc, test_window_is_inclusive_at_exactly_the_window);
	tcase_add_test(tc, test_one_second_past_the_window_does_not_match);
	tcase_add_test(tc, test_same_account_never_pairs_with_itself);
	tcase_add_test(tc, test_weight_counts_distinct_messages_of_the_source);
	tcase_add_test(tc, test_edges_are_directed);
	tcase_add_test(tc, test_empty_url_never_matches);
	tcase_add_test(tc, test_same_url_within_window_matches);
	tcase_add_test(tc, test_co_link_counts_a_post_with_two_shared_urls_once);
	tcase_add_test(tc, test_co_link_ignores_reposts_unless_asked);
	tcase_add_test(tc, test_empty_text_never_matches);
	tcase_add_test(tc, test_co_post_ignores_reposts);
	tcase_add_test(tc,
	    test_co_repost_counts_only_reposts_of_the_same_message);
	tcase_add_test(tc, test_co_reply_matches_replies_to_the_same_message);
	tcase_add_test(tc, test_min_weight_drops_lighter_edges);
	tcase_add_test(tc, test_edges_sorted_by_weight_then_ids);
	tcase_add_test(tc, test_groups_are_connected_components);
	tcase_add_test(tc, test_result_names_accounts_by_native_id);
	tcase_add_test(tc, test_restrict_table_limits_both_sides);
	tcase_add_test(tc, test_bad_restrict_table_name_is_refused);
	tcase_add_test(tc, test_time_range_keeps_posts_inside);
	tcase_add_test(tc, test_max_accounts_skips_hub_keys);
	tcase_add_test(tc, test_kind_names_round_trip);
	suite_add_tcase(s, tc);
	tcase_add_test(ref, test_co_retweet_network_matches_the_toolkit);
	suite_add_tcase(s, ref);
	return s;
}
