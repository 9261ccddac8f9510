/*
 * test_demo.c: the demo case is deterministic, scales with its size, and
 * holds the planted networks, benign hubs and decoy that demo.h promises.
 * Cases are small (3,000 accounts) so the suite stays fast.
 */
#include "config.h"
#include "testutil.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "case.h"
#include "demo.h"
#include "util.h"

#define SMALL	3000
/* In a SMALL case, a value held by this many accounts is a hub. */
#define HUB_MIN_STR	"10"

static struct case_db	*shared;	/* one SMALL case for the trait tests */

static struct case_db *
demo_case(int64_t accounts, uint64_t seed)
{
	struct case_db		*c = tu_case_new();
	struct demo_opts	 o = { accounts, seed, NULL, NULL };
	char			*cause = NULL;

	ck_assert_msg(demo_generate(c, &o, &cause) == 0, "demo_generate: %s",
	    cause);
	return c;
}

static void
shared_setup(void)
{
	shared = demo_case(SMALL, DEMO_DEFAULT_SEED);
}

static void
shared_teardown(void)
{
	case_close(shared);
	shared = NULL;
}

/* FNV-1a over every column of every row a query returns. */
static uint64_t
digest(struct case_db *c, const char *sql)
{
	sqlite3_stmt		*st;
	uint64_t		 h = 0xcbf29ce484222325ULL;
	const unsigned char	*v;
	int			 i;

	ck_assert_msg(sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) ==
	    SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(c->db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(st); i++) {
			v = sqlite3_column_text(st, i);
			for (; v != NULL && *v != '\0'; v++)
				h = (h ^ *v) * 0x100000001b3ULL;
			h = (h ^ 0x1f) * 0x100000001b3ULL;
		}
	}
	sqlite3_finalize(st);
	return h;
}

static const char *const contents[] = {
	"SELECT platform, native_id, handle, display_name, bio, url,"
	" created_at, followers, following, posts, country, language, status"
	" FROM accounts ORDER BY id",
	"SELECT kind, value, account_id, raw FROM attributes"
	" ORDER BY kind, value, account_id",
	"SELECT account_id, native_id, posted_at, text, text_hash, reply_to,"
	" repost_of, hashtags FROM posts ORDER BY id",
	"SELECT post_id, url, domain FROM post_urls ORDER BY post_id, url",
	"SELECT network, account_id FROM planted ORDER BY network, account_id",
};

START_TEST(test_same_seed_gives_the_same_case)
{
	struct case_db	*a = demo_case(SMALL, 42), *b = demo_case(SMALL, 42);
	size_t		 i;

	for (i = 0; i < nitems(contents); i++)
		ck_assert_msg(digest(a, contents[i]) == digest(b, contents[i]),
		    "differs: %s", contents[i]);
	ck_assert_int_eq(case_count(a, "attributes"),
	    case_count(b, "attributes"));
	case_close(a);
	case_close(b);
}
END_TEST

START_TEST(test_other_seed_gives_another_case)
{
	struct case_db	*a = demo_case(SMALL, 42), *b = demo_case(SMALL, 43);

	ck_assert_int_eq(case_count(a, "accounts"), case_count(b, "accounts"));
	ck_assert(digest(a, contents[0]) != digest(b, contents[0]));
	ck_assert(digest(a, contents[1]) != digest(b, contents[1]));
	case_close(a);
	case_close(b);
}
END_TEST

START_TEST(test_size_sets_the_number_of_accounts)
{
	struct case_db	*c = demo_case(1000, 1);
	int64_t		 attrs, posts;

	ck_assert_int_eq(case_count(c, "accounts"), 1000);
	ck_assert_int_eq(case_count(shared, "accounts"), SMALL);
	/* About five attribute rows and one post per account. */
	attrs = case_count(shared, "attributes");
	posts = case_count(shared, "posts");
	ck_assert_msg(attrs > 4 * SMALL && attrs < 7 * SMALL, "%lld",
	    (long long)attrs);
	ck_assert_msg(posts > SMALL / 2 && posts < 3 * SMALL, "%lld",
	    (long long)posts);
	ck_assert(case_count(c, "attributes") < attrs / 2);
	case_close(c);
}
END_TEST

START_TEST(test_sizes_out_of_range_are_refused)
{
	struct case_db		*c = tu_case_new();
	struct demo_opts	 o = { 10, 1, NULL, NULL };
	char			*cause = NULL;

	ck_assert_int_eq(demo_generate(c, &o, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_ptr_nonnull(strstr(cause, "accounts"));
	ck_assert_int_eq(case_count(c, "accounts"), 0);
	free(cause);
	case_close(c);
}
END_TEST

START_TEST(test_case_records_how_it_was_made)
{
	char	*v = case_info_get(shared, "demo_seed");
	char	*n = case_info_get(shared, "demo_accounts");
	char	*ver = case_info_get(shared, "demo_version");

	ck_assert_str_eq(v, "20231101");
	ck_assert_str_eq(n, "3000");
	ck_assert_int_eq(atoi(ver), DEMO_VERSION);
	free(v);
	free(n);
	free(ver);
}
END_TEST

/* Records the last count and the number of calls; counts only go up. */
static void
progress_record(void *arg, int64_t done, int64_t total)
{
	int64_t	*last = arg;

	ck_assert_int_eq(total, 9000);
	ck_assert_int_gt(done, last[0]);
	last[0] = done;
	last[1]++;
}

START_TEST(test_progress_counts_up_to_the_total)
{
	struct case_db		*c = tu_case_new();
	int64_t			 last[2] = { -1, 0 };
	struct demo_opts	 o = { 9000, 3, progress_record, last };
	char			*cause = NULL;

	ck_assert_msg(demo_generate(c, &o, &cause) == 0, "%s", cause);
	ck_assert_int_eq(last[0], 9000);
	ck_assert_int_ge(last[1], 3);
	case_close(c);
}
END_TEST

START_TEST(test_every_network_has_its_truth)
{
	ck_assert_int_ge(tu_int(shared, "SELECT count(*) FROM planted"
	    " WHERE network = '" DEMO_NET_NIGHT "'"), 30);
	ck_assert_int_ge(tu_int(shared, "SELECT count(*) FROM planted"
	    " WHERE network = '" DEMO_NET_VOIP "'"), 24);
	ck_assert_int_ge(tu_int(shared, "SELECT count(*) FROM planted"
	    " WHERE network = '" DEMO_NET_NEWS "'"), 24);
	ck_assert_int_ge(tu_int(shared, "SELECT count(*) FROM planted"
	    " WHERE network = '" DEMO_NET_PAGES "'"), 16);
	ck_assert_int_ge(tu_int(shared, "SELECT count(*) FROM planted"
	    " WHERE network = '" DEMO_NET_DECOY "'"), 20);
	ck_assert_int_ge(tu_int(shared, "SELECT count(*) FROM planted"
	    " WHERE network = '" DEMO_NET_ECHO "'"), 20);
	ck_assert_int_eq(tu_int(shared, "SELECT count(DISTINCT network)"
	    " FROM planted"), 6);
	/* Nobody is in two networks. */
	ck_assert_int_eq(tu_int(shared, "SELECT count(*) FROM planted"),
	    tu_int(shared, "SELECT count(DISTINCT account_id) FROM planted"));
}
END_TEST

START_TEST(test_night_burst_shares_one_handle_template)
{
	ck_assert_int_eq(tu_int(shared, "SELECT count(DISTINCT a.value)"
	    " FROM attributes a JOIN planted p USING (account_id)"
	    " WHERE p.network = '" DEMO_NET_NIGHT "'"
	    " AND a.kind = 'handle_template'"), 1);
	/* ...and nobody else has it. */
	ck_assert_int_eq(tu_int(shared, "SELECT s.accounts"
	    " FROM attribute_stats s WHERE s.kind = 'handle_template'"
	    " AND s.value = 'true_estavian#'"),
	    tu_int(shared, "SELECT count(*) FROM planted"
	    " WHERE network = '" DEMO_NET_NIGHT "'"));
	/* The name-plus-digits pattern. */
	ck_assert_int_eq(tu_int(shared, "SELECT count(*) FROM accounts a"
	    " JOIN planted p ON p.account_id = a.id"
	    " WHERE p.network = '" DEMO_NET_NIGHT "'"
	    " AND a.handle NOT GLOB '[a-z]*_[a-z]*[0-9][0-9][0-9][0-9]'"), 0);
}
END_TEST

START_TEST(test_night_burst_is_created_at_night_within_days)
{
	ck_assert_int_lt(tu_int(shared, "SELECT max(unixepoch(created_at)) -"
	    " min(unixepoch(created_at)) FROM accounts a JOIN planted p"
	    " ON p.account_id = a.id WHERE p.network = '" DEMO_NET_NIGHT "'"),
	    3 * 86400);
	/* 00:30 to 04:30 at UTC+3. */
	ck_assert_int_eq(tu_int(shared, "SELECT count(*) FROM accounts a"
	    " JOIN planted p ON p.account_id = a.id"
	    " WHERE p.network = '" DEMO_NET_NIGHT "'"
	    " AND CAST(strftime('%H', created_at, '+3 hours') AS INTEGER)"
	    " NOT BETWEEN 0 AND 4"), 0);
}
END_TEST

START_TEST(test_night_burst_posts_in_office_hours)
{
	ck_assert_int_gt(tu_int(shared, "SELECT count(*) FROM posts t"
	    " JOIN planted p USING (account_id)"
	    " WHERE p.network = '" DEMO_NET_NIGHT "'"), 0);
	/* Weekdays, 09:00 to 18:00 at UTC+3: the small hours in Estavia. */
	ck_assert_int_eq(tu_int(shared, "SELECT count(*) FROM posts t"
	    " JOIN planted p USING (account_id)"
	    " WHERE p.network = '" DEMO_NET_NIGHT "'"
	    " AND (CAST(strftime('%H', posted_at, 'unixepoch', '+3 hours')"
	    "  AS INTEGER) NOT BETWEEN 9 AND 17"
	    " OR strftime('%w', posted_at, 'unixepoch', '+3 hours')"
	    "  IN ('0', '6'))"), 0);
}
END_TEST

START_TEST(test_voip_farm_shares_a_phone_range)
{
	long long	n = tu_int(shared, "SELECT count(*) FROM planted"
			    " WHERE network = '" DEMO_NET_VOIP "'");

	ck_assert_int_eq(tu_int(shared, "SELECT count(*) FROM attributes a"
	    " JOIN planted p USING (account_id)"
	    " WHERE p.network = '" DEMO_NET_VOIP "' AND a.kind = 'phone'"
	    " AND a.value GLOB '4477009*'"), n);
	/* Numbers are recycled: fewer numbers than accounts. */
	ck_assert_int_lt(tu_int(shared, "SELECT count(DISTINCT a.value)"
	    " FROM attributes a JOIN planted p USING (account_id)"
	    " WHERE p.network = '" DEMO_NET_VOIP "' AND a.kind = 'phone'"), n);
	/* The same number is written in different ways; normalization
	 * folds them. */
	ck_assert_int_gt(tu_int(shared, "SELECT count(*) FROM (SELECT a.value"
	    " FROM attributes a JOIN planted p USING (account_id)"
	    " WHERE p.network = '" DEMO_NET_VOIP "' AND a.kind = 'phone'"
	    " GROUP BY a.value HAVING count(DISTINCT a.raw) > 1)"), 0);
}
END_TEST

START_TEST(test_voip_farm_reuses_avatars_and_blocks)
{
	long long	n = tu_int(shared, "SELECT count(*) FROM planted"
			    " WHERE network = '" DEMO_NET_VOIP "'");

	ck_assert_int_le(tu_int(shared, "SELECT count(DISTINCT a.value)"
	    " FROM attributes a JOIN planted p USING (account_id)"
	    " WHERE p.network = '" DEMO_NET_VOIP "'"
	    " AND a.kind = 'avatar_hash'"), n / 4);
	/* Every member's avatar is someone else's too. */
	ck_assert_int_eq(tu_int(shared, "SELECT count(*) FROM attributes a"
	    " JOIN planted p USING (account_id)"
	    " JOIN attribute_stats s USING (kind, value)"
	    " WHERE p.network = '" DEMO_NET_VOIP "'"
	    " AND a.kind = 'avatar_hash' AND s.accounts < 2"), 0);
	ck_assert_int_le(tu_int(shared, "SELECT count(DISTINCT a.value)"
	    " FROM attributes a JOIN planted p USING (account_id)"
	    " WHERE p.network = '" DEMO_NET_VOIP "' AND a.kind = 'ip24'"),
	    n / 20);
}
END_TEST

START_TEST(test_spoofed_news_copies_posts_within_a_minute)
{
	long long	n = tu_int(shared, "SELECT count(*) FROM planted"
			    " WHERE network = '" DEMO_NET_NEWS "'");
	long long	copied;

	copied = tu_int(shared, "SELECT count(DISTINCT a.account_id)"
	    " FROM posts a JOIN planted pa ON pa.account_id = a.account_id"
	    " JOIN posts b ON b.text = a.text AND b.account_id <> a.account_id"
	    "  AND abs(b.posted_at - a.posted_at) <= 60"
	    " JOIN planted pb ON pb.account_id = b.account_id"
	    " WHERE pa.network = '" DEMO_NET_NEWS "'"
	    " AND pb.network = '" DEMO_NET_NEWS "'"
	    " AND a.repost_of IS NULL AND b.repost_of IS NULL");
	ck_assert_msg(copied == n, "%lld of %lld", copied, n);
}
END_TEST

START_TEST(test_spoofed_news_links_only_lookalike_domains)
{
	ck_assert_int_gt(tu_int(shared, "SELECT count(*) FROM post_urls u"
	    " JOIN posts t ON t.id = u.post_id JOIN planted p USING"
	    " (account_id) WHERE p.network = '" DEMO_NET_NEWS "'"), 0);
	ck_assert_int_eq(tu_int(shared, "SELECT count(*) FROM post_urls u"
	    " JOIN posts t ON t.id = u.post_id JOIN planted p USING"
	    " (account_id) WHERE p.network = '" DEMO_NET_NEWS "'"
	    " AND u.domain NOT IN ('daily-meridian.news',"
	    " 'dailymeridian.com.co', 'dailymeridlan.com', 'estaviaherald.co',"
	    " 'estavia-herald.info', 'capitalwire-news.net')"), 0);
	/* Tracking parameters are folded, so links coincide. */
	ck_assert_int_gt(tu_int(shared, "SELECT max(n) FROM (SELECT count(*)"
	    " AS n FROM post_urls GROUP BY url"
	    " HAVING domain = 'dailymeridlan.com')"), 2);
}
END_TEST

START_TEST(test_page_network_shares_page_admins)
{
	long long	admins;

	admins = tu_int(shared, "SELECT count(DISTINCT a.value)"
	    " FROM attributes a JOIN planted p USING (account_id)"
	    " WHERE p.network = '" DEMO_NET_PAGES "'"
	    " AND a.kind = 'page_admin'");
	ck_assert_int_ge(admins, 3);
	ck_assert_int_le(admins, 6);
	/* Every member names an admin, and each admin runs many pages. */
	ck_assert_int_eq(tu_int(shared, "SELECT count(*) FROM planted p"
	    " WHERE p.network = '" DEMO_NET_PAGES "' AND NOT EXISTS"
	    " (SELECT 1 FROM attributes a WHERE a.account_id = p.account_id"
	    "  AND a.kind = 'page_admin')"), 0);
	ck_assert_int_eq(tu_int(shared, "SELECT count(*) FROM attribute_stats"
	    " WHERE kind = 'page_admin' AND accounts < 3"), 0);
	ck_assert_int_eq(tu_int(shared, "SELECT count(*) FROM attributes a"
	    " WHERE a.kind = 'page_admin' AND a.account_id NOT IN"
	    " (SELECT account_id FROM planted WHERE network = '"
	    DEMO_NET_PAGES "')"), 0);
}
END_TEST

START_TEST(test_benign_hubs_are_shared_widely)
{
	/* Carrier NAT, the default avatars, the big mail provider. */
	ck_assert_int_ge(tu_int(shared, "SELECT accounts FROM attribute_stats"
	    " WHERE kind = 'ip' AND value = '62.140.23.5'"), SMALL / 50);
	ck_assert_int_ge(tu_int(shared, "SELECT accounts FROM attribute_stats"
	    " WHERE kind = 'ip24' AND value = '62.140.23.0/24'"), SMALL / 25);
	ck_assert_int_eq(tu_int(shared, "SELECT count(*) FROM attribute_stats"
	    " WHERE kind = 'avatar_hash' AND accounts >= 30"), 3);
	ck_assert_int_ge(tu_int(shared, "SELECT accounts FROM attribute_stats"
	    " WHERE kind = 'email_domain' AND value = 'gmail.com'"),
	    SMALL / 10);
	/* The popular genuine story, posted by many. */
	ck_assert_int_ge(tu_int(shared, "SELECT count(DISTINCT t.account_id)"
	    " FROM post_urls u JOIN posts t ON t.id = u.post_id"
	    " WHERE u.domain = 'dailymeridian.com'"
	    " AND u.url GLOB '*coastal-storm*'"), SMALL / 100);
}
END_TEST

START_TEST(test_decoy_shares_no_infrastructure)
{
	/* No infrastructure value of a fan is held by any other account,
	 * unless it is a benign hub (at least one account in 300). */
	ck_assert_int_eq(tu_int(shared, "SELECT count(*) FROM attributes a"
	    " JOIN planted p USING (account_id)"
	    " JOIN attribute_stats s USING (kind, value)"
	    " WHERE p.network = '" DEMO_NET_DECOY "'"
	    " AND a.kind IN ('phone', 'email', 'ip', 'ip24', 'avatar_hash',"
	    " 'device', 'payment', 'page_admin')"
	    " AND s.accounts BETWEEN 2 AND " HUB_MIN_STR " - 1"), 0);
}
END_TEST

START_TEST(test_decoy_posts_alike_but_never_identically)
{
	long long	n = tu_int(shared, "SELECT count(*) FROM posts t"
			    " JOIN planted p USING (account_id)"
			    " WHERE p.network = '" DEMO_NET_DECOY "'");

	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(tu_int(shared, "SELECT count(DISTINCT text_hash)"
	    " FROM posts t JOIN planted p USING (account_id)"
	    " WHERE p.network = '" DEMO_NET_DECOY "'"), n);
	ck_assert_int_eq(tu_int(shared, "SELECT count(*) FROM posts t"
	    " JOIN planted p USING (account_id)"
	    " WHERE p.network = '" DEMO_NET_DECOY "'"
	    " AND t.hashtags GLOB '*velvetcomets*'"), n);
	/* They do post together: many fan posts within a minute of
	 * another fan's. */
	ck_assert_int_gt(tu_int(shared, "SELECT count(DISTINCT a.id)"
	    " FROM posts a JOIN planted pa ON pa.account_id = a.account_id"
	    " JOIN posts b ON b.account_id <> a.account_id"
	    "  AND abs(b.posted_at - a.posted_at) <= 60"
	    " JOIN planted pb ON pb.account_id = b.account_id"
	    " WHERE pa.network = '" DEMO_NET_DECOY "'"
	    " AND pb.network = '" DEMO_NET_DECOY "'"), n / 20);
}
END_TEST

START_TEST(test_default_path_follows_xdg_data_home)
{
	char		*xdg = tu_path("xdg"), *want, *path, *cause = NULL;
	struct stat	 sb;

	setenv("XDG_DATA_HOME", xdg, 1);
	path = demo_default_path(&cause);
	ck_assert_msg(path != NULL, "%s", cause);
	want = xasprintf("%s/cibscope/demo.db", xdg);
	ck_assert_str_eq(path, want);
	free(want);
	want = xasprintf("%s/cibscope", xdg);
	ck_assert_int_eq(stat(want, &sb), 0);
	ck_assert(S_ISDIR(sb.st_mode));
	free(want);
	free(path);
	free(xdg);
}
END_TEST

START_TEST(test_default_path_falls_back_to_home)
{
	char	*home = tu_path("home"), *want, *path, *cause = NULL;

	mkdir(home, 0755);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", home, 1);
	path = demo_default_path(&cause);
	ck_assert_msg(path != NULL, "%s", cause);
	want = xasprintf("%s/.local/share/cibscope/demo.db", home);
	ck_assert_str_eq(path, want);
	free(want);
	free(path);
	free(home);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("demo");
	TCase	*tc;

	tc = tcase_create("generation");
	tcase_add_test(tc, test_same_seed_gives_the_same_case);
	tcase_add_test(tc, test_other_seed_gives_another_case);
	tcase_add_test(tc, test_sizes_out_of_range_are_refused);
	tcase_add_test(tc, test_progress_counts_up_to_the_total);
	tcase_add_test(tc, test_default_path_follows_xdg_data_home);
	tcase_add_test(tc, test_default_path_falls_back_to_home);
	suite_add_tcase(s, tc);

	tc = tcase_create("contents");
	tcase_add_unchecked_fixture(tc, shared_setup, shared_teardown);
	tcase_add_test(tc, test_size_sets_the_number_of_accounts);
	tcase_add_test(tc, test_case_records_how_it_was_made);
	tcase_add_test(tc, test_every_network_has_its_truth);
	tcase_add_test(tc, test_night_burst_shares_one_handle_template);
	tcase_add_test(tc, test_night_burst_is_created_at_night_within_days);
	tcase_add_test(tc, test_night_burst_posts_in_office_hours);
	tcase_add_test(tc, test_voip_farm_shares_a_phone_range);
	tcase_add_test(tc, test_voip_farm_reuses_avatars_and_blocks);
	tcase_add_test(tc, test_spoofed_news_copies_posts_within_a_minute);
	tcase_add_test(tc, test_spoofed_news_links_only_lookalike_domains);
	tcase_add_test(tc, test_page_network_shares_page_admins);
	tcase_add_test(tc, test_benign_hubs_are_shared_widely);
	tcase_add_test(tc, test_decoy_shares_no_infrastructure);
	tcase_add_test(tc, test_decoy_posts_alike_but_never_identically);
	suite_add_tcase(s, tc);
	return s;
}
