/*
 * fuzz_query_compile.c: random query trees, as the screen or a loader bug
 * could build them, run against a small case. Every part, field, test,
 * value, parameter and seed is chosen by the input; most trees are
 * refused by query_check() or fail while running, which is fine. What
 * runs must be freed cleanly and leave the case's connection usable.
 */
#include "config.h"
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "case.h"
#include "query.h"
#include "sqlguard.h"

static const char *const fields[] = {
	"id", "platform", "native_id", "handle", "display_name", "bio", "url",
	"created_at", "followers", "following", "posts", "country",
	"language", "status", "evidence", "rank", "text", "id; DROP TABLE x",
};

static const char *const kinds[] = {
	"phone", "email", "email_domain", "ip", "ip24", "avatar_hash",
	"handle_template", "created_day", "url", "domain", "device", "",
	"Phone", "kind'--",
};

static const char *const values[] = {
	"0", "1", "2", "5", "-1", "50", "60", "3600", "0.5", "1.0", "1e309",
	"nan", "9223372036854775807", "99999999999999999999", "2023-04-01",
	"2023-04-01T10:00:00Z", "2023-02-30", "22-06", "06-22", "0-24",
	"+03:00", "-12:00", "UTC", "+99:99", "hour", "day", "$n", "$k",
	"$missing", "$", "RU", "Anna", "anna", "Just a girl", "(a+)+$",
	"^anna[0-9]+$", "([", "\\", "$1", "${1}", "chirp", "a1", "",
	"79123456789", "phone,ip24", "true", "'; DROP TABLE accounts; --",
};

static const char *const sqls[] = {
	"SELECT id FROM accounts",
	"SELECT id FROM accounts WHERE followers > ?",
	"SELECT account_id FROM attributes WHERE kind = 'phone'",
	"DELETE FROM accounts",
	"SELECT id FROM accounts; SELECT 1",
	"SELECT readfile('/etc/passwd')",
	"ATTACH DATABASE '/tmp/x' AS x",
	"SELECT id FROM accounts WHERE handle REGEXP '(a+)+$'",
	("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) "
	"SELECT i FROM r"),
	"PRAGMA writable_schema = 1",
	"SELECT id, id FROM accounts ORDER BY 1 LIMIT -1",
};

static const char *const names[] = {
	"ok", "loop", "self", "missing", "../ok", "/etc/passwd", "ring", "",
};

static char *
choose(struct fuzz_in *in, const char *const *list, size_t n)
{
	size_t	i = fuzz_byte(in);

	if (i < n)
		return xstrdup(list[i]);
	if (i < 0xf0)
		return xstrdup(list[i % n]);
	return fuzz_string(in, 24);
}

static char *
maybe(struct fuzz_in *in, const char *const *list, size_t n)
{
	return fuzz_bool(in) ? choose(in, list, n) : NULL;
}

#define CHOOSE(in, list)	choose(in, list, nitems(list))
#define MAYBE(in, list)		maybe(in, list, nitems(list))

static struct query_pos
pos(struct fuzz_in *in)
{
	struct query_pos	p = { fuzz_byte(in), fuzz_byte(in) };

	return p;
}

static char **
list_of(struct fuzz_in *in, const char *const *list, size_t n, size_t max,
    size_t *count)
{
	size_t	 i, k = fuzz_pick(in, max + 1);
	char	**v;

	*count = k;
	if (k == 0)
		return NULL;
	v = xcalloc(k, sizeof *v);
	for (i = 0; i < k; i++)
		v[i] = choose(in, list, n);
	return v;
}

static void
build_where(struct fuzz_in *in, struct query *q)
{
	struct query_cond	*w;
	size_t			 i;

	q->nwhere = fuzz_pick(in, 4);
	if (q->nwhere == 0)
		return;
	q->where = xcalloc(q->nwhere, sizeof *q->where);
	for (i = 0; i < q->nwhere; i++) {
		w = &q->where[i];
		switch (fuzz_pick(in, 4)) {
		case 0:
			w->kind = CHOOSE(in, kinds);
			break;
		case 1:
			w->field = CHOOSE(in, fields);
			w->kind = CHOOSE(in, kinds);
			break;
		default:
			w->field = CHOOSE(in, fields);
			break;
		}
		w->op = (enum query_op)fuzz_pick(in, QUERY_OP_MISSING + 1);
		w->negate = fuzz_bool(in);
		w->values = list_of(in, values, nitems(values), 3,
		    &w->nvalues);
		w->min = MAYBE(in, values);
		w->max = MAYBE(in, values);
		w->pos = pos(in);
	}
}

static void
build_params(struct fuzz_in *in, struct query *q)
{
	static const char *const pnames[] = { "n", "k", "x", "", "1a" };
	size_t	i;

	q->nparams = fuzz_pick(in, 3);
	if (q->nparams == 0)
		return;
	q->params = xcalloc(q->nparams, sizeof *q->params);
	for (i = 0; i < q->nparams; i++) {
		q->params[i].name = CHOOSE(in, pnames);
		q->params[i].type = (enum query_param_type)fuzz_pick(in,
		    QUERY_PARAM_KINDS + 1);
		q->params[i].def = MAYBE(in, values);
		q->params[i].pos = pos(in);
	}
}

static struct query *
build(struct fuzz_in *in)
{
	struct query	*q = query_new();
	size_t		 i;

	if (fuzz_bool(in))
		q->name = CHOOSE(in, names);
	build_params(in, q);
	q->from = (enum query_from)fuzz_pick(in, QUERY_FROM_QUERY + 1);
	if (q->from == QUERY_FROM_NETWORK || q->from == QUERY_FROM_QUERY ||
	    fuzz_bool(in))
		q->from_arg = MAYBE(in, names);
	q->from_pos = pos(in);
	if (fuzz_bool(in)) {
		q->pivot = xcalloc(1, sizeof *q->pivot);
		q->pivot->kinds = list_of(in, kinds, nitems(kinds), 3,
		    &q->pivot->nkinds);
		q->pivot->hops = MAYBE(in, values);
		q->pivot->max_share = MAYBE(in, values);
		q->pivot->pos = pos(in);
	}
	build_where(in, q);
	if (fuzz_bool(in)) {
		q->group = xcalloc(1, sizeof *q->group);
		if (fuzz_bool(in))
			q->group->field = CHOOSE(in, fields);
		else
			q->group->kind = CHOOSE(in, kinds);
		q->group->regex = MAYBE(in, values);
		q->group->replace = MAYBE(in, values);
		q->group->min_size = MAYBE(in, values);
	}
	if (fuzz_bool(in)) {
		q->coord = xcalloc(1, sizeof *q->coord);
		q->coord->kind = (enum query_coord_kind)fuzz_pick(in,
		    QUERY_COORD_SIMILAR + 1);
		q->coord->window = MAYBE(in, values);
		q->coord->min_weight = MAYBE(in, values);
	}
	if (fuzz_bool(in)) {
		q->timing = xcalloc(1, sizeof *q->timing);
		q->timing->burst = fuzz_bool(in);
		q->timing->unit = MAYBE(in, values);
		q->timing->tz = MAYBE(in, values);
		q->timing->hours = MAYBE(in, values);
		q->timing->min_share = MAYBE(in, values);
		q->timing->min_posts = MAYBE(in, values);
	}
	q->norder = fuzz_pick(in, 3);
	if (q->norder > 0) {
		q->order = xcalloc(q->norder, sizeof *q->order);
		for (i = 0; i < q->norder; i++) {
			q->order[i].field = CHOOSE(in, fields);
			q->order[i].desc = fuzz_bool(in);
		}
	}
	q->limit = MAYBE(in, values);
	if (fuzz_pick(in, 8) == 0) {
		q->sql = CHOOSE(in, sqls);
		q->sql_pos = pos(in);
	}
	return q;
}

/* Saved queries for FROM query: one that works, and two that loop. */
static const char *
query_dir(void)
{
	static char	*dir;
	char		*path;

	if (dir != NULL)
		return dir;
	dir = fuzz_path("queries");
	if (mkdir(dir, 0700) != 0)
		fuzz_fail("mkdir %s", dir);
	path = fuzz_path("queries/ok.yaml");
	fuzz_write(path, "name: ok\npivot: {on: phone}\nfrom: selection\n",
	    44);
	free(path);
	path = fuzz_path("queries/self.yaml");
	fuzz_write(path, "name: self\nfrom: {query: self}\n", 31);
	free(path);
	path = fuzz_path("queries/loop.yaml");
	fuzz_write(path, "name: loop\nfrom: {query: self}\n", 31);
	free(path);
	return dir;
}

static int
progress(void *arg, uint64_t done, uint64_t total)
{
	return *(const uint8_t *)arg == 0xff;
}

void
fuzz_query_compile(const uint8_t *data, size_t size)
{
	struct fuzz_in		 in = { data, size };
	struct case_db		*c = fuzz_case_sample();
	struct query		*q;
	struct query_result	*res = NULL;
	struct query_args	 args;
	const char		*dirs[1] = { query_dir() };
	const char		*pn[2], *pv[2];
	char			*pnames[2] = { NULL, NULL };
	char			*pvalues[2] = { NULL, NULL };
	char			*cause = NULL, *canon;
	int64_t			 seeds[3];
	uint8_t			 cancel;
	size_t			 i;

	/* Runaway raw SQL stops at the deadline or the row cap, as
	 * designed; smaller ones keep the fuzzer quick. */
	sqlguard_set_deadline(0.25);
	sqlguard_set_max_rows(10000);
	memset(&args, 0, sizeof args);
	args.nparams = fuzz_pick(&in, 3);
	for (i = 0; i < args.nparams; i++) {
		pn[i] = pnames[i] = fuzz_bool(&in) ? xstrdup("n") :
		    xstrdup("k");
		pv[i] = pvalues[i] = CHOOSE(&in, values);
	}
	args.names = pn;
	args.values = pv;
	args.nseeds = fuzz_pick(&in, 4);
	for (i = 0; i < args.nseeds; i++)
		seeds[i] = (int64_t)fuzz_pick(&in, 10) - 1;
	args.seeds = seeds;
	args.query_dirs = dirs;
	args.nquery_dirs = fuzz_bool(&in);
	cancel = fuzz_byte(&in);
	args.progress = progress;
	args.progress_arg = &cancel;

	q = build(&in);
	if (query_check(q, &cause) == 0) {
		canon = query_canonical(q, &args);
		free(canon);
	} else {
		free(cause);
		cause = NULL;
	}
	if (query_run(c, q, &args, &res, &cause) == 0) {
		if (res == NULL || res->table == NULL || res->count < 0)
			fuzz_fail("query_run succeeded without a result");
		query_result_free(c, res);
	} else {
		if (cause == NULL)
			fuzz_fail("query_run failed without a cause");
		free(cause);
	}
	query_free(q);
	for (i = 0; i < 2; i++) {
		free(pnames[i]);
		free(pvalues[i]);
	}
	if (!sqlite3_get_autocommit(c->db))
		fuzz_fail("query_run left a transaction open");
	if (case_count(c, "accounts") != 6)
		fuzz_fail("the case lost its accounts");
}
