/*
 * view.c: the reads the investigation screen needs besides result pages:
 * one account in full, filtered and re-sorted copies of a result, regex
 * search inside a result, the case's attribute kinds, and a progress hook
 * on the case's connection.
 */
#include "config.h"
#include "view.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgrun.h"
#include "case.h"
#include "query.h"
#include "regex.h"
#include "util.h"

/* The accounts columns shown in the detail, in schema order. */
static const char *const account_columns[] = {
	"platform", "native_id", "handle", "display_name", "bio", "url",
	"created_at", "followers", "following", "posts", "country",
	"language", "status",
};

const char *
view_account_field(const struct view_account *v, const char *name)
{
	size_t	i;

	for (i = 0; i < v->nfields; i++) {
		if (strcmp(v->names[i], name) == 0)
			return v->values[i];
	}
	return NULL;
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char	*s = sqlite3_column_text(st, i);

	if (s == NULL)
		return NULL;
	return xstrndup((const char *)s, (size_t)sqlite3_column_bytes(st, i));
}

int
view_account_load(struct case_db *c, int64_t id, int64_t max_share,
    struct view_account **out, char **cause)
{
	struct view_account	*v;
	sqlite3_stmt		*st;
	struct buf		 sql = BUF_INIT;
	size_t			 i;
	int			 rc;

	if (max_share <= 0)
		max_share = 50;
	buf_adds(&sql, "SELECT ");
	for (i = 0; i < nitems(account_columns); i++)
		buf_printf(&sql, "%s%s", i > 0 ? ", " : "", account_columns[i]);
	buf_adds(&sql, " FROM accounts WHERE id = ?1");
	rc = sqlite3_prepare_v2(c->db, sql.data, -1, &st, NULL);
	buf_free(&sql);
	if (rc != SQLITE_OK)
		return case_error(c, cause, "reading an account");
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return set_cause(cause, "no account %lld in this case",
			    (long long)id);
		return case_error(c, cause, "reading an account");
	}
	v = xcalloc(1, sizeof *v);
	v->id = id;
	v->nfields = nitems(account_columns);
	for (i = 0; i < nitems(account_columns); i++) {
		v->names[i] = account_columns[i];
		v->values[i] = col_dup(st, (int)i);
	}
	sqlite3_finalize(st);

	if (sqlite3_prepare_v2(c->db, "SELECT a.kind, a.value, coalesce("
	    "s.accounts, 1) FROM attributes a LEFT JOIN attribute_stats s ON"
	    " s.kind = a.kind AND s.value = a.value WHERE a.account_id = ?1"
	    " ORDER BY a.kind, a.value", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct view_attr *a;

		v->attrs = xreallocarray(v->attrs, v->nattrs + 1,
		    sizeof *v->attrs);
		a = &v->attrs[v->nattrs++];
		a->kind = col_dup(st, 0);
		a->value = col_dup(st, 1);
		if (a->kind == NULL)
			a->kind = xstrdup("");
		if (a->value == NULL)
			a->value = xstrdup("");
		a->accounts = sqlite3_column_int64(st, 2);
		a->hub = a->accounts > max_share;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		goto fail;

	if (sqlite3_prepare_v2(c->db, "SELECT n.name, n.label, m.evidence"
	    " FROM network_members m JOIN networks n ON n.id = m.network_id"
	    " WHERE m.account_id = ?1 ORDER BY n.name", -1, &st, NULL) !=
	    SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct view_net *n;

		v->nets = xreallocarray(v->nets, v->nnets + 1, sizeof *v->nets);
		n = &v->nets[v->nnets++];
		n->name = col_dup(st, 0);
		n->label = col_dup(st, 1);
		n->evidence = col_dup(st, 2);
		if (n->name == NULL)
			n->name = xstrdup("");
		if (n->label == NULL)
			n->label = xstrdup("");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		goto fail;
	*out = v;
	return 0;

fail:
	case_error(c, cause, "reading an account");
	view_account_free(v);
	return -1;
}

void
view_account_free(struct view_account *v)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; i < v->nfields; i++)
		free(v->values[i]);
	for (i = 0; i < v->nattrs; i++) {
		free(v->attrs[i].kind);
		free(v->attrs[i].value);
	}
	free(v->attrs);
	for (i = 0; i < v->nnets; i++) {
		free(v->nets[i].name);
		free(v->nets[i].label);
		free(v->nets[i].evidence);
	}
	free(v->nets);
	free(v);
}

/* ---- derived results ------------------------------------------------- */

/* A fresh temporary table for a derived result; names never repeat. */
static struct query_result *
result_new(struct case_db *c, char **cause)
{
	static atomic_ulong	 serial;
	struct query_result	*r;
	char			*sql;
	int			 rc;

	r = xcalloc(1, sizeof *r);
	r->table = xasprintf("temp.view_%lu", ++serial);
	sql = xasprintf("CREATE TABLE %s(ord INTEGER PRIMARY KEY, account_id"
	    " INTEGER NOT NULL, evidence TEXT)", r->table);
	rc = case_exec(c, sql, cause);
	free(sql);
	if (rc != 0) {
		free(r->table);
		free(r);
		return NULL;
	}
	return r;
}

/* The match condition on accounts `a` for a field (NULL: handle or
 * display name), with the pattern bound as ?1. */
static int
match_sql(const char *field, struct buf *b, char **cause)
{
	if (field == NULL) {
		buf_adds(b, "(regexp(?1, a.handle) OR regexp(?1,"
		    " a.display_name))");
		return 0;
	}
	if (!query_field_known(field, NULL))
		return set_cause(cause, "unknown field \"%s\" (try handle, "
		    "display_name, bio, url, country, ...)", field);
	buf_printf(b, "regexp(?1, CAST(a.%s AS TEXT))", field);
	return 0;
}

/* Compile once here, so a bad pattern gives regex.h's own message. */
static int
pattern_check(const char *pattern, char **cause)
{
	struct regex	*re;

	if ((re = regex_compile(pattern, 0, cause)) == NULL)
		return -1;
	regex_free(re);
	return 0;
}

static int
run_insert(struct case_db *c, const char *sql, const char *bind1,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "making a view");
	if (bind1 != NULL)
		sqlite3_bind_text(st, 1, bind1, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_INTERRUPT)
			return set_cause(cause, "cancelled");
		return case_error(c, cause, "making a view");
	}
	return 0;
}

struct view_job {
	struct case_db		*c;
	struct query_result	*r;		/* the caller's; a discard's own */
	bool			 discard;
	sqlite3_stmt		*st;
	char			*pattern;
	int64_t			 done;		/* ordinals of src read */
	int64_t			 total;		/* src's rows */

	/* A query job: the run, then its rows read on its connection. */
	struct bgrun		*bg;
	sqlite3_stmt		*src;
	bool			 waiting;	/* the last step only waited */

	/* A filter of the whole case made by a scan in a thread (bg). */
	struct scan		*scan;
	sqlite3_stmt		*batch;		/* inserts SCAN_BATCH ids */
};

/*
 * A filter of the list of every account (view_all()'s view, whose
 * ordinal is the account id) with at least scan_min rows is made by a
 * scan of the accounts in a thread of its own, on a read connection of
 * its own (bgrun.h): the input thread only copies the ids found into
 * the result, so it stays free for keys. The scan filters SCAN_SLICE
 * ids at a time and hands over each slice's matches, which the input
 * thread copies and frees, so rows come first ones first. A stop
 * interrupts the scan within a slice. (Two scan threads sharing the
 * slices were tried: on 2 cores the list came no sooner on the screen,
 * 475-525 ms against 480-859 ms at 1M accounts in bench/typing, but they
 * starved the input thread and tmux, key to refresh p99 19-26 ms against
 * 10-17 ms, and took RSS to 63.5 MiB against 49.5 MiB.)
 */
#define SCAN_SLICE	16384
#define SCAN_COPY	1024

/*
 * The ids are copied SCAN_BATCH to an insert (a VALUES list of that many
 * rows), and the rest of a copy one by one: one insert per id cost the
 * input thread 180-240 ms for 331063 ids, SCAN_BATCH to an insert 60 ms.
 */
#define SCAN_BATCH	256

static int64_t	scan_min = 65536;

/* The names of view_all()'s views, whose ordinal is the account id. */
#define VIEW_ALL_TABLE	"temp.view_all_"

void
view_filter_scan_min(int64_t rows)
{
	scan_min = rows;
}

/* The matches among ids (k * SCAN_SLICE, (k + 1) * SCAN_SLICE]. */
struct scan_slice {
	int64_t		*ids;		/* ascending */
	size_t		 n;
};

struct scan {
	char		*pattern;
	char		*field;		/* NULL: handle or display name */
	int64_t		 total;		/* ids 1..total */
	struct bgrun	*bg;

	pthread_mutex_t	 lock;
	struct scan_slice *slices;
	size_t		 nslices;
	size_t		 handed;	/* under lock: slices handed over */

	size_t		 cur;		/* input thread: slice being copied */
	size_t		 off;		/* ... and its ids copied so far */
};

static void
scan_free(struct scan *s)
{
	size_t	i;

	if (s == NULL)
		return;
	bgrun_free(s->bg);
	pthread_mutex_destroy(&s->lock);
	for (i = 0; i < s->nslices; i++)
		free(s->slices[i].ids);
	free(s->slices);
	free(s->pattern);
	free(s->field);
	free(s);
}

/* The thread: every slice in turn, its matching ids handed over. */
static int
scan_run(struct case_db *c, void *arg, struct bgrun *bg, char **cause)
{
	struct scan	*s = arg;
	struct buf	 b = BUF_INIT;
	sqlite3_stmt	*st;
	int64_t		*found, lo, hi;
	size_t		 n, cap, k;
	int		 rc;

	(void)bg;
	buf_adds(&b, "SELECT a.id FROM accounts a WHERE a.id > ?2 AND"
	    " a.id <= ?3 AND ");
	if (match_sql(s->field, &b, cause) != 0) {
		buf_free(&b);
		return -1;
	}
	buf_adds(&b, " ORDER BY a.id");
	rc = sqlite3_prepare_v2(c->db, b.data, -1, &st, NULL);
	buf_free(&b);
	if (rc != SQLITE_OK)
		return case_error(c, cause, "filtering");
	sqlite3_bind_text(st, 1, s->pattern, -1, SQLITE_STATIC);
	rc = SQLITE_DONE;
	for (k = 0; k < s->nslices; k++) {
		lo = (int64_t)k * SCAN_SLICE;
		hi = s->total - lo > SCAN_SLICE ? lo + SCAN_SLICE : s->total;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 2, lo);
		sqlite3_bind_int64(st, 3, hi);
		found = NULL;
		n = cap = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (n == cap) {
				cap = cap == 0 ? 256 : cap * 2;
				found = xreallocarray(found, cap,
				    sizeof *found);
			}
			found[n++] = sqlite3_column_int64(st, 0);
		}
		if (rc != SQLITE_DONE) {
			free(found);
			break;
		}
		s->slices[k].ids = found;
		s->slices[k].n = n;
		pthread_mutex_lock(&s->lock);
		s->handed = k + 1;
		pthread_mutex_unlock(&s->lock);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_INTERRUPT)
			return set_cause(cause, "cancelled");
		return case_error(c, cause, "filtering");
	}
	return 0;
}

/* Start the scan for j, or leave j to be made in steps here. */
static void
scan_start(struct view_job *j, const struct query_result *src,
    const char *field)
{
	struct scan	*s;
	struct buf	 b = BUF_INIT;
	sqlite3_stmt	*st, *batch;
	int		 rc, i;

	if (src->count < scan_min || strncmp(src->table, VIEW_ALL_TABLE,
	    strlen(VIEW_ALL_TABLE)) != 0)
		return;
	/* The whole case's list has no evidence. */
	buf_printf(&b, "INSERT INTO %s(account_id) VALUES(?)", j->r->table);
	rc = sqlite3_prepare_v2(j->c->db, b.data, -1, &st, NULL);
	for (i = 1; i < SCAN_BATCH; i++)
		buf_adds(&b, ",(?)");
	if (rc == SQLITE_OK && sqlite3_prepare_v2(j->c->db, b.data, -1,
	    &batch, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		rc = SQLITE_ERROR;
	}
	buf_free(&b);
	if (rc != SQLITE_OK)
		return;
	s = xcalloc(1, sizeof *s);
	s->pattern = xstrdup(j->pattern);
	s->field = field != NULL ? xstrdup(field) : NULL;
	s->total = src->count;
	s->nslices = (size_t)((s->total + SCAN_SLICE - 1) / SCAN_SLICE);
	s->slices = xcalloc(s->nslices > 0 ? s->nslices : 1,
	    sizeof *s->slices);
	pthread_mutex_init(&s->lock, NULL);
	if ((s->bg = bgrun_start(j->c->path, scan_run, s, NULL)) == NULL) {
		sqlite3_finalize(batch);
		sqlite3_finalize(st);
		scan_free(s);
		return;
	}
	sqlite3_finalize(j->st);
	j->st = st;
	j->batch = batch;
	j->scan = s;
}

static int
filter_start(struct case_db *c, const struct query_result *src,
    const char *field, const char *pattern, bool thread,
    struct query_result **out, struct view_job **job, char **cause)
{
	struct query_result	*r;
	struct view_job		*j;
	struct buf		 b = BUF_INIT, d = BUF_INIT;
	int			 rc;

	if (pattern_check(pattern, cause) != 0)
		return -1;
	if ((r = result_new(c, cause)) == NULL)
		return -1;
	buf_printf(&b, "INSERT INTO %s(account_id, evidence) SELECT"
	    " s.account_id, s.evidence FROM %s s JOIN accounts a ON a.id ="
	    " s.account_id WHERE s.ord > ?2 AND s.ord <= ?3 AND ", r->table,
	    src->table);
	if (match_sql(field, &b, cause) != 0) {
		buf_free(&b);
		query_result_free(c, r);
		return -1;
	}
	buf_adds(&b, " ORDER BY s.ord");
	j = xcalloc(1, sizeof *j);
	rc = sqlite3_prepare_v3(c->db, b.data, -1, SQLITE_PREPARE_PERSISTENT,
	    &j->st, NULL);
	buf_free(&b);
	if (rc != SQLITE_OK) {
		free(j);
		query_result_free(c, r);
		return case_error(c, cause, "making a view");
	}
	j->c = c;
	j->r = r;
	j->pattern = xstrdup(pattern);
	j->total = src->count;
	sqlite3_bind_text(j->st, 1, j->pattern, -1, SQLITE_STATIC);
	buf_adds(&d, "{\"filter\":{\"field\":");
	buf_add_json(&d, field != NULL ? field : "handle|display_name");
	buf_adds(&d, ",\"regex\":");
	buf_add_json(&d, pattern);
	buf_adds(&d, "},\"of\":");
	buf_adds(&d, src->canonical != NULL ? src->canonical : "null");
	buf_addc(&d, '}');
	r->canonical = buf_steal(&d);
	if (thread)
		scan_start(j, src, field);
	*out = r;
	*job = j;
	return 0;
}

int
view_filter_start(struct case_db *c, const struct query_result *src,
    const char *field, const char *pattern, struct query_result **out,
    struct view_job **job, char **cause)
{
	return filter_start(c, src, field, pattern, true, out, job, cause);
}

struct view_job *
view_discard_start(struct case_db *c, struct query_result *r)
{
	struct view_job	*j;
	char		*sql;

	j = xcalloc(1, sizeof *j);
	j->c = c;
	j->r = r;
	j->discard = true;
	j->total = r->count;
	sql = xasprintf("DELETE FROM %s WHERE ord > ?2 AND ord <= ?3",
	    r->table);
	if (sqlite3_prepare_v2(c->db, sql, -1, &j->st, NULL) != SQLITE_OK)
		j->total = 0;		/* the drop at the end does it all */
	free(sql);
	return j;
}

/*
 * A query job. Until the run ends each step only looks whether it has
 * (view_job_waited()); then each step copies the next n rows of the
 * run's result, in order, from the run's connection into the caller's
 * result.
 */

int
view_query_start(struct case_db *c, struct query *q,
    const struct query_args *args, struct query_result **out,
    struct view_job **job, char **cause)
{
	struct query_result	*r;
	struct view_job		*j;
	char			*sql;
	int			 rc;

	if ((r = result_new(c, cause)) == NULL)
		return -1;
	j = xcalloc(1, sizeof *j);
	sql = xasprintf("INSERT INTO %s(account_id, evidence) VALUES(?1, ?2)",
	    r->table);
	rc = sqlite3_prepare_v2(c->db, sql, -1, &j->st, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		case_error(c, cause, "making a view");
		free(j);
		query_result_free(c, r);
		return -1;
	}
	r->canonical = query_canonical(q, args);
	if ((j->bg = bgrun_query_start(c->path, q, args, cause)) == NULL) {
		sqlite3_finalize(j->st);
		free(j);
		query_result_free(c, r);
		return -1;
	}
	j->c = c;
	j->r = r;
	*out = r;
	*job = j;
	return 0;
}

/* The run has ended: read its result from here on. */
static int
query_job_open(struct view_job *j, char **cause)
{
	const struct query_result	*sr;
	struct case_db			*sc = bgrun_case(j->bg);
	char				*sql;
	size_t				 i;
	int				 rc;

	if (bgrun_status(j->bg, cause) != 0)
		return -1;
	sr = bgrun_query_result(j->bg);
	sql = xasprintf("SELECT ord, account_id, evidence FROM %s WHERE"
	    " ord > ?1 AND ord <= ?2 ORDER BY ord", sr->table);
	rc = sqlite3_prepare_v2(sc->db, sql, -1, &j->src, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return case_error(sc, cause, "reading a query's result");
	j->total = sr->count;
	if (sr->nhubs > 0) {
		j->r->hubs = xcalloc(sr->nhubs, sizeof *j->r->hubs);
		for (i = 0; i < sr->nhubs; i++) {
			j->r->hubs[i].kind = xstrdup(sr->hubs[i].kind);
			j->r->hubs[i].value = xstrdup(sr->hubs[i].value);
			j->r->hubs[i].accounts = sr->hubs[i].accounts;
		}
		j->r->nhubs = sr->nhubs;
	}
	return 0;
}

/*
 * A step with a limit looks at the clock, and asks its yield function,
 * every VIEW_CLOCK_ROWS rows of src it reads; it stops once the budget
 * is spent or yield says so, however many of its n rows are left, and
 * the next step goes on from the row after the last one read. So a
 * step's time does not depend on how many rows match or what the
 * pattern costs: it ends within one slice of VIEW_CLOCK_ROWS rows (a
 * fraction of a millisecond) of its budget or of a key being typed.
 */
#define VIEW_CLOCK_ROWS	1024

struct step_limit {
	double		  deadline;	/* 0: none */
	bool		(*yield)(void *);
	void		 *arg;
};

static bool
step_limit_reached(const struct step_limit *lim)
{
	if (lim->deadline > 0 && clock_now() >= lim->deadline)
		return true;
	return lim->yield != NULL && lim->yield(lim->arg);
}

/*
 * A filter's or a discard's step: the job's INSERT ... SELECT (or
 * DELETE) over src's ordinals (done, to], run a slice of
 * VIEW_CLOCK_ROWS ordinals at a time when the step has a limit, so that
 * the work stays in SQL.
 */
static int
slice_step(struct view_job *j, int64_t to, const struct step_limit *lim,
    char **cause)
{
	bool	 sliced = lim->deadline > 0 || lim->yield != NULL;
	int64_t	 from, next;
	int	 rc;

	for (from = j->done; from < to; from = next) {
		next = sliced && to - from > VIEW_CLOCK_ROWS ?
		    from + VIEW_CLOCK_ROWS : to;
		sqlite3_reset(j->st);
		sqlite3_bind_int64(j->st, 2, from);
		sqlite3_bind_int64(j->st, 3, next);
		rc = sqlite3_step(j->st);
		if (rc != SQLITE_DONE) {
			sqlite3_reset(j->st);
			if (rc == SQLITE_INTERRUPT)
				return set_cause(cause, "cancelled");
			return case_error(j->c, cause, "making a view");
		}
		if (!j->discard)
			j->r->count += sqlite3_changes64(j->c->db);
		j->done = next;
		if (sliced && next < to && step_limit_reached(lim))
			break;
	}
	return j->done < j->total ? 1 : 0;
}

/*
 * A query's step: copy the rows of the run's result with ordinals
 * (done, to] into the job's result, in one savepoint, row by row,
 * stopping early at the limit.
 */
static int
copy_step(struct view_job *j, int64_t to, const struct step_limit *lim,
    char **cause)
{
	int64_t	last = j->done, found = 0;
	int	rc, irc = SQLITE_DONE;

	if (case_exec(j->c, "SAVEPOINT view_copy", cause) != 0)
		return -1;
	sqlite3_reset(j->src);
	sqlite3_bind_int64(j->src, 1, j->done);
	sqlite3_bind_int64(j->src, 2, to);
	while ((rc = sqlite3_step(j->src)) == SQLITE_ROW) {
		last = sqlite3_column_int64(j->src, 0);
		sqlite3_reset(j->st);
		sqlite3_bind_int64(j->st, 1, sqlite3_column_int64(j->src, 1));
		if (sqlite3_column_type(j->src, 2) == SQLITE_NULL)
			sqlite3_bind_null(j->st, 2);
		else
			sqlite3_bind_text(j->st, 2, (const char *)
			    sqlite3_column_text(j->src, 2), -1, SQLITE_STATIC);
		if ((irc = sqlite3_step(j->st)) != SQLITE_DONE)
			break;
		found++;
		if (found % VIEW_CLOCK_ROWS == 0 && step_limit_reached(lim))
			break;
	}
	sqlite3_reset(j->st);
	sqlite3_reset(j->src);
	if (irc != SQLITE_DONE || (rc != SQLITE_ROW && rc != SQLITE_DONE)) {
		if (irc != SQLITE_DONE)
			case_error(j->c, cause, "making a view");
		else
			case_error(bgrun_case(j->bg), cause,
			    "reading a query's result");
		case_exec(j->c, "ROLLBACK TO view_copy; RELEASE view_copy",
		    NULL);
		return -1;
	}
	if (case_exec(j->c, "RELEASE view_copy", cause) != 0)
		return -1;
	j->r->count += found;
	j->done = rc == SQLITE_DONE ? to : last;
	return j->done < j->total ? 1 : 0;
}

/* Insert ids[0..k) into j's result, SCAN_BATCH at a time and the rest
 * one by one; the ids inserted, and the last step's code in *rc. */
static size_t
copy_ids(struct view_job *j, const int64_t *ids, size_t k, int *rc)
{
	size_t	i = 0, b;

	*rc = SQLITE_DONE;
	for (; k - i >= SCAN_BATCH && *rc == SQLITE_DONE; i += SCAN_BATCH) {
		sqlite3_reset(j->batch);
		for (b = 0; b < SCAN_BATCH; b++)
			sqlite3_bind_int64(j->batch, (int)b + 1, ids[i + b]);
		if ((*rc = sqlite3_step(j->batch)) != SQLITE_DONE)
			return i;
	}
	for (; i < k; i++) {
		sqlite3_reset(j->st);
		sqlite3_bind_int64(j->st, 1, ids[i]);
		if ((*rc = sqlite3_step(j->st)) != SQLITE_DONE)
			break;
	}
	return i;
}

/*
 * A scan's step: copy the ids of the slices handed over since the last
 * step into the result, in order, SCAN_COPY at a time in one savepoint,
 * stopping early at n rows or at the limit. With the next slice not yet
 * handed over the step only looks (it does not wait: the caller waits
 * for keys meanwhile).
 */
static int
scan_step(struct view_job *j, int64_t n, const struct step_limit *lim,
    char **cause)
{
	struct scan		*s = j->scan;
	struct scan_slice	*sl;
	int64_t			 copied = 0;
	size_t			 k, i;
	bool			 ended, ready;
	int			 rc = SQLITE_DONE;

	ended = bgrun_wait(s->bg, 0);
	pthread_mutex_lock(&s->lock);
	ready = s->cur < s->handed;
	pthread_mutex_unlock(&s->lock);
	j->waiting = !ready;
	if (!ready) {
		if (s->cur == s->nslices) {
			j->done = j->total;
			return 0;
		}
		/* A scan that failed hands over no more. */
		if (ended && bgrun_status(s->bg, cause) != 0)
			return -1;
		return 1;
	}
	if (case_exec(j->c, "SAVEPOINT view_copy", cause) != 0)
		return -1;
	/* Slices handed over are the input thread's: read without lock. */
	while (copied < n && rc == SQLITE_DONE && ready) {
		sl = &s->slices[s->cur];
		k = sl->n - s->off < SCAN_COPY ? sl->n - s->off : SCAN_COPY;
		if ((int64_t)k > n - copied)
			k = (size_t)(n - copied);
		i = copy_ids(j, sl->ids + s->off, k, &rc);
		s->off += i;
		copied += (int64_t)i;
		if (rc != SQLITE_DONE)
			break;
		if (s->off == sl->n) {
			free(sl->ids);
			sl->ids = NULL;
			s->off = 0;
			s->cur++;
			pthread_mutex_lock(&s->lock);
			ready = s->cur < s->handed;
			pthread_mutex_unlock(&s->lock);
		}
		if (step_limit_reached(lim))
			break;
	}
	sqlite3_reset(j->st);
	sqlite3_reset(j->batch);
	if (rc != SQLITE_DONE) {
		case_error(j->c, cause, "making a view");
		case_exec(j->c, "ROLLBACK TO view_copy; RELEASE view_copy",
		    NULL);
		return -1;
	}
	if (case_exec(j->c, "RELEASE view_copy", cause) != 0)
		return -1;
	j->r->count += copied;
	j->done = (int64_t)s->cur * SCAN_SLICE;
	if (j->done > j->total)
		j->done = j->total;
	if (s->cur == s->nslices)
		return 0;
	return 1;
}

static int
query_job_step(struct view_job *j, int64_t to, const struct step_limit *lim,
    char **cause)
{
	j->waiting = j->src == NULL;
	if (j->src == NULL) {
		if (!bgrun_wait(j->bg, 0))
			return 1;
		if (query_job_open(j, cause) != 0)
			return -1;
		return j->done < j->total ? 1 : 0;
	}
	if (j->done >= j->total)
		return 0;
	return copy_step(j, to, lim, cause);
}

int
view_job_step(struct view_job *j, int64_t n, char **cause)
{
	return view_job_step_for(j, n, 0, NULL, NULL, cause);
}

int
view_job_step_for(struct view_job *j, int64_t n, double budget,
    bool (*yield)(void *), void *arg, char **cause)
{
	struct step_limit	lim;
	int64_t			to;

	lim.deadline = budget > 0 ? clock_now() + budget : 0;
	lim.yield = yield;
	lim.arg = arg;
	to = n >= j->total - j->done ? j->total : j->done + n;
	if (j->scan != NULL)
		return scan_step(j, n, &lim, cause);
	if (j->bg != NULL)
		return query_job_step(j, to, &lim, cause);
	if (j->done >= j->total)
		return 0;
	return slice_step(j, to, &lim, cause);
}

double
view_job_progress(const struct view_job *j)
{
	if (j->bg != NULL && j->scan == NULL && j->src == NULL)
		return 0;
	return j->total > 0 ? (double)j->done / (double)j->total : 1.0;
}

bool
view_job_running(const struct view_job *j)
{
	return j->bg != NULL && j->scan == NULL && j->src == NULL;
}

bool
view_job_waited(const struct view_job *j)
{
	return j->waiting;
}

void
view_job_free(struct view_job *j)
{
	if (j == NULL)
		return;
	sqlite3_finalize(j->src);
	bgrun_free(j->bg);
	scan_free(j->scan);
	sqlite3_finalize(j->batch);
	sqlite3_finalize(j->st);
	if (j->discard)
		query_result_free(j->c, j->r);
	free(j->pattern);
	free(j);
}

int
view_filter(struct case_db *c, const struct query_result *src,
    const char *field, const char *pattern, struct query_result **out,
    char **cause)
{
	struct view_job	*j = NULL;
	int		 rc;

	if (filter_start(c, src, field, pattern, false, out, &j, cause) != 0 ||
	    j == NULL)
		return -1;
	rc = view_job_step(j, INT64_MAX, cause);
	view_job_free(j);
	if (rc != 0) {
		query_result_free(c, *out);
		*out = NULL;
		return -1;
	}
	return 0;
}

static int	find_begin(struct case_db *, const struct query_result *,
		    const char *, const char *, int64_t, int, bool,
		    struct view_find **, char **);

/* The search of n/N without the way around, run to its end. */
int
view_find(struct case_db *c, const struct query_result *src,
    const char *field, const char *pattern, int64_t from, int dir,
    int64_t *found, char **cause)
{
	struct view_find	*f;
	bool			 wrapped;
	int			 rc;

	if (find_begin(c, src, field, pattern, from, dir, false, &f,
	    cause) != 0)
		return -1;
	if ((rc = view_find_step(f, 0, NULL, NULL, cause)) == 0)
		rc = view_find_result(f, found, &wrapped);
	view_find_free(f);
	return rc;
}

/*
 * A search reads at most two legs of src's ordinals, each a range
 * (lo, hi]: from the cursor to the end in the direction of the search,
 * then, on the way around, from the other end back to the cursor. A
 * forward search reads a leg upward from lo, a backward one downward
 * from hi; what is left of the leg being read is always (lo, hi].
 */
struct view_find {
	struct case_db	*c;
	sqlite3_stmt	*st;
	char		*pattern;
	int		 dir;
	int64_t		 from;
	int64_t		 total;		/* src's rows at the start */
	int		 leg;		/* 0, 1 around, 2 over */
	int		 legs;		/* 1 without the way around, else 2 */
	int64_t		 lo, hi;
	int64_t		 read, toread;	/* ordinals */
	int64_t		 found;		/* 0 while none */
	bool		 wrapped;
};

/* Set (lo, hi] to leg n of the search, clipped to src's ordinals. */
static void
find_leg(struct view_find *f, int n)
{
	f->leg = n;
	if (n >= f->legs) {
		f->leg = 2;
		f->lo = f->hi = 0;
		return;
	}
	if (f->dir > 0) {
		f->lo = n == 0 ? f->from : 0;
		f->hi = n == 0 ? f->total : f->from;
	} else {
		f->lo = n == 0 ? 0 : f->from - 1;
		f->hi = n == 0 ? f->from - 1 : f->total;
	}
	if (f->lo < 0)
		f->lo = 0;
	if (f->hi > f->total)
		f->hi = f->total;
	if (f->hi < f->lo)
		f->hi = f->lo;
}

/* Past every empty leg; false when nothing is left to read. */
static bool
find_more(struct view_find *f)
{
	while (f->leg < 2 && f->lo >= f->hi)
		find_leg(f, f->leg + 1);
	return f->leg < 2;
}

static int
find_begin(struct case_db *c, const struct query_result *src,
    const char *field, const char *pattern, int64_t from, int dir,
    bool wrap, struct view_find **out, char **cause)
{
	struct view_find	*f;
	struct buf		 b = BUF_INIT;
	int			 rc, n;

	if (pattern_check(pattern, cause) != 0)
		return -1;
	buf_printf(&b, "SELECT s.ord FROM %s s JOIN accounts a ON a.id ="
	    " s.account_id WHERE s.ord > ?2 AND s.ord <= ?3 AND ",
	    src->table);
	if (match_sql(field, &b, cause) != 0) {
		buf_free(&b);
		return -1;
	}
	buf_printf(&b, " ORDER BY s.ord %s LIMIT 1", dir < 0 ? "DESC" : "");
	f = xcalloc(1, sizeof *f);
	rc = sqlite3_prepare_v3(c->db, b.data, -1, SQLITE_PREPARE_PERSISTENT,
	    &f->st, NULL);
	buf_free(&b);
	if (rc != SQLITE_OK) {
		free(f);
		return case_error(c, cause, "searching");
	}
	f->c = c;
	f->pattern = xstrdup(pattern);
	sqlite3_bind_text(f->st, 1, f->pattern, -1, SQLITE_STATIC);
	f->dir = dir < 0 ? -1 : 1;
	f->total = src->count;
	f->from = from < 0 ? 0 : from > f->total + 1 ? f->total + 1 : from;
	f->legs = wrap ? 2 : 1;
	for (n = 0; n < f->legs; n++) {
		find_leg(f, n);
		f->toread += f->hi - f->lo;
	}
	find_leg(f, 0);
	*out = f;
	return 0;
}

int
view_find_start(struct case_db *c, const struct query_result *src,
    const char *field, const char *pattern, int64_t from, int dir,
    struct view_find **out, char **cause)
{
	return find_begin(c, src, field, pattern, from, dir, true, out,
	    cause);
}

/*
 * Read the next slice of the leg, VIEW_CLOCK_ROWS ordinals nearest the
 * side the search comes from (the whole leg when the step has no
 * limit), until a row matches, nothing is left, or the limit is reached
 * after a slice.
 */
int
view_find_step(struct view_find *f, double budget, bool (*yield)(void *),
    void *arg, char **cause)
{
	struct step_limit	lim;
	bool			sliced = budget > 0 || yield != NULL;
	int64_t			a, b;
	int			rc;

	lim.deadline = budget > 0 ? clock_now() + budget : 0;
	lim.yield = yield;
	lim.arg = arg;
	while (find_more(f)) {
		a = f->lo;
		b = f->hi;
		if (sliced && b - a > VIEW_CLOCK_ROWS) {
			if (f->dir > 0)
				b = a + VIEW_CLOCK_ROWS;
			else
				a = b - VIEW_CLOCK_ROWS;
		}
		sqlite3_reset(f->st);
		sqlite3_bind_int64(f->st, 2, a);
		sqlite3_bind_int64(f->st, 3, b);
		rc = sqlite3_step(f->st);
		if (rc == SQLITE_ROW) {
			f->found = sqlite3_column_int64(f->st, 0);
			f->wrapped = f->leg == 1;
			sqlite3_reset(f->st);
			f->read = f->toread;
			find_leg(f, 2);
			return 0;
		}
		sqlite3_reset(f->st);
		if (rc != SQLITE_DONE) {
			if (rc == SQLITE_INTERRUPT)
				return set_cause(cause, "cancelled");
			return case_error(f->c, cause, "searching");
		}
		f->read += b - a;
		if (f->dir > 0)
			f->lo = b;
		else
			f->hi = a;
		if (sliced && find_more(f) && step_limit_reached(&lim))
			return 1;
	}
	return 0;
}

int
view_find_result(const struct view_find *f, int64_t *found, bool *wrapped)
{
	if (f->leg < 2 || f->found == 0)
		return 0;
	*found = f->found;
	*wrapped = f->wrapped;
	return 1;
}

double
view_find_progress(const struct view_find *f)
{
	return f->toread > 0 ? (double)f->read / (double)f->toread : 1.0;
}

void
view_find_free(struct view_find *f)
{
	if (f == NULL)
		return;
	sqlite3_finalize(f->st);
	free(f->pattern);
	free(f);
}

int64_t
view_ord_of(struct case_db *c, const struct query_result *r,
    int64_t account_id)
{
	sqlite3_stmt	*st;
	char		*sql;
	int64_t		 ord = 0;

	sql = xasprintf("SELECT ord FROM %s WHERE account_id = ?1 LIMIT 1",
	    r->table);
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, account_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			ord = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	free(sql);
	return ord;
}

int
view_sort(struct case_db *c, const struct query_result *src,
    const char *field, bool desc, struct query_result **out, char **cause)
{
	struct query_result	*r;
	struct buf		 b = BUF_INIT, d = BUF_INIT;
	int			 rc;

	if (field != NULL && strcmp(field, "networks") != 0 &&
	    !query_field_known(field, NULL))
		return set_cause(cause, "cannot sort by \"%s\"", field);
	if ((r = result_new(c, cause)) == NULL)
		return -1;
	buf_printf(&b, "INSERT INTO %s(account_id, evidence) SELECT"
	    " s.account_id, s.evidence FROM %s s JOIN accounts a ON a.id ="
	    " s.account_id ORDER BY ", r->table, src->table);
	if (field == NULL)
		;
	else if (strcmp(field, "networks") == 0)
		buf_printf(&b, "(SELECT min(n.name) FROM network_members m JOIN"
		    " networks n ON n.id = m.network_id WHERE m.account_id ="
		    " a.id) IS NULL, (SELECT min(n.name) FROM network_members m"
		    " JOIN networks n ON n.id = m.network_id WHERE"
		    " m.account_id = a.id) %s, ", desc ? "DESC" : "");
	else
		buf_printf(&b, "a.%s IS NULL, a.%s %s, ", field, field,
		    desc ? "DESC" : "");
	buf_adds(&b, "s.ord");
	rc = run_insert(c, b.data, NULL, cause);
	buf_free(&b);
	if (rc != 0) {
		query_result_free(c, r);
		return -1;
	}
	r->count = sqlite3_changes64(c->db);
	buf_adds(&d, "{\"order\":");
	buf_add_json(&d, field);
	buf_printf(&d, ",\"desc\":%s,\"of\":", desc ? "true" : "false");
	buf_adds(&d, src->canonical != NULL ? src->canonical : "null");
	buf_addc(&d, '}');
	r->canonical = buf_steal(&d);
	*out = r;
	return 0;
}

int
view_from_ids(struct case_db *c, const int64_t *ids,
    const char *const *evidence, size_t n, const char *what,
    struct query_result **out, char **cause)
{
	struct query_result	*r;
	sqlite3_stmt		*st;
	struct buf		 d = BUF_INIT;
	char			*sql;
	size_t			 i;
	int			 rc;

	if ((r = result_new(c, cause)) == NULL)
		return -1;
	sql = xasprintf("INSERT INTO %s(account_id, evidence) SELECT id, ?2"
	    " FROM accounts WHERE id = ?1", r->table);
	rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		case_error(c, cause, "making a view");
		query_result_free(c, r);
		return -1;
	}
	rc = SQLITE_DONE;	/* no ids: an empty view */
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		if (evidence != NULL && evidence[i] != NULL)
			sqlite3_bind_text(st, 2, evidence[i], -1,
			    SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 2);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE)
			break;
		r->count += sqlite3_changes64(c->db);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		case_error(c, cause, "making a view");
		query_result_free(c, r);
		return -1;
	}
	buf_adds(&d, "{\"ids\":");
	buf_add_json(&d, what);
	buf_printf(&d, ",\"count\":%zu}", n);
	r->canonical = buf_steal(&d);
	*out = r;
	return 0;
}

int
view_all(struct case_db *c, struct query_result **out, char **cause)
{
	static atomic_ulong	 serial;
	struct query_result	*r;
	sqlite3_stmt		*st;
	int64_t			 lo = 0, hi = -1, n = 0;
	char			*sql;
	int			 rc;

	/* Two subqueries: min() and max() together would scan the table. */
	if (sqlite3_prepare_v2(c->db, "SELECT (SELECT min(id) FROM accounts),"
	    " (SELECT max(id) FROM accounts)", -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "reading the accounts");
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL) {
		lo = sqlite3_column_int64(st, 0);
		hi = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if ((n = case_count(c, "accounts")) < 0)
		return case_error(c, cause, "reading the accounts");
	if (n > 0 && (lo != 1 || hi != n)) {
		/* Gaps in the ids: number the rows in a table of their own. */
		if ((r = result_new(c, cause)) == NULL)
			return -1;
		sql = xasprintf("INSERT INTO %s(account_id) SELECT id FROM"
		    " accounts ORDER BY id", r->table);
		rc = run_insert(c, sql, NULL, cause);
		free(sql);
		if (rc != 0) {
			query_result_free(c, r);
			return -1;
		}
		r->count = sqlite3_changes64(c->db);
	} else {
		r = xcalloc(1, sizeof *r);
		r->table = xasprintf(VIEW_ALL_TABLE "%lu", ++serial);
		sql = xasprintf("CREATE VIEW %s(ord, account_id, evidence) AS"
		    " SELECT id, id, NULL FROM accounts", r->table);
		rc = case_exec(c, sql, cause);
		free(sql);
		if (rc != 0) {
			free(r->table);
			free(r);
			return -1;
		}
		r->count = n;
	}
	r->canonical = xstrdup("{\"name\":\"all\",\"from\":\"all\"}");
	*out = r;
	return 0;
}

char **
view_kinds(struct case_db *c, size_t *n)
{
	sqlite3_stmt	 *st;
	char		**v = xcalloc(1, sizeof *v);
	size_t		  k = 0;

	/* One index seek per kind rather than a scan of every value. */
	if (sqlite3_prepare_v2(c->db, "SELECT kind FROM attribute_stats"
	    " WHERE kind > ?1 ORDER BY kind LIMIT 1", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, "", -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			char *s = col_dup(st, 0);

			if (s == NULL)
				break;
			v = xreallocarray(v, k + 2, sizeof *v);
			v[k++] = s;
			v[k] = NULL;
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, s, -1, SQLITE_STATIC);
		}
		sqlite3_finalize(st);
	}
	if (n != NULL)
		*n = k;
	return v;
}

void
view_kinds_free(char **v)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

void
view_watch(struct case_db *c, int (*fn)(void *), void *arg)
{
	sqlite3_progress_handler(c->db, fn != NULL ? 4000 : 0, fn, arg);
}

/* ---- evidence -------------------------------------------------------- */

struct jr {
	const char	*p;
};

static void
jr_ws(struct jr *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' ||
	    *j->p == '\r')
		j->p++;
}

/* Read a JSON string at j->p (on its opening quote) into b, decoded. */
static void
jr_string(struct jr *j, struct buf *b)
{
	unsigned long	u;
	int		i;

	j->p++;
	while (*j->p != '\0' && *j->p != '"') {
		if (*j->p != '\\') {
			buf_addc(b, *j->p++);
			continue;
		}
		j->p++;
		switch (*j->p) {
		case 'n':
			buf_addc(b, '\n');
			break;
		case 't':
			buf_addc(b, '\t');
			break;
		case 'r':
			buf_addc(b, '\r');
			break;
		case 'b':
			buf_addc(b, '\b');
			break;
		case 'f':
			buf_addc(b, '\f');
			break;
		case 'u':
			u = 0;
			for (i = 1; i <= 4; i++) {
				char h = j->p[i];

				if (h >= '0' && h <= '9')
					u = u * 16 + (unsigned long)(h - '0');
				else if (h >= 'a' && h <= 'f')
					u = u * 16 + (unsigned long)(h - 'a' + 10);
				else if (h >= 'A' && h <= 'F')
					u = u * 16 + (unsigned long)(h - 'A' + 10);
				else
					break;
			}
			if (i <= 4) {
				buf_addc(b, '?');
				break;
			}
			j->p += 4;
			if (u >= 0xd800 && u <= 0xdfff)
				u = 0xfffd;
			if (u < 0x80)
				buf_addc(b, (char)u);
			else if (u < 0x800) {
				buf_addc(b, (char)(0xc0 | (u >> 6)));
				buf_addc(b, (char)(0x80 | (u & 0x3f)));
			} else {
				buf_addc(b, (char)(0xe0 | (u >> 12)));
				buf_addc(b, (char)(0x80 | ((u >> 6) & 0x3f)));
				buf_addc(b, (char)(0x80 | (u & 0x3f)));
			}
			break;
		case '\0':
			return;
		default:
			buf_addc(b, *j->p);
			break;
		}
		j->p++;
	}
	if (*j->p == '"')
		j->p++;
}

/* A scalar (string, number, true, false, null) as text into b. */
static void
jr_scalar(struct jr *j, struct buf *b)
{
	jr_ws(j);
	if (*j->p == '"') {
		jr_string(j, b);
		return;
	}
	while (*j->p != '\0' && *j->p != ',' && *j->p != '}' &&
	    *j->p != ']' && *j->p != ' ')
		buf_addc(b, *j->p++);
}

/* Skip one value of any kind. */
static void
jr_skip(struct jr *j)
{
	int	depth = 0;

	jr_ws(j);
	do {
		if (*j->p == '\0')
			return;
		if (*j->p == '"') {
			struct buf scratch = BUF_INIT;

			jr_string(j, &scratch);
			buf_free(&scratch);
			continue;
		}
		if (*j->p == '{' || *j->p == '[')
			depth++;
		else if (*j->p == '}' || *j->p == ']')
			depth--;
		else if (depth == 0 && (*j->p == ',')) {
			return;
		}
		j->p++;
	} while (depth > 0);
}

/*
 * Walk an object, writing "key=value" for scalars and, for the query
 * engine's pivot links, "kind=value" for the first link and "+N" for the
 * rest. Nested objects other than links are flattened one level.
 */
static void
jr_object(struct jr *j, struct buf *b, int depth)
{
	struct buf	key = BUF_INIT, val = BUF_INIT;
	char		kind[256] = "";

	jr_ws(j);
	if (*j->p != '{')
		return;
	j->p++;
	for (;;) {
		jr_ws(j);
		if (*j->p != '"')
			break;
		buf_clear(&key);
		jr_string(j, &key);
		jr_ws(j);
		if (*j->p != ':')
			break;
		j->p++;
		jr_ws(j);
		if (strcmp(key.data, "links") == 0 && *j->p == '[') {
			int n = 0;

			j->p++;
			for (;;) {
				jr_ws(j);
				if (*j->p != '{')
					break;
				if (n++ == 0)
					jr_object(j, b, depth + 1);
				else
					jr_skip(j);
				jr_ws(j);
				if (*j->p == ',')
					j->p++;
			}
			if (*j->p == ']')
				j->p++;
			if (n > 1)
				buf_printf(b, " +%d", n - 1);
		} else if (*j->p == '{' && depth < 2) {
			jr_object(j, b, depth + 1);
		} else if (*j->p == '{' || *j->p == '[') {
			jr_skip(j);
		} else {
			buf_clear(&val);
			jr_scalar(j, &val);
			if (val.data == NULL)
				buf_adds(&val, "");
			if (strcmp(key.data, "kind") == 0)
				snprintf(kind, sizeof kind, "%s", val.data);
			else if (strcmp(key.data, "value") == 0 &&
			    kind[0] != '\0') {
				buf_printf(b, "%s%s=%s", b->len > 0 ? " " : "",
				    kind, val.data);
				kind[0] = '\0';
			} else if (strcmp(key.data, "hop") == 0) {
				if (depth == 0 && strcmp(val.data, "1") != 0)
					buf_printf(b, "%shop %s",
					    b->len > 0 ? " " : "", val.data);
			} else if (strcmp(key.data, "seed") == 0)
				buf_printf(b, "%sseed", b->len > 0 ? " " : "");
			else
				buf_printf(b, "%s%s=%s", b->len > 0 ? " " : "",
				    key.data, val.data);
		}
		jr_ws(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		break;
	}
	if (kind[0] != '\0')
		buf_printf(b, "%s%s", b->len > 0 ? " " : "", kind);
	jr_ws(j);
	if (*j->p == '}')
		j->p++;
	buf_free(&key);
	buf_free(&val);
}

void
view_evidence_summary(const char *json, char *out, size_t outsz)
{
	struct buf	b = BUF_INIT;
	struct jr	j;

	if (outsz == 0)
		return;
	out[0] = '\0';
	if (json == NULL)
		return;
	j.p = json;
	jr_ws(&j);
	if (*j.p == '{')
		jr_object(&j, &b, 0);
	else
		buf_adds(&b, json);
	if (b.data != NULL)
		snprintf(out, outsz, "%s", b.data);
	buf_free(&b);
}
