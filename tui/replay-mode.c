/*
 * replay-mode.c: the screen in replay mode. Each step of a replay
 * (core/replay.h: the case's audit trail, or a tour) is shown as the
 * investigator saw it: its query run again and its accounts as the one
 * level of the stack, or for a step that touches a network, that
 * network's members after the step. A caption bar under the breadcrumb
 * says who did what, when and why, which step this is, and warns when
 * the case no longer gives the recorded count. Everything else on the
 * screen works as usual, so the class can look around (detail, pivots)
 * and come back with n/p, the step list or Backspace. The step list (l)
 * is a pane beside the accounts: Enter (or a click) shows the step under
 * its cursor while the list stays open, so a class can walk the steps.
 *
 * The state below is private to this file; the rest of tui/ asks through
 * the functions in app.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "query.h"
#include "replay.h"
#include "replay_job.h"
#include "sanitize.h"
#include "scr.h"
#include "screen.h"
#include "view.h"

struct replay_mode {
	struct replay	*rp;		/* the caller's */
	size_t		 step;		/* shown, 1-based; 0 before the first */
	int64_t		 count;		/* accounts the step finds now, or -1 */
	bool		 drift;		/* ... and that is not the recorded */
	char		*network;	/* the network it touches, or NULL */
	size_t		 nmembers;	/* its members after the step */
	int64_t		 added;
	char		*error;		/* why the step could not be shown */
	char		*caption;	/* the step's caption, on one line */

	/* The step being run again, in a thread (replay_job.h). */
	struct replay_job *job;
	char		*job_label;
	double		 job_started;

	bool		 listing;	/* the step list is open */
	size_t		 list_cursor;	/* 0-based */
	size_t		 list_top;
};

/* The caption with its line ends and tabs as spaces, trimmed: a tour's
 * folded YAML text ends in a newline. */
static char *
caption_line(const char *s)
{
	char	*t = xstrdup(s != NULL ? s : "");
	size_t	 i, len;

	for (i = 0; t[i] != '\0'; i++) {
		if (t[i] == '\n' || t[i] == '\r' || t[i] == '\t')
			t[i] = ' ';
	}
	len = strlen(t);
	while (len > 0 && t[len - 1] == ' ')
		t[--len] = '\0';
	return t;
}

static void list_close(struct app *);

static void
step_forget(struct replay_mode *m)
{
	free(m->network);
	free(m->error);
	free(m->caption);
	m->network = m->error = m->caption = NULL;
	m->count = -1;
	m->drift = false;
	m->nmembers = 0;
	m->added = 0;
}

/* Drop the step being run, if any. */
static void
job_drop(struct replay_mode *m)
{
	replay_job_free(m->job);
	m->job = NULL;
	free(m->job_label);
	m->job_label = NULL;
}

/*
 * Show step n: run it again in a thread (replay_run() computes what it
 * needs from earlier steps; replay_job.h), the screen answering keys
 * meanwhile; a step still running is dropped first. Once it has run,
 * step_ran() makes its accounts, or the members of the network it
 * touches, the whole stack. When it cannot be run, the caption says why
 * and the lists stay as they were.
 */
static void step_ran(struct app *);

static void
step_show(struct app *a, size_t n)
{
	struct replay_mode	*m = a->replay;
	struct replay_step	*s = &m->rp->steps[n - 1];

	job_drop(m);
	step_forget(m);
	m->step = n;
	m->caption = caption_line(s->caption);
	if (s->network != NULL)
		m->job_label = xasprintf("step %zu: network %s", n,
		    s->network);
	else
		m->job_label = xasprintf("step %zu: %s", n, s->action);
	m->job_started = clock_now();
	m->job = replay_job_start(a->c, m->rp, n);
	if (replay_job_ended(m->job))
		step_ran(a);
}

static void
step_ran(struct app *a)
{
	struct replay_mode	*m = a->replay;
	struct replay_step	*s = &m->rp->steps[m->step - 1];
	struct replay_done	 d;
	struct query_result	*r = NULL;
	char			*cause = NULL, *label, *what;
	int			 rc;

	rc = replay_job_result(m->job, &d, &cause);
	label = m->job_label;
	m->job_label = NULL;
	replay_job_free(m->job);
	m->job = NULL;
	if (rc == 0 && d.network != NULL)
		rc = view_from_ids(a->c, d.members, NULL, d.nmembers, label,
		    &r, &cause);
	else if (rc == 0)
		rc = view_from_ids(a->c, d.ids, (const char *const *)
		    d.evidence, d.nids, label, &r, &cause);
	if (rc != 0) {
		m->error = cause != NULL ? cause : xstrdup("failed");
		replay_done_clear(&d);
		free(label);
		return;
	}
	m->count = d.count;
	m->drift = d.drift;
	if (d.network != NULL) {
		m->network = xstrdup(d.network);
		m->nmembers = d.nmembers;
		m->added = d.added;
	}
	replay_done_clear(&d);

	app_levels_free(a);
	what = app_level_what(a, label, r->canonical);
	app_push(a, r, label, what, m->network == NULL && s->query != NULL);
	free(what);
	free(label);
	app_set_view(a, VIEW_ACCOUNTS);
	app_focus(a, m->listing ? PANE_STEPS : PANE_ACCOUNTS);
}

bool
replay_mode_busy(struct app *a)
{
	return a->replay != NULL && a->replay->job != NULL;
}

void
replay_mode_step(struct app *a)
{
	if (replay_mode_busy(a) && replay_job_ended(a->replay->job))
		step_ran(a);
}

bool
replay_mode_stop(struct app *a)
{
	struct replay_mode	*m = a->replay;

	if (!replay_mode_busy(a))
		return false;
	job_drop(m);
	m->error = xstrdup("stopped (n, p or l to try again)");
	return true;
}

void
replay_mode_start(struct app *a, struct replay *rp)
{
	struct replay_mode	*m = xcalloc(1, sizeof *m);

	m->rp = rp;
	m->count = -1;
	a->replay = m;
	if (rp->nsteps > 0)
		step_show(a, 1);
}

void
replay_mode_free(struct app *a)
{
	if (a->replay == NULL)
		return;
	job_drop(a->replay);
	step_forget(a->replay);
	free(a->replay);
	a->replay = NULL;
}

bool
replay_mode_listing(struct app *a)
{
	return a->replay != NULL && a->replay->listing;
}

int
replay_mode_key(struct app *a, enum action act)
{
	struct replay_mode	*m = a->replay;
	size_t			 nsteps;

	if (m == NULL)
		return PANE_IGNORED;
	nsteps = m->rp->nsteps;
	switch (act) {
	case ACTION_STEP_NEXT:
		if (m->step < nsteps)
			step_show(a, m->step + 1);
		else
			app_message(a, false, "This is the last step (p goes "
			    "back, l lists them all)");
		break;
	case ACTION_STEP_PREV:
		if (m->step > 1)
			step_show(a, m->step - 1);
		else
			app_message(a, false, "This is the first step (n goes "
			    "on)");
		break;
	case ACTION_STEP_LIST:
		if (nsteps == 0)
			break;
		if (m->listing) {
			list_close(a);
			break;
		}
		m->listing = true;
		m->list_cursor = m->step > 0 ? m->step - 1 : 0;
		app_set_view(a, VIEW_ACCOUNTS);
		app_focus(a, PANE_STEPS);
		break;
	default:
		return PANE_IGNORED;
	}
	return PANE_HANDLED;
}

/* ---- the caption bar --------------------------------------------------- */

/*
 * Lay s out in lines of w columns, breaking at spaces where a line would
 * overflow. line() gets each line (NULL: count only); with max > 0 the
 * max-th line takes all the rest. Returns the number of lines.
 */
static int
wrap(const char *s, int w, int max,
    void (*line)(void *, int, const char *, size_t), void *arg)
{
	struct buf	 scratch = BUF_INIT;
	size_t		 len = strlen(s), pos = 0, used, cut, k;
	int		 n = 0;

	if (w < 1)
		w = 1;
	for (;;) {
		while (pos < len && s[pos] == ' ')
			pos++;
		if (pos >= len)
			break;
		if (max > 0 && n + 1 == max) {
			if (line != NULL)
				line(arg, n, s + pos, len - pos);
			n++;
			break;
		}
		buf_clear(&scratch);
		sanitize_cut(s + pos, len - pos, screen_flags(), (size_t)w,
		    &scratch, &used);
		if (used == 0)
			used = len - pos;
		cut = used;
		if (pos + used < len && s[pos + used] != ' ') {
			for (k = used; k > 0 && s[pos + k - 1] != ' '; k--)
				;
			if (k > 0)
				cut = k;
		}
		if (line != NULL)
			line(arg, n, s + pos, cut);
		n++;
		pos += cut;
	}
	buf_free(&scratch);
	return n;
}

int
replay_caption_height(struct app *a, int cols, int max)
{
	struct replay_mode	*m = a->replay;
	int			 lines;

	if (m == NULL || max < 1)
		return 0;
	if (max < 3)
		return max;
	lines = m->caption != NULL ? wrap(m->caption, cols - 2, 0, NULL,
	    NULL) : 0;
	if (lines > max - 2)
		lines = max - 2;
	return lines + 2;
}

struct caption_draw {
	int	y;
	int	w;
};

static void
caption_row(void *arg, int i, const char *s, size_t len)
{
	struct caption_draw	*cd = arg;

	screen_text(cd->y + i, 1, cd->w, s, len, ROLE_NORMAL, false);
}

/* What the step finds: its count against the recorded one, the network's
 * membership, or why it could not run. */
static void
caption_result(struct app *a, int y)
{
	struct replay_mode	*m = a->replay;
	struct replay_step	*s = &m->rp->steps[m->step - 1];
	struct buf		 b = BUF_INIT;
	enum role		 role = ROLE_EVIDENCE;

	if (m->job != NULL)
		buf_printf(&b, " Running this step again (%.1fs; Esc stops it)",
		    clock_now() - m->job_started);
	else if (m->error != NULL) {
		buf_printf(&b, " Cannot replay this step: %s", m->error);
		role = ROLE_ERROR;
	} else if (m->network != NULL) {
		buf_printf(&b, " Network \"%s\" after this step: %zu member%s",
		    m->network, m->nmembers, m->nmembers == 1 ? "" : "s");
		if (m->added > 0)
			buf_printf(&b, " (%lld new)", (long long)m->added);
	} else if (m->count >= 0 && m->drift) {
		buf_printf(&b, " Warning: the case has changed since: %lld "
		    "account%s now, %lld recorded", (long long)m->count,
		    m->count == 1 ? "" : "s", (long long)s->count);
		role = ROLE_ERROR;
	} else if (m->count >= 0 && s->count >= 0)
		buf_printf(&b, " Finds %lld account%s, as recorded",
		    (long long)m->count, m->count == 1 ? "" : "s");
	else if (m->count >= 0)
		buf_printf(&b, " Finds %lld account%s", (long long)m->count,
		    m->count == 1 ? "" : "s");
	screen_fill(y, 0, COLS, ROLE_NORMAL);
	if (b.data != NULL)
		screen_text(y, 0, COLS, b.data, b.len, role, false);
	buf_free(&b);
}

void
replay_caption_draw(struct app *a, int y, int h)
{
	struct replay_mode	*m = a->replay;
	struct replay_step	*s;
	struct caption_draw	 cd;
	struct buf		 b = BUF_INIT;
	static const char	 keys[] = "n next  p previous  l steps ";
	int			 i, x;

	if (m == NULL || h < 1)
		return;
	for (i = 0; i < h; i++)
		screen_fill(y + i, 0, COLS, ROLE_NORMAL);
	screen_fill(y, 0, COLS, ROLE_HEADER);
	if (m->step == 0) {
		screen_text(y, 0, COLS, " Replay: no steps", (size_t)-1,
		    ROLE_HEADER, false);
		return;
	}
	s = &m->rp->steps[m->step - 1];
	buf_printf(&b, " Step %zu of %zu: %s", m->step, m->rp->nsteps,
	    s->action);
	if (s->network != NULL)
		buf_printf(&b, " \"%s\"", s->network);
	if (s->actor != NULL)
		buf_printf(&b, " | %s", s->actor);
	if (s->at != NULL)
		buf_printf(&b, " | %s", s->at);
	x = screen_text(y, 0, COLS, b.data, b.len, ROLE_HEADER, false);
	if (COLS - x > (int)sizeof keys + 2)
		screen_text(y, COLS - (int)sizeof keys + 1, (int)sizeof keys - 1,
		    keys, (size_t)-1, ROLE_HEADER, false);
	buf_free(&b);
	if (h >= 3 && m->caption != NULL) {
		cd.y = y + 1;
		cd.w = COLS - 2;
		wrap(m->caption, cd.w, h - 2, caption_row, &cd);
	}
	if (h >= 2)
		caption_result(a, y + h - 1);
}

void
replay_mode_status(struct app *a, struct buf *b)
{
	struct replay_mode	*m = a->replay;

	if (m != NULL && m->step > 0)
		buf_printf(b, " | step %zu/%zu", m->step, m->rp->nsteps);
}

/* ---- the step list pane ------------------------------------------------ */

static void
list_close(struct app *a)
{
	a->replay->listing = false;
	app_layout(a);
	app_focus(a, PANE_ACCOUNTS);
}

static void
steps_draw(struct pane *p, struct app *a, bool focused)
{
	struct replay_mode	*m = a->replay;
	int			 h = p->r.h, i, x, y;
	size_t			 n;

	if (m == NULL || h < 2 || p->r.w < 1)
		return;
	if (m->list_cursor < m->list_top)
		m->list_top = m->list_cursor;
	if (m->list_cursor >= m->list_top + (size_t)(h - 1))
		m->list_top = m->list_cursor - (size_t)(h - 1) + 1;
	screen_fill(p->r.y, p->r.x, p->r.w, ROLE_HEADER);
	screen_textf(p->r.y, p->r.x, p->r.w, ROLE_HEADER, false, " Steps of "
	    "%s (Enter shows one, Esc closes)", m->rp->title != NULL ?
	    m->rp->title : "the replay");
	for (i = 1; i < h; i++) {
		const struct replay_step	*s;
		char				*cap;
		enum role			 role = ROLE_NORMAL;

		n = m->list_top + (size_t)(i - 1);
		y = p->r.y + i;
		screen_fill(y, p->r.x, p->r.w, ROLE_NORMAL);
		if (n >= m->rp->nsteps)
			continue;
		s = &m->rp->steps[n];
		if (n == m->list_cursor) {
			role = focused ? ROLE_SELECTED : ROLE_SELECTED_DIM;
			screen_fill(y, p->r.x, p->r.w, role);
		}
		x = p->r.x + screen_textf(y, p->r.x, p->r.w, role, false,
		    "%c%3zu. %-14s ", n + 1 == m->step ? '>' : ' ', n + 1,
		    s->action);
		cap = caption_line(s->caption);
		screen_text(y, x, p->r.x + p->r.w - x, cap, (size_t)-1, role,
		    false);
		free(cap);
	}
}

static int
steps_key(struct pane *p, struct app *a, enum action act, int key)
{
	struct replay_mode	*m = a->replay;
	int			 page = p->r.h > 2 ? p->r.h - 2 : 1, dir, count;
	size_t			 n;

	if (m == NULL || (n = m->rp->nsteps) == 0)
		return PANE_IGNORED;
	if (pane_movement(act, page, (int)n, &dir, &count)) {
		if (dir < 0)
			m->list_cursor = m->list_cursor > (size_t)count ?
			    m->list_cursor - (size_t)count : 0;
		else
			m->list_cursor = m->list_cursor + (size_t)count < n ?
			    m->list_cursor + (size_t)count : n - 1;
		return PANE_HANDLED;
	}
	switch (act) {
	case ACTION_ENTER:
		step_show(a, m->list_cursor + 1);
		return PANE_HANDLED;
	case ACTION_CANCEL:
		if (replay_mode_stop(a))
			return PANE_HANDLED;
		list_close(a);
		return PANE_HANDLED;
	case ACTION_STEP_LIST:
		list_close(a);
		return PANE_HANDLED;
	case ACTION_STEP_NEXT:
	case ACTION_STEP_PREV:
		/* Step as everywhere, and keep the cursor on the step. */
		replay_mode_key(a, act);
		m->list_cursor = m->step > 0 ? m->step - 1 : 0;
		return PANE_HANDLED;
	default:
		return PANE_IGNORED;
	}
}

static int
steps_click(struct pane *p, struct app *a, int row, int col, bool twice)
{
	struct replay_mode	*m = a->replay;
	size_t			 k;

	if (m == NULL || row < 1)
		return PANE_HANDLED;
	/* A click on a step shows it: the list is there to jump. */
	k = m->list_top + (size_t)(row - 1);
	if (k < m->rp->nsteps) {
		m->list_cursor = k;
		step_show(a, k + 1);
	}
	return PANE_HANDLED;
}

static const struct pane_ops steps_ops = {
	.name = "steps",
	.context = KEYS_REPLAY_LIST,
	.list = true,
	.draw = steps_draw,
	.key = steps_key,
	.click = steps_click,
};

void
pane_steps_init(struct pane *p)
{
	p->ops = &steps_ops;
	p->data = NULL;
}
