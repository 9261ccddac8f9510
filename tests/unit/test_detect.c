/*
 * test_detect.c: network detection as a specification: which shared
 * values join accounts, which are hubs, what evidence and density a
 * candidate carries, how candidates rank, how results print, and how the
 * score against planted truth is computed.
 */
#include "config.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "case.h"
#include "demo.h"
#include "detect.h"
#include "util.h"

static void
account(struct case_db *c, long long id, const char *handle)
{
	char	*q;

	q = sqlite3_mprintf("INSERT INTO accounts(id, platform, native_id, "
	    "handle) VALUES(%lld, 'x', '%lld', %Q)", id, id, handle);
	tu_sql(c, "%s", q);
	sqlite3_free(q);
}

/* Accounts first..last, handled "a<id>". */
static void
accounts(struct case_db *c, long long first, long long last)
{
	char	handle[32];

	for (; first <= last; first++) {
		snprintf(handle, sizeof handle, "a%lld", first);
		account(c, first, handle);
	}
}

static void
attr(struct case_db *c, const char *kind, const char *value, long long id)
{
	char	*q;

	q = sqlite3_mprintf("INSERT INTO attributes(kind, value, account_id) "
	    "VALUES(%Q, %Q, %lld)", kind, value, id);
	tu_sql(c, "%s", q);
	sqlite3_free(q);
}

static void
stats(struct case_db *c)
{
	tu_sql(c, "DELETE FROM attribute_stats; INSERT INTO attribute_stats "
	    "SELECT kind, value, count(*) FROM attributes GROUP BY 1, 2");
}

static struct detect_result *
run(struct case_db *c, const char **kinds, size_t nkinds, long long share,
    long long min)
{
	struct detect_opts	 o;
	struct detect_result	*r = NULL;
	char			*cause = NULL;

	memset(&o, 0, sizeof o);
	o.kinds = kinds;
	o.nkinds = nkinds;
	o.max_share = share;
	o.min_size = min;
	stats(c);
	ck_assert_msg(detect_run(c, &o, &r, &cause) == 0, "detect: %s",
	    cause);
	return r;
}

/* The index of the network holding account id, or -1. */
static int
holding(const struct detect_result *r, long long id)
{
	size_t	i, j;

	for (i = 0; i < r->nnetworks; i++) {
		for (j = 0; j < r->networks[i].size; j++) {
			if (r->networks[i].members[j].id == id)
				return (int)i;
		}
	}
	return -1;
}

static char *
print(const struct detect_result *r, enum detect_format f)
{
	char	*text = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&text, &len);

	ck_assert(fp != NULL);
	ck_assert_int_eq(detect_print(fp, r, f), 0);
	fclose(fp);
	return text;
}

START_TEST(test_two_accounts_sharing_a_phone_are_one_network)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;

	accounts(c, 1, 3);
	attr(c, "phone", "+15550001", 1);
	attr(c, "phone", "+15550001", 2);
	attr(c, "phone", "+15550002", 3);
	r = run(c, NULL, 0, 0, 2);
	ck_assert_uint_eq(r->nnetworks, 1);
	ck_assert_uint_eq(r->networks[0].size, 2);
	ck_assert_int_eq(r->networks[0].members[0].id, 1);
	ck_assert_int_eq(r->networks[0].members[1].id, 2);
	ck_assert_int_eq(r->networks[0].rank, 1);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_default_min_size_is_three)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;

	accounts(c, 1, 5);
	attr(c, "phone", "+15550001", 1);
	attr(c, "phone", "+15550001", 2);
	attr(c, "email", "x@example.org", 3);
	attr(c, "email", "x@example.org", 4);
	attr(c, "email", "x@example.org", 5);
	r = run(c, NULL, 0, 0, 0);
	ck_assert_int_eq(r->min_size, DETECT_DEFAULT_MIN_SIZE);
	ck_assert_int_eq(r->max_share, DETECT_DEFAULT_MAX_SHARE);
	ck_assert_uint_eq(r->nnetworks, 1);
	ck_assert_uint_eq(r->networks[0].size, 3);
	ck_assert_int_eq(r->networks[0].members[0].id, 3);
	ck_assert_int_eq(r->linked_accounts, 5);
	detect_result_free(r);
	case_close(c);
}
END_TEST

/* By default every member has its handle; with first_handles_only (the
 * screen's list) only each network's first member has one. */
START_TEST(test_first_handles_only_reads_one_handle_a_network)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	struct detect_opts	 o;
	char			*cause = NULL;
	size_t			 i, j;
	long long		 k;

	accounts(c, 1, 6);
	for (k = 1; k <= 3; k++)
		attr(c, "device", "dev-a", k);
	for (k = 4; k <= 6; k++)
		attr(c, "device", "dev-b", k);
	r = run(c, NULL, 0, 0, 3);
	ck_assert_uint_eq(r->nnetworks, 2);
	for (i = 0; i < r->nnetworks; i++)
		for (j = 0; j < r->networks[i].size; j++)
			ck_assert_ptr_nonnull(r->networks[i].members[j].handle);
	detect_result_free(r);

	memset(&o, 0, sizeof o);
	o.first_handles_only = true;
	ck_assert_msg(detect_run(c, &o, &r, &cause) == 0, "%s", cause);
	ck_assert_uint_eq(r->nnetworks, 2);
	for (i = 0; i < r->nnetworks; i++) {
		char want[32];

		snprintf(want, sizeof want, "a%lld",
		    (long long)r->networks[i].members[0].id);
		ck_assert_str_eq(r->networks[i].members[0].handle, want);
		for (j = 1; j < r->networks[i].size; j++)
			ck_assert_ptr_null(r->networks[i].members[j].handle);
	}
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_min_size_filters_small_components)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	long long		 i;

	accounts(c, 1, 9);
	for (i = 1; i <= 4; i++)
		attr(c, "device", "dev-a", i);
	for (i = 5; i <= 9; i++)
		attr(c, "device", "dev-b", i);
	r = run(c, NULL, 0, 0, 5);
	ck_assert_uint_eq(r->nnetworks, 1);
	ck_assert_uint_eq(r->networks[0].size, 5);
	ck_assert_int_eq(holding(r, 1), -1);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_hub_value_above_max_share_does_not_join)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	long long		 i;

	accounts(c, 1, 4);
	for (i = 1; i <= 4; i++)
		attr(c, "ip", "100.64.0.1", i);
	r = run(c, NULL, 0, 3, 2);
	ck_assert_uint_eq(r->nnetworks, 0);
	ck_assert_uint_eq(r->nhubs, 1);
	ck_assert_str_eq(r->hubs[0].kind, "ip");
	ck_assert_str_eq(r->hubs[0].value, "100.64.0.1");
	ck_assert_int_eq(r->hubs[0].accounts, 4);
	detect_result_free(r);
	case_close(c);
}
END_TEST

/* With nothing but hubs there is no network, and the hubs still rank
 * most shared first, not in scan order. */
START_TEST(test_hubs_alone_rank_without_networks)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	long long		 i;

	accounts(c, 1, 4);
	for (i = 1; i <= 3; i++)
		attr(c, "phone", "+15550100", i);
	for (i = 1; i <= 4; i++)
		attr(c, "ip", "100.64.0.1", i);
	r = run(c, NULL, 0, 2, 2);
	ck_assert_uint_eq(r->nnetworks, 0);
	ck_assert_int_eq(r->linked_accounts, 0);
	ck_assert_int_eq(r->shared_values, 0);
	ck_assert_uint_eq(r->nhubs, 2);
	ck_assert_str_eq(r->hubs[0].kind, "ip");
	ck_assert_int_eq(r->hubs[0].accounts, 4);
	ck_assert_str_eq(r->hubs[1].kind, "phone");
	ck_assert_int_eq(r->hubs[1].accounts, 3);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_value_at_max_share_still_joins)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	long long		 i;

	accounts(c, 1, 3);
	for (i = 1; i <= 3; i++)
		attr(c, "ip", "100.64.0.1", i);
	r = run(c, NULL, 0, 3, 2);
	ck_assert_uint_eq(r->nnetworks, 1);
	ck_assert_uint_eq(r->networks[0].size, 3);
	ck_assert_uint_eq(r->nhubs, 0);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_hub_does_not_bridge_two_networks)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	long long		 i;

	accounts(c, 1, 8);
	for (i = 1; i <= 8; i++)
		attr(c, "avatar_hash", "default", i);
	for (i = 1; i <= 4; i++)
		attr(c, "phone", "+15550001", i);
	for (i = 5; i <= 8; i++)
		attr(c, "phone", "+15550002", i);
	r = run(c, NULL, 0, 5, 0);
	ck_assert_uint_eq(r->nnetworks, 2);
	ck_assert_int_ne(holding(r, 1), holding(r, 5));
	ck_assert_uint_eq(r->networks[0].nkinds, 1);
	ck_assert_str_eq(r->networks[0].kinds[0].kind, "phone");
	ck_assert_uint_eq(r->nhubs, 1);
	ck_assert_int_eq(r->hubs[0].accounts, 8);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_chains_join_transitively)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;

	accounts(c, 1, 5);
	attr(c, "phone", "+15550001", 1);
	attr(c, "phone", "+15550001", 2);
	attr(c, "email", "b@example.org", 2);
	attr(c, "email", "b@example.org", 3);
	attr(c, "device", "d1", 3);
	attr(c, "device", "d1", 4);
	r = run(c, NULL, 0, 0, 0);
	ck_assert_uint_eq(r->nnetworks, 1);
	ck_assert_uint_eq(r->networks[0].size, 4);
	ck_assert_int_eq(holding(r, 5), -1);
	ck_assert_uint_eq(r->networks[0].nkinds, 3);
	ck_assert_uint_eq(r->networks[0].families, 3);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_kinds_restrict_the_links)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	const char		*kinds[] = { "handle_template" };
	long long		 i;

	accounts(c, 1, 3);
	for (i = 1; i <= 3; i++)
		attr(c, "handle_template", "news_#", i);
	r = run(c, NULL, 0, 0, 0);
	ck_assert_uint_eq(r->nnetworks, 0);
	detect_result_free(r);

	r = run(c, kinds, 1, 0, 0);
	ck_assert_uint_eq(r->nkinds, 1);
	ck_assert_uint_eq(r->nnetworks, 1);
	ck_assert_uint_eq(r->networks[0].size, 3);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_default_kinds_are_infrastructure)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	size_t			 i;
	int			 seen = 0;

	r = run(c, NULL, 0, 0, 0);
	ck_assert_uint_eq(r->nkinds, detect_ndefault_kinds);
	for (i = 0; i < r->nkinds; i++) {
		ck_assert_str_ne(r->kinds[i], "ip24");
		ck_assert_str_ne(r->kinds[i], "handle_template");
		if (strcmp(r->kinds[i], "phone") == 0 ||
		    strcmp(r->kinds[i], "avatar_hash") == 0)
			seen++;
	}
	ck_assert_int_eq(seen, 2);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_ranking_prefers_more_independent_kinds)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	long long		 i;

	accounts(c, 1, 8);
	/* Five accounts on one phone. */
	for (i = 1; i <= 5; i++)
		attr(c, "phone", "+15550001", i);
	/* Three accounts on one device and one e-mail. */
	for (i = 6; i <= 8; i++) {
		attr(c, "device", "d6", i);
		attr(c, "email", "six@example.org", i);
	}
	r = run(c, NULL, 0, 0, 0);
	ck_assert_uint_eq(r->nnetworks, 2);
	ck_assert_int_eq(r->networks[0].members[0].id, 6);
	ck_assert_uint_eq(r->networks[0].families, 2);
	ck_assert_int_eq(r->networks[1].rank, 2);
	ck_assert_uint_eq(r->networks[1].size, 5);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_derived_kinds_are_not_independent)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	const char		*kinds[] = { "ip", "ip24", "phone" };
	long long		 i;

	accounts(c, 1, 8);
	/* Five accounts on one phone. */
	for (i = 1; i <= 5; i++)
		attr(c, "phone", "+15550001", i);
	/* Three on one address, hence one /24: still one family. */
	for (i = 6; i <= 8; i++) {
		attr(c, "ip", "203.0.113.7", i);
		attr(c, "ip24", "203.0.113.0/24", i);
	}
	r = run(c, kinds, nitems(kinds), 0, 0);
	ck_assert_uint_eq(r->nnetworks, 2);
	ck_assert_uint_eq(r->networks[1].nkinds, 2);
	ck_assert_uint_eq(r->networks[1].families, 1);
	ck_assert_uint_eq(r->networks[0].size, 5);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_ranking_breaks_ties_by_size_then_density)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	long long		 i;

	accounts(c, 1, 14);
	/* A chain of four: 1-2, 2-3, 3-4. */
	attr(c, "phone", "p12", 1);
	attr(c, "phone", "p12", 2);
	attr(c, "phone", "p23", 2);
	attr(c, "phone", "p23", 3);
	attr(c, "phone", "p34", 3);
	attr(c, "phone", "p34", 4);
	/* A clique of four on one phone. */
	for (i = 5; i <= 8; i++)
		attr(c, "phone", "p5", i);
	/* A chain of six. */
	for (i = 9; i < 14; i++) {
		char v[16];

		snprintf(v, sizeof v, "q%lld", i);
		attr(c, "phone", v, i);
		attr(c, "phone", v, i + 1);
	}
	r = run(c, NULL, 0, 0, 0);
	ck_assert_uint_eq(r->nnetworks, 3);
	ck_assert_int_eq(r->networks[0].members[0].id, 9);
	ck_assert_int_eq(r->networks[1].members[0].id, 5);
	ck_assert_int_eq(r->networks[2].members[0].id, 1);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_density_is_linked_pairs_over_possible_pairs)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	const struct detect_network *n;

	accounts(c, 1, 4);
	/* 1-2-3 share a phone; 3-4 share an e-mail: 3 + 1 of 6 pairs. */
	attr(c, "phone", "p", 1);
	attr(c, "phone", "p", 2);
	attr(c, "phone", "p", 3);
	attr(c, "email", "e", 3);
	attr(c, "email", "e", 4);
	/* 1 and 2 also share a device: a pair counted once. */
	attr(c, "device", "d", 1);
	attr(c, "device", "d", 2);
	r = run(c, NULL, 0, 0, 0);
	ck_assert_uint_eq(r->nnetworks, 1);
	n = &r->networks[0];
	ck_assert(n->density_exact);
	ck_assert_int_eq(n->linked_pairs, 4);
	ck_assert_double_eq_tol(n->density, 4.0 / 6.0, 1e-9);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_density_of_one_shared_value_is_one)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	long long		 i;

	accounts(c, 1, 6);
	for (i = 1; i <= 6; i++)
		attr(c, "avatar_hash", "abc", i);
	r = run(c, NULL, 0, 0, 0);
	ck_assert_uint_eq(r->nnetworks, 1);
	ck_assert_int_eq(r->networks[0].linked_pairs, 15);
	ck_assert_double_eq_tol(r->networks[0].density, 1.0, 1e-12);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_evidence_lists_the_tying_values)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	const struct detect_network *n;
	struct detect_opts	 o;
	char			*cause = NULL;
	long long		 i;

	accounts(c, 1, 5);
	for (i = 1; i <= 5; i++)
		attr(c, "avatar_hash", "f00d", i);
	attr(c, "phone", "+15550001", 1);
	attr(c, "phone", "+15550001", 2);
	attr(c, "phone", "+15550009", 4);
	attr(c, "phone", "+15550009", 5);
	attr(c, "phone", "+15550005", 3);	/* not shared: no evidence */
	r = run(c, NULL, 0, 0, 0);
	ck_assert_uint_eq(r->nnetworks, 1);
	n = &r->networks[0];
	ck_assert_int_eq(n->values_total, 3);
	ck_assert_uint_eq(n->nvalues, 3);
	ck_assert_str_eq(n->values[0].kind, "avatar_hash");
	ck_assert_str_eq(n->values[0].value, "f00d");
	ck_assert_int_eq(n->values[0].accounts, 5);
	ck_assert_str_eq(n->values[1].value, "+15550001");
	ck_assert_int_eq(n->values[1].accounts, 2);
	ck_assert_str_eq(n->values[2].value, "+15550009");
	ck_assert_uint_eq(n->nkinds, 2);
	ck_assert_str_eq(n->kinds[0].kind, "phone");
	ck_assert_int_eq(n->kinds[0].values, 2);
	ck_assert_int_eq(n->kinds[0].accounts, 4);
	ck_assert_str_eq(n->kinds[1].kind, "avatar_hash");
	ck_assert_int_eq(n->kinds[1].accounts, 5);
	detect_result_free(r);

	memset(&o, 0, sizeof o);
	o.top_values = 1;
	ck_assert(detect_run(c, &o, &r, &cause) == 0);
	ck_assert_uint_eq(r->networks[0].nvalues, 1);
	ck_assert_int_eq(r->networks[0].values_total, 3);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_empty_values_link_nobody)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	long long		 i;

	accounts(c, 1, 3);
	for (i = 1; i <= 3; i++)
		attr(c, "email", "", i);
	r = run(c, NULL, 0, 0, 2);
	ck_assert_uint_eq(r->nnetworks, 0);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_sparse_account_ids_are_handled)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;

	account(c, 7, "seven");
	account(c, 900000000000LL, "big");
	account(c, 900000000001LL, "bigger");
	attr(c, "phone", "p", 7);
	attr(c, "phone", "p", 900000000000LL);
	attr(c, "phone", "p", 900000000001LL);
	r = run(c, NULL, 0, 0, 0);
	ck_assert_uint_eq(r->nnetworks, 1);
	ck_assert_uint_eq(r->networks[0].size, 3);
	ck_assert_int_eq(r->networks[0].members[2].id, 900000000001LL);
	ck_assert_str_eq(r->networks[0].members[2].handle, "bigger");
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_members_carry_platform_and_handle)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	const struct detect_network *n;
	long long		 i;

	/* Few members among many accounts, then nearly all accounts. */
	tu_sql(c, "BEGIN");
	accounts(c, 1, 200);
	tu_sql(c, "COMMIT");
	for (i = 50; i <= 52; i++)
		attr(c, "phone", "p", i);
	r = run(c, NULL, 0, 0, 0);
	ck_assert_uint_eq(r->nnetworks, 1);
	n = &r->networks[0];
	ck_assert_str_eq(n->members[0].handle, "a50");
	ck_assert_str_eq(n->members[2].handle, "a52");
	ck_assert_str_eq(n->members[2].platform, "x");
	detect_result_free(r);

	for (i = 1; i <= 200; i++)
		attr(c, "email", "e", i);
	r = run(c, NULL, 0, 200, 0);
	ck_assert_uint_eq(r->nnetworks, 1);
	n = &r->networks[0];
	ck_assert_uint_eq(n->size, 200);
	ck_assert_str_eq(n->members[0].handle, "a1");
	ck_assert_str_eq(n->members[199].handle, "a200");
	ck_assert_str_eq(n->members[199].platform, "x");
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_empty_case_has_no_networks)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;

	r = run(c, NULL, 0, 0, 0);
	ck_assert_uint_eq(r->nnetworks, 0);
	ck_assert_uint_eq(r->nhubs, 0);
	ck_assert_int_eq(r->rows, 0);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_bad_options_are_refused)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r = NULL;
	struct detect_opts	 o;
	const char		*kinds[] = { "" };
	char			*cause = NULL;

	memset(&o, 0, sizeof o);
	o.max_share = 1;
	ck_assert_int_eq(detect_run(c, &o, &r, &cause), -1);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(cause, "max share"));
	free(cause);

	memset(&o, 0, sizeof o);
	o.min_size = 1;
	ck_assert_int_eq(detect_run(c, &o, &r, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "minimum size"));
	free(cause);

	memset(&o, 0, sizeof o);
	o.kinds = kinds;
	o.nkinds = 1;
	ck_assert_int_eq(detect_run(c, &o, &r, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "kind"));
	free(cause);
	case_close(c);
}
END_TEST

static int
cancel_at_once(void *arg, int64_t rows)
{
	*(int64_t *)arg = rows;
	return 1;
}

START_TEST(test_progress_callback_can_cancel)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r = NULL;
	struct detect_opts	 o;
	char			*cause = NULL;
	int64_t			 seen = 0;

	tu_sql(c, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
	    "FROM n WHERE i < 70000) INSERT INTO accounts(id, platform, "
	    "native_id) SELECT i, 'x', i FROM n");
	tu_sql(c, "INSERT INTO attributes(kind, value, account_id) "
	    "SELECT 'phone', 'p' || (id / 2), id FROM accounts");
	memset(&o, 0, sizeof o);
	o.progress = cancel_at_once;
	o.progress_arg = &seen;
	ck_assert_int_eq(detect_run(c, &o, &r, &cause), -1);
	ck_assert_str_eq(cause, "cancelled");
	ck_assert_int_gt(seen, 0);
	ck_assert_ptr_null(r);
	free(cause);
	case_close(c);
}
END_TEST

START_TEST(test_scan_reads_the_primary_key_in_order)
{
	struct case_db	*c = tu_case_new();
	sqlite3_stmt	*st;
	struct buf	 plan = BUF_INIT;

	ck_assert(sqlite3_prepare_v2(c->db, "EXPLAIN QUERY PLAN SELECT value, "
	    "account_id FROM attributes WHERE kind = ?1 ORDER BY value", -1,
	    &st, NULL) == SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		buf_adds(&plan, (const char *)sqlite3_column_text(st, 3));
		buf_addc(&plan, '\n');
	}
	sqlite3_finalize(st);
	ck_assert_msg(strstr(plan.data, "PRIMARY KEY") != NULL, "%s",
	    plan.data);
	ck_assert_msg(strstr(plan.data, "TEMP B-TREE") == NULL, "%s",
	    plan.data);
	buf_free(&plan);
	case_close(c);
}
END_TEST

/* Three accounts on one phone, handled as given. */
static struct detect_result *
handled(struct case_db *c, const char *h1, const char *h2, const char *h3)
{
	account(c, 1, h1);
	account(c, 2, h2);
	account(c, 3, h3);
	attr(c, "phone", "+1555\x1b[2J", 1);
	attr(c, "phone", "+1555\x1b[2J", 2);
	attr(c, "phone", "+1555\x1b[2J", 3);
	return run(c, NULL, 0, 0, 0);
}

START_TEST(test_table_shows_evidence_and_members)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	char			*out;

	r = handled(c, "alpha", "bravo", "charlie");
	out = print(r, DETECT_TABLE);
	ck_assert_ptr_nonnull(strstr(out, "1 candidate network over phone"));
	ck_assert_ptr_nonnull(strstr(out, "#1  3 accounts"));
	ck_assert_ptr_nonnull(strstr(out, "density 1.000"));
	ck_assert_ptr_nonnull(strstr(out, "tied by phone +1555^[[2J  x3"));
	ck_assert_ptr_nonnull(strstr(out, "bravo  (x)"));
	free(out);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_printing_neutralizes_control_characters)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	char			*out;

	r = handled(c, "evil\x1b]0;pwned\x07", "rtl\xe2\x80\xaegpj.exe",
	    "bad\xff");
	out = print(r, DETECT_TABLE);
	ck_assert_ptr_null(strchr(out, '\x1b'));
	ck_assert_ptr_null(strchr(out, '\x07'));
	ck_assert_ptr_null(strstr(out, "\xe2\x80\xae"));
	ck_assert_ptr_null(strstr(out, "\xff"));
	ck_assert_ptr_nonnull(strstr(out, "evil^[]0;pwned^G"));
	free(out);
	out = print(r, DETECT_CSV);
	ck_assert_ptr_null(strchr(out, '\x1b'));
	ck_assert_ptr_null(strstr(out, "\xe2\x80\xae"));
	free(out);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_csv_has_one_row_per_member)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	char			*out;

	r = handled(c, "alpha", "with,comma", "with\"quote");
	out = print(r, DETECT_CSV);
	ck_assert_str_eq(out,
	    "rank,size,families,density,tied_by,account_id,platform,handle\n"
	    "1,3,1,1.0000,phone,1,x,alpha\n"
	    "1,3,1,1.0000,phone,2,x,\"with,comma\"\n"
	    "1,3,1,1.0000,phone,3,x,\"with\"\"quote\"\n");
	free(out);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_json_is_valid_and_escapes_hostile_text)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	sqlite3_stmt		*st;
	char			*out;

	r = handled(c, "evil\x1b[31m\"q\\", "rtl\xe2\x80\xae", "bad\xff");
	out = print(r, DETECT_JSON);
	ck_assert_ptr_null(strchr(out, '\x1b'));
	/* Sanitized for the terminal first (caret form, <U+XXXX>, U+FFFD),
	 * then escaped for JSON. */
	ck_assert_ptr_nonnull(strstr(out, "evil^[[31m\\\"q\\\\"));
	ck_assert_ptr_nonnull(strstr(out, "rtl<U+202E>"));
	ck_assert_ptr_nonnull(strstr(out, "bad\xef\xbf\xbd"));
	ck_assert(sqlite3_prepare_v2(c->db, "SELECT json_valid(?1), "
	    "json_extract(?1, '$.networks[0].members[1].handle'), "
	    "json_extract(?1, '$.networks[0].values[0].accounts')", -1, &st,
	    NULL) == SQLITE_OK);
	sqlite3_bind_text(st, 1, out, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 1);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 1),
	    "rtl<U+202E>");
	ck_assert_int_eq(sqlite3_column_int(st, 2), 3);
	sqlite3_finalize(st);
	free(out);
	detect_result_free(r);
	case_close(c);
}
END_TEST

START_TEST(test_score_measures_precision_and_recall)
{
	struct case_db		*c = tu_case_new();
	struct detect_result	*r;
	struct detect_score	*sc = NULL;
	size_t			 n = 0;
	char			*cause = NULL;
	long long		 i;

	accounts(c, 1, 12);
	/* Candidate A = 1..4 (4 is organic), candidate B = 6..8. */
	for (i = 1; i <= 4; i++)
		attr(c, "phone", "pa", i);
	for (i = 6; i <= 8; i++)
		attr(c, "phone", "pb", i);
	/* Planted "alpha" = 1..3 and 5 (5 never detected). */
	for (i = 1; i <= 3; i++)
		tu_sql(c, "INSERT INTO planted VALUES(%lld, 'alpha')", i);
	tu_sql(c, "INSERT INTO planted VALUES(5, 'alpha')");
	/* Planted "zulu" = 10..12, never detected. */
	for (i = 10; i <= 12; i++)
		tu_sql(c, "INSERT INTO planted VALUES(%lld, 'zulu')", i);
	r = run(c, NULL, 0, 0, 0);
	ck_assert_int_eq(detect_score(c, r, &sc, &n, &cause), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(sc[0].network, "alpha");
	ck_assert_int_eq(sc[0].planted, 4);
	ck_assert_int_eq(sc[0].best, holding(r, 1));
	ck_assert_int_eq(sc[0].overlap, 3);
	ck_assert_double_eq_tol(sc[0].precision, 0.75, 1e-12);
	ck_assert_double_eq_tol(sc[0].recall, 0.75, 1e-12);
	ck_assert_str_eq(sc[1].network, "zulu");
	ck_assert_int_eq(sc[1].best, -1);
	ck_assert_double_eq_tol(sc[1].recall, 0, 1e-12);
	detect_score_free(sc, n);
	detect_result_free(r);
	case_close(c);
}
END_TEST

/*
 * The demo case at its default size and seed, as `cibscope demo` makes
 * it, generated once for the tests that read it. On it the defaults find
 * every planted network whole and alone (precision and recall 1.000 at
 * 2,000, 5,000 and 20,000 accounts with three seeds each); the decoy
 * shares nothing above the hubs, so no candidate holds any of it. The
 * thresholds leave room for an organic account or two caught by chance
 * while still failing on what goes wrong in practice: a network split
 * into its servers (recall near 0.1) or joined to the background through
 * a hub (precision near 0.4).
 */
#define DEMO_MIN_PRECISION	0.90
#define DEMO_MIN_RECALL		0.90
#define DECOY_MAX_RECALL	0.20

static char	*demo_path;

static void
demo_setup(void)
{
	struct demo_opts	 o;
	struct case_db		*c;
	char			*cause = NULL;

	demo_path = tu_path("demo.db");
	memset(&o, 0, sizeof o);
	o.accounts = DEMO_DEFAULT_ACCOUNTS;
	o.seed = DEMO_DEFAULT_SEED;
	c = case_create(demo_path, "demo", &cause);
	if (c == NULL || demo_generate(c, &o, &cause) != 0) {
		fprintf(stderr, "demo: %s\n", cause);
		exit(99);
	}
	case_close(c);
}

static struct detect_score *
demo_scores_on(const char **kinds, size_t nkinds, size_t *n,
    struct detect_result **rp)
{
	struct case_db		*c;
	struct detect_result	*r = NULL;
	struct detect_score	*sc = NULL;
	struct detect_opts	 o;
	char			*cause = NULL;

	memset(&o, 0, sizeof o);
	o.kinds = kinds;
	o.nkinds = nkinds;
	c = case_open(demo_path, CASE_OPEN_READONLY, &cause);
	ck_assert_msg(c != NULL, "open: %s", cause);
	ck_assert_msg(detect_run(c, nkinds > 0 ? &o : NULL, &r, &cause) == 0,
	    "%s", cause);
	ck_assert_msg(detect_score(c, r, &sc, n, &cause) == 0, "%s", cause);
	case_close(c);
	*rp = r;
	return sc;
}

static struct detect_score *
demo_scores(size_t *n, struct detect_result **rp)
{
	return demo_scores_on(NULL, 0, n, rp);
}

static const struct detect_score *
score_of(const struct detect_score *sc, size_t n, const char *network)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(sc[i].network, network) == 0)
			return &sc[i];
	}
	ck_abort_msg("no score for %s", network);
	return NULL;
}

START_TEST(test_demo_co_similar_finds_the_echo_chorus_whole)
{
	const char			*kinds[] = { "co-similar" };
	const struct detect_score	*e;
	struct detect_result		*r;
	struct detect_score		*sc;
	size_t				 n;

	sc = demo_scores_on(kinds, 1, &n, &r);
	e = score_of(sc, n, DEMO_NET_ECHO);
	fprintf(stderr, "co-similar: echo-chorus precision %.3f recall %.3f"
	    " (candidate %d)\n", e->precision, e->recall, e->best + 1);
	ck_assert_msg(e->precision >= DEMO_MIN_PRECISION &&
	    e->recall >= DEMO_MIN_RECALL, "precision %.3f recall %.3f",
	    e->precision, e->recall);
	ck_assert_msg(score_of(sc, n, DEMO_NET_DECOY)->recall <
	    DECOY_MAX_RECALL, "the fans are one network");
	detect_score_free(sc, n);
	detect_result_free(r);
}
END_TEST

START_TEST(test_demo_near_avatars_find_the_photo_groups)
{
	const char			*kinds[] = { "avatar_phash~6" };
	const struct detect_score	*e;
	struct detect_result		*r;
	struct detect_score		*sc;
	size_t				 n, i;
	int64_t				 echo = 0;

	sc = demo_scores_on(kinds, 1, &n, &r);
	e = score_of(sc, n, DEMO_NET_ECHO);
	/* Four photos, four candidates of a quarter of the chorus each; the
	 * stock photos are hubs and join nobody. */
	ck_assert_msg(e->precision >= 0.99, "precision %.3f", e->precision);
	ck_assert_msg(e->recall >= 0.2, "recall %.3f", e->recall);
	for (i = 0; i < 4 && i < r->nnetworks; i++)
		echo += (int64_t)r->networks[i].size;
	ck_assert_int_ge(echo, 90);
	ck_assert_uint_gt(r->nhubs, 0);
	ck_assert_str_eq(r->hubs[0].kind, "avatar_phash~6");
	detect_score_free(sc, n);
	detect_result_free(r);
}
END_TEST

START_TEST(test_near_kind_names_are_checked)
{
	const char		*bad[] = { "avatar_hash~6", "avatar_phash~16",
				    "co-similar:2", "co-similarity" };
	struct detect_opts	 o;
	struct detect_result	*r = NULL;
	struct case_db		*c;
	char			*cause = NULL;
	size_t			 i;

	c = case_open(demo_path, CASE_OPEN_READONLY, &cause);
	ck_assert_msg(c != NULL, "open: %s", cause);
	for (i = 0; i < nitems(bad); i++) {
		memset(&o, 0, sizeof o);
		o.kinds = &bad[i];
		o.nkinds = 1;
		ck_assert_msg(detect_run(c, &o, &r, &cause) == -1, "%s",
		    bad[i]);
		ck_assert_msg(strstr(cause, bad[i]) != NULL, "%s", cause);
		free(cause);
		cause = NULL;
	}
	case_close(c);
}
END_TEST

START_TEST(test_demo_planted_networks_are_found_by_default)
{
	struct detect_result	*r;
	struct detect_score	*sc;
	size_t			 n, i, found = 0;

	sc = demo_scores(&n, &r);
	for (i = 0; i < n; i++) {
		/* The echo chorus hides its infrastructure: only the
		 * near-duplicate kinds find it (the next tests). */
		if (strncmp(sc[i].network, "decoy", 5) == 0 ||
		    strcmp(sc[i].network, DEMO_NET_ECHO) == 0)
			continue;
		ck_assert_msg(sc[i].precision >= DEMO_MIN_PRECISION &&
		    sc[i].recall >= DEMO_MIN_RECALL,
		    "%s: precision %.3f recall %.3f", sc[i].network,
		    sc[i].precision, sc[i].recall);
		/* Each planted network is among the top candidates. */
		ck_assert_int_lt(sc[i].best, 4);
		found++;
	}
	ck_assert_uint_ge(found, 4);
	detect_score_free(sc, n);
	detect_result_free(r);
}
END_TEST

START_TEST(test_demo_decoy_is_not_one_network)
{
	struct detect_result	*r;
	struct detect_score	*sc;
	size_t			 n, i, decoys = 0;

	sc = demo_scores(&n, &r);
	for (i = 0; i < n; i++) {
		if (strncmp(sc[i].network, "decoy", 5) != 0)
			continue;
		ck_assert_msg(sc[i].recall < DECOY_MAX_RECALL,
		    "%s: one candidate holds %.3f of it", sc[i].network,
		    sc[i].recall);
		decoys++;
	}
	ck_assert_uint_eq(decoys, 1);
	detect_score_free(sc, n);
	detect_result_free(r);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("detect");
	TCase	*tc = tcase_create("detect");

	tcase_add_test(tc, test_two_accounts_sharing_a_phone_are_one_network);
	tcase_add_test(tc, test_default_min_size_is_three);
	tcase_add_test(tc, test_min_size_filters_small_components);
	tcase_add_test(tc, test_first_handles_only_reads_one_handle_a_network);
	tcase_add_test(tc, test_hub_value_above_max_share_does_not_join);
	tcase_add_test(tc, test_hubs_alone_rank_without_networks);
	tcase_add_test(tc, test_value_at_max_share_still_joins);
	tcase_add_test(tc, test_hub_does_not_bridge_two_networks);
	tcase_add_test(tc, test_chains_join_transitively);
	tcase_add_test(tc, test_kinds_restrict_the_links);
	tcase_add_test(tc, test_default_kinds_are_infrastructure);
	tcase_add_test(tc, test_ranking_prefers_more_independent_kinds);
	tcase_add_test(tc, test_derived_kinds_are_not_independent);
	tcase_add_test(tc, test_ranking_breaks_ties_by_size_then_density);
	tcase_add_test(tc, test_density_is_linked_pairs_over_possible_pairs);
	tcase_add_test(tc, test_density_of_one_shared_value_is_one);
	tcase_add_test(tc, test_evidence_lists_the_tying_values);
	tcase_add_test(tc, test_empty_values_link_nobody);
	tcase_add_test(tc, test_sparse_account_ids_are_handled);
	tcase_add_test(tc, test_members_carry_platform_and_handle);
	tcase_add_test(tc, test_empty_case_has_no_networks);
	tcase_add_test(tc, test_bad_options_are_refused);
	tcase_add_test(tc, test_progress_callback_can_cancel);
	tcase_add_test(tc, test_scan_reads_the_primary_key_in_order);
	tcase_add_test(tc, test_table_shows_evidence_and_members);
	tcase_add_test(tc, test_printing_neutralizes_control_characters);
	tcase_add_test(tc, test_csv_has_one_row_per_member);
	tcase_add_test(tc, test_json_is_valid_and_escapes_hostile_text);
	tcase_add_test(tc, test_score_measures_precision_and_recall);
	suite_add_tcase(s, tc);

	tc = tcase_create("demo");
	tcase_add_unchecked_fixture(tc, demo_setup, NULL);
	tcase_add_test(tc, test_demo_planted_networks_are_found_by_default);
	tcase_add_test(tc, test_demo_decoy_is_not_one_network);
	tcase_add_test(tc, test_demo_co_similar_finds_the_echo_chorus_whole);
	tcase_add_test(tc, test_demo_near_avatars_find_the_photo_groups);
	tcase_add_test(tc, test_near_kind_names_are_checked);
	suite_add_tcase(s, tc);
	return s;
}
