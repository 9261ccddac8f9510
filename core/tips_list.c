/*
 * tips_list.c: the tips in a case with their counts, for the screen's
 * tips view; see tips_list.h.
 */
#include "config.h"
#include "tips_list.h"

#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "query.h"
#include "util.h"

static const char tips_sql[] =
	"SELECT network, min(source), count(DISTINCT source), count(*)"
	" FROM indicators WHERE source GLOB 'tip *' AND network IS NOT NULL"
	" GROUP BY network ORDER BY network";

static const char kinds_sql[] =
	"SELECT network, kind, count(*) FROM indicators"
	" WHERE source GLOB 'tip *' AND network IS NOT NULL"
	" GROUP BY network, kind ORDER BY network, count(*) DESC, kind";

static char *
column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char	*s = sqlite3_column_text(st, i);

	return xstrdup(s != NULL ? (const char *)s : "");
}

/*
 * Hang each (tip, kind, count) row on its tip. Both statements order by
 * network under the same collation, so one walk forward finds each tip.
 */
static int
kinds_read(struct case_db *c, struct tips_list_row *v, size_t n,
    char **cause)
{
	sqlite3_stmt	*st;
	size_t		 k = 0;
	int		 rc;

	if (sqlite3_prepare_v2(c->db, kinds_sql, -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "reading tips");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char		*name;
		struct tips_list_row	*r;

		name = (const char *)sqlite3_column_text(st, 0);
		while (k < n && strcmp(v[k].name, name != NULL ? name : "") != 0)
			k++;
		if (k == n)
			break;
		r = &v[k];
		r->kinds = xreallocarray(r->kinds, r->nkinds + 1,
		    sizeof *r->kinds);
		r->kinds[r->nkinds].kind = column_dup(st, 1);
		r->kinds[r->nkinds++].n = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return case_error(c, cause, "reading tips");
	if (k == n && n > 0)
		return set_cause(cause, "%s: the tips changed while being read",
		    c->path);
	return 0;
}

int
tips_list(struct case_db *c, struct tips_list_row **out, size_t *n,
    char **cause)
{
	sqlite3_stmt		*st;
	struct tips_list_row	*v = NULL;
	size_t			 k = 0;
	int			 rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(c->db, tips_sql, -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "reading tips");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof *v);
		memset(&v[k], 0, sizeof v[k]);
		v[k].name = column_dup(st, 0);
		v[k].source = column_dup(st, 1);
		v[k].nsources = sqlite3_column_int64(st, 2);
		v[k].indicators = sqlite3_column_int64(st, 3);
		v[k].hits = -1;
		k++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		tips_list_free(v, k);
		return case_error(c, cause, "reading tips");
	}
	if (kinds_read(c, v, k, cause) != 0) {
		tips_list_free(v, k);
		return -1;
	}
	*out = v;
	*n = k;
	return 0;
}

struct hits_stop {
	int	(*stop)(void *);
	void	*arg;
};

static int
hits_progress(void *arg, uint64_t done, uint64_t total)
{
	struct hits_stop	*s = arg;

	return s->stop(s->arg);
}

int
tips_list_hits(struct case_db *c, const struct query *q,
    struct tips_list_row *v, size_t n, int (*stop)(void *), void *arg,
    char **cause)
{
	static const char *const names[] = { "tip" };
	struct hits_stop	 hs = { stop, arg };
	struct query_args	 a;
	struct query_result	*r;
	const char		*values[1];
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (stop != NULL && stop(arg) != 0)
			return set_cause(cause, "cancelled");
		values[0] = v[i].name;
		memset(&a, 0, sizeof a);
		a.names = names;
		a.values = values;
		a.nparams = 1;
		if (stop != NULL) {
			a.progress = hits_progress;
			a.progress_arg = &hs;
		}
		if (query_run(c, q, &a, &r, cause) != 0)
			return -1;
		v[i].hits = r->count;
		query_result_free(c, r);
	}
	return 0;
}

void
tips_list_free(struct tips_list_row *v, size_t n)
{
	size_t	i, k;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].source);
		for (k = 0; k < v[i].nkinds; k++)
			free(v[i].kinds[k].kind);
		free(v[i].kinds);
	}
	free(v);
}
