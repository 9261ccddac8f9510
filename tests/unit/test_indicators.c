/*
 * test_indicators.c: refanging, classifying and normalizing published
 * indicators, and importing Meta's four published lists.
 */
#include "config.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "indicators.h"
#include "util.h"

static char *
refanged(const char *s)
{
	struct buf	b = BUF_INIT;

	indicators_refang(s, &b);
	return buf_steal(&b);
}

START_TEST(refang_undoes_the_usual_defanging)
{
	const struct {
		const char *in, *out;
	} cases[] = {
		{ "example[.]com", "example.com" },
		{ "hxxp://evil(.)org/x", "http://evil.org/x" },
		{ "HXXPS[:]//a{.}b[dot]c", "https://a.b.c" },
		{ "https[://]t[.]me/x", "https://t.me/x" },
		{ "user[@]mail[.]ru", "user@mail.ru" },
		{ "plain text", "plain text" },
	};
	size_t	i;

	for (i = 0; i < nitems(cases); i++) {
		char *r = refanged(cases[i].in);

		ck_assert_str_eq(r, cases[i].out);
		free(r);
	}
}
END_TEST

static void
classify(const char *raw, enum indicator_kind kind, const char *value)
{
	struct indicator_value	v;

	ck_assert_msg(indicator_classify(raw, &v) == 0, "%s", raw);
	ck_assert_msg(v.kind == kind, "%s: kind %s, not %s", raw,
	    indicator_kind_name(v.kind), indicator_kind_name(kind));
	ck_assert_str_eq(v.value, value);
}

START_TEST(defanged_domains_are_domains)
{
	classify("rrn[.]world", IND_DOMAIN, "rrn.world");
	classify("Le-Continent[.]Press ", IND_DOMAIN, "le-continent.press");
	classify("https://shi3adodelharb.com/", IND_DOMAIN,
	    "shi3adodelharb.com");
	classify("jiraboom[.]pro (Hosted a spoof of Der Spiegel)", IND_DOMAIN,
	    "jiraboom.pro");
}
END_TEST

START_TEST(links_with_a_path_are_urls)
{
	classify("http://t[.]me/+ugoxkjuomho4nmy1", IND_URL,
	    "http://t.me/+ugoxkjuomho4nmy1");
	classify("hxxps://www[.]example[.]org/a?utm_source=x", IND_URL,
	    "https://example.org/a");
}
END_TEST

START_TEST(profile_links_also_name_a_handle)
{
	struct indicator_value	v;

	ck_assert_int_eq(indicator_classify("twitter[.]com/AishaHadi19", &v),
	    0);
	ck_assert_int_eq(v.kind, IND_URL);
	ck_assert_str_eq(v.handle, "aishahadi19");
	ck_assert_int_eq(indicator_classify(
	    "https://www[.]youtube.com/@ItsInYourHands", &v), 0);
	ck_assert_str_eq(v.handle, "itsinyourhands");
	ck_assert_int_eq(indicator_classify(
	    "https://www[.]reddit[.]com/user/Accomplished-Bag5619/", &v), 0);
	ck_assert_str_eq(v.handle, "accomplished-bag5619");
	/* An invite link and a pin are not accounts. */
	ck_assert_int_eq(indicator_classify("http://t[.]me/+ugoxkjuomho4nmy1",
	    &v), 0);
	ck_assert_str_eq(v.handle, "");
	ck_assert_int_eq(indicator_classify(
	    "http://ca.pinterest.com/pin/1097048790475624510", &v), 0);
	ck_assert_str_eq(v.handle, "");
}
END_TEST

START_TEST(other_kinds_are_recognized)
{
	classify("203.0.113[.]7", IND_IP, "203.0.113.7");
	classify("Op.Er@Example[.]com", IND_EMAIL, "op.er@example.com");
	classify("+7 (912) 345-67-89", IND_PHONE, "79123456789");
	classify("#AmericaTheThief", IND_HASHTAG, "americathethief");
	classify("@Some_Handle", IND_HANDLE, "some_handle");
	classify("7,704 Facebook accounts", IND_NOTE,
	    "7,704 Facebook accounts");
	classify("  America is wiretapping\n the world ", IND_TEXT,
	    "America is wiretapping the world");
}
END_TEST

START_TEST(empty_indicator_is_refused)
{
	struct indicator_value	v;

	ck_assert_int_eq(indicator_classify(" \t", &v), -1);
}
END_TEST

static struct indicators_stats
import(struct case_db *c, const char *rel, const char *network, bool *ok)
{
	struct indicators_stats	 st;
	char			*path, *cause = NULL;

	memset(&st, 0, sizeof st);
	*ok = false;
	if ((path = tu_data(rel)) == NULL)
		return st;
	ck_assert_msg(indicators_import(c, path, network, NULL, NULL, &st,
	    &cause) == 0, "%s", cause);
	free(path);
	*ok = true;
	return st;
}

#define CHINA_2024	"indicators/meta-Q1_2024_CHINA_BASED_CIB_NETWORK.csv"
#define VIETNAM_2024	"indicators/meta-Q2_2024_VIETNAM_BASED_CIB_NETWORK.csv"
#define DOPPELGANGER	"indicators/" \
    "meta-Q2_2023_Doppelganger_Russia_based_CIB_network_updated.csv"
#define SPAMOUFLAGE	"indicators/" \
    "meta-Q2_2023_Spamouflage_China_based_CIB_updated.csv"

/* Counted by hand: 14 rows (5 X profiles, a Telegram invite, 4 counts,
 * 4 sentences) and the 5 X handles those profiles name. */
START_TEST(china_2024_list_counts_by_kind)
{
	struct case_db		*c = tu_case_new();
	struct indicators_stats	 st;
	bool			 ok;

	st = import(c, CHINA_2024, NULL, &ok);
	if (!ok) {
		case_close(c);
		return;
	}
	ck_assert_int_eq(st.rows, 14);
	ck_assert_int_eq(st.added, 19);
	ck_assert_int_eq(st.by_kind[IND_URL], 6);
	ck_assert_int_eq(st.by_kind[IND_HANDLE], 5);
	ck_assert_int_eq(st.by_kind[IND_NOTE], 4);
	ck_assert_int_eq(st.by_kind[IND_TEXT], 4);
	ck_assert_int_eq(st.duplicates, 0);
	ck_assert_int_eq(st.skipped, 0);
	case_close(c);
}
END_TEST

/* Counted by hand: 5 domains, 16 links (6 X, 3 YouTube, 1 TikTok,
 * 4 Telegram, 1 Pinterest, 1 petition), 11 distinct handles among them
 * (4 more repeat "shi3adodelharb"), 3 counts and 13 sentences. */
START_TEST(vietnam_2024_list_counts_by_kind)
{
	struct case_db		*c = tu_case_new();
	struct indicators_stats	 st;
	bool			 ok;

	st = import(c, VIETNAM_2024, NULL, &ok);
	if (!ok) {
		case_close(c);
		return;
	}
	ck_assert_int_eq(st.rows, 37);
	ck_assert_int_eq(st.by_kind[IND_DOMAIN], 5);
	ck_assert_int_eq(st.by_kind[IND_URL], 16);
	ck_assert_int_eq(st.by_kind[IND_HANDLE], 11);
	ck_assert_int_eq(st.by_kind[IND_NOTE], 3);
	ck_assert_int_eq(st.by_kind[IND_TEXT], 13);
	ck_assert_int_eq(st.duplicates, 4);
	case_close(c);
}
END_TEST

START_TEST(doppelganger_list_is_mostly_domains)
{
	struct case_db		*c = tu_case_new();
	struct indicators_stats	 st;
	bool			 ok;

	st = import(c, DOPPELGANGER, NULL, &ok);
	if (!ok) {
		case_close(c);
		return;
	}
	ck_assert_int_eq(st.rows, 6494);
	ck_assert_int_eq(st.skipped, 1);	/* line 6137 has no indicator */
	ck_assert_int_eq(st.by_kind[IND_DOMAIN], 5953);
	ck_assert_int_eq(st.by_kind[IND_URL], 330);
	ck_assert_int_eq(st.by_kind[IND_TEXT], 0);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM indicators WHERE"
	    " kind = 'domain' AND value = 'rrn.world' AND technique ="
	    " '0.6 Acquiring domains' AND comment LIKE 'Operation%brands%'"),
	    1);
	case_close(c);
}
END_TEST

START_TEST(spamouflage_list_keeps_titles_as_text)
{
	struct case_db		*c = tu_case_new();
	struct indicators_stats	 st;
	bool			 ok;

	st = import(c, SPAMOUFLAGE, NULL, &ok);
	if (!ok) {
		case_close(c);
		return;
	}
	ck_assert_int_eq(st.rows, 528);
	ck_assert_int_eq(st.by_kind[IND_TEXT], 268);
	ck_assert_int_eq(st.by_kind[IND_HASHTAG], 3);
	ck_assert_int_gt(st.by_kind[IND_HANDLE], 100);
	case_close(c);
}
END_TEST

START_TEST(all_four_lists_import_into_one_case)
{
	struct case_db	*c = tu_case_new();
	bool		 ok;

	import(c, CHINA_2024, NULL, &ok);
	if (!ok) {
		case_close(c);
		return;
	}
	import(c, VIETNAM_2024, NULL, &ok);
	import(c, DOPPELGANGER, NULL, &ok);
	import(c, SPAMOUFLAGE, NULL, &ok);
	ck_assert_int_eq(tu_int(c, "SELECT count(DISTINCT network) FROM"
	    " indicators"), 4);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit WHERE action ="
	    " 'indicators-import'"), 4);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM indicators WHERE"
	    " value LIKE '%[.]%' OR value LIKE 'hxxp%'"), 0);
	case_close(c);
}
END_TEST

START_TEST(header_with_trailing_space_still_names_the_tactic)
{
	struct case_db	*c = tu_case_new();
	bool		 ok;

	import(c, CHINA_2024, NULL, &ok);
	if (!ok) {
		case_close(c);
		return;
	}
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM indicators WHERE"
	    " tactic IS NULL"), 0);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM indicators WHERE"
	    " procedure = '2.2.1 Monitoring breaking news'"), 1);
	case_close(c);
}
END_TEST

START_TEST(network_defaults_to_the_file_name)
{
	struct case_db		*c = tu_case_new();
	struct indicators_stats	 st;
	bool			 ok;

	st = import(c, CHINA_2024, NULL, &ok);
	if (!ok) {
		case_close(c);
		return;
	}
	ck_assert_str_eq(st.network, "meta-Q1_2024_CHINA_BASED_CIB_NETWORK");
	st = import(c, CHINA_2024, "sikh-personas", &ok);
	ck_assert_str_eq(st.network, "sikh-personas");
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM indicators WHERE"
	    " network = 'sikh-personas'"), 19);
	case_close(c);
}
END_TEST

START_TEST(reimporting_a_list_adds_only_duplicates)
{
	struct case_db		*c = tu_case_new();
	struct indicators_stats	 st;
	bool			 ok;

	import(c, VIETNAM_2024, NULL, &ok);
	if (!ok) {
		case_close(c);
		return;
	}
	st = import(c, VIETNAM_2024, NULL, &ok);
	ck_assert_int_eq(st.added, 0);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM indicators"), 48);
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

START_TEST(rows_without_indicator_are_skipped_with_their_line)
{
	struct case_db		*c = tu_case_new();
	struct indicators_stats	 st;
	struct buf		 w = BUF_INIT;
	char			*cause = NULL;
	char			*path = tu_write("l.csv",
	    "TACTIC ,Technique,Procedure, Indicator\n"
	    "0. Acquiring assets,0.6 Acquiring domains,0.6.2 x,a[.]com\n"
	    ",,,\n"
	    "0. Acquiring assets,0.6 Acquiring domains,0.6.2 x,\n"
	    "0. Acquiring assets,0.6 Acquiring domains,0.6.2 x,\"b[.]com\"x\n"
	    "0. Acquiring assets,0.6 Acquiring domains,0.6.2 x,c(.)com\n");

	ck_assert_msg(indicators_import(c, path, NULL, warned, &w, &st,
	    &cause) == 0, "%s", cause);
	ck_assert_int_eq(st.added, 2);
	ck_assert_int_eq(st.skipped, 2);
	ck_assert_ptr_nonnull(strstr(w.data, "l.csv:4: no indicator"));
	ck_assert_ptr_nonnull(strstr(w.data, "l.csv:5:"));
	buf_free(&w);
	free(path);
	case_close(c);
}
END_TEST

START_TEST(a_list_without_indicator_column_changes_nothing)
{
	struct case_db		*c = tu_case_new();
	struct indicators_stats	 st;
	char			*cause = NULL;
	char			*path = tu_write("n.csv", "a,b\n1,2\n");

	ck_assert_int_eq(indicators_import(c, path, NULL, NULL, NULL, &st,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "no \"indicator\" column"));
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit WHERE action ="
	    " 'indicators-import'"), 0);
	free(cause);
	free(path);
	case_close(c);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("indicators");
	TCase	*tc;

	tc = tcase_create("classify");
	tcase_add_test(tc, refang_undoes_the_usual_defanging);
	tcase_add_test(tc, defanged_domains_are_domains);
	tcase_add_test(tc, links_with_a_path_are_urls);
	tcase_add_test(tc, profile_links_also_name_a_handle);
	tcase_add_test(tc, other_kinds_are_recognized);
	tcase_add_test(tc, empty_indicator_is_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("import");
	tcase_add_test(tc, china_2024_list_counts_by_kind);
	tcase_add_test(tc, vietnam_2024_list_counts_by_kind);
	tcase_add_test(tc, doppelganger_list_is_mostly_domains);
	tcase_add_test(tc, spamouflage_list_keeps_titles_as_text);
	tcase_add_test(tc, all_four_lists_import_into_one_case);
	tcase_add_test(tc, header_with_trailing_space_still_names_the_tactic);
	tcase_add_test(tc, network_defaults_to_the_file_name);
	tcase_add_test(tc, reimporting_a_list_adds_only_duplicates);
	tcase_add_test(tc, rows_without_indicator_are_skipped_with_their_line);
	tcase_add_test(tc, a_list_without_indicator_column_changes_nothing);
	suite_add_tcase(s, tc);
	return s;
}
