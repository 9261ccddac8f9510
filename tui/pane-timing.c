/*
 * pane-timing.c: the rhythm of the current list. On top, when its
 * accounts were created (a histogram by day or hour, bursts in their own
 * colour); below, when they post (a weekday by hour heatmap in a time
 * zone the investigator can change with z). Both are drawn with block
 * characters, or ASCII in a terminal without UTF-8.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "query.h"
#include "screen.h"
#include "timing.h"

struct timing {
	const struct query_result *res;		/* what the data is of */
	unsigned		 gen;
	enum timing_unit	 unit;
	struct timing_tz	 tz;
	struct timing_hist	*hist;
	struct timing_heatmap	*heat;
	char			*error;
};

static void
clear(struct timing *t)
{
	timing_hist_free(t->hist);
	timing_heatmap_free(t->heat);
	t->hist = NULL;
	t->heat = NULL;
	free(t->error);
	t->error = NULL;
}

static void
load(struct timing *t, struct app *a)
{
	struct level		*l = app_level(a);
	struct timing_hist_opts	 o;
	char			*cause = NULL;
	int			 rc;

	if (l == NULL || (t->res == l->res && t->gen == a->generation))
		return;
	clear(t);
	t->res = l->res;
	t->gen = a->generation;
	memset(&o, 0, sizeof o);
	o.unit = t->unit;
	o.scope.restrict_table = l->res->table;
	app_busy_begin(a, "timing", false);
	rc = timing_hist(a->c, &o, &t->hist, &cause);
	if (rc != 0 && !a->busy_cancelled && t->unit == TIMING_HOUR) {
		/* Too many hours: fall back to days. */
		free(cause);
		cause = NULL;
		t->unit = o.unit = TIMING_DAY;
		rc = timing_hist(a->c, &o, &t->hist, &cause);
	}
	if (rc == 0)
		rc = timing_heatmap(a->c, &o.scope, &t->tz, &t->heat, &cause);
	app_busy_end(a);
	if (rc != 0) {
		t->error = a->busy_cancelled ? xstrdup("cancelled") : cause;
		if (a->busy_cancelled)
			free(cause);
		/* Try again on the next key rather than never. */
		t->gen = a->generation - 1;
	}
}

static int
bar_role(bool burst)
{
	return burst ? ROLE_BURST : ROLE_BAR;
}

static void
draw_hist(struct timing *t, int y0, int x0, int h, int w)
{
	const struct timing_hist	*hs = t->hist;
	int64_t				*col = NULL, max = 0;
	bool				*burst = NULL;
	size_t				 per, ncols, i, c;
	int				 axis = 8, plot = w - axis - 1, row;
	char				 a[16], b[16];

	if (h < 3 || plot < 4)
		return;
	if (hs == NULL || hs->nbins == 0) {
		screen_text(y0, x0 + 1, w - 1, "No creation dates in this list",
		    (size_t)-1, ROLE_DIM, false);
		return;
	}
	per = (hs->nbins + (size_t)plot - 1) / (size_t)plot;
	ncols = (hs->nbins + per - 1) / per;
	col = xcalloc(ncols, sizeof *col);
	burst = xcalloc(ncols, sizeof *burst);
	for (i = 0; i < hs->nbins; i++) {
		c = i / per;
		col[c] += hs->bins[i].count;
		burst[c] = burst[c] || hs->bins[i].burst;
	}
	for (c = 0; c < ncols; c++) {
		if (col[c] > max)
			max = col[c];
	}
	h -= 1;		/* the date axis */
	screen_textf(y0, x0, axis, ROLE_DIM, false, "%7lld", (long long)max);
	screen_textf(y0 + h - 1, x0, axis, ROLE_DIM, false, "%7d", 0);
	for (c = 0; c < ncols; c++) {
		/* Height in eighths of a row. */
		int64_t eighths = max > 0 ? (col[c] * h * 8 + max - 1) / max : 0;

		for (row = 0; row < h && eighths > 0; row++) {
			int	g = eighths >= 8 ? GLYPH_BAR8 :
				    GLYPH_BAR1 + (int)eighths - 1;

			screen_glyph(y0 + h - 1 - row, x0 + axis + 1 + (int)c, g,
			    bar_role(burst[c]));
			eighths -= 8;
		}
	}
	timing_bin_label(hs->unit, hs->bins[0].start, a);
	timing_bin_label(hs->unit, hs->bins[hs->nbins - 1].start, b);
	screen_text(y0 + h, x0 + axis + 1, plot, a, (size_t)-1, ROLE_DIM, false);
	if ((int)ncols > (int)strlen(a) + (int)strlen(b) + 2)
		screen_text(y0 + h, x0 + axis + 1 + (int)ncols - (int)strlen(b),
		    (int)strlen(b), b, (size_t)-1, ROLE_DIM, false);
	free(col);
	free(burst);
}

static void
draw_heat(struct timing *t, int y0, int x0, int h, int w)
{
	const struct timing_heatmap	*hm = t->heat;
	int				 cw, d, hr;

	if (h < 2)
		return;
	if (hm == NULL || hm->total == 0) {
		screen_text(y0, x0 + 1, w - 1, "No posts by these accounts",
		    (size_t)-1, ROLE_DIM, false);
		return;
	}
	cw = (w - 5) / 24;
	if (cw > 3)
		cw = 3;
	if (cw < 1)
		return;
	for (hr = 0; hr < 24; hr += cw >= 2 ? 3 : 6)
		screen_textf(y0, x0 + 5 + hr * cw, 3, ROLE_DIM, false, "%d", hr);
	for (d = 0; d < 7 && d + 1 < h; d++) {
		screen_text(y0 + 1 + d, x0 + 1, 4, timing_weekday_name(d),
		    (size_t)-1, ROLE_DIM, false);
		for (hr = 0; hr < 24; hr++) {
			int64_t	v = hm->cell[d][hr];
			int	lvl, k;

			if (v == 0) {
				screen_text(y0 + 1 + d, x0 + 5 + hr * cw, 1,
				    ".", 1, ROLE_DIM, false);
				continue;
			}
			lvl = hm->max > 0 ? (int)((v * 4 + hm->max - 1) /
			    hm->max) : 1;
			if (lvl < 1)
				lvl = 1;
			if (lvl > 4)
				lvl = 4;
			for (k = 0; k < cw; k++)
				screen_glyph(y0 + 1 + d, x0 + 5 + hr * cw + k,
				    GLYPH_SHADE1 + lvl - 1, ROLE_HEAT1 + lvl - 1);
		}
	}
}

static void
timing_draw(struct pane *p, struct app *a, bool focused)
{
	struct timing	*t = p->data;
	struct level	*l = app_level(a);
	int		 y = p->r.y, h = p->r.h, w = p->r.w, hh;

	if (h < 1 || w < 1 || l == NULL)
		return;
	load(t, a);
	screen_fill(y, p->r.x, w, ROLE_HEADER);
	screen_textf(y, p->r.x + 1, w - 1, ROLE_HEADER, false, "Timing of "
	    "%lld accounts: created per %s%s; posting hours in %s (z "
	    "changes)", (long long)l->res->count, t->unit == TIMING_DAY ?
	    "day" : "hour", t->hist != NULL && t->hist->nbursts > 0 ?
	    ", bursts in red" : "", t->tz.name);
	if (t->error != NULL) {
		screen_text(y + 1, p->r.x + 1, w - 1, t->error, (size_t)-1,
		    ROLE_ERROR, false);
		return;
	}
	h -= 1;
	y += 1;
	hh = h - 10;
	if (hh < 4)
		hh = h >= 6 ? h / 2 : h;
	if (t->hist != NULL)
		screen_textf(y, p->r.x + 1, w - 1, ROLE_TITLE, false,
		    "Account creation: %lld dated, %lld undated, %zu burst "
		    "%s", (long long)t->hist->total,
		    (long long)t->hist->undated, t->hist->nbursts,
		    t->unit == TIMING_DAY ? "days" : "hours");
	draw_hist(t, y + 1, p->r.x, hh - 1, w);
	if (h - hh < 3)
		return;
	screen_textf(y + hh, p->r.x + 1, w - 1, ROLE_TITLE, false, "Posting "
	    "hours (%s): %lld posts", t->tz.name, t->heat != NULL ?
	    (long long)t->heat->total : 0LL);
	draw_heat(t, y + hh + 1, p->r.x, h - hh - 1, w);
}

int
timing_set_tz(struct app *a, const char *zone)
{
	struct timing	*t = a->panes[PANE_TIMING].data;
	struct timing_tz tz;
	char		*cause = NULL;

	if (!timing_tz_parse(zone, &tz, &cause)) {
		app_message(a, true, "%s", cause);
		free(cause);
		return -1;
	}
	t->tz = tz;
	t->res = NULL;
	app_message(a, false, "Time zone %s", tz.name);
	return 0;
}

static void
tz_done(struct app *a, const char *text, void *arg)
{
	if (*text != '\0')
		timing_set_tz(a, text);
}

static int
timing_key(struct pane *p, struct app *a, enum action act, int key)
{
	struct timing		*t = p->data;
	struct prompt_spec	 spec;

	switch (act) {
	case ACTION_TIMEZONE:
		memset(&spec, 0, sizeof spec);
		spec.label = "Time zone (UTC, +03:00, Europe/Moscow): ";
		spec.initial = t->tz.name;
		spec.done = tz_done;
		prompt_open(a, &spec);
		return PANE_HANDLED;
	case ACTION_TIME_UNIT:
		t->unit = t->unit == TIMING_DAY ? TIMING_HOUR : TIMING_DAY;
		t->res = NULL;
		return PANE_HANDLED;
	default:
		return PANE_IGNORED;
	}
}

static void
timing_free(struct pane *p)
{
	struct timing	*t = p->data;

	clear(t);
	free(t);
	p->data = NULL;
}

static const struct pane_ops timing_ops = {
	.name = "timing",
	.context = KEYS_TIMING,
	.list = false,
	.draw = timing_draw,
	.key = timing_key,
	.free = timing_free,
};

void
pane_timing_init(struct pane *p)
{
	struct timing	*t;

	p->ops = &timing_ops;
	p->data = t = xcalloc(1, sizeof *t);
	t->unit = TIMING_DAY;
	timing_tz_parse("UTC", &t->tz, NULL);
}
