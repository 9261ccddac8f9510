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
 */
#ifndef CIB_SQLGUARD_H
#define CIB_SQLGUARD_H

#include <stddef.h>
#include <stdint.h>

struct case_db;
struct query;
struct query_args;

#define SQLGUARD_SECONDS	30
#define SQLGUARD_MAX_ROWS	(16 * 1024 * 1024)

struct sqlguard_result {
	int64_t	 *ids;
	char	**evidence;	/* per row; NULL entries allowed */
	size_t	  n;
};

int	sqlguard_run(struct case_db *, const char *sql, const struct query *,
	    const struct query_args *, struct sqlguard_result **out,
	    char **cause);
void	sqlguard_result_free(struct sqlguard_result *);

#endif
