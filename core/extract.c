/*
 * extract.c: run a saved query on a PostgreSQL warehouse and ingest what
 * it finds into the case, batch by batch, in one case transaction. The
 * only file that speaks libpq.
 */
#include "config.h"
#include "extract.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "audit.h"
#include "case.h"
#include "ingest.h"
#include "normalize.h"
#include "query.h"
#include "query_pg.h"
#include "util.h"

/* What extraction reads of each table; a missing one stops it first. */
static const struct extract_table {
	const char	*name;
	const char	*columns;	/* space separated */
	bool		 pivot_only;	/* needed only by a pivot */
} extract_tables[] = {
	{ "accounts", "id platform native_id handle display_name bio url "
	    "created_at followers following posts country language status",
	    false },
	{ "attributes", "account_id kind value raw", false },
	{ "attribute_stats", "kind value accounts", true },
	{ "posts", "id account_id native_id posted_at text reply_to "
	    "repost_of hashtags", false },
	{ "post_urls", "post_id url", false },
};

struct ex {
	struct case_db			*c;
	const struct extract_opts	*o;
	PGconn				*conn;
	struct ingest			*in;
	char				*label;
	int64_t				 batch;
	struct extract_stats		 st;
	int64_t				 post_urls;
	char				*t_acc;
	char				*t_attr;
	char				*t_posts;
	char				*t_urls;
};

/* One pair of the current batch: warehouse id to case id. */
struct ex_pair {
	int64_t	wid;
	int64_t	cid;
};

char *
extract_server_label(const char *conninfo, char **cause)
{
	PQconninfoOption	*opts, *o;
	const char		*user = NULL, *host = NULL, *port = NULL;
	const char		*db = NULL;
	struct buf		 b = BUF_INIT;
	char			*err = NULL;

	if ((opts = PQconninfoParse(conninfo, &err)) == NULL) {
		/*
		 * Never repeat the string, nor the parts of it libpq quotes:
		 * they may hold a password.
		 */
		bool quoted = false;
		const char *p;

		for (p = err != NULL ? err : "out of memory"; *p != '\0'; p++) {
			if (*p == '"') {
				buf_adds(&b, quoted ? "\"" : "\"...");
				quoted = !quoted;
			} else if (!quoted && *p != '\n')
				buf_addc(&b, *p);
		}
		if (err != NULL)
			PQfreemem(err);
		set_cause(cause, "the connection string does not parse: %s",
		    b.data);
		buf_free(&b);
		return NULL;
	}
	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL || *o->val == '\0')
			continue;
		if (strcmp(o->keyword, "user") == 0)
			user = o->val;
		else if (strcmp(o->keyword, "host") == 0)
			host = o->val;
		else if (strcmp(o->keyword, "hostaddr") == 0 && host == NULL)
			host = o->val;
		else if (strcmp(o->keyword, "port") == 0)
			port = o->val;
		else if (strcmp(o->keyword, "dbname") == 0)
			db = o->val;
	}
	buf_adds(&b, "postgresql://");
	if (user != NULL)
		buf_printf(&b, "%s@", user);
	if (host != NULL)
		buf_adds(&b, host);
	if (port != NULL)
		buf_printf(&b, ":%s", port);
	if (db != NULL)
		buf_printf(&b, "/%s", db);
	PQconninfoFree(opts);
	return buf_steal(&b);
}

static bool
ex_cancelled(const struct ex *x)
{
	return x->o->cancel != NULL && *x->o->cancel != 0;
}

/* libpq's message on one line, without its "ERROR:  " prefix. */
static char *
pq_text(const char *msg)
{
	struct buf	 b = BUF_INIT;
	const char	*p;
	bool		 space = false;

	if (msg == NULL || *msg == '\0')
		msg = "unknown error";
	if (strncmp(msg, "ERROR:  ", 8) == 0)
		msg += 8;
	else if (strncmp(msg, "FATAL:  ", 8) == 0)
		msg += 8;
	/* The first line says what; CONTEXT and HINT lines follow it. */
	for (p = msg; *p != '\0' && *p != '\n'; p++) {
		if (*p == '\t' || *p == ' ' || *p == '\r') {
			space = true;
			continue;
		}
		if (space && b.len > 0)
			buf_addc(&b, ' ');
		space = false;
		buf_addc(&b, *p);
	}
	if (b.data == NULL)
		buf_adds(&b, "unknown error");
	return buf_steal(&b);
}

/*
 * Fail on the server's side: "SERVER: what", saying so when the
 * connection itself is gone. res may be NULL.
 */
static int
ex_fail_pq(struct ex *x, PGresult *res, const char *doing, char **cause)
{
	const char	*primary = NULL;
	char		*msg;

	if (res != NULL)
		primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	msg = pq_text(primary != NULL ? primary : PQerrorMessage(x->conn));
	if (ex_cancelled(x))
		set_cause(cause, "%s: cancelled while %s, after %lld accounts;"
		    " nothing was written to the case", x->label, doing,
		    (long long)x->st.accounts);
	else if (PQstatus(x->conn) == CONNECTION_BAD)
		set_cause(cause, "%s: the connection was lost while %s, after "
		    "%lld accounts (%s); nothing was written to the case",
		    x->label, doing, (long long)x->st.accounts, msg);
	else
		set_cause(cause, "%s: %s: %s", x->label, doing, msg);
	free(msg);
	if (res != NULL)
		PQclear(res);
	return -1;
}

static int
ex_fail(struct ex *x, char **cause, const char *fmt, ...) CIB_PRINTF(3, 4);

static int
ex_fail(struct ex *x, char **cause, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	set_cause(cause, "%s: %s", x->label, msg);
	free(msg);
	return -1;
}

/*
 * PQexecParams(), waiting for the server in slices of EX_POLL_MS so that
 * a cancel (opts->cancel) asks the server to stop the statement at once;
 * the statement then fails and ex_fail_pq() says it was cancelled.
 * Returns the last result, or NULL when none came (the connection's
 * error then says why).
 */
#define EX_POLL_MS	100

static PGresult *
ex_exec(struct ex *x, const char *sql, int n, const char *const *v)
{
	struct pollfd	 pfd;
	PGresult	*res, *last = NULL;
	PGcancel	*pc;
	char		 err[256];
	bool		 asked = false;

	if (!PQsendQueryParams(x->conn, sql, n, NULL, v, NULL, NULL, 0))
		return NULL;
	for (;;) {
		while (PQisBusy(x->conn)) {
			if (!asked && ex_cancelled(x)) {
				if ((pc = PQgetCancel(x->conn)) != NULL) {
					PQcancel(pc, err, sizeof err);
					PQfreeCancel(pc);
				}
				asked = true;
			}
			pfd.fd = PQsocket(x->conn);
			pfd.events = POLLIN;
			pfd.revents = 0;
			if (poll(&pfd, 1, EX_POLL_MS) < 0 && errno != EINTR)
				break;
			if (!PQconsumeInput(x->conn))
				break;
		}
		if ((res = PQgetResult(x->conn)) == NULL)
			break;
		PQclear(last);
		last = res;
		if (PQstatus(x->conn) == CONNECTION_BAD)
			break;
	}
	return last;
}

/* Run a statement that returns no rows. */
static int
ex_command(struct ex *x, const char *sql, int n, const char *const *v,
    const char *doing, char **cause)
{
	PGresult	*res;

	res = ex_exec(x, sql, n, v);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return ex_fail_pq(x, res, doing, cause);
	PQclear(res);
	return 0;
}

/* Fetch the next batch from a cursor: a result, or NULL after failing. */
static PGresult *
ex_fetch(struct ex *x, const char *cursor, const char *doing, char **cause)
{
	PGresult	*res;
	char		 sql[96];

	snprintf(sql, sizeof sql, "FETCH %lld FROM %s", (long long)x->batch,
	    cursor);
	res = ex_exec(x, sql, 0, NULL);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		ex_fail_pq(x, res, doing, cause);
		return NULL;
	}
	return res;
}

static const char *
ex_value(PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return PQgetvalue(res, row, col);
}

static int64_t
ex_count(PGresult *res, int row, int col)
{
	const char	*s = ex_value(res, row, col);
	int64_t		 v;

	if (s == NULL || !parse_int64(s, &v) || v < 0)
		return -1;
	return v;
}

/*
 * Does the warehouse have every table and column extraction reads? Each
 * table is found as the query will find it: in the schema, or through the
 * connection's search path; a view does as well as a table.
 */
static int
ex_check_tables(struct ex *x, bool pivot, char **cause)
{
	const char	*v[1];
	struct buf	 have = BUF_INIT;
	PGresult	*res;
	char		*want, *col, *tab, *save = NULL, probe[80];
	size_t		 i;
	int		 r, rc = 0;

	for (i = 0; i < nitems(extract_tables) && rc == 0; i++) {
		const struct extract_table *t = &extract_tables[i];

		if (t->pivot_only && !pivot)
			continue;
		tab = query_pg_table(x->o->schema, t->name);
		v[0] = tab;
		res = ex_exec(x, "SELECT attname::text FROM"
		    " pg_attribute WHERE attrelid = to_regclass($1::text) AND"
		    " attnum > 0 AND NOT attisdropped", 1, v);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			free(tab);
			buf_free(&have);
			return ex_fail_pq(x, res, "reading the warehouse's "
			    "tables", cause);
		}
		buf_clear(&have);
		buf_addc(&have, ' ');
		for (r = 0; r < PQntuples(res); r++)
			buf_printf(&have, "%s ", PQgetvalue(res, r, 0));
		PQclear(res);
		if (have.len == 1) {
			rc = ex_fail(x, cause, "no table %s (extraction reads "
			    "%s)", tab, t->columns);
			free(tab);
			break;
		}
		want = xstrdup(t->columns);
		for (col = strtok_r(want, " ", &save); col != NULL;
		    col = strtok_r(NULL, " ", &save)) {
			snprintf(probe, sizeof probe, " %s ", col);
			if (strstr(have.data, probe) == NULL) {
				rc = ex_fail(x, cause, "table %s has no column "
				    "%s", tab, col);
				break;
			}
		}
		free(want);
		free(tab);
	}
	buf_free(&have);
	return rc;
}

/* One seed reference resolved to a warehouse account id. */
static int
ex_resolve_seed(struct ex *x, const char *ref, int64_t *id, char **cause)
{
	const char	*v[2];
	PGresult	*res;
	char		*sql, *platform = NULL;
	const char	*colon;
	int		 n, rc = 0;

	if (parse_int64(ref, id)) {
		sql = xasprintf("SELECT id FROM %s WHERE id = $1::bigint",
		    x->t_acc);
		v[0] = ref;
		n = 1;
	} else if (ref[0] == '@' && ref[1] != '\0') {
		sql = xasprintf("SELECT id FROM %s WHERE lower(handle) ="
		    " lower($1::text) OR lower(handle) = lower('@' ||"
		    " $1::text) ORDER BY id LIMIT 6", x->t_acc);
		v[0] = ref + 1;
		n = 1;
	} else if ((colon = strchr(ref, ':')) != NULL && colon > ref &&
	    colon[1] != '\0') {
		platform = xstrndup(ref, (size_t)(colon - ref));
		sql = xasprintf("SELECT id FROM %s WHERE platform = $1::text"
		    " AND native_id = $2::text", x->t_acc);
		v[0] = platform;
		v[1] = colon + 1;
		n = 2;
	} else
		return set_cause(cause, "--seed %s: not an account id, "
		    "PLATFORM:NATIVE_ID or @handle", ref);
	res = ex_exec(x, sql, n, v);
	free(sql);
	free(platform);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return ex_fail_pq(x, res, "finding the seed accounts", cause);
	if (PQntuples(res) == 0)
		rc = ex_fail(x, cause, "--seed %s: no such account in %s", ref,
		    x->t_acc);
	else if (PQntuples(res) > 1)
		rc = ex_fail(x, cause, "--seed %s: %s%d accounts have that "
		    "handle; give an id or PLATFORM:NATIVE_ID", ref,
		    PQntuples(res) > 5 ? "more than " : "",
		    PQntuples(res) > 5 ? 5 : PQntuples(res));
	else if (!parse_int64(PQgetvalue(res, 0, 0), id))
		rc = ex_fail(x, cause, "--seed %s: the account id \"%s\" is "
		    "not a number", ref, PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

static int
cmp_pairs(const void *a, const void *b)
{
	const struct ex_pair	*pa = a, *pb = b;

	return (pa->wid > pb->wid) - (pa->wid < pb->wid);
}

static int64_t
ex_case_id(const struct ex_pair *pairs, size_t n, const char *wid_text)
{
	struct ex_pair	 key, *p;

	memset(&key, 0, sizeof key);
	if (wid_text == NULL || !parse_int64(wid_text, &key.wid))
		return 0;
	p = bsearch(&key, pairs, n, sizeof *pairs, cmp_pairs);
	return p != NULL ? p->cid : 0;
}

/* The attributes of one batch of accounts. */
static int
ex_attributes(struct ex *x, const char *ids, const struct ex_pair *pairs,
    size_t npairs, char **cause)
{
	const char	*v[1] = { ids };
	PGresult	*res;
	char		*sql, *why = NULL;
	int		 r, rc;

	sql = xasprintf("DECLARE cibscope_attributes NO SCROLL CURSOR FOR"
	    " SELECT account_id::text, kind, value, raw FROM %s WHERE"
	    " account_id = ANY($1::bigint[]) ORDER BY account_id, kind, value",
	    x->t_attr);
	rc = ex_command(x, sql, 1, v, "reading attributes", cause);
	free(sql);
	if (rc != 0)
		return -1;
	for (;;) {
		if ((res = ex_fetch(x, "cibscope_attributes",
		    "reading attributes", cause)) == NULL)
			return -1;
		if (PQntuples(res) == 0) {
			PQclear(res);
			break;
		}
		for (r = 0; r < PQntuples(res); r++) {
			int64_t cid = ex_case_id(pairs, npairs,
			    ex_value(res, r, 0));
			const char *kind = ex_value(res, r, 1);
			const char *raw = ex_value(res, r, 3);

			if (raw == NULL)
				raw = ex_value(res, r, 2);
			if (cid <= 0 || kind == NULL || raw == NULL)
				continue;
			if (ingest_attribute(x->in, cid, kind, raw,
			    &why) < 0) {
				rc = ex_fail(x, cause, "attribute of account "
				    "%s: %s", PQgetvalue(res, r, 0), why);
				free(why);
				PQclear(res);
				return rc;
			}
			x->st.attributes++;
		}
		PQclear(res);
	}
	return ex_command(x, "CLOSE cibscope_attributes", 0, NULL,
	    "reading attributes", cause);
}

/* The posts of one batch of accounts, each with its links. */
static int
ex_posts(struct ex *x, const char *ids, const struct ex_pair *pairs,
    size_t npairs, char **cause)
{
	const char	*v[1] = { ids };
	struct post_rec	 p;
	PGresult	*res;
	char		*sql, *why = NULL, iso[21];
	int64_t		 t;
	int		 r, rc;

	sql = xasprintf("DECLARE cibscope_posts NO SCROLL CURSOR FOR"
	    " SELECT p.account_id::text, p.native_id, p.posted_at::text,"
	    " p.text, p.reply_to, p.repost_of, p.hashtags, (SELECT"
	    " string_agg(u.url, ' ' ORDER BY u.url) FROM %s u WHERE"
	    " u.post_id = p.id), (SELECT count(*) FROM %s u WHERE u.post_id ="
	    " p.id)::text FROM %s p WHERE p.account_id = ANY($1::bigint[])"
	    " ORDER BY p.account_id, p.id", x->t_urls, x->t_urls, x->t_posts);
	rc = ex_command(x, sql, 1, v, "reading posts", cause);
	free(sql);
	if (rc != 0)
		return -1;
	for (;;) {
		if ((res = ex_fetch(x, "cibscope_posts", "reading posts",
		    cause)) == NULL)
			return -1;
		if (PQntuples(res) == 0) {
			PQclear(res);
			break;
		}
		for (r = 0; r < PQntuples(res); r++) {
			int64_t cid = ex_case_id(pairs, npairs,
			    ex_value(res, r, 0));
			const char *at = ex_value(res, r, 2);

			if (cid <= 0)
				continue;
			memset(&p, 0, sizeof p);
			p.native_id = ex_value(res, r, 1);
			/* posted_at holds seconds since the epoch. */
			if (at != NULL && parse_int64(at, &t)) {
				norm_time_iso(t, iso);
				p.posted_at = iso;
			}
			p.text = ex_value(res, r, 3);
			p.reply_to = ex_value(res, r, 4);
			p.repost_of = ex_value(res, r, 5);
			p.hashtags = ex_value(res, r, 6);
			p.urls = ex_value(res, r, 7);
			if (ingest_post(x->in, cid, &p, &why) < 0) {
				rc = ex_fail(x, cause, "post of account %s: %s",
				    PQgetvalue(res, r, 0), why);
				free(why);
				PQclear(res);
				return rc;
			}
			x->st.posts++;
			if ((t = ex_count(res, r, 8)) > 0)
				x->post_urls += t;
		}
		PQclear(res);
	}
	return ex_command(x, "CLOSE cibscope_posts", 0, NULL,
	    "reading posts", cause);
}

/* One batch of accounts from the query's cursor: 1 read, 0 none left. */
static int
ex_batch(struct ex *x, char **cause)
{
	struct account_rec	 a;
	struct ex_pair		*pairs;
	struct buf		 ids = BUF_INIT;
	PGresult		*res;
	char			*why = NULL;
	int			 r, n, rc = -1;

	if ((res = ex_fetch(x, "cibscope_accounts", "running the query",
	    cause)) == NULL)
		return -1;
	if ((n = PQntuples(res)) == 0) {
		PQclear(res);
		return 0;
	}
	pairs = xcalloc((size_t)n, sizeof *pairs);
	for (r = 0; r < n; r++) {
		a = (struct account_rec)ACCOUNT_REC_INIT;
		if (!parse_int64(PQgetvalue(res, r, 0), &pairs[r].wid)) {
			ex_fail(x, cause, "account id \"%s\" is not a number",
			    PQgetvalue(res, r, 0));
			goto out;
		}
		a.platform = ex_value(res, r, 1);
		a.native_id = ex_value(res, r, 2);
		a.handle = ex_value(res, r, 3);
		a.display_name = ex_value(res, r, 4);
		a.bio = ex_value(res, r, 5);
		a.url = ex_value(res, r, 6);
		a.created_at = ex_value(res, r, 7);
		a.followers = ex_count(res, r, 8);
		a.following = ex_count(res, r, 9);
		a.posts = ex_count(res, r, 10);
		a.country = ex_value(res, r, 11);
		a.language = ex_value(res, r, 12);
		a.status = ex_value(res, r, 13);
		if ((pairs[r].cid = ingest_account(x->in, &a, &why)) < 0) {
			ex_fail(x, cause, "account %s: %s",
			    PQgetvalue(res, r, 0), why);
			free(why);
			goto out;
		}
		x->st.accounts++;
		buf_printf(&ids, "%c%lld", r == 0 ? '{' : ',',
		    (long long)pairs[r].wid);
	}
	buf_addc(&ids, '}');
	qsort(pairs, (size_t)n, sizeof *pairs, cmp_pairs);
	if (ex_attributes(x, ids.data, pairs, (size_t)n, cause) != 0 ||
	    ex_posts(x, ids.data, pairs, (size_t)n, cause) != 0)
		goto out;
	rc = 1;
out:
	PQclear(res);
	free(pairs);
	buf_free(&ids);
	return rc;
}

/* The audit row: where the accounts came from and what was asked. */
static int
ex_audit(struct ex *x, const struct query_pg *pg,
    const struct query_args *a, char **cause)
{
	struct buf	 b = BUF_INIT;
	char		*canon;
	size_t		 i;
	int		 rc;

	canon = query_canonical(x->o->query, a);
	buf_adds(&b, "{\"server\":");
	buf_add_json(&b, x->label);
	buf_adds(&b, ",\"schema\":");
	if (x->o->schema != NULL)
		buf_add_json(&b, x->o->schema);
	else
		buf_adds(&b, "null");
	buf_printf(&b, ",\"query\":%s,\"sql\":", canon);
	buf_add_json(&b, pg->sql);
	buf_adds(&b, ",\"params\":[");
	for (i = 0; i < pg->nparams; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		if (pg->params[i] == NULL)
			buf_adds(&b, "null");
		else
			buf_add_json(&b, pg->params[i]);
	}
	buf_printf(&b, "],\"accounts\":%lld,\"accounts_new\":%lld,"
	    "\"attributes\":%lld,\"posts\":%lld,\"post_urls\":%lld}",
	    (long long)x->st.accounts, (long long)x->st.accounts_new,
	    (long long)x->st.attributes, (long long)x->st.posts,
	    (long long)x->post_urls);
	rc = audit_append(x->c, "extract", x->label, b.data, cause);
	free(canon);
	buf_free(&b);
	return rc;
}

int
extract_run(struct case_db *c, const struct extract_opts *o,
    struct extract_stats *out, char **cause)
{
	static const char *const keys[] = { "connect_timeout",
	    "fallback_application_name", "dbname", NULL };
	const char		*vals[4] = { "10", "cibscope", NULL, NULL };
	struct query_args	 a;
	struct query_pg		*pg = NULL;
	struct ex		 x;
	int64_t			*seeds = NULL;
	PGresult		*res;
	char			*sql = NULL;
	size_t			 i;
	int			 rc = -1, more;
	bool			 pivot;

	memset(&x, 0, sizeof x);
	memset(&a, 0, sizeof a);
	if (o->args != NULL)
		a = *o->args;
	x.c = c;
	x.o = o;
	x.batch = o->batch > 0 ? o->batch : EXTRACT_BATCH;
	if ((x.label = extract_server_label(o->conninfo, cause)) == NULL)
		return -1;

	/* Refusals need no server: compile once with stand-in seeds. */
	seeds = xcalloc(o->nseed_refs + 1, sizeof *seeds);
	a.seeds = seeds;
	a.nseeds = o->nseed_refs;
	if (query_pg_compile(o->query, &a, o->schema, &pg, cause) != 0)
		goto out;
	pivot = strstr(pg->sql, "attribute_stats") != NULL;
	query_pg_free(pg);
	pg = NULL;

	x.t_acc = query_pg_table(o->schema, "accounts");
	x.t_attr = query_pg_table(o->schema, "attributes");
	x.t_posts = query_pg_table(o->schema, "posts");
	x.t_urls = query_pg_table(o->schema, "post_urls");

	vals[2] = o->conninfo;
	x.conn = PQconnectdbParams(keys, vals, 1);
	if (x.conn == NULL) {
		set_cause(cause, "%s: out of memory", x.label);
		goto out;
	}
	if (PQstatus(x.conn) != CONNECTION_OK) {
		char *msg = pq_text(PQerrorMessage(x.conn));

		set_cause(cause, "%s: cannot connect: %s", x.label, msg);
		free(msg);
		goto out;
	}
	/* One snapshot for the query and every batch after it. */
	if (ex_command(&x, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	    0, NULL, "starting a transaction", cause) != 0)
		goto out;
	if (ex_check_tables(&x, pivot, cause) != 0)
		goto out;
	for (i = 0; i < o->nseed_refs; i++) {
		if (ex_resolve_seed(&x, o->seed_refs[i], &seeds[i],
		    cause) != 0)
			goto out;
	}
	if (query_pg_compile(o->query, &a, o->schema, &pg, cause) != 0)
		goto out;

	sql = xasprintf("DECLARE cibscope_accounts NO SCROLL CURSOR FOR"
	    " WITH q AS (%s) SELECT a.id::text, a.platform, a.native_id,"
	    " a.handle, a.display_name, a.bio, a.url, a.created_at,"
	    " a.followers::text, a.following::text, a.posts::text, a.country,"
	    " a.language, a.status FROM q JOIN %s a ON a.id = q.account_id"
	    " ORDER BY q.ord", pg->sql, x.t_acc);
	if (ex_command(&x, sql, (int)pg->nparams,
	    (const char *const *)pg->params, "running the query", cause) != 0)
		goto out;

	if ((x.in = ingest_begin(c, x.label, cause)) == NULL)
		goto out;
	while ((more = ex_batch(&x, cause)) > 0) {
		if (o->on_progress != NULL)
			o->on_progress(o->arg, &x.st);
		if (ex_cancelled(&x)) {
			ex_fail(&x, cause, "cancelled after %lld accounts; "
			    "nothing was written to the case",
			    (long long)x.st.accounts);
			goto out;
		}
	}
	if (more < 0)
		goto out;
	res = ex_exec(&x, "COMMIT", 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		ex_fail_pq(&x, res, "finishing the transaction", cause);
		goto out;
	}
	PQclear(res);
	x.st.accounts_new = ingest_get_stats(x.in)->accounts_new;
	if (ex_audit(&x, pg, &a, cause) != 0)
		goto out;
	rc = ingest_commit(x.in, cause);
	x.in = NULL;
	if (rc == 0 && out != NULL)
		*out = x.st;
out:
	if (x.in != NULL)
		ingest_abort(x.in);
	if (x.conn != NULL)
		PQfinish(x.conn);
	query_pg_free(pg);
	free(sql);
	free(seeds);
	free(x.label);
	free(x.t_acc);
	free(x.t_attr);
	free(x.t_posts);
	free(x.t_urls);
	return rc;
}
