/*
 * layout.c: which panes the current view shows, and where. The one
 * place that turns the terminal's size into rectangles; below a usable
 * size it says so instead of drawing panes.
 */
#include "config.h"

#include "app.h"
#include "scr.h"

/* Smallest screen the panes are drawn on. */
#define LAYOUT_MIN_COLS	30
#define LAYOUT_MIN_ROWS	8
/* From this width on, the detail sits beside the accounts. */
#define LAYOUT_SIDE_COLS 100

static void
place(struct pane *p, int y, int x, int h, int w)
{
	p->visible = true;
	p->r.y = y;
	p->r.x = x;
	p->r.h = h > 0 ? h : 0;
	p->r.w = w > 0 ? w : 0;
}

void
app_layout(struct app *a)
{
	int	rows = LINES, cols = COLS, body, top, i, side;

	for (i = 0; i < NPANES; i++)
		a->panes[i].visible = false;
	a->too_small = cols < LAYOUT_MIN_COLS || rows < LAYOUT_MIN_ROWS;
	a->caption_h = 0;
	if (a->too_small)
		return;
	top = 1;
	body = rows - 3;
	/* Replay mode's caption bar takes up to a third of the body. */
	a->caption_h = replay_caption_height(a, cols, body / 3);
	top += a->caption_h;
	body -= a->caption_h;
	switch (a->view) {
	case VIEW_ACCOUNTS:
		/* Replay mode's step list takes the detail's place. */
		side = replay_mode_listing(a) ? PANE_STEPS : PANE_DETAIL;
		if (cols >= LAYOUT_SIDE_COLS) {
			int w = cols * 3 / 5;

			place(&a->panes[PANE_ACCOUNTS], top, 0, body, w);
			place(&a->panes[side], top, w + 1, body, cols - w - 1);
		} else {
			int h = body * 11 / 20;

			place(&a->panes[PANE_ACCOUNTS], top, 0, h, cols);
			place(&a->panes[side], top + h, 0, body - h, cols);
		}
		break;
	case VIEW_NETWORKS:
		place(&a->panes[PANE_NETWORKS], top, 0, body, cols);
		break;
	case VIEW_TIMING:
		place(&a->panes[PANE_TIMING], top, 0, body, cols);
		break;
	case VIEW_TIPS:
		place(&a->panes[PANE_TIPS], top, 0, body, cols);
		break;
	}
	for (i = 0; i < NPANES; i++) {
		struct pane *p = &a->panes[i];

		if (p->visible && p->ops->resize != NULL)
			p->ops->resize(p, a);
	}
	if (!a->panes[a->focus].visible) {
		for (i = 0; i < NPANES; i++) {
			if (a->panes[i].visible) {
				a->focus = i;
				break;
			}
		}
	}
}
