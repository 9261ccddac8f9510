/*
 * test_neardup.c: near-duplicate posts over a case against a brute-force
 * reference that shingles every text and compares every pair.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "neardup.h"
#include "testutil.h"
#include "util.h"

#define NWORDS		400
#define FAMILIES	40
#define LONERS		200

static uint64_t	seed = 0x6e6561726475702eULL;

static uint32_t
rnd(uint32_t n)
{
	uint64_t	z = (seed += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)(((z ^ (z >> 31)) >> 32) % n);
}

static void
word(struct buf *b, uint32_t w)
{
	static const char *const syl[] = { "ka", "lo", "mi", "ne", "ru",
	    "sa", "ti", "vo", "ze", "du" };

	buf_printf(b, "%s%s%s", syl[w % 10], syl[(w / 10) % 10],
	    syl[(w / 100) % 10]);
}

static void
exec_sql(struct case_db *c, const char *sql)
{
	char	*cause = NULL;

	ck_assert_msg(case_exec(c, sql, &cause) == 0, "%s", cause);
}

/* A post: its text made of words[] with up to edits changed. */
static void
add_post(struct case_db *c, int64_t account, int64_t n, const uint32_t *w,
    size_t nw, int edits)
{
	struct buf	 t = BUF_INIT;
	sqlite3_stmt	*st;
	size_t		 i, j;
	int		 e;

	for (i = 0; i < nw; i++) {
		if (i > 0)
			buf_addc(&t, ' ');
		for (e = 0, j = 0; j < (size_t)edits; j++)
			e |= rnd(nw) == i;
		word(&t, e ? rnd(NWORDS) : w[i]);
	}
	ck_assert_int_eq(sqlite3_prepare_v2(c->db, "INSERT INTO posts("
	    "account_id, native_id, posted_at, text) VALUES (?1, ?2, ?3, ?4)",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, account);
	sqlite3_bind_text(st, 2, xasprintf("p%lld", (long long)n), -1, free);
	sqlite3_bind_int64(st, 3, 1700000000 + n * 60);
	sqlite3_bind_text(st, 4, t.data, (int)t.len, SQLITE_TRANSIENT);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	buf_free(&t);
}

/* Families of 2 to 12 variants of one text (each by its own account)
 * and loners, plus a post too short to shingle. */
static struct case_db *
corpus(void)
{
	struct case_db	*c = tu_case_new();
	uint32_t	 w[30];
	int64_t		 n = 0, a = 1;
	int		 f, v, nv, i, nw;
	char		 sql[128];

	exec_sql(c, "BEGIN");
	for (i = 1; i <= 1000; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO accounts(id, platform,"
		    " native_id) VALUES (%d, 'x', 'a%d')", i, i);
		exec_sql(c, sql);
	}
	for (f = 0; f < FAMILIES; f++) {
		nw = 12 + (int)rnd(18);
		for (i = 0; i < nw; i++)
			w[i] = rnd(NWORDS);
		nv = 2 + (int)rnd(11);
		for (v = 0; v < nv; v++)
			add_post(c, a++, n++, w, (size_t)nw, v == 0 ? 0 :
			    (int)rnd(4));
	}
	for (i = 0; i < LONERS; i++) {
		nw = 12 + (int)rnd(18);
		for (v = 0; v < nw; v++)
			w[v] = rnd(NWORDS);
		add_post(c, a++, n++, w, (size_t)nw, 0);
	}
	exec_sql(c, "INSERT INTO posts(account_id, native_id, text) VALUES"
	    " (1, 'short', 'ok')");
	exec_sql(c, "COMMIT");
	return c;
}

struct ref {
	int64_t		*a;	/* post ids, a < b */
	int64_t		*b;
	size_t		 n;
};

/* Every pair of texts whose exact Jaccard reaches t, by brute force. */
static struct ref
brute_force(struct case_db *c, const struct minhash_opts *o, double t)
{
	struct minhash_set	 set = MINHASH_SET_INIT;
	sqlite3_stmt		*st;
	struct ref		 r = { NULL, NULL, 0 };
	uint64_t		**h = NULL;
	size_t			*nh = NULL, n = 0, i, j;
	int64_t			*id = NULL;
	const char		*s;

	ck_assert_int_eq(sqlite3_prepare_v2(c->db, "SELECT id, text FROM"
	    " posts ORDER BY id", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		s = (const char *)sqlite3_column_text(st, 1);
		h = xreallocarray(h, n + 1, sizeof *h);
		nh = xreallocarray(nh, n + 1, sizeof *nh);
		id = xreallocarray(id, n + 1, sizeof *id);
		id[n] = sqlite3_column_int64(st, 0);
		nh[n] = minhash_shingles(s, strlen(s), o, &set);
		h[n] = xreallocarray(NULL, nh[n] + 1, sizeof **h);
		memcpy(h[n], set.h, nh[n] * sizeof **h);
		n++;
	}
	sqlite3_finalize(st);
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			if (nh[i] == 0 || nh[j] == 0 ||
			    minhash_jaccard(h[i], nh[i], h[j], nh[j]) < t)
				continue;
			r.a = xreallocarray(r.a, r.n + 1, sizeof *r.a);
			r.b = xreallocarray(r.b, r.n + 1, sizeof *r.b);
			r.a[r.n] = id[i];
			r.b[r.n++] = id[j];
		}
	}
	for (i = 0; i < n; i++)
		free(h[i]);
	free(h);
	free(nh);
	free(id);
	minhash_set_free(&set);
	return r;
}

static bool
found(const struct neardup_result *res, int64_t a, int64_t b)
{
	size_t	i;

	for (i = 0; i < res->npairs; i++) {
		if (res->posts[res->pairs[i].a].id == a &&
		    res->posts[res->pairs[i].b].id == b)
			return true;
	}
	return false;
}

/* Recall of res against ref; every pair res returns must be in ref. */
static double
recall(const struct neardup_result *res, const struct ref *ref)
{
	size_t	i, hit = 0;

	for (i = 0; i < ref->n; i++)
		hit += found(res, ref->a[i], ref->b[i]);
	ck_assert_uint_le(res->npairs, ref->n);
	for (i = 0; i < res->npairs; i++) {
		size_t	j;
		bool	in = false;

		for (j = 0; j < ref->n && !in; j++)
			in = res->posts[res->pairs[i].a].id == ref->a[j] &&
			    res->posts[res->pairs[i].b].id == ref->b[j];
		ck_assert_msg(in, "pair %zu is not in the reference", i);
	}
	return ref->n > 0 ? (double)hit / (double)ref->n : 1;
}

static void
ref_free(struct ref *r)
{
	free(r->a);
	free(r->b);
}

static void
check_threshold(double t, enum minhash_unit unit, int k)
{
	struct case_db		*c = corpus();
	struct neardup_opts	 o;
	struct neardup_result	*res;
	struct minhash_opts	 sh;
	struct ref		 ref;
	char			*cause = NULL;
	double			 r1, r2;

	memset(&o, 0, sizeof o);
	o.threshold = t;
	o.shingle.unit = unit;
	o.shingle.k = k;
	ck_assert_int_eq(neardup_opts_shingle(&o, &sh, &cause), 0);
	ref = brute_force(c, &sh, t);
	ck_assert_uint_gt(ref.n, 50);

	/* First run: signs every text and stores the signatures. */
	ck_assert_msg(neardup_run(c, &o, &res, &cause) == 0, "%s", cause);
	ck_assert_uint_eq(res->signed_now, res->nposts + res->short_texts);
	ck_assert_uint_eq(res->stored_now, res->signed_now);
	ck_assert_uint_eq(res->short_texts, 1);
	r1 = recall(res, &ref);
	neardup_result_free(res);

	/* Second run: from the stored signatures, nothing signed again. */
	ck_assert_msg(neardup_run(c, &o, &res, &cause) == 0, "%s", cause);
	ck_assert_uint_eq(res->signed_now, 0);
	r2 = recall(res, &ref);
	fprintf(stderr, "t %.2f %s:%d: %zu reference pairs, recall %.4f "
	    "signing, %.4f stored\n", t, unit == MINHASH_CHARS ? "chars" :
	    "words", sh.k, ref.n, r1, r2);
	ck_assert_msg(r1 >= 0.99 && r2 >= 0.99, "recall %.4f / %.4f", r1, r2);
	neardup_result_free(res);
	ref_free(&ref);
	case_close(c);
}

START_TEST(test_chars_at_0_6_match_brute_force)
{
	check_threshold(0.6, MINHASH_CHARS, 5);
}
END_TEST

START_TEST(test_chars_at_0_8_match_brute_force)
{
	check_threshold(0.8, MINHASH_CHARS, 5);
}
END_TEST

START_TEST(test_words_at_0_5_match_brute_force)
{
	check_threshold(0.5, MINHASH_WORDS, 3);
}
END_TEST

START_TEST(test_query_accounts_pair_only_with_others)
{
	struct case_db		*c = corpus();
	struct neardup_opts	 o;
	struct neardup_result	*all, *some;
	char			*cause = NULL;
	size_t			 i, want = 0;

	memset(&o, 0, sizeof o);
	o.threshold = 0.6;
	ck_assert_int_eq(neardup_run(c, &o, &all, &cause), 0);
	exec_sql(c, "CREATE TEMP TABLE q(account_id INTEGER PRIMARY KEY);"
	    " INSERT INTO q VALUES (1), (2), (30)");
	o.query_table = "temp.q";
	ck_assert_msg(neardup_run(c, &o, &some, &cause) == 0, "%s", cause);
	/* Exactly the pairs of the full run that touch a query account. */
	for (i = 0; i < all->npairs; i++) {
		const struct neardup_post *a = &all->posts[all->pairs[i].a];
		const struct neardup_post *b = &all->posts[all->pairs[i].b];

		if (a->account == 1 || a->account == 2 || a->account == 30 ||
		    b->account == 1 || b->account == 2 || b->account == 30) {
			want++;
			ck_assert(found(some, a->id, b->id));
		}
	}
	ck_assert_uint_gt(want, 0);
	ck_assert_uint_eq(some->npairs, want);
	neardup_result_free(all);
	neardup_result_free(some);
	case_close(c);
}
END_TEST

START_TEST(test_bad_options_are_refused)
{
	struct case_db		*c = tu_case_new();
	struct neardup_opts	 o;
	struct neardup_result	*res;
	char			*cause = NULL;

	memset(&o, 0, sizeof o);
	o.threshold = 1.5;
	ck_assert_int_eq(neardup_run(c, &o, &res, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "1.5"));
	free(cause);
	cause = NULL;
	o.threshold = 0.8;
	o.restrict_table = "x; DROP TABLE posts";
	ck_assert_int_eq(neardup_run(c, &o, &res, &cause), -1);
	free(cause);
	case_close(c);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("neardup");
	TCase	*tc = tcase_create("neardup");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_chars_at_0_6_match_brute_force);
	tcase_add_test(tc, test_chars_at_0_8_match_brute_force);
	tcase_add_test(tc, test_words_at_0_5_match_brute_force);
	tcase_add_test(tc, test_query_accounts_pair_only_with_others);
	tcase_add_test(tc, test_bad_options_are_refused);
	suite_add_tcase(s, tc);
	return s;
}
