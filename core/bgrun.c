/*
 * bgrun.c: work on a case in its own thread, on its own read connection.
 *
 * The thread only calls fn; everything it shares with the caller is
 * behind one mutex (ended, rc, cause) or atomic (stop). A stop is seen
 * by the connection's progress handler, which interrupts the statement
 * running, and by fn through bgrun_stopped().
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
	bgrun_fn		 fn;
	void			*arg;
	/* Frees what the run owns, on its connection, before it closes. */
	void			(*cleanup)(struct bgrun *);

	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	bool			 ended;		/* under lock */
	int			 rc;		/* under lock, once ended */
	char			*cause;		/* under lock, once ended */
	atomic_bool		 stop;
};

/* The connection's progress handler: non-zero interrupts a statement. */
static int
watch(void *arg)
{
	return bgrun_stopped(arg) ? 1 : 0;
}

static void *
run(void *arg)
{
	struct bgrun	*b = arg;
	char		*cause = NULL;
	int		 rc;

	rc = b->fn(b->c, b->arg, b, &cause);
	if (rc != 0 && bgrun_stopped(b)) {
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
	if (b->cleanup != NULL)
		b->cleanup(b);
	if (b->c != NULL) {
		view_watch(b->c, NULL, NULL);
		case_close(b->c);
	}
	free(b->cause);
	free(b);
}

/* Open the second connection and start the thread; release b on
 * failure (its cleanup is not set yet). */
static struct bgrun *
start(struct bgrun *b, const char *path, char **cause)
{
	int	err;

	atomic_init(&b->stop, false);
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
	release(b);
	return NULL;
}

struct bgrun *
bgrun_start(const char *path, bgrun_fn fn, void *arg, char **cause)
{
	struct bgrun	*b = xcalloc(1, sizeof *b);

	b->fn = fn;
	b->arg = arg;
	return start(b, path, cause);
}

bool
bgrun_stopped(struct bgrun *b)
{
	return atomic_load(&b->stop);
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
bgrun_status(struct bgrun *b, char **cause)
{
	int	rc;

	pthread_mutex_lock(&b->lock);
	if (!b->ended)
		rc = set_cause(cause, "still running");
	else if (b->rc != 0)
		rc = set_cause(cause, "%s", b->cause != NULL ? b->cause :
		    "failed");
	else
		rc = 0;
	pthread_mutex_unlock(&b->lock);
	return rc;
}

struct case_db *
bgrun_case(struct bgrun *b)
{
	return b->c;
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

/* ---- a saved query --------------------------------------------------- */

struct query_task {
	struct query		*q;
	struct query_args	 args;
	char			**names, **values, **dirs;
	int64_t			*seeds;
	struct query_result	*r;		/* once ended well */
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

static void
task_free(struct query_task *t, struct case_db *c)
{
	if (t->r != NULL)
		query_result_free(c, t->r);
	query_free(t->q);
	strings_free(t->names, t->args.nparams);
	strings_free(t->values, t->args.nparams);
	strings_free(t->dirs, t->args.nquery_dirs);
	free(t->seeds);
	free(t);
}

static void
query_cleanup(struct bgrun *b)
{
	task_free(b->arg, b->c);
}

static int
query_progress(void *arg, uint64_t done, uint64_t total)
{
	(void)done;
	(void)total;
	return bgrun_stopped(arg) ? 1 : 0;
}

static int
query_fn(struct case_db *c, void *arg, struct bgrun *b, char **cause)
{
	struct query_task	*t = arg;

	t->args.progress = query_progress;
	t->args.progress_arg = b;
	return query_run(c, t->q, &t->args, &t->r, cause);
}

struct bgrun *
bgrun_query_start(const char *path, struct query *q,
    const struct query_args *args, char **cause)
{
	struct query_task	*t = xcalloc(1, sizeof *t);
	struct bgrun		*b = xcalloc(1, sizeof *b);

	if (args != NULL) {
		t->names = strings_copy(args->names, args->nparams);
		t->values = strings_copy(args->values, args->nparams);
		t->args.nparams = args->nparams;
		t->dirs = strings_copy(args->query_dirs, args->nquery_dirs);
		t->args.nquery_dirs = args->nquery_dirs;
		if (args->nseeds > 0) {
			t->seeds = xcalloc(args->nseeds, sizeof *t->seeds);
			memcpy(t->seeds, args->seeds, args->nseeds *
			    sizeof *t->seeds);
			t->args.nseeds = args->nseeds;
		}
	}
	t->args.names = (const char *const *)t->names;
	t->args.values = (const char *const *)t->values;
	t->args.query_dirs = (const char *const *)t->dirs;
	t->args.seeds = t->seeds;
	t->q = q;
	b->fn = query_fn;
	b->arg = t;
	if ((b = start(b, path, cause)) == NULL) {
		t->q = NULL;		/* still the caller's */
		task_free(t, NULL);	/* t->r is NULL: no connection needed */
		return NULL;
	}
	/* The thread never reads cleanup: it is set here so that a failed
	 * start does not free q. */
	b->cleanup = query_cleanup;
	return b;
}

const struct query_result *
bgrun_query_result(struct bgrun *b)
{
	struct query_task	*t = b->arg;

	return bgrun_status(b, NULL) == 0 ? t->r : NULL;
}
