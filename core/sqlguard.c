/*
 * sqlguard.c: the sandbox for raw `sql:` from query files.
 *
 * The SQL runs on its own read-only connection to the case, never on the
 * case's main connection, so nothing it does can reach the temporary
 * tables, the open transaction or the settings of the main connection.
 * Several independent layers each refuse writing on their own: the
 * read-only open, PRAGMA query_only, SQLITE_DBCONFIG_DEFENSIVE, an
 * authorizer that allows only SELECT, reads of the case's tables and an
 * approved list of functions, and sqlite3_stmt_readonly(). Limits on
 * lengths, columns, expression depth, compound selects, VDBE program size
 * and function arguments bound the cost of compiling; a progress handler
 * with a wall-clock deadline and a row cap bound the cost of running.
 *
 * What may be read, in the authorizer:
 *  - the case tables listed in guard_tables, in the main database;
 *  - json_each() and json_tree(), which are table-valued functions;
 *  - CTEs and subqueries. SQLite reports a read of one with no database
 *    name, as it does a read of no column of a stored table (count(*));
 *    a name with no database is taken for a CTE only when it is none of
 *    the case's stored tables or modules and does not begin with
 *    "sqlite_" or "pragma_". What a CTE reads is checked on its own.
 * The schema tables (sqlite_master, sqlite_schema, sqlite_temp_master),
 * sqlite_stat1, dbstat and the pragma_* table-valued functions are not
 * readable: a query file asks about accounts, not about the file.
 */
#include "config.h"
#include "sqlguard.h"

#include <math.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "query.h"
#include "regex.h"
#include "util.h"

/* Longest SQL text accepted, in bytes (also SQLITE_LIMIT_SQL_LENGTH). */
#define GUARD_SQL_LENGTH	(64 * 1024)
/* Longest string or blob a statement may build (SQLITE_LIMIT_LENGTH). */
#define GUARD_VALUE_LENGTH	(1024 * 1024)
/* How many VM instructions between two looks at the clock. */
#define GUARD_PROGRESS_OPS	1000
/* Milliseconds to wait for a lock held by a checkpoint or recovery. */
#define GUARD_BUSY_MS		1000

static double	guard_seconds = SQLGUARD_SECONDS;
static size_t	guard_max_rows = SQLGUARD_MAX_ROWS;

/* Tables a query may read, all in the main database. */
static const char *const guard_tables[] = {
	"accounts", "attributes", "attribute_stats", "posts", "post_urls",
	"networks", "network_members", "audit", "planted", "case_info",
	"vocab", "indicators", "json_each", "json_tree",
};

/*
 * Functions a query may call. Pure functions of their arguments whose
 * results are bounded by SQLITE_LIMIT_LENGTH. Left out on purpose:
 * load_extension, printf/format (a format string from a stranger),
 * randomblob/zeroblob (an allocation of any size in one call),
 * sqlite_compileoption_*, sqlite_version and friends (facts about the
 * build), changes/last_insert_rowid, fts3_tokenizer, and anything else
 * not named here, including readfile/writefile should they ever be
 * linked in.
 */
static const char *const guard_functions[] = {
	/* aggregates */
	"count", "sum", "total", "avg", "min", "max", "group_concat",
	"string_agg",
	/* text */
	"length", "octet_length", "lower", "upper", "substr", "substring",
	"trim", "ltrim", "rtrim", "replace", "instr", "concat", "concat_ws",
	"char", "unicode", "quote", "hex", "unhex", "like", "glob",
	"regexp", "regexp_replace",
	/* nulls, types and conditions */
	"coalesce", "ifnull", "nullif", "iif", "typeof", "likely",
	"unlikely", "likelihood",
	/* numbers */
	"abs", "round", "sign", "ceil", "ceiling", "floor", "trunc", "sqrt",
	"pow", "power", "exp", "ln", "log", "log2", "log10", "mod", "pi",
	/* dates */
	"date", "time", "datetime", "julianday", "strftime", "unixepoch",
	"timediff",
	/* JSON */
	"json", "json_extract", "->", "->>", "json_array", "json_object",
	"json_group_array", "json_group_object", "json_array_length",
	"json_type", "json_valid", "json_quote", "json_insert",
	"json_replace", "json_set", "json_remove", "json_patch",
	"json_each", "json_tree",
	/* windows */
	"row_number", "rank", "dense_rank", "percent_rank", "cume_dist",
	"ntile", "lag", "lead", "first_value", "last_value", "nth_value",
};

/* Connection settings, each read back to make sure it took. */
static const struct guard_config {
	int		 op;
	int		 value;
	const char	*name;
} guard_configs[] = {
	{ SQLITE_DBCONFIG_DEFENSIVE, 1, "defensive" },
	{ SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, "trusted_schema" },
	{ SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, "load_extension" },
	{ SQLITE_DBCONFIG_WRITABLE_SCHEMA, 0, "writable_schema" },
	/* The case has no views, and its triggers guard writes that a
	 * read-only connection cannot make. */
	{ SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, "triggers" },
	{ SQLITE_DBCONFIG_ENABLE_VIEW, 0, "views" },
	{ SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, "fts3_tokenizer" },
	/* "handle" is a column, never the string 'handle'. */
	{ SQLITE_DBCONFIG_DQS_DML, 0, "dqs_dml" },
	{ SQLITE_DBCONFIG_DQS_DDL, 0, "dqs_ddl" },
	{ SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, "no_ckpt_on_close" },
};

static const struct guard_limit {
	int	id;
	int	value;
} guard_limits[] = {
	{ SQLITE_LIMIT_ATTACHED, 0 },
	{ SQLITE_LIMIT_LENGTH, GUARD_VALUE_LENGTH },
	{ SQLITE_LIMIT_SQL_LENGTH, GUARD_SQL_LENGTH },
	{ SQLITE_LIMIT_COLUMN, 200 },
	{ SQLITE_LIMIT_EXPR_DEPTH, 200 },
	{ SQLITE_LIMIT_COMPOUND_SELECT, 64 },
	{ SQLITE_LIMIT_VDBE_OP, 100000 },
	{ SQLITE_LIMIT_FUNCTION_ARG, 64 },
	{ SQLITE_LIMIT_TRIGGER_DEPTH, 1 },
	{ SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 10000 },
	{ SQLITE_LIMIT_VARIABLE_NUMBER, 256 },
	{ SQLITE_LIMIT_WORKER_THREADS, 0 },
};

/*
 * Why the authorizer refuses each kind of action. The detail in
 * parentheses is the fixed word when there is one, else the authorizer's
 * first argument (a pragma's name, BEGIN/COMMIT, a file name).
 */
static const struct guard_action {
	int		 code;
	const char	*reason;
	const char	*detail;
} guard_actions[] = {
	{ SQLITE_INSERT, "writing is not allowed", "INSERT" },
	{ SQLITE_UPDATE, "writing is not allowed", "UPDATE" },
	{ SQLITE_DELETE, "writing is not allowed", "DELETE" },
	{ SQLITE_CREATE_INDEX, "changing the schema is not allowed",
	  "CREATE INDEX" },
	{ SQLITE_CREATE_TABLE, "changing the schema is not allowed",
	  "CREATE TABLE" },
	{ SQLITE_CREATE_TEMP_INDEX, "changing the schema is not allowed",
	  "CREATE TEMP INDEX" },
	{ SQLITE_CREATE_TEMP_TABLE, "changing the schema is not allowed",
	  "CREATE TEMP TABLE" },
	{ SQLITE_CREATE_TEMP_TRIGGER, "changing the schema is not allowed",
	  "CREATE TEMP TRIGGER" },
	{ SQLITE_CREATE_TEMP_VIEW, "changing the schema is not allowed",
	  "CREATE TEMP VIEW" },
	{ SQLITE_CREATE_TRIGGER, "changing the schema is not allowed",
	  "CREATE TRIGGER" },
	{ SQLITE_CREATE_VIEW, "changing the schema is not allowed",
	  "CREATE VIEW" },
	{ SQLITE_CREATE_VTABLE, "changing the schema is not allowed",
	  "CREATE VIRTUAL TABLE" },
	{ SQLITE_DROP_INDEX, "changing the schema is not allowed",
	  "DROP INDEX" },
	{ SQLITE_DROP_TABLE, "changing the schema is not allowed",
	  "DROP TABLE" },
	{ SQLITE_DROP_TEMP_INDEX, "changing the schema is not allowed",
	  "DROP INDEX" },
	{ SQLITE_DROP_TEMP_TABLE, "changing the schema is not allowed",
	  "DROP TABLE" },
	{ SQLITE_DROP_TEMP_TRIGGER, "changing the schema is not allowed",
	  "DROP TRIGGER" },
	{ SQLITE_DROP_TEMP_VIEW, "changing the schema is not allowed",
	  "DROP VIEW" },
	{ SQLITE_DROP_TRIGGER, "changing the schema is not allowed",
	  "DROP TRIGGER" },
	{ SQLITE_DROP_VIEW, "changing the schema is not allowed",
	  "DROP VIEW" },
	{ SQLITE_DROP_VTABLE, "changing the schema is not allowed",
	  "DROP VIRTUAL TABLE" },
	{ SQLITE_ALTER_TABLE, "changing the schema is not allowed",
	  "ALTER TABLE" },
	{ SQLITE_REINDEX, "changing the schema is not allowed", "REINDEX" },
	{ SQLITE_ANALYZE, "changing the schema is not allowed", "ANALYZE" },
	{ SQLITE_PRAGMA, "PRAGMA is not allowed", NULL },
	{ SQLITE_ATTACH, "ATTACH is not allowed", NULL },
	{ SQLITE_DETACH, "DETACH is not allowed", NULL },
	{ SQLITE_TRANSACTION, "transactions are not allowed", NULL },
	{ SQLITE_SAVEPOINT, "savepoints are not allowed", "SAVEPOINT" },
};

/* The statement's first keyword, by what it would do, for messages. */
static const struct guard_keyword {
	const char	*word;
	const char	*reason;
} guard_keywords[] = {
	{ "INSERT", "writing is not allowed" },
	{ "REPLACE", "writing is not allowed" },
	{ "UPDATE", "writing is not allowed" },
	{ "DELETE", "writing is not allowed" },
	{ "VACUUM", "writing is not allowed" },
	{ "CREATE", "changing the schema is not allowed" },
	{ "DROP", "changing the schema is not allowed" },
	{ "ALTER", "changing the schema is not allowed" },
	{ "REINDEX", "changing the schema is not allowed" },
	{ "ANALYZE", "changing the schema is not allowed" },
	{ "PRAGMA", "PRAGMA is not allowed" },
	{ "ATTACH", "ATTACH is not allowed" },
	{ "DETACH", "DETACH is not allowed" },
	{ "BEGIN", "transactions are not allowed" },
	{ "COMMIT", "transactions are not allowed" },
	{ "END", "transactions are not allowed" },
	{ "ROLLBACK", "transactions are not allowed" },
	{ "SAVEPOINT", "savepoints are not allowed" },
	{ "RELEASE", "savepoints are not allowed" },
	{ "EXPLAIN", "EXPLAIN is not allowed (use --explain)" },
};

/* One run of one statement. */
struct guard {
	const struct query	*q;
	const struct query_args	*a;
	const char		*sql;	/* from its first keyword on */
	char			*why;	/* the authorizer's first refusal */
	char			**stored; /* names of tables and modules */
	size_t			 nstored;
	double			 start;
	double			 seconds;
	bool			 timed_out;
	bool			 cancelled;
	unsigned		 ticks;
};

static int	guard_fail(const struct guard *, char **, const char *, ...)
		    CIB_PRINTF(3, 4);

void
sqlguard_set_deadline(double seconds)
{
	guard_seconds = seconds > 0 && isfinite(seconds) ? seconds :
	    SQLGUARD_SECONDS;
}

void
sqlguard_set_max_rows(size_t rows)
{
	guard_max_rows = rows > 0 ? rows : SQLGUARD_MAX_ROWS;
}

/*
 * Set *cause to "FILE:LINE:COL: sql: message", naming the query file and
 * the place of its sql: key when known, else the query's name. Returns -1.
 */
static int
guard_fail(const struct guard *g, char **cause, const char *fmt, ...)
{
	const struct query	*q = g->q;
	const char		*where = NULL;
	va_list			 ap;
	char			*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (q != NULL)
		where = q->file != NULL ? q->file : q->name;
	if (where != NULL && q->file != NULL && q->sql_pos.line > 0)
		set_cause(cause, "%s:%d:%d: sql: %s", where, q->sql_pos.line,
		    q->sql_pos.col, msg);
	else if (where != NULL)
		set_cause(cause, "%s: sql: %s", where, msg);
	else
		set_cause(cause, "sql: %s", msg);
	free(msg);
	return -1;
}

static bool
guard_has_prefix(const char *s, const char *prefix)
{
	for (; *prefix != '\0'; s++, prefix++) {
		if (ascii_tolower((unsigned char)*s) != *prefix)
			return false;
	}
	return true;
}

static bool
guard_listed(const char *const *list, size_t n, const char *name)
{
	size_t	i;

	if (name == NULL)
		return false;
	for (i = 0; i < n; i++) {
		if (ascii_strcasecmp(list[i], name) == 0)
			return true;
	}
	return false;
}

/*
 * Is name a stored table, view or module of this connection, or one of
 * SQLite's own? If not, a read of it with no database is a CTE's.
 */
static bool
guard_stored(const struct guard *g, const char *name)
{
	if (name == NULL || guard_has_prefix(name, "sqlite_") ||
	    guard_has_prefix(name, "pragma_"))
		return true;
	return guard_listed((const char *const *)g->stored, g->nstored, name);
}

static bool
guard_schema_table(const char *name)
{
	return name != NULL && (ascii_strcasecmp(name, "sqlite_master") == 0 ||
	    ascii_strcasecmp(name, "sqlite_schema") == 0 ||
	    ascii_strcasecmp(name, "sqlite_temp_master") == 0 ||
	    ascii_strcasecmp(name, "sqlite_temp_schema") == 0);
}

/*
 * Skip whitespace, semicolons and comments ("-- to the end of the line",
 * and block comments, an unterminated one running to the end as SQLite
 * reads it). Returns the first byte of anything else.
 */
static const char *
guard_skip_blank(const char *s)
{
	for (;;) {
		if (ascii_isspace((unsigned char)*s) || *s == ';')
			s++;
		else if (s[0] == '-' && s[1] == '-') {
			s += strcspn(s, "\n");
		} else if (s[0] == '/' && s[1] == '*') {
			const char *end = strstr(s + 2, "*/");

			s = end != NULL ? end + 2 : s + strlen(s);
		} else
			return s;
	}
}

/*
 * The first n keywords of the statement, upper-cased and separated by
 * spaces, into buf; empty when it does not start with a word.
 */
static void
guard_keywords_of(const char *sql, int n, char *buf, size_t len)
{
	const char	*s = guard_skip_blank(sql);
	size_t		 o = 0;

	buf[0] = '\0';
	while (n-- > 0) {
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
			break;
		if (o > 0 && o + 1 < len)
			buf[o++] = ' ';
		while (((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    *s == '_') && o + 1 < len)
			buf[o++] = (char)(*s++ & ~0x20);
		buf[o] = '\0';
		s = guard_skip_blank(s);
	}
}

/*
 * A refusal from the authorizer for a write to a schema table. SQLite
 * asks about those first for CREATE and DROP; a SELECT reaches them only
 * when it connects a table-valued function such as dbstat or
 * pragma_table_info. Say which, from the statement's own keywords.
 */
static char *
guard_schema_write(const struct guard *g)
{
	char	kw[64], first[16];

	guard_keywords_of(g->sql, 1, first, sizeof first);
	if (strcmp(first, "SELECT") == 0 || strcmp(first, "WITH") == 0 ||
	    strcmp(first, "VALUES") == 0)
		return xstrdup("table-valued functions other than json_each"
		    " and json_tree are not allowed");
	guard_keywords_of(g->sql, 3, kw, sizeof kw);
	if (strncmp(kw, "CREATE ", 7) != 0 && strncmp(kw, "DROP ", 5) != 0)
		guard_keywords_of(g->sql, 1, kw, sizeof kw);
	else if (strstr(kw, " TEMP") == NULL && strstr(kw, " UNIQUE") ==
	    NULL && strstr(kw, " VIRTUAL") == NULL)
		guard_keywords_of(g->sql, 2, kw, sizeof kw);
	return xasprintf("changing the schema is not allowed (%s)", kw);
}

/*
 * The authorizer. Allows SELECT, recursive CTEs, reads of guard_tables
 * and of CTEs and subqueries, and calls of guard_functions; refuses
 * everything else, keeping the first reason for the error message.
 */
static int
guard_authorize(void *arg, int code, const char *a1, const char *a2,
    const char *zdb, const char *inner)
{
	struct guard			*g = arg;
	const struct guard_action	*ga;
	const char			*detail;
	char				*why = NULL;
	size_t				 i;

	(void)inner;
	switch (code) {
	case SQLITE_SELECT:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_READ:
		if ((zdb == NULL || strcmp(zdb, "main") == 0) &&
		    guard_listed(guard_tables, nitems(guard_tables), a1))
			return SQLITE_OK;
		if (zdb == NULL && !guard_stored(g, a1))
			return SQLITE_OK;
		if (zdb == NULL || strcmp(zdb, "main") == 0)
			why = xasprintf("table %s is not readable", a1);
		else
			why = xasprintf("table %s.%s is not readable", zdb, a1);
		break;
	case SQLITE_FUNCTION:
		if (guard_listed(guard_functions, nitems(guard_functions), a2))
			return SQLITE_OK;
		why = xasprintf("function %s is not allowed", a2);
		break;
	case SQLITE_INSERT:
	case SQLITE_UPDATE:
	case SQLITE_DELETE:
		if (guard_schema_table(a1))
			why = guard_schema_write(g);
		break;
	}
	if (why == NULL) {
		for (i = 0; i < nitems(guard_actions); i++) {
			ga = &guard_actions[i];
			if (ga->code != code)
				continue;
			detail = ga->detail != NULL ? ga->detail : a1;
			if (detail != NULL)
				why = xasprintf("%s (%s)", ga->reason, detail);
			else
				why = xstrdup(ga->reason);
			break;
		}
	}
	if (why == NULL)
		why = xasprintf("this statement is not allowed (action %d)",
		    code);
	if (g->why == NULL)
		g->why = why;
	else
		free(why);
	return SQLITE_DENY;
}

/*
 * Stop the statement at the deadline, or when the caller's progress
 * callback asks to cancel. The callback sees milliseconds spent against
 * milliseconds allowed, since the work a statement will do is unknown.
 */
static int
guard_progress(void *arg)
{
	struct guard	*g = arg;
	double		 spent = clock_now() - g->start;

	if (spent >= g->seconds) {
		g->timed_out = true;
		return 1;
	}
	if (g->a != NULL && g->a->progress != NULL && ++g->ticks % 64 == 0 &&
	    g->a->progress(g->a->progress_arg, (uint64_t)(spent * 1000),
	    (uint64_t)(g->seconds * 1000)) != 0) {
		g->cancelled = true;
		return 1;
	}
	return 0;
}

/* Add the names sql returns to g->stored. */
static int
guard_names(sqlite3 *db, struct guard *g, const char *sql, char **cause)
{
	sqlite3_stmt	*st;
	const char	*name;
	int		 rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return guard_fail(g, cause, "cannot list the case's tables: %s",
		    sqlite3_errmsg(db));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(st, 0);
		if (name == NULL)
			continue;
		g->stored = xreallocarray(g->stored, g->nstored + 1,
		    sizeof *g->stored);
		g->stored[g->nstored++] = xstrdup(name);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return guard_fail(g, cause, "cannot list the case's tables: %s",
		    sqlite3_errmsg(db));
	return 0;
}

static void
guard_free(struct guard *g)
{
	size_t	i;

	for (i = 0; i < g->nstored; i++)
		free(g->stored[i]);
	free(g->stored);
	free(g->why);
}

/*
 * Open the case read-only on a new connection and fence it in. The path
 * comes from the main connection, which names the open file absolutely,
 * so a relative case path or one that looks like a URI cannot point
 * elsewhere. Returns the connection, or NULL with *cause set.
 */
static sqlite3 *
guard_open(struct case_db *c, struct guard *g, char **cause)
{
	const struct guard_config	*gc;
	sqlite3_stmt			*st;
	sqlite3				*db;
	const char			*path;
	char				*err = NULL;
	size_t				 i;
	int				 v;

	path = sqlite3_db_filename(c->db, "main");
	if (path == NULL || *path == '\0')
		path = c->path;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		guard_fail(g, cause, "cannot open the case %s read-only: %s",
		    c->path, db != NULL ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	for (i = 0; i < nitems(guard_configs); i++) {
		gc = &guard_configs[i];
		v = -1;
		if (sqlite3_db_config(db, gc->op, gc->value, &v) != SQLITE_OK ||
		    v != gc->value) {
			guard_fail(g, cause, "cannot set %s on the sandbox "
			    "connection", gc->name);
			sqlite3_close(db);
			return NULL;
		}
	}
	for (i = 0; i < nitems(guard_limits); i++)
		sqlite3_limit(db, guard_limits[i].id, guard_limits[i].value);
	sqlite3_busy_timeout(db, GUARD_BUSY_MS);

	/*
	 * Before the authorizer: read the schema now, so that a case that
	 * cannot be opened read-only (no -shm or -wal beside it) fails here
	 * with a clear message; and connect json_each and json_tree, whose
	 * first use on a connection looks to the authorizer like a write to
	 * sqlite_master.
	 */
	if (sqlite3_exec(db, "PRAGMA query_only = 1; "
	    "SELECT count(*) FROM sqlite_schema", NULL, NULL, &err) !=
	    SQLITE_OK) {
		guard_fail(g, cause, "cannot read the case %s on a read-only "
		    "connection: %s", c->path, err != NULL ? err :
		    sqlite3_errmsg(db));
		sqlite3_free(err);
		sqlite3_close(db);
		return NULL;
	}
	if (guard_names(db, g, "SELECT name FROM sqlite_schema", cause) != 0) {
		sqlite3_close(db);
		return NULL;
	}
	/* A build without module_list still has the prefix rules. */
	guard_names(db, g, "SELECT name FROM pragma_module_list", NULL);
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM json_each('[]'), "
	    "json_tree('[]')", -1, &st, NULL) != SQLITE_OK) {
		guard_fail(g, cause, "cannot prepare the sandbox: %s",
		    sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_finalize(st);
	if (regex_register(db, &err) != 0) {
		guard_fail(g, cause, "%s", err);
		free(err);
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_set_authorizer(db, guard_authorize, g);
	return db;
}

/* Where in the SQL text the last error was, as " (line L, column C)". */
static void
guard_error_place(sqlite3 *db, const char *sql, char *buf, size_t len)
{
	int	off = -1, line = 1, col = 1, i;

	buf[0] = '\0';
#if SQLITE_VERSION_NUMBER >= 3038000
	off = sqlite3_error_offset(db);
#else
	(void)db;
#endif
	if (off < 0 || (size_t)off > strlen(sql))
		return;
	for (i = 0; i < off; i++) {
		if (sql[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)sql[i] & 0xc0) != 0x80)
			col++;
	}
	snprintf(buf, len, " (line %d, column %d of the SQL)", line, col);
}

/*
 * Compile exactly one statement and check it may run: nothing but blanks
 * and comments after it, read-only, not EXPLAIN, and a SELECT (or WITH
 * ... SELECT, or VALUES). Returns the statement or NULL with *cause set.
 */
static sqlite3_stmt *
guard_prepare(sqlite3 *db, struct guard *g, char **cause)
{
	const struct guard_keyword	*gk;
	sqlite3_stmt			*st = NULL;
	const char			*tail = NULL;
	char				 place[64], kw[16];
	size_t				 i;
	int				 rc;

	rc = sqlite3_prepare_v3(db, g->sql, -1, 0, &st, &tail);
	if (rc != SQLITE_OK) {
		if (g->why != NULL)
			guard_fail(g, cause, "%s", g->why);
		else {
			guard_error_place(db, g->sql, place, sizeof place);
			guard_fail(g, cause, "%s%s", sqlite3_errmsg(db), place);
		}
		sqlite3_finalize(st);
		return NULL;
	}
	if (st == NULL) {
		guard_fail(g, cause, "there is no statement");
		return NULL;
	}
	if (tail != NULL && *guard_skip_blank(tail) != '\0') {
		guard_fail(g, cause, "only one statement is allowed (found "
		    "more after the first ';')");
		goto fail;
	}
	guard_keywords_of(g->sql, 1, kw, sizeof kw);
	if (!sqlite3_stmt_readonly(st) || sqlite3_stmt_isexplain(st) != 0 ||
	    (strcmp(kw, "SELECT") != 0 && strcmp(kw, "WITH") != 0 &&
	    strcmp(kw, "VALUES") != 0)) {
		for (i = 0; i < nitems(guard_keywords); i++) {
			gk = &guard_keywords[i];
			if (strcmp(gk->word, kw) != 0)
				continue;
			if (strchr(gk->reason, '(') != NULL)
				guard_fail(g, cause, "%s", gk->reason);
			else
				guard_fail(g, cause, "%s (%s)", gk->reason, kw);
			goto fail;
		}
		if (!sqlite3_stmt_readonly(st))
			guard_fail(g, cause, "writing is not allowed (%s)", kw);
		else
			guard_fail(g, cause, "only a SELECT is allowed (%s)",
			    kw);
		goto fail;
	}
	return st;

fail:
	sqlite3_finalize(st);
	return NULL;
}

static const struct query_param *
guard_find_param(const struct query *q, const char *name)
{
	size_t	i;

	for (i = 0; q != NULL && i < q->nparams; i++) {
		if (strcmp(q->params[i].name, name) == 0)
			return &q->params[i];
	}
	return NULL;
}

static bool
guard_find_arg(const struct query_args *a, const char *name)
{
	size_t	i;

	for (i = 0; a != NULL && i < a->nparams; i++) {
		if (strcmp(a->names[i], name) == 0)
			return true;
	}
	return false;
}

/* Bind one value by the parameter's declared type (text if undeclared). */
static int
guard_bind_one(sqlite3_stmt *st, int i, const struct guard *g,
    const char *pname, const struct query_param *p, const char *v,
    char **cause)
{
	int64_t	 n;
	double	 d;
	char	*end;

	switch (p != NULL ? p->type : QUERY_PARAM_STRING) {
	case QUERY_PARAM_INT:
		if (!parse_int64(v, &n))
			return guard_fail(g, cause, "parameter %s: \"%s\" "
			    "is not a whole number", pname, v);
		return sqlite3_bind_int64(st, i, n);
	case QUERY_PARAM_FLOAT:
		d = strtod(v, &end);
		if (*v == '\0' || *end != '\0' || !isfinite(d))
			return guard_fail(g, cause, "parameter %s: \"%s\" "
			    "is not a number", pname, v);
		return sqlite3_bind_double(st, i, d);
	case QUERY_PARAM_BOOL:
		if (ascii_strcasecmp(v, "true") == 0 ||
		    ascii_strcasecmp(v, "yes") == 0 || strcmp(v, "1") == 0)
			return sqlite3_bind_int(st, i, 1);
		if (ascii_strcasecmp(v, "false") == 0 ||
		    ascii_strcasecmp(v, "no") == 0 || strcmp(v, "0") == 0)
			return sqlite3_bind_int(st, i, 0);
		return guard_fail(g, cause, "parameter %s: \"%s\" is not true "
		    "or false", pname, v);
	default:
		return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	}
}

/*
 * Bind every parameter of the statement by name from the caller's
 * arguments and the query's defaults. Anonymous parameters ("?") and
 * names nobody declared are errors that name them.
 */
static int
guard_bind(sqlite3_stmt *st, const struct guard *g, char **cause)
{
	const struct query_param	*p;
	const char			*pname, *v;
	char				*ref;
	int				 i, n, rc;

	n = sqlite3_bind_parameter_count(st);
	for (i = 1; i <= n; i++) {
		pname = sqlite3_bind_parameter_name(st, i);
		if (pname == NULL)
			return guard_fail(g, cause, "parameter %d has no name "
			    "(write :name, $name or @name)", i);
		p = guard_find_param(g->q, pname + 1);
		if (p == NULL && !guard_find_arg(g->a, pname + 1))
			return guard_fail(g, cause, "unknown parameter %s "
			    "(declare it under params:)", pname);
		ref = xasprintf("$%s", pname + 1);
		v = g->q != NULL ? query_param_value(g->q, g->a, ref) : NULL;
		free(ref);
		if (v == NULL)
			return guard_fail(g, cause, "parameter %s has no value "
			    "(give --param %s=VALUE)", pname, pname + 1);
		rc = guard_bind_one(st, i, g, pname, p, v, cause);
		if (rc == -1)
			return -1;
		if (rc != SQLITE_OK)
			return guard_fail(g, cause, "parameter %s: %s", pname,
			    sqlite3_errstr(rc));
	}
	return 0;
}

/* Column index named name (ASCII case-insensitive), or -1. */
static int
guard_column(sqlite3_stmt *st, const char *name)
{
	const char	*cn;
	int		 i;

	for (i = 0; i < sqlite3_column_count(st); i++) {
		cn = sqlite3_column_name(st, i);
		if (cn != NULL && ascii_strcasecmp(cn, name) == 0)
			return i;
	}
	return -1;
}

static const char *
guard_type_name(int type)
{
	switch (type) {
	case SQLITE_NULL:
		return "NULL";
	case SQLITE_FLOAT:
		return "a real number";
	case SQLITE_TEXT:
		return "text";
	case SQLITE_BLOB:
		return "a blob";
	default:
		return "an integer";
	}
}

/* Why sqlite3_step() stopped with rc, as a message. */
static int
guard_step_error(sqlite3 *db, const struct guard *g, int rc, char **cause)
{
	if (g->timed_out)
		return guard_fail(g, cause, "stopped at the time limit for "
		    "raw SQL, %g s (too expensive; --sql-timeout sets the "
		    "limit)", g->seconds);
	if (g->cancelled)
		return guard_fail(g, cause, "cancelled");
	if (rc == SQLITE_TOOBIG)
		return guard_fail(g, cause, "a value grew over the length limit"
		    " of %d bytes (%s)", GUARD_VALUE_LENGTH,
		    sqlite3_errmsg(db));
	return guard_fail(g, cause, "%s", sqlite3_errmsg(db));
}

/* Step through the rows, collecting ids and evidence into r. */
static int
guard_collect(sqlite3 *db, sqlite3_stmt *st, struct guard *g,
    struct sqlguard_result *r, char **cause)
{
	const unsigned char	*text;
	size_t			 cap = 0, evbytes = 0;
	int			 idcol, evcol, rc, type;

	if ((idcol = guard_column(st, "id")) == -1)
		idcol = 0;
	evcol = guard_column(st, "evidence");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (r->n >= guard_max_rows)
			return guard_fail(g, cause, "more than %zu rows (add a "
			    "LIMIT or narrow the query)", guard_max_rows);
		type = sqlite3_column_type(st, idcol);
		if (type != SQLITE_INTEGER)
			return guard_fail(g, cause, "row %zu: column %s holds "
			    "%s, not an integer account id", r->n + 1,
			    sqlite3_column_name(st, idcol),
			    guard_type_name(type));
		if (r->n == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			r->ids = xreallocarray(r->ids, cap, sizeof *r->ids);
			r->evidence = xreallocarray(r->evidence, cap,
			    sizeof *r->evidence);
		}
		r->ids[r->n] = sqlite3_column_int64(st, idcol);
		r->evidence[r->n] = NULL;
		if (evcol != -1 &&
		    (text = sqlite3_column_text(st, evcol)) != NULL) {
			evbytes += (size_t)sqlite3_column_bytes(st, evcol);
			if (evbytes > SQLGUARD_MAX_EVIDENCE)
				return guard_fail(g, cause, "evidence text over"
				    " %d bytes in all (shorten it or add a"
				    " LIMIT)", SQLGUARD_MAX_EVIDENCE);
			r->evidence[r->n] = xstrdup((const char *)text);
		}
		r->n++;
	}
	if (rc != SQLITE_DONE)
		return guard_step_error(db, g, rc, cause);
	return 0;
}

int
sqlguard_run(struct case_db *c, const char *sql, const struct query *q,
    const struct query_args *a, struct sqlguard_result **out, char **cause)
{
	struct guard		 g;
	struct sqlguard_result	*r;
	sqlite3			*db;
	sqlite3_stmt		*st;
	int			 rc;

	*out = NULL;
	memset(&g, 0, sizeof g);
	g.q = q;
	g.a = a;
	g.seconds = guard_seconds;
	if (sql == NULL)
		return guard_fail(&g, cause, "there is no statement");
	if (strlen(sql) > GUARD_SQL_LENGTH)
		return guard_fail(&g, cause, "the SQL is longer than %d bytes",
		    GUARD_SQL_LENGTH);
	g.sql = guard_skip_blank(sql);
	if (*g.sql == '\0')
		return guard_fail(&g, cause, "there is no statement");

	if ((db = guard_open(c, &g, cause)) == NULL) {
		guard_free(&g);
		return -1;
	}
	if ((st = guard_prepare(db, &g, cause)) == NULL) {
		guard_free(&g);
		sqlite3_close(db);
		return -1;
	}
	r = xcalloc(1, sizeof *r);
	rc = guard_bind(st, &g, cause);
	if (rc == 0) {
		sqlite3_progress_handler(db, GUARD_PROGRESS_OPS,
		    guard_progress, &g);
		g.start = clock_now();
		rc = guard_collect(db, st, &g, r, cause);
		sqlite3_progress_handler(db, 0, NULL, NULL);
	}
	sqlite3_finalize(st);
	guard_free(&g);
	sqlite3_close(db);
	if (rc != 0) {
		sqlguard_result_free(r);
		return -1;
	}
	*out = r;
	return 0;
}

void
sqlguard_result_free(struct sqlguard_result *r)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		free(r->evidence[i]);
	free(r->evidence);
	free(r->ids);
	free(r);
}
