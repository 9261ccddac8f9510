/*
 * test_theme.c: colour themes: the shipped files, the built-in default,
 * colour reduction for 256, 16, 8 and no colours, inheritance between
 * roles, the search path, and the FILE:LINE:COL: message each kind of bad
 * theme file gets.
 */
#include "config.h"
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "theme.h"
#include "util.h"

static const char *const shipped[] = {
	"default", "light", "high-contrast", "colorblind", "monochrome",
	"presentation"
};

static struct theme *
load_ok(const char *text)
{
	struct theme	*t;
	char		*cause = NULL;

	t = theme_load_string(text, strlen(text), "t.yaml", NULL, &cause);
	ck_assert_msg(t != NULL, "theme_load_string: %s", cause);
	return t;
}

/* Loading text fails with exactly want. */
static void
load_fails(const char *text, const char *want)
{
	struct theme	*t;
	char		*cause = NULL;

	t = theme_load_string(text, strlen(text), "t.yaml", NULL, &cause);
	ck_assert_ptr_null(t);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, want);
	free(cause);
}

static struct theme_color
color(const char *s)
{
	struct theme_color	c;

	ck_assert_msg(theme_color_parse(s, &c), "parse %s", s);
	return c;
}

static bool
same_color(struct theme_color a, struct theme_color b)
{
	char	sa[32], sb[32];

	theme_color_format(a, sa, sizeof sa);
	theme_color_format(b, sb, sizeof sb);
	return strcmp(sa, sb) == 0;
}

/* ---- shipped themes and the built-in default ------------------------- */

START_TEST(every_shipped_theme_loads)
{
	struct theme	*t;
	char		*rel, *path, *cause;
	size_t		 i;

	for (i = 0; i < nitems(shipped); i++) {
		rel = xasprintf("themes/%s.yaml", shipped[i]);
		path = tu_src(rel);
		cause = NULL;
		t = theme_load_file(path, &cause);
		ck_assert_msg(t != NULL, "%s: %s", shipped[i], cause);
		ck_assert_str_eq(t->name, shipped[i]);
		ck_assert_ptr_nonnull(t->description);
		theme_free(t);
		free(path);
		free(rel);
	}
}
END_TEST

START_TEST(shipped_default_equals_builtin)
{
	struct theme	*file, *builtin;
	char		*path = tu_src("themes/default.yaml"), *cause = NULL;
	size_t		 i;

	file = theme_load_file(path, &cause);
	ck_assert_msg(file != NULL, "%s", cause);
	builtin = theme_builtin_default();
	ck_assert_str_eq(file->description, builtin->description);
	for (i = 0; i < THEME_NROLES; i++) {
		ck_assert_msg(same_color(file->roles[i].fg,
		    builtin->roles[i].fg), "%s fg", theme_role_names[i]);
		ck_assert_msg(same_color(file->roles[i].bg,
		    builtin->roles[i].bg), "%s bg", theme_role_names[i]);
		ck_assert_msg(file->roles[i].attrs == builtin->roles[i].attrs,
		    "%s attrs", theme_role_names[i]);
		ck_assert_msg(file->roles[i].mono == builtin->roles[i].mono,
		    "%s mono", theme_role_names[i]);
	}
	theme_free(file);
	theme_free(builtin);
	free(path);
}
END_TEST

START_TEST(builtin_default_sets_every_role)
{
	struct theme	*t = theme_builtin_default();
	size_t		 i;

	ck_assert_str_eq(t->name, "default");
	ck_assert_ptr_null(t->file);
	for (i = 0; i < THEME_NROLES; i++) {
		ck_assert(t->roles[i].fg.kind != THEME_COLOR_UNSET);
		ck_assert(t->roles[i].bg.kind != THEME_COLOR_UNSET);
	}
	ck_assert_uint_eq(t->roles[THEME_SELECTED].mono, THEME_REVERSE);
	theme_free(t);
}
END_TEST

/* Every key the screen's tui/roles.h names is a theme role. */
START_TEST(screen_roles_are_theme_roles)
{
	static const char *const keys[] = {
#define ROLE(e, k) k,
#include "../../tui/roles.h"
#undef ROLE
	};
	size_t	i;

	for (i = 0; i < nitems(keys); i++)
		ck_assert_msg(theme_role_find(keys[i]) >= 0, "%s", keys[i]);
}
END_TEST

START_TEST(role_parents_come_first)
{
	size_t	i;

	for (i = 0; i < THEME_NROLES; i++)
		ck_assert((size_t)theme_role_parent((enum theme_role)i) <= i);
	ck_assert_int_eq(theme_role_find("label-cib"), THEME_LABEL_CIB);
	ck_assert_int_eq(theme_role_find("nope"), -1);
}
END_TEST

/* ---- colours ----------------------------------------------------------- */

START_TEST(pure_red_maps_to_196_and_ansi_red)
{
	ck_assert_int_eq(theme_color_256(color("#ff0000")), 196);
	ck_assert_int_eq(theme_color_16(color("#ff0000")), 9);
	ck_assert_int_eq(theme_color_8(color("#ff0000")), 1);
}
END_TEST

START_TEST(rgb_maps_to_the_nearest_cube_or_grey)
{
	ck_assert_int_eq(theme_color_256(color("#000000")), 16);
	ck_assert_int_eq(theme_color_256(color("#ffffff")), 231);
	ck_assert_int_eq(theme_color_256(color("#5fafff")), 75);
	ck_assert_int_eq(theme_color_256(color("#808080")), 244);
	ck_assert_int_eq(theme_color_256(color("#303030")), 236);
	ck_assert_int_eq(theme_color_256(color("#f0f")), 201);
	/* Okabe-Ito orange: #d7af00 is nearer than #ffaf00. */
	ck_assert_int_eq(theme_color_256(color("#e69f00")), 178);
}
END_TEST

START_TEST(rgb_maps_to_the_nearest_of_eight)
{
	/* Greys go to black or white, never to a hue. */
	ck_assert_int_eq(theme_color_8(color("#808080")), 7);
	ck_assert_int_eq(theme_color_8(color("#585858")), 7);
	ck_assert_int_eq(theme_color_8(color("#3a3a3a")), 0);
	ck_assert_int_eq(theme_color_16(color("#808080")), 8);
	ck_assert_int_eq(theme_color_8(color("#000000")), 0);
	ck_assert_int_eq(theme_color_8(color("#ffffff")), 7);
	ck_assert_int_eq(theme_color_8(color("#005f87")), 6);
	ck_assert_int_eq(theme_color_8(color("#0000af")), 4);
	ck_assert_int_eq(theme_color_8(color("#e69f00")), 3);
	ck_assert_int_eq(theme_color_8(color("#56b4e9")), 6);
	ck_assert_int_eq(theme_color_8(color("#303030")), 0);
}
END_TEST

START_TEST(indexes_and_names_reduce_for_small_terminals)
{
	ck_assert_int_eq(theme_color_256(color("red")), 1);
	ck_assert_int_eq(theme_color_256(color("196")), 196);
	ck_assert_int_eq(theme_color_8(color("196")), 1);
	ck_assert_int_eq(theme_color_16(color("196")), 9);
	ck_assert_int_eq(theme_color_8(color("bright-green")), 2);
	/* Grey is nearer white than black: text stays visible. */
	ck_assert_int_eq(theme_color_8(color("bright-black")), 7);
	ck_assert_int_eq(theme_color_8(color("232")), 0);
}
END_TEST

START_TEST(default_colour_is_minus_one_everywhere)
{
	ck_assert_int_eq(theme_color_256(color("default")), -1);
	ck_assert_int_eq(theme_color_16(color("default")), -1);
	ck_assert_int_eq(theme_color_8(color("default")), -1);
}
END_TEST

START_TEST(colour_words_that_are_not_colours_are_refused)
{
	struct theme_color	c;

	ck_assert(!theme_color_parse("256", &c));
	ck_assert(!theme_color_parse("#12345", &c));
	ck_assert(!theme_color_parse("#gg0000", &c));
	ck_assert(!theme_color_parse("purple", &c));
	ck_assert(!theme_color_parse("", &c));
	ck_assert(!theme_color_parse("-1", &c));
}
END_TEST

/* ---- the model --------------------------------------------------------- */

START_TEST(palette_reference_gives_the_palette_colour)
{
	struct theme	*t = load_ok(
	    "palette:\n"
	    "  accent: \"#ff0000\"\n"
	    "roles:\n"
	    "  title: {fg: $accent}\n");

	ck_assert_uint_eq(t->npalette, 1);
	ck_assert_str_eq(t->palette[0].name, "accent");
	ck_assert_int_eq(t->roles[THEME_TITLE].fg.kind, THEME_COLOR_RGB);
	ck_assert_int_eq(theme_color_256(t->roles[THEME_TITLE].fg), 196);
	theme_free(t);
}
END_TEST

START_TEST(scalar_role_is_its_foreground)
{
	struct theme	*t = load_ok("roles:\n  hub: bright-red\n");

	ck_assert_int_eq(theme_color_256(t->roles[THEME_HUB].fg), 9);
	theme_free(t);
}
END_TEST

START_TEST(omitted_role_inherits_its_parent)
{
	struct theme	*t = load_ok(
	    "roles:\n"
	    "  selected: {fg: black, bg: cyan, bold: true}\n");

	ck_assert_int_eq(theme_color_256(t->roles[THEME_CURSOR].bg), 6);
	ck_assert_int_eq(theme_color_256(t->roles[THEME_SELECTED_INACTIVE].fg),
	    0);
	ck_assert_uint_eq(t->roles[THEME_CURSOR].attrs, THEME_BOLD);
	theme_free(t);
}
END_TEST

START_TEST(unset_field_inherits_and_set_field_overrides)
{
	struct theme	*t = load_ok(
	    "roles:\n"
	    "  text: {fg: white, bg: blue}\n"
	    "  title: {fg: yellow, bold: true}\n"
	    "  help-key: {bold: false}\n");

	ck_assert_int_eq(theme_color_256(t->roles[THEME_TITLE].bg), 4);
	ck_assert_int_eq(theme_color_256(t->roles[THEME_HELP_KEY].fg), 3);
	ck_assert_uint_eq(t->roles[THEME_HELP_KEY].attrs, 0);
	ck_assert_uint_eq(t->roles[THEME_BREADCRUMB].attrs, THEME_BOLD);
	theme_free(t);
}
END_TEST

START_TEST(root_without_colours_uses_the_terminal_default)
{
	struct theme	*t = load_ok("roles: {}\n");

	ck_assert_int_eq(t->roles[THEME_TEXT].fg.kind, THEME_COLOR_DEFAULT);
	ck_assert_int_eq(t->roles[THEME_DIM].bg.kind, THEME_COLOR_DEFAULT);
	theme_free(t);
}
END_TEST

START_TEST(mono_left_out_comes_from_the_builtin)
{
	struct theme	*t = load_ok("roles:\n  selected: {bg: blue}\n");

	ck_assert_uint_eq(t->roles[THEME_SELECTED].mono, THEME_REVERSE);
	ck_assert_uint_eq(t->roles[THEME_ERROR].mono,
	    THEME_REVERSE | THEME_BOLD);
	theme_free(t);
}
END_TEST

START_TEST(mono_given_as_a_list_or_a_word)
{
	struct theme	*t = load_ok(
	    "roles:\n"
	    "  hub: {mono: [underline, reverse]}\n"
	    "  selected: {mono: none}\n"
	    "  title: {mono: dim}\n");

	ck_assert_uint_eq(t->roles[THEME_HUB].mono,
	    THEME_UNDERLINE | THEME_REVERSE);
	ck_assert_uint_eq(t->roles[THEME_SELECTED].mono, 0);
	ck_assert_uint_eq(t->roles[THEME_TITLE].mono, THEME_DIM);
	theme_free(t);
}
END_TEST

/* ---- rendering --------------------------------------------------------- */

START_TEST(render_without_colours_gives_mono_attributes)
{
	struct theme		*t = theme_builtin_default();
	struct theme_render	 r;

	theme_render(t, THEME_SELECTED, 0, &r);
	ck_assert_int_eq(r.fg, -1);
	ck_assert_int_eq(r.bg, -1);
	ck_assert_uint_eq(r.attrs, THEME_REVERSE);
	theme_free(t);
}
END_TEST

START_TEST(render_reduces_colours_to_the_terminal)
{
	struct theme		*t = theme_builtin_default();
	struct theme_render	 r;

	theme_render(t, THEME_SELECTED, 256, &r);
	ck_assert_int_eq(r.fg, 231);
	ck_assert_int_eq(r.bg, 24);
	theme_render(t, THEME_SELECTED, 8, &r);
	ck_assert_int_eq(r.fg, 7);
	ck_assert_int_eq(r.bg, 6);
	theme_render(t, THEME_TEXT, 8, &r);
	ck_assert_int_eq(r.fg, -1);
	ck_assert_int_eq(r.bg, -1);
	theme_free(t);
}
END_TEST

START_TEST(render_keeps_merged_colours_readable)
{
	struct theme		*t = load_ok(
	    "roles:\n  status: {fg: \"#303030\", bg: \"#000000\"}\n"
	    "  hub: {fg: \"#ffffff\", bg: \"#eeeeee\"}\n");
	struct theme_render	 r;

	theme_render(t, THEME_STATUS, 8, &r);
	ck_assert_int_eq(r.bg, 0);
	ck_assert_int_eq(r.fg, 7);
	theme_render(t, THEME_HUB, 8, &r);
	ck_assert_int_eq(r.bg, 7);
	ck_assert_int_eq(r.fg, 0);
	theme_free(t);
}
END_TEST

START_TEST(no_color_needs_a_non_empty_value)
{
	unsetenv("NO_COLOR");
	ck_assert(!theme_no_color());
	setenv("NO_COLOR", "", 1);
	ck_assert(!theme_no_color());
	setenv("NO_COLOR", "1", 1);
	ck_assert(theme_no_color());
	unsetenv("NO_COLOR");
}
END_TEST

/* ---- errors ------------------------------------------------------------ */

START_TEST(unknown_role_suggests_the_nearest)
{
	load_fails("roles:\n  labl-cib: red\n",
	    "t.yaml:2:3: unknown role \"labl-cib\"; did you mean "
	    "\"label-cib\"?");
}
END_TEST

START_TEST(underscore_role_suggests_the_hyphenated_key)
{
	load_fails("roles:\n  status_error: red\n  label_cib: red\n",
	    "t.yaml:2:3: unknown role \"status_error\"; expected one of: "
	    "text, title, breadcrumb, header, selected, selected-inactive, "
	    "cursor, marked, dim, hub, evidence, match, label-suspected, "
	    "label-cib, label-not-cib, label-cleared, status, message, "
	    "error, prompt, border, bar, burst, heat-0, heat-1, heat-2, "
	    "heat-3, heat-4, help-key");
	load_fails("roles:\n  label_cib: red\n",
	    "t.yaml:2:3: unknown role \"label_cib\"; did you mean "
	    "\"label-cib\"?");
}
END_TEST

START_TEST(unknown_style_key_suggests_the_nearest)
{
	load_fails("roles:\n  hub: {fg: red, undrline: true}\n",
	    "t.yaml:2:18: unknown key \"undrline\"; did you mean "
	    "\"underline\"?");
}
END_TEST

START_TEST(unknown_top_level_key_suggests_the_nearest)
{
	load_fails("pallete: {}\nroles: {}\n",
	    "t.yaml:1:1: unknown key \"pallete\"; did you mean \"palette\"?");
}
END_TEST

START_TEST(role_at_top_level_is_pointed_under_roles)
{
	load_fails("roles: {}\ntitle: red\n",
	    "t.yaml:2:1: unknown key \"title\"; roles go under roles:");
}
END_TEST

START_TEST(missing_roles_is_an_error)
{
	load_fails("name: t\n", "t.yaml:1:1: the theme has no roles: mapping");
}
END_TEST

START_TEST(bad_colour_is_refused)
{
	load_fails("roles:\n  hub: {fg: purple}\n",
	    "t.yaml:2:13: bad colour \"purple\"; expected default, a name "
	    "(red, bright-red, ...), 0-255, \"#rrggbb\" or $palette-name");
}
END_TEST

START_TEST(misspelt_colour_name_suggests_the_nearest)
{
	load_fails("roles:\n  hub: {fg: magneta}\n",
	    "t.yaml:2:13: bad colour \"magneta\"; did you mean \"magenta\"?");
}
END_TEST

START_TEST(colour_index_above_255_is_refused)
{
	load_fails("roles:\n  hub: {bg: 300}\n",
	    "t.yaml:2:13: colour index 300 is out of range 0-255");
}
END_TEST

START_TEST(unquoted_hash_colour_explains_the_comment)
{
	load_fails("roles:\n  hub:\n    fg: #ff0000\n",
	    "t.yaml:3:8: hub.fg has no colour; a #rrggbb colour must be "
	    "quoted (\"#ff0000\"): unquoted, # starts a comment");
}
END_TEST

START_TEST(unknown_palette_reference_suggests_the_nearest)
{
	load_fails("palette: {accent: blue}\nroles:\n  hub: $acent\n",
	    "t.yaml:3:8: unknown palette colour \"$acent\"; did you mean "
	    "\"$accent\"?");
}
END_TEST

START_TEST(bare_palette_name_asks_for_a_dollar)
{
	load_fails("palette: {accent: blue}\nroles:\n  hub: accent\n",
	    "t.yaml:3:8: bad colour \"accent\"; palette colours are written "
	    "with a $: did you mean \"$accent\"?");
}
END_TEST

START_TEST(palette_cannot_refer_to_the_palette)
{
	load_fails("palette: {a: blue, b: $a}\nroles: {}\n",
	    "t.yaml:1:23: palette colours cannot refer to other palette "
	    "colours (\"$a\")");
}
END_TEST

START_TEST(attribute_must_be_a_boolean)
{
	load_fails("roles:\n  hub: {bold: very}\n",
	    "t.yaml:2:15: hub.bold must be true or false, not \"very\"");
}
END_TEST

START_TEST(unknown_mono_attribute_suggests_the_nearest)
{
	load_fails("roles:\n  hub: {mono: [bold, revers]}\n",
	    "t.yaml:2:22: unknown attribute \"revers\"; did you mean "
	    "\"reverse\"?");
}
END_TEST

START_TEST(duplicate_key_points_at_the_repeat)
{
	load_fails("roles:\n  hub: red\n  title: blue\n  hub: green\n",
	    "t.yaml:4:3: duplicate key \"hub\" (first at 2:3)");
}
END_TEST

START_TEST(anchors_are_refused)
{
	load_fails("palette: &p {a: red}\nroles: {}\n",
	    "t.yaml:1:10: anchors and aliases are not allowed in theme files");
}
END_TEST

START_TEST(aliases_are_refused)
{
	load_fails("roles:\n  hub: &c red\n  title: *c\n",
	    "t.yaml:2:8: anchors and aliases are not allowed in theme files");
	load_fails("roles:\n  hub: red\n  title: *c\n",
	    "t.yaml:3:10: anchors and aliases are not allowed in theme "
	    "files");
}
END_TEST

START_TEST(file_over_the_size_cap_is_refused)
{
	struct buf	 b = BUF_INIT;
	struct theme	*t;
	char		*cause = NULL;

	buf_adds(&b, "roles: {}\n");
	while (b.len <= THEME_MAX_FILE)
		buf_adds(&b, "# padding padding padding padding padding\n");
	t = theme_load_string(b.data, b.len, "t.yaml", NULL, &cause);
	ck_assert_ptr_null(t);
	ck_assert_msg(strncmp(cause, "t.yaml:1:1: the file is ", 24) == 0,
	    "%s", cause);
	free(cause);
	buf_free(&b);
}
END_TEST

START_TEST(nesting_over_the_depth_cap_is_refused)
{
	load_fails("roles: {hub: {mono: [[[[[[[[bold]]]]]]]]}}\n",
	    "t.yaml:1:26: nesting deeper than 8 levels");
}
END_TEST

START_TEST(name_must_match_the_file_name)
{
	load_fails("name: other\nroles: {}\n",
	    "t.yaml:1:7: name \"other\" does not match the file name \"t\"; "
	    "themes are found by file name");
}
END_TEST

START_TEST(control_characters_are_refused_with_a_place)
{
	load_fails("roles:\n  hub: \"r\\x1bd\"\n",
	    "t.yaml:2:8: control character U+001B in a scalar");
	load_fails("roles: {}\n\x1b\n",
	    "t.yaml:2:1: control character U+001B is not allowed");
}
END_TEST

START_TEST(syntax_error_has_a_place)
{
	struct theme	*t;
	char		*cause = NULL;
	const char	 text[] = "roles:\n  hub: [red\n";

	t = theme_load_string(text, strlen(text), "t.yaml", NULL, &cause);
	ck_assert_ptr_null(t);
	ck_assert_msg(strncmp(cause, "t.yaml:3:1: ", 12) == 0, "%s", cause);
	free(cause);
}
END_TEST

/* ---- files and the search path ----------------------------------------- */

static char *
user_themes_dir(void)
{
	char	*cfg = tu_path("config"), *dir;

	setenv("XDG_CONFIG_HOME", cfg, 1);
	unsetenv("CIBSCOPE_THEME_PATH");
	mkdir(cfg, 0777);
	dir = xasprintf("%s/cibscope", cfg);
	mkdir(dir, 0777);
	free(dir);
	dir = xasprintf("%s/cibscope/themes", cfg);
	mkdir(dir, 0777);
	free(cfg);
	return dir;
}

static void
write_file(const char *path, const char *text)
{
	FILE	*f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(file_errors_name_the_file)
{
	char		*path = tu_write("broken.yaml", "roles:\n  hub: 999\n");
	char		*cause = NULL, *want;

	ck_assert_ptr_null(theme_load_file(path, &cause));
	want = xasprintf("%s:2:8: colour index 999 is out of range 0-255",
	    path);
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
	free(path);
}
END_TEST

START_TEST(user_theme_is_found_by_name)
{
	char		*dir = user_themes_dir(), *path, *cause = NULL;
	struct theme	*t;

	path = xasprintf("%s/mine.yaml", dir);
	write_file(path, "description: Mine\nroles: {hub: red}\n");
	t = theme_load_name("mine", &cause);
	ck_assert_msg(t != NULL, "%s", cause);
	ck_assert_str_eq(t->name, "mine");
	ck_assert_str_eq(t->file, path);
	theme_free(t);
	free(path);
	free(dir);
}
END_TEST

START_TEST(default_without_a_file_is_the_builtin)
{
	char		*dir = user_themes_dir(), *cause = NULL;
	struct theme	*t;

	t = theme_load_name("default", &cause);
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->name, "default");
	theme_free(t);
	free(dir);
}
END_TEST

START_TEST(broken_theme_falls_back_to_default)
{
	char		*dir = user_themes_dir(), *path, *cause = NULL, *want;
	struct theme	*t;

	path = xasprintf("%s/broken.yaml", dir);
	write_file(path, "roles:\n  hub: {fg: [red]}\n");
	t = theme_load_fallback("broken", &cause);
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->name, "default");
	ck_assert_ptr_null(t->file);
	want = xasprintf("%s:2:13: hub.fg must be a single value, not a list",
	    path);
	ck_assert_str_eq(cause, want);
	free(want);
	free(cause);
	theme_free(t);
	free(path);
	free(dir);
}
END_TEST

START_TEST(missing_theme_falls_back_to_default)
{
	char		*dir = user_themes_dir(), *cause = NULL;
	struct theme	*t;

	t = theme_load_fallback("no-such-theme", &cause);
	ck_assert_str_eq(t->name, "default");
	ck_assert_str_eq(cause, "no-such-theme: no such theme (try "
	    "cibscope themes)");
	free(cause);
	theme_free(t);
	free(dir);
}
END_TEST

START_TEST(theme_name_with_a_slash_is_refused)
{
	char	*cause = NULL;

	ck_assert_ptr_null(theme_load_name("../etc/passwd", &cause));
	ck_assert_str_eq(cause, "../etc/passwd: not a theme name");
	free(cause);
}
END_TEST

START_TEST(list_shows_user_themes_and_overrides)
{
	char			*dir = user_themes_dir(), *path;
	struct theme_list	*l;
	size_t			 i, ndefault = 0;
	bool			 mine = false, bad = false;

	path = xasprintf("%s/default.yaml", dir);
	write_file(path, "description: My default\nroles: {}\n");
	free(path);
	path = xasprintf("%s/mine.yaml", dir);
	write_file(path, "roles: {}\n");
	free(path);
	path = xasprintf("%s/bad.yaml", dir);
	write_file(path, "roles: [\n");
	free(path);
	l = theme_list();
	for (i = 0; i < l->nentries; i++) {
		const struct theme_entry *e = &l->entries[i];

		if (strcmp(e->name, "default") == 0) {
			ndefault++;
			if (e->origin == THEME_BUILTIN)
				ck_assert(e->overridden);
			if (e->origin == THEME_USER) {
				ck_assert(!e->overridden);
				ck_assert_str_eq(e->description, "My default");
			}
		}
		if (strcmp(e->name, "mine") == 0) {
			mine = true;
			ck_assert_int_eq(e->origin, THEME_USER);
		}
		if (strcmp(e->name, "bad") == 0) {
			bad = true;
			ck_assert_ptr_nonnull(e->error);
		}
	}
	ck_assert_uint_ge(ndefault, 2);
	ck_assert(mine);
	ck_assert(bad);
	theme_list_free(l);
	free(dir);
}
END_TEST

/* ---- hostile input ----------------------------------------------------- */

START_TEST(invalid_yaml_never_crashes_the_loader)
{
	char		*dir = tu_data("badinput/yaml-errors"), *path, *cause;
	DIR		*d;
	struct dirent	*de;
	struct theme	*t;
	size_t		 ncases = 0;

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
		t = theme_load_file(path, &cause);
		if (t == NULL) {
			ck_assert_msg(cause != NULL && strncmp(cause, path,
			    strlen(path)) == 0 && cause[strlen(path)] == ':',
			    "%s: bad message \"%s\"", de->d_name,
			    cause != NULL ? cause : "(none)");
		}
		theme_free(t);
		free(cause);
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
	Suite	*s = suite_create("theme");
	TCase	*tc;

	tc = tcase_create("shipped");
	tcase_add_test(tc, every_shipped_theme_loads);
	tcase_add_test(tc, shipped_default_equals_builtin);
	tcase_add_test(tc, builtin_default_sets_every_role);
	tcase_add_test(tc, screen_roles_are_theme_roles);
	tcase_add_test(tc, role_parents_come_first);
	suite_add_tcase(s, tc);

	tc = tcase_create("colours");
	tcase_add_test(tc, pure_red_maps_to_196_and_ansi_red);
	tcase_add_test(tc, rgb_maps_to_the_nearest_cube_or_grey);
	tcase_add_test(tc, rgb_maps_to_the_nearest_of_eight);
	tcase_add_test(tc, indexes_and_names_reduce_for_small_terminals);
	tcase_add_test(tc, default_colour_is_minus_one_everywhere);
	tcase_add_test(tc, colour_words_that_are_not_colours_are_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("model");
	tcase_add_test(tc, palette_reference_gives_the_palette_colour);
	tcase_add_test(tc, scalar_role_is_its_foreground);
	tcase_add_test(tc, omitted_role_inherits_its_parent);
	tcase_add_test(tc, unset_field_inherits_and_set_field_overrides);
	tcase_add_test(tc, root_without_colours_uses_the_terminal_default);
	tcase_add_test(tc, mono_left_out_comes_from_the_builtin);
	tcase_add_test(tc, mono_given_as_a_list_or_a_word);
	suite_add_tcase(s, tc);

	tc = tcase_create("render");
	tcase_add_test(tc, render_without_colours_gives_mono_attributes);
	tcase_add_test(tc, render_reduces_colours_to_the_terminal);
	tcase_add_test(tc, render_keeps_merged_colours_readable);
	tcase_add_test(tc, no_color_needs_a_non_empty_value);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, unknown_role_suggests_the_nearest);
	tcase_add_test(tc, underscore_role_suggests_the_hyphenated_key);
	tcase_add_test(tc, unknown_style_key_suggests_the_nearest);
	tcase_add_test(tc, unknown_top_level_key_suggests_the_nearest);
	tcase_add_test(tc, role_at_top_level_is_pointed_under_roles);
	tcase_add_test(tc, missing_roles_is_an_error);
	tcase_add_test(tc, bad_colour_is_refused);
	tcase_add_test(tc, misspelt_colour_name_suggests_the_nearest);
	tcase_add_test(tc, colour_index_above_255_is_refused);
	tcase_add_test(tc, unquoted_hash_colour_explains_the_comment);
	tcase_add_test(tc, unknown_palette_reference_suggests_the_nearest);
	tcase_add_test(tc, bare_palette_name_asks_for_a_dollar);
	tcase_add_test(tc, palette_cannot_refer_to_the_palette);
	tcase_add_test(tc, attribute_must_be_a_boolean);
	tcase_add_test(tc, unknown_mono_attribute_suggests_the_nearest);
	tcase_add_test(tc, duplicate_key_points_at_the_repeat);
	tcase_add_test(tc, anchors_are_refused);
	tcase_add_test(tc, aliases_are_refused);
	tcase_add_test(tc, file_over_the_size_cap_is_refused);
	tcase_add_test(tc, nesting_over_the_depth_cap_is_refused);
	tcase_add_test(tc, name_must_match_the_file_name);
	tcase_add_test(tc, control_characters_are_refused_with_a_place);
	tcase_add_test(tc, syntax_error_has_a_place);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_test(tc, file_errors_name_the_file);
	tcase_add_test(tc, user_theme_is_found_by_name);
	tcase_add_test(tc, default_without_a_file_is_the_builtin);
	tcase_add_test(tc, broken_theme_falls_back_to_default);
	tcase_add_test(tc, missing_theme_falls_back_to_default);
	tcase_add_test(tc, theme_name_with_a_slash_is_refused);
	tcase_add_test(tc, list_shows_user_themes_and_overrides);
	tcase_add_test(tc, invalid_yaml_never_crashes_the_loader);
	suite_add_tcase(s, tc);
	return s;
}
