/*
 * query_run.c: compile a query tree into steps and run them.
 *
 * Each step reads the current set of accounts (a temporary table with
 * columns account_id, rank, evidence; or every account when there is no
 * table yet) and writes the next one. Steps are SQL with bound parameters,
 * except coordination, which is a C pass (coord.h), and raw SQL, which
 * runs on a sandboxed connection (sqlguard.h). The last step is
 * materialized in a table with an ordinal (ord, account_id, evidence) so
 * that any page is read by key.
 *
 * rank orders the natural result of a step: the pivot's hop and number of
 * shared values, the size of a group, the weight of coordination.
 */
#include "config.h"
#include "query.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "coord.h"
#include "hamming.h"
#include "normalize.h"
#include "pivot_near.h"
#include "normalize.h"
#include "query_path.h"
#include "sqlguard.h"
#include "timing.h"
#include "util.h"

/* A FROM query chain deeper than this is a loop or a mistake. */
#define QUERY_MAX_DEPTH	8

struct run {
	struct case_db			*c;
	const struct query		*q;
	const struct query_args		*a;
	struct query_result		*r;
	char				 cur[64];	/* "" = all accounts */
	FILE				*explain;	/* or NULL */
	int				 depth;
};

static int	run_query(struct case_db *, const struct query *,
		    const struct query_args *, int, FILE *,
		    struct query_result **, char **);

/* A fresh name for a temporary table; names never repeat in a process. */
static void
table_name(char *out, size_t outsz, const char *prefix)
{
	static atomic_ulong	serial;

	snprintf(out, outsz, "temp.%s_%lu", prefix, ++serial);
}

static int
run_fail(struct run *rn, struct query_pos pos, char **cause,
    const char *fmt, ...) CIB_PRINTF(4, 5);

static int
run_fail(struct run *rn, struct query_pos pos, char **cause,
    const char *fmt, ...)
{
	const char	*file = rn->q->file != NULL ? rn->q->file :
			    rn->q->name != NULL ? rn->q->name : "query";
	va_list		 ap;
	char		*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (pos.line > 0)
		set_cause(cause, "%s:%d:%d: %s", file, pos.line, pos.col, msg);
	else
		set_cause(cause, "%s: %s", file, msg);
	free(msg);
	return -1;
}

/* A parameterized scalar as text; error when a required one is unset. */
static int
param_text(struct run *rn, const char *v, const char *def,
    struct query_pos pos, const char **out, char **cause)
{
	if (v == NULL) {
		*out = def;
		return 0;
	}
	if ((*out = query_param_value(rn->q, rn->a, v)) == NULL)
		return run_fail(rn, pos, cause, "parameter %s has no value "
		    "(give --param %s=VALUE)", v, v + 1);
	return 0;
}

static int
param_int(struct run *rn, const char *v, int64_t def, int64_t lo,
    int64_t hi, struct query_pos pos, int64_t *out, char **cause)
{
	const char	*s;

	if (param_text(rn, v, NULL, pos, &s, cause) != 0)
		return -1;
	if (s == NULL) {
		*out = def;
		return 0;
	}
	if (!parse_int64(s, out) || *out < lo || *out > hi)
		return run_fail(rn, pos, cause, "\"%s\" is not a whole number "
		    "from %lld to %lld", s, (long long)lo, (long long)hi);
	return 0;
}

static int
param_float(struct run *rn, const char *v, double def, struct query_pos pos,
    double *out, char **cause)
{
	const char	*s;
	char		*end;

	if (param_text(rn, v, NULL, pos, &s, cause) != 0)
		return -1;
	if (s == NULL) {
		*out = def;
		return 0;
	}
	*out = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || !isfinite(*out))
		return run_fail(rn, pos, cause, "\"%s\" is not a number", s);
	return 0;
}

/* Prepare, or print the SQL and its plan when explaining. */
static int
prepare(struct run *rn, const char *sql, sqlite3_stmt **st, char **cause)
{
	sqlite3_stmt	*plan;
	const char	*tail;
	char		*eqp;

	if (sqlite3_prepare_v2(rn->c->db, sql, -1, st, &tail) != SQLITE_OK) {
		set_cause(cause, "%s: compiling the query: %s", rn->c->path,
		    sqlite3_errmsg(rn->c->db));
		return -1;
	}
	/* One statement per step: a tail would silently not run. */
	while (ascii_isspace((unsigned char)*tail))
		tail++;
	if (*tail != '\0') {
		sqlite3_finalize(*st);
		*st = NULL;
		return set_cause(cause, "internal error: a query step holds "
		    "more than one statement");
	}
	if (rn->explain == NULL)
		return 0;
	fprintf(rn->explain, "-- step\n%s;\n", sql);
	eqp = xasprintf("EXPLAIN QUERY PLAN %s", sql);
	if (sqlite3_prepare_v2(rn->c->db, eqp, -1, &plan, NULL) == SQLITE_OK) {
		while (sqlite3_step(plan) == SQLITE_ROW)
			fprintf(rn->explain, "--   plan: %s\n",
			    (const char *)sqlite3_column_text(plan, 3));
		sqlite3_finalize(plan);
	}
	free(eqp);
	return 0;
}

/* Run a prepared statement to completion and finalize it. */
static int
finish(struct run *rn, sqlite3_stmt *st, char **cause)
{
	int	rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		set_cause(cause, "%s: %s", rn->c->path,
		    sqlite3_errmsg(rn->c->db));
		return -1;
	}
	return 0;
}

static int
exec_sql(struct run *rn, const char *sql, char **cause)
{
	sqlite3_stmt	*st;

	if (prepare(rn, sql, &st, cause) != 0)
		return -1;
	return finish(rn, st, cause);
}

/* Make a step table and return its name in out. */
static int
step_table(struct run *rn, const char *prefix, char *out, size_t outsz,
    char **cause)
{
	char	*sql;
	int	 rc;

	table_name(out, outsz, prefix);
	sql = xasprintf("CREATE TABLE %s(account_id INTEGER PRIMARY KEY, "
	    "rank REAL, evidence TEXT)", out);
	rc = case_exec(rn->c, sql, cause);
	free(sql);
	return rc;
}

static void
drop_table(struct case_db *c, const char *name)
{
	char	*sql;

	if (*name == '\0')
		return;
	sql = xasprintf("DROP TABLE IF EXISTS %s", name);
	sqlite3_exec(c->db, sql, NULL, NULL, NULL);
	free(sql);
}

/* Replace the current set by a new step table. */
static void
set_current(struct run *rn, const char *table)
{
	drop_table(rn->c, rn->cur);
	snprintf(rn->cur, sizeof rn->cur, "%s", table);
}

/* "FROM accounts a" joined with the current set, if there is one. */
static void
add_source(struct run *rn, struct buf *b)
{
	if (rn->cur[0] == '\0')
		buf_adds(b, " FROM accounts a");
	else
		/* The step table drives the join: the planner has no
		 * statistics for it and would otherwise scan accounts. */
		buf_printf(b, " FROM %s c CROSS JOIN accounts a ON a.id ="
		    " c.account_id", rn->cur);
}

/* ---- from ------------------------------------------------------------ */

static int
step_from(struct run *rn, char **cause)
{
	const struct query	*q = rn->q;
	sqlite3_stmt		*st;
	char			 t[64], *sql;
	size_t			 i;

	switch (q->from) {
	case QUERY_FROM_ALL:
		return 0;
	case QUERY_FROM_SELECTION:
		if (rn->a == NULL || rn->a->nseeds == 0)
			return run_fail(rn, q->from_pos, cause, "this query "
			    "starts from a selection: give seed accounts "
			    "(--seed ID)");
		if (step_table(rn, "sel", t, sizeof t, cause) != 0)
			return -1;
		sql = xasprintf("INSERT OR IGNORE INTO %s(account_id, rank,"
		    " evidence) SELECT id, 0, '{\"seed\":true}' FROM accounts"
		    " WHERE id = ?1", t);
		if (prepare(rn, sql, &st, cause) != 0) {
			free(sql);
			return -1;
		}
		free(sql);
		for (i = 0; i < rn->a->nseeds; i++) {
			sqlite3_bind_int64(st, 1, rn->a->seeds[i]);
			sqlite3_step(st);
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
		set_current(rn, t);
		return 0;
	case QUERY_FROM_NETWORK:
		if (step_table(rn, "net", t, sizeof t, cause) != 0)
			return -1;
		sql = xasprintf("INSERT INTO %s(account_id, rank, evidence)"
		    " SELECT m.account_id, 0, m.evidence FROM network_members m"
		    " JOIN networks n ON n.id = m.network_id WHERE n.name = ?1",
		    t);
		if (prepare(rn, sql, &st, cause) != 0) {
			free(sql);
			return -1;
		}
		free(sql);
		sqlite3_bind_text(st, 1, q->from_arg, -1, SQLITE_STATIC);
		if (finish(rn, st, cause) != 0)
			return -1;
		set_current(rn, t);
		if (sqlite3_changes(rn->c->db) == 0) {
			int64_t n = 0;

			if (sqlite3_prepare_v2(rn->c->db, "SELECT count(*) FROM"
			    " networks WHERE name = ?1", -1, &st, NULL) ==
			    SQLITE_OK) {
				sqlite3_bind_text(st, 1, q->from_arg, -1,
				    SQLITE_STATIC);
				if (sqlite3_step(st) == SQLITE_ROW)
					n = sqlite3_column_int64(st, 0);
				sqlite3_finalize(st);
			}
			if (n == 0)
				return run_fail(rn, q->from_pos, cause, "no "
				    "network named \"%s\" in this case",
				    q->from_arg);
		}
		return 0;
	case QUERY_FROM_QUERY: {
		struct query		*sub;
		struct query_result	*res;
		char			*why = NULL;
		int			 rc;

		if (rn->depth >= QUERY_MAX_DEPTH)
			return run_fail(rn, q->from_pos, cause, "queries "
			    "starting from queries nest deeper than %d (a "
			    "loop?)", QUERY_MAX_DEPTH);
		sub = query_path_load(q->from_arg,
		    rn->a != NULL ? rn->a->query_dirs : NULL,
		    rn->a != NULL ? rn->a->nquery_dirs : 0, &why);
		if (sub == NULL) {
			run_fail(rn, q->from_pos, cause, "%s", why);
			free(why);
			return -1;
		}
		rc = run_query(rn->c, sub, rn->a, rn->depth + 1, rn->explain,
		    &res, cause);
		query_free(sub);
		if (rc != 0)
			return -1;
		if (step_table(rn, "sub", t, sizeof t, cause) != 0) {
			query_result_free(rn->c, res);
			return -1;
		}
		sql = xasprintf("INSERT INTO %s(account_id, rank, evidence)"
		    " SELECT account_id, ord, evidence FROM %s", t, res->table);
		rc = exec_sql(rn, sql, cause);
		free(sql);
		query_result_free(rn->c, res);
		set_current(rn, t);
		return rc;
	}
	}
	return 0;
}

/* ---- pivot ----------------------------------------------------------- */

/* The kinds list as a JSON array, bound to ?1 and read with json_each. */
static char *
kinds_json(char **kinds, size_t n)
{
	struct buf	b = BUF_INIT;
	size_t		i;

	buf_addc(&b, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		buf_add_json(&b, kinds[i]);
	}
	buf_addc(&b, ']');
	return buf_steal(&b);
}

static int
collect_hubs(struct run *rn, const char *frontier, const char *kinds,
    int64_t max_share, char **cause)
{
	struct query_result	*r = rn->r;
	sqlite3_stmt		*st;
	char			*sql;
	int			 rc;

	sql = xasprintf("SELECT DISTINCT s.kind, s.value, s.accounts FROM %s f"
	    " CROSS JOIN attributes a ON a.account_id = f.account_id"
	    " AND a.kind IN (SELECT value FROM json_each(?1))"
	    " CROSS JOIN attribute_stats s ON s.kind = a.kind"
	    " AND s.value = a.value"
	    " WHERE s.accounts > ?2 ORDER BY s.accounts DESC LIMIT 100",
	    frontier);
	rc = prepare(rn, sql, &st, cause);
	free(sql);
	if (rc != 0)
		return -1;
	sqlite3_bind_text(st, 1, kinds, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, max_share);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct query_hub *h;

		r->hubs = xreallocarray(r->hubs, r->nhubs + 1, sizeof *r->hubs);
		h = &r->hubs[r->nhubs++];
		h->kind = xstrdup((const char *)sqlite3_column_text(st, 0));
		h->value = xstrdup((const char *)sqlite3_column_text(st, 1));
		h->accounts = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return 0;
}

/*
 * One hop at a time: the frontier's values of the chosen kinds, minus the
 * hubs, lead to every account holding the same value. Every link is kept
 * as (account, kind, value, hop); the step's evidence is built from them.
 */
static int
step_pivot(struct run *rn, char **cause)
{
	const struct query_pivot	*p = rn->q->pivot;
	int64_t				 hops, max_share, h, within;
	double				 similar = 0;
	char				 links[64], frontier[64], out[64];
	char				*kinds, *sql;
	sqlite3_stmt			*st;
	char				**exact;
	size_t				 k, nexact = 0;
	int				 rc = -1;

	if (param_int(rn, p->hops, 1, 1, 5, p->pos, &hops, cause) != 0 ||
	    param_int(rn, p->max_share, 50, 1, INT64_MAX, p->pos, &max_share,
	    cause) != 0 ||
	    param_int(rn, p->within, -1, 0, HAMMING_MAX_K, p->pos, &within,
	    cause) != 0 ||
	    (p->similar_text != NULL && param_float(rn, p->similar_text, 0.8,
	    p->pos, &similar, cause) != 0))
		return -1;
	if (p->similar_text != NULL && !(similar > 0 && similar <= 1))
		return run_fail(rn, p->pos, cause, "similar_text %g is not "
		    "above 0 and at most 1", similar);
	/* Hash kinds matched within a distance go wholly to C, exact
	 * copies included, so that one hub rule covers them. */
	exact = xreallocarray(NULL, p->nkinds + 1, sizeof *exact);
	for (k = 0; k < p->nkinds; k++) {
		if (within < 0 || !norm_kind_is_phash(p->kinds[k]))
			exact[nexact++] = p->kinds[k];
	}
	kinds = kinds_json(exact, nexact);
	free(exact);
	table_name(links, sizeof links, "links");
	table_name(frontier, sizeof frontier, "front");
	sql = xasprintf("CREATE TABLE %s(account_id INTEGER, kind TEXT, "
	    "value TEXT, hop INTEGER, detail TEXT, PRIMARY KEY(account_id,"
	    " kind, value))"
	    " WITHOUT ROWID; CREATE TABLE %s(account_id INTEGER PRIMARY KEY);"
	    " INSERT INTO %s SELECT account_id FROM %s", links, frontier,
	    frontier, rn->cur);
	rc = case_exec(rn->c, sql, cause);
	free(sql);
	if (rc != 0)
		goto out;
	rc = -1;
	for (h = 1; h <= hops; h++) {
		if (collect_hubs(rn, frontier, kinds, max_share, cause) != 0)
			goto out;
		sql = xasprintf("INSERT OR IGNORE INTO %s(account_id, kind,"
		    " value, hop) SELECT b.account_id, a.kind, a.value, ?3"
		    " FROM %s f CROSS JOIN attributes a ON a.account_id ="
		    " f.account_id AND a.kind IN (SELECT value FROM"
		    " json_each(?1)) CROSS JOIN attribute_stats s ON s.kind ="
		    " a.kind AND s.value = a.value AND s.accounts <= ?2"
		    " CROSS JOIN attributes b ON b.kind = a.kind AND"
		    " b.value = a.value",
		    links, frontier);
		if (prepare(rn, sql, &st, cause) != 0) {
			free(sql);
			goto out;
		}
		free(sql);
		sqlite3_bind_text(st, 1, kinds, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, max_share);
		sqlite3_bind_int64(st, 3, h);
		if (finish(rn, st, cause) != 0)
			goto out;
		/* The near parts, in C (pivot_near.h). */
		for (k = 0; within >= 0 && k < p->nkinds; k++) {
			if (norm_kind_is_phash(p->kinds[k]) &&
			    pivot_near_phash(rn->c, frontier, links,
			    p->kinds[k], (int)within, max_share, h,
			    &rn->r->hubs, &rn->r->nhubs, cause) != 0)
				goto out;
		}
		if (p->similar_text != NULL && pivot_near_text(rn->c,
		    frontier, links, similar, h, cause) != 0)
			goto out;
		if (h == hops)
			break;
		/* The next frontier: accounts first reached at this hop. */
		sql = xasprintf("DELETE FROM %s; INSERT INTO %s SELECT DISTINCT"
		    " l.account_id FROM %s l WHERE l.hop = %lld AND NOT EXISTS"
		    " (SELECT 1 FROM %s l2 WHERE l2.account_id = l.account_id"
		    " AND l2.hop < %lld) AND l.account_id NOT IN (SELECT"
		    " account_id FROM %s)", frontier, frontier, links,
		    (long long)h, links, (long long)h, rn->cur);
		rc = case_exec(rn->c, sql, cause);
		free(sql);
		if (rc != 0)
			goto out;
		rc = -1;
	}

	/* Seeds stay in the result, first; then by hop and links. */
	if (step_table(rn, "pivot", out, sizeof out, cause) != 0)
		goto out;
	sql = xasprintf("INSERT INTO %s(account_id, rank, evidence)"
	    " SELECT account_id, -1, evidence FROM %s", out, rn->cur);
	rc = exec_sql(rn, sql, cause);
	free(sql);
	if (rc != 0)
		goto out;
	sql = xasprintf("INSERT OR IGNORE INTO %s(account_id, rank, evidence)"
	    " SELECT account_id, min(hop) * 1000000 - count(*),"
	    " json_object('hop', min(hop), 'links', json_group_array("
	    "CASE WHEN detail IS NULL THEN json_object('kind', kind, 'value',"
	    " value, 'hop', hop) ELSE json_patch(json_object('kind', kind,"
	    " 'value', value, 'hop', hop), detail) END))"
	    " FROM %s GROUP BY account_id", out, links);
	rc = exec_sql(rn, sql, cause);
	free(sql);
	if (rc == 0)
		set_current(rn, out);
out:
	drop_table(rn->c, links);
	drop_table(rn->c, frontier);
	free(kinds);
	return rc;
}

/* ---- where ----------------------------------------------------------- */

struct binds {
	char	**v;
	size_t	  n;
};

/* Add a bound text value; returns its parameter number. */
static int
bind_add(struct binds *b, const char *v)
{
	b->v = xreallocarray(b->v, b->n + 1, sizeof *b->v);
	b->v[b->n++] = xstrdup(v);
	return (int)b->n;
}

static void
binds_free(struct binds *b)
{
	size_t	i;

	for (i = 0; i < b->n; i++)
		free(b->v[i]);
	free(b->v);
}

/*
 * A date bound as the ISO text created_at holds. A day given alone as an
 * upper bound means the end of that day.
 */
static int
date_bound(struct run *rn, const struct query_cond *w, const char *v,
    bool upper, char out[21], char **cause)
{
	int64_t	t;

	if (!norm_time(v, &t))
		return run_fail(rn, w->pos, cause, "\"%s\" is not a date or "
		    "time", v);
	if (upper && strlen(v) == 10)
		t += 86399;
	norm_time_iso(t, out);
	return 0;
}

/* Append the SQL for one condition on expression expr (an account column
 * or x.value inside an attribute EXISTS). */
static int
cond_sql(struct run *rn, const struct query_cond *w, const char *expr,
    bool numeric, bool is_date, struct buf *b, struct binds *bv,
    char **cause)
{
	const char	*v, *lo, *hi;
	char		 iso[21];
	size_t		 i;

	switch (w->op) {
	case QUERY_OP_EQUALS:
	case QUERY_OP_PREFIX:
	case QUERY_OP_REGEX:
		if (param_text(rn, w->values[0], NULL, w->pos, &v, cause) != 0)
			return -1;
		if (w->op == QUERY_OP_EQUALS)
			buf_printf(b, "%s = ?%d", expr, bind_add(bv, v));
		else if (w->op == QUERY_OP_PREFIX) {
			int n = bind_add(bv, v);

			buf_printf(b, "substr(%s, 1, length(?%d)) = ?%d", expr,
			    n, n);
		} else
			buf_printf(b, "regexp(?%d, %s)", bind_add(bv, v), expr);
		return 0;
	case QUERY_OP_IN: {
		struct buf	 j = BUF_INIT;

		buf_addc(&j, '[');
		for (i = 0; i < w->nvalues; i++) {
			if (param_text(rn, w->values[i], NULL, w->pos, &v,
			    cause) != 0) {
				buf_free(&j);
				return -1;
			}
			if (i > 0)
				buf_addc(&j, ',');
			buf_add_json(&j, v);
		}
		buf_addc(&j, ']');
		buf_printf(b, "%s IN (SELECT value FROM json_each(?%d))", expr,
		    bind_add(bv, j.data));
		buf_free(&j);
		return 0;
	}
	case QUERY_OP_RANGE:
		if (param_text(rn, w->min, NULL, w->pos, &lo, cause) != 0 ||
		    param_text(rn, w->max, NULL, w->pos, &hi, cause) != 0)
			return -1;
		buf_printf(b, "(%s IS NOT NULL", expr);
		if (lo != NULL) {
			if (is_date) {
				if (date_bound(rn, w, lo, false, iso,
				    cause) != 0)
					return -1;
				lo = iso;
			}
			buf_printf(b, numeric ? " AND %s >= CAST(?%d AS REAL)" :
			    " AND %s >= ?%d", expr, bind_add(bv, lo));
		}
		if (hi != NULL) {
			if (is_date) {
				if (date_bound(rn, w, hi, true, iso,
				    cause) != 0)
					return -1;
				hi = iso;
			}
			buf_printf(b, numeric ? " AND %s <= CAST(?%d AS REAL)" :
			    " AND %s <= ?%d", expr, bind_add(bv, hi));
		}
		buf_addc(b, ')');
		return 0;
	case QUERY_OP_EXISTS:
	case QUERY_OP_MISSING:
		buf_printf(b, "(%s IS NOT NULL AND %s != '')", expr, expr);
		return 0;
	}
	return 0;
}

static int
where_sql(struct run *rn, struct buf *b, struct binds *bv, char **cause)
{
	size_t		i;
	bool		numeric;
	char		col[64];

	for (i = 0; i < rn->q->nwhere; i++) {
		const struct query_cond *w = &rn->q->where[i];
		bool not = w->negate != (w->op == QUERY_OP_MISSING);

		buf_adds(b, i == 0 ? " WHERE " : " AND ");
		if (not)
			buf_adds(b, "NOT ");
		buf_addc(b, '(');
		if (w->field != NULL) {
			/* Field names come from a fixed list, never data. */
			if (!query_field_known(w->field, &numeric))
				return run_fail(rn, w->pos, cause, "unknown "
				    "field %s", w->field);
			snprintf(col, sizeof col, "a.%s", w->field);
			if (cond_sql(rn, w, col, numeric,
			    strcmp(w->field, "created_at") == 0, b, bv,
			    cause) != 0)
				return -1;
		} else {
			buf_printf(b, "EXISTS (SELECT 1 FROM attributes x"
			    " WHERE x.account_id = a.id AND x.kind = ?%d",
			    bind_add(bv, w->kind));
			if (w->op != QUERY_OP_EXISTS &&
			    w->op != QUERY_OP_MISSING) {
				buf_adds(b, " AND ");
				if (cond_sql(rn, w, "x.value", false, false, b,
				    bv, cause) != 0)
					return -1;
			}
			buf_addc(b, ')');
		}
		buf_addc(b, ')');
	}
	return 0;
}

static void
bind_all(sqlite3_stmt *st, const struct binds *bv)
{
	size_t	i;

	for (i = 0; i < bv->n; i++)
		sqlite3_bind_text(st, (int)i + 1, bv->v[i], -1, SQLITE_STATIC);
}

static int
step_where(struct run *rn, char **cause)
{
	struct buf	 b = BUF_INIT;
	struct binds	 bv = { NULL, 0 };
	sqlite3_stmt	*st;
	char		 t[64];
	int		 rc = -1;

	if (step_table(rn, "where", t, sizeof t, cause) != 0)
		return -1;
	buf_printf(&b, "INSERT INTO %s(account_id, rank, evidence) SELECT a.id,"
	    " %s, %s", t, rn->cur[0] != '\0' ? "c.rank" : "a.id",
	    rn->cur[0] != '\0' ? "c.evidence" : "NULL");
	add_source(rn, &b);
	if (where_sql(rn, &b, &bv, cause) != 0)
		goto out;
	if (prepare(rn, b.data, &st, cause) != 0)
		goto out;
	bind_all(st, &bv);
	if ((rc = finish(rn, st, cause)) == 0)
		set_current(rn, t);
out:
	if (rc != 0)
		drop_table(rn->c, t);
	buf_free(&b);
	binds_free(&bv);
	return rc;
}

/* ---- group ----------------------------------------------------------- */

static int
step_group(struct run *rn, char **cause)
{
	const struct query_group	*g = rn->q->group;
	struct buf			 b = BUF_INIT, key = BUF_INIT;
	struct binds			 bv = { NULL, 0 };
	const char			*re = NULL, *rep = NULL;
	sqlite3_stmt			*st;
	int64_t				 min_size, max_span;
	char				 t[64];
	int				 rc = -1;

	if (param_int(rn, g->min_size, 2, 1, INT64_MAX, g->pos, &min_size,
	    cause) != 0 ||
	    param_int(rn, g->max_span, -1, 0, GROUP_MAX_SPAN_DAYS, g->pos,
	    &max_span, cause) != 0 ||
	    param_text(rn, g->regex, NULL, g->pos, &re, cause) != 0)
		return -1;
	/* The replacement is literal: "$1" there is a capture group. */
	rep = g->replace;
	if (g->field != NULL && !query_field_known(g->field, NULL))
		return run_fail(rn, g->pos, cause, "unknown field %s",
		    g->field);
	if (g->field != NULL)
		buf_printf(&key, "a.%s", g->field);
	else
		buf_adds(&key, "x.value");
	if (re != NULL) {
		char *inner = buf_steal(&key);
		int n1 = bind_add(&bv, re), n2 = bind_add(&bv, rep);

		buf_printf(&key, "regexp_replace(%s, ?%d, ?%d)", inner, n1, n2);
		free(inner);
	}
	if (step_table(rn, "group", t, sizeof t, cause) != 0)
		goto out;
	buf_printf(&b, "WITH k AS (SELECT a.id AS account_id, %s AS key,"
	    " julianday(a.created_at) AS day", key.data);
	add_source(rn, &b);
	if (g->kind != NULL)
		buf_printf(&b, " JOIN attributes x ON x.account_id = a.id AND"
		    " x.kind = ?%d", bind_add(&bv, g->kind));
	/* min_size and max_span are checked integers, written as literals
	 * like LIMIT. */
	buf_printf(&b, "), g0 AS (SELECT key, count(DISTINCT account_id) AS n"
	    " FROM k WHERE key IS NOT NULL AND key != '' GROUP BY key"
	    " HAVING n >= %lld)", (long long)min_size);
	if (max_span >= 0) {
		/* The span of the central 80% of the dated members. */
		buf_printf(&b, ", d AS (SELECT k.key, k.day, row_number() OVER"
		    " (PARTITION BY k.key ORDER BY k.day) AS i, count(*) OVER"
		    " (PARTITION BY k.key) AS m FROM k JOIN g0 ON g0.key ="
		    " k.key WHERE k.day IS NOT NULL), s AS (SELECT key,"
		    " max(day) - min(day) AS span FROM d WHERE i > m / 10 AND"
		    " i <= m - m / 10 GROUP BY key), g AS (SELECT g0.key, g0.n,"
		    " round(s.span, 1) AS span FROM g0 JOIN s ON s.key ="
		    " g0.key WHERE s.span <= %lld)", (long long)max_span);
	} else
		buf_adds(&b, ", g AS (SELECT key, n, NULL AS span FROM g0)");
	buf_printf(&b, " INSERT OR IGNORE INTO %s(account_id, rank, evidence)"
	    " SELECT k.account_id, -g.n, CASE WHEN g.span IS NULL THEN"
	    " json_object('group', g.key, 'size', g.n) ELSE json_object("
	    "'group', g.key, 'size', g.n, 'span_days', g.span) END"
	    " FROM k JOIN g ON g.key = k.key ORDER BY g.n DESC, g.key", t);
	if (prepare(rn, b.data, &st, cause) != 0)
		goto out;
	bind_all(st, &bv);
	if ((rc = finish(rn, st, cause)) == 0)
		set_current(rn, t);
out:
	if (rc != 0)
		drop_table(rn->c, t);
	buf_free(&b);
	buf_free(&key);
	binds_free(&bv);
	return rc;
}

/* ---- coordination ---------------------------------------------------- */

static int
step_coord(struct run *rn, char **cause)
{
	const struct query_coord	*qc = rn->q->coord;
	static const enum coord_kind	 kinds[] = {
		[QUERY_COORD_POST] = COORD_POST,
		[QUERY_COORD_LINK] = COORD_LINK,
		[QUERY_COORD_REPOST] = COORD_REPOST,
		[QUERY_COORD_REPLY] = COORD_REPLY,
		[QUERY_COORD_SIMILAR] = COORD_SIMILAR,
	};
	struct coord_opts		 o;
	struct coord_result		*cr;
	struct buf			 ev = BUF_INIT;
	sqlite3_stmt			*st;
	char				 t[64], *sql;
	size_t				 i, j;
	int				 rc;

	memset(&o, 0, sizeof o);
	o.kind = kinds[qc->kind];
	if (param_int(rn, qc->window, 60, 0, 86400 * 365, qc->pos, &o.window,
	    cause) != 0 || param_int(rn, qc->min_weight, 2, 1, INT64_MAX,
	    qc->pos, &o.min_weight, cause) != 0 ||
	    param_float(rn, qc->threshold, 0.8, qc->pos, &o.threshold,
	    cause) != 0)
		return -1;
	if (!(o.threshold > 0 && o.threshold <= 1))
		return run_fail(rn, qc->pos, cause, "similarity %g is not "
		    "above 0 and at most 1", o.threshold);
	o.restrict_table = rn->cur[0] != '\0' ? rn->cur : NULL;
	if (rn->a != NULL) {
		o.progress = rn->a->progress;
		o.progress_arg = rn->a->progress_arg;
	}
	if (rn->explain != NULL && o.kind == COORD_SIMILAR)
		fprintf(rn->explain, "-- step: co-similar %.2f within %lld s"
		    " (0: any time), min weight %lld (stored MinHash"
		    " signatures, LSH and an exact check in C)\n", o.threshold,
		    (long long)o.window, (long long)o.min_weight);
	else if (rn->explain != NULL)
		fprintf(rn->explain, "-- step: %s within %lld s, min weight "
		    "%lld (sort and sliding window in C)\n",
		    query_coord_names[qc->kind], (long long)o.window,
		    (long long)o.min_weight);
	if (coord_run(rn->c, &o, &cr, cause) != 0)
		return -1;
	if (step_table(rn, "coord", t, sizeof t, cause) != 0) {
		coord_result_free(cr);
		return -1;
	}
	sql = xasprintf("INSERT INTO %s(account_id, rank, evidence) VALUES"
	    " (?1, ?2, ?3)", t);
	rc = prepare(rn, sql, &st, cause);
	free(sql);
	if (rc != 0) {
		coord_result_free(cr);
		return -1;
	}
	/* Evidence per account: its partners, heaviest first (edges are
	 * sorted that way), with the weight of each direction from it. */
	for (i = 0; i < cr->naccounts && rc == 0; i++) {
		int64_t	total = 0;
		int	shown = 0;

		buf_clear(&ev);
		buf_printf(&ev, "{\"coordination\":\"%s\",\"window\":%lld,"
		    "\"partners\":[", query_coord_names[qc->kind],
		    (long long)o.window);
		for (j = 0; j < cr->nedges; j++) {
			const struct coord_edge *e = &cr->edges[j];

			if (e->ia != i)
				continue;
			total += e->weight;
			if (shown++ >= 20)
				continue;
			buf_printf(&ev, "%s{\"account\":%lld,\"native_id\":",
			    shown > 1 ? "," : "", (long long)e->b);
			buf_add_json(&ev, cr->accounts[e->ib].native_id);
			buf_printf(&ev, ",\"weight\":%lld",
			    (long long)e->weight);
			if (e->post_native != NULL &&
			    e->partner_native != NULL) {
				buf_adds(&ev, ",\"post\":");
				buf_add_json(&ev, e->post_native);
				buf_adds(&ev, ",\"partner_post\":");
				buf_add_json(&ev, e->partner_native);
				buf_printf(&ev, ",\"similarity\":%.2f",
				    e->similarity);
			}
			buf_addc(&ev, '}');
		}
		buf_printf(&ev, "],\"weight\":%lld}", (long long)total);
		sqlite3_bind_int64(st, 1, cr->accounts[i].id);
		sqlite3_bind_double(st, 2, -(double)total);
		sqlite3_bind_text(st, 3, ev.data, (int)ev.len, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = set_cause(cause, "%s: %s", rn->c->path,
			    sqlite3_errmsg(rn->c->db));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	buf_free(&ev);
	coord_result_free(cr);
	if (rc == 0)
		set_current(rn, t);
	else
		drop_table(rn->c, t);
	return rc;
}

/* ---- timing ---------------------------------------------------------- */

static int
step_timing(struct run *rn, char **cause)
{
	const struct query_timing	*tm = rn->q->timing;
	struct buf			 b = BUF_INIT;
	sqlite3_stmt			*st;
	char				 t[64];
	int				 rc = -1;

	if (step_table(rn, "timing", t, sizeof t, cause) != 0)
		return -1;
	if (tm->burst) {
		struct timing_hist_opts	 o;
		struct timing_hist	*h;
		const char		*unit;
		size_t			 i;
		char			 label[16];

		memset(&o, 0, sizeof o);
		if (param_text(rn, tm->unit, "hour", tm->pos, &unit,
		    cause) != 0)
			goto out;
		if (strcmp(unit, "hour") == 0)
			o.unit = TIMING_HOUR;
		else if (strcmp(unit, "day") == 0)
			o.unit = TIMING_DAY;
		else {
			run_fail(rn, tm->pos, cause, "timing unit must be hour "
			    "or day, not \"%s\"", unit);
			goto out;
		}
		o.scope.restrict_table = rn->cur[0] != '\0' ? rn->cur : NULL;
		if (timing_hist(rn->c, &o, &h, cause) != 0)
			goto out;
		buf_printf(&b, "INSERT OR IGNORE INTO %s(account_id, rank,"
		    " evidence) SELECT a.id, -?3, json_object('burst', ?4,"
		    " 'accounts', ?3)", t);
		add_source(rn, &b);
		buf_adds(&b, " WHERE a.created_at >= ?1 AND a.created_at < ?2");
		if (prepare(rn, b.data, &st, cause) != 0) {
			timing_hist_free(h);
			goto out;
		}
		for (i = 0; i < h->nbins; i++) {
			int64_t len = o.unit == TIMING_HOUR ? 3600 : 86400;
			char lo[21], hi[21];

			if (!h->bins[i].burst)
				continue;
			norm_time_iso(h->bins[i].start, lo);
			norm_time_iso(h->bins[i].start + len, hi);
			timing_bin_label(o.unit, h->bins[i].start, label);
			sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(st, 3, h->bins[i].count);
			sqlite3_bind_text(st, 4, label, -1, SQLITE_TRANSIENT);
			sqlite3_step(st);
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
		timing_hist_free(h);
	} else {
		const char	*tz, *hours;
		struct timing_tz zone;
		int64_t		 off, min_posts;
		double		 share;
		int		 h0, h1, n = 0;

		if (param_text(rn, tm->tz, "UTC", tm->pos, &tz, cause) != 0 ||
		    param_text(rn, tm->hours, NULL, tm->pos, &hours,
		    cause) != 0 ||
		    param_float(rn, tm->min_share, 0.8, tm->pos, &share,
		    cause) != 0 ||
		    param_int(rn, tm->min_posts, 5, 1, INT64_MAX, tm->pos,
		    &min_posts, cause) != 0)
			goto out;
		if (!timing_tz_parse(tz, &zone, NULL) || !zone.fixed) {
			run_fail(rn, tm->pos, cause, "time zone \"%s\" is not "
			    "an offset like +03:00 or UTC", tz);
			goto out;
		}
		off = zone.offset;
		if (hours == NULL) {
			run_fail(rn, tm->pos, cause, "timing needs hours, a "
			    "span like 22-06 or 09-18");
			goto out;
		}
		if (sscanf(hours, "%d-%d%n", &h0, &h1, &n) != 2 ||
		    hours[n] != '\0' || h0 < 0 || h0 > 23 || h1 < 0 ||
		    h1 > 24 || h0 == h1) {
			run_fail(rn, tm->pos, cause, "hours \"%s\" is not a "
			    "span like 22-06 or 09-18", hours);
			goto out;
		}
		/* Local hour of each post; a span may wrap past midnight. */
		buf_printf(&b, "INSERT INTO %s(account_id, rank, evidence)"
		    " SELECT p.account_id, -(k * 1.0 / n), json_object("
		    "'posts', n, 'inside', k, 'hours', ?4, 'tz', ?5) FROM"
		    " (SELECT p.account_id, count(*) AS n, sum(%s) AS k",
		    t, h0 < h1 ?
		    "((p.posted_at + ?1) % 86400 + 86400) % 86400 / 3600"
		    " BETWEEN ?2 AND ?3 - 1" :
		    "((p.posted_at + ?1) % 86400 + 86400) % 86400 / 3600"
		    " NOT BETWEEN ?3 AND ?2 - 1");
		if (rn->cur[0] != '\0')
			buf_printf(&b, " FROM %s c CROSS JOIN posts p ON"
			    " p.account_id = c.account_id", rn->cur);
		else
			buf_adds(&b, " FROM posts p");
		buf_adds(&b, " WHERE p.posted_at IS NOT NULL GROUP BY"
		    " p.account_id) p WHERE n >= ?6 AND k * 1.0 / n >= ?7");
		if (prepare(rn, b.data, &st, cause) != 0)
			goto out;
		sqlite3_bind_int64(st, 1, off);
		sqlite3_bind_int(st, 2, h0);
		sqlite3_bind_int(st, 3, h1);
		sqlite3_bind_text(st, 4, hours, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, tz, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, min_posts);
		sqlite3_bind_double(st, 7, share);
		if (finish(rn, st, cause) != 0)
			goto out;
	}
	rc = 0;
	set_current(rn, t);
out:
	if (rc != 0)
		drop_table(rn->c, t);
	buf_free(&b);
	return rc;
}

/* ---- raw SQL --------------------------------------------------------- */

static int
step_sql(struct run *rn, char **cause)
{
	struct sqlguard_result	*g;
	sqlite3_stmt		*st;
	char			 t[64], *sql;
	size_t			 i;
	int			 rc;

	if (sqlguard_run(rn->c, rn->q->sql, rn->q, rn->a, &g, cause) != 0)
		return -1;
	if (rn->explain != NULL)
		fprintf(rn->explain, "-- step: raw SQL on a read-only "
		    "sandboxed connection\n%s\n", rn->q->sql);
	if (step_table(rn, "sql", t, sizeof t, cause) != 0) {
		sqlguard_result_free(g);
		return -1;
	}
	/* The query's own evidence text is kept as a JSON string. */
	sql = xasprintf("INSERT OR IGNORE INTO %s(account_id, rank, evidence)"
	    " VALUES (?1, ?2, CASE WHEN ?3 IS NULL THEN NULL ELSE"
	    " json_object('sql', ?3) END)", t);
	rc = prepare(rn, sql, &st, cause);
	free(sql);
	for (i = 0; rc == 0 && i < g->n; i++) {
		sqlite3_bind_int64(st, 1, g->ids[i]);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		sqlite3_bind_text(st, 3, g->evidence[i], -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlguard_result_free(g);
	if (rc != 0) {
		drop_table(rn->c, t);
		return -1;
	}
	/* Only ids of accounts in this case survive. */
	sql = xasprintf("DELETE FROM %s WHERE account_id NOT IN (SELECT id"
	    " FROM accounts)", t);
	rc = case_exec(rn->c, sql, cause);
	free(sql);
	set_current(rn, t);
	return rc;
}

/* ---- result ---------------------------------------------------------- */

static int
step_result(struct run *rn, char **cause)
{
	const struct query	*q = rn->q;
	struct buf		 b = BUF_INIT;
	sqlite3_stmt		*st;
	int64_t			 limit = -1;
	size_t			 i;
	bool			 from_all = rn->cur[0] == '\0';
	struct query_pos	 none = { 0, 0 };
	int			 rc = -1;

	if (param_int(rn, q->limit, -1, 0, INT64_MAX, none, &limit,
	    cause) != 0)
		return -1;
	table_name(rn->r->table = xmalloc(64), 64, "result");
	buf_printf(&b, "CREATE TABLE %s(ord INTEGER PRIMARY KEY, account_id"
	    " INTEGER NOT NULL, evidence TEXT)", rn->r->table);
	if (case_exec(rn->c, b.data, cause) != 0)
		goto out;
	buf_clear(&b);
	buf_printf(&b, "INSERT INTO %s(account_id, evidence) SELECT a.id, %s",
	    rn->r->table, from_all ? "NULL" : "c.evidence");
	add_source(rn, &b);
	buf_adds(&b, " ORDER BY ");
	for (i = 0; i < q->norder; i++) {
		const char *f = q->order[i].field;

		if (strcmp(f, "rank") == 0 || strcmp(f, "evidence") == 0)
			buf_adds(&b, from_all ? "a.id" : "c.rank");
		else if (query_field_known(f, NULL))
			buf_printf(&b, "a.%s", f);
		else {
			run_fail(rn, none, cause, "order: unknown field %s", f);
			goto out;
		}
		buf_adds(&b, q->order[i].desc ? " DESC, " : ", ");
	}
	buf_adds(&b, from_all ? "a.id" : "c.rank, a.id");
	if (limit >= 0)
		buf_printf(&b, " LIMIT %lld", (long long)limit);
	if (prepare(rn, b.data, &st, cause) != 0 || finish(rn, st, cause) != 0)
		goto out;
	rn->r->count = sqlite3_changes64(rn->c->db);
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

static int
run_query(struct case_db *c, const struct query *q,
    const struct query_args *a, int depth, FILE *explain,
    struct query_result **out, char **cause)
{
	struct run	rn;

	*out = NULL;
	if (query_check(q, cause) != 0)
		return -1;
	memset(&rn, 0, sizeof rn);
	rn.c = c;
	rn.q = q;
	rn.a = a;
	rn.depth = depth;
	rn.explain = explain;
	rn.r = xcalloc(1, sizeof *rn.r);
	if (step_from(&rn, cause) != 0 ||
	    (q->sql != NULL && step_sql(&rn, cause) != 0) ||
	    (q->pivot != NULL && step_pivot(&rn, cause) != 0) ||
	    (q->nwhere > 0 && step_where(&rn, cause) != 0) ||
	    (q->group != NULL && step_group(&rn, cause) != 0) ||
	    (q->coord != NULL && step_coord(&rn, cause) != 0) ||
	    (q->timing != NULL && step_timing(&rn, cause) != 0) ||
	    step_result(&rn, cause) != 0) {
		drop_table(c, rn.cur);
		query_result_free(c, rn.r);
		return -1;
	}
	drop_table(c, rn.cur);
	rn.r->canonical = query_canonical(q, a);
	*out = rn.r;
	return 0;
}

int
query_run(struct case_db *c, const struct query *q,
    const struct query_args *a, struct query_result **out, char **cause)
{
	return run_query(c, q, a, 0, NULL, out, cause);
}

int
query_explain(FILE *fp, struct case_db *c, const struct query *q,
    const struct query_args *a, char **cause)
{
	struct query_result	*r;

	if (run_query(c, q, a, 0, fp, &r, cause) != 0)
		return -1;
	fprintf(fp, "-- %lld accounts\n", (long long)r->count);
	query_result_free(c, r);
	return 0;
}

void
query_result_free(struct case_db *c, struct query_result *r)
{
	size_t	i;

	if (r == NULL)
		return;
	if (r->table != NULL)
		drop_table(c, r->table);
	for (i = 0; i < r->nhubs; i++) {
		free(r->hubs[i].kind);
		free(r->hubs[i].value);
	}
	free(r->hubs);
	free(r->table);
	free(r->canonical);
	free(r);
}
