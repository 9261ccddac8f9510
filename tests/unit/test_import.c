/*
 * test_import.c: the importers, end to end on small files written here and
 * on the reference coordination data: every format, re-import, rollback,
 * bad rows, sentinels, repair.
 */
#include "config.h"
#include "testutil.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "import.h"
#include "mapping.h"
#include "util.h"

static const char cnt_sample[] =
	"message_id,user_id,username,repost_id,reply_id,message,timestamp,"
	"urls\n"
	"m1,u1,alice,,,Vote now https://ex.com/a,1623881091,"
	"https://ex.com/a\n"
	"m2,u2,bob,m1,,,1623881100,\n"
	"m3,u3,carol,,m1,\"agreed, \"\"really\"\"\",1623881200,\n"
	"m4,u1,alice,,,second post,1623881300,https://ex.com/b "
	"https://other.org/x\n";

static const char tio_users[] =
	"userid,user_display_name,user_screen_name,user_reported_location,"
	"user_profile_description,user_profile_url,follower_count,"
	"following_count,account_creation_date,account_language\n"
	"101,Anna P,anna_p1987,Moscow,\"news, views\",https://t.co/x,120,"
	"300,2016-05-01,ru\n"
	"102,Boris,boris_k1990,,,,,0,2016-05-01,ru\n";

static const char tio_tweets[] =
	"tweetid,userid,user_display_name,user_screen_name,tweet_time,"
	"tweet_text,urls,hashtags,is_retweet,retweet_tweetid,"
	"in_reply_to_tweetid,tweet_client_name\n"
	"9001,101,Anna P,anna_p1987,2017-01-02 10:00,Hello #a,"
	"\"['https://ex.com/1']\",\"['A', 'b']\",False,,,Twitter Web Client\n"
	"9002,102,Boris,boris_k1990,2017-01-02 10:01,RT Hello,[],[],True,9001,"
	",Twitter Web Client\n";

static const char generic_map[] =
	"platform: forum\n"
	"account:\n"
	"  native_id: id\n"
	"  handle: name\n"
	"  followers: fans\n"
	"attributes:\n"
	"  - {column: phone, kind: phone}\n"
	"  - {column: emails, kind: email, split: ';'}\n"
	"  - {column: ips, kind: ip, list: true}\n";

static const char generic_csv[] =
	"id,name,fans,phone,emails,ips\n"
	"a1,ann,10,+7 (912) 345-67-89,Ann@Mail.ru; x@y.org,\"['10.0.0.1', "
	"'10.0.0.2']\"\n"
	"a2,ben,12.0,89123456789,,['10.0.0.1']\n";

struct capture {
	struct buf	 warnings;
	const char	*format;
	bool		 guessed;
	int		 progress;
	uint64_t	 last_bytes, total;
};

static void
cap_format(void *arg, const char *file, const char *format, bool guessed)
{
	struct capture *cp = arg;

	(void)file;
	cp->format = format;
	cp->guessed = guessed;
}

static void
cap_warn(void *arg, const char *msg)
{
	struct capture *cp = arg;

	buf_printf(&cp->warnings, "%s\n", msg);
}

static void
cap_progress(void *arg, const struct import_progress *p)
{
	struct capture *cp = arg;

	cp->progress++;
	cp->last_bytes = p->bytes;
	cp->total = p->total;
}

/* Import files with options; returns import_files()'s result. */
static int
import_with(struct case_db *c, const char *const *files, size_t n,
    struct import_opts *o, struct import_report *rep, struct capture *cp,
    char **cause)
{
	o->on_format = cap_format;
	o->on_warn = cap_warn;
	o->on_progress = cap_progress;
	o->arg = cp;
	return import_files(c, files, n, o, rep, cause);
}

/* Import one file that must succeed. */
static void
import_ok(struct case_db *c, const char *file, struct import_opts *o,
    struct import_report *rep, struct capture *cp)
{
	char	*cause = NULL;

	ck_assert_msg(import_with(c, &file, 1, o, rep, cp, &cause) == 0,
	    "import: %s", cause);
}

static struct mapping *
map_of(const char *text)
{
	char		*cause = NULL;
	struct mapping	*m = mapping_parse(text, strlen(text), "map.yaml",
	    &cause);

	ck_assert_msg(m != NULL, "%s", cause);
	return m;
}

/* Counts of every table that import writes, as one string. */
static char *
snapshot(struct case_db *c)
{
	return xasprintf("%lld/%lld/%lld/%lld/%lld/%lld",
	    tu_int(c, "SELECT count(*) FROM accounts"),
	    tu_int(c, "SELECT count(*) FROM attributes"),
	    tu_int(c, "SELECT count(*) FROM attribute_stats"),
	    tu_int(c, "SELECT count(*) FROM posts"),
	    tu_int(c, "SELECT count(*) FROM post_urls"),
	    tu_int(c, "SELECT count(*) FROM audit"));
}

START_TEST(import_guesses_each_format_from_its_first_line)
{
	char	*cnt = tu_write("g.cnt.csv", cnt_sample);
	char	*tio = tu_write("g.users.csv", tio_users);
	char	*tw = tu_write("g.tweets.csv", tio_tweets);
	char	*js = tu_write("g.jsonl", "\n  {\"a\": 1}\n");
	char	*other = tu_write("g.csv", "a,b\n1,2\n");

	ck_assert_str_eq(import_guess_format(cnt, NULL), "cnt");
	ck_assert_str_eq(import_guess_format(tio, NULL), "twitter-io");
	ck_assert_str_eq(import_guess_format(tw, NULL), "twitter-io");
	ck_assert_str_eq(import_guess_format(js, NULL), "jsonl");
	ck_assert_str_eq(import_guess_format(other, NULL), "csv");
	free(cnt);
	free(tio);
	free(tw);
	free(js);
	free(other);
}
END_TEST

START_TEST(import_cnt_file_makes_accounts_and_posts)
{
	struct case_db		*c = tu_case_new();
	char			*f = tu_write("s.cnt.csv", cnt_sample);
	struct import_opts	 o = { .platform = "twitter" };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	import_ok(c, f, &o, &rep, &cp);
	ck_assert_str_eq(cp.format, "cnt");
	ck_assert(cp.guessed);
	ck_assert_int_eq(rep.rows, 4);
	ck_assert_int_eq(rep.imported, 4);
	ck_assert_int_eq(rep.accounts_new, 3);
	ck_assert_int_eq(rep.posts, 4);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts WHERE "
	    "platform = 'twitter'"), 3);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM posts WHERE "
	    "repost_of = 'm1'"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM posts WHERE "
	    "reply_to = 'm1' AND text = 'agreed, \"really\"'"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT posted_at FROM posts WHERE "
	    "native_id = 'm2'"), 1623881100);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM post_urls"), 3);
	case_close(c);
	free(f);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_without_platform_uses_unknown_and_says_so)
{
	struct case_db		*c = tu_case_new();
	char			*f = tu_write("np.cnt.csv", cnt_sample);
	struct import_opts	 o = { 0 };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	import_ok(c, f, &o, &rep, &cp);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts WHERE "
	    "platform = 'unknown'"), 3);
	ck_assert_ptr_nonnull(strstr(cp.warnings.data, "--platform"));
	case_close(c);
	free(f);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_twitter_io_users_file_fills_account_fields)
{
	struct case_db		*c = tu_case_new();
	char			*f = tu_write("u.csv", tio_users);
	struct import_opts	 o = { 0 };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	import_ok(c, f, &o, &rep, &cp);
	ck_assert_str_eq(cp.format, "twitter-io");
	ck_assert_int_eq(rep.accounts_new, 2);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts WHERE "
	    "platform = 'twitter' AND native_id = '101' AND handle = "
	    "'anna_p1987' AND display_name = 'Anna P' AND bio = "
	    "'news, views' AND followers = 120 AND following = 300 AND "
	    "language = 'ru' AND created_at LIKE '2016-05-01%'"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attributes WHERE "
	    "kind = 'location'"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM posts"), 0);
	ck_assert_int_eq(cp.warnings.len, 0);
	case_close(c);
	free(f);
}
END_TEST

START_TEST(import_twitter_io_tweets_file_adds_posts_from_lists)
{
	struct case_db		*c = tu_case_new();
	char			*f = tu_write("t.csv", tio_tweets);
	struct import_opts	 o = { 0 };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	import_ok(c, f, &o, &rep, &cp);
	ck_assert_int_eq(rep.posts, 2);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM posts WHERE "
	    "native_id = '9002' AND repost_of = '9001'"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM post_urls"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM posts WHERE "
	    "hashtags IS NOT NULL AND hashtags LIKE '%a%'"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT accounts FROM attribute_stats "
	    "WHERE kind = 'client'"), 2);
	case_close(c);
	free(f);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_csv_with_mapping_splits_and_lists_values)
{
	struct case_db		*c = tu_case_new();
	char			*f = tu_write("g.csv", generic_csv);
	struct mapping		*m = map_of(generic_map);
	struct import_opts	 o = { .map = m };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	import_ok(c, f, &o, &rep, &cp);
	ck_assert_str_eq(cp.format, "csv");
	ck_assert_int_eq(rep.accounts_new, 2);
	/* Both phones normalize alike only if written alike; the list
	 * value 10.0.0.1 is shared by both accounts. */
	ck_assert_int_eq(tu_int(c, "SELECT accounts FROM attribute_stats "
	    "WHERE kind = 'ip' AND value = '10.0.0.1'"), 2);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attributes WHERE "
	    "kind = 'ip'"), 3);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attributes WHERE "
	    "kind = 'email'"), 2);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attributes WHERE "
	    "kind = 'email' AND value = 'ann@mail.ru'"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attributes WHERE "
	    "kind = 'phone' AND value = '79123456789'"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT followers FROM accounts WHERE "
	    "native_id = 'a2' AND platform = 'forum'"), 12);
	case_close(c);
	mapping_free(m);
	free(f);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_kind_column_names_each_value_kind)
{
	struct case_db		*c = tu_case_new();
	char			*f = tu_write("long.csv", "acct,kind,value\n"
	    "a,Phone,+1 202 555 0100\na,device,ABC123\nb,device,abc123\n"
	    "b,bad kind!,x\n");
	struct mapping		*m = map_of("platform: p\n"
	    "account: {native_id: acct}\n"
	    "attributes: [{column: value, kind_column: kind}]\n");
	struct import_opts	 o = { .map = m };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	import_ok(c, f, &o, &rep, &cp);
	ck_assert_int_eq(rep.imported, 3);
	ck_assert_int_eq(rep.skipped, 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attributes WHERE "
	    "kind = 'phone'"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT accounts FROM attribute_stats "
	    "WHERE kind = 'device'"), 2);
	ck_assert_ptr_nonnull(strstr(cp.warnings.data, "long.csv:5: "
	    "attribute kind \"bad kind!\" is not a name"));
	case_close(c);
	mapping_free(m);
	free(f);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_jsonl_reads_keys_and_nested_paths)
{
	struct case_db		*c = tu_case_new();
	char			*f = tu_write("a.jsonl",
	    "{\"user\": {\"id\": 42, \"name\": \"Zed\"}, \"ip\": \"10.1.2.3\","
	    " \"tags\": [\"x\", \"y\"], \"n followers\": 7}\n"
	    "\n"
	    "{\"user\": {\"id\": \"43\"}, \"ip\": null, \"tags\": []}\n");
	struct mapping		*m = map_of("platform: web\n"
	    "account: {native_id: user.id, handle: user.name,"
	    " followers: n followers}\n"
	    "attributes:\n"
	    "  - {column: ip, kind: ip}\n"
	    "  - {column: '$.tags', kind: tag, list: true}\n");
	struct import_opts	 o = { .map = m };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	import_ok(c, f, &o, &rep, &cp);
	ck_assert_str_eq(cp.format, "jsonl");
	ck_assert_int_eq(rep.rows, 2);
	ck_assert_int_eq(rep.accounts_new, 2);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts WHERE "
	    "native_id = '42' AND handle = 'Zed' AND followers = 7"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attributes WHERE "
	    "kind = 'ip' AND value = '10.1.2.3'"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attributes WHERE "
	    "kind = 'tag'"), 2);
	case_close(c);
	mapping_free(m);
	free(f);
	buf_free(&cp.warnings);
}
END_TEST

/* More accounts than the account cache holds: an account seen again
 * after the cache started afresh is found in the case, not made twice,
 * and its changed fields are written. */
START_TEST(import_more_accounts_than_the_cache_holds)
{
	struct case_db		*c = tu_case_new();
	struct buf		 csv = BUF_INIT;
	struct mapping		*m = map_of("account: {native_id: id, handle:"
	    " name}\nattributes: [{column: phone, kind: phone}]\n");
	struct import_opts	 o = { .map = m, .platform = "p" };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };
	char			*f;
	int			 i;

	buf_adds(&csv, "id,name,phone\n");
	for (i = 1; i <= 70000; i++)
		buf_printf(&csv, "u%d,n%d,\n", i, i);
	buf_adds(&csv, "u1,renamed,+44 7700 900123\nu2,n2,\n");
	f = tu_write("many.csv", csv.data);
	import_ok(c, f, &o, &rep, &cp);
	ck_assert_int_eq(rep.rows, 70002);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts"), 70000);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts WHERE"
	    " native_id = 'u1' AND handle = 'renamed'"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attributes a JOIN"
	    " accounts x ON x.id = a.account_id WHERE x.native_id = 'u1' AND"
	    " a.kind = 'phone' AND a.value = '447700900123'"), 1);
	case_close(c);
	mapping_free(m);
	buf_free(&csv);
	buf_free(&cp.warnings);
	free(f);
}
END_TEST

START_TEST(import_jsonl_bad_line_is_reported_and_skipped)
{
	struct case_db		*c = tu_case_new();
	char			*f = tu_write("bad.jsonl",
	    "{\"id\": \"1\"}\n{\"id\": \"2\"\n[1, 2]\n{\"id\": \"3\"}\n");
	struct mapping		*m = map_of("account: {native_id: id}\n");
	struct import_opts	 o = { .map = m, .platform = "p" };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	import_ok(c, f, &o, &rep, &cp);
	ck_assert_int_eq(rep.imported, 2);
	ck_assert_int_eq(rep.skipped, 2);
	ck_assert_ptr_nonnull(strstr(cp.warnings.data,
	    "bad.jsonl:2:11: not valid JSON: expected , or } after a value"
	    " in an object"));
	ck_assert_ptr_nonnull(strstr(cp.warnings.data,
	    "bad.jsonl:3: a JSON array, not an object"));
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts"), 2);
	case_close(c);
	mapping_free(m);
	free(f);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_malformed_csv_rows_are_reported_and_skipped)
{
	struct case_db		*c = tu_case_new();
	char			*f = tu_write("mal.csv",
	    "id,name\n1,a\n2,b,extra\n3,\"c\"x\n,nobody\n4,d\n");
	struct mapping		*m = map_of("platform: p\n"
	    "account: {native_id: id, handle: name}\n");
	struct import_opts	 o = { .map = m };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	import_ok(c, f, &o, &rep, &cp);
	ck_assert_int_eq(rep.rows, 5);
	ck_assert_int_eq(rep.imported, 2);
	ck_assert_int_eq(rep.skipped, 3);
	ck_assert_ptr_nonnull(strstr(cp.warnings.data,
	    "mal.csv:3: 3 fields where the header has 2"));
	ck_assert_ptr_nonnull(strstr(cp.warnings.data,
	    "mal.csv:4:6: text after the closing quote"));
	ck_assert_ptr_nonnull(strstr(cp.warnings.data,
	    "mal.csv:5: no account id in column \"id\""));
	case_close(c);
	mapping_free(m);
	free(f);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_strict_bad_row_fails_and_writes_nothing)
{
	struct case_db		*c = tu_case_new();
	char			*good = tu_write("first.cnt.csv", cnt_sample);
	char			*bad = tu_write("strict.csv",
	    "id,name\n1,a\n2,b,extra\n3,c\n");
	struct mapping		*m = map_of("platform: p\n"
	    "account: {native_id: id, handle: name}\n");
	struct import_opts	 o = { .platform = "p" }, so = { .map = m,
	    .strict = true };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };
	char			*before, *after, *cause = NULL;
	const char		*f = bad;

	import_ok(c, good, &o, &rep, &cp);
	before = snapshot(c);
	ck_assert_int_eq(import_with(c, &f, 1, &so, &rep, &cp, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause,
	    "strict.csv:3: 3 fields where the header has 2"));
	after = snapshot(c);
	ck_assert_str_eq(before, after);
	case_close(c);
	mapping_free(m);
	free(before);
	free(after);
	free(cause);
	free(good);
	free(bad);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_failing_second_file_rolls_back_the_first)
{
	struct case_db		*c = tu_case_new();
	char			*a = tu_write("ok.cnt.csv", cnt_sample);
	char			*b = tu_write("broken.cnt.csv",
	    "message_id,user_id,username,repost_id,reply_id,message,"
	    "timestamp,urls\nz1,u9,zed,,,\"never closed,1,\n");
	struct import_opts	 o = { .platform = "p", .strict = true };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };
	const char		*files[2] = { a, b };
	char			*before, *after, *cause = NULL;

	before = snapshot(c);
	ck_assert_int_eq(import_with(c, files, 2, &o, &rep, &cp, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "broken.cnt.csv:2:"));
	/* The first file was read before the failure... */
	ck_assert_int_eq(rep.accounts_new, 3);
	/* ... and none of it stayed. */
	after = snapshot(c);
	ck_assert_str_eq(before, after);
	case_close(c);
	free(before);
	free(after);
	free(cause);
	free(a);
	free(b);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_missing_file_fails_before_writing)
{
	struct case_db		*c = tu_case_new();
	char			*a = tu_write("fine.cnt.csv", cnt_sample);
	const char		*files[2] = { a, "/nonexistent/file.csv" };
	struct import_opts	 o = { .platform = "p" };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };
	char			*cause = NULL;

	ck_assert_int_eq(import_with(c, files, 2, &o, &rep, &cp, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "/nonexistent/file.csv: "));
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts"), 0);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit"), 0);
	case_close(c);
	free(cause);
	free(a);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_cancel_rolls_back)
{
	struct case_db		*c = tu_case_new();
	char			*a = tu_write("c.cnt.csv", cnt_sample);
	volatile sig_atomic_t	 stop = 1;
	struct import_opts	 o = { .platform = "p", .cancel = &stop };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };
	const char		*f = a;
	char			*cause = NULL;

	ck_assert_int_eq(import_with(c, &f, 1, &o, &rep, &cp, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "interrupted"));
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts"), 0);
	case_close(c);
	free(cause);
	free(a);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_unrecognised_header_without_mapping_is_refused)
{
	struct case_db		*c = tu_case_new();
	char			*a = tu_write("what.csv", "a,b\n1,2\n");
	struct import_opts	 o = { 0 };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };
	const char		*f = a;
	char			*cause = NULL;

	ck_assert_int_eq(import_with(c, &f, 1, &o, &rep, &cp, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "what.csv: the format cannot be "
	    "told from its header"));
	ck_assert_ptr_nonnull(strstr(cause, "--map"));
	case_close(c);
	free(cause);
	free(a);
}
END_TEST

START_TEST(import_header_without_the_id_column_is_refused)
{
	struct case_db		*c = tu_case_new();
	char			*a = tu_write("noid.csv", "name\nx\n");
	struct mapping		*m = map_of("account: {native_id: id}\n");
	struct import_opts	 o = { .map = m };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };
	const char		*f = a;
	char			*cause = NULL;

	ck_assert_int_eq(import_with(c, &f, 1, &o, &rep, &cp, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "noid.csv: the header has no "
	    "column \"id\""));
	case_close(c);
	mapping_free(m);
	free(cause);
	free(a);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_mapped_column_missing_from_header_is_reported)
{
	struct case_db		*c = tu_case_new();
	char			*a = tu_write("part.csv", "id\nx\n");
	struct mapping		*m = map_of("account: {native_id: id, "
	    "handle: screen_name}\n");
	struct import_opts	 o = { .map = m, .platform = "p" };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	import_ok(c, a, &o, &rep, &cp);
	ck_assert_ptr_nonnull(strstr(cp.warnings.data, "part.csv: the header "
	    "has no column \"screen_name\" (account.handle)"));
	ck_assert_int_eq(rep.imported, 1);
	case_close(c);
	mapping_free(m);
	free(a);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_same_rows_twice_changes_nothing)
{
	struct case_db		*c = tu_case_new();
	char			*a = tu_write("twice.csv", generic_csv);
	struct mapping		*m = map_of(generic_map);
	struct import_opts	 o = { .map = m };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };
	char			*t = tu_write("twice.cnt.csv", cnt_sample);
	struct import_opts	 o2 = { .platform = "p" };
	char			*before, *after;

	import_ok(c, a, &o, &rep, &cp);
	import_ok(c, t, &o2, &rep, &cp);
	before = snapshot(c);
	import_ok(c, a, &o, &rep, &cp);
	ck_assert_int_eq(rep.accounts_new, 0);
	ck_assert_int_eq(rep.accounts_updated, 0);
	ck_assert_int_eq(rep.attributes, 0);
	import_ok(c, t, &o2, &rep, &cp);
	ck_assert_int_eq(rep.accounts_new + rep.accounts_updated +
	    rep.attributes + rep.posts, 0);
	after = snapshot(c);
	/* Only the audit trail grows: two more imports recorded. */
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit"), 4);
	before[strlen(before) - 1] = '\0';
	after[strlen(after) - 1] = '\0';
	ck_assert_str_eq(before, after);
	case_close(c);
	mapping_free(m);
	free(before);
	free(after);
	free(a);
	free(t);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_second_file_adds_to_the_case)
{
	struct case_db		*c = tu_case_new();
	char			*u = tu_write("add.users.csv", tio_users);
	char			*t = tu_write("add.tweets.csv", tio_tweets);
	struct import_opts	 o = { 0 };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	import_ok(c, u, &o, &rep, &cp);
	import_ok(c, t, &o, &rep, &cp);
	ck_assert_int_eq(rep.accounts_new, 0);
	ck_assert_int_eq(rep.posts, 2);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts"), 2);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM posts"), 2);
	case_close(c);
	free(u);
	free(t);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_sentinel_values_never_become_attributes)
{
	struct case_db		*c = tu_case_new();
	char			*a = tu_write("sent.csv",
	    "id,phone,ips,emails\n"
	    "1,NA,\"['0', 'None']\",null\n"
	    "2,None,[],\n"
	    "3,,\"[0, '']\",-\n"
	    "4,null,NA,;\n");
	struct mapping		*m = map_of("platform: p\n"
	    "account: {native_id: id}\n"
	    "attributes:\n"
	    "  - {column: phone, kind: phone}\n"
	    "  - {column: ips, kind: ip, list: true}\n"
	    "  - {column: emails, kind: email, split: ';'}\n");
	struct import_opts	 o = { .map = m };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	import_ok(c, a, &o, &rep, &cp);
	ck_assert_int_eq(rep.accounts_new, 4);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attributes WHERE "
	    "kind IN ('phone', 'ip', 'ip24', 'email', 'email_domain')"), 0);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attribute_stats "
	    "WHERE accounts > 1"), 0);
	case_close(c);
	mapping_free(m);
	free(a);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_invalid_utf8_is_repaired_and_counted)
{
	struct case_db		*c = tu_case_new();
	char			*a = tu_write("bad8.csv",
	    "id,name,dev\n1,caf\xe9,d\xff\xfe\n");
	struct mapping		*m = map_of("platform: p\n"
	    "account: {native_id: id, display_name: name}\n"
	    "attributes: [{column: dev, kind: device}]\n");
	struct import_opts	 o = { .map = m };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	import_ok(c, a, &o, &rep, &cp);
	ck_assert_int_eq(rep.repaired, 3);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts WHERE "
	    "display_name = 'caf' || char(65533)"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM attributes WHERE "
	    "kind = 'device' AND value = 'd' || char(65533, 65533)"), 1);
	case_close(c);
	mapping_free(m);
	free(a);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_platform_column_wins_over_option)
{
	struct case_db		*c = tu_case_new();
	char			*a = tu_write("plat.csv",
	    "id,net\n1,vk\n2,\n");
	struct mapping		*m = map_of("account: {native_id: id, "
	    "platform: net}\n");
	struct import_opts	 o = { .map = m, .platform = "telegram" };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	import_ok(c, a, &o, &rep, &cp);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts WHERE "
	    "native_id = '1' AND platform = 'vk'"), 1);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts WHERE "
	    "native_id = '2' AND platform = 'telegram'"), 1);
	ck_assert_int_eq(cp.warnings.len, 0);
	case_close(c);
	mapping_free(m);
	free(a);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_progress_ends_at_the_total)
{
	struct case_db		*c = tu_case_new();
	char			*a = tu_write("prog.cnt.csv", cnt_sample);
	struct import_opts	 o = { .platform = "p" };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	import_ok(c, a, &o, &rep, &cp);
	ck_assert_int_gt(cp.progress, 0);
	ck_assert_uint_eq(cp.total, strlen(cnt_sample));
	ck_assert_uint_eq(cp.last_bytes, cp.total);
	case_close(c);
	free(a);
	buf_free(&cp.warnings);
}
END_TEST

START_TEST(import_map_with_builtin_format_is_refused)
{
	struct case_db		*c = tu_case_new();
	char			*a = tu_write("mix.cnt.csv", cnt_sample);
	struct mapping		*m = map_of("account: {native_id: user_id}\n");
	struct import_opts	 o = { .map = m, .format = "cnt" };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };
	const char		*f = a;
	char			*cause = NULL;

	ck_assert_int_eq(import_with(c, &f, 1, &o, &rep, &cp, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "--map goes with csv or jsonl"));
	o.format = "xml";
	o.map = NULL;
	free(cause);
	ck_assert_int_eq(import_with(c, &f, 1, &o, &rep, &cp, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "unknown format \"xml\""));
	case_close(c);
	mapping_free(m);
	free(cause);
	free(a);
}
END_TEST

/*
 * The reference data: 35,125 rows by 9,509 accounts. Forty message ids
 * occur twice for the same account (with different repost ids); posts are
 * keyed on account and message id, so 35,085 posts are stored.
 */
START_TEST(import_reference_coordination_file_counts)
{
	char			*path = tu_data(
	    "coordination/ru-coretweet.cnt.csv");
	struct case_db		*c;
	struct import_opts	 o = { .platform = "twitter" };
	struct import_report	 rep;
	struct capture		 cp = { BUF_INIT, NULL, false, 0, 0, 0 };

	if (path == NULL)
		return;
	c = tu_case_new();
	import_ok(c, path, &o, &rep, &cp);
	ck_assert_str_eq(cp.format, "cnt");
	ck_assert_int_eq(rep.rows, 35125);
	ck_assert_int_eq(rep.imported, 35125);
	ck_assert_int_eq(rep.skipped, 0);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM accounts"), 9509);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM posts"), 35085);
	ck_assert_int_eq(tu_int(c, "SELECT count(DISTINCT native_id) FROM "
	    "posts"), 35085);
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM posts WHERE "
	    "repost_of IS NULL"), 0);
	case_close(c);
	free(path);
	buf_free(&cp.warnings);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("import");
	TCase	*fmt = tcase_create("formats");
	TCase	*bad = tcase_create("bad input");
	TCase	*tx = tcase_create("transactions");
	TCase	*ref = tcase_create("reference data");

	tcase_add_test(fmt, import_guesses_each_format_from_its_first_line);
	tcase_add_test(fmt, import_cnt_file_makes_accounts_and_posts);
	tcase_add_test(fmt, import_without_platform_uses_unknown_and_says_so);
	tcase_add_test(fmt, import_twitter_io_users_file_fills_account_fields);
	tcase_add_test(fmt, import_twitter_io_tweets_file_adds_posts_from_lists);
	tcase_add_test(fmt, import_csv_with_mapping_splits_and_lists_values);
	tcase_add_test(fmt, import_kind_column_names_each_value_kind);
	tcase_add_test(fmt, import_jsonl_reads_keys_and_nested_paths);
	tcase_add_test(fmt, import_platform_column_wins_over_option);
	tcase_add_test(fmt, import_progress_ends_at_the_total);
	suite_add_tcase(s, fmt);

	tcase_add_test(bad, import_jsonl_bad_line_is_reported_and_skipped);
	tcase_add_test(fmt, import_more_accounts_than_the_cache_holds);
	tcase_add_test(bad, import_malformed_csv_rows_are_reported_and_skipped);
	tcase_add_test(bad, import_unrecognised_header_without_mapping_is_refused);
	tcase_add_test(bad, import_header_without_the_id_column_is_refused);
	tcase_add_test(bad, import_mapped_column_missing_from_header_is_reported);
	tcase_add_test(bad, import_sentinel_values_never_become_attributes);
	tcase_add_test(bad, import_invalid_utf8_is_repaired_and_counted);
	tcase_add_test(bad, import_map_with_builtin_format_is_refused);
	suite_add_tcase(s, bad);

	tcase_add_test(tx, import_strict_bad_row_fails_and_writes_nothing);
	tcase_add_test(tx, import_failing_second_file_rolls_back_the_first);
	tcase_add_test(tx, import_missing_file_fails_before_writing);
	tcase_add_test(tx, import_cancel_rolls_back);
	tcase_add_test(tx, import_same_rows_twice_changes_nothing);
	tcase_add_test(tx, import_second_file_adds_to_the_case);
	suite_add_tcase(s, tx);

	tcase_add_test(ref, import_reference_coordination_file_counts);
	suite_add_tcase(s, ref);
	return s;
}
