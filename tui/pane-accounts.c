/*
 * pane-accounts.c: the current list of accounts, virtually scrolled.
 *
 * Only the rows on screen are read (result_page() by ordinal range), so a
 * list of a million accounts costs the same as one of ten. Columns fit the
 * width: the least needed go first when it is narrow. A list made by a
 * pivot or a query shows the evidence that brought each account in.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "query.h"
#include "result.h"
#include "screen.h"
#include "view.h"

struct arow {
	int64_t		 ord;
	int64_t		 id;
	char		*handle;
	char		*name;
	char		*platform;
	char		*created;
	int64_t		 followers;
	char		*networks;
	char		*evidence;
};

struct accounts {
	struct arow		*rows;
	size_t			 nrows;
	int64_t			 first;		/* ordinal of rows[0] */
	const struct query_result *res;		/* what the cache is of */
	unsigned		 gen;
	char			*error;
};

enum col {
	COL_HANDLE,
	COL_NAME,
	COL_PLATFORM,
	COL_CREATED,
	COL_FOLLOWERS,
	COL_NETWORKS,
	COL_EVIDENCE,
	NCOLS
};

static const struct {
	const char	*title;
	int		 min;		/* narrowest useful width */
	int		 want;		/* width when there is room */
	int		 drop;		/* order of leaving: higher goes first */
	int		 sort;		/* app_sort_fields index, -1 none */
} cols[NCOLS] = {
	[COL_HANDLE] = { "Handle", 8, 22, 0, 0 },
	[COL_NAME] = { "Display name", 8, 24, 2, 1 },
	[COL_PLATFORM] = { "Platform", 8, 9, 5, 2 },
	[COL_CREATED] = { "Created", 10, 10, 3, 3 },
	[COL_FOLLOWERS] = { "Followers", 9, 9, 4, 4 },
	[COL_NETWORKS] = { "Network", 7, 14, 6, 5 },
	[COL_EVIDENCE] = { "Evidence", 10, 30, 1, -1 },
};

static void
rows_free(struct accounts *s)
{
	size_t	i;

	for (i = 0; i < s->nrows; i++) {
		free(s->rows[i].handle);
		free(s->rows[i].name);
		free(s->rows[i].platform);
		free(s->rows[i].created);
		free(s->rows[i].networks);
		free(s->rows[i].evidence);
	}
	free(s->rows);
	s->rows = NULL;
	s->nrows = 0;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void
add_row(void *arg, const struct result_row *r)
{
	struct accounts	*s = arg;
	struct arow	*a;

	s->rows = xreallocarray(s->rows, s->nrows + 1, sizeof *s->rows);
	a = &s->rows[s->nrows++];
	a->ord = r->ord;
	a->id = r->id;
	a->handle = dup_or_null(r->handle);
	a->name = dup_or_null(r->display_name);
	a->platform = dup_or_null(r->platform);
	a->created = dup_or_null(r->created_at);
	a->followers = r->followers;
	a->networks = dup_or_null(r->networks);
	a->evidence = dup_or_null(r->evidence);
}

/* Rows visible in a pane of height h (one line is the header). */
static int
page_rows(const struct pane *p)
{
	return p->r.h > 1 ? p->r.h - 1 : 1;
}

/* Keep the cursor on screen. */
static void
scroll_to_cursor(struct pane *p, struct level *l)
{
	int64_t	n = page_rows(p);

	if (l->cursor < 1) {
		l->top = 1;
		return;
	}
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->cursor >= l->top + n)
		l->top = l->cursor - n + 1;
	if (l->top < 1)
		l->top = 1;
}

/* Make sure rows [top, top + n) are in the cache. */
static void
fetch(struct pane *p, struct app *a, struct level *l)
{
	struct accounts	*s = p->data;
	int64_t		 n = page_rows(p);
	char		*cause = NULL;

	if (s->res == l->res && s->gen == a->generation &&
	    s->first == l->top && ((int64_t)s->nrows >= n ||
	    l->top + (int64_t)s->nrows > l->res->count))
		return;
	rows_free(s);
	free(s->error);
	s->error = NULL;
	s->res = l->res;
	s->gen = a->generation;
	s->first = l->top;
	if (result_page(a->c, l->res, l->top, n, add_row, s, &cause) < 0) {
		s->error = cause;
		s->res = NULL;
	}
}

static const struct arow *
row_at(struct accounts *s, int64_t ord)
{
	int64_t	i = ord - s->first;

	if (i < 0 || i >= (int64_t)s->nrows || s->rows[i].ord != ord)
		return NULL;
	return &s->rows[i];
}

/* Room the free-text columns should have beyond their minimum before
 * the short columns are given any. */
#define COMFORT	24

/* True while a short column is still shown that could make room. */
static bool
squeezed(const bool on[NCOLS])
{
	return on[COL_NETWORKS] || on[COL_PLATFORM];
}

/* Which columns fit, and how wide: widths[c] == 0 leaves c out. */
static void
fit_columns(int w, bool evidence, int widths[NCOLS])
{
	bool	on[NCOLS];
	int	c, need, extra, spare, drop;

	for (c = 0; c < NCOLS; c++)
		on[c] = c != COL_EVIDENCE || evidence;
	w -= 2;		/* the mark column */
	for (;;) {
		need = 0;
		for (c = 0; c < NCOLS; c++) {
			if (on[c])
				need += cols[c].min + 1;
		}
		if (need <= w && (need + COMFORT <= w || !squeezed(on)))
			break;
		drop = -1;
		for (c = 0; c < NCOLS; c++) {
			if (on[c] && c != COL_HANDLE &&
			    (drop < 0 || cols[c].drop > cols[drop].drop))
				drop = c;
		}
		if (drop < 0)
			break;
		on[drop] = false;
	}
	spare = w - need;
	for (c = 0; c < NCOLS; c++)
		widths[c] = on[c] ? cols[c].min : 0;
	/* The short columns get what they want first ... */
	for (c = 0; c < NCOLS && spare > 0; c++) {
		if (!on[c] || c == COL_HANDLE || c == COL_NAME ||
		    c == COL_EVIDENCE)
			continue;
		extra = cols[c].want - cols[c].min;
		if (extra > spare)
			extra = spare;
		widths[c] += extra;
		spare -= extra;
	}
	/* ... and the free-text columns share the rest. */
	if (spare > 0) {
		int wt[NCOLS] = { 0 }, total = 0, given = 0;

		wt[COL_HANDLE] = 3;
		wt[COL_NAME] = on[COL_NAME] ? 3 : 0;
		wt[COL_EVIDENCE] = on[COL_EVIDENCE] ? 4 : 0;
		for (c = 0; c < NCOLS; c++)
			total += wt[c];
		for (c = 0; c < NCOLS; c++) {
			int add = spare * wt[c] / total;

			widths[c] += add;
			given += add;
		}
		widths[COL_HANDLE] += spare - given;
	}
	if (widths[COL_HANDLE] < 1)
		widths[COL_HANDLE] = w > 1 ? w - 1 : 1;
}

static void
format_count(int64_t n, char *out, size_t outsz)
{
	if (n < 0)
		snprintf(out, outsz, "-");
	else if (n < 1000000)
		snprintf(out, outsz, "%lld", (long long)n);
	else if (n < 1000000000)
		snprintf(out, outsz, "%.1fM", (double)n / 1e6);
	else
		snprintf(out, outsz, "%.1fG", (double)n / 1e9);
}

static void
accounts_draw(struct pane *p, struct app *a, bool focused)
{
	struct accounts	*s = p->data;
	struct level	*l = app_level(a);
	int		 widths[NCOLS], c, i, x, n;
	char		 num[32], ev[512];

	if (l == NULL || p->r.h < 1 || p->r.w < 1)
		return;
	scroll_to_cursor(p, l);
	fit_columns(p->r.w, l->evidence, widths);
	screen_fill(p->r.y, p->r.x, p->r.w, ROLE_HEADER);
	x = p->r.x + 2;
	for (c = 0; c < NCOLS; c++) {
		char title[48];

		if (widths[c] == 0)
			continue;
		if (cols[c].sort >= 0 && cols[c].sort == l->sort)
			snprintf(title, sizeof title, "%s%s", cols[c].title,
			    l->desc ? " v" : " ^");
		else
			snprintf(title, sizeof title, "%s", cols[c].title);
		screen_text(p->r.y, x, widths[c], title, (size_t)-1,
		    ROLE_HEADER, false);
		x += widths[c] + 1;
	}
	if (l->res->count == 0) {
		screen_text(p->r.y + 1, p->r.x + 2, p->r.w - 2, l->job != NULL ?
		    "Looking for matches..." : "No accounts in this list "
		    "(Backspace goes back)", (size_t)-1, ROLE_DIM, false);
		return;
	}
	fetch(p, a, l);
	if (s->error != NULL) {
		screen_text(p->r.y + 1, p->r.x, p->r.w, s->error, (size_t)-1,
		    ROLE_ERROR, false);
		return;
	}
	n = page_rows(p);
	for (i = 0; i < n; i++) {
		int64_t			 ord = l->top + i;
		const struct arow	*r = row_at(s, ord);
		int			 y = p->r.y + 1 + i;
		enum role		 role = ROLE_NORMAL;
		bool			 marked;

		if (r == NULL)
			break;
		marked = app_marked(a, r->id);
		if (ord == l->cursor)
			role = focused ? ROLE_SELECTED : ROLE_SELECTED_DIM;
		else if (marked)
			role = ROLE_MARKED;
		screen_fill(y, p->r.x, p->r.w, role);
		if (marked)
			screen_glyph(y, p->r.x, GLYPH_MARK,
			    ord == l->cursor ? role : ROLE_MARKED);
		x = p->r.x + 2;
		for (c = 0; c < NCOLS; c++) {
			const char	*t = NULL;
			enum role	 cr = role;

			if (widths[c] == 0)
				continue;
			switch (c) {
			case COL_HANDLE:
				t = r->handle;
				break;
			case COL_NAME:
				t = r->name;
				break;
			case COL_PLATFORM:
				t = r->platform;
				break;
			case COL_CREATED:
				t = r->created;
				break;
			case COL_FOLLOWERS:
				format_count(r->followers, num, sizeof num);
				screen_textf(y, x, widths[c], role, false,
				    "%*s", widths[c], num);
				break;
			case COL_NETWORKS:
				t = r->networks;
				break;
			case COL_EVIDENCE:
				view_evidence_summary(r->evidence, ev,
				    sizeof ev);
				t = ev;
				if (role == ROLE_NORMAL)
					cr = ROLE_EVIDENCE;
				break;
			}
			if (c == COL_CREATED && t != NULL)
				screen_text(y, x, widths[c], t, strlen(t) > 10 ?
				    10 : strlen(t), cr, false);
			else if (t != NULL)
				screen_text(y, x, widths[c], t, (size_t)-1, cr,
				    false);
			x += widths[c] + 1;
		}
	}
}

static int
accounts_key(struct pane *p, struct app *a, enum action act, int key)
{
	struct level		*l = app_level(a);
	struct accounts		*s = p->data;
	const struct arow	*r;
	int64_t			 page = page_rows(p);

	if (l == NULL)
		return PANE_IGNORED;
	switch (act) {
	case ACTION_UP:
		app_move_cursor(a, l->cursor - 1);
		break;
	case ACTION_DOWN:
		app_move_cursor(a, l->cursor + 1);
		break;
	case ACTION_PAGE_UP:
		app_move_cursor(a, l->cursor - page);
		l->top -= page;
		if (l->top < 1)
			l->top = 1;
		break;
	case ACTION_PAGE_DOWN:
		app_move_cursor(a, l->cursor + page);
		if (l->top + page <= l->res->count - page + 1)
			l->top += page;
		break;
	case ACTION_HOME:
		app_move_cursor(a, 1);
		break;
	case ACTION_END:
		app_move_cursor(a, l->res->count);
		break;
	case ACTION_ENTER:
	case ACTION_RIGHT:
		app_focus(a, PANE_DETAIL);
		break;
	case ACTION_MARK:
		if (l->cursor < 1)
			break;
		fetch(p, a, l);
		if ((r = row_at(s, l->cursor)) == NULL)
			break;
		app_mark_toggle(a, r->id, r->evidence);
		a->mark_anchor = l->cursor;
		app_move_cursor(a, l->cursor + 1);
		break;
	case ACTION_MARK_RANGE:
		if (l->cursor < 1)
			break;
		app_mark_range(a, a->mark_anchor > 0 ? a->mark_anchor : 1,
		    l->cursor);
		a->mark_anchor = l->cursor;
		break;
	case ACTION_UNMARK_ALL:
		app_marks_clear(a);
		app_message(a, false, "No account is marked now");
		break;
	case ACTION_SORT_NEXT:
		app_sort(a, l->sort + 1 >= app_nsort ? -1 : l->sort + 1, false);
		break;
	case ACTION_SORT_REVERSE:
		if (l->sort < 0)
			app_message(a, false, "Not sorted: s picks a column");
		else
			app_sort(a, l->sort, !l->desc);
		break;
	default:
		return PANE_IGNORED;
	}
	scroll_to_cursor(p, l);
	return PANE_HANDLED;
}

/* A click on a column title sorts by that column; again, reversed. */
static void
header_click(struct pane *p, struct app *a, struct level *l, int col)
{
	int	widths[NCOLS], c, x = 2;

	fit_columns(p->r.w, l->evidence, widths);
	for (c = 0; c < NCOLS; c++) {
		if (widths[c] == 0)
			continue;
		if (col >= x && col < x + widths[c])
			break;
		x += widths[c] + 1;
	}
	if (c == NCOLS || cols[c].sort < 0)
		return;
	if (cols[c].sort == l->sort)
		app_sort(a, l->sort, !l->desc);
	else
		app_sort(a, cols[c].sort, false);
}

static int
accounts_click(struct pane *p, struct app *a, int row, int col, bool twice)
{
	struct level	*l = app_level(a);

	if (l == NULL)
		return PANE_HANDLED;
	if (row == 0) {
		header_click(p, a, l, col);
		return PANE_HANDLED;
	}
	app_move_cursor(a, l->top + row - 1);
	if (twice)
		app_focus(a, PANE_DETAIL);
	return PANE_HANDLED;
}

static void
accounts_free(struct pane *p)
{
	struct accounts	*s = p->data;

	rows_free(s);
	free(s->error);
	free(s);
	p->data = NULL;
}

static const struct pane_ops accounts_ops = {
	.name = "accounts",
	.context = KEYS_ACCOUNTS,
	.list = true,
	.draw = accounts_draw,
	.key = accounts_key,
	.free = accounts_free,
	.click = accounts_click,
};

void
pane_accounts_init(struct pane *p)
{
	p->ops = &accounts_ops;
	p->data = xcalloc(1, sizeof (struct accounts));
}
