/*
 * app.c: the investigation screen's main loop. One loop: lay out, draw,
 * read a key, hand its action to the focused pane, and act on it here
 * only when the pane ignores it. Also the bars around the panes
 * (breadcrumb, status, message) and the progress shown during long work.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app.h"
#include "audit.h"
#include "case.h"
#include "query.h"
#include "sanitize.h"
#include "scr.h"
#include "screen.h"
#include "trace.h"
#include "view.h"

#define KEY_ESC		27
/* Poll for signals this often when no key comes (ms). */
#define IDLE_POLL_MS	500
/* During long work: read keys at most this often, draw progress after
 * this long (seconds). */
#define BUSY_POLL_S	0.05
#define BUSY_SHOW_S	0.15
#define JOB_DRAW_S	0.05
#define DOUBLE_CLICK_S	0.4	/* two presses on one cell: a double click */	/* how often rows found by a job are drawn */

void
app_message(struct app *a, bool error, const char *fmt, ...)
{
	va_list	ap;

	free(a->message);
	va_start(ap, fmt);
	a->message = xvasprintf(fmt, ap);
	va_end(ap);
	a->message_error = error;
	/* Messages are one line: keep the first of a multi-line cause,
	 * which for a regex error already says where ("at offset N"). */
	a->message[strcspn(a->message, "\n")] = '\0';
	if (a->message[0] >= 'a' && a->message[0] <= 'z')
		a->message[0] = (char)(a->message[0] - 'a' + 'A');
}

void
app_audit(struct app *a, const char *action, const char *target,
    const char *detail)
{
	char	*cause = NULL;

	if (a->c->readonly)
		return;
	if (case_begin(a->c, &cause) != 0 ||
	    audit_append(a->c, action, target, detail, &cause) != 0 ||
	    case_commit(a->c, &cause) != 0) {
		case_rollback(a->c);
		app_message(a, true, "%s", cause);
		free(cause);
	}
}

void
app_set_view(struct app *a, enum view v)
{
	/* Detection shown nowhere else is stale once the view is left. */
	if (a->view == VIEW_NETWORKS && v != VIEW_NETWORKS)
		networks_stop(a, true);
	a->view = v;
	switch (v) {
	case VIEW_ACCOUNTS:
		a->focus = PANE_ACCOUNTS;
		break;
	case VIEW_NETWORKS:
		a->focus = PANE_NETWORKS;
		break;
	case VIEW_TIMING:
		/* The charts are of the whole list. */
		app_level_finish(a, app_level(a));
		a->focus = PANE_TIMING;
		break;
	case VIEW_TIPS:
		a->focus = PANE_TIPS;
		break;
	}
	app_layout(a);
}

void
app_focus(struct app *a, int pane)
{
	if (pane >= 0 && pane < NPANES && a->panes[pane].visible)
		a->focus = pane;
}

/* ---- drawing ---------------------------------------------------------- */

static void
draw_top(struct app *a)
{
	struct buf	 b = BUF_INIT;
	const char	*s;
	size_t		 len, skip = 0;
	int		 x;

	screen_fill(0, 0, COLS, ROLE_BREADCRUMB);
	x = screen_textf(0, 0, COLS, ROLE_TITLE, false, " %s ",
	    a->case_name);
	app_breadcrumb(a, &b);
	s = b.data != NULL ? b.data : "";
	len = strlen(s);
	/* Keep the newest end of a long trail in view. */
	while (x + 1 < COLS && (int)sanitize_width(s + skip, len - skip,
	    screen_flags()) + (skip > 0 ? 6 : 0) > COLS - x - 1) {
		const char *p = strstr(s + skip + 1, " > ");

		if (p == NULL)
			break;
		skip = (size_t)(p - s) + 3;
	}
	if (skip > 0)
		x += screen_text(0, x + 1, COLS - x - 1, "... > ", (size_t)-1,
		    ROLE_BREADCRUMB, false);
	screen_text(0, x + 1, COLS - x - 1, s + skip, len - skip,
	    ROLE_BREADCRUMB, false);
	buf_free(&b);
}

static const char *const view_names[] = {
	[VIEW_ACCOUNTS] = "accounts",
	[VIEW_NETWORKS] = "networks",
	[VIEW_TIMING] = "timing",
	[VIEW_TIPS] = "tips",
};

static void
draw_status(struct app *a)
{
	struct level	*l = app_level(a);
	struct buf	 b = BUF_INIT;
	int		 y = LINES - 2;
	static const char spin[] = "|/-\\";

	if (y < 1)
		return;
	screen_fill(y, 0, COLS, ROLE_STATUS);
	if (a->busy != NULL) {
		screen_textf(y, 0, COLS, ROLE_STATUS, true, " %c Running: %s "
		    "(%.1fs) - Esc cancels", spin[a->busy_spin % 4], a->busy,
		    clock_now() - a->busy_start);
		return;
	}
	if (a->prompt != NULL && a->message != NULL) {
		screen_text(y, 0, COLS, a->message, (size_t)-1,
		    a->message_error ? ROLE_ERROR : ROLE_STATUS, true);
		return;
	}
	buf_printf(&b, " %s | %lld accounts", a->case_name,
	    l != NULL ? (long long)l->res->count : 0LL);
	if (l != NULL && l->cursor > 0)
		buf_printf(&b, " | row %lld", (long long)l->cursor);
	if (l != NULL && l->job != NULL && view_job_running(l->job))
		buf_printf(&b, " | query running %.1fs",
		    clock_now() - l->job_started);
	else if (l != NULL && l->job != NULL)
		buf_printf(&b, " | %s %d%%", l->job_query ? "loading" :
		    "filtering", (int)(view_job_progress(l->job) * 100));
	filter_find_status(a, &b);
	if (a->nmarks > 0)
		buf_printf(&b, " | %zu marked", a->nmarks);
	if (l != NULL && l->sort >= 0)
		buf_printf(&b, " | sort %s %s", app_sort_names[l->sort],
		    l->desc ? "desc" : "asc");
	replay_mode_status(a, &b);
	buf_printf(&b, " | %s", view_names[a->view]);
	if (a->c->readonly)
		buf_adds(&b, " | read-only");
	screen_text(y, 0, COLS, b.data, b.len, ROLE_STATUS, true);
	if (COLS > (int)b.len + 18)
		screen_text(y, COLS - 17, 17, "? help  q quit ", (size_t)-1,
		    ROLE_STATUS, true);
	buf_free(&b);
}

static void
draw_message(struct app *a)
{
	int	y = LINES - 1;

	if (y < 2)
		return;
	screen_fill(y, 0, COLS, ROLE_MESSAGE);
	if (a->message != NULL) {
		screen_text(y, 0, COLS, a->message, (size_t)-1,
		    a->message_error ? ROLE_ERROR : ROLE_MESSAGE, false);
		return;
	}
	if (a->replay != NULL && a->view == VIEW_ACCOUNTS) {
		screen_text(y, 0, COLS, "n/p next/previous step  l steps  Enter "
		    "open/pivot  Tab pane  Backspace back  ? help", (size_t)-1,
		    ROLE_DIM, false);
		return;
	}
	switch (a->view) {
	case VIEW_ACCOUNTS:
		screen_text(y, 0, COLS, "Enter open/pivot  Tab pane  / filter  "
		    "p queries  Space mark  t tag  2 networks  3 timing  "
		    ": command", (size_t)-1, ROLE_DIM, false);
		break;
	case VIEW_NETWORKS:
		screen_text(y, 0, COLS, "Enter open members  r detect again  "
		    ":export FORMAT  1 accounts  3 timing", (size_t)-1, ROLE_DIM,
		    false);
		break;
	case VIEW_TIMING:
		screen_text(y, 0, COLS, "z time zone  u day/hour  1 accounts  2 "
		    "networks", (size_t)-1, ROLE_DIM, false);
		break;
	case VIEW_TIPS:
		screen_text(y, 0, COLS, "Enter open the accounts hit  Esc stop "
		    "counting  4 count again  1 accounts  2 networks",
		    (size_t)-1, ROLE_DIM, false);
		break;
	}
}

void
app_draw(struct app *a)
{
	int	i;

	app_layout(a);
	erase();
	curs_set(0);
	if (a->too_small) {
		screen_textf(0, 0, COLS, ROLE_ERROR, false, "Too small "
		    "(%dx%d)", COLS, LINES);
		screen_text(1, 0, COLS, "need 30x8; q quits", (size_t)-1,
		    ROLE_NORMAL, false);
		refresh();
		return;
	}
	draw_top(a);
	if (a->caption_h > 0)
		replay_caption_draw(a, 1, a->caption_h);
	for (i = 0; i < NPANES; i++) {
		struct pane *p = &a->panes[i];

		if (p->visible)
			p->ops->draw(p, a, i == a->focus && !a->help &&
			    a->palette == NULL);
	}
	if (a->help)
		help_draw(a);
	if (a->palette != NULL)
		palette_draw(a);
	draw_status(a);
	if (a->prompt != NULL)
		prompt_draw(a, LINES - 1, COLS);
	else
		draw_message(a);
	refresh();
}

/* ---- long work --------------------------------------------------------- */

void
app_busy_begin(struct app *a, const char *what, bool typeahead)
{
	a->busy = what;
	a->busy_start = a->busy_drawn = clock_now();
	a->busy_typeahead = typeahead;
	a->busy_cancelled = false;
	a->busy_spin = 0;
	view_watch(a->c, app_busy_poll, a);
}

void
app_busy_end(struct app *a)
{
	view_watch(a->c, NULL, NULL);
	a->busy = NULL;
}

/*
 * Called during long work: read pending keys (Esc cancels; with
 * typeahead, any key cancels and is kept for the main loop), notice
 * signals, and keep the progress on the status line moving.
 */
int
app_busy_poll(void *arg)
{
	struct app	*a = arg;
	double		 now = clock_now();
	wint_t		 ch;
	int		 rc;

	if (a->busy_cancelled)
		return 1;
	if (screen_signalled() != 0) {
		a->busy_cancelled = true;
		return 1;
	}
	if (now - a->busy_drawn < BUSY_POLL_S)
		return 0;
	a->busy_drawn = now;
	timeout(0);
	while ((rc = get_wch(&ch)) != ERR) {
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		if (rc == OK && ch == KEY_ESC) {
			a->busy_cancelled = true;
			break;
		}
		if (a->busy_typeahead) {
			if (rc == KEY_CODE_YES)
				ungetch((int)ch);
			else
				unget_wch((wchar_t)ch);
			a->busy_cancelled = true;
			break;
		}
	}
	timeout(IDLE_POLL_MS);
	if (!a->busy_cancelled && now - a->busy_start > BUSY_SHOW_S &&
	    !a->too_small) {
		a->busy_spin++;
		draw_status(a);
		refresh();
	}
	return a->busy_cancelled ? 1 : 0;
}

/* ---- keys -------------------------------------------------------------- */

static void
next_pane(struct app *a, int dir)
{
	int	i, p = a->focus;

	for (i = 0; i < NPANES; i++) {
		p = (p + dir + NPANES) % NPANES;
		if (a->panes[p].visible) {
			a->focus = p;
			return;
		}
	}
}

static void
global_action(struct app *a, enum action act)
{
	switch (act) {
	case ACTION_QUIT:
		a->quit = true;
		break;
	case ACTION_HELP:
		a->help = true;
		a->help_top = 0;
		break;
	case ACTION_NEXT_PANE:
		next_pane(a, 1);
		break;
	case ACTION_PREV_PANE:
		next_pane(a, -1);
		break;
	case ACTION_BACK:
		app_pop(a);
		break;
	case ACTION_VIEW_ACCOUNTS:
		app_set_view(a, VIEW_ACCOUNTS);
		break;
	case ACTION_VIEW_NETWORKS:
		app_set_view(a, VIEW_NETWORKS);
		networks_refresh(a, false);
		break;
	case ACTION_VIEW_TIMING:
		app_set_view(a, VIEW_TIMING);
		break;
	case ACTION_VIEW_TIPS:
		app_set_view(a, VIEW_TIPS);
		tips_refresh(a);
		break;
	case ACTION_FILTER:
		if (a->view != VIEW_ACCOUNTS)
			app_set_view(a, VIEW_ACCOUNTS);
		filter_open(a);
		break;
	case ACTION_FIND_NEXT:
		filter_find(a, 1);
		break;
	case ACTION_FIND_PREV:
		filter_find(a, -1);
		break;
	case ACTION_PALETTE:
		palette_open(a);
		break;
	case ACTION_COMMAND:
		cmdline_open(a);
		break;
	case ACTION_TAG:
		tag_open(a, NULL, NULL);
		break;
	case ACTION_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACTION_CANCEL:
		free(a->message);
		a->message = NULL;
		if (a->view == VIEW_NETWORKS && networks_busy(a)) {
			networks_stop(a, false);
			break;
		}
		if (a->view == VIEW_TIPS && tips_busy(a)) {
			tips_stop(a);
			break;
		}
		if (filter_find_stop(a)) {
			app_message(a, false, "Search stopped");
			break;
		}
		if (replay_mode_stop(a)) {
			app_message(a, false, "Step stopped");
			break;
		}
		/* A saved query still running: stop it, drop its list. */
		if (app_level(a) != NULL && app_level(a)->job_query &&
		    a->nlevels > 1) {
			app_pop(a);
			app_message(a, false, "Cancelled");
		}
		break;
	case ACTION_STEP_NEXT:
	case ACTION_STEP_PREV:
	case ACTION_STEP_LIST:
		replay_mode_key(a, act);
		break;
	default:
		break;
	}
}

static void
mouse(struct app *a)
{
	MEVENT	ev;
	double	now;
	bool	twice;
	int	i;

	if (getmouse(&ev) != OK || a->prompt != NULL || a->too_small)
		return;
	/* A release is not a click: after a press that changed the layout
	 * it would land on another row. */
	if ((ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED |
	    BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED)) == 0)
		return;
	if (a->help) {
		if (ev.bstate & BUTTON4_PRESSED)
			help_key(a, ACTION_UP, 0);
		else if (ev.bstate & BUTTON5_PRESSED)
			help_key(a, ACTION_DOWN, 0);
		return;
	}
	if (a->palette != NULL)
		return;
	for (i = 0; i < NPANES; i++) {
		struct pane	*p = &a->panes[i];
		int		 k;

		if (!p->visible || ev.y < p->r.y || ev.y >= p->r.y + p->r.h ||
		    ev.x < p->r.x || ev.x >= p->r.x + p->r.w)
			continue;
		a->focus = i;
		if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
			for (k = 0; k < 3; k++)
				p->ops->key(p, a, ev.bstate & BUTTON4_PRESSED ?
				    ACTION_UP : ACTION_DOWN, 0);
		} else if (p->ops->click != NULL) {
			/*
			 * curses resolves no clicks (mouseinterval(0) keeps
			 * presses immediate): a second press on the same cell
			 * within DOUBLE_CLICK_S is the double click.
			 */
			now = clock_now();
			twice = (ev.bstate & BUTTON1_DOUBLE_CLICKED) != 0 ||
			    (now - a->click_at < DOUBLE_CLICK_S &&
			    ev.y == a->click_y && ev.x == a->click_x);
			a->click_at = twice ? 0 : now;
			a->click_y = ev.y;
			a->click_x = ev.x;
			p->ops->click(p, a, ev.y - p->r.y, ev.x - p->r.x,
			    twice);
		}
		return;
	}
}

static void
app_key(struct app *a, int key, bool fkey)
{
	enum keys_context	 ctx[4];
	size_t			 n = 0;
	struct pane		*p;
	enum action		 act;
	int			 flags;

	if (fkey && key == KEY_RESIZE)
		return;
	if (fkey && key == KEY_MOUSE) {
		mouse(a);
		return;
	}
	if (a->prompt == NULL && a->palette == NULL) {
		free(a->message);
		a->message = NULL;
	}
	if (a->prompt != NULL) {
		prompt_key(a, key, !fkey);
		return;
	}
	if (a->palette != NULL) {
		palette_key(a, key, !fkey);
		return;
	}
	if (!fkey && key >= 128)
		return;
	if (a->too_small) {
		if (!fkey && key == 'q')
			a->quit = true;
		return;
	}
	p = &a->panes[a->focus];
	if (a->replay != NULL)
		ctx[n++] = KEYS_REPLAY;
	ctx[n++] = p->ops->context;
	if (p->ops->list)
		ctx[n++] = KEYS_MOVE;
	ctx[n++] = KEYS_GLOBAL;
	if (a->help) {
		const enum keys_context hctx[] = { KEYS_MOVE, KEYS_GLOBAL };

		help_key(a, keys_lookup(key, hctx, 2), key);
		return;
	}
	act = keys_lookup(key, ctx, n);
	if (act == ACTION_NONE)
		return;
	flags = p->ops->key(p, a, act, key);
	if (flags & PANE_QUIT)
		a->quit = true;
	if (flags == PANE_IGNORED)
		global_action(a, act);
}

/* The name to show: the case's own, else the file's base name. */
static char *
case_title(struct case_db *c, const char *path)
{
	char		*name = case_info_get(c, "name");
	const char	*base;

	if (name != NULL && *name != '\0')
		return name;
	free(name);
	base = strrchr(path, '/');
	return xstrdup(base != NULL ? base + 1 : path);
}

static void
app_free(struct app *a)
{
	int	i;

	if (a->palette != NULL)
		palette_close(a);
	if (a->prompt != NULL)
		prompt_close(a);
	replay_mode_free(a);
	for (i = 0; i < NPANES; i++) {
		if (a->panes[i].ops != NULL && a->panes[i].ops->free != NULL)
			a->panes[i].ops->free(&a->panes[i]);
	}
	app_levels_free(a);
	app_marks_clear(a);
	for (i = 0; i < (int)a->nhistory; i++)
		free(a->history[i]);
	free(a->history);
	for (i = 0; i < (int)a->nfilter_history; i++)
		free(a->filter_history[i]);
	free(a->filter_history);
	view_kinds_free(a->kinds);
	free(a->find_pattern);
	free(a->find_field);
	free(a->message);
	free(a->case_name);
}

/*
 * The screen on a case, in replay mode when rp is not NULL: start curses,
 * open the whole case as the first list (replay mode then shows its
 * first step instead), and run the one loop until q or a signal. With
 * the timing trace on, every refresh ends complete (no typeahead cut)
 * and each key is timed from its read to the refresh that shows it.
 */
static int
app_main(struct case_db *c, const char *path, struct replay *rp)
{
	struct app		 a;
	struct query_result	*all;
	char			*cause = NULL, *what, *theme_cause = NULL;
	wint_t			 ch;
	double			 read_at = 0;
	int			 rc, sig, tkey = 0;
	double			 drawn_at = 0;
	bool			 tfkey = false, timing = false, jobs, tips;
	bool			 stepped = false;

	memset(&a, 0, sizeof a);
	a.c = c;
	a.max_share = 50;
	a.case_name = case_title(c, path);
	a.kinds = view_kinds(c, &a.nkinds);
	if (screen_init(&cause) != 0) {
		fprintf(stderr, "cibscope: %s\n", cause);
		free(cause);
		app_free(&a);
		return 1;
	}
	screen_theme_start(&theme_cause);
	pane_accounts_init(&a.panes[PANE_ACCOUNTS]);
	pane_detail_init(&a.panes[PANE_DETAIL]);
	pane_networks_init(&a.panes[PANE_NETWORKS]);
	pane_timing_init(&a.panes[PANE_TIMING]);
	pane_tips_init(&a.panes[PANE_TIPS]);
	pane_steps_init(&a.panes[PANE_STEPS]);
	a.view = VIEW_ACCOUNTS;
	a.focus = PANE_ACCOUNTS;
	timeout(IDLE_POLL_MS);

	if (view_all(c, &all, &cause) != 0) {
		screen_end();
		free(theme_cause);
		fprintf(stderr, "cibscope: %s\n", cause);
		free(cause);
		app_free(&a);
		return 1;
	}
	what = app_level_what(&a, "all", all->canonical);
	app_push(&a, all, "all", what, false);
	free(what);
	if (c->notice != NULL)
		app_message(&a, false, "%s", c->notice);
	/* A theme that did not load matters more than the notice. */
	if (theme_cause != NULL) {
		app_message(&a, true, "%s", theme_cause);
		free(theme_cause);
	}

	if (rp != NULL)
		replay_mode_start(&a, rp);
	if (trace_on())
		typeahead(-1);

	while (!a.quit && screen_signalled() == 0) {
		/*
		 * Between job steps the screen is drawn at most every
		 * JOB_DRAW_S: drawing after each step made a filter 1.7
		 * times slower to finish.
		 */
		if (!stepped || !app_jobs_pending(&a) ||
		    clock_now() - drawn_at >= JOB_DRAW_S) {
			app_draw(&a);
			drawn_at = clock_now();
		}
		stepped = false;
		trace_refreshed();
		if (timing) {
			trace_key(tkey, tfkey, read_at);
			timing = false;
		}
		/* With a list still being made, keys first, then a step. */
		jobs = app_jobs_pending(&a);
		tips = tips_busy(&a);
		/* Only threads at work: wait for them and for keys alike. */
		if (!jobs && !tips)
			timeout(IDLE_POLL_MS);
		else if (jobs && !a.jobs_idle)
			timeout(0);
		else
			timeout(JOB_WAIT_MS);
		rc = get_wch(&ch);
		if (rc == ERR) {
			if (tips)
				tips_step(&a, 0);
			if (jobs) {
				app_jobs_step(&a);
				stepped = true;
			}
			continue;
		}
		if (trace_on() && !(rc == KEY_CODE_YES && ch == KEY_RESIZE)) {
			read_at = clock_now();
			tkey = (int)ch;
			tfkey = rc == KEY_CODE_YES;
			timing = true;
		}
		app_key(&a, (int)ch, rc == KEY_CODE_YES);
	}
	sig = screen_signalled();
	screen_end();
	if (timing)
		trace_key(tkey, tfkey, read_at);
	app_free(&a);
	if (sig != 0)
		return 128 + sig;
	return 0;
}

int
app_run(struct case_db *c, const char *path)
{
	return app_main(c, path, NULL);
}

int
app_replay(struct case_db *c, const char *path, struct replay *rp)
{
	return app_main(c, path, rp);
}
