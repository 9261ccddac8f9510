/*
 * coord.c: co-post, co-link, co-repost and co-reply networks. The matching
 * posts are read once into an array of (key, time, account, post) items,
 * sorted by key and time, and each key's run is swept with a time window
 * that keeps the distinct accounts inside it; every post then meets each
 * partner account once, which is exactly the toolkit's "distinct messages
 * of A with a partner from B". See coord.h for the rule and the promises.
 */
#include "config.h"
#include "coord.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "neardup.h"
#include "sanitize.h"
#include "util.h"

#define COORD_PROGRESS_EVERY	65536
/* Largest account id mapped through a plain table (4 bytes per id). */
#define COORD_DIRECT_MAX	(16 * 1024 * 1024)

/* One post under one key. acct is the account's dense index. */
struct item {
	uint64_t	key;
	int64_t		t;
	int64_t		post;
	uint32_t	acct;
};

/* One (account, partner, post) match, for co-link where a post may carry
 * several URLs and must still count once per partner. */
struct match {
	uint32_t	a;
	uint32_t	b;
	int64_t		post;
};

/* Open-addressing map from a 64-bit key to a 64-bit value. */
struct map64 {
	uint64_t	*key;
	int64_t		*val;
	size_t		 cap;		/* power of two */
	size_t		 n;
};
#define MAP64_EMPTY	UINT64_MAX

/* Interned strings: each distinct key text gets a small integer. */
struct intern {
	uint32_t	*slot;		/* entry index + 1, 0 = empty */
	size_t		 cap;
	struct {
		uint64_t	hash;
		size_t		off;
		size_t		len;
	}		*ent;
	size_t		 nent;
	size_t		 entcap;
	char		*arena;
	size_t		 arenalen;
	size_t		 arenacap;
};

/* The distinct accounts inside the current window, with counts. */
struct window {
	uint32_t	*cnt;
	uint32_t	*pos;
	uint32_t	*list;
	uint32_t	 n;
};

struct run {
	struct case_db		*c;
	const struct coord_opts	*o;

	struct item		*items;
	size_t			 nitems;
	size_t			 itemcap;

	struct map64		 accmap;	/* accounts.id -> dense index */
	uint32_t		*accdirect;	/* the same, by id, or NULL */
	int64_t			 maxid;		/* size of accdirect - 1 */
	int64_t			*accid;		/* dense index -> accounts.id */
	size_t			 nacc;
	size_t			 acccap;

	struct intern		 keys;

	struct map64		 edges;		/* a << 32 | b -> weight */
	/* co-similar: a << 32 | b -> index of its best pair in sim. */
	struct map64		 best;
	struct neardup_result	*sim;
	struct match		*matches;
	size_t			 nmatches;
	size_t			 matchcap;
};

static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static uint64_t
hash_bytes(const void *p, size_t len)
{
	const unsigned char	*s = p;
	uint64_t		 h = 0xcbf29ce484222325ULL;
	size_t			 i;

	for (i = 0; i < len; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return mix64(h);
}

static void
map64_init(struct map64 *m, size_t cap)
{
	size_t	i;

	m->cap = cap;
	m->n = 0;
	m->key = xreallocarray(NULL, cap, sizeof *m->key);
	m->val = xreallocarray(NULL, cap, sizeof *m->val);
	for (i = 0; i < cap; i++)
		m->key[i] = MAP64_EMPTY;
}

static void
map64_free(struct map64 *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof *m);
}

/* The slot holding k, or the empty slot where it would go. */
static size_t
map64_find(const struct map64 *m, uint64_t k)
{
	size_t	i = mix64(k) & (m->cap - 1);

	while (m->key[i] != MAP64_EMPTY && m->key[i] != k)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void
map64_grow(struct map64 *m)
{
	struct map64	old = *m;
	size_t		i, j;

	map64_init(m, old.cap * 2);
	for (i = 0; i < old.cap; i++) {
		if (old.key[i] == MAP64_EMPTY)
			continue;
		j = map64_find(m, old.key[i]);
		m->key[j] = old.key[i];
		m->val[j] = old.val[i];
	}
	m->n = old.n;
	map64_free(&old);
}

/* A pointer to k's value, inserted as dflt when k is new. */
static int64_t *
map64_get(struct map64 *m, uint64_t k, int64_t dflt, bool *isnew)
{
	size_t	i;

	if ((m->n + 1) * 2 > m->cap)
		map64_grow(m);
	i = map64_find(m, k);
	if (m->key[i] == MAP64_EMPTY) {
		m->key[i] = k;
		m->val[i] = dflt;
		m->n++;
		if (isnew != NULL)
			*isnew = true;
	} else if (isnew != NULL)
		*isnew = false;
	return &m->val[i];
}

static void
intern_init(struct intern *in)
{
	memset(in, 0, sizeof *in);
	in->cap = 1024;
	in->slot = xcalloc(in->cap, sizeof *in->slot);
}

static void
intern_free(struct intern *in)
{
	free(in->slot);
	free(in->ent);
	free(in->arena);
	memset(in, 0, sizeof *in);
}

static void
intern_grow(struct intern *in)
{
	size_t	i, j, cap = in->cap * 2;

	free(in->slot);
	in->slot = xcalloc(cap, sizeof *in->slot);
	in->cap = cap;
	for (i = 0; i < in->nent; i++) {
		j = in->ent[i].hash & (cap - 1);
		while (in->slot[j] != 0)
			j = (j + 1) & (cap - 1);
		in->slot[j] = (uint32_t)(i + 1);
	}
}

/* The number of s[0..len), the same for equal strings. */
static uint64_t
intern_add(struct intern *in, const char *s, size_t len)
{
	uint64_t	h = hash_bytes(s, len);
	size_t		j, e;

	if ((in->nent + 1) * 2 > in->cap)
		intern_grow(in);
	j = h & (in->cap - 1);
	while (in->slot[j] != 0) {
		e = in->slot[j] - 1;
		if (in->ent[e].hash == h && in->ent[e].len == len &&
		    memcmp(in->arena + in->ent[e].off, s, len) == 0)
			return e;
		j = (j + 1) & (in->cap - 1);
	}
	if (in->nent == in->entcap) {
		in->entcap = in->entcap ? in->entcap * 2 : 1024;
		in->ent = xreallocarray(in->ent, in->entcap, sizeof *in->ent);
	}
	while (in->arenalen + len > in->arenacap) {
		in->arenacap = in->arenacap ? in->arenacap * 2 : 65536;
		in->arena = xrealloc(in->arena, in->arenacap);
	}
	if (len > 0)
		memcpy(in->arena + in->arenalen, s, len);
	e = in->nent++;
	in->ent[e].hash = h;
	in->ent[e].off = in->arenalen;
	in->ent[e].len = len;
	in->arenalen += len;
	in->slot[j] = (uint32_t)(e + 1);
	return e;
}

static uint32_t
account_new(struct run *r, int64_t id)
{
	if (r->nacc == r->acccap) {
		r->acccap = r->acccap ? r->acccap * 2 : 1024;
		r->accid = xreallocarray(r->accid, r->acccap,
		    sizeof *r->accid);
	}
	r->accid[r->nacc] = id;
	return (uint32_t)r->nacc++;
}

/*
 * The dense index of an account. Account ids are rowids, nearly always
 * 1..N, so a table indexed by id (0 = not seen yet) is used when the
 * largest id is small enough; the hash map covers the rest.
 */
static uint32_t
account_dense(struct run *r, int64_t id)
{
	bool	 isnew;
	int64_t	*v;

	if (r->accdirect != NULL && id >= 0 && id <= r->maxid) {
		if (r->accdirect[id] == 0)
			r->accdirect[id] = account_new(r, id) + 1;
		return r->accdirect[id] - 1;
	}
	v = map64_get(&r->accmap, (uint64_t)id, (int64_t)r->nacc, &isnew);
	if (isnew)
		account_new(r, id);
	return (uint32_t)*v;
}

/* Size the direct table from the largest account id. */
static void
account_table(struct run *r)
{
	sqlite3_stmt	*st;

	if (sqlite3_prepare_v2(r->c->db, "SELECT max(id) FROM accounts", -1,
	    &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->maxid = sqlite3_column_int64(st, 0);
		if (r->maxid > 0 && r->maxid <= COORD_DIRECT_MAX)
			r->accdirect = xcalloc((size_t)r->maxid + 1,
			    sizeof *r->accdirect);
	}
	sqlite3_finalize(st);
}

static int
item_cmp(const void *va, const void *vb)
{
	const struct item	*a = va, *b = vb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	if (a->acct != b->acct)
		return a->acct < b->acct ? -1 : 1;
	if (a->post != b->post)
		return a->post < b->post ? -1 : 1;
	return 0;
}

static int
match_cmp(const void *va, const void *vb)
{
	const struct match	*a = va, *b = vb;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	if (a->post != b->post)
		return a->post < b->post ? -1 : 1;
	return 0;
}

/* The SELECT that yields (key, posted_at, account_id, post id) rows. */
static char *
build_sql(const struct coord_opts *o)
{
	struct buf	b = BUF_INIT;
	const char	*notrepost = "(p.repost_of IS NULL OR p.repost_of = '')";

	switch (o->kind) {
	case COORD_SIMILAR:	/* never: similar_pairs() reads its posts */
	case COORD_POST:
		buf_printf(&b, "SELECT p.text_hash, p.posted_at, p.account_id,"
		    " p.id FROM posts p WHERE p.text_hash <> 0 AND %s",
		    notrepost);
		break;
	case COORD_LINK:
		buf_adds(&b, "SELECT u.url, p.posted_at, p.account_id, p.id"
		    " FROM post_urls u JOIN posts p ON p.id = u.post_id"
		    " WHERE u.url <> ''");
		if (!o->link_reposts)
			buf_printf(&b, " AND %s", notrepost);
		break;
	case COORD_REPOST:
		buf_adds(&b, "SELECT p.repost_of, p.posted_at, p.account_id,"
		    " p.id FROM posts p WHERE p.repost_of <> ''");
		break;
	case COORD_REPLY:
		buf_printf(&b, "SELECT p.reply_to, p.posted_at, p.account_id,"
		    " p.id FROM posts p WHERE p.reply_to <> '' AND %s",
		    notrepost);
		break;
	}
	buf_adds(&b, " AND p.posted_at IS NOT NULL");
	if (o->since != 0)
		buf_adds(&b, " AND p.posted_at >= ?1");
	if (o->until != 0)
		buf_adds(&b, " AND p.posted_at < ?2");
	if (o->restrict_table != NULL)
		buf_printf(&b, " AND p.account_id IN (SELECT account_id"
		    " FROM %s)", o->restrict_table);
	return buf_steal(&b);
}

static int
progress(struct run *r, uint64_t done, uint64_t total, char **cause)
{
	if (r->o->progress != NULL &&
	    r->o->progress(r->o->progress_arg, done, total) != 0)
		return set_cause(cause, "cancelled");
	return 0;
}

/* Read every matching post into r->items. */
static int
read_items(struct run *r, char **cause)
{
	sqlite3_stmt	*st = NULL;
	char		*sql;
	int		 rc;
	struct item	*it;

	sql = build_sql(r->o);
	rc = sqlite3_prepare_v2(r->c->db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return case_error(r->c, cause, "coordination");
	if (r->o->since != 0)
		sqlite3_bind_int64(st, 1, r->o->since);
	if (r->o->until != 0)
		sqlite3_bind_int64(st, 2, r->o->until);

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (r->nitems == r->itemcap) {
			r->itemcap = r->itemcap ? r->itemcap * 2 : 4096;
			r->items = xreallocarray(r->items, r->itemcap,
			    sizeof *r->items);
		}
		it = &r->items[r->nitems];
		if (r->o->kind == COORD_POST)
			it->key = (uint64_t)sqlite3_column_int64(st, 0);
		else {
			const char *s = (const char *)sqlite3_column_text(st,
			    0);
			size_t len = (size_t)sqlite3_column_bytes(st, 0);

			it->key = intern_add(&r->keys, s ? s : "", len);
		}
		it->t = sqlite3_column_int64(st, 1);
		it->acct = account_dense(r, sqlite3_column_int64(st, 2));
		it->post = sqlite3_column_int64(st, 3);
		r->nitems++;
		if (r->nitems % COORD_PROGRESS_EVERY == 0 &&
		    progress(r, r->nitems, 0, cause) != 0) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	if (rc != SQLITE_DONE) {
		case_error(r->c, cause, "coordination");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

static int64_t
sat_add(int64_t a, int64_t b)
{
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

static int64_t
sat_sub(int64_t a, int64_t b)
{
	return a < INT64_MIN + b ? INT64_MIN : a - b;
}

static void
window_add(struct window *w, uint32_t a)
{
	if (w->cnt[a]++ == 0) {
		w->pos[a] = w->n;
		w->list[w->n++] = a;
	}
}

static void
window_del(struct window *w, uint32_t a)
{
	uint32_t	last;

	if (--w->cnt[a] == 0) {
		last = w->list[--w->n];
		w->list[w->pos[a]] = last;
		w->pos[last] = w->pos[a];
	}
}

static void
emit(struct run *r, uint32_t a, uint32_t b, int64_t post)
{
	struct match	*m;

	if (r->o->kind != COORD_LINK && r->o->kind != COORD_SIMILAR) {
		(*map64_get(&r->edges, (uint64_t)a << 32 | b, 0, NULL))++;
		return;
	}
	if (r->nmatches == r->matchcap) {
		r->matchcap = r->matchcap ? r->matchcap * 2 : 4096;
		r->matches = xreallocarray(r->matches, r->matchcap,
		    sizeof *r->matches);
	}
	m = &r->matches[r->nmatches++];
	m->a = a;
	m->b = b;
	m->post = post;
}

/* How many accounts n items hold, counted in the (empty) window. */
static size_t
distinct_accounts(struct window *w, const struct item *it, size_t n)
{
	size_t	i, d;

	for (i = 0; i < n; i++)
		window_add(w, it[i].acct);
	d = w->n;
	for (i = 0; i < n; i++)
		window_del(w, it[i].acct);
	return d;
}

/*
 * Sweep each run of equal keys. For post i the window holds every post of
 * the run within [t_i - window, t_i + window]; since the run is sorted by
 * time that is a contiguous range [lo, hi) that only moves forward.
 */
static int
sweep(struct run *r, uint64_t *nkeys, uint64_t *nhubs, char **cause)
{
	struct window	 w;
	struct item	*it = r->items;
	size_t		 g0, g1, i, lo, hi, k;
	int64_t		 win = r->o->window, max = r->o->max_accounts;
	uint32_t	 a;

	*nhubs = 0;

	w.cnt = xcalloc(r->nacc, sizeof *w.cnt);
	w.pos = xcalloc(r->nacc, sizeof *w.pos);
	w.list = xcalloc(r->nacc, sizeof *w.list);
	w.n = 0;

	*nkeys = 0;
	for (g0 = 0; g0 < r->nitems; g0 = g1) {
		for (g1 = g0 + 1; g1 < r->nitems && it[g1].key == it[g0].key;
		    g1++)
			/* nothing */;
		(*nkeys)++;
		if (g1 - g0 < 2)
			continue;
		if (max > 0 && (int64_t)(g1 - g0) > max &&
		    (int64_t)distinct_accounts(&w, it + g0, g1 - g0) > max) {
			(*nhubs)++;
			continue;
		}
		lo = hi = g0;
		for (i = g0; i < g1; i++) {
			while (hi < g1 && it[hi].t <= sat_add(it[i].t, win))
				window_add(&w, it[hi++].acct);
			while (it[lo].t < sat_sub(it[i].t, win))
				window_del(&w, it[lo++].acct);
			a = it[i].acct;
			for (k = 0; k < w.n; k++) {
				if (w.list[k] != a)
					emit(r, a, w.list[k], it[i].post);
			}
		}
		while (lo < hi)
			window_del(&w, it[lo++].acct);
		if (g1 / COORD_PROGRESS_EVERY != g0 / COORD_PROGRESS_EVERY &&
		    progress(r, g1, r->nitems, cause) != 0)
			break;
	}
	free(w.cnt);
	free(w.pos);
	free(w.list);
	return g0 < r->nitems ? -1 : 0;
}

/* Keep pair k as the best of edge a -> b when it is the most similar. */
static void
best_pair(struct run *r, uint32_t a, uint32_t b, size_t k)
{
	bool	 isnew;
	int64_t	*v;

	v = map64_get(&r->best, (uint64_t)a << 32 | b, (int64_t)k, &isnew);
	if (!isnew && r->sim->pairs[k].sim > r->sim->pairs[*v].sim)
		*v = (int64_t)k;
}

/*
 * Co-similar: the near-duplicate pairs of posts (neardup.h) by different
 * accounts, within the window unless it is 0, become matches of each
 * post with the other's account, as co-link's do.
 */
static int
similar_pairs(struct run *r, char **cause)
{
	struct neardup_opts		 no;
	const struct neardup_post	*pa, *pb;
	size_t				 i;
	uint32_t			 a, b;
	int64_t				 d;

	memset(&no, 0, sizeof no);
	no.shingle = r->o->shingle;
	no.threshold = r->o->threshold;
	no.restrict_table = r->o->restrict_table;
	no.since = r->o->since;
	no.until = r->o->until;
	no.window = r->o->window;
	no.other_accounts = true;
	no.progress = r->o->progress;
	no.progress_arg = r->o->progress_arg;
	if (neardup_run(r->c, &no, &r->sim, cause) != 0)
		return -1;
	for (i = 0; i < r->sim->npairs; i++) {
		pa = &r->sim->posts[r->sim->pairs[i].a];
		pb = &r->sim->posts[r->sim->pairs[i].b];
		if (pa->account == pb->account)
			continue;
		if (r->o->window > 0) {
			if (!pa->has_t || !pb->has_t)
				continue;
			d = pa->t > pb->t ? pa->t - pb->t : pb->t - pa->t;
			if (d > r->o->window)
				continue;
		}
		a = account_dense(r, pa->account);
		b = account_dense(r, pb->account);
		emit(r, a, b, pa->id);
		emit(r, b, a, pb->id);
		best_pair(r, a, b, i);
		best_pair(r, b, a, i);
	}
	return 0;
}

/* The best pair of edge a -> b, oriented so that post is a's. */
static void
edge_best(struct run *r, uint64_t key, struct coord_edge *e)
{
	const struct neardup_pair	*p;
	const struct neardup_post	*pa, *pb;
	size_t				 j;

	j = map64_find(&r->best, key);
	if (r->best.key[j] == MAP64_EMPTY)
		return;
	p = &r->sim->pairs[r->best.val[j]];
	pa = &r->sim->posts[p->a];
	pb = &r->sim->posts[p->b];
	if (pa->account != e->a) {
		const struct neardup_post *t = pa;

		pa = pb;
		pb = t;
	}
	e->post = pa->id;
	e->partner_post = pb->id;
	e->similarity = p->sim;
}

/* Co-link: turn the sorted matches into edge weights, one per post. */
static void
count_matches(struct run *r)
{
	struct match	*m = r->matches;
	size_t		 i;

	if (r->nmatches > 1)
		qsort(m, r->nmatches, sizeof *m, match_cmp);
	for (i = 0; i < r->nmatches; i++) {
		if (i > 0 && m[i].a == m[i - 1].a && m[i].b == m[i - 1].b &&
		    m[i].post == m[i - 1].post)
			continue;
		(*map64_get(&r->edges, (uint64_t)m[i].a << 32 | m[i].b, 0,
		    NULL))++;
	}
}

static int
edge_cmp(const void *va, const void *vb)
{
	const struct coord_edge	*a = va, *b = vb;

	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return 0;
}

static int
int64_cmp(const void *va, const void *vb)
{
	int64_t	a = *(const int64_t *)va, b = *(const int64_t *)vb;

	return a < b ? -1 : a > b;
}

static int
group_cmp(const void *va, const void *vb)
{
	const struct coord_group	*a = va, *b = vb;

	if (a->nmember != b->nmember)
		return a->nmember > b->nmember ? -1 : 1;
	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	if (a->member[0] != b->member[0])
		return a->member[0] < b->member[0] ? -1 : 1;
	return 0;
}

/* Index of id in the sorted accounts array. */
static size_t
account_index(const struct coord_result *res, int64_t id)
{
	size_t	lo = 0, hi = res->naccounts, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (res->accounts[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static char *
column_dup(sqlite3_stmt *st, int col)
{
	const char	*s = (const char *)sqlite3_column_text(st, col);

	if (s == NULL)
		return NULL;
	return xstrndup(s, (size_t)sqlite3_column_bytes(st, col));
}

/* Fill result->accounts with every account of an edge, and its names. */
static int
collect_accounts(struct run *r, struct coord_result *res, char **cause)
{
	sqlite3_stmt	*st;
	int64_t		*ids;
	size_t		 i, n = 0;
	int		 rc;

	ids = xreallocarray(NULL, res->nedges * 2 + 1, sizeof *ids);
	for (i = 0; i < res->nedges; i++) {
		ids[n++] = res->edges[i].a;
		ids[n++] = res->edges[i].b;
	}
	qsort(ids, n, sizeof *ids, int64_cmp);
	res->accounts = xcalloc(n + 1, sizeof *res->accounts);
	for (i = 0; i < n; i++) {
		if (i > 0 && ids[i] == ids[i - 1])
			continue;
		res->accounts[res->naccounts++].id = ids[i];
	}
	free(ids);

	for (i = 0; i < res->nedges; i++) {
		res->edges[i].ia = account_index(res, res->edges[i].a);
		res->edges[i].ib = account_index(res, res->edges[i].b);
	}

	if (sqlite3_prepare_v2(r->c->db, "SELECT native_id, handle FROM"
	    " accounts WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		return case_error(r->c, cause, "coordination");
	for (i = 0; i < res->naccounts; i++) {
		sqlite3_bind_int64(st, 1, res->accounts[i].id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			res->accounts[i].native_id = column_dup(st, 0);
			res->accounts[i].handle = column_dup(st, 1);
		} else if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return case_error(r->c, cause, "coordination");
		}
		if (res->accounts[i].native_id == NULL)
			res->accounts[i].native_id = xasprintf("%" PRId64,
			    res->accounts[i].id);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

/* Co-similar: the native ids of the posts each edge names. */
static int
collect_posts(struct run *r, struct coord_result *res, char **cause)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 k;

	if (sqlite3_prepare_v2(r->c->db, "SELECT native_id FROM posts WHERE"
	    " id = ?1", -1, &st, NULL) != SQLITE_OK)
		return case_error(r->c, cause, "coordination");
	for (i = 0; i < res->nedges; i++) {
		struct coord_edge *e = &res->edges[i];

		for (k = 0; k < 2; k++) {
			sqlite3_bind_int64(st, 1, k == 0 ? e->post :
			    e->partner_post);
			if (sqlite3_step(st) == SQLITE_ROW) {
				if (k == 0)
					e->post_native = column_dup(st, 0);
				else
					e->partner_native = column_dup(st, 0);
			}
			sqlite3_reset(st);
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static size_t
uf_find(size_t *parent, size_t x)
{
	size_t	root = x, next;

	while (parent[root] != root)
		root = parent[root];
	while (parent[x] != root) {
		next = parent[x];
		parent[x] = root;
		x = next;
	}
	return root;
}

/* Connected components of the edge graph, over result->accounts. */
static void
collect_groups(struct coord_result *res)
{
	size_t		*parent, *slot, i, ra, rb, root, g;
	struct coord_group *grp;

	if (res->naccounts == 0)
		return;
	parent = xreallocarray(NULL, res->naccounts, sizeof *parent);
	for (i = 0; i < res->naccounts; i++)
		parent[i] = i;
	for (i = 0; i < res->nedges; i++) {
		ra = uf_find(parent, res->edges[i].ia);
		rb = uf_find(parent, res->edges[i].ib);
		if (ra != rb)
			parent[ra > rb ? ra : rb] = ra < rb ? ra : rb;
	}

	slot = xreallocarray(NULL, res->naccounts, sizeof *slot);
	for (i = 0; i < res->naccounts; i++) {
		root = uf_find(parent, i);
		if (root == i)
			slot[i] = res->ngroups++;
	}
	res->groups = xcalloc(res->ngroups, sizeof *res->groups);
	for (i = 0; i < res->naccounts; i++)
		res->groups[slot[uf_find(parent, i)]].nmember++;
	for (g = 0; g < res->ngroups; g++) {
		grp = &res->groups[g];
		grp->member = xreallocarray(NULL, grp->nmember,
		    sizeof *grp->member);
		grp->nmember = 0;
	}
	for (i = 0; i < res->naccounts; i++) {
		grp = &res->groups[slot[uf_find(parent, i)]];
		grp->member[grp->nmember++] = i;
	}
	for (i = 0; i < res->nedges; i++) {
		grp = &res->groups[slot[uf_find(parent, res->edges[i].ia)]];
		grp->nedges++;
		grp->weight += res->edges[i].weight;
	}
	qsort(res->groups, res->ngroups, sizeof *res->groups, group_cmp);
	free(slot);
	free(parent);
}

static void
run_free(struct run *r)
{
	free(r->items);
	free(r->accid);
	free(r->matches);
	map64_free(&r->accmap);
	free(r->accdirect);
	map64_free(&r->edges);
	map64_free(&r->best);
	neardup_result_free(r->sim);
	intern_free(&r->keys);
}

/*
 * Build the network of o->kind over the case. Returns 0 with *out set, or
 * -1 with *cause set and *out untouched.
 */
int
coord_run(struct case_db *c, const struct coord_opts *o,
    struct coord_result **out, char **cause)
{
	struct run		 r;
	struct coord_result	*res;
	int64_t			 minw;
	uint64_t		 k, hubs;
	size_t			 i;
	bool			 txn;
	int			 rc;

	if (o->kind != COORD_POST && o->kind != COORD_LINK &&
	    o->kind != COORD_REPOST && o->kind != COORD_REPLY &&
	    o->kind != COORD_SIMILAR)
		return set_cause(cause, "unknown coordination kind %d",
		    (int)o->kind);
	if (o->window < 0)
		return set_cause(cause, "time window must not be negative");
	if (o->min_weight < 0)
		return set_cause(cause, "minimum edge weight must not be "
		    "negative");
	if (o->max_accounts < 0)
		return set_cause(cause, "maximum accounts per key must not be "
		    "negative");
	if (o->restrict_table != NULL &&
	    !case_table_name_ok(o->restrict_table))
		return set_cause(cause, "bad table name: %s",
		    o->restrict_table);
	minw = o->min_weight > 0 ? o->min_weight : 1;

	memset(&r, 0, sizeof r);
	r.c = c;
	r.o = o;
	map64_init(&r.accmap, 1024);
	map64_init(&r.edges, 1024);
	map64_init(&r.best, 1024);
	intern_init(&r.keys);
	account_table(&r);

	if (o->kind == COORD_SIMILAR) {
		if (similar_pairs(&r, cause) != 0)
			goto fail;
		r.nitems = r.sim->nposts;
		k = r.sim->npairs;
		hubs = r.sim->lsh.huge_buckets;
	} else {
		if (read_items(&r, cause) != 0)
			goto fail;
		if (r.nacc > UINT32_MAX - 1) {
			set_cause(cause, "too many accounts for coordination");
			goto fail;
		}
		if (r.nitems > 1)
			qsort(r.items, r.nitems, sizeof *r.items, item_cmp);
		if (sweep(&r, &k, &hubs, cause) != 0)
			goto fail;
	}
	if (o->kind == COORD_LINK || o->kind == COORD_SIMILAR)
		count_matches(&r);

	res = xcalloc(1, sizeof *res);
	res->kind = o->kind;
	res->window = o->window;
	res->min_weight = minw;
	res->nposts = r.nitems;
	res->nkeys = k;
	res->nhubs = hubs;
	res->short_texts = r.sim != NULL ? r.sim->short_texts : 0;
	res->edges = xcalloc(r.edges.n + 1, sizeof *res->edges);
	for (i = 0; i < r.edges.cap; i++) {
		struct coord_edge *e;

		if (r.edges.key[i] == MAP64_EMPTY || r.edges.val[i] < minw)
			continue;
		e = &res->edges[res->nedges++];
		e->a = r.accid[r.edges.key[i] >> 32];
		e->b = r.accid[r.edges.key[i] & 0xffffffffU];
		e->weight = r.edges.val[i];
		if (o->kind == COORD_SIMILAR)
			edge_best(&r, r.edges.key[i], e);
	}
	qsort(res->edges, res->nedges, sizeof *res->edges, edge_cmp);
	run_free(&r);

	/* One read transaction for the many small reads. */
	txn = sqlite3_get_autocommit(c->db) != 0 &&
	    sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
	rc = collect_accounts(&r, res, cause) != 0 ||
	    (o->kind == COORD_SIMILAR && collect_posts(&r, res, cause) != 0);
	if (txn)
		sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
	if (rc != 0) {
		coord_result_free(res);
		return -1;
	}
	collect_groups(res);
	*out = res;
	return 0;

fail:
	run_free(&r);
	return -1;
}

void
coord_result_free(struct coord_result *res)
{
	size_t	i;

	if (res == NULL)
		return;
	for (i = 0; i < res->naccounts; i++) {
		free(res->accounts[i].native_id);
		free(res->accounts[i].handle);
	}
	for (i = 0; i < res->ngroups; i++)
		free(res->groups[i].member);
	for (i = 0; i < res->nedges; i++) {
		free(res->edges[i].post_native);
		free(res->edges[i].partner_native);
	}
	free(res->accounts);
	free(res->edges);
	free(res->groups);
	free(res);
}

static const struct {
	const char	*name;
	enum coord_kind	 kind;
} coord_names[] = {
	{ "co-post", COORD_POST },
	{ "co-link", COORD_LINK },
	{ "co-repost", COORD_REPOST },
	{ "co-reply", COORD_REPLY },
	{ "co-similar", COORD_SIMILAR },
	{ "co-tweet", COORD_POST },
	{ "co-retweet", COORD_REPOST },
};

const char *
coord_kind_name(enum coord_kind kind)
{
	size_t	i;

	for (i = 0; i < nitems(coord_names); i++) {
		if (coord_names[i].kind == kind)
			return coord_names[i].name;
	}
	return "unknown";
}

bool
coord_kind_parse(const char *s, enum coord_kind *kind)
{
	char	norm[32];
	size_t	i, n = 0;

	if (ascii_tolower(s[0]) != 'c' || ascii_tolower(s[1]) != 'o')
		return false;
	norm[n++] = 'c';
	norm[n++] = 'o';
	norm[n++] = '-';
	for (s += 2, i = 0; s[i] != '\0'; i++) {
		if (i == 0 && (s[i] == '-' || s[i] == '_'))
			continue;
		if (n + 1 >= sizeof norm)
			return false;
		norm[n++] = (char)ascii_tolower((unsigned char)s[i]);
	}
	norm[n] = '\0';
	for (i = 0; i < nitems(coord_names); i++) {
		if (strcmp(norm, coord_names[i].name) == 0) {
			*kind = coord_names[i].kind;
			return true;
		}
	}
	return false;
}

/* Case text for a terminal: one line, controls and bidi made visible. */
static void
put_text(FILE *fp, const char *s)
{
	struct buf	b = BUF_INIT;

	sanitize(s, strlen(s), SANITIZE_ONELINE, &b);
	if (b.data != NULL)
		fputs(b.data, fp);
	buf_free(&b);
}

static void
put_csv(FILE *fp, const char *s)
{
	const char	*p;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	fputc('"', fp);
}

/* A JSON string. Case text is valid UTF-8 (utf8.h), so only quotes,
 * backslashes and controls need escaping. */
static void
put_json(FILE *fp, const char *s)
{
	const unsigned char	*p;

	fputc('"', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\u%04x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

static const char *
native(const struct coord_result *res, size_t i)
{
	return res->accounts[i].native_id;
}

int
coord_print_edges(FILE *fp, const struct coord_result *res,
    enum coord_format fmt)
{
	const struct coord_edge	*e;
	size_t			 i;

	switch (fmt) {
	case COORD_FORMAT_TEXT:
		if (res->kind == COORD_SIMILAR && res->window == 0)
			fprintf(fp, "%s, any time apart", coord_kind_name(
			    res->kind));
		else
			fprintf(fp, "%s, window %" PRId64 " s",
			    coord_kind_name(res->kind), res->window);
		fprintf(fp, ", min weight %" PRId64 ": %zu edges, %zu "
		    "accounts, %zu groups", res->min_weight, res->nedges,
		    res->naccounts, res->ngroups);
		if (res->kind == COORD_SIMILAR && res->short_texts > 0)
			fprintf(fp, "; %zu texts too short to compare",
			    res->short_texts);
		fputc('\n', fp);
		for (i = 0; i < res->nedges; i++) {
			e = &res->edges[i];
			fprintf(fp, "%8" PRId64 "  ", e->weight);
			put_text(fp, native(res, e->ia));
			fputs(" -> ", fp);
			put_text(fp, native(res, e->ib));
			if (e->post_native != NULL &&
			    e->partner_native != NULL) {
				fputs("  (post ", fp);
				put_text(fp, e->post_native);
				fputs(" ~ ", fp);
				put_text(fp, e->partner_native);
				fprintf(fp, ", %.2f)", e->similarity);
			}
			fputc('\n', fp);
		}
		break;
	case COORD_FORMAT_CSV:
		fputs("user_1,user_2,weight\n", fp);
		for (i = 0; i < res->nedges; i++) {
			e = &res->edges[i];
			put_csv(fp, native(res, e->ia));
			fputc(',', fp);
			put_csv(fp, native(res, e->ib));
			fprintf(fp, ",%" PRId64 "\n", e->weight);
		}
		break;
	case COORD_FORMAT_JSON:
		fprintf(fp, "{\"kind\":\"%s\",\"window\":%" PRId64
		    ",\"min_weight\":%" PRId64 ",\"edges\":[",
		    coord_kind_name(res->kind), res->window, res->min_weight);
		for (i = 0; i < res->nedges; i++) {
			e = &res->edges[i];
			fputs(i > 0 ? ",\n{\"user_1\":" : "\n{\"user_1\":", fp);
			put_json(fp, native(res, e->ia));
			fputs(",\"user_2\":", fp);
			put_json(fp, native(res, e->ib));
			fprintf(fp, ",\"id_1\":%" PRId64 ",\"id_2\":%" PRId64
			    ",\"weight\":%" PRId64, e->a, e->b, e->weight);
			if (e->post_native != NULL &&
			    e->partner_native != NULL) {
				fputs(",\"post_1\":", fp);
				put_json(fp, e->post_native);
				fputs(",\"post_2\":", fp);
				put_json(fp, e->partner_native);
				fprintf(fp, ",\"similarity\":%.4f",
				    e->similarity);
			}
			fputc('}', fp);
		}
		fputs("]}\n", fp);
		break;
	}
	return ferror(fp) ? -1 : 0;
}

int
coord_print_groups(FILE *fp, const struct coord_result *res,
    enum coord_format fmt)
{
	const struct coord_group	*g;
	size_t				 i, j;

	switch (fmt) {
	case COORD_FORMAT_TEXT:
		for (i = 0; i < res->ngroups; i++) {
			g = &res->groups[i];
			fprintf(fp, "group %zu: %zu accounts, %zu edges, "
			    "weight %" PRId64 "\n", i + 1, g->nmember,
			    g->nedges, g->weight);
			for (j = 0; j < g->nmember; j++) {
				fputs("  ", fp);
				put_text(fp, native(res, g->member[j]));
				fputc('\n', fp);
			}
		}
		break;
	case COORD_FORMAT_CSV:
		fputs("group,user,size,edges,weight\n", fp);
		for (i = 0; i < res->ngroups; i++) {
			g = &res->groups[i];
			for (j = 0; j < g->nmember; j++) {
				fprintf(fp, "%zu,", i + 1);
				put_csv(fp, native(res, g->member[j]));
				fprintf(fp, ",%zu,%zu,%" PRId64 "\n",
				    g->nmember, g->nedges, g->weight);
			}
		}
		break;
	case COORD_FORMAT_JSON:
		fprintf(fp, "{\"kind\":\"%s\",\"groups\":[",
		    coord_kind_name(res->kind));
		for (i = 0; i < res->ngroups; i++) {
			g = &res->groups[i];
			fprintf(fp, "%s\n{\"size\":%zu,\"edges\":%zu,"
			    "\"weight\":%" PRId64 ",\"members\":[",
			    i > 0 ? "," : "", g->nmember, g->nedges,
			    g->weight);
			for (j = 0; j < g->nmember; j++) {
				if (j > 0)
					fputc(',', fp);
				put_json(fp, native(res, g->member[j]));
			}
			fputs("]}", fp);
		}
		fputs("]}\n", fp);
		break;
	}
	return ferror(fp) ? -1 : 0;
}
