/*
 * test_audit.c: the audit trail as a hash chain: appended rows chain,
 * changes outside cibscope are found and named, and a case of schema 1
 * is migrated whole, or read as it is when opened read-only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "case.h"
#include "testutil.h"
#include "util.h"

static struct case_db *
case_with_trail(int rows)
{
	struct case_db	*c = tu_case_new();
	char		*cause = NULL, target[16];
	int		 i;

	ck_assert_int_eq(case_begin(c, &cause), 0);
	for (i = 1; i <= rows; i++) {
		snprintf(target, sizeof target, "t%d", i);
		ck_assert_msg(audit_append(c, "query", target, i % 2 ?
		    "{\"n\":1}" : NULL, &cause) == 0, "%s", cause);
	}
	ck_assert_int_eq(case_commit(c, &cause), 0);
	return c;
}

static void
verify(struct case_db *c, struct audit_chain *ch)
{
	char	*cause = NULL;

	ck_assert_msg(audit_verify(c, ch, &cause) == 0, "%s", cause);
}

/* Run SQL that cibscope itself never would: the triggers dropped. */
static void
tamper(struct case_db *c, const char *sql)
{
	char	*cause = NULL;
	char	*all = xasprintf("DROP TRIGGER IF EXISTS audit_no_update;"
	    " DROP TRIGGER IF EXISTS audit_no_delete;"
	    " DROP TRIGGER IF EXISTS audit_needs_hash; %s", sql);

	ck_assert_msg(case_exec(c, all, &cause) == 0, "%s", cause);
	free(all);
}

START_TEST(test_appended_rows_form_an_intact_chain)
{
	struct case_db		*c = case_with_trail(5);
	struct audit_chain	 ch;

	verify(c, &ch);
	ck_assert(ch.chained);
	ck_assert_int_eq(ch.entries, 5);
	ck_assert_int_eq(ch.head_seq, 5);
	ck_assert_int_eq(ch.broken_seq, 0);
	ck_assert_int_eq(strlen(ch.head), 64);
	/* The head is the last row's stored hash, and every row differs. */
	ck_assert_int_eq(tu_int(c, "SELECT count(DISTINCT hash) FROM audit"),
	    5);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit WHERE seq = 5"
	    " AND hash = (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1)"),
	    1);
	case_close(c);
}
END_TEST

START_TEST(test_an_empty_trail_is_intact)
{
	struct case_db		*c = tu_case_new();
	struct audit_chain	 ch;

	verify(c, &ch);
	ck_assert(ch.chained);
	ck_assert_int_eq(ch.entries, 0);
	ck_assert_int_eq(ch.broken_seq, 0);
	case_close(c);
}
END_TEST

START_TEST(test_rows_without_a_hash_are_refused)
{
	struct case_db	*c = tu_case_new();
	char		*cause = NULL;

	ck_assert_int_ne(case_exec(c, "INSERT INTO audit(at, actor, action)"
	    " VALUES ('2024-01-01T00:00:00Z', 'someone', 'tag')", &cause), 0);
	ck_assert_ptr_nonnull(strstr(cause, "with their hash"));
	free(cause);
	cause = NULL;
	ck_assert_int_ne(case_exec(c, "INSERT INTO audit(at, actor, action,"
	    " hash) VALUES ('2024-01-01T00:00:00Z', 'someone', 'tag', 'x')",
	    &cause), 0);
	free(cause);
	case_close(c);
}
END_TEST

START_TEST(test_a_changed_row_breaks_the_chain_there)
{
	struct case_db		*c = case_with_trail(6);
	struct audit_chain	 ch;

	tamper(c, "UPDATE audit SET actor = 'someone else' WHERE seq = 4");
	verify(c, &ch);
	ck_assert_int_eq(ch.broken_seq, 4);
	ck_assert_int_eq(ch.entries, 6);
	case_close(c);
}
END_TEST

START_TEST(test_a_change_of_null_to_empty_is_found)
{
	struct case_db		*c = case_with_trail(3);
	struct audit_chain	 ch;

	/* Row 2 has no detail; "" is a different value. */
	tamper(c, "UPDATE audit SET detail = '' WHERE seq = 2");
	verify(c, &ch);
	ck_assert_int_eq(ch.broken_seq, 2);
	case_close(c);
}
END_TEST

START_TEST(test_a_removed_row_breaks_the_chain_after_it)
{
	struct case_db		*c = case_with_trail(6);
	struct audit_chain	 ch;

	tamper(c, "DELETE FROM audit WHERE seq = 3");
	verify(c, &ch);
	ck_assert_int_eq(ch.broken_seq, 4);
	ck_assert_int_eq(ch.entries, 5);
	case_close(c);
}
END_TEST

START_TEST(test_a_row_copied_with_its_hash_does_not_fit)
{
	struct case_db		*c = case_with_trail(4);
	struct audit_chain	 ch;

	/* A row inserted in a gap, carrying a real hash from elsewhere. */
	tamper(c, "UPDATE audit SET seq = seq + 10 WHERE seq = 4;"
	    " INSERT INTO audit(seq, at, actor, action, target, detail, hash)"
	    " SELECT 4, at, actor, action, 'forged', detail, hash FROM audit"
	    " WHERE seq = 3");
	verify(c, &ch);
	ck_assert_int_eq(ch.broken_seq, 4);
	case_close(c);
}
END_TEST

START_TEST(test_appending_continues_a_chain)
{
	struct case_db		*c = case_with_trail(2);
	struct audit_chain	 ch;
	char			*cause = NULL, head[DIGEST_HEX_SHA256];

	verify(c, &ch);
	memcpy(head, ch.head, sizeof head);
	ck_assert_int_eq(audit_append(c, "tag", "net", "{}", &cause), 0);
	verify(c, &ch);
	ck_assert_int_eq(ch.broken_seq, 0);
	ck_assert_int_eq(ch.head_seq, 3);
	ck_assert_str_ne(ch.head, head);
	case_close(c);
}
END_TEST

/* A case of schema 1 made from the fixture `sqlite3 .dump` wrote. */
static char *
case_v1(const char *name)
{
	char	*path = tu_path(name), *sqlpath, *sql, *err = NULL;
	sqlite3	*db;

	sqlpath = tu_src("tests/cli/case-v1.sql");
	sql = tu_slurp(sqlpath, NULL);
	ck_assert_msg(sql != NULL, "cannot read %s", sqlpath);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK,
	    "%s", err);
	sqlite3_close(db);
	free(sql);
	free(sqlpath);
	return path;
}

START_TEST(test_schema_1_is_migrated_whole)
{
	char			*path = case_v1("v1.db"), *cause = NULL;
	struct case_db		*c;
	struct audit_chain	 ch;

	c = case_open(path, 0, &cause);
	ck_assert_msg(c != NULL, "%s", cause);
	ck_assert_int_eq(c->migrated_from, 1);
	ck_assert_int_eq(c->version, CASE_SCHEMA_VERSION);
	ck_assert_int_eq(tu_int(c, "PRAGMA user_version"),
	    CASE_SCHEMA_VERSION);
	/* The fixture's rows are kept, and the migration is one more. */
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts"), 3);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM network_members"),
	    2);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit WHERE seq <= 2"
	    " AND actor = 'fixture'"), 2);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit WHERE seq = 3"
	    " AND action = 'migrate' AND json_extract(detail, '$.from') = 1"
	    " AND json_extract(detail, '$.to') = (SELECT user_version FROM"
	    " pragma_user_version)"), 1);
	verify(c, &ch);
	ck_assert(ch.chained);
	ck_assert_int_eq(ch.entries, 3);
	ck_assert_int_eq(ch.broken_seq, 0);
	/* The same triggers as a new case: updates are still refused. */
	ck_assert_int_ne(case_exec(c, "UPDATE audit SET actor = 'x'", NULL),
	    0);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM sqlite_schema WHERE"
	    " type = 'trigger' AND name LIKE 'audit_%'"), 3);
	case_close(c);
	c = case_open(path, 0, &cause);
	ck_assert_msg(c != NULL, "%s", cause);
	ck_assert_int_eq(c->migrated_from, 0);
	case_close(c);
	free(path);
}
END_TEST

START_TEST(test_new_and_migrated_cases_have_the_same_schema)
{
	char		*path = case_v1("v1same.db"), *cause = NULL;
	struct case_db	*old, *fresh = tu_case_new();
	const char	*q = "SELECT count(*) FROM (SELECT type, name, sql FROM"
	    " sqlite_schema EXCEPT SELECT type, name, sql FROM"
	    " fresh.sqlite_schema)";
	char		*attach;

	old = case_open(path, 0, &cause);
	ck_assert_msg(old != NULL, "%s", cause);
	attach = xasprintf("ATTACH DATABASE '%s' AS fresh", fresh->path);
	ck_assert_msg(case_exec(old, attach, &cause) == 0, "%s", cause);
	ck_assert_int_eq(tu_int(old, q), 0);
	ck_assert_int_eq(tu_int(old, "SELECT count(*) FROM (SELECT type, name,"
	    " sql FROM fresh.sqlite_schema EXCEPT SELECT type, name, sql FROM"
	    " main.sqlite_schema)"), 0);
	free(attach);
	case_close(old);
	case_close(fresh);
	free(path);
}
END_TEST

START_TEST(test_schema_1_opened_read_only_is_read_as_it_is)
{
	char			*path = case_v1("v1ro.db"), *cause = NULL;
	struct case_db		*c;
	struct audit_chain	 ch;

	c = case_open(path, CASE_OPEN_READONLY, &cause);
	ck_assert_msg(c != NULL, "%s", cause);
	ck_assert_int_eq(c->version, 1);
	ck_assert_int_eq(c->migrated_from, 0);
	ck_assert_ptr_nonnull(c->notice);
	ck_assert_ptr_nonnull(strstr(c->notice, "schema 1"));
	verify(c, &ch);
	ck_assert(!ch.chained);
	ck_assert_int_eq(ch.entries, 2);
	ck_assert_int_eq(tu_int(c, "PRAGMA user_version"), 1);
	case_close(c);
	free(path);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("audit");
	TCase	*tc = tcase_create("chain"), *tm = tcase_create("migration");

	tcase_add_test(tc, test_appended_rows_form_an_intact_chain);
	tcase_add_test(tc, test_an_empty_trail_is_intact);
	tcase_add_test(tc, test_rows_without_a_hash_are_refused);
	tcase_add_test(tc, test_a_changed_row_breaks_the_chain_there);
	tcase_add_test(tc, test_a_change_of_null_to_empty_is_found);
	tcase_add_test(tc, test_a_removed_row_breaks_the_chain_after_it);
	tcase_add_test(tc, test_a_row_copied_with_its_hash_does_not_fit);
	tcase_add_test(tc, test_appending_continues_a_chain);
	suite_add_tcase(s, tc);
	tcase_add_test(tm, test_schema_1_is_migrated_whole);
	tcase_add_test(tm, test_new_and_migrated_cases_have_the_same_schema);
	tcase_add_test(tm, test_schema_1_opened_read_only_is_read_as_it_is);
	suite_add_tcase(s, tm);
	return s;
}
