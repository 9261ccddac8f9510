/*
 * marks.c: the accounts the investigator has marked (Space, or a range),
 * each with the evidence of the list it was marked in, ready to be
 * tagged as a network.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "query.h"
#include "result.h"

/* Marking more than this at once is a mistake more often than a plan. */
#define MARK_RANGE_MAX	1000000

static size_t
find(struct app *a, int64_t id, bool *found)
{
	size_t	lo = 0, hi = a->nmarks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->marks[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < a->nmarks && a->marks[lo].id == id;
	return lo;
}

bool
app_marked(struct app *a, int64_t id)
{
	bool	found;

	find(a, id, &found);
	return found;
}

/*
 * The evidence stored with a member: the path of lists that led to it,
 * the query of the list, and the row's own evidence (shared values, seed,
 * group ...) when it has one.
 */
char *
app_evidence(struct app *a, const char *row)
{
	struct level	*l = app_level(a);
	struct buf	 b = BUF_INIT;
	const char	*what = l != NULL ? l->what : "null";

	buf_adds(&b, "{\"list\":");
	buf_adds(&b, what);
	buf_adds(&b, ",\"why\":");
	if (row == NULL)
		buf_adds(&b, "null");
	else if (row[0] == '{' || row[0] == '[')
		buf_adds(&b, row);
	else
		buf_add_json(&b, row);
	buf_addc(&b, '}');
	return buf_steal(&b);
}

static void
mark_set(struct app *a, int64_t id, const char *row_evidence, bool toggle)
{
	bool	found;
	size_t	i = find(a, id, &found);

	if (found) {
		if (!toggle)
			return;
		free(a->marks[i].evidence);
		memmove(&a->marks[i], &a->marks[i + 1],
		    (a->nmarks - i - 1) * sizeof *a->marks);
		a->nmarks--;
		return;
	}
	a->marks = xreallocarray(a->marks, a->nmarks + 1, sizeof *a->marks);
	memmove(&a->marks[i + 1], &a->marks[i],
	    (a->nmarks - i) * sizeof *a->marks);
	a->marks[i].id = id;
	a->marks[i].evidence = app_evidence(a, row_evidence);
	a->nmarks++;
}

void
app_mark_toggle(struct app *a, int64_t id, const char *row_evidence)
{
	mark_set(a, id, row_evidence, true);
}

static void
mark_row(void *arg, const struct result_row *row)
{
	mark_set(arg, row->id, row->evidence, false);
}

void
app_mark_range(struct app *a, int64_t from, int64_t to)
{
	struct level	*l = app_level(a);
	char		*cause = NULL;
	int64_t		 t;

	if (l == NULL)
		return;
	if (from > to) {
		t = from;
		from = to;
		to = t;
	}
	if (from < 1)
		from = 1;
	if (to - from + 1 > MARK_RANGE_MAX) {
		app_message(a, true, "A range of more than %d rows: tag the "
		    "whole list instead (t with no marks)", MARK_RANGE_MAX);
		return;
	}
	if (result_page(a->c, l->res, from, to - from + 1, mark_row, a,
	    &cause) < 0) {
		app_message(a, true, "%s", cause);
		free(cause);
		return;
	}
	app_message(a, false, "Marked rows %lld to %lld (%zu marked)",
	    (long long)from, (long long)to, a->nmarks);
}

void
app_marks_clear(struct app *a)
{
	size_t	i;

	for (i = 0; i < a->nmarks; i++)
		free(a->marks[i].evidence);
	free(a->marks);
	a->marks = NULL;
	a->nmarks = 0;
	a->mark_anchor = 0;
}
