/*
 * merge.c: `cibscope merge`: another case's networks, the accounts they
 * hold, its indicators, vocabulary and audit chain, brought into this case
 * in one transaction, with every disagreement reported and none resolved
 * silently (merge.h gives the rules).
 */
#include "config.h"
#include "merge.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "audit.h"
#include "case.h"
#include "normalize.h"
#include "replay.h"
#include "util.h"

/* The schema name OTHER is attached under for the length of a merge. */
#define MERGE_SCHEMA	"merge_other"

struct merge {
	struct case_db		*c;
	const char		*other;	/* its file, for messages */
	struct merge_report	*r;
	char			 now[21];
};

static void CIB_PRINTF(2, 3)
conflict(struct merge_report *r, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	r->conflicts = xreallocarray(r->conflicts, r->nconflicts + 1,
	    sizeof *r->conflicts);
	r->conflicts[r->nconflicts++] = xvasprintf(fmt, ap);
	va_end(ap);
}

static int
sql_fail(struct merge *m, const char *what, char **cause)
{
	return set_cause(cause, "merging %s: %s: %s", m->other, what,
	    sqlite3_errmsg(m->c->db));
}

static int
prepare(struct merge *m, sqlite3_stmt **st, const char *sql, char **cause)
{
	if (sqlite3_prepare_v2(m->c->db, sql, -1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return sql_fail(m, "reading the cases", cause);
	}
	return 0;
}

/* Run SQL with up to two integer parameters; *changes (may be NULL)
 * gets the rows it changed. */
static int
run2(struct merge *m, const char *sql, int64_t a, int64_t b,
    int64_t *changes, const char *what, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (prepare(m, &st, sql, cause) != 0)
		return -1;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, b);
	if (changes != NULL)
		*changes = 0;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(m, what, cause);
	if (changes != NULL)
		*changes = sqlite3_changes64(m->c->db);
	return 0;
}

static const char *
col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static bool
unset(const char *s)
{
	return s == NULL || *s == '\0';
}

/* "file:PATH?mode=ro", with the characters URIs reserve escaped. */
static char *
readonly_uri(const char *path)
{
	struct buf	 b = BUF_INIT;
	const char	*p;

	if (!sqlite3_compileoption_used("USE_URI"))
		return xstrdup(path);
	buf_adds(&b, "file:");
	for (p = path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			buf_printf(&b, "%%%02X", (unsigned char)*p);
		else
			buf_addc(&b, *p);
	}
	buf_adds(&b, "?mode=ro");
	return buf_steal(&b);
}

/*
 * Look at OTHER on a connection of its own first, so that a missing file,
 * a file that is no case, a newer case and a broken audit chain each get
 * case_open()'s clear message before anything is attached.
 */
static int
merge_inspect(struct merge *m, char **cause)
{
	struct case_db		*o;
	struct audit_chain	 ch;
	struct stat		 a, b;
	int			 rc = -1;

	if (stat(m->c->path, &a) == 0 && stat(m->other, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return set_cause(cause, "%s: is the case itself; there is "
		    "nothing to merge", m->other);
	if ((o = case_open(m->other, CASE_OPEN_READONLY, cause)) == NULL)
		return -1;
	if (o->version < 2) {
		set_cause(cause, "%s: case schema %d has no audit chain to "
		    "bring along; make any change to it with this cibscope "
		    "(which migrates it) and merge again", m->other,
		    o->version);
		goto out;
	}
	if (audit_verify(o, &ch, cause) != 0)
		goto out;
	if (ch.broken_seq != 0) {
		set_cause(cause, "%s: its audit chain breaks at entry %lld "
		    "(changed outside cibscope); refusing to merge it",
		    m->other, (long long)ch.broken_seq);
		goto out;
	}
	m->r->other_name = case_info_get(o, "name");
	m->r->other_head_seq = ch.head_seq;
	memcpy(m->r->other_head, ch.head, sizeof m->r->other_head);
	rc = 0;
out:
	case_close(o);
	return rc;
}

static int
merge_attach(struct merge *m, char **cause)
{
	sqlite3_stmt	*st;
	char		*uri = readonly_uri(m->other);
	const char	*s;
	int		 rc;

	rc = sqlite3_prepare_v2(m->c->db, "ATTACH ?1 AS " MERGE_SCHEMA, -1,
	    &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, uri, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_finalize(st);
	}
	free(uri);
	if (rc != SQLITE_OK)
		return set_cause(cause, "%s: cannot open it: %s", m->other,
		    sqlite3_errmsg(m->c->db));

	/* A damaged file is refused before a row of it is read. */
	if (sqlite3_prepare_v2(m->c->db, "PRAGMA " MERGE_SCHEMA
	    ".integrity_check(1)", -1, &st, NULL) != SQLITE_OK)
		return set_cause(cause, "%s: the database is damaged: %s",
		    m->other, sqlite3_errmsg(m->c->db));
	rc = sqlite3_step(st);
	s = rc == SQLITE_ROW ? col(st, 0) : NULL;
	/* The first problem, without the line naming the attached schema. */
	if (s != NULL && strncmp(s, "*** ", 4) == 0 && strchr(s, '\n') != NULL)
		s = strchr(s, '\n') + 1;
	if (rc != SQLITE_ROW || s == NULL || strcmp(s, "ok") != 0) {
		set_cause(cause, "%s: the database is damaged: %s", m->other,
		    s != NULL ? s : sqlite3_errmsg(m->c->db));
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

static void
merge_detach(struct merge *m)
{
	case_exec(m->c, "DROP TABLE IF EXISTS temp.merge_acct", NULL);
	case_exec(m->c, "DETACH " MERGE_SCHEMA, NULL);
}

/*
 * The accounts of OTHER's networks and their ids here; those CASE lacks
 * are copied with their attributes, posts and post URLs.
 */
static int
merge_accounts(struct merge *m, char **cause)
{
	struct merge_report	*r = m->r;
	sqlite3_stmt		*st;
	int			 rc;

	if (case_exec(m->c, "DROP TABLE IF EXISTS temp.merge_acct;"
	    "CREATE TEMP TABLE merge_acct(other_id INTEGER PRIMARY KEY,"
	    " case_id INTEGER, copied INTEGER NOT NULL DEFAULT 0);"
	    "INSERT INTO temp.merge_acct(other_id, case_id)"
	    " SELECT o.id, a.id FROM " MERGE_SCHEMA ".accounts o"
	    " LEFT JOIN main.accounts a ON a.platform = o.platform AND"
	    " a.native_id = o.native_id WHERE o.id IN (SELECT account_id"
	    " FROM " MERGE_SCHEMA ".network_members)", cause) != 0)
		return -1;

	if (prepare(m, &st, "SELECT o.platform, o.native_id, a.handle,"
	    " o.handle FROM temp.merge_acct x JOIN " MERGE_SCHEMA ".accounts o"
	    " ON o.id = x.other_id JOIN main.accounts a ON a.id = x.case_id"
	    " WHERE a.handle IS NOT o.handle ORDER BY o.platform, o.native_id",
	    cause) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		conflict(r, "account %s:%s: handle \"%s\" here, \"%s\" in "
		    "%s; kept \"%s\"", col(st, 0), col(st, 1),
		    col(st, 2) != NULL ? col(st, 2) : "",
		    col(st, 3) != NULL ? col(st, 3) : "", m->other,
		    col(st, 2) != NULL ? col(st, 2) : "");
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(m, "comparing accounts", cause);

	if (run2(m, "INSERT INTO main.accounts(platform, native_id, handle,"
	    " display_name, bio, url, created_at, followers, following, posts,"
	    " country, language, status) SELECT o.platform, o.native_id,"
	    " o.handle, o.display_name, o.bio, o.url, o.created_at,"
	    " o.followers, o.following, o.posts, o.country, o.language,"
	    " o.status FROM temp.merge_acct x JOIN " MERGE_SCHEMA ".accounts o"
	    " ON o.id = x.other_id WHERE x.case_id IS NULL ORDER BY o.id", 0, 0,
	    &r->accounts_copied, "copying accounts", cause) != 0)
		return -1;
	if (r->accounts_copied == 0)
		return 0;
	if (case_exec(m->c, "UPDATE temp.merge_acct SET copied = 1, case_id ="
	    " (SELECT a.id FROM " MERGE_SCHEMA ".accounts o JOIN main.accounts"
	    " a ON a.platform = o.platform AND a.native_id = o.native_id"
	    " WHERE o.id = other_id) WHERE case_id IS NULL", cause) != 0)
		return -1;
	if (run2(m, "INSERT OR IGNORE INTO main.attributes(kind, value,"
	    " account_id, raw, first_seen, last_seen, source) SELECT a.kind,"
	    " a.value, x.case_id, a.raw, a.first_seen, a.last_seen, a.source"
	    " FROM temp.merge_acct x JOIN " MERGE_SCHEMA ".attributes a ON"
	    " a.account_id = x.other_id WHERE x.copied", 0, 0, NULL,
	    "copying attributes", cause) != 0)
		return -1;
	/* As import does: recount only the values the new accounts hold. */
	if (run2(m, "INSERT OR REPLACE INTO main.attribute_stats(kind, value,"
	    " accounts) SELECT t.kind, t.value, (SELECT count(*) FROM"
	    " main.attributes s WHERE s.kind = t.kind AND s.value = t.value)"
	    " FROM (SELECT DISTINCT a.kind, a.value FROM temp.merge_acct x"
	    " JOIN main.attributes a ON a.account_id = x.case_id"
	    " WHERE x.copied) t", 0, 0, NULL, "counting shared values",
	    cause) != 0)
		return -1;
	if (run2(m, "INSERT OR IGNORE INTO main.posts(account_id, native_id,"
	    " posted_at, text, text_hash, reply_to, repost_of, hashtags)"
	    " SELECT x.case_id, p.native_id, p.posted_at, p.text, p.text_hash,"
	    " p.reply_to, p.repost_of, p.hashtags FROM temp.merge_acct x"
	    " JOIN " MERGE_SCHEMA ".posts p ON p.account_id = x.other_id"
	    " WHERE x.copied ORDER BY p.id", 0, 0, &r->posts_copied,
	    "copying posts", cause) != 0)
		return -1;
	return run2(m, "INSERT OR IGNORE INTO main.post_urls(post_id, url,"
	    " domain) SELECT q.id, u.url, u.domain FROM temp.merge_acct x"
	    " JOIN " MERGE_SCHEMA ".posts p ON p.account_id = x.other_id"
	    " JOIN " MERGE_SCHEMA ".post_urls u ON u.post_id = p.id"
	    " JOIN main.posts q ON q.account_id = x.case_id AND"
	    " q.native_id = p.native_id WHERE x.copied", 0, 0, NULL,
	    "copying post URLs", cause);
}

/* A network's fields that merge compares, in the column order below. */
static const char *const network_fields[] = {
	"label", "origin", "target", "ttps", "notes"
};

/* A network changed by the merge is updated now. */
static int
merge_stamp(struct merge *m, int64_t id, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (prepare(m, &st, "UPDATE main.networks SET updated_at = ?2"
	    " WHERE id = ?1", cause) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, m->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(m, "updating a network",
	    cause);
}

/*
 * One network of OTHER (row on of the network scan): add it, or compare
 * it with CASE's and bring in what CASE lacks.
 */
static int
merge_network(struct merge *m, sqlite3_stmt *on, char **cause)
{
	struct merge_report	*r = m->r;
	sqlite3_stmt		*st;
	const char		*name = col(on, 1), *mine, *theirs;
	int64_t			 other_id = sqlite3_column_int64(on, 0);
	int64_t			 id = 0, here_only = 0, added = 0;
	int64_t			 evidence = 0;
	bool			 filled = false, existed;
	char			*sql;
	size_t			 i;
	int			 rc;

	if (prepare(m, &st, "SELECT id, label, origin, target, ttps, notes"
	    " FROM main.networks WHERE name = ?1", cause) != 0)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		for (i = 0; i < nitems(network_fields); i++) {
			mine = col(st, (int)i + 1);
			theirs = col(on, (int)i + 2);
			if (unset(theirs) || (mine != NULL &&
			    strcmp(mine, theirs) == 0))
				continue;
			if (!unset(mine)) {
				conflict(r, "network \"%s\": %s is \"%s\" here, "
				    "\"%s\" in %s; kept \"%s\"", name,
				    network_fields[i], mine, theirs, m->other,
				    mine);
				continue;
			}
			sql = xasprintf("UPDATE main.networks SET %s = (SELECT"
			    " %s FROM " MERGE_SCHEMA ".networks WHERE id = ?2)"
			    " WHERE id = ?1", network_fields[i],
			    network_fields[i]);
			rc = run2(m, sql, id, other_id, NULL, "updating a "
			    "network", cause);
			free(sql);
			if (rc != 0) {
				sqlite3_finalize(st);
				return -1;
			}
			filled = true;
		}
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(m, "reading networks", cause);

	existed = id != 0;
	if (!existed) {
		if (run2(m, "INSERT INTO main.networks(name, label, origin,"
		    " target, ttps, notes, created_at, created_by, updated_at)"
		    " SELECT name, label, origin, target, ttps, notes,"
		    " created_at, created_by, updated_at FROM " MERGE_SCHEMA
		    ".networks WHERE id = ?1", other_id, 0, NULL,
		    "adding a network", cause) != 0)
			return -1;
		id = sqlite3_last_insert_rowid(m->c->db);
		r->networks_added++;
	} else {
		/* Members both hold: OTHER's evidence items theirs lack. */
		if (run2(m, "UPDATE main.network_members AS mm SET evidence ="
		    " (SELECT json_group_array(json(v)) FROM (SELECT j.value AS"
		    " v, 0 AS k, j.key AS n FROM json_each(mm.evidence) j"
		    " UNION ALL SELECT e.value, 1, e.key FROM json_each(om.evidence)"
		    " e WHERE json(e.value) NOT IN (SELECT json(value) FROM"
		    " json_each(mm.evidence)) ORDER BY k, n))"
		    " FROM " MERGE_SCHEMA ".network_members om JOIN"
		    " temp.merge_acct x ON x.other_id = om.account_id"
		    " WHERE om.network_id = ?2 AND mm.network_id = ?1 AND"
		    " mm.account_id = x.case_id AND json_valid(om.evidence) AND"
		    " (mm.evidence IS NULL OR json_valid(mm.evidence)) AND"
		    " EXISTS (SELECT 1 FROM json_each(om.evidence) e WHERE"
		    " json(e.value) NOT IN (SELECT json(value) FROM"
		    " json_each(mm.evidence)))", id, other_id, &evidence,
		    "combining evidence", cause) != 0)
			return -1;
		r->evidence_added += evidence;
		if (prepare(m, &st, "SELECT count(*) FROM main.network_members"
		    " mm WHERE mm.network_id = ?1 AND mm.account_id NOT IN"
		    " (SELECT x.case_id FROM " MERGE_SCHEMA ".network_members om"
		    " JOIN temp.merge_acct x ON x.other_id = om.account_id"
		    " WHERE om.network_id = ?2)", cause) != 0)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, other_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			here_only = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}

	if (run2(m, "INSERT INTO main.network_members(network_id, account_id,"
	    " added_at, added_by, evidence) SELECT ?1, x.case_id, om.added_at,"
	    " om.added_by, om.evidence FROM " MERGE_SCHEMA ".network_members om"
	    " JOIN temp.merge_acct x ON x.other_id = om.account_id"
	    " WHERE om.network_id = ?2 AND NOT EXISTS (SELECT 1 FROM"
	    " main.network_members mm WHERE mm.network_id = ?1 AND"
	    " mm.account_id = x.case_id) ORDER BY x.case_id", id, other_id,
	    &added, "adding members", cause) != 0)
		return -1;
	r->members_added += added;

	if (!existed)
		return 0;
	if (added != 0 || here_only != 0)
		conflict(r, "network \"%s\": members differ: %lld added from "
		    "%s, %lld only here (kept)", name, (long long)added,
		    m->other, (long long)here_only);
	if (!filled && added == 0 && evidence == 0)
		return 0;
	r->networks_updated++;
	return merge_stamp(m, id, cause);
}

static int
merge_networks(struct merge *m, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (prepare(m, &st, "SELECT id, name, label, origin, target, ttps,"
	    " notes FROM " MERGE_SCHEMA ".networks ORDER BY name", cause) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (merge_network(m, st, cause) != 0) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(m, "reading networks", cause);
	return 0;
}

/*
 * Indicators by (kind, value, network) and vocabulary entries by id:
 * those CASE lacks come in; those held differently are reported.
 */
static int
merge_lists(struct merge *m, char **cause)
{
	struct merge_report	*r = m->r;
	sqlite3_stmt		*st;
	int			 rc;

	if (prepare(m, &st, "SELECT o.kind, o.value, o.network FROM "
	    MERGE_SCHEMA ".indicators o JOIN main.indicators i ON i.kind ="
	    " o.kind AND i.value = o.value AND i.network IS o.network WHERE"
	    " i.tactic IS NOT o.tactic OR i.technique IS NOT o.technique OR"
	    " i.procedure IS NOT o.procedure OR i.comment IS NOT o.comment"
	    " ORDER BY o.kind, o.value", cause) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		conflict(r, "indicator %s %s%s%s: described differently in %s; "
		    "kept as it is here", col(st, 0), col(st, 1),
		    col(st, 2) != NULL ? " of network " : "",
		    col(st, 2) != NULL ? col(st, 2) : "", m->other);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(m, "comparing indicators", cause);
	if (run2(m, "INSERT INTO main.indicators(kind, value, raw, tactic,"
	    " technique, procedure, comment, network, source) SELECT o.kind,"
	    " o.value, o.raw, o.tactic, o.technique, o.procedure, o.comment,"
	    " o.network, o.source FROM " MERGE_SCHEMA ".indicators o WHERE NOT"
	    " EXISTS (SELECT 1 FROM main.indicators i WHERE i.kind = o.kind"
	    " AND i.value = o.value AND i.network IS o.network) ORDER BY o.id",
	    0, 0, &r->indicators_added, "adding indicators", cause) != 0)
		return -1;

	if (prepare(m, &st, "SELECT o.id FROM " MERGE_SCHEMA ".vocab o JOIN"
	    " main.vocab v ON v.id = o.id WHERE v.framework IS NOT o.framework"
	    " OR v.name IS NOT o.name OR v.tactic IS NOT o.tactic ORDER BY"
	    " o.id", cause) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		conflict(r, "vocabulary %s: described differently in %s; kept "
		    "as it is here", col(st, 0), m->other);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(m, "comparing vocabularies", cause);
	return run2(m, "INSERT INTO main.vocab(id, framework, name, tactic)"
	    " SELECT id, framework, name, tactic FROM " MERGE_SCHEMA ".vocab o"
	    " WHERE NOT EXISTS (SELECT 1 FROM main.vocab v WHERE v.id = o.id)"
	    " ORDER BY id", 0, 0, &r->vocab_added, "adding vocabulary", cause);
}

/* The first integer of a one-row query with one text and one integer
 * parameter; 0 when there is no row. */
static int
lookup(struct merge *m, const char *sql, int64_t seq, const char *hash,
    int64_t *out, int64_t *out2, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	*out = 0;
	if (out2 != NULL)
		*out2 = 0;
	if (prepare(m, &st, sql, cause) != 0)
		return -1;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		if (out2 != NULL)
			*out2 = sqlite3_column_int64(st, 1);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(m, "reading audit chains",
	    cause);
}

/*
 * OTHER's audit trail as a merged chain. A hash at entry N commits to
 * every entry up to N, so: a chain already holding OTHER's head needs
 * nothing; a chain whose last entry OTHER holds is continued; any other
 * trail is a new chain.
 */
static int
merge_chain(struct merge *m, char **cause)
{
	struct merge_report	*r = m->r;
	sqlite3_stmt		*st;
	int64_t			 from = 0, changed = 0;
	const char		*who = audit_actor();
	int			 rc;

	if (r->other_head_seq == 0)
		return 0;
	if (lookup(m, "SELECT chain FROM main.merged_audit WHERE seq = ?1 AND"
	    " hash = ?2 ORDER BY chain LIMIT 1", r->other_head_seq,
	    r->other_head, &r->chain, NULL, cause) != 0)
		return -1;
	if (r->chain != 0)
		return 0;
	if (lookup(m, "SELECT a.chain, a.seq FROM main.merged_audit a JOIN"
	    " (SELECT chain, max(seq) AS seq FROM main.merged_audit GROUP BY"
	    " chain) t ON t.chain = a.chain AND t.seq = a.seq JOIN "
	    MERGE_SCHEMA ".audit o ON o.seq = a.seq AND o.hash = a.hash"
	    " ORDER BY a.seq DESC, a.chain LIMIT 1", 0, NULL, &r->chain, &from,
	    cause) != 0)
		return -1;
	if (r->chain == 0)
		rc = prepare(m, &st, "INSERT INTO main.merged_chains(case_name,"
		    " file, merged_at, merged_by) VALUES (?1, ?2, ?3, ?4)", cause);
	else
		rc = prepare(m, &st, "UPDATE main.merged_chains SET case_name ="
		    " ?1, file = ?2, merged_at = ?3, merged_by = ?4 WHERE id = ?5",
		    cause);
	if (rc != 0)
		return -1;
	sqlite3_bind_text(st, 1, r->other_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->other, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, m->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, who, -1, SQLITE_STATIC);
	if (r->chain != 0)
		sqlite3_bind_int64(st, 5, r->chain);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(m, "recording the merged chain", cause);
	if (r->chain == 0)
		r->chain = sqlite3_last_insert_rowid(m->c->db);
	if (run2(m, "INSERT INTO main.merged_audit(chain, seq, at, actor,"
	    " action, target, detail, hash) SELECT ?1, seq, at, actor, action,"
	    " target, detail, hash FROM " MERGE_SCHEMA ".audit WHERE seq > ?2"
	    " ORDER BY seq", r->chain, from, &changed, "copying the audit "
	    "trail", cause) != 0)
		return -1;
	r->audit_rows = changed;
	return 0;
}

/* CASE's own audit row for the merge. */
static int
merge_audit(struct merge *m, char **cause)
{
	struct merge_report	*r = m->r;
	struct buf		 d = BUF_INIT;
	int			 rc;

	buf_adds(&d, "{\"file\":");
	buf_add_json(&d, m->other);
	buf_adds(&d, ",\"case\":");
	buf_add_json(&d, r->other_name);
	buf_printf(&d, ",\"chain\":%lld,\"head_seq\":%lld,\"head\":",
	    (long long)r->chain, (long long)r->other_head_seq);
	buf_add_json(&d, r->other_head_seq != 0 ? r->other_head : NULL);
	buf_printf(&d, ",\"networks_added\":%lld,\"networks_updated\":%lld,"
	    "\"members_added\":%lld,\"evidence_added\":%lld,"
	    "\"accounts_copied\":%lld,\"posts_copied\":%lld,"
	    "\"indicators_added\":%lld,\"vocab_added\":%lld,"
	    "\"audit_rows\":%lld,\"conflicts\":%zu}",
	    (long long)r->networks_added, (long long)r->networks_updated,
	    (long long)r->members_added, (long long)r->evidence_added,
	    (long long)r->accounts_copied, (long long)r->posts_copied,
	    (long long)r->indicators_added, (long long)r->vocab_added,
	    (long long)r->audit_rows, r->nconflicts);
	rc = audit_append(m->c, "merge-case", m->other, d.data, cause);
	buf_free(&d);
	return rc;
}

int
merge_case(struct case_db *c, const char *other, bool dry_run,
    struct merge_report *r, char **cause)
{
	struct merge	m;

	memset(r, 0, sizeof *r);
	memset(&m, 0, sizeof m);
	m.c = c;
	m.other = other;
	m.r = r;
	norm_time_iso((int64_t)time(NULL), m.now);
	if (c->readonly)
		return set_cause(cause, "%s: the case is read-only; nothing can "
		    "be merged into it", c->path);
	if (merge_inspect(&m, cause) != 0)
		goto out;
	if (merge_attach(&m, cause) != 0 || case_begin(c, cause) != 0)
		goto detach;
	if (merge_accounts(&m, cause) != 0 || merge_networks(&m, cause) != 0 ||
	    merge_lists(&m, cause) != 0 || merge_chain(&m, cause) != 0)
		goto fail;
	r->changed = r->networks_added + r->networks_updated +
	    r->members_added + r->evidence_added + r->accounts_copied +
	    r->indicators_added + r->vocab_added + r->audit_rows != 0;
	if (!r->changed || dry_run) {
		case_rollback(c);
		merge_detach(&m);
		return 0;
	}
	if (merge_audit(&m, cause) != 0)
		goto fail;
	if (case_commit(c, cause) != 0)
		goto detach;
	merge_detach(&m);
	return 0;

fail:
	case_rollback(c);
detach:
	merge_detach(&m);
out:
	merge_report_free(r);
	return -1;
}

void
merge_report_free(struct merge_report *r)
{
	size_t	i;

	for (i = 0; i < r->nconflicts; i++)
		free(r->conflicts[i]);
	free(r->conflicts);
	free(r->other_name);
	memset(r, 0, sizeof *r);
}

/* Does every head CASE's own "merge-case" rows recorded for the chain
 * still stand in it? The first that does not, or 0. */
static int
chain_heads(struct case_db *c, int64_t chain, int64_t *bad, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	*bad = 0;
	if (sqlite3_prepare_v2(c->db, "SELECT json_extract(a.detail,"
	    " '$.head_seq') AS s FROM audit a WHERE a.action = 'merge-case'"
	    " AND json_valid(a.detail) AND json_extract(a.detail, '$.chain') ="
	    " ?1 AND NOT EXISTS (SELECT 1 FROM merged_audit m WHERE m.chain ="
	    " ?1 AND m.seq = json_extract(a.detail, '$.head_seq') AND m.hash ="
	    " json_extract(a.detail, '$.head')) ORDER BY s LIMIT 1", -1, &st,
	    NULL) != SQLITE_OK)
		return case_error(c, cause, "reading merged audit chains");
	sqlite3_bind_int64(st, 1, chain);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*bad = sqlite3_column_int64(st, 0);
		if (*bad == 0)
			*bad = -1;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : case_error(c, cause, "reading merged "
	    "audit chains");
}

int
merge_chains_verify(struct case_db *c,
    void (*fn)(void *, const struct merge_chain_status *), void *arg,
    char **cause)
{
	struct merge_chain_status	 s;
	sqlite3_stmt			*st;
	int				 rc, bad = 0;

	if (c->version < 3)
		return 0;
	if (sqlite3_prepare_v2(c->db, "SELECT id, case_name, file, merged_at"
	    " FROM merged_chains ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "reading merged audit chains");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&s, 0, sizeof s);
		s.chain = sqlite3_column_int64(st, 0);
		s.case_name = col(st, 1);
		s.file = col(st, 2);
		s.merged_at = col(st, 3);
		if (audit_verify_merged(c, s.chain, &s.audit, cause) != 0 ||
		    chain_heads(c, s.chain, &s.head_mismatch_seq, cause) != 0) {
			sqlite3_finalize(st);
			return -1;
		}
		if (s.audit.broken_seq != 0 || s.head_mismatch_seq != 0)
			bad++;
		fn(arg, &s);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "reading merged audit chains");
	return bad;
}

int64_t
merge_log_each(struct case_db *c, const char *since, const char *action,
    void (*fn)(void *, int64_t, const char *, const struct replay_log_row *),
    void *arg, char **cause)
{
	struct replay_log_row	 r;
	sqlite3_stmt		*st;
	char			 from[21];
	int64_t			 t, n = 0;
	int			 rc;

	if (since != NULL) {
		if (!norm_time(since, &t))
			return set_cause(cause, "--since %s: not a date or time "
			    "(2024-01-31 or 2024-01-31T12:00:00Z)", since);
		norm_time_iso(t, from);
	}
	if (c->version < 3)
		return 0;
	if (sqlite3_prepare_v2(c->db, "SELECT a.chain, k.case_name, a.seq,"
	    " a.at, a.actor, a.action, a.target, a.detail,"
	    " coalesce(json_valid(a.detail), 0) FROM merged_audit a"
	    " JOIN merged_chains k ON k.id = a.chain WHERE (?1 IS NULL OR"
	    " a.at >= ?1) AND (?2 IS NULL OR a.action = ?2)"
	    " ORDER BY a.chain, a.seq", -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "reading merged audit chains");
	if (since != NULL)
		sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	if (action != NULL)
		sqlite3_bind_text(st, 2, action, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.seq = sqlite3_column_int64(st, 2);
		r.at = col(st, 3);
		r.actor = col(st, 4);
		r.action = col(st, 5);
		r.target = col(st, 6);
		r.detail = col(st, 7);
		r.detail_json = sqlite3_column_int(st, 8) != 0;
		fn(arg, sqlite3_column_int64(st, 0), col(st, 1), &r);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "reading merged audit chains");
	return n;
}
