/*
 * schema.c: the SQL that defines a case, and the migrations from each
 * older version. Version 1 is the first; a migration from N to N+1 is
 * appended to the table below and never edited afterwards.
 */
#include "config.h"
#include "schema.h"

#include "audit.h"
#include "case.h"
#include "normalize.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

static const char schema_v1[] =
	"CREATE TABLE case_info(\n"
	"  key TEXT PRIMARY KEY, value TEXT) STRICT;\n"
	"CREATE TABLE accounts(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  platform TEXT NOT NULL,\n"
	"  native_id TEXT NOT NULL,\n"
	"  handle TEXT, display_name TEXT, bio TEXT, url TEXT,\n"
	"  created_at TEXT,\n"
	"  followers INTEGER, following INTEGER, posts INTEGER,\n"
	"  country TEXT, language TEXT, status TEXT,\n"
	"  UNIQUE(platform, native_id)) STRICT;\n"
	"CREATE TABLE attributes(\n"
	"  kind TEXT NOT NULL, value TEXT NOT NULL,\n"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id)\n"
	"    ON DELETE CASCADE,\n"
	"  raw TEXT, first_seen TEXT, last_seen TEXT, source TEXT,\n"
	"  PRIMARY KEY(kind, value, account_id)) STRICT, WITHOUT ROWID;\n"
	"CREATE TABLE attribute_stats(\n"
	"  kind TEXT NOT NULL, value TEXT NOT NULL,\n"
	"  accounts INTEGER NOT NULL,\n"
	"  PRIMARY KEY(kind, value)) STRICT, WITHOUT ROWID;\n"
	"CREATE TABLE posts(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id)\n"
	"    ON DELETE CASCADE,\n"
	"  native_id TEXT NOT NULL,\n"
	"  posted_at INTEGER,\n"
	"  text TEXT,\n"
	"  text_hash INTEGER NOT NULL DEFAULT 0,\n"
	"  reply_to TEXT, repost_of TEXT, hashtags TEXT,\n"
	"  UNIQUE(account_id, native_id)) STRICT;\n"
	"CREATE TABLE post_urls(\n"
	"  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,\n"
	"  url TEXT NOT NULL, domain TEXT,\n"
	"  PRIMARY KEY(post_id, url)) STRICT, WITHOUT ROWID;\n"
	"CREATE TABLE networks(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  label TEXT NOT NULL DEFAULT 'suspected' CHECK(label IN\n"
	"    ('suspected', 'cib', 'not_cib', 'cleared')),\n"
	"  origin TEXT, target TEXT, ttps TEXT, notes TEXT,\n"
	"  created_at TEXT NOT NULL, created_by TEXT NOT NULL,\n"
	"  updated_at TEXT NOT NULL) STRICT;\n"
	"CREATE TABLE network_members(\n"
	"  network_id INTEGER NOT NULL REFERENCES networks(id)\n"
	"    ON DELETE CASCADE,\n"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id)\n"
	"    ON DELETE CASCADE,\n"
	"  added_at TEXT NOT NULL, added_by TEXT NOT NULL,\n"
	"  evidence TEXT,\n"
	"  PRIMARY KEY(network_id, account_id)) STRICT, WITHOUT ROWID;\n"
	"CREATE INDEX network_members_by_account\n"
	"  ON network_members(account_id, network_id);\n"
	"CREATE TABLE audit(\n"
	"  seq INTEGER PRIMARY KEY,\n"
	"  at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,\n"
	"  target TEXT, detail TEXT) STRICT;\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;\n"
	"CREATE TABLE vocab(\n"
	"  id TEXT PRIMARY KEY,\n"
	"  framework TEXT NOT NULL,\n"
	"  name TEXT, tactic TEXT) STRICT;\n"
	"CREATE TABLE indicators(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  kind TEXT NOT NULL, value TEXT NOT NULL, raw TEXT,\n"
	"  tactic TEXT, technique TEXT, procedure TEXT, comment TEXT,\n"
	"  network TEXT, source TEXT,\n"
	"  UNIQUE(kind, value, network)) STRICT;\n"
	"CREATE TABLE planted(\n"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id)\n"
	"    ON DELETE CASCADE,\n"
	"  network TEXT NOT NULL,\n"
	"  PRIMARY KEY(network, account_id)) STRICT, WITHOUT ROWID;\n";

const char schema_drop_secondary[] =
	"DROP INDEX IF EXISTS attributes_by_account;\n"
	"DROP INDEX IF EXISTS posts_by_time;\n"
	"DROP INDEX IF EXISTS accounts_by_handle;\n"
	"DROP INDEX IF EXISTS accounts_by_created;\n";

const char schema_create_secondary[] =
	"CREATE INDEX IF NOT EXISTS attributes_by_account\n"
	"  ON attributes(account_id, kind, value);\n"
	"CREATE INDEX IF NOT EXISTS posts_by_time ON posts(posted_at);\n"
	"CREATE INDEX IF NOT EXISTS accounts_by_handle ON accounts(handle);\n"
	"CREATE INDEX IF NOT EXISTS accounts_by_created\n"
	"  ON accounts(created_at);\n";

const char schema_handle_index[] =
	"CREATE INDEX IF NOT EXISTS accounts_by_platform_handle\n"
	"  ON accounts(platform, " SCHEMA_HANDLE_KEY ");\n";

/*
 * Version 2: the audit trail becomes a hash chain (audit.h). Existing
 * rows get their hashes in order of seq, inside the migration's
 * transaction; from then on a row cannot be inserted without one.
 */
static const char v2_before[] =
	"ALTER TABLE audit ADD COLUMN hash TEXT;\n"
	"DROP TRIGGER audit_no_update;\n";
static const char v2_after[] =
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;\n"
	"CREATE TRIGGER audit_needs_hash BEFORE INSERT ON audit\n"
	"  WHEN NEW.hash IS NULL OR length(NEW.hash) <> 64\n"
	"  BEGIN SELECT RAISE(ABORT, 'audit rows are written by cibscope,"
	" with their hash'); END;\n";

/*
 * Version 3: audit chains brought in from other cases by `cibscope
 * merge` (merge.h). Each merged case's rows are kept verbatim, hashes and
 * all, under the chain they came from, so that they verify as that case's
 * own chain; like the case's own trail they are append-only.
 */
static const char v3_before[] =
	"CREATE TABLE merged_chains(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  case_name TEXT, file TEXT,\n"
	"  merged_at TEXT NOT NULL, merged_by TEXT NOT NULL) STRICT;\n"
	"CREATE TABLE merged_audit(\n"
	"  chain INTEGER NOT NULL REFERENCES merged_chains(id),\n"
	"  seq INTEGER NOT NULL,\n"
	"  at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,\n"
	"  target TEXT, detail TEXT, hash TEXT NOT NULL,\n"
	"  PRIMARY KEY(chain, seq)) STRICT, WITHOUT ROWID;\n"
	"CREATE TRIGGER merged_audit_no_update BEFORE UPDATE ON merged_audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;\n"
	"CREATE TRIGGER merged_audit_no_delete BEFORE DELETE ON merged_audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;\n";

/*
 * Version 4: stored MinHash signatures of post texts (minhash.h,
 * neardup.h), one per post and shingle shape (unit * 64 + k), so that
 * near-duplicate searches do not rescan the text. A NULL signature marks
 * a text too short to shingle. A post whose text changes loses its
 * signatures, which are made again on next use.
 */
static const char v4_before[] =
	"CREATE TABLE post_sigs(\n"
	"  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,\n"
	"  shape INTEGER NOT NULL,\n"
	"  sig BLOB,\n"
	"  PRIMARY KEY(post_id, shape)) STRICT, WITHOUT ROWID;\n"
	"CREATE TRIGGER post_sigs_stale AFTER UPDATE OF text ON posts\n"
	"  WHEN NEW.text IS NOT OLD.text\n"
	"  BEGIN DELETE FROM post_sigs WHERE post_id = NEW.id; END;\n";

/* handle_family(handle) for the fill below: the family, or NULL. */
static void
sql_handle_family(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char	*h = (const char *)sqlite3_value_text(argv[0]);
	char		 norm[NORM_MAX], fam[NORM_MAX];

	if (h != NULL && norm_handle(h, norm, sizeof norm) &&
	    norm_handle_family(norm, fam, sizeof fam))
		sqlite3_result_text(ctx, fam, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

/* Version 4 also derives handle_family (normalize.h) for the accounts
 * already in the case, as ingest does for new ones. */
static int
v4_fill(sqlite3 *db, char **cause)
{
	char	*err = NULL;
	int	 rc;

	if (sqlite3_create_function(db, "cib_handle_family", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_handle_family, NULL,
	    NULL) != SQLITE_OK)
		return set_cause(cause, "%s", sqlite3_errmsg(db));
	rc = sqlite3_exec(db,
	    "INSERT OR IGNORE INTO attributes(kind, value, account_id, source)"
	    " SELECT 'handle_family', f, id, 'schema 4' FROM (SELECT id,"
	    " cib_handle_family(handle) AS f FROM accounts) WHERE f IS NOT"
	    " NULL;"
	    "INSERT OR REPLACE INTO attribute_stats(kind, value, accounts)"
	    " SELECT kind, value, count(*) FROM attributes WHERE kind ="
	    " 'handle_family' GROUP BY value;", NULL, NULL, &err);
	sqlite3_create_function(db, "cib_handle_family", 1, SQLITE_UTF8, NULL,
	    NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		set_cause(cause, "%s", err != NULL ? err : "unknown error");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/*
 * Migrations: migrations[i] moves a case from version i+1 to i+2: SQL,
 * then C code for what SQL cannot do, then SQL again. A new case is made
 * as version 1 and brought up by the same steps, so that new and migrated
 * cases cannot differ.
 */
static const struct migration {
	const char	*before;
	int		(*fill)(sqlite3 *, char **);
	const char	*after;
} migrations[CASE_SCHEMA_VERSION - 1] = {
	{ v2_before, audit_chain_fill, v2_after },
	{ v3_before, NULL, "" },
	{ v4_before, v4_fill, "" },
};

static int
exec(sqlite3 *db, const char *sql, char **cause)
{
	char	*err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		set_cause(cause, "%s", err != NULL ? err : "unknown error");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static int
set_version(sqlite3 *db, int v, char **cause)
{
	char	sql[64];

	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
	return exec(db, sql, cause);
}

int
schema_create(sqlite3 *db, char **cause)
{
	char	sql[64];

	snprintf(sql, sizeof sql, "PRAGMA application_id = %d",
	    CASE_APPLICATION_ID);
	if (exec(db, sql, cause) != 0 || exec(db, schema_v1, cause) != 0 ||
	    exec(db, schema_create_secondary, cause) != 0)
		return -1;
	return schema_migrate(db, 1, cause);
}

int
schema_migrate(sqlite3 *db, int from, char **cause)
{
	int	v;

	if (from < 1 || from > CASE_SCHEMA_VERSION)
		return set_cause(cause, "cannot migrate from version %d",
		    from);
	for (v = from; v < CASE_SCHEMA_VERSION; v++) {
		const struct migration	*m = &migrations[v - 1];
		char			*why = NULL;

		if (exec(db, m->before, &why) != 0 ||
		    (m->fill != NULL && m->fill(db, &why) != 0) ||
		    exec(db, m->after, &why) != 0) {
			set_cause(cause, "cannot migrate from version %d to "
			    "%d: %s", v, v + 1, why);
			free(why);
			return -1;
		}
	}
	return set_version(db, CASE_SCHEMA_VERSION, cause);
}
