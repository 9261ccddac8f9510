/*
 * palette.c: the saved-query palette. Lists every query on the search
 * path with its title, narrows the list as one types (name, title or
 * description), asks for each parameter with its default filled in, and
 * runs the query: on the marked accounts, else the account under the
 * cursor, when the query starts from a selection; on the case otherwise.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <limits.h>

#include "app.h"
#include "query.h"
#include "query_path.h"
#include "scr.h"
#include "screen.h"

#define CTRL(c)	((c) & 0x1f)
#define KEY_ESC	27

struct palette {
	struct query_list	*ql;
	size_t			*shown;		/* entry indexes */
	size_t			 nshown;
	size_t			 cursor;
	size_t			 top;
	struct buf		 filter;
};

/* The parameter questions of one run. */
struct run {
	struct query	*q;
	char		**names;
	char		**values;
	size_t		  n;
	size_t		  asked;
};

/* Case-insensitive ASCII substring. */
static bool
contains(const char *hay, const char *needle)
{
	size_t	n = strlen(needle), i;

	if (hay == NULL)
		return false;
	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n; i++) {
			if (ascii_tolower((unsigned char)hay[i]) !=
			    ascii_tolower((unsigned char)needle[i]))
				break;
		}
		if (i == n)
			return true;
	}
	return n == 0;
}

static void
refilter(struct palette *p)
{
	const char	*f = p->filter.data != NULL ? p->filter.data : "";
	size_t		 i;

	p->nshown = 0;
	for (i = 0; i < p->ql->nentries; i++) {
		const struct query_entry *e = &p->ql->entries[i];

		if (e->overridden)
			continue;
		if (!contains(e->name, f) && !contains(e->title, f) &&
		    !contains(e->description, f))
			continue;
		p->shown[p->nshown++] = i;
	}
	p->cursor = 0;
	p->top = 0;
}

void
palette_open(struct app *a)
{
	struct palette	*p;

	if (a->palette != NULL)
		return;
	p = xcalloc(1, sizeof *p);
	p->ql = query_path_list((const char *const *)a->query_dirs,
	    a->nquery_dirs);
	p->shown = xcalloc(p->ql->nentries + 1, sizeof *p->shown);
	refilter(p);
	a->palette = p;
	if (p->ql->nentries == 0)
		app_message(a, false, "No saved queries on the search path "
		    "(set CIBSCOPE_QUERY_PATH)");
}

void
palette_close(struct app *a)
{
	struct palette	*p = a->palette;

	if (p == NULL)
		return;
	a->palette = NULL;
	query_list_free(p->ql);
	free(p->shown);
	buf_free(&p->filter);
	free(p);
}

static void
run_free(struct run *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		free(r->names[i]);
		free(r->values[i]);
	}
	free(r->names);
	free(r->values);
	query_free(r->q);
	free(r);
}

/* Run with the answers given. */
static int
run_now(struct app *a, struct run *r)
{
	struct query_args	 args;
	struct query		*q;
	enum query_from		 from;
	int64_t			*seeds = NULL, id;
	size_t			 i, nseeds = 0;
	char			*label;
	int			 rc;

	memset(&args, 0, sizeof args);
	args.names = (const char *const *)r->names;
	args.values = (const char *const *)r->values;
	args.nparams = r->n;
	args.query_dirs = (const char *const *)a->query_dirs;
	args.nquery_dirs = a->nquery_dirs;
	if (r->q->from == QUERY_FROM_SELECTION) {
		if (a->nmarks > 0) {
			seeds = xcalloc(a->nmarks, sizeof *seeds);
			for (i = 0; i < a->nmarks; i++)
				seeds[nseeds++] = a->marks[i].id;
		} else if ((id = app_cursor_id(a)) != 0) {
			seeds = xcalloc(1, sizeof *seeds);
			seeds[nseeds++] = id;
		}
		args.seeds = seeds;
		args.nseeds = nseeds;
	}
	label = xasprintf("query %s", r->q->name != NULL ? r->q->name :
	    "?");
	app_set_view(a, VIEW_ACCOUNTS);
	from = r->q->from;
	q = r->q;
	r->q = NULL;
	rc = app_run_query(a, q, &args, label, "query");
	if (rc == 0 && from == QUERY_FROM_SELECTION)
		app_message(a, false, "Ran %s from %zu %s", label, nseeds,
		    a->nmarks > 0 ? "marked accounts" : "account");
	free(label);
	free(seeds);
	return rc;
}

static void ask_next(struct app *, struct run *);

static void
param_done(struct app *a, const char *text, void *arg)
{
	struct run	*r = arg;

	r->names = xreallocarray(r->names, r->n + 1, sizeof *r->names);
	r->values = xreallocarray(r->values, r->n + 1, sizeof *r->values);
	r->names[r->n] = xstrdup(r->q->params[r->asked].name);
	r->values[r->n++] = xstrdup(text);
	r->asked++;
	ask_next(a, r);
}

static void
param_cancelled(struct app *a, void *arg)
{
	run_free(arg);
	app_message(a, false, "Query not run");
}

static void
ask_next(struct app *a, struct run *r)
{
	const struct query_param	*qp;
	struct prompt_spec		 spec;
	char				*label;

	if (r->asked >= r->q->nparams) {
		run_now(a, r);
		run_free(r);
		return;
	}
	qp = &r->q->params[r->asked];
	label = xasprintf("%s%s%s%s: ", qp->name, qp->help != NULL ? " (" :
	    "", qp->help != NULL ? qp->help : "", qp->help != NULL ? ")" : "");
	memset(&spec, 0, sizeof spec);
	spec.label = label;
	spec.initial = qp->def;
	spec.done = param_done;
	spec.cancelled = param_cancelled;
	spec.arg = r;
	prompt_open(a, &spec);
	free(label);
}

static struct run *
run_load(struct app *a, const char *name_or_file)
{
	struct run	*r;
	struct query	*q;
	char		*cause = NULL;

	q = query_path_load(name_or_file, (const char *const *)a->query_dirs,
	    a->nquery_dirs, &cause);
	if (q == NULL) {
		app_message(a, true, "%s", cause);
		free(cause);
		return NULL;
	}
	r = xcalloc(1, sizeof *r);
	r->q = q;
	return r;
}

int
palette_run_name(struct app *a, const char *name, const char *const *names,
    const char *const *values, size_t n)
{
	struct run	*r;
	size_t		 i;
	int		 rc;

	if ((r = run_load(a, name)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		r->names = xreallocarray(r->names, r->n + 1, sizeof *r->names);
		r->values = xreallocarray(r->values, r->n + 1,
		    sizeof *r->values);
		r->names[r->n] = xstrdup(names[i]);
		r->values[r->n++] = xstrdup(values[i]);
	}
	rc = run_now(a, r);
	run_free(r);
	return rc;
}

static void
choose(struct app *a)
{
	struct palette		*p = a->palette;
	const struct query_entry *e;
	struct run		*r;
	char			*file;

	if (p->nshown == 0)
		return;
	e = &p->ql->entries[p->shown[p->cursor]];
	if (e->error != NULL) {
		app_message(a, true, "%s", e->error);
		return;
	}
	file = xstrdup(e->file);
	palette_close(a);
	r = run_load(a, file);
	free(file);
	if (r != NULL)
		ask_next(a, r);
}

static int
list_rows(void)
{
	int	h = LINES - 6;

	if (h > 24)
		h = 24;
	return h - 4 > 1 ? h - 4 : 1;
}

int
palette_key(struct app *a, int key, bool wide)
{
	struct palette	*p = a->palette;
	size_t		 page = (size_t)list_rows();
	char		 mb[MB_LEN_MAX];
	mbstate_t	 ps;
	size_t		 n;

	if (!wide) {
		switch (key) {
		case KEY_UP:
			if (p->cursor > 0)
				p->cursor--;
			break;
		case KEY_DOWN:
			if (p->cursor + 1 < p->nshown)
				p->cursor++;
			break;
		case KEY_PPAGE:
			p->cursor = p->cursor > page ? p->cursor - page : 0;
			break;
		case KEY_NPAGE:
			p->cursor += page;
			if (p->cursor >= p->nshown)
				p->cursor = p->nshown > 0 ? p->nshown - 1 : 0;
			break;
		case KEY_ENTER:
			choose(a);
			return PANE_HANDLED;
		case KEY_BACKSPACE:
			goto backspace;
		default:
			break;
		}
		return PANE_HANDLED;
	}
	switch (key) {
	case KEY_ESC:
	case CTRL('g'):
		palette_close(a);
		return PANE_HANDLED;
	case '\r':
	case '\n':
		choose(a);
		return PANE_HANDLED;
	case CTRL('n'):
		if (p->cursor + 1 < p->nshown)
			p->cursor++;
		return PANE_HANDLED;
	case CTRL('p'):
		if (p->cursor > 0)
			p->cursor--;
		return PANE_HANDLED;
	case 127:
	case CTRL('h'):
	backspace:
		if (p->filter.len > 0) {
			size_t	len = p->filter.len - 1;

			while (len > 0 && ((unsigned char)p->filter.data[len] &
			    0xc0) == 0x80)
				len--;
			p->filter.len = len;
			p->filter.data[len] = '\0';
			refilter(p);
		}
		return PANE_HANDLED;
	case CTRL('u'):
		buf_clear(&p->filter);
		refilter(p);
		return PANE_HANDLED;
	default:
		if (key < 32)
			return PANE_HANDLED;
		memset(&ps, 0, sizeof ps);
		n = wcrtomb(mb, (wchar_t)key, &ps);
		if (n != (size_t)-1 && p->filter.len < 200) {
			buf_add(&p->filter, mb, n);
			refilter(p);
		}
		return PANE_HANDLED;
	}
}

void
palette_draw(struct app *a)
{
	struct palette	*p = a->palette;
	int		 w = COLS - 4, h = LINES - 6, x0 = 2, y0 = 2, rows, i;
	int		 nw = 24;

	if (w > 100)
		w = 100;
	if (h > 24)
		h = 24;
	if (w < 10 || h < 5)
		return;
	x0 = (COLS - w) / 2;
	rows = h - 4;
	if (p->cursor < p->top)
		p->top = p->cursor;
	if (p->cursor >= p->top + (size_t)rows)
		p->top = p->cursor - (size_t)rows + 1;
	for (i = 0; i < h; i++)
		screen_fill(y0 + i, x0, w, ROLE_NORMAL);
	screen_fill(y0, x0, w, ROLE_TITLE);
	screen_textf(y0, x0 + 1, w - 2, ROLE_TITLE, false, "Saved queries "
	    "(%zu of %zu) - type to filter, Enter runs, Esc closes", p->nshown,
	    p->ql->nentries);
	i = screen_text(y0 + 1, x0 + 1, w - 2, "> ", 2, ROLE_PROMPT, false);
	screen_text(y0 + 1, x0 + 1 + i, w - 2 - i, p->filter.data, p->filter.len,
	    ROLE_NORMAL, false);
	if (nw > w / 3)
		nw = w / 3;
	for (i = 0; i < rows; i++) {
		size_t			  k = p->top + (size_t)i;
		const struct query_entry *e;
		enum role		  r = ROLE_NORMAL;

		if (k >= p->nshown)
			break;
		e = &p->ql->entries[p->shown[k]];
		if (k == p->cursor) {
			r = ROLE_SELECTED;
			screen_fill(y0 + 2 + i, x0, w, r);
		}
		screen_text(y0 + 2 + i, x0 + 1, nw, e->name, (size_t)-1, r,
		    false);
		screen_text(y0 + 2 + i, x0 + 2 + nw, w - nw - 3,
		    e->error != NULL ? e->error : e->title != NULL ? e->title :
		    "", (size_t)-1, e->error != NULL && r == ROLE_NORMAL ?
		    ROLE_ERROR : r, false);
	}
	if (p->nshown > 0) {
		const struct query_entry *e = &p->ql->entries[p->shown[p->cursor]];
		const char *d = e->description != NULL ? e->description : "";

		screen_fill(y0 + h - 2, x0, w, ROLE_STATUS);
		screen_text(y0 + h - 2, x0 + 1, w - 2, d, strcspn(d, "\n"),
		    ROLE_STATUS, false);
		screen_textf(y0 + h - 1, x0 + 1, w - 2, ROLE_DIM, false,
		    "%s", e->file);
	}
}
