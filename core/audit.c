/*
 * audit.c: who did what to a case, and when, appended in the same
 * transaction as the change.
 */
#include "config.h"
#include "audit.h"

#include <inttypes.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "case.h"
#include "normalize.h"
#include "util.h"

static char	*actor;

void
audit_set_actor(const char *name)
{
	free(actor);
	actor = name != NULL && *name != '\0' ? xstrdup(name) : NULL;
}

const char *
audit_actor(void)
{
	const char	*s;
	struct passwd	*pw;

	if (actor != NULL)
		return actor;
	if ((s = getenv("CIBSCOPE_USER")) != NULL && *s != '\0')
		actor = xstrdup(s);
	else if ((s = getlogin()) != NULL && *s != '\0')
		actor = xstrdup(s);
	else if ((pw = getpwuid(getuid())) != NULL)
		actor = xstrdup(pw->pw_name);
	else
		actor = xstrdup("unknown");
	return actor;
}

int
audit_append(struct case_db *c, const char *action, const char *target,
    const char *detail, char **cause)
{
	char	at[21];

	norm_time_iso((int64_t)time(NULL), at);
	return audit_append_as(c, at, audit_actor(), action, target, detail,
	    cause);
}

/* The fields of a row that its hash covers, in this order. */
#define AUDIT_FIELDS	5	/* at, actor, action, target, detail */

struct audit_text {
	const char	*p;	/* NULL for SQL NULL */
	size_t		 len;
};

/* One field: its length, a colon and its bytes; NULL is a lone "~". */
static void
hash_field(struct digest *d, const char *p, size_t len)
{
	char	n[24];

	if (p == NULL) {
		digest_add(d, "~", 1);
		return;
	}
	snprintf(n, sizeof n, "%zu:", len);
	digest_add(d, n, strlen(n));
	digest_add(d, p, len);
}

static void
row_hash(const char *prev, int64_t seq, const struct audit_text *f,
    char out[DIGEST_HEX_SHA256])
{
	struct digest	*d = digest_new(DIGEST_SHA256);
	char		 n[24];
	int		 i;

	digest_add(d, "cibscope audit 1\n", 17);
	hash_field(d, prev, prev != NULL ? strlen(prev) : 0);
	snprintf(n, sizeof n, "%" PRId64, seq);
	hash_field(d, n, strlen(n));
	for (i = 0; i < AUDIT_FIELDS; i++)
		hash_field(d, f[i].p, f[i].len);
	digest_done_hex(d, out);
}

static struct audit_text
text_of(const char *s)
{
	struct audit_text	t = { s, s != NULL ? strlen(s) : 0 };

	return t;
}

static struct audit_text
column_of(sqlite3_stmt *st, int i)
{
	struct audit_text	t;

	t.p = (const char *)sqlite3_column_text(st, i);
	t.len = t.p != NULL ? (size_t)sqlite3_column_bytes(st, i) : 0;
	return t;
}

int
audit_append_as(struct case_db *c, const char *at, const char *who,
    const char *action, const char *target, const char *detail,
    char **cause)
{
	struct audit_text	 f[AUDIT_FIELDS];
	sqlite3_stmt		*st;
	char			 prev[DIGEST_HEX_SHA256], hash[DIGEST_HEX_SHA256];
	const char		*h;
	int64_t			 seq = 0;
	bool			 first = true;
	int			 rc;

	if (sqlite3_prepare_v2(c->db, "SELECT seq, hash FROM audit"
	    " ORDER BY seq DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "reading the audit trail");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		h = (const char *)sqlite3_column_text(st, 1);
		snprintf(prev, sizeof prev, "%s", h != NULL ? h : "");
		first = false;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return case_error(c, cause, "reading the audit trail");

	f[0] = text_of(at);
	f[1] = text_of(who);
	f[2] = text_of(action);
	f[3] = text_of(target);
	f[4] = text_of(detail);
	row_hash(first ? NULL : prev, seq + 1, f, hash);
	if (sqlite3_prepare_v2(c->db, "INSERT INTO audit(seq, at, actor,"
	    " action, target, detail, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	    " ?7)", -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "writing the audit trail");
	sqlite3_bind_int64(st, 1, seq + 1);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, who, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, target, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "writing the audit trail");
	return 0;
}

/*
 * Walk the trail in order of seq, computing each row's hash from the one
 * before. With fill, store it; otherwise compare it with the stored one
 * and stop at the first row that differs.
 */
static int
walk(sqlite3 *db, int64_t chain, bool fill, struct audit_chain *out,
    char **cause)
{
	struct audit_text	 f[AUDIT_FIELDS];
	sqlite3_stmt		*st, *up = NULL;
	char			 prev[DIGEST_HEX_SHA256], hash[DIGEST_HEX_SHA256];
	const char		*stored;
	int64_t			 seq;
	bool			 first = true;
	int			 i, rc;

	memset(out, 0, sizeof *out);
	if (sqlite3_prepare_v2(db, chain == 0 ? "SELECT seq, at, actor,"
	    " action, target, detail, hash FROM audit ORDER BY seq" :
	    "SELECT seq, at, actor, action, target, detail, hash FROM"
	    " merged_audit WHERE chain = ?1 ORDER BY seq", -1, &st, NULL) !=
	    SQLITE_OK || (fill && sqlite3_prepare_v2(db, "UPDATE audit SET"
	    " hash = ?2 WHERE seq = ?1", -1, &up, NULL) != SQLITE_OK)) {
		sqlite3_finalize(st);
		return set_cause(cause, "reading the audit trail: %s",
		    sqlite3_errmsg(db));
	}
	if (chain != 0)
		sqlite3_bind_int64(st, 1, chain);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		for (i = 0; i < AUDIT_FIELDS; i++)
			f[i] = column_of(st, i + 1);
		row_hash(first ? NULL : prev, seq, f, hash);
		out->entries++;
		out->head_seq = seq;
		if (fill) {
			/* Only the hash changes: the scan's order holds. */
			sqlite3_bind_int64(up, 1, seq);
			sqlite3_bind_text(up, 2, hash, -1, SQLITE_STATIC);
			if (sqlite3_step(up) != SQLITE_DONE)
				break;
			sqlite3_reset(up);
		} else {
			stored = (const char *)sqlite3_column_text(st, 6);
			if (out->broken_seq == 0 && (stored == NULL ||
			    strcmp(stored, hash) != 0))
				out->broken_seq = seq;
		}
		memcpy(prev, hash, sizeof prev);
		first = false;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	if (rc != SQLITE_DONE)
		return set_cause(cause, "%s the audit trail: %s", fill ?
		    "hashing" : "reading", sqlite3_errmsg(db));
	if (!first)
		memcpy(out->head, prev, sizeof out->head);
	return 0;
}

int
audit_verify(struct case_db *c, struct audit_chain *out, char **cause)
{
	if (c->version >= 2) {
		if (walk(c->db, 0, false, out, cause) != 0)
			return -1;
		out->chained = true;
		return 0;
	}
	/* Schema 1 (opened read-only, not migrated) has no hashes. */
	memset(out, 0, sizeof *out);
	out->entries = case_count(c, "audit");
	return out->entries < 0 ? case_error(c, cause, "reading the audit "
	    "trail") : 0;
}

int
audit_chain_fill(sqlite3 *db, char **cause)
{
	struct audit_chain	out;

	return walk(db, 0, true, &out, cause);
}

int
audit_verify_merged(struct case_db *c, int64_t chain,
    struct audit_chain *out, char **cause)
{
	if (walk(c->db, chain, false, out, cause) != 0)
		return -1;
	out->chained = true;
	return 0;
}
