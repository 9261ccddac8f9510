/*
 * query_pg.c: compile the structured steps of a saved query into one
 * PostgreSQL SELECT, step by step as query_run.c runs them on SQLite, but
 * as a chain of WITH clauses instead of temporary tables. Each step is a
 * CTE of (account_id, rank); the last one adds ord. The rank of every step
 * is the one query_run.c gives, so ORDER and LIMIT pick the same accounts.
 *
 * Where SQLite and PostgreSQL differ, the SQL says it: text is compared
 * and sorted with COLLATE "C" (SQLite compares bytes), NULLs sort first
 * ascending as in SQLite, numbers are cast from their text parameter, and
 * regexes are translated from PCRE2 to ARE or refused.
 */
#include "config.h"
#include "query_pg.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "query.h"
#include "query_path.h"
#include "regex.h"
#include "timing.h"
#include "util.h"

/* As query_run.c: a FROM query chain deeper than this is a loop. */
#define PG_MAX_DEPTH	8

/* The longest repetition count an ARE accepts. */
#define PG_DUPMAX	255

struct pgc {
	const struct query	*q;	/* the query (or sub-query) at hand */
	const struct query_args	*a;
	struct buf		 ctes;	/* "name AS (...)", comma separated */
	char			**params;
	size_t			 nparams;
	int			 serial;
	int			 depth;
	char			*t_acc;	/* table names, schema-prefixed */
	char			*t_attr;
	char			*t_stats;
	char			*t_posts;
	char			 cur[32];	/* current step; "" = all */
};

int
query_pg_schema_valid(const char *s)
{
	size_t	i;

	if (s == NULL || !((s[0] >= 'a' && s[0] <= 'z') ||
	    (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
		return 0;
	for (i = 1; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	}
	return i <= 63;
}

char *
query_pg_table(const char *schema, const char *name)
{
	if (schema == NULL)
		return xstrdup(name);
	return xasprintf("\"%s\".%s", schema, name);
}

static int
pg_fail(struct pgc *c, struct query_pos pos, char **cause,
    const char *fmt, ...) CIB_PRINTF(4, 5);

static int
pg_fail(struct pgc *c, struct query_pos pos, char **cause,
    const char *fmt, ...)
{
	const char	*file = c->q->file != NULL ? c->q->file :
			    c->q->name != NULL ? c->q->name : "query";
	va_list		 ap;
	char		*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (pos.line > 0)
		set_cause(cause, "%s:%d:%d: %s", file, pos.line, pos.col, msg);
	else
		set_cause(cause, "%s: %s", file, msg);
	free(msg);
	return -1;
}

/* Add a text parameter; returns its number. */
static int
bind(struct pgc *c, const char *v)
{
	c->params = xreallocarray(c->params, c->nparams + 1,
	    sizeof *c->params);
	c->params[c->nparams++] = v != NULL ? xstrdup(v) : NULL;
	return (int)c->nparams;
}

/* An array literal for ::text[] or ::bigint[]: every item quoted. */
static void
array_add(struct buf *b, const char *v)
{
	const char	*p;

	buf_addc(b, b->len == 0 ? '{' : ',');
	buf_addc(b, '"');
	for (p = v; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

static int
bind_array(struct pgc *c, const char *const *v, size_t n)
{
	struct buf	b = BUF_INIT;
	size_t		i;
	int		k;

	for (i = 0; i < n; i++)
		array_add(&b, v[i]);
	if (n == 0)
		buf_addc(&b, '{');
	buf_addc(&b, '}');
	k = bind(c, b.data);
	buf_free(&b);
	return k;
}

/* Start a CTE: returns its body buffer's name in name. */
static void
cte_name(struct pgc *c, const char *prefix, char *name, size_t namesz)
{
	snprintf(name, namesz, "%s%d", prefix, ++c->serial);
}

static void
cte_add(struct pgc *c, const char *name, const char *body)
{
	if (c->ctes.len > 0)
		buf_adds(&c->ctes, ",\n");
	buf_printf(&c->ctes, "%s AS (%s)", name, body);
}

/* The same checks and messages as query_run.c's param helpers. */
static int
param_text(struct pgc *c, const char *v, const char *def,
    struct query_pos pos, const char **out, char **cause)
{
	if (v == NULL) {
		*out = def;
		return 0;
	}
	if ((*out = query_param_value(c->q, c->a, v)) == NULL)
		return pg_fail(c, pos, cause, "parameter %s has no value "
		    "(give --param %s=VALUE)", v, v + 1);
	return 0;
}

static int
param_int(struct pgc *c, const char *v, int64_t def, int64_t lo,
    int64_t hi, struct query_pos pos, int64_t *out, char **cause)
{
	const char	*s;

	if (param_text(c, v, NULL, pos, &s, cause) != 0)
		return -1;
	if (s == NULL) {
		*out = def;
		return 0;
	}
	if (!parse_int64(s, out) || *out < lo || *out > hi)
		return pg_fail(c, pos, cause, "\"%s\" is not a whole number "
		    "from %lld to %lld", s, (long long)lo, (long long)hi);
	return 0;
}

static int
bind_int(struct pgc *c, int64_t v)
{
	char	s[32];

	snprintf(s, sizeof s, "%lld", (long long)v);
	return bind(c, s);
}

/* "FROM accounts a" or the current step joined with accounts. */
static void
add_source(struct pgc *c, struct buf *b)
{
	if (c->cur[0] == '\0')
		buf_printf(b, " FROM %s a", c->t_acc);
	else
		buf_printf(b, " FROM %s c JOIN %s a ON a.id = c.account_id",
		    c->cur, c->t_acc);
}

static void
set_current(struct pgc *c, const char *name)
{
	snprintf(c->cur, sizeof c->cur, "%s", name);
}

/* ---- regular expressions -------------------------------------------- */

/*
 * \x{HHHH} or \xHH at p (just after the x): a code point as \UXXXXXXXX,
 * the ARE escape of fixed length. Returns the bytes read, or 0.
 */
static size_t
hex_escape(const char *p, struct buf *out)
{
	unsigned long	cp = 0;
	size_t		i = 0;

	if (p[0] == '{') {
		for (i = 1; i < 9 && ascii_hexval((unsigned char)p[i]) >= 0;
		    i++)
			cp = cp * 16 +
			    (unsigned long)ascii_hexval((unsigned char)p[i]);
		if (i == 1 || p[i] != '}')
			return 0;
		i++;
	} else {
		for (i = 0; i < 2 && ascii_hexval((unsigned char)p[i]) >= 0;
		    i++)
			cp = cp * 16 +
			    (unsigned long)ascii_hexval((unsigned char)p[i]);
	}
	if (cp == 0 || cp > 0x10ffff)
		return 0;
	buf_printf(out, "\\U%08lx", cp);
	return i;
}

/* A {n}, {n,} or {n,m} quantifier at p; its length, or 0 if none. */
static size_t
brace_quantifier(const char *p, long *lo, long *hi)
{
	char	*end;
	size_t	 i;

	if (p[0] != '{' || !(p[1] >= '0' && p[1] <= '9'))
		return 0;
	*lo = strtol(p + 1, &end, 10);
	*hi = *lo;
	i = (size_t)(end - p);
	if (p[i] == ',') {
		i++;
		*hi = -1;
		if (p[i] >= '0' && p[i] <= '9') {
			*hi = strtol(p + i, &end, 10);
			i = (size_t)(end - p);
		}
	}
	if (p[i] != '}')
		return 0;
	return i + 1;
}

static int
re_refuse(char **cause, const char *pattern, const char *what)
{
	return set_cause(cause, "regex \"%s\": %s has no PostgreSQL "
	    "equivalent", pattern, what);
}

int
query_pg_regex(const char *pattern, int replace, char **out, char **cause)
{
	struct regex	*re;
	struct buf	 b = BUF_INIT;
	const char	*p = pattern;
	char		 what[48];
	bool		 bracket = false;
	long		 lo = 0, hi = 0;
	size_t		 n;

	*out = NULL;
	/* Bad patterns get the message regexp() would give. */
	if ((re = regex_compile(pattern, 0, cause)) == NULL)
		return -1;
	regex_free(re);

	if (strncmp(p, "(?i)", 4) == 0) {
		buf_adds(&b, "(?i)");
		p += 4;
	}
	while (*p != '\0') {
		if (bracket) {
			if (*p == ']') {
				bracket = false;
				buf_addc(&b, *p++);
				continue;
			}
			if (*p == '[' && p[1] == ':') {
				const char *e = strstr(p + 2, ":]");

				if (e == NULL)
					goto refuse_char;
				buf_add(&b, p, (size_t)(e + 2 - p));
				p = e + 2;
				continue;
			}
			if (*p == '[' && (p[1] == '.' || p[1] == '=')) {
				snprintf(what, sizeof what, "[%c", p[1]);
				goto refuse;
			}
			if (*p != '\\') {
				buf_addc(&b, *p++);
				continue;
			}
			p++;
			switch (*p) {
			case 'd': case 's': case 'w':
			case 'n': case 't': case 'r': case 'f': case 'v':
			case 'e': case 'a':
				buf_addc(&b, '\\');
				buf_addc(&b, *p++);
				continue;
			case 'b':
				/* Backspace inside a class, in both. */
				buf_adds(&b, "\\b");
				p++;
				continue;
			case 'x':
				if ((n = hex_escape(p + 1, &b)) == 0)
					goto refuse_escape;
				p += 1 + n;
				continue;
			default:
				if ((*p >= 'a' && *p <= 'z') ||
				    (*p >= 'A' && *p <= 'Z') ||
				    (*p >= '0' && *p <= '9') || *p == '\0')
					goto refuse_escape;
				buf_addc(&b, '\\');
				buf_addc(&b, *p++);
				continue;
			}
		}
		switch (*p) {
		case '[':
			bracket = true;
			buf_addc(&b, *p++);
			if (*p == '^')
				buf_addc(&b, *p++);
			if (*p == ']')
				buf_addc(&b, *p++);
			continue;
		case '.':
			/* PCRE's dot does not match a newline; ARE's does. */
			buf_adds(&b, "[^\\n]");
			p++;
			continue;
		case '$':
			/* PCRE's $ also matches before a final newline. */
			buf_adds(&b, "(?=\\n?$)");
			p++;
			continue;
		case '(':
			if (p[1] == '*') {
				snprintf(what, sizeof what, "(*");
				goto refuse;
			}
			if (p[1] != '?') {
				buf_addc(&b, *p++);
				continue;
			}
			if (p[2] == ':' || p[2] == '=' || p[2] == '!') {
				buf_add(&b, p, 3);
				p += 3;
			} else if (p[2] == '<' && (p[3] == '=' || p[3] == '!')) {
				buf_add(&b, p, 4);
				p += 4;
			} else {
				snprintf(what, sizeof what, "(?%.*s", p[2] ==
				    '\0' ? 0 : 1, p + 2);
				goto refuse;
			}
			continue;
		case ')':
		case '|':
		case '^':
			buf_addc(&b, *p++);
			continue;
		case '*':
		case '+':
		case '?':
		case '{':
			n = 1;
			if (*p == '{' &&
			    (n = brace_quantifier(p, &lo, &hi)) == 0) {
				/* Not a quantifier: PCRE reads it as text. */
				buf_adds(&b, "\\{");
				p++;
				continue;
			}
			if (*p == '{' && (lo > PG_DUPMAX || hi > PG_DUPMAX)) {
				snprintf(what, sizeof what, "a count over %d",
				    PG_DUPMAX);
				goto refuse;
			}
			buf_add(&b, p, n);
			p += n;
			if (*p == '+') {
				snprintf(what, sizeof what, "a possessive "
				    "quantifier");
				goto refuse;
			}
			if (*p == '?') {
				if (replace) {
					snprintf(what, sizeof what, "a lazy "
					    "quantifier (in a rewrite)");
					goto refuse;
				}
				buf_addc(&b, *p++);
			}
			continue;
		case '}':
			buf_adds(&b, "\\}");
			p++;
			continue;
		case '\\':
			break;
		default:
			buf_addc(&b, *p++);
			continue;
		}
		/* A backslash outside a class. */
		p++;
		switch (*p) {
		case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
		case 'n': case 't': case 'r': case 'f': case 'v': case 'e':
		case 'a': case 'A':
			buf_addc(&b, '\\');
			buf_addc(&b, *p++);
			continue;
		case 'b':
			buf_adds(&b, "\\y");
			p++;
			continue;
		case 'B':
			buf_adds(&b, "\\Y");
			p++;
			continue;
		case 'z':
			buf_adds(&b, "\\Z");
			p++;
			continue;
		case 'x':
			if ((n = hex_escape(p + 1, &b)) == 0)
				goto refuse_escape;
			p += 1 + n;
			continue;
		case '1': case '2': case '3': case '4': case '5':
		case '6': case '7': case '8': case '9':
			if (p[1] >= '0' && p[1] <= '9')
				goto refuse_escape;
			buf_addc(&b, '\\');
			buf_addc(&b, *p++);
			continue;
		default:
			if ((*p >= 'a' && *p <= 'z') ||
			    (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || *p == '\0')
				goto refuse_escape;
			buf_addc(&b, '\\');
			buf_addc(&b, *p++);
			continue;
		}
	}
	if (b.data == NULL)
		buf_adds(&b, "");
	*out = buf_steal(&b);
	return 0;

refuse_escape:
	snprintf(what, sizeof what, "\\%.*s", *p == '\0' ? 0 : 1, p);
	if (*p == 'p' || *p == 'P')
		snprintf(what, sizeof what, "\\%c{...} (Unicode property)",
		    *p);
	goto refuse;
refuse_char:
	snprintf(what, sizeof what, "\"%c\"", *p);
refuse:
	buf_free(&b);
	return re_refuse(cause, pattern, what);
}

int
query_pg_replacement(const char *repl, char **out, char **cause)
{
	struct buf	 b = BUF_INIT;
	const char	*p;

	*out = NULL;
	for (p = repl != NULL ? repl : ""; *p != '\0'; p++) {
		if (*p == '\\') {
			buf_adds(&b, "\\\\");
			continue;
		}
		if (*p != '$') {
			buf_addc(&b, *p);
			continue;
		}
		if (p[1] == '$') {
			buf_addc(&b, '$');
			p++;
		} else if (p[1] >= '0' && p[1] <= '9' &&
		    !(p[2] >= '0' && p[2] <= '9')) {
			if (p[1] == '0')
				buf_adds(&b, "\\&");
			else
				buf_printf(&b, "\\%c", p[1]);
			p++;
		} else if (p[1] == '{' && p[2] >= '0' && p[2] <= '9' &&
		    p[3] == '}') {
			if (p[2] == '0')
				buf_adds(&b, "\\&");
			else
				buf_printf(&b, "\\%c", p[2]);
			p += 3;
		} else {
			buf_free(&b);
			return set_cause(cause, "replacement \"%s\": only $0 "
			    "to $9, ${0} to ${9} and $$ have a PostgreSQL "
			    "equivalent", repl);
		}
	}
	if (b.data == NULL)
		buf_adds(&b, "");
	*out = buf_steal(&b);
	return 0;
}

/* ---- steps ---------------------------------------------------------- */

static int	compile_query(struct pgc *, const struct query *, char *,
		    size_t, char **);

static int
step_from(struct pgc *c, char **cause)
{
	const struct query	*q = c->q;
	struct buf		 b = BUF_INIT, ids = BUF_INIT;
	char			 name[32], s[32];
	size_t			 i;
	int			 n;

	switch (q->from) {
	case QUERY_FROM_ALL:
		return 0;
	case QUERY_FROM_SELECTION:
		if (c->a == NULL || c->a->nseeds == 0)
			return pg_fail(c, q->from_pos, cause, "this query "
			    "starts from a selection: give seed accounts "
			    "(--seed ID)");
		for (i = 0; i < c->a->nseeds; i++) {
			snprintf(s, sizeof s, "%lld",
			    (long long)c->a->seeds[i]);
			array_add(&ids, s);
		}
		buf_addc(&ids, '}');
		n = bind(c, ids.data);
		buf_free(&ids);
		cte_name(c, "sel", name, sizeof name);
		buf_printf(&b, "SELECT a.id AS account_id, 0::float8 AS rank"
		    " FROM %s a WHERE a.id = ANY($%d::bigint[])", c->t_acc, n);
		cte_add(c, name, b.data);
		buf_free(&b);
		set_current(c, name);
		return 0;
	case QUERY_FROM_NETWORK:
		return pg_fail(c, q->from_pos, cause, "from: network: "
		    "networks live in the case, not in the warehouse (give "
		    "their members as --seed with from: selection)");
	case QUERY_FROM_QUERY: {
		struct query	*sub;
		char		*why = NULL, res[32];
		int		 rc;

		if (c->depth >= PG_MAX_DEPTH)
			return pg_fail(c, q->from_pos, cause, "queries "
			    "starting from queries nest deeper than %d (a "
			    "loop?)", PG_MAX_DEPTH);
		sub = query_path_load(q->from_arg,
		    c->a != NULL ? c->a->query_dirs : NULL,
		    c->a != NULL ? c->a->nquery_dirs : 0, &why);
		if (sub == NULL) {
			pg_fail(c, q->from_pos, cause, "%s", why);
			free(why);
			return -1;
		}
		c->depth++;
		rc = compile_query(c, sub, res, sizeof res, cause);
		c->depth--;
		c->q = q;
		query_free(sub);
		if (rc != 0)
			return -1;
		cte_name(c, "sub", name, sizeof name);
		buf_printf(&b, "SELECT account_id, ord::float8 AS rank FROM %s",
		    res);
		cte_add(c, name, b.data);
		buf_free(&b);
		set_current(c, name);
		return 0;
	}
	}
	return 0;
}

/*
 * The pivot, one CTE per hop and part, unrolled (hops are at most 5):
 * f<h> the frontier, c<h> the (account, kind, value) links it reaches
 * through values shared by at most max_share accounts, n<h> the links
 * new at hop h (query_run.c keeps the first hop of a link), and the next
 * frontier is the accounts first reached at hop h, seeds excluded.
 */
static int
step_pivot(struct pgc *c, char **cause)
{
	const struct query_pivot	*p = c->q->pivot;
	struct buf			 b = BUF_INIT;
	int64_t				 hops, max_share, h, j;
	char				 base[32], nm[80];
	int				 nk, nmax;

	if (p->within != NULL || p->similar_text != NULL)
		return pg_fail(c, p->pos, cause, "near-duplicate pivots "
		    "(within, similar_text) are not compiled to PostgreSQL; "
		    "cut the case out first, then pivot in it");
	if (param_int(c, p->hops, 1, 1, 5, p->pos, &hops, cause) != 0 ||
	    param_int(c, p->max_share, 50, 1, INT64_MAX, p->pos, &max_share,
	    cause) != 0)
		return -1;
	nk = bind_array(c, (const char *const *)p->kinds, p->nkinds);
	nmax = bind_int(c, max_share);
	cte_name(c, "p", base, sizeof base);
	for (h = 1; h <= hops; h++) {
		buf_clear(&b);
		if (h == 1)
			buf_printf(&b, "SELECT account_id FROM %s", c->cur);
		else {
			buf_printf(&b, "SELECT DISTINCT n.account_id FROM"
			    " %s_n%lld n WHERE NOT EXISTS (SELECT 1 FROM %s s"
			    " WHERE s.account_id = n.account_id)", base,
			    (long long)(h - 1), c->cur);
			for (j = 1; j < h - 1; j++)
				buf_printf(&b, " AND NOT EXISTS (SELECT 1 FROM"
				    " %s_n%lld o WHERE o.account_id ="
				    " n.account_id)", base, (long long)j);
		}
		snprintf(nm, sizeof nm, "%s_f%lld", base, (long long)h);
		cte_add(c, nm, b.data);

		buf_clear(&b);
		buf_printf(&b, "SELECT DISTINCT y.account_id, x.kind, x.value"
		    " FROM %s_f%lld f JOIN %s x ON x.account_id = f.account_id"
		    " AND x.kind = ANY($%d::text[]) JOIN %s s ON s.kind = x.kind"
		    " AND s.value = x.value AND s.accounts <= $%d::bigint"
		    " JOIN %s y ON y.kind = x.kind AND y.value = x.value",
		    base, (long long)h, c->t_attr, nk, c->t_stats, nmax,
		    c->t_attr);
		snprintf(nm, sizeof nm, "%s_c%lld", base, (long long)h);
		cte_add(c, nm, b.data);

		buf_clear(&b);
		buf_printf(&b, "SELECT l.account_id, l.kind, l.value, %lld AS"
		    " hop FROM %s_c%lld l", (long long)h, base, (long long)h);
		for (j = 1; j < h; j++)
			buf_printf(&b, "%s NOT EXISTS (SELECT 1 FROM %s_n%lld o"
			    " WHERE o.account_id = l.account_id AND o.kind ="
			    " l.kind AND o.value = l.value)", j == 1 ? " WHERE" :
			    " AND", base, (long long)j);
		snprintf(nm, sizeof nm, "%s_n%lld", base, (long long)h);
		cte_add(c, nm, b.data);
	}

	/* Seeds first (rank -1), then by first hop and number of links. */
	buf_clear(&b);
	buf_printf(&b, "SELECT account_id, -1::float8 AS rank FROM %s"
	    " UNION ALL SELECT l.account_id, (min(l.hop) * 1000000 -"
	    " count(*))::float8 FROM (", c->cur);
	for (h = 1; h <= hops; h++)
		buf_printf(&b, "%sSELECT account_id, hop FROM %s_n%lld",
		    h > 1 ? " UNION ALL " : "", base, (long long)h);
	buf_printf(&b, ") l WHERE NOT EXISTS (SELECT 1 FROM %s s WHERE"
	    " s.account_id = l.account_id) GROUP BY l.account_id", c->cur);
	cte_add(c, base, b.data);
	buf_free(&b);
	set_current(c, base);
	return 0;
}

/* A date bound as the ISO text created_at holds (as query_run.c). */
static int
date_bound(struct pgc *c, const struct query_cond *w, const char *v,
    bool upper, char out[21], char **cause)
{
	int64_t	t;

	if (!norm_time(v, &t))
		return pg_fail(c, w->pos, cause, "\"%s\" is not a date or "
		    "time", v);
	if (upper && strlen(v) == 10)
		t += 86399;
	norm_time_iso(t, out);
	return 0;
}

static int
check_number(struct pgc *c, const struct query_cond *w, const char *v,
    char **cause)
{
	char	*end;
	double	 d;

	if (v == NULL)
		return pg_fail(c, w->pos, cause, "no value for field %s",
		    w->field);
	d = strtod(v, &end);
	if (*v == '\0' || *end != '\0' || !isfinite(d))
		return pg_fail(c, w->pos, cause, "\"%s\" is not a number "
		    "(field %s)", v, w->field);
	return 0;
}

/* One condition on expr: an accounts column, or x.value. */
static int
cond_sql(struct pgc *c, const struct query_cond *w, const char *expr,
    bool numeric, bool is_date, struct buf *b, char **cause)
{
	const char	*v, *lo, *hi, *cast = numeric ? "float8" : "text";
	char		 iso[21] = "", *are;
	size_t		 i;

	switch (w->op) {
	case QUERY_OP_EQUALS:
	case QUERY_OP_PREFIX:
	case QUERY_OP_REGEX:
		if (param_text(c, w->values[0], NULL, w->pos, &v, cause) != 0)
			return -1;
		if (v == NULL)
			return pg_fail(c, w->pos, cause, "the condition has no "
			    "value");
		if (w->op == QUERY_OP_EQUALS) {
			if (numeric && check_number(c, w, v, cause) != 0)
				return -1;
			buf_printf(b, "%s = $%d::%s", expr, bind(c, v), cast);
		} else if (w->op == QUERY_OP_PREFIX)
			buf_printf(b, "starts_with(%s%s, $%d::text)", expr,
			    numeric ? "::text" : "", bind(c, v));
		else {
			char *why = NULL;

			if (query_pg_regex(v, 0, &are, &why) != 0) {
				pg_fail(c, w->pos, cause, "%s", why);
				free(why);
				return -1;
			}
			buf_printf(b, "%s%s ~ $%d::text", expr,
			    numeric ? "::text" : "", bind(c, are));
			free(are);
		}
		return 0;
	case QUERY_OP_IN: {
		const char	**vals;
		int		  n;

		vals = xcalloc(w->nvalues + 1, sizeof *vals);
		for (i = 0; i < w->nvalues; i++) {
			if (param_text(c, w->values[i], NULL, w->pos, &vals[i],
			    cause) != 0 ||
			    (numeric && check_number(c, w, vals[i],
			    cause) != 0)) {
				free(vals);
				return -1;
			}
		}
		n = bind_array(c, vals, w->nvalues);
		free(vals);
		buf_printf(b, "%s = ANY($%d::%s[])", expr, n, cast);
		return 0;
	}
	case QUERY_OP_RANGE:
		if (param_text(c, w->min, NULL, w->pos, &lo, cause) != 0 ||
		    param_text(c, w->max, NULL, w->pos, &hi, cause) != 0)
			return -1;
		buf_printf(b, "(%s IS NOT NULL", expr);
		if (lo != NULL) {
			if (is_date) {
				if (date_bound(c, w, lo, false, iso,
				    cause) != 0)
					return -1;
				lo = iso;
			}
			if (numeric && check_number(c, w, lo, cause) != 0)
				return -1;
			buf_printf(b, numeric ? " AND %s >= $%d::float8" :
			    " AND %s >= $%d::text COLLATE \"C\"", expr,
			    bind(c, lo));
		}
		if (hi != NULL) {
			if (is_date) {
				if (date_bound(c, w, hi, true, iso,
				    cause) != 0)
					return -1;
				hi = iso;
			}
			if (numeric && check_number(c, w, hi, cause) != 0)
				return -1;
			buf_printf(b, numeric ? " AND %s <= $%d::float8" :
			    " AND %s <= $%d::text COLLATE \"C\"", expr,
			    bind(c, hi));
		}
		buf_addc(b, ')');
		return 0;
	case QUERY_OP_EXISTS:
	case QUERY_OP_MISSING:
		if (numeric)
			buf_printf(b, "(%s IS NOT NULL)", expr);
		else
			buf_printf(b, "(%s IS NOT NULL AND %s <> '')", expr,
			    expr);
		return 0;
	}
	return 0;
}

static int
step_where(struct pgc *c, char **cause)
{
	struct buf	 b = BUF_INIT;
	char		 name[32], col[64];
	bool		 numeric;
	size_t		 i;
	int		 rc = -1;

	buf_printf(&b, "SELECT a.id AS account_id, %s AS rank",
	    c->cur[0] != '\0' ? "c.rank" : "a.id::float8");
	add_source(c, &b);
	for (i = 0; i < c->q->nwhere; i++) {
		const struct query_cond *w = &c->q->where[i];
		bool not = w->negate != (w->op == QUERY_OP_MISSING);

		buf_adds(&b, i == 0 ? " WHERE " : " AND ");
		if (not)
			buf_adds(&b, "NOT ");
		buf_addc(&b, '(');
		if (w->field != NULL) {
			if (!query_field_known(w->field, &numeric)) {
				pg_fail(c, w->pos, cause, "unknown field %s",
				    w->field);
				goto out;
			}
			snprintf(col, sizeof col, "a.%s", w->field);
			if (cond_sql(c, w, col, numeric,
			    strcmp(w->field, "created_at") == 0, &b,
			    cause) != 0)
				goto out;
		} else {
			buf_printf(&b, "EXISTS (SELECT 1 FROM %s x WHERE"
			    " x.account_id = a.id AND x.kind = $%d::text",
			    c->t_attr, bind(c, w->kind));
			if (w->op != QUERY_OP_EXISTS &&
			    w->op != QUERY_OP_MISSING) {
				buf_adds(&b, " AND ");
				if (cond_sql(c, w, "x.value", false, false, &b,
				    cause) != 0)
					goto out;
			}
			buf_addc(&b, ')');
		}
		buf_addc(&b, ')');
	}
	cte_name(c, "w", name, sizeof name);
	cte_add(c, name, b.data);
	set_current(c, name);
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

/*
 * julianday(created_at) as SQLite computes it: whole milliseconds since
 * the Julian epoch over 86400000, in double precision, so spans compare
 * the same. Text that is not the ISO form the case stores gives NULL.
 */
#define PG_JULIANDAY \
	"CASE WHEN a.created_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:" \
	"[0-9]{2}:[0-9]{2}Z$' THEN (extract(epoch FROM a.created_at::" \
	"timestamptz) * 1000 + 210866760000000)::float8 / 86400000.0::float8" \
	" END"

static int
step_group(struct pgc *c, char **cause)
{
	const struct query_group	*g = c->q->group;
	struct buf			 b = BUF_INIT, key = BUF_INIT;
	const char			*re = NULL;
	char				 base[32], nm[80], *are = NULL;
	char				*rep = NULL, *why = NULL;
	int64_t				 min_size, max_span;
	int				 rc = -1;

	if (param_int(c, g->min_size, 2, 1, INT64_MAX, g->pos, &min_size,
	    cause) != 0 ||
	    param_int(c, g->max_span, -1, 0, GROUP_MAX_SPAN_DAYS, g->pos,
	    &max_span, cause) != 0 ||
	    param_text(c, g->regex, NULL, g->pos, &re, cause) != 0)
		return -1;
	if (g->field != NULL && !query_field_known(g->field, NULL))
		return pg_fail(c, g->pos, cause, "unknown field %s",
		    g->field);
	if (g->field != NULL)
		buf_printf(&key, "a.%s::text", g->field);
	else
		buf_adds(&key, "x.value");
	if (re != NULL) {
		char *inner;
		int n1, n2;

		if (query_pg_regex(re, 1, &are, &why) != 0 ||
		    query_pg_replacement(g->replace, &rep, &why) != 0) {
			pg_fail(c, g->pos, cause, "%s", why);
			goto out;
		}
		inner = buf_steal(&key);
		n1 = bind(c, are);
		n2 = bind(c, rep);
		buf_printf(&key, "regexp_replace(%s, $%d::text, $%d::text, 'g')",
		    inner, n1, n2);
		free(inner);
	}
	cte_name(c, "g", base, sizeof base);

	buf_printf(&b, "SELECT a.id AS account_id, %s AS key, %s AS day",
	    key.data, PG_JULIANDAY);
	add_source(c, &b);
	if (g->kind != NULL)
		buf_printf(&b, " JOIN %s x ON x.account_id = a.id AND"
		    " x.kind = $%d::text", c->t_attr, bind(c, g->kind));
	snprintf(nm, sizeof nm, "%s_k", base);
	cte_add(c, nm, b.data);

	buf_clear(&b);
	buf_printf(&b, "SELECT key, count(DISTINCT account_id) AS n FROM %s_k"
	    " WHERE key IS NOT NULL AND key <> '' GROUP BY key HAVING"
	    " count(DISTINCT account_id) >= $%d::bigint", base,
	    bind_int(c, min_size));
	snprintf(nm, sizeof nm, "%s_g0", base);
	cte_add(c, nm, b.data);

	buf_clear(&b);
	if (max_span >= 0) {
		/* The span of the central 80% of the dated members. */
		buf_printf(&b, "SELECT k.key, k.day, row_number() OVER"
		    " (PARTITION BY k.key ORDER BY k.day) AS i, count(*) OVER"
		    " (PARTITION BY k.key) AS m FROM %s_k k JOIN %s_g0 g0 ON"
		    " g0.key = k.key WHERE k.day IS NOT NULL", base, base);
		snprintf(nm, sizeof nm, "%s_d", base);
		cte_add(c, nm, b.data);
		buf_clear(&b);
		buf_printf(&b, "SELECT g0.key, g0.n FROM %s_g0 g0 JOIN (SELECT"
		    " key, max(day) - min(day) AS span FROM %s_d WHERE i > m /"
		    " 10 AND i <= m - m / 10 GROUP BY key) s ON s.key = g0.key"
		    " WHERE s.span <= $%d::float8", base, base,
		    bind_int(c, max_span));
	} else
		buf_printf(&b, "SELECT key, n FROM %s_g0", base);
	snprintf(nm, sizeof nm, "%s_g", base);
	cte_add(c, nm, b.data);

	/* An account in several groups ranks by the largest. */
	buf_clear(&b);
	buf_printf(&b, "SELECT k.account_id, (-max(g.n))::float8 AS rank FROM"
	    " %s_k k JOIN %s_g g ON g.key = k.key GROUP BY k.account_id",
	    base, base);
	cte_add(c, base, b.data);
	set_current(c, base);
	rc = 0;
out:
	free(why);
	free(are);
	free(rep);
	buf_free(&b);
	buf_free(&key);
	return rc;
}

/*
 * Posting hours: the share of an account's posts whose local hour (at a
 * fixed offset) falls inside a window that may wrap past midnight, with
 * query_run.c's integer arithmetic. A burst needs cibscope's histogram
 * and is refused.
 */
static int
step_timing(struct pgc *c, char **cause)
{
	const struct query_timing	*tm = c->q->timing;
	struct buf			 b = BUF_INIT;
	struct timing_tz		 zone;
	const char			*tz, *hours, *share;
	int64_t				 min_posts;
	char				 name[32], *end;
	double				 d;
	int				 h0, h1, n = 0, noff, nh0, nh1;

	if (tm->burst)
		return pg_fail(c, tm->pos, cause, "timing: burst is computed "
		    "by cibscope from a histogram, not in SQL; it cannot run "
		    "on PostgreSQL (extract the accounts, then run it on the "
		    "case)");
	if (param_text(c, tm->tz, "UTC", tm->pos, &tz, cause) != 0 ||
	    param_text(c, tm->hours, NULL, tm->pos, &hours, cause) != 0 ||
	    param_text(c, tm->min_share, "0.8", tm->pos, &share, cause) != 0 ||
	    param_int(c, tm->min_posts, 5, 1, INT64_MAX, tm->pos, &min_posts,
	    cause) != 0)
		return -1;
	d = strtod(share, &end);
	if (*share == '\0' || *end != '\0' || !isfinite(d))
		return pg_fail(c, tm->pos, cause, "\"%s\" is not a number",
		    share);
	if (!timing_tz_parse(tz, &zone, NULL) || !zone.fixed)
		return pg_fail(c, tm->pos, cause, "time zone \"%s\" is not "
		    "an offset like +03:00 or UTC", tz);
	if (hours == NULL)
		return pg_fail(c, tm->pos, cause, "timing needs hours, a "
		    "span like 22-06 or 09-18");
	if (sscanf(hours, "%d-%d%n", &h0, &h1, &n) != 2 ||
	    hours[n] != '\0' || h0 < 0 || h0 > 23 || h1 < 0 || h1 > 24 ||
	    h0 == h1)
		return pg_fail(c, tm->pos, cause, "hours \"%s\" is not a "
		    "span like 22-06 or 09-18", hours);
	noff = bind_int(c, zone.offset);
	nh0 = bind_int(c, h0);
	nh1 = bind_int(c, h1);
	buf_printf(&b, "SELECT account_id, -(k::float8 / n) AS rank FROM"
	    " (SELECT p.account_id, count(*) AS n, sum(CASE WHEN ((p.posted_at"
	    " + $%d::bigint) %% 86400 + 86400) %% 86400 / 3600 %s BETWEEN"
	    " $%d::bigint AND $%d::bigint - 1 THEN 1 ELSE 0 END) AS k",
	    noff, h0 < h1 ? "" : "NOT", h0 < h1 ? nh0 : nh1,
	    h0 < h1 ? nh1 : nh0);
	if (c->cur[0] != '\0')
		buf_printf(&b, " FROM %s c JOIN %s p ON p.account_id ="
		    " c.account_id", c->cur, c->t_posts);
	else
		buf_printf(&b, " FROM %s p", c->t_posts);
	buf_printf(&b, " WHERE p.posted_at IS NOT NULL GROUP BY p.account_id)"
	    " t WHERE n >= $%d::bigint AND k::float8 / n >= $%d::float8",
	    bind_int(c, min_posts), bind(c, share));
	cte_name(c, "t", name, sizeof name);
	cte_add(c, name, b.data);
	buf_free(&b);
	set_current(c, name);
	return 0;
}

static int
step_result(struct pgc *c, char *res, size_t ressz, char **cause)
{
	const struct query	*q = c->q;
	struct buf		 b = BUF_INIT;
	struct query_pos	 none = { 0, 0 };
	int64_t			 limit = -1;
	bool			 from_all = c->cur[0] == '\0', numeric;
	size_t			 i;
	int			 rc = -1;

	if (param_int(c, q->limit, -1, 0, INT64_MAX, none, &limit,
	    cause) != 0)
		return -1;
	buf_adds(&b, "SELECT a.id AS account_id, row_number() OVER (ORDER BY ");
	for (i = 0; i < q->norder; i++) {
		const char *f = q->order[i].field;

		if (strcmp(f, "rank") == 0 || strcmp(f, "evidence") == 0)
			buf_adds(&b, from_all ? "a.id" : "c.rank");
		else if (query_field_known(f, &numeric))
			buf_printf(&b, "a.%s%s", f, numeric ? "" :
			    " COLLATE \"C\"");
		else {
			pg_fail(c, none, cause, "order: unknown field %s", f);
			goto out;
		}
		/* SQLite puts NULLs first going up, last going down. */
		buf_adds(&b, q->order[i].desc ? " DESC NULLS LAST, " :
		    " NULLS FIRST, ");
	}
	buf_adds(&b, from_all ? "a.id" : "c.rank, a.id");
	buf_adds(&b, ") AS ord");
	add_source(c, &b);
	if (limit >= 0)
		buf_printf(&b, " ORDER BY ord LIMIT $%d::bigint",
		    bind_int(c, limit));
	cte_name(c, "r", res, ressz);
	cte_add(c, res, b.data);
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

/* Compile q's steps onto c; the name of its result CTE goes in res. */
static int
compile_query(struct pgc *c, const struct query *q, char *res,
    size_t ressz, char **cause)
{
	const struct query	*outer = c->q;
	int			 rc;

	if (query_check(q, cause) != 0)
		return -1;
	c->q = q;
	c->cur[0] = '\0';
	if (q->sql != NULL)
		rc = pg_fail(c, q->sql_pos, cause, "raw sql: is written for "
		    "the case's SQLite and its sandbox; it cannot run on "
		    "PostgreSQL (write the query with pivot, where and "
		    "group)");
	else if (q->coord != NULL)
		rc = pg_fail(c, q->coord->pos, cause, "coordination is "
		    "computed by cibscope, not in SQL; it cannot run on "
		    "PostgreSQL (extract the accounts, then run it on the "
		    "case)");
	else if (step_from(c, cause) != 0 ||
	    (q->pivot != NULL && step_pivot(c, cause) != 0) ||
	    (q->nwhere > 0 && step_where(c, cause) != 0) ||
	    (q->group != NULL && step_group(c, cause) != 0) ||
	    (q->timing != NULL && step_timing(c, cause) != 0) ||
	    step_result(c, res, ressz, cause) != 0)
		rc = -1;
	else
		rc = 0;
	c->q = outer != NULL ? outer : q;
	return rc;
}

int
query_pg_compile(const struct query *q, const struct query_args *a,
    const char *schema, struct query_pg **out, char **cause)
{
	struct pgc	 c;
	struct query_pg	*pg;
	char		 res[32];
	size_t		 i;
	int		 rc;

	*out = NULL;
	if (schema != NULL && !query_pg_schema_valid(schema))
		return set_cause(cause, "\"%s\" is not a schema name (letters, "
		    "digits and _, at most 63)", schema);
	memset(&c, 0, sizeof c);
	c.a = a;
	c.t_acc = query_pg_table(schema, "accounts");
	c.t_attr = query_pg_table(schema, "attributes");
	c.t_stats = query_pg_table(schema, "attribute_stats");
	c.t_posts = query_pg_table(schema, "posts");
	rc = compile_query(&c, q, res, sizeof res, cause);
	free(c.t_acc);
	free(c.t_attr);
	free(c.t_stats);
	free(c.t_posts);
	if (rc != 0) {
		for (i = 0; i < c.nparams; i++)
			free(c.params[i]);
		free(c.params);
		buf_free(&c.ctes);
		return -1;
	}
	pg = xcalloc(1, sizeof *pg);
	buf_printf(&c.ctes, "\nSELECT account_id, ord FROM %s ORDER BY ord",
	    res);
	pg->sql = xasprintf("WITH %s", c.ctes.data);
	buf_free(&c.ctes);
	pg->params = c.params;
	pg->nparams = c.nparams;
	pg->schema = schema != NULL ? xstrdup(schema) : NULL;
	*out = pg;
	return 0;
}

void
query_pg_free(struct query_pg *pg)
{
	size_t	i;

	if (pg == NULL)
		return;
	for (i = 0; i < pg->nparams; i++)
		free(pg->params[i]);
	free(pg->params);
	free(pg->sql);
	free(pg->schema);
	free(pg);
}
