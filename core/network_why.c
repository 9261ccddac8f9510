/*
 * network_why.c: "why is this account in the network?", the evidence of
 * one member told in plain sentences: each item's author, time and
 * source (query, pivot, detection, screen), the shared values with how
 * many accounts hold each, or the coordination partners with weights and
 * the times of the matching messages. Case text is sanitized here, so the
 * answer can be printed as it is.
 */
#include "config.h"
#include "network.h"

#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "sanitize.h"
#include "util.h"

/* Shared values and partners shown per item; the rest are counted. */
#define WHY_MAX_VALUES		25
#define WHY_MAX_PARTNERS	20

static void
put(struct buf *b, const char *s)
{
	if (s == NULL)
		s = "?";
	sanitize(s, strlen(s), SANITIZE_ONELINE, b);
}

/* Prepare sql and bind text to ?1 (and ?2 when text2 is given). */
static sqlite3_stmt *
prep(struct case_db *c, const char *sql, const char *text, const char *text2)
{
	sqlite3_stmt	*st;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	if (text2 != NULL)
		sqlite3_bind_text(st, 2, text2, -1, SQLITE_STATIC);
	return st;
}

static const char *
col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* "pivot on phone, avatar_hash (hops 1, max share 50) from 3 seed
 * accounts", "query \"shared-phone\"", "co-post within 60 s". */
static void
describe_query(struct case_db *c, const char *q, struct buf *b)
{
	sqlite3_stmt	*st;
	bool		 said = false;

	st = prep(c, "SELECT json_extract(?1, '$.name'), (SELECT"
	    " group_concat(value, ', ') FROM json_each(?1, '$.pivot.on')),"
	    " json_extract(?1, '$.pivot.hops'), json_extract(?1,"
	    " '$.pivot.max_share'), json_array_length(?1, '$.seeds'),"
	    " json_extract(?1, '$.coordination.type'), json_extract(?1,"
	    " '$.coordination.window'), json_extract(?1, '$.from'),"
	    " json_extract(?1, '$.from_arg'), json_array_length(?1, '$.where')",
	    q, NULL);
	if (st == NULL || sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		buf_adds(b, "a query");
		return;
	}
	if (col(st, 1) != NULL) {
		buf_adds(b, "pivot on ");
		put(b, col(st, 1));
		buf_printf(b, " (hops %s, max share %s)", col(st, 2) != NULL ?
		    col(st, 2) : "1", col(st, 3) != NULL ? col(st, 3) : "50");
		said = true;
	} else if (col(st, 0) != NULL) {
		buf_adds(b, "query \"");
		put(b, col(st, 0));
		buf_addc(b, '"');
		said = true;
	}
	if (col(st, 5) != NULL) {
		buf_adds(b, said ? ", " : "");
		put(b, col(st, 5));
		buf_printf(b, " within %s s", col(st, 6) != NULL ? col(st, 6) :
		    "60");
		said = true;
	}
	if (!said)
		buf_adds(b, "a query");
	if (sqlite3_column_type(st, 4) != SQLITE_NULL)
		buf_printf(b, " from %lld seed account%s",
		    (long long)sqlite3_column_int64(st, 4),
		    sqlite3_column_int64(st, 4) == 1 ? "" : "s");
	else if (col(st, 7) != NULL && col(st, 8) != NULL) {
		buf_adds(b, " from ");
		put(b, col(st, 7));
		buf_adds(b, " \"");
		put(b, col(st, 8));
		buf_addc(b, '"');
	}
	if (sqlite3_column_int64(st, 9) > 0)
		buf_printf(b, " with %lld condition%s",
		    (long long)sqlite3_column_int64(st, 9),
		    sqlite3_column_int64(st, 9) == 1 ? "" : "s");
	sqlite3_finalize(st);
}

static void
describe_detection(struct case_db *c, const char *d, struct buf *b)
{
	sqlite3_stmt	*st;

	st = prep(c, "SELECT json_extract(?1, '$.rank'), (SELECT"
	    " group_concat(value, ', ') FROM json_each(?1, '$.on')),"
	    " json_extract(?1, '$.max_share'), json_extract(?1,"
	    " '$.min_size')", d, NULL);
	if (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		buf_printf(b, "network detection, candidate %s on ",
		    col(st, 0) != NULL ? col(st, 0) : "?");
		put(b, col(st, 1));
		buf_printf(b, " (max share %s, min size %s)",
		    col(st, 2) != NULL ? col(st, 2) : "?",
		    col(st, 3) != NULL ? col(st, 3) : "?");
	} else
		buf_adds(b, "network detection");
	sqlite3_finalize(st);
}

static void
why_shared(struct case_db *c, const char *item, const char *path,
    struct buf *b)
{
	sqlite3_stmt	*st;
	int		 n = 0;

	st = prep(c, "SELECT json_extract(x.value, '$.kind'),"
	    " json_extract(x.value, '$.value'), coalesce(json_extract(x.value,"
	    " '$.accounts'), s.accounts), json_extract(x.value, '$.hop') FROM"
	    " json_each(?1, ?2) x LEFT JOIN attribute_stats s ON s.kind ="
	    " json_extract(x.value, '$.kind') AND s.value ="
	    " json_extract(x.value, '$.value')", item, path);
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		if (n++ >= WHY_MAX_VALUES)
			continue;
		buf_adds(b, "    shares ");
		put(b, col(st, 0));
		buf_addc(b, ' ');
		put(b, col(st, 1));
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			buf_printf(b, ", held by %lld account%s",
			    (long long)sqlite3_column_int64(st, 2),
			    sqlite3_column_int64(st, 2) == 1 ? "" : "s");
		if (sqlite3_column_int64(st, 3) > 1)
			buf_printf(b, " (hop %lld)",
			    (long long)sqlite3_column_int64(st, 3));
		buf_addc(b, '\n');
	}
	sqlite3_finalize(st);
	if (n > WHY_MAX_VALUES)
		buf_printf(b, "    ... and %d more shared values\n",
		    n - WHY_MAX_VALUES);
}

static void
why_partners(struct case_db *c, const char *item, struct buf *b)
{
	sqlite3_stmt	*st, *pairs;
	int		 n = 0;

	st = prep(c, "SELECT json_extract(p.value, '$.account'),"
	    " json_extract(p.value, '$.native_id'), json_extract(p.value,"
	    " '$.weight'), json_extract(p.value, '$.pairs'), a.platform,"
	    " a.handle FROM json_each(?1, '$.partners') p LEFT JOIN accounts a"
	    " ON a.id = json_extract(p.value, '$.account')", item, NULL);
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		if (n++ >= WHY_MAX_PARTNERS)
			continue;
		buf_adds(b, "    with ");
		if (col(st, 4) != NULL) {
			put(b, col(st, 4));
			buf_addc(b, ':');
		}
		put(b, col(st, 1));
		if (col(st, 5) != NULL) {
			buf_adds(b, " @");
			put(b, col(st, 5));
		}
		buf_printf(b, " (account %lld), weight %lld\n",
		    (long long)sqlite3_column_int64(st, 0),
		    (long long)sqlite3_column_int64(st, 2));
		if (col(st, 3) == NULL)
			continue;
		pairs = prep(c, "SELECT json_extract(value, '$.post'),"
		    " json_extract(value, '$.at'), json_extract(value,"
		    " '$.partner_post'), json_extract(value, '$.partner_at')"
		    " FROM json_each(?1)", col(st, 3), NULL);
		while (pairs != NULL && sqlite3_step(pairs) == SQLITE_ROW) {
			buf_adds(b, "      post ");
			put(b, col(pairs, 0));
			buf_adds(b, " at ");
			put(b, col(pairs, 1));
			buf_adds(b, ", theirs ");
			put(b, col(pairs, 2));
			buf_adds(b, " at ");
			put(b, col(pairs, 3));
			buf_addc(b, '\n');
		}
		sqlite3_finalize(pairs);
	}
	sqlite3_finalize(st);
	if (n > WHY_MAX_PARTNERS)
		buf_printf(b, "    ... and %d more partners\n",
		    n - WHY_MAX_PARTNERS);
}

/* One evidence item, its "why" (the screen's form) folded in. */
static void
why_item(struct case_db *c, int n, const char *item, struct buf *b)
{
	sqlite3_stmt	*st;
	const char	*v, *via;

	st = prep(c, "SELECT v, json_extract(v, '$.via'), json_extract(v,"
	    " '$.by'), json_extract(v, '$.at'), coalesce(json_extract(v,"
	    " '$.query'), json_extract(v, '$.list')), json_extract(v,"
	    " '$.detection'), json_extract(v, '$.seed'), json_type(v,"
	    " '$.shared'), json_type(v, '$.links'), json_type(v,"
	    " '$.partners'), json_extract(v, '$.coordination'),"
	    " json_extract(v, '$.weight'), json_extract(v, '$.group'),"
	    " json_extract(v, '$.size'), json_extract(v, '$.detail') FROM"
	    " (SELECT CASE WHEN json_type(?1, '$.why') = 'object' THEN"
	    " json_patch(json_remove(?1, '$.why'), json_extract(?1, '$.why'))"
	    " ELSE ?1 END AS v)", item, NULL);
	if (st == NULL || sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		buf_printf(b, "%d. (unreadable evidence)\n", n);
		return;
	}
	v = col(st, 0);
	via = col(st, 1);
	buf_printf(b, "%d. added by ", n);
	put(b, col(st, 2));
	buf_adds(b, " at ");
	put(b, col(st, 3));
	buf_adds(b, " via ");
	if (col(st, 5) != NULL)
		describe_detection(c, col(st, 5), b);
	else if (col(st, 4) != NULL && col(st, 4)[0] == '{')
		describe_query(c, col(st, 4), b);
	else if (via != NULL && strcmp(via, "accounts") == 0)
		buf_adds(b, "a list of accounts chosen by hand");
	else
		put(b, via != NULL ? via : "an unrecorded source");
	buf_addc(b, '\n');
	if (col(st, 4) != NULL && col(st, 4)[0] == '{') {
		const char	*q = col(st, 4);
		size_t		 len = strlen(q);

		buf_adds(b, "    query: ");
		sanitize(q, len > 240 ? 240 : len, SANITIZE_ONELINE, b);
		buf_adds(b, len > 240 ? "...\n" : "\n");
	}
	if (sqlite3_column_int(st, 6) != 0)
		buf_adds(b, "    a seed of the query (the account it started "
		    "from)\n");
	if (col(st, 7) != NULL)
		why_shared(c, v, "$.shared", b);
	else if (col(st, 8) != NULL)
		why_shared(c, v, "$.links", b);
	if (col(st, 10) != NULL) {
		buf_adds(b, "    coordinated ");
		put(b, col(st, 10));
		buf_printf(b, " activity, total weight %lld\n",
		    (long long)sqlite3_column_int64(st, 11));
	}
	if (col(st, 9) != NULL)
		why_partners(c, v, b);
	if (col(st, 12) != NULL) {
		buf_adds(b, "    in group ");
		put(b, col(st, 12));
		buf_printf(b, " of %lld accounts\n",
		    (long long)sqlite3_column_int64(st, 13));
	}
	if (col(st, 14) != NULL) {
		buf_adds(b, "    note: ");
		put(b, col(st, 14));
		buf_addc(b, '\n');
	}
	sqlite3_finalize(st);
}

char *
network_why(struct case_db *c, const char *name, int64_t account_id,
    char **cause)
{
	struct buf	 b = BUF_INIT;
	sqlite3_stmt	*st;
	char		*ev;
	int		 n = 0;

	if ((ev = network_evidence(c, name, account_id, cause)) == NULL)
		return NULL;
	if (sqlite3_prepare_v2(c->db, "SELECT a.platform, a.native_id,"
	    " a.handle, n.label, m.added_at, m.added_by FROM accounts a,"
	    " networks n JOIN network_members m ON m.network_id = n.id AND"
	    " m.account_id = a.id WHERE a.id = ?1 AND n.name = ?2", -1, &st,
	    NULL) != SQLITE_OK) {
		free(ev);
		case_error(c, cause, "reading evidence");
		return NULL;
	}
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		buf_printf(&b, "Account %lld (", (long long)account_id);
		put(&b, col(st, 0));
		buf_addc(&b, ':');
		put(&b, col(st, 1));
		if (col(st, 2) != NULL) {
			buf_adds(&b, " @");
			put(&b, col(st, 2));
		}
		buf_adds(&b, ") is in network \"");
		put(&b, name);
		buf_adds(&b, "\" (");
		put(&b, col(st, 3));
		buf_adds(&b, "), added ");
		put(&b, col(st, 4));
		buf_adds(&b, " by ");
		put(&b, col(st, 5));
		buf_adds(&b, ".\n");
	}
	sqlite3_finalize(st);
	st = prep(c, "SELECT value FROM json_each(?1)", ev, NULL);
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		const char *item = col(st, 0);

		if (item == NULL || item[0] != '{')
			continue;
		why_item(c, ++n, item, &b);
	}
	sqlite3_finalize(st);
	if (n == 0)
		buf_adds(&b, "No evidence was recorded for it.\n");
	free(ev);
	return buf_steal(&b);
}
