/*
 * bgrun.h: work on a case done in a thread of its own, on a read
 * connection of its own, so that the thread that started it (the
 * screen's) stays free to answer keys.
 *
 * bgrun_start() opens the case file a second time, read-only, and calls
 * fn(connection, arg, run, cause) in a new thread. The caller then waits
 * for it in slices (bgrun_wait()), doing other work in between, and
 * reads what fn left in arg once bgrun_status() says it ended well.
 * bgrun_free() at any time stops a run still going and waits for its
 * thread to end: a stop interrupts the statement running (within a few
 * thousand SQLite steps) and fn, which should poll bgrun_stopped() from
 * its progress callbacks, returns early; the run then fails with
 * "cancelled".
 *
 * bgrun_query_start() is such a run for a saved query. Its result lives
 * on the run's own connection (temporary tables are the connection's):
 * read it through bgrun_case(), from one thread at a time, until
 * bgrun_free(), which frees it.
 *
 * A case that cannot be opened twice (an in-memory database, a file
 * gone since) makes the start fail; the caller can then do the work on
 * its own connection instead.
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

/* fn's return and *cause follow util.h. arg stays the caller's. */
typedef int	(*bgrun_fn)(struct case_db *, void *arg, struct bgrun *,
		    char **cause);

struct bgrun	*bgrun_start(const char *path, bgrun_fn fn, void *arg,
		     char **cause);

/* Inside fn: true once the run was asked to stop. */
bool		 bgrun_stopped(struct bgrun *);

/* Wait up to seconds for the run to end. true once it has ended. */
bool		 bgrun_wait(struct bgrun *, double seconds);

/* Once ended: 0 when fn succeeded, else -1 with its error ("cancelled"
 * after a stop). */
int		 bgrun_status(struct bgrun *, char **cause);

/* The run's connection. */
struct case_db	*bgrun_case(struct bgrun *);

/* Ask the run to stop; it ends soon. */
void		 bgrun_cancel(struct bgrun *);

/* Stop the run if it is still going, wait for its thread, free it. */
void		 bgrun_free(struct bgrun *);

/*
 * Run q with a copy of args (their progress callback is not used: the
 * run has its own). On success the run owns q and frees it; on failure
 * q is still the caller's. bgrun_query_result() gives the result once
 * the run ended well, NULL before.
 */
struct bgrun	*bgrun_query_start(const char *path, struct query *q,
		     const struct query_args *args, char **cause);
const struct query_result *bgrun_query_result(struct bgrun *);

#endif
