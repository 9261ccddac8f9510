/*
 * sqlguard.h: run raw SQL from a query file without trusting it.
 *
 * Query files come from other people. Their `sql:` runs on a separate
 * connection to the case, opened read-only, with SQLITE_DBCONFIG_DEFENSIVE
 * on, TRUSTED_SCHEMA off, extension loading off, no ATTACH
 * (SQLITE_LIMIT_ATTACHED 0), length, column, expression-depth and VDBE-op
 * limits, and an authorizer that allows only SELECT, reads of the case's
 * tables and calls of an approved list of functions. Exactly one statement
 * is allowed (a non-blank tail is refused), sqlite3_stmt_readonly() must
 * hold, and a progress handler stops the statement at a deadline
 * (SQLGUARD_SECONDS). The case file is never changed, and no file is
 * created.
 *
 * The statement's first column (or the column named "id") is an account
 * id; a column named "evidence", if present, is kept as that account's
 * evidence text. Parameters in the SQL (":name", "$name", "@name") are
 * bound from the query's params and the caller's --param values; the
 * regexp() functions are available.
 *
 * Errors name the query file and say what was refused and why, e.g.
 * "q.yaml:12:3: sql: writing is not allowed (INSERT)".
 *
 * Readable: the case tables (accounts, attributes, attribute_stats, posts,
 * post_urls, networks, network_members, audit, planted, case_info), CTEs,
 * subqueries, and json_each()/json_tree(). Not readable: sqlite_master
 * and the other schema tables, dbstat and the pragma_* functions. The
 * approved functions are listed in sqlguard.c; printf, format,
 * load_extension, zeroblob and randomblob are not among them.
 *
 * A run that reaches the deadline fails with "stopped at the time limit
 * for raw SQL, N s (too expensive; --sql-timeout sets the limit)"; more than the row cap of rows, or more than
 * SQLGUARD_MAX_EVIDENCE bytes of evidence, is an error, never a silently
 * cut result. The caller's query_args progress callback, if any, is
 * called now and then with (milliseconds spent, milliseconds allowed);
 * returning non-zero cancels the run ("cancelled").
 *
 * On success *out holds the rows in the statement's order (free with
 * sqlguard_result_free()); on failure *out is NULL and *cause is set.
 */
#ifndef CIB_SQLGUARD_H
#define CIB_SQLGUARD_H

#include <stddef.h>
#include <stdint.h>

struct case_db;
struct query;
struct query_args;

#define SQLGUARD_SECONDS	10
#define SQLGUARD_MAX_ROWS	(16 * 1024 * 1024)
/* Evidence text kept from one run, in bytes, all rows together. */
#define SQLGUARD_MAX_EVIDENCE	(256 * 1024 * 1024)

struct sqlguard_result {
	int64_t	 *ids;
	char	**evidence;	/* per row; NULL entries allowed */
	size_t	  n;
};

int	sqlguard_run(struct case_db *, const char *sql, const struct query *,
	    const struct query_args *, struct sqlguard_result **out,
	    char **cause);
void	sqlguard_result_free(struct sqlguard_result *);

/*
 * Change the deadline (in seconds) or the row cap for later runs; 0
 * restores SQLGUARD_SECONDS or SQLGUARD_MAX_ROWS. Process-wide, for tests
 * and for callers that want a tighter budget; set them before running.
 */
void	sqlguard_set_deadline(double seconds);
void	sqlguard_set_max_rows(size_t rows);

#endif
