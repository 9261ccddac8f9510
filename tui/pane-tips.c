/*
 * pane-tips.c: the tips view. The partners' tips loaded into the case
 * (tips_list.h): name, indicators per kind, accounts hit and source;
 * Enter opens a tip's hits as a new list, through the saved query
 * matches-tip, so they can be pivoted from, marked and tagged like any
 * other result. The list reads at once; the accounts hit are counted by
 * running that query per tip in a thread of its own on a second read
 * connection (bgrun.h), so keys go on working meanwhile.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "bgrun.h"
#include "case.h"
#include "query.h"
#include "query_path.h"
#include "screen.h"
#include "tips_list.h"

#define TIPS_QUERY	"matches-tip"

/* The count of hits, made on the run's own connection. */
struct hits_task {
	struct query		*q;
	struct tips_list_row	*v;
	size_t			 n;
};

struct tips {
	struct tips_list_row	*v;
	size_t			 n;
	bool			 loaded;
	char			*note;		/* why something failed */
	struct bgrun		*bg;		/* counting hits, or NULL */
	struct hits_task	*task;
	size_t			 cursor;
	size_t			 top;
};

static void
task_free(struct hits_task *t)
{
	if (t == NULL)
		return;
	query_free(t->q);
	tips_list_free(t->v, t->n);
	free(t);
}

static int
hits_stopped(void *arg)
{
	return bgrun_stopped(arg) ? 1 : 0;
}

/* In the run's thread: the list again, then its hits. */
static int
hits_fn(struct case_db *c, void *arg, struct bgrun *b, char **cause)
{
	struct hits_task	*t = arg;

	if (tips_list(c, &t->v, &t->n, cause) != 0)
		return -1;
	return tips_list_hits(c, t->q, t->v, t->n, hits_stopped, b, cause);
}

static void
note_set(struct tips *s, char *note)
{
	free(s->note);
	s->note = note;
}

/* Take the counted list in place of the one shown. */
static void
hits_take(struct tips *s, struct hits_task *t)
{
	tips_list_free(s->v, s->n);
	s->v = t->v;
	s->n = t->n;
	t->v = NULL;
	t->n = 0;
	if (s->cursor >= s->n)
		s->cursor = s->n > 0 ? s->n - 1 : 0;
}

static void
hits_end(struct tips *s)
{
	char	*cause = NULL;

	if (bgrun_status(s->bg, &cause) == 0)
		hits_take(s, s->task);
	else if (strcmp(cause, "cancelled") == 0) {
		free(cause);
		note_set(s, xstrdup("counting stopped: 4 counts again"));
	} else
		note_set(s, cause);
	bgrun_free(s->bg);
	s->bg = NULL;
	task_free(s->task);
	s->task = NULL;
}

/* For a case that cannot be opened twice: here, Esc polled meanwhile. */
static void
hits_here(struct app *a, struct tips *s, struct query *q)
{
	char	*cause = NULL;

	app_busy_begin(a, "counting the tips' hits", false);
	if (tips_list_hits(a->c, q, s->v, s->n, app_busy_poll, a,
	    &cause) != 0)
		note_set(s, a->busy_cancelled ? xstrdup("counting stopped: 4 "
		    "counts again") : cause);
	else
		free(cause);
	app_busy_end(a);
	query_free(q);
}

static void
hits_start(struct app *a, struct tips *s)
{
	struct query	*q;
	char		*cause = NULL;

	if (s->n == 0)
		return;
	q = query_path_load(TIPS_QUERY, (const char *const *)a->query_dirs,
	    a->nquery_dirs, &cause);
	if (q == NULL) {
		note_set(s, cause);
		return;
	}
	s->task = xcalloc(1, sizeof *s->task);
	s->task->q = q;
	s->bg = bgrun_start(a->c->path, hits_fn, s->task, &cause);
	if (s->bg == NULL) {
		free(cause);
		s->task->q = NULL;
		task_free(s->task);
		s->task = NULL;
		hits_here(a, s, q);
	}
}

void
tips_stop(struct app *a)
{
	struct tips	*s = a->panes[PANE_TIPS].data;

	if (s == NULL || s->bg == NULL)
		return;
	bgrun_cancel(s->bg);
	hits_end(s);
}

bool
tips_busy(struct app *a)
{
	struct tips	*s = a->panes[PANE_TIPS].data;

	return s != NULL && s->bg != NULL;
}

void
tips_step(struct app *a, double wait)
{
	struct tips	*s = a->panes[PANE_TIPS].data;

	if (s != NULL && s->bg != NULL && bgrun_wait(s->bg, wait))
		hits_end(s);
}

void
tips_refresh(struct app *a)
{
	struct tips	*s = a->panes[PANE_TIPS].data;
	char		*cause = NULL;

	tips_stop(a);
	note_set(s, NULL);
	tips_list_free(s->v, s->n);
	s->v = NULL;
	s->n = 0;
	s->loaded = true;
	if (tips_list(a->c, &s->v, &s->n, &cause) != 0) {
		note_set(s, cause);
		return;
	}
	if (s->cursor >= s->n)
		s->cursor = 0;
	hits_start(a, s);
}

/* "domain 3, phone 1" */
static void
kinds_text(const struct tips_list_row *r, struct buf *b)
{
	size_t	i;

	for (i = 0; i < r->nkinds; i++)
		buf_printf(b, "%s%s %lld", i > 0 ? ", " : "", r->kinds[i].kind,
		    (long long)r->kinds[i].n);
}

/* The columns' widths for a pane w wide. */
static void
widths(int w, int *name, int *ind, int *hits, int *kinds)
{
	*name = w / 4;
	if (*name > 32)
		*name = 32;
	if (*name < 8)
		*name = 8;
	*ind = 10;
	*hits = 12;
	*kinds = w / 4;
	if (*kinds < 12)
		*kinds = 12;
}

static void
draw_row(struct tips *s, const struct tips_list_row *r, int y, int x0,
    int w, enum role role)
{
	struct buf	b = BUF_INIT;
	int		x = x0 + 2, nw, iw, hw, kw;

	widths(w, &nw, &iw, &hw, &kw);
	screen_text(y, x, nw, r->name, (size_t)-1, role, false);
	x += nw + 1;
	screen_textf(y, x, iw, role, false, "%10lld", (long long)r->indicators);
	x += iw + 1;
	if (r->hits >= 0)
		screen_textf(y, x, hw, role, false, "%12lld",
		    (long long)r->hits);
	else
		screen_text(y, x, hw, s->bg != NULL ? "    counting" :
		    "           ?", (size_t)-1, role == ROLE_NORMAL ? ROLE_DIM :
		    role, false);
	x += hw + 2;
	kinds_text(r, &b);
	screen_text(y, x, kw, b.data != NULL ? b.data : "", b.len,
	    role == ROLE_NORMAL ? ROLE_EVIDENCE : role, false);
	x += kw + 1;
	buf_free(&b);
	if (x >= x0 + w)
		return;
	x += screen_text(y, x, x0 + w - x, r->source, (size_t)-1, role, false);
	if (r->nsources > 1 && x < x0 + w)
		screen_textf(y, x, x0 + w - x, role, false, " (and %lld more)",
		    (long long)(r->nsources - 1));
}

static void
draw_heading(int y, int x0, int w)
{
	int	x = x0 + 2, nw, iw, hw, kw;

	widths(w, &nw, &iw, &hw, &kw);
	screen_text(y, x, nw, "Tip", (size_t)-1, ROLE_TITLE, false);
	x += nw + 1;
	screen_text(y, x, iw, "indicators", (size_t)-1, ROLE_TITLE, false);
	x += iw + 1;
	screen_text(y, x, hw, "accounts hit", (size_t)-1, ROLE_TITLE, false);
	x += hw + 2;
	screen_text(y, x, kw, "by kind", (size_t)-1, ROLE_TITLE, false);
	x += kw + 1;
	if (x < x0 + w)
		screen_text(y, x, x0 + w - x, "source", (size_t)-1, ROLE_TITLE,
		    false);
}

static void
tips_draw(struct pane *p, struct app *a, bool focused)
{
	struct tips	*s = p->data;
	int		 i, h = p->r.h, y;

	if (h < 1 || p->r.w < 1)
		return;
	screen_fill(p->r.y, p->r.x, p->r.w, ROLE_HEADER);
	screen_textf(p->r.y, p->r.x + 1, p->r.w - 1, ROLE_HEADER, false,
	    "Tips (%zu; Enter opens the accounts a tip hits)", s->n);
	y = p->r.y + 1;
	if (s->note != NULL && y < p->r.y + h)
		screen_text(y++, p->r.x + 2, p->r.w - 2, s->note, (size_t)-1,
		    ROLE_ERROR, false);
	if (s->n == 0) {
		if (s->loaded && y < p->r.y + h)
			screen_text(y, p->r.x + 2, p->r.w - 2, "No tips in this "
			    "case: cibscope tips import CASE.db FILE loads a "
			    "partner's STIX bundle or MISP event", (size_t)-1,
			    ROLE_DIM, false);
		return;
	}
	if (y >= p->r.y + h)
		return;
	draw_heading(y++, p->r.x, p->r.w);
	h = p->r.y + h - y;
	if (h < 1)
		return;
	if (s->cursor < s->top)
		s->top = s->cursor;
	if ((int)(s->cursor - s->top) >= h)
		s->top = s->cursor - (size_t)h + 1;
	for (i = 0; i < h; i++) {
		size_t		 k = s->top + (size_t)i;
		enum role	 role = ROLE_NORMAL;

		if (k >= s->n)
			break;
		if (k == s->cursor) {
			role = focused ? ROLE_SELECTED : ROLE_SELECTED_DIM;
			screen_fill(y + i, p->r.x, p->r.w, role);
		}
		draw_row(s, &s->v[k], y + i, p->r.x, p->r.w, role);
	}
}

/* Open the tip's hits as a new list, the saved query run off the keys'
 * thread by app_run_query(). */
static int
open_tip(struct tips *s, struct app *a)
{
	static const char *const names[] = { "tip" };
	const char		*values[1];
	struct query_args	 args;
	struct query		*q;
	char			*cause = NULL, *label;

	if (s->cursor >= s->n)
		return PANE_HANDLED;
	q = query_path_load(TIPS_QUERY, (const char *const *)a->query_dirs,
	    a->nquery_dirs, &cause);
	if (q == NULL) {
		app_message(a, true, "%s", cause);
		free(cause);
		return PANE_HANDLED;
	}
	values[0] = s->v[s->cursor].name;
	memset(&args, 0, sizeof args);
	args.names = names;
	args.values = values;
	args.nparams = 1;
	args.query_dirs = (const char *const *)a->query_dirs;
	args.nquery_dirs = a->nquery_dirs;
	label = xasprintf("tip %s", values[0]);
	app_set_view(a, VIEW_ACCOUNTS);
	if (app_run_query(a, q, &args, label, "tips-match") == 0)
		app_level(a)->evidence = true;	/* what it hit */
	free(label);
	return PANE_HANDLED;
}

static int
tips_key(struct pane *p, struct app *a, enum action act, int key)
{
	struct tips	*s = p->data;
	int		 page = p->r.h > 3 ? p->r.h - 3 : 1, dir, count;

	if (pane_movement(act, page, (int)s->n, &dir, &count)) {
		while (count-- > 0) {
			if (dir < 0 && s->cursor > 0)
				s->cursor--;
			else if (dir > 0 && s->cursor + 1 < s->n)
				s->cursor++;
		}
		return PANE_HANDLED;
	}
	if (act == ACTION_ENTER)
		return open_tip(s, a);
	return PANE_IGNORED;
}

static int
tips_click(struct pane *p, struct app *a, int row, int col, bool twice)
{
	struct tips	*s = p->data;
	size_t		 k;
	int		 first = s->note != NULL ? 3 : 2;

	if (row < first)
		return PANE_HANDLED;
	k = s->top + (size_t)(row - first);
	if (k < s->n) {
		s->cursor = k;
		if (twice)
			return open_tip(s, a);
	}
	return PANE_HANDLED;
}

static void
tips_free(struct pane *p)
{
	struct tips	*s = p->data;

	if (s->bg != NULL) {
		bgrun_cancel(s->bg);
		hits_end(s);
	}
	tips_list_free(s->v, s->n);
	free(s->note);
	free(s);
	p->data = NULL;
}

static const struct pane_ops tips_ops = {
	.name = "tips",
	.context = KEYS_TIPS,
	.list = true,
	.draw = tips_draw,
	.key = tips_key,
	.free = tips_free,
	.click = tips_click,
};

void
pane_tips_init(struct pane *p)
{
	p->ops = &tips_ops;
	p->data = xcalloc(1, sizeof (struct tips));
}
