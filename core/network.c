/*
 * network.c: saved networks and their members' evidence: tagging (from
 * account ids, a query's result or a detection candidate), relabelling,
 * renaming, removing members, merging and removing, each in one
 * transaction with its audit row; and reading networks back.
 *
 * Evidence is JSON built and merged by SQLite's JSON functions on the
 * case's own connection, so no JSON is parsed by hand here. The "why"
 * text is in network_why.c.
 */
#include "config.h"
#include "network.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "case.h"
#include "detect.h"
#include "normalize.h"
#include "query.h"
#include "util.h"
#include "vocab.h"

const char *const network_labels[] = {
	"suspected", "cib", "not_cib", "cleared",
};
const size_t network_nlabels = nitems(network_labels);

/* Message pairs kept per coordination partner. */
#define NETWORK_MAX_PAIRS	5

bool
network_label_valid(const char *s)
{
	size_t	i;

	for (i = 0; s != NULL && i < network_nlabels; i++) {
		if (strcmp(s, network_labels[i]) == 0)
			return true;
	}
	return false;
}

static bool
given(const char *s)
{
	return s != NULL && *s != '\0';
}

static void
bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (given(s))
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char	*s = sqlite3_column_text(st, i);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

/* Who made a change and when. */
struct stamp {
	char		 at[32];
	const char	*actor;
};

static void
stamp_init(struct stamp *s, const struct network_info *ni)
{
	if (ni != NULL && given(ni->at))
		snprintf(s->at, sizeof s->at, "%s", ni->at);
	else
		norm_time_iso((int64_t)time(NULL), s->at);
	s->actor = ni != NULL && given(ni->actor) ? ni->actor : audit_actor();
}

/* The audit row for a change, inside the caller's transaction. */
static int
audit_row(struct case_db *c, const struct stamp *s, const char *action,
    const char *target, const char *detail, char **cause)
{
	return audit_append_as(c, s->at, s->actor, action, target, detail,
	    cause);
}

/* A network's id by name: 1 found, 0 not (*id is 0), -1 error. */
static int
network_id(struct case_db *c, const char *name, int64_t *id, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	*id = 0;
	if (sqlite3_prepare_v2(c->db, "SELECT id FROM networks WHERE name = ?1",
	    -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "reading networks");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "reading networks");
	return 0;
}

/* The id of an existing network, or -1 with "no network named ...". */
static int
network_need(struct case_db *c, const char *name, int64_t *id, char **cause)
{
	int	rc = network_id(c, name, id, cause);

	if (rc == 0)
		return set_cause(cause, "%s: no network named \"%s\"", c->path,
		    name);
	return rc < 0 ? -1 : 0;
}

static int64_t
member_count(struct case_db *c, int64_t id)
{
	sqlite3_stmt	*st;
	int64_t		 n = -1;

	if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM network_members "
	    "WHERE network_id = ?1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int
exec_bound(struct case_db *c, const char *sql, int64_t a, int64_t b,
    const char *what, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, what);
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, what);
	return 0;
}

static int
writable(struct case_db *c, const char *what, char **cause)
{
	if (c->readonly)
		return set_cause(cause, "%s: the case is read-only: cannot %s",
		    c->path, what);
	return 0;
}

/* ---- evidence ---------------------------------------------------------- */

/*
 * SQL for a member's evidence (an expression E) as an array: an array
 * stays, any other JSON becomes a one-item array, text that is not JSON
 * is kept under "detail".
 */
static char *
sql_as_array(const char *e)
{
	return xasprintf("CASE WHEN %s IS NULL THEN '[]' WHEN NOT json_valid(%s)"
	    " THEN json_array(json_object('detail', %s)) WHEN json_type(%s) ="
	    " 'array' THEN json(%s) ELSE json_array(json(%s)) END", e, e, e, e,
	    e, e);
}

/* SQL for the items of old (an expression) followed by those of new. */
static char *
sql_merge(const char *old, const char *new)
{
	char	*a = sql_as_array(old), *b = sql_as_array(new), *s;

	s = xasprintf("(SELECT json_group_array(CASE WHEN t IN ('object',"
	    " 'array') THEN json(v) ELSE v END) FROM (SELECT value AS v, type"
	    " AS t, 0 AS s, key AS k FROM json_each(%s) UNION ALL SELECT"
	    " value, type, 1, key FROM json_each(%s) ORDER BY s, k))", a, b);
	free(a);
	free(b);
	return s;
}

/* The statement that adds one member or appends to its evidence:
 * ?1 network, ?2 account, ?3 at, ?4 by, ?5 evidence array. */
static int
prepare_put(struct case_db *c, sqlite3_stmt **st, char **cause)
{
	char	*merge, *sql;
	int	 rc;

	merge = sql_merge("network_members.evidence", "excluded.evidence");
	sql = xasprintf("INSERT INTO network_members(network_id, account_id,"
	    " added_at, added_by, evidence) SELECT ?1, id, ?3, ?4, ?5 FROM"
	    " accounts WHERE id = ?2 ON CONFLICT(network_id, account_id) DO"
	    " UPDATE SET evidence = %s", merge);
	rc = sqlite3_prepare_v2(c->db, sql, -1, st, NULL);
	free(sql);
	free(merge);
	if (rc != SQLITE_OK)
		return case_error(c, cause, "saving network members");
	return 0;
}

static int
put_member(struct case_db *c, sqlite3_stmt *st, int64_t account,
    const char *evidence, char **cause)
{
	int	rc;

	sqlite3_bind_int64(st, 2, account);
	sqlite3_bind_text(st, 5, evidence, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "saving network members");
	return 0;
}

/*
 * Evidence a caller gave, as an array of items stamped with by and at:
 * NULL is one {"via": "accounts"} item; an object is one item (the
 * screen's {"list", "why"} gets via "screen"); an array's objects are
 * items.
 */
static char *
evidence_given(struct case_db *c, const char *ev, const struct stamp *s,
    char **cause)
{
	static const char sql[] =
	    "SELECT CASE"
	    " WHEN ?1 IS NULL THEN json_array(json_object('via', 'accounts',"
	    "  'by', ?2, 'at', ?3))"
	    " WHEN NOT json_valid(?1) THEN json_array(json_object('via',"
	    "  'accounts', 'by', ?2, 'at', ?3, 'detail', ?1))"
	    " WHEN json_type(?1) = 'array' THEN (SELECT json_group_array("
	    "  CASE WHEN type = 'object' THEN json_insert(value, '$.via',"
	    "  'accounts', '$.by', ?2, '$.at', ?3) ELSE json_object('by', ?2,"
	    "  'at', ?3, 'detail', CASE WHEN type = 'array' THEN json(value)"
	    "  ELSE value END) END) FROM json_each(?1))"
	    " WHEN json_type(?1) = 'object' THEN json_array(json_insert(?1,"
	    "  '$.via', CASE WHEN json_type(?1, '$.list') IS NOT NULL THEN"
	    "  'screen' ELSE 'accounts' END, '$.by', ?2, '$.at', ?3))"
	    " ELSE json_array(json_object('by', ?2, 'at', ?3, 'detail',"
	    "  json(?1))) END";
	sqlite3_stmt	*st;
	char		*out = NULL;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		case_error(c, cause, "reading evidence");
		return NULL;
	}
	if (ev != NULL)
		sqlite3_bind_text(st, 1, ev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s->at, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		out = col_dup(st, 0);
	sqlite3_finalize(st);
	if (out == NULL)
		case_error(c, cause, "reading evidence");
	return out;
}

/*
 * One evidence item from a query result row: the base object ?1 (via, by,
 * at, query) with the row's own evidence ?2 merged in, its pivot links
 * turned into "shared" values with how many accounts hold each.
 */
static const char item_sql[] =
    "SELECT CASE"
    " WHEN ?2 IS NULL THEN json(?1)"
    " WHEN NOT json_valid(?2) THEN json_set(?1, '$.detail', ?2)"
    " WHEN json_type(?2) <> 'object' THEN json_set(?1, '$.detail', json(?2))"
    " WHEN json_type(?2, '$.links') = 'array' THEN"
    "  json_set(json_patch(?1, json_remove(?2, '$.links')), '$.shared',"
    "  json((SELECT json_group_array(json_object('kind',"
    "  json_extract(j.value, '$.kind'), 'value', json_extract(j.value,"
    "  '$.value'), 'accounts', s.accounts, 'hop', json_extract(j.value,"
    "  '$.hop'))) FROM json_each(?2, '$.links') j LEFT JOIN attribute_stats"
    "  s ON s.kind = json_extract(j.value, '$.kind') AND s.value ="
    "  json_extract(j.value, '$.value'))))"
    " ELSE json_patch(?1, ?2) END";

/* Timestamps of matching posts of a and b, for coordination evidence. */
static const char *const pair_sql[] = {
	/* co-post */
	"SELECT p.native_id, p.posted_at, q.native_id, q.posted_at FROM posts p"
	" JOIN posts q ON q.account_id = ?2 AND q.text_hash = p.text_hash"
	" AND (q.repost_of IS NULL OR q.repost_of = '')"
	" WHERE p.account_id = ?1 AND p.text_hash <> 0"
	" AND (p.repost_of IS NULL OR p.repost_of = '')"
	" AND abs(q.posted_at - p.posted_at) <= ?3 ORDER BY p.posted_at"
	" LIMIT ?4",
	/* co-link */
	"SELECT p.native_id, p.posted_at, q.native_id, q.posted_at FROM posts p"
	" JOIN post_urls u ON u.post_id = p.id, posts q JOIN post_urls v ON"
	" v.post_id = q.id WHERE p.account_id = ?1 AND q.account_id = ?2 AND"
	" u.url <> '' AND v.url = u.url AND abs(q.posted_at - p.posted_at) <="
	" ?3 ORDER BY p.posted_at LIMIT ?4",
	/* co-repost */
	"SELECT p.native_id, p.posted_at, q.native_id, q.posted_at FROM posts p"
	" JOIN posts q ON q.account_id = ?2 AND q.repost_of = p.repost_of"
	" WHERE p.account_id = ?1 AND p.repost_of <> ''"
	" AND abs(q.posted_at - p.posted_at) <= ?3 ORDER BY p.posted_at"
	" LIMIT ?4",
	/* co-reply */
	"SELECT p.native_id, p.posted_at, q.native_id, q.posted_at FROM posts p"
	" JOIN posts q ON q.account_id = ?2 AND q.reply_to = p.reply_to"
	" AND (q.repost_of IS NULL OR q.repost_of = '')"
	" WHERE p.account_id = ?1 AND p.reply_to <> ''"
	" AND (p.repost_of IS NULL OR p.repost_of = '')"
	" AND abs(q.posted_at - p.posted_at) <= ?3 ORDER BY p.posted_at"
	" LIMIT ?4",
};

static int
coord_kind_index(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(pair_sql); i++) {
		if (strcmp(query_coord_names[i], name) == 0)
			return (int)i;
	}
	return -1;
}

/* The message pairs of a and b as a JSON array. */
static char *
coord_pairs(struct case_db *c, int kind, int64_t window, int64_t a,
    int64_t b)
{
	struct buf	 j = BUF_INIT;
	sqlite3_stmt	*st;
	char		 t[21];
	int		 n = 0;

	buf_addc(&j, '[');
	if (sqlite3_prepare_v2(c->db, pair_sql[kind], -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_int64(st, 1, a);
		sqlite3_bind_int64(st, 2, b);
		sqlite3_bind_int64(st, 3, window);
		sqlite3_bind_int(st, 4, NETWORK_MAX_PAIRS);
		while (sqlite3_step(st) == SQLITE_ROW) {
			buf_adds(&j, n++ > 0 ? ",{\"post\":" : "{\"post\":");
			buf_add_json(&j, (const char *)sqlite3_column_text(st,
			    0));
			norm_time_iso(sqlite3_column_int64(st, 1), t);
			buf_printf(&j, ",\"at\":\"%s\",\"partner_post\":", t);
			buf_add_json(&j, (const char *)sqlite3_column_text(st,
			    2));
			norm_time_iso(sqlite3_column_int64(st, 3), t);
			buf_printf(&j, ",\"partner_at\":\"%s\"}", t);
		}
		sqlite3_finalize(st);
	}
	buf_addc(&j, ']');
	return buf_steal(&j);
}

/* Add "pairs" to each partner of a coordination item. */
static char *
item_add_pairs(struct case_db *c, char *item, int64_t account)
{
	sqlite3_stmt	*st, *set;
	const char	*kname;
	int64_t		 window;
	int		 kind;

	if (sqlite3_prepare_v2(c->db, "SELECT json_extract(?1,"
	    " '$.coordination'), json_extract(?1, '$.window')", -1, &st,
	    NULL) != SQLITE_OK)
		return item;
	sqlite3_bind_text(st, 1, item, -1, SQLITE_STATIC);
	kind = -1;
	window = 60;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (kname = (const char *)sqlite3_column_text(st, 0)) != NULL) {
		kind = coord_kind_index(kname);
		window = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (kind < 0)
		return item;
	if (sqlite3_prepare_v2(c->db, "SELECT key, json_extract(value,"
	    " '$.account') FROM json_each(?1, '$.partners')", -1, &st, NULL) !=
	    SQLITE_OK)
		return item;
	if (sqlite3_prepare_v2(c->db, "SELECT json_set(?1, '$.partners[' ||"
	    " ?2 || '].pairs', json(?3))", -1, &set, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return item;
	}
	sqlite3_bind_text(st, 1, xstrdup(item), -1, free);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *pairs = coord_pairs(c, kind, window, account,
		    sqlite3_column_int64(st, 1));

		sqlite3_bind_text(set, 1, item, -1, SQLITE_STATIC);
		sqlite3_bind_int64(set, 2, sqlite3_column_int64(st, 0));
		sqlite3_bind_text(set, 3, pairs, -1, SQLITE_STATIC);
		if (sqlite3_step(set) == SQLITE_ROW &&
		    sqlite3_column_text(set, 0) != NULL) {
			char *next = col_dup(set, 0);

			free(item);
			item = next;
		}
		sqlite3_reset(set);
		free(pairs);
	}
	sqlite3_finalize(set);
	sqlite3_finalize(st);
	return item;
}

/* ---- tagging ----------------------------------------------------------- */

struct tag {
	struct case_db		*c;
	const struct network_info *ni;
	struct stamp		 s;
	int64_t			 id;
	int64_t			 before;
	sqlite3_stmt		*put;
};

/* Check what the network says, open the transaction, create or update
 * the network and get ready to add members. */
static int
tag_begin(struct tag *t, struct case_db *c, const struct network_info *ni,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(t, 0, sizeof *t);
	t->c = c;
	t->ni = ni;
	if (ni == NULL || !given(ni->name))
		return set_cause(cause, "a network needs a name");
	if (given(ni->label) && !network_label_valid(ni->label))
		return set_cause(cause, "unknown label \"%s\" (suspected, cib, "
		    "not_cib or cleared)", ni->label);
	if (writable(c, "tag", cause) != 0)
		return -1;
	if (given(ni->ttps) && vocab_check_list(c, ni->ttps, cause) != 0)
		return -1;
	stamp_init(&t->s, ni);
	if (case_begin(c, cause) != 0)
		return -1;
	if (sqlite3_prepare_v2(c->db, "INSERT INTO networks(name, label,"
	    " origin, target, ttps, notes, created_at, created_by,"
	    " updated_at) VALUES (?1, coalesce(?2, 'suspected'), ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?7) ON CONFLICT(name) DO UPDATE SET"
	    " label = coalesce(?2, label), origin = coalesce(?3, origin),"
	    " target = coalesce(?4, target), ttps = coalesce(?5, ttps),"
	    " notes = coalesce(?6, notes), updated_at = ?7", -1, &st, NULL) !=
	    SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, ni->name, -1, SQLITE_STATIC);
	bind_opt(st, 2, ni->label);
	bind_opt(st, 3, ni->origin);
	bind_opt(st, 4, ni->target);
	bind_opt(st, 5, ni->ttps);
	bind_opt(st, 6, ni->notes);
	sqlite3_bind_text(st, 7, t->s.at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, t->s.actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE || network_id(c, ni->name, &t->id, cause) != 1)
		goto fail;
	if ((t->before = member_count(c, t->id)) < 0)
		goto fail;
	if (prepare_put(c, &t->put, cause) != 0) {
		case_rollback(c);
		return -1;
	}
	sqlite3_bind_int64(t->put, 1, t->id);
	sqlite3_bind_text(t->put, 3, t->s.at, -1, SQLITE_STATIC);
	sqlite3_bind_text(t->put, 4, t->s.actor, -1, SQLITE_STATIC);
	return 0;
fail:
	case_error(c, cause, "saving a network");
	case_rollback(c);
	return -1;
}

static void
tag_abort(struct tag *t)
{
	sqlite3_finalize(t->put);
	t->put = NULL;
	case_rollback(t->c);
}

/* The audit row (the network's fields, then extra, then the counts)
 * and the commit. */
static int
tag_finish(struct tag *t, const char *extra, int64_t members, int64_t count,
    struct network_tag_report *rep, char **cause)
{
	const struct network_info	*ni = t->ni;
	struct buf			 d = BUF_INIT;
	int64_t				 added;

	sqlite3_finalize(t->put);
	t->put = NULL;
	if ((added = member_count(t->c, t->id)) < 0) {
		case_error(t->c, cause, "saving network members");
		goto fail;
	}
	added -= t->before;
	buf_adds(&d, "{\"label\":");
	buf_add_json(&d, given(ni->label) ? ni->label : NULL);
	buf_adds(&d, ",\"origin\":");
	buf_add_json(&d, given(ni->origin) ? ni->origin : NULL);
	buf_adds(&d, ",\"target\":");
	buf_add_json(&d, given(ni->target) ? ni->target : NULL);
	buf_adds(&d, ",\"ttps\":");
	buf_add_json(&d, given(ni->ttps) ? ni->ttps : NULL);
	buf_adds(&d, ",\"notes\":");
	buf_add_json(&d, given(ni->notes) ? ni->notes : NULL);
	if (extra != NULL && *extra != '\0')
		buf_printf(&d, ",%s", extra);
	if (count >= 0)
		buf_printf(&d, ",\"count\":%lld", (long long)count);
	buf_printf(&d, ",\"members\":%lld,\"added\":%lld}", (long long)members,
	    (long long)added);
	if (audit_row(t->c, &t->s, "tag", ni->name, d.data, cause) != 0)
		goto fail;
	buf_free(&d);
	if (case_commit(t->c, cause) != 0)
		return -1;
	if (rep != NULL) {
		rep->members = members;
		rep->added = added;
		rep->count = count;
	}
	return 0;
fail:
	buf_free(&d);
	tag_abort(t);
	return -1;
}

int
network_tag(struct case_db *c, const struct network_info *ni,
    const struct network_member *m, size_t n, int64_t *added,
    char **cause)
{
	struct network_tag_report	 rep;
	struct tag			 t;
	struct buf			 extra = BUF_INIT;
	size_t				 i;
	char				*ev;
	int				 rc;

	if (tag_begin(&t, c, ni, cause) != 0)
		return -1;
	buf_adds(&extra, "\"via\":\"accounts\",\"accounts\":[");
	for (i = 0; i < n; i++) {
		if ((ev = evidence_given(c, m[i].evidence, &t.s,
		    cause)) == NULL ||
		    put_member(c, t.put, m[i].account_id, ev, cause) != 0) {
			free(ev);
			buf_free(&extra);
			tag_abort(&t);
			return -1;
		}
		free(ev);
		buf_printf(&extra, "%s%lld", i > 0 ? "," : "",
		    (long long)m[i].account_id);
	}
	buf_addc(&extra, ']');
	rc = tag_finish(&t, extra.data, (int64_t)n, -1, &rep, cause);
	buf_free(&extra);
	if (rc != 0)
		return -1;
	if (added != NULL)
		*added = rep.added;
	return 0;
}

int
network_tag_accounts(struct case_db *c, const struct network_info *ni,
    const int64_t *ids, size_t n, struct network_tag_report *rep,
    char **cause)
{
	struct tag	 t;
	struct buf	 extra = BUF_INIT, item = BUF_INIT;
	size_t		 i;
	int		 rc = -1;

	if (n == 0)
		return set_cause(cause, "no accounts to tag");
	if (tag_begin(&t, c, ni, cause) != 0)
		return -1;
	buf_adds(&item, "[{\"via\":\"accounts\",\"by\":");
	buf_add_json(&item, t.s.actor);
	buf_printf(&item, ",\"at\":\"%s\"}]", t.s.at);
	buf_adds(&extra, "\"via\":\"accounts\",\"accounts\":[");
	for (i = 0; i < n; i++) {
		buf_printf(&extra, "%s%lld", i > 0 ? "," : "",
		    (long long)ids[i]);
		if (put_member(c, t.put, ids[i], item.data, cause) != 0) {
			tag_abort(&t);
			goto out;
		}
	}
	buf_addc(&extra, ']');
	rc = tag_finish(&t, extra.data, (int64_t)n, -1, rep, cause);
out:
	buf_free(&extra);
	buf_free(&item);
	return rc;
}

int
network_tag_query(struct case_db *c, const struct network_info *ni,
    const struct query *q, const struct query_args *a, const char *via,
    struct network_tag_report *rep, char **cause)
{
	struct query_result	*r = NULL;
	struct tag		 t;
	struct buf		 base = BUF_INIT, extra = BUF_INIT;
	sqlite3_stmt		*rows = NULL, *mk = NULL;
	char			*sql, *item;
	int64_t			 n = 0;
	int			 rc;

	if (via == NULL)
		via = "query";
	if (tag_begin(&t, c, ni, cause) != 0)
		return -1;
	if (query_run(c, q, a, &r, cause) != 0)
		goto fail;
	if (r->count == 0) {
		set_cause(cause, "the query found no accounts: nothing to tag");
		goto fail;
	}
	buf_adds(&base, "{\"via\":");
	buf_add_json(&base, via);
	buf_adds(&base, ",\"by\":");
	buf_add_json(&base, t.s.actor);
	buf_printf(&base, ",\"at\":\"%s\",\"query\":%s}", t.s.at,
	    r->canonical);
	sql = xasprintf("SELECT account_id, evidence FROM %s ORDER BY ord",
	    r->table);
	rc = sqlite3_prepare_v2(c->db, sql, -1, &rows, NULL);
	free(sql);
	if (rc != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, item_sql, -1, &mk, NULL) != SQLITE_OK) {
		case_error(c, cause, "reading the query result");
		goto fail;
	}
	sqlite3_bind_text(mk, 1, base.data, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
		int64_t	 id = sqlite3_column_int64(rows, 0);
		char	*arr;

		if (sqlite3_column_type(rows, 1) == SQLITE_NULL)
			sqlite3_bind_null(mk, 2);
		else
			sqlite3_bind_text(mk, 2, (const char *)
			    sqlite3_column_text(rows, 1), -1, SQLITE_TRANSIENT);
		if (sqlite3_step(mk) != SQLITE_ROW ||
		    (item = col_dup(mk, 0)) == NULL) {
			case_error(c, cause, "building evidence");
			goto fail;
		}
		sqlite3_reset(mk);
		item = item_add_pairs(c, item, id);
		arr = xasprintf("[%s]", item);
		free(item);
		rc = put_member(c, t.put, id, arr, cause);
		free(arr);
		if (rc != 0)
			goto fail;
		n++;
	}
	if (rc != SQLITE_DONE) {
		case_error(c, cause, "reading the query result");
		goto fail;
	}
	sqlite3_finalize(rows);
	sqlite3_finalize(mk);
	rows = mk = NULL;
	buf_adds(&extra, "\"via\":");
	buf_add_json(&extra, via);
	buf_printf(&extra, ",\"query\":%s", r->canonical);
	rc = tag_finish(&t, extra.data, n, r->count, rep, cause);
	query_result_free(c, r);
	buf_free(&base);
	buf_free(&extra);
	return rc;
fail:
	sqlite3_finalize(rows);
	sqlite3_finalize(mk);
	tag_abort(&t);
	query_result_free(c, r);
	buf_free(&base);
	buf_free(&extra);
	return -1;
}

int
network_tag_detection(struct case_db *c, const struct network_info *ni,
    const struct detect_opts *o, int rank, struct network_tag_report *rep,
    char **cause)
{
	struct detect_result		*r = NULL;
	const struct detect_network	*dn;
	struct detect_opts		 run;
	struct tag			 t;
	struct buf			 spec = BUF_INIT, base = BUF_INIT;
	struct buf			 kinds = BUF_INIT, extra = BUF_INIT;
	sqlite3_stmt			*mk = NULL;
	size_t				 i;
	char				*item;
	int				 rc = -1;

	if (rank < 1)
		return set_cause(cause, "detection candidates are numbered "
		    "from 1");
	if (tag_begin(&t, c, ni, cause) != 0)
		return -1;
	if (o != NULL)
		run = *o;
	else
		memset(&run, 0, sizeof run);
	run.first_handles_only = true;	/* members are tagged by id */
	if (detect_run(c, &run, &r, cause) != 0)
		goto fail;
	if ((size_t)rank > r->nnetworks) {
		set_cause(cause, "detection found %zu candidate network%s: "
		    "there is no candidate %d", r->nnetworks,
		    r->nnetworks == 1 ? "" : "s", rank);
		goto fail;
	}
	dn = &r->networks[rank - 1];
	buf_addc(&kinds, '[');
	for (i = 0; i < r->nkinds; i++) {
		if (i > 0)
			buf_addc(&kinds, ',');
		buf_add_json(&kinds, r->kinds[i]);
	}
	buf_addc(&kinds, ']');
	buf_printf(&spec, "{\"rank\":%d,\"on\":%s,\"max_share\":%lld,"
	    "\"min_size\":%lld}", rank, kinds.data, (long long)r->max_share,
	    (long long)r->min_size);
	buf_adds(&base, "{\"via\":\"detection\",\"by\":");
	buf_add_json(&base, t.s.actor);
	buf_printf(&base, ",\"at\":\"%s\",\"detection\":%s}", t.s.at,
	    spec.data);
	if (sqlite3_prepare_v2(c->db, "SELECT json_array(json_set(?1,"
	    " '$.shared', json((SELECT json_group_array(json_object('kind',"
	    " a.kind, 'value', a.value, 'accounts', s.accounts)) FROM"
	    " attributes a JOIN attribute_stats s ON s.kind = a.kind AND"
	    " s.value = a.value WHERE a.account_id = ?2 AND a.kind IN (SELECT"
	    " value FROM json_each(?3)) AND s.accounts BETWEEN 2 AND ?4))))",
	    -1, &mk, NULL) != SQLITE_OK) {
		case_error(c, cause, "building evidence");
		goto fail;
	}
	sqlite3_bind_text(mk, 1, base.data, -1, SQLITE_STATIC);
	sqlite3_bind_text(mk, 3, kinds.data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(mk, 4, r->max_share);
	for (i = 0; i < dn->size; i++) {
		sqlite3_bind_int64(mk, 2, dn->members[i].id);
		if (sqlite3_step(mk) != SQLITE_ROW ||
		    (item = col_dup(mk, 0)) == NULL) {
			case_error(c, cause, "building evidence");
			goto fail;
		}
		sqlite3_reset(mk);
		rc = put_member(c, t.put, dn->members[i].id, item, cause);
		free(item);
		if (rc != 0)
			goto fail;
	}
	sqlite3_finalize(mk);
	mk = NULL;
	buf_printf(&extra, "\"via\":\"detection\",\"detection\":%s",
	    spec.data);
	rc = tag_finish(&t, extra.data, (int64_t)dn->size, (int64_t)dn->size,
	    rep, cause);
	goto out;
fail:
	rc = -1;
	sqlite3_finalize(mk);
	tag_abort(&t);
out:
	detect_result_free(r);
	buf_free(&spec);
	buf_free(&base);
	buf_free(&kinds);
	buf_free(&extra);
	return rc;
}

/* ---- other changes ----------------------------------------------------- */

/* Begin a change to an existing network; *id is 0 on failure. */
static int
change_begin(struct case_db *c, const char *what, const char *name,
    int64_t *id, char **cause)
{
	*id = 0;
	if (writable(c, what, cause) != 0)
		return -1;
	if (name == NULL || *name == '\0')
		return set_cause(cause, "a network needs a name");
	if (case_begin(c, cause) != 0)
		return -1;
	if (network_need(c, name, id, cause) != 0) {
		case_rollback(c);
		return -1;
	}
	return 0;
}

/* The audit row and the commit of a change; rolls back on failure. */
static int
change_finish(struct case_db *c, const char *action, const char *target,
    struct buf *detail, char **cause)
{
	struct stamp	s;
	int		rc;

	stamp_init(&s, NULL);
	rc = audit_row(c, &s, action, target, detail->data, cause);
	buf_free(detail);
	if (rc != 0) {
		case_rollback(c);
		return -1;
	}
	return case_commit(c, cause);
}

static int
change_fail(struct case_db *c, struct buf *detail)
{
	buf_free(detail);
	case_rollback(c);
	return -1;
}

int
network_relabel(struct case_db *c, const char *name, const char *label,
    char **cause)
{
	struct buf	 d = BUF_INIT;
	sqlite3_stmt	*st;
	char		 now[21], *old = NULL;
	int64_t		 id;
	int		 rc;

	if (!network_label_valid(label))
		return set_cause(cause, "unknown label \"%s\" (suspected, cib, "
		    "not_cib or cleared)", label != NULL ? label : "");
	if (change_begin(c, "relabel", name, &id, cause) != 0)
		return -1;
	if (sqlite3_prepare_v2(c->db, "SELECT label FROM networks WHERE id ="
	    " ?1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			old = col_dup(st, 0);
		sqlite3_finalize(st);
	}
	norm_time_iso((int64_t)time(NULL), now);
	if (sqlite3_prepare_v2(c->db, "UPDATE networks SET label = ?2,"
	    " updated_at = ?3 WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
		free(old);
		case_error(c, cause, "relabelling a network");
		return change_fail(c, &d);
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, label, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(old);
		case_error(c, cause, "relabelling a network");
		return change_fail(c, &d);
	}
	buf_adds(&d, "{\"from\":");
	buf_add_json(&d, old);
	buf_adds(&d, ",\"to\":");
	buf_add_json(&d, label);
	buf_addc(&d, '}');
	free(old);
	return change_finish(c, "relabel", name, &d, cause);
}

int
network_rename(struct case_db *c, const char *name, const char *new_name,
    char **cause)
{
	struct buf	 d = BUF_INIT;
	sqlite3_stmt	*st;
	char		 now[21];
	int64_t		 id, other;
	int		 rc;

	if (!given(new_name))
		return set_cause(cause, "a network needs a name");
	if (change_begin(c, "rename", name, &id, cause) != 0)
		return -1;
	if ((rc = network_id(c, new_name, &other, cause)) != 0) {
		if (rc > 0)
			set_cause(cause, "%s: a network named \"%s\" already "
			    "exists (merge them instead)", c->path, new_name);
		return change_fail(c, &d);
	}
	norm_time_iso((int64_t)time(NULL), now);
	if (sqlite3_prepare_v2(c->db, "UPDATE networks SET name = ?2,"
	    " updated_at = ?3 WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
		case_error(c, cause, "renaming a network");
		return change_fail(c, &d);
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, new_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		case_error(c, cause, "renaming a network");
		return change_fail(c, &d);
	}
	buf_adds(&d, "{\"from\":");
	buf_add_json(&d, name);
	buf_adds(&d, ",\"to\":");
	buf_add_json(&d, new_name);
	buf_addc(&d, '}');
	return change_finish(c, "rename", name, &d, cause);
}

int
network_remove_members(struct case_db *c, const char *name,
    const int64_t *ids, size_t n, int64_t *removed, char **cause)
{
	struct buf	 d = BUF_INIT;
	sqlite3_stmt	*st;
	int64_t		 id, k = 0;
	size_t		 i;
	int		 rc = SQLITE_DONE;

	if (n == 0)
		return set_cause(cause, "no accounts to remove");
	if (change_begin(c, "remove members", name, &id, cause) != 0)
		return -1;
	if (sqlite3_prepare_v2(c->db, "DELETE FROM network_members WHERE"
	    " network_id = ?1 AND account_id = ?2", -1, &st, NULL) !=
	    SQLITE_OK) {
		case_error(c, cause, "removing network members");
		return change_fail(c, &d);
	}
	sqlite3_bind_int64(st, 1, id);
	buf_adds(&d, "{\"accounts\":[");
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 2, ids[i]);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE)
			break;
		sqlite3_reset(st);
		k += sqlite3_changes(c->db);
		buf_printf(&d, "%s%lld", i > 0 ? "," : "", (long long)ids[i]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		case_error(c, cause, "removing network members");
		return change_fail(c, &d);
	}
	buf_printf(&d, "],\"removed\":%lld}", (long long)k);
	if (exec_bound(c, "UPDATE networks SET updated_at = strftime("
	    "'%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1 OR id = ?2", id, id,
	    "removing network members", cause) != 0)
		return change_fail(c, &d);
	if (change_finish(c, "remove-members", name, &d, cause) != 0)
		return -1;
	if (removed != NULL)
		*removed = k;
	return 0;
}

int
network_merge(struct case_db *c, const char *from, const char *into,
    char **cause)
{
	struct buf	 d = BUF_INIT;
	char		*merge, *norm, *sql;
	int64_t		 a, b, na, before, after;
	int		 rc;

	if (!given(into))
		return set_cause(cause, "merge: name the network to merge into");
	if (given(from) && strcmp(from, into) == 0)
		return set_cause(cause, "merge: a network cannot be merged "
		    "into itself");
	if (change_begin(c, "merge", from, &a, cause) != 0)
		return -1;
	if (network_need(c, into, &b, cause) != 0)
		return change_fail(c, &d);
	na = member_count(c, a);
	before = member_count(c, b);
	merge = sql_merge("network_members.evidence", "excluded.evidence");
	norm = sql_as_array("m.evidence");
	sql = xasprintf("INSERT INTO network_members(network_id, account_id,"
	    " added_at, added_by, evidence) SELECT ?2, m.account_id,"
	    " m.added_at, m.added_by, %s FROM network_members m WHERE"
	    " m.network_id = ?1 ORDER BY m.account_id ON CONFLICT(network_id,"
	    " account_id) DO UPDATE SET evidence = %s", norm, merge);
	free(merge);
	free(norm);
	rc = exec_bound(c, sql, a, b, "merging networks", cause);
	free(sql);
	if (rc != 0)
		return change_fail(c, &d);
	if (exec_bound(c, "UPDATE networks SET"
	    " origin = coalesce(origin, (SELECT origin FROM networks WHERE id"
	    " = ?1)), target = coalesce(target, (SELECT target FROM networks"
	    " WHERE id = ?1)), ttps = coalesce(ttps, (SELECT ttps FROM"
	    " networks WHERE id = ?1)), notes = coalesce(notes, (SELECT notes"
	    " FROM networks WHERE id = ?1)), updated_at = strftime("
	    "'%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?2", a, b,
	    "merging networks", cause) != 0 ||
	    exec_bound(c, "DELETE FROM network_members WHERE network_id = ?1"
	    " AND ?2 = ?2", a, a, "merging networks", cause) != 0 ||
	    exec_bound(c, "DELETE FROM networks WHERE id = ?1 AND ?2 = ?2", a,
	    a, "merging networks", cause) != 0)
		return change_fail(c, &d);
	after = member_count(c, b);
	buf_adds(&d, "{\"into\":");
	buf_add_json(&d, into);
	buf_printf(&d, ",\"members\":%lld,\"added\":%lld,\"total\":%lld}",
	    (long long)na, (long long)(after - before), (long long)after);
	return change_finish(c, "merge", from, &d, cause);
}

int
network_remove(struct case_db *c, const char *name, char **cause)
{
	struct buf	 d = BUF_INIT;
	sqlite3_stmt	*st;
	int64_t		 id, n;
	char		*label = NULL;

	if (change_begin(c, "remove", name, &id, cause) != 0)
		return -1;
	n = member_count(c, id);
	if (sqlite3_prepare_v2(c->db, "SELECT label FROM networks WHERE id ="
	    " ?1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			label = col_dup(st, 0);
		sqlite3_finalize(st);
	}
	if (exec_bound(c, "DELETE FROM network_members WHERE network_id = ?1"
	    " AND ?2 = ?2", id, id, "removing a network", cause) != 0 ||
	    exec_bound(c, "DELETE FROM networks WHERE id = ?1 AND ?2 = ?2", id,
	    id, "removing a network", cause) != 0) {
		free(label);
		return change_fail(c, &d);
	}
	buf_adds(&d, "{\"label\":");
	buf_add_json(&d, label);
	buf_printf(&d, ",\"members\":%lld}", (long long)n);
	free(label);
	return change_finish(c, "remove", name, &d, cause);
}

/* ---- reading ----------------------------------------------------------- */

static const char network_cols[] =
    "SELECT n.id, n.name, n.label, n.origin, n.target, n.ttps, n.notes,"
    " n.created_at, n.created_by, (SELECT count(*) FROM network_members m"
    " WHERE m.network_id = n.id), n.updated_at FROM networks n";

static void
row_fill(struct network_row *r, sqlite3_stmt *st)
{
	r->id = sqlite3_column_int64(st, 0);
	r->name = col_dup(st, 1);
	r->label = col_dup(st, 2);
	r->origin = col_dup(st, 3);
	r->target = col_dup(st, 4);
	r->ttps = col_dup(st, 5);
	r->notes = col_dup(st, 6);
	r->created_at = col_dup(st, 7);
	r->created_by = col_dup(st, 8);
	r->members = sqlite3_column_int64(st, 9);
	r->updated_at = col_dup(st, 10);
	if (r->name == NULL)
		r->name = xstrdup("");
	if (r->label == NULL)
		r->label = xstrdup("suspected");
}

int
network_list(struct case_db *c, struct network_row **out, size_t *n,
    char **cause)
{
	sqlite3_stmt		*st;
	struct network_row	*v = NULL;
	size_t			 k = 0;
	char			*sql;
	int			 rc;

	sql = xasprintf("%s ORDER BY n.name", network_cols);
	rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return case_error(c, cause, "reading networks");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof *v);
		row_fill(&v[k++], st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		network_list_free(v, k);
		return case_error(c, cause, "reading networks");
	}
	*out = v;
	*n = k;
	return 0;
}

int
network_get(struct case_db *c, const char *name, struct network_row **out,
    char **cause)
{
	sqlite3_stmt	*st;
	char		*sql;
	int		 rc;

	sql = xasprintf("%s WHERE n.name = ?1", network_cols);
	rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return case_error(c, cause, "reading networks");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xcalloc(1, sizeof **out);
		row_fill(*out, st);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "reading networks");
	return set_cause(cause, "%s: no network named \"%s\"", c->path, name);
}

void
network_list_free(struct network_row *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].label);
		free(v[i].origin);
		free(v[i].target);
		free(v[i].ttps);
		free(v[i].notes);
		free(v[i].created_at);
		free(v[i].created_by);
		free(v[i].updated_at);
	}
	free(v);
}

int64_t
network_members_each(struct case_db *c, const char *name,
    void (*fn)(void *, const struct network_member_row *), void *arg,
    char **cause)
{
	struct network_member_row	 r;
	sqlite3_stmt			*st;
	char				*norm, *sql;
	int64_t				 id, n = 0;
	int				 rc;

	if (network_need(c, name, &id, cause) != 0)
		return -1;
	norm = sql_as_array("m.evidence");
	sql = xasprintf("SELECT m.account_id, a.platform, a.native_id,"
	    " a.handle, m.added_at, m.added_by, %s, (SELECT group_concat(v,"
	    " ', ') FROM (SELECT DISTINCT coalesce(json_extract(value,"
	    " '$.via'), 'unknown') AS v FROM json_each(%s))) FROM"
	    " network_members m JOIN accounts a ON a.id = m.account_id WHERE"
	    " m.network_id = ?1 ORDER BY m.account_id", norm, norm);
	rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	free(sql);
	free(norm);
	if (rc != SQLITE_OK)
		return case_error(c, cause, "reading network members");
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.account_id = sqlite3_column_int64(st, 0);
		r.platform = (const char *)sqlite3_column_text(st, 1);
		r.native_id = (const char *)sqlite3_column_text(st, 2);
		r.handle = (const char *)sqlite3_column_text(st, 3);
		r.added_at = (const char *)sqlite3_column_text(st, 4);
		r.added_by = (const char *)sqlite3_column_text(st, 5);
		r.evidence = (const char *)sqlite3_column_text(st, 6);
		r.via = (const char *)sqlite3_column_text(st, 7);
		if (fn != NULL)
			fn(arg, &r);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "reading network members");
	return n;
}

char *
network_evidence(struct case_db *c, const char *name, int64_t account_id,
    char **cause)
{
	sqlite3_stmt	*st;
	char		*sql, *norm, *out = NULL;
	int64_t		 id;
	int		 rc;

	if (network_need(c, name, &id, cause) != 0)
		return NULL;
	norm = sql_as_array("evidence");
	sql = xasprintf("SELECT %s FROM network_members WHERE network_id = ?1"
	    " AND account_id = ?2", norm);
	free(norm);
	rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		case_error(c, cause, "reading evidence");
		return NULL;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, account_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		out = col_dup(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW && out != NULL)
		return out;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		case_error(c, cause, "reading evidence");
	else
		set_cause(cause, "account %lld is not in network \"%s\"",
		    (long long)account_id, name);
	return NULL;
}
