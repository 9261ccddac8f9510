/*
 * test_utf8.c: what counts as valid UTF-8 and how invalid input is
 * repaired (one U+FFFD per maximal invalid subpart), decoded, encoded and
 * cut.
 */
#include "config.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "util.h"

#define FFFD	"\xef\xbf\xbd"

/* Repair s[0..len) and check the output and the count of replacements. */
static void
repair_is(const char *s, size_t len, const char *want, size_t wantlen,
    size_t count)
{
	struct buf	b = BUF_INIT;
	size_t		n;

	n = utf8_repair(s, len, &b);
	ck_assert_uint_eq(n, count);
	ck_assert_uint_eq(b.len, wantlen);
	ck_assert_msg(memcmp(b.data, want, wantlen) == 0, "wrong bytes");
	ck_assert_int_eq(b.data[b.len], '\0');
	buf_free(&b);
}

#define REPAIR_IS(in, want, count) \
	repair_is((in), sizeof (in) - 1, (want), sizeof (want) - 1, (count))

#define VALID(s)	utf8_valid((s), sizeof (s) - 1)

/* Validation */

START_TEST(test_ascii_is_valid)
{
	ck_assert(VALID("plain ascii text ~!@#"));
}
END_TEST

START_TEST(test_empty_is_valid)
{
	ck_assert(utf8_valid("", 0));
	ck_assert(utf8_valid(NULL, 0));
}
END_TEST

START_TEST(test_nul_bytes_are_valid)
{
	ck_assert(VALID("a\0b\0"));
}
END_TEST

START_TEST(test_multibyte_is_valid)
{
	ck_assert(VALID("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 "
	    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"));
}
END_TEST

START_TEST(test_boundary_code_points_are_valid)
{
	ck_assert(VALID("\x7f"));
	ck_assert(VALID("\xc2\x80"));
	ck_assert(VALID("\xdf\xbf"));
	ck_assert(VALID("\xe0\xa0\x80"));
	ck_assert(VALID("\xed\x9f\xbf"));	/* U+D7FF */
	ck_assert(VALID("\xee\x80\x80"));	/* U+E000 */
	ck_assert(VALID("\xef\xbf\xbf"));
	ck_assert(VALID("\xf0\x90\x80\x80"));
	ck_assert(VALID("\xf4\x8f\xbf\xbf"));	/* U+10FFFF */
}
END_TEST

START_TEST(test_invalid_sequences_are_invalid)
{
	ck_assert(!VALID("\xc0\xaf"));
	ck_assert(!VALID("\xc1\xbf"));
	ck_assert(!VALID("\xe0\x80\xaf"));
	ck_assert(!VALID("\xed\xa0\x80"));
	ck_assert(!VALID("\xf4\x90\x80\x80"));
	ck_assert(!VALID("\xf5\x80\x80\x80"));
	ck_assert(!VALID("\xff"));
	ck_assert(!VALID("\x80"));
	ck_assert(!VALID("abc\xe2\x82"));
	ck_assert(!VALID("12345678\xe9" "12345678"));
}
END_TEST

START_TEST(test_valid_respects_length)
{
	/* a valid prefix of an invalid string */
	ck_assert(utf8_valid("ab\xff", 2));
	ck_assert(!utf8_valid("\xe2\x82\xac", 2));
}
END_TEST

/* Repair */

START_TEST(test_repair_keeps_valid_text_unchanged)
{
	REPAIR_IS("caf\xc3\xa9 \xf0\x9f\x98\x80 ok", "caf\xc3\xa9 \xf0\x9f\x98\x80 ok",
	    0);
}
END_TEST

START_TEST(test_repair_keeps_nul_bytes)
{
	REPAIR_IS("a\0b", "a\0b", 0);
}
END_TEST

START_TEST(test_overlong_slash_is_replaced)
{
	REPAIR_IS("..\xc0\xaf..", ".." FFFD FFFD "..", 2);
	REPAIR_IS("\xe0\x80\xaf", FFFD FFFD FFFD, 3);
	REPAIR_IS("\xf0\x80\x80\xaf", FFFD FFFD FFFD FFFD, 4);
}
END_TEST

START_TEST(test_surrogate_is_replaced)
{
	REPAIR_IS("\xed\xa0\x80", FFFD FFFD FFFD, 3);
	REPAIR_IS("\xed\xbf\xbf" "x", FFFD FFFD FFFD "x", 3);
}
END_TEST

START_TEST(test_above_max_code_point_is_replaced)
{
	REPAIR_IS("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD, 4);
	REPAIR_IS("\xf7\xbf\xbf\xbf", FFFD FFFD FFFD FFFD, 4);
}
END_TEST

START_TEST(test_bytes_that_never_start_a_sequence_are_replaced)
{
	REPAIR_IS("a\xff" "b\xfe" "c\xc1", "a" FFFD "b" FFFD "c" FFFD, 3);
}
END_TEST

START_TEST(test_lone_continuation_bytes_are_each_replaced)
{
	REPAIR_IS("\x80\xbf" "a", FFFD FFFD "a", 2);
}
END_TEST

START_TEST(test_truncated_sequence_is_one_replacement)
{
	REPAIR_IS("\xe2\x82" "A", FFFD "A", 1);
	REPAIR_IS("\xf0\x9f\x98" "A", FFFD "A", 1);
	REPAIR_IS("\xf0\x9f\x98\xf0\x9f\x98\x80", FFFD "\xf0\x9f\x98\x80", 1);
}
END_TEST

START_TEST(test_truncated_sequence_at_end_is_replaced)
{
	REPAIR_IS("end\xe2\x82", "end" FFFD, 1);
	REPAIR_IS("end\xc3", "end" FFFD, 1);
}
END_TEST

START_TEST(test_repair_appends_to_the_buffer)
{
	struct buf	b = BUF_INIT;

	buf_adds(&b, "head:");
	ck_assert_uint_eq(utf8_repair("t\xffil", 4, &b), 1);
	ck_assert_str_eq(b.data, "head:t" FFFD "il");
	buf_free(&b);
}
END_TEST

START_TEST(test_repair_of_nothing_gives_an_empty_string)
{
	struct buf	b = BUF_INIT;

	ck_assert_uint_eq(utf8_repair(NULL, 0, &b), 0);
	ck_assert_ptr_nonnull(b.data);
	ck_assert_str_eq(b.data, "");
	buf_free(&b);
}
END_TEST

START_TEST(test_repair_of_huge_ascii_is_a_copy)
{
	size_t		 n = 4 << 20;
	char		*s = xmalloc(n);
	struct buf	 b = BUF_INIT;

	memset(s, 'a', n);
	s[n - 1] = '\xff';
	ck_assert_uint_eq(utf8_repair(s, n, &b), 1);
	ck_assert_uint_eq(b.len, n - 1 + 3);
	ck_assert(memcmp(b.data, s, n - 1) == 0);
	ck_assert(utf8_valid(b.data, b.len));
	buf_free(&b);
	free(s);
}
END_TEST

/*
 * Random bytes, biased towards UTF-8 lead and continuation bytes: the
 * repair is always valid, counts zero exactly when the input was valid,
 * and changes nothing in valid input.
 */
START_TEST(test_repair_of_random_bytes_is_valid)
{
	static const unsigned char pool[] = {
		'a', 0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0,
		0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xee, 0xef, 0xf0, 0xf1,
		0xf4, 0xf5, 0xff,
	};
	unsigned char	 s[16];
	struct buf	 b = BUF_INIT, again = BUF_INIT;
	uint32_t	 x = 12345;
	size_t		 i, len, n;
	int		 iter;

	/* plain checks in the loop: ck_assert marks progress per call */
	for (iter = 0; iter < 200000; iter++) {
		len = iter % (sizeof s + 1);
		for (i = 0; i < len; i++) {
			x = x * 1103515245 + 12345;
			s[i] = pool[(x >> 16) % sizeof pool];
		}
		buf_clear(&b);
		n = utf8_repair((char *)s, len, &b);
		if (!utf8_valid(b.data, b.len))
			ck_abort_msg("iteration %d: repair is invalid", iter);
		if ((n == 0) != utf8_valid((char *)s, len))
			ck_abort_msg("iteration %d: count %zu", iter, n);
		if (n == 0 && (b.len != len ||
		    (len > 0 && memcmp(b.data, s, len) != 0)))
			ck_abort_msg("iteration %d: valid input changed", iter);
		buf_clear(&again);
		if (utf8_repair(b.data, b.len, &again) != 0)
			ck_abort_msg("iteration %d: repair not stable", iter);
	}
	buf_free(&b);
	buf_free(&again);
}
END_TEST

/* Decode and encode */

START_TEST(test_decode_reads_one_code_point)
{
	uint32_t	cp;

	ck_assert_uint_eq(utf8_decode("A", 1, &cp), 1);
	ck_assert_uint_eq(cp, 'A');
	ck_assert_uint_eq(utf8_decode("\xc3\xa9x", 3, &cp), 2);
	ck_assert_uint_eq(cp, 0xe9);
	ck_assert_uint_eq(utf8_decode("\xe2\x82\xac", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0x20ac);
	ck_assert_uint_eq(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	ck_assert_uint_eq(cp, 0x1f600);
	ck_assert_uint_eq(utf8_decode("\0", 1, &cp), 1);
	ck_assert_uint_eq(cp, 0);
}
END_TEST

START_TEST(test_decode_invalid_consumes_one_byte)
{
	uint32_t	cp;

	ck_assert_uint_eq(utf8_decode("\xc0\xaf", 2, &cp), 1);
	ck_assert_uint_eq(cp, 0xfffd);
	ck_assert_uint_eq(utf8_decode("\xed\xa0\x80", 3, &cp), 1);
	ck_assert_uint_eq(cp, 0xfffd);
	ck_assert_uint_eq(utf8_decode("\xe2\x82" "A", 3, &cp), 1);
	ck_assert_uint_eq(cp, 0xfffd);
	ck_assert_uint_eq(utf8_decode("\x80", 1, &cp), 1);
	ck_assert_uint_eq(cp, 0xfffd);
}
END_TEST

START_TEST(test_decode_stops_at_len)
{
	uint32_t	cp;

	ck_assert_uint_eq(utf8_decode("\xe2\x82\xac", 2, &cp), 1);
	ck_assert_uint_eq(cp, 0xfffd);
}
END_TEST

START_TEST(test_encode_round_trips_every_scalar_value)
{
	char		out[4];
	uint32_t	cp, back = 0;
	size_t		n;

	for (cp = 0; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		n = utf8_encode(cp, out);
		if (n != (cp < 0x80 ? 1u : cp < 0x800 ? 2u : cp < 0x10000 ?
		    3u : 4u) || !utf8_valid(out, n) ||
		    utf8_decode(out, n, &back) != n || back != cp)
			ck_abort_msg("U+%04X does not round-trip (U+%04X)",
			    (unsigned)cp, (unsigned)back);
	}
}
END_TEST

START_TEST(test_encode_writes_replacement_for_non_characters)
{
	char	out[4];

	ck_assert_uint_eq(utf8_encode(0xd800, out), 3);
	ck_assert(memcmp(out, FFFD, 3) == 0);
	ck_assert_uint_eq(utf8_encode(0x110000, out), 3);
	ck_assert(memcmp(out, FFFD, 3) == 0);
	ck_assert_uint_eq(utf8_encode(UINT32_MAX, out), 3);
	ck_assert(memcmp(out, FFFD, 3) == 0);
}
END_TEST

/* Cut */

START_TEST(test_cut_keeps_short_text_whole)
{
	ck_assert_uint_eq(utf8_cut("abc", 3, 10), 3);
	ck_assert_uint_eq(utf8_cut("abc", 3, 3), 3);
	ck_assert_uint_eq(utf8_cut("", 0, 0), 0);
}
END_TEST

START_TEST(test_cut_never_splits_a_sequence)
{
	/* "a€b": a, 3 bytes of €, b */
	const char	*s = "a\xe2\x82\xac" "b";

	ck_assert_uint_eq(utf8_cut(s, 5, 0), 0);
	ck_assert_uint_eq(utf8_cut(s, 5, 1), 1);
	ck_assert_uint_eq(utf8_cut(s, 5, 2), 1);
	ck_assert_uint_eq(utf8_cut(s, 5, 3), 1);
	ck_assert_uint_eq(utf8_cut(s, 5, 4), 4);
	ck_assert_uint_eq(utf8_cut("\xf0\x9f\x98\x80", 4, 3), 0);
}
END_TEST

START_TEST(test_cut_result_is_valid_for_every_length)
{
	const char	*s = "\xd0\x9f\xe2\x82\xac\xf0\x9f\x98\x80z\xc3\xa9";
	size_t		 len = strlen(s), max, n;

	for (max = 0; max <= len + 1; max++) {
		n = utf8_cut(s, len, max);
		ck_assert_uint_le(n, max);
		ck_assert(utf8_valid(s, n));
	}
}
END_TEST

START_TEST(test_cut_at_stray_continuation_is_a_boundary)
{
	/* "é" then a stray continuation byte */
	ck_assert_uint_eq(utf8_cut("\xc3\xa9\xa9z", 4, 2), 2);
	ck_assert_uint_eq(utf8_cut("\x80\x80\x80\x80\x80", 5, 4), 4);
}
END_TEST

Suite *
test_suite(void)
{
	const TTest *const tests[] = {
		test_ascii_is_valid,
		test_empty_is_valid,
		test_nul_bytes_are_valid,
		test_multibyte_is_valid,
		test_boundary_code_points_are_valid,
		test_invalid_sequences_are_invalid,
		test_valid_respects_length,
		test_repair_keeps_valid_text_unchanged,
		test_repair_keeps_nul_bytes,
		test_overlong_slash_is_replaced,
		test_surrogate_is_replaced,
		test_above_max_code_point_is_replaced,
		test_bytes_that_never_start_a_sequence_are_replaced,
		test_lone_continuation_bytes_are_each_replaced,
		test_truncated_sequence_is_one_replacement,
		test_truncated_sequence_at_end_is_replaced,
		test_repair_appends_to_the_buffer,
		test_repair_of_nothing_gives_an_empty_string,
		test_repair_of_huge_ascii_is_a_copy,
		test_repair_of_random_bytes_is_valid,
		test_decode_reads_one_code_point,
		test_decode_invalid_consumes_one_byte,
		test_decode_stops_at_len,
		test_encode_round_trips_every_scalar_value,
		test_encode_writes_replacement_for_non_characters,
		test_cut_keeps_short_text_whole,
		test_cut_never_splits_a_sequence,
		test_cut_result_is_valid_for_every_length,
		test_cut_at_stray_continuation_is_a_boundary,
	};
	Suite	*s = suite_create("utf8");
	TCase	*tc = tcase_create("utf8");
	size_t	 i;

	for (i = 0; i < nitems(tests); i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	return s;
}
