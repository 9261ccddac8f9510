/*
 * replay.c: the steps of an investigation, read from the audit trail or
 * from a tour file, and run again one at a time on the case; the audit
 * trail itself, for `cibscope log`; and query_from_canonical(), which
 * turns the canonical JSON of the audit trail back into a query.
 *
 * JSON is read with SQLite's JSON functions (on a private in-memory
 * connection for queries, on the case's connection otherwise); tour files
 * with libyaml's document API, which keeps each node's place for errors.
 */
#include "config.h"
#include "replay.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "account.h"
#include "case.h"
#include "detect.h"
#include "jsoncheck.h"
#include "normalize.h"
#include "query.h"
#include "query_path.h"
#include "util.h"

#ifndef CIB_PKGDATADIR
#define CIB_PKGDATADIR "/usr/local/share/cibscope"
#endif

/* Largest tour file read. */
#define REPLAY_MAX_TOUR	(256 * 1024)

/* What replay_run() learned about a step, kept for later steps. */
struct replay_ids {
	bool	 have;		/* computed */
	bool	 produces;	/* the step yields accounts */
	int64_t	*ids;		/* ascending */
	size_t	 n;
};

struct replay_cache {
	struct replay_ids	*steps;		/* nsteps entries */
};

/* ---- small JSON readers -------------------------------------------- */

static char *
jtext(sqlite3 *db, const char *json, const char *path)
{
	sqlite3_stmt		*st;
	const unsigned char	*s;
	char			*out = NULL;

	if (json == NULL || sqlite3_prepare_v2(db, "SELECT json_extract(?1,"
	    " ?2)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (s = sqlite3_column_text(st, 0)) != NULL)
		out = xstrdup((const char *)s);
	sqlite3_finalize(st);
	return out;
}

static int64_t
jint(sqlite3 *db, const char *json, const char *path, int64_t def)
{
	char	*s = jtext(db, json, path);
	int64_t	 v;

	if (s == NULL || !parse_int64(s, &v))
		v = def;
	free(s);
	return v;
}

/* The elements of an array as strings; NULL (and *n 0) when absent. */
static char **
jlist(sqlite3 *db, const char *json, const char *path, size_t *n)
{
	sqlite3_stmt		*st;
	const unsigned char	*s;
	char			**v = NULL;

	*n = 0;
	if (json == NULL || sqlite3_prepare_v2(db, "SELECT value FROM"
	    " json_each(?1, ?2) WHERE type NOT IN ('object', 'array')"
	    " ORDER BY key", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		s = sqlite3_column_text(st, 0);
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[(*n)++] = xstrdup(s != NULL ? (const char *)s : "");
	}
	sqlite3_finalize(st);
	return v;
}

static int64_t *
jids(sqlite3 *db, const char *json, const char *path, size_t *n)
{
	char	**v = jlist(db, json, path, n);
	int64_t	 *ids = NULL;
	size_t	  i, k = 0;

	if (v == NULL)
		return NULL;
	ids = xcalloc(*n, sizeof *ids);
	for (i = 0; i < *n; i++) {
		if (parse_int64(v[i], &ids[k]))
			k++;
		free(v[i]);
	}
	free(v);
	*n = k;
	return ids;
}

static bool
jhas(sqlite3 *db, const char *json, const char *path)
{
	sqlite3_stmt	*st;
	bool		 yes = false;

	if (json == NULL || sqlite3_prepare_v2(db, "SELECT json_type(?1, ?2)",
	    -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		yes = sqlite3_column_type(st, 0) != SQLITE_NULL;
	sqlite3_finalize(st);
	return yes;
}

static bool
jvalid(sqlite3 *db, const char *json)
{
	sqlite3_stmt	*st;
	bool		 yes = false;

	if (json == NULL || sqlite3_prepare_v2(db, "SELECT json_valid(?1) AND"
	    " json_type(?1) = 'object'", -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		yes = sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	return yes;
}

/* ---- query_from_canonical -------------------------------------------- */

static int
name_index(const char *s, const char *const *names, size_t n)
{
	size_t	i;

	for (i = 0; s != NULL && i < n; i++) {
		if (names[i] != NULL && strcmp(names[i], s) == 0)
			return (int)i;
	}
	return -1;
}

static int
canon_where(sqlite3 *db, const char *json, struct query *q, char **cause)
{
	sqlite3_stmt	*st;
	char	 path[64], *op;
	size_t	 i, n;
	int	 k;

	n = 0;
	if (sqlite3_prepare_v2(db, "SELECT json_array_length(?1, '$.where')",
	    -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = (size_t)sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	if (n == 0)
		return 0;
	q->where = xcalloc(n, sizeof *q->where);
	for (i = 0; i < n; i++) {
		struct query_cond *w = &q->where[q->nwhere++];

#define WP(key) (snprintf(path, sizeof path, "$.where[%zu].%s", i, key), path)
		w->field = jtext(db, json, WP("field"));
		w->kind = jtext(db, json, WP("attribute"));
		op = jtext(db, json, WP("op"));
		if ((k = name_index(op, query_op_names, nitems(query_op_names))) < 0) {
			set_cause(cause, "canonical query: unknown condition "
			    "\"%s\"", op != NULL ? op : "");
			free(op);
			return -1;
		}
		free(op);
		w->op = (enum query_op)k;
		op = jtext(db, json, WP("not"));
		w->negate = op != NULL && strcmp(op, "true") == 0;
		free(op);
		w->values = jlist(db, json, WP("values"), &w->nvalues);
		w->min = jtext(db, json, WP("min"));
		w->max = jtext(db, json, WP("max"));
#undef WP
	}
	return 0;
}

struct query *
query_from_canonical(const char *json, int64_t **seeds, size_t *nseeds,
    char **cause)
{
	sqlite3		 *db;
	struct query	 *q = NULL;
	char		 *s, **order;
	size_t		  n, i;
	int		  k;

	if (seeds != NULL)
		*seeds = NULL;
	if (nseeds != NULL)
		*nseeds = 0;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE,
	    NULL) != SQLITE_OK || json_check_register(db) != SQLITE_OK) {
		sqlite3_close(db);
		set_cause(cause, "out of memory reading a query");
		return NULL;
	}
	if (!jvalid(db, json)) {
		set_cause(cause, "canonical query: not a JSON object");
		goto out;
	}
	q = query_new();
	q->name = jtext(db, json, "$.name");
	s = jtext(db, json, "$.from");
	k = name_index(s != NULL ? s : "all", query_from_names,
	    nitems(query_from_names));
	free(s);
	if (k < 0) {
		set_cause(cause, "canonical query: unknown from");
		goto fail;
	}
	q->from = (enum query_from)k;
	q->from_arg = jtext(db, json, "$.from_arg");
	if (seeds != NULL && nseeds != NULL)
		*seeds = jids(db, json, "$.seeds", nseeds);
	if (jhas(db, json, "$.pivot")) {
		q->pivot = xcalloc(1, sizeof *q->pivot);
		q->pivot->kinds = jlist(db, json, "$.pivot.on",
		    &q->pivot->nkinds);
		q->pivot->hops = jtext(db, json, "$.pivot.hops");
		q->pivot->max_share = jtext(db, json, "$.pivot.max_share");
	}
	if (canon_where(db, json, q, cause) != 0)
		goto fail;
	if (jhas(db, json, "$.group")) {
		q->group = xcalloc(1, sizeof *q->group);
		q->group->field = jtext(db, json, "$.group.field");
		q->group->kind = jtext(db, json, "$.group.attribute");
		q->group->regex = jtext(db, json, "$.group.regex");
		q->group->replace = jtext(db, json, "$.group.replace");
		q->group->min_size = jtext(db, json, "$.group.min_size");
		q->group->max_span = jtext(db, json, "$.group.max_span");
	}
	if (jhas(db, json, "$.coordination")) {
		q->coord = xcalloc(1, sizeof *q->coord);
		s = jtext(db, json, "$.coordination.type");
		k = name_index(s, query_coord_names, nitems(query_coord_names));
		free(s);
		if (k < 0) {
			set_cause(cause, "canonical query: unknown "
			    "coordination type");
			goto fail;
		}
		q->coord->kind = (enum query_coord_kind)k;
		q->coord->window = jtext(db, json, "$.coordination.window");
		q->coord->min_weight = jtext(db, json,
		    "$.coordination.min_weight");
	}
	if (jhas(db, json, "$.timing")) {
		q->timing = xcalloc(1, sizeof *q->timing);
		s = jtext(db, json, "$.timing.burst");
		q->timing->burst = s != NULL && strcmp(s, "true") == 0;
		free(s);
		q->timing->unit = jtext(db, json, "$.timing.unit");
		q->timing->tz = jtext(db, json, "$.timing.tz");
		q->timing->hours = jtext(db, json, "$.timing.hours");
		q->timing->min_share = jtext(db, json, "$.timing.min_share");
		q->timing->min_posts = jtext(db, json, "$.timing.min_posts");
	}
	if ((order = jlist(db, json, "$.order", &n)) != NULL) {
		q->order = xcalloc(n, sizeof *q->order);
		for (i = 0; i < n; i++) {
			q->order[i].desc = order[i][0] == '-';
			q->order[i].field = xstrdup(order[i] +
			    (order[i][0] == '-'));
			free(order[i]);
		}
		q->norder = n;
		free(order);
	}
	q->limit = jtext(db, json, "$.limit");
	q->sql = jtext(db, json, "$.sql");
	goto out;
fail:
	query_free(q);
	q = NULL;
	if (seeds != NULL) {
		free(*seeds);
		*seeds = NULL;
		*nseeds = 0;
	}
out:
	sqlite3_close(db);
	return q;
}

/* ---- steps ----------------------------------------------------------- */

static struct replay *
replay_new(const char *source)
{
	struct replay	*rp = xcalloc(1, sizeof *rp);

	rp->source = xstrdup(source);
	return rp;
}

static struct replay_step *
step_add(struct replay *rp)
{
	struct replay_step	*s;

	rp->steps = xreallocarray(rp->steps, rp->nsteps + 1,
	    sizeof *rp->steps);
	s = &rp->steps[rp->nsteps++];
	memset(s, 0, sizeof *s);
	s->n = rp->nsteps;
	s->count = -1;
	return s;
}

void
replay_free(struct replay *rp)
{
	size_t	i;

	if (rp == NULL)
		return;
	for (i = 0; i < rp->nsteps; i++) {
		struct replay_step *s = &rp->steps[i];

		free(s->at);
		free(s->actor);
		free(s->action);
		free(s->target);
		free(s->caption);
		free(s->detail);
		free(s->query);
		free(s->network);
		free(s->network_to);
		free(s->label);
		free(s->detection);
		free(s->accounts);
		if (rp->cache != NULL)
			free(rp->cache->steps[i].ids);
	}
	if (rp->cache != NULL) {
		free(rp->cache->steps);
		free(rp->cache);
	}
	free(rp->steps);
	free(rp->title);
	free(rp->source);
	free(rp);
}

static const char *const change_actions[] = {
	"tag", "relabel", "rename", "remove-members", "merge", "remove",
};

/* A sentence for an audit step. */
static char *
audit_caption(const struct replay_step *s)
{
	const char	*who = s->actor != NULL ? s->actor : "someone";
	const char	*net = s->network != NULL ? s->network : "?";
	const char	*a = s->action;

	if (strcmp(a, "tag") == 0)
		return xasprintf("%s tagged accounts as network \"%s\"%s%s%s",
		    who, net, s->label != NULL ? " (" : "",
		    s->label != NULL ? s->label : "",
		    s->label != NULL ? ")" : "");
	if (strcmp(a, "relabel") == 0)
		return xasprintf("%s relabelled network \"%s\" as %s", who, net,
		    s->label != NULL ? s->label : "?");
	if (strcmp(a, "rename") == 0)
		return xasprintf("%s renamed network \"%s\" to \"%s\"", who, net,
		    s->network_to != NULL ? s->network_to : "?");
	if (strcmp(a, "merge") == 0)
		return xasprintf("%s merged network \"%s\" into \"%s\"", who,
		    net, s->network_to != NULL ? s->network_to : "?");
	if (strcmp(a, "remove-members") == 0)
		return xasprintf("%s removed %zu account%s from network \"%s\"",
		    who, s->naccounts, s->naccounts == 1 ? "" : "s", net);
	if (strcmp(a, "remove") == 0)
		return xasprintf("%s removed network \"%s\"", who, net);
	if (strcmp(a, "pivot") == 0 && s->target != NULL)
		return xasprintf("%s pivoted on %s", who, s->target);
	return xasprintf("%s ran %s \"%s\"", who, a,
	    s->target != NULL ? s->target : "?");
}

/* "phone from 2 accounts", for a pivot's caption. */
static char *
pivot_words(sqlite3 *db, const char *q)
{
	sqlite3_stmt	*st;
	char		*out = NULL;

	if (sqlite3_prepare_v2(db, "SELECT (SELECT group_concat(value, ', ')"
	    " FROM json_each(?1, '$.pivot.on')), json_array_length(?1,"
	    " '$.seeds'), json_extract(?1, '$.pivot.max_share')", -1, &st,
	    NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) !=
	    NULL)
		out = xasprintf("%s from %lld account%s%s%s",
		    (const char *)sqlite3_column_text(st, 0),
		    (long long)sqlite3_column_int64(st, 1),
		    sqlite3_column_int64(st, 1) == 1 ? "" : "s",
		    sqlite3_column_text(st, 2) != NULL ?
		    ", ignoring values shared by more than " : "",
		    sqlite3_column_text(st, 2) != NULL ?
		    (const char *)sqlite3_column_text(st, 2) : "");
	sqlite3_finalize(st);
	return out;
}

int
replay_from_audit(struct case_db *c, struct replay **out, char **cause)
{
	struct replay		*rp;
	struct replay_step	*s;
	sqlite3_stmt		*st;
	const unsigned char	*t;
	char			*q;
	int			 rc;

	if (sqlite3_prepare_v2(c->db, "SELECT seq, at, actor, action, target,"
	    " detail FROM audit ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "reading the audit trail");
	rp = replay_new(c->path);
	rp->title = xasprintf("The audit trail of %s", c->path);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *action = (const char *)sqlite3_column_text(st, 3);
		const char *detail = (const char *)sqlite3_column_text(st, 5);
		bool change = name_index(action, change_actions,
		    nitems(change_actions)) >= 0;

		q = NULL;
		if (!change && jvalid(c->db, detail)) {
			if (jhas(c->db, detail, "$.query"))
				q = jtext(c->db, detail, "$.query");
			else if (jhas(c->db, detail, "$.from"))
				q = xstrdup(detail);
			if (q != NULL && q[0] != '{') {
				free(q);
				q = NULL;
			}
		}
		if (!change && q == NULL)
			continue;
		s = step_add(rp);
		s->seq = sqlite3_column_int64(st, 0);
		s->at = xstrdup((const char *)sqlite3_column_text(st, 1));
		s->actor = xstrdup((const char *)sqlite3_column_text(st, 2));
		s->action = xstrdup(action);
		if ((t = sqlite3_column_text(st, 4)) != NULL)
			s->target = xstrdup((const char *)t);
		s->detail = detail != NULL ? xstrdup(detail) : NULL;
		if (change && jvalid(c->db, detail)) {
			s->network = s->target != NULL ? xstrdup(s->target) :
			    NULL;
			if (jhas(c->db, detail, "$.query"))
				q = jtext(c->db, detail, "$.query");
			if (q != NULL && q[0] != '{') {
				free(q);
				q = NULL;
			}
			if (jhas(c->db, detail, "$.detection"))
				s->detection = jtext(c->db, detail,
				    "$.detection");
			s->accounts = jids(c->db, detail, "$.accounts",
			    &s->naccounts);
			if (strcmp(action, "relabel") == 0)
				s->label = jtext(c->db, detail, "$.to");
			else if (strcmp(action, "tag") == 0)
				s->label = jtext(c->db, detail, "$.label");
			if (strcmp(action, "rename") == 0)
				s->network_to = jtext(c->db, detail, "$.to");
			else if (strcmp(action, "merge") == 0)
				s->network_to = jtext(c->db, detail, "$.into");
		}
		s->query = q;
		if (detail != NULL && jvalid(c->db, detail))
			s->count = jint(c->db, detail, "$.count", -1);
		if (strcmp(action, "pivot") == 0 && q != NULL) {
			char *what = pivot_words(c->db, q);

			free(s->target);
			s->target = what;
		}
		s->caption = audit_caption(s);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		replay_free(rp);
		return case_error(c, cause, "reading the audit trail");
	}
	*out = rp;
	return 0;
}

/* ---- tour files ------------------------------------------------------ */

struct tour {
	struct case_db		*c;
	yaml_document_t		 doc;
	const char		*path;
	const char		*text;
	size_t			 len;
	const char *const	*dirs;
	size_t			 ndirs;
	char			**cause;
	struct replay		*rp;
};

static int
terr(struct tour *t, const yaml_node_t *n, const char *fmt, ...)
    CIB_PRINTF(3, 4);

static int
terr(struct tour *t, const yaml_node_t *n, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (n != NULL)
		set_cause(t->cause, "%s:%zu:%zu: %s", t->path,
		    n->start_mark.line + 1, n->start_mark.column + 1, msg);
	else
		set_cause(t->cause, "%s: %s", t->path, msg);
	free(msg);
	return -1;
}

static yaml_node_t *
tnode(struct tour *t, int id)
{
	return yaml_document_get_node(&t->doc, id);
}

static const char *
tscalar(const yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE ?
	    (const char *)n->data.scalar.value : NULL;
}

/* A scalar, or an error naming key. */
static int
tstring(struct tour *t, const char *key, const yaml_node_t *n,
    const char **out)
{
	if ((*out = tscalar(n)) == NULL)
		return terr(t, n, "%s: expected a single value", key);
	return 0;
}

/* A scalar or a sequence of scalars. */
static int
tstrings(struct tour *t, const char *key, const yaml_node_t *n,
    const char ***out, size_t *nout)
{
	yaml_node_item_t	*it;
	const char		*s;

	*out = NULL;
	*nout = 0;
	if ((s = tscalar(n)) != NULL) {
		*out = xcalloc(1, sizeof **out);
		(*out)[(*nout)++] = s;
		return 0;
	}
	/* On failure *out is NULL and *nout 0, and -1 is returned as such:
	 * callers index *out by *nout. */
	if (n == NULL || n->type != YAML_SEQUENCE_NODE) {
		terr(t, n, "%s: expected a value or a list", key);
		return -1;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		const yaml_node_t *e = tnode(t, *it);

		if ((s = tscalar(e)) == NULL) {
			free(*out);
			*out = NULL;
			*nout = 0;
			terr(t, e, "%s: expected a list of values", key);
			return -1;
		}
		*out = xreallocarray(*out, *nout + 1, sizeof **out);
		(*out)[(*nout)++] = s;
	}
	return 0;
}

/* Resolve one account reference; $KEY reads case_info KEY. */
static int
tref(struct tour *t, const yaml_node_t *n, const char *ref, int64_t *id)
{
	char	*why = NULL, *via = NULL;
	int	 rc;

	if (ref[0] == '$') {
		if ((via = case_info_get(t->c, ref + 1)) == NULL)
			return terr(t, n, "%s: this case records no such "
			    "account", ref);
		ref = via;
	}
	rc = account_resolve(t->c, ref, id, &why);
	free(via);
	if (rc != 0) {
		terr(t, n, "%s", why);
		free(why);
		return -1;
	}
	return 0;
}

static int
trefs(struct tour *t, const char *key, const yaml_node_t *n,
    struct replay_step *s)
{
	const char	**refs;
	size_t		  nrefs, i;

	if (tstrings(t, key, n, &refs, &nrefs) != 0)
		return -1;
	s->accounts = xcalloc(nrefs + 1, sizeof *s->accounts);
	for (i = 0; i < nrefs; i++) {
		if (tref(t, n, refs[i], &s->accounts[i]) != 0) {
			free(refs);
			return -1;
		}
	}
	s->naccounts = nrefs;
	free(refs);
	return 0;
}

static bool
is_int(const char *s, int64_t lo, int64_t hi)
{
	int64_t	v;

	return s != NULL && parse_int64(s, &v) && v >= lo && v <= hi;
}

/* pivot: {seed: REF, on: [kinds], hops: N, max_share: N} */
static int
tour_pivot(struct tour *t, const yaml_node_t *n, struct replay_step *s,
    struct query **qout)
{
	yaml_node_pair_t	*p;
	struct query		*q;
	const char		*v, **kinds;
	size_t			 nkinds, i;

	if (n->type != YAML_MAPPING_NODE)
		return terr(t, n, "pivot: expected a mapping like {on: "
		    "[phone], hops: 1, max_share: 50}");
	q = query_new();
	q->name = xstrdup("pivot");
	q->from = QUERY_FROM_SELECTION;
	q->pivot = xcalloc(1, sizeof *q->pivot);
	*qout = q;
	s->from_selection = true;
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		const yaml_node_t *k = tnode(t, p->key), *val = tnode(t,
		    p->value);
		const char *key = tscalar(k);

		if (key == NULL)
			return terr(t, k, "pivot: keys are words");
		if (strcmp(key, "seed") == 0 || strcmp(key, "seeds") == 0) {
			if (trefs(t, key, val, s) != 0)
				return -1;
			s->from_selection = false;
		} else if (strcmp(key, "on") == 0) {
			if (tstrings(t, "on", val, &kinds, &nkinds) != 0)
				return -1;
			for (i = 0; i < nkinds; i++) {
				q->pivot->kinds = xreallocarray(q->pivot->kinds,
				    q->pivot->nkinds + 1,
				    sizeof *q->pivot->kinds);
				q->pivot->kinds[q->pivot->nkinds++] =
				    xstrdup(kinds[i]);
			}
			free(kinds);
		} else if (strcmp(key, "hops") == 0) {
			if (tstring(t, key, val, &v) != 0)
				return -1;
			if (!is_int(v, 1, 5))
				return terr(t, val, "hops: a number from 1 "
				    "to 5");
			q->pivot->hops = xstrdup(v);
		} else if (strcmp(key, "max_share") == 0) {
			if (tstring(t, key, val, &v) != 0)
				return -1;
			if (!is_int(v, 1, INT64_MAX))
				return terr(t, val, "max_share: a whole "
				    "number of at least 1");
			q->pivot->max_share = xstrdup(v);
		} else
			return terr(t, k, "pivot: unknown key \"%s\" (seed, on, "
			    "hops, max_share)", key);
	}
	if (q->pivot->nkinds == 0)
		return terr(t, n, "pivot: needs on: [kinds]");
	return 0;
}

/*
 * An inline query mapping: the file's own text of the mapping, placed at
 * the same line and column and given the cibscope and name keys it may
 * lack, so the query loader's errors point into the tour file.
 */
static int
tour_inline_query(struct tour *t, const yaml_node_t *n, size_t step,
    struct query **qout)
{
	struct buf		 b = BUF_INIT;
	yaml_node_pair_t	*p;
	size_t			 start = n->start_mark.index;
	size_t			 end = n->end_mark.index, line, col, i;
	bool			 has_v = false, has_name = false, flow;

	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		const char *key = tscalar(tnode(t, p->key));

		if (key != NULL && strcmp(key, "cibscope") == 0)
			has_v = true;
		if (key != NULL && strcmp(key, "name") == 0)
			has_name = true;
	}
	*qout = NULL;
	if (end > t->len || start >= end) {
		/* -1 as such: the caller reads *qout on 0. */
		terr(t, n, "query: cannot read the mapping");
		return -1;
	}
	line = n->start_mark.line;
	col = n->start_mark.column;
	flow = n->data.mapping.style == YAML_FLOW_MAPPING_STYLE;
	if (flow) {
		for (i = 0; i < line; i++)
			buf_addc(&b, '\n');
		for (i = 0; i < col; i++)
			buf_addc(&b, ' ');
		buf_addc(&b, '{');
		if (!has_v)
			buf_adds(&b, "cibscope: 1, ");
		if (!has_name)
			buf_printf(&b, "name: tour-step-%zu, ", step);
		buf_add(&b, t->text + start + 1, end - start - 1);
	} else {
		size_t extra = (has_v ? 0 : 1) + (has_name ? 0 : 1);

		for (i = 0; i + extra < line; i++)
			buf_addc(&b, '\n');
		if (!has_v)
			buf_printf(&b, "%*scibscope: 1\n", (int)col, "");
		if (!has_name)
			buf_printf(&b, "%*sname: tour-step-%zu\n", (int)col, "",
			    step);
		for (i = 0; i < col; i++)
			buf_addc(&b, ' ');
		buf_add(&b, t->text + start, end - start);
	}
	buf_addc(&b, '\n');
	*qout = query_load_string(b.data, b.len, t->path, t->cause);
	buf_free(&b);
	return *qout != NULL ? 0 : -1;
}

/* params: {name: value} for a query step. */
static int
tour_params(struct tour *t, const yaml_node_t *n, struct query_args *a,
    const char ***names, const char ***values)
{
	yaml_node_pair_t	*p;

	if (n->type != YAML_MAPPING_NODE)
		return terr(t, n, "params: expected a mapping of names to "
		    "values");
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		const char *k = tscalar(tnode(t, p->key));
		const char *v = tscalar(tnode(t, p->value));

		if (k == NULL || v == NULL)
			return terr(t, tnode(t, p->key), "params: expected "
			    "name: value");
		*names = xreallocarray(*names, a->nparams + 1, sizeof **names);
		*values = xreallocarray(*values, a->nparams + 1,
		    sizeof **values);
		(*names)[a->nparams] = k;
		(*values)[a->nparams++] = v;
	}
	a->names = *names;
	a->values = *values;
	return 0;
}

/* tag: NAME or {network: NAME, label: L} */
static int
tour_tag(struct tour *t, const yaml_node_t *n, struct replay_step *s)
{
	yaml_node_pair_t	*p;
	const char		*v;

	if ((v = tscalar(n)) != NULL) {
		s->network = xstrdup(v);
		return 0;
	}
	if (n->type != YAML_MAPPING_NODE)
		return terr(t, n, "tag: expected a network name or {network: "
		    "NAME, label: LABEL}");
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		const yaml_node_t *k = tnode(t, p->key), *val = tnode(t,
		    p->value);
		const char *key = tscalar(k);

		if (key == NULL)
			return terr(t, k, "tag: keys are words");
		if (strcmp(key, "network") == 0 || strcmp(key, "name") == 0) {
			if (tstring(t, key, val, &v) != 0)
				return -1;
			free(s->network);
			s->network = xstrdup(v);
		} else if (strcmp(key, "label") == 0) {
			if (tstring(t, key, val, &v) != 0)
				return -1;
			free(s->label);
			s->label = xstrdup(v);
		} else if (strcmp(key, "origin") != 0 &&
		    strcmp(key, "target") != 0 && strcmp(key, "ttps") != 0 &&
		    strcmp(key, "note") != 0)
			return terr(t, k, "tag: unknown key \"%s\" (network, "
			    "label, origin, target, ttps, note)", key);
	}
	if (s->network == NULL)
		return terr(t, n, "tag: needs network: NAME");
	return 0;
}

static const char *const step_keys[] = {
	"caption", "select", "pivot", "query", "params", "seed", "tag",
};

static int
tour_step(struct tour *t, const yaml_node_t *n)
{
	struct replay_step	*s;
	struct query		*q = NULL;
	struct query_args	 a;
	yaml_node_pair_t	*p;
	const yaml_node_t	*qnode = NULL, *params = NULL, *seed = NULL;
	const char		**names = NULL, **values = NULL, *v;
	int			 kinds = 0, rc = -1;

	if (n->type != YAML_MAPPING_NODE)
		return terr(t, n, "a step is a mapping (caption, select, pivot, "
		    "query, tag)");
	s = step_add(t->rp);
	s->line = (int)n->start_mark.line + 1;
	s->col = (int)n->start_mark.column + 1;
	memset(&a, 0, sizeof a);
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		const yaml_node_t *k = tnode(t, p->key), *val = tnode(t,
		    p->value);
		const char *key = tscalar(k);

		if (key == NULL || name_index(key, step_keys,
		    nitems(step_keys)) < 0)
			return terr(t, k, "unknown step key \"%s\" (caption, "
			    "select, pivot, query, params, seed, tag)",
			    key != NULL ? key : "?");
		if (strcmp(key, "caption") == 0) {
			size_t len;

			if (tstring(t, key, val, &v) != 0)
				return -1;
			len = strlen(v);
			while (len > 0 && ascii_isspace((unsigned char)v[len -
			    1]))
				len--;
			s->caption = xstrndup(v, len);
		} else if (strcmp(key, "select") == 0) {
			kinds++;
			s->action = xstrdup("select");
			if (trefs(t, key, val, s) != 0)
				return -1;
		} else if (strcmp(key, "pivot") == 0) {
			kinds++;
			s->action = xstrdup("pivot");
			if (tour_pivot(t, val, s, &q) != 0)
				goto out;
		} else if (strcmp(key, "query") == 0) {
			kinds++;
			s->action = xstrdup("query");
			qnode = val;
		} else if (strcmp(key, "params") == 0)
			params = val;
		else if (strcmp(key, "seed") == 0)
			seed = val;
		else if (strcmp(key, "tag") == 0) {
			kinds++;
			s->action = xstrdup("tag");
			s->from_selection = true;
			if (tour_tag(t, val, s) != 0)
				return -1;
		}
	}
	if (kinds != 1) {
		terr(t, n, "a step does one thing: select, pivot, query or tag");
		goto out;
	}
	if ((params != NULL || seed != NULL) && qnode == NULL) {
		terr(t, params != NULL ? params : seed, "params and seed go "
		    "with query");
		goto out;
	}
	if (qnode != NULL) {
		if ((v = tscalar(qnode)) != NULL) {
			char *why = NULL;

			if ((q = query_path_load(v, t->dirs, t->ndirs,
			    &why)) == NULL) {
				terr(t, qnode, "%s", why);
				free(why);
				goto out;
			}
		} else if (qnode->type == YAML_MAPPING_NODE) {
			if (tour_inline_query(t, qnode, s->n, &q) != 0)
				goto out;
		} else {
			terr(t, qnode, "query: a saved query's name or a query "
			    "mapping");
			goto out;
		}
		if (params != NULL && tour_params(t, params, &a, &names,
		    &values) != 0)
			goto out;
		if (seed != NULL) {
			if (trefs(t, "seed", seed, s) != 0)
				goto out;
		} else
			s->from_selection = q->from == QUERY_FROM_SELECTION;
		s->target = q->name != NULL ? xstrdup(q->name) : NULL;
	}
	if (q != NULL) {
		char *why = NULL;

		if (query_check(q, &why) != 0) {
			terr(t, qnode != NULL ? qnode : n, "%s", why);
			free(why);
			goto out;
		}
		/* Seeds are given at run time; the canonical form here
		 * holds the query with its parameters bound. */
		s->query = query_canonical(q, a.nparams > 0 ? &a : NULL);
	}
	if (s->caption == NULL)
		s->caption = xasprintf("Step %zu: %s", s->n, s->action);
	rc = 0;
out:
	query_free(q);
	free(names);
	free(values);
	return rc;
}

int
replay_load_tour(struct case_db *c, const char *path,
    const char *const *dirs, size_t ndirs, struct replay **out,
    char **cause)
{
	struct tour		 t;
	yaml_parser_t		 parser;
	yaml_node_t		*root;
	yaml_node_pair_t	*p;
	FILE			*fp;
	struct buf		 text = BUF_INIT;
	char			 chunk[8192];
	size_t			 got;
	bool			 have_version = false, have_steps = false;
	int			 rc = -1;

	if ((fp = fopen(path, "rb")) == NULL)
		return set_cause(cause, "%s: %s", path, strerror(errno));
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		buf_add(&text, chunk, got);
		if (text.len > REPLAY_MAX_TOUR)
			break;
	}
	fclose(fp);
	if (text.len > REPLAY_MAX_TOUR) {
		buf_free(&text);
		return set_cause(cause, "%s: larger than %d bytes: not a tour",
		    path, REPLAY_MAX_TOUR);
	}
	buf_addc(&text, '\0');
	text.len--;
	memset(&t, 0, sizeof t);
	t.c = c;
	t.path = path;
	t.text = text.data;
	t.len = text.len;
	t.dirs = dirs;
	t.ndirs = ndirs;
	t.cause = cause;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text.data,
	    text.len);
	if (!yaml_parser_load(&parser, &t.doc)) {
		set_cause(cause, "%s:%zu:%zu: %s", path,
		    parser.problem_mark.line + 1,
		    parser.problem_mark.column + 1,
		    parser.problem != NULL ? parser.problem : "bad YAML");
		yaml_parser_delete(&parser);
		buf_free(&text);
		return -1;
	}
	yaml_parser_delete(&parser);
	t.rp = replay_new(path);
	if ((root = yaml_document_get_root_node(&t.doc)) == NULL) {
		terr(&t, NULL, "empty file: a tour needs cibscope: 1 and "
		    "steps");
		goto out;
	}
	if (root->type != YAML_MAPPING_NODE) {
		terr(&t, root, "a tour is a mapping (cibscope, title, steps)");
		goto out;
	}
	for (p = root->data.mapping.pairs.start;
	    p < root->data.mapping.pairs.top; p++) {
		const yaml_node_t *k = tnode(&t, p->key), *v = tnode(&t,
		    p->value);
		const char *key = tscalar(k), *s;
		yaml_node_item_t *it;

		if (key == NULL) {
			terr(&t, k, "keys are words");
			goto out;
		}
		if (strcmp(key, "cibscope") == 0) {
			if (tstring(&t, key, v, &s) != 0)
				goto out;
			if (strcmp(s, "1") != 0) {
				terr(&t, v, "unsupported tour version \"%s\"; "
				    "this cibscope reads version 1", s);
				goto out;
			}
			have_version = true;
		} else if (strcmp(key, "title") == 0) {
			if (tstring(&t, key, v, &s) != 0)
				goto out;
			free(t.rp->title);
			t.rp->title = xstrdup(s);
		} else if (strcmp(key, "description") == 0) {
			if (tstring(&t, key, v, &s) != 0)
				goto out;
		} else if (strcmp(key, "steps") == 0) {
			if (v->type != YAML_SEQUENCE_NODE) {
				terr(&t, v, "steps: expected a list of steps");
				goto out;
			}
			for (it = v->data.sequence.items.start;
			    it < v->data.sequence.items.top; it++) {
				if (tour_step(&t, tnode(&t, *it)) != 0)
					goto out;
			}
			have_steps = true;
		} else {
			terr(&t, k, "unknown key \"%s\" (cibscope, title, "
			    "description, steps)", key);
			goto out;
		}
	}
	if (!have_version) {
		terr(&t, root, "missing required key \"cibscope\" (cibscope: 1)");
		goto out;
	}
	if (!have_steps || t.rp->nsteps == 0) {
		terr(&t, root, "a tour needs steps");
		goto out;
	}
	if (t.rp->title == NULL)
		t.rp->title = xstrdup(path);
	*out = t.rp;
	t.rp = NULL;
	rc = 0;
out:
	replay_free(t.rp);
	yaml_document_delete(&t.doc);
	buf_free(&text);
	return rc;
}

char *
replay_tour_path(const char *file)
{
	const char	*env = getenv("CIBSCOPE_TOURS");

	if (env != NULL && *env != '\0')
		return xasprintf("%s/%s", env, file);
	return xasprintf("%s/tours/%s", CIB_PKGDATADIR, file);
}

/* ---- running --------------------------------------------------------- */

static int
cmp_id(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort and drop duplicates. */
static void
ids_norm(int64_t *v, size_t *n)
{
	size_t	i, k = 0;

	if (*n == 0)
		return;
	qsort(v, *n, sizeof *v, cmp_id);
	for (i = 1; i < *n; i++) {
		if (v[i] != v[k])
			v[++k] = v[i];
	}
	*n = k + 1;
}

static struct replay_ids *
cache_of(struct replay *rp, size_t i)
{
	if (rp->cache == NULL) {
		rp->cache = xcalloc(1, sizeof *rp->cache);
		rp->cache->steps = xcalloc(rp->nsteps + 1,
		    sizeof *rp->cache->steps);
	}
	return &rp->cache->steps[i];
}

static int	step_ids(struct case_db *, struct replay *, size_t,
		    char **);

/* The accounts the steps before step i (0-based) left selected. */
static int
selection_before(struct case_db *c, struct replay *rp, size_t i,
    const int64_t **ids, size_t *n, char **cause)
{
	*ids = NULL;
	*n = 0;
	while (i-- > 0) {
		struct replay_ids *r;

		if (step_ids(c, rp, i, cause) != 0)
			return -1;
		r = cache_of(rp, i);
		if (r->produces) {
			*ids = r->ids;
			*n = r->n;
			return 0;
		}
	}
	return 0;
}

int
replay_step_query(struct case_db *c, struct replay *rp, size_t n,
    struct query **q, int64_t **seeds, size_t *nseeds, char **cause)
{
	struct replay_step	*s;
	const int64_t		*sel;
	size_t			 nsel;

	*q = NULL;
	*seeds = NULL;
	*nseeds = 0;
	if (n < 1 || n > rp->nsteps)
		return set_cause(cause, "there is no step %zu (1 to %zu)", n,
		    rp->nsteps);
	s = &rp->steps[n - 1];
	if (s->query == NULL)
		return 0;
	if ((*q = query_from_canonical(s->query, seeds, nseeds,
	    cause)) == NULL)
		return -1;
	if (s->naccounts > 0 && (*q)->from == QUERY_FROM_SELECTION &&
	    strcmp(s->action, "tag") != 0) {
		free(*seeds);
		*seeds = xcalloc(s->naccounts, sizeof **seeds);
		memcpy(*seeds, s->accounts, s->naccounts * sizeof **seeds);
		*nseeds = s->naccounts;
	} else if (s->from_selection && (*q)->from == QUERY_FROM_SELECTION &&
	    *nseeds == 0) {
		if (selection_before(c, rp, n - 1, &sel, &nsel, cause) != 0) {
			query_free(*q);
			*q = NULL;
			return -1;
		}
		*seeds = xcalloc(nsel + 1, sizeof **seeds);
		if (nsel > 0)
			memcpy(*seeds, sel, nsel * sizeof **seeds);
		*nseeds = nsel;
	}
	return 0;
}

/* Run a query step and keep its result (when res is not NULL). */
static int
step_query_run(struct case_db *c, struct replay *rp, size_t i,
    struct query_result **res, int64_t **ids, size_t *n, char **cause)
{
	struct query		*q;
	struct query_args	 a;
	struct query_result	*r;
	sqlite3_stmt		*st;
	int64_t			*seeds;
	size_t			 nseeds;
	char			*sql;
	int			 rc;

	if (replay_step_query(c, rp, i + 1, &q, &seeds, &nseeds, cause) != 0)
		return -1;
	memset(&a, 0, sizeof a);
	a.seeds = seeds;
	a.nseeds = nseeds;
	rc = query_run(c, q, &a, &r, cause);
	query_free(q);
	free(seeds);
	if (rc != 0) {
		if (cause != NULL) {
			char *why = *cause;

			*cause = xasprintf("step %zu: %s", i + 1,
			    why != NULL ? why : "the query failed");
			free(why);
		}
		return -1;
	}
	*ids = xcalloc((size_t)r->count + 1, sizeof **ids);
	*n = 0;
	sql = xasprintf("SELECT account_id FROM %s ORDER BY ord", r->table);
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW && *n < (size_t)r->count)
			(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	free(sql);
	if (res != NULL)
		*res = r;
	else
		query_result_free(c, r);
	return 0;
}

/* Members of a detection candidate, rebuilt from its spec. */
static int
step_detection(struct case_db *c, const char *spec, int64_t **ids,
    size_t *n, char **cause)
{
	struct detect_opts	 o;
	struct detect_result	*r;
	char			**kinds;
	size_t			 nkinds, i;
	int64_t			 rank;
	int			 rc = -1;

	memset(&o, 0, sizeof o);
	kinds = jlist(c->db, spec, "$.on", &nkinds);
	o.kinds = (const char **)kinds;
	o.nkinds = nkinds;
	o.max_share = jint(c->db, spec, "$.max_share", 0);
	o.min_size = jint(c->db, spec, "$.min_size", 0);
	o.first_handles_only = true;	/* ids are all it needs */
	rank = jint(c->db, spec, "$.rank", 1);
	if (detect_run(c, &o, &r, cause) == 0) {
		if (rank < 1 || (size_t)rank > r->nnetworks)
			set_cause(cause, "detection now finds %zu candidates: "
			    "there is no candidate %lld", r->nnetworks,
			    (long long)rank);
		else {
			const struct detect_network *dn =
			    &r->networks[rank - 1];

			*ids = xcalloc(dn->size + 1, sizeof **ids);
			for (i = 0; i < dn->size; i++)
				(*ids)[i] = dn->members[i].id;
			*n = dn->size;
			rc = 0;
		}
		detect_result_free(r);
	}
	for (i = 0; i < nkinds; i++)
		free(kinds[i]);
	free(kinds);
	return rc;
}

/* What step i (0-based) selects, computed once. */
static int
step_ids(struct case_db *c, struct replay *rp, size_t i, char **cause)
{
	struct replay_step	*s = &rp->steps[i];
	struct replay_ids	*r = cache_of(rp, i);
	const int64_t		*sel;
	size_t			 nsel;

	if (r->have)
		return 0;
	if (strcmp(s->action, "select") == 0 ||
	    (strcmp(s->action, "tag") == 0 && s->query == NULL &&
	    s->detection == NULL && s->naccounts > 0)) {
		r->ids = xcalloc(s->naccounts + 1, sizeof *r->ids);
		memcpy(r->ids, s->accounts, s->naccounts * sizeof *r->ids);
		r->n = s->naccounts;
		r->produces = true;
	} else if (s->detection != NULL) {
		if (step_detection(c, s->detection, &r->ids, &r->n,
		    cause) != 0)
			return -1;
		r->produces = true;
	} else if (s->query != NULL) {
		if (step_query_run(c, rp, i, NULL, &r->ids, &r->n,
		    cause) != 0)
			return -1;
		r->produces = true;
	} else if (strcmp(s->action, "tag") == 0 && s->from_selection) {
		if (selection_before(c, rp, i, &sel, &nsel, cause) != 0)
			return -1;
		r->ids = xcalloc(nsel + 1, sizeof *r->ids);
		if (nsel > 0)
			memcpy(r->ids, sel, nsel * sizeof *r->ids);
		r->n = nsel;
		r->produces = true;
	}
	r->have = true;
	return 0;
}

/* Networks as the replay builds them. */
struct sim_net {
	char	*name;
	int64_t	*ids;
	size_t	 n;
};

struct sim {
	struct sim_net	*v;
	size_t		 n;
};

static struct sim_net *
sim_find(struct sim *sm, const char *name, bool create)
{
	size_t	i;

	for (i = 0; name != NULL && i < sm->n; i++) {
		if (strcmp(sm->v[i].name, name) == 0)
			return &sm->v[i];
	}
	if (!create || name == NULL)
		return NULL;
	sm->v = xreallocarray(sm->v, sm->n + 1, sizeof *sm->v);
	memset(&sm->v[sm->n], 0, sizeof *sm->v);
	sm->v[sm->n].name = xstrdup(name);
	return &sm->v[sm->n++];
}

static void
sim_add(struct sim_net *net, const int64_t *ids, size_t n)
{
	if (n == 0)
		return;
	net->ids = xreallocarray(net->ids, net->n + n + 1, sizeof *net->ids);
	memcpy(net->ids + net->n, ids, n * sizeof *ids);
	net->n += n;
	ids_norm(net->ids, &net->n);
}

static void
sim_drop(struct sim *sm, struct sim_net *net)
{
	size_t	i = (size_t)(net - sm->v);

	free(net->name);
	free(net->ids);
	memmove(&sm->v[i], &sm->v[i + 1], (sm->n - i - 1) * sizeof *sm->v);
	sm->n--;
}

static void
sim_free(struct sim *sm)
{
	size_t	i;

	for (i = 0; i < sm->n; i++) {
		free(sm->v[i].name);
		free(sm->v[i].ids);
	}
	free(sm->v);
}

/* Apply step i to the simulated networks; *added counts new members. */
static int
sim_apply(struct case_db *c, struct replay *rp, size_t i, struct sim *sm,
    int64_t *added, char **cause)
{
	struct replay_step	*s = &rp->steps[i];
	struct replay_ids	*r;
	struct sim_net		*net, *to;
	size_t			 before, k, j;

	*added = 0;
	if (s->network == NULL)
		return 0;
	if (strcmp(s->action, "tag") == 0) {
		if (step_ids(c, rp, i, cause) != 0)
			return -1;
		r = cache_of(rp, i);
		net = sim_find(sm, s->network, true);
		before = net->n;
		sim_add(net, r->ids, r->n);
		*added = (int64_t)(net->n - before);
	} else if (strcmp(s->action, "remove-members") == 0) {
		if ((net = sim_find(sm, s->network, false)) == NULL)
			return 0;
		for (j = k = 0; j < net->n; j++) {
			size_t m;
			bool gone = false;

			for (m = 0; m < s->naccounts && !gone; m++)
				gone = s->accounts[m] == net->ids[j];
			if (!gone)
				net->ids[k++] = net->ids[j];
		}
		net->n = k;
	} else if (strcmp(s->action, "rename") == 0) {
		if ((net = sim_find(sm, s->network, false)) != NULL &&
		    s->network_to != NULL) {
			free(net->name);
			net->name = xstrdup(s->network_to);
		}
	} else if (strcmp(s->action, "merge") == 0) {
		if (sim_find(sm, s->network, false) == NULL ||
		    s->network_to == NULL)
			return 0;
		/* Found only after to: creating to may move sm->v. */
		to = sim_find(sm, s->network_to, true);
		net = sim_find(sm, s->network, false);
		before = to->n;
		sim_add(to, net->ids, net->n);
		*added = (int64_t)(to->n - before);
		sim_drop(sm, net);
	} else if (strcmp(s->action, "remove") == 0) {
		if ((net = sim_find(sm, s->network, false)) != NULL)
			sim_drop(sm, net);
	}
	return 0;
}

int
replay_run(struct case_db *c, struct replay *rp, size_t n,
    struct replay_view *v, char **cause)
{
	struct replay_step	*s;
	struct sim		 sm = { NULL, 0 };
	struct sim_net		*net;
	const char		*name;
	int64_t			 added = 0, *ids = NULL;
	size_t			 i, nids = 0;

	memset(v, 0, sizeof *v);
	v->count = -1;
	if (n < 1 || n > rp->nsteps)
		return set_cause(cause, "there is no step %zu (1 to %zu)", n,
		    rp->nsteps);
	s = &rp->steps[n - 1];
	v->step = n;
	if (s->query != NULL && strcmp(s->action, "tag") != 0) {
		if (step_query_run(c, rp, n - 1, &v->result, &ids, &nids,
		    cause) != 0)
			return -1;
		free(ids);
		v->count = v->result->count;
	} else if (s->query != NULL || s->detection != NULL ||
	    strcmp(s->action, "select") == 0 || strcmp(s->action, "tag") == 0) {
		struct query		*q;
		struct query_args	 a;
		struct replay_ids	*r;

		if (step_ids(c, rp, n - 1, cause) != 0)
			return -1;
		r = cache_of(rp, n - 1);
		if (r->produces) {
			/* The step's accounts as a result the screen can
			 * page: a selection of them. */
			q = query_new();
			q->name = xstrdup("replay");
			q->from = QUERY_FROM_SELECTION;
			memset(&a, 0, sizeof a);
			a.seeds = r->ids;
			a.nseeds = r->n;
			if (r->n > 0 && query_run(c, q, &a, &v->result,
			    cause) != 0) {
				query_free(q);
				return -1;
			}
			query_free(q);
			v->count = (int64_t)r->n;
		}
	}
	if (s->count >= 0 && v->count >= 0 && s->count != v->count &&
	    strcmp(s->action, "tag") != 0)
		v->drift = true;
	if (s->network != NULL) {
		for (i = 0; i < n; i++) {
			if (sim_apply(c, rp, i, &sm, &added, cause) != 0) {
				sim_free(&sm);
				replay_view_clear(c, v);
				return -1;
			}
		}
		name = strcmp(s->action, "rename") == 0 ||
		    strcmp(s->action, "merge") == 0 ? s->network_to :
		    s->network;
		v->added = added;
		v->network = name;
		if ((net = sim_find(&sm, name, false)) != NULL &&
		    net->n > 0) {
			v->members = xcalloc(net->n, sizeof *v->members);
			memcpy(v->members, net->ids,
			    net->n * sizeof *v->members);
			v->nmembers = net->n;
		}
		if (strcmp(s->action, "tag") == 0 && s->count >= 0) {
			struct replay_ids *r = cache_of(rp, n - 1);

			v->drift = r->have && (int64_t)r->n != s->count;
		}
	}
	sim_free(&sm);
	return 0;
}

void
replay_view_clear(struct case_db *c, struct replay_view *v)
{
	if (v == NULL)
		return;
	query_result_free(c, v->result);
	free(v->members);
	memset(v, 0, sizeof *v);
	v->count = -1;
}

/* ---- the log --------------------------------------------------------- */

int64_t
replay_log_each(struct case_db *c, const char *since, const char *action,
    void (*fn)(void *, const struct replay_log_row *), void *arg,
    char **cause)
{
	struct replay_log_row	 r;
	sqlite3_stmt		*st;
	char			 from[21];
	int64_t			 t, n = 0;
	int			 rc;

	if (since != NULL) {
		if (!norm_time(since, &t))
			return set_cause(cause, "--since %s: not a date or time "
			    "(2024-01-31 or 2024-01-31T12:00:00Z)", since);
		norm_time_iso(t, from);
	}
	if (sqlite3_prepare_v2(c->db, "SELECT seq, at, actor, action, target,"
	    " detail, coalesce(json_valid(detail), 0) FROM audit WHERE (?1 IS"
	    " NULL OR at >= ?1) AND (?2 IS NULL OR action = ?2) ORDER BY seq",
	    -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "reading the audit trail");
	if (since != NULL)
		sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	if (action != NULL)
		sqlite3_bind_text(st, 2, action, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.seq = sqlite3_column_int64(st, 0);
		r.at = (const char *)sqlite3_column_text(st, 1);
		r.actor = (const char *)sqlite3_column_text(st, 2);
		r.action = (const char *)sqlite3_column_text(st, 3);
		r.target = (const char *)sqlite3_column_text(st, 4);
		r.detail = (const char *)sqlite3_column_text(st, 5);
		r.detail_json = sqlite3_column_int(st, 6) != 0;
		fn(arg, &r);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "reading the audit trail");
	return n;
}
