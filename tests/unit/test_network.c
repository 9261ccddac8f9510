/*
 * test_network.c: saved networks as a specification: each way of choosing
 * members keeps its evidence and answers "why"; relabel, rename, merge and
 * removal do what they say; every change has its audit row in the same
 * transaction (a failing audit insert undoes the change); the audit trail
 * refuses UPDATE and DELETE; technique ids are checked.
 */
#include "config.h"
#include "testutil.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "case.h"
#include "detect.h"
#include "network.h"
#include "query.h"
#include "util.h"

static struct case_db	*c;

/* Text of a one-value query, or NULL. malloc'd. */
static char *
text(const char *fmt, ...) CIB_PRINTF(1, 2);

static char *
text(const char *fmt, ...)
{
	va_list		 ap;
	sqlite3_stmt	*st;
	char		*q, *out = NULL;

	va_start(ap, fmt);
	q = xvasprintf(fmt, ap);
	va_end(ap);
	ck_assert_msg(sqlite3_prepare_v2(c->db, q, -1, &st, NULL) == SQLITE_OK,
	    "%s: %s", q, sqlite3_errmsg(c->db));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	free(q);
	return out;
}

/*
 * Six accounts: 1, 2 and 3 share a phone; 3 and 4 share an avatar; 5
 * and 6 share nothing but post the same text 10 s apart.
 */
static void
setup(void)
{
	int	i;

	c = tu_case_new();
	for (i = 1; i <= 6; i++)
		tu_sql(c, "INSERT INTO accounts(id, platform, native_id, handle) "
		    "VALUES(%d, 'chirp', 'n%d', 'h%d')", i, i, i);
	tu_sql(c, "INSERT INTO attributes(kind, value, account_id) VALUES"
	    "('phone', '447700900001', 1), ('phone', '447700900001', 2),"
	    "('phone', '447700900001', 3), ('avatar_hash', 'aaaa', 3),"
	    "('avatar_hash', 'aaaa', 4), ('phone', '15550000005', 5)");
	tu_sql(c, "INSERT INTO attribute_stats SELECT kind, value, count(*) FROM "
	    "attributes GROUP BY 1, 2");
	tu_sql(c, "INSERT INTO posts(account_id, native_id, posted_at, text, "
	    "text_hash) VALUES (5, 'p5', 1700000000, 'vote now', 77),"
	    "(6, 'p6', 1700000010, 'vote now', 77),"
	    "(5, 'p5b', 1700001000, 'again', 78),"
	    "(6, 'p6b', 1700001005, 'again', 78)");
}

static void
teardown(void)
{
	case_close(c);
	c = NULL;
}

static struct network_info
info(const char *name)
{
	struct network_info	ni;

	memset(&ni, 0, sizeof ni);
	ni.name = name;
	return ni;
}

static void
tag_ids(const char *name, const int64_t *ids, size_t n)
{
	struct network_info	ni = info(name);
	char			*cause = NULL;

	ck_assert_msg(network_tag_accounts(c, &ni, ids, n, NULL, &cause) ==
	    0, "%s", cause);
}

/* A pivot on phone from account 1. */
static struct query *
pivot_phone(void)
{
	struct query	*q = query_new();

	q->name = xstrdup("pivot");
	q->from = QUERY_FROM_SELECTION;
	q->pivot = xcalloc(1, sizeof *q->pivot);
	q->pivot->kinds = xcalloc(1, sizeof *q->pivot->kinds);
	q->pivot->kinds[0] = xstrdup("phone");
	q->pivot->nkinds = 1;
	return q;
}

static void
tag_pivot(const char *name)
{
	struct network_info	 ni = info(name);
	struct query		*q = pivot_phone();
	struct query_args	 a;
	int64_t			 seed = 1;
	char			*cause = NULL;

	memset(&a, 0, sizeof a);
	a.seeds = &seed;
	a.nseeds = 1;
	ck_assert_msg(network_tag_query(c, &ni, q, &a, "pivot", NULL,
	    &cause) == 0, "%s", cause);
	query_free(q);
}

START_TEST(test_tag_accounts_saves_members_with_evidence)
{
	int64_t	 ids[] = { 1, 4 };
	char	*v;

	tag_ids("ring", ids, 2);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM network_members"), 2);
	v = text("SELECT json_extract(evidence, '$[0].via') FROM "
	    "network_members WHERE account_id = 4");
	ck_assert_str_eq(v, "accounts");
	free(v);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit WHERE action"
	    " = 'tag' AND target = 'ring' AND json_extract(detail,"
	    " '$.accounts[1]') = 4"), 1);
}
END_TEST

START_TEST(test_tag_query_keeps_shared_values_with_counts)
{
	tag_pivot("ring");
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM network_members"), 3);
	ck_assert_int_eq(tu_int(c, "SELECT json_extract(evidence,"
	    " '$[0].shared[0].accounts') FROM network_members WHERE"
	    " account_id = 2"), 3);
	ck_assert_int_eq(tu_int(c, "SELECT json_extract(evidence,"
	    " '$[0].query.seeds[0]') FROM network_members WHERE"
	    " account_id = 2"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT json_extract(detail, '$.count')"
	    " FROM audit WHERE action = 'tag'"), 3);
	ck_assert_int_eq(tu_int(c, "SELECT json_extract(detail,"
	    " '$.query.pivot.on[0]') = 'phone' FROM audit WHERE action ="
	    " 'tag'"), 1);
}
END_TEST

START_TEST(test_tag_coordination_keeps_partners_and_message_times)
{
	struct network_info	 ni = info("posters");
	struct query		*q = query_new();
	char			*cause = NULL, *v;

	q->name = xstrdup("co-post");
	q->coord = xcalloc(1, sizeof *q->coord);
	q->coord->kind = QUERY_COORD_POST;
	q->coord->min_weight = xstrdup("2");
	ck_assert_msg(network_tag_query(c, &ni, q, NULL, NULL, NULL,
	    &cause) == 0, "%s", cause);
	query_free(q);
	ck_assert_int_eq(tu_int(c, "SELECT json_extract(evidence,"
	    " '$[0].partners[0].account') FROM network_members WHERE"
	    " account_id = 5"), 6);
	v = text("SELECT json_extract(evidence, '$[0].partners[0].pairs[0]"
	    ".partner_at') FROM network_members WHERE account_id = 5");
	ck_assert_str_eq(v, "2023-11-14T22:13:30Z");
	free(v);
}
END_TEST

START_TEST(test_tag_detection_keeps_tying_values)
{
	struct network_info	ni = info("found");
	struct detect_opts	o;
	const char		*kinds[] = { "phone", "avatar_hash" };
	char			*cause = NULL;

	memset(&o, 0, sizeof o);
	o.kinds = kinds;
	o.nkinds = 2;
	ck_assert_msg(network_tag_detection(c, &ni, &o, 1, NULL, &cause) ==
	    0, "%s", cause);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM network_members"), 4);
	ck_assert_int_eq(tu_int(c, "SELECT json_array_length(evidence,"
	    " '$[0].shared') FROM network_members WHERE account_id = 3"), 2);
	ck_assert_int_eq(tu_int(c, "SELECT json_extract(detail,"
	    " '$.detection.rank') FROM audit WHERE action = 'tag'"), 1);
}
END_TEST

START_TEST(test_tag_detection_refuses_a_missing_candidate)
{
	struct network_info	ni = info("found");
	struct detect_opts	o;
	char			*cause = NULL;

	memset(&o, 0, sizeof o);
	ck_assert_int_eq(network_tag_detection(c, &ni, &o, 9, NULL, &cause),
	    -1);
	ck_assert_ptr_nonnull(strstr(cause, "no candidate 9"));
	free(cause);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM networks"), 0);
}
END_TEST

START_TEST(test_tag_again_appends_evidence)
{
	int64_t	ids[] = { 2 };

	tag_ids("ring", ids, 1);
	tag_pivot("ring");
	ck_assert_int_eq(tu_int(c, "SELECT json_array_length(evidence) FROM "
	    "network_members WHERE account_id = 2"), 2);
	ck_assert_int_eq(tu_int(c, "SELECT json_extract(evidence, '$[0].via')"
	    " = 'accounts' AND json_extract(evidence, '$[1].via') = 'pivot'"
	    " FROM network_members WHERE account_id = 2"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT json_extract(detail, '$.added')"
	    " FROM audit WHERE action = 'tag' ORDER BY seq DESC LIMIT 1"), 2);
}
END_TEST

START_TEST(test_why_names_source_values_and_counts)
{
	char	*cause = NULL, *why;

	tag_pivot("ring");
	why = network_why(c, "ring", 2, &cause);
	ck_assert_msg(why != NULL, "%s", cause);
	ck_assert_ptr_nonnull(strstr(why, "via pivot on phone"));
	ck_assert_ptr_nonnull(strstr(why, "shares phone 447700900001, held "
	    "by 3 accounts"));
	ck_assert_ptr_nonnull(strstr(why, "added by "));
	free(why);
}
END_TEST

START_TEST(test_why_refuses_an_account_not_in_the_network)
{
	char	*cause = NULL;

	tag_pivot("ring");
	ck_assert_ptr_null(network_why(c, "ring", 6, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "not in network"));
	free(cause);
}
END_TEST

START_TEST(test_relabel_changes_the_label_with_an_audit_row)
{
	char	*cause = NULL, *v;

	tag_pivot("ring");
	ck_assert_msg(network_relabel(c, "ring", "cib", &cause) == 0, "%s",
	    cause);
	v = text("SELECT label FROM networks WHERE name = 'ring'");
	ck_assert_str_eq(v, "cib");
	free(v);
	v = text("SELECT json_extract(detail, '$.from') || '>' ||"
	    " json_extract(detail, '$.to') FROM audit WHERE action ="
	    " 'relabel'");
	ck_assert_str_eq(v, "suspected>cib");
	free(v);
}
END_TEST

START_TEST(test_relabel_refuses_an_unknown_label)
{
	char	*cause = NULL;

	tag_pivot("ring");
	ck_assert_int_eq(network_relabel(c, "ring", "bad", &cause), -1);
	free(cause);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit WHERE action"
	    " = 'relabel'"), 0);
}
END_TEST

START_TEST(test_rename_moves_the_name_with_an_audit_row)
{
	char	*cause = NULL;

	tag_pivot("ring");
	ck_assert_msg(network_rename(c, "ring", "ring-7", &cause) == 0, "%s",
	    cause);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM networks WHERE name"
	    " = 'ring-7'"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit WHERE action"
	    " = 'rename' AND json_extract(detail, '$.to') = 'ring-7'"), 1);
}
END_TEST

START_TEST(test_rename_refuses_a_taken_name)
{
	int64_t	 ids[] = { 6 };
	char	*cause = NULL;

	tag_pivot("ring");
	tag_ids("other", ids, 1);
	ck_assert_int_eq(network_rename(c, "ring", "other", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "already exists"));
	free(cause);
}
END_TEST

START_TEST(test_merge_combines_members_and_evidence)
{
	int64_t	 ids[] = { 3, 4 };
	char	*cause = NULL;

	tag_pivot("a");
	tag_ids("b", ids, 2);
	ck_assert_msg(network_merge(c, "b", "a", &cause) == 0, "%s", cause);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM networks"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM network_members"), 4);
	ck_assert_int_eq(tu_int(c, "SELECT json_array_length(evidence) FROM"
	    " network_members WHERE account_id = 3"), 2);
	ck_assert_int_eq(tu_int(c, "SELECT json_extract(detail, '$.added')"
	    " FROM audit WHERE action = 'merge' AND target = 'b'"), 1);
}
END_TEST

START_TEST(test_remove_members_takes_them_out_with_an_audit_row)
{
	int64_t	 ids[] = { 2, 6 }, removed = -1;
	char	*cause = NULL;

	tag_pivot("ring");
	ck_assert_msg(network_remove_members(c, "ring", ids, 2, &removed,
	    &cause) == 0, "%s", cause);
	ck_assert_int_eq(removed, 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM network_members"), 2);
	ck_assert_int_eq(tu_int(c, "SELECT json_extract(detail,"
	    " '$.removed') FROM audit WHERE action = 'remove-members'"), 1);
}
END_TEST

START_TEST(test_remove_deletes_network_and_members)
{
	char	*cause = NULL;

	tag_pivot("ring");
	ck_assert_msg(network_remove(c, "ring", &cause) == 0, "%s", cause);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM network_members"), 0);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit WHERE action"
	    " = 'remove'"), 1);
}
END_TEST

static void
break_audit(void)
{
	tu_sql(c, "CREATE TRIGGER test_audit_fails BEFORE INSERT ON audit BEGIN"
	    " SELECT RAISE(ABORT, 'audit insert failed on purpose'); END");
}

START_TEST(test_failed_audit_row_undoes_the_tag)
{
	struct network_info	 ni = info("ring");
	struct query		*q = pivot_phone();
	struct query_args	 a;
	int64_t			 seed = 1;
	char			*cause = NULL;

	break_audit();
	memset(&a, 0, sizeof a);
	a.seeds = &seed;
	a.nseeds = 1;
	ck_assert_int_eq(network_tag_query(c, &ni, q, &a, NULL, NULL, &cause),
	    -1);
	query_free(q);
	free(cause);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM networks"), 0);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM network_members"), 0);
}
END_TEST

START_TEST(test_failed_audit_row_undoes_the_relabel)
{
	char	*cause = NULL, *v;

	tag_pivot("ring");
	break_audit();
	ck_assert_int_eq(network_relabel(c, "ring", "cib", &cause), -1);
	free(cause);
	v = text("SELECT label FROM networks WHERE name = 'ring'");
	ck_assert_str_eq(v, "suspected");
	free(v);
}
END_TEST

START_TEST(test_failed_audit_row_undoes_the_merge)
{
	int64_t	 ids[] = { 6 };
	char	*cause = NULL;

	tag_pivot("a");
	tag_ids("b", ids, 1);
	break_audit();
	ck_assert_int_eq(network_merge(c, "b", "a", &cause), -1);
	free(cause);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM networks"), 2);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM network_members"), 4);
}
END_TEST

START_TEST(test_audit_trail_refuses_update)
{
	char	*err = NULL;

	tag_pivot("ring");
	ck_assert_int_ne(sqlite3_exec(c->db, "UPDATE audit SET actor = 'x'",
	    NULL, NULL, &err), SQLITE_OK);
	ck_assert_ptr_nonnull(strstr(err, "append-only"));
	sqlite3_free(err);
}
END_TEST

START_TEST(test_audit_trail_refuses_delete)
{
	char	*err = NULL;

	tag_pivot("ring");
	ck_assert_int_ne(sqlite3_exec(c->db, "DELETE FROM audit", NULL, NULL,
	    &err), SQLITE_OK);
	ck_assert_ptr_nonnull(strstr(err, "append-only"));
	sqlite3_free(err);
	ck_assert_int_gt(tu_int(c, "SELECT count(*) FROM audit"), 0);
}
END_TEST

START_TEST(test_unknown_technique_refused_with_vocabulary_loaded)
{
	struct network_info	 ni = info("ring");
	int64_t			 ids[] = { 1 };
	char			*cause = NULL;

	tu_sql(c, "INSERT INTO vocab(id, framework, name) VALUES ('T0007',"
	    " 'disarm', 'Create Inauthentic Pages')");
	ni.ttps = "T0007, T9999";
	ck_assert_int_eq(network_tag_accounts(c, &ni, ids, 1, NULL, &cause),
	    -1);
	ck_assert_ptr_nonnull(strstr(cause, "T9999"));
	free(cause);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM networks"), 0);
}
END_TEST

START_TEST(test_technique_checked_by_form_without_vocabulary)
{
	struct network_info	 ni = info("ring");
	int64_t			 ids[] = { 1 };
	char			*cause = NULL;

	ni.ttps = "T9999, 0.3.2";
	ck_assert_msg(network_tag_accounts(c, &ni, ids, 1, NULL, &cause) == 0,
	    "%s", cause);
	ni.ttps = "bogus";
	ck_assert_int_eq(network_tag_accounts(c, &ni, ids, 1, NULL, &cause),
	    -1);
	ck_assert_ptr_nonnull(strstr(cause, "not a technique id"));
	free(cause);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("network");
	TCase	*t = tcase_create("network");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_tag_accounts_saves_members_with_evidence);
	tcase_add_test(t, test_tag_query_keeps_shared_values_with_counts);
	tcase_add_test(t,
	    test_tag_coordination_keeps_partners_and_message_times);
	tcase_add_test(t, test_tag_detection_keeps_tying_values);
	tcase_add_test(t, test_tag_detection_refuses_a_missing_candidate);
	tcase_add_test(t, test_tag_again_appends_evidence);
	tcase_add_test(t, test_why_names_source_values_and_counts);
	tcase_add_test(t, test_why_refuses_an_account_not_in_the_network);
	tcase_add_test(t, test_relabel_changes_the_label_with_an_audit_row);
	tcase_add_test(t, test_relabel_refuses_an_unknown_label);
	tcase_add_test(t, test_rename_moves_the_name_with_an_audit_row);
	tcase_add_test(t, test_rename_refuses_a_taken_name);
	tcase_add_test(t, test_merge_combines_members_and_evidence);
	tcase_add_test(t,
	    test_remove_members_takes_them_out_with_an_audit_row);
	tcase_add_test(t, test_remove_deletes_network_and_members);
	tcase_add_test(t, test_failed_audit_row_undoes_the_tag);
	tcase_add_test(t, test_failed_audit_row_undoes_the_relabel);
	tcase_add_test(t, test_failed_audit_row_undoes_the_merge);
	tcase_add_test(t, test_audit_trail_refuses_update);
	tcase_add_test(t, test_audit_trail_refuses_delete);
	tcase_add_test(t,
	    test_unknown_technique_refused_with_vocabulary_loaded);
	tcase_add_test(t, test_technique_checked_by_form_without_vocabulary);
	suite_add_tcase(s, t);
	return s;
}
