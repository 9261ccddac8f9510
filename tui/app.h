/*
 * app.h: the state of the investigation screen, shared by the tui/ files
 * that make it up.
 *
 * The screen shows one list of accounts at a time: the top of a stack of
 * levels. Every level is a materialized query result (query.h) with the
 * cursor and scroll position the investigator left on it; opening a
 * pivot, a filter, a saved query or a network pushes a level, Backspace
 * pops one, and the breadcrumb is the labels of the stack.
 *
 * Who writes what: levels are pushed and popped only through app_push()
 * and app_pop() (stack.c); marks only through the functions in marks.c;
 * the message line through app_message(). Panes keep their own state
 * private and read the rest from here.
 *
 * Long work (a query, a filter, detection) is wrapped in app_busy_begin()
 * and app_busy_end(): meanwhile the status line shows what runs and for
 * how long, keys are polled, and Esc (or a signal) cancels the work.
 */
#ifndef CIB_APP_H
#define CIB_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "pane.h"
#include "util.h"

struct case_db;
struct query;
struct query_args;
struct query_result;
struct view_job;

struct level {
	char			*label;		/* breadcrumb text, raw */
	char			*what;		/* JSON: what made this list */
	struct query_result	*base;		/* as made */
	struct query_result	*res;		/* as shown (maybe sorted) */
	int64_t			 cursor;	/* ordinal, 1..count; 0 empty */
	int64_t			 top;		/* first ordinal shown */
	bool			 evidence;	/* show the evidence column */
	bool			 live;		/* a `/` filter being typed */
	struct view_job		*job;		/* still making base, or NULL */
	bool			 job_query;	/* the job is a saved query's */
	char			*job_action;	/* audited when it ends, or NULL */
	bool			 job_hubs;	/* say which hubs it left out */
	int64_t			 job_rows;	/* rows of base per step */
	double			 job_started;	/* for the trace */
	double			 job_max_gap;	/* longest between looks at keys */
	int			 job_steps;
	int			 sort;		/* column index, -1 none */
	bool			 desc;
};

struct mark {
	int64_t		 id;
	char		*evidence;	/* JSON, owned */
};

enum view {
	VIEW_ACCOUNTS,
	VIEW_NETWORKS,
	VIEW_TIMING,
	VIEW_TIPS,
};

enum {
	PANE_ACCOUNTS,
	PANE_DETAIL,
	PANE_NETWORKS,
	PANE_TIMING,
	PANE_STEPS,		/* replay mode's step list */
	PANE_TIPS,
	NPANES
};

struct prompt;
struct palette;
struct replay;
struct replay_mode;

/*
 * While only threads are at work (a saved query or a filter's scan still
 * going, detection, the tips' counts) the main loop waits this long for
 * a key before it looks at them again: a key ends the wait at once.
 */
#define JOB_WAIT_MS	4

struct app {
	struct case_db		*c;
	char			*case_name;
	char			**query_dirs;	/* --queries, none yet */
	size_t			  nquery_dirs;

	struct level		**levels;
	size_t			  nlevels;
	struct view_job		**trash;	/* results being freed */
	size_t			  ntrash;
	int64_t			  trash_rows;	/* rows per step */
	bool			  jobs_idle;	/* the last step only waited
						   for a thread */

	struct pane		  panes[NPANES];
	double			  click_at;	/* the last press, for doubles */
	int			  click_y, click_x;
	enum view		  view;
	int			  focus;	/* index into panes */

	struct mark		 *marks;	/* sorted by id */
	size_t			  nmarks;
	int64_t			  mark_anchor;	/* ordinal of last mark */

	char			 *message;
	bool			  message_error;

	unsigned		  generation;	/* bumped when the case changes */
	int64_t			  max_share;	/* hub threshold for the detail */

	char			 *find_pattern;	/* last `/` regex */
	char			 *find_field;	/* its field, or NULL */

	struct prompt		 *prompt;	/* the open prompt, or NULL */
	struct palette		 *palette;	/* the open palette, or NULL */
	bool			  help;
	int			  help_top;

	struct replay_mode	 *replay;	/* replay mode, or NULL */
	int			  caption_h;	/* rows of its caption bar */

	char			**history;	/* `:` command history */
	size_t			  nhistory;
	char			**filter_history;
	size_t			  nfilter_history;
	char			**kinds;	/* attribute kinds, for completion */
	size_t			  nkinds;

	/* long work */
	const char		 *busy;		/* what runs, or NULL */
	double			  busy_start;
	double			  busy_drawn;
	bool			  busy_typeahead; /* any key cancels */
	bool			  busy_cancelled;
	int			  busy_spin;

	bool			  too_small;
	bool			  quit;
};

/* app.c */
int	 app_run(struct case_db *, const char *path);
/* The screen in replay mode: steps of rp (the caller's) from the first. */
int	 app_replay(struct case_db *, const char *path, struct replay *rp);
void	 app_message(struct app *, bool error, const char *fmt, ...)
	     CIB_PRINTF(3, 4);
void	 app_busy_begin(struct app *, const char *what, bool typeahead);
void	 app_busy_end(struct app *);
int	 app_busy_poll(void *app);
void	 app_draw(struct app *);
void	 app_set_view(struct app *, enum view);
void	 app_focus(struct app *, int pane);
void	 app_audit(struct app *, const char *action, const char *target,
	     const char *detail);
void	 app_layout(struct app *);		/* layout.c */

/* stack.c */
struct level	*app_level(struct app *);
void		 app_push(struct app *, struct query_result *, const char *label,
		     const char *what, bool evidence);
void		 app_pop(struct app *);
void		 app_levels_free(struct app *);
/*
 * Run q (which this takes and frees) into a new level. The query runs in
 * a thread of its own while keys are answered: the level shows at once,
 * its rows arrive when the query ends, and Esc or Backspace stops it.
 * When done, the run is in the audit trail as action (NULL: not
 * recorded). -1 when it could not start.
 */
int		 app_run_query(struct app *, struct query *q,
		     const struct query_args *, const char *label,
		     const char *action);
int		 app_pivot(struct app *, int64_t seed, const char *kind,
		     const char *value);
int		 app_open_network(struct app *, const char *name);
int		 app_open_ids(struct app *, const int64_t *ids, size_t n,
		     const char *label, const char *evidence);
int64_t		 app_cursor_id(struct app *);
void		 app_breadcrumb(struct app *, struct buf *);
char		*app_level_what(struct app *, const char *label,
		     const char *canonical);
int		 app_sort(struct app *, int column, bool desc);
/*
 * A level whose list is still being made (a `/` filter, a saved query)
 * has a job: the
 * main loop runs it a few milliseconds at a time between keys
 * (app_jobs_step), so the rows found first show first and the count
 * grows; results no longer shown are freed the same way. app_level_finish()
 * runs a level's job to its end first, for what needs the whole list; -1
 * when Esc stopped it.
 */
void		 app_push_job(struct app *, struct view_job *);
/* Free a result in steps between keys (view_discard_start). */
void		 app_discard(struct app *, struct query_result *);
bool		 app_jobs_pending(struct app *);
void		 app_jobs_step(struct app *);
int		 app_level_finish(struct app *, struct level *);
void		 app_move_cursor(struct app *, int64_t ord);
/* The sortable columns: name for the status line, field for view_sort. */
extern const char *const app_sort_fields[];
extern const char *const app_sort_names[];
extern const int app_nsort;

/* marks.c */
bool	 app_marked(struct app *, int64_t id);
void	 app_mark_toggle(struct app *, int64_t id, const char *evidence);
void	 app_mark_range(struct app *, int64_t from_ord, int64_t to_ord);
void	 app_marks_clear(struct app *);
char	*app_evidence(struct app *, const char *row_evidence);

/* prompt.c: one line of input at the bottom of the screen */
struct prompt_spec {
	const char	 *label;	/* shown before the text */
	const char	 *initial;
	char		***history;	/* NULL: no history */
	size_t		 *nhistory;
	/* Candidates for the word before the cursor; NULL-terminated,
	 * malloc'd. word is that word, argi its index on the line. */
	char		**(*complete)(struct app *, const char *line,
			    const char *word, int argi);
	void		 (*changed)(struct app *, const char *text, void *);
	void		 (*done)(struct app *, const char *text, void *);
	void		 (*cancelled)(struct app *, void *);
	void		 *arg;
};
void	 prompt_open(struct app *, const struct prompt_spec *);
void	 prompt_close(struct app *);
int	 prompt_key(struct app *, int key, bool wide);
void	 prompt_draw(struct app *, int y, int w);
void	 history_add(char ***, size_t *, const char *);

/* cmdline.c */
void	 cmdline_open(struct app *);
int	 cmdline_exec(struct app *, const char *line);
size_t	 cmdline_help_lines(char ***);

/* filter.c */
void	 filter_open(struct app *);
void	 filter_find(struct app *, int dir);
void	 filter_apply(struct app *, const char *text);
/*
 * The search of n/N in steps (filter_find() starts it): busy while it
 * runs; a step of it looks at yield(arg) and its budget as
 * view_find_step() does; stop ends it (false when none ran); forget
 * ends it when its level l goes away; status adds it to the status
 * line.
 */
bool	 filter_find_busy(struct app *);
void	 filter_find_step(struct app *, double budget, bool (*yield)(void *),
	     void *arg);
bool	 filter_find_stop(struct app *);
void	 filter_find_forget(struct app *, struct level *);
void	 filter_find_status(struct app *, struct buf *);

/* palette.c */
void	 palette_open(struct app *);
void	 palette_close(struct app *);
int	 palette_key(struct app *, int key, bool wide);
void	 palette_draw(struct app *);
int	 palette_run_name(struct app *, const char *name,
	     const char *const *names, const char *const *values, size_t n);

/* tag.c */
void	 tag_open(struct app *, const char *name, const char *label);

/* replay-mode.c: its state is private; the caption bar sits under the
 * breadcrumb, caption_h rows (layout.c asks for at most max). */
void	 replay_mode_start(struct app *, struct replay *);
void	 replay_mode_free(struct app *);
int	 replay_mode_key(struct app *, enum action);
bool	 replay_mode_listing(struct app *);
int	 replay_caption_height(struct app *, int cols, int max);
void	 replay_caption_draw(struct app *, int y, int h);
void	 replay_mode_status(struct app *, struct buf *);
/* A step being run again: busy says so, step takes it once it ended (it
 * never waits), stop drops it (false when none ran). */
bool	 replay_mode_busy(struct app *);
void	 replay_mode_step(struct app *);
bool	 replay_mode_stop(struct app *);

/* help.c */
void	 help_draw(struct app *);
int	 help_key(struct app *, enum action, int key);

/* pane-timing.c / pane-networks.c / pane-detail.c */
int	 timing_set_tz(struct app *, const char *tz);
void	 networks_refresh(struct app *, bool detect);
/* Detection runs in a thread of its own: busy while it does; a step
 * waits up to wait seconds for it and takes its result when it ends;
 * stop ends it now (again: run it again when the view is next shown). */
bool	 networks_busy(struct app *);
void	 networks_step(struct app *, double wait);
void	 networks_stop(struct app *, bool again);
/* The saved network under the cursor of the networks view, or NULL. */
const char *networks_selected(struct app *);
const char *detail_kind(struct app *);
/* pane-tips.c: refresh reads the tips again and counts their hits in a
 * thread of its own; busy while it counts; a step waits up to wait
 * seconds for the count and takes it when done; stop ends it now. */
void	 tips_refresh(struct app *);
bool	 tips_busy(struct app *);
void	 tips_step(struct app *, double wait);
void	 tips_stop(struct app *);

#endif
