/*
 * pane.h: a pane is a small object drawn into a rectangle of the screen.
 *
 * Its behaviour is a struct pane_ops filled only where needed; its state
 * hangs off one pointer that only the pane's own file reads. The layout
 * routine (layout.c) gives each visible pane its rectangle and calls
 * resize(); the main loop calls draw() for every visible pane, then
 * passes the action of a key to the focused pane's key(), which returns
 * flags saying what happened. Only when a pane returns PANE_IGNORED does
 * the main loop try the action itself.
 */
#ifndef CIB_PANE_H
#define CIB_PANE_H

#include <stdbool.h>

#include "keys.h"

struct app;

struct rect {
	int	y;
	int	x;
	int	h;
	int	w;
};

/* What a key handler did. */
#define PANE_IGNORED	0x0	/* not mine: the main loop may act */
#define PANE_HANDLED	0x1
#define PANE_REDRAW	0x2	/* draw everything again */
#define PANE_QUIT	0x4

struct pane;

struct pane_ops {
	const char		*name;
	enum keys_context	 context;	/* its own bindings */
	bool			 list;		/* also answers KEYS_MOVE */
	void			(*draw)(struct pane *, struct app *,
				    bool focused);
	int			(*key)(struct pane *, struct app *,
				    enum action, int key);
	void			(*resize)(struct pane *, struct app *);
	void			(*free)(struct pane *);
	/* A click at (row, col) inside the rectangle; optional. */
	int			(*click)(struct pane *, struct app *, int row,
				    int col, bool twice);
};

struct pane {
	const struct pane_ops	*ops;
	struct rect		 r;
	bool			 visible;
	void			*data;
};

/*
 * The cursor movement a key's action asks for in a list of n rows shown
 * page rows at a time: *dir is -1 or +1, *count how many rows (Home and
 * End move n rows, past either end). False when the action is not a
 * movement, so the caller goes on with its own actions.
 */
bool	pane_movement(enum action, int page, int n, int *dir, int *count);

/* The panes. Each constructor fills ops and data. */
void	pane_accounts_init(struct pane *);
void	pane_detail_init(struct pane *);
void	pane_networks_init(struct pane *);
void	pane_timing_init(struct pane *);
void	pane_tips_init(struct pane *);
void	pane_steps_init(struct pane *);	/* replay-mode.c */

#endif
