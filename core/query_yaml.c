/*
 * query_yaml.c: read a saved query file into a struct query.
 *
 * Query files come from other people, so ydoc.h reads them strictly into
 * a tree first (size, UTF-8, control characters, anchors, tags, depth,
 * duplicate keys). This file walks that tree against tables of the keys
 * each part of a query accepts, checks each value's type and range, and
 * remembers "$name" references to check against params at the end;
 * query_check() has the final word.
 *
 * Every complaint reads "FILE:LINE:COL: message" with 1-based positions.
 */
#include "config.h"
#include "query.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hamming.h"
#include "timing.h"
#include "util.h"
#include "ydoc.h"

static const struct ydoc_rules query_rules = {
	.kind = "query",
	.expect = "a mapping with cibscope: 1 and name:",
	.max_bytes = QUERY_MAX_FILE,
	.max_depth = 64,
};

/* A "$name" reference met in the file, checked once params are known. */
struct yref {
	const char		*name;		/* after the '$' */
	struct ydoc_pos		 pos;
};

struct yload {
	struct ydoc		*doc;
	struct query		*q;
	struct yref		*refs;
	size_t			 nrefs;
};

static const char *const top_keys[] = {
	"cibscope", "name", "title", "description", "tags", "params", "from",
	"pivot", "where", "group", "coordination", "timing", "order", "limit",
	"sql"
};
static const char *const param_keys[] = { "type", "default", "help" };
static const char *const from_keys[] = { "network", "query" };
static const char *const pivot_keys[] = {
	"on", "hops", "max_share", "within", "similar_text"
};
static const char *const cond_keys[] = {
	"field", "attribute", "equals", "in", "prefix", "regex", "min", "max",
	"since", "until", "exists", "missing", "not"
};
static const char *const group_keys[] = {
	"field", "attribute", "regex", "replace", "min_size",
	"max_span"
};
static const char *const coord_keys[] = {
	"type", "window", "min_weight", "threshold"
};
static const char *const timing_keys[] = {
	"burst", "unit", "tz", "hours", "min_share", "min_posts"
};
static const char *const from_names[] = { "all", "selection" };
static const char *const unit_names[] = { "hour", "day" };

static const char *const param_type_names[] = {
	[QUERY_PARAM_STRING] = "string",
	[QUERY_PARAM_INT] = "int",
	[QUERY_PARAM_FLOAT] = "float",
	[QUERY_PARAM_BOOL] = "bool",
	[QUERY_PARAM_DATE] = "date",
	[QUERY_PARAM_REGEX] = "regex",
	[QUERY_PARAM_KINDS] = "kinds",
};

/* ylist() flags beside YDOC_LIST_*: items may be "$name" references. */
#define YL_REFS		0x100

static int CIB_PRINTF(3, 4)
yerr(struct yload *yl, struct ydoc_pos pos, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	ydoc_verror(yl->doc, pos, fmt, ap);
	va_end(ap);
	return -1;
}

/* Where a node sits, as the query tree records it. */
static struct query_pos
qpos(const struct ydoc_node *n)
{
	struct query_pos	pos;

	pos.line = n->pos.line;
	pos.col = n->pos.col;
	return pos;
}


/* A non-empty name: a field, an attribute kind, a network. */
static int
yname(struct yload *yl, const char *what, const struct ydoc_node *n, char **out)
{
	const char	*s;

	if (ydoc_scalar(yl->doc, what, n, &s) != 0)
		return -1;
	if (*s == '\0')
		return yerr(yl, n->pos, "%s: expected a name, found an empty "
		    "string", what);
	free(*out);
	*out = xstrdup(s);
	return 0;
}

static bool
yident(const char *s)
{
	size_t	i;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
	    *s == '_'))
		return false;
	for (i = 1; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	}
	return i <= 64;
}

/*
 * A scalar that may be a "$name" reference; references are remembered and
 * checked against params once the whole file is read. *ref says which it
 * was, so the caller checks the type of literal values only.
 */
static int
yvalue(struct yload *yl, const char *what, const struct ydoc_node *n,
    char **out, bool *ref)
{
	const char	*s;

	if (ydoc_scalar(yl->doc, what, n, &s) != 0)
		return -1;
	*ref = s[0] == '$';
	if (*ref) {
		if (!yident(s + 1))
			return yerr(yl, n->pos, "%s: \"%s\" is not a parameter "
			    "reference ($ and a name of letters, digits and "
			    "_)", what, s);
		yl->refs = xreallocarray(yl->refs, yl->nrefs + 1,
		    sizeof *yl->refs);
		yl->refs[yl->nrefs].name = s + 1;
		yl->refs[yl->nrefs].pos = n->pos;
		yl->nrefs++;
	}
	free(*out);
	*out = xstrdup(s);
	return 0;
}

/* A whole decimal number, no sign but '-', no spaces. */
/* YYYY-MM-DD, optionally followed by T or a space and HH:MM[:SS][Z]. */
static bool
ydate_valid(const char *s)
{
	static const char	date[] = "dddd-dd-dd", tm[] = "dd:dd";
	size_t			i;
	int			month, day;

	for (i = 0; i < sizeof date - 1; i++) {
		if (date[i] == 'd' ? (s[i] < '0' || s[i] > '9') :
		    s[i] != date[i])
			return false;
	}
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	if (month < 1 || month > 12 || day < 1 || day > 31)
		return false;
	s += sizeof date - 1;
	if (*s == '\0')
		return true;
	if (*s != 'T' && *s != ' ')
		return false;
	s++;
	for (i = 0; i < sizeof tm - 1; i++) {
		if (tm[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != tm[i])
			return false;
	}
	s += sizeof tm - 1;
	if (s[0] == ':' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' &&
	    s[2] <= '9')
		s += 3;
	if (*s == 'Z')
		s++;
	return *s == '\0';
}


static int
yint(struct yload *yl, const char *what, const struct ydoc_node *n, int64_t lo,
    int64_t hi, char **out)
{
	int64_t	v;
	bool	ref;

	if (yvalue(yl, what, n, out, &ref) != 0)
		return -1;
	if (!ref && ydoc_int(yl->doc, what, n, lo, hi, &v) != 0)
		return -1;
	return 0;
}

static int
yfraction(struct yload *yl, const char *what, const struct ydoc_node *n,
    char **out)
{
	double	v;
	bool	ref;

	if (yvalue(yl, what, n, out, &ref) != 0)
		return -1;
	if (!ref && ydoc_float(yl->doc, what, n, 0, 1, &v) != 0)
		return -1;
	return 0;
}

/* A list of scalars (YDOC_LIST_* and YL_REFS flags) appended to *v. */
static int
ylist(struct yload *yl, const char *what, const struct ydoc_node *n, int flags,
    char ***v, size_t *nv)
{
	size_t	count, i;
	char	*s;
	bool	 ref;

	if (!(flags & YL_REFS))
		return ydoc_strings(yl->doc, what, n, flags, v, nv);
	if (ydoc_list(yl->doc, what, n, flags & ~YL_REFS, &count) != 0)
		return -1;
	for (i = 0; i < count; i++) {
		s = NULL;
		if (yvalue(yl, what, ydoc_item(n, i), &s, &ref) != 0)
			return -1;
		*v = xreallocarray(*v, *nv + 1, sizeof **v);
		(*v)[(*nv)++] = s;
	}
	return 0;
}

/* [a-z0-9][a-z0-9_-]{0,63} */
static bool
yquery_name_valid(const char *s)
{
	size_t	i;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	for (i = 1; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		    s[i] == '-'))
			return false;
	}
	return i <= 64;
}

static int
yload_version(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	const char	*s;

	(void)key;
	if (ydoc_scalar(yl->doc, "cibscope", v, &s) != 0)
		return -1;
	if (!v->plain || strcmp(s, "1") != 0)
		return yerr(yl, v->pos, "unsupported format version \"%s\"; "
		    "this cibscope reads cibscope: 1", s);
	return 0;
}

static int
yload_name(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	(void)key;
	if (ydoc_string(yl->doc, "name", v, &yl->q->name) != 0)
		return -1;
	if (!yquery_name_valid(yl->q->name))
		return yerr(yl, v->pos, "name \"%s\" is not valid: use "
		    "lower-case letters, digits, '_' and '-', starting with a "
		    "letter or digit, at most 64 characters", yl->q->name);
	return 0;
}

static int
yload_title(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	(void)key;
	return ydoc_string(yl->doc, "title", v, &yl->q->title);
}

static int
yload_description(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	(void)key;
	return ydoc_string(yl->doc, "description", v, &yl->q->description);
}

static int
yload_tags(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	size_t	i;

	(void)key;
	if (ylist(yl, "tags", v, YDOC_LIST_EMPTY_OK, &yl->q->tags,
	    &yl->q->ntags) != 0)
		return -1;
	for (i = 0; i < yl->q->ntags; i++) {
		if (*yl->q->tags[i] == '\0')
			return yerr(yl, v->kids[i]->pos, "tags: a tag cannot "
			    "be empty");
	}
	return 0;
}

/* One entry under params: NAME: {type: T, default: V, help: H}. */
static int
yload_param(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	struct query_param	*p;
	const struct ydoc_node	*t, *d, *h;
	char			*what, **kinds = NULL;
	size_t			 type, nkinds = 0, i;
	int64_t			 iv;
	double			 fv;
	bool			 bv;
	int			 rc = -1;

	what = xasprintf("params.%s", key->value);
	if (!yident(key->value)) {
		yerr(yl, key->pos, "parameter name \"%s\" is not valid: use "
		    "letters, digits and _, not starting with a digit",
		    key->value);
		goto out;
	}
	if (ydoc_want(yl->doc, what, v, YDOC_MAP) != 0 ||
	    ydoc_check_keys(yl->doc, v, param_keys, nitems(param_keys)) != 0 ||
	    ydoc_require(yl->doc, what, v, "type", &t) != 0 ||
	    ydoc_choice(yl->doc, "parameter type", t, param_type_names,
	    nitems(param_type_names), &type) != 0)
		goto out;

	yl->q->params = xreallocarray(yl->q->params, yl->q->nparams + 1,
	    sizeof *yl->q->params);
	p = &yl->q->params[yl->q->nparams++];
	memset(p, 0, sizeof *p);
	p->name = xstrdup(key->value);
	p->type = (enum query_param_type)type;
	p->pos = qpos(key);

	if ((h = ydoc_get(v, "help")) != NULL && ydoc_string(yl->doc, what, h,
	    &p->help) != 0)
		goto out;
	if ((d = ydoc_get(v, "default")) == NULL) {
		rc = 0;
		goto out;
	}
	if (p->type == QUERY_PARAM_KINDS && d->type == YDOC_LIST) {
		struct buf b = BUF_INIT;

		if (ylist(yl, what, d, 0, &kinds, &nkinds) != 0)
			goto out;
		for (i = 0; i < nkinds; i++)
			buf_printf(&b, "%s%s", i == 0 ? "" : ",", kinds[i]);
		p->def = buf_steal(&b);
	} else if (ydoc_string(yl->doc, what, d, &p->def) != 0)
		goto out;

	switch (p->type) {
	case QUERY_PARAM_INT:
		if (!ydoc_int_text(p->def, &iv)) {
			yerr(yl, d->pos, "%s: the default \"%s\" is not a whole "
			    "number", what, p->def);
			goto out;
		}
		break;
	case QUERY_PARAM_FLOAT:
		if (!ydoc_float_text(p->def, &fv)) {
			yerr(yl, d->pos, "%s: the default \"%s\" is not a "
			    "number", what, p->def);
			goto out;
		}
		break;
	case QUERY_PARAM_BOOL:
		if (ydoc_bool(yl->doc, what, d, &bv) != 0)
			goto out;
		break;
	case QUERY_PARAM_DATE:
		if (!ydate_valid(p->def)) {
			yerr(yl, d->pos, "%s: the default \"%s\" is not a date "
			    "(YYYY-MM-DD)", what, p->def);
			goto out;
		}
		break;
	case QUERY_PARAM_KINDS:
		if (*p->def == '\0') {
			yerr(yl, d->pos, "%s: the default names no kinds",
			    what);
			goto out;
		}
		break;
	case QUERY_PARAM_STRING:
	case QUERY_PARAM_REGEX:
		break;
	}
	rc = 0;
out:
	for (i = 0; i < nkinds; i++)
		free(kinds[i]);
	free(kinds);
	free(what);
	return rc;
}

static int
yload_params(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	size_t	i;

	(void)key;
	if (ydoc_want(yl->doc, "params", v, YDOC_MAP) != 0)
		return -1;
	for (i = 0; i + 1 < v->nkids; i += 2) {
		if (yload_param(yl, v->kids[i], v->kids[i + 1]) != 0)
			return -1;
	}
	return 0;
}

static int
yload_from(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	struct query	*q = yl->q;
	size_t		 i;

	q->from_pos = qpos(key);
	if (v->type == YDOC_SCALAR) {
		if (ydoc_choice(yl->doc, "from", v, from_names,
		    nitems(from_names), &i) != 0)
			return -1;
		q->from = i == 0 ? QUERY_FROM_ALL : QUERY_FROM_SELECTION;
		return 0;
	}
	if (v->type != YDOC_MAP)
		return yerr(yl, v->pos, "from: expected all, selection, "
		    "{network: NAME} or {query: NAME}, found %s",
		    ydoc_type_name(v));
	if (ydoc_check_keys(yl->doc, v, from_keys, nitems(from_keys)) != 0)
		return -1;
	if (v->nkids != 2)
		return yerr(yl, v->pos, "from: give exactly one of "
		    "network: or query:");
	q->from = strcmp(v->kids[0]->value, "network") == 0 ?
	    QUERY_FROM_NETWORK : QUERY_FROM_QUERY;
	if (yname(yl, q->from == QUERY_FROM_NETWORK ? "from.network" :
	    "from.query", v->kids[1], &q->from_arg) != 0)
		return -1;
	if (q->from == QUERY_FROM_QUERY && !yquery_name_valid(q->from_arg))
		return yerr(yl, v->kids[1]->pos, "from.query: \"%s\" is not a "
		    "query name", q->from_arg);
	return 0;
}

static int
yload_pivot(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	struct query_pivot	*p;
	const struct ydoc_node	*n;
	size_t			 i;

	if (ydoc_want(yl->doc, "pivot", v, YDOC_MAP) != 0 ||
	    ydoc_check_keys(yl->doc, v, pivot_keys, nitems(pivot_keys)) != 0)
		return -1;
	p = yl->q->pivot = xcalloc(1, sizeof *p);
	p->pos = qpos(key);
	if ((n = ydoc_get(v, "similar_text")) != NULL &&
	    yfraction(yl, "pivot.similar_text", n, &p->similar_text) != 0)
		return -1;
	if ((n = ydoc_get(v, "within")) != NULL &&
	    yint(yl, "pivot.within", n, 0, HAMMING_MAX_K, &p->within) != 0)
		return -1;
	if ((n = ydoc_get(v, "on")) == NULL) {
		if (p->similar_text == NULL)
			return ydoc_require(yl->doc, "pivot", v, "on", &n);
	} else {
		if (ylist(yl, "pivot.on", n, YDOC_LIST_SCALAR_OK | YL_REFS,
		    &p->kinds, &p->nkinds) != 0)
			return -1;
		for (i = 0; i < p->nkinds; i++) {
			if (*p->kinds[i] == '\0')
				return yerr(yl, n->pos, "pivot.on: a kind "
				    "cannot be empty");
		}
	}
	if ((n = ydoc_get(v, "hops")) != NULL &&
	    yint(yl, "pivot.hops", n, 1, 5, &p->hops) != 0)
		return -1;
	if ((n = ydoc_get(v, "max_share")) != NULL &&
	    yint(yl, "pivot.max_share", n, 1, INT64_MAX, &p->max_share) != 0)
		return -1;
	return 0;
}

/* A condition's test: all but field, attribute and not. */
static int
ycond_op(struct yload *yl, struct query_cond *w, const struct ydoc_node **opkey,
    const struct ydoc_node *key, enum query_op op)
{
	if (*opkey != NULL && !(op == QUERY_OP_RANGE &&
	    w->op == QUERY_OP_RANGE))
		return yerr(yl, key->pos, "where: a condition takes one test; "
		    "found \"%s\" and \"%s\"", (*opkey)->value, key->value);
	if (*opkey == NULL)
		*opkey = key;
	w->op = op;
	return 0;
}

/* min/max (numbers for numeric fields) or since/until (dates). */
static int
ycond_bound(struct yload *yl, struct query_cond *w, const struct ydoc_node *key,
    const struct ydoc_node *v, bool numeric)
{
	const char	*k = key->value;
	bool		 date = k[0] == 's' || k[0] == 'u', lower, ref;
	char		**slot, *what;
	int64_t		 iv;
	double		 fv;
	int		 rc = 0;

	lower = strcmp(k, "min") == 0 || strcmp(k, "since") == 0;
	slot = lower ? &w->min : &w->max;
	if (*slot != NULL)
		return yerr(yl, key->pos, "where: use %s, not both min/max "
		    "and since/until", lower ? "min or since" :
		    "max or until");
	what = xasprintf("where.%s", k);
	if (yvalue(yl, what, v, slot, &ref) != 0)
		rc = -1;
	else if (!ref && date && !ydate_valid(*slot))
		rc = yerr(yl, v->pos, "%s: expected a date (YYYY-MM-DD), "
		    "found \"%s\"", what, *slot);
	else if (!ref && !date && numeric && !ydoc_int_text(*slot, &iv) &&
	    !ydoc_float_text(*slot, &fv))
		rc = yerr(yl, v->pos, "%s: expected a number for field \"%s\", "
		    "found \"%s\"", what, w->field, *slot);
	free(what);
	return rc;
}

static int
yload_cond(struct yload *yl, const struct ydoc_node *m)
{
	struct query_cond	*w;
	const struct ydoc_node	*key, *v, *opkey = NULL;
	size_t			 i;
	bool			 numeric = false, b, ref;
	char			*s, *what;
	int			 rc;

	if (ydoc_want(yl->doc, "where: a condition", m, YDOC_MAP) != 0 ||
	    ydoc_check_keys(yl->doc, m, cond_keys, nitems(cond_keys)) != 0)
		return -1;
	yl->q->where = xreallocarray(yl->q->where, yl->q->nwhere + 1,
	    sizeof *yl->q->where);
	w = &yl->q->where[yl->q->nwhere++];
	memset(w, 0, sizeof *w);
	w->pos = qpos(m);

	if ((v = ydoc_get(m, "field")) != NULL) {
		if (yname(yl, "where.field", v, &w->field) != 0)
			return -1;
		query_field_known(w->field, &numeric);
	}
	for (i = 0; i + 1 < m->nkids; i += 2) {
		key = m->kids[i];
		v = m->kids[i + 1];
		s = NULL;
		if (strcmp(key->value, "field") == 0)
			continue;
		if (strcmp(key->value, "attribute") == 0) {
			if (yname(yl, "where.attribute", v, &w->kind) != 0)
				return -1;
		} else if (strcmp(key->value, "not") == 0) {
			if (ydoc_bool(yl->doc, "where.not", v, &w->negate) != 0)
				return -1;
		} else if (strcmp(key->value, "exists") == 0 ||
		    strcmp(key->value, "missing") == 0) {
			if (ydoc_bool(yl->doc, key->value[0] == 'e' ?
			    "where.exists" : "where.missing", v, &b) != 0)
				return -1;
			if (key->value[0] == 'm')
				b = !b;
			if (ycond_op(yl, w, &opkey, key, b ? QUERY_OP_EXISTS :
			    QUERY_OP_MISSING) != 0)
				return -1;
		} else if (strcmp(key->value, "in") == 0) {
			if (ycond_op(yl, w, &opkey, key, QUERY_OP_IN) != 0 ||
			    ylist(yl, "where.in", v, YL_REFS, &w->values,
			    &w->nvalues) != 0)
				return -1;
		} else if (strcmp(key->value, "equals") == 0 ||
		    strcmp(key->value, "prefix") == 0 ||
		    strcmp(key->value, "regex") == 0) {
			if (ycond_op(yl, w, &opkey, key,
			    key->value[0] == 'e' ? QUERY_OP_EQUALS :
			    key->value[0] == 'p' ? QUERY_OP_PREFIX :
			    QUERY_OP_REGEX) != 0)
				return -1;
			what = xasprintf("where.%s", key->value);
			rc = yvalue(yl, what, v, &s, &ref);
			free(what);
			if (rc != 0) {
				free(s);
				return -1;
			}
			w->values = xreallocarray(w->values, 1,
			    sizeof *w->values);
			w->values[0] = s;
			w->nvalues = 1;
		} else {
			if (ycond_op(yl, w, &opkey, key, QUERY_OP_RANGE) != 0 ||
			    ycond_bound(yl, w, key, v, numeric) != 0)
				return -1;
		}
	}
	if (opkey == NULL)
		return yerr(yl, m->pos, "where: a condition needs a test: "
		    "equals, in, prefix, regex, min, max, since, until, exists "
		    "or missing");
	return 0;
}

static int
yload_where(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	size_t	i;

	(void)key;
	if (ydoc_want(yl->doc, "where", v, YDOC_LIST) != 0)
		return -1;
	for (i = 0; i < v->nkids; i++) {
		if (yload_cond(yl, v->kids[i]) != 0)
			return -1;
	}
	return 0;
}

static int
yload_group(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	struct query_group	*g;
	const struct ydoc_node	*n;
	bool			 ref;

	if (ydoc_want(yl->doc, "group", v, YDOC_MAP) != 0 ||
	    ydoc_check_keys(yl->doc, v, group_keys, nitems(group_keys)) != 0)
		return -1;
	g = yl->q->group = xcalloc(1, sizeof *g);
	g->pos = qpos(key);
	if ((n = ydoc_get(v, "field")) != NULL &&
	    yname(yl, "group.field", n, &g->field) != 0)
		return -1;
	if ((n = ydoc_get(v, "attribute")) != NULL &&
	    yname(yl, "group.attribute", n, &g->kind) != 0)
		return -1;
	if ((n = ydoc_get(v, "regex")) != NULL &&
	    yvalue(yl, "group.regex", n, &g->regex, &ref) != 0)
		return -1;
	/* A replacement is text: "$1" there names a capture group. */
	if ((n = ydoc_get(v, "replace")) != NULL &&
	    ydoc_string(yl->doc, "group.replace", n, &g->replace) != 0)
		return -1;
	if ((n = ydoc_get(v, "min_size")) != NULL &&
	    yint(yl, "group.min_size", n, 1, INT64_MAX, &g->min_size) != 0)
		return -1;
	if ((n = ydoc_get(v, "max_span")) != NULL &&
	    yint(yl, "group.max_span", n, 0, GROUP_MAX_SPAN_DAYS,
	    &g->max_span) != 0)
		return -1;
	return 0;
}

static int
yload_coord(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	struct query_coord	*c;
	const struct ydoc_node	*n;
	size_t			 kind;

	if (ydoc_want(yl->doc, "coordination", v, YDOC_MAP) != 0 ||
	    ydoc_check_keys(yl->doc, v, coord_keys, nitems(coord_keys)) != 0)
		return -1;
	c = yl->q->coord = xcalloc(1, sizeof *c);
	c->pos = qpos(key);
	if (ydoc_require(yl->doc, "coordination", v, "type", &n) != 0 ||
	    ydoc_choice(yl->doc, "coordination type", n, query_coord_names,
	    QUERY_COORD_SIMILAR + 1, &kind) != 0)
		return -1;
	c->kind = (enum query_coord_kind)kind;
	if ((n = ydoc_get(v, "threshold")) != NULL) {
		if (c->kind != QUERY_COORD_SIMILAR)
			return ydoc_error(yl->doc, n->pos, "coordination.threshold is"
			    " for co-similar only");
		if (yfraction(yl, "coordination.threshold", n,
		    &c->threshold) != 0)
			return -1;
	}
	if ((n = ydoc_get(v, "window")) != NULL &&
	    yint(yl, "coordination.window", n, 0, 86400 * 365,
	    &c->window) != 0)
		return -1;
	if ((n = ydoc_get(v, "min_weight")) != NULL &&
	    yint(yl, "coordination.min_weight", n, 1, INT64_MAX,
	    &c->min_weight) != 0)
		return -1;
	return 0;
}

/* "22-06": two hours of the day, 0 to 23. */
static bool
yhours_valid(const char *s)
{
	int	h0, h1, n = 0;

	if (sscanf(s, "%2d-%2d%n", &h0, &h1, &n) != 2 || s[n] != '\0')
		return false;
	if (s[0] < '0' || s[0] > '9')
		return false;
	return h0 >= 0 && h0 <= 23 && h1 >= 0 && h1 <= 23;
}

static int
yload_timing(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	struct query_timing	*t;
	struct timing_tz	 zone;
	const struct ydoc_node	*n;
	size_t			 unit;
	bool			 ref;

	if (ydoc_want(yl->doc, "timing", v, YDOC_MAP) != 0 ||
	    ydoc_check_keys(yl->doc, v, timing_keys, nitems(timing_keys)) != 0)
		return -1;
	t = yl->q->timing = xcalloc(1, sizeof *t);
	t->pos = qpos(key);
	if ((n = ydoc_get(v, "burst")) != NULL &&
	    ydoc_bool(yl->doc, "timing.burst", n, &t->burst) != 0)
		return -1;
	if ((n = ydoc_get(v, "unit")) != NULL) {
		if (yvalue(yl, "timing.unit", n, &t->unit, &ref) != 0)
			return -1;
		if (!ref && ydoc_choice(yl->doc, "timing unit", n, unit_names,
		    nitems(unit_names), &unit) != 0)
			return -1;
	}
	if ((n = ydoc_get(v, "tz")) != NULL) {
		if (yvalue(yl, "timing.tz", n, &t->tz, &ref) != 0)
			return -1;
		if (!ref && (!timing_tz_parse(t->tz, &zone, NULL) ||
		    !zone.fixed))
			return yerr(yl, n->pos, "timing.tz: expected an offset "
			    "like +03:00 or UTC, found \"%s\"", t->tz);
	}
	if ((n = ydoc_get(v, "hours")) != NULL) {
		if (yvalue(yl, "timing.hours", n, &t->hours, &ref) != 0)
			return -1;
		if (!ref && !yhours_valid(t->hours))
			return yerr(yl, n->pos, "timing.hours: expected a span "
			    "of hours like 22-06, found \"%s\"", t->hours);
	}
	if ((n = ydoc_get(v, "min_share")) != NULL &&
	    yfraction(yl, "timing.min_share", n, &t->min_share) != 0)
		return -1;
	if ((n = ydoc_get(v, "min_posts")) != NULL &&
	    yint(yl, "timing.min_posts", n, 1, INT64_MAX, &t->min_posts) != 0)
		return -1;
	return 0;
}

static int
yload_order(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	struct query_order	*o;
	const struct ydoc_node	*n;
	const char		*s;
	size_t			 i;

	(void)key;
	if (ydoc_want(yl->doc, "order", v, YDOC_LIST) != 0)
		return -1;
	for (i = 0; i < v->nkids; i++) {
		n = v->kids[i];
		if (ydoc_scalar(yl->doc, "order", n, &s) != 0)
			return -1;
		yl->q->order = xreallocarray(yl->q->order, yl->q->norder + 1,
		    sizeof *yl->q->order);
		o = &yl->q->order[yl->q->norder++];
		o->desc = s[0] == '-';
		o->field = xstrdup(o->desc ? s + 1 : s);
		if (strcmp(o->field, "evidence") != 0 &&
		    strcmp(o->field, "rank") != 0 &&
		    !query_field_known(o->field, NULL))
			return yerr(yl, n->pos, "order: unknown field \"%s\"",
			    o->field);
	}
	return 0;
}

static int
yload_limit(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	(void)key;
	return yint(yl, "limit", v, 1, INT64_MAX, &yl->q->limit);
}

static int
yload_sql(struct yload *yl, const struct ydoc_node *key,
    const struct ydoc_node *v)
{
	yl->q->sql_pos = qpos(key);
	if (ydoc_string(yl->doc, "sql", v, &yl->q->sql) != 0)
		return -1;
	if (*yl->q->sql == '\0')
		return yerr(yl, v->pos, "sql: the statement is empty");
	return 0;
}

/* The top level, in the order of top_keys[]. */
static const struct {
	const char	*key;
	int		(*load)(struct yload *, const struct ydoc_node *,
			    const struct ydoc_node *);
	bool		 required;
} top_parts[] = {
	{ "cibscope", yload_version, true },
	{ "name", yload_name, true },
	{ "title", yload_title, false },
	{ "description", yload_description, false },
	{ "tags", yload_tags, false },
	{ "params", yload_params, false },
	{ "from", yload_from, false },
	{ "pivot", yload_pivot, false },
	{ "where", yload_where, false },
	{ "group", yload_group, false },
	{ "coordination", yload_coord, false },
	{ "timing", yload_timing, false },
	{ "order", yload_order, false },
	{ "limit", yload_limit, false },
	{ "sql", yload_sql, false },
};

static int
yload_query(struct yload *yl, const struct ydoc_node *root)
{
	const struct ydoc_node	*v;
	size_t			 i, j;

	if (root->type != YDOC_MAP)
		return yerr(yl, root->pos, "expected a mapping at the top of "
		    "the file, found %s", ydoc_is_null(root) ? "nothing" :
		    ydoc_type_name(root));
	if (ydoc_check_keys(yl->doc, root, top_keys, nitems(top_keys)) != 0)
		return -1;
	for (i = 0; i < nitems(top_parts); i++) {
		if (top_parts[i].required &&
		    ydoc_require(yl->doc, NULL, root, top_parts[i].key,
		    &v) != 0)
			return -1;
	}
	/* In file order, so the first mistake in the file is the one told. */
	for (i = 0; i + 1 < root->nkids; i += 2) {
		for (j = 0; j < nitems(top_parts); j++) {
			if (strcmp(root->kids[i]->value, top_parts[j].key) == 0)
				break;
		}
		if (top_parts[j].load(yl, root->kids[i],
		    root->kids[i + 1]) != 0)
			return -1;
	}
	for (i = 0; i < yl->nrefs; i++) {
		for (j = 0; j < yl->q->nparams; j++) {
			if (strcmp(yl->q->params[j].name,
			    yl->refs[i].name) == 0)
				break;
		}
		if (j == yl->q->nparams)
			return yerr(yl, yl->refs[i].pos, "$%s names no "
			    "parameter declared under params",
			    yl->refs[i].name);
	}
	return 0;
}

/* ---- entry points ---------------------------------------------------- */

struct query *
query_load_string(const char *text, size_t len, const char *name,
    char **cause)
{
	struct yload	 yl;
	struct query	*q;

	memset(&yl, 0, sizeof yl);
	yl.doc = ydoc_read(text, len, name != NULL ? name : "query",
	    &query_rules, cause);
	if (yl.doc == NULL)
		return NULL;
	q = yl.q = query_new();
	q->file = xstrdup(yl.doc->file);
	if (yload_query(&yl, yl.doc->root) != 0 ||
	    query_check(q, cause) != 0) {
		query_free(q);
		q = NULL;
	}
	free(yl.refs);
	ydoc_free(yl.doc);
	return q;
}

struct query *
query_load_file(const char *path, char **cause)
{
	struct query	*q;
	char		*text;
	size_t		 len;

	if ((text = ydoc_slurp(path, &query_rules, &len, cause)) == NULL)
		return NULL;
	q = query_load_string(text, len, path, cause);
	free(text);
	return q;
}
