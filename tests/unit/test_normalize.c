/*
 * test_normalize.c: what "the same value" means for each signal kind.
 * Each test states one rule of normalization; together they are the
 * specification of core/normalize.c.
 */
#include "config.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "util.h"

/* fn(in) succeeds and gives want. */
#define NORM_IS(fn, in, want) do {					\
	char o_[NORM_MAX];						\
	ck_assert_msg(fn((in), o_, sizeof o_),				\
	    "%s(\"%s\") refused, wanted \"%s\"", #fn, (in), (want));	\
	ck_assert_str_eq(o_, (want));					\
} while (0)

/* fn(in) refuses the value and leaves out empty. */
#define NORM_NO(fn, in) do {						\
	char o_[NORM_MAX];						\
	bool r_ = fn((in), o_, sizeof o_);				\
	ck_assert_msg(!r_, "%s(\"%s\") gave \"%s\"", #fn, (in), o_);	\
	ck_assert_str_eq(o_, "");					\
} while (0)

/* norm_value(kind, in) gives want. */
#define VALUE_IS(kind, in, want) do {					\
	char o_[NORM_MAX];						\
	ck_assert_msg(norm_value((kind), (in), o_, sizeof o_),		\
	    "norm_value(%s, \"%s\") refused", (kind), (in));		\
	ck_assert_str_eq(o_, (want));					\
} while (0)

/* A string of n copies of c (malloc'd). */
static char *
repeat(char c, size_t n)
{
	char	*s = xmalloc(n + 1);

	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static int64_t
time_of(const char *s)
{
	int64_t	t = -1;

	ck_assert_msg(norm_time(s, &t), "norm_time(\"%s\") refused", s);
	return t;
}

/* Sentinels */

START_TEST(test_sentinels_are_not_values)
{
	static const char *const s[] = {
		"", "   ", "NA", "n/a", "N/A", "null", "NULL", "None", "nil",
		"NaN", "[]", "{}", "0", "-", "''", "\"\"", "undefined",
		" \tnull\n",
	};
	size_t	i;

	for (i = 0; i < nitems(s); i++)
		ck_assert_msg(norm_is_sentinel(s[i]), "\"%s\"", s[i]);
	ck_assert(norm_is_sentinel(NULL));
}
END_TEST

START_TEST(test_real_values_are_not_sentinels)
{
	ck_assert(!norm_is_sentinel("nancy"));
	ck_assert(!norm_is_sentinel("00"));
	ck_assert(!norm_is_sentinel("none of these"));
	ck_assert(!norm_is_sentinel("a"));
}
END_TEST

START_TEST(test_sentinels_are_refused_by_every_kind)
{
	static const char *const kinds[] = {
		"phone", "email", "email_domain", "url", "domain", "ip",
		"ip24", "handle", "handle_template", "avatar_hash", "device",
		"user_agent", "page_admin", "created_day",
	};
	char	out[NORM_MAX];
	size_t	i;

	for (i = 0; i < nitems(kinds); i++) {
		ck_assert_msg(!norm_value(kinds[i], "N/A", out, sizeof out),
		    "%s", kinds[i]);
		ck_assert_msg(!norm_value(kinds[i], "  ", out, sizeof out),
		    "%s", kinds[i]);
	}
}
END_TEST

/* Phone */

START_TEST(test_phone_keeps_country_code)
{
	NORM_IS(norm_phone, "+7 (912) 345-67-89", "79123456789");
	NORM_IS(norm_phone, "+1-202-555-0143", "12025550143");
}
END_TEST

START_TEST(test_phone_double_zero_is_international_prefix)
{
	NORM_IS(norm_phone, "00 44 20 7946 0958", "442079460958");
	NORM_IS(norm_phone, "0044.20.7946.0958", "442079460958");
}
END_TEST

START_TEST(test_phone_without_country_code_keeps_digits)
{
	NORM_IS(norm_phone, "(0912) 345 67 89", "09123456789");
	NORM_IS(norm_phone, "202.555.0143", "2025550143");
}
END_TEST

START_TEST(test_phone_drops_trunk_zero_after_country_code)
{
	NORM_IS(norm_phone, "+44 (0) 20 7946 0958", "442079460958");
}
END_TEST

START_TEST(test_phone_drops_extension)
{
	NORM_IS(norm_phone, "+1 202 555 0143 ext. 12", "12025550143");
	NORM_IS(norm_phone, "+1 202 555 0143 x12", "12025550143");
	NORM_IS(norm_phone, "+1 202 555 0143 #12", "12025550143");
	NORM_IS(norm_phone, "tel:+1-202-555-0143;ext=12", "12025550143");
}
END_TEST

START_TEST(test_phone_drops_spreadsheet_fraction)
{
	NORM_IS(norm_phone, "79123456789.0", "79123456789");
	NORM_IS(norm_phone, "+79123456789.00", "79123456789");
	NORM_NO(norm_phone, "7.9123456789E+10");
}
END_TEST

START_TEST(test_phone_drops_russian_extension)
{
	NORM_IS(norm_phone, "+7 495 123-45-67 \xd0\xb4\xd0\xbe\xd0\xb1. 12",
	    "74951234567");
}
END_TEST

START_TEST(test_phone_reads_tel_uri)
{
	NORM_IS(norm_phone, "tel:+79123456789", "79123456789");
}
END_TEST

START_TEST(test_phone_reads_non_ascii_digits)
{
	/* Arabic-Indic digits, full-width plus and digits */
	NORM_IS(norm_phone, "+\xd9\xa9\xd9\xa7\xd9\xa1 50 123 4567",
	    "971501234567");
	NORM_IS(norm_phone, "\xef\xbc\x8b\xef\xbc\x97 912 345 67 89",
	    "79123456789");
}
END_TEST

START_TEST(test_phone_refuses_letters)
{
	NORM_NO(norm_phone, "call me maybe");
	NORM_NO(norm_phone, "1-800-FLOWERS");
	NORM_NO(norm_phone, "phone: +79123456789");
}
END_TEST

START_TEST(test_phone_refuses_misplaced_plus)
{
	NORM_NO(norm_phone, "79+123456789");
	NORM_NO(norm_phone, "++79123456789");
}
END_TEST

START_TEST(test_phone_refuses_too_short_or_long)
{
	NORM_NO(norm_phone, "1234");
	NORM_NO(norm_phone, "+1234567890123456");
	NORM_NO(norm_phone, "12345678901234567890123456789");
}
END_TEST

START_TEST(test_phone_refuses_all_zeros)
{
	NORM_NO(norm_phone, "000-000-0000");
	NORM_NO(norm_phone, "+0 912 345 67 89");
}
END_TEST

/* E-mail */

START_TEST(test_email_is_lowercased)
{
	NORM_IS(norm_email, "  Anna.Petrova@Example.COM ",
	    "anna.petrova@example.com");
}
END_TEST

START_TEST(test_gmail_dots_are_ignored)
{
	NORM_IS(norm_email, "anna.petrova@gmail.com", "annapetrova@gmail.com");
	NORM_IS(norm_email, "a.n.n.a@gmail.com", "anna@gmail.com");
}
END_TEST

START_TEST(test_gmail_plus_tag_is_ignored)
{
	NORM_IS(norm_email, "annapetrova+news@gmail.com",
	    "annapetrova@gmail.com");
}
END_TEST

START_TEST(test_googlemail_is_gmail)
{
	NORM_IS(norm_email, "Anna.Petrova+x@googlemail.com",
	    "annapetrova@gmail.com");
}
END_TEST

START_TEST(test_outlook_plus_tag_is_ignored_but_dots_kept)
{
	NORM_IS(norm_email, "anna.petrova+shop@outlook.com",
	    "anna.petrova@outlook.com");
	NORM_IS(norm_email, "anna.petrova+shop@hotmail.com",
	    "anna.petrova@hotmail.com");
}
END_TEST

START_TEST(test_proton_plus_tag_is_ignored)
{
	NORM_IS(norm_email, "anna+x@proton.me", "anna@proton.me");
}
END_TEST

START_TEST(test_other_providers_keep_dots_and_plus)
{
	NORM_IS(norm_email, "anna.petrova+x@example.org",
	    "anna.petrova+x@example.org");
	NORM_IS(norm_email, "anna.petrova+x@yahoo.com",
	    "anna.petrova+x@yahoo.com");
}
END_TEST

START_TEST(test_email_reads_display_form_and_mailto)
{
	NORM_IS(norm_email, "Anna Petrova <Anna@Example.com>",
	    "anna@example.com");
	NORM_IS(norm_email, "mailto:anna@example.com?subject=hi",
	    "anna@example.com");
}
END_TEST

START_TEST(test_email_is_refanged)
{
	NORM_IS(norm_email, "anna[at]example[.]com", "anna@example.com");
	NORM_IS(norm_email, "anna(at)example(dot)com", "anna@example.com");
}
END_TEST

START_TEST(test_email_drops_trailing_dot_of_domain)
{
	NORM_IS(norm_email, "anna@example.com.", "anna@example.com");
}
END_TEST

START_TEST(test_email_refuses_junk)
{
	NORM_NO(norm_email, "anna");
	NORM_NO(norm_email, "@example.com");
	NORM_NO(norm_email, "anna@");
	NORM_NO(norm_email, "anna@localhost");
	NORM_NO(norm_email, "anna@@example.com");
	NORM_NO(norm_email, "a@b@example.com");
	NORM_NO(norm_email, "anna petrova@example.com");
	NORM_NO(norm_email, "anna@example..com");
	NORM_NO(norm_email, "anna@.example.com");
	NORM_NO(norm_email, "anna@exa*mple.com");
}
END_TEST

START_TEST(test_gmail_tag_only_is_refused)
{
	NORM_NO(norm_email, "+news@gmail.com");
	NORM_NO(norm_email, "...@gmail.com");
}
END_TEST

START_TEST(test_email_domain_is_the_normalized_domain)
{
	NORM_IS(norm_email_domain, "Anna@GoogleMail.com", "gmail.com");
	NORM_IS(norm_email_domain, "anna@Mail.Example.org",
	    "mail.example.org");
}
END_TEST

START_TEST(test_email_domain_accepts_a_bare_domain)
{
	NORM_IS(norm_email_domain, "Example.ORG", "example.org");
	NORM_NO(norm_email_domain, "anna@");
}
END_TEST

/* URL */

START_TEST(test_url_lowercases_scheme_and_host_only)
{
	NORM_IS(norm_url, "HTTPS://News.Example.COM/Path/To?Q=Ab",
	    "https://news.example.com/Path/To?Q=Ab");
}
END_TEST

START_TEST(test_url_drops_www)
{
	NORM_IS(norm_url, "https://www.example.com/a", "https://example.com/a");
	/* Every www. label in front goes, so the result normalizes to
	 * itself (found by fuzz_normalize). */
	NORM_IS(norm_url, "https://www.www.example.com/a",
	    "https://example.com/a");
	NORM_IS(norm_domain, "www.www.Example.COM.Example.COM.",
	    "example.com.example.com");
	/* A BOM or no-break space in a path is escaped, so that one left
	 * at the end cannot be trimmed on a second pass. */
	NORM_IS(norm_url, "https://example.com/a&\xEF\xBB\xBF#frag",
	    "https://example.com/a&%EF%BB%BF");
	NORM_IS(norm_url, "https://example.com/a\xC2\xA0" "b",
	    "https://example.com/a%C2%A0b");
	NORM_IS(norm_url, "https://WWW.example.com/a", "https://example.com/a");
}
END_TEST

START_TEST(test_url_keeps_www_when_it_is_the_domain)
{
	NORM_IS(norm_url, "http://www.com/", "http://www.com/");
	NORM_IS(norm_url, "http://www2.example.com/", "http://www2.example.com/");
}
END_TEST

START_TEST(test_url_empty_path_is_slash)
{
	NORM_IS(norm_url, "https://example.com", "https://example.com/");
	NORM_IS(norm_url, "https://example.com?a=1", "https://example.com/?a=1");
}
END_TEST

START_TEST(test_url_drops_default_port)
{
	NORM_IS(norm_url, "http://example.com:80/x", "http://example.com/x");
	NORM_IS(norm_url, "https://example.com:443/x", "https://example.com/x");
	NORM_IS(norm_url, "https://example.com:/x", "https://example.com/x");
}
END_TEST

START_TEST(test_url_keeps_other_ports)
{
	NORM_IS(norm_url, "http://example.com:8080/x",
	    "http://example.com:8080/x");
	NORM_IS(norm_url, "https://example.com:80/x",
	    "https://example.com:80/x");
	NORM_IS(norm_url, "http://example.com:08080/x",
	    "http://example.com:8080/x");
}
END_TEST

START_TEST(test_url_refuses_bad_port)
{
	NORM_NO(norm_url, "http://example.com:99999/");
	NORM_NO(norm_url, "http://example.com:80a/");
}
END_TEST

START_TEST(test_url_drops_fragment)
{
	NORM_IS(norm_url, "https://example.com/a#section-2",
	    "https://example.com/a");
	NORM_IS(norm_url, "https://example.com/a?b=1#x?c=2",
	    "https://example.com/a?b=1");
}
END_TEST

START_TEST(test_url_drops_utm_parameters)
{
	NORM_IS(norm_url,
	    "https://example.com/a?utm_source=fb&id=7&utm_medium=social&UTM_Campaign=x",
	    "https://example.com/a?id=7");
}
END_TEST

START_TEST(test_url_drops_click_ids)
{
	NORM_IS(norm_url, "https://example.com/?fbclid=IwAR0abc",
	    "https://example.com/");
	NORM_IS(norm_url, "https://example.com/p?gclid=1&igshid=2&mc_cid=3"
	    "&mc_eid=4&ref_src=twsrc&si=abc&x=y", "https://example.com/p?x=y");
}
END_TEST

START_TEST(test_url_keeps_other_parameters_in_order)
{
	NORM_IS(norm_url, "https://example.com/s?q=cats&page=2&ref=home",
	    "https://example.com/s?q=cats&page=2&ref=home");
	NORM_IS(norm_url, "https://example.com/s?b=2&a=1",
	    "https://example.com/s?b=2&a=1");
}
END_TEST

START_TEST(test_url_drops_empty_parameters)
{
	NORM_IS(norm_url, "https://example.com/s?&q=1&&", "https://example.com/s?q=1");
	NORM_IS(norm_url, "https://example.com/s?", "https://example.com/s");
}
END_TEST

START_TEST(test_url_refangs_hxxp_and_brackets)
{
	NORM_IS(norm_url, "hxxps://evil[.]example[.]com/login",
	    "https://evil.example.com/login");
	NORM_IS(norm_url, "hXXp://evil(.)example(.)com", "http://evil.example.com/");
	NORM_IS(norm_url, "hxxp[://]evil[.]com/x", "http://evil.com/x");
}
END_TEST

START_TEST(test_url_refang_leaves_path_alone)
{
	NORM_IS(norm_url, "https://example.com/wiki/A_(.)_B",
	    "https://example.com/wiki/A_(.)_B");
}
END_TEST

START_TEST(test_url_bare_host_gets_http)
{
	NORM_IS(norm_url, "example.com/x", "http://example.com/x");
	NORM_IS(norm_url, "www.Example.com", "http://example.com/");
	NORM_IS(norm_url, "example.com:8080/x", "http://example.com:8080/x");
	NORM_IS(norm_url, "//example.com/x", "http://example.com/x");
}
END_TEST

START_TEST(test_url_bare_word_is_not_a_link)
{
	NORM_NO(norm_url, "example");
	NORM_NO(norm_url, "link/in/bio");
	NORM_IS(norm_url, "http://intranet/", "http://intranet/");
}
END_TEST

START_TEST(test_url_refuses_schemes_without_host)
{
	NORM_NO(norm_url, "mailto:anna@example.com");
	NORM_NO(norm_url, "javascript:alert(1)");
	NORM_NO(norm_url, "http://");
	NORM_NO(norm_url, "http:///path");
}
END_TEST

START_TEST(test_url_refuses_bad_host)
{
	NORM_NO(norm_url, "http://exa mple.com/");
	NORM_NO(norm_url, "http://example..com/");
	NORM_NO(norm_url, "http://<script>/");
	NORM_NO(norm_url, "http://[2001:db8::1/");
}
END_TEST

START_TEST(test_url_drops_trailing_dot_of_host)
{
	NORM_IS(norm_url, "https://example.com./a", "https://example.com/a");
}
END_TEST

START_TEST(test_url_keeps_userinfo)
{
	NORM_IS(norm_url, "https://google.com@Evil.example/",
	    "https://google.com@evil.example/");
}
END_TEST

START_TEST(test_url_canonicalizes_ip_hosts)
{
	NORM_IS(norm_url, "http://[2001:DB8:0:0::1]:8080/",
	    "http://[2001:db8::1]:8080/");
	NORM_IS(norm_url, "http://203.000.113.007/", "http://203.0.113.7/");
	NORM_IS(norm_url, "http://[::ffff:203.0.113.7]/", "http://203.0.113.7/");
}
END_TEST

START_TEST(test_url_percent_escapes_are_uppercased)
{
	NORM_IS(norm_url, "https://example.com/a%2fb?q=%c3%a9",
	    "https://example.com/a%2Fb?q=%C3%A9");
}
END_TEST

START_TEST(test_url_escapes_spaces_and_refuses_controls)
{
	NORM_IS(norm_url, "https://example.com/a b", "https://example.com/a%20b");
	NORM_NO(norm_url, "https://example.com/a\x01" "b");
}
END_TEST

/* Domain */

START_TEST(test_domain_of_url)
{
	NORM_IS(norm_domain, "https://www.Example.com:8080/path?q=1",
	    "example.com");
}
END_TEST

START_TEST(test_domain_bare_name)
{
	NORM_IS(norm_domain, "Example.COM.", "example.com");
	NORM_IS(norm_domain, "news.example[.]com", "news.example.com");
	NORM_IS(norm_domain, "user@mail.example.com", "mail.example.com");
}
END_TEST

START_TEST(test_domain_refuses_single_label_and_junk)
{
	NORM_NO(norm_domain, "localhost");
	NORM_NO(norm_domain, "not a domain");
	NORM_NO(norm_domain, "*.example.com");
	NORM_NO(norm_domain, ".");
}
END_TEST

START_TEST(test_domain_of_ip_url_is_the_ip)
{
	NORM_IS(norm_domain, "http://[2001:db8::0:1]/", "2001:db8::1");
	NORM_IS(norm_domain, "http://203.0.113.7/", "203.0.113.7");
}
END_TEST

/* IP */

START_TEST(test_ip_v4_is_dotted_quad)
{
	char	out[NORM_MAX], block[NORM_MAX];

	ck_assert(norm_ip(" 203.0.113.7 ", out, sizeof out, block,
	    sizeof block));
	ck_assert_str_eq(out, "203.0.113.7");
	ck_assert_str_eq(block, "203.0.113.0/24");
}
END_TEST

START_TEST(test_ip_v4_zero_padding_is_decimal)
{
	char	out[NORM_MAX];

	ck_assert(norm_ip("010.001.002.003", out, sizeof out, NULL, 0));
	ck_assert_str_eq(out, "10.1.2.3");
}
END_TEST

START_TEST(test_ip_v4_refuses_out_of_range_and_junk)
{
	static const char *const bad[] = {
		"256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.4x", "x1.2.3.4",
		"+1.2.3.4", "1..2.3", "1.2.3.0004", "1.2.3.-4", "1.2.3.4/24",
		"one.two.three.four", "0.0.0.0", "1.2.3.4:", "1.2.3.4:x",
	};
	char	out[NORM_MAX];
	size_t	i;

	for (i = 0; i < nitems(bad); i++) {
		ck_assert_msg(!norm_ip(bad[i], out, sizeof out, NULL, 0),
		    "%s gave %s", bad[i], out);
	}
}
END_TEST

START_TEST(test_ip_v4_port_and_defang_are_dropped)
{
	char	out[NORM_MAX];

	ck_assert(norm_ip("203.0.113.7:443", out, sizeof out, NULL, 0));
	ck_assert_str_eq(out, "203.0.113.7");
	ck_assert(norm_ip("203.0.113[.]7", out, sizeof out, NULL, 0));
	ck_assert_str_eq(out, "203.0.113.7");
}
END_TEST

START_TEST(test_ip_v6_is_canonical)
{
	char	out[NORM_MAX];

	ck_assert(norm_ip("2001:0DB8:0000:0000:0000:0000:0000:0001", out,
	    sizeof out, NULL, 0));
	ck_assert_str_eq(out, "2001:db8::1");
	/* a single zero group is not compressed; the first longest run is */
	ck_assert(norm_ip("2001:db8:0:1:1:1:1:1", out, sizeof out, NULL, 0));
	ck_assert_str_eq(out, "2001:db8:0:1:1:1:1:1");
	ck_assert(norm_ip("2001:0:0:1:0:0:0:1", out, sizeof out, NULL, 0));
	ck_assert_str_eq(out, "2001:0:0:1::1");
	ck_assert(norm_ip("2001:db8:0:0:1:0:0:1", out, sizeof out, NULL, 0));
	ck_assert_str_eq(out, "2001:db8::1:0:0:1");
	ck_assert(norm_ip("::1", out, sizeof out, NULL, 0));
	ck_assert_str_eq(out, "::1");
	ck_assert(norm_ip("fe80::1%eth0", out, sizeof out, NULL, 0));
	ck_assert_str_eq(out, "fe80::1");
	ck_assert(norm_ip("[2001:db8::1]:443", out, sizeof out, NULL, 0));
	ck_assert_str_eq(out, "2001:db8::1");
}
END_TEST

START_TEST(test_ip_v6_block_is_48)
{
	char	out[NORM_MAX], block[NORM_MAX];

	ck_assert(norm_ip("2001:db8:1:2:3:4:5:6", out, sizeof out, block,
	    sizeof block));
	ck_assert_str_eq(out, "2001:db8:1:2:3:4:5:6");
	ck_assert_str_eq(block, "2001:db8:1::/48");
	ck_assert(norm_ip("2001:db8::5", out, sizeof out, block,
	    sizeof block));
	ck_assert_str_eq(block, "2001:db8::/48");
}
END_TEST

START_TEST(test_ip_v4_mapped_v6_is_v4)
{
	char	out[NORM_MAX], block[NORM_MAX];

	ck_assert(norm_ip("::ffff:203.0.113.7", out, sizeof out, block,
	    sizeof block));
	ck_assert_str_eq(out, "203.0.113.7");
	ck_assert_str_eq(block, "203.0.113.0/24");
}
END_TEST

START_TEST(test_ip_v6_refuses_junk)
{
	static const char *const bad[] = {
		"2001:db8::1::2", "2001:db8:::1", "2001:db8::g", "::",
		"1:2:3:4:5:6:7:8:9", "[2001:db8::1", "[2001:db8::1]x",
		"2001:db8::1/48",
	};
	char	out[NORM_MAX];
	size_t	i;

	for (i = 0; i < nitems(bad); i++) {
		ck_assert_msg(!norm_ip(bad[i], out, sizeof out, NULL, 0),
		    "%s gave %s", bad[i], out);
	}
}
END_TEST

START_TEST(test_ip24_kind_reads_blocks_and_addresses)
{
	VALUE_IS("ip24", "203.0.113.0/24", "203.0.113.0/24");
	VALUE_IS("ip24", "203.0.113.77", "203.0.113.0/24");
	VALUE_IS("ip24", "203.0.113.77/32", "203.0.113.0/24");
	VALUE_IS("ip24", "2001:DB8:1::/48", "2001:db8:1::/48");
}
END_TEST

START_TEST(test_ip24_kind_refuses_wider_prefixes)
{
	char	out[NORM_MAX];

	ck_assert(!norm_value("ip24", "203.0.0.0/16", out, sizeof out));
	ck_assert(!norm_value("ip24", "2001:db8::/32", out, sizeof out));
	ck_assert(!norm_value("ip24", "203.0.113.0/", out, sizeof out));
	ck_assert(!norm_value("ip24", "203.0.113.0/-24", out, sizeof out));
}
END_TEST

/* Handles */

START_TEST(test_handle_drops_at_and_lowercases)
{
	NORM_IS(norm_handle, " @Anna_Petrova1987 ", "anna_petrova1987");
}
END_TEST

START_TEST(test_handle_refuses_spaces_and_lone_at)
{
	NORM_NO(norm_handle, "Anna Petrova");
	NORM_NO(norm_handle, "@");
}
END_TEST

START_TEST(test_handle_template_replaces_digit_runs)
{
	NORM_IS(norm_handle_template, "anna_petrova1987", "anna_petrova#");
	NORM_IS(norm_handle_template, "@User12_34x5", "user#_#x#");
}
END_TEST

START_TEST(test_handle_template_needs_digits)
{
	NORM_NO(norm_handle_template, "anna_petrova");
}
END_TEST

START_TEST(test_handle_template_is_stable)
{
	NORM_IS(norm_handle_template, "anna_petrova#", "anna_petrova#");
	NORM_IS(norm_handle_template, "anna#12", "anna#");
}
END_TEST

/* Tokens and text */

START_TEST(test_token_is_trimmed_and_lowercased)
{
	NORM_IS(norm_token, "  D41D8CD98F00B204E9800998ECF8427E\n",
	    "d41d8cd98f00b204e9800998ecf8427e");
}
END_TEST

START_TEST(test_text_collapses_white_space)
{
	NORM_IS(norm_text, "  Mozilla/5.0 \t (X11;\r\n Linux)  ",
	    "Mozilla/5.0 (X11; Linux)");
}
END_TEST

START_TEST(test_text_is_not_lowercased)
{
	NORM_IS(norm_text, "Ivan Ivanov", "Ivan Ivanov");
}
END_TEST

START_TEST(test_trim_drops_no_break_space_and_bom)
{
	NORM_IS(norm_text, "\xef\xbb\xbf\xc2\xa0value\xc2\xa0", "value");
}
END_TEST

/* Dispatcher */

START_TEST(test_value_dispatches_on_kind)
{
	VALUE_IS("phone", "+7 912 345-67-89", "79123456789");
	VALUE_IS("email", "A.B@GMail.com", "ab@gmail.com");
	VALUE_IS("email_domain", "a@googlemail.com", "gmail.com");
	VALUE_IS("url", "hxxp://x[.]com?utm_source=a", "http://x.com/");
	VALUE_IS("domain", "https://www.x.com/", "x.com");
	VALUE_IS("ip", "2001:DB8::1", "2001:db8::1");
	VALUE_IS("handle", "@Anna", "anna");
	VALUE_IS("handle_template", "@Anna1987", "anna#");
	VALUE_IS("avatar_hash", " ABCDEF ", "abcdef");
	VALUE_IS("device", "IMEI-ABC", "imei-abc");
	VALUE_IS("user_agent", " Mozilla/5.0   X ", "Mozilla/5.0 X");
	VALUE_IS("created_day", "2019-03-01T23:30:00-02:00", "2019-03-02");
}
END_TEST

START_TEST(test_value_kind_names_ignore_case)
{
	VALUE_IS("PHONE", "+7 912 345-67-89", "79123456789");
}
END_TEST

START_TEST(test_value_unknown_kind_is_text)
{
	VALUE_IS("page_admin", "  Ivan   Ivanov ", "Ivan Ivanov");
	VALUE_IS("payment", "Card  4242", "Card 4242");
}
END_TEST

START_TEST(test_normalized_values_normalize_to_themselves)
{
	static const struct {
		const char	*kind;
		const char	*raw;
	} v[] = {
		{ "phone", "+44 (0) 20 7946 0958" },
		{ "email", "Anna.P+x@googlemail.com" },
		{ "email", "anna.p+x@outlook.com" },
		{ "email_domain", "x@GoogleMail.com" },
		{ "url", "hxxps://www.ex[.]com:443?utm_source=1&a=b%2f#f" },
		{ "url", "Example.com" },
		{ "domain", "https://WWW.ex.com./" },
		{ "ip", "::FFFF:10.0.0.1" },
		{ "ip", "2001:DB8:0::1" },
		{ "ip24", "10.1.2.3" },
		{ "ip24", "2001:db8:1:2::9" },
		{ "handle", "@Anna" },
		{ "handle_template", "anna1987_x2" },
		{ "avatar_hash", "ABC" },
		{ "user_agent", " a  b " },
		{ "created_day", "Wed Oct 10 20:19:24 +0000 2018" },
	};
	char	once[NORM_MAX], twice[NORM_MAX];
	size_t	i;

	for (i = 0; i < nitems(v); i++) {
		ck_assert_msg(norm_value(v[i].kind, v[i].raw, once,
		    sizeof once), "%s %s", v[i].kind, v[i].raw);
		ck_assert_msg(norm_value(v[i].kind, once, twice, sizeof twice),
		    "%s %s", v[i].kind, once);
		ck_assert_str_eq(once, twice);
	}
}
END_TEST

/* Buffers and hostile input */

START_TEST(test_output_that_does_not_fit_is_refused)
{
	char	out[8];

	memset(out, 'x', sizeof out);
	ck_assert(!norm_phone("+7 912 345-67-89", out, sizeof out));
	ck_assert_str_eq(out, "");
	ck_assert(!norm_url("https://example.com/long", out, sizeof out));
	ck_assert_str_eq(out, "");
	ck_assert(!norm_phone("+7 912 345-67-89", out, 0));
	ck_assert(norm_text("1234567", out, sizeof out));
	ck_assert_str_eq(out, "1234567");
	ck_assert(!norm_text("12345678", out, sizeof out));
}
END_TEST

START_TEST(test_ip_block_that_does_not_fit_is_refused)
{
	char	out[NORM_MAX], block[8];

	ck_assert(!norm_ip("203.0.113.7", out, sizeof out, block,
	    sizeof block));
	ck_assert_str_eq(out, "");
	ck_assert_str_eq(block, "");
}
END_TEST

START_TEST(test_huge_inputs_are_refused_not_cut)
{
	static const char *const kinds[] = {
		"phone", "email", "email_domain", "url", "domain", "ip",
		"ip24", "handle", "handle_template", "avatar_hash",
		"user_agent", "created_day",
	};
	char	out[NORM_MAX], *big, *url;
	size_t	i, n = 1 << 20;

	big = repeat('7', n);
	for (i = 0; i < nitems(kinds); i++) {
		ck_assert_msg(!norm_value(kinds[i], big, out, sizeof out),
		    "%s", kinds[i]);
	}
	url = xmalloc(n + 32);
	memcpy(url, "https://example.com/", 20);
	memset(url + 20, 'a', n);
	url[n + 20] = '\0';
	ck_assert(!norm_url(url, out, sizeof out));
	ck_assert(!norm_domain(url, out, sizeof out));
	free(url);
	free(big);
}
END_TEST

START_TEST(test_junk_bytes_are_refused)
{
	static const char *const junk[] = {
		"\x01\x02\x03", "\xff\xfe\xfd", "@@@", "://", "[.]", "\x7f",
		"%%%", "[]]", "(((", "\xc0\xaf",
	};
	static const char *const kinds[] = {
		"phone", "email", "url", "domain", "ip", "ip24",
		"handle_template", "created_day",
	};
	char	out[NORM_MAX];
	size_t	i, k;

	for (i = 0; i < nitems(junk); i++) {
		for (k = 0; k < nitems(kinds); k++) {
			ck_assert_msg(!norm_value(kinds[k], junk[i], out,
			    sizeof out), "%s accepted junk %zu as \"%s\"",
			    kinds[k], i, out);
		}
	}
}
END_TEST

START_TEST(test_value_refuses_null)
{
	char	out[NORM_MAX];

	ck_assert(!norm_value("phone", NULL, out, sizeof out));
	ck_assert(!norm_value(NULL, "x", out, sizeof out));
}
END_TEST

/* Time */

START_TEST(test_time_iso_date_is_midnight_utc)
{
	ck_assert_int_eq(time_of("2019-03-01"), 1551398400);
	ck_assert_int_eq(time_of("20190301"), 1551398400);
}
END_TEST

START_TEST(test_time_iso_date_time_with_space_or_t)
{
	ck_assert_int_eq(time_of("2019-03-01 12:00:00"), 1551441600);
	ck_assert_int_eq(time_of("2019-03-01T12:00:00"), 1551441600);
	ck_assert_int_eq(time_of("2019-03-01T12:00"), 1551441600);
}
END_TEST

START_TEST(test_time_iso_zone_and_fraction)
{
	ck_assert_int_eq(time_of("2019-03-01T12:00:00Z"), 1551441600);
	ck_assert_int_eq(time_of("2019-03-01T12:00:00.123456Z"), 1551441600);
	ck_assert_int_eq(time_of("2019-03-01T15:00:00+03:00"), 1551441600);
	ck_assert_int_eq(time_of("2019-03-01T07:00:00-0500"), 1551441600);
	ck_assert_int_eq(time_of("2019-03-01 15:00:00 +03"), 1551441600);
	ck_assert_int_eq(time_of("2019-03-01 12:00:00 UTC"), 1551441600);
}
END_TEST

START_TEST(test_time_unix_seconds_and_milliseconds)
{
	ck_assert_int_eq(time_of("1539202764"), 1539202764);
	ck_assert_int_eq(time_of("1539202764123"), 1539202764);
	ck_assert_int_eq(time_of("1539202764.5"), 1539202764);
}
END_TEST

START_TEST(test_time_twitter_created_at)
{
	ck_assert_int_eq(time_of("Wed Oct 10 20:19:24 +0000 2018"),
	    1539202764);
	ck_assert_int_eq(time_of("Wed Oct 10 23:19:24 +0300 2018"),
	    1539202764);
}
END_TEST

START_TEST(test_time_rfc2822)
{
	ck_assert_int_eq(time_of("Wed, 10 Oct 2018 20:19:24 +0000"),
	    1539202764);
	ck_assert_int_eq(time_of("10 Oct 2018 22:19:24 +0200"), 1539202764);
	ck_assert_int_eq(time_of("Wed, 10 Oct 2018 20:19:24 GMT"),
	    1539202764);
}
END_TEST

START_TEST(test_time_leap_day)
{
	ck_assert_int_eq(time_of("2020-02-29"), 1582934400);
}
END_TEST

START_TEST(test_time_refuses_impossible_dates)
{
	static const char *const bad[] = {
		"2019-02-29", "2019-13-01", "2019-00-10", "0000-00-00",
		"2019-03-01T24:00:00", "2019-03-01T12:60", "2019-03-01T12",
		"2019-03-01T12:00:00+25:00", "2019-3-1", "yesterday", "2018",
		"12345", "-1539202764", "2019-03-01 garbage",
		"Wed Foo 10 20:19:24 +0000 2018", "1539202764.", "0",
		"99999999999999999999999",
	};
	int64_t	t;
	size_t	i;

	for (i = 0; i < nitems(bad); i++)
		ck_assert_msg(!norm_time(bad[i], &t), "%s", bad[i]);
}
END_TEST

START_TEST(test_time_iso_format)
{
	char	out[21];

	norm_time_iso(1539202764, out);
	ck_assert_str_eq(out, "2018-10-10T20:19:24Z");
	norm_time_iso(0, out);
	ck_assert_str_eq(out, "1970-01-01T00:00:00Z");
	norm_time_iso(-1, out);
	ck_assert_str_eq(out, "1969-12-31T23:59:59Z");
}
END_TEST

START_TEST(test_time_format_clamps_to_four_digit_years)
{
	char	out[21], day[11];

	norm_time_iso(INT64_MAX, out);
	ck_assert_str_eq(out, "9999-12-31T23:59:59Z");
	norm_time_iso(INT64_MIN, out);
	ck_assert_str_eq(out, "0001-01-01T00:00:00Z");
	norm_time_day(INT64_MAX, day);
	ck_assert_str_eq(day, "9999-12-31");
}
END_TEST

START_TEST(test_time_day)
{
	char	day[11];

	norm_time_day(1539202764, day);
	ck_assert_str_eq(day, "2018-10-10");
}
END_TEST

/* Text hash */

START_TEST(test_text_hash_ignores_case_space_and_urls)
{
	uint64_t	h = norm_text_hash("Vote NO on the referendum!");

	ck_assert_uint_ne(h, 0);
	ck_assert_uint_eq(h, norm_text_hash("  vote no  on\tthe\nreferendum! "));
	ck_assert_uint_eq(h,
	    norm_text_hash("Vote NO on the https://t.co/abc referendum!"));
	ck_assert_uint_eq(h,
	    norm_text_hash("Vote NO on the referendum! HTTP://bit.ly/x"));
}
END_TEST

START_TEST(test_text_hash_differs_for_different_text)
{
	ck_assert_uint_ne(norm_text_hash("vote no"), norm_text_hash("vote yes"));
	ck_assert_uint_ne(norm_text_hash("ab"), norm_text_hash("a b"));
}
END_TEST

START_TEST(test_text_hash_is_fnv1a)
{
	/* FNV-1a 64 of "a" */
	ck_assert_uint_eq(norm_text_hash("A"), 0xaf63dc4c8601ec8cULL);
}
END_TEST

START_TEST(test_text_hash_of_nothing_is_zero)
{
	ck_assert_uint_eq(norm_text_hash(""), 0);
	ck_assert_uint_eq(norm_text_hash(" \t\n "), 0);
	ck_assert_uint_eq(norm_text_hash("https://t.co/x http://y"), 0);
	ck_assert_uint_eq(norm_text_hash(NULL), 0);
}
END_TEST

START_TEST(test_text_hash_of_huge_text)
{
	char		*a = repeat('x', 1 << 20);
	uint64_t	 h = norm_text_hash(a);

	ck_assert_uint_ne(h, 0);
	a[12345] = 'X';
	ck_assert_uint_eq(norm_text_hash(a), h);
	free(a);
}
END_TEST

Suite *
test_suite(void)
{
	const TTest *const tests[] = {
		test_sentinels_are_not_values,
		test_real_values_are_not_sentinels,
		test_sentinels_are_refused_by_every_kind,
		test_phone_keeps_country_code,
		test_phone_double_zero_is_international_prefix,
		test_phone_without_country_code_keeps_digits,
		test_phone_drops_trunk_zero_after_country_code,
		test_phone_drops_extension,
		test_phone_drops_spreadsheet_fraction,
		test_phone_drops_russian_extension,
		test_phone_reads_tel_uri,
		test_phone_reads_non_ascii_digits,
		test_phone_refuses_letters,
		test_phone_refuses_misplaced_plus,
		test_phone_refuses_too_short_or_long,
		test_phone_refuses_all_zeros,
		test_email_is_lowercased,
		test_gmail_dots_are_ignored,
		test_gmail_plus_tag_is_ignored,
		test_googlemail_is_gmail,
		test_outlook_plus_tag_is_ignored_but_dots_kept,
		test_proton_plus_tag_is_ignored,
		test_other_providers_keep_dots_and_plus,
		test_email_reads_display_form_and_mailto,
		test_email_is_refanged,
		test_email_drops_trailing_dot_of_domain,
		test_email_refuses_junk,
		test_gmail_tag_only_is_refused,
		test_email_domain_is_the_normalized_domain,
		test_email_domain_accepts_a_bare_domain,
		test_url_lowercases_scheme_and_host_only,
		test_url_drops_www,
		test_url_keeps_www_when_it_is_the_domain,
		test_url_empty_path_is_slash,
		test_url_drops_default_port,
		test_url_keeps_other_ports,
		test_url_refuses_bad_port,
		test_url_drops_fragment,
		test_url_drops_utm_parameters,
		test_url_drops_click_ids,
		test_url_keeps_other_parameters_in_order,
		test_url_drops_empty_parameters,
		test_url_refangs_hxxp_and_brackets,
		test_url_refang_leaves_path_alone,
		test_url_bare_host_gets_http,
		test_url_bare_word_is_not_a_link,
		test_url_refuses_schemes_without_host,
		test_url_refuses_bad_host,
		test_url_drops_trailing_dot_of_host,
		test_url_keeps_userinfo,
		test_url_canonicalizes_ip_hosts,
		test_url_percent_escapes_are_uppercased,
		test_url_escapes_spaces_and_refuses_controls,
		test_domain_of_url,
		test_domain_bare_name,
		test_domain_refuses_single_label_and_junk,
		test_domain_of_ip_url_is_the_ip,
		test_ip_v4_is_dotted_quad,
		test_ip_v4_zero_padding_is_decimal,
		test_ip_v4_refuses_out_of_range_and_junk,
		test_ip_v4_port_and_defang_are_dropped,
		test_ip_v6_is_canonical,
		test_ip_v6_block_is_48,
		test_ip_v4_mapped_v6_is_v4,
		test_ip_v6_refuses_junk,
		test_ip24_kind_reads_blocks_and_addresses,
		test_ip24_kind_refuses_wider_prefixes,
		test_handle_drops_at_and_lowercases,
		test_handle_refuses_spaces_and_lone_at,
		test_handle_template_replaces_digit_runs,
		test_handle_template_needs_digits,
		test_handle_template_is_stable,
		test_token_is_trimmed_and_lowercased,
		test_text_collapses_white_space,
		test_text_is_not_lowercased,
		test_trim_drops_no_break_space_and_bom,
		test_value_dispatches_on_kind,
		test_value_kind_names_ignore_case,
		test_value_unknown_kind_is_text,
		test_normalized_values_normalize_to_themselves,
		test_output_that_does_not_fit_is_refused,
		test_ip_block_that_does_not_fit_is_refused,
		test_huge_inputs_are_refused_not_cut,
		test_junk_bytes_are_refused,
		test_value_refuses_null,
		test_time_iso_date_is_midnight_utc,
		test_time_iso_date_time_with_space_or_t,
		test_time_iso_zone_and_fraction,
		test_time_unix_seconds_and_milliseconds,
		test_time_twitter_created_at,
		test_time_rfc2822,
		test_time_leap_day,
		test_time_refuses_impossible_dates,
		test_time_iso_format,
		test_time_format_clamps_to_four_digit_years,
		test_time_day,
		test_text_hash_ignores_case_space_and_urls,
		test_text_hash_differs_for_different_text,
		test_text_hash_is_fnv1a,
		test_text_hash_of_nothing_is_zero,
		test_text_hash_of_huge_text,
	};
	Suite	*s = suite_create("normalize");
	TCase	*tc = tcase_create("normalize");
	size_t	 i;

	for (i = 0; i < nitems(tests); i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	return s;
}
