/*
 * detect.c: candidate networks as connected components of accounts that
 * share attribute values, found by one streamed scan per kind and
 * union-find over arrays indexed by account id; plus their evidence,
 * density, ranking, printing, and scoring against planted truth.
 *
 * The scan reads (value, account_id) rows of one kind in value order from
 * the attributes primary key, so one value's accounts arrive together:
 * they are collected into a reusable array, and at the next value either
 * joined (2..max_share accounts) or reported as a hub. Only joined groups
 * are kept, as account slots in one array and value bytes in one arena,
 * for the evidence and the density of the networks that survive.
 */
#include "config.h"
#include "detect.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "case.h"
#include "coord.h"
#include "hamming.h"
#include "normalize.h"
#include "result.h"
#include "sanitize.h"
#include "util.h"

const char *const detect_default_kinds[] = {
	"phone", "email", "ip", "device", "avatar_hash", "payment",
	"page_admin", "url",
};
const size_t detect_ndefault_kinds = nitems(detect_default_kinds);

/*
 * Kinds derived from another kind: sharing both says no more than sharing
 * the first, so they count as one independent kind in the ranking.
 */
static const struct {
	const char	*kind;
	const char	*family;
} detect_families[] = {
	{ "ip24", "ip" },
	{ "ip48", "ip" },
	{ "email_domain", "email" },
	{ "domain", "url" },
};

/* Above this max(id), check that ids are dense enough to index by. */
#define DETECT_DIRECT_IDS	(1 << 24)
#define DETECT_NONE		UINT32_MAX
#define DETECT_PROGRESS_MASK	0xffff
#define DETECT_TABLE_MEMBERS	20
#define DETECT_TABLE_HUBS	20
/* Read all accounts in order, not one by one, when 1 in this many is a
 * member. */
#define DETECT_MERGE_SHARE	16
#define DETECT_BLOCK		65536

/* One value shared by 2..max_share accounts. */
struct detect_group {
	uint32_t	 kind;		/* index in result->kinds */
	uint32_t	 k;		/* accounts */
	size_t		 members;	/* offset in ctx->gm */
	size_t		 value;		/* offset in ctx->arena */
	size_t		 len;
};

struct detect_ctx {
	struct case_db		 *c;
	struct detect_result	 *res;
	size_t			  top_values;
	int			(*progress)(void *, int64_t);
	void			 *progress_arg;
	bool			  first_handles_only;

	/* Account slots: the id itself, or an index into ids when sparse. */
	uint32_t		  nslots;
	int64_t			 *ids;
	uint32_t		 *parent;
	uint32_t		 *size;

	/* The value group being read. */
	struct buf		  cur;
	bool			  have_cur;
	uint32_t		 *cur_slots;
	size_t			  cur_n;	/* may exceed what is kept */
	size_t			  cur_cap;

	/* Joined groups. */
	struct detect_group	 *groups;
	size_t			  ngroups;
	size_t			  groups_cap;
	uint32_t		 *gm;
	size_t			  ngm;
	size_t			  gm_cap;
	struct buf		  arena;

	size_t			  hubs_cap;
	uint64_t		  budget;	/* density steps left */

	/* Every member of every network, in id order. */
	struct detect_member	**order;
	size_t			  norder;
};

static uint32_t
uf_find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static void
uf_union(uint32_t *parent, uint32_t *size, uint32_t a, uint32_t b)
{
	uint32_t	t;

	a = uf_find(parent, a);
	b = uf_find(parent, b);
	if (a == b)
		return;
	if (size[a] < size[b]) {
		t = a;
		a = b;
		b = t;
	}
	parent[b] = a;
	size[a] += size[b];
}

static int64_t
slot_id(const struct detect_ctx *x, uint32_t slot)
{
	return x->ids != NULL ? x->ids[slot] : (int64_t)slot;
}

static bool
slot_of(const struct detect_ctx *x, int64_t id, uint32_t *slot)
{
	size_t	lo, hi, mid;

	if (x->ids == NULL) {
		if (id < 0 || id >= (int64_t)x->nslots)
			return false;
		*slot = (uint32_t)id;
		return true;
	}
	lo = 0;
	hi = x->nslots;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (x->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == x->nslots || x->ids[lo] != id)
		return false;
	*slot = (uint32_t)lo;
	return true;
}

/*
 * One integer from a query with no parameters; -1 with *cause set on
 * error. A NULL result reads as 0 with *isnull set.
 */
static int
query_int(struct case_db *c, const char *sql, int64_t *v, bool *isnull,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	*v = 0;
	*isnull = true;
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "cannot read accounts");
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return case_error(c, cause, "cannot read accounts");
	}
	*isnull = sqlite3_column_type(st, 0) == SQLITE_NULL;
	*v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/*
 * Size the union-find arrays. Ids index them directly unless they are
 * too sparse for that, when a sorted copy of the ids maps id to slot.
 */
static int
slots_init(struct detect_ctx *x, char **cause)
{
	struct case_db	*c = x->c;
	sqlite3_stmt	*st;
	int64_t		 max_id, count;
	bool		 isnull;
	uint32_t	 i;
	int		 rc;

	if (query_int(c, "SELECT max(id) FROM accounts", &max_id, &isnull,
	    cause) != 0)
		return -1;
	if (isnull || max_id < 0)
		max_id = -1;
	if (max_id < DETECT_DIRECT_IDS)
		x->nslots = (uint32_t)(max_id + 1);
	else {
		if (query_int(c, "SELECT count(*) FROM accounts", &count,
		    &isnull, cause) != 0)
			return -1;
		if (count >= (int64_t)UINT32_MAX)
			return set_cause(cause, "too many accounts for "
			    "network detection (%lld)", (long long)count);
		if (max_id < (int64_t)UINT32_MAX && max_id / 4 <= count)
			x->nslots = (uint32_t)(max_id + 1);
		else {
			x->ids = xreallocarray(NULL, (size_t)count + 1,
			    sizeof *x->ids);
			if (sqlite3_prepare_v2(c->db,
			    "SELECT id FROM accounts ORDER BY id", -1, &st,
			    NULL) != SQLITE_OK)
				return case_error(c, cause,
				    "cannot read accounts");
			while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
			    x->nslots < (uint32_t)count)
				x->ids[x->nslots++] = sqlite3_column_int64(st,
				    0);
			sqlite3_finalize(st);
			if (rc != SQLITE_ROW && rc != SQLITE_DONE)
				return case_error(c, cause,
				    "cannot read accounts");
		}
	}
	x->parent = xreallocarray(NULL, (size_t)x->nslots + 1,
	    sizeof *x->parent);
	x->size = xreallocarray(NULL, (size_t)x->nslots + 1, sizeof *x->size);
	for (i = 0; i < x->nslots; i++) {
		x->parent[i] = i;
		x->size[i] = 1;
	}
	return 0;
}

static void
add_hub(struct detect_ctx *x, uint32_t kind)
{
	struct detect_result	*r = x->res;
	struct detect_hub	*h;

	if (r->nhubs == x->hubs_cap) {
		x->hubs_cap = x->hubs_cap == 0 ? 16 : x->hubs_cap * 2;
		r->hubs = xreallocarray(r->hubs, x->hubs_cap, sizeof *r->hubs);
	}
	h = &r->hubs[r->nhubs++];
	h->kind = r->kinds[kind];
	h->value = xmalloc(x->cur.len + 1);
	memcpy(h->value, x->cur.data, x->cur.len);
	h->value[x->cur.len] = '\0';
	h->accounts = (int64_t)x->cur_n;
}

/* Finish the value group being read: join it, keep it, or call it a hub. */
static void
flush_group(struct detect_ctx *x, uint32_t kind)
{
	struct detect_group	*g;
	size_t			 i, k = x->cur_n;

	if (!x->have_cur || k < 2)
		return;
	if ((int64_t)k > x->res->max_share) {
		add_hub(x, kind);
		return;
	}
	for (i = 1; i < k; i++)
		uf_union(x->parent, x->size, x->cur_slots[0],
		    x->cur_slots[i]);

	if (x->ngroups == x->groups_cap) {
		x->groups_cap = x->groups_cap == 0 ? 1024 : x->groups_cap * 2;
		x->groups = xreallocarray(x->groups, x->groups_cap,
		    sizeof *x->groups);
	}
	if (x->ngm + k > x->gm_cap) {
		while (x->ngm + k > x->gm_cap)
			x->gm_cap = x->gm_cap == 0 ? 4096 : x->gm_cap * 2;
		x->gm = xreallocarray(x->gm, x->gm_cap, sizeof *x->gm);
	}
	g = &x->groups[x->ngroups++];
	g->kind = kind;
	g->k = (uint32_t)k;
	g->members = x->ngm;
	g->value = x->arena.len;
	g->len = x->cur.len;
	memcpy(x->gm + x->ngm, x->cur_slots, k * sizeof *x->gm);
	x->ngm += k;
	buf_add(&x->arena, x->cur.data, x->cur.len);
	x->res->shared_values++;
}

/* Keep slot as a member of the group being built (the value group in x->cur). */
static void
cur_add(struct detect_ctx *x, uint32_t slot)
{
	if ((int64_t)x->cur_n <= x->res->max_share) {
		if (x->cur_n == x->cur_cap) {
			x->cur_cap = x->cur_cap ? x->cur_cap * 2 : 64;
			x->cur_slots = xreallocarray(x->cur_slots, x->cur_cap,
			    sizeof *x->cur_slots);
		}
		x->cur_slots[x->cur_n] = slot;
	}
	x->cur_n++;
}

/* Stream one kind's rows in value order and join each value's accounts. */
static int
scan_kind(struct detect_ctx *x, sqlite3_stmt *st, uint32_t kind,
    char **cause)
{
	struct detect_result	*r = x->res;
	const unsigned char	*v;
	size_t			 len, keep;
	int64_t			 id;
	uint32_t		 slot;
	int			 rc;

	keep = r->max_share < 1024 ? (size_t)r->max_share + 1 : 1024;
	if (x->cur_cap < keep) {
		x->cur_cap = keep;
		x->cur_slots = xreallocarray(x->cur_slots, x->cur_cap,
		    sizeof *x->cur_slots);
	}
	sqlite3_reset(st);
	if (sqlite3_bind_text(st, 1, r->kinds[kind], -1, SQLITE_STATIC) !=
	    SQLITE_OK)
		return case_error(x->c, cause, "cannot scan attributes");
	x->have_cur = false;
	x->cur_n = 0;
	buf_clear(&x->cur);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((++r->rows & DETECT_PROGRESS_MASK) == 0 &&
		    x->progress != NULL &&
		    x->progress(x->progress_arg, r->rows) != 0) {
			sqlite3_reset(st);
			return set_cause(cause, "cancelled");
		}
		v = sqlite3_column_text(st, 0);
		len = (size_t)sqlite3_column_bytes(st, 0);
		if (v == NULL || len == 0)
			continue;	/* sharing nothing links nobody */
		if (!x->have_cur || len != x->cur.len ||
		    memcmp(v, x->cur.data, len) != 0) {
			flush_group(x, kind);
			buf_clear(&x->cur);
			buf_add(&x->cur, v, len);
			x->have_cur = true;
			x->cur_n = 0;
		}
		id = sqlite3_column_int64(st, 1);
		if (!slot_of(x, id, &slot))
			continue;	/* no such account */
		cur_add(x, slot);
	}
	if (rc != SQLITE_DONE) {
		sqlite3_reset(st);
		return case_error(x->c, cause, "cannot scan attributes");
	}
	flush_group(x, kind);
	sqlite3_reset(st);
	return 0;
}

static void
cur_start(struct detect_ctx *x, const char *value)
{
	buf_clear(&x->cur);
	buf_adds(&x->cur, value);
	x->have_cur = true;
	x->cur_n = 0;
}

/*
 * "KIND~N": each distinct hash of KIND, with every account holding a
 * hash within N bits of it, is one value group (hub rule included), found
 * through a multi-index Hamming index.
 */
static int
scan_near_hash(struct detect_ctx *x, uint32_t kind, const char *base,
    int within, char **cause)
{
	sqlite3_stmt		*st;
	struct hamming_index	*ix;
	struct hamming_matches	 m = HAMMING_MATCHES_INIT;
	uint64_t		*h = NULL, v;
	uint32_t		*slots = NULL, slot;
	size_t			*off = NULL, nh = 0, ns = 0, hcap = 0, scap = 0;
	size_t			 i, j, t;
	const char		*s;
	char			 hex[17];
	int			 rc;

	if (sqlite3_prepare_v2(x->c->db, "SELECT value, account_id FROM"
	    " attributes WHERE kind = ?1 ORDER BY value", -1, &st, NULL) !=
	    SQLITE_OK)
		return case_error(x->c, cause, "cannot scan attributes");
	sqlite3_bind_text(st, 1, base, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		x->res->rows++;
		s = (const char *)sqlite3_column_text(st, 0);
		if (s == NULL || !hamming_parse(s, &v, NULL) ||
		    !slot_of(x, sqlite3_column_int64(st, 1), &slot))
			continue;
		if (nh == 0 || h[nh - 1] != v) {
			if (nh + 1 >= hcap) {
				hcap = hcap ? hcap * 2 : 1024;
				h = xreallocarray(h, hcap, sizeof *h);
				off = xreallocarray(off, hcap + 1,
				    sizeof *off);
			}
			off[nh] = ns;
			h[nh++] = v;
		}
		if (ns == scap) {
			scap = scap ? scap * 2 : 1024;
			slots = xreallocarray(slots, scap, sizeof *slots);
		}
		slots[ns++] = slot;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rc = case_error(x->c, cause, "cannot scan attributes");
		goto out;
	}
	if (nh == 0) {
		rc = 0;
		goto out;
	}
	off[nh] = ns;
	if ((ix = hamming_index_new(h, nh, within, cause)) == NULL) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < nh; i++) {
		hamming_query(ix, h[i], within, &m);
		hamming_format(h[i], hex);
		cur_start(x, hex);
		for (j = 0; j < m.n; j++) {
			t = m.m[j].index;
			for (slot = 0; off[t] + slot < off[t + 1]; slot++)
				cur_add(x, slots[off[t] + slot]);
		}
		flush_group(x, kind);
	}
	hamming_index_free(ix);
	rc = 0;
out:
	hamming_matches_free(&m);
	free(h);
	free(off);
	free(slots);
	return rc;
}

static int
u64_cmp(const void *va, const void *vb)
{
	uint64_t	a = *(const uint64_t *)va, b = *(const uint64_t *)vb;

	return a < b ? -1 : a > b;
}

/*
 * "co-similar[:J]": the pairs of accounts that near-duplicate-posts ties
 * (coord.h co-similar, threshold J, default 0.6, within an hour, at least
 * two posts), each pair a value group named after its most similar pair
 * of posts.
 */
static int
scan_similar(struct detect_ctx *x, uint32_t kind, double t, char **cause)
{
	struct coord_opts	 o;
	struct coord_result	*cr;
	const struct coord_edge	*e;
	uint64_t		*pairs, key;
	uint32_t		 sa, sb;
	size_t			 i;
	char			 label[256];

	memset(&o, 0, sizeof o);
	o.kind = COORD_SIMILAR;
	o.threshold = t;
	o.window = 3600;
	o.min_weight = 2;
	if (coord_run(x->c, &o, &cr, cause) != 0)
		return -1;
	/* One group per pair: from the lower id, unless that direction fell
	 * under min_weight. */
	pairs = xreallocarray(NULL, cr->nedges + 1, sizeof *pairs);
	for (i = 0; i < cr->nedges; i++)
		pairs[i] = (uint64_t)cr->edges[i].ia << 32 | cr->edges[i].ib;
	qsort(pairs, cr->nedges, sizeof *pairs, u64_cmp);
	for (i = 0; i < cr->nedges; i++) {
		e = &cr->edges[i];
		key = (uint64_t)e->ib << 32 | e->ia;
		if (e->a > e->b && bsearch(&key, pairs, cr->nedges,
		    sizeof *pairs, u64_cmp) != NULL)
			continue;
		if (!slot_of(x, e->a, &sa) || !slot_of(x, e->b, &sb))
			continue;
		snprintf(label, sizeof label, "%s ~ %s (%.2f)",
		    e->post_native != NULL ? e->post_native : "?",
		    e->partner_native != NULL ? e->partner_native : "?",
		    e->similarity);
		cur_start(x, label);
		cur_add(x, sa);
		cur_add(x, sb);
		flush_group(x, kind);
	}
	x->res->rows += (int64_t)cr->nposts;
	free(pairs);
	coord_result_free(cr);
	return 0;
}

/* Scan a kind: an attribute kind, "KIND~N" or "co-similar[:J]". */
static int
scan_any(struct detect_ctx *x, sqlite3_stmt *st, uint32_t k, char **cause)
{
	const char	*kind = x->res->kinds[k], *tilde;
	char		 base[64];
	int64_t		 n;
	double		 t = 0.6;

	if (strncmp(kind, "co-similar", 10) == 0) {
		if (kind[10] != '\0' && (kind[10] != ':' ||
		    !parse_double(kind + 11, &t) || !(t > 0 && t <= 1)))
			return set_cause(cause, "%s: use co-similar or "
			    "co-similar:J, J a similarity above 0 and at "
			    "most 1", kind);
		return scan_similar(x, k, t, cause);
	}
	if ((tilde = strchr(kind, '~')) != NULL) {
		if ((size_t)(tilde - kind) >= sizeof base)
			return set_cause(cause, "%s: kind too long", kind);
		memcpy(base, kind, (size_t)(tilde - kind));
		base[tilde - kind] = '\0';
		if (!norm_kind_is_phash(base) || !parse_int64(tilde + 1, &n) ||
		    n < 0 || n > HAMMING_MAX_K)
			return set_cause(cause, "%s: KIND~N takes a "
			    "perceptual-hash kind (avatar_phash, *_phash, "
			    "*_dhash) and N bits from 0 to %d", kind,
			    HAMMING_MAX_K);
		return scan_near_hash(x, k, base, (int)n, cause);
	}
	return scan_kind(x, st, k, cause);
}

/* A reference to one group for sorting a network's evidence. */
struct detect_gref {
	uint32_t	 kind;
	uint32_t	 k;
	const char	*value;
	size_t		 len;
};

static int
gref_cmp(const void *va, const void *vb)
{
	const struct detect_gref	*a = va, *b = vb;
	size_t				 n;
	int				 d;

	if (a->k != b->k)
		return a->k > b->k ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	n = a->len < b->len ? a->len : b->len;
	if ((d = memcmp(a->value, b->value, n)) != 0)
		return d;
	return (a->len > b->len) - (a->len < b->len);
}

static const char *
kind_family(const char *kind)
{
	size_t	i;

	for (i = 0; i < nitems(detect_families); i++) {
		if (strcmp(detect_families[i].kind, kind) == 0)
			return detect_families[i].family;
	}
	return kind;
}

/* Scratch arrays reused across networks while building evidence. */
struct detect_scratch {
	uint32_t	*pos;		/* slot -> index in its network */
	uint32_t	*seen;		/* index -> stamp */
	uint32_t	 stamp;
	size_t		*start;		/* index -> first of its groups */
	size_t		*fill;
	size_t		*adj;		/* groups of each member, by index */
	size_t		 cap;
	size_t		 adj_cap;
	struct detect_gref *refs;
	size_t		 refs_cap;
};

static uint32_t
next_stamp(struct detect_scratch *s, size_t n)
{
	if (++s->stamp == 0) {
		memset(s->seen, 0, n * sizeof *s->seen);
		s->stamp = 1;
	}
	return s->stamp;
}

/* Kinds that tie the network, with values and members per kind. */
static void
network_kinds(struct detect_ctx *x, struct detect_network *n,
    const size_t *gl, size_t ng, struct detect_scratch *s)
{
	struct detect_result	*r = x->res;
	const struct detect_group *g;
	const char		**fam;
	size_t			 i, j, m, nfam = 0;
	uint32_t		 stamp = 0, idx;
	int64_t			 last = -1;

	n->kinds = xcalloc(r->nkinds, sizeof *n->kinds);
	for (i = 0; i < ng; i++) {
		g = &x->groups[gl[i]];
		if ((int64_t)g->kind != last) {
			last = g->kind;
			stamp = next_stamp(s, n->size);
			n->kinds[n->nkinds++].kind = r->kinds[g->kind];
		}
		n->kinds[n->nkinds - 1].values++;
		for (m = 0; m < g->k; m++) {
			idx = s->pos[x->gm[g->members + m]];
			if (s->seen[idx] != stamp) {
				s->seen[idx] = stamp;
				n->kinds[n->nkinds - 1].accounts++;
			}
		}
	}
	fam = xcalloc(n->nkinds + 1, sizeof *fam);
	for (i = 0; i < n->nkinds; i++) {
		const char *f = kind_family(n->kinds[i].kind);

		for (j = 0; j < nfam; j++) {
			if (strcmp(fam[j], f) == 0)
				break;
		}
		if (j == nfam)
			fam[nfam++] = f;
	}
	n->families = nfam;
	free(fam);
}

/* The top values, most shared first. */
static void
network_values(struct detect_ctx *x, struct detect_network *n,
    const size_t *gl, size_t ng, struct detect_scratch *s)
{
	struct detect_result	*r = x->res;
	const struct detect_group *g;
	struct detect_value	*v;
	size_t			 i;

	if (ng > s->refs_cap) {
		s->refs_cap = ng;
		s->refs = xreallocarray(s->refs, s->refs_cap, sizeof *s->refs);
	}
	for (i = 0; i < ng; i++) {
		g = &x->groups[gl[i]];
		s->refs[i].kind = g->kind;
		s->refs[i].k = g->k;
		s->refs[i].value = x->arena.data + g->value;
		s->refs[i].len = g->len;
	}
	if (ng > 1)
		qsort(s->refs, ng, sizeof *s->refs, gref_cmp);
	n->values_total = (int64_t)ng;
	n->nvalues = ng < x->top_values ? ng : x->top_values;
	n->values = xcalloc(n->nvalues, sizeof *n->values);
	for (i = 0; i < n->nvalues; i++) {
		v = &n->values[i];
		v->kind = r->kinds[s->refs[i].kind];
		v->value = xmalloc(s->refs[i].len + 1);
		memcpy(v->value, s->refs[i].value, s->refs[i].len);
		v->value[s->refs[i].len] = '\0';
		v->accounts = s->refs[i].k;
	}
}

/*
 * Count linked pairs: for each member, the distinct members it shares a
 * value with. Falls back to an upper bound when the work would pass the
 * run's budget.
 */
static void
network_density(struct detect_ctx *x, struct detect_network *n,
    const size_t *gl, size_t ng, struct detect_scratch *s)
{
	const struct detect_group *g;
	double			 possible, bound = 0;
	uint64_t		 work = 0, pairs2 = 0;
	size_t			 i, a, e, m, total = 0;
	uint32_t		 stamp, idx;

	possible = (double)n->size * (double)(n->size - 1) / 2;
	for (i = 0; i < ng; i++) {
		g = &x->groups[gl[i]];
		work += (uint64_t)g->k * g->k;
		total += g->k;
		bound += (double)g->k * (double)(g->k - 1) / 2;
		if (g->k == n->size) {
			n->linked_pairs = (int64_t)possible;
			n->density = 1.0;
			n->density_exact = true;
			return;
		}
	}
	if (work > x->budget) {
		n->linked_pairs = -1;
		n->density = bound >= possible ? 1.0 : bound / possible;
		n->density_exact = false;
		return;
	}
	x->budget -= work;

	/* Each member's groups, as a compressed adjacency list (allocated
	 * on first use even if empty, so it is never NULL below). */
	if (s->adj == NULL || total > s->adj_cap) {
		s->adj_cap = total;
		s->adj = xreallocarray(s->adj, s->adj_cap, sizeof *s->adj);
	}
	memset(s->start, 0, (n->size + 1) * sizeof *s->start);
	for (i = 0; i < ng; i++) {
		g = &x->groups[gl[i]];
		for (m = 0; m < g->k; m++)
			s->start[s->pos[x->gm[g->members + m]] + 1]++;
	}
	for (a = 0; a < n->size; a++) {
		s->start[a + 1] += s->start[a];
		s->fill[a] = s->start[a];
	}
	for (i = 0; i < ng; i++) {
		g = &x->groups[gl[i]];
		for (m = 0; m < g->k; m++) {
			idx = s->pos[x->gm[g->members + m]];
			s->adj[s->fill[idx]++] = gl[i];
		}
	}
	for (a = 0; a < n->size; a++) {
		stamp = next_stamp(s, n->size);
		s->seen[a] = stamp;
		for (e = s->start[a]; e < s->start[a + 1]; e++) {
			g = &x->groups[s->adj[e]];
			for (m = 0; m < g->k; m++) {
				idx = s->pos[x->gm[g->members + m]];
				if (s->seen[idx] != stamp) {
					s->seen[idx] = stamp;
					pairs2++;
				}
			}
		}
	}
	n->linked_pairs = (int64_t)(pairs2 / 2);
	n->density = possible > 0 ? (double)n->linked_pairs / possible : 0;
	n->density_exact = true;
}

static int
network_cmp(const void *va, const void *vb)
{
	const struct detect_network	*a = va, *b = vb;

	if (a->families != b->families)
		return a->families > b->families ? -1 : 1;
	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	if (a->density != b->density)
		return a->density > b->density ? -1 : 1;
	return (a->members[0].id > b->members[0].id) -
	    (a->members[0].id < b->members[0].id);
}

static int
hub_cmp(const void *va, const void *vb)
{
	const struct detect_hub	*a = va, *b = vb;
	int			 d;

	if (a->accounts != b->accounts)
		return a->accounts > b->accounts ? -1 : 1;
	if ((d = strcmp(a->kind, b->kind)) != 0)
		return d;
	return strcmp(a->value, b->value);
}

/*
 * Turn components of min_size or more into networks: members in id
 * order, their groups bucketed by network (keeping kind-then-value scan
 * order), then evidence and density for each.
 */
static void
build_networks(struct detect_ctx *x)
{
	struct detect_result	*r = x->res;
	struct detect_scratch	 s;
	struct detect_network	*n;
	uint32_t		*net, slot, root, ni;
	size_t			*gstart, *gfill, *glist, i, maxsize = 0;

	/*
	 * Only a shared value (a group) joins accounts: with no groups every
	 * account is alone and there is no network to build.
	 */
	if (x->ngroups == 0)
		return;
	memset(&s, 0, sizeof s);
	net = xreallocarray(NULL, (size_t)x->nslots + 1, sizeof *net);
	for (slot = 0; slot < x->nslots; slot++) {
		net[slot] = DETECT_NONE;
		if (x->parent[slot] != slot || x->size[slot] < 2)
			continue;
		r->linked_accounts += x->size[slot];
		if ((int64_t)x->size[slot] >= r->min_size)
			net[slot] = (uint32_t)r->nnetworks++;
	}
	r->networks = xcalloc(r->nnetworks, sizeof *r->networks);
	for (slot = 0; slot < x->nslots; slot++) {
		if (net[slot] == DETECT_NONE)
			continue;
		n = &r->networks[net[slot]];
		n->members = xcalloc(x->size[slot], sizeof *n->members);
		x->norder += x->size[slot];
		if (x->size[slot] > maxsize)
			maxsize = x->size[slot];
	}

	/* Members in id order; pos[] is each one's index in its network. */
	s.pos = x->size;	/* component sizes are no longer needed */
	x->order = xreallocarray(NULL, x->norder + 1, sizeof *x->order);
	x->norder = 0;
	for (slot = 0; slot < x->nslots; slot++) {
		root = uf_find(x->parent, slot);
		if ((ni = net[root]) == DETECT_NONE)
			continue;
		n = &r->networks[ni];
		n->members[n->size].id = slot_id(x, slot);
		x->order[x->norder++] = &n->members[n->size];
		s.pos[slot] = (uint32_t)n->size++;
	}

	gstart = xcalloc(r->nnetworks + 1, sizeof *gstart);
	gfill = xcalloc(r->nnetworks + 1, sizeof *gfill);
	for (i = 0; i < x->ngroups; i++) {
		ni = net[uf_find(x->parent, x->gm[x->groups[i].members])];
		if (ni != DETECT_NONE)
			gstart[ni + 1]++;
	}
	for (i = 0; i < r->nnetworks; i++) {
		gstart[i + 1] += gstart[i];
		gfill[i] = gstart[i];
	}
	glist = xreallocarray(NULL, gstart[r->nnetworks] + 1, sizeof *glist);
	for (i = 0; i < x->ngroups; i++) {
		ni = net[uf_find(x->parent, x->gm[x->groups[i].members])];
		if (ni != DETECT_NONE)
			glist[gfill[ni]++] = i;
	}

	s.cap = maxsize;
	s.seen = xcalloc(s.cap + 1, sizeof *s.seen);
	s.start = xcalloc(s.cap + 1, sizeof *s.start);
	s.fill = xcalloc(s.cap + 1, sizeof *s.fill);
	for (i = 0; i < r->nnetworks; i++) {
		n = &r->networks[i];
		network_kinds(x, n, glist + gstart[i],
		    gstart[i + 1] - gstart[i], &s);
		network_values(x, n, glist + gstart[i],
		    gstart[i + 1] - gstart[i], &s);
		network_density(x, n, glist + gstart[i],
		    gstart[i + 1] - gstart[i], &s);
	}
	qsort(r->networks, r->nnetworks, sizeof *r->networks, network_cmp);
	for (i = 0; i < r->nnetworks; i++)
		r->networks[i].rank = (int)(i + 1);

	free(s.seen);
	free(s.start);
	free(s.fill);
	free(s.adj);
	free(s.refs);
	free(glist);
	free(gstart);
	free(gfill);
	free(net);
}

/* Copy a string into the result's text blocks, which never move. */
static char *
result_strndup(struct detect_result *r, const char *src, size_t len)
{
	struct detect_block	*b = r->blocks;
	size_t			 cap;
	char			*p;

	if (b == NULL || b->cap - b->used < len + 1) {
		cap = len + 1 > DETECT_BLOCK ? len + 1 : DETECT_BLOCK;
		b = xmalloc(sizeof *b + cap);
		b->next = r->blocks;
		b->used = 0;
		b->cap = cap;
		r->blocks = b;
	}
	p = b->data + b->used;
	memcpy(p, src, len);
	p[len] = '\0';
	b->used += len + 1;
	return p;
}

/* Fill one member from a (platform, handle) row. */
static void
member_fill(struct detect_result *r, struct detect_member *m,
    const struct detect_member *prev, sqlite3_stmt *st)
{
	const char	*v;
	size_t		 len;

	if ((v = (const char *)sqlite3_column_text(st, 0)) != NULL) {
		len = (size_t)sqlite3_column_bytes(st, 0);
		if (prev != NULL && prev->platform != NULL &&
		    strlen(prev->platform) == len &&
		    memcmp(prev->platform, v, len) == 0)
			m->platform = prev->platform;
		else
			m->platform = result_strndup(r, v, len);
	}
	if ((v = (const char *)sqlite3_column_text(st, 1)) != NULL)
		m->handle = result_strndup(r, v,
		    (size_t)sqlite3_column_bytes(st, 1));
}

static int
member_id_cmp(const void *va, const void *vb)
{
	const struct detect_member *a = *(struct detect_member *const *)va;
	const struct detect_member *b = *(struct detect_member *const *)vb;

	return (a->id > b->id) - (a->id < b->id);
}

/*
 * Platform and handle of the members in list (id order), for display:
 * one pass over the accounts table in id order when they are a large
 * share of it, one lookup per member otherwise.
 */
static int
fetch_handles(struct detect_ctx *x, struct detect_member **list, size_t n,
    char **cause)
{
	struct detect_result	*r = x->res;
	struct detect_member	*m, *prev = NULL;
	sqlite3_stmt		*st;
	bool			 merge;
	size_t			 i = 0;
	int64_t			 id;
	int			 rc = SQLITE_DONE;

	if (n == 0)
		return 0;
	merge = n >= x->nslots / DETECT_MERGE_SHARE;
	if (sqlite3_prepare_v2(x->c->db, merge ?
	    "SELECT platform, handle, id FROM accounts ORDER BY id" :
	    "SELECT platform, handle FROM accounts WHERE id = ?1", -1, &st,
	    NULL) != SQLITE_OK)
		return case_error(x->c, cause, "cannot read accounts");
	if (merge) {
		while (i < n && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			id = sqlite3_column_int64(st, 2);
			while (i < n && list[i]->id < id)
				i++;
			if (i < n && list[i]->id == id) {
				m = list[i++];
				member_fill(r, m, prev, st);
				prev = m;
			}
		}
		if (rc == SQLITE_ROW)
			rc = SQLITE_DONE;
	} else {
		for (i = 0; i < n; i++) {
			m = list[i];
			sqlite3_bind_int64(st, 1, m->id);
			rc = sqlite3_step(st);
			if (rc == SQLITE_ROW) {
				member_fill(r, m, prev, st);
				prev = m;
				rc = SQLITE_DONE;
			}
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(x->c, cause, "cannot read accounts");
	return 0;
}

/* Every member's handle, or each network's first member's. */
static int
fetch_members(struct detect_ctx *x, bool first_only, char **cause)
{
	struct detect_member	**first;
	size_t			  i, n = 0;
	int			  rc;

	if (!first_only)
		return fetch_handles(x, x->order, x->norder, cause);
	first = xreallocarray(NULL, x->res->nnetworks + 1, sizeof *first);
	for (i = 0; i < x->res->nnetworks; i++)
		if (x->res->networks[i].size > 0)
			first[n++] = &x->res->networks[i].members[0];
	qsort(first, n, sizeof *first, member_id_cmp);
	rc = fetch_handles(x, first, n, cause);
	free(first);
	return rc;
}

/* Copy the options into the result, defaults filled in and checked. */
static int
result_init(struct detect_result *r, const struct detect_opts *o,
    size_t *top_values, char **cause)
{
	const char *const	*kinds;
	size_t			 nkinds, i, j;

	if (o != NULL && o->nkinds > 0 && o->kinds != NULL) {
		kinds = o->kinds;
		nkinds = o->nkinds;
	} else {
		kinds = detect_default_kinds;
		nkinds = detect_ndefault_kinds;
	}
	r->kinds = xcalloc(nkinds, sizeof *r->kinds);
	for (i = 0; i < nkinds; i++) {
		if (kinds[i] == NULL || *kinds[i] == '\0')
			return set_cause(cause, "an attribute kind is empty");
		for (j = 0; j < r->nkinds; j++) {
			if (strcmp(r->kinds[j], kinds[i]) == 0)
				break;
		}
		if (j == r->nkinds)
			r->kinds[r->nkinds++] = xstrdup(kinds[i]);
	}

	r->max_share = o != NULL ? o->max_share : 0;
	if (r->max_share == 0)
		r->max_share = DETECT_DEFAULT_MAX_SHARE;
	else if (r->max_share < 2)
		return set_cause(cause, "max share must be at least 2, not %lld",
		    (long long)r->max_share);
	if (r->max_share > UINT32_MAX)
		r->max_share = UINT32_MAX;

	r->min_size = o != NULL ? o->min_size : 0;
	if (r->min_size == 0)
		r->min_size = DETECT_DEFAULT_MIN_SIZE;
	else if (r->min_size < 2)
		return set_cause(cause, "minimum size must be at least 2, "
		    "not %lld", (long long)r->min_size);

	*top_values = o != NULL && o->top_values > 0 ? o->top_values :
	    DETECT_DEFAULT_TOP_VALUES;
	return 0;
}

static int
detect_scan(struct detect_ctx *x, char **cause)
{
	sqlite3_stmt	*st;
	uint32_t	 k;

	if (slots_init(x, cause) != 0)
		return -1;
	if (sqlite3_prepare_v2(x->c->db,
	    "SELECT value, account_id FROM attributes WHERE kind = ?1 "
	    "ORDER BY value", -1, &st, NULL) != SQLITE_OK)
		return case_error(x->c, cause, "cannot scan attributes");
	for (k = 0; k < x->res->nkinds; k++) {
		if (scan_any(x, st, k, cause) != 0) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	if (x->res->nhubs > 0)
		qsort(x->res->hubs, x->res->nhubs, sizeof *x->res->hubs,
		    hub_cmp);
	build_networks(x);
	return fetch_members(x, x->first_handles_only, cause);
}

int
detect_run(struct case_db *c, const struct detect_opts *o,
    struct detect_result **result, char **cause)
{
	struct detect_ctx	 x;
	struct detect_result	*r;
	double			 t0 = clock_now();
	bool			 txn;
	int			 rv;

	r = xcalloc(1, sizeof *r);
	memset(&x, 0, sizeof x);
	x.c = c;
	x.res = r;
	x.budget = DETECT_DENSITY_BUDGET;
	if (o != NULL) {
		x.progress = o->progress;
		x.progress_arg = o->progress_arg;
		x.first_handles_only = o->first_handles_only;
	}
	if (result_init(r, o, &x.top_values, cause) != 0) {
		detect_result_free(r);
		return -1;
	}

	txn = sqlite3_get_autocommit(c->db) != 0;
	if (txn && sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		detect_result_free(r);
		return case_error(c, cause, "cannot read the case");
	}
	rv = detect_scan(&x, cause);
	if (txn)
		sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);

	free(x.ids);
	free(x.parent);
	free(x.size);
	free(x.cur_slots);
	free(x.groups);
	free(x.gm);
	free(x.order);
	buf_free(&x.cur);
	buf_free(&x.arena);
	if (rv != 0) {
		detect_result_free(r);
		return -1;
	}
	r->seconds = clock_now() - t0;
	*result = r;
	return 0;
}

void
detect_result_free(struct detect_result *r)
{
	struct detect_network	*n;
	struct detect_block	*b;
	size_t			 i, j;

	if (r == NULL)
		return;
	for (i = 0; i < r->nnetworks; i++) {
		n = &r->networks[i];
		free(n->members);
		for (j = 0; j < n->nvalues; j++)
			free(n->values[j].value);
		free(n->values);
		free(n->kinds);
	}
	free(r->networks);
	for (i = 0; i < r->nhubs; i++)
		free(r->hubs[i].value);
	free(r->hubs);
	for (i = 0; i < r->nkinds; i++)
		free(r->kinds[i]);
	free(r->kinds);
	while ((b = r->blocks) != NULL) {
		r->blocks = b->next;
		free(b);
	}
	free(r);
}

/* ---- printing ---------------------------------------------------------- */

/* Text from the case for a terminal, through the display sanitizer. */
static void
put_plain(FILE *fp, const char *text)
{
	struct buf	b = BUF_INIT;

	if (text == NULL)
		return;
	sanitize(text, strlen(text), SANITIZE_ONELINE, &b);
	fputs(b.data, fp);
	buf_free(&b);
}

/* A CSV field: sanitized, quoted when needed, formula-safe. */
static void
put_csv(FILE *fp, const char *text)
{
	struct buf	b = BUF_INIT;

	if (text == NULL)
		return;
	sanitize(text, strlen(text), SANITIZE_ONELINE, &b);
	result_csv_cell(fp, b.data);
	buf_free(&b);
}

/* A JSON string: sanitized, then escaped. */
static void
put_json(FILE *fp, const char *text)
{
	struct buf	b = BUF_INIT, j = BUF_INIT;

	if (text == NULL) {
		fputs("null", fp);
		return;
	}
	sanitize(text, strlen(text), 0, &b);
	buf_add_json(&j, b.data);
	fputs(j.data, fp);
	buf_free(&b);
	buf_free(&j);
}

static void
print_table(FILE *fp, const struct detect_result *r)
{
	const struct detect_network	*n;
	const struct detect_member	*m;
	size_t				 i, j, shown;

	fprintf(fp, "%zu candidate network%s over ", r->nnetworks,
	    r->nnetworks == 1 ? "" : "s");
	for (i = 0; i < r->nkinds; i++) {
		fputs(i == 0 ? "" : ", ", fp);
		put_plain(fp, r->kinds[i]);
	}
	fprintf(fp, " (max share %lld, min size %lld)\n",
	    (long long)r->max_share, (long long)r->min_size);

	for (i = 0; i < r->nnetworks; i++) {
		n = &r->networks[i];
		fprintf(fp, "\n#%d  %zu accounts  %zu independent kind%s  "
		    "density %s%.3f\n", n->rank, n->size, n->families,
		    n->families == 1 ? "" : "s",
		    n->density_exact ? "" : "<=", n->density);
		for (j = 0; j < n->nkinds; j++) {
			fputs(j == 0 ? "    kinds   " : "            ", fp);
			put_plain(fp, n->kinds[j].kind);
			fprintf(fp, ": %lld value%s, %lld accounts\n",
			    (long long)n->kinds[j].values,
			    n->kinds[j].values == 1 ? "" : "s",
			    (long long)n->kinds[j].accounts);
		}
		for (j = 0; j < n->nvalues; j++) {
			fputs(j == 0 ? "    tied by " : "            ", fp);
			put_plain(fp, n->values[j].kind);
			fputc(' ', fp);
			put_plain(fp, n->values[j].value);
			fprintf(fp, "  x%lld\n", (long long)n->values[j].accounts);
		}
		if ((int64_t)n->nvalues < n->values_total)
			fprintf(fp, "            (and %lld more values)\n",
			    (long long)(n->values_total - (int64_t)n->nvalues));
		shown = n->size < DETECT_TABLE_MEMBERS ? n->size :
		    DETECT_TABLE_MEMBERS;
		for (j = 0; j < shown; j++) {
			m = &n->members[j];
			fprintf(fp, "%s%lld  ", j == 0 ? "    members " :
			    "            ", (long long)m->id);
			put_plain(fp, m->handle != NULL ? m->handle : "-");
			if (m->platform != NULL) {
				fputs("  (", fp);
				put_plain(fp, m->platform);
				fputc(')', fp);
			}
			fputc('\n', fp);
		}
		if (shown < n->size)
			fprintf(fp, "            (and %zu more accounts)\n",
			    n->size - shown);
	}

	if (r->nhubs == 0)
		return;
	fprintf(fp, "\n%zu hub%s skipped (shared by more than %lld accounts)\n",
	    r->nhubs, r->nhubs == 1 ? "" : "s", (long long)r->max_share);
	shown = r->nhubs < DETECT_TABLE_HUBS ? r->nhubs : DETECT_TABLE_HUBS;
	for (i = 0; i < shown; i++) {
		fputs("    ", fp);
		put_plain(fp, r->hubs[i].kind);
		fputc(' ', fp);
		put_plain(fp, r->hubs[i].value);
		fprintf(fp, "  x%lld\n", (long long)r->hubs[i].accounts);
	}
	if (shown < r->nhubs)
		fprintf(fp, "    (and %zu more hubs)\n", r->nhubs - shown);
}

static void
print_csv(FILE *fp, const struct detect_result *r)
{
	const struct detect_network	*n;
	const struct detect_member	*m;
	struct buf			 tied = BUF_INIT;
	size_t				 i, j;

	fputs("rank,size,families,density,tied_by,account_id,platform,"
	    "handle\n", fp);
	for (i = 0; i < r->nnetworks; i++) {
		n = &r->networks[i];
		buf_clear(&tied);
		for (j = 0; j < n->nkinds; j++) {
			if (j > 0)
				buf_addc(&tied, ';');
			buf_adds(&tied, n->kinds[j].kind);
		}
		for (j = 0; j < n->size; j++) {
			m = &n->members[j];
			fprintf(fp, "%d,%zu,%zu,%.4f,", n->rank, n->size,
			    n->families, n->density);
			put_csv(fp, tied.data != NULL ? tied.data : "");
			fprintf(fp, ",%lld,", (long long)m->id);
			put_csv(fp, m->platform);
			fputc(',', fp);
			put_csv(fp, m->handle);
			fputc('\n', fp);
		}
	}
	buf_free(&tied);
}

static void
print_json(FILE *fp, const struct detect_result *r)
{
	const struct detect_network	*n;
	size_t				 i, j;

	fputs("{\"kinds\":[", fp);
	for (i = 0; i < r->nkinds; i++) {
		fputs(i == 0 ? "" : ",", fp);
		put_json(fp, r->kinds[i]);
	}
	fprintf(fp, "],\"max_share\":%lld,\"min_size\":%lld,"
	    "\"rows\":%lld,\"shared_values\":%lld,\"linked_accounts\":%lld,"
	    "\"networks\":[", (long long)r->max_share, (long long)r->min_size,
	    (long long)r->rows, (long long)r->shared_values,
	    (long long)r->linked_accounts);
	for (i = 0; i < r->nnetworks; i++) {
		n = &r->networks[i];
		fprintf(fp, "%s{\"rank\":%d,\"size\":%zu,\"families\":%zu,"
		    "\"density\":%.6f,\"density_exact\":%s,", i == 0 ? "" : ",",
		    n->rank, n->size, n->families, n->density,
		    n->density_exact ? "true" : "false");
		if (n->linked_pairs >= 0)
			fprintf(fp, "\"linked_pairs\":%lld,",
			    (long long)n->linked_pairs);
		else
			fputs("\"linked_pairs\":null,", fp);
		fputs("\"kinds\":[", fp);
		for (j = 0; j < n->nkinds; j++) {
			fputs(j == 0 ? "{\"kind\":" : ",{\"kind\":", fp);
			put_json(fp, n->kinds[j].kind);
			fprintf(fp, ",\"values\":%lld,\"accounts\":%lld}",
			    (long long)n->kinds[j].values,
			    (long long)n->kinds[j].accounts);
		}
		fprintf(fp, "],\"values_total\":%lld,\"values\":[",
		    (long long)n->values_total);
		for (j = 0; j < n->nvalues; j++) {
			fputs(j == 0 ? "{\"kind\":" : ",{\"kind\":", fp);
			put_json(fp, n->values[j].kind);
			fputs(",\"value\":", fp);
			put_json(fp, n->values[j].value);
			fprintf(fp, ",\"accounts\":%lld}",
			    (long long)n->values[j].accounts);
		}
		fputs("],\"members\":[", fp);
		for (j = 0; j < n->size; j++) {
			fprintf(fp, "%s{\"id\":%lld,\"platform\":",
			    j == 0 ? "" : ",", (long long)n->members[j].id);
			put_json(fp, n->members[j].platform);
			fputs(",\"handle\":", fp);
			put_json(fp, n->members[j].handle);
			fputc('}', fp);
		}
		fputs("]}", fp);
	}
	fputs("],\"hubs\":[", fp);
	for (i = 0; i < r->nhubs; i++) {
		fputs(i == 0 ? "{\"kind\":" : ",{\"kind\":", fp);
		put_json(fp, r->hubs[i].kind);
		fputs(",\"value\":", fp);
		put_json(fp, r->hubs[i].value);
		fprintf(fp, ",\"accounts\":%lld}", (long long)r->hubs[i].accounts);
	}
	fputs("]}\n", fp);
}

int
detect_print(FILE *fp, const struct detect_result *r, enum detect_format f)
{
	switch (f) {
	case DETECT_TABLE:
		print_table(fp, r);
		break;
	case DETECT_CSV:
		print_csv(fp, r);
		break;
	case DETECT_JSON:
		print_json(fp, r);
		break;
	}
	return ferror(fp) ? -1 : 0;
}

/* ---- scoring against planted truth -------------------------------------- */

struct detect_owner {
	int64_t	id;
	size_t	net;
};

static int
owner_cmp(const void *va, const void *vb)
{
	const struct detect_owner	*a = va, *b = vb;

	return (a->id > b->id) - (a->id < b->id);
}

/* Pick the best candidate for one planted network and reset the tally. */
static void
score_finish(const struct detect_result *r, struct detect_score *sc,
    int64_t *overlap, size_t *touched, size_t ntouched)
{
	double	f, best = -1;
	size_t	i, ni;

	sc->best = -1;
	for (i = 0; i < ntouched; i++) {
		ni = touched[i];
		f = 2.0 * (double)overlap[ni] /
		    (double)(sc->planted + (int64_t)r->networks[ni].size);
		if (f > best || (f == best && (int)ni < sc->best)) {
			best = f;
			sc->best = (int)ni;
		}
	}
	if (sc->best >= 0) {
		sc->overlap = overlap[sc->best];
		sc->precision = (double)sc->overlap /
		    (double)r->networks[sc->best].size;
		sc->recall = (double)sc->overlap / (double)sc->planted;
	}
	for (i = 0; i < ntouched; i++)
		overlap[touched[i]] = 0;
}

int
detect_score(struct case_db *c, const struct detect_result *r,
    struct detect_score **scores, size_t *nscores, char **cause)
{
	struct detect_owner	*own, key, *hit;
	struct detect_score	*sc = NULL, *cur = NULL;
	sqlite3_stmt		*st;
	int64_t			*overlap;
	size_t			*touched, ntouched = 0, nown = 0, n = 0, cap = 0;
	size_t			 i, j;
	const char		*name;
	int			 rc;

	for (i = 0; i < r->nnetworks; i++)
		nown += r->networks[i].size;
	own = xreallocarray(NULL, nown + 1, sizeof *own);
	nown = 0;
	for (i = 0; i < r->nnetworks; i++) {
		for (j = 0; j < r->networks[i].size; j++) {
			own[nown].id = r->networks[i].members[j].id;
			own[nown++].net = i;
		}
	}
	qsort(own, nown, sizeof *own, owner_cmp);
	overlap = xcalloc(r->nnetworks + 1, sizeof *overlap);
	touched = xcalloc(r->nnetworks + 1, sizeof *touched);

	if (sqlite3_prepare_v2(c->db, "SELECT network, account_id FROM "
	    "planted ORDER BY network, account_id", -1, &st, NULL) !=
	    SQLITE_OK) {
		rc = SQLITE_ERROR;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(st, 0);
		if (name == NULL)
			continue;
		if (cur == NULL || strcmp(cur->network, name) != 0) {
			if (cur != NULL)
				score_finish(r, cur, overlap, touched,
				    ntouched);
			ntouched = 0;
			if (n == cap) {
				cap = cap == 0 ? 8 : cap * 2;
				sc = xreallocarray(sc, cap, sizeof *sc);
			}
			cur = &sc[n++];
			memset(cur, 0, sizeof *cur);
			cur->network = xstrdup(name);
		}
		cur->planted++;
		key.id = sqlite3_column_int64(st, 1);
		hit = bsearch(&key, own, nown, sizeof *own, owner_cmp);
		if (hit != NULL && overlap[hit->net]++ == 0)
			touched[ntouched++] = hit->net;
	}
	if (cur != NULL)
		score_finish(r, cur, overlap, touched, ntouched);
	sqlite3_finalize(st);
out:
	free(own);
	free(overlap);
	free(touched);
	if (rc != SQLITE_DONE) {
		detect_score_free(sc, n);
		return case_error(c, cause, "cannot read the planted networks");
	}
	*scores = sc;
	*nscores = n;
	return 0;
}

void
detect_score_free(struct detect_score *sc, size_t n)
{
	size_t	i;

	if (sc == NULL)
		return;
	for (i = 0; i < n; i++)
		free(sc[i].network);
	free(sc);
}
