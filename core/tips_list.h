/*
 * tips_list.h: the tips loaded into a case, as the screen's tips view
 * lists them.
 *
 * A tip is the set of indicator rows that `cibscope tips import` stored
 * with one network name and a source starting "tip " (tips.h). tips_list()
 * reads them all: per tip its name, its source (the first in byte order,
 * and how many distinct sources there are, when the same name was
 * imported from several files), its indicator count and that count per
 * kind (most first, then by kind). Tips come ordered by name.
 *
 * The number of accounts a tip hits is what the saved query matches-tip
 * (queries/matches-tip.yaml) finds with the tip's name as parameter `tip`:
 * the same count as `cibscope tips match --tip NAME`. That means running
 * a query per tip, which can take long on a large case, so it is apart:
 * tips_list_hits() fills the hits member of each row (-1 until counted)
 * and is meant to run on a connection of its own (bgrun.h); stop, when
 * not NULL, is polled between tips and by each query's progress, and a
 * non-zero return makes the run fail with "cancelled".
 *
 * Memory: tips_list() returns a malloc'd array the caller frees with
 * tips_list_free(). Names and sources come from the case unchanged:
 * they are hostile and must go through sanitize.h before being shown.
 * Errors follow util.h: -1 with a malloc'd *cause.
 */
#ifndef CIB_TIPS_LIST_H
#define CIB_TIPS_LIST_H

#include <stddef.h>
#include <stdint.h>

struct case_db;
struct query;

struct tips_list_kind {
	char		*kind;
	int64_t		 n;
};

struct tips_list_row {
	char			*name;
	char			*source;	/* the first of its sources */
	int64_t			 nsources;	/* distinct sources */
	int64_t			 indicators;
	struct tips_list_kind	*kinds;		/* most first */
	size_t			 nkinds;
	int64_t			 hits;		/* accounts; -1 not counted */
};

int	tips_list(struct case_db *, struct tips_list_row **out, size_t *n,
	    char **cause);
/* q is matches-tip (or a query of the same shape with a `tip`
 * parameter); the caller keeps it. */
int	tips_list_hits(struct case_db *, const struct query *q,
	    struct tips_list_row *, size_t n, int (*stop)(void *), void *arg,
	    char **cause);
void	tips_list_free(struct tips_list_row *, size_t n);

#endif
