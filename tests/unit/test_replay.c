/*
 * test_replay.c: replay as a specification: the demo's recorded
 * investigation, replayed from the audit trail or from the shipped tour,
 * reaches the network membership the case stores; canonical queries parse
 * back to the same query; tour files are checked with FILE:LINE:COL
 * errors.
 */
#include "config.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "case.h"
#include "demo.h"
#include "network.h"
#include "query.h"
#include "replay.h"
#include "replay_job.h"
#include "util.h"

static struct case_db	*demo;

static void
demo_setup(void)
{
	struct demo_opts	 o = { 3000, DEMO_DEFAULT_SEED, NULL, NULL };
	char			*cause = NULL;

	demo = tu_case_new();
	ck_assert_msg(demo_generate(demo, &o, &cause) == 0, "%s", cause);
}

static void
demo_teardown(void)
{
	case_close(demo);
	demo = NULL;
}

/* The stored members of the demo's tagged network, ascending. */
static int64_t *
stored_members(size_t *n)
{
	sqlite3_stmt	*st;
	int64_t		*v = NULL;

	*n = 0;
	ck_assert(sqlite3_prepare_v2(demo->db, "SELECT m.account_id FROM"
	    " network_members m JOIN networks n ON n.id = m.network_id WHERE"
	    " n.name = ?1 ORDER BY 1", -1, &st, NULL) == SQLITE_OK);
	sqlite3_bind_text(st, 1, DEMO_TAGGED, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return v;
}

static void
assert_last_step_matches_store(struct replay *rp)
{
	struct replay_view	 v;
	int64_t			*want;
	size_t			 n, i;
	char			*cause = NULL;

	want = stored_members(&n);
	ck_assert_uint_gt(n, 0);
	ck_assert_msg(replay_run(demo, rp, rp->nsteps, &v, &cause) == 0, "%s",
	    cause);
	ck_assert_str_eq(v.network, DEMO_TAGGED);
	ck_assert_uint_eq(v.nmembers, n);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(v.members[i], want[i]);
	replay_view_clear(demo, &v);
	free(want);
}

START_TEST(test_demo_audit_replay_reaches_stored_membership)
{
	struct replay	*rp;
	char		*cause = NULL;

	ck_assert_msg(replay_from_audit(demo, &rp, &cause) == 0, "%s", cause);
	ck_assert_uint_eq(rp->nsteps, 4);
	ck_assert_str_eq(rp->steps[0].action, "pivot");
	ck_assert_str_eq(rp->steps[3].action, "tag");
	ck_assert_str_eq(rp->steps[0].actor, DEMO_ANALYST);
	assert_last_step_matches_store(rp);
	replay_free(rp);
}
END_TEST

START_TEST(test_demo_audit_replay_counts_match_the_record)
{
	struct replay		*rp;
	struct replay_view	 v;
	size_t			 i;
	char			*cause = NULL;

	ck_assert_msg(replay_from_audit(demo, &rp, &cause) == 0, "%s", cause);
	for (i = 1; i <= rp->nsteps; i++) {
		ck_assert_msg(replay_run(demo, rp, i, &v, &cause) == 0, "%s",
		    cause);
		ck_assert_int_eq(v.count, rp->steps[i - 1].count);
		ck_assert(!v.drift);
		replay_view_clear(demo, &v);
	}
	replay_free(rp);
}
END_TEST

START_TEST(test_demo_tour_reaches_stored_membership)
{
	struct replay	*rp;
	char		*path = tu_src("share/tours/demo.yaml"), *cause = NULL;

	ck_assert_msg(replay_load_tour(demo, path, NULL, 0, &rp, &cause) == 0,
	    "%s", cause);
	ck_assert_uint_eq(rp->nsteps, 5);
	ck_assert_str_eq(rp->steps[0].action, "select");
	assert_last_step_matches_store(rp);
	replay_free(rp);
	free(path);
}
END_TEST

/* A step run in a thread gives what replay_run() gives on the caller's
 * connection: the same count, accounts in the same order, members. */
START_TEST(test_step_in_a_thread_equals_step_here)
{
	struct replay		*rp, *rp2;
	struct replay_view	 v;
	struct replay_done	 d;
	struct replay_job	*j;
	sqlite3_stmt		*st;
	char			*path = tu_src("share/tours/demo.yaml");
	char			*cause = NULL, *sql;
	size_t			 i, k;

	ck_assert(replay_load_tour(demo, path, NULL, 0, &rp, &cause) == 0);
	ck_assert(replay_load_tour(demo, path, NULL, 0, &rp2, &cause) == 0);
	for (i = 1; i <= rp->nsteps; i++) {
		ck_assert_msg(replay_run(demo, rp, i, &v, &cause) == 0, "%s",
		    cause);
		j = replay_job_start(demo, rp2, i);
		while (!replay_job_ended(j))
			usleep(1000);
		ck_assert_msg(replay_job_result(j, &d, &cause) == 0, "%s",
		    cause);
		replay_job_free(j);
		ck_assert_int_eq(d.count, v.count);
		ck_assert_uint_eq(d.nmembers, v.nmembers);
		for (k = 0; k < v.nmembers; k++)
			ck_assert_int_eq(d.members[k], v.members[k]);
		if (v.network != NULL)
			ck_assert_str_eq(d.network, v.network);
		else {
			ck_assert(d.network == NULL);
			ck_assert_int_eq((int64_t)d.nids, v.count);
			sql = xasprintf("SELECT account_id, evidence FROM %s"
			    " ORDER BY ord", v.result->table);
			ck_assert(sqlite3_prepare_v2(demo->db, sql, -1, &st,
			    NULL) == SQLITE_OK);
			for (k = 0; sqlite3_step(st) == SQLITE_ROW; k++) {
				const char *ev = (const char *)
				    sqlite3_column_text(st, 1);

				ck_assert_uint_lt(k, d.nids);
				ck_assert_int_eq(d.ids[k],
				    sqlite3_column_int64(st, 0));
				if (ev == NULL)
					ck_assert(d.evidence[k] == NULL);
				else
					ck_assert_str_eq(d.evidence[k], ev);
			}
			ck_assert_uint_eq(k, d.nids);
			sqlite3_finalize(st);
			free(sql);
		}
		replay_done_clear(&d);
		replay_view_clear(demo, &v);
	}
	/* Freed while it runs: stopped, nothing left behind. */
	replay_job_free(replay_job_start(demo, rp2, rp2->nsteps));
	replay_free(rp);
	replay_free(rp2);
	free(path);
}
END_TEST

START_TEST(test_step_query_rebuilds_seeds_from_the_step_before)
{
	struct replay	*rp;
	struct query	*q;
	int64_t		*seeds;
	size_t		 n;
	char		*path = tu_src("share/tours/demo.yaml"), *cause = NULL;

	ck_assert(replay_load_tour(demo, path, NULL, 0, &rp, &cause) == 0);
	ck_assert_msg(replay_step_query(demo, rp, 3, &q, &seeds, &n,
	    &cause) == 0, "%s", cause);
	ck_assert_ptr_nonnull(q);
	ck_assert_str_eq(q->pivot->kinds[0], "avatar_hash");
	ck_assert_uint_eq(n, 2);
	query_free(q);
	free(seeds);
	replay_free(rp);
	free(path);
}
END_TEST

START_TEST(test_canonical_query_parses_back_to_itself)
{
	static const char canon[] = "{\"name\":\"q\",\"from\":\"selection\","
	    "\"seeds\":[4,7],\"pivot\":{\"on\":[\"phone\",\"ip24\"],"
	    "\"hops\":\"2\",\"max_share\":\"9\"},\"where\":[{\"field\":"
	    "\"handle\",\"op\":\"regex\",\"not\":\"true\",\"values\":"
	    "[\"^a\"]},{\"attribute\":\"email\",\"op\":\"exists\"}],"
	    "\"coordination\":{\"type\":\"co-link\",\"window\":\"30\","
	    "\"min_weight\":\"3\"},\"order\":[\"-created_at\"],"
	    "\"limit\":\"10\"}";
	struct query		*q;
	struct query_args	 a;
	int64_t			*seeds;
	size_t			 n;
	char			*cause = NULL, *again;

	q = query_from_canonical(canon, &seeds, &n, &cause);
	ck_assert_msg(q != NULL, "%s", cause);
	ck_assert_uint_eq(n, 2);
	memset(&a, 0, sizeof a);
	a.seeds = seeds;
	a.nseeds = n;
	again = query_canonical(q, &a);
	ck_assert_str_eq(again, canon);
	free(again);
	free(seeds);
	query_free(q);
}
END_TEST

START_TEST(test_canonical_query_refuses_junk)
{
	char	*cause = NULL;

	ck_assert_ptr_null(query_from_canonical("[1,2]", NULL, NULL, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "not a JSON object"));
	free(cause);
}
END_TEST

static char *
tour_error(const char *text)
{
	struct replay	*rp = NULL;
	char		*path = tu_write("t.yaml", text), *cause = NULL;

	ck_assert_int_eq(replay_load_tour(demo, path, NULL, 0, &rp, &cause),
	    -1);
	ck_assert_ptr_null(rp);
	free(path);
	return cause;
}

START_TEST(test_tour_unknown_step_key_names_line_and_column)
{
	char	*e = tour_error("cibscope: 1\nsteps:\n  - caption: x\n"
	    "    pivto: {on: [phone]}\n");

	ck_assert_msg(strstr(e, "t.yaml:4:5: unknown step key \"pivto\"") !=
	    NULL, "%s", e);
	free(e);
}
END_TEST

START_TEST(test_tour_bad_yaml_names_line_and_column)
{
	char	*e = tour_error("cibscope: 1\nsteps: [\n  - {a: 1\n");

	ck_assert_msg(strstr(e, "t.yaml:") != NULL && strstr(e, ":") != NULL,
	    "%s", e);
	ck_assert_msg(strstr(e, "t.yaml:4:") != NULL || strstr(e, "t.yaml:3:")
	    != NULL, "%s", e);
	free(e);
}
END_TEST

START_TEST(test_tour_inline_query_error_points_into_the_tour)
{
	char	*e = tour_error("cibscope: 1\ntitle: t\nsteps:\n"
	    "  - query:\n"
	    "      from: all\n"
	    "      where:\n"
	    "        - {field: nosuchfield, equals: x}\n");

	ck_assert_msg(strstr(e, "t.yaml:7:") != NULL, "%s", e);
	ck_assert_msg(strstr(e, "nosuchfield") != NULL, "%s", e);
	free(e);
}
END_TEST

START_TEST(test_tour_inline_query_runs)
{
	struct replay		*rp;
	struct replay_view	 v;
	char			*path, *cause = NULL;

	path = tu_write("ok.yaml", "cibscope: 1\nsteps:\n"
	    "  - caption: the whole case\n"
	    "    query: {from: all, where: [{field: platform, equals: "
	    "chirp}]}\n");
	ck_assert_msg(replay_load_tour(demo, path, NULL, 0, &rp, &cause) == 0,
	    "%s", cause);
	ck_assert_msg(replay_run(demo, rp, 1, &v, &cause) == 0, "%s", cause);
	ck_assert_int_eq(v.count, tu_int(demo, "SELECT count(*) FROM accounts"
	    " WHERE platform = 'chirp'"));
	replay_view_clear(demo, &v);
	replay_free(rp);
	free(path);
}
END_TEST

START_TEST(test_tour_unknown_account_names_line_and_column)
{
	char	*e = tour_error("cibscope: 1\nsteps:\n  - select: [\"@nobody\"]\n");

	ck_assert_msg(strstr(e, "t.yaml:3:13:") != NULL, "%s", e);
	ck_assert_msg(strstr(e, "@nobody") != NULL, "%s", e);
	free(e);
}
END_TEST

START_TEST(test_tour_needs_version_and_steps)
{
	char	*e = tour_error("title: t\nsteps: []\n");

	ck_assert_msg(strstr(e, "cibscope") != NULL, "%s", e);
	free(e);
	e = tour_error("cibscope: 1\ntitle: t\n");
	ck_assert_msg(strstr(e, "needs steps") != NULL, "%s", e);
	free(e);
}
END_TEST

START_TEST(test_audit_replay_follows_rename_and_remove_members)
{
	struct replay		*rp;
	struct replay_view	 v;
	int64_t			 drop = 0;
	size_t			 n;
	int64_t			*before;
	char			*cause = NULL;

	before = stored_members(&n);
	drop = before[0];
	ck_assert(network_rename(demo, DEMO_TAGGED, "farm", &cause) == 0);
	ck_assert(network_remove_members(demo, "farm", &drop, 1, NULL,
	    &cause) == 0);
	ck_assert(replay_from_audit(demo, &rp, &cause) == 0);
	ck_assert_msg(replay_run(demo, rp, rp->nsteps, &v, &cause) == 0, "%s",
	    cause);
	ck_assert_str_eq(v.network, "farm");
	ck_assert_uint_eq(v.nmembers, n - 1);
	ck_assert_int_eq(tu_int(demo, "SELECT count(*) FROM network_members"),
	    (long long)(n - 1));
	replay_view_clear(demo, &v);
	replay_free(rp);
	free(before);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("replay");
	TCase	*t = tcase_create("replay");

	tcase_add_checked_fixture(t, demo_setup, demo_teardown);
	tcase_add_test(t, test_demo_audit_replay_reaches_stored_membership);
	tcase_add_test(t, test_demo_audit_replay_counts_match_the_record);
	tcase_add_test(t, test_demo_tour_reaches_stored_membership);
	tcase_add_test(t, test_step_query_rebuilds_seeds_from_the_step_before);
	tcase_add_test(t, test_step_in_a_thread_equals_step_here);
	tcase_add_test(t, test_canonical_query_parses_back_to_itself);
	tcase_add_test(t, test_canonical_query_refuses_junk);
	tcase_add_test(t, test_tour_unknown_step_key_names_line_and_column);
	tcase_add_test(t, test_tour_bad_yaml_names_line_and_column);
	tcase_add_test(t, test_tour_inline_query_error_points_into_the_tour);
	tcase_add_test(t, test_tour_inline_query_runs);
	tcase_add_test(t, test_tour_unknown_account_names_line_and_column);
	tcase_add_test(t, test_tour_needs_version_and_steps);
	tcase_add_test(t, test_audit_replay_follows_rename_and_remove_members);
	suite_add_tcase(s, t);
	return s;
}
