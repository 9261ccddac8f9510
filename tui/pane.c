/*
 * pane.c: what the list-like panes share: turning movement keys into a
 * direction and a distance.
 */
#include "config.h"
#include "pane.h"

bool
pane_movement(enum action act, int page, int n, int *dir, int *count)
{
	switch (act) {
	case ACTION_UP:
	case ACTION_DOWN:
		*count = 1;
		break;
	case ACTION_PAGE_UP:
	case ACTION_PAGE_DOWN:
		*count = page > 0 ? page : 1;
		break;
	case ACTION_HOME:
	case ACTION_END:
		*count = n > 0 ? n : 1;
		break;
	default:
		return false;
	}
	*dir = (act == ACTION_UP || act == ACTION_PAGE_UP ||
	    act == ACTION_HOME) ? -1 : 1;
	return true;
}
