/*
 * query_pg.h: a saved query compiled to PostgreSQL, for a warehouse that
 * holds the case's tables (accounts, attributes, attribute_stats, posts,
 * post_urls) under the same names and columns.
 *
 * query_pg_compile() turns the structured steps of a query (FROM all, a
 * selection or another saved query; a pivot with hops and max_share;
 * WHERE conditions; a GROUP step; a TIMING filter on posting hours; ORDER
 * and LIMIT) into one SELECT that
 * returns (account_id, ord), ord 1.. in the order `cibscope query` gives
 * on a case holding the same rows. Every value from the query, its
 * parameters and the seeds is a bound parameter ($1, $2 ...) sent as
 * text and cast in the SQL; nothing from data is pasted into the text.
 *
 * Refused, with "FILE:LINE:COL: message": raw `sql:` (written for
 * SQLite and its sandbox), FROM network (networks live in the case),
 * coordination and creation bursts (computed in C by cibscope), and regular
 * expressions that PostgreSQL's ARE dialect cannot say the same way
 * (query_pg_regex()).
 *
 * This module knows nothing of libpq: it only writes text. Memory: the
 * result is malloc'd and freed with query_pg_free(). Errors follow
 * util.h: -1 with a malloc'd *cause.
 */
#ifndef CIB_QUERY_PG_H
#define CIB_QUERY_PG_H

#include <stddef.h>

struct query;
struct query_args;

struct query_pg {
	char	 *sql;		/* one SELECT of (account_id, ord) */
	char	**params;	/* $1..$n as text; a NULL entry is SQL NULL */
	size_t	  nparams;
	char	 *schema;	/* the schema prefix used, or NULL */
};

/* Is s a schema name we accept: [A-Za-z_][A-Za-z0-9_]{0,62}? */
int		 query_pg_schema_valid(const char *s);

/* A table of the warehouse: "schema".name or name. malloc'd. */
char		*query_pg_table(const char *schema, const char *name);

/*
 * Compile q with the parameters and seed ids of a (as query_run() reads
 * them). schema, if not NULL, prefixes every table.
 */
int		 query_pg_compile(const struct query *q,
		     const struct query_args *a, const char *schema,
		     struct query_pg **out, char **cause);
void		 query_pg_free(struct query_pg *);

/*
 * Translate a PCRE2 pattern (the dialect of regexp()) to a PostgreSQL
 * ARE with the same matches, into a malloc'd *out. replace is set when
 * the pattern rewrites text (group regex), where lazy quantifiers are
 * refused. Returns -1 with *cause ("what does not map") when a construct
 * has no equivalent.
 */
int		 query_pg_regex(const char *pattern, int replace, char **out,
		     char **cause);

/* A PCRE2 replacement ($1, ${1}, $$) as regexp_replace() wants it
 * (\1, a doubled backslash). -1 with *cause when it does not map. */
int		 query_pg_replacement(const char *repl, char **out,
		     char **cause);

#endif
