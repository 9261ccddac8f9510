/*
 * test_timing.c: creation-date histograms (bins, bursts, scopes) and the
 * posting-hour heatmap in fixed offsets and IANA zones.
 */
#include "config.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "timing.h"
#include "util.h"

/* 2024-01-01T00:00:00Z, a Monday. */
#define MONDAY	1704067200LL

static int64_t
add_account(struct case_db *c, const char *created_at)
{
	static int	 n;
	sqlite3_stmt	*st;
	char		 native[32];

	snprintf(native, sizeof native, "u%d", ++n);
	ck_assert_int_eq(sqlite3_prepare_v2(c->db, "INSERT INTO accounts"
	    "(platform, native_id, created_at) VALUES('test', ?1, ?2)", -1,
	    &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, native, -1, SQLITE_TRANSIENT);
	if (created_at != NULL)
		sqlite3_bind_text(st, 2, created_at, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(c->db);
}

static void
add_accounts(struct case_db *c, const char *created_at, int n)
{
	while (n-- > 0)
		add_account(c, created_at);
}

static void
add_post(struct case_db *c, int64_t acct, int64_t t)
{
	static int	 n;
	char		*sql, *cause = NULL;

	sql = xasprintf("INSERT INTO posts(account_id, native_id, posted_at)"
	    " VALUES(%lld, 'p%d', %lld)", (long long)acct, ++n, (long long)t);
	ck_assert_msg(case_exec(c, sql, &cause) == 0, "%s", cause);
	free(sql);
}

static struct timing_hist *
hist(struct case_db *c, enum timing_unit unit)
{
	struct timing_hist_opts	 o = { .unit = unit };
	struct timing_hist	*h = NULL;
	char			*cause = NULL;

	ck_assert_msg(timing_hist(c, &o, &h, &cause) == 0, "%s", cause);
	return h;
}

static struct timing_heatmap *
heatmap(struct case_db *c, const char *zone)
{
	struct timing_scope	 sc = { 0 };
	struct timing_tz	 tz;
	struct timing_heatmap	*hm = NULL;
	char			*cause = NULL;

	ck_assert_msg(timing_tz_parse(zone, &tz, &cause), "%s", cause);
	ck_assert_msg(timing_heatmap(c, &sc, &tz, &hm, &cause) == 0, "%s",
	    cause);
	return hm;
}

static bool
have_zoneinfo(const char *zone)
{
	char	*path = xasprintf("/usr/share/zoneinfo/%s", zone);
	bool	 ok = access(path, R_OK) == 0;

	if (!ok)
		fprintf(stderr, "note: %s is absent; the test that needs it "
		    "checks nothing\n", path);
	free(path);
	return ok;
}

START_TEST(test_hist_counts_accounts_per_utc_day_without_gaps)
{
	struct case_db		*c = tu_case_new();
	struct timing_hist	*h;
	char			 label[16];

	add_account(c, "2023-03-01T10:00:00Z");
	add_account(c, "2023-03-01T23:59:59Z");
	add_account(c, "2023-03-03T00:00:00Z");
	h = hist(c, TIMING_DAY);
	ck_assert_uint_eq(h->nbins, 3);
	ck_assert_int_eq(h->bins[0].count, 2);
	ck_assert_int_eq(h->bins[1].count, 0);
	ck_assert_int_eq(h->bins[2].count, 1);
	ck_assert_int_eq(h->bins[1].start - h->bins[0].start, 86400);
	timing_bin_label(TIMING_DAY, h->bins[0].start, label);
	ck_assert_str_eq(label, "2023-03-01");
	ck_assert_int_eq(h->total, 3);
	timing_hist_free(h);
	case_close(c);
}
END_TEST

START_TEST(test_hist_counts_accounts_per_hour)
{
	struct case_db		*c = tu_case_new();
	struct timing_hist	*h;
	char			 label[16];

	add_account(c, "2023-03-01T10:00:00Z");
	add_account(c, "2023-03-01T10:59:59Z");
	add_account(c, "2023-03-01T12:05:00Z");
	h = hist(c, TIMING_HOUR);
	ck_assert_uint_eq(h->nbins, 3);
	ck_assert_int_eq(h->bins[0].count, 2);
	ck_assert_int_eq(h->bins[2].count, 1);
	timing_bin_label(TIMING_HOUR, h->bins[2].start, label);
	ck_assert_str_eq(label, "2023-03-01T12");
	timing_hist_free(h);
	case_close(c);
}
END_TEST

START_TEST(test_hist_flags_a_planted_burst)
{
	struct case_db		*c = tu_case_new();
	struct timing_hist	*h;
	char			 day[32];
	size_t			 i;
	int			 d;

	for (d = 1; d <= 28; d++) {
		snprintf(day, sizeof day, "2023-02-%02dT12:00:00Z", d);
		add_accounts(c, day, 1 + d % 3);
	}
	add_accounts(c, "2023-02-14T03:00:00Z", 40);
	h = hist(c, TIMING_DAY);
	ck_assert_uint_eq(h->nbins, 28);
	ck_assert_uint_eq(h->nbursts, 1);
	for (i = 0; i < h->nbins; i++)
		ck_assert(h->bins[i].burst == (i == 13));
	ck_assert_int_eq(h->bins[13].count, 43);
	timing_hist_free(h);
	case_close(c);
}
END_TEST

START_TEST(test_hist_small_bin_is_no_burst_below_the_minimum)
{
	struct case_db		*c = tu_case_new();
	struct timing_hist	*h;

	add_account(c, "2023-01-01T00:00:00Z");
	add_accounts(c, "2023-01-05T00:00:00Z", 4);
	add_account(c, "2023-01-09T00:00:00Z");
	h = hist(c, TIMING_DAY);
	ck_assert_uint_eq(h->nbursts, 0);
	timing_hist_free(h);
	case_close(c);
}
END_TEST

START_TEST(test_hist_counts_undated_accounts_apart)
{
	struct case_db		*c = tu_case_new();
	struct timing_hist	*h;

	add_account(c, "2023-01-01T00:00:00Z");
	add_account(c, NULL);
	add_account(c, "last tuesday");
	add_account(c, "2023-02-30T00:00:00Z");
	h = hist(c, TIMING_DAY);
	ck_assert_int_eq(h->total, 1);
	ck_assert_int_eq(h->undated, 3);
	ck_assert_uint_eq(h->nbins, 1);
	timing_hist_free(h);
	case_close(c);
}
END_TEST

START_TEST(test_hist_of_a_network_counts_its_members_only)
{
	struct case_db		*c = tu_case_new();
	struct timing_hist_opts	 o = { .unit = TIMING_DAY,
	    .scope = { .network = "ring" } };
	struct timing_hist	*h = NULL;
	char			*cause = NULL, *sql;
	int64_t			 a;

	a = add_account(c, "2023-01-01T00:00:00Z");
	add_account(c, "2023-01-02T00:00:00Z");
	sql = xasprintf("INSERT INTO networks(name, created_at, created_by,"
	    " updated_at) VALUES('ring', 'now', 't', 'now');"
	    " INSERT INTO network_members(network_id, account_id, added_at,"
	    " added_by) VALUES(last_insert_rowid(), %lld, 'now', 't');",
	    (long long)a);
	ck_assert_msg(case_exec(c, sql, &cause) == 0, "%s", cause);
	free(sql);
	ck_assert_msg(timing_hist(c, &o, &h, &cause) == 0, "%s", cause);
	ck_assert_int_eq(h->total, 1);
	ck_assert_uint_eq(h->nbins, 1);
	timing_hist_free(h);
	case_close(c);
}
END_TEST

START_TEST(test_hist_of_an_unknown_network_is_an_error)
{
	struct case_db		*c = tu_case_new();
	struct timing_hist_opts	 o = { .unit = TIMING_DAY,
	    .scope = { .network = "nope" } };
	struct timing_hist	*h = NULL;
	char			*cause = NULL;

	ck_assert_int_eq(timing_hist(c, &o, &h, &cause), -1);
	ck_assert_ptr_null(h);
	ck_assert_str_eq(cause, "no network named nope");
	free(cause);
	case_close(c);
}
END_TEST

START_TEST(test_hist_since_until_bound_creation_times)
{
	struct case_db		*c = tu_case_new();
	struct timing_hist_opts	 o = { .unit = TIMING_DAY,
	    .scope = { .since = MONDAY, .until = MONDAY + 86400 } };
	struct timing_hist	*h = NULL;
	char			*cause = NULL;

	add_account(c, "2023-12-31T23:59:59Z");
	add_account(c, "2024-01-01T00:00:00Z");
	add_account(c, "2024-01-01T23:59:59Z");
	add_account(c, "2024-01-02T00:00:00Z");
	ck_assert_msg(timing_hist(c, &o, &h, &cause) == 0, "%s", cause);
	ck_assert_int_eq(h->total, 2);
	timing_hist_free(h);
	case_close(c);
}
END_TEST

START_TEST(test_heatmap_in_utc)
{
	struct case_db		*c = tu_case_new();
	struct timing_heatmap	*hm;
	int64_t			 a = add_account(c, NULL);

	add_post(c, a, MONDAY + 23 * 3600 + 30 * 60);
	add_post(c, a, MONDAY + 6 * 86400);
	hm = heatmap(c, "UTC");
	ck_assert_int_eq(hm->cell[0][23], 1);
	ck_assert_int_eq(hm->cell[6][0], 1);
	ck_assert_int_eq(hm->total, 2);
	timing_heatmap_free(hm);
	case_close(c);
}
END_TEST

START_TEST(test_heatmap_offset_moves_a_late_post_into_the_next_day)
{
	struct case_db		*c = tu_case_new();
	struct timing_heatmap	*hm;
	int64_t			 a = add_account(c, NULL);

	/* Monday 23:30 UTC is Tuesday 02:30 at +03:00. */
	add_post(c, a, MONDAY + 23 * 3600 + 30 * 60);
	hm = heatmap(c, "+03:00");
	ck_assert_int_eq(hm->cell[1][2], 1);
	ck_assert_int_eq(hm->total, 1);
	ck_assert_str_eq(hm->tz.name, "+03:00");
	timing_heatmap_free(hm);
	case_close(c);
}
END_TEST

START_TEST(test_heatmap_negative_offset_moves_a_post_back_a_day)
{
	struct case_db		*c = tu_case_new();
	struct timing_heatmap	*hm;
	int64_t			 a = add_account(c, NULL);

	/* Monday 02:00 UTC is Sunday 21:00 at -05. */
	add_post(c, a, MONDAY + 2 * 3600);
	hm = heatmap(c, "-05");
	ck_assert_int_eq(hm->cell[6][21], 1);
	timing_heatmap_free(hm);
	case_close(c);
}
END_TEST

START_TEST(test_heatmap_half_hour_offset)
{
	struct case_db		*c = tu_case_new();
	struct timing_heatmap	*hm;
	int64_t			 a = add_account(c, NULL);

	/* Monday 10:40 UTC is 16:10 at +05:30. */
	add_post(c, a, MONDAY + 10 * 3600 + 40 * 60);
	hm = heatmap(c, "+0530");
	ck_assert_int_eq(hm->cell[0][16], 1);
	timing_heatmap_free(hm);
	case_close(c);
}
END_TEST

START_TEST(test_heatmap_iana_zone_follows_daylight_saving)
{
	struct case_db		*c;
	struct timing_heatmap	*hm;
	int64_t			 a;
	const char		*before;

	if (!have_zoneinfo("America/New_York"))
		return;
	c = tu_case_new();
	a = add_account(c, NULL);
	before = getenv("TZ");
	/* 12:00 UTC: 07:00 EST on Monday 2024-01-01, 08:00 EDT on Monday
	 * 2024-07-01 (182 days later). */
	add_post(c, a, MONDAY + 12 * 3600);
	add_post(c, a, MONDAY + 182 * 86400LL + 12 * 3600);
	hm = heatmap(c, "America/New_York");
	ck_assert_int_eq(hm->cell[0][7], 1);
	ck_assert_int_eq(hm->cell[0][8], 1);
	ck_assert_str_eq(hm->tz.name, "America/New_York");
	ck_assert(before == NULL ? getenv("TZ") == NULL :
	    strcmp(getenv("TZ"), before) == 0);
	timing_heatmap_free(hm);
	case_close(c);
}
END_TEST

START_TEST(test_tz_parse_accepts_offsets_and_refuses_junk)
{
	struct timing_tz	 tz;
	char			*cause = NULL;

	ck_assert(timing_tz_parse("+03:00", &tz, NULL));
	ck_assert(tz.fixed && tz.offset == 3 * 3600);
	ck_assert(timing_tz_parse("-05", &tz, NULL));
	ck_assert(tz.fixed && tz.offset == -5 * 3600);
	ck_assert_str_eq(tz.name, "-05:00");
	ck_assert(timing_tz_parse("UTC+3", &tz, NULL));
	ck_assert_int_eq(tz.offset, 3 * 3600);
	ck_assert(timing_tz_parse("+0545", &tz, NULL));
	ck_assert_int_eq(tz.offset, 5 * 3600 + 45 * 60);
	ck_assert(timing_tz_parse("utc", &tz, NULL));
	ck_assert(tz.fixed && tz.offset == 0);
	ck_assert(!timing_tz_parse("+25:00", &tz, NULL));
	ck_assert(!timing_tz_parse("+03:60", &tz, NULL));
	ck_assert(!timing_tz_parse("../../etc/passwd", &tz, NULL));
	ck_assert(!timing_tz_parse("Mars/Olympus_Mons", &tz, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "unknown time zone"));
	free(cause);
}
END_TEST

static char *
print_to_string(int (*fn)(FILE *, const void *, int), const void *arg,
    int fmt)
{
	char	*s = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&s, &len);

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(fn(fp, arg, fmt), 0);
	fclose(fp);
	return s;
}

static int
print_hist(FILE *fp, const void *h, int fmt)
{
	return timing_print_hist(fp, h, (enum timing_format)fmt);
}

static int
print_heatmap(FILE *fp, const void *hm, int fmt)
{
	return timing_print_heatmap(fp, hm, (enum timing_format)fmt);
}

START_TEST(test_print_hist_csv_lists_every_bin)
{
	struct case_db		*c = tu_case_new();
	struct timing_hist	*h;
	char			*s;

	add_account(c, "2023-03-01T10:00:00Z");
	add_account(c, "2023-03-03T10:00:00Z");
	h = hist(c, TIMING_DAY);
	s = print_to_string(print_hist, h, TIMING_FORMAT_CSV);
	ck_assert_str_eq(s, "bin,count,burst\n2023-03-01,1,0\n"
	    "2023-03-02,0,0\n2023-03-03,1,0\n");
	free(s);
	s = print_to_string(print_hist, h, TIMING_FORMAT_JSON);
	ck_assert_ptr_nonnull(strstr(s, "{\"bin\":\"2023-03-02\","));
	free(s);
	s = print_to_string(print_hist, h, TIMING_FORMAT_TEXT);
	ck_assert_ptr_nonnull(strstr(s, "(1 empty day)"));
	free(s);
	timing_hist_free(h);
	case_close(c);
}
END_TEST

START_TEST(test_print_heatmap_csv_has_168_cells)
{
	struct case_db		*c = tu_case_new();
	struct timing_heatmap	*hm;
	char			*s, *p;
	int			 lines = 0;

	add_post(c, add_account(c, NULL), MONDAY + 23 * 3600 + 1800);
	hm = heatmap(c, "+03:00");
	s = print_to_string(print_heatmap, hm, TIMING_FORMAT_CSV);
	for (p = s; *p != '\0'; p++)
		lines += *p == '\n';
	ck_assert_int_eq(lines, 1 + 168);
	ck_assert_ptr_nonnull(strstr(s, "\nTue,2,1\n"));
	free(s);
	s = print_to_string(print_heatmap, hm, TIMING_FORMAT_JSON);
	ck_assert_ptr_nonnull(strstr(s, "{\"tz\":\"+03:00\",\"total\":1,"));
	free(s);
	timing_heatmap_free(hm);
	case_close(c);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("timing");
	TCase	*th = tcase_create("histogram");
	TCase	*tm = tcase_create("heatmap");

	tcase_add_test(th, test_hist_counts_accounts_per_utc_day_without_gaps);
	tcase_add_test(th, test_hist_counts_accounts_per_hour);
	tcase_add_test(th, test_hist_flags_a_planted_burst);
	tcase_add_test(th, test_hist_small_bin_is_no_burst_below_the_minimum);
	tcase_add_test(th, test_hist_counts_undated_accounts_apart);
	tcase_add_test(th, test_hist_of_a_network_counts_its_members_only);
	tcase_add_test(th, test_hist_of_an_unknown_network_is_an_error);
	tcase_add_test(th, test_hist_since_until_bound_creation_times);
	tcase_add_test(th, test_print_hist_csv_lists_every_bin);
	suite_add_tcase(s, th);
	tcase_add_test(tm, test_heatmap_in_utc);
	tcase_add_test(tm,
	    test_heatmap_offset_moves_a_late_post_into_the_next_day);
	tcase_add_test(tm,
	    test_heatmap_negative_offset_moves_a_post_back_a_day);
	tcase_add_test(tm, test_heatmap_half_hour_offset);
	tcase_add_test(tm, test_heatmap_iana_zone_follows_daylight_saving);
	tcase_add_test(tm, test_tz_parse_accepts_offsets_and_refuses_junk);
	tcase_add_test(tm, test_print_heatmap_csv_has_168_cells);
	suite_add_tcase(s, tm);
	return s;
}
