/*
 * stack.c: the stack of lists behind the breadcrumb. Each level is a
 * materialized result; pivots, filters, saved queries and networks push
 * one, Backspace pops one and the level below comes back with its cursor
 * where it was. A level still being made runs its job here, in steps.
 */
#include "config.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "case.h"
#include "query.h"
#include "result.h"
#include "sanitize.h"
#include "screen.h"
#include "trace.h"
#include "view.h"

/*
 * A job step aims at JOB_STEP_S, so that the screen is drawn between
 * steps (at most every JOB_DRAW_S, app.c); the rows per step adapt to
 * what the pattern costs. The rows alone overshoot when many rows of a
 * step match (each match is also an insert) or the pages read are cold,
 * so a step is also stopped once it has run for JOB_STEP_MAX_S
 * (view_job_step_for()) and the next one goes on from there. A key typed
 * during a step stops it at once (the step looks at the keyboard every
 * 1024 rows), so a key is read within a slice of rows of its arrival,
 * whatever the step's length: steps can be long enough that stepping
 * costs little (at 1M accounts a filter takes 26-40 steps of 16 ms
 * instead of 97-139 of 4 ms; doc/benchmarks-typing.md).
 */
#define JOB_STEP_S	0.016
#define JOB_STEP_MAX_S	0.024
#define JOB_FIRST_ROWS	4096
#define JOB_MIN_ROWS	256
#define JOB_MAX_ROWS	(1 << 20)

const char *const app_sort_fields[] = {
	"handle", "display_name", "platform", "created_at", "followers",
	"networks",
};
const char *const app_sort_names[] = {
	"handle", "name", "platform", "created", "followers", "network",
};
const int app_nsort = (int)nitems(app_sort_fields);

struct level *
app_level(struct app *a)
{
	return a->nlevels > 0 ? a->levels[a->nlevels - 1] : NULL;
}

void
app_push(struct app *a, struct query_result *r, const char *label,
    const char *what, bool evidence)
{
	struct level	*l = xcalloc(1, sizeof *l);

	l->label = xstrdup(label);
	l->what = xstrdup(what != NULL ? what : "null");
	l->base = l->res = r;
	l->cursor = r->count > 0 ? 1 : 0;
	l->top = 1;
	l->evidence = evidence;
	l->sort = -1;
	a->levels = xreallocarray(a->levels, a->nlevels + 1,
	    sizeof *a->levels);
	a->levels[a->nlevels++] = l;
	a->mark_anchor = 0;
	a->generation++;
}

/* The level just pushed is made by job (view_filter_start). */
void
app_push_job(struct app *a, struct view_job *job)
{
	struct level	*l = app_level(a);

	l->job = job;
	l->job_rows = JOB_FIRST_ROWS;
	l->job_started = clock_now();
	l->job_max_gap = 0;
	l->job_steps = 0;
	a->jobs_idle = false;
}

static void level_free(struct app *, struct level *);

static void
job_done(struct app *a, struct level *l, bool complete)
{
	trace_job(l->job_started, (long long)l->res->count, l->job_steps,
	    l->job_max_gap, complete);
	view_job_free(l->job);
	l->job = NULL;
	l->job_query = false;
	free(l->job_action);
	l->job_action = NULL;
	a->generation++;
}

/* A saved query's job has made the whole list: say so where it counts. */
static void
query_done(struct app *a, struct level *l)
{
	if (l->job_action != NULL)
		app_audit(a, l->job_action, l->label, l->res->canonical);
	if (l->job_hubs && l->res->nhubs > 0)
		app_message(a, false, "%zu hub value(s) shared by more than "
		    "%lld accounts were left out", l->res->nhubs,
		    (long long)a->max_share);
}

/* When a step last looked at the keyboard, and the longest it went
 * without looking. */
struct key_look {
	double	at;
	double	max_gap;
};

static bool
key_typed(void *arg)
{
	struct key_look	*look = arg;
	double		 now = clock_now();

	if (now - look->at > look->max_gap)
		look->max_gap = now - look->at;
	look->at = now;
	if (!screen_key_waiting())
		return false;
	trace_key_waiting(now);
	return true;
}

/* One step of job over *rows rows, then *rows sized for the next to
 * take about JOB_STEP_S; the step's time in *took, and in *gap the
 * longest it went without looking at the keyboard. A step that only
 * waited for a query to end says nothing about the rows. */
static int
timed_step(struct view_job *job, int64_t *rows, double *took, double *gap,
    char **cause)
{
	struct key_look	 look;
	double		 t0 = clock_now();
	int		 rc;

	look.at = t0;
	look.max_gap = 0;
	rc = view_job_step_for(job, *rows, JOB_STEP_MAX_S, key_typed, &look,
	    cause);
	*took = clock_now() - t0;
	key_typed(&look);	/* the main loop looks next */
	*gap = look.max_gap;
	if (view_job_waited(job))
		return rc;
	/* Aim the next step at JOB_STEP_S, changing by 4x at most. */
	if (*took < JOB_STEP_S / 8)
		*rows *= 2;
	else
		*rows = (int64_t)((double)*rows * JOB_STEP_S / *took);
	if (*rows < JOB_MIN_ROWS)
		*rows = JOB_MIN_ROWS;
	if (*rows > JOB_MAX_ROWS)
		*rows = JOB_MAX_ROWS;
	return rc;
}

/* A step of the search of n/N when one runs (filter.c), stopped by a
 * key as the jobs' steps are. */
static bool
find_step(struct app *a)
{
	struct key_look	look;

	if (!filter_find_busy(a))
		return false;
	a->jobs_idle = false;
	look.at = clock_now();
	look.max_gap = 0;
	filter_find_step(a, JOB_STEP_S, key_typed, &look);
	return true;
}

/* One step of l's job: 1 while it goes on, 0 when done, -1 when it
 * failed (the message shown). */
static int
job_step(struct app *a, struct level *l)
{
	char	*cause = NULL;
	double	 took, gap;
	int	 rc;

	rc = timed_step(l->job, &l->job_rows, &took, &gap, &cause);
	l->job_steps++;
	if (gap > l->job_max_gap && !view_job_waited(l->job))
		l->job_max_gap = gap;
	if (l->cursor == 0 && l->res->count > 0)
		l->cursor = 1;
	if (rc < 0) {
		app_message(a, cause == NULL || strcmp(cause, "cancelled") !=
		    0, "%s%s", l->job_query ? "query: " : "", cause != NULL ?
		    cause : "failed");
		free(cause);
	}
	if (rc == 0 && l->job_query)
		query_done(a, l);
	if (rc <= 0)
		job_done(a, l, rc == 0);
	return rc;
}

void
app_discard(struct app *a, struct query_result *r)
{
	if (r == NULL)
		return;
	a->trash = xreallocarray(a->trash, a->ntrash + 1, sizeof *a->trash);
	a->trash[a->ntrash++] = view_discard_start(a->c, r);
	if (a->trash_rows == 0)
		a->trash_rows = JOB_FIRST_ROWS;
	a->jobs_idle = false;
}

bool
app_jobs_pending(struct app *a)
{
	size_t	i;

	if (a->ntrash > 0 || networks_busy(a) || replay_mode_busy(a))
		return true;
	if (filter_find_busy(a))
		return true;
	for (i = 0; i < a->nlevels; i++) {
		if (a->levels[i]->job != NULL)
			return true;
	}
	return false;
}

/* A step of the job of the topmost level that has one, else of the
 * oldest result being freed, after a look at network detection and at a
 * replay step being run again. A
 * saved query that failed takes its level away with it when nothing was
 * made from that level. No step waits for a thread: when the step only
 * looked at one (a query or a filter's scan still going, detection
 * alone), a->jobs_idle says so and the main loop waits for keys. */
void
app_jobs_step(struct app *a)
{
	struct level	*l;
	size_t		 i;
	double		 took, gap;
	bool		 query;
	int		 rc;

	networks_step(a, 0);
	replay_mode_step(a);
	if (find_step(a))
		return;
	for (i = a->nlevels; i > 0; i--) {
		l = a->levels[i - 1];
		if (l->job == NULL)
			continue;
		query = l->job_query;
		rc = job_step(a, l);
		a->jobs_idle = l->job != NULL && view_job_waited(l->job);
		if (rc < 0 && query && i == a->nlevels && a->nlevels > 1)
			level_free(a, a->levels[--a->nlevels]);
		return;
	}
	a->jobs_idle = a->ntrash == 0;	/* detection alone */
	if (a->ntrash == 0)
		return;
	if (timed_step(a->trash[0], &a->trash_rows, &took, &gap, NULL) <= 0) {
		view_job_free(a->trash[0]);
		memmove(a->trash, a->trash + 1, --a->ntrash *
		    sizeof *a->trash);
	}
}

int
app_level_finish(struct app *a, struct level *l)
{
	int	rc = 0;

	if (l == NULL || l->job == NULL)
		return 0;
	app_busy_begin(a, l->job_query ? "query" : "filter", false);
	while (l->job != NULL && rc >= 0) {
		rc = job_step(a, l);
		if (l->job != NULL && app_busy_poll(a) != 0)
			rc = -1;
		else if (l->job != NULL && view_job_waited(l->job))
			poll(NULL, 0, JOB_WAIT_MS);
	}
	app_busy_end(a);
	if (rc < 0 && a->busy_cancelled)
		app_message(a, false, "Stopped: the list is still being made");
	return rc < 0 ? -1 : 0;
}

static void
level_free(struct app *a, struct level *l)
{
	filter_find_forget(a, l);
	if (l->job != NULL)
		job_done(a, l, false);
	if (l->res != l->base)
		app_discard(a, l->res);
	app_discard(a, l->base);
	free(l->label);
	free(l->what);
	free(l->job_action);
	free(l);
}

void
app_pop(struct app *a)
{
	if (a->nlevels <= 1) {
		app_message(a, false, "This is the whole case: nothing to go "
		    "back to");
		return;
	}
	level_free(a, a->levels[--a->nlevels]);
	a->mark_anchor = 0;
	a->generation++;
}

void
app_levels_free(struct app *a)
{
	size_t	i;

	while (a->nlevels > 0)
		level_free(a, a->levels[--a->nlevels]);
	free(a->levels);
	a->levels = NULL;
	for (i = 0; i < a->ntrash; i++)
		view_job_free(a->trash[i]);
	free(a->trash);
	a->trash = NULL;
	a->ntrash = 0;
}

void
app_move_cursor(struct app *a, int64_t ord)
{
	struct level	*l = app_level(a);

	if (l == NULL)
		return;
	if (l->res->count == 0) {
		l->cursor = 0;
		return;
	}
	if (ord < 1)
		ord = 1;
	if (ord > l->res->count)
		ord = l->res->count;
	l->cursor = ord;
}

void
app_breadcrumb(struct app *a, struct buf *b)
{
	size_t	i;

	for (i = 0; i < a->nlevels; i++) {
		const struct level *l = a->levels[i];

		if (i > 0)
			buf_adds(b, " > ");
		buf_printf(b, "%s (%lld%s)", l->label, (long long)l->res->count,
		    l->job != NULL ? "+" : "");
	}
}

/* What made a level, for the evidence stored with tagged members. */
char *
app_level_what(struct app *a, const char *label, const char *canonical)
{
	struct buf	b = BUF_INIT, path = BUF_INIT;

	app_breadcrumb(a, &path);
	if (path.len > 0)
		buf_adds(&path, " > ");
	buf_adds(&path, label);
	buf_adds(&b, "{\"path\":");
	buf_add_json(&b, path.data);
	buf_adds(&b, ",\"query\":");
	buf_adds(&b, canonical != NULL ? canonical : "null");
	buf_addc(&b, '}');
	buf_free(&path);
	return buf_steal(&b);
}

static void
fail(struct app *a, char *cause)
{
	if (a->busy_cancelled)
		app_message(a, false, "Cancelled");
	else
		app_message(a, true, "%s", cause != NULL ? cause : "failed");
	free(cause);
}

/* The old way, for a case that cannot be opened twice: on the screen's
 * connection, with Esc polled between SQLite steps. */
static int
run_here(struct app *a, const struct query *q, const struct query_args *args,
    const char *label, const char *action, bool evidence)
{
	struct query_result	*r;
	char			*cause = NULL, *what;
	int			 rc;

	app_busy_begin(a, label, false);
	rc = query_run(a->c, q, args, &r, &cause);
	app_busy_end(a);
	if (rc != 0) {
		fail(a, cause);
		return -1;
	}
	if (action != NULL)
		app_audit(a, action, label, r->canonical);
	what = app_level_what(a, label, r->canonical);
	app_push(a, r, label, what, evidence);
	free(what);
	return 0;
}

int
app_run_query(struct app *a, struct query *q, const struct query_args *args,
    const char *label, const char *action)
{
	struct query_result	*r;
	struct view_job		*job;
	struct level		*l;
	char			*cause = NULL, *what;
	bool			 evidence;
	int			 rc;

	evidence = q->from != QUERY_FROM_ALL || q->pivot != NULL ||
	    q->group != NULL || q->coord != NULL || q->timing != NULL;
	if (view_query_start(a->c, q, args, &r, &job, &cause) != 0) {
		free(cause);
		rc = run_here(a, q, args, label, action, evidence);
		query_free(q);
		return rc;
	}
	what = app_level_what(a, label, r->canonical);
	app_push(a, r, label, what, evidence);
	free(what);
	app_push_job(a, job);
	l = app_level(a);
	l->job_query = true;
	l->job_action = action != NULL ? xstrdup(action) : NULL;
	return 0;
}

/* Say which hubs the new level left out: now if it is made, else when
 * its query ends. */
static void
hubs_note(struct app *a)
{
	struct level	*l = app_level(a);

	if (l->job != NULL)
		l->job_hubs = true;
	else if (l->res->nhubs > 0)
		app_message(a, false, "%zu hub value(s) shared by more than "
		    "%lld accounts were left out", l->res->nhubs,
		    (long long)a->max_share);
}

/* A value cut for the breadcrumb: "+79120001122" stays, long hashes end
 * in an ellipsis. */
static char *
short_value(const char *v, size_t cols)
{
	struct buf	b = BUF_INIT;

	sanitize_fit(v, strlen(v), screen_flags(), cols, &b);
	if (b.data == NULL)
		buf_adds(&b, "");
	return buf_steal(&b);
}

/*
 * Pivot from one account: on one value of a kind (every account holding
 * it, however widely it is shared: the investigator asked for it), or on
 * every value of the kind, with hubs left out. The value travels as a
 * query parameter, so no value can be mistaken for query syntax.
 */
int
app_pivot(struct app *a, int64_t seed, const char *kind, const char *value)
{
	struct query		*q = query_new();
	struct query_args	 args;
	const char		*names[1] = { "value" };
	const char		*values[1] = { value };
	char			*label, *sv, share[32];
	int			 rc;

	memset(&args, 0, sizeof args);
	q->name = xstrdup("pivot");
	q->from = QUERY_FROM_SELECTION;
	q->pivot = xcalloc(1, sizeof *q->pivot);
	q->pivot->kinds = xcalloc(1, sizeof *q->pivot->kinds);
	q->pivot->kinds[0] = xstrdup(kind);
	q->pivot->nkinds = 1;
	if (value != NULL) {
		q->pivot->max_share = xstrdup("1000000000000");
		q->params = xcalloc(1, sizeof *q->params);
		q->params[0].name = xstrdup("value");
		q->params[0].type = QUERY_PARAM_STRING;
		q->nparams = 1;
		q->where = xcalloc(1, sizeof *q->where);
		q->where[0].kind = xstrdup(kind);
		q->where[0].op = QUERY_OP_EQUALS;
		q->where[0].values = xcalloc(1, sizeof (char *));
		q->where[0].values[0] = xstrdup("$value");
		q->where[0].nvalues = 1;
		q->nwhere = 1;
		args.names = names;
		args.values = values;
		args.nparams = 1;
		sv = short_value(value, 16);
		label = xasprintf("%s %s", kind, sv);
		free(sv);
	} else {
		snprintf(share, sizeof share, "%lld", (long long)a->max_share);
		q->pivot->max_share = xstrdup(share);
		label = xasprintf("%s *", kind);
	}
	args.seeds = &seed;
	args.nseeds = 1;
	rc = app_run_query(a, q, &args, label, "pivot");
	if (rc == 0 && value == NULL)
		hubs_note(a);
	free(label);
	return rc;
}

int
app_open_network(struct app *a, const char *name)
{
	struct query	*q = query_new();
	char		*label, *sv;
	int		 rc;

	q->name = xstrdup("network");
	q->from = QUERY_FROM_NETWORK;
	q->from_arg = xstrdup(name);
	sv = short_value(name, 24);
	label = xasprintf("network %s", sv);
	free(sv);
	rc = app_run_query(a, q, NULL, label, NULL);
	free(label);
	return rc;
}

int
app_open_ids(struct app *a, const int64_t *ids, size_t n, const char *label,
    const char *evidence)
{
	struct query_result	 *r;
	const char		**ev;
	char			 *cause = NULL, *what;
	size_t			  i;
	int			  rc;

	ev = xcalloc(n > 0 ? n : 1, sizeof *ev);
	for (i = 0; i < n; i++)
		ev[i] = evidence;
	app_busy_begin(a, label, false);
	rc = view_from_ids(a->c, ids, ev, n, label, &r, &cause);
	app_busy_end(a);
	free(ev);
	if (rc != 0) {
		fail(a, cause);
		return -1;
	}
	what = app_level_what(a, label, r->canonical);
	app_push(a, r, label, what, true);
	free(what);
	return 0;
}

static void
id_of(void *arg, const struct result_row *row)
{
	*(int64_t *)arg = row->id;
}

int64_t
app_cursor_id(struct app *a)
{
	struct level	*l = app_level(a);
	int64_t		 id = 0;

	if (l == NULL || l->cursor < 1)
		return 0;
	if (result_page(a->c, l->res, l->cursor, 1, id_of, &id, NULL) != 1)
		return 0;
	return id;
}

/*
 * Show the level in another order: a re-run of its result ordered by
 * the column (view_sort), or as made when column is -1. The cursor stays
 * on the same account, at the same height on the screen when it can.
 */
int
app_sort(struct app *a, int column, bool desc)
{
	struct level		*l = app_level(a);
	struct query_result	*r;
	char			*cause = NULL;
	int64_t			 id, ord, height;

	if (l == NULL || app_level_finish(a, l) != 0)
		return -1;
	id = app_cursor_id(a);
	height = l->cursor - l->top;
	if (column < 0 || column >= app_nsort) {
		r = l->base;
		column = -1;
		desc = false;
	} else {
		app_busy_begin(a, "sorting", false);
		if (view_sort(a->c, l->base, app_sort_fields[column], desc,
		    &r, &cause) != 0) {
			app_busy_end(a);
			fail(a, cause);
			return -1;
		}
		app_busy_end(a);
	}
	if (l->res != l->base)
		app_discard(a, l->res);
	l->res = r;
	l->sort = column;
	l->desc = desc;
	a->generation++;
	ord = id != 0 ? view_ord_of(a->c, r, id) : 0;
	app_move_cursor(a, ord > 0 ? ord : 1);
	l->top = l->cursor - height;
	if (l->top < 1 || l->top > l->cursor)
		l->top = 1;
	return 0;
}
