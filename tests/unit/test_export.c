/*
 * test_export.c: every export format of a small fixed network, compared
 * with golden files under tests/golden/export/ (CIB_UPDATE_GOLDEN=1
 * rewrites them); STIX and MISP checked as JSON for their required fields
 * and references; formula cells in CSV; hostile text in every format; the
 * audit row an export leaves.
 */
#include "config.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "export.h"
#include "util.h"

/*
 * Four members (two on each platform), one outsider who shares their
 * phone, shared values of several kinds, posts at fixed times, and a
 * member whose display name and evidence carry ESC and a bidi override.
 */
static const char fixture[] =
	"INSERT INTO accounts(id, platform, native_id, handle, display_name,"
	" bio, url, created_at, followers, following, posts, country,"
	" language, status) VALUES"
	" (1, 'twitter', '1001', 'anna_petrova1987', 'Anna Petrova',"
	"  'Patriot, mother', 'http://rrn.world/a', '2023-01-05T10:00:00Z',"
	"  12, 80, 3, 'FR', 'fr', 'active'),"
	" (2, 'twitter', '1002', 'maria_ivanova1990',"
	"  'Maria' || char(27) || '[31m' || char(8238) || 'evil', NULL, NULL,"
	"  '2023-01-06T11:00:00Z', 5, 40, 2, 'FR', 'fr', 'active'),"
	" (3, 'facebook', '100045', NULL, '=HYPERLINK(\"http://x.test\")',"
	"  NULL, NULL, '2023-02-11T09:30:00Z', NULL, NULL, NULL, 'DE', 'de',"
	"  'suspended'),"
	" (4, 'facebook', '100046', 'olga.k', '-2+3', NULL, NULL, NULL,"
	"  0, 0, 0, NULL, NULL, NULL),"
	" (5, 'twitter', '9999', 'bystander', 'Not In It', NULL, NULL,"
	"  '2020-01-01T00:00:00Z', 1, 1, 1, NULL, NULL, NULL);"
	"INSERT INTO attributes(kind, value, account_id) VALUES"
	" ('phone', '79123456789', 1), ('phone', '79123456789', 2),"
	" ('phone', '79123456789', 3), ('phone', '79123456789', 5),"
	" ('domain', 'rrn.world', 1), ('domain', 'rrn.world', 3),"
	" ('url', 'http://rrn.world/a', 1), ('url', 'http://rrn.world/a', 3),"
	" ('ip', '203.0.113.7', 2), ('ip', '203.0.113.7', 4),"
	" ('email', 'olga@example.com', 4),"
	" ('handle_template', 'anna_petrova#', 1);"
	"INSERT INTO attribute_stats(kind, value, accounts) SELECT kind, value,"
	" count(*) FROM attributes GROUP BY kind, value;"
	"INSERT INTO posts(account_id, native_id, posted_at, text) VALUES"
	" (1, 'p1', 1704103200, 'a'), (1, 'p2', 1704106800, 'b'),"
	" (2, 'p3', 1704110400, 'c'), (3, 'p4', 1704139200, 'd');"
	"INSERT INTO vocab(id, framework, name, tactic) VALUES"
	" ('T0007', 'disarm', 'Create Inauthentic Social Media Pages and"
	" Groups', 'TA15 Establish Assets'),"
	" ('0.6.2', 'meta', 'Acquiring domains to support influence"
	" operations', '0. Acquiring assets');"
	"INSERT INTO networks(id, name, label, origin, target, ttps, notes,"
	" created_at, created_by, updated_at) VALUES (1, 'doppel-test', 'cib',"
	" 'RU', 'FR, DE', 'T0007, T0097.101, 0.6.2',"
	" 'Spoofed news sites; =cmd|calc', '2024-03-01T12:00:00Z', 'alice',"
	" '2024-03-02T08:30:00Z');"
	"INSERT INTO network_members(network_id, account_id, added_at,"
	" added_by, evidence) VALUES"
	" (1, 1, '2024-03-01T12:00:00Z', 'alice', '{\"seed\":true}'),"
	" (1, 2, '2024-03-01T12:00:00Z', 'alice',"
	"  '{\"hop\":1,\"links\":[{\"kind\":\"phone\",\"value\":"
	"\"79123456789\",\"hop\":1}],\"note\":\"\\u001b[2J' || char(8238) ||"
	"'\"}'),"
	" (1, 3, '2024-03-01T12:00:00Z', 'alice',"
	"  '{\"hop\":1,\"links\":[{\"kind\":\"domain\",\"value\":"
	"\"rrn.world\",\"hop\":1}]}'),"
	" (1, 4, '2024-03-01T12:05:00Z', 'bob', 'picked by hand');";

static struct case_db *
fixture_case(void)
{
	struct case_db	*c = tu_case_new();
	char		*cause = NULL;

	ck_assert_msg(case_exec(c, fixture, &cause) == 0, "%s", cause);
	return c;
}

/* The export of the fixture network in format f, as a string. */
static char *
export_text(struct case_db *c, enum export_format f, const char *team)
{
	struct export_opts	 o = { .team = team };
	char			*buf = NULL, *cause = NULL;
	size_t			 len = 0;
	FILE			*fp;

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	ck_assert_msg(export_network(c, "doppel-test", f, &o, fp, &cause) ==
	    0, "%s", cause);
	fclose(fp);
	return buf;
}

static void
golden(enum export_format f, const char *file)
{
	struct case_db	*c = fixture_case();
	char		*out = export_text(c, f, "Example Trust & Safety");
	char		*rel = xasprintf("tests/golden/export/%s", file);
	char		*path = tu_src(rel), *want;
	const char	*update = getenv("CIB_UPDATE_GOLDEN");
	size_t		 len;
	FILE		*fp;

	if (update != NULL && strcmp(update, "1") == 0) {
		fp = fopen(path, "w");
		ck_assert_msg(fp != NULL, "cannot write %s", path);
		fputs(out, fp);
		fclose(fp);
	}
	want = tu_slurp(path, &len);
	ck_assert_msg(want != NULL, "%s: missing golden file", path);
	ck_assert_msg(strcmp(out, want) == 0, "%s export differs from %s",
	    export_format_name(f), path);
	free(want);
	free(path);
	free(rel);
	free(out);
	case_close(c);
}

START_TEST(csv_matches_golden_file)
{
	golden(EXPORT_CSV, "network.csv");
}
END_TEST

START_TEST(json_matches_golden_file)
{
	golden(EXPORT_JSON, "network.json");
}
END_TEST

START_TEST(gexf_matches_golden_file)
{
	golden(EXPORT_GEXF, "network.gexf");
}
END_TEST

START_TEST(graphml_matches_golden_file)
{
	golden(EXPORT_GRAPHML, "network.graphml");
}
END_TEST

START_TEST(dot_matches_golden_file)
{
	golden(EXPORT_DOT, "network.dot");
}
END_TEST

START_TEST(stix_matches_golden_file)
{
	golden(EXPORT_STIX, "network.stix.json");
}
END_TEST

START_TEST(misp_matches_golden_file)
{
	golden(EXPORT_MISP, "network.misp.json");
}
END_TEST

START_TEST(markdown_matches_golden_file)
{
	golden(EXPORT_MARKDOWN, "network.md");
}
END_TEST

/* ---- JSON checks through SQLite's json functions ------------------- */

static sqlite3 *
json_db(void)
{
	sqlite3	*db;

	ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	return db;
}

/* One integer from sql with ?1 bound to doc. */
static long long
json_int(sqlite3 *db, const char *doc, const char *sql)
{
	sqlite3_stmt	*st;
	long long	 v;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, doc, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *
stix_bundle(void)
{
	struct case_db	*c = fixture_case();
	char		*doc = export_text(c, EXPORT_STIX, NULL);

	case_close(c);
	return doc;
}

START_TEST(stix_bundle_is_valid_json)
{
	sqlite3	*db = json_db();
	char	*doc = stix_bundle();

	ck_assert_int_eq(json_int(db, doc, "SELECT json_valid(?1)"), 1);
	ck_assert_int_eq(json_int(db, doc, "SELECT json_extract(?1, '$.type')"
	    " = 'bundle' AND json_extract(?1, '$.id') LIKE 'bundle--%'"), 1);
	free(doc);
	sqlite3_close(db);
}
END_TEST

START_TEST(stix_objects_have_required_fields)
{
	sqlite3	*db = json_db();
	char	*doc = stix_bundle();

	ck_assert_int_gt(json_int(db, doc, "SELECT count(*) FROM"
	    " json_each(?1, '$.objects')"), 10);
	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) FROM"
	    " json_each(?1, '$.objects') WHERE"
	    " json_extract(value, '$.type') IS NULL OR"
	    " json_extract(value, '$.id') NOT LIKE"
	    "  json_extract(value, '$.type') || '--%' OR"
	    " json_extract(value, '$.spec_version') IS NOT '2.1'"), 0);
	/* Domain objects and relationships carry created and modified. */
	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) FROM"
	    " json_each(?1, '$.objects') WHERE"
	    " json_extract(value, '$.type') <> 'user-account' AND"
	    " (json_extract(value, '$.created') IS NOT"
	    "  '2024-03-01T12:00:00.000Z' OR json_extract(value,"
	    "  '$.modified') IS NOT '2024-03-02T08:30:00.000Z')"), 0);
	free(doc);
	sqlite3_close(db);
}
END_TEST

START_TEST(stix_ids_are_unique)
{
	sqlite3	*db = json_db();
	char	*doc = stix_bundle();

	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) - count(DISTINCT"
	    " json_extract(value, '$.id')) FROM json_each(?1, '$.objects')"),
	    0);
	free(doc);
	sqlite3_close(db);
}
END_TEST

START_TEST(stix_references_point_into_the_bundle)
{
	sqlite3		*db = json_db();
	char		*doc = stix_bundle();
	const char	*refs = "FROM json_tree(?1) t WHERE t.type = 'text'"
	    " AND (t.key LIKE '%\\_ref' ESCAPE '\\' OR t.path LIKE"
	    " '%.object\\_refs' ESCAPE '\\')";
	char		*sql;

	sql = xasprintf("SELECT count(*) %s", refs);
	ck_assert_int_gt(json_int(db, doc, sql), 20);
	free(sql);
	sql = xasprintf("SELECT count(*) %s AND t.atom NOT IN (SELECT"
	    " json_extract(value, '$.id') FROM json_each(?1, '$.objects'))",
	    refs);
	ck_assert_int_eq(json_int(db, doc, sql), 0);
	free(sql);
	free(doc);
	sqlite3_close(db);
}
END_TEST

START_TEST(stix_grouping_names_every_object_but_the_identity)
{
	sqlite3	*db = json_db();
	char	*doc = stix_bundle();

	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) FROM json_each(?1,"
	    " '$.objects') o WHERE json_extract(o.value, '$.type') NOT IN"
	    " ('identity', 'grouping') AND json_extract(o.value, '$.id') NOT IN"
	    " (SELECT r.value FROM json_each(?1, '$.objects') g,"
	    " json_each(g.value, '$.object_refs') r WHERE"
	    " json_extract(g.value, '$.type') = 'grouping')"), 0);
	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) FROM json_each(?1,"
	    " '$.objects') WHERE json_extract(value, '$.type') = 'grouping'"
	    " AND json_extract(value, '$.labels[0]') = 'cib' AND"
	    " json_extract(value, '$.x_cibscope_target') = '[\"FR\",\"DE\"]'"),
	    1);
	free(doc);
	sqlite3_close(db);
}
END_TEST

START_TEST(stix_has_patterns_for_shared_infrastructure)
{
	sqlite3	*db = json_db();
	char	*doc = stix_bundle();

	ck_assert_int_eq(json_int(db, doc, "SELECT group_concat(p, ' ') ="
	    " '[domain-name:value = ''rrn.world''] [ipv4-addr:value ="
	    " ''203.0.113.7''] [url:value = ''http://rrn.world/a'']' FROM"
	    " (SELECT json_extract(value, '$.pattern') p FROM json_each(?1,"
	    " '$.objects') WHERE json_extract(value, '$.type') = 'indicator'"
	    " ORDER BY p)"), 1);
	free(doc);
	sqlite3_close(db);
}
END_TEST

START_TEST(stix_attack_patterns_reference_disarm)
{
	sqlite3	*db = json_db();
	char	*doc = stix_bundle();

	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) FROM json_each(?1,"
	    " '$.objects') WHERE json_extract(value, '$.type') ="
	    " 'attack-pattern' AND json_extract(value,"
	    " '$.external_references[0].source_name') = 'DISARM' AND"
	    " json_extract(value, '$.external_references[0].external_id') IN"
	    " ('T0007', 'T0097.101')"), 2);
	free(doc);
	sqlite3_close(db);
}
END_TEST

START_TEST(stix_user_accounts_carry_platform_ids)
{
	sqlite3	*db = json_db();
	char	*doc = stix_bundle();

	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) FROM json_each(?1,"
	    " '$.objects') WHERE json_extract(value, '$.type') ="
	    " 'user-account' AND json_extract(value, '$.user_id') IS NOT NULL"
	    " AND json_extract(value, '$.account_type') IN ('twitter',"
	    " 'facebook')"), 4);
	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) FROM json_each(?1,"
	    " '$.objects') WHERE json_extract(value, '$.user_id') = '1001' AND"
	    " json_extract(value, '$.account_created') ="
	    " '2023-01-05T10:00:00.000Z'"), 1);
	free(doc);
	sqlite3_close(db);
}
END_TEST

START_TEST(stix_identity_defaults_to_cibscope_user)
{
	sqlite3	*db = json_db();
	char	*doc = stix_bundle();

	ck_assert_int_eq(json_int(db, doc, "SELECT json_extract(?1,"
	    " '$.objects[0].name') = 'cibscope user'"), 1);
	free(doc);
	sqlite3_close(db);
}
END_TEST

START_TEST(misp_event_has_info_attributes_and_tags)
{
	struct case_db	*c = fixture_case();
	char		*doc = export_text(c, EXPORT_MISP, NULL);
	sqlite3		*db = json_db();

	ck_assert_int_eq(json_int(db, doc, "SELECT json_valid(?1)"), 1);
	ck_assert_int_eq(json_int(db, doc, "SELECT json_extract(?1,"
	    " '$.Event.info') = 'CIB network doppel-test (cib)'"), 1);
	ck_assert_int_eq(json_int(db, doc, "SELECT group_concat(t || '=' || v,"
	    " ' ') = 'domain=rrn.world ip-dst=203.0.113.7"
	    " phone-number=79123456789 url=http://rrn.world/a' FROM (SELECT"
	    " json_extract(value, '$.type') t, json_extract(value, '$.value')"
	    " v FROM json_each(?1, '$.Event.Attribute') ORDER BY t)"), 1);
	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) FROM json_each(?1,"
	    " '$.Event.Tag') WHERE json_extract(value, '$.name') ="
	    " 'misp-galaxy:disarm-techniques=\"Create Inauthentic"
	    " Social Media Pages and Groups\"'"), 1);
	/* No vocabulary names T0097.101: a plain tag, not a galaxy's. */
	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) FROM json_each(?1,"
	    " '$.Event.Tag') WHERE json_extract(value, '$.name') ="
	    " 'disarm:technique=\"T0097.101\"'"), 1);
	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) FROM json_each(?1,"
	    " '$.Event.Object') WHERE json_extract(value, '$.template_uuid') ="
	    " '49606b06-22f0-4ac8-8eee-2f12ad46f3d3'"), 4);
	ck_assert_int_eq(json_int(db, doc, "SELECT json_array_length(?1,"
	    " '$.Event.Object')"), 4);
	ck_assert_int_eq(json_int(db, doc, "SELECT json_extract(?1,"
	    " '$.Event.date') = '2024-03-01'"), 1);
	free(doc);
	sqlite3_close(db);
	case_close(c);
}
END_TEST

START_TEST(misp_galaxy_file_gives_cluster_values)
{
	struct case_db		*c = fixture_case();
	char			*path, *doc = NULL, *cause = NULL;
	struct export_opts	 o = { .team = NULL };
	size_t			 len = 0;
	sqlite3			*db;
	FILE			*fp;

	path = tu_data("misp/galaxy/clusters_disarm-techniques.json");
	if (path == NULL) {
		case_close(c);
		return;
	}
	o.misp_galaxy = path;
	fp = open_memstream(&doc, &len);
	ck_assert_msg(export_network(c, "doppel-test", EXPORT_MISP, &o, fp,
	    &cause) == 0, "%s", cause);
	fclose(fp);
	db = json_db();
	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) FROM json_each(?1,"
	    " '$.Event.Tag') WHERE json_extract(value, '$.name') ="
	    " 'misp-galaxy:disarm-techniques=\"Create Inauthentic"
	    " Social Media Pages and Groups\"'"), 1);
	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) FROM json_each(?1,"
	    " '$.Event.Tag') WHERE json_extract(value, '$.name') LIKE"
	    " 'misp-galaxy:%'"), 1);
	free(doc);
	sqlite3_close(db);
	/* A file that is not the cluster file is refused. */
	o.misp_galaxy = tu_write("galaxy.json", "{\"type\": \"other\"}");
	fp = tmpfile();
	ck_assert_int_eq(export_network(c, "doppel-test", EXPORT_MISP, &o, fp,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not MISP's disarm-techniques"));
	fclose(fp);
	free(cause);
	free((char *)o.misp_galaxy);
	free(path);
	case_close(c);
}
END_TEST

START_TEST(stix_network_is_an_intrusion_set_that_uses_its_techniques)
{
	sqlite3	*db = json_db();
	char	*doc = stix_bundle();

	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) FROM json_each(?1,"
	    " '$.objects') r, json_each(?1, '$.objects') s, json_each(?1,"
	    " '$.objects') t WHERE json_extract(r.value, '$.type') ="
	    " 'relationship' AND json_extract(r.value, '$.relationship_type') ="
	    " 'uses' AND json_extract(s.value, '$.id') = json_extract(r.value,"
	    " '$.source_ref') AND json_extract(s.value, '$.type') ="
	    " 'intrusion-set' AND json_extract(t.value, '$.id') ="
	    " json_extract(r.value, '$.target_ref') AND json_extract(t.value,"
	    " '$.type') = 'attack-pattern'"), 3);
	/* Each of the three indicators indicates the intrusion-set. */
	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) FROM json_each(?1,"
	    " '$.objects') WHERE json_extract(value, '$.relationship_type') ="
	    " 'indicates' AND json_extract(value, '$.target_ref') LIKE"
	    " 'intrusion-set--%'"), 3);
	ck_assert_int_eq(json_int(db, doc, "SELECT count(*) FROM json_each(?1,"
	    " '$.objects') WHERE json_extract(value, '$.type') ="
	    " 'observed-data' AND json_array_length(value, '$.object_refs') ="
	    " 4"), 1);
	/* T0007's tactic is known; T0097.101's is not. */
	ck_assert_int_eq(json_int(db, doc, "SELECT (SELECT group_concat(k, ' ')"
	    " FROM (SELECT json_extract(value,"
	    " '$.kill_chain_phases[0].kill_chain_name') || ':' ||"
	    " json_extract(value, '$.kill_chain_phases[0].phase_name') k FROM"
	    " json_each(?1, '$.objects') WHERE json_extract(value,"
	    " '$.kill_chain_phases') IS NOT NULL)) = 'disarm:establish-assets'"),
	    1);
	free(doc);
	sqlite3_close(db);
}
END_TEST

START_TEST(json_export_is_valid_json_with_evidence_objects)
{
	struct case_db	*c = fixture_case();
	char		*doc = export_text(c, EXPORT_JSON, NULL);
	sqlite3		*db = json_db();

	ck_assert_int_eq(json_int(db, doc, "SELECT json_valid(?1)"), 1);
	ck_assert_int_eq(json_int(db, doc, "SELECT json_extract(?1,"
	    " '$.members[3].evidence.links[0].value') = '79123456789'"), 1);
	ck_assert_int_eq(json_int(db, doc, "SELECT json_extract(?1,"
	    " '$.members[1].evidence') = 'picked by hand'"), 1);
	free(doc);
	sqlite3_close(db);
	case_close(c);
}
END_TEST

START_TEST(csv_cells_that_look_like_formulas_are_prefixed)
{
	struct case_db	*c = fixture_case();
	char		*csv = export_text(c, EXPORT_CSV, NULL);

	ck_assert_ptr_nonnull(strstr(csv, ",\"'=HYPERLINK("));
	ck_assert_ptr_nonnull(strstr(csv, ",'-2+3,"));
	ck_assert_ptr_null(strstr(csv, ",=HYPERLINK"));
	ck_assert_ptr_null(strstr(csv, ",\"=HYPERLINK"));
	ck_assert_ptr_null(strstr(csv, ",-2+3,"));
	free(csv);
	case_close(c);
}
END_TEST

static bool
contains_ci(const char *hay, const char *needle)
{
	char	*low = xstrdup(hay), *p;
	bool	 found;

	for (p = low; *p != '\0'; p++)
		*p = (char)ascii_tolower((unsigned char)*p);
	found = strstr(low, needle) != NULL;
	free(low);
	return found;
}

START_TEST(hostile_text_never_leaves_raw)
{
	struct case_db	*c = fixture_case();
	enum export_format f;

	for (f = EXPORT_CSV; f <= EXPORT_MARKDOWN; f++) {
		char *out = export_text(c, f, NULL);

		ck_assert_msg(strchr(out, 0x1b) == NULL, "ESC in %s",
		    export_format_name(f));
		ck_assert_msg(strstr(out, "\xe2\x80\xae") == NULL,
		    "U+202E in %s", export_format_name(f));
		ck_assert_msg(!contains_ci(out, "\\u001b") &&
		    !contains_ci(out, "\\u202e"),
		    "escaped control in %s", export_format_name(f));
		ck_assert_msg(strstr(out, "U+202E") != NULL,
		    "bidi marker missing in %s", export_format_name(f));
		free(out);
	}
	case_close(c);
}
END_TEST

START_TEST(export_is_audited)
{
	struct case_db	*c = fixture_case();
	char		*out = export_text(c, EXPORT_STIX, NULL);

	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit WHERE action ="
	    " 'export' AND target = 'doppel-test' AND json_extract(detail,"
	    " '$.format') = 'stix'"), 1);
	free(out);
	case_close(c);
}
END_TEST

START_TEST(exporting_twice_gives_the_same_bytes)
{
	struct case_db	*c = fixture_case();
	char		*a = export_text(c, EXPORT_STIX, "Team");
	char		*b = export_text(c, EXPORT_STIX, "Team");

	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	case_close(c);
}
END_TEST

START_TEST(unknown_network_is_refused)
{
	struct case_db	*c = fixture_case();
	char		*cause = NULL;
	FILE		*fp = tmpfile();

	ck_assert_int_eq(export_network(c, "nope", EXPORT_CSV, NULL, fp,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "no network named \"nope\""));
	ck_assert_int_eq(tu_int(c, "SELECT count(*) FROM audit WHERE action ="
	    " 'export'"), 0);
	free(cause);
	fclose(fp);
	case_close(c);
}
END_TEST

START_TEST(format_names_parse)
{
	ck_assert_int_eq(export_format_parse("stix"), EXPORT_STIX);
	ck_assert_int_eq(export_format_parse("md"), EXPORT_MARKDOWN);
	ck_assert_int_eq(export_format_parse("graphml"), EXPORT_GRAPHML);
	ck_assert_int_eq(export_format_parse("xlsx"), -1);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("export");
	TCase	*tc;

	tc = tcase_create("golden");
	tcase_add_test(tc, csv_matches_golden_file);
	tcase_add_test(tc, json_matches_golden_file);
	tcase_add_test(tc, gexf_matches_golden_file);
	tcase_add_test(tc, graphml_matches_golden_file);
	tcase_add_test(tc, dot_matches_golden_file);
	tcase_add_test(tc, stix_matches_golden_file);
	tcase_add_test(tc, misp_matches_golden_file);
	tcase_add_test(tc, markdown_matches_golden_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("stix");
	tcase_add_test(tc, stix_bundle_is_valid_json);
	tcase_add_test(tc, stix_objects_have_required_fields);
	tcase_add_test(tc, stix_ids_are_unique);
	tcase_add_test(tc, stix_references_point_into_the_bundle);
	tcase_add_test(tc, stix_grouping_names_every_object_but_the_identity);
	tcase_add_test(tc, stix_has_patterns_for_shared_infrastructure);
	tcase_add_test(tc, stix_attack_patterns_reference_disarm);
	tcase_add_test(tc, stix_user_accounts_carry_platform_ids);
	tcase_add_test(tc, stix_identity_defaults_to_cibscope_user);
	tcase_add_test(tc, stix_network_is_an_intrusion_set_that_uses_its_techniques);
	suite_add_tcase(s, tc);

	tc = tcase_create("formats");
	tcase_add_test(tc, misp_event_has_info_attributes_and_tags);
	tcase_add_test(tc, misp_galaxy_file_gives_cluster_values);
	tcase_add_test(tc, json_export_is_valid_json_with_evidence_objects);
	tcase_add_test(tc, csv_cells_that_look_like_formulas_are_prefixed);
	tcase_add_test(tc, hostile_text_never_leaves_raw);
	tcase_add_test(tc, export_is_audited);
	tcase_add_test(tc, exporting_twice_gives_the_same_bytes);
	tcase_add_test(tc, unknown_network_is_refused);
	tcase_add_test(tc, format_names_parse);
	suite_add_tcase(s, tc);
	return s;
}
