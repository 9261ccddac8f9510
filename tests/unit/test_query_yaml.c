/*
 * test_query_yaml.c: loading saved query files: the tree a good file
 * makes, and the exact FILE:LINE:COL: message each kind of bad file gets.
 */
#include "config.h"
#include "testutil.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "query.h"
#include "util.h"

#define HEAD "cibscope: 1\nname: t\n"

static struct query *
load_ok(const char *text)
{
	struct query	*q;
	char		*cause = NULL;

	q = query_load_string(text, strlen(text), "q.yaml", &cause);
	ck_assert_msg(q != NULL, "query_load_string: %s", cause);
	return q;
}

/* The load fails with exactly want. */
static void
load_fails_n(const char *text, size_t len, const char *want)
{
	struct query	*q;
	char		*cause = NULL;

	q = query_load_string(text, len, "q.yaml", &cause);
	ck_assert_ptr_null(q);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, want);
	free(cause);
}

static void
load_fails(const char *text, const char *want)
{
	load_fails_n(text, strlen(text), want);
}

static const char full_example[] =
    "cibscope: 1\n"
    "name: shared-phone\n"
    "title: Accounts sharing a phone number\n"
    "description: |\n"
    "  Longer text.\n"
    "tags: [infrastructure, registration]\n"
    "params:\n"
    "  max_share: {type: int, default: 50, help: ignore wide numbers}\n"
    "from: selection\n"
    "pivot: {on: [phone], hops: 1, max_share: $max_share}\n"
    "where:\n"
    "  - {field: created_at, since: 2023-01-01}\n"
    "  - {field: handle, regex: '^[a-z]+_[a-z]+[0-9]{4,8}$'}\n"
    "  - {field: followers, min: 10, max: 5000}\n"
    "  - {field: country, in: [RU, BY]}\n"
    "  - {field: handle, prefix: news}\n"
    "  - {field: bio, equals: 'x'}\n"
    "  - {attribute: phone, exists: true}\n"
    "  - {attribute: email_domain, in: [mail.ru]}\n"
    "  - {field: bio, regex: 'x', not: true}\n"
    "group: {field: display_name, regex: '[0-9]+$', replace: '', "
    "min_size: 3, max_span: 90}\n"
    "coordination: {type: co-post, window: 60, min_weight: 2}\n"
    "timing: {burst: true, unit: hour}\n"
    "order: [created_at, -followers]\n"
    "limit: 1000\n";

START_TEST(full_example_loads_into_the_tree)
{
	struct query	*q = load_ok(full_example);

	ck_assert_str_eq(q->file, "q.yaml");
	ck_assert_str_eq(q->name, "shared-phone");
	ck_assert_str_eq(q->title, "Accounts sharing a phone number");
	ck_assert_str_eq(q->description, "Longer text.\n");
	ck_assert_uint_eq(q->ntags, 2);
	ck_assert_str_eq(q->tags[0], "infrastructure");
	ck_assert_str_eq(q->tags[1], "registration");
	ck_assert_uint_eq(q->nparams, 1);
	ck_assert_str_eq(q->params[0].name, "max_share");
	ck_assert_int_eq(q->params[0].type, QUERY_PARAM_INT);
	ck_assert_str_eq(q->params[0].def, "50");
	ck_assert_str_eq(q->params[0].help, "ignore wide numbers");
	ck_assert_int_eq(q->from, QUERY_FROM_SELECTION);
	ck_assert_ptr_nonnull(q->pivot);
	ck_assert_uint_eq(q->pivot->nkinds, 1);
	ck_assert_str_eq(q->pivot->kinds[0], "phone");
	ck_assert_str_eq(q->pivot->hops, "1");
	ck_assert_str_eq(q->pivot->max_share, "$max_share");
	ck_assert_ptr_nonnull(q->group);
	ck_assert_str_eq(q->group->field, "display_name");
	ck_assert_ptr_null(q->group->kind);
	ck_assert_str_eq(q->group->regex, "[0-9]+$");
	ck_assert_str_eq(q->group->replace, "");
	ck_assert_str_eq(q->group->min_size, "3");
	ck_assert_str_eq(q->group->max_span, "90");
	ck_assert_ptr_nonnull(q->coord);
	ck_assert_int_eq(q->coord->kind, QUERY_COORD_POST);
	ck_assert_str_eq(q->coord->window, "60");
	ck_assert_str_eq(q->coord->min_weight, "2");
	ck_assert_ptr_nonnull(q->timing);
	ck_assert(q->timing->burst);
	ck_assert_str_eq(q->timing->unit, "hour");
	ck_assert_uint_eq(q->norder, 2);
	ck_assert_str_eq(q->order[0].field, "created_at");
	ck_assert(!q->order[0].desc);
	ck_assert_str_eq(q->order[1].field, "followers");
	ck_assert(q->order[1].desc);
	ck_assert_str_eq(q->limit, "1000");
	ck_assert_ptr_null(q->sql);
	query_free(q);
}
END_TEST

START_TEST(full_example_conditions_map_to_ops)
{
	struct query		*q = load_ok(full_example);
	const struct query_cond	*w = q->where;

	ck_assert_uint_eq(q->nwhere, 9);
	ck_assert_str_eq(w[0].field, "created_at");
	ck_assert_int_eq(w[0].op, QUERY_OP_RANGE);
	ck_assert_str_eq(w[0].min, "2023-01-01");
	ck_assert_ptr_null(w[0].max);
	ck_assert_int_eq(w[1].op, QUERY_OP_REGEX);
	ck_assert_uint_eq(w[1].nvalues, 1);
	ck_assert_str_eq(w[1].values[0], "^[a-z]+_[a-z]+[0-9]{4,8}$");
	ck_assert_int_eq(w[2].op, QUERY_OP_RANGE);
	ck_assert_str_eq(w[2].min, "10");
	ck_assert_str_eq(w[2].max, "5000");
	ck_assert_int_eq(w[3].op, QUERY_OP_IN);
	ck_assert_uint_eq(w[3].nvalues, 2);
	ck_assert_str_eq(w[3].values[1], "BY");
	ck_assert_int_eq(w[4].op, QUERY_OP_PREFIX);
	ck_assert_str_eq(w[4].values[0], "news");
	ck_assert_int_eq(w[5].op, QUERY_OP_EQUALS);
	ck_assert_str_eq(w[5].values[0], "x");
	ck_assert_ptr_null(w[6].field);
	ck_assert_str_eq(w[6].kind, "phone");
	ck_assert_int_eq(w[6].op, QUERY_OP_EXISTS);
	ck_assert_str_eq(w[7].kind, "email_domain");
	ck_assert_int_eq(w[7].op, QUERY_OP_IN);
	ck_assert_int_eq(w[8].op, QUERY_OP_REGEX);
	ck_assert(w[8].negate);
	ck_assert(!w[5].negate);
	query_free(q);
}
END_TEST

START_TEST(full_example_records_positions)
{
	struct query	*q = load_ok(full_example);

	ck_assert_int_eq(q->params[0].pos.line, 8);
	ck_assert_int_eq(q->params[0].pos.col, 3);
	ck_assert_int_eq(q->from_pos.line, 9);
	ck_assert_int_eq(q->from_pos.col, 1);
	ck_assert_int_eq(q->pivot->pos.line, 10);
	ck_assert_int_eq(q->pivot->pos.col, 1);
	ck_assert_int_eq(q->where[0].pos.line, 12);
	ck_assert_int_eq(q->where[0].pos.col, 5);
	ck_assert_int_eq(q->where[8].pos.line, 20);
	ck_assert_int_eq(q->group->pos.line, 21);
	ck_assert_int_eq(q->coord->pos.line, 22);
	ck_assert_int_eq(q->timing->pos.line, 23);
	query_free(q);
}
END_TEST

START_TEST(sql_query_keeps_its_text_and_position)
{
	struct query *q = load_ok(HEAD
	    "from: all\n"
	    "sql: |\n"
	    "  SELECT id FROM accounts\n"
	    "  WHERE\tfollowers > 10\n");

	ck_assert_str_eq(q->sql,
	    "SELECT id FROM accounts\nWHERE\tfollowers > 10\n");
	ck_assert_int_eq(q->sql_pos.line, 4);
	ck_assert_int_eq(q->sql_pos.col, 1);
	query_free(q);
}
END_TEST

START_TEST(pivot_on_may_be_a_scalar)
{
	struct query *q = load_ok(HEAD "from: selection\npivot: {on: phone}\n");

	ck_assert_uint_eq(q->pivot->nkinds, 1);
	ck_assert_str_eq(q->pivot->kinds[0], "phone");
	ck_assert_ptr_null(q->pivot->hops);
	ck_assert_ptr_null(q->pivot->max_share);
	query_free(q);
}
END_TEST

START_TEST(from_names_a_network_or_a_query)
{
	struct query *q = load_ok(HEAD "from: {network: ring-1}\n");

	ck_assert_int_eq(q->from, QUERY_FROM_NETWORK);
	ck_assert_str_eq(q->from_arg, "ring-1");
	query_free(q);
	q = load_ok(HEAD "from:\n  query: shared-phone\n");
	ck_assert_int_eq(q->from, QUERY_FROM_QUERY);
	ck_assert_str_eq(q->from_arg, "shared-phone");
	query_free(q);
}
END_TEST

START_TEST(from_defaults_to_all)
{
	struct query *q = load_ok(HEAD);

	ck_assert_int_eq(q->from, QUERY_FROM_ALL);
	query_free(q);
}
END_TEST

START_TEST(exists_false_and_missing_true_mean_missing)
{
	struct query *q = load_ok(HEAD "where:\n"
	    "  - {attribute: phone, exists: false}\n"
	    "  - {attribute: phone, missing: true}\n"
	    "  - {attribute: phone, missing: false}\n");

	ck_assert_int_eq(q->where[0].op, QUERY_OP_MISSING);
	ck_assert_int_eq(q->where[1].op, QUERY_OP_MISSING);
	ck_assert_int_eq(q->where[2].op, QUERY_OP_EXISTS);
	query_free(q);
}
END_TEST

START_TEST(until_is_the_upper_bound)
{
	struct query *q = load_ok(HEAD "where:\n"
	    "  - {field: created_at, since: 2023-01-01, until: "
	    "'2023-02-01T12:00:00Z'}\n");

	ck_assert_str_eq(q->where[0].min, "2023-01-01");
	ck_assert_str_eq(q->where[0].max, "2023-02-01T12:00:00Z");
	query_free(q);
}
END_TEST

START_TEST(kinds_default_may_be_a_list)
{
	struct query *q = load_ok(HEAD "params:\n"
	    "  kinds: {type: kinds, default: [phone, email]}\n"
	    "from: selection\n"
	    "pivot: {on: $kinds}\n");

	ck_assert_int_eq(q->params[0].type, QUERY_PARAM_KINDS);
	ck_assert_str_eq(q->params[0].def, "phone,email");
	ck_assert_str_eq(q->pivot->kinds[0], "$kinds");
	query_free(q);
}
END_TEST

START_TEST(replace_dollar_digit_is_not_a_parameter)
{
	struct query *q = load_ok(HEAD
	    "group: {field: handle, regex: '^([a-z]+)[0-9]+$', "
	    "replace: '$1'}\n");

	ck_assert_str_eq(q->group->replace, "$1");
	query_free(q);
}
END_TEST

START_TEST(timing_night_shift_loads)
{
	struct query *q = load_ok(HEAD "timing: {tz: '+03:00', hours: "
	    "'22-06', min_share: 0.6, min_posts: 5}\n");

	ck_assert(!q->timing->burst);
	ck_assert_str_eq(q->timing->tz, "+03:00");
	ck_assert_str_eq(q->timing->hours, "22-06");
	ck_assert_str_eq(q->timing->min_share, "0.6");
	ck_assert_str_eq(q->timing->min_posts, "5");
	query_free(q);
}
END_TEST

START_TEST(timing_unit_may_be_a_parameter)
{
	struct query *q = load_ok(HEAD "params:\n  unit: {type: string, "
	    "default: day}\ntiming: {burst: true, unit: $unit}\n");

	ck_assert_str_eq(q->timing->unit, "$unit");
	query_free(q);
}
END_TEST

START_TEST(timing_unit_is_hour_or_day)
{
	load_fails(HEAD "timing: {burst: true, unit: week}\n",
	    "q.yaml:3:29: unknown timing unit \"week\"; expected one of: "
	    "hour, day");
}
END_TEST

START_TEST(unknown_key_suggests_the_nearest)
{
	load_fails(HEAD "from: selection\npivto: {on: phone}\n",
	    "q.yaml:4:1: unknown key \"pivto\"; did you mean \"pivot\"?");
}
END_TEST

START_TEST(unknown_nested_key_suggests_the_nearest)
{
	load_fails(HEAD "from: selection\npivot: {on: phone, hop: 2}\n",
	    "q.yaml:4:20: unknown key \"hop\"; did you mean \"hops\"?");
}
END_TEST

START_TEST(unknown_key_far_from_all_lists_the_keys)
{
	load_fails(HEAD "coordination: {type: co-post, zzzzzz: 1}\n",
	    "q.yaml:3:31: unknown key \"zzzzzz\"; expected one of: type, "
	    "window, min_weight, threshold");
}
END_TEST

START_TEST(unknown_coordination_type_suggests_the_nearest)
{
	load_fails(HEAD "coordination: {type: co-pots}\n",
	    "q.yaml:3:22: unknown coordination type \"co-pots\"; did you "
	    "mean \"co-post\"?");
}
END_TEST

START_TEST(long_key_is_cut_short_in_the_message)
{
	struct buf	 b = BUF_INIT;
	char		*cause = NULL;
	size_t		 i;

	buf_adds(&b, HEAD);
	/* libyaml takes simple keys of up to 1024 characters. */
	for (i = 0; i < 1000; i++)
		buf_addc(&b, 'k');
	buf_adds(&b, ": 1\n");
	ck_assert_ptr_null(query_load_string(b.data, b.len, "q.yaml", &cause));
	ck_assert_uint_le(strlen(cause), 420);
	ck_assert_ptr_nonnull(strstr(cause, "q.yaml:3:1: unknown key \"kkk"));
	ck_assert_str_eq(cause + strlen(cause) - 3, "...");
	free(cause);
	buf_free(&b);
}
END_TEST

START_TEST(mapping_where_a_list_belongs_is_a_type_error)
{
	load_fails(HEAD "where: {field: bio, equals: x}\n",
	    "q.yaml:3:8: where: expected a list, found a mapping");
}
END_TEST

START_TEST(scalar_where_a_mapping_belongs_is_a_type_error)
{
	load_fails(HEAD "pivot: phone\n",
	    "q.yaml:3:8: pivot: expected a mapping, found a scalar");
}
END_TEST

START_TEST(list_where_a_scalar_belongs_is_a_type_error)
{
	load_fails(HEAD "title: [a, b]\n",
	    "q.yaml:3:8: title: expected a scalar, found a list");
}
END_TEST

START_TEST(empty_value_is_refused)
{
	load_fails(HEAD "title:\n", "q.yaml:3:7: title: expected a value, "
	    "found nothing");
}
END_TEST

START_TEST(number_out_of_range_is_refused)
{
	load_fails(HEAD "from: selection\npivot: {on: phone, hops: 9}\n",
	    "q.yaml:4:26: pivot.hops: expected a whole number from 1 to 5, "
	    "found \"9\"");
}
END_TEST

START_TEST(boolean_must_be_true_or_false)
{
	load_fails(HEAD "where:\n  - {attribute: phone, exists: yes}\n",
	    "q.yaml:4:32: where.exists: expected true or false, found "
	    "\"yes\"");
}
END_TEST

START_TEST(since_must_be_a_date)
{
	load_fails(HEAD "where:\n  - {field: created_at, since: yesterday}\n",
	    "q.yaml:4:32: where.since: expected a date (YYYY-MM-DD), found "
	    "\"yesterday\"");
}
END_TEST

START_TEST(condition_takes_one_test)
{
	load_fails(HEAD "where:\n  - {field: bio, equals: x, prefix: y}\n",
	    "q.yaml:4:29: where: a condition takes one test; found "
	    "\"equals\" and \"prefix\"");
}
END_TEST

START_TEST(condition_needs_a_test)
{
	load_fails(HEAD "where:\n  - {field: bio}\n",
	    "q.yaml:4:5: where: a condition needs a test: equals, in, "
	    "prefix, regex, min, max, since, until, exists or missing");
}
END_TEST

START_TEST(missing_name_is_refused)
{
	load_fails("cibscope: 1\ntitle: x\n",
	    "q.yaml:1:1: missing required key \"name\"");
}
END_TEST

START_TEST(missing_version_is_refused)
{
	load_fails("# a comment\nname: x\n",
	    "q.yaml:2:1: missing required key \"cibscope\"");
}
END_TEST

START_TEST(other_versions_are_refused)
{
	load_fails("cibscope: 2\nname: x\n", "q.yaml:1:11: unsupported "
	    "format version \"2\"; this cibscope reads cibscope: 1");
}
END_TEST

START_TEST(pivot_needs_on)
{
	load_fails(HEAD "from: selection\npivot: {hops: 2}\n",
	    "q.yaml:4:8: pivot: missing required key \"on\"");
}
END_TEST

START_TEST(bad_name_is_refused)
{
	load_fails("cibscope: 1\nname: Shared Phone\n",
	    "q.yaml:2:7: name \"Shared Phone\" is not valid: use lower-case "
	    "letters, digits, '_' and '-', starting with a letter or digit, "
	    "at most 64 characters");
}
END_TEST

START_TEST(name_longer_than_64_is_refused)
{
	char	text[256];

	snprintf(text, sizeof text, "cibscope: 1\nname: %0*d\n", 65, 0);
	ck_assert_ptr_null(query_load_string(text, strlen(text), "q.yaml",
	    NULL));
	snprintf(text, sizeof text, "cibscope: 1\nname: %0*d\n", 64, 0);
	query_free(load_ok(text));
}
END_TEST

START_TEST(duplicate_key_is_refused)
{
	load_fails(HEAD "title: a\ntitle: b\n",
	    "q.yaml:4:1: duplicate key \"title\" (first at 3:1)");
}
END_TEST

START_TEST(duplicate_nested_key_is_refused)
{
	load_fails(HEAD "where:\n  - {field: bio, field: url, equals: x}\n",
	    "q.yaml:4:18: duplicate key \"field\" (first at 4:6)");
}
END_TEST

START_TEST(anchors_are_refused)
{
	load_fails(HEAD "title: &t hello\n",
	    "q.yaml:3:8: anchors and aliases are not allowed in query files");
}
END_TEST

START_TEST(aliases_are_refused)
{
	load_fails(HEAD "tags: [a]\ntitle: *t\n",
	    "q.yaml:4:8: anchors and aliases are not allowed in query files");
}
END_TEST

START_TEST(yaml_tags_are_refused)
{
	load_fails(HEAD "limit: !!int 5\n",
	    "q.yaml:3:8: YAML tags (\"tag:yaml.org,2002:int\") are not "
	    "allowed in query files; every value is read as text");
}
END_TEST

START_TEST(complex_keys_are_refused)
{
	load_fails(HEAD "? [a, b]\n: c\n",
	    "q.yaml:3:3: a key must be a scalar, not a list");
}
END_TEST

/* A document nested depth lists deep: [[[...]]]. */
static char *
nested(int depth)
{
	struct buf	b = BUF_INIT;
	int		i;

	buf_adds(&b, HEAD "title: ");
	for (i = 0; i < depth; i++)
		buf_addc(&b, '[');
	for (i = 0; i < depth; i++)
		buf_addc(&b, ']');
	buf_addc(&b, '\n');
	return buf_steal(&b);
}

START_TEST(nesting_deeper_than_64_is_refused)
{
	char	*text = nested(64);

	/* The top mapping is one level, so 64 lists make 65. */
	load_fails(text, "q.yaml:3:71: nesting deeper than 64 levels");
	free(text);
}
END_TEST

START_TEST(nesting_of_64_reaches_the_type_check)
{
	char	*text = nested(63);

	load_fails(text, "q.yaml:3:8: title: expected a scalar, found a list");
	free(text);
}
END_TEST

START_TEST(very_deep_nesting_fails_quickly)
{
	char	*text = nested(100000);
	double	 t0 = clock_now();

	load_fails(text, "q.yaml:3:71: nesting deeper than 64 levels");
	ck_assert(clock_now() - t0 < 2.0);
	free(text);
}
END_TEST

START_TEST(string_over_the_size_cap_is_refused)
{
	size_t	 len = QUERY_MAX_FILE + 1;
	char	*text = xmalloc(len);

	memset(text, '#', len);
	load_fails_n(text, len, "q.yaml:1:1: the file is larger than 262144 "
	    "bytes, the limit for query files");
	free(text);
}
END_TEST

START_TEST(file_over_the_size_cap_is_refused)
{
	char		*text = xmalloc(QUERY_MAX_FILE + 2), *path, *cause = NULL;
	char		*want;
	struct query	*q;

	memset(text, '#', QUERY_MAX_FILE + 1);
	text[QUERY_MAX_FILE + 1] = '\0';
	path = tu_write("big.yaml", text);
	q = query_load_file(path, &cause);
	ck_assert_ptr_null(q);
	want = xasprintf("%s:1:1: the file is larger than 262144 bytes, the "
	    "limit for query files", path);
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
	free(path);
	free(text);
}
END_TEST

START_TEST(file_at_the_size_cap_loads)
{
	char		*text = xmalloc(QUERY_MAX_FILE + 1), *path, *cause = NULL;
	struct query	*q;

	memset(text, '#', QUERY_MAX_FILE);
	memcpy(text, HEAD, strlen(HEAD));
	text[QUERY_MAX_FILE - 1] = '\n';
	text[QUERY_MAX_FILE] = '\0';
	path = tu_write("cap.yaml", text);
	q = query_load_file(path, &cause);
	ck_assert_msg(q != NULL, "%s", cause);
	ck_assert_str_eq(q->file, path);
	query_free(q);
	free(path);
	free(text);
}
END_TEST

START_TEST(nul_byte_is_refused_where_it_is)
{
	static const char text[] = HEAD "title: ab\0c\n";

	load_fails_n(text, sizeof text - 1, "q.yaml:3:10: NUL byte; query "
	    "files are text");
}
END_TEST

START_TEST(control_character_is_refused_where_it_is)
{
	load_fails(HEAD "title: a\x01z\n", "q.yaml:3:9: control character "
	    "U+0001 is not allowed");
}
END_TEST

START_TEST(escaped_nul_in_a_scalar_is_refused)
{
	load_fails(HEAD "title: \"a\\0b\"\n",
	    "q.yaml:3:8: NUL character in a scalar");
}
END_TEST

START_TEST(escaped_control_in_a_scalar_is_refused)
{
	load_fails(HEAD "title: \"a\\eb\"\n",
	    "q.yaml:3:8: control character U+001B in a scalar");
}
END_TEST

START_TEST(tab_in_a_plain_scalar_is_refused)
{
	load_fails(HEAD "title: a\tb\n", "q.yaml:3:8: tab in a scalar; tabs "
	    "and line breaks belong in block scalars (| or >)");
}
END_TEST

START_TEST(line_break_in_a_quoted_scalar_is_refused)
{
	load_fails(HEAD "title: \"a\\nb\"\n", "q.yaml:3:8: line break in a "
	    "scalar; tabs and line breaks belong in block scalars (| or >)");
}
END_TEST

START_TEST(tabs_and_newlines_in_block_scalars_load)
{
	struct query *q = load_ok(HEAD "description: |\n  a\tb\n  c\n");

	ck_assert_str_eq(q->description, "a\tb\nc\n");
	query_free(q);
}
END_TEST

START_TEST(invalid_utf8_is_refused_where_it_is)
{
	load_fails(HEAD "title: caf\xc3\xa9 \xff\n", "q.yaml:3:13: invalid "
	    "UTF-8 (byte 0xFF); query files are UTF-8 text");
}
END_TEST

START_TEST(second_document_is_refused)
{
	load_fails(HEAD "---\n" HEAD, "q.yaml:3:1: a query file holds one "
	    "YAML document; found a second");
}
END_TEST

START_TEST(syntax_error_carries_libyaml_position)
{
	load_fails(HEAD "title: [a, b\n",
	    "q.yaml:4:1: did not find expected ',' or ']' (while parsing a "
	    "flow sequence at 3:8)");
}
END_TEST

START_TEST(empty_file_is_refused)
{
	load_fails("# nothing\n", "q.yaml:1:1: the file holds no query "
	    "(expected a mapping with cibscope: 1 and name:)");
}
END_TEST

START_TEST(top_level_list_is_refused)
{
	load_fails("- a\n", "q.yaml:1:1: expected a mapping at the top of "
	    "the file, found a list");
}
END_TEST

START_TEST(undeclared_parameter_is_refused_where_used)
{
	load_fails(HEAD "limit: $n\n",
	    "q.yaml:3:8: $n names no parameter declared under params");
}
END_TEST

START_TEST(parameter_needs_a_known_type)
{
	load_fails(HEAD "params:\n  n: {type: integer}\n",
	    "q.yaml:4:13: unknown parameter type \"integer\"; expected one "
	    "of: string, int, float, bool, date, regex, kinds");
}
END_TEST

START_TEST(parameter_default_must_fit_its_type)
{
	load_fails(HEAD "params:\n  n: {type: int, default: many}\n",
	    "q.yaml:4:27: params.n: the default \"many\" is not a whole "
	    "number");
}
END_TEST

START_TEST(order_names_known_fields)
{
	load_fails(HEAD "order: [-folowers]\n",
	    "q.yaml:3:9: order: unknown field \"folowers\"");
}
END_TEST

START_TEST(query_check_errors_point_into_the_file)
{
	load_fails(HEAD "where:\n  - {field: nope, equals: x}\n",
	    "q.yaml:4:5: unknown account field \"nope\"");
}
END_TEST

START_TEST(sql_with_steps_is_refused_at_sql)
{
	load_fails(HEAD "where:\n  - {field: bio, equals: x}\n"
	    "sql: SELECT 1\n", "q.yaml:5:1: sql: replaces pivot, where, "
	    "group, coordination and timing; use it alone");
}
END_TEST

START_TEST(missing_file_names_the_file)
{
	char	*path = tu_path("absent.yaml"), *cause = NULL, *want;

	ck_assert_ptr_null(query_load_file(path, &cause));
	want = xasprintf("%s: No such file or directory", path);
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
	free(path);
}
END_TEST

START_TEST(directory_is_not_a_query_file)
{
	char	*cause = NULL, *want;

	ck_assert_ptr_null(query_load_file(tu_tmpdir(), &cause));
	want = xasprintf("%s: is a directory", tu_tmpdir());
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
}
END_TEST

/* "FILE:LINE:COL: " with numbers at least 1. */
static bool
has_position(const char *cause, const char *file)
{
	const char	*p;
	char		*end;
	long		 line, col;

	if (strncmp(cause, file, strlen(file)) != 0)
		return false;
	p = cause + strlen(file);
	if (*p++ != ':')
		return false;
	line = strtol(p, &end, 10);
	if (end == p || *end != ':' || line < 1)
		return false;
	p = end + 1;
	col = strtol(p, &end, 10);
	return end != p && end[0] == ':' && end[1] == ' ' && col >= 1;
}

/* Does LIBYAML-ACCEPTS.tsv list this case (ids there use '/')? */
static bool
libyaml_accepts(const char *tsv, const char *id)
{
	char	*want, *p;
	bool	 found;

	want = xasprintf("\n%s\t", id);
	for (p = want; *p != '\0'; p++) {
		if (*p == '_')
			*p = '/';
	}
	found = strstr(tsv, want) != NULL ||
	    strncmp(tsv, want + 1, strlen(want + 1)) == 0;
	free(want);
	return found;
}

START_TEST(every_yaml_error_case_fails_cleanly_or_loads)
{
	char		*dir = tu_data("badinput/yaml-errors"), *tsvpath, *tsv;
	char		*path, *cause;
	DIR		*d;
	struct dirent	*de;
	struct query	*q;
	size_t		 ncases = 0, nerrors = 0, naccepted = 0;

	if (dir == NULL)
		return;
	tsvpath = xasprintf("%s/LIBYAML-ACCEPTS.tsv", dir);
	tsv = tu_slurp(tsvpath, NULL);
	ck_assert_ptr_nonnull(tsv);
	ck_assert_ptr_nonnull(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		path = xasprintf("%s/%s/in.yaml", dir, de->d_name);
		if (de->d_name[0] == '.' || access(path, R_OK) != 0) {
			free(path);
			continue;
		}
		ncases++;
		cause = NULL;
		q = query_load_file(path, &cause);
		if (q != NULL) {
			/* Only documents libyaml accepts may get this far. */
			ck_assert_msg(libyaml_accepts(tsv, de->d_name),
			    "%s loaded", de->d_name);
			naccepted++;
			query_free(q);
		} else {
			ck_assert_msg(cause != NULL && has_position(cause,
			    path), "%s: bad message \"%s\"", de->d_name,
			    cause != NULL ? cause : "(none)");
			nerrors++;
		}
		free(cause);
		free(path);
	}
	closedir(d);
	ck_assert_uint_eq(ncases, 94);
	ck_assert_uint_eq(nerrors + naccepted, 94);
	free(tsv);
	free(tsvpath);
	free(dir);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("query_yaml");
	TCase	*tc = tcase_create("load");
	TCase	*bad = tcase_create("refuse");
	TCase	*limits = tcase_create("limits");

	tcase_add_test(tc, full_example_loads_into_the_tree);
	tcase_add_test(tc, full_example_conditions_map_to_ops);
	tcase_add_test(tc, full_example_records_positions);
	tcase_add_test(tc, sql_query_keeps_its_text_and_position);
	tcase_add_test(tc, pivot_on_may_be_a_scalar);
	tcase_add_test(tc, from_names_a_network_or_a_query);
	tcase_add_test(tc, from_defaults_to_all);
	tcase_add_test(tc, exists_false_and_missing_true_mean_missing);
	tcase_add_test(tc, until_is_the_upper_bound);
	tcase_add_test(tc, kinds_default_may_be_a_list);
	tcase_add_test(tc, replace_dollar_digit_is_not_a_parameter);
	tcase_add_test(tc, timing_night_shift_loads);
	tcase_add_test(tc, timing_unit_may_be_a_parameter);
	tcase_add_test(tc, tabs_and_newlines_in_block_scalars_load);
	suite_add_tcase(s, tc);

	tcase_add_test(bad, unknown_key_suggests_the_nearest);
	tcase_add_test(bad, unknown_nested_key_suggests_the_nearest);
	tcase_add_test(bad, unknown_key_far_from_all_lists_the_keys);
	tcase_add_test(bad, unknown_coordination_type_suggests_the_nearest);
	tcase_add_test(bad, long_key_is_cut_short_in_the_message);
	tcase_add_test(bad, mapping_where_a_list_belongs_is_a_type_error);
	tcase_add_test(bad, scalar_where_a_mapping_belongs_is_a_type_error);
	tcase_add_test(bad, list_where_a_scalar_belongs_is_a_type_error);
	tcase_add_test(bad, empty_value_is_refused);
	tcase_add_test(bad, number_out_of_range_is_refused);
	tcase_add_test(bad, boolean_must_be_true_or_false);
	tcase_add_test(bad, since_must_be_a_date);
	tcase_add_test(bad, timing_unit_is_hour_or_day);
	tcase_add_test(bad, condition_takes_one_test);
	tcase_add_test(bad, condition_needs_a_test);
	tcase_add_test(bad, missing_name_is_refused);
	tcase_add_test(bad, missing_version_is_refused);
	tcase_add_test(bad, other_versions_are_refused);
	tcase_add_test(bad, pivot_needs_on);
	tcase_add_test(bad, bad_name_is_refused);
	tcase_add_test(bad, name_longer_than_64_is_refused);
	tcase_add_test(bad, duplicate_key_is_refused);
	tcase_add_test(bad, duplicate_nested_key_is_refused);
	tcase_add_test(bad, anchors_are_refused);
	tcase_add_test(bad, aliases_are_refused);
	tcase_add_test(bad, yaml_tags_are_refused);
	tcase_add_test(bad, complex_keys_are_refused);
	tcase_add_test(bad, second_document_is_refused);
	tcase_add_test(bad, syntax_error_carries_libyaml_position);
	tcase_add_test(bad, empty_file_is_refused);
	tcase_add_test(bad, top_level_list_is_refused);
	tcase_add_test(bad, undeclared_parameter_is_refused_where_used);
	tcase_add_test(bad, parameter_needs_a_known_type);
	tcase_add_test(bad, parameter_default_must_fit_its_type);
	tcase_add_test(bad, order_names_known_fields);
	tcase_add_test(bad, query_check_errors_point_into_the_file);
	tcase_add_test(bad, sql_with_steps_is_refused_at_sql);
	tcase_add_test(bad, missing_file_names_the_file);
	tcase_add_test(bad, directory_is_not_a_query_file);
	suite_add_tcase(s, bad);

	tcase_add_test(limits, nesting_deeper_than_64_is_refused);
	tcase_add_test(limits, nesting_of_64_reaches_the_type_check);
	tcase_add_test(limits, very_deep_nesting_fails_quickly);
	tcase_add_test(limits, string_over_the_size_cap_is_refused);
	tcase_add_test(limits, file_over_the_size_cap_is_refused);
	tcase_add_test(limits, file_at_the_size_cap_loads);
	tcase_add_test(limits, nul_byte_is_refused_where_it_is);
	tcase_add_test(limits, control_character_is_refused_where_it_is);
	tcase_add_test(limits, escaped_nul_in_a_scalar_is_refused);
	tcase_add_test(limits, escaped_control_in_a_scalar_is_refused);
	tcase_add_test(limits, tab_in_a_plain_scalar_is_refused);
	tcase_add_test(limits, line_break_in_a_quoted_scalar_is_refused);
	tcase_add_test(limits, invalid_utf8_is_refused_where_it_is);
	tcase_add_test(limits, every_yaml_error_case_fails_cleanly_or_loads);
	suite_add_tcase(s, limits);
	return s;
}
