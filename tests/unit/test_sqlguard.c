/*
 * test_sqlguard.c: raw SQL from query files runs sandboxed. A plain
 * SELECT gives ids and evidence with its parameters bound; every hostile
 * statement is refused or stopped with a message that names the file and
 * says why, and leaves the case file byte for byte as it was, its WAL the
 * same size, and no new file beside it.
 */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "case.h"
#include "query.h"
#include "sqlguard.h"
#include "testutil.h"
#include "util.h"

static struct case_db	*c;
static struct query	*q;

/* What must not change: the case's bytes, its WAL's size, its folder. */
struct snapshot {
	char	*bytes;
	size_t	 len;
	off_t	 wal_size;
	char	*listing;
};

static void
exec_main(const char *sql)
{
	char	*err = NULL;

	ck_assert_msg(sqlite3_exec(c->db, sql, NULL, NULL, &err) == SQLITE_OK,
	    "%s: %s", sql, err);
}

static void
setup(void)
{
	c = tu_case_new();
	exec_main("INSERT INTO accounts(id, platform, native_id, handle, "
	    "followers) VALUES (1, 'chirp', '1', 'anna', 10), "
	    "(2, 'chirp', '2', 'ivan', 20), (3, 'chirp', '3', 'maria', 30), "
	    "(4, 'chirp', '4', 'news', 5000), (5, 'chirp', '5', 'fan', 100)");
	q = query_new();
	q->file = xstrdup("t.yaml");
	q->sql_pos.line = 12;
	q->sql_pos.col = 3;
}

static void
teardown(void)
{
	query_free(q);
	case_close(c);
	sqlguard_set_deadline(0);
	sqlguard_set_max_rows(0);
}

static char *
case_dir(void)
{
	char	*dir = xstrdup(c->path), *slash;

	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	else {
		free(dir);
		dir = xstrdup(".");
	}
	return dir;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in the case's folder, sorted, one a line. */
static char *
list_dir(void)
{
	struct buf	 b = BUF_INIT;
	struct dirent	*de;
	DIR		*d;
	char		*dir = case_dir(), **names = NULL;
	size_t		 n = 0, i;

	d = opendir(dir);
	ck_assert_msg(d != NULL, "opendir %s", dir);
	while ((de = readdir(d)) != NULL) {
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, compare_names);
	buf_adds(&b, "");
	for (i = 0; i < n; i++) {
		buf_printf(&b, "%s\n", names[i]);
		free(names[i]);
	}
	free(names);
	free(dir);
	return buf_steal(&b);
}

static off_t
wal_size(void)
{
	struct stat	 sb;
	char		*wal = xasprintf("%s-wal", c->path);
	off_t		 size = -1;

	if (stat(wal, &sb) == 0)
		size = sb.st_size;
	free(wal);
	return size;
}

static void
snapshot_take(struct snapshot *s)
{
	exec_main("PRAGMA wal_checkpoint(TRUNCATE)");
	s->bytes = tu_slurp(c->path, &s->len);
	ck_assert_ptr_nonnull(s->bytes);
	s->wal_size = wal_size();
	s->listing = list_dir();
}

/* The case is as it was: bytes, WAL size, folder; and still after a
 * checkpoint, which would carry anything written to the WAL into it. */
static void
snapshot_check(struct snapshot *s)
{
	char	*bytes, *listing;
	size_t	 len;

	ck_assert_msg(wal_size() == s->wal_size, "WAL grew from %lld to %lld",
	    (long long)s->wal_size, (long long)wal_size());
	listing = list_dir();
	ck_assert_str_eq(listing, s->listing);
	free(listing);
	bytes = tu_slurp(c->path, &len);
	ck_assert_msg(len == s->len && memcmp(bytes, s->bytes, len) == 0,
	    "the case file changed");
	free(bytes);
	exec_main("PRAGMA wal_checkpoint(TRUNCATE)");
	bytes = tu_slurp(c->path, &len);
	ck_assert_msg(len == s->len && memcmp(bytes, s->bytes, len) == 0,
	    "the case file changed after a checkpoint");
	free(bytes);
	free(s->bytes);
	free(s->listing);
}

static int
run(const char *sql, const struct query_args *a, struct sqlguard_result **r,
    char **cause)
{
	free(q->sql);
	q->sql = xstrdup(sql);
	return sqlguard_run(c, q->sql, q, a, r, cause);
}

/* sql runs and gives rows; fails the test otherwise. */
static struct sqlguard_result *
run_ok(const char *sql, const struct query_args *a)
{
	struct sqlguard_result	*r = NULL;
	char			*cause = NULL;

	ck_assert_msg(run(sql, a, &r, &cause) == 0, "%s: %s", sql, cause);
	ck_assert_ptr_nonnull(r);
	return r;
}

/*
 * sql is refused or stopped with a message at the sql: key of t.yaml that
 * contains want, and the case is untouched.
 */
static void
assert_refused(const char *sql, const char *want)
{
	struct snapshot		 s;
	struct sqlguard_result	*r = NULL;
	char			*cause = NULL;

	snapshot_take(&s);
	ck_assert_msg(run(sql, NULL, &r, &cause) == -1, "%s: not refused",
	    sql);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strncmp(cause, "t.yaml:12:3: sql: ", 18) == 0,
	    "%s: message does not name the place: %s", sql, cause);
	ck_assert_msg(strstr(cause, want) != NULL, "%s: want \"%s\", got "
	    "\"%s\"", sql, want, cause);
	free(cause);
	snapshot_check(&s);
}

static void
add_param(const char *name, enum query_param_type type, const char *def)
{
	q->params = xreallocarray(q->params, q->nparams + 1,
	    sizeof *q->params);
	memset(&q->params[q->nparams], 0, sizeof *q->params);
	q->params[q->nparams].name = xstrdup(name);
	q->params[q->nparams].type = type;
	q->params[q->nparams].def = def != NULL ? xstrdup(def) : NULL;
	q->nparams++;
}

/* ---- what works ------------------------------------------------------ */

START_TEST(test_select_gives_ids_and_evidence)
{
	struct sqlguard_result	*r;
	struct snapshot		 s;

	snapshot_take(&s);
	r = run_ok("SELECT id, 'handle ' || handle AS evidence FROM accounts"
	    " WHERE followers < 100 ORDER BY id", NULL);
	ck_assert_uint_eq(r->n, 3);
	ck_assert_int_eq(r->ids[0], 1);
	ck_assert_int_eq(r->ids[2], 3);
	ck_assert_str_eq(r->evidence[1], "handle ivan");
	sqlguard_result_free(r);
	snapshot_check(&s);
}
END_TEST

START_TEST(test_first_column_is_the_id_without_evidence)
{
	struct sqlguard_result	*r;

	r = run_ok("SELECT followers / 10 FROM accounts WHERE id < 3"
	    " ORDER BY 1", NULL);
	ck_assert_uint_eq(r->n, 2);
	ck_assert_int_eq(r->ids[0], 1);
	ck_assert_int_eq(r->ids[1], 2);
	ck_assert_ptr_null(r->evidence[0]);
	sqlguard_result_free(r);
}
END_TEST

START_TEST(test_column_named_id_is_the_id_wherever_it_is)
{
	struct sqlguard_result	*r;

	r = run_ok("SELECT handle AS evidence, id FROM accounts"
	    " WHERE handle = 'maria'", NULL);
	ck_assert_uint_eq(r->n, 1);
	ck_assert_int_eq(r->ids[0], 3);
	ck_assert_str_eq(r->evidence[0], "maria");
	sqlguard_result_free(r);
}
END_TEST

START_TEST(test_cte_regexp_and_json_each_are_allowed)
{
	struct sqlguard_result	*r;

	r = run_ok("WITH big AS MATERIALIZED (SELECT id, handle FROM accounts"
	    " WHERE followers >= 30) SELECT b.id FROM big b JOIN"
	    " json_each('[\"maria\",\"fan\"]') j ON j.value = b.handle"
	    " WHERE b.handle REGEXP '^(ma|f)' ORDER BY b.id", NULL);
	ck_assert_uint_eq(r->n, 2);
	ck_assert_int_eq(r->ids[0], 3);
	ck_assert_int_eq(r->ids[1], 5);
	sqlguard_result_free(r);
}
END_TEST

START_TEST(test_counting_a_cte_is_allowed)
{
	struct sqlguard_result	*r;

	r = run_ok("WITH few AS (SELECT id FROM accounts WHERE id < 3)"
	    " SELECT count(*) FROM few", NULL);
	ck_assert_uint_eq(r->n, 1);
	ck_assert_int_eq(r->ids[0], 2);
	sqlguard_result_free(r);
}
END_TEST

START_TEST(test_trailing_comments_and_semicolons_are_allowed)
{
	struct sqlguard_result	*r;

	r = run_ok("-- accounts with many followers\n"
	    "SELECT id FROM accounts WHERE followers > 1000; -- done\n"
	    "/* nothing more */ ;\n", NULL);
	ck_assert_uint_eq(r->n, 1);
	ck_assert_int_eq(r->ids[0], 4);
	sqlguard_result_free(r);
}
END_TEST

START_TEST(test_params_are_bound_from_defaults)
{
	struct sqlguard_result	*r;

	add_param("min", QUERY_PARAM_INT, "25");
	add_param("prefix", QUERY_PARAM_STRING, "m");
	r = run_ok("SELECT id FROM accounts WHERE followers >= :min"
	    " AND handle LIKE @prefix || '%'", NULL);
	ck_assert_uint_eq(r->n, 1);
	ck_assert_int_eq(r->ids[0], 3);
	sqlguard_result_free(r);
}
END_TEST

START_TEST(test_params_from_args_override_defaults)
{
	static const char *const names[] = { "min" };
	static const char *const values[] = { "1000" };
	struct query_args	 a;
	struct sqlguard_result	*r;

	memset(&a, 0, sizeof a);
	a.names = names;
	a.values = values;
	a.nparams = 1;
	add_param("min", QUERY_PARAM_INT, "25");
	r = run_ok("SELECT id FROM accounts WHERE followers >= $min", &a);
	ck_assert_uint_eq(r->n, 1);
	ck_assert_int_eq(r->ids[0], 4);
	sqlguard_result_free(r);
}
END_TEST

START_TEST(test_unknown_param_is_refused_by_name)
{
	assert_refused("SELECT id FROM accounts WHERE handle = :who",
	    "unknown parameter :who");
}
END_TEST

START_TEST(test_param_without_value_is_refused)
{
	add_param("who", QUERY_PARAM_STRING, NULL);
	assert_refused("SELECT id FROM accounts WHERE handle = :who",
	    "parameter :who has no value");
}
END_TEST

START_TEST(test_anonymous_param_is_refused)
{
	assert_refused("SELECT id FROM accounts WHERE handle = ?",
	    "parameter 1 has no name");
}
END_TEST

START_TEST(test_bad_int_param_is_refused)
{
	add_param("min", QUERY_PARAM_INT, "lots");
	assert_refused("SELECT id FROM accounts WHERE followers >= :min",
	    "\"lots\" is not a whole number");
}
END_TEST

START_TEST(test_non_integer_id_is_refused)
{
	assert_refused("SELECT handle FROM accounts",
	    "row 1: column handle holds text, not an integer account id");
}
END_TEST

START_TEST(test_syntax_error_says_where)
{
	assert_refused("SELECT id\nFROMM accounts", "syntax error");
}
END_TEST

START_TEST(test_row_cap_is_an_error)
{
	sqlguard_set_max_rows(3);
	assert_refused("SELECT id FROM accounts", "more than 3 rows");
}
END_TEST

START_TEST(test_message_names_query_without_file)
{
	struct sqlguard_result	*r = NULL;
	char			*cause = NULL;

	free(q->file);
	q->file = NULL;
	q->name = xstrdup("shared-phone");
	ck_assert_int_eq(run("DELETE FROM accounts", NULL, &r, &cause), -1);
	ck_assert_str_eq(cause,
	    "shared-phone: sql: writing is not allowed (DELETE)");
	free(cause);
}
END_TEST

/* ---- what is refused ------------------------------------------------- */

START_TEST(test_insert_is_refused)
{
	assert_refused("INSERT INTO accounts(platform, native_id) VALUES "
	    "('chirp', '99')", "writing is not allowed (INSERT)");
}
END_TEST

START_TEST(test_update_is_refused)
{
	assert_refused("UPDATE accounts SET handle = 'x'",
	    "writing is not allowed (UPDATE)");
}
END_TEST

START_TEST(test_delete_is_refused)
{
	assert_refused("DELETE FROM accounts",
	    "writing is not allowed (DELETE)");
}
END_TEST

START_TEST(test_delete_behind_a_cte_is_refused)
{
	assert_refused("WITH x AS (SELECT 1) DELETE FROM accounts",
	    "writing is not allowed (DELETE)");
}
END_TEST

START_TEST(test_drop_table_is_refused)
{
	assert_refused("DROP TABLE accounts",
	    "changing the schema is not allowed (DROP TABLE)");
}
END_TEST

START_TEST(test_create_table_is_refused)
{
	assert_refused("CREATE TABLE loot(x)",
	    "changing the schema is not allowed (CREATE TABLE)");
}
END_TEST

START_TEST(test_create_temp_table_is_refused)
{
	assert_refused("CREATE TEMP TABLE loot AS SELECT * FROM accounts",
	    "changing the schema is not allowed (CREATE TEMP TABLE)");
}
END_TEST

START_TEST(test_pragma_writable_schema_is_refused)
{
	assert_refused("PRAGMA writable_schema = 1",
	    "PRAGMA is not allowed (writable_schema)");
}
END_TEST

START_TEST(test_pragma_query_only_is_refused)
{
	assert_refused("PRAGMA query_only = 0",
	    "PRAGMA is not allowed (query_only)");
}
END_TEST

START_TEST(test_attach_is_refused)
{
	char	*dir = case_dir(), *sql;

	sql = xasprintf("ATTACH DATABASE '%s/x.db' AS x", dir);
	assert_refused(sql, "ATTACH is not allowed");
	free(sql);
	free(dir);
}
END_TEST

START_TEST(test_vacuum_into_is_refused)
{
	char	*dir = case_dir(), *sql;

	sql = xasprintf("VACUUM INTO '%s/copy.db'", dir);
	assert_refused(sql, "writing is not allowed (VACUUM)");
	free(sql);
	free(dir);
}
END_TEST

START_TEST(test_begin_is_refused)
{
	assert_refused("BEGIN IMMEDIATE", "transactions are not allowed");
}
END_TEST

START_TEST(test_explain_is_refused)
{
	assert_refused("EXPLAIN SELECT id FROM accounts",
	    "EXPLAIN is not allowed");
}
END_TEST

START_TEST(test_load_extension_is_refused)
{
	assert_refused("SELECT load_extension('x')",
	    "function load_extension is not allowed");
}
END_TEST

START_TEST(test_printf_is_refused)
{
	assert_refused("SELECT printf('%s', handle) FROM accounts",
	    "function printf is not allowed");
}
END_TEST

START_TEST(test_zeroblob_is_refused)
{
	assert_refused("SELECT length(zeroblob(2000000000))",
	    "function zeroblob is not allowed");
}
END_TEST

START_TEST(test_randomblob_is_refused)
{
	assert_refused("SELECT length(randomblob(2000000000))",
	    "function randomblob is not allowed");
}
END_TEST

START_TEST(test_sqlite_version_is_refused)
{
	assert_refused("SELECT sqlite_compileoption_get(0)",
	    "function sqlite_compileoption_get is not allowed");
}
END_TEST

START_TEST(test_multiple_statements_are_refused)
{
	assert_refused("SELECT id FROM accounts; DELETE FROM accounts",
	    "only one statement is allowed");
}
END_TEST

START_TEST(test_sqlite_master_is_not_readable)
{
	assert_refused("SELECT rootpage AS id, sql AS evidence"
	    " FROM sqlite_master", "table sqlite_master is not readable");
}
END_TEST

START_TEST(test_temp_schema_is_not_readable)
{
	assert_refused("SELECT count(*) FROM sqlite_temp_master",
	    "table sqlite_temp_master is not readable");
}
END_TEST

START_TEST(test_counting_sqlite_master_is_refused)
{
	assert_refused("SELECT count(*) FROM sqlite_master",
	    "table sqlite_master is not readable");
}
END_TEST

START_TEST(test_table_outside_the_list_is_not_readable)
{
	exec_main("CREATE TABLE secrets(x INTEGER)");
	assert_refused("SELECT x FROM secrets",
	    "table secrets is not readable");
}
END_TEST

START_TEST(test_counting_table_outside_the_list_is_refused)
{
	exec_main("CREATE TABLE secrets(x INTEGER)");
	assert_refused("SELECT count(*) FROM secrets",
	    "table secrets is not readable");
}
END_TEST

START_TEST(test_pragma_functions_are_refused)
{
	assert_refused("SELECT cid FROM pragma_table_info('accounts')",
	    "table-valued functions other than json_each");
}
END_TEST

START_TEST(test_runaway_recursive_cte_is_stopped)
{
	sqlguard_set_deadline(0.3);
	assert_refused("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL"
	    " SELECT n + 1 FROM r) SELECT n FROM r",
	    "stopped at the time limit for raw SQL, 0.3 s");
}
END_TEST

START_TEST(test_cross_join_is_stopped)
{
	sqlguard_set_deadline(0.3);
	assert_refused("SELECT count(*) FROM accounts a1, accounts a2,"
	    " accounts a3, accounts a4, accounts a5, accounts a6,"
	    " accounts a7, accounts a8, accounts a9, accounts a10,"
	    " accounts a11, accounts a12",
	    "stopped at the time limit for raw SQL, 0.3 s");
}
END_TEST

START_TEST(test_replace_blowup_hits_length_limit)
{
	assert_refused("WITH RECURSIVE r(s, n) AS (SELECT 'xxxxxxxxxx', 0"
	    " UNION ALL SELECT replace(s, 'x', 'xxxxxxxxxx'), n + 1 FROM r"
	    " WHERE n < 9) SELECT length(s) FROM r",
	    "a value grew over the length limit");
}
END_TEST

START_TEST(test_overlong_sql_is_refused)
{
	struct buf	b = BUF_INIT;

	buf_adds(&b, "SELECT id FROM accounts WHERE handle IN ('a'");
	while (b.len < 70 * 1024)
		buf_adds(&b, ", 'aaaaaaaaaaaaaaaa'");
	buf_adds(&b, ")");
	assert_refused(b.data, "longer than 65536 bytes");
	buf_free(&b);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("sqlguard");
	TCase	*tc;

	tc = tcase_create("works");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_select_gives_ids_and_evidence);
	tcase_add_test(tc, test_first_column_is_the_id_without_evidence);
	tcase_add_test(tc, test_column_named_id_is_the_id_wherever_it_is);
	tcase_add_test(tc, test_cte_regexp_and_json_each_are_allowed);
	tcase_add_test(tc, test_counting_a_cte_is_allowed);
	tcase_add_test(tc, test_trailing_comments_and_semicolons_are_allowed);
	tcase_add_test(tc, test_params_are_bound_from_defaults);
	tcase_add_test(tc, test_params_from_args_override_defaults);
	tcase_add_test(tc, test_unknown_param_is_refused_by_name);
	tcase_add_test(tc, test_param_without_value_is_refused);
	tcase_add_test(tc, test_anonymous_param_is_refused);
	tcase_add_test(tc, test_bad_int_param_is_refused);
	tcase_add_test(tc, test_non_integer_id_is_refused);
	tcase_add_test(tc, test_syntax_error_says_where);
	tcase_add_test(tc, test_row_cap_is_an_error);
	tcase_add_test(tc, test_message_names_query_without_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_insert_is_refused);
	tcase_add_test(tc, test_update_is_refused);
	tcase_add_test(tc, test_delete_is_refused);
	tcase_add_test(tc, test_delete_behind_a_cte_is_refused);
	tcase_add_test(tc, test_drop_table_is_refused);
	tcase_add_test(tc, test_create_table_is_refused);
	tcase_add_test(tc, test_create_temp_table_is_refused);
	tcase_add_test(tc, test_pragma_writable_schema_is_refused);
	tcase_add_test(tc, test_pragma_query_only_is_refused);
	tcase_add_test(tc, test_attach_is_refused);
	tcase_add_test(tc, test_vacuum_into_is_refused);
	tcase_add_test(tc, test_begin_is_refused);
	tcase_add_test(tc, test_explain_is_refused);
	tcase_add_test(tc, test_load_extension_is_refused);
	tcase_add_test(tc, test_printf_is_refused);
	tcase_add_test(tc, test_zeroblob_is_refused);
	tcase_add_test(tc, test_randomblob_is_refused);
	tcase_add_test(tc, test_sqlite_version_is_refused);
	tcase_add_test(tc, test_multiple_statements_are_refused);
	tcase_add_test(tc, test_sqlite_master_is_not_readable);
	tcase_add_test(tc, test_temp_schema_is_not_readable);
	tcase_add_test(tc, test_counting_sqlite_master_is_refused);
	tcase_add_test(tc, test_table_outside_the_list_is_not_readable);
	tcase_add_test(tc, test_counting_table_outside_the_list_is_refused);
	tcase_add_test(tc, test_pragma_functions_are_refused);
	tcase_add_test(tc, test_runaway_recursive_cte_is_stopped);
	tcase_add_test(tc, test_cross_join_is_stopped);
	tcase_add_test(tc, test_replace_blowup_hits_length_limit);
	tcase_add_test(tc, test_overlong_sql_is_refused);
	suite_add_tcase(s, tc);
	return s;
}
