/*
 * bgrun.h: a query run in a thread of its own, on a read connection of
 * its own, so that the thread that started it (the screen's) stays free
 * to answer keys.
 *
 * bgrun_start() opens the case file a second time, read-only, and runs
 * the query there in a new thread. The caller then waits for it in
 * slices (bgrun_wait()), doing other work in between; bgrun_result()
 * hands over the result once the run has ended. bgrun_free() at any
 * time stops a run still going (its statement is interrupted within a
 * few thousand SQLite steps) and waits for the thread to end.
 *
 * The result lives on the run's own connection (its temporary tables
 * are that connection's): read it through the case_db bgrun_result()
 * gives, from one thread at a time, until bgrun_free().
 *
 * A case that cannot be opened twice (an in-memory database, a file
 * gone since) makes bgrun_start() fail; the caller can then run the
 * query on its own connection instead.
 *
 * Errors follow util.h: NULL or -1 with a malloc'd *cause.
 */
#ifndef CIB_BGRUN_H
#define CIB_BGRUN_H

#include <stdbool.h>

struct case_db;
struct query;
struct query_args;
struct query_result;

struct bgrun;

/* Start q with a copy of args; args' progress callback is not used (the
 * run has its own). On success the run owns q and frees it; on failure
 * q is still the caller's. */
struct bgrun	*bgrun_start(const char *path, struct query *q,
		     const struct query_args *args, char **cause);

/* Wait up to seconds for the run to end. true once it has ended. */
bool		 bgrun_wait(struct bgrun *, double seconds);

/* Once ended: 0 with the run's connection and its result, or -1 with
 * the run's error ("cancelled" after bgrun_cancel()). Both stay the
 * run's; *cause is the caller's. */
int		 bgrun_result(struct bgrun *, struct case_db **,
		     const struct query_result **, char **cause);

/* Ask the run to stop; it ends soon with "cancelled". */
void		 bgrun_cancel(struct bgrun *);

/* Stop the run if it is still going, wait for its thread, free all. */
void		 bgrun_free(struct bgrun *);

#endif
