/*
 * case.c: creating, opening, checking and migrating case files, and the
 * small transaction helpers every writer uses. What a failure means is
 * decided here, once, in words an investigator understands.
 */
#include "config.h"
#include "case.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "jsoncheck.h"
#include "normalize.h"
#include "regex.h"
#include "schema.h"
#include "util.h"

/* The first 16 bytes of every SQLite 3 file. */
static const char sqlite_magic[16] = "SQLite format 3";

static struct case_db *
case_alloc(const char *path)
{
	struct case_db	*c = xcalloc(1, sizeof *c);

	c->path = xstrdup(path);
	return c;
}

void
case_close(struct case_db *c)
{
	if (c == NULL)
		return;
	if (c->db != NULL) {
		/* An open transaction ends undone, its writer record too. */
		case_rollback(c);
		/*
		 * Fold the WAL back so the case is one file at rest, but only
		 * when nobody else is using it: a waiting checkpoint holds the
		 * write lock and would starve the next writer. The last
		 * connection to close folds it anyway.
		 */
		if (!c->readonly) {
			sqlite3_busy_timeout(c->db, 0);
			sqlite3_exec(c->db, "PRAGMA wal_checkpoint(TRUNCATE)",
			    NULL, NULL, NULL);
		}
		sqlite3_close_v2(c->db);
	}
	free(c->writer_prev);
	free(c->notice);
	free(c->path);
	free(c);
}

/*
 * Describe the connection's last error for the investigator: a busy case,
 * a full disk and a read-only file get their own words; anything else
 * carries SQLite's message. Returns -1.
 */
int
case_error(struct case_db *c, char **cause, const char *what)
{
	int		 rc = sqlite3_errcode(c->db) & 0xff, ret;
	const char	*why;
	char		*busy = NULL, *writer;

	switch (rc) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		/* A reader sees the writer's committed record (case_begin). */
		writer = case_info_get(c, CASE_WRITER_KEY);
		busy = xasprintf("the case is busy: %s%s is writing to it "
		    "(waited %d seconds); try again when it has finished",
		    writer != NULL ? "" : "another process",
		    writer != NULL ? writer : "", CASE_BUSY_TIMEOUT_MS / 1000);
		free(writer);
		why = busy;
		break;
	case SQLITE_FULL:
		why = "disk full: nothing was changed";
		break;
	case SQLITE_READONLY:
		why = "the case is read-only";
		break;
	case SQLITE_NOTADB:
		why = "not an SQLite database";
		break;
	case SQLITE_CORRUPT:
		why = "the case file is damaged (database disk image is "
		    "malformed)";
		break;
	default:
		why = sqlite3_errmsg(c->db);
		break;
	}
	if (what != NULL)
		ret = set_cause(cause, "%s: %s: %s", c->path, what, why);
	else
		ret = set_cause(cause, "%s: %s", c->path, why);
	free(busy);
	return ret;
}

int
case_exec(struct case_db *c, const char *sql, char **cause)
{
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return case_error(c, cause, NULL);
	return 0;
}

/*
 * Record who is about to write ("pid 123 on host since 2024-...Z") in
 * case_info, in a short transaction of its own. A process that then finds
 * the case busy reads the record to say by whom: in WAL mode a reader sees
 * only committed rows, so the record cannot live inside the long
 * transaction it describes. A record left by a writer that died is
 * harmless; it is only read when SQLite reports the case busy. Returns 0,
 * or -1 with *cause set (busy, disk full, ...).
 */
static int
case_mark_writer(struct case_db *c, char **cause)
{
	char	 host[256], iso[21], *who;
	int	 rc;

	if (gethostname(host, sizeof host) != 0)
		snprintf(host, sizeof host, "an unknown host");
	host[sizeof host - 1] = '\0';
	norm_time_iso((int64_t)time(NULL), iso);
	who = xasprintf("pid %ld on %s since %s", (long)getpid(), host, iso);
	rc = case_exec(c, "BEGIN IMMEDIATE", cause);
	if (rc == 0) {
		free(c->writer_prev);
		c->writer_prev = case_info_get(c, CASE_WRITER_KEY);
		if (case_info_set(c, CASE_WRITER_KEY, who, cause) != 0)
			rc = -1;
	}
	if (rc == 0 && case_exec(c, "COMMIT", cause) != 0)
		rc = -1;
	if (rc != 0)
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	c->writer_marked = (rc == 0);
	free(who);
	return rc;
}

/*
 * Put the writer record back as begin found it, in a short transaction
 * of its own, once the caller's transaction has ended either way. Best
 * effort: a record left behind is only read when the case is busy.
 */
static void
case_unmark_writer(struct case_db *c)
{
	sqlite3_stmt	*st;
	const char	*sql;

	if (!c->writer_marked || !sqlite3_get_autocommit(c->db))
		return;
	c->writer_marked = false;
	sql = c->writer_prev != NULL ?
	    "UPDATE case_info SET value = ?2 WHERE key = ?1" :
	    "DELETE FROM case_info WHERE key = ?1";
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, CASE_WRITER_KEY, -1, SQLITE_STATIC);
		if (c->writer_prev != NULL)
			sqlite3_bind_text(st, 2, c->writer_prev, -1,
			    SQLITE_STATIC);
		(void)sqlite3_step(st);
		sqlite3_finalize(st);
	}
	free(c->writer_prev);
	c->writer_prev = NULL;
}

void
case_library_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int
case_set_scratch(struct case_db *c, bool on, char **cause)
{
	if (on)
		return case_exec(c, "PRAGMA journal_mode = OFF;"
		    "PRAGMA synchronous = OFF", cause);
	return case_exec(c, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = NORMAL", cause);
}

int
case_begin(struct case_db *c, char **cause)
{
	if (c->readonly)
		return set_cause(cause, "%s: the case is open read-only",
		    c->path);
	if (sqlite3_get_autocommit(c->db) && case_mark_writer(c, cause) != 0)
		return -1;
	if (case_exec(c, "BEGIN IMMEDIATE", cause) != 0) {
		case_unmark_writer(c);
		return -1;
	}
	return 0;
}

int
case_commit(struct case_db *c, char **cause)
{
	if (case_exec(c, "COMMIT", cause) != 0) {
		case_rollback(c);
		return -1;
	}
	case_unmark_writer(c);
	return 0;
}

void
case_rollback(struct case_db *c)
{
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	case_unmark_writer(c);
}

char *
case_info_get(struct case_db *c, const char *key)
{
	sqlite3_stmt	*st;
	char		*v = NULL;

	if (sqlite3_prepare_v2(c->db,
	    "SELECT value FROM case_info WHERE key = ?1", -1, &st,
	    NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

int
case_info_set(struct case_db *c, const char *key, const char *value,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(c->db, "INSERT INTO case_info(key, value) "
	    "VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2",
	    -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "writing case_info");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "writing case_info");
	return 0;
}

bool
case_table_name_ok(const char *s)
{
	int	dots = 0;
	bool	start = true;

	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s == '.') {
			if (start || ++dots > 1)
				return false;
			start = true;
			continue;
		}
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    *s == '_' || (!start && *s >= '0' && *s <= '9')))
			return false;
		start = false;
	}
	return !start;
}

int64_t
case_count(struct case_db *c, const char *table)
{
	static const char *const tables[] = {
		"accounts", "attributes", "attribute_stats", "posts",
		"post_urls", "networks", "network_members", "audit",
		"planted", "case_info"
	};
	sqlite3_stmt	*st;
	char		 sql[96];
	int64_t		 n = -1;
	size_t		 i;

	for (i = 0; i < nitems(tables); i++) {
		if (strcmp(tables[i], table) == 0)
			break;
	}
	if (i == nitems(tables))
		return -1;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Settings every connection gets. */
static int
case_configure(struct case_db *c, char **cause)
{
	sqlite3_busy_timeout(c->db, CASE_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(c->db, 0);
	/* regexp() and regexp_replace() serve every query and filter. */
	if (regex_register(c->db, cause) != 0)
		return -1;
	if (json_check_register(c->db) != SQLITE_OK)
		return case_error(c, cause, "cannot register json_valid");
	if (case_exec(c, "PRAGMA foreign_keys = ON", cause) != 0)
		return -1;
	if (case_exec(c, "PRAGMA cache_size = -16384", cause) != 0)
		return -1;
	if (c->readonly)
		return 0;
	if (case_exec(c, "PRAGMA journal_mode = WAL", cause) != 0 ||
	    case_exec(c, "PRAGMA synchronous = NORMAL", cause) != 0)
		return -1;
	return 0;
}

/* Read a PRAGMA's integer value; -1 with *cause on error. */
static int
pragma_int(struct case_db *c, const char *sql, int *out, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, NULL);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return case_error(c, cause, NULL);
	return 0;
}

/* Does the database hold any table at all? */
static bool
has_tables(struct case_db *c)
{
	int	n = 0;

	pragma_int(c, "SELECT count(*) FROM sqlite_schema", &n, NULL);
	return n > 0;
}

static char *
now_iso(void)
{
	char	iso[21];

	norm_time_iso((int64_t)time(NULL), iso);
	return xstrdup(iso);
}

struct case_db *
case_create(const char *path, const char *name, char **cause)
{
	struct case_db	*c;
	struct stat	 sb;
	char		*now;
	int		 fd;

	if (stat(path, &sb) == 0) {
		set_cause(cause, "%s: already exists; cibscope never "
		    "overwrites a case", path);
		return NULL;
	}
	/* Create the file exclusively so a racing writer cannot share it. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
	if (fd == -1) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	close(fd);

	c = case_alloc(path);
	if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		case_error(c, cause, "cannot create");
		goto fail;
	}
	/* No case_info table yet to record the writer in: begin directly. */
	if (case_configure(c, cause) != 0 ||
	    case_exec(c, "BEGIN IMMEDIATE", cause) != 0)
		goto fail;
	now = now_iso();
	if (schema_create(c->db, cause) != 0 ||
	    case_info_set(c, "name", name != NULL ? name : "", cause) != 0 ||
	    case_info_set(c, "created", now, cause) != 0 ||
	    case_info_set(c, "tool_version", PACKAGE_VERSION, cause) != 0) {
		free(now);
		case_rollback(c);
		goto fail;
	}
	free(now);
	if (case_commit(c, cause) != 0)
		goto fail;
	c->version = CASE_SCHEMA_VERSION;
	return c;

fail:
	case_close(c);
	unlink(path);
	return NULL;
}

/* Can we create files in the folder that holds path? */
static bool
dir_writable(const char *path)
{
	char	*dir = xstrdup(path), *slash;
	bool	 ok;

	slash = strrchr(dir, '/');
	if (slash == NULL) {
		free(dir);
		dir = xstrdup(".");
	} else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	ok = access(dir, W_OK) == 0;
	free(dir);
	return ok;
}

/* Is there a write-ahead log beside the case (someone may be writing)? */
static bool
wal_present(const char *path)
{
	char		*wal = xasprintf("%s-wal", path);
	struct stat	 sb;
	bool		 present = stat(wal, &sb) == 0;

	free(wal);
	return present;
}

/* "file:PATH?immutable=1", with the characters URIs reserve escaped. */
static char *
immutable_uri(const char *path)
{
	struct buf	 b = BUF_INIT;
	const char	*p;

	buf_adds(&b, "file:");
	for (p = path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			buf_printf(&b, "%%%02X", (unsigned char)*p);
		else
			buf_addc(&b, *p);
	}
	buf_adds(&b, "?immutable=1");
	return buf_steal(&b);
}

/*
 * Look at the file before SQLite does, so that a directory, a missing file,
 * an empty file and a non-SQLite file each get their own message, and so
 * that a file we cannot write is opened read-only on purpose.
 */
static int
case_inspect(const char *path, bool *writable, char **cause)
{
	struct stat	 sb;
	char		 head[16];
	ssize_t		 n;
	int		 fd;

	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return set_cause(cause, "%s: no such case (create one "
			    "with: cibscope new %s)", path, path);
		return set_cause(cause, "%s: %s", path, strerror(errno));
	}
	if (S_ISDIR(sb.st_mode))
		return set_cause(cause, "%s: is a directory, not a case",
		    path);
	if (!S_ISREG(sb.st_mode))
		return set_cause(cause, "%s: not a regular file", path);
	if ((fd = open(path, O_RDONLY)) == -1)
		return set_cause(cause, "%s: %s", path, strerror(errno));
	n = read(fd, head, sizeof head);
	close(fd);
	if (n == 0)
		return set_cause(cause, "%s: empty file, not a case", path);
	if (n != (ssize_t)sizeof head || memcmp(head, sqlite_magic,
	    sizeof head) != 0)
		return set_cause(cause, "%s: not a cibscope case (not an "
		    "SQLite database at all)", path);

	/* WAL needs to create files beside the case, so the folder counts. */
	*writable = access(path, W_OK) == 0 && dir_writable(path);
	return 0;
}

struct case_db *
case_open(const char *path, int flags, char **cause)
{
	struct case_db	*c;
	bool		 writable = false;
	int		 appid = 0, version = 0, oflags, rc;
	char		 detail[64];

	if (case_inspect(path, &writable, cause) != 0)
		return NULL;
	c = case_alloc(path);
	c->readonly = (flags & CASE_OPEN_READONLY) || !writable;
	if (!writable && !(flags & CASE_OPEN_READONLY))
		c->notice = xasprintf("%s: the file is read-only; opened it "
		    "read-only, nothing can be changed", path);
	oflags = (c->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
	    SQLITE_OPEN_NOMUTEX;
	if (!writable && !dir_writable(path) && !wal_present(path)) {
		/*
		 * A WAL case in a folder we cannot write: SQLite cannot make
		 * the shared-memory file it needs, so open the file as
		 * immutable. Nobody is writing it (no -wal file exists).
		 */
		char *uri = immutable_uri(path);

		rc = sqlite3_open_v2(uri, &c->db, oflags | SQLITE_OPEN_URI,
		    NULL);
		free(uri);
	} else
		rc = sqlite3_open_v2(path, &c->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		case_error(c, cause, "cannot open");
		goto fail;
	}
	/* Even the first read waits for a writer that is closing. */
	sqlite3_busy_timeout(c->db, CASE_BUSY_TIMEOUT_MS);
	if (pragma_int(c, "PRAGMA application_id", &appid, cause) != 0 ||
	    pragma_int(c, "PRAGMA user_version", &version, cause) != 0)
		goto fail;
	if (appid != CASE_APPLICATION_ID) {
		set_cause(cause, "%s: not a cibscope case (an SQLite database "
		    "%s)", path, has_tables(c) ? "of something else" :
		    "with no tables");
		goto fail;
	}
	if (version > CASE_SCHEMA_VERSION) {
		set_cause(cause, "%s: written by a newer cibscope (case "
		    "schema %d; this build reads up to %d); upgrade cibscope "
		    "to open it", path, version, CASE_SCHEMA_VERSION);
		goto fail;
	}
	if (version < 1) {
		set_cause(cause, "%s: not a cibscope case (no schema "
		    "version)", path);
		goto fail;
	}
	if (case_configure(c, cause) != 0)
		goto fail;
	if (version < CASE_SCHEMA_VERSION) {
		if (c->readonly) {
			/* Read as it is; the first change migrates it. */
			if (c->notice == NULL)
				c->notice = xasprintf("%s: case schema %d, read "
				    "as it is; the next change to it migrates "
				    "it to %d", path, version,
				    CASE_SCHEMA_VERSION);
			c->version = version;
			return c;
		}
		if (case_begin(c, cause) != 0)
			goto fail;
		snprintf(detail, sizeof detail, "{\"from\":%d,\"to\":%d}",
		    version, CASE_SCHEMA_VERSION);
		if (schema_migrate(c->db, version, cause) != 0 ||
		    audit_append(c, "migrate", "schema", detail, cause) != 0) {
			case_rollback(c);
			goto fail;
		}
		if (case_commit(c, cause) != 0)
			goto fail;
		c->migrated_from = version;
		version = CASE_SCHEMA_VERSION;
	}
	c->version = version;
	return c;

fail:
	case_close(c);
	return NULL;
}
