/*
 * test_vocab.c: loading the published DISARM and Meta kill-chain
 * vocabularies, checking technique ids by form and against what is
 * loaded, naming and listing them.
 */
#include "config.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "util.h"
#include "vocab.h"

static struct vocab_import_stats
load(struct case_db *c, const char *rel)
{
	struct vocab_import_stats	 st;
	char				*path, *cause = NULL;

	path = tu_data(rel);
	if (path == NULL)
		return (struct vocab_import_stats){ .ids = -1 };
	ck_assert_msg(vocab_import(c, path, NULL, NULL, &st, &cause) == 0,
	    "%s", cause);
	free(path);
	return st;
}

START_TEST(disarm_file_loads_every_technique)
{
	struct case_db			*c = tu_case_new();
	struct vocab_import_stats	 st;

	st = load(c, "vocab/disarm-red-techniques.csv");
	if (st.ids < 0) {
		case_close(c);
		return;
	}
	ck_assert_int_eq(st.framework, VOCAB_DISARM);
	ck_assert_str_eq(st.layout, "disarm");
	ck_assert_int_eq(st.ids, 391);
	ck_assert_int_eq(st.skipped, 0);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM vocab WHERE"
	    " framework = 'disarm'"), 391);
	case_close(c);
}
END_TEST

START_TEST(meta_kill_chain_loads_techniques_and_procedures)
{
	struct case_db			*c = tu_case_new();
	struct vocab_import_stats	 st;

	st = load(c, "vocab/meta-killchain-ttps.csv");
	if (st.ids < 0) {
		case_close(c);
		return;
	}
	ck_assert_int_eq(st.framework, VOCAB_META);
	ck_assert_str_eq(st.layout, "meta");
	/* 54 techniques and 161 procedures, counted in the file. */
	ck_assert_int_eq(st.ids, 215);
	ck_assert_int_eq(st.skipped, 0);
	case_close(c);
}
END_TEST

START_TEST(meta_ids_are_the_leading_numbers)
{
	struct case_db	*c = tu_case_new();
	char		*name;

	if (load(c, "vocab/meta-killchain-ttps.csv").ids < 0) {
		case_close(c);
		return;
	}
	name = vocab_name(c, "0.3");
	ck_assert_str_eq(name, "Acquiring phone");
	free(name);
	name = vocab_name(c, "2.1");	/* written "2.1." in the file */
	ck_assert_str_eq(name, "Soliciting information");
	free(name);
	name = vocab_name(c, "0.6.1");	/* a cell over two lines */
	ck_assert_str_eq(name, "Acquiring domains to host, deploy, and "
	    "support malware campaigns");
	free(name);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM vocab WHERE id ="
	    " '0.9.10.0'"), 1);
	case_close(c);
}
END_TEST

START_TEST(disarm_names_show_with_their_tactic)
{
	struct case_db	*c = tu_case_new();
	char		*name;

	if (load(c, "vocab/disarm-red-techniques.csv").ids < 0) {
		case_close(c);
		return;
	}
	name = vocab_name(c, "T0002");
	ck_assert_str_eq(name, "Facilitate State Propaganda");
	free(name);
	ck_assert_int_eq(tu_int(c, "SELECT tactic = 'TA02 Plan Objectives'"
	    " FROM vocab WHERE id = 'T0002'"), 1);
	ck_assert_ptr_null(vocab_name(c, "T9999"));
	case_close(c);
}
END_TEST

START_TEST(import_is_audited)
{
	struct case_db	*c = tu_case_new();

	if (load(c, "vocab/disarm-red-techniques.csv").ids < 0) {
		case_close(c);
		return;
	}
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit WHERE action ="
	    " 'vocab-import' AND target = 'disarm' AND"
	    " json_extract(detail, '$.ids') = 391"), 1);
	case_close(c);
}
END_TEST

START_TEST(importing_twice_changes_nothing)
{
	struct case_db	*c = tu_case_new();

	if (load(c, "vocab/disarm-red-techniques.csv").ids < 0) {
		case_close(c);
		return;
	}
	load(c, "vocab/disarm-red-techniques.csv");
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM vocab"), 391);
	case_close(c);
}
END_TEST

START_TEST(id_forms_are_recognized)
{
	ck_assert_int_eq(vocab_id_form("T0007"), VOCAB_DISARM);
	ck_assert_int_eq(vocab_id_form("T0097.101"), VOCAB_DISARM);
	ck_assert_int_eq(vocab_id_form("0.3.2"), VOCAB_META);
	ck_assert_int_eq(vocab_id_form("1.1"), VOCAB_META);
	ck_assert_int_eq(vocab_id_form("0.9.10.0"), VOCAB_META);
	ck_assert_int_eq(vocab_id_form("T007"), VOCAB_UNKNOWN);
	ck_assert_int_eq(vocab_id_form("T0097.1"), VOCAB_UNKNOWN);
	ck_assert_int_eq(vocab_id_form("t0007"), VOCAB_UNKNOWN);
	ck_assert_int_eq(vocab_id_form("3"), VOCAB_UNKNOWN);
	ck_assert_int_eq(vocab_id_form("1..2"), VOCAB_UNKNOWN);
	ck_assert_int_eq(vocab_id_form(""), VOCAB_UNKNOWN);
}
END_TEST

START_TEST(without_vocabulary_ids_are_checked_by_form)
{
	struct case_db	*c = tu_case_new();
	char		*cause = NULL;

	ck_assert_int_eq(vocab_check(c, "T9999", &cause), 0);
	ck_assert_int_eq(vocab_check(c, "7.7.7", &cause), 0);
	ck_assert_int_eq(vocab_check(c, "TA02", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not a technique id"));
	free(cause);
	case_close(c);
}
END_TEST

START_TEST(unknown_disarm_id_is_refused_once_loaded)
{
	struct case_db	*c = tu_case_new();
	char		*cause = NULL;

	if (load(c, "vocab/disarm-red-techniques.csv").ids < 0) {
		case_close(c);
		return;
	}
	ck_assert_int_eq(vocab_check(c, "T0002", &cause), 0);
	ck_assert_int_eq(vocab_check(c, "T9999", &cause), -1);
	ck_assert_str_eq(cause, "unknown technique T9999 (not in the loaded "
	    "DISARM vocabulary)");
	free(cause);
	case_close(c);
}
END_TEST

START_TEST(other_framework_is_still_checked_by_form)
{
	struct case_db	*c = tu_case_new();
	char		*cause = NULL;

	if (load(c, "vocab/disarm-red-techniques.csv").ids < 0) {
		case_close(c);
		return;
	}
	ck_assert_int_eq(vocab_check(c, "0.3.99", &cause), 0);
	if (load(c, "vocab/meta-killchain-ttps.csv").ids < 0) {
		case_close(c);
		return;
	}
	ck_assert_int_eq(vocab_check(c, "0.3.2", &cause), 0);
	ck_assert_int_eq(vocab_check(c, "0.3.99", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "Meta kill chain"));
	free(cause);
	case_close(c);
}
END_TEST

START_TEST(id_lists_are_checked_one_by_one)
{
	struct case_db	*c = tu_case_new();
	char		*cause = NULL;

	ck_assert_int_eq(vocab_check_list(c, "T0007, 0.3.2 T0097.101", &cause),
	    0);
	ck_assert_int_eq(vocab_check_list(c, "", &cause), 0);
	ck_assert_int_eq(vocab_check_list(c, "T0007,bogus", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "\"bogus\""));
	free(cause);
	case_close(c);
}
END_TEST

static void
warned(void *arg, const char *msg)
{
	struct buf *b = arg;

	buf_adds(b, msg);
	buf_addc(b, '\n');
}

START_TEST(bad_rows_are_skipped_with_file_and_line)
{
	struct case_db			*c = tu_case_new();
	struct vocab_import_stats	 st;
	struct buf			 w = BUF_INIT;
	char				*cause = NULL;
	char				*path = tu_write("v.csv",
	    "id,name,tactic\nT0007,Create pages,TA15\nT12,Too short,TA15\n"
	    "0.3.2,Acquiring VOIP phone,0\n");

	ck_assert_msg(vocab_import(c, path, warned, &w, &st, &cause) == 0,
	    "%s", cause);
	ck_assert_str_eq(st.layout, "generic");
	ck_assert_int_eq(st.skipped, 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM vocab"), 2);
	ck_assert_ptr_nonnull(strstr(w.data, "v.csv:3: "));
	buf_free(&w);
	free(path);
	case_close(c);
}
END_TEST

START_TEST(a_file_that_is_no_vocabulary_changes_nothing)
{
	struct case_db			*c = tu_case_new();
	struct vocab_import_stats	 st;
	char				*cause = NULL;
	char				*path = tu_write("x.csv",
	    "platform,handle\ntwitter,anna\n");

	ck_assert_int_eq(vocab_import(c, path, NULL, NULL, &st, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not a vocabulary file"));
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit WHERE action ="
	    " 'vocab-import'"), 0);
	free(cause);
	free(path);
	case_close(c);
}
END_TEST

static void
collect(void *arg, const struct vocab_entry *e)
{
	struct buf *b = arg;

	buf_printf(b, "%s ", e->id);
}

START_TEST(listing_orders_ids_numerically)
{
	struct case_db	*c = tu_case_new();
	struct buf	 b = BUF_INIT;
	char		*cause = NULL;

	ck_assert_int_eq(case_exec(c, "INSERT INTO vocab(id, framework) VALUES"
	    " ('0.9.10.0', 'meta'), ('0.9.2', 'meta'), ('T0010', 'disarm'),"
	    " ('T0002', 'disarm')", &cause), 0);
	ck_assert_int_eq(vocab_each(c, collect, &b, &cause), 4);
	ck_assert_str_eq(b.data, "T0002 T0010 0.9.2 0.9.10.0 ");
	buf_free(&b);
	case_close(c);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("vocab");
	TCase	*tc;

	tc = tcase_create("import");
	tcase_add_test(tc, disarm_file_loads_every_technique);
	tcase_add_test(tc, meta_kill_chain_loads_techniques_and_procedures);
	tcase_add_test(tc, meta_ids_are_the_leading_numbers);
	tcase_add_test(tc, disarm_names_show_with_their_tactic);
	tcase_add_test(tc, import_is_audited);
	tcase_add_test(tc, importing_twice_changes_nothing);
	tcase_add_test(tc, bad_rows_are_skipped_with_file_and_line);
	tcase_add_test(tc, a_file_that_is_no_vocabulary_changes_nothing);
	suite_add_tcase(s, tc);

	tc = tcase_create("check");
	tcase_add_test(tc, id_forms_are_recognized);
	tcase_add_test(tc, without_vocabulary_ids_are_checked_by_form);
	tcase_add_test(tc, unknown_disarm_id_is_refused_once_loaded);
	tcase_add_test(tc, other_framework_is_still_checked_by_form);
	tcase_add_test(tc, id_lists_are_checked_one_by_one);
	tcase_add_test(tc, listing_orders_ids_numerically);
	suite_add_tcase(s, tc);
	return s;
}
