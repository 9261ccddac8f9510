/*
 * test_csv.c: the CSV reader, against the csv-spectrum reference files and
 * hand-made malformed input.
 */
#include "config.h"
#include "testutil.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "util.h"

/* Open a reader on text written to a scratch file. */
static struct csv_reader *
open_text(const char *name, const char *text)
{
	char			*path = tu_write(name, text);
	char			*cause = NULL;
	struct csv_reader	*r;

	r = csv_open(path, ',', &cause);
	ck_assert_msg(r != NULL, "csv_open: %s", cause);
	free(path);
	return r;
}

/* Read one row and check its fields (a NULL-terminated list). */
static void
expect_row(struct csv_reader *r, long long line, ...)
{
	struct csv_row	 row;
	char		*cause = NULL;
	va_list		 ap;
	const char	*want;
	size_t		 i = 0;

	ck_assert_msg(csv_read(r, &row, &cause) == 1, "csv_read: %s",
	    cause != NULL ? cause : "end of file");
	ck_assert_int_eq(row.line, line);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		ck_assert_msg(i < row.n, "row has %zu fields", row.n);
		ck_assert_str_eq(row.field[i], want);
		ck_assert_uint_eq(row.len[i], strlen(want));
		i++;
	}
	va_end(ap);
	ck_assert_uint_eq(row.n, i);
}

static void
expect_eof(struct csv_reader *r)
{
	struct csv_row	 row;
	char		*cause = NULL;

	ck_assert_int_eq(csv_read(r, &row, &cause), 0);
}

static void
expect_error(struct csv_reader *r, const char *want)
{
	struct csv_row	 row;
	char		*cause = NULL;

	ck_assert_int_eq(csv_read(r, &row, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, want) != NULL, "got \"%s\", want \"%s\"",
	    cause, want);
	free(cause);
}

/*
 * Check one csv-spectrum file: its header names the keys, and each later
 * row must equal the object at the same index of the JSON array.
 */
static void
check_spectrum(sqlite3 *db, const char *csvpath, const char *jsonpath)
{
	struct csv_reader	*r;
	struct csv_row		 row;
	char			*cause = NULL, *json, **header;
	size_t			 nheader, i;
	sqlite3_stmt		*st;
	long long		 nrows = 0;
	int			 rc;

	json = tu_slurp(jsonpath, NULL);
	ck_assert_ptr_nonnull(json);
	r = csv_open(csvpath, ',', &cause);
	ck_assert_msg(r != NULL, "%s", cause);
	ck_assert_int_eq(csv_read(r, &row, &cause), 1);
	nheader = row.n;
	header = xcalloc(nheader, sizeof *header);
	for (i = 0; i < nheader; i++)
		header[i] = xstrdup(row.field[i]);

	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT json_extract(?1, "
	    "printf('$[%d].\"%w\"', ?2, ?3))", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	while ((rc = csv_read(r, &row, &cause)) == 1) {
		ck_assert_msg(row.n == nheader, "%s: row %lld has %zu fields",
		    csvpath, nrows, row.n);
		for (i = 0; i < nheader; i++) {
			sqlite3_bind_int64(st, 2, nrows);
			sqlite3_bind_text(st, 3, header[i], -1, SQLITE_STATIC);
			ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
			ck_assert_msg(sqlite3_column_type(st, 0) == SQLITE_TEXT,
			    "%s: no value for row %lld key %s", jsonpath, nrows,
			    header[i]);
			ck_assert_msg(strcmp((const char *)
			    sqlite3_column_text(st, 0), row.field[i]) == 0,
			    "%s: row %lld key %s: got \"%s\", want \"%s\"",
			    csvpath, nrows, header[i], row.field[i],
			    sqlite3_column_text(st, 0));
			sqlite3_reset(st);
		}
		nrows++;
	}
	ck_assert_msg(rc == 0, "%s: %s", csvpath, cause);
	sqlite3_finalize(st);

	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT json_array_length(?1)",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int64(st, 0), nrows);
	sqlite3_finalize(st);

	for (i = 0; i < nheader; i++)
		free(header[i]);
	free(header);
	free(json);
	csv_close(r);
}

START_TEST(csv_spectrum_files_parse_to_their_json)
{
	char		*dir = tu_data("badinput/csv-spectrum/csvs");
	char		*jdir = tu_data("badinput/csv-spectrum/json");
	DIR		*d;
	struct dirent	*de;
	sqlite3		*db;
	int		 n = 0;

	if (dir == NULL || jdir == NULL)
		return;
	ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL) {
		size_t	 len = strlen(de->d_name);
		char	*csvpath, *jsonpath;

		if (len < 5 || strcmp(de->d_name + len - 4, ".csv") != 0)
			continue;
		csvpath = xasprintf("%s/%s", dir, de->d_name);
		jsonpath = xasprintf("%s/%.*s.json", jdir, (int)(len - 4),
		    de->d_name);
		check_spectrum(db, csvpath, jsonpath);
		free(csvpath);
		free(jsonpath);
		n++;
	}
	closedir(d);
	sqlite3_close(db);
	ck_assert_int_ge(n, 11);
	free(dir);
	free(jdir);
}
END_TEST

START_TEST(csv_byte_order_mark_is_not_data)
{
	struct csv_reader *r = open_text("bom.csv", "\xef\xbb\xbfid,name\n1,a\n");

	expect_row(r, 1, "id", "name", NULL);
	expect_row(r, 2, "1", "a", NULL);
	expect_eof(r);
	csv_close(r);
}
END_TEST

START_TEST(csv_cr_lf_and_crlf_all_end_rows)
{
	struct csv_reader *r = open_text("eol.csv", "a,b\r1,2\r\n3,4\n5,6");

	expect_row(r, 1, "a", "b", NULL);
	expect_row(r, 2, "1", "2", NULL);
	expect_row(r, 3, "3", "4", NULL);
	expect_row(r, 4, "5", "6", NULL);
	expect_eof(r);
	csv_close(r);
}
END_TEST

START_TEST(csv_quoted_newlines_count_lines)
{
	struct csv_reader *r = open_text("nl.csv",
	    "a,b\n\"x\r\ny\",\"p\rq\nr\"\n1,2\n");

	expect_row(r, 1, "a", "b", NULL);
	expect_row(r, 2, "x\r\ny", "p\rq\nr", NULL);
	expect_row(r, 6, "1", "2", NULL);
	expect_eof(r);
	csv_close(r);
}
END_TEST

START_TEST(csv_doubled_quote_is_one_quote)
{
	struct csv_reader *r = open_text("dq.csv", "\"a\"\"b\",\"\"\"\"\n");

	expect_row(r, 1, "a\"b", "\"", NULL);
	expect_eof(r);
	csv_close(r);
}
END_TEST

START_TEST(csv_quote_inside_unquoted_field_is_data)
{
	struct csv_reader *r = open_text("uq.csv", "5\"2,x\"y\"\n");

	expect_row(r, 1, "5\"2", "x\"y\"", NULL);
	expect_eof(r);
	csv_close(r);
}
END_TEST

START_TEST(csv_empty_fields_are_kept)
{
	struct csv_reader *r = open_text("empty.csv", ",a,,\n\"\"\n,\n");

	expect_row(r, 1, "", "a", "", "", NULL);
	expect_row(r, 2, "", NULL);
	expect_row(r, 3, "", "", NULL);
	expect_eof(r);
	csv_close(r);
}
END_TEST

START_TEST(csv_blank_lines_are_skipped)
{
	struct csv_reader *r = open_text("blank.csv", "a\n\n\r\n\nb\n\n");

	expect_row(r, 1, "a", NULL);
	expect_row(r, 5, "b", NULL);
	expect_eof(r);
	csv_close(r);
}
END_TEST

START_TEST(csv_other_delimiter)
{
	char			*path = tu_write("tab.tsv", "a\tb,c\n1\t\"2\t3\"\n");
	struct csv_reader	*r = csv_open(path, '\t', NULL);

	ck_assert_ptr_nonnull(r);
	expect_row(r, 1, "a", "b,c", NULL);
	expect_row(r, 2, "1", "2\t3", NULL);
	expect_eof(r);
	csv_close(r);
	free(path);
}
END_TEST

START_TEST(csv_nul_bytes_keep_their_length)
{
	char			*path = tu_path("nul.csv");
	FILE			*fp = fopen(path, "wb");
	struct csv_reader	*r;
	struct csv_row		 row;

	fwrite("a\0b,c\n", 1, 6, fp);
	fclose(fp);
	r = csv_open(path, ',', NULL);
	ck_assert_int_eq(csv_read(r, &row, NULL), 1);
	ck_assert_uint_eq(row.n, 2);
	ck_assert_uint_eq(row.len[0], 3);
	ck_assert_int_eq(memcmp(row.field[0], "a\0b", 4), 0);
	csv_close(r);
	free(path);
}
END_TEST

START_TEST(csv_text_after_closing_quote_is_an_error_with_position)
{
	struct csv_reader *r = open_text("after.csv",
	    "a,b\n\"x\"y,2\n3,4\n");

	expect_row(r, 1, "a", "b", NULL);
	expect_error(r, "after.csv:2:4: text after the closing quote");
	expect_row(r, 3, "3", "4", NULL);
	expect_eof(r);
	csv_close(r);
}
END_TEST

START_TEST(csv_error_position_after_quoted_newline)
{
	struct csv_reader *r = open_text("after2.csv",
	    "\"a\nb\",\"c\"d\n1\n");

	expect_error(r, "after2.csv:2:7: text after the closing quote");
	expect_row(r, 3, "1", NULL);
	expect_eof(r);
	csv_close(r);
}
END_TEST

START_TEST(csv_unterminated_quote_is_an_error_where_it_opened)
{
	struct csv_reader *r = open_text("open.csv", "a,b\n1,\"abc\ndef\n");

	expect_row(r, 1, "a", "b", NULL);
	expect_error(r, "open.csv:2:3: end of file inside a quoted field");
	expect_eof(r);
	csv_close(r);
}
END_TEST

START_TEST(csv_open_missing_file_names_it)
{
	char			*cause = NULL;
	struct csv_reader	*r = csv_open("/nonexistent/x.csv", ',', &cause);

	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(cause, "/nonexistent/x.csv: "));
	free(cause);
}
END_TEST

/*
 * Rows that straddle the reader's 1 MiB blocks, with quoted CRLFs and
 * doubled quotes at every offset, read back exactly.
 */
START_TEST(csv_rows_across_block_boundaries_read_back_exactly)
{
	char			*path = tu_path("big.csv");
	FILE			*fp = fopen(path, "wb");
	struct csv_reader	*r;
	struct csv_row		 row;
	char			 want[64];
	int			 i, n = 120000;

	for (i = 0; i < n; i++)
		fprintf(fp, "%d,\"q\"\"%d\r\nx\",%s\r\n", i, i % 7,
		    i % 3 == 0 ? "" : "tail");
	fclose(fp);
	r = csv_open(path, ',', NULL);
	ck_assert_uint_gt(csv_size(r), 2 * 1024 * 1024);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(csv_read(r, &row, NULL), 1);
		ck_assert_int_eq(row.line, 2 * i + 1);
		ck_assert_uint_eq(row.n, 3);
		snprintf(want, sizeof want, "%d", i);
		ck_assert_str_eq(row.field[0], want);
		snprintf(want, sizeof want, "q\"%d\r\nx", i % 7);
		ck_assert_str_eq(row.field[1], want);
		ck_assert_str_eq(row.field[2], i % 3 == 0 ? "" : "tail");
	}
	ck_assert_int_eq(csv_read(r, &row, NULL), 0);
	ck_assert_uint_eq(csv_offset(r), csv_size(r));
	csv_close(r);
	free(path);
}
END_TEST

START_TEST(csv_row_longer_than_cap_is_an_error_and_reading_goes_on)
{
	char			*path = tu_path("long.csv");
	FILE			*fp = fopen(path, "wb");
	struct csv_reader	*r;
	char			*chunk;
	size_t			 i;

	chunk = xmalloc(1024 * 1024);
	memset(chunk, 'x', 1024 * 1024);
	fputs("a\n", fp);
	for (i = 0; i < CSV_MAX_ROW / (1024 * 1024) + 1; i++)
		fwrite(chunk, 1, 1024 * 1024, fp);
	fputs("\nb\n", fp);
	fclose(fp);
	free(chunk);
	r = csv_open(path, ',', NULL);
	expect_row(r, 1, "a", NULL);
	expect_error(r, "long.csv:2: row longer than");
	expect_row(r, 3, "b", NULL);
	expect_eof(r);
	csv_close(r);
	free(path);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("csv");
	TCase	*tc = tcase_create("reader");

	tcase_add_test(tc, csv_spectrum_files_parse_to_their_json);
	tcase_add_test(tc, csv_byte_order_mark_is_not_data);
	tcase_add_test(tc, csv_cr_lf_and_crlf_all_end_rows);
	tcase_add_test(tc, csv_quoted_newlines_count_lines);
	tcase_add_test(tc, csv_doubled_quote_is_one_quote);
	tcase_add_test(tc, csv_quote_inside_unquoted_field_is_data);
	tcase_add_test(tc, csv_empty_fields_are_kept);
	tcase_add_test(tc, csv_blank_lines_are_skipped);
	tcase_add_test(tc, csv_other_delimiter);
	tcase_add_test(tc, csv_nul_bytes_keep_their_length);
	tcase_add_test(tc, csv_text_after_closing_quote_is_an_error_with_position);
	tcase_add_test(tc, csv_error_position_after_quoted_newline);
	tcase_add_test(tc, csv_unterminated_quote_is_an_error_where_it_opened);
	tcase_add_test(tc, csv_open_missing_file_names_it);
	tcase_add_test(tc, csv_rows_across_block_boundaries_read_back_exactly);
	tcase_add_test(tc,
	    csv_row_longer_than_cap_is_an_error_and_reading_goes_on);
	suite_add_tcase(s, tc);
	return s;
}
