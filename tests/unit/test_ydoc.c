/*
 * test_ydoc.c: the strict YAML reader on its own: the tree a good text
 * makes, each refusal with its FILE:LINE:COL: message, and the getters.
 */
#include "config.h"
#include "testutil.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "ydoc.h"

static const struct ydoc_rules rules = {
	.kind = "test",
	.expect = "a mapping",
	.max_bytes = 4096,
	.max_depth = 4,
};

static struct ydoc *
read_n(const char *text, size_t len, char **cause)
{
	*cause = NULL;
	return ydoc_read(text, len, "y.yaml", &rules, cause);
}

static struct ydoc *
read_ok(const char *text)
{
	struct ydoc	*doc;
	char		*cause;

	doc = read_n(text, strlen(text), &cause);
	ck_assert_msg(doc != NULL, "ydoc_read: %s", cause);
	return doc;
}

/* Reading fails with exactly want. */
static void
read_fails_n(const char *text, size_t len, const char *want)
{
	struct ydoc	*doc;
	char		*cause;

	doc = read_n(text, len, &cause);
	ck_assert_ptr_null(doc);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, want);
	free(cause);
}

static void
read_fails(const char *text, const char *want)
{
	read_fails_n(text, strlen(text), want);
}

/* Run call, a getter on v, the value under key "v" of gdoc. */
#define GETTER_FAILS(text, call, want) do {				\
	char			*cause_ = NULL;				\
	struct ydoc		*gdoc = ydoc_read(text, strlen(text),	\
				     "y.yaml", &rules, &cause_);	\
	const struct ydoc_node	*v;					\
									\
	ck_assert_msg(gdoc != NULL, "%s", cause_);			\
	v = ydoc_get(gdoc->root, "v");					\
	ck_assert_ptr_nonnull(v);					\
	ck_assert_int_eq((call), -1);					\
	ck_assert_str_eq(cause_, want);					\
	free(cause_);							\
	ydoc_free(gdoc);							\
} while (0)

/* ---- the tree -------------------------------------------------------- */

START_TEST(tree_holds_maps_lists_and_scalars_with_places)
{
	struct ydoc		*doc = read_ok("a: 1\nb:\n  - x\n  - 'y'\n"
				    "c: |\n  t\tu\n");
	const struct ydoc_node	*r = doc->root, *b;

	ck_assert_int_eq(r->type, YDOC_MAP);
	ck_assert_uint_eq(r->nkids, 6);
	ck_assert_str_eq(r->kids[0]->value, "a");
	ck_assert_int_eq(r->kids[1]->pos.line, 1);
	ck_assert_int_eq(r->kids[1]->pos.col, 4);
	b = ydoc_get(r, "b");
	ck_assert_int_eq(b->type, YDOC_LIST);
	ck_assert_uint_eq(b->nkids, 2);
	ck_assert(b->kids[0]->plain);
	ck_assert(!b->kids[1]->plain);
	ck_assert_int_eq(b->kids[1]->pos.line, 4);
	ck_assert_int_eq(b->kids[1]->pos.col, 5);
	ck_assert(ydoc_get(r, "c")->block);
	ck_assert_str_eq(ydoc_get(r, "c")->value, "t\tu\n");
	ck_assert_ptr_null(ydoc_get(r, "d"));
	ck_assert_str_eq(doc->file, "y.yaml");
	ydoc_free(doc);
}
END_TEST

START_TEST(nodes_know_their_bytes_and_style)
{
	static const char	 text[] = "a: {k: v}\nb:\n  - x\n";
	struct ydoc		*doc = read_ok(text);
	const struct ydoc_node	*a = ydoc_get(doc->root, "a");
	const struct ydoc_node	*b = ydoc_get(doc->root, "b");

	ck_assert(a->flow);
	ck_assert(!b->flow);
	ck_assert_uint_eq(a->start, 3);
	ck_assert_uint_eq(a->end, 9);
	ck_assert_uint_eq(b->kids[0]->start, 17);
	ck_assert_uint_eq(b->kids[0]->end, 18);
	ydoc_free(doc);
}
END_TEST

START_TEST(columns_count_characters_not_bytes)
{
	struct ydoc	*doc = read_ok("\xc3\xa9t\xc3\xa9: [a, b]\n");

	ck_assert_int_eq(doc->root->kids[1]->pos.col, 6);
	ydoc_free(doc);
}
END_TEST

/* ---- refusals ---------------------------------------------------------- */

START_TEST(text_over_the_size_cap_is_refused)
{
	char	*text = xmalloc(4097);

	memset(text, '#', 4097);
	read_fails_n(text, 4097, "y.yaml:1:1: the file is larger than 4096 "
	    "bytes, the limit for test files");
	free(text);
}
END_TEST

START_TEST(invalid_utf8_is_refused_where_it_is)
{
	read_fails("a: 1\nb: x\xff\n", "y.yaml:2:5: invalid UTF-8 (byte 0xFF); "
	    "test files are UTF-8 text");
}
END_TEST

START_TEST(nul_byte_is_refused_where_it_is)
{
	static const char	text[] = "a: 1\nb: x\0\n";

	read_fails_n(text, sizeof text - 1, "y.yaml:2:5: NUL byte; test files "
	    "are text");
}
END_TEST

START_TEST(control_character_is_refused_where_it_is)
{
	read_fails("a: 1\n\x1b\n", "y.yaml:2:1: control character U+001B is "
	    "not allowed");
	read_fails("a: \xc2\x85\n", "y.yaml:1:4: control character U+0085 is "
	    "not allowed");
}
END_TEST

START_TEST(unicode_line_separator_is_refused)
{
	read_fails("a: x\xe2\x80\xa8y\n", "y.yaml:1:5: character U+2028 is not "
	    "allowed");
}
END_TEST

START_TEST(lone_cr_counts_as_a_line_break)
{
	read_fails("a: 1\rb: \x01\n", "y.yaml:2:4: control character U+0001 "
	    "is not allowed");
}
END_TEST

START_TEST(escaped_control_characters_are_refused)
{
	read_fails("a: \"x\\0y\"\n", "y.yaml:1:4: NUL character in a scalar");
	read_fails("a: \"x\\ey\"\n", "y.yaml:1:4: control character U+001B in "
	    "a scalar");
}
END_TEST

START_TEST(tabs_and_line_breaks_belong_in_block_scalars)
{
	read_fails("a: x\ty\n", "y.yaml:1:4: tab in a scalar; tabs and line "
	    "breaks belong in block scalars (| or >)");
	read_fails("a: \"x\\ny\"\n", "y.yaml:1:4: line break in a scalar; tabs "
	    "and line breaks belong in block scalars (| or >)");
	ydoc_free(read_ok("a: >\n  x\ty\n"));
}
END_TEST

START_TEST(anchors_and_aliases_are_refused)
{
	read_fails("a: &x 1\n", "y.yaml:1:4: anchors and aliases are not "
	    "allowed in test files");
	read_fails("a: 1\nb: *x\n", "y.yaml:2:4: anchors and aliases are not "
	    "allowed in test files");
	read_fails("a: &x [1]\n", "y.yaml:1:4: anchors and aliases are not "
	    "allowed in test files");
}
END_TEST

START_TEST(tags_are_refused)
{
	read_fails("a: !!int 1\n", "y.yaml:1:4: YAML tags "
	    "(\"tag:yaml.org,2002:int\") are not allowed in test files; every "
	    "value is read as text");
	read_fails("a: !x {}\n", "y.yaml:1:4: YAML tags (\"!x\") are not "
	    "allowed in test files; every value is read as text");
	read_fails("%TAG !e! tag:example.com,2000:\n---\na: 1\n",
	    "y.yaml:1:1: %TAG directives are not allowed in test files");
}
END_TEST

START_TEST(second_document_is_refused)
{
	read_fails("a: 1\n---\nb: 2\n", "y.yaml:2:1: a test file holds one "
	    "YAML document; found a second");
}
END_TEST

START_TEST(empty_stream_is_refused)
{
	read_fails("", "y.yaml:1:1: the file holds no test (expected a "
	    "mapping)");
	read_fails("# only a comment\n", "y.yaml:1:1: the file holds no test "
	    "(expected a mapping)");
}
END_TEST

START_TEST(nesting_deeper_than_the_cap_is_refused)
{
	read_fails("a: [[[[1]]]]\n", "y.yaml:1:7: nesting deeper than 4 "
	    "levels");
	ydoc_free(read_ok("a: [[[1]]]\n"));
}
END_TEST

START_TEST(keys_must_be_scalars)
{
	read_fails("? [a]\n: 1\n", "y.yaml:1:3: a key must be a scalar, not a "
	    "list");
	read_fails("{a: 1}: 2\n", "y.yaml:1:1: a key must be a scalar, not a "
	    "mapping");
}
END_TEST

START_TEST(duplicate_key_names_the_first)
{
	read_fails("a: 1\nb: 2\na: 3\n", "y.yaml:3:1: duplicate key \"a\" "
	    "(first at 1:1)");
	read_fails("x: {k: 1, j: 2, k: 3, j: 4}\n", "y.yaml:1:17: duplicate key "
	    "\"k\" (first at 1:5)");
}
END_TEST

START_TEST(syntax_error_carries_libyaml_position)
{
	read_fails("a: [1, 2\n", "y.yaml:2:1: did not find expected ',' or "
	    "']' (while parsing a flow sequence at 1:4)");
}
END_TEST

START_TEST(long_message_is_cut)
{
	struct buf	 b = BUF_INIT;
	struct ydoc	*doc;
	char		*cause = NULL;
	size_t		 i;

	buf_adds(&b, "a: 1\n");
	for (i = 0; i < 1000; i++)
		buf_addc(&b, 'k');
	buf_adds(&b, ": 1\n");
	doc = read_n(b.data, b.len, &cause);
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(ydoc_check_keys(doc, doc->root,
	    (const char *const[]){ "a" }, 1), -1);
	ck_assert_uint_eq(strlen(cause), strlen("y.yaml:2:1: ") +
	    YDOC_MAX_MESSAGE);
	ck_assert_str_eq(cause + strlen(cause) - 3, "...");
	free(cause);
	ydoc_free(doc);
	buf_free(&b);
}
END_TEST

/* ---- complaints and getters ------------------------------------------ */

static const char *const words[] = { "pivot", "where", "limit" };

START_TEST(nearest_allows_one_edit_for_short_words)
{
	static const char *const w[] = { "fg", "bg", "dim" };

	ck_assert_str_eq(ydoc_nearest("pivto", words, 3), "pivot");
	ck_assert_str_eq(ydoc_nearest("whre", words, 3), "where");
	ck_assert_str_eq(ydoc_nearest("dmi", w, 3), "dim");
	ck_assert_ptr_null(ydoc_nearest("xyz", w, 3));
	ck_assert_ptr_null(ydoc_nearest("zzzzzz", words, 3));
}
END_TEST

START_TEST(unknown_key_suggests_or_lists)
{
	GETTER_FAILS("v: {pivto: 1}\n",
	    ydoc_check_keys(gdoc, v, words, 3),
	    "y.yaml:1:5: unknown key \"pivto\"; did you mean \"pivot\"?");
	GETTER_FAILS("v: {zzzzzz: 1}\n",
	    ydoc_check_keys(gdoc, v, words, 3),
	    "y.yaml:1:5: unknown key \"zzzzzz\"; expected one of: pivot, "
	    "where, limit");
}
END_TEST

START_TEST(require_names_the_missing_key)
{
	const struct ydoc_node	*out;

	GETTER_FAILS("v: {a: 1}\n", ydoc_require(gdoc, "v", v, "b", &out),
	    "y.yaml:1:4: v: missing required key \"b\"");
	GETTER_FAILS("v: {a: 1}\n", ydoc_require(gdoc, NULL, v, "b", &out),
	    "y.yaml:1:4: missing required key \"b\"");
}
END_TEST

START_TEST(want_names_what_was_found)
{
	GETTER_FAILS("v: [1]\n", ydoc_want(gdoc, "v", v, YDOC_MAP),
	    "y.yaml:1:4: v: expected a mapping, found a list");
	GETTER_FAILS("v:\n", ydoc_want(gdoc, "v", v, YDOC_LIST),
	    "y.yaml:1:3: v: expected a list, found nothing");
}
END_TEST

START_TEST(scalar_refuses_collections_and_null)
{
	const char	*s;

	GETTER_FAILS("v: [1]\n", ydoc_scalar(gdoc, "v", v, &s),
	    "y.yaml:1:4: v: expected a scalar, found a list");
	GETTER_FAILS("v: ~\n", ydoc_scalar(gdoc, "v", v, &s),
	    "y.yaml:1:4: v: expected a value, found nothing");
}
END_TEST

START_TEST(quoted_null_is_a_string)
{
	struct ydoc	*doc = read_ok("v: 'null'\nw: Null\n");
	char		*s = NULL;

	ck_assert_int_eq(ydoc_string(doc, "v", ydoc_get(doc->root, "v"), &s),
	    0);
	ck_assert_str_eq(s, "null");
	ck_assert(ydoc_is_null(ydoc_get(doc->root, "w")));
	free(s);
	ydoc_free(doc);
}
END_TEST

START_TEST(bool_is_true_or_false_unquoted)
{
	struct ydoc	*doc = read_ok("a: true\nb: FALSE\n");
	bool		 b = false;

	ck_assert_int_eq(ydoc_bool(doc, "a", ydoc_get(doc->root, "a"), &b), 0);
	ck_assert(b);
	ck_assert_int_eq(ydoc_bool(doc, "b", ydoc_get(doc->root, "b"), &b), 0);
	ck_assert(!b);
	ydoc_free(doc);
	GETTER_FAILS("v: yes\n", ydoc_bool(gdoc, "v", v, &b),
	    "y.yaml:1:4: v: expected true or false, found \"yes\"");
	GETTER_FAILS("v: 'true'\n", ydoc_bool(gdoc, "v", v, &b),
	    "y.yaml:1:4: v: expected true or false, found \"true\"");
}
END_TEST

START_TEST(int_checks_form_and_range)
{
	struct ydoc	*doc = read_ok("a: -12\n");
	int64_t		 i = 0;

	ck_assert_int_eq(ydoc_int(doc, "a", ydoc_get(doc->root, "a"), -20, 20,
	    &i), 0);
	ck_assert_int_eq(i, -12);
	ydoc_free(doc);
	GETTER_FAILS("v: 9\n", ydoc_int(gdoc, "v", v, 1, 5, &i),
	    "y.yaml:1:4: v: expected a whole number from 1 to 5, found \"9\"");
	GETTER_FAILS("v: 1.5\n", ydoc_int(gdoc, "v", v, 1, INT64_MAX, &i),
	    "y.yaml:1:4: v: expected a whole number of at least 1, found "
	    "\"1.5\"");
	GETTER_FAILS("v: +3\n", ydoc_int(gdoc, "v", v, 1, 5, &i),
	    "y.yaml:1:4: v: expected a whole number from 1 to 5, found \"+3\"");
}
END_TEST

START_TEST(float_checks_form_and_range)
{
	struct ydoc	*doc = read_ok("a: 0.25\n");
	double		 d = 0;

	ck_assert_int_eq(ydoc_float(doc, "a", ydoc_get(doc->root, "a"), 0, 1,
	    &d), 0);
	ck_assert(d == 0.25);
	ydoc_free(doc);
	GETTER_FAILS("v: 1.5\n", ydoc_float(gdoc, "v", v, 0, 1, &d),
	    "y.yaml:1:4: v: expected a number from 0 to 1, found \"1.5\"");
	GETTER_FAILS("v: nan\n", ydoc_float(gdoc, "v", v, 0, 1, &d),
	    "y.yaml:1:4: v: expected a number from 0 to 1, found \"nan\"");
}
END_TEST

START_TEST(choice_gives_the_index_or_a_suggestion)
{
	struct ydoc	*doc = read_ok("a: where\n");
	size_t		 k = 9;

	ck_assert_int_eq(ydoc_choice(doc, "part", ydoc_get(doc->root, "a"),
	    words, 3, &k), 0);
	ck_assert_uint_eq(k, 1);
	ydoc_free(doc);
	GETTER_FAILS("v: limt\n", ydoc_choice(gdoc, "part", v, words, 3, &k),
	    "y.yaml:1:4: unknown part \"limt\"; did you mean \"limit\"?");
}
END_TEST

START_TEST(list_may_take_a_lone_scalar)
{
	struct ydoc	*doc = read_ok("a: x\nb: [x, y]\nc: []\n");
	char		**v = NULL;
	size_t		  nv = 0, i;

	ck_assert_int_eq(ydoc_strings(doc, "a", ydoc_get(doc->root, "a"),
	    YDOC_LIST_SCALAR_OK, &v, &nv), 0);
	ck_assert_int_eq(ydoc_strings(doc, "b", ydoc_get(doc->root, "b"), 0,
	    &v, &nv), 0);
	ck_assert_int_eq(ydoc_strings(doc, "c", ydoc_get(doc->root, "c"),
	    YDOC_LIST_EMPTY_OK, &v, &nv), 0);
	ck_assert_uint_eq(nv, 3);
	ck_assert_str_eq(v[0], "x");
	ck_assert_str_eq(v[2], "y");
	for (i = 0; i < nv; i++)
		free(v[i]);
	free(v);
	ydoc_free(doc);
}
END_TEST

START_TEST(list_refuses_what_its_flags_do_not_allow)
{
	size_t	n;

	GETTER_FAILS("v: x\n", ydoc_list(gdoc, "v", v, 0, &n),
	    "y.yaml:1:4: v: expected a list, found a scalar");
	GETTER_FAILS("v: []\n", ydoc_list(gdoc, "v", v, YDOC_LIST_SCALAR_OK, &n),
	    "y.yaml:1:4: v: expected at least one value");
	GETTER_FAILS("v:\n", ydoc_list(gdoc, "v", v, YDOC_LIST_SCALAR_OK, &n),
	    "y.yaml:1:3: v: expected a list, found nothing");
}
END_TEST

/* ---- files ----------------------------------------------------------- */

START_TEST(slurp_reads_a_file_and_refuses_others)
{
	char	*path = tu_write("s.yaml", "a: 1\n"), *text, *cause = NULL;
	char	*want;
	size_t	 len;

	text = ydoc_slurp(path, &rules, &len, &cause);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(len, 5);
	ck_assert_str_eq(text, "a: 1\n");
	free(text);
	ck_assert_ptr_null(ydoc_slurp(tu_tmpdir(), &rules, &len, &cause));
	want = xasprintf("%s: is a directory", tu_tmpdir());
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
	free(path);
}
END_TEST

START_TEST(slurp_refuses_a_file_over_the_cap)
{
	char	*big = xmalloc(5000), *path, *cause = NULL, *want;
	size_t	 len;

	memset(big, '#', 4999);
	big[4999] = '\0';
	path = tu_write("big.yaml", big);
	ck_assert_ptr_null(ydoc_slurp(path, &rules, &len, &cause));
	want = xasprintf("%s:1:1: the file is larger than 4096 bytes, the "
	    "limit for test files", path);
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
	free(path);
	free(big);
}
END_TEST

/* Each hostile document of the YAML test suite fails with a place, or
 * reads; none crashes or leaks (under the sanitizers). */
START_TEST(every_yaml_error_case_reads_or_fails_with_a_place)
{
	static const struct ydoc_rules	 wide = {
		.kind = "test", .expect = "anything",
		.max_bytes = 1 << 20, .max_depth = 64,
	};
	char				*dir = tu_data("badinput/yaml-errors");
	char				*path, *cause, *text, *prefix;
	DIR				*d;
	struct dirent			*de;
	struct ydoc			*doc;
	size_t				 ncases = 0, len;

	if (dir == NULL)
		return;
	ck_assert_ptr_nonnull(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		path = xasprintf("%s/%s/in.yaml", dir, de->d_name);
		if (de->d_name[0] == '.' || access(path, R_OK) != 0) {
			free(path);
			continue;
		}
		ncases++;
		cause = NULL;
		text = ydoc_slurp(path, &wide, &len, &cause);
		ck_assert_msg(text != NULL, "%s: %s", de->d_name, cause);
		doc = ydoc_read(text, len, path, &wide, &cause);
		if (doc == NULL) {
			prefix = xasprintf("%s:", path);
			ck_assert_msg(cause != NULL && strncmp(cause, prefix,
			    strlen(prefix)) == 0 && cause[strlen(prefix)] >= '1' &&
			    cause[strlen(prefix)] <= '9', "%s: bad message "
			    "\"%s\"", de->d_name, cause != NULL ? cause :
			    "(none)");
			free(prefix);
		} else
			ck_assert_ptr_nonnull(doc->root);
		ydoc_free(doc);
		free(cause);
		free(text);
		free(path);
	}
	closedir(d);
	ck_assert_uint_eq(ncases, 94);
	free(dir);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("ydoc");
	TCase	*tree = tcase_create("tree");
	TCase	*bad = tcase_create("refuse");
	TCase	*get = tcase_create("getters");
	TCase	*files = tcase_create("files");

	tcase_add_test(tree, tree_holds_maps_lists_and_scalars_with_places);
	tcase_add_test(tree, columns_count_characters_not_bytes);
	tcase_add_test(tree, nodes_know_their_bytes_and_style);
	suite_add_tcase(s, tree);

	tcase_add_test(bad, text_over_the_size_cap_is_refused);
	tcase_add_test(bad, invalid_utf8_is_refused_where_it_is);
	tcase_add_test(bad, nul_byte_is_refused_where_it_is);
	tcase_add_test(bad, control_character_is_refused_where_it_is);
	tcase_add_test(bad, unicode_line_separator_is_refused);
	tcase_add_test(bad, lone_cr_counts_as_a_line_break);
	tcase_add_test(bad, escaped_control_characters_are_refused);
	tcase_add_test(bad, tabs_and_line_breaks_belong_in_block_scalars);
	tcase_add_test(bad, anchors_and_aliases_are_refused);
	tcase_add_test(bad, tags_are_refused);
	tcase_add_test(bad, second_document_is_refused);
	tcase_add_test(bad, empty_stream_is_refused);
	tcase_add_test(bad, nesting_deeper_than_the_cap_is_refused);
	tcase_add_test(bad, keys_must_be_scalars);
	tcase_add_test(bad, duplicate_key_names_the_first);
	tcase_add_test(bad, syntax_error_carries_libyaml_position);
	tcase_add_test(bad, long_message_is_cut);
	suite_add_tcase(s, bad);

	tcase_add_test(get, nearest_allows_one_edit_for_short_words);
	tcase_add_test(get, unknown_key_suggests_or_lists);
	tcase_add_test(get, require_names_the_missing_key);
	tcase_add_test(get, want_names_what_was_found);
	tcase_add_test(get, scalar_refuses_collections_and_null);
	tcase_add_test(get, quoted_null_is_a_string);
	tcase_add_test(get, bool_is_true_or_false_unquoted);
	tcase_add_test(get, int_checks_form_and_range);
	tcase_add_test(get, float_checks_form_and_range);
	tcase_add_test(get, choice_gives_the_index_or_a_suggestion);
	tcase_add_test(get, list_may_take_a_lone_scalar);
	tcase_add_test(get, list_refuses_what_its_flags_do_not_allow);
	suite_add_tcase(s, get);

	tcase_add_test(files, slurp_reads_a_file_and_refuses_others);
	tcase_add_test(files, slurp_refuses_a_file_over_the_cap);
	tcase_add_test(files, every_yaml_error_case_reads_or_fails_with_a_place);
	suite_add_tcase(s, files);
	return s;
}
