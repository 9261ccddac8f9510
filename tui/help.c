/*
 * help.c: the help screen, generated from the key-binding table and the
 * command table, drawn over the panes until q, Esc or ? closes it.
 */
#include "config.h"

#include <stdlib.h>

#include "app.h"
#include "scr.h"
#include "screen.h"

static char	**lines;
static size_t	  nlines;

static void
help_build(void)
{
	char	**cmds;
	size_t	  ncmds, i;

	if (lines != NULL)
		return;
	lines = keys_help_lines(&nlines);
	ncmds = cmdline_help_lines(&cmds);
	lines = xreallocarray(lines, nlines + ncmds + 2, sizeof *lines);
	lines[nlines++] = xstrdup("");
	lines[nlines++] = xstrdup("Commands (after :, Tab completes)");
	for (i = 0; i < ncmds; i++)
		lines[nlines++] = cmds[i];
	free(cmds);
}

void
help_draw(struct app *a)
{
	int	y0 = 1, h = (LINES - 3), w = COLS, i;

	help_build();
	if (h < 2 || w < 1)
		return;
	if (a->help_top > (int)nlines - (h - 1))
		a->help_top = (int)nlines - (h - 1);
	if (a->help_top < 0)
		a->help_top = 0;
	screen_fill(y0, 0, w, ROLE_HEADER);
	screen_text(y0, 1, w - 1, "Help: keys and commands (j/k scroll, q "
	    "or Esc closes)", (size_t)-1, ROLE_HEADER, false);
	for (i = 1; i < h; i++) {
		size_t		n = (size_t)(a->help_top + i - 1);
		enum role	r = ROLE_NORMAL;

		screen_fill(y0 + i, 0, w, ROLE_NORMAL);
		if (n >= nlines)
			continue;
		if (lines[n][0] != ' ' && lines[n][0] != '\0')
			r = ROLE_TITLE;
		screen_text(y0 + i, 1, w - 1, lines[n], (size_t)-1, r, false);
	}
}

int
help_key(struct app *a, enum action act, int key)
{
	int	page = (LINES - 3) - 2;

	if (page < 1)
		page = 1;
	switch (act) {
	case ACTION_UP:
		a->help_top--;
		break;
	case ACTION_DOWN:
		a->help_top++;
		break;
	case ACTION_PAGE_UP:
		a->help_top -= page;
		break;
	case ACTION_PAGE_DOWN:
		a->help_top += page;
		break;
	case ACTION_HOME:
		a->help_top = 0;
		break;
	case ACTION_END:
		a->help_top = (int)nlines;
		break;
	case ACTION_QUIT:
	case ACTION_CANCEL:
	case ACTION_HELP:
	case ACTION_BACK:
		a->help = false;
		break;
	case ACTION_REDRAW:
		break;
	default:
		break;
	}
	if (a->help_top < 0)
		a->help_top = 0;
	return PANE_HANDLED;
}
