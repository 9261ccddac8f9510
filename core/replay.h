/*
 * replay.h: an investigation told again, step by step, for trainers and
 * for anyone who has to defend a takedown.
 *
 * A replay is a list of steps. replay_from_audit() reads them from the
 * case's audit trail: every row that ran a query (query, pivot, filter,
 * ... with its canonical query), tagged (tag, with the query, detection
 * candidate or account ids that chose the members) or changed a network
 * (relabel, rename, remove-members, merge, remove), in order. Imports and
 * exports are not steps. replay_load_tour() reads them from a tour file
 * (YAML, doc/tours.md): a trainer's script of selections, pivots, queries
 * and tags with captions. Tour errors read "FILE:LINE:COL: message".
 *
 * replay_run() shows one step as it was: it re-runs the step's query on
 * the case (a tour step without seeds starts from the accounts of the
 * step before it) and gives the accounts as a query result the screen can
 * page, plus, for steps that touch a network, that network's membership
 * after the step as the steps so far made it (starting from nothing, so
 * only networks built within the replay are known). Steps may be run in
 * any order; what a step needs from earlier steps is computed and kept.
 * Nothing is ever written to the case: replays run on a read-only case.
 *
 * replay_log_each() reads the audit trail itself, for `cibscope log`.
 *
 * Memory: a replay and everything in it belong to the caller
 * (replay_free()); a view's result and members belong to the view
 * (replay_view_clear()). Errors follow util.h (-1 or NULL with *cause).
 */
#ifndef CIB_REPLAY_H
#define CIB_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct case_db;
struct query;
struct query_result;
struct replay_cache;

struct replay_step {
	size_t		 n;		/* 1-based position */
	int64_t		 seq;		/* audit row; 0 for a tour step */
	char		*at;		/* NULL for a tour step */
	char		*actor;		/* NULL for a tour step */
	char		*action;	/* query, pivot, filter, select, tag,
					   relabel, rename, remove-members,
					   merge, remove */
	char		*target;	/* the audit row's target, or NULL */
	char		*caption;	/* the tour's words, or made from the
					   audit row */
	char		*detail;	/* the audit row's detail, or NULL */
	char		*query;		/* canonical query JSON, or NULL */
	bool		 from_selection; /* seeds: the accounts of the step
					   before */
	int64_t		 count;		/* recorded result size, -1 unknown */
	char		*network;	/* the network a step touches */
	char		*network_to;	/* rename: new name; merge: into */
	char		*label;		/* tag and relabel */
	char		*detection;	/* tag from detection: JSON spec */
	int64_t		*accounts;	/* select, tag by ids, remove-members */
	size_t		 naccounts;
	int		 line, col;	/* in the tour file; 0 otherwise */
};

struct replay {
	char			*title;
	char			*source;	/* the case or the tour file */
	struct replay_step	*steps;
	size_t			 nsteps;
	struct replay_cache	*cache;		/* private to replay.c */
};

int	replay_from_audit(struct case_db *, struct replay **, char **cause);
/* Account references in the tour are resolved in the case: an id,
 * PLATFORM:NATIVE_ID, @handle, or $KEY for the reference the case keeps
 * under case_info KEY (the demo keeps its tip as $demo_tip). Saved query
 * names are looked up in query_dirs and the usual path (query_path.h). */
int	replay_load_tour(struct case_db *, const char *path,
	    const char *const *query_dirs, size_t nquery_dirs,
	    struct replay **, char **cause);
void	replay_free(struct replay *);

/* Where the shipped tours are: $(pkgdatadir)/tours, or the source tree's
 * share/tours when CIBSCOPE_TOURS is set to it. malloc'd path of a file
 * name in it. */
char	*replay_tour_path(const char *file);

/* What a step shows. */
struct replay_view {
	size_t			 step;
	struct query_result	*result;	/* accounts, or NULL */
	int64_t			 count;		/* result's size, or -1 */
	bool			 drift;		/* count != the recorded one */
	const char		*network;	/* the network touched, or NULL */
	int64_t			*members;	/* its members after the step, */
	size_t			 nmembers;	/* ascending */
	int64_t			 added;		/* by this step (tag, merge) */
};

/* Run step n (1-based). Returns 0 with *view filled, or -1. */
int	replay_run(struct case_db *, struct replay *, size_t n,
	    struct replay_view *, char **cause);
void	replay_view_clear(struct case_db *, struct replay_view *);

/* The query step n runs, rebuilt from its canonical JSON, with its seeds
 * (the previous step's accounts for a step from the selection). *q NULL
 * when the step runs none. */
int	replay_step_query(struct case_db *, struct replay *, size_t n,
	    struct query **q, int64_t **seeds, size_t *nseeds, char **cause);

/* Parse query_canonical() output back into a query (params already
 * bound) and its seed ids (may be NULL). */
struct query	*query_from_canonical(const char *json, int64_t **seeds,
		     size_t *nseeds, char **cause);

struct replay_log_row {
	int64_t		 seq;
	const char	*at;
	const char	*actor;
	const char	*action;
	const char	*target;	/* may be NULL */
	const char	*detail;	/* may be NULL */
	bool		 detail_json;	/* detail is valid JSON */
};

/* Audit rows in order, from since (ISO time or date, NULL: all) and of
 * one action (NULL: all). Strings are valid during the call. Returns the
 * number of rows, or -1 with *cause. */
int64_t	replay_log_each(struct case_db *, const char *since,
	    const char *action, void (*fn)(void *, const struct replay_log_row *),
	    void *arg, char **cause);

#endif
