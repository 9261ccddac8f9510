/*
 * extract.h: bring the accounts a saved query finds in a PostgreSQL
 * warehouse into a case.
 *
 * extract_run() connects with libpq (this module is the only one that
 * does), checks that the warehouse has the tables and columns it reads,
 * resolves the seeds, compiles the query (query_pg.h) and runs it inside
 * one read-only REPEATABLE READ transaction, so every batch sees the same
 * snapshot. The matching accounts are read through a cursor, opts->batch
 * rows at a time; for each batch of accounts their attributes and their
 * posts (with post_urls) are read through cursors of their own. Nothing
 * is held in memory beyond one batch. The caller hears of each batch
 * (on_progress) and may cancel at any time, also while the server is
 * still running the query.
 *
 * Rows go into the case through one ingest session (ingest.h): one write
 * transaction holding the accounts, attributes, posts, attribute_stats
 * brought up to date, an "extract" audit row (the server without its
 * password, the schema, the query in canonical form, the compiled SQL,
 * its parameters and the counts) and the session's "import" row. Any
 * failure, on either side, rolls all of it back: the case is left as it
 * was.
 *
 * Errors follow util.h: -1 with a malloc'd *cause. Errors on the
 * warehouse's side read "SERVER: what is wrong", SERVER as
 * extract_server_label() gives it.
 */
#ifndef CIB_EXTRACT_H
#define CIB_EXTRACT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

struct case_db;
struct query;
struct query_args;

/* Rows per fetch, unless the caller says otherwise. */
#define EXTRACT_BATCH		1000
#define EXTRACT_MAX_BATCH	1000000

struct extract_stats;

struct extract_opts {
	const char		*conninfo;	/* postgresql://... or k=v */
	const char		*schema;	/* table prefix, or NULL */
	const struct query	*query;
	/* Parameters and query dirs as for query_run(); seeds are ignored
	 * here: give them as seed_refs. */
	const struct query_args	*args;
	/* Warehouse accounts to start from: an id, PLATFORM:NATIVE_ID or
	 * @handle, each resolved on the server. */
	const char *const	*seed_refs;
	size_t			 nseed_refs;
	int64_t			 batch;		/* 0: EXTRACT_BATCH */
	/* Set (e.g. from a signal handler) to stop: the statement running
	 * on the server is cancelled at once and the case is left as it
	 * was. */
	volatile sig_atomic_t	*cancel;
	/* Called after each batch, with the counts so far. */
	void			(*on_progress)(void *arg,
				    const struct extract_stats *);
	void			*arg;
};

struct extract_stats {
	int64_t	accounts;	/* rows read from the warehouse */
	int64_t	attributes;
	int64_t	posts;
	int64_t	accounts_new;	/* of which new to the case */
};

int	extract_run(struct case_db *, const struct extract_opts *,
	    struct extract_stats *, char **cause);

/*
 * "postgresql://USER@HOST:PORT/DBNAME" for a connection string, with no
 * password whatever the string holds; HOST may be a socket directory.
 * Parts not given are left out. malloc'd; NULL with *cause when the
 * string does not parse.
 */
char	*extract_server_label(const char *conninfo, char **cause);

#endif
