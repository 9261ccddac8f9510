/*
 * test_mapping.c: loading mapping files, and the place every complaint
 * points at.
 */
#include "config.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "mapping.h"
#include "util.h"

static struct mapping *
parse_ok(const char *text)
{
	char		*cause = NULL;
	struct mapping	*m;

	m = mapping_parse(text, strlen(text), "m.yaml", &cause);
	ck_assert_msg(m != NULL, "mapping_parse: %s", cause);
	return m;
}

static void
parse_fails(const char *text, const char *want)
{
	char		*cause = NULL;
	struct mapping	*m;

	m = mapping_parse(text, strlen(text), "m.yaml", &cause);
	ck_assert_ptr_null(m);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, want) != NULL, "got \"%s\", want \"%s\"",
	    cause, want);
	free(cause);
}

START_TEST(mapping_account_fields_map_to_columns)
{
	struct mapping *m = parse_ok(
	    "account:\n"
	    "  native_id: uid\n"
	    "  handle: screen_name\n"
	    "  created_at: joined\n"
	    "  followers: n_followers\n");

	ck_assert_str_eq(m->account[MAP_NATIVE_ID], "uid");
	ck_assert_str_eq(m->account[MAP_HANDLE], "screen_name");
	ck_assert_str_eq(m->account[MAP_CREATED_AT], "joined");
	ck_assert_str_eq(m->account[MAP_FOLLOWERS], "n_followers");
	ck_assert_ptr_null(m->account[MAP_BIO]);
	ck_assert_ptr_null(m->format);
	ck_assert_int_eq(m->delimiter, ',');
	ck_assert_uint_eq(m->nattrs, 0);
	mapping_free(m);
}
END_TEST

START_TEST(mapping_top_level_settings)
{
	struct mapping *m = parse_ok(
	    "cibscope: 1\n"
	    "format: csv\n"
	    "delimiter: ';'\n"
	    "platform: telegram\n"
	    "account: {native_id: id}\n");

	ck_assert_str_eq(m->format, "csv");
	ck_assert_int_eq(m->delimiter, ';');
	ck_assert_str_eq(m->platform, "telegram");
	mapping_free(m);
}
END_TEST

START_TEST(mapping_tab_delimiter_spelled_out)
{
	struct mapping *m = parse_ok("delimiter: tab\naccount: {native_id: id}\n");

	ck_assert_int_eq(m->delimiter, '\t');
	mapping_free(m);
}
END_TEST

START_TEST(mapping_attributes_with_split_list_and_kind_column)
{
	struct mapping *m = parse_ok(
	    "account: {native_id: id}\n"
	    "attributes:\n"
	    "  - {column: phone_number, kind: phone}\n"
	    "  - {column: emails, kind: email, split: ';'}\n"
	    "  - {column: tags, kind: hashtag, list: true}\n"
	    "  - {column: value, kind_column: kind}\n"
	    "  - column: ip\n");

	ck_assert_uint_eq(m->nattrs, 5);
	ck_assert_str_eq(m->attrs[0].column, "phone_number");
	ck_assert_str_eq(m->attrs[0].kind, "phone");
	ck_assert_ptr_null(m->attrs[0].split);
	ck_assert(!m->attrs[0].list);
	ck_assert_str_eq(m->attrs[1].split, ";");
	ck_assert(m->attrs[2].list);
	ck_assert_ptr_null(m->attrs[3].kind);
	ck_assert_str_eq(m->attrs[3].kind_column, "kind");
	ck_assert_str_eq(m->attrs[4].kind, "ip");
	ck_assert_int_eq(m->attrs[4].line, 7);
	mapping_free(m);
}
END_TEST

START_TEST(mapping_posts_section)
{
	struct mapping *m = parse_ok(
	    "account: {native_id: uid}\n"
	    "posts:\n"
	    "  native_id: tweetid\n"
	    "  posted_at: tweet_time\n"
	    "  text: tweet_text\n"
	    "  repost_of: retweet_tweetid\n"
	    "  urls: urls\n");

	ck_assert_str_eq(m->post[MAP_POST_NATIVE_ID], "tweetid");
	ck_assert_str_eq(m->post[MAP_POST_POSTED_AT], "tweet_time");
	ck_assert_str_eq(m->post[MAP_POST_REPOST_OF], "retweet_tweetid");
	ck_assert_ptr_null(m->post[MAP_POST_REPLY_TO]);
	mapping_free(m);
}
END_TEST

START_TEST(mapping_null_value_leaves_field_unmapped)
{
	struct mapping *m = parse_ok("account: {native_id: id, bio: ~}\n");

	ck_assert_ptr_null(m->account[MAP_BIO]);
	mapping_free(m);
}
END_TEST

START_TEST(mapping_unknown_top_key_is_reported_with_position)
{
	parse_fails("account: {native_id: id}\nacount: {}\n",
	    "m.yaml:2:1: unknown key \"acount\" in the mapping");
}
END_TEST

START_TEST(mapping_unknown_account_field_lists_known_ones)
{
	parse_fails("account:\n  native_id: id\n  phone: p\n",
	    "m.yaml:3:3: unknown key \"phone\" in account (known: platform, "
	    "native_id");
}
END_TEST

START_TEST(mapping_unknown_attribute_key_is_reported)
{
	parse_fails("account: {native_id: id}\nattributes:\n"
	    "  - {column: a, knid: phone}\n",
	    "m.yaml:3:17: unknown key \"knid\" in an attribute");
}
END_TEST

START_TEST(mapping_duplicate_key_is_reported_with_both_lines)
{
	parse_fails("account:\n  native_id: a\n  handle: b\n  native_id: c\n",
	    "m.yaml:4:3: duplicate key \"native_id\" (first at line 2)");
}
END_TEST

START_TEST(mapping_column_must_be_a_string)
{
	parse_fails("account:\n  native_id: [a, b]\n",
	    "m.yaml:2:14: native_id must be a string, not a list");
}
END_TEST

START_TEST(mapping_list_must_be_a_boolean)
{
	parse_fails("account: {native_id: id}\nattributes:\n"
	    "  - {column: a, list: maybe}\n",
	    "m.yaml:3:23: list must be true or false");
}
END_TEST

START_TEST(mapping_attributes_must_be_a_list)
{
	parse_fails("account: {native_id: id}\nattributes: {a: b}\n",
	    "m.yaml:2:13: attributes must be a list, not a mapping");
}
END_TEST

START_TEST(mapping_attribute_needs_a_column)
{
	parse_fails("account: {native_id: id}\nattributes:\n  - {kind: phone}\n",
	    "m.yaml:3:5: an attribute needs a column");
}
END_TEST

START_TEST(mapping_split_and_list_exclude_each_other)
{
	parse_fails("account: {native_id: id}\nattributes:\n"
	    "  - {column: a, split: ',', list: true}\n",
	    "m.yaml:3:5: an attribute has split or list, not both");
}
END_TEST

START_TEST(mapping_split_must_be_one_character)
{
	parse_fails("account: {native_id: id}\nattributes:\n"
	    "  - {column: a, split: '; '}\n",
	    "m.yaml:3:24: split must be one character");
}
END_TEST

START_TEST(mapping_native_id_is_required)
{
	parse_fails("account:\n  handle: h\n",
	    "m.yaml:2:3: account: needs native_id");
}
END_TEST

START_TEST(mapping_match_defaults_to_native_id)
{
	struct mapping *m = parse_ok("account: {native_id: id}\n");

	ck_assert_uint_eq(m->nmatch, 1);
	ck_assert_int_eq(m->match[0], MAP_NATIVE_ID);
	ck_assert(!mapping_matches_handle(m));
	mapping_free(m);
}
END_TEST

START_TEST(mapping_match_by_handle_needs_no_native_id)
{
	struct mapping *m = parse_ok(
	    "match: [handle]\n"
	    "account: {handle: author}\n");

	ck_assert_uint_eq(m->nmatch, 1);
	ck_assert_int_eq(m->match[0], MAP_HANDLE);
	ck_assert(mapping_matches_handle(m));
	ck_assert_ptr_null(m->account[MAP_NATIVE_ID]);
	mapping_free(m);

	m = parse_ok(
	    "account:\n"
	    "  native_id: id\n"
	    "  handle: name\n"
	    "  match: [native_id, handle]\n");
	ck_assert_uint_eq(m->nmatch, 2);
	ck_assert_int_eq(m->match[0], MAP_NATIVE_ID);
	ck_assert_int_eq(m->match[1], MAP_HANDLE);
	mapping_free(m);
}
END_TEST

START_TEST(mapping_bad_match_is_reported_with_position)
{
	parse_fails("match: [handel]\naccount: {native_id: id, handle: h}\n",
	    "m.yaml:1:9: unknown field \"handel\" in match (known: "
	    "native_id, handle)");
	parse_fails("match: handle\naccount: {handle: h}\n",
	    "m.yaml:1:8: match must be a list of account fields, like "
	    "[handle], not a scalar");
	parse_fails("match: []\naccount: {handle: h}\n",
	    "m.yaml:1:8: match must name at least one account field");
	parse_fails("match: [handle, handle]\naccount: {handle: h}\n",
	    "m.yaml:1:17: match names handle twice");
	parse_fails("match: [{handle: x}]\naccount: {handle: h}\n",
	    "m.yaml:1:9: a field in match must be a name, not a mapping");
	parse_fails("match: [native_id]\naccount:\n  native_id: id\n"
	    "  match: [handle]\n",
	    "m.yaml:4:3: match is given twice (first at line 1)");
	parse_fails("match: [handle]\naccount: {native_id: id}\n",
	    "m.yaml:1:9: match: handle needs account.handle");
	parse_fails("account: {handle: h, match: [handle, native_id]}\n",
	    "m.yaml:1:38: match: native_id needs account.native_id");
}
END_TEST

START_TEST(mapping_account_section_is_required)
{
	parse_fails("platform: x\n", "m.yaml:1:1: the mapping has no account:");
}
END_TEST

START_TEST(mapping_bad_format_is_reported)
{
	parse_fails("format: xml\naccount: {native_id: id}\n",
	    "m.yaml:1:9: format must be csv or jsonl");
}
END_TEST

START_TEST(mapping_bad_delimiter_is_reported)
{
	parse_fails("delimiter: ',,'\naccount: {native_id: id}\n",
	    "m.yaml:1:12: delimiter must be one character");
}
END_TEST

START_TEST(mapping_newer_version_is_refused)
{
	parse_fails("cibscope: 2\naccount: {native_id: id}\n",
	    "m.yaml:1:11: this cibscope reads mapping files of version 1");
}
END_TEST

START_TEST(mapping_yaml_syntax_error_has_position)
{
	parse_fails("account:\n  native_id: id\n   handle: [x\n", "m.yaml:3:");
}
END_TEST

START_TEST(mapping_top_level_must_be_a_mapping)
{
	parse_fails("- a\n- b\n", "m.yaml:1:1: a mapping file must be a YAML "
	    "mapping");
}
END_TEST

START_TEST(mapping_empty_file_is_reported)
{
	parse_fails("", "m.yaml: the mapping file is empty");
}
END_TEST

START_TEST(mapping_load_reads_a_file_and_names_it_in_errors)
{
	char		*ok = tu_write("ok.yaml", "account: {native_id: id}\n");
	char		*bad = tu_write("bad.yaml", "account: {native_id: id}\n"
	    "x: 1\n");
	char		*cause = NULL;
	struct mapping	*m;

	m = mapping_load(ok, &cause);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->name, ok);
	mapping_free(m);
	ck_assert_ptr_null(mapping_load(bad, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "bad.yaml:2:1: unknown key"));
	free(cause);
	ck_assert_ptr_null(mapping_load("/nonexistent.yaml", &cause));
	ck_assert_ptr_nonnull(strstr(cause, "/nonexistent.yaml: "));
	free(cause);
	free(ok);
	free(bad);
}
END_TEST

START_TEST(mapping_doc_example_loads)
{
	char		*path = tu_src("doc/mapping.md");
	char		*text = tu_slurp(path, NULL), *start, *end, *cause = NULL;
	struct mapping	*m;

	ck_assert_ptr_nonnull(text);
	/* The first ```yaml block is the complete example. */
	start = strstr(text, "```yaml\n");
	ck_assert_ptr_nonnull(start);
	start += 8;
	end = strstr(start, "```");
	ck_assert_ptr_nonnull(end);
	m = mapping_parse(start, (size_t)(end - start), "mapping.md", &cause);
	ck_assert_msg(m != NULL, "%s", cause);
	ck_assert_uint_gt(m->nattrs, 0);
	mapping_free(m);
	free(text);
	free(path);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("mapping");
	TCase	*ok = tcase_create("features");
	TCase	*bad = tcase_create("errors");

	tcase_add_test(ok, mapping_account_fields_map_to_columns);
	tcase_add_test(ok, mapping_top_level_settings);
	tcase_add_test(ok, mapping_tab_delimiter_spelled_out);
	tcase_add_test(ok, mapping_attributes_with_split_list_and_kind_column);
	tcase_add_test(ok, mapping_posts_section);
	tcase_add_test(ok, mapping_null_value_leaves_field_unmapped);
	tcase_add_test(ok, mapping_load_reads_a_file_and_names_it_in_errors);
	tcase_add_test(ok, mapping_doc_example_loads);
	tcase_add_test(ok, mapping_match_defaults_to_native_id);
	tcase_add_test(ok, mapping_match_by_handle_needs_no_native_id);
	suite_add_tcase(s, ok);

	tcase_add_test(bad, mapping_unknown_top_key_is_reported_with_position);
	tcase_add_test(bad, mapping_unknown_account_field_lists_known_ones);
	tcase_add_test(bad, mapping_unknown_attribute_key_is_reported);
	tcase_add_test(bad, mapping_duplicate_key_is_reported_with_both_lines);
	tcase_add_test(bad, mapping_column_must_be_a_string);
	tcase_add_test(bad, mapping_list_must_be_a_boolean);
	tcase_add_test(bad, mapping_attributes_must_be_a_list);
	tcase_add_test(bad, mapping_attribute_needs_a_column);
	tcase_add_test(bad, mapping_split_and_list_exclude_each_other);
	tcase_add_test(bad, mapping_split_must_be_one_character);
	tcase_add_test(bad, mapping_native_id_is_required);
	tcase_add_test(bad, mapping_account_section_is_required);
	tcase_add_test(bad, mapping_bad_match_is_reported_with_position);
	tcase_add_test(bad, mapping_bad_format_is_reported);
	tcase_add_test(bad, mapping_bad_delimiter_is_reported);
	tcase_add_test(bad, mapping_newer_version_is_refused);
	tcase_add_test(bad, mapping_yaml_syntax_error_has_position);
	tcase_add_test(bad, mapping_top_level_must_be_a_mapping);
	tcase_add_test(bad, mapping_empty_file_is_reported);
	suite_add_tcase(s, bad);
	return s;
}
