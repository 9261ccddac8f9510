/*
 * export.c: loading a network for export (members, attributes, shared
 * values, techniques with their tactics and, given MISP's galaxy file,
 * their DISARM cluster values, posting hours), the escaping every writer shares,
 * the table of formats, and the audit row an export leaves.
 */
#include "config.h"
#include "export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "case.h"
#include "export_int.h"
#include "jsoncheck.h"
#include "normalize.h"
#include "result.h"
#include "sanitize.h"
#include "util.h"
#include "vocab.h"

static const struct {
	const char		*name;
	const char		*alias;
	enum export_format	 format;
	int			(*write)(FILE *, const struct ex_network *);
} export_formats[] = {
	{ "csv", NULL, EXPORT_CSV, ex_write_csv },
	{ "json", NULL, EXPORT_JSON, ex_write_json },
	{ "gexf", NULL, EXPORT_GEXF, ex_write_gexf },
	{ "graphml", NULL, EXPORT_GRAPHML, ex_write_graphml },
	{ "dot", "graphviz", EXPORT_DOT, ex_write_dot },
	{ "stix", "stix2", EXPORT_STIX, ex_write_stix },
	{ "misp", NULL, EXPORT_MISP, ex_write_misp },
	{ "markdown", "md", EXPORT_MARKDOWN, ex_write_markdown },
};

int
export_format_parse(const char *s)
{
	size_t	i;

	for (i = 0; i < nitems(export_formats); i++) {
		if (strcmp(s, export_formats[i].name) == 0 ||
		    (export_formats[i].alias != NULL &&
		    strcmp(s, export_formats[i].alias) == 0))
			return (int)export_formats[i].format;
	}
	return -1;
}

const char *
export_format_name(enum export_format f)
{
	size_t	i;

	for (i = 0; i < nitems(export_formats); i++) {
		if (export_formats[i].format == f)
			return export_formats[i].name;
	}
	return "unknown";
}

const char *
export_format_list(void)
{
	return "csv, json, gexf, graphml, dot, stix, misp, markdown";
}

/* ------------------------------------------------------------------ */
/* Escaping                                                            */

void
ex_clean(struct buf *out, const char *s)
{
	buf_clear(out);
	buf_adds(out, "");
	if (s != NULL)
		sanitize(s, strlen(s), SANITIZE_ONELINE, out);
}

void
ex_json(FILE *fp, const char *s)
{
	struct buf	clean = BUF_INIT, lit = BUF_INIT;

	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	ex_clean(&clean, s);
	buf_add_json(&lit, clean.data);
	fputs(lit.data, fp);
	buf_free(&clean);
	buf_free(&lit);
}

void
ex_xml(FILE *fp, const char *s)
{
	struct buf	 clean = BUF_INIT;
	const char	*p;

	ex_clean(&clean, s);
	for (p = clean.data; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&apos;", fp);
			break;
		default:
			fputc(*p, fp);
			break;
		}
	}
	buf_free(&clean);
}

void
ex_csv(FILE *fp, const char *s)
{
	struct buf	clean = BUF_INIT;

	if (s == NULL)
		return;
	ex_clean(&clean, s);
	result_csv_cell(fp, clean.data);
	buf_free(&clean);
}

void
ex_md(FILE *fp, const char *s)
{
	struct buf	 clean = BUF_INIT;
	const char	*p;

	ex_clean(&clean, s);
	for (p = clean.data; *p != '\0'; p++) {
		if (strchr("\\`*_[]<>|#!~", *p) != NULL)
			fputc('\\', fp);
		fputc(*p, fp);
	}
	buf_free(&clean);
}

void
ex_dot(FILE *fp, const char *s)
{
	struct buf	 clean = BUF_INIT;
	const char	*p;

	ex_clean(&clean, s);
	for (p = clean.data; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', fp);
		fputc(*p, fp);
	}
	buf_free(&clean);
}

bool
ex_stix_time(const char *s, char out[32])
{
	int64_t	t;
	char	iso[21];

	if (s == NULL || !norm_time(s, &t))
		return false;
	norm_time_iso(t, iso);
	/* "YYYY-MM-DDTHH:MM:SSZ" -> "YYYY-MM-DDTHH:MM:SS.000Z" */
	snprintf(out, 32, "%.19s.000Z", iso);
	return true;
}

/*
 * Rebuild the JSON text json with every string (keys too) sanitized,
 * so that what a consumer decodes holds no control or bidi character.
 * Returns false when json is not valid JSON.
 */
static bool
evidence_clean(sqlite3 *db, const char *json, struct buf *out)
{
	sqlite3_stmt	*st;
	struct {
		int64_t	id;
		bool	object;
		int64_t	n;
	}		 stack[64];
	int		 depth = 0, rc;
	struct buf	 tmp = BUF_INIT;
	bool		 ok = true;
	size_t		 at;
	const char	*what;

	if (json == NULL || !json_check(json, strlen(json), &at, &what) ||
	    sqlite3_prepare_v2(db, "SELECT key, type, atom, id, parent FROM"
	    " json_tree(?1)", -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char	*type = (const char *)sqlite3_column_text(st, 1);
		const char	*atom = (const char *)sqlite3_column_text(st, 2);
		int64_t		 id = sqlite3_column_int64(st, 3);
		int64_t		 parent = sqlite3_column_int64(st, 4);

		if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
			while (depth > 0 && stack[depth - 1].id != parent) {
				depth--;
				buf_addc(out, stack[depth].object ? '}' : ']');
			}
			if (depth == 0) {
				ok = false;
				break;
			}
			if (stack[depth - 1].n++ > 0)
				buf_addc(out, ',');
			if (stack[depth - 1].object) {
				ex_clean(&tmp, (const char *)
				    sqlite3_column_text(st, 0));
				buf_add_json(out, tmp.data);
				buf_addc(out, ':');
			}
		}
		if (strcmp(type, "object") == 0 || strcmp(type, "array") == 0) {
			if (depth == (int)nitems(stack)) {
				ok = false;
				break;
			}
			stack[depth].id = id;
			stack[depth].object = type[0] == 'o';
			stack[depth].n = 0;
			depth++;
			buf_addc(out, type[0] == 'o' ? '{' : '[');
		} else if (strcmp(type, "text") == 0) {
			ex_clean(&tmp, atom);
			buf_add_json(out, tmp.data);
		} else if (strcmp(type, "integer") == 0 ||
		    strcmp(type, "real") == 0)
			buf_adds(out, atom != NULL ? atom : "0");
		else
			buf_adds(out, type);	/* true, false, null */
	}
	if (rc != SQLITE_DONE)
		ok = false;
	while (ok && depth > 0) {
		depth--;
		buf_addc(out, stack[depth].object ? '}' : ']');
	}
	sqlite3_finalize(st);
	buf_free(&tmp);
	return ok;
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */

static char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

static int64_t
col_count(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(st, i);
}

static void
network_free(struct ex_network *n)
{
	size_t	i;

	free(n->name);
	free(n->label);
	free(n->origin);
	free(n->target);
	free(n->ttps);
	free(n->notes);
	free(n->created_at);
	free(n->created_by);
	free(n->updated_at);
	free(n->team);
	for (i = 0; i < n->nmembers; i++) {
		struct ex_member *m = &n->members[i];

		free(m->platform);
		free(m->native_id);
		free(m->handle);
		free(m->display_name);
		free(m->bio);
		free(m->url);
		free(m->created_at);
		free(m->country);
		free(m->language);
		free(m->status);
		free(m->added_at);
		free(m->added_by);
		free(m->evidence);
		free(m->evidence_json);
	}
	free(n->members);
	for (i = 0; i < n->nattrs; i++) {
		free(n->attrs[i].kind);
		free(n->attrs[i].value);
	}
	free(n->attrs);
	for (i = 0; i < n->nvalues; i++) {
		free(n->values[i].kind);
		free(n->values[i].value);
	}
	free(n->values);
	for (i = 0; i < n->nttps; i++) {
		free(n->ttps_list[i].id);
		free(n->ttps_list[i].name);
		free(n->ttps_list[i].tactic);
		free(n->ttps_list[i].galaxy);
	}
	free(n->ttps_list);
}

static int
load_network(struct case_db *c, const char *name, int64_t *nid,
    struct ex_network *n, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(c->db, "SELECT id, name, label, origin, target,"
	    " ttps, notes, created_at, created_by, updated_at FROM networks"
	    " WHERE name = ?1", -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "reading the network");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return set_cause(cause, "%s: no network named \"%s\"",
			    c->path, name);
		return case_error(c, cause, "reading the network");
	}
	*nid = sqlite3_column_int64(st, 0);
	n->name = col(st, 1);
	n->label = col(st, 2);
	n->origin = col(st, 3);
	n->target = col(st, 4);
	n->ttps = col(st, 5);
	n->notes = col(st, 6);
	n->created_at = col(st, 7);
	n->created_by = col(st, 8);
	n->updated_at = col(st, 9);
	sqlite3_finalize(st);
	return 0;
}

static int
load_members(struct case_db *c, int64_t nid, struct ex_network *n,
    char **cause)
{
	sqlite3_stmt	*st;
	struct buf	 clean = BUF_INIT;
	size_t		 cap = 0;
	int		 rc;

	if (sqlite3_prepare_v2(c->db, "SELECT a.id, a.platform, a.native_id,"
	    " a.handle, a.display_name, a.bio, a.url, a.created_at,"
	    " a.followers, a.following, a.posts, a.country, a.language,"
	    " a.status, m.added_at, m.added_by, m.evidence"
	    " FROM network_members m JOIN accounts a ON a.id = m.account_id"
	    " WHERE m.network_id = ?1 ORDER BY a.platform, a.native_id", -1,
	    &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "reading the members");
	sqlite3_bind_int64(st, 1, nid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ex_member *m;

		if (n->nmembers == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			n->members = xreallocarray(n->members, cap,
			    sizeof *n->members);
		}
		m = &n->members[n->nmembers++];
		memset(m, 0, sizeof *m);
		m->id = sqlite3_column_int64(st, 0);
		m->platform = col(st, 1);
		m->native_id = col(st, 2);
		m->handle = col(st, 3);
		m->display_name = col(st, 4);
		m->bio = col(st, 5);
		m->url = col(st, 6);
		m->created_at = col(st, 7);
		m->followers = col_count(st, 8);
		m->following = col_count(st, 9);
		m->posts = col_count(st, 10);
		m->country = col(st, 11);
		m->language = col(st, 12);
		m->status = col(st, 13);
		m->added_at = col(st, 14);
		m->added_by = col(st, 15);
		m->evidence = col(st, 16);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "reading the members");
	for (size_t i = 0; i < n->nmembers; i++) {
		struct ex_member *m = &n->members[i];

		buf_clear(&clean);
		if (m->evidence != NULL &&
		    evidence_clean(c->db, m->evidence, &clean) &&
		    clean.len > 0)
			m->evidence_json = xstrdup(clean.data);
	}
	buf_free(&clean);
	return 0;
}

static int
value_cmp(const void *va, const void *vb)
{
	const struct ex_value	*a = va, *b = vb;
	int			 r;

	if ((r = strcmp(a->kind, b->kind)) != 0)
		return r;
	return strcmp(a->value, b->value);
}

static int
load_values(struct case_db *c, int64_t nid, struct ex_network *n,
    char **cause)
{
	sqlite3_stmt	*st;
	size_t		 cap = 0;
	int		 rc;

	if (sqlite3_prepare_v2(c->db, "SELECT t.kind, t.value, count(*)"
	    " FROM network_members m JOIN attributes t ON t.account_id ="
	    " m.account_id WHERE m.network_id = ?1 GROUP BY t.kind, t.value"
	    " HAVING count(*) >= 2", -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "reading shared values");
	sqlite3_bind_int64(st, 1, nid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n->nvalues == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			n->values = xreallocarray(n->values, cap,
			    sizeof *n->values);
		}
		n->values[n->nvalues].kind = col(st, 0);
		n->values[n->nvalues].value = col(st, 1);
		n->values[n->nvalues].members = sqlite3_column_int64(st, 2);
		n->nvalues++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "reading shared values");
	if (n->nvalues > 0)
		qsort(n->values, n->nvalues, sizeof *n->values, value_cmp);
	return 0;
}

static int
load_attrs(struct case_db *c, int64_t nid, struct ex_network *n,
    char **cause)
{
	sqlite3_stmt	*st;
	size_t		 cap = 0, mi = 0;
	int		 rc;

	if (sqlite3_prepare_v2(c->db, "SELECT t.account_id, t.kind, t.value,"
	    " coalesce(s.accounts, 0) FROM network_members m"
	    " JOIN accounts a ON a.id = m.account_id"
	    " JOIN attributes t ON t.account_id = m.account_id"
	    " LEFT JOIN attribute_stats s ON s.kind = t.kind AND"
	    " s.value = t.value WHERE m.network_id = ?1"
	    " ORDER BY a.platform, a.native_id, t.kind, t.value", -1, &st,
	    NULL) != SQLITE_OK)
		return case_error(c, cause, "reading attributes");
	sqlite3_bind_int64(st, 1, nid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t		 acct = sqlite3_column_int64(st, 0);
		struct ex_attr	*a;
		struct ex_value	 key, *v;

		while (mi < n->nmembers && n->members[mi].id != acct)
			mi++;
		if (mi == n->nmembers)
			break;		/* cannot happen: same order */
		if (n->nattrs == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			n->attrs = xreallocarray(n->attrs, cap,
			    sizeof *n->attrs);
		}
		a = &n->attrs[n->nattrs];
		a->member = mi;
		a->kind = col(st, 1);
		a->value = col(st, 2);
		a->accounts = sqlite3_column_int64(st, 3);
		key.kind = a->kind;
		key.value = a->value;
		key.members = 0;	/* value_cmp reads only kind, value */
		v = n->nvalues == 0 ? NULL : bsearch(&key, n->values,
		    n->nvalues, sizeof *n->values, value_cmp);
		a->value_index = v != NULL ? v - n->values : -1;
		a->shared = v != NULL ? v->members : 1;
		if (n->members[mi].nattrs++ == 0)
			n->members[mi].first_attr = n->nattrs;
		n->nattrs++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return case_error(c, cause, "reading attributes");
	return 0;
}

static int
load_hours(struct case_db *c, int64_t nid, struct ex_network *n,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, h;

	if (sqlite3_prepare_v2(c->db, "SELECT CAST(strftime('%H', p.posted_at,"
	    " 'unixepoch') AS INTEGER), count(*) FROM network_members m"
	    " JOIN posts p ON p.account_id = m.account_id"
	    " WHERE m.network_id = ?1 AND p.posted_at IS NOT NULL"
	    " GROUP BY 1", -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "reading posting hours");
	sqlite3_bind_int64(st, 1, nid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		h = sqlite3_column_int(st, 0);
		if (h >= 0 && h < 24) {
			n->hours[h] += sqlite3_column_int64(st, 1);
			n->nposts += sqlite3_column_int64(st, 1);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "reading posting hours");
	return 0;
}

static int
ttp_cmp(const void *va, const void *vb)
{
	return vocab_id_cmp(((const struct ex_ttp *)va)->id,
	    ((const struct ex_ttp *)vb)->id);
}

static char *
vocab_tactic(struct case_db *c, const char *id)
{
	sqlite3_stmt	*st;
	char		*tactic = NULL;

	if (sqlite3_prepare_v2(c->db, "SELECT tactic FROM vocab WHERE id = ?1",
	    -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		tactic = col(st, 0);
	sqlite3_finalize(st);
	if (tactic != NULL && tactic[0] == '\0') {
		free(tactic);
		tactic = NULL;
	}
	return tactic;
}

/*
 * Read MISP's DISARM techniques cluster file and give each DISARM
 * technique its cluster value (the value whose meta.external_id is the
 * technique's id), when the galaxy has one.
 */
static int
load_galaxy(struct case_db *c, const char *path, struct ex_network *n,
    char **cause)
{
	struct buf	 doc = BUF_INIT;
	sqlite3_stmt	*st;
	char		 chunk[8192];
	size_t		 got, i;
	FILE		*fp;
	int		 ok;

	if ((fp = fopen(path, "r")) == NULL)
		return set_cause(cause, "%s: %s", path, strerror(errno));
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&doc, chunk, got);
	ok = !ferror(fp);
	fclose(fp);
	buf_addc(&doc, '\0');
	if (!ok) {
		buf_free(&doc);
		return set_cause(cause, "%s: cannot read it", path);
	}
	if (sqlite3_prepare_v2(c->db, "SELECT json_valid(?1) AND"
	    " json_extract(?1, '$.type') = 'disarm-techniques' AND"
	    " json_type(?1, '$.values') = 'array'", -1, &st, NULL) !=
	    SQLITE_OK) {
		buf_free(&doc);
		return case_error(c, cause, "reading the MISP galaxy");
	}
	sqlite3_bind_text(st, 1, doc.data, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
	sqlite3_finalize(st);
	if (!ok) {
		buf_free(&doc);
		return set_cause(cause, "%s: not MISP's disarm-techniques "
		    "cluster file", path);
	}
	if (sqlite3_prepare_v2(c->db, "SELECT json_extract(value, '$.value')"
	    " FROM json_each(?1, '$.values') WHERE json_extract(value,"
	    " '$.meta.external_id') = ?2 LIMIT 1", -1, &st, NULL) !=
	    SQLITE_OK) {
		buf_free(&doc);
		return case_error(c, cause, "reading the MISP galaxy");
	}
	sqlite3_bind_text(st, 1, doc.data, -1, SQLITE_STATIC);
	for (i = 0; i < n->nttps; i++) {
		if (n->ttps_list[i].framework != VOCAB_DISARM)
			continue;
		sqlite3_bind_text(st, 2, n->ttps_list[i].id, -1,
		    SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			n->ttps_list[i].galaxy = col(st, 0);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	buf_free(&doc);
	n->galaxy = true;
	return 0;
}

static void
load_ttps(struct case_db *c, struct ex_network *n)
{
	const char	*p = n->ttps;
	size_t		 len, i;
	char		*id;

	if (p == NULL)
		return;
	for (;;) {
		p += strspn(p, ", \t\r\n;");
		if (*p == '\0')
			break;
		len = strcspn(p, ", \t\r\n;");
		id = xstrndup(p, len);
		p += len;
		for (i = 0; i < n->nttps; i++) {
			if (strcmp(n->ttps_list[i].id, id) == 0)
				break;
		}
		if (i < n->nttps) {
			free(id);
			continue;
		}
		n->ttps_list = xreallocarray(n->ttps_list, n->nttps + 1,
		    sizeof *n->ttps_list);
		n->ttps_list[n->nttps].id = id;
		n->ttps_list[n->nttps].name = vocab_name(c, id);
		n->ttps_list[n->nttps].tactic = vocab_tactic(c, id);
		n->ttps_list[n->nttps].galaxy = NULL;
		n->ttps_list[n->nttps].framework = vocab_id_form(id);
		n->nttps++;
	}
	if (n->nttps > 1)
		qsort(n->ttps_list, n->nttps, sizeof *n->ttps_list, ttp_cmp);
}

static int
load(struct case_db *c, const char *name, const struct export_opts *o,
    struct ex_network *n, char **cause)
{
	int64_t	nid = 0;

	memset(n, 0, sizeof *n);
	if (load_network(c, name, &nid, n, cause) != 0 ||
	    load_members(c, nid, n, cause) != 0 ||
	    load_values(c, nid, n, cause) != 0 ||
	    load_attrs(c, nid, n, cause) != 0 ||
	    load_hours(c, nid, n, cause) != 0)
		return -1;
	load_ttps(c, n);
	if (o != NULL && o->misp_galaxy != NULL &&
	    load_galaxy(c, o->misp_galaxy, n, cause) != 0)
		return -1;
	if (o != NULL && o->team != NULL && o->team[0] != '\0')
		n->team = xstrdup(o->team);
	else if ((n->team = case_info_get(c, "team")) == NULL ||
	    n->team[0] == '\0') {
		free(n->team);
		n->team = xstrdup("cibscope user");
	}
	return 0;
}

/* The export and its audit row, when the case can take one. */
static int
audit_export(struct case_db *c, const char *network, enum export_format f,
    size_t members, char **cause)
{
	char	*detail;
	int	 rc;

	if (c->readonly)
		return 0;
	if (case_begin(c, cause) != 0)
		return -1;
	detail = xasprintf("{\"format\":\"%s\",\"members\":%zu}",
	    export_format_name(f), members);
	rc = audit_append(c, "export", network, detail, cause);
	free(detail);
	if (rc != 0) {
		case_rollback(c);
		return -1;
	}
	return case_commit(c, cause);
}

int
export_network(struct case_db *c, const char *network, enum export_format f,
    const struct export_opts *o, FILE *fp, char **cause)
{
	struct ex_network	n;
	size_t			i;
	int			rc = -1;

	for (i = 0; i < nitems(export_formats); i++) {
		if (export_formats[i].format == f)
			break;
	}
	if (i == nitems(export_formats))
		return set_cause(cause, "unknown export format");
	if (load(c, network, o, &n, cause) != 0)
		goto out;
	if (export_formats[i].write(fp, &n) != 0) {
		set_cause(cause, "cannot write the %s export",
		    export_formats[i].name);
		goto out;
	}
	if (fflush(fp) != 0 || ferror(fp)) {
		set_cause(cause, "writing the %s export failed",
		    export_formats[i].name);
		goto out;
	}
	rc = audit_export(c, n.name, f, n.nmembers, cause);
out:
	network_free(&n);
	return rc;
}
