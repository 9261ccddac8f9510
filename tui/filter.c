/*
 * filter.c: `/` narrows the current list by a regex as it is typed, and
 * n / N find the next and previous rows matching the last one.
 *
 * The pattern applies to the handle and the display name, or to one
 * field when it starts with a field name and a colon ("bio:crypto",
 * "country:^(RU|BY)$"). Each keystroke starts the filter again over the
 * list below, as a level whose rows are made in short steps between keys
 * (view_filter_start(), app_jobs_step()), or, on the whole list of a
 * large case, by a scan in a thread whose rows the steps copy: the first
 * matches show at once, the count grows, and the next key drops the
 * stale run, so typing never waits for a slow pattern or a large case. Enter keeps the
 * filtered list as a level of the breadcrumb (its rows still coming);
 * Esc puts the list back as it was. n / N search in steps as well
 * (below).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "query.h"
#include "sanitize.h"
#include "screen.h"
#include "view.h"

struct filter {
	size_t	base;		/* index of the level being filtered */
};

static struct filter	the_filter;

/* Split "field:regex" when field is an account field. */
static void
split(const char *text, char **field, const char **pattern)
{
	const char	*colon = strchr(text, ':');
	char		*f;

	*field = NULL;
	*pattern = text;
	if (colon == NULL || colon == text)
		return;
	f = xstrndup(text, (size_t)(colon - text));
	if (query_field_known(f, NULL)) {
		*field = f;
		*pattern = colon + 1;
		return;
	}
	free(f);
}

static struct level *
live_level(struct app *a)
{
	struct level	*l = app_level(a);

	return l != NULL && l->live && a->nlevels == the_filter.base + 2 ?
	    l : NULL;
}

static void
filter_changed(struct app *a, const char *text, void *arg)
{
	struct level		*base = a->levels[the_filter.base];
	struct query_result	*r;
	struct view_job		*job;
	const char		*pattern;
	char			*field, *cause = NULL, *label, *what;
	int			 rc;

	/* What the last key made is stale now. */
	if (live_level(a) != NULL)
		app_pop(a);
	if (*text == '\0') {
		free(a->message);
		a->message = NULL;
		return;
	}
	split(text, &field, &pattern);
	rc = view_filter_start(a->c, base->res, field, pattern, &r, &job,
	    &cause);
	free(field);
	if (rc != 0) {
		app_message(a, true, "%s", cause);
		free(cause);
		return;
	}
	free(a->message);
	a->message = NULL;
	label = xasprintf("/%s", text);
	what = app_level_what(a, label, r->canonical);
	app_push(a, r, label, what, base->evidence);
	app_push_job(a, job);
	app_level(a)->live = true;
	free(what);
	free(label);
}

static void
filter_done(struct app *a, const char *text, void *arg)
{
	struct level	*l = live_level(a);
	char		*field;
	const char	*pattern;

	if (*text == '\0')
		return;
	split(text, &field, &pattern);
	free(a->find_pattern);
	free(a->find_field);
	a->find_pattern = xstrdup(pattern);
	a->find_field = field;
	if (l == NULL)
		return;		/* the pattern is wrong: the message says so */
	l->live = false;
	app_audit(a, "filter", text, l->res->canonical);
}

static void
filter_cancelled(struct app *a, void *arg)
{
	if (live_level(a) != NULL)
		app_pop(a);
}

void
filter_open(struct app *a)
{
	struct prompt_spec	spec;

	if (a->nlevels == 0 || app_level_finish(a, app_level(a)) != 0)
		return;
	the_filter.base = a->nlevels - 1;
	memset(&spec, 0, sizeof spec);
	spec.label = "/";
	spec.history = &a->filter_history;
	spec.nhistory = &a->nfilter_history;
	spec.changed = filter_changed;
	spec.done = filter_done;
	spec.cancelled = filter_cancelled;
	prompt_open(a, &spec);
}

/*
 * The search of n/N runs in steps between keys (app_jobs_step()), so
 * the screen goes on answering while it reads a long list: the status
 * line says "searching /re/ 37%", Esc stops it, another n or N starts
 * it again from where the cursor is then, and leaving the list or
 * changing it (Backspace, a pivot, a sort, a new filter) drops it. When
 * it finds a row the cursor goes there, unless the investigator moved
 * the cursor meanwhile: then the cursor stays where it was put and the
 * message says at which row the match is.
 */
struct search {
	struct view_find	*job;		/* NULL: no search runs */
	struct level		*level;		/* the list searched */
	struct query_result	*res;		/* as it was shown */
	int64_t			 from;		/* the cursor at the start */
	char			*pattern;
};

static struct search	the_search;

/* The first step is made at once, so that a short list answers n
 * without a frame of "searching". */
#define SEARCH_FIRST_S	0.004
/* The columns of a search's pattern on the status line. */
#define FIND_STATUS_COLS	24

static void
search_free(void)
{
	view_find_free(the_search.job);
	free(the_search.pattern);
	memset(&the_search, 0, sizeof the_search);
}

bool
filter_find_busy(struct app *a)
{
	return the_search.job != NULL;
}

bool
filter_find_stop(struct app *a)
{
	if (the_search.job == NULL)
		return false;
	search_free();
	return true;
}

void
filter_find_forget(struct app *a, struct level *l)
{
	if (the_search.job != NULL && the_search.level == l)
		search_free();
}

void
filter_find_status(struct app *a, struct buf *b)
{
	if (the_search.job == NULL)
		return;
	/* A long pattern is cut, so the rest of the line stays in view. */
	buf_adds(b, " | searching /");
	sanitize_fit(the_search.pattern, strlen(the_search.pattern),
	    screen_flags(), FIND_STATUS_COLS, b);
	buf_printf(b, "/ %d%%", (int)(view_find_progress(the_search.job) *
	    100));
}

void
filter_find_step(struct app *a, double budget, bool (*yield)(void *),
    void *arg)
{
	struct search	*s = &the_search;
	struct level	*l = app_level(a);
	char		*cause = NULL;
	int64_t		 found;
	bool		 wrapped;
	int		 rc;

	if (s->job == NULL)
		return;
	if (l != s->level || l->res != s->res) {
		search_free();		/* the list searched is gone */
		return;
	}
	rc = view_find_step(s->job, budget, yield, arg, &cause);
	if (rc == 1)
		return;
	if (rc < 0) {
		app_message(a, true, "%s", cause);
		free(cause);
		search_free();
		return;
	}
	if (view_find_result(s->job, &found, &wrapped) == 0)
		app_message(a, false, "No row matches /%s/", s->pattern);
	else if (l->cursor != s->from)
		app_message(a, false, "/%s/ matches row %lld (the cursor was "
		    "moved, so it stays)", s->pattern, (long long)found);
	else {
		app_move_cursor(a, found);
		if (wrapped)
			app_message(a, false, "Search wrapped around");
	}
	search_free();
}

void
filter_find(struct app *a, int dir)
{
	struct level	*l = app_level(a);
	char		*cause = NULL;

	if (l == NULL)
		return;
	if (a->find_pattern == NULL) {
		app_message(a, false, "No regex yet: / types one");
		return;
	}
	search_free();
	if (view_find_start(a->c, l->res, a->find_field, a->find_pattern,
	    l->cursor, dir, &the_search.job, &cause) != 0) {
		app_message(a, true, "%s", cause);
		free(cause);
		return;
	}
	the_search.level = l;
	the_search.res = l->res;
	the_search.from = l->cursor;
	the_search.pattern = xstrdup(a->find_pattern);
	filter_find_step(a, SEARCH_FIRST_S, NULL, NULL);
}

void
filter_apply(struct app *a, const char *text)
{
	if (a->nlevels == 0)
		return;
	if (app_level_finish(a, app_level(a)) != 0)
		return;
	the_filter.base = a->nlevels - 1;
	filter_changed(a, text, NULL);
	if (app_level_finish(a, live_level(a)) != 0) {
		app_pop(a);
		return;
	}
	filter_done(a, text, NULL);
}
