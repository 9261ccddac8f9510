/*
 * test_query_path.c: the saved-query search path: which directory wins,
 * how the listing marks what is overridden, names that may not be looked
 * up, and the symlink rule.
 */
#include "config.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "query.h"
#include "query_path.h"
#include "util.h"

/* Make tmpdir/rel and return its path. */
static char *
make_dir(const char *rel)
{
	char	*path = tu_path(rel);

	ck_assert_int_eq(mkdir(path, 0755), 0);
	return path;
}

/* Write a query NAME titled TITLE as tmpdir/rel. */
static void
write_query(const char *rel, const char *name, const char *title)
{
	char	*text, *path;

	text = xasprintf("cibscope: 1\nname: %s\ntitle: %s\n", name, title);
	path = tu_write(rel, text);
	free(path);
	free(text);
}

/*
 * Four directories, each holding a query "q": user (XDG), two from
 * $CIBSCOPE_QUERY_PATH, and one passed by the caller.
 */
static char *extra_dir;

static void
setup_four_dirs(void)
{
	char	*xdg, *env;

	free(make_dir("xdg"));
	free(make_dir("xdg/cibscope"));
	free(make_dir("xdg/cibscope/queries"));
	free(make_dir("env1"));
	free(make_dir("env2"));
	extra_dir = make_dir("extra");
	write_query("xdg/cibscope/queries/q.yaml", "q", "from user");
	write_query("env1/q.yaml", "q", "from env1");
	write_query("env2/q.yaml", "q", "from env2");
	write_query("extra/q.yaml", "q", "from extra");
	write_query("env1/only1.yaml", "only1", "only in env1");
	xdg = tu_path("xdg");
	env = xasprintf("%s/env1::%s/env2", tu_tmpdir(), tu_tmpdir());
	setenv("XDG_CONFIG_HOME", xdg, 1);
	setenv("CIBSCOPE_QUERY_PATH", env, 1);
	free(env);
	free(xdg);
}

START_TEST(search_path_is_shipped_user_env_extra)
{
	const char		*extra[] = { "/x" };
	struct query_dir	*d;
	size_t			 n;
	char			*want;

	setup_four_dirs();
	d = query_path_dirs(extra, 1, &n);
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(d[0].origin, QUERY_DIR_SHIPPED);
	ck_assert_str_eq(d[0].path, CIB_PKGDATADIR "/queries");
	ck_assert_int_eq(d[1].origin, QUERY_DIR_USER);
	want = xasprintf("%s/xdg/cibscope/queries", tu_tmpdir());
	ck_assert_str_eq(d[1].path, want);
	free(want);
	ck_assert_int_eq(d[2].origin, QUERY_DIR_ENV);
	ck_assert_int_eq(d[3].origin, QUERY_DIR_ENV);
	want = xasprintf("%s/env2", tu_tmpdir());
	ck_assert_str_eq(d[3].path, want);
	free(want);
	ck_assert_int_eq(d[4].origin, QUERY_DIR_EXTRA);
	ck_assert_str_eq(d[4].path, "/x");
	query_dirs_free(d, n);
}
END_TEST

START_TEST(without_xdg_config_home_user_dir_is_under_home)
{
	struct query_dir	*d;
	size_t			 n;

	unsetenv("XDG_CONFIG_HOME");
	unsetenv("CIBSCOPE_QUERY_PATH");
	setenv("HOME", "/home/ana", 1);
	d = query_path_dirs(NULL, 0, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(d[1].path, "/home/ana/.config/cibscope/queries");
	query_dirs_free(d, n);
}
END_TEST

START_TEST(extra_dir_wins_over_all)
{
	const char	*extra[1];
	char		*file, *want;

	setup_four_dirs();
	extra[0] = extra_dir;
	file = query_path_find_name("q", extra, 1, NULL);
	want = xasprintf("%s/q.yaml", extra_dir);
	ck_assert_str_eq(file, want);
	free(want);
	free(file);
}
END_TEST

START_TEST(later_env_dir_wins_over_earlier_and_user)
{
	char	*file, *want;

	setup_four_dirs();
	file = query_path_find_name("q", NULL, 0, NULL);
	want = xasprintf("%s/env2/q.yaml", tu_tmpdir());
	ck_assert_str_eq(file, want);
	free(want);
	free(file);
}
END_TEST

START_TEST(name_found_only_in_an_early_dir_is_found)
{
	const char	*extra[1];
	struct query	*q;

	setup_four_dirs();
	extra[0] = extra_dir;
	q = query_path_load("only1", extra, 1, NULL);
	ck_assert_ptr_nonnull(q);
	ck_assert_str_eq(q->title, "only in env1");
	query_free(q);
}
END_TEST

START_TEST(listing_marks_overridden_files_and_the_winner)
{
	const char		*extra[1];
	struct query_list	*l;
	size_t			 i;

	setup_four_dirs();
	extra[0] = extra_dir;
	l = query_path_list(extra, 1);
	/* only1, then q four times: user, env1, env2 and extra. */
	ck_assert_uint_eq(l->nentries, 5);
	ck_assert_str_eq(l->entries[0].name, "only1");
	ck_assert(!l->entries[0].overridden);
	for (i = 1; i < 4; i++) {
		ck_assert_str_eq(l->entries[i].name, "q");
		ck_assert(l->entries[i].overridden);
		ck_assert_uint_eq(l->entries[i].winner, 4);
	}
	ck_assert_int_eq(l->dirs[l->entries[1].dir].origin, QUERY_DIR_USER);
	ck_assert_str_eq(l->entries[1].title, "from user");
	ck_assert_str_eq(l->entries[4].title, "from extra");
	ck_assert(!l->entries[4].overridden);
	ck_assert_int_eq(l->dirs[l->entries[4].dir].origin, QUERY_DIR_EXTRA);
	ck_assert_uint_eq(l->nwarnings, 0);
	query_list_free(l);
}
END_TEST

START_TEST(yaml_wins_over_yml_in_one_dir)
{
	char		*dir = make_dir("d"), *file;
	const char	*extra[] = { dir };

	unsetenv("CIBSCOPE_QUERY_PATH");
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	write_query("d/q.yml", "q", "yml");
	write_query("d/q.yaml", "q", "yaml");
	file = query_path_find_name("q", extra, 1, NULL);
	ck_assert_ptr_nonnull(strstr(file, "/d/q.yaml"));
	free(file);
	free(dir);
}
END_TEST

START_TEST(name_lookup_refuses_dot_dot)
{
	char	*cause = NULL;

	ck_assert_ptr_null(query_path_find_name("../x", NULL, 0, &cause));
	ck_assert_str_eq(cause, "\"../x\" is not a query name (a name cannot "
	    "hold '/' or '..')");
	free(cause);
	cause = NULL;
	ck_assert_ptr_null(query_path_find_name("a..b", NULL, 0, &cause));
	free(cause);
}
END_TEST

START_TEST(name_lookup_refuses_slashes)
{
	char	*cause = NULL;

	ck_assert_ptr_null(query_path_find_name("etc/passwd", NULL, 0,
	    &cause));
	ck_assert_str_eq(cause, "\"etc/passwd\" is not a query name (a name "
	    "cannot hold '/' or '..')");
	free(cause);
}
END_TEST

START_TEST(name_lookup_refuses_names_outside_the_pattern)
{
	char	*cause = NULL;

	ck_assert_ptr_null(query_path_find_name("Shared", NULL, 0, &cause));
	ck_assert_str_eq(cause, "\"Shared\" is not a query name (use "
	    "lower-case letters, digits, '_' and '-')");
	free(cause);
}
END_TEST

START_TEST(unknown_name_says_where_it_looked)
{
	const char	*extra[] = { "/nowhere" };
	char		*cause = NULL;

	unsetenv("CIBSCOPE_QUERY_PATH");
	setenv("XDG_CONFIG_HOME", "/cfg", 1);
	ck_assert_ptr_null(query_path_find_name("nope", extra, 1, &cause));
	ck_assert_str_eq(cause, "no saved query named \"nope\" (searched "
	    CIB_PKGDATADIR "/queries, /cfg/cibscope/queries, /nowhere)");
	free(cause);
}
END_TEST

START_TEST(paths_and_names_are_told_apart)
{
	ck_assert(query_path_is_file("q.yaml"));
	ck_assert(query_path_is_file("q.yml"));
	ck_assert(query_path_is_file("./q"));
	ck_assert(query_path_is_file("../x"));
	ck_assert(!query_path_is_file("shared-phone"));
}
END_TEST

START_TEST(scan_keeps_only_yaml_files)
{
	struct query_files	 f;
	char			*dir = make_dir("s");

	write_query("s/b.yaml", "b", "b");
	write_query("s/a.yml", "a", "a");
	write_query("s/notes.txt", "x", "x");
	write_query("s/.hidden.yaml", "x", "x");
	ck_assert_int_eq(query_files_scan(dir, &f, NULL), 0);
	ck_assert_uint_eq(f.nfiles, 2);
	ck_assert_ptr_nonnull(strstr(f.files[0], "/s/a.yml"));
	ck_assert_ptr_nonnull(strstr(f.files[1], "/s/b.yaml"));
	ck_assert_uint_eq(f.nwarnings, 0);
	query_files_free(&f);
	free(dir);
}
END_TEST

START_TEST(symlink_inside_its_dir_is_followed)
{
	struct query_files	 f;
	char			*dir = make_dir("s"), *link;

	free(make_dir("s/sub"));
	write_query("s/sub/real.yaml", "alias", "a");
	link = tu_path("s/alias.yaml");
	ck_assert_int_eq(symlink("sub/real.yaml", link), 0);
	ck_assert_int_eq(query_files_scan(dir, &f, NULL), 0);
	ck_assert_uint_eq(f.nfiles, 1);
	ck_assert_str_eq(f.files[0], link);
	ck_assert_uint_eq(f.nwarnings, 0);
	query_files_free(&f);
	free(link);
	free(dir);
}
END_TEST

START_TEST(symlink_leaving_its_dir_is_skipped_with_a_warning)
{
	struct query_files	 f;
	char			*dir = make_dir("s"), *link;

	free(make_dir("elsewhere"));
	write_query("elsewhere/evil.yaml", "evil", "e");
	link = tu_path("s/evil.yaml");
	ck_assert_int_eq(symlink("../elsewhere/evil.yaml", link), 0);
	ck_assert_int_eq(query_files_scan(dir, &f, NULL), 0);
	ck_assert_uint_eq(f.nfiles, 0);
	ck_assert_uint_eq(f.nwarnings, 1);
	ck_assert_ptr_nonnull(strstr(f.warnings[0], "evil.yaml: symlink "
	    "leads outside"));
	query_files_free(&f);
	free(link);
	free(dir);
}
END_TEST

START_TEST(symlink_leaving_its_dir_is_not_found_by_name)
{
	char		*dir = make_dir("s"), *link, *cause = NULL;
	const char	*extra[] = { dir };

	unsetenv("CIBSCOPE_QUERY_PATH");
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	free(make_dir("elsewhere"));
	write_query("elsewhere/evil.yaml", "evil", "e");
	link = tu_path("s/evil.yaml");
	ck_assert_int_eq(symlink("../elsewhere/evil.yaml", link), 0);
	ck_assert_ptr_null(query_path_find_name("evil", extra, 1, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "no saved query named \"evil\""));
	free(cause);
	free(link);
	free(dir);
}
END_TEST

START_TEST(dangling_symlink_is_skipped_with_a_warning)
{
	struct query_files	 f;
	char			*dir = make_dir("s"), *link;

	link = tu_path("s/gone.yaml");
	ck_assert_int_eq(symlink("nothing.yaml", link), 0);
	ck_assert_int_eq(query_files_scan(dir, &f, NULL), 0);
	ck_assert_uint_eq(f.nfiles, 0);
	ck_assert_uint_eq(f.nwarnings, 1);
	ck_assert_ptr_nonnull(strstr(f.warnings[0], "gone.yaml: symlink to "
	    "nowhere"));
	query_files_free(&f);
	free(link);
	free(dir);
}
END_TEST

START_TEST(directory_named_yaml_is_skipped_with_a_warning)
{
	struct query_files	 f;
	char			*dir = make_dir("s");

	free(make_dir("s/odd.yaml"));
	ck_assert_int_eq(query_files_scan(dir, &f, NULL), 0);
	ck_assert_uint_eq(f.nfiles, 0);
	ck_assert_uint_eq(f.nwarnings, 1);
	ck_assert_ptr_nonnull(strstr(f.warnings[0], "odd.yaml: not a "
	    "regular file; skipped"));
	query_files_free(&f);
	free(dir);
}
END_TEST

START_TEST(unreadable_file_is_skipped_with_a_warning)
{
	struct query_files	 f;
	char			*dir, *path;

	if (geteuid() == 0)
		return;		/* root reads anything */
	dir = make_dir("s");
	write_query("s/secret.yaml", "secret", "s");
	path = tu_path("s/secret.yaml");
	chmod(path, 0);
	ck_assert_int_eq(query_files_scan(dir, &f, NULL), 0);
	ck_assert_uint_eq(f.nfiles, 0);
	ck_assert_uint_eq(f.nwarnings, 1);
	ck_assert_ptr_nonnull(strstr(f.warnings[0], "secret.yaml: cannot "
	    "read"));
	query_files_free(&f);
	free(path);
	free(dir);
}
END_TEST

START_TEST(listing_keeps_a_broken_query_with_its_error)
{
	char			*dir = make_dir("d");
	const char		*extra[] = { dir };
	struct query_list	*l;

	unsetenv("CIBSCOPE_QUERY_PATH");
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	free(tu_write("d/bad.yaml", "cibscope: 1\nname: bad\npivto: x\n"));
	l = query_path_list(extra, 1);
	ck_assert_uint_eq(l->nentries, 1);
	ck_assert_str_eq(l->entries[0].name, "bad");
	ck_assert_ptr_null(l->entries[0].title);
	ck_assert_ptr_nonnull(l->entries[0].error);
	ck_assert_ptr_nonnull(strstr(l->entries[0].error, "bad.yaml:3:1: "
	    "unknown key \"pivto\"; did you mean \"pivot\"?"));
	query_list_free(l);
	free(dir);
}
END_TEST

START_TEST(name_must_match_the_file_name)
{
	char	*path, *cause = NULL, *want;

	path = tu_write("one.yaml", "cibscope: 1\n# x\nname:   two\n");
	ck_assert_ptr_null(query_path_check_file(path, &cause));
	want = xasprintf("%s:3:9: name \"two\" does not match the file name; "
	    "it would be found as \"one\"", path);
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
	free(path);
}
END_TEST

START_TEST(loading_by_path_ignores_the_search_path)
{
	struct query	*q;
	char		*path;

	path = tu_write("x.yaml", "cibscope: 1\nname: y\n");
	q = query_path_load(path, NULL, 0, NULL);
	ck_assert_ptr_nonnull(q);
	ck_assert_str_eq(q->name, "y");
	query_free(q);
	free(path);
}
END_TEST

Suite *
test_suite(void)
{
	Suite	*s = suite_create("query_path");
	TCase	*order = tcase_create("precedence");
	TCase	*names = tcase_create("names");
	TCase	*files = tcase_create("files");

	tcase_add_test(order, search_path_is_shipped_user_env_extra);
	tcase_add_test(order, without_xdg_config_home_user_dir_is_under_home);
	tcase_add_test(order, extra_dir_wins_over_all);
	tcase_add_test(order, later_env_dir_wins_over_earlier_and_user);
	tcase_add_test(order, name_found_only_in_an_early_dir_is_found);
	tcase_add_test(order, listing_marks_overridden_files_and_the_winner);
	tcase_add_test(order, yaml_wins_over_yml_in_one_dir);
	suite_add_tcase(s, order);

	tcase_add_test(names, name_lookup_refuses_dot_dot);
	tcase_add_test(names, name_lookup_refuses_slashes);
	tcase_add_test(names, name_lookup_refuses_names_outside_the_pattern);
	tcase_add_test(names, unknown_name_says_where_it_looked);
	tcase_add_test(names, paths_and_names_are_told_apart);
	tcase_add_test(names, name_must_match_the_file_name);
	tcase_add_test(names, loading_by_path_ignores_the_search_path);
	suite_add_tcase(s, names);

	tcase_add_test(files, scan_keeps_only_yaml_files);
	tcase_add_test(files, symlink_inside_its_dir_is_followed);
	tcase_add_test(files, symlink_leaving_its_dir_is_skipped_with_a_warning);
	tcase_add_test(files, symlink_leaving_its_dir_is_not_found_by_name);
	tcase_add_test(files, dangling_symlink_is_skipped_with_a_warning);
	tcase_add_test(files, directory_named_yaml_is_skipped_with_a_warning);
	tcase_add_test(files, unreadable_file_is_skipped_with_a_warning);
	tcase_add_test(files, listing_keeps_a_broken_query_with_its_error);
	suite_add_tcase(s, files);
	return s;
}
