/*
 * query.h: one query model for everything an investigator asks of a case.
 *
 * A query is a small tree: where its accounts come FROM, a PIVOT over
 * shared attributes, WHERE conditions, a GROUP step, a COORDINATION step,
 * a TIMING filter, then ORDER and LIMIT. It is built by the YAML loader
 * (query_load_file, query_yaml.c), by the screen, or by the command line;
 * checked by query_check(); and run by query_run() (query_run.c), which
 * compiles each step to SQL with bound parameters (account data is never
 * pasted into SQL text) or to a C pass (coordination), and materializes the
 * result as a temporary table of account ids with an ordinal. Pages of a
 * result are read by ordinal range, never by OFFSET.
 *
 * Strings in the tree are malloc'd and owned by the tree; query_free()
 * frees all of it. Any scalar may be a parameter reference "$name", bound
 * when the query runs from the query's params (with their defaults) and
 * the caller's arguments; its type is checked then.
 *
 * A raw `sql:` query replaces every step but FROM, ORDER and LIMIT; it runs
 * on a separate read-only, sandboxed connection (sqlguard.h).
 *
 * Each node records the line and column it came from (0 when built by the
 * program), so errors found by query_check() or query_run() still point
 * into the file: "FILE:LINE:COL: message".
 */
#ifndef CIB_QUERY_H
#define CIB_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct case_db;
struct query_args;

struct query_pos {
	int	line;
	int	col;
};

enum query_from {
	QUERY_FROM_ALL,		/* every account in the case */
	QUERY_FROM_SELECTION,	/* the caller's selection or seed ids */
	QUERY_FROM_NETWORK,	/* members of a saved network (from_arg) */
	QUERY_FROM_QUERY,	/* the result of another saved query */
};

enum query_op {
	QUERY_OP_EQUALS,	/* values[0] */
	QUERY_OP_IN,		/* any of values[] */
	QUERY_OP_PREFIX,	/* values[0] */
	QUERY_OP_REGEX,		/* values[0], pcre2 */
	QUERY_OP_RANGE,		/* min and/or max (numbers or dates) */
	QUERY_OP_EXISTS,	/* the field is set / the kind is present */
	QUERY_OP_MISSING,
};

/* One WHERE condition, on an account field or on an attribute kind. */
struct query_cond {
	char			*field;		/* accounts column, or NULL */
	char			*kind;		/* attribute kind, or NULL */
	enum query_op		 op;
	bool			 negate;	/* `not: true` */
	char			**values;
	size_t			 nvalues;
	char			*min;		/* inclusive; NULL = open */
	char			*max;		/* inclusive; NULL = open */
	struct query_pos	 pos;
};

struct query_pivot {
	char			**kinds;	/* at least one */
	size_t			 nkinds;
	char			*hops;		/* integer 1..5, default "1" */
	char			*max_share;	/* integer, default "50" */
	/* Perceptual-hash kinds (normalize.h) among kinds match within this
	 * many bits (0..HAMMING_MAX_K), or exactly when NULL. */
	char			*within;
	/* Also follow posts at least this similar (0..1), or NULL. kinds
	 * may then be empty. */
	char			*similar_text;
	struct query_pos	 pos;
};

/*
 * Group accounts by a key. max_span keeps only groups whose members were
 * made together: the central 80% of the members with a creation date (all
 * of them below 10) were created within that many days of each other, so
 * a few members that joined the group by chance do not hide a batch.
 */
#define GROUP_MAX_SPAN_DAYS	36600
struct query_group {
	char			*field;		/* accounts column, or NULL */
	char			*kind;		/* attribute kind, or NULL */
	char			*regex;		/* rewrite the key: pattern */
	char			*replace;	/* ... and replacement */
	char			*min_size;	/* integer, default "2" */
	char			*max_span;	/* days, or NULL: no limit */
	struct query_pos	 pos;
};

enum query_coord_kind {
	QUERY_COORD_POST,	/* identical normalized text */
	QUERY_COORD_LINK,	/* same normalized URL */
	QUERY_COORD_REPOST,	/* reposts of the same message */
	QUERY_COORD_REPLY,	/* replies to the same message */
	QUERY_COORD_SIMILAR,	/* near-identical text (coord.h) */
};

/* "co-post", "co-link", "co-repost", "co-reply", "co-similar". */
extern const char *const query_coord_names[QUERY_COORD_SIMILAR + 1];
/* The names the canonical form writes for FROM kinds and operators. */
extern const char *const query_from_names[QUERY_FROM_QUERY + 1];
extern const char *const query_op_names[QUERY_OP_MISSING + 1];

struct query_coord {
	enum query_coord_kind	 kind;
	char			*window;	/* seconds, default "60" */
	char			*min_weight;	/* default "2" */
	char			*threshold;	/* co-similar: 0..1, "0.8" */
	struct query_pos	 pos;
};

/* Keep accounts by when they were made or when they post. */
struct query_timing {
	bool			 burst;		/* created in a flagged burst */
	char			*unit;		/* "hour" or "day" for bursts */
	char			*tz;		/* posting hours: "+03:00" */
	char			*hours;		/* "22-06": local hours window */
	char			*min_share;	/* share of posts inside, 0..1 */
	char			*min_posts;	/* posts needed to judge */
	struct query_pos	 pos;
};

enum query_param_type {
	QUERY_PARAM_STRING,
	QUERY_PARAM_INT,
	QUERY_PARAM_FLOAT,
	QUERY_PARAM_BOOL,
	QUERY_PARAM_DATE,
	QUERY_PARAM_REGEX,
	QUERY_PARAM_KINDS,	/* a list of attribute kinds, comma separated */
};

struct query_param {
	char			*name;
	enum query_param_type	 type;
	char			*def;		/* default, or NULL = required */
	char			*help;
	struct query_pos	 pos;
};

struct query_order {
	char			*field;		/* accounts column or "evidence" */
	bool			 desc;
};

struct query {
	char			 *file;		/* where it was loaded from */
	char			 *name;		/* required for saved queries */
	char			 *title;
	char			 *description;
	char			**tags;
	size_t			  ntags;

	struct query_param	 *params;
	size_t			  nparams;

	enum query_from		  from;
	char			 *from_arg;	/* network or query name */
	struct query_pos	  from_pos;

	struct query_pivot	 *pivot;	/* NULL when absent */
	struct query_cond	 *where;
	size_t			  nwhere;
	struct query_group	 *group;
	struct query_coord	 *coord;
	struct query_timing	 *timing;

	struct query_order	 *order;
	size_t			  norder;
	char			 *limit;	/* NULL = no limit */

	char			 *sql;		/* raw SQL for experts */
	struct query_pos	  sql_pos;
};

/* Account fields a query may name, with their SQL types. */
bool		 query_field_known(const char *field, bool *numeric);

struct query	*query_new(void);
void		 query_free(struct query *);

/* query_yaml.c: load a saved query. Errors are "FILE:LINE:COL: message".
 * Files over QUERY_MAX_FILE bytes are refused. */
#define QUERY_MAX_FILE	(256 * 1024)
struct query	*query_load_file(const char *path, char **cause);
struct query	*query_load_string(const char *text, size_t len,
		     const char *name, char **cause);

/* Static checks that need no case: required parts, known fields, sane
 * combinations, parameter references that name declared params. */
int		 query_check(const struct query *, char **cause);

/* The value a scalar stands for when run with args: a "$name" reference
 * becomes the caller's value or the parameter's default; anything else is
 * itself. NULL for NULL, and for a parameter with no value and no
 * default. */
const char	*query_param_value(const struct query *,
		     const struct query_args *, const char *scalar);

/* The query in canonical form (stable key order, parameters bound),
 * as one line of JSON for the audit trail. malloc'd. */
char		*query_canonical(const struct query *,
		     const struct query_args *);

/* ---- running -------------------------------------------------------- */

struct query_args {
	const char	*const *names;	/* --param name=value pairs */
	const char	*const *values;
	size_t		 nparams;
	const int64_t	*seeds;		/* account ids for FROM selection */
	size_t		 nseeds;
	/* Directories searched for FROM query NAME (query_path.h). */
	const char	*const *query_dirs;
	size_t		 nquery_dirs;
	/* Called with (done, total) as work proceeds; returning non-zero
	 * cancels the run, which then fails with "cancelled". */
	int		(*progress)(void *arg, uint64_t done, uint64_t total);
	void		*progress_arg;
};

/* A value that linked too many accounts and was skipped in a pivot. */
struct query_hub {
	char		*kind;
	char		*value;
	int64_t		 accounts;
};

struct query_result {
	char		*table;		/* temp table: ord, id, evidence */
	int64_t		 count;		/* rows, ord 1..count */
	struct query_hub *hubs;
	size_t		 nhubs;
	char		*canonical;	/* what ran, for the audit trail */
};

/* Run a query. On success *out holds the materialized result; the temp
 * table lives on the case's connection until query_result_free(). */
int		 query_run(struct case_db *, const struct query *,
		     const struct query_args *, struct query_result **out,
		     char **cause);
void		 query_result_free(struct case_db *, struct query_result *);

/* Print the SQL of each step and SQLite's plan for it. */
int		 query_explain(FILE *, struct case_db *, const struct query *,
		     const struct query_args *, char **cause);

#endif
