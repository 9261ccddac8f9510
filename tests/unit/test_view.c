/*
 * test_view.c: what the screen builds on. A filter made in steps gives
 * exactly the rows, order and evidence of the filter made at once, its
 * count growing as it goes, also when each step is cut short by a key
 * typed or by its time; a result freed in steps leaves no table;
 * view_ord_of finds an account in another order of the same list; a
 * saved query run in its own thread gives what query_run() gives, stops
 * when freed, and reports its error; the search of n/N made in steps
 * finds the row the matching rows say, forward, backward and around,
 * one slice of rows a step when each step is cut short; the whole list
 * filtered by a scan in a thread gives the filter's rows, a few at a
 * time, and stops when freed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "case.h"
#include "demo.h"
#include "query.h"
#include "result.h"
#include "testutil.h"
#include "util.h"
#include "view.h"

static struct case_db	*demo;
static struct query_result *all;

static void
demo_setup(void)
{
	struct demo_opts	 o = { 3000, DEMO_DEFAULT_SEED, NULL, NULL };
	char			*cause = NULL;

	demo = tu_case_new();
	ck_assert_msg(demo_generate(demo, &o, &cause) == 0, "%s", cause);
	ck_assert_msg(view_all(demo, &all, &cause) == 0, "%s", cause);
}

static void
demo_teardown(void)
{
	query_result_free(demo, all);
	case_close(demo);
	demo = NULL;
}

/* The ids of a result in order, as one comma-separated string. */
static char *
ids_of(const struct query_result *r)
{
	sqlite3_stmt	*st;
	struct buf	 b = BUF_INIT;
	char		*sql;

	sql = xasprintf("SELECT account_id, ifnull(evidence, '') FROM %s"
	    " ORDER BY ord", r->table);
	ck_assert(sqlite3_prepare_v2(demo->db, sql, -1, &st, NULL) ==
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&b, "%lld:%s,", (long long)sqlite3_column_int64(st,
		    0), (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	free(sql);
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

START_TEST(test_filter_in_steps_equals_filter_at_once)
{
	struct query_result	*once, *stepped;
	struct view_job		*job;
	char			*cause = NULL, *a, *b;
	int64_t			 last = 0;
	int			 rc, steps = 0;

	ck_assert(view_filter(demo, all, NULL, "em+a", &once, &cause) == 0);
	ck_assert_int_gt(once->count, 10);
	ck_assert(view_filter_start(demo, all, NULL, "em+a", &stepped, &job,
	    &cause) == 0);
	ck_assert_int_eq(stepped->count, 0);
	ck_assert(view_job_progress(job) == 0.0);
	while ((rc = view_job_step(job, 7, &cause)) == 1) {
		ck_assert_int_ge(stepped->count, last);
		last = stepped->count;
		steps++;
	}
	ck_assert_msg(rc == 0, "%s", cause);
	ck_assert(view_job_progress(job) == 1.0);
	ck_assert_int_eq(steps, (int)((all->count + 6) / 7) - 1);
	ck_assert_int_eq(stepped->count, once->count);
	a = ids_of(once);
	b = ids_of(stepped);
	ck_assert_str_eq(a, b);
	ck_assert_str_eq(once->canonical, stepped->canonical);
	/* A finished job steps no more. */
	ck_assert_int_eq(view_job_step(job, 7, &cause), 0);
	view_job_free(job);
	free(a);
	free(b);
	query_result_free(demo, once);
	query_result_free(demo, stepped);
}
END_TEST

/* A yield that says "a key was typed" at its n-th look. */
struct yield_at {
	int	looks;
	int	at;
};

static bool
yield_after(void *arg)
{
	struct yield_at	*y = arg;

	return ++y->looks >= y->at;
}

START_TEST(test_filter_cut_short_equals_filter_at_once)
{
	struct query_result	*once, *stepped;
	struct view_job		*job;
	struct yield_at		 y;
	char			*cause = NULL, *a, *b;
	int			 rc, steps = 0;

	ck_assert(view_filter(demo, all, NULL, "[aeiou]n", &once, &cause) ==
	    0);
	ck_assert_int_gt(once->count, 100);
	ck_assert(view_filter_start(demo, all, NULL, "[aeiou]n", &stepped,
	    &job, &cause) == 0);
	/*
	 * Each step asks for every row but is stopped by a key at its
	 * first look, after 1024 rows: the 3000 rows take three steps.
	 */
	do {
		y.looks = 0;
		y.at = 1;
		rc = view_job_step_for(job, 1 << 20, 0, yield_after, &y,
		    &cause);
		steps++;
		ck_assert_int_le(y.looks, 1);
	} while (rc == 1);
	ck_assert_msg(rc == 0, "%s", cause);
	ck_assert_int_eq(steps, 3);
	a = ids_of(once);
	b = ids_of(stepped);
	ck_assert_str_eq(a, b);
	view_job_free(job);
	query_result_free(demo, stepped);
	free(b);

	/* A budget already spent also stops a step at its first look. */
	ck_assert(view_filter_start(demo, all, NULL, "[aeiou]n", &stepped,
	    &job, &cause) == 0);
	steps = 0;
	while ((rc = view_job_step_for(job, 1 << 20, 1e-9, NULL, NULL,
	    &cause)) == 1)
		steps++;
	ck_assert_msg(rc == 0, "%s", cause);
	ck_assert_int_eq(steps, 2);
	b = ids_of(stepped);
	ck_assert_str_eq(a, b);
	view_job_free(job);
	query_result_free(demo, stepped);
	query_result_free(demo, once);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_filter_start_refuses_a_bad_pattern)
{
	struct query_result	*r = NULL;
	struct view_job		*job = NULL;
	char			*cause = NULL;

	ck_assert(view_filter_start(demo, all, NULL, "ab(c", &r, &job,
	    &cause) == -1);
	ck_assert_ptr_nonnull(strstr(cause, "at offset 4"));
	free(cause);
}
END_TEST

START_TEST(test_discard_in_steps_drops_the_table)
{
	struct query_result	*r;
	struct view_job		*job;
	char			*cause = NULL, *sql;
	int			 rc;

	ck_assert(view_sort(demo, all, "handle", false, &r, &cause) == 0);
	sql = xasprintf("SELECT count(*) FROM temp.sqlite_master WHERE"
	    " 'temp.' || name = '%s'", r->table);
	ck_assert_int_eq(tu_int(demo, sql), 1);
	job = view_discard_start(demo, r);
	while ((rc = view_job_step(job, 500, &cause)) == 1)
		;
	ck_assert_int_eq(rc, 0);
	view_job_free(job);
	ck_assert_int_eq(tu_int(demo, sql), 0);
	free(sql);
}
END_TEST

START_TEST(test_ord_of_follows_an_account_into_another_order)
{
	struct query_result	*sorted;
	char			*cause = NULL, *sql;
	int64_t			 ord;

	ck_assert(view_sort(demo, all, "handle", true, &sorted, &cause) == 0);
	ord = view_ord_of(demo, sorted, 42);
	ck_assert_int_gt(ord, 0);
	sql = xasprintf("SELECT account_id FROM %s WHERE ord = %lld",
	    sorted->table, (long long)ord);
	ck_assert_int_eq(tu_int(demo, sql), 42);
	free(sql);
	ck_assert_int_eq(view_ord_of(demo, sorted, 999999), 0);
	query_result_free(demo, sorted);
}
END_TEST

/* Step a query job to its end, as the screen does between keys. */
static int
run_job(struct view_job *job, char **cause)
{
	int	rc;

	while ((rc = view_job_step(job, 5, cause)) == 1)
		;
	return rc;
}

static struct query *
load(const char *yaml)
{
	char	*cause = NULL;
	struct query *q;

	q = query_load_string(yaml, strlen(yaml), "test.yaml", &cause);
	ck_assert_msg(q != NULL, "%s", cause);
	return q;
}

static const char pivot_yaml[] =
	"cibscope: 1\nname: t\nfrom: selection\n"
	"pivot: {on: [phone, avatar_hash], hops: 2, max_share: 50}\n";

START_TEST(test_query_in_a_thread_equals_query_run)
{
	struct query_result	*once, *bg;
	struct query_args	 args;
	struct view_job		*job;
	struct query		*q = load(pivot_yaml);
	int64_t			 seeds[1];
	char			*cause = NULL, *a, *b;

	/* From a planted account: its network shares phones and avatars. */
	seeds[0] = tu_int(demo, "SELECT min(account_id) FROM planted"
	    " WHERE network = 'voip-farm'");
	memset(&args, 0, sizeof args);
	args.seeds = seeds;
	args.nseeds = 1;
	ck_assert_msg(query_run(demo, q, &args, &once, &cause) == 0, "%s",
	    cause);
	ck_assert_int_gt(once->count, 2);
	ck_assert_msg(view_query_start(demo, q, &args, &bg, &job, &cause) ==
	    0, "%s", cause);
	ck_assert_int_eq(bg->count, 0);
	ck_assert_str_eq(bg->canonical, once->canonical);
	ck_assert_msg(run_job(job, &cause) == 0, "%s", cause);
	ck_assert(!view_job_running(job));
	ck_assert(view_job_progress(job) == 1.0);
	ck_assert_int_eq(bg->count, once->count);
	ck_assert_int_eq((int)bg->nhubs, (int)once->nhubs);
	a = ids_of(once);
	b = ids_of(bg);
	ck_assert_str_eq(a, b);
	view_job_free(job);
	free(a);
	free(b);
	query_result_free(demo, once);
	query_result_free(demo, bg);
}
END_TEST

START_TEST(test_query_in_a_thread_stops_when_freed)
{
	struct query_result	*r;
	struct view_job		*job;
	char			*cause = NULL;
	int			 i;

	/* Counting to 2e9 takes minutes; freeing stops it at once. */
	ck_assert(view_query_start(demo, load("cibscope: 1\nname: slow\n"
	    "from: all\nsql: |\n  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL"
	    " SELECT x + 1 FROM c WHERE x < 2000000000)\n  SELECT id FROM"
	    " accounts WHERE (SELECT count(*) FROM c) > 0\n"), NULL, &r, &job,
	    &cause) == 0);
	for (i = 0; i < 10; i++) {
		int rc = view_job_step(job, 5, &cause);

		/* Under valgrind (CK_TIMEOUT_MULTIPLIER set) the worker can
		 * hold the CPU until the raw-SQL deadline ends the query. */
		if (rc == -1 && getenv("CK_TIMEOUT_MULTIPLIER") != NULL &&
		    strstr(cause, "time limit") != NULL) {
			free(cause);
			break;
		}
		ck_assert_msg(rc == 1, "%s", cause);
		ck_assert(view_job_running(job));
		ck_assert(view_job_waited(job));
	}
	ck_assert_int_eq(r->count, 0);
	view_job_free(job);
	query_result_free(demo, r);
}
END_TEST

START_TEST(test_query_in_a_thread_reports_its_error)
{
	struct query_result	*r;
	struct query_args	 args;
	struct view_job		*job;
	const char		*names[] = { "max_share" }, *values[] = { "x" };
	int64_t			 seed = 1;
	char			*cause = NULL;

	memset(&args, 0, sizeof args);
	args.names = names;
	args.values = values;
	args.nparams = 1;
	args.seeds = &seed;
	args.nseeds = 1;
	ck_assert(view_query_start(demo, load("cibscope: 1\nname: t\n"
	    "params: {max_share: {type: int, default: 5}}\nfrom: selection\n"
	    "pivot: {on: [phone], max_share: $max_share}\n"), &args, &r, &job,
	    &cause) == 0);
	ck_assert_int_eq(run_job(job, &cause), -1);
	ck_assert_msg(strstr(cause, "\"x\"") != NULL, "%s", cause);
	free(cause);
	view_job_free(job);
	query_result_free(demo, r);
}
END_TEST

/* The whole list filtered by a scan in a thread gives the same rows,
 * never more than step rows a step. */
static void
check_scan(const char *field, const char *pattern, int64_t step)
{
	struct query_result	*once, *scanned;
	struct view_job		*job;
	char			*cause = NULL, *a, *b;
	int64_t			 last = 0;
	int			 rc, waited = 0;

	view_filter_scan_min(0);
	ck_assert(view_filter(demo, all, field, pattern, &once, &cause) == 0);
	ck_assert(view_filter_start(demo, all, field, pattern, &scanned,
	    &job, &cause) == 0);
	while ((rc = view_job_step(job, step, &cause)) == 1) {
		ck_assert_int_ge(scanned->count, last);
		ck_assert_int_le(scanned->count - last, step);
		last = scanned->count;
		if (view_job_waited(job))
			waited++;
	}
	view_filter_scan_min(65536);
	ck_assert_msg(rc == 0, "%s", cause);
	ck_assert(view_job_progress(job) == 1.0);
	a = ids_of(once);
	b = ids_of(scanned);
	ck_assert_str_eq(a, b);
	ck_assert_str_eq(once->canonical, scanned->canonical);
	ck_assert_int_eq(view_job_step(job, 5, &cause), 0);
	view_job_free(job);
	free(a);
	free(b);
	query_result_free(demo, once);
	query_result_free(demo, scanned);
}

START_TEST(test_filter_by_scan_equals_filter_at_once)
{
	check_scan(NULL, "em+a", 5);
	check_scan("bio", "(?i)news|true", 5);
	check_scan(NULL, "no such handle anywhere", 5);
	/* Steps long enough to copy many ids to an insert, and the rest
	 * one by one. */
	check_scan(NULL, ".", 700);
	check_scan("bio", "(?i)news|true", 1000);
}
END_TEST

START_TEST(test_filter_by_scan_stops_when_freed)
{
	struct query_result	*r;
	struct view_job		*job;
	char			*cause = NULL;

	view_filter_scan_min(0);
	ck_assert(view_filter_start(demo, all, "bio", "(a|b|c)+x", &r, &job,
	    &cause) == 0);
	view_filter_scan_min(65536);
	ck_assert(view_job_step(job, 5, &cause) >= 0);
	view_job_free(job);
	ck_assert_int_le(r->count, 5);
	query_result_free(demo, r);
}
END_TEST

/*
 * The row the search of n/N must find, read from the filter's rows: on
 * the whole case a row's ordinal is its id, so the ids view_filter()
 * keeps are the ordinals that match. Past the end it goes around to
 * the other end when wrap, the row from itself included.
 */
static int64_t
expected_find(const char *pattern, int64_t from, int dir, bool wrap)
{
	struct query_result	*r;
	char			*cause = NULL, *sql;
	const char		*op = dir > 0 ? ">" : "<";
	const char		*agg = dir > 0 ? "min" : "max";
	int64_t			 v;

	ck_assert_msg(view_filter(demo, all, NULL, pattern, &r, &cause) == 0,
	    "%s", cause);
	sql = xasprintf("SELECT ifnull((SELECT %s(account_id) FROM %s WHERE"
	    " account_id %s %lld), CASE WHEN %d THEN (SELECT ifnull(%s("
	    "account_id), 0) FROM %s) ELSE 0 END)", agg, r->table, op,
	    (long long)from, wrap ? 1 : 0, agg, r->table);
	v = tu_int(demo, sql);
	free(sql);
	query_result_free(demo, r);
	return v;
}

/* Step a search to its end, each step stopped by a key at its first
 * look; the number of steps in *steps. */
static int
find_stepped(const char *pattern, int64_t from, int dir, int64_t *found,
    bool *wrapped, int *steps)
{
	struct view_find	*f;
	struct yield_at		 y;
	char			*cause = NULL;
	double			 last = 0;
	int			 rc;

	ck_assert_msg(view_find_start(demo, all, NULL, pattern, from, dir, &f,
	    &cause) == 0, "%s", cause);
	ck_assert(view_find_progress(f) == 0.0);
	*steps = 0;
	do {
		y.looks = 0;
		y.at = 1;
		rc = view_find_step(f, 0, yield_after, &y, &cause);
		(*steps)++;
		ck_assert_int_le(y.looks, 1);
		ck_assert(view_find_progress(f) >= last);
		last = view_find_progress(f);
		if (rc == 1)
			ck_assert_int_eq(view_find_result(f, found, wrapped),
			    0);
	} while (rc == 1);
	ck_assert_msg(rc == 0, "%s", cause);
	ck_assert(view_find_progress(f) == 1.0);
	rc = view_find_result(f, found, wrapped);
	/* An ended search steps no more. */
	ck_assert_int_eq(view_find_step(f, 0, yield_after, &y, &cause), 0);
	view_find_free(f);
	return rc;
}

START_TEST(test_find_in_steps_finds_the_next_match_either_way)
{
	static const int64_t	 froms[] = { 0, 1, 2, 700, 1500, 2999, 3000,
				    3001 };
	static const char *const patterns[] = { "em+a", "^zq_needle$" };
	char			*cause = NULL;
	int64_t			 found, want, once;
	size_t			 i, p;
	bool			 wrapped;
	int			 dir, rc, steps;

	tu_sql(demo, "UPDATE accounts SET handle = 'zq_needle' WHERE id ="
	    " 2990");
	for (p = 0; p < nitems(patterns); p++) {
		for (i = 0; i < nitems(froms); i++) {
			for (dir = -1; dir <= 1; dir += 2) {
				want = expected_find(patterns[p], froms[i],
				    dir, true);
				ck_assert_int_gt(want, 0);
				rc = find_stepped(patterns[p], froms[i], dir,
				    &found, &wrapped, &steps);
				ck_assert_int_eq(rc, 1);
				ck_assert_msg(found == want, "/%s/ from %lld"
				    " dir %d: %lld, not %lld", patterns[p],
				    (long long)froms[i], dir, (long long)found,
				    (long long)want);
				/* view_find() does not go around. */
				once = expected_find(patterns[p], froms[i],
				    dir, false);
				ck_assert_int_eq(wrapped, once == 0);
				rc = view_find(demo, all, NULL, patterns[p],
				    froms[i], dir, &found, &cause);
				ck_assert_int_eq(rc, once > 0 ? 1 : 0);
				if (rc == 1)
					ck_assert_int_eq(found, once);
			}
		}
	}
}
END_TEST

START_TEST(test_find_in_steps_reads_a_slice_a_step)
{
	struct view_find	*f;
	char			*cause = NULL;
	int64_t			 found;
	bool			 wrapped;
	int			 rc, steps;

	tu_sql(demo, "UPDATE accounts SET handle = 'zq_needle' WHERE id ="
	    " 2990");
	/* (1, 2990] is three slices of 1024 ordinals: three steps. */
	ck_assert_int_eq(find_stepped("^zq_needle$", 1, 1, &found, &wrapped,
	    &steps), 1);
	ck_assert_int_eq(found, 2990);
	ck_assert(!wrapped);
	ck_assert_int_eq(steps, 3);
	/* Back from 10: [1, 9], then around from 3000 down: (1976, 3000]. */
	ck_assert_int_eq(find_stepped("^zq_needle$", 10, -1, &found, &wrapped,
	    &steps), 1);
	ck_assert_int_eq(found, 2990);
	ck_assert(wrapped);
	ck_assert_int_eq(steps, 2);
	/* From the match itself, forward: around the whole list to it. */
	ck_assert_int_eq(find_stepped("^zq_needle$", 2990, 1, &found,
	    &wrapped, &steps), 1);
	ck_assert_int_eq(found, 2990);
	ck_assert(wrapped);
	ck_assert_int_eq(steps, 4);
	/* ... and backward: [1, 2989] down, then around to (2989, 3000]. */
	ck_assert_int_eq(find_stepped("^zq_needle$", 2990, -1, &found,
	    &wrapped, &steps), 1);
	ck_assert_int_eq(found, 2990);
	ck_assert(wrapped);
	ck_assert_int_eq(steps, 4);

	/* A budget already spent stops a step after one slice as well. */
	ck_assert(view_find_start(demo, all, NULL, "^zq_needle$", 1, 1, &f,
	    &cause) == 0);
	steps = 0;
	while ((rc = view_find_step(f, 1e-9, NULL, NULL, &cause)) == 1)
		steps++;
	ck_assert_msg(rc == 0, "%s", cause);
	ck_assert_int_eq(steps, 2);
	ck_assert_int_eq(view_find_result(f, &found, &wrapped), 1);
	ck_assert_int_eq(found, 2990);
	view_find_free(f);
}
END_TEST

START_TEST(test_find_in_steps_without_a_match_reads_everything)
{
	int64_t	found = -1;
	bool	wrapped = false;
	int	steps;

	/* 3000 ordinals both ways round: three slices of 1024. */
	ck_assert_int_eq(find_stepped("^no such handle$", 1500, 1, &found,
	    &wrapped, &steps), 0);
	ck_assert_int_eq(found, -1);
	ck_assert_int_eq(steps, 4);
	ck_assert_int_eq(find_stepped("^no such handle$", 1500, -1, &found,
	    &wrapped, &steps), 0);
	ck_assert_int_eq(found, -1);
}
END_TEST

START_TEST(test_find_start_refuses_a_bad_pattern_or_field)
{
	struct view_find	*f = NULL;
	char			*cause = NULL;

	ck_assert(view_find_start(demo, all, NULL, "ab(c", 1, 1, &f,
	    &cause) == -1);
	ck_assert_ptr_nonnull(strstr(cause, "at offset 4"));
	ck_assert_ptr_null(f);
	free(cause);
	cause = NULL;
	ck_assert(view_find_start(demo, all, "nosuchfield", "a", 1, 1, &f,
	    &cause) == -1);
	ck_assert_ptr_nonnull(strstr(cause, "nosuchfield"));
	ck_assert_ptr_null(f);
	free(cause);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("view");
	TCase	*tc = tcase_create("view");

	tcase_add_checked_fixture(tc, demo_setup, demo_teardown);
	tcase_add_test(tc, test_filter_in_steps_equals_filter_at_once);
	tcase_add_test(tc, test_filter_cut_short_equals_filter_at_once);
	tcase_add_test(tc, test_filter_start_refuses_a_bad_pattern);
	tcase_add_test(tc, test_discard_in_steps_drops_the_table);
	tcase_add_test(tc, test_ord_of_follows_an_account_into_another_order);
	tcase_add_test(tc, test_query_in_a_thread_equals_query_run);
	tcase_add_test(tc, test_query_in_a_thread_stops_when_freed);
	tcase_add_test(tc, test_query_in_a_thread_reports_its_error);
	tcase_add_test(tc, test_filter_by_scan_equals_filter_at_once);
	tcase_add_test(tc, test_filter_by_scan_stops_when_freed);
	tcase_add_test(tc, test_find_in_steps_finds_the_next_match_either_way);
	tcase_add_test(tc, test_find_in_steps_reads_a_slice_a_step);
	tcase_add_test(tc, test_find_in_steps_without_a_match_reads_everything);
	tcase_add_test(tc, test_find_start_refuses_a_bad_pattern_or_field);
	suite_add_tcase(s, tc);
	return s;
}
