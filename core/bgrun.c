/*
 * bgrun.c: a query run in its own thread, on its own read connection.
 *
 * The thread does nothing but query_run(); everything it shares with the
 * caller is behind one mutex (ended, rc, cause) or atomic (stop). A stop
 * is seen by the connection's progress handler, which interrupts the
 * statement running, and by query_run()'s own progress callback, which
 * ends the work between statements.
 */
#include "config.h"
#include "bgrun.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "case.h"
#include "query.h"
#include "util.h"
#include "view.h"

struct bgrun {
	struct case_db		*c;
	struct query		*q;
	struct query_args	 args;
	char			**names, **values, **dirs;
	int64_t			*seeds;

	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	bool			 ended;		/* under lock */
	int			 rc;		/* under lock, once ended */
	char			*cause;		/* under lock, once ended */
	struct query_result	*r;		/* the run's, once ended */
	atomic_bool		 stop;
};

static char **
strings_copy(const char *const *v, size_t n)
{
	char	**out;
	size_t	  i;

	if (n == 0)
		return NULL;
	out = xcalloc(n, sizeof *out);
	for (i = 0; i < n; i++)
		out[i] = xstrdup(v[i] != NULL ? v[i] : "");
	return out;
}

static void
strings_free(char **v, size_t n)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The connection's progress handler: non-zero interrupts a statement. */
static int
watch(void *arg)
{
	struct bgrun	*b = arg;

	return atomic_load(&b->stop) ? 1 : 0;
}

static int
progress(void *arg, uint64_t done, uint64_t total)
{
	(void)done;
	(void)total;
	return watch(arg);
}

static void *
run(void *arg)
{
	struct bgrun	*b = arg;
	char		*cause = NULL;
	int		 rc;

	rc = query_run(b->c, b->q, &b->args, &b->r, &cause);
	if (rc != 0 && atomic_load(&b->stop)) {
		free(cause);
		cause = xstrdup("cancelled");
	}
	pthread_mutex_lock(&b->lock);
	b->rc = rc;
	b->cause = cause;
	b->ended = true;
	pthread_cond_broadcast(&b->cond);
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

static void
release(struct bgrun *b)
{
	if (b->r != NULL)
		query_result_free(b->c, b->r);
	if (b->c != NULL) {
		view_watch(b->c, NULL, NULL);
		case_close(b->c);
	}
	query_free(b->q);
	strings_free(b->names, b->args.nparams);
	strings_free(b->values, b->args.nparams);
	strings_free(b->dirs, b->args.nquery_dirs);
	free(b->seeds);
	free(b->cause);
	free(b);
}

struct bgrun *
bgrun_start(const char *path, struct query *q, const struct query_args *args,
    char **cause)
{
	struct bgrun	*b;
	int		 err;

	b = xcalloc(1, sizeof *b);
	b->q = q;
	atomic_init(&b->stop, false);
	if (args != NULL) {
		b->names = strings_copy(args->names, args->nparams);
		b->values = strings_copy(args->values, args->nparams);
		b->args.nparams = args->nparams;
		b->dirs = strings_copy(args->query_dirs, args->nquery_dirs);
		b->args.nquery_dirs = args->nquery_dirs;
		if (args->nseeds > 0) {
			b->seeds = xcalloc(args->nseeds, sizeof *b->seeds);
			memcpy(b->seeds, args->seeds, args->nseeds *
			    sizeof *b->seeds);
			b->args.nseeds = args->nseeds;
		}
	}
	b->args.names = (const char *const *)b->names;
	b->args.values = (const char *const *)b->values;
	b->args.query_dirs = (const char *const *)b->dirs;
	b->args.seeds = b->seeds;
	b->args.progress = progress;
	b->args.progress_arg = b;

	if (path == NULL || *path == '\0' || strcmp(path, ":memory:") == 0) {
		set_cause(cause, "the case cannot be opened a second time");
		goto fail;
	}
	if ((b->c = case_open(path, CASE_OPEN_READONLY, cause)) == NULL)
		goto fail;
	view_watch(b->c, watch, b);
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->cond, NULL);
	if ((err = pthread_create(&b->thread, NULL, run, b)) != 0) {
		set_cause(cause, "cannot start a thread: %s", strerror(err));
		pthread_cond_destroy(&b->cond);
		pthread_mutex_destroy(&b->lock);
		goto fail;
	}
	return b;

fail:
	b->q = NULL;		/* still the caller's */
	release(b);
	return NULL;
}

bool
bgrun_wait(struct bgrun *b, double seconds)
{
	struct timespec	ts;
	bool		ended;
	long		ns;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (seconds < 0)
		seconds = 0;
	ts.tv_sec += (time_t)seconds;
	ns = ts.tv_nsec + (long)((seconds - (double)(time_t)seconds) * 1e9);
	ts.tv_sec += ns / 1000000000L;
	ts.tv_nsec = ns % 1000000000L;
	pthread_mutex_lock(&b->lock);
	while (!b->ended) {
		if (pthread_cond_timedwait(&b->cond, &b->lock, &ts) ==
		    ETIMEDOUT)
			break;
	}
	ended = b->ended;
	pthread_mutex_unlock(&b->lock);
	return ended;
}

int
bgrun_result(struct bgrun *b, struct case_db **c,
    const struct query_result **r, char **cause)
{
	int	rc;

	pthread_mutex_lock(&b->lock);
	if (!b->ended)
		rc = set_cause(cause, "the query is still running");
	else if (b->rc != 0)
		rc = set_cause(cause, "%s", b->cause != NULL ? b->cause :
		    "the query failed");
	else {
		*c = b->c;
		*r = b->r;
		rc = 0;
	}
	pthread_mutex_unlock(&b->lock);
	return rc;
}

void
bgrun_cancel(struct bgrun *b)
{
	atomic_store(&b->stop, true);
}

void
bgrun_free(struct bgrun *b)
{
	if (b == NULL)
		return;
	bgrun_cancel(b);
	pthread_join(b->thread, NULL);
	pthread_cond_destroy(&b->cond);
	pthread_mutex_destroy(&b->lock);
	release(b);
}
