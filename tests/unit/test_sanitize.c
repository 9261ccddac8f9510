/*
 * test_sanitize.c: the sanitizing routine that stands between hostile case
 * text and the screen: controls made visible, bidi and invisible
 * characters named, bad bytes replaced, widths measured, cells fitted; and
 * the same promises held over the Big List of Naughty Strings and random
 * bytes.
 */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "sanitize.h"
#include "util.h"
#include "testutil.h"

static void
setup(void)
{
	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
}

/* Sanitize a NUL-free literal and compare with the expected text/width. */
static void
check_san(const char *in, int flags, const char *want, size_t want_w)
{
	struct buf	b = BUF_INIT;
	size_t		w;

	w = sanitize(in, strlen(in), flags, &b);
	ck_assert_str_eq(b.data, want);
	ck_assert_uint_eq(w, want_w);
	ck_assert_uint_eq(sanitize_width(in, strlen(in), flags), want_w);
	buf_free(&b);
}

static void
check_fit(const char *in, int flags, size_t cols, const char *want,
    size_t want_w)
{
	struct buf	b = BUF_INIT;
	size_t		w;

	w = sanitize_fit(in, strlen(in), flags, cols, &b);
	ck_assert_str_eq(b.data, want);
	ck_assert_uint_eq(w, want_w);
	buf_free(&b);
}

/* Code points the output must never hold, whatever the input. */
static bool
forbidden(wchar_t wc)
{
	uint32_t	c = (uint32_t)wc;

	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD ||
	    c == 0x61C || (c >= 0x200B && c <= 0x200F) ||
	    (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
	    c == 0xFEFF;
}

/*
 * Check the module's promises on output text, decoding it with the C
 * library rather than with core/utf8: valid UTF-8, nothing forbidden, no
 * leading combining mark, and a width equal to the sum of wcwidth().
 * Plain ifs keep the inner loops free of Check's per-assertion cost.
 */
static void
check_promises(const char *what, const char *out, size_t len, size_t width)
{
	mbstate_t	ps;
	wchar_t		wc;
	size_t		i = 0, n, sum = 0;
	int		w;

	memset(&ps, 0, sizeof ps);
	while (i < len) {
		n = mbrtowc(&wc, out + i, len - i, &ps);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			ck_abort_msg("%s: bad UTF-8 or NUL at %zu", what, i);
		if (forbidden(wc))
			ck_abort_msg("%s: U+%04X in output", what,
			    (unsigned)wc);
		w = wcwidth(wc);
		if (w < 0)
			ck_abort_msg("%s: unknown width U+%04X", what,
			    (unsigned)wc);
		if (i == 0 && w == 0)
			ck_abort_msg("%s: leading mark U+%04X", what,
			    (unsigned)wc);
		sum += (size_t)w;
		i += n;
	}
	if (sum != width)
		ck_abort_msg("%s: width %zu, wcwidth sum %zu", what, width,
		    sum);
}

/* All promises, plus fitting and idempotence, for one input. */
static void
check_all(const char *what, const char *s, size_t len)
{
	static const int	 flagsets[] = {
		0, SANITIZE_ONELINE, SANITIZE_ASCII,
		SANITIZE_ONELINE | SANITIZE_ASCII
	};
	static const size_t	 colsets[] = { 1, 2, 3, 7, 20 };
	struct buf		 b = BUF_INIT, again = BUF_INIT;
	size_t			 i, j, w, fw, el;
	int			 fl;

	for (i = 0; i < nitems(flagsets); i++) {
		fl = flagsets[i];
		buf_clear(&b);
		w = sanitize(s, len, fl, &b);
		check_promises(what, b.data, b.len, w);
		if (sanitize_width(s, len, fl) != w)
			ck_abort_msg("%s: sanitize_width differs", what);
		for (j = 0; (fl & SANITIZE_ASCII) && j < b.len; j++) {
			if ((unsigned char)b.data[j] >= 0x7F)
				ck_abort_msg("%s: non-ASCII output", what);
		}

		buf_clear(&again);
		if (sanitize(b.data, b.len, fl, &again) != w ||
		    again.len != b.len ||
		    memcmp(again.data, b.data, b.len) != 0)
			ck_abort_msg("%s: not idempotent", what);
		if (fl == 0 && !sanitize_is_clean(b.data, b.len))
			ck_abort_msg("%s: output not clean", what);

		for (j = 0; j < nitems(colsets); j++) {
			buf_clear(&again);
			fw = sanitize_fit(s, len, fl, colsets[j], &again);
			if (fw > colsets[j])
				ck_abort_msg("%s: fit to %zu gave %zu", what,
				    colsets[j], fw);
			check_promises(what, again.data, again.len, fw);
			if (w <= colsets[j]) {
				if (strcmp(again.data, b.data) != 0)
					ck_abort_msg("%s: fit changed text",
					    what);
				continue;
			}
			/* A cut is a prefix of the whole, then the ellipsis. */
			el = (fl & SANITIZE_ASCII) ? 1 : 3;
			if (again.len < el ||
			    memcmp(again.data, b.data, again.len - el) != 0 ||
			    strcmp(again.data + again.len - el,
			    el == 1 ? "~" : "\xe2\x80\xa6") != 0)
				ck_abort_msg("%s: bad cut to %zu", what,
				    colsets[j]);
		}
	}
	buf_free(&again);
	buf_free(&b);
}

START_TEST(test_escape_sequence_shown_in_caret_form)
{
	check_san("\x1b[31mred\x1b]0;title\x07", 0,
	    "^[[31mred^[]0;title^G", 21);
}
END_TEST

START_TEST(test_carriage_return_and_backspace_in_caret_form)
{
	check_san("admin\rroot\b\bx", 0, "admin^Mroot^H^Hx", 16);
}
END_TEST

START_TEST(test_delete_shown_as_caret_question_mark)
{
	check_san("a\x7f", 0, "a^?", 3);
}
END_TEST

START_TEST(test_nul_byte_shown_as_caret_at)
{
	struct buf	b = BUF_INIT;

	ck_assert_uint_eq(sanitize("a\0b", 3, 0, &b), 4);
	ck_assert_str_eq(b.data, "a^@b");
	buf_free(&b);
}
END_TEST

START_TEST(test_tab_and_newline_in_caret_form_by_default)
{
	check_san("a\tb\r\nc", 0, "a^Ib^M^Jc", 9);
}
END_TEST

START_TEST(test_oneline_shows_tab_as_space_and_line_end_as_marker)
{
	check_san("a\tb\nc\r\nd", SANITIZE_ONELINE,
	    "a b\xe2\x8f\x8e" "c\xe2\x8f\x8e" "d", 7);
}
END_TEST

START_TEST(test_oneline_keeps_lone_carriage_return_visible)
{
	check_san("a\rb", SANITIZE_ONELINE, "a^Mb", 4);
}
END_TEST

START_TEST(test_c1_control_shown_as_code_point)
{
	check_san("a\xc2\x9b" "31m\xc2\x85", 0, "a<U+009B>31m<U+0085>", 20);
}
END_TEST

START_TEST(test_bidi_override_shown_as_code_point)
{
	check_san("user\xe2\x80\xaegnp.exe", 0, "user<U+202E>gnp.exe", 19);
}
END_TEST

START_TEST(test_bidi_isolates_and_marks_shown_as_code_point)
{
	check_san("\xe2\x81\xa6x\xe2\x81\xa9\xd8\x9c\xe2\x80\x8f", 0,
	    "<U+2066>x<U+2069><U+061C><U+200F>", 33);
}
END_TEST

START_TEST(test_zero_width_space_shown_as_code_point)
{
	check_san("ad\xe2\x80\x8bmin", 0, "ad<U+200B>min", 13);
}
END_TEST

START_TEST(test_byte_order_mark_shown_as_code_point)
{
	check_san("\xef\xbb\xbfname", 0, "<U+FEFF>name", 12);
}
END_TEST

START_TEST(test_line_separator_and_soft_hyphen_shown_as_code_point)
{
	check_san("a\xe2\x80\xa8" "b\xc2\xad", SANITIZE_ONELINE,
	    "a<U+2028>b<U+00AD>", 18);
}
END_TEST

START_TEST(test_blank_looking_hangul_filler_shown_as_code_point)
{
	check_san("\xe3\x85\xa4", 0, "<U+3164>", 8);
}
END_TEST

START_TEST(test_tag_character_shown_with_five_digits)
{
	check_san("x\xf3\xa0\x81\xa7", 0, "x<U+E0067>", 10);
}
END_TEST

START_TEST(test_unassigned_code_point_shown_as_code_point)
{
	check_san("\xcd\xb8\xf4\x8f\xbf\xbf", 0, "<U+0378><U+10FFFF>", 18);
}
END_TEST

START_TEST(test_invalid_bytes_become_replacement_characters)
{
	check_san("a\xff" "b\xc3", 0, "a\xef\xbf\xbd" "b\xef\xbf\xbd", 4);
	check_san("\xed\xa0\x80", 0,
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 3);
}
END_TEST

START_TEST(test_replacement_character_in_text_is_kept)
{
	check_san("\xef\xbf\xbd", 0, "\xef\xbf\xbd", 1);
	ck_assert(sanitize_is_clean("\xef\xbf\xbd", 3));
}
END_TEST

START_TEST(test_cjk_characters_are_two_columns)
{
	check_san("\xe4\xb8\xad\xe6\x96\x87", 0, "\xe4\xb8\xad\xe6\x96\x87", 4);
}
END_TEST

START_TEST(test_emoji_is_two_columns)
{
	check_san("\xf0\x9f\x98\x80!", 0, "\xf0\x9f\x98\x80!", 3);
}
END_TEST

START_TEST(test_combining_mark_attached_has_no_width)
{
	check_san("e\xcc\x81\xcc\x82x", 0, "e\xcc\x81\xcc\x82x", 2);
}
END_TEST

START_TEST(test_leading_combining_mark_shown_as_code_point)
{
	check_san("\xcc\x81" "a", 0, "<U+0301>a", 9);
}
END_TEST

START_TEST(test_combining_mark_after_marker_shown_as_code_point)
{
	check_san("\x1b\xcc\x81", 0, "^[<U+0301>", 10);
}
END_TEST

START_TEST(test_output_is_appended_to_the_buffer)
{
	struct buf	b = BUF_INIT;

	buf_adds(&b, "[");
	ck_assert_uint_eq(sanitize("\r", 1, 0, &b), 2);
	ck_assert_str_eq(b.data, "[^M");
	buf_free(&b);
}
END_TEST

START_TEST(test_empty_input_gives_empty_string)
{
	struct buf	b = BUF_INIT;

	ck_assert_uint_eq(sanitize("", 0, 0, &b), 0);
	ck_assert_ptr_nonnull(b.data);
	ck_assert_str_eq(b.data, "");
	buf_free(&b);
}
END_TEST

START_TEST(test_fit_leaves_text_that_fits_alone)
{
	check_fit("abc", 0, 3, "abc", 3);
	check_fit("\xe4\xb8\xad\xe6\x96\x87", 0, 4,
	    "\xe4\xb8\xad\xe6\x96\x87", 4);
}
END_TEST

START_TEST(test_fit_cuts_with_ellipsis)
{
	check_fit("abcdef", 0, 4, "abc\xe2\x80\xa6", 4);
}
END_TEST

START_TEST(test_fit_never_splits_wide_character_at_boundary)
{
	check_fit("ab\xe4\xb8\xad\xe6\x96\x87", 0, 4, "ab\xe2\x80\xa6", 3);
	check_fit("a\xe4\xb8\xad\xe6\x96\x87", 0, 4,
	    "a\xe4\xb8\xad\xe2\x80\xa6", 4);
}
END_TEST

START_TEST(test_fit_pads_to_exact_width)
{
	check_fit("ab\xe4\xb8\xad\xe6\x96\x87", SANITIZE_PAD, 4,
	    "ab\xe2\x80\xa6 ", 4);
	check_fit("ab", SANITIZE_PAD, 5, "ab   ", 5);
}
END_TEST

START_TEST(test_fit_keeps_combining_marks_with_their_base)
{
	check_fit("ae\xcc\x81\xcc\x82" "bcd", 0, 3,
	    "ae\xcc\x81\xcc\x82\xe2\x80\xa6", 3);
}
END_TEST

START_TEST(test_fit_never_splits_a_marker)
{
	check_fit("\x1b" "abc", 0, 2, "\xe2\x80\xa6", 1);
	check_fit("x\xe2\x80\xae" "abc", 0, 8, "x\xe2\x80\xa6", 2);
}
END_TEST

START_TEST(test_fit_to_zero_columns_is_empty)
{
	check_fit("abc", SANITIZE_PAD, 0, "", 0);
}
END_TEST

START_TEST(test_fit_to_one_column_is_the_ellipsis)
{
	check_fit("ab", 0, 1, "\xe2\x80\xa6", 1);
}
END_TEST

START_TEST(test_fit_in_ascii_mode_uses_tilde)
{
	check_fit("abcdef", SANITIZE_ASCII, 4, "abc~", 4);
}
END_TEST

START_TEST(test_cut_reports_input_bytes_used)
{
	struct buf	b = BUF_INIT;
	const char	*s = "ab\xe4\xb8\xad" "cd";
	size_t		used, w;

	w = sanitize_cut(s, strlen(s), 0, 3, &b, &used);
	ck_assert_str_eq(b.data, "ab");
	ck_assert_uint_eq(w, 2);
	ck_assert_uint_eq(used, 2);

	buf_clear(&b);
	w = sanitize_cut(s + used, strlen(s) - used, 0, 3, &b, &used);
	ck_assert_str_eq(b.data, "\xe4\xb8\xad" "c");
	ck_assert_uint_eq(w, 3);
	ck_assert_uint_eq(used, 4);
	buf_free(&b);
}
END_TEST

START_TEST(test_cut_keeps_trailing_marks)
{
	struct buf	b = BUF_INIT;
	size_t		used;

	ck_assert_uint_eq(sanitize_cut("ae\xcc\x81" "b", 5, 0, 2, &b, &used),
	    2);
	ck_assert_str_eq(b.data, "ae\xcc\x81");
	ck_assert_uint_eq(used, 4);
	buf_free(&b);
}
END_TEST

START_TEST(test_ascii_mode_names_every_non_ascii_character)
{
	check_san("caf\xc3\xa9 \xd0\xb0\xff", SANITIZE_ASCII,
	    "caf<U+00E9> <U+0430><U+FFFD>", 28);
}
END_TEST

START_TEST(test_ascii_mode_oneline_line_end_is_caret_j)
{
	check_san("a\r\nb", SANITIZE_ASCII | SANITIZE_ONELINE, "a^Jb", 4);
}
END_TEST

START_TEST(test_non_utf8_locale_names_non_ascii_characters)
{
	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C"));
	check_san("caf\xc3\xa9", 0, "caf<U+00E9>", 11);
}
END_TEST

START_TEST(test_is_clean_accepts_printable_text)
{
	ck_assert(sanitize_is_clean("", 0));
	ck_assert(sanitize_is_clean("plain ascii", 11));
	ck_assert(sanitize_is_clean("caf\xc3\xa9", 5));
	ck_assert(sanitize_is_clean("\xe4\xb8\xad", 3));
	ck_assert(sanitize_is_clean("e\xcc\x81", 3));
}
END_TEST

START_TEST(test_is_clean_rejects_what_sanitize_changes)
{
	ck_assert(!sanitize_is_clean("a\x1b", 2));
	ck_assert(!sanitize_is_clean("a\x7f", 2));
	ck_assert(!sanitize_is_clean("a\tb", 3));
	ck_assert(!sanitize_is_clean("\xe2\x80\xae", 3));
	ck_assert(!sanitize_is_clean("\xc2\x9b", 2));
	ck_assert(!sanitize_is_clean("a\xff", 2));
	ck_assert(!sanitize_is_clean("\xcc\x81", 2));
	ck_assert(!sanitize_is_clean("\xcd\xb8", 2));
}
END_TEST

START_TEST(test_line_splits_at_lf_and_crlf)
{
	const char	*s = "one\r\ntwo\nthree";
	size_t		 len = strlen(s), next, n;

	n = sanitize_line(s, len, &next);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(next, 5);
	n = sanitize_line(s + 5, len - 5, &next);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(next, 4);
	n = sanitize_line(s + 9, len - 9, &next);
	ck_assert_uint_eq(n, 5);
	ck_assert_uint_eq(next, 5);
}
END_TEST

START_TEST(test_naughty_strings_keep_every_promise)
{
	char	*path, *text, *p, *end, *nl, what[64];
	size_t	 len, line = 0;

	path = tu_data("badinput/naughty/blns.txt");
	if (path == NULL)
		return;
	text = tu_slurp(path, &len);
	ck_assert_ptr_nonnull(text);
	for (p = text, end = text + len; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		line++;
		snprintf(what, sizeof what, "blns.txt:%zu", line);
		check_all(what, p, (size_t)(nl - p));
	}
	ck_assert_uint_gt(line, 500);
	check_all("blns.txt", text, len);
	free(text);
	free(path);
}
END_TEST

START_TEST(test_random_bytes_keep_every_promise)
{
	char		s[48], what[32];
	uint32_t	x = 0x2545F491;
	size_t		i, n;
	int		round;

	for (round = 0; round < 3000; round++) {
		n = (size_t)round % sizeof s;
		for (i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			/* Lean towards lead and continuation bytes. */
			s[i] = (char)((x & 0x100) ? (x & 0xFF) : 0x80 | (x & 0x7F));
		}
		snprintf(what, sizeof what, "random round %d", round);
		check_all(what, s, n);
	}
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("sanitize");
	TCase	*tc;

	tc = tcase_create("controls");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_escape_sequence_shown_in_caret_form);
	tcase_add_test(tc, test_carriage_return_and_backspace_in_caret_form);
	tcase_add_test(tc, test_delete_shown_as_caret_question_mark);
	tcase_add_test(tc, test_nul_byte_shown_as_caret_at);
	tcase_add_test(tc, test_tab_and_newline_in_caret_form_by_default);
	tcase_add_test(tc, test_oneline_shows_tab_as_space_and_line_end_as_marker);
	tcase_add_test(tc, test_oneline_keeps_lone_carriage_return_visible);
	tcase_add_test(tc, test_c1_control_shown_as_code_point);
	suite_add_tcase(s, tc);

	tc = tcase_create("invisible");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_bidi_override_shown_as_code_point);
	tcase_add_test(tc, test_bidi_isolates_and_marks_shown_as_code_point);
	tcase_add_test(tc, test_zero_width_space_shown_as_code_point);
	tcase_add_test(tc, test_byte_order_mark_shown_as_code_point);
	tcase_add_test(tc,
	    test_line_separator_and_soft_hyphen_shown_as_code_point);
	tcase_add_test(tc, test_blank_looking_hangul_filler_shown_as_code_point);
	tcase_add_test(tc, test_tag_character_shown_with_five_digits);
	tcase_add_test(tc, test_unassigned_code_point_shown_as_code_point);
	suite_add_tcase(s, tc);

	tc = tcase_create("encoding and width");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_invalid_bytes_become_replacement_characters);
	tcase_add_test(tc, test_replacement_character_in_text_is_kept);
	tcase_add_test(tc, test_cjk_characters_are_two_columns);
	tcase_add_test(tc, test_emoji_is_two_columns);
	tcase_add_test(tc, test_combining_mark_attached_has_no_width);
	tcase_add_test(tc, test_leading_combining_mark_shown_as_code_point);
	tcase_add_test(tc, test_combining_mark_after_marker_shown_as_code_point);
	tcase_add_test(tc, test_output_is_appended_to_the_buffer);
	tcase_add_test(tc, test_empty_input_gives_empty_string);
	suite_add_tcase(s, tc);

	tc = tcase_create("fit and cut");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_fit_leaves_text_that_fits_alone);
	tcase_add_test(tc, test_fit_cuts_with_ellipsis);
	tcase_add_test(tc, test_fit_never_splits_wide_character_at_boundary);
	tcase_add_test(tc, test_fit_pads_to_exact_width);
	tcase_add_test(tc, test_fit_keeps_combining_marks_with_their_base);
	tcase_add_test(tc, test_fit_never_splits_a_marker);
	tcase_add_test(tc, test_fit_to_zero_columns_is_empty);
	tcase_add_test(tc, test_fit_to_one_column_is_the_ellipsis);
	tcase_add_test(tc, test_fit_in_ascii_mode_uses_tilde);
	tcase_add_test(tc, test_cut_reports_input_bytes_used);
	tcase_add_test(tc, test_cut_keeps_trailing_marks);
	suite_add_tcase(s, tc);

	tc = tcase_create("modes and helpers");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_ascii_mode_names_every_non_ascii_character);
	tcase_add_test(tc, test_ascii_mode_oneline_line_end_is_caret_j);
	tcase_add_test(tc, test_non_utf8_locale_names_non_ascii_characters);
	tcase_add_test(tc, test_is_clean_accepts_printable_text);
	tcase_add_test(tc, test_is_clean_rejects_what_sanitize_changes);
	tcase_add_test(tc, test_line_splits_at_lf_and_crlf);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile input");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_naughty_strings_keep_every_promise);
	tcase_add_test(tc, test_random_bytes_keep_every_promise);
	suite_add_tcase(s, tc);

	return s;
}
