/*
 * pivot_near.c: pivots on perceptual hashes within a Hamming distance and
 * on similar post texts. See pivot_near.h.
 */
#include "config.h"
#include "pivot_near.h"

#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "hamming.h"
#include "neardup.h"
#include "query.h"
#include "util.h"

/* The distinct values of a kind, parsed, with how many accounts hold
 * each. */
struct values {
	uint64_t	*h;
	char		**s;
	int64_t		*accounts;
	size_t		 n;
	size_t		 cap;
};

static void
values_free(struct values *v)
{
	size_t	i;

	for (i = 0; i < v->n; i++)
		free(v->s[i]);
	free(v->h);
	free(v->s);
	free(v->accounts);
}

static int
values_load(struct case_db *c, const char *kind, struct values *v,
    char **cause)
{
	sqlite3_stmt	*st;
	const char	*s;
	uint64_t	 h;
	int		 rc;

	if (sqlite3_prepare_v2(c->db, "SELECT value, accounts FROM"
	    " attribute_stats WHERE kind = ?1", -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "pivot");
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s = (const char *)sqlite3_column_text(st, 0);
		if (s == NULL || !hamming_parse(s, &h, NULL))
			continue;
		if (v->n == v->cap) {
			v->cap = v->cap ? v->cap * 2 : 1024;
			v->h = xreallocarray(v->h, v->cap, sizeof *v->h);
			v->s = xreallocarray(v->s, v->cap, sizeof *v->s);
			v->accounts = xreallocarray(v->accounts, v->cap,
			    sizeof *v->accounts);
		}
		v->h[v->n] = h;
		v->s[v->n] = xstrdup(s);
		v->accounts[v->n++] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "pivot");
	return 0;
}

static void
hub_add(struct query_hub **hubs, size_t *nhubs, const char *kind,
    int within, const char *value, int64_t accounts)
{
	struct query_hub	*hub;

	*hubs = xreallocarray(*hubs, *nhubs + 1, sizeof **hubs);
	hub = &(*hubs)[(*nhubs)++];
	hub->kind = xasprintf("%s~%d", kind, within);
	hub->value = xstrdup(value);
	hub->accounts = accounts;
}

int
pivot_near_phash(struct case_db *c, const char *frontier, const char *links,
    const char *kind, int within, int64_t max_share, int64_t hop,
    struct query_hub **hubs, size_t *nhubs, char **cause)
{
	struct values		 v;
	struct hamming_index	*ix = NULL;
	struct hamming_matches	 m = HAMMING_MATCHES_INIT;
	sqlite3_stmt		*fr = NULL, *ins = NULL;
	char			*sql;
	const char		*s;
	uint64_t		 q;
	int64_t			 held;
	size_t			 i;
	int			 rc = -1;

	memset(&v, 0, sizeof v);
	if (values_load(c, kind, &v, cause) != 0)
		goto out;
	if (v.n == 0) {
		rc = 0;
		goto out;
	}
	if ((ix = hamming_index_new(v.h, v.n, within, cause)) == NULL)
		goto out;
	sql = xasprintf("SELECT DISTINCT a.value FROM %s f JOIN attributes a"
	    " ON a.account_id = f.account_id AND a.kind = ?1", frontier);
	rc = sqlite3_prepare_v2(c->db, sql, -1, &fr, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		rc = case_error(c, cause, "pivot");
		goto out;
	}
	sql = xasprintf("INSERT OR IGNORE INTO %s(account_id, kind, value,"
	    " hop, detail) SELECT account_id, kind, value, ?3,"
	    " json_object('distance', ?4, 'from', ?5) FROM attributes"
	    " WHERE kind = ?1 AND value = ?2", links);
	rc = sqlite3_prepare_v2(c->db, sql, -1, &ins, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		rc = case_error(c, cause, "pivot");
		goto out;
	}
	rc = -1;
	sqlite3_bind_text(fr, 1, kind, -1, SQLITE_STATIC);
	while (sqlite3_step(fr) == SQLITE_ROW) {
		s = (const char *)sqlite3_column_text(fr, 0);
		if (s == NULL || !hamming_parse(s, &q, NULL))
			continue;
		hamming_query(ix, q, within, &m);
		for (held = 0, i = 0; i < m.n; i++)
			held += v.accounts[m.m[i].index];
		if (held > max_share) {
			hub_add(hubs, nhubs, kind, within, s, held);
			continue;
		}
		for (i = 0; i < m.n; i++) {
			sqlite3_bind_text(ins, 1, kind, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 2, v.s[m.m[i].index], -1,
			    SQLITE_STATIC);
			sqlite3_bind_int64(ins, 3, hop);
			sqlite3_bind_int(ins, 4, m.m[i].distance);
			sqlite3_bind_text(ins, 5, s, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(ins) != SQLITE_DONE) {
				case_error(c, cause, "pivot");
				goto out;
			}
			sqlite3_reset(ins);
		}
	}
	rc = 0;
out:
	sqlite3_finalize(fr);
	sqlite3_finalize(ins);
	hamming_matches_free(&m);
	hamming_index_free(ix);
	values_free(&v);
	return rc;
}

int
pivot_near_text(struct case_db *c, const char *frontier, const char *links,
    double similarity, int64_t hop, char **cause)
{
	struct neardup_opts		 o;
	struct neardup_result		*res;
	const struct neardup_post	*pa, *pb, *t;
	sqlite3_stmt			*ins;
	char				*sql;
	size_t				 i;
	int				 rc;

	memset(&o, 0, sizeof o);
	o.threshold = similarity;
	o.query_table = frontier;
	o.other_accounts = true;
	if (neardup_run(c, &o, &res, cause) != 0)
		return -1;
	sql = xasprintf("INSERT OR IGNORE INTO %s(account_id, kind, value,"
	    " hop, detail) SELECT ?1, 'similar_text', (SELECT native_id FROM"
	    " posts WHERE id = ?2), ?3, json_object('post', (SELECT native_id"
	    " FROM posts WHERE id = ?4), 'similarity', round(?5, 2))", links);
	rc = sqlite3_prepare_v2(c->db, sql, -1, &ins, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		neardup_result_free(res);
		return case_error(c, cause, "pivot");
	}
	for (i = 0; i < res->npairs; i++) {
		pa = &res->posts[res->pairs[i].a];
		pb = &res->posts[res->pairs[i].b];
		if (pa->query == pb->query)
			continue;
		if (pa->query) {
			t = pa;
			pa = pb;
			pb = t;
		}
		/* pa is the other account's post, pb the frontier's. */
		sqlite3_bind_int64(ins, 1, pa->account);
		sqlite3_bind_int64(ins, 2, pa->id);
		sqlite3_bind_int64(ins, 3, hop);
		sqlite3_bind_int64(ins, 4, pb->id);
		sqlite3_bind_double(ins, 5, res->pairs[i].sim);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			sqlite3_finalize(ins);
			neardup_result_free(res);
			return case_error(c, cause, "pivot");
		}
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	neardup_result_free(res);
	return 0;
}
