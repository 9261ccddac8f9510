/*
 * query.c: the query tree itself: making and freeing it, the account
 * fields a query may name, the checks that need no case, and the
 * canonical form written to the audit trail.
 */
#include "config.h"
#include "query.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static const struct {
	const char	*name;
	bool		 numeric;
} query_fields[] = {
	{ "id", true },
	{ "platform", false },
	{ "native_id", false },
	{ "handle", false },
	{ "display_name", false },
	{ "bio", false },
	{ "url", false },
	{ "created_at", false },
	{ "followers", true },
	{ "following", true },
	{ "posts", true },
	{ "country", false },
	{ "language", false },
	{ "status", false },
};

bool
query_field_known(const char *field, bool *numeric)
{
	size_t	i;

	for (i = 0; i < nitems(query_fields); i++) {
		if (strcmp(query_fields[i].name, field) == 0) {
			if (numeric != NULL)
				*numeric = query_fields[i].numeric;
			return true;
		}
	}
	return false;
}

struct query *
query_new(void)
{
	return xcalloc(1, sizeof (struct query));
}

static void
free_list(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
query_free(struct query *q)
{
	size_t	i;

	if (q == NULL)
		return;
	free(q->file);
	free(q->name);
	free(q->title);
	free(q->description);
	free_list(q->tags, q->ntags);
	for (i = 0; i < q->nparams; i++) {
		free(q->params[i].name);
		free(q->params[i].def);
		free(q->params[i].help);
	}
	free(q->params);
	free(q->from_arg);
	if (q->pivot != NULL) {
		free_list(q->pivot->kinds, q->pivot->nkinds);
		free(q->pivot->hops);
		free(q->pivot->max_share);
		free(q->pivot->within);
		free(q->pivot->similar_text);
		free(q->pivot);
	}
	for (i = 0; i < q->nwhere; i++) {
		free(q->where[i].field);
		free(q->where[i].kind);
		free_list(q->where[i].values, q->where[i].nvalues);
		free(q->where[i].min);
		free(q->where[i].max);
	}
	free(q->where);
	if (q->group != NULL) {
		free(q->group->field);
		free(q->group->kind);
		free(q->group->regex);
		free(q->group->replace);
		free(q->group->min_size);
		free(q->group->max_span);
		free(q->group);
	}
	if (q->coord != NULL) {
		free(q->coord->window);
		free(q->coord->min_weight);
		free(q->coord->threshold);
		free(q->coord);
	}
	if (q->timing != NULL) {
		free(q->timing->unit);
		free(q->timing->tz);
		free(q->timing->hours);
		free(q->timing->min_share);
		free(q->timing->min_posts);
		free(q->timing);
	}
	for (i = 0; i < q->norder; i++)
		free(q->order[i].field);
	free(q->order);
	free(q->limit);
	free(q->sql);
	free(q);
}

/* Where to point an error: the query's file and a node's position. */
static int
fail_at(const struct query *q, struct query_pos pos, char **cause,
    const char *msg)
{
	const char	*file = q->file != NULL ? q->file : "query";

	if (pos.line > 0)
		return set_cause(cause, "%s:%d:%d: %s", file, pos.line,
		    pos.col, msg);
	return set_cause(cause, "%s: %s", file, msg);
}

/* A "$name" reference must name a declared parameter. */
static int
check_ref(const struct query *q, const char *v, struct query_pos pos,
    char **cause)
{
	size_t	 i;
	char	*msg;

	if (v == NULL || v[0] != '$')
		return 0;
	for (i = 0; i < q->nparams; i++) {
		if (strcmp(q->params[i].name, v + 1) == 0)
			return 0;
	}
	msg = xasprintf("%s names no parameter declared under params", v);
	fail_at(q, pos, cause, msg);
	free(msg);
	return -1;
}

int
query_check(const struct query *q, char **cause)
{
	struct query_pos	 none = { 0, 0 };
	size_t			 i, j;
	char			*msg;

	if (q->sql != NULL && (q->pivot != NULL || q->nwhere > 0 ||
	    q->group != NULL || q->coord != NULL || q->timing != NULL))
		return fail_at(q, q->sql_pos, cause, "sql: replaces pivot, "
		    "where, group, coordination and timing; use it alone");
	if ((q->from == QUERY_FROM_NETWORK || q->from == QUERY_FROM_QUERY) &&
	    (q->from_arg == NULL || *q->from_arg == '\0'))
		return fail_at(q, q->from_pos, cause, "from: needs a name");
	if (q->pivot != NULL) {
		if (q->pivot->nkinds == 0 && q->pivot->similar_text == NULL)
			return fail_at(q, q->pivot->pos, cause,
			    "pivot: needs at least one kind under on:, or "
			    "similar_text:");
		if (q->from == QUERY_FROM_ALL)
			return fail_at(q, q->pivot->pos, cause, "pivot: starts "
			    "from accounts; use from: selection, a network or "
			    "a query");
		if (check_ref(q, q->pivot->hops, q->pivot->pos, cause) != 0 ||
		    check_ref(q, q->pivot->max_share, q->pivot->pos,
		    cause) != 0)
			return -1;
	}
	for (i = 0; i < q->nwhere; i++) {
		const struct query_cond *w = &q->where[i];

		if ((w->field == NULL) == (w->kind == NULL))
			return fail_at(q, w->pos, cause, "a condition needs "
			    "exactly one of field: or attribute:");
		if (w->field != NULL && !query_field_known(w->field, NULL)) {
			msg = xasprintf("unknown account field \"%s\"",
			    w->field);
			fail_at(q, w->pos, cause, msg);
			free(msg);
			return -1;
		}
		if ((w->op == QUERY_OP_EQUALS || w->op == QUERY_OP_PREFIX ||
		    w->op == QUERY_OP_REGEX) && w->nvalues != 1)
			return fail_at(q, w->pos, cause, "the condition needs "
			    "one value");
		if (w->op == QUERY_OP_RANGE && w->min == NULL &&
		    w->max == NULL)
			return fail_at(q, w->pos, cause, "a range needs min "
			    "or max (since or until)");
		for (j = 0; j < w->nvalues; j++) {
			if (check_ref(q, w->values[j], w->pos, cause) != 0)
				return -1;
		}
		if (check_ref(q, w->min, w->pos, cause) != 0 ||
		    check_ref(q, w->max, w->pos, cause) != 0)
			return -1;
	}
	if (q->group != NULL) {
		const struct query_group *g = q->group;

		if ((g->field == NULL) == (g->kind == NULL))
			return fail_at(q, g->pos, cause, "group: needs exactly "
			    "one of field: or attribute:");
		if (g->field != NULL && !query_field_known(g->field, NULL))
			return fail_at(q, g->pos, cause, "group: unknown "
			    "account field");
		if ((g->regex == NULL) != (g->replace == NULL))
			return fail_at(q, g->pos, cause, "group: regex and "
			    "replace go together");
		if (check_ref(q, g->regex, g->pos, cause) != 0 ||
		    check_ref(q, g->min_size, g->pos, cause) != 0 ||
		    check_ref(q, g->max_span, g->pos, cause) != 0)
			return -1;
	}
	if (q->coord != NULL && (check_ref(q, q->coord->window, q->coord->pos,
	    cause) != 0 || check_ref(q, q->coord->min_weight, q->coord->pos,
	    cause) != 0))
		return -1;
	if (q->timing != NULL) {
		const struct query_timing *t = q->timing;

		if (!t->burst && t->hours == NULL)
			return fail_at(q, t->pos, cause, "timing: needs "
			    "burst: true or hours:");
		if (check_ref(q, t->tz, t->pos, cause) != 0 ||
		    check_ref(q, t->hours, t->pos, cause) != 0 ||
		    check_ref(q, t->min_share, t->pos, cause) != 0 ||
		    check_ref(q, t->min_posts, t->pos, cause) != 0)
			return -1;
	}
	for (i = 0; i < q->norder; i++) {
		if (strcmp(q->order[i].field, "evidence") != 0 &&
		    strcmp(q->order[i].field, "rank") != 0 &&
		    !query_field_known(q->order[i].field, NULL)) {
			msg = xasprintf("order: unknown field \"%s\"",
			    q->order[i].field);
			fail_at(q, none, cause, msg);
			free(msg);
			return -1;
		}
	}
	if (check_ref(q, q->limit, none, cause) != 0)
		return -1;
	for (i = 0; i < q->nparams; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(q->params[i].name, q->params[j].name) == 0)
				return fail_at(q, q->params[i].pos, cause,
				    "parameter declared twice");
		}
	}
	return 0;
}

const char *
query_param_value(const struct query *q, const struct query_args *a,
    const char *v)
{
	size_t	i;

	if (v == NULL || v[0] != '$')
		return v;
	if (a != NULL) {
		for (i = 0; i < a->nparams; i++) {
			if (strcmp(a->names[i], v + 1) == 0)
				return a->values[i];
		}
	}
	for (i = 0; i < q->nparams; i++) {
		if (strcmp(q->params[i].name, v + 1) == 0)
			return q->params[i].def;
	}
	return NULL;
}

const char *const query_from_names[QUERY_FROM_QUERY + 1] = {
	[QUERY_FROM_ALL] = "all",
	[QUERY_FROM_SELECTION] = "selection",
	[QUERY_FROM_NETWORK] = "network",
	[QUERY_FROM_QUERY] = "query",
};

const char *const query_op_names[QUERY_OP_MISSING + 1] = {
	[QUERY_OP_EQUALS] = "equals",
	[QUERY_OP_IN] = "in",
	[QUERY_OP_PREFIX] = "prefix",
	[QUERY_OP_REGEX] = "regex",
	[QUERY_OP_RANGE] = "range",
	[QUERY_OP_EXISTS] = "exists",
	[QUERY_OP_MISSING] = "missing",
};

const char *const query_coord_names[QUERY_COORD_SIMILAR + 1] = {
	[QUERY_COORD_POST] = "co-post",
	[QUERY_COORD_LINK] = "co-link",
	[QUERY_COORD_REPOST] = "co-repost",
	[QUERY_COORD_REPLY] = "co-reply",
	[QUERY_COORD_SIMILAR] = "co-similar",
};

/* ,"key":value with the value bound; nothing when the value is NULL. */
static void
canon_kv(struct buf *b, const struct query *q, const struct query_args *a,
    const char *key, const char *v)
{
	v = query_param_value(q, a, v);
	if (v == NULL)
		return;
	if (b->data[b->len - 1] != '{')
		buf_addc(b, ',');
	buf_add_json(b, key);
	buf_addc(b, ':');
	buf_add_json(b, v);
}

static void
canon_list(struct buf *b, const struct query *q, const struct query_args *a,
    const char *key, char **v, size_t n)
{
	size_t	i;

	if (b->data[b->len - 1] != '{')
		buf_addc(b, ',');
	buf_add_json(b, key);
	buf_adds(b, ":[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(b, ',');
		buf_add_json(b, query_param_value(q, a, v[i]));
	}
	buf_addc(b, ']');
}

char *
query_canonical(const struct query *q, const struct query_args *a)
{
	struct buf	b = BUF_INIT;
	size_t		i;

	buf_addc(&b, '{');
	canon_kv(&b, q, a, "name", q->name);
	canon_kv(&b, q, a, "from", query_from_names[q->from]);
	canon_kv(&b, q, a, "from_arg", q->from_arg);
	if (q->from == QUERY_FROM_SELECTION && a != NULL) {
		buf_adds(&b, ",\"seeds\":[");
		for (i = 0; i < a->nseeds; i++)
			buf_printf(&b, "%s%lld", i > 0 ? "," : "",
			    (long long)a->seeds[i]);
		buf_addc(&b, ']');
	}
	if (q->pivot != NULL) {
		buf_adds(&b, ",\"pivot\":{");
		canon_list(&b, q, a, "on", q->pivot->kinds, q->pivot->nkinds);
		canon_kv(&b, q, a, "hops", q->pivot->hops);
		canon_kv(&b, q, a, "max_share", q->pivot->max_share);
		canon_kv(&b, q, a, "within", q->pivot->within);
		canon_kv(&b, q, a, "similar_text", q->pivot->similar_text);
		buf_addc(&b, '}');
	}
	if (q->nwhere > 0) {
		buf_adds(&b, ",\"where\":[");
		for (i = 0; i < q->nwhere; i++) {
			const struct query_cond *w = &q->where[i];

			buf_adds(&b, i > 0 ? ",{" : "{");
			canon_kv(&b, q, a, "field", w->field);
			canon_kv(&b, q, a, "attribute", w->kind);
			canon_kv(&b, q, a, "op", query_op_names[w->op]);
			if (w->negate)
				buf_adds(&b, ",\"not\":\"true\"");
			if (w->nvalues > 0)
				canon_list(&b, q, a, "values", w->values,
				    w->nvalues);
			canon_kv(&b, q, a, "min", w->min);
			canon_kv(&b, q, a, "max", w->max);
			buf_addc(&b, '}');
		}
		buf_addc(&b, ']');
	}
	if (q->group != NULL) {
		buf_adds(&b, ",\"group\":{");
		canon_kv(&b, q, a, "field", q->group->field);
		canon_kv(&b, q, a, "attribute", q->group->kind);
		canon_kv(&b, q, a, "regex", q->group->regex);
		canon_kv(&b, q, a, "replace", q->group->replace);
		canon_kv(&b, q, a, "min_size", q->group->min_size);
		canon_kv(&b, q, a, "max_span", q->group->max_span);
		buf_addc(&b, '}');
	}
	if (q->coord != NULL) {
		buf_adds(&b, ",\"coordination\":{");
		canon_kv(&b, q, a, "type", query_coord_names[q->coord->kind]);
		canon_kv(&b, q, a, "window", q->coord->window);
		canon_kv(&b, q, a, "min_weight", q->coord->min_weight);
		canon_kv(&b, q, a, "threshold", q->coord->threshold);
		buf_addc(&b, '}');
	}
	if (q->timing != NULL) {
		buf_adds(&b, ",\"timing\":{");
		canon_kv(&b, q, a, "burst", q->timing->burst ? "true" : NULL);
		canon_kv(&b, q, a, "unit", q->timing->unit);
		canon_kv(&b, q, a, "tz", q->timing->tz);
		canon_kv(&b, q, a, "hours", q->timing->hours);
		canon_kv(&b, q, a, "min_share", q->timing->min_share);
		canon_kv(&b, q, a, "min_posts", q->timing->min_posts);
		buf_addc(&b, '}');
	}
	if (q->norder > 0) {
		buf_adds(&b, ",\"order\":[");
		for (i = 0; i < q->norder; i++) {
			if (i > 0)
				buf_addc(&b, ',');
			buf_addc(&b, '"');
			if (q->order[i].desc)
				buf_addc(&b, '-');
			buf_adds(&b, q->order[i].field);
			buf_addc(&b, '"');
		}
		buf_addc(&b, ']');
	}
	canon_kv(&b, q, a, "limit", q->limit);
	canon_kv(&b, q, a, "sql", q->sql);
	buf_addc(&b, '}');
	return buf_steal(&b);
}
