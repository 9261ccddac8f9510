/*
 * test_case.c: creating and opening cases, and the ingest write path that
 * every importer shares.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "ingest.h"
#include "testutil.h"
#include "util.h"

START_TEST(test_new_case_has_current_schema_and_wal)
{
	struct case_db	*c = tu_case_new();

	ck_assert_int_eq(tu_int(c, "PRAGMA user_version"),
	    CASE_SCHEMA_VERSION);
	ck_assert_int_eq(tu_int(c, "PRAGMA application_id"),
	    CASE_APPLICATION_ID);
	ck_assert_int_eq(tu_int(c, "PRAGMA foreign_keys"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM pragma_journal_mode"
	    " WHERE journal_mode = 'wal'"), 1);
	case_close(c);
}
END_TEST

START_TEST(test_create_refuses_an_existing_file)
{
	char	*path = tu_write("exists.db", "x");
	char	*cause = NULL;

	ck_assert_ptr_null(case_create(path, "x", &cause));
	ck_assert_ptr_nonnull(strstr(cause, "already exists"));
	free(cause);
	free(path);
}
END_TEST

START_TEST(test_reopen_keeps_name)
{
	char		*path = tu_path("reopen.db"), *cause = NULL, *name;
	struct case_db	*c = case_create(path, "Op Reopen", &cause);

	ck_assert_ptr_nonnull(c);
	case_close(c);
	c = case_open(path, 0, &cause);
	ck_assert_msg(c != NULL, "%s", cause);
	name = case_info_get(c, "name");
	ck_assert_str_eq(name, "Op Reopen");
	ck_assert_int_eq(c->migrated_from, 0);
	free(name);
	case_close(c);
	free(path);
}
END_TEST

START_TEST(test_newer_case_is_refused)
{
	char		*path = tu_path("newer.db"), *cause = NULL;
	struct case_db	*c = case_create(path, "n", &cause);

	case_exec(c, "PRAGMA user_version = 42", NULL);
	case_close(c);
	ck_assert_ptr_null(case_open(path, 0, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "written by a newer cibscope"));
	free(cause);
	free(path);
}
END_TEST

START_TEST(test_not_sqlite_is_named)
{
	char	*path = tu_write("plain.db", "just some text, not a database"
	    " at all, long enough");
	char	*cause = NULL;

	ck_assert_ptr_null(case_open(path, 0, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "not an SQLite database"));
	ck_assert_ptr_nonnull(strstr(cause, path));
	free(cause);
	free(path);
}
END_TEST

START_TEST(test_readonly_open_refuses_writes)
{
	char		*path = tu_path("ro.db"), *cause = NULL;
	struct case_db	*c = case_create(path, "r", &cause);

	case_close(c);
	c = case_open(path, CASE_OPEN_READONLY, &cause);
	ck_assert_ptr_nonnull(c);
	ck_assert(c->readonly);
	ck_assert_int_eq(case_begin(c, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "read-only"));
	free(cause);
	case_close(c);
	free(path);
}
END_TEST

START_TEST(test_busy_case_says_so)
{
	char		*path = tu_path("busy.db"), *cause = NULL;
	struct case_db	*a = case_create(path, "b", &cause);
	struct case_db	*b = case_open(path, 0, &cause);

	ck_assert_ptr_nonnull(b);
	sqlite3_busy_timeout(b->db, 50);
	ck_assert_int_eq(case_begin(a, &cause), 0);
	ck_assert_int_eq(case_begin(b, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "busy"));
	free(cause);
	case_rollback(a);
	case_close(a);
	case_close(b);
	free(path);
}
END_TEST

static int64_t
add_account(struct ingest *in, const char *id, const char *handle)
{
	struct account_rec	 r = ACCOUNT_REC_INIT;
	char			*cause = NULL;
	int64_t			 n;

	r.platform = "chirp";
	r.native_id = id;
	r.handle = handle;
	r.created_at = "2023-03-01 02:14:00";
	n = ingest_account(in, &r, &cause);
	ck_assert_msg(n > 0, "%s", cause);
	return n;
}

START_TEST(test_ingest_derives_template_and_day)
{
	struct case_db	*c = tu_case_new();
	struct ingest	*in = ingest_begin(c, "t", NULL);

	add_account(in, "1", "anna_petrova1987");
	ck_assert_int_eq(ingest_commit(in, NULL), 0);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attributes WHERE "
	    "kind = 'handle_template' AND value = 'anna_petrova#'"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attributes WHERE "
	    "kind = 'created_day' AND value = '2023-03-01'"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts WHERE "
	    "created_at = '2023-03-01T02:14:00Z'"), 1);
	case_close(c);
}
END_TEST

START_TEST(test_ingest_same_rows_twice_changes_nothing)
{
	struct case_db	*c = tu_case_new();
	struct ingest	*in;
	int		 pass;

	for (pass = 0; pass < 2; pass++) {
		in = ingest_begin(c, "t", NULL);
		int64_t a = add_account(in, "1", "x1");
		ck_assert_int_ge(ingest_attribute(in, a, "phone",
		    "+7 912 345-67-89", NULL), 0);
		if (pass == 1) {
			ck_assert_int_eq(ingest_get_stats(in)->accounts_new, 0);
			ck_assert_int_eq(ingest_get_stats(in)->accounts_updated,
			    0);
			ck_assert_int_eq(ingest_get_stats(in)->attributes, 0);
		}
		ck_assert_int_eq(ingest_commit(in, NULL), 0);
	}
	ck_assert_int_eq(case_count(c, "accounts"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attributes WHERE "
	    "kind = 'phone'"), 1);
	case_close(c);
}
END_TEST

START_TEST(test_ingest_sentinels_link_nobody)
{
	struct case_db	*c = tu_case_new();
	struct ingest	*in = ingest_begin(c, "t", NULL);
	const char	*sentinels[] = { "", "NA", "null", "None", "[]", "0" };
	size_t		 i;

	for (i = 0; i < nitems(sentinels); i++) {
		char id[8];

		snprintf(id, sizeof id, "s%zu", i);
		int64_t a = add_account(in, id, "plain");
		ck_assert_int_eq(ingest_attribute(in, a, "phone", sentinels[i],
		    NULL), 0);
		ck_assert_int_eq(ingest_values(in, a, "ip", "['0', '']", 0,
		    NULL), 0);
	}
	ck_assert_int_eq(ingest_commit(in, NULL), 0);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attributes WHERE "
	    "kind IN ('phone', 'ip', 'ip24')"), 0);
	case_close(c);
}
END_TEST

START_TEST(test_ingest_stats_stay_exact_across_sessions)
{
	struct case_db	*c = tu_case_new();
	struct ingest	*in = ingest_begin(c, "t", NULL);
	int64_t		 a, b;

	a = add_account(in, "1", "one");
	ingest_attribute(in, a, "avatar_hash", "A91F00", NULL);
	ck_assert_int_eq(ingest_commit(in, NULL), 0);
	in = ingest_begin(c, "t2", NULL);
	b = add_account(in, "2", "two");
	ingest_attribute(in, b, "avatar_hash", "a91f00", NULL);
	ck_assert_int_eq(ingest_commit(in, NULL), 0);
	ck_assert_int_eq(tu_int(c, "SELECT accounts FROM attribute_stats "
	    "WHERE kind = 'avatar_hash' AND value = 'a91f00'"), 2);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attribute_stats s "
	    "WHERE accounts != (SELECT count(*) FROM attributes a "
	    "WHERE a.kind = s.kind AND a.value = s.value)"), 0);
	case_close(c);
}
END_TEST

START_TEST(test_ingest_abort_leaves_case_as_it_was)
{
	struct case_db	*c = tu_case_new();
	struct ingest	*in = ingest_begin(c, "t", NULL);

	add_account(in, "1", "kept");
	ck_assert_int_eq(ingest_commit(in, NULL), 0);
	in = ingest_begin(c, "t", NULL);
	add_account(in, "2", "lost");
	ingest_abort(in);
	ck_assert_int_eq(case_count(c, "accounts"), 1);
	ck_assert_int_eq(case_count(c, "audit"), 1);
	case_close(c);
}
END_TEST

START_TEST(test_ingest_repairs_invalid_utf8)
{
	struct case_db		*c = tu_case_new();
	struct ingest		*in = ingest_begin(c, "t", NULL);
	struct account_rec	 r = ACCOUNT_REC_INIT;

	r.platform = "chirp";
	r.native_id = "9";
	r.display_name = "bad \xff\xfe name";
	ck_assert_int_gt(ingest_account(in, &r, NULL), 0);
	ck_assert_int_eq(ingest_get_stats(in)->repaired, 2);
	ck_assert_int_eq(ingest_commit(in, NULL), 0);
	ck_assert_int_eq(tu_int(c, "SELECT display_name = 'bad "
	    "\xef\xbf\xbd\xef\xbf\xbd name' FROM accounts"), 1);
	case_close(c);
}
END_TEST

START_TEST(test_ingest_audits_the_import)
{
	struct case_db	*c = tu_case_new();
	struct ingest	*in = ingest_begin(c, "users.csv", NULL);

	add_account(in, "1", "a");
	ck_assert_int_eq(ingest_commit(in, NULL), 0);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit WHERE "
	    "action = 'import' AND target = 'users.csv'"), 1);
	ck_assert_int_ne(sqlite3_exec(c->db, "DELETE FROM audit", NULL, NULL,
	    NULL), SQLITE_OK);
	case_close(c);
}
END_TEST

START_TEST(test_split_reads_bracketed_lists)
{
	struct case_db	*c = tu_case_new();
	struct ingest	*in = ingest_begin(c, "t", NULL);
	int64_t		 a = add_account(in, "1", "a");

	ck_assert_int_eq(ingest_values(in, a, "hashtag",
	    "['one', \"two\", three]", 0, NULL), 3);
	ck_assert_int_eq(ingest_values(in, a, "device", "d1;d2", ';', NULL),
	    2);
	ck_assert_int_eq(ingest_commit(in, NULL), 0);
	case_close(c);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("case");
	TCase	*tc = tcase_create("open");
	TCase	*ti = tcase_create("ingest");

	tcase_add_test(tc, test_new_case_has_current_schema_and_wal);
	tcase_add_test(tc, test_create_refuses_an_existing_file);
	tcase_add_test(tc, test_reopen_keeps_name);
	tcase_add_test(tc, test_newer_case_is_refused);
	tcase_add_test(tc, test_not_sqlite_is_named);
	tcase_add_test(tc, test_readonly_open_refuses_writes);
	tcase_add_test(tc, test_busy_case_says_so);
	suite_add_tcase(s, tc);
	tcase_add_test(ti, test_ingest_derives_template_and_day);
	tcase_add_test(ti, test_ingest_same_rows_twice_changes_nothing);
	tcase_add_test(ti, test_ingest_sentinels_link_nobody);
	tcase_add_test(ti, test_ingest_stats_stay_exact_across_sessions);
	tcase_add_test(ti, test_ingest_abort_leaves_case_as_it_was);
	tcase_add_test(ti, test_ingest_repairs_invalid_utf8);
	tcase_add_test(ti, test_ingest_audits_the_import);
	tcase_add_test(ti, test_split_reads_bracketed_lists);
	suite_add_tcase(s, ti);
	return s;
}
