/*
 * view.h: what the screen reads from a case beyond query results.
 *
 * The investigation screen (tui/) never runs SQL itself. It reads pages of
 * a result with result_page() (result.h) and everything else through this
 * module:
 *
 *  - view_account_load(): one account with every field, every attribute it
 *    carries with the number of accounts sharing that value (from
 *    attribute_stats), and the saved networks it is a member of;
 *  - view_filter(), view_sort(): a new result made from an existing one,
 *    keeping its evidence: the rows whose handle or display name (or one
 *    named field) match a regex, or the same rows in another order;
 *    view_filter_start() and view_job_step() make the filter in steps,
 *    view_query_start() a saved query, run in a thread of its own;
 *  - view_find(): the next or previous row of a result that matches a
 *    regex, for n/N, and view_find_start() the same search in steps;
 *    view_ord_of(): where an account is in a result, so the cursor can
 *    stay on it when the order changes;
 *  - view_kinds(): the attribute kinds present in the case, for completion;
 *  - view_watch(): a callback run now and then while any statement runs
 *    on the case's connection, so the screen can show progress and let
 *    the investigator cancel (a non-zero return interrupts the statement,
 *    which then fails with "interrupted").
 *
 * Results made here are ordinary struct query_result values (a temporary
 * table ord, account_id, evidence) and are freed with query_result_free().
 * Their `canonical` member holds a one-line JSON description of what was
 * done, for the audit trail.
 *
 * Memory: everything returned is malloc'd and owned by the caller. Text in
 * a struct view_account comes from the case unchanged: it is hostile and
 * must go through sanitize.h before it is shown. Errors follow util.h:
 * -1 (or NULL) with a malloc'd *cause.
 */
#ifndef CIB_VIEW_H
#define CIB_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct case_db;
struct query;
struct query_args;
struct query_result;

/* One attribute of an account, with how widely its value is shared. */
struct view_attr {
	char		*kind;
	char		*value;
	int64_t		 accounts;	/* accounts carrying this value */
	bool		 hub;		/* accounts > the caller's max_share */
};

/* A saved network the account is a member of. */
struct view_net {
	char		*name;
	char		*label;
	char		*evidence;	/* why the account is in it, or NULL */
};

struct view_account {
	int64_t		 id;
	/* Text fields by accounts column name, in schema order; a NULL
	 * value is a field the case does not know. */
	size_t		 nfields;
	const char	*names[13];
	char		*values[13];
	struct view_attr *attrs;	/* by kind, then value */
	size_t		 nattrs;
	struct view_net	*nets;		/* by name */
	size_t		 nnets;
};

/* The value of field name ("handle", "followers", ...), or NULL. */
const char	*view_account_field(const struct view_account *,
		     const char *name);

/* Load account id. max_share decides which values are marked as hubs
 * (0: the pivot default, 50). -1 with *cause when there is no such
 * account or the case cannot be read. */
int	view_account_load(struct case_db *, int64_t id, int64_t max_share,
	    struct view_account **out, char **cause);
void	view_account_free(struct view_account *);

/*
 * The rows of src whose field matches pattern (pcre2, regex.h), in src's
 * order and with src's evidence. field NULL means handle or display name;
 * otherwise it must be a known account field (query_field_known). A bad
 * pattern gives regex.h's message, whose first line ends with "at offset
 * N".
 */
int	view_filter(struct case_db *, const struct query_result *src,
	    const char *field, const char *pattern,
	    struct query_result **out, char **cause);

/*
 * The same filter made in steps, so a screen can answer keys between
 * them: *out is the (caller's) result, empty at first, whose rows and
 * count grow with each view_job_step(); view_job_free() ends the job
 * early or after it is done, and leaves *out as far as it got. A step
 * reads the next n rows of src, in order, so the rows found first come
 * first. src must not change while the job runs. The list of every
 * account (view_all()) with at least 65536 rows is filtered by a scan in
 * a thread of its own, on a read connection of its own (bgrun.h): then a
 * step only copies the rows found so far, and one that finds nothing new
 * returns at once (view_job_waited()) rather than wait, so that the
 * caller can wait for keys instead.
 */
struct view_job;
int	view_filter_start(struct case_db *, const struct query_result *src,
	    const char *field, const char *pattern,
	    struct query_result **out, struct view_job **, char **cause);
/*
 * Free a result in steps: each deletes n of its rows, and
 * view_job_free() drops what is left and frees r. Dropping a table of a
 * million rows at once takes long enough to be seen between two keys.
 */
struct view_job *view_discard_start(struct case_db *, struct query_result *r);
/*
 * A saved query made in steps: it runs on a read connection of its own,
 * in a thread of its own (bgrun.h), while the caller goes on; until it ends
 * a step only looks (view_job_waited()), and then each step
 * copies the next n rows of its result into *out, first rows first.
 * *out's canonical is set at once, its hubs when the run ends. Freeing
 * the job stops a run still going. The job owns q on success; on failure
 * (a case that cannot be opened twice) q is still the caller's, who may
 * run it with query_run() instead.
 */
int	view_query_start(struct case_db *, struct query *q,
	    const struct query_args *, struct query_result **out,
	    struct view_job **, char **cause);

/* The size from which the whole list is filtered in a thread (tests). */
void	view_filter_scan_min(int64_t rows);

/* Returns 1 while rows remain, 0 when done, -1 on error. */
int	view_job_step(struct view_job *, int64_t n, char **cause);
/*
 * The same step, bounded in time and by the caller as well: a filter's,
 * a query's or a discard's step looks every 1024 rows it reads at the
 * clock and at yield(arg) (either may be 0 / NULL), and stops once
 * budget seconds have passed or yield returns true (a key was typed),
 * with fewer than n rows read; the next step goes on from where it
 * stopped, and the result is the same as with steps of n rows.
 */
int	view_job_step_for(struct view_job *, int64_t n, double budget,
	    bool (*yield)(void *), void *arg, char **cause);
/* The share of src read so far, 0 to 1. */
double	view_job_progress(const struct view_job *);
/* A query job whose query is still running (no rows to copy yet). */
bool	view_job_running(const struct view_job *);
/* The last step only waited for a thread (a query's run, a filter's
 * scan): it copied no rows. */
bool	view_job_waited(const struct view_job *);
void	view_job_free(struct view_job *);

/*
 * From the row after (dir > 0) or before (dir < 0) ordinal from, the
 * first row of src matching as view_filter() would. Returns 1 with
 * *found set, 0 when no row matches that way, -1 on error.
 */
int	view_find(struct case_db *, const struct query_result *src,
	    const char *field, const char *pattern, int64_t from, int dir,
	    int64_t *found, char **cause);

/*
 * The search of n/N made in steps, so a screen can answer keys while it
 * looks: from the row after (dir > 0) or before (dir < 0) ordinal from,
 * to the last (first) row of src, then once around from the other end
 * up to and including from itself. view_find_start() checks the pattern
 * (regex.h's message, as view_filter()) and the field and reads nothing;
 * each view_find_step() reads src in the direction of the search,
 * VIEW_CLOCK_ROWS ordinals at a time, and stops at its budget or yield
 * exactly as view_job_step_for() does (either may be 0 / NULL: then it
 * reads until it has an answer). A step returns 1 while the search goes
 * on, 0 once it is over, -1 on error ("cancelled" when the statement
 * was interrupted). The search covers the rows src had at the start;
 * src must not be freed while the job lives.
 */
struct view_find;
int	view_find_start(struct case_db *, const struct query_result *src,
	    const char *field, const char *pattern, int64_t from, int dir,
	    struct view_find **, char **cause);
int	view_find_step(struct view_find *, double budget,
	    bool (*yield)(void *), void *arg, char **cause);
/* Once the search is over: 1 with *found (and *wrapped, true when it
 * was found on the way around), 0 when no row matches; 0 before. */
int	view_find_result(const struct view_find *, int64_t *found,
	    bool *wrapped);
/* The share of the rows to search read so far, 0 to 1. */
double	view_find_progress(const struct view_find *);
void	view_find_free(struct view_find *);

/*
 * The rows of src ordered by an account field (or "networks", the
 * names of the saved networks an account is in), ties kept in src's
 * order. field NULL restores no order: a plain copy.
 */
int	view_sort(struct case_db *, const struct query_result *src,
	    const char *field, bool desc, struct query_result **out,
	    char **cause);

/* The ordinal of an account in a result, or 0 when it is not there. */
int64_t	view_ord_of(struct case_db *, const struct query_result *,
	    int64_t account_id);

/* A result of the given account ids, in that order, each with its
 * evidence (evidence may be NULL, or hold NULL entries). */
int	view_from_ids(struct case_db *, const int64_t *ids,
	    const char *const *evidence, size_t n, const char *what,
	    struct query_result **out, char **cause);

/*
 * Every account of the case, in id order, without evidence: the list the
 * screen opens on. When ids run 1..N without a gap (as an import makes
 * them) the result is a temporary view whose ordinal is the id, so even a
 * case of millions opens at once; otherwise it is materialized like any
 * other result.
 */
int	view_all(struct case_db *, struct query_result **out, char **cause);

/* Distinct attribute kinds in the case, sorted; NULL-terminated. */
char	**view_kinds(struct case_db *, size_t *n);
void	  view_kinds_free(char **);

/*
 * Call fn(arg) every few thousand SQLite steps on the case's connection
 * until view_watch(c, NULL, NULL). fn returning non-zero interrupts the
 * running statement.
 */
void	view_watch(struct case_db *, int (*fn)(void *), void *arg);

/*
 * A short, one-line reading of a result row's evidence (JSON written by
 * the query engine): "seed", "phone=+79120001122 +2", "hop 2: ...",
 * "co-post w=3", or the raw text. The output is raw case text: sanitize
 * it before showing it.
 */
void	view_evidence_summary(const char *json, char *out, size_t outsz);

#endif
