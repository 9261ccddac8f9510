/*
 * pane-detail.c: the account under the cursor, in full: its fields, every
 * attribute it carries with how many accounts share that value ("x14",
 * hubs marked), and the networks it is in. Enter on a value pivots to
 * every account sharing it; Enter on a kind pivots on all its values;
 * Enter on a network opens its members.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "sanitize.h"
#include "screen.h"
#include "view.h"

enum dline_type {
	DL_HEADER,
	DL_FIELD,
	DL_KIND,
	DL_ATTR,
	DL_NET,
	DL_BLANK,
};

struct dline {
	enum dline_type	 type;
	const char	*label;		/* field name, kind, or header */
	const char	*text;		/* raw case text */
	size_t		 len;
	size_t		 index;		/* attr or net index */
	int64_t		 count;		/* values of a kind */
};

struct detail {
	int64_t			 id;
	unsigned		 gen;
	struct view_account	*v;
	struct dline		*lines;
	size_t			 nlines;
	size_t			 cursor;	/* a selectable line */
	size_t			 top;
	char			*error;
	char			 header[64];
};

static bool
selectable(const struct dline *d)
{
	return d->type == DL_KIND || d->type == DL_ATTR || d->type == DL_NET;
}

static void
add_line(struct detail *d, enum dline_type t, const char *label,
    const char *text, size_t len, size_t index)
{
	struct dline	*l;

	d->lines = xreallocarray(d->lines, d->nlines + 1, sizeof *d->lines);
	l = &d->lines[d->nlines++];
	l->type = t;
	l->label = label;
	l->text = text;
	l->len = len;
	l->index = index;
	l->count = 0;
}

static void
build(struct detail *d)
{
	struct view_account	*v = d->v;
	size_t			 i, k;

	free(d->lines);
	d->lines = NULL;
	d->nlines = 0;
	snprintf(d->header, sizeof d->header, "Account %lld",
	    (long long)v->id);
	add_line(d, DL_HEADER, d->header, NULL, 0, 0);
	for (i = 0; i < v->nfields; i++) {
		const char	*s = v->values[i];
		size_t		 len, next, off = 0;
		bool		 first = true;

		if (s == NULL || *s == '\0')
			continue;
		len = strlen(s);
		if (strcmp(v->names[i], "bio") != 0) {
			add_line(d, DL_FIELD, v->names[i], s, len, i);
			continue;
		}
		/* A bio shows line by line. */
		do {
			size_t ll = sanitize_line(s + off, len - off, &next);

			add_line(d, DL_FIELD, first ? v->names[i] : "",
			    s + off, ll, i);
			first = false;
			if (next == 0)
				break;
			off += next;
		} while (off < len);
	}
	add_line(d, DL_BLANK, NULL, NULL, 0, 0);
	add_line(d, DL_HEADER, "Attributes (Enter pivots)", NULL, 0, 0);
	if (v->nattrs == 0)
		add_line(d, DL_FIELD, "", "none", 4, 0);
	for (i = 0; i < v->nattrs; i = k) {
		size_t kind_line = d->nlines;

		add_line(d, DL_KIND, v->attrs[i].kind, NULL, 0, i);
		for (k = i; k < v->nattrs &&
		    strcmp(v->attrs[k].kind, v->attrs[i].kind) == 0; k++)
			add_line(d, DL_ATTR, v->attrs[k].kind,
			    v->attrs[k].value, strlen(v->attrs[k].value), k);
		d->lines[kind_line].count = (int64_t)(k - i);
	}
	add_line(d, DL_BLANK, NULL, NULL, 0, 0);
	add_line(d, DL_HEADER, "Networks", NULL, 0, 0);
	if (v->nnets == 0)
		add_line(d, DL_FIELD, "", "none", 4, 0);
	for (i = 0; i < v->nnets; i++)
		add_line(d, DL_NET, v->nets[i].label, v->nets[i].name,
		    strlen(v->nets[i].name), i);
	/* Start on the first value: the thing one pivots on. */
	d->cursor = 0;
	for (i = 0; i < d->nlines; i++) {
		if (d->lines[i].type == DL_ATTR) {
			d->cursor = i;
			break;
		}
	}
	if (d->cursor == 0) {
		for (i = 0; i < d->nlines; i++) {
			if (selectable(&d->lines[i])) {
				d->cursor = i;
				break;
			}
		}
	}
	d->top = 0;
}

/* Follow the accounts pane's cursor. */
static void
sync(struct detail *d, struct app *a)
{
	int64_t	 id = app_cursor_id(a);
	char	*cause = NULL;

	if (id == d->id && d->gen == a->generation && (d->v != NULL ||
	    d->error != NULL || id == 0))
		return;
	if (id == d->id && d->v != NULL) {
		/* Same account, case changed: keep the cursor line. */
		size_t keep = d->cursor, top = d->top;
		struct view_account *v;

		d->gen = a->generation;
		if (view_account_load(a->c, id, a->max_share, &v, &cause) == 0) {
			view_account_free(d->v);
			d->v = v;
			build(d);
			if (keep < d->nlines && selectable(&d->lines[keep])) {
				d->cursor = keep;
				d->top = top;
			}
		}
		free(cause);
		return;
	}
	d->id = id;
	d->gen = a->generation;
	view_account_free(d->v);
	d->v = NULL;
	free(d->error);
	d->error = NULL;
	free(d->lines);
	d->lines = NULL;
	d->nlines = 0;
	if (id == 0)
		return;
	if (view_account_load(a->c, id, a->max_share, &d->v, &cause) != 0) {
		d->error = cause;
		return;
	}
	build(d);
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
detail_draw(struct pane *p, struct app *a, bool focused)
{
	struct detail	*d = p->data;
	int		 y0 = p->r.y, x0 = p->r.x, w = p->r.w, h = p->r.h, i;
	int		 lw;

	if (h < 1 || w < 1)
		return;
	/* The separator from the accounts pane. */
	if (x0 > 0) {
		for (i = 0; i < h; i++)
			screen_glyph(y0 + i, x0 - 1, GLYPH_VLINE, ROLE_BORDER);
	}
	sync(d, a);
	screen_fill(y0, x0, w, ROLE_HEADER);
	screen_text(y0, x0 + 1, w - 1, d->v != NULL ? d->header : "Detail",
	    (size_t)-1, ROLE_HEADER, false);
	if (d->error != NULL) {
		screen_text(y0 + 1, x0, w, d->error, (size_t)-1, ROLE_ERROR,
		    false);
		return;
	}
	if (d->v == NULL) {
		screen_text(y0 + 1, x0 + 1, w - 1, "No account selected",
		    (size_t)-1, ROLE_DIM, false);
		return;
	}
	/* Keep the cursor line in view (line 0 is the pane header). */
	if (d->cursor < d->top + 1)
		d->top = d->cursor > 0 ? d->cursor - 1 : 0;
	if ((int)(d->cursor - d->top) >= h)
		d->top = d->cursor - (size_t)h + 1;
	lw = w >= 40 ? 13 : w / 3;
	for (i = 1; i < h; i++) {
		size_t			 n = d->top + (size_t)i;
		const struct dline	*l;
		int			 y = y0 + i, x;
		enum role		 role = ROLE_NORMAL;
		char			 num[48];

		if (n >= d->nlines)
			break;
		l = &d->lines[n];
		if (n == d->cursor && selectable(l)) {
			role = focused ? ROLE_SELECTED : ROLE_SELECTED_DIM;
			screen_fill(y, x0, w, role);
		}
		switch (l->type) {
		case DL_BLANK:
			break;
		case DL_HEADER:
			screen_text(y, x0 + 1, w - 1, l->label, (size_t)-1,
			    ROLE_TITLE, false);
			break;
		case DL_FIELD:
			screen_text(y, x0 + 1, lw, l->label, (size_t)-1,
			    ROLE_DIM, false);
			screen_text(y, x0 + 1 + lw, w - 1 - lw, l->text, l->len,
			    role, false);
			break;
		case DL_KIND:
			screen_textf(y, x0 + 1, w - 1, role, false, "%s (%lld)",
			    l->label, (long long)l->count);
			break;
		case DL_ATTR: {
			const struct view_attr *at = &d->v->attrs[l->index];
			int cw;

			snprintf(num, sizeof num, "x%lld%s",
			    (long long)at->accounts, at->hub ? " hub" : "");
			cw = (int)strlen(num);
			x = x0 + 3;
			screen_text(y, x, w - 4 - cw - 1, at->value, (size_t)-1,
			    role, false);
			if (w - cw - 1 > 3)
				screen_text(y, x0 + w - cw - 1, cw, num,
				    (size_t)-1, at->hub && role == ROLE_NORMAL ?
				    ROLE_HUB : role == ROLE_NORMAL ? ROLE_DIM :
				    role, false);
			break;
		}
		case DL_NET:
			x = x0 + 1;
			x += screen_text(y, x, w - 1, l->text, l->len, role,
			    false);
			screen_textf(y, x + 1, x0 + w - x - 1, role ==
			    ROLE_NORMAL ? label_role(l->label) : role, false,
			    "[%s]", l->label);
			break;
		}
	}
}

static void
cursor_step(struct detail *d, int dir, int steps)
{
	size_t	i = d->cursor;

	while (steps-- > 0) {
		size_t j = i;

		do {
			if (dir < 0 && j == 0)
				return;
			j = dir < 0 ? j - 1 : j + 1;
			if (j >= d->nlines)
				return;
		} while (!selectable(&d->lines[j]));
		d->cursor = i = j;
	}
}

static int
open_line(struct detail *d, struct app *a)
{
	const struct dline	*l;

	if (d->v == NULL || d->cursor >= d->nlines)
		return PANE_HANDLED;
	l = &d->lines[d->cursor];
	switch (l->type) {
	case DL_KIND:
		if (app_pivot(a, d->v->id, l->label, NULL) == 0)
			app_focus(a, PANE_ACCOUNTS);
		break;
	case DL_ATTR:
		if (app_pivot(a, d->v->id, d->v->attrs[l->index].kind,
		    d->v->attrs[l->index].value) == 0)
			app_focus(a, PANE_ACCOUNTS);
		break;
	case DL_NET:
		if (app_open_network(a, d->v->nets[l->index].name) == 0)
			app_focus(a, PANE_ACCOUNTS);
		break;
	default:
		break;
	}
	return PANE_HANDLED;
}

static int
detail_key(struct pane *p, struct app *a, enum action act, int key)
{
	struct detail	*d = p->data;
	int		 page = p->r.h > 2 ? p->r.h - 2 : 1, dir, count;

	sync(d, a);
	if (pane_movement(act, page, (int)d->nlines, &dir, &count)) {
		cursor_step(d, dir, count);
		return PANE_HANDLED;
	}
	switch (act) {
	case ACTION_ENTER:
		return open_line(d, a);
	case ACTION_LEFT:
		app_focus(a, PANE_ACCOUNTS);
		break;
	default:
		return PANE_IGNORED;
	}
	return PANE_HANDLED;
}

static int
detail_click(struct pane *p, struct app *a, int row, int col, bool twice)
{
	struct detail	*d = p->data;
	size_t		 n;

	if (row < 1)
		return PANE_HANDLED;
	n = d->top + (size_t)row;
	if (n < d->nlines && selectable(&d->lines[n])) {
		d->cursor = n;
		if (twice)
			return open_line(d, a);
	}
	return PANE_HANDLED;
}

/* The kind under the cursor, for `:pivot` with no kind. */
const char *
detail_kind(struct app *a)
{
	struct detail	*d = a->panes[PANE_DETAIL].data;

	if (d == NULL || d->v == NULL || d->cursor >= d->nlines)
		return NULL;
	if (d->lines[d->cursor].type == DL_KIND ||
	    d->lines[d->cursor].type == DL_ATTR)
		return d->v->attrs[d->lines[d->cursor].index].kind;
	return NULL;
}

static void
detail_free(struct pane *p)
{
	struct detail	*d = p->data;

	view_account_free(d->v);
	free(d->lines);
	free(d->error);
	free(d);
	p->data = NULL;
}

static const struct pane_ops detail_ops = {
	.name = "detail",
	.context = KEYS_DETAIL,
	.list = true,
	.draw = detail_draw,
	.key = detail_key,
	.free = detail_free,
	.click = detail_click,
};

void
pane_detail_init(struct pane *p)
{
	p->ops = &detail_ops;
	p->data = xcalloc(1, sizeof (struct detail));
}
