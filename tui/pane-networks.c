/*
 * pane-networks.c: the networks view. Saved networks (label, size, who
 * made them) and the candidates network detection finds (size, the kinds
 * that tie them, density); Enter opens either's members in the accounts
 * list. Detection runs the first time the view is shown and again on
 * `r`, in a thread of its own on a second read connection (bgrun.h), so
 * keys go on working meanwhile; Esc or leaving the view stops it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "bgrun.h"
#include "case.h"
#include "detect.h"
#include "network.h"
#include "screen.h"

enum nrow_type {
	NR_HEADER,
	NR_SAVED,
	NR_DETECTED,
	NR_NOTE,
};

struct nrow {
	enum nrow_type	 type;
	size_t		 index;
	const char	*text;
};

/* Detection's options and result, for a run in its own thread. */
struct detect_task {
	struct detect_opts	 o;
	struct detect_result	*r;
};

struct networks {
	struct network_row	*saved;
	size_t			 nsaved;
	struct detect_result	*det;
	bool			 detected;	/* tried at least once */
	char			*note;		/* detection failed: why */
	struct bgrun		*bg;		/* detection running, or NULL */
	struct detect_task	*task;		/* what bg works on */
	struct nrow		*rows;
	size_t			 nrows;
	size_t			 cursor;
	size_t			 top;
	char			 h1[96];
	char			 h2[128];
};

static void
add(struct networks *s, enum nrow_type t, size_t index, const char *text)
{
	s->rows = xreallocarray(s->rows, s->nrows + 1, sizeof *s->rows);
	s->rows[s->nrows].type = t;
	s->rows[s->nrows].index = index;
	s->rows[s->nrows].text = text;
	s->nrows++;
}

static bool
selectable(const struct nrow *r)
{
	return r->type == NR_SAVED || r->type == NR_DETECTED;
}

static void
rebuild(struct networks *s)
{
	size_t	i;

	free(s->rows);
	s->rows = NULL;
	s->nrows = 0;
	snprintf(s->h1, sizeof s->h1, "Saved networks (%zu)", s->nsaved);
	add(s, NR_HEADER, 0, s->h1);
	if (s->nsaved == 0)
		add(s, NR_NOTE, 0, "none yet: mark accounts and press t");
	for (i = 0; i < s->nsaved; i++)
		add(s, NR_SAVED, i, NULL);
	add(s, NR_NOTE, 0, "");
	if (s->det != NULL)
		snprintf(s->h2, sizeof s->h2, "Detected candidates (%zu; "
		    "kinds %zu, max_share %lld, min_size %lld) - r runs again",
		    s->det->nnetworks, s->det->nkinds,
		    (long long)s->det->max_share, (long long)s->det->min_size);
	else
		snprintf(s->h2, sizeof s->h2, "Detected candidates - r runs "
		    "detection");
	add(s, NR_HEADER, 0, s->h2);
	if (s->bg != NULL)
		add(s, NR_NOTE, 0, "detection running - Esc stops it");
	else if (s->note != NULL)
		add(s, NR_NOTE, 0, s->note);
	else if (s->det != NULL && s->det->nnetworks == 0)
		add(s, NR_NOTE, 0, "none found");
	for (i = 0; s->det != NULL && i < s->det->nnetworks; i++)
		add(s, NR_DETECTED, i, NULL);
	if (s->cursor >= s->nrows || !selectable(&s->rows[s->cursor])) {
		s->cursor = 0;
		for (i = 0; i < s->nrows; i++) {
			if (selectable(&s->rows[i])) {
				s->cursor = i;
				break;
			}
		}
	}
}

static int
detect_progress(void *arg, int64_t rows)
{
	return app_busy_poll(arg);
}

static void
detect_options(struct detect_opts *o)
{
	memset(o, 0, sizeof *o);
	o->first_handles_only = true;	/* the list shows one */
}

/* Keep a new result, or say why there is none. */
static void
detect_done(struct networks *s, struct detect_result *r, char *cause)
{
	free(s->note);
	s->note = NULL;
	if (r != NULL) {
		detect_result_free(s->det);
		s->det = r;
	} else
		s->note = cause;
}

/* For a case that cannot be opened twice: here, Esc polled meanwhile. */
static void
detect_here(struct app *a, struct networks *s)
{
	struct detect_opts	 o;
	struct detect_result	*r = NULL;
	char			*cause = NULL;

	detect_options(&o);
	o.progress = detect_progress;
	o.progress_arg = a;
	app_busy_begin(a, "network detection", false);
	if (detect_run(a->c, &o, &r, &cause) != 0 && a->busy_cancelled) {
		free(cause);
		cause = xstrdup("detection cancelled: r runs it again");
	}
	app_busy_end(a);
	detect_done(s, r, cause);
}

static int
detect_stopped(void *arg, int64_t rows)
{
	return bgrun_stopped(arg) ? 1 : 0;
}

static int
detect_fn(struct case_db *c, void *arg, struct bgrun *b, char **cause)
{
	struct detect_task	*t = arg;

	t->o.progress = detect_stopped;
	t->o.progress_arg = b;
	return detect_run(c, &t->o, &t->r, cause);
}

/* End a detection run: take its result, or its error as the note. */
static void
detect_end(struct networks *s)
{
	char	*cause = NULL;

	if (bgrun_status(s->bg, &cause) == 0) {
		detect_done(s, s->task->r, NULL);
		s->task->r = NULL;
	} else if (strcmp(cause, "cancelled") == 0) {
		free(cause);
		detect_done(s, NULL, xstrdup("detection cancelled: r runs it "
		    "again"));
	} else
		detect_done(s, NULL, cause);
	bgrun_free(s->bg);
	s->bg = NULL;
	detect_result_free(s->task->r);
	free(s->task);
	s->task = NULL;
	rebuild(s);
}

static void
detect_start(struct app *a, struct networks *s)
{
	char	*cause = NULL;

	if (s->bg != NULL) {
		bgrun_cancel(s->bg);
		detect_end(s);
	}
	s->task = xcalloc(1, sizeof *s->task);
	detect_options(&s->task->o);
	s->bg = bgrun_start(a->c->path, detect_fn, s->task, &cause);
	if (s->bg == NULL) {
		free(cause);
		free(s->task);
		s->task = NULL;
		detect_here(a, s);
	}
}

bool
networks_busy(struct app *a)
{
	struct networks	*s = a->panes[PANE_NETWORKS].data;

	return s != NULL && s->bg != NULL;
}

void
networks_step(struct app *a, double wait)
{
	struct networks	*s = a->panes[PANE_NETWORKS].data;

	if (s != NULL && s->bg != NULL && bgrun_wait(s->bg, wait)) {
		detect_end(s);
		a->generation++;
	}
}

void
networks_stop(struct app *a, bool again)
{
	struct networks	*s = a->panes[PANE_NETWORKS].data;

	if (s == NULL || s->bg == NULL)
		return;
	bgrun_cancel(s->bg);
	detect_end(s);
	/* Stopped by leaving the view: run again on coming back. */
	if (again)
		s->detected = false;
}

void
networks_refresh(struct app *a, bool detect)
{
	struct networks		*s = a->panes[PANE_NETWORKS].data;
	char			*cause = NULL;

	network_list_free(s->saved, s->nsaved);
	s->saved = NULL;
	s->nsaved = 0;
	if (network_list(a->c, &s->saved, &s->nsaved, &cause) != 0) {
		app_message(a, true, "%s", cause);
		free(cause);
		cause = NULL;
	}
	if ((detect || !s->detected) && a->view == VIEW_NETWORKS) {
		s->detected = true;
		detect_start(a, s);
	}
	rebuild(s);
}

const char *
networks_selected(struct app *a)
{
	struct networks		*s = a->panes[PANE_NETWORKS].data;
	const struct nrow	*r;

	if (s == NULL || a->view != VIEW_NETWORKS || s->cursor >= s->nrows)
		return NULL;
	r = &s->rows[s->cursor];
	return r->type == NR_SAVED ? s->saved[r->index].name : NULL;
}

static enum role
label_role(const char *label)
{
	if (strcmp(label, "cib") == 0)
		return ROLE_LABEL_CIB;
	if (strcmp(label, "not_cib") == 0)
		return ROLE_LABEL_NOT_CIB;
	if (strcmp(label, "cleared") == 0)
		return ROLE_LABEL_CLEARED;
	return ROLE_LABEL_SUSPECTED;
}

static void
draw_saved(struct networks *s, const struct network_row *n, int y, int x0,
    int w, enum role role)
{
	int	x = x0 + 2, nw = w / 3;

	if (nw > 32)
		nw = 32;
	screen_text(y, x, nw, n->name, (size_t)-1, role, false);
	x += nw + 1;
	screen_text(y, x, 10, n->label, (size_t)-1, role == ROLE_NORMAL ?
	    label_role(n->label) : role, false);
	x += 11;
	screen_textf(y, x, 14, role, false, "%lld members",
	    (long long)n->members);
	x += 15;
	screen_textf(y, x, x0 + w - x, role, false, "%s%s%s  %s  %s",
	    n->origin != NULL ? n->origin : "?", " -> ",
	    n->target != NULL ? n->target : "?", n->ttps != NULL ? n->ttps : "",
	    n->created_by != NULL ? n->created_by : "");
}

static void
draw_detected(const struct detect_network *n, int y, int x0, int w,
    enum role role)
{
	struct buf	b = BUF_INIT;
	size_t		i;
	int		x = x0 + 2;

	x += screen_textf(y, x, w - 2, role, false, "#%-3d %5zu accounts  "
	    "%zu kinds  density %.2f  ", n->rank, n->size, n->families,
	    n->density);
	for (i = 0; i < n->nkinds; i++)
		buf_printf(&b, "%s%s:%lld", i > 0 ? " " : "", n->kinds[i].kind,
		    (long long)n->kinds[i].values);
	if (n->size > 0 && n->members[0].handle != NULL)
		buf_printf(&b, "  @%s", n->members[0].handle);
	screen_text(y, x, x0 + w - x, b.data, b.len, role == ROLE_NORMAL ?
	    ROLE_EVIDENCE : role, false);
	buf_free(&b);
}

static void
networks_draw(struct pane *p, struct app *a, bool focused)
{
	struct networks	*s = p->data;
	int		 i, h = p->r.h;

	if (h < 1 || p->r.w < 1)
		return;
	if (s->rows == NULL)
		rebuild(s);
	screen_fill(p->r.y, p->r.x, p->r.w, ROLE_HEADER);
	screen_text(p->r.y, p->r.x + 1, p->r.w - 1, "Networks (Enter opens "
	    "the members)", (size_t)-1, ROLE_HEADER, false);
	if (s->cursor < s->top)
		s->top = s->cursor > 0 ? s->cursor - 1 : 0;
	if ((int)(s->cursor - s->top) >= h - 1)
		s->top = s->cursor - (size_t)(h - 1) + 1;
	for (i = 1; i < h; i++) {
		size_t		 k = s->top + (size_t)(i - 1);
		const struct nrow *r;
		int		 y = p->r.y + i;
		enum role	 role = ROLE_NORMAL;

		if (k >= s->nrows)
			break;
		r = &s->rows[k];
		if (k == s->cursor && selectable(r)) {
			role = focused ? ROLE_SELECTED : ROLE_SELECTED_DIM;
			screen_fill(y, p->r.x, p->r.w, role);
		}
		switch (r->type) {
		case NR_HEADER:
			screen_text(y, p->r.x + 1, p->r.w - 1, r->text,
			    (size_t)-1, ROLE_TITLE, false);
			break;
		case NR_NOTE:
			screen_text(y, p->r.x + 2, p->r.w - 2, r->text,
			    (size_t)-1, ROLE_DIM, false);
			break;
		case NR_SAVED:
			draw_saved(s, &s->saved[r->index], y, p->r.x, p->r.w,
			    role);
			break;
		case NR_DETECTED:
			draw_detected(&s->det->networks[r->index], y, p->r.x,
			    p->r.w, role);
			break;
		}
	}
}

static void
step(struct networks *s, int dir, int n)
{
	size_t	i = s->cursor;

	while (n-- > 0) {
		size_t j = i;

		do {
			if (dir < 0 && j == 0)
				return;
			j = dir < 0 ? j - 1 : j + 1;
			if (j >= s->nrows)
				return;
		} while (!selectable(&s->rows[j]));
		s->cursor = i = j;
	}
}

static int
open_row(struct networks *s, struct app *a)
{
	const struct nrow	*r;

	if (s->cursor >= s->nrows)
		return PANE_HANDLED;
	r = &s->rows[s->cursor];
	if (r->type == NR_SAVED) {
		if (app_open_network(a, s->saved[r->index].name) == 0)
			app_set_view(a, VIEW_ACCOUNTS);
	} else if (r->type == NR_DETECTED) {
		const struct detect_network	*n = &s->det->networks[r->index];
		struct buf			 ev = BUF_INIT;
		int64_t				*ids;
		char				*label;
		size_t				 i;

		ids = xcalloc(n->size > 0 ? n->size : 1, sizeof *ids);
		for (i = 0; i < n->size; i++)
			ids[i] = n->members[i].id;
		buf_printf(&ev, "{\"candidate\":%d,\"size\":%zu,\"tied_by\":[",
		    n->rank, n->size);
		for (i = 0; i < n->nvalues; i++) {
			buf_adds(&ev, i > 0 ? ",{\"kind\":" : "{\"kind\":");
			buf_add_json(&ev, n->values[i].kind);
			buf_adds(&ev, ",\"value\":");
			buf_add_json(&ev, n->values[i].value);
			buf_printf(&ev, ",\"accounts\":%lld}",
			    (long long)n->values[i].accounts);
		}
		buf_adds(&ev, "]}");
		label = xasprintf("candidate #%d", n->rank);
		if (app_open_ids(a, ids, n->size, label, ev.data) == 0)
			app_set_view(a, VIEW_ACCOUNTS);
		free(label);
		free(ids);
		buf_free(&ev);
	}
	return PANE_HANDLED;
}

static int
networks_key(struct pane *p, struct app *a, enum action act, int key)
{
	struct networks	*s = p->data;
	int		 page = p->r.h > 2 ? p->r.h - 2 : 1, dir, count;

	if (pane_movement(act, page, (int)s->nrows, &dir, &count)) {
		step(s, dir, count);
		return PANE_HANDLED;
	}
	switch (act) {
	case ACTION_ENTER:
		return open_row(s, a);
	case ACTION_DETECT:
		networks_refresh(a, true);
		break;
	default:
		return PANE_IGNORED;
	}
	return PANE_HANDLED;
}

static int
networks_click(struct pane *p, struct app *a, int row, int col, bool twice)
{
	struct networks	*s = p->data;
	size_t		 k;

	if (row < 1)
		return PANE_HANDLED;
	k = s->top + (size_t)(row - 1);
	if (k < s->nrows && selectable(&s->rows[k])) {
		s->cursor = k;
		if (twice)
			return open_row(s, a);
	}
	return PANE_HANDLED;
}

static void
networks_free(struct pane *p)
{
	struct networks	*s = p->data;

	if (s->bg != NULL) {
		bgrun_cancel(s->bg);
		detect_end(s);
	}
	network_list_free(s->saved, s->nsaved);
	detect_result_free(s->det);
	free(s->note);
	free(s->rows);
	free(s);
	p->data = NULL;
}

static const struct pane_ops networks_ops = {
	.name = "networks",
	.context = KEYS_NETWORKS,
	.list = true,
	.draw = networks_draw,
	.key = networks_key,
	.free = networks_free,
	.click = networks_click,
};

void
pane_networks_init(struct pane *p)
{
	p->ops = &networks_ops;
	p->data = xcalloc(1, sizeof (struct networks));
}
