/*
 * replay_job.c: a replay step run in a thread (replay_job.h).
 */
#include "config.h"
#include "replay_job.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "bgrun.h"
#include "case.h"
#include "query.h"
#include "replay.h"
#include "util.h"

struct replay_job {
	struct replay		*rp;
	size_t			 n;
	struct bgrun		*bg;		/* NULL: ran at once */
	struct replay_done	 done;		/* the thread's until it ended */
	int			 rc;		/* of a run at once */
	char			*cause;
};

/* The ids and evidence of r, in its order. */
static int
read_result(struct case_db *c, const struct query_result *r,
    struct replay_done *d, char **cause)
{
	sqlite3_stmt	*st;
	char		*sql;
	size_t		 cap;
	int		 rc;

	cap = r->count > 0 ? (size_t)r->count : 1;
	d->ids = xcalloc(cap, sizeof *d->ids);
	d->evidence = xcalloc(cap, sizeof *d->evidence);
	sql = xasprintf("SELECT account_id, evidence FROM %s ORDER BY ord",
	    r->table);
	rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return case_error(c, cause, "reading a step's accounts");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char	*ev = (const char *)sqlite3_column_text(st, 1);

		if (d->nids == cap) {
			cap *= 2;
			d->ids = xreallocarray(d->ids, cap, sizeof *d->ids);
			d->evidence = xreallocarray(d->evidence, cap,
			    sizeof *d->evidence);
		}
		d->ids[d->nids] = sqlite3_column_int64(st, 0);
		d->evidence[d->nids++] = ev != NULL ? xstrdup(ev) : NULL;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_INTERRUPT)
			return set_cause(cause, "cancelled");
		return case_error(c, cause, "reading a step's accounts");
	}
	return 0;
}

static int
run(struct case_db *c, void *arg, struct bgrun *bg, char **cause)
{
	struct replay_job	*j = arg;
	struct replay_done	*d = &j->done;
	struct replay_view	 v;
	int			 rc = 0;

	(void)bg;
	if (replay_run(c, j->rp, j->n, &v, cause) != 0)
		return -1;
	d->count = v.count;
	d->drift = v.drift;
	d->network = v.network != NULL ? xstrdup(v.network) : NULL;
	d->members = v.members;
	d->nmembers = v.nmembers;
	d->added = v.added;
	v.members = NULL;
	if (v.network == NULL && v.result != NULL)
		rc = read_result(c, v.result, d, cause);
	replay_view_clear(c, &v);
	return rc;
}

struct replay_job *
replay_job_start(struct case_db *c, struct replay *rp, size_t n)
{
	struct replay_job	*j = xcalloc(1, sizeof *j);

	j->rp = rp;
	j->n = n;
	j->done.count = -1;
	if ((j->bg = bgrun_start(c->path, run, j, NULL)) == NULL)
		j->rc = run(c, j, NULL, &j->cause);
	return j;
}

bool
replay_job_ended(struct replay_job *j)
{
	return j->bg == NULL || bgrun_wait(j->bg, 0);
}

int
replay_job_result(struct replay_job *j, struct replay_done *out,
    char **cause)
{
	int	rc;

	if (j->bg != NULL)
		rc = bgrun_status(j->bg, cause);
	else if ((rc = j->rc) != 0) {
		*cause = j->cause;
		j->cause = NULL;
	}
	if (rc != 0)
		return -1;
	*out = j->done;
	memset(&j->done, 0, sizeof j->done);
	j->done.count = -1;
	return 0;
}

void
replay_job_free(struct replay_job *j)
{
	if (j == NULL)
		return;
	bgrun_free(j->bg);
	replay_done_clear(&j->done);
	free(j->cause);
	free(j);
}

void
replay_done_clear(struct replay_done *d)
{
	size_t	i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nids; i++)
		free(d->evidence[i]);
	free(d->evidence);
	free(d->ids);
	free(d->members);
	free(d->network);
	memset(d, 0, sizeof *d);
	d->count = -1;
}
