/*
 * probe.c: latency and throughput of cibscope's engine, measured in
 * process through libcibcore, the way the screen and the commands call it.
 *
 *	probe pivot CASE.db N SEED        pivots from N random accounts,
 *	                                  twice (the second pass is warm)
 *	probe cold CASE.db N SEED         N pivots, each on a new connection
 *	                                  after dropping the OS page cache
 *	probe page CASE.db N PATTERN      N random pages of the whole list and
 *	                                  of the list filtered by PATTERN
 *	probe regex CASE.db PATTERN       the filter over every handle
 *	probe detect CASE.db              network detection, default kinds, as
 *	                                  the screen runs it, then with every
 *	                                  member's handle
 *	probe coord CASE.db post|link     co-post or co-link, 60 s window
 *
 * Output lines, times in milliseconds:
 *	S NAME n min p50 p99 max          a set of samples
 *	T NAME ms [key=value]...          one timing
 *	I key=value                       facts about the run
 */
#define _DEFAULT_SOURCE

#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "case.h"
#include "coord.h"
#include "detect.h"
#include "query.h"
#include "result.h"
#include "view.h"

#define PAGE_ROWS	50

static uint64_t	rng_state;

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void
fail(const char *what, char *cause)
{
	fprintf(stderr, "probe: %s: %s\n", what, cause != NULL ? cause : "?");
	exit(1);
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Print a sample set; the samples are sorted in place. */
static void
report(const char *name, double *v, size_t n)
{
	size_t	i99;

	if (n == 0) {
		printf("S %s 0 0 0 0 0\n", name);
		return;
	}
	qsort(v, n, sizeof *v, cmp_double);
	i99 = (size_t)((double)n * 0.99 + 0.999999);
	if (i99 > 0)
		i99--;
	if (i99 >= n)
		i99 = n - 1;
	printf("S %s %zu %.4f %.4f %.4f %.4f\n", name, n, v[0], v[n / 2],
	    v[i99], v[n - 1]);
}

static struct case_db *
open_case(const char *path)
{
	struct case_db	*c;
	char		*cause = NULL;

	if ((c = case_open(path, 0, &cause)) == NULL)
		fail(path, cause);
	return c;
}

static int64_t
max_account(struct case_db *c)
{
	sqlite3_stmt	*st;
	int64_t		 n = 0;

	sqlite3_prepare_v2(c->db, "SELECT max(id) FROM accounts", -1, &st,
	    NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
page_row(void *arg, const struct result_row *row)
{
	int64_t	*rows = arg;

	(*rows)++;
}

/* The pivot the screen runs on Enter: one hop over detection's kinds. */
static struct query *
pivot_query(void)
{
	struct query	*q = query_new();
	size_t		 i;

	q->name = strdup("pivot");
	q->from = QUERY_FROM_SELECTION;
	q->pivot = calloc(1, sizeof *q->pivot);
	q->pivot->kinds = calloc(detect_ndefault_kinds, sizeof (char *));
	for (i = 0; i < detect_ndefault_kinds; i++)
		q->pivot->kinds[i] = strdup(detect_default_kinds[i]);
	q->pivot->nkinds = detect_ndefault_kinds;
	return q;
}

/*
 * One pivot from seed: the time to run it and the time to read its first
 * page. Returns the result's size.
 */
static int64_t
pivot_once(struct case_db *c, struct query *q, int64_t seed, double *run,
    double *page)
{
	struct query_args	 a;
	struct query_result	*r;
	char			*cause = NULL;
	int64_t			 rows = 0, count;
	double			 t0, t1, t2;

	memset(&a, 0, sizeof a);
	a.seeds = &seed;
	a.nseeds = 1;
	t0 = now_ms();
	if (query_run(c, q, &a, &r, &cause) != 0)
		fail("pivot", cause);
	t1 = now_ms();
	if (result_page(c, r, 1, PAGE_ROWS, page_row, &rows, &cause) < 0)
		fail("first page", cause);
	t2 = now_ms();
	count = r->count;
	query_result_free(c, r);
	*run = t1 - t0;
	*page = t2 - t1;
	return count;
}

static int
cmd_pivot(const char *path, size_t n)
{
	struct case_db	*c = open_case(path);
	struct query	*q = pivot_query();
	double		*run = calloc(n, sizeof *run);
	double		*page = calloc(n, sizeof *page);
	double		*both = calloc(n, sizeof *both);
	int64_t		*seeds = calloc(n, sizeof *seeds);
	int64_t		 maxid = max_account(c), found = 0;
	size_t		 i;

	for (i = 0; i < n; i++)
		seeds[i] = 1 + (int64_t)(rng() % (uint64_t)maxid);
	/* The first pass touches the pages; the second is the warm one. */
	for (i = 0; i < n; i++)
		pivot_once(c, q, seeds[i], &run[i], &page[i]);
	report("pivot.first_touch", run, n);
	for (i = 0; i < n; i++) {
		found += pivot_once(c, q, seeds[i], &run[i], &page[i]);
		both[i] = run[i] + page[i];
	}
	report("pivot.warm", run, n);
	report("pivot.first_page.warm", page, n);
	report("pivot.with_page.warm", both, n);
	printf("I pivot_mean_result=%.1f\n", (double)found / (double)n);
	query_free(q);
	case_close(c);
	free(run);
	free(page);
	free(both);
	free(seeds);
	return 0;
}

/* Drop the OS page cache; false when this machine does not let us. */
static bool
drop_caches(void)
{
	int	fd;
	bool	ok;

	sync();
	if ((fd = open("/proc/sys/vm/drop_caches", O_WRONLY)) == -1)
		return false;
	ok = write(fd, "3\n", 2) == 2;
	close(fd);
	return ok;
}

static int
cmd_cold(const char *path, size_t n)
{
	struct case_db	*c;
	struct query	*q = pivot_query();
	double		*run = calloc(n, sizeof *run);
	double		*page = calloc(n, sizeof *page);
	double		*opn = calloc(n, sizeof *opn);
	int64_t		 maxid;
	bool		 dropped = true;
	double		 t0;
	size_t		 i;

	c = open_case(path);
	maxid = max_account(c);
	case_close(c);
	for (i = 0; i < n; i++) {
		int64_t seed = 1 + (int64_t)(rng() % (uint64_t)maxid);

		if (!drop_caches())
			dropped = false;
		t0 = now_ms();
		c = open_case(path);
		opn[i] = now_ms() - t0;
		pivot_once(c, q, seed, &run[i], &page[i]);
		case_close(c);
	}
	printf("I cold_mode=%s\n", dropped ? "drop_caches" :
	    "new_connection_only");
	report("pivot.cold", run, n);
	report("pivot.first_page.cold", page, n);
	report("case_open.cold", opn, n);
	query_free(q);
	free(run);
	free(page);
	free(opn);
	return 0;
}

static struct query_result *
all_accounts(struct case_db *c, double *ms)
{
	struct query		*q = query_new();
	struct query_args	 a;
	struct query_result	*r;
	char			*cause = NULL;
	double			 t0;

	q->name = strdup("all");
	q->from = QUERY_FROM_ALL;
	memset(&a, 0, sizeof a);
	t0 = now_ms();
	if (query_run(c, q, &a, &r, &cause) != 0)
		fail("all accounts", cause);
	*ms = now_ms() - t0;
	query_free(q);
	return r;
}

/* The list the screen opens on (view_all: a view over accounts when
 * ids have no gaps, as in generated cases). */
static struct query_result *
screen_list(struct case_db *c)
{
	struct query_result	*r;
	char			*cause = NULL;

	if (view_all(c, &r, &cause) != 0)
		fail("the screen's list", cause);
	return r;
}

static void
random_pages(struct case_db *c, const struct query_result *r,
    const char *name, size_t n)
{
	double		*v = calloc(n + 2, sizeof *v);
	char		*cause = NULL;
	char		 label[64];
	int64_t		 rows, first, last = r->count - PAGE_ROWS + 1;
	double		 t0;
	size_t		 i;

	if (last < 1)
		last = 1;
	for (i = 0; i < n + 2; i++) {
		/* The first and last pages always, then anywhere. */
		first = i == 0 ? 1 : i == 1 ? last :
		    1 + (int64_t)(rng() % (uint64_t)last);
		rows = 0;
		t0 = now_ms();
		if (result_page(c, r, first, PAGE_ROWS, page_row, &rows,
		    &cause) < 0)
			fail("page", cause);
		v[i] = now_ms() - t0;
	}
	snprintf(label, sizeof label, "page.%s", name);
	report(label, v, n + 2);
	free(v);
}

static int
cmd_page(const char *path, size_t n, const char *pattern)
{
	struct case_db		*c = open_case(path);
	struct query_result	*all, *filtered;
	char			*cause = NULL;
	double			 ms, t0;

	/* A saved query of every account is materialized; the screen's
	 * opening list is not. Pages are read from the screen's. */
	all = all_accounts(c, &ms);
	printf("T list.materialize %.3f rows=%lld\n", ms,
	    (long long)all->count);
	query_result_free(c, all);
	all = screen_list(c);
	random_pages(c, all, "plain", n);
	t0 = now_ms();
	if (view_filter(c, all, "handle", pattern, &filtered, &cause) != 0)
		fail("filter", cause);
	printf("T list.filter %.3f rows=%lld\n", now_ms() - t0,
	    (long long)filtered->count);
	random_pages(c, filtered, "filtered", n);
	query_result_free(c, filtered);
	query_result_free(c, all);
	case_close(c);
	return 0;
}

static int
cmd_regex(const char *path, const char *pattern)
{
	struct case_db		*c = open_case(path);
	struct query_result	*all, *filtered;
	struct view_job		*job;
	sqlite3_stmt		*st;
	char			*cause = NULL;
	int64_t			 n = 0;
	double			 t0;
	int			 rc, steps, thread;

	/* The SQL function alone, over every handle. */
	sqlite3_prepare_v2(c->db, "SELECT count(*) FROM accounts"
	    " WHERE regexp(?1, handle)", -1, &st, NULL);
	sqlite3_bind_text(st, 1, pattern, -1, SQLITE_STATIC);
	t0 = now_ms();
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	printf("T regex.sql %.3f matches=%lld\n", now_ms() - t0,
	    (long long)n);
	sqlite3_finalize(st);

	/* The same scan without the regex: what reading handles costs. */
	sqlite3_prepare_v2(c->db, "SELECT count(*) FROM accounts"
	    " WHERE length(handle) >= 0", -1, &st, NULL);
	t0 = now_ms();
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	printf("T regex.scan_only %.3f rows=%lld\n", now_ms() - t0,
	    (long long)n);
	sqlite3_finalize(st);

	/* What the screen's `/` does on the list it opens on. */
	all = screen_list(c);
	t0 = now_ms();
	if (view_filter(c, all, "handle", pattern, &filtered, &cause) != 0)
		fail("filter", cause);
	printf("T regex.view_filter %.3f matches=%lld\n", now_ms() - t0,
	    (long long)filtered->count);
	query_result_free(c, filtered);

	/* The screen's own filter (handle or display name): at once, in
	 * the steps the screen makes on its thread (6 ms each, none cut
	 * short), and by a scan in a thread of its own, whose steps only
	 * copy what it found (waiting 1 ms when there is nothing new). */
	t0 = now_ms();
	if (view_filter(c, all, NULL, pattern, &filtered, &cause) != 0)
		fail("filter", cause);
	printf("T regex.screen_filter %.3f matches=%lld\n", now_ms() - t0,
	    (long long)filtered->count);
	query_result_free(c, filtered);
	for (thread = 0; thread < 2; thread++) {
		view_filter_scan_min(thread ? 0 : INT64_MAX);
		steps = 0;
		t0 = now_ms();
		if (view_filter_start(c, all, NULL, pattern, &filtered, &job,
		    &cause) != 0)
			fail("filter", cause);
		while ((rc = view_job_step_for(job, 1 << 20, 0.006, NULL,
		    NULL, &cause)) > 0) {
			if (view_job_waited(job))
				poll(NULL, 0, 1);	/* as the screen waits */
			steps++;
		}
		if (rc < 0)
			fail("filter", cause);
		view_job_free(job);
		printf("T regex.screen_filter_%s %.3f matches=%lld"
		    " steps=%d\n", thread ? "thread" : "steps",
		    now_ms() - t0, (long long)filtered->count, steps + 1);
		query_result_free(c, filtered);
	}
	query_result_free(c, all);
	case_close(c);
	return 0;
}

/* One detection run: as the screen's list runs it (first), or with
 * every member's handle, as `networks detect` prints them. */
static void
detect_once(struct case_db *c, bool first_only)
{
	struct detect_result	*r;
	struct detect_opts	 o;
	char			*cause = NULL;
	double			 t0;
	size_t			 members = 0, i;

	memset(&o, 0, sizeof o);
	o.first_handles_only = first_only;
	t0 = now_ms();
	if (detect_run(c, &o, &r, &cause) != 0)
		fail("detect", cause);
	for (i = 0; i < r->nnetworks; i++)
		members += r->networks[i].size;
	printf("T %s %.3f rows=%lld networks=%zu members=%zu\n",
	    first_only ? "detect" : "detect.all_handles", now_ms() - t0,
	    (long long)r->rows, r->nnetworks, members);
	detect_result_free(r);
}

static int
cmd_detect(const char *path)
{
	struct case_db	*c = open_case(path);

	detect_once(c, true);
	detect_once(c, false);
	case_close(c);
	return 0;
}

static int
cmd_coord(const char *path, const char *kind)
{
	struct case_db		*c = open_case(path);
	struct coord_result	*r;
	struct coord_opts	 o;
	char			*cause = NULL;
	double			 t0;

	memset(&o, 0, sizeof o);
	if (!coord_kind_parse(kind, &o.kind)) {
		fprintf(stderr, "probe: %s: not a coordination kind\n", kind);
		return 2;
	}
	o.window = 60;
	o.min_weight = 2;
	t0 = now_ms();
	if (coord_run(c, &o, &r, &cause) != 0)
		fail("coordination", cause);
	printf("T coord.%s %.3f posts=%llu keys=%llu edges=%zu groups=%zu\n",
	    kind, now_ms() - t0, (unsigned long long)r->nposts,
	    (unsigned long long)r->nkeys, r->nedges, r->ngroups);
	coord_result_free(r);
	case_close(c);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc < 3)
		goto usage;
	case_library_init();	/* as cibscope's main */
	rng_state = 0x9e3779b97f4a7c15ULL;
	if (strcmp(argv[1], "pivot") == 0 && argc == 5) {
		rng_state ^= strtoull(argv[4], NULL, 10);
		return cmd_pivot(argv[2], strtoul(argv[3], NULL, 10));
	}
	if (strcmp(argv[1], "cold") == 0 && argc == 5) {
		rng_state ^= strtoull(argv[4], NULL, 10);
		return cmd_cold(argv[2], strtoul(argv[3], NULL, 10));
	}
	if (strcmp(argv[1], "page") == 0 && argc == 5)
		return cmd_page(argv[2], strtoul(argv[3], NULL, 10), argv[4]);
	if (strcmp(argv[1], "regex") == 0 && argc == 4)
		return cmd_regex(argv[2], argv[3]);
	if (strcmp(argv[1], "detect") == 0 && argc == 3)
		return cmd_detect(argv[2]);
	if (strcmp(argv[1], "coord") == 0 && argc == 4)
		return cmd_coord(argv[2], argv[3]);
usage:
	fprintf(stderr, "usage: probe pivot|cold|page|regex|detect|coord"
	    " CASE.db ...\n");
	return 2;
}
