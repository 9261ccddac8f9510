/*
 * neardup.c: near-duplicate posts. One streamed read of the posts with
 * their stored signatures, signing what has none; banded LSH over the
 * signatures; then an exact check of each candidate on its two texts.
 * See neardup.h for the promises.
 */
#include "config.h"
#include "neardup.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "util.h"

#define NEARDUP_PROGRESS_EVERY	65536

/* A signature made during the read, to be stored after it. */
struct fresh {
	int64_t		 post;
	bool		 is_short;
	unsigned char	 blob[MINHASH_BLOB_SIZE];
};

struct nrun {
	struct case_db			*c;
	const struct neardup_opts	*o;
	struct minhash_opts		 sh;
	int				 shape;
	double				 t;

	struct minhash_corpus		*corpus;
	struct neardup_result		*res;
	size_t				 cap;

	struct fresh			*fresh;
	size_t				 nfresh;
	size_t				 freshcap;

	uint32_t			*queries;	/* corpus numbers */
	size_t				 nq;
	size_t				 qcap;
};

int
neardup_opts_shingle(const struct neardup_opts *o, struct minhash_opts *out,
    char **cause)
{
	*out = o->shingle;
	if (out->k == 0) {
		out->unit = NEARDUP_DEFAULT_UNIT;
		out->k = NEARDUP_DEFAULT_K;
	}
	return minhash_opts_check(out, cause);
}

static int
progress(struct nrun *r, uint64_t done, uint64_t total, char **cause)
{
	if (r->o->progress != NULL &&
	    r->o->progress(r->o->progress_arg, done, total) != 0)
		return set_cause(cause, "cancelled");
	return 0;
}

static char *
build_sql(const struct neardup_opts *o)
{
	struct buf	b = BUF_INIT;

	/* Column 3: the stored signature is usable (or marks a short
	 * text); else column 5 brings the text to sign again. */
#define USABLE "(s.post_id IS NOT NULL AND (s.sig IS NULL OR"		\
	    " (length(s.sig) = ?4 AND substr(s.sig, 1, 3) = x'4d4801')))"
	buf_adds(&b, "SELECT p.id, p.account_id, p.posted_at, " USABLE
	    ", s.sig, CASE WHEN NOT " USABLE " THEN p.text END");
#undef USABLE
	if (o->query_table != NULL)
		buf_printf(&b, ", p.account_id IN (SELECT account_id FROM %s)",
		    o->query_table);
	else
		buf_adds(&b, ", 0");
	buf_adds(&b, " FROM posts p LEFT JOIN post_sigs s ON s.post_id = p.id"
	    " AND s.shape = ?3 WHERE p.text IS NOT NULL AND p.text <> ''"
	    " AND (p.repost_of IS NULL OR p.repost_of = '')");
	if (o->since != 0)
		buf_adds(&b, " AND p.posted_at >= ?1");
	if (o->until != 0)
		buf_adds(&b, " AND p.posted_at < ?2");
	if (o->restrict_table != NULL)
		buf_printf(&b, " AND p.account_id IN (SELECT account_id"
		    " FROM %s)", o->restrict_table);
	buf_adds(&b, " ORDER BY p.id");
	return buf_steal(&b);
}

static void
fresh_add(struct nrun *r, int64_t post, const struct minhash_sig *sig,
    bool is_short)
{
	struct fresh	*f;

	if (r->nfresh == r->freshcap) {
		r->freshcap = r->freshcap ? r->freshcap * 2 : 1024;
		r->fresh = xreallocarray(r->fresh, r->freshcap,
		    sizeof *r->fresh);
	}
	f = &r->fresh[r->nfresh++];
	f->post = post;
	f->is_short = is_short;
	if (!is_short)
		minhash_sig_to_blob(sig, &r->sh, f->blob);
}

static void
post_add(struct nrun *r, sqlite3_stmt *st, const struct minhash_sig *sig)
{
	struct neardup_result	*res = r->res;
	struct neardup_post	*p;

	if (res->nposts == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 4096;
		res->posts = xreallocarray(res->posts, r->cap,
		    sizeof *res->posts);
	}
	p = &res->posts[res->nposts];
	p->id = sqlite3_column_int64(st, 0);
	p->account = sqlite3_column_int64(st, 1);
	p->has_t = sqlite3_column_type(st, 2) != SQLITE_NULL;
	p->t = sqlite3_column_int64(st, 2);
	p->query = sqlite3_column_int(st, 6) != 0;
	minhash_corpus_add_sig(r->corpus, sig);
	if (p->query) {
		if (r->nq == r->qcap) {
			r->qcap = r->qcap ? r->qcap * 2 : 64;
			r->queries = xreallocarray(r->queries, r->qcap,
			    sizeof *r->queries);
		}
		r->queries[r->nq++] = (uint32_t)res->nposts;
	}
	res->nposts++;
}

/* Read every post taken, with its signature or a fresh one. */
static int
read_posts(struct nrun *r, char **cause)
{
	sqlite3_stmt		*st = NULL;
	struct minhash_sig	 sig;
	char			*sql, *why = NULL;
	const char		*text;
	int			 rc;
	uint64_t		 n = 0;

	sql = build_sql(r->o);
	rc = sqlite3_prepare_v2(r->c->db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return case_error(r->c, cause, "near-duplicates");
	if (r->o->since != 0)
		sqlite3_bind_int64(st, 1, r->o->since);
	if (r->o->until != 0)
		sqlite3_bind_int64(st, 2, r->o->until);
	sqlite3_bind_int(st, 3, r->shape);
	sqlite3_bind_int(st, 4, MINHASH_BLOB_SIZE);

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* With a window, a post without a time can pair with none. */
		if (r->o->window > 0 && sqlite3_column_type(st, 2) ==
		    SQLITE_NULL)
			continue;
		if (++n % NEARDUP_PROGRESS_EVERY == 0 &&
		    progress(r, n, 0, cause) != 0) {
			sqlite3_finalize(st);
			return -1;
		}
		if (sqlite3_column_int(st, 3)) {
			const void *blob = sqlite3_column_blob(st, 4);
			size_t len = (size_t)sqlite3_column_bytes(st, 4);

			if (blob == NULL) {
				r->res->short_texts++;
				continue;
			}
			if (minhash_sig_from_blob(blob, len, &sig, NULL,
			    &why) == 0)
				post_add(r, st, &sig);
			else
				r->res->damaged++;
			free(why);
			why = NULL;
			continue;
		}
		text = (const char *)sqlite3_column_text(st, 5);
		rc = minhash_sign(text != NULL ? text : "",
		    (size_t)sqlite3_column_bytes(st, 5), &r->sh, &sig);
		r->res->signed_now++;
		fresh_add(r, sqlite3_column_int64(st, 0), &sig,
		    rc == MINHASH_SHORT);
		if (rc == MINHASH_SHORT)
			r->res->short_texts++;
		else
			post_add(r, st, &sig);
	}
	if (rc != SQLITE_DONE) {
		case_error(r->c, cause, "near-duplicates");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

/*
 * Store the fresh signatures, when the case may be written. Inside a
 * caller's transaction they join it; otherwise they get their own, and a
 * busy case only means they are made again next time.
 */
static void
store_fresh(struct nrun *r)
{
	sqlite3_stmt	*st;
	bool		 own;
	size_t		 i;
	int		 ok = 1;

	if (r->nfresh == 0 || r->c->readonly ||
	    sqlite3_db_readonly(r->c->db, "main") != 0)
		return;
	own = sqlite3_get_autocommit(r->c->db) != 0;
	if (own && case_begin(r->c, NULL) != 0)
		return;
	if (sqlite3_prepare_v2(r->c->db, "INSERT OR REPLACE INTO post_sigs("
	    "post_id, shape, sig) VALUES (?1, ?2, ?3)", -1, &st, NULL) !=
	    SQLITE_OK) {
		if (own)
			case_rollback(r->c);
		return;
	}
	for (i = 0; i < r->nfresh && ok; i++) {
		sqlite3_bind_int64(st, 1, r->fresh[i].post);
		sqlite3_bind_int(st, 2, r->shape);
		if (r->fresh[i].is_short)
			sqlite3_bind_null(st, 3);
		else
			sqlite3_bind_blob(st, 3, r->fresh[i].blob,
			    MINHASH_BLOB_SIZE, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (!ok) {
		if (own)
			case_rollback(r->c);
		return;
	}
	if (own && case_commit(r->c, NULL) != 0)
		return;
	r->res->stored_now = r->nfresh;
}

/* Shingles of the posts in candidate pairs, read back from the case. */
struct shingled {
	uint64_t	*h;
	size_t		 n;
	bool		 done;
};

static int
shingle_post(struct nrun *r, sqlite3_stmt *st, struct shingled *s,
    struct minhash_set *set, uint32_t i, char **cause)
{
	const char	*text;
	int		 rc;

	if (s->done)
		return 0;
	sqlite3_bind_int64(st, 1, r->res->posts[i].id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		return case_error(r->c, cause, "near-duplicates");
	}
	text = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) :
	    NULL;
	s->n = text == NULL ? 0 : minhash_shingles(text,
	    (size_t)sqlite3_column_bytes(st, 0), &r->sh, set);
	if (s->n > 0) {
		s->h = xreallocarray(NULL, s->n, sizeof *s->h);
		memcpy(s->h, set->h, s->n * sizeof *s->h);
	}
	s->done = true;
	sqlite3_reset(st);
	return 0;
}

/* Keep the candidates whose exact Jaccard reaches the threshold. */
static int
check_exact(struct nrun *r, const struct minhash_pair *mp, size_t n,
    char **cause)
{
	struct neardup_result	*res = r->res;
	struct shingled		*sh;
	struct minhash_set	 set = MINHASH_SET_INIT;
	sqlite3_stmt		*st;
	size_t			 i;
	double			 sim;
	int			 rc = 0;

	if (n == 0)
		return 0;
	if (sqlite3_prepare_v2(r->c->db, "SELECT text FROM posts WHERE"
	    " id = ?1", -1, &st, NULL) != SQLITE_OK)
		return case_error(r->c, cause, "near-duplicates");
	sh = xcalloc(res->nposts, sizeof *sh);
	res->pairs = xreallocarray(NULL, n, sizeof *res->pairs);
	for (i = 0; i < n && rc == 0; i++) {
		if (shingle_post(r, st, &sh[mp[i].a], &set, mp[i].a,
		    cause) != 0 || shingle_post(r, st, &sh[mp[i].b], &set,
		    mp[i].b, cause) != 0) {
			rc = -1;
			break;
		}
		sim = minhash_jaccard(sh[mp[i].a].h, sh[mp[i].a].n,
		    sh[mp[i].b].h, sh[mp[i].b].n);
		if (sim < r->t)
			continue;
		res->pairs[res->npairs].a = mp[i].a;
		res->pairs[res->npairs].b = mp[i].b;
		res->pairs[res->npairs++].sim = sim;
		if ((i + 1) % NEARDUP_PROGRESS_EVERY == 0 &&
		    progress(r, i + 1, n, cause) != 0)
			rc = -1;
	}
	sqlite3_finalize(st);
	for (i = 0; i < res->nposts; i++)
		free(sh[i].h);
	free(sh);
	minhash_set_free(&set);
	return rc;
}

/* minhash's keep(): the caller's window and account rule. */
static int
keep_pair(void *arg, uint32_t a, uint32_t b)
{
	const struct nrun		*r = arg;
	const struct neardup_post	*pa = &r->res->posts[a];
	const struct neardup_post	*pb = &r->res->posts[b];
	int64_t				 d;

	if (r->o->other_accounts && pa->account == pb->account)
		return 0;
	if (r->o->window > 0) {
		if (!pa->has_t || !pb->has_t)
			return 0;
		d = pa->t > pb->t ? pa->t - pb->t : pb->t - pa->t;
		if (d > r->o->window)
			return 0;
	}
	return 1;
}

int
neardup_run(struct case_db *c, const struct neardup_opts *o,
    struct neardup_result **out, char **cause)
{
	struct nrun		 r;
	struct minhash_pair_opts po;
	struct minhash_pair	*mp = NULL;
	int64_t			*times = NULL;
	size_t			 nmp = 0, i;
	bool			 txn;
	int			 rc = -1;

	memset(&r, 0, sizeof r);
	r.c = c;
	r.o = o;
	if (neardup_opts_shingle(o, &r.sh, cause) != 0)
		return -1;
	r.shape = (int)r.sh.unit * 64 + r.sh.k;
	r.t = o->threshold == 0 ? NEARDUP_DEFAULT_T : o->threshold;
	if (!(r.t > 0 && r.t <= 1))
		return set_cause(cause, "similarity %g is not above 0 and at "
		    "most 1", r.t);
	if ((o->restrict_table != NULL &&
	    !case_table_name_ok(o->restrict_table)) ||
	    (o->query_table != NULL && !case_table_name_ok(o->query_table)))
		return set_cause(cause, "bad table name");

	r.res = xcalloc(1, sizeof *r.res);
	r.corpus = minhash_corpus_new(&r.sh);
	if (read_posts(&r, cause) != 0)
		goto out;
	store_fresh(&r);
	if (r.res->nposts > UINT32_MAX) {
		set_cause(cause, "too many posts (%zu)", r.res->nposts);
		goto out;
	}

	memset(&po, 0, sizeof po);
	po.threshold = r.t;
	po.max_bucket = o->max_bucket;
	po.accept = r.t > NEARDUP_MARGIN ? r.t - NEARDUP_MARGIN : r.t / 2;
	if (o->window > 0 || o->other_accounts) {
		po.keep = keep_pair;
		po.keep_arg = &r;
	}
	if (o->window > 0) {
		times = xreallocarray(NULL, r.res->nposts + 1, sizeof *times);
		for (i = 0; i < r.res->nposts; i++)
			times[i] = r.res->posts[i].t;
		po.times = times;
		po.window = o->window;
	}
	if (o->query_table != NULL)
		rc = minhash_pairs_of(r.corpus, &po, r.queries, r.nq, &mp,
		    &nmp, &r.res->lsh, cause);
	else
		rc = minhash_pairs(r.corpus, &po, &mp, &nmp, &r.res->lsh,
		    cause);
	if (rc == 0) {
		/* One read transaction for the many small reads. */
		txn = sqlite3_get_autocommit(c->db) != 0 &&
		    sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) ==
		    SQLITE_OK;
		rc = check_exact(&r, mp, nmp, cause);
		if (txn)
			sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
	}
	free(mp);
	free(times);
out:
	minhash_corpus_free(r.corpus);
	free(r.fresh);
	free(r.queries);
	if (rc != 0) {
		neardup_result_free(r.res);
		return -1;
	}
	r.res->lsh.pairs = r.res->npairs;
	*out = r.res;
	return 0;
}

void
neardup_result_free(struct neardup_result *res)
{
	if (res == NULL)
		return;
	free(res->posts);
	free(res->pairs);
	free(res);
}
