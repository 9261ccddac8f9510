/*
 * theme.h: colour themes, without curses.
 *
 * A theme gives every screen role (THEME_ROLES below) a style: foreground
 * and background colours, attributes for colour terminals, and the
 * attributes to use instead when colours are off (monochrome). Themes are
 * YAML files (doc/themes.md): a palette of named colours and a mapping
 * from role key to style. The screen turns a loaded theme into colour
 * pairs with theme_render(), which does the 256 / 16 / 8 / no-colour
 * reduction, so every terminal gets a readable screen from one theme.
 *
 * Inheritance: each role has a parent (the third column of THEME_ROLES).
 * A field a theme leaves unset, or a role it leaves out altogether, takes
 * its parent's value; `text` is the root and defaults to the terminal's
 * own colours. Monochrome attributes left unset come from the built-in
 * default theme for that role, since they carry meaning, not colour.
 *
 * Colours: "default" (the terminal's), the eight ANSI names and their
 * "bright-" variants, an index 0-255, "#rrggbb" or "#rgb", or "$name" for
 * a palette entry. Palette entries are colours, never references.
 *
 * Memory: a struct theme and a struct theme_list are malloc'd and owned
 * by the caller (theme_free, theme_list_free). Errors follow util.h: NULL
 * with a malloc'd *cause reading "FILE:LINE:COL: message"; the caller
 * shows it and falls back to theme_builtin_default().
 */
#ifndef CIB_THEME_H
#define CIB_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * ROLE(ENUM, "key", PARENT). The keys match the screen's tui/roles.h;
 * cursor, match, heat-0 and help-key are offered in addition. A parent
 * always comes earlier in the list than its children.
 */
#define THEME_ROLES							\
	ROLE(TEXT, "text", TEXT)					\
	ROLE(TITLE, "title", TEXT)					\
	ROLE(BREADCRUMB, "breadcrumb", TITLE)				\
	ROLE(HEADER, "header", TEXT)					\
	ROLE(SELECTED, "selected", TEXT)				\
	ROLE(SELECTED_INACTIVE, "selected-inactive", SELECTED)		\
	ROLE(CURSOR, "cursor", SELECTED)				\
	ROLE(MARKED, "marked", TEXT)					\
	ROLE(DIM, "dim", TEXT)						\
	ROLE(HUB, "hub", TEXT)						\
	ROLE(EVIDENCE, "evidence", TEXT)				\
	ROLE(MATCH, "match", TEXT)					\
	ROLE(LABEL_SUSPECTED, "label-suspected", TEXT)			\
	ROLE(LABEL_CIB, "label-cib", TEXT)				\
	ROLE(LABEL_NOT_CIB, "label-not-cib", TEXT)			\
	ROLE(LABEL_CLEARED, "label-cleared", TEXT)			\
	ROLE(STATUS, "status", TEXT)					\
	ROLE(MESSAGE, "message", STATUS)				\
	ROLE(ERROR, "error", STATUS)					\
	ROLE(PROMPT, "prompt", STATUS)					\
	ROLE(BORDER, "border", DIM)					\
	ROLE(BAR, "bar", TEXT)						\
	ROLE(BURST, "burst", BAR)					\
	ROLE(HEAT0, "heat-0", DIM)					\
	ROLE(HEAT1, "heat-1", TEXT)					\
	ROLE(HEAT2, "heat-2", HEAT1)					\
	ROLE(HEAT3, "heat-3", HEAT2)					\
	ROLE(HEAT4, "heat-4", HEAT3)					\
	ROLE(HELP_KEY, "help-key", TITLE)

enum theme_role {
#define ROLE(e, k, p) THEME_##e,
	THEME_ROLES
#undef ROLE
	THEME_NROLES
};

/* The YAML key of each role, by enum. */
extern const char *const theme_role_names[THEME_NROLES];

/* The role whose key is name, or -1. */
int	 theme_role_find(const char *name);
/* A role's parent (TEXT is its own). */
enum theme_role	 theme_role_parent(enum theme_role);

/* ---- colours --------------------------------------------------------- */

enum theme_color_kind {
	THEME_COLOR_UNSET,	/* not given: inherit (resolved themes never) */
	THEME_COLOR_DEFAULT,	/* the terminal's own colour */
	THEME_COLOR_INDEX,	/* xterm index 0-255 (names are 0-15) */
	THEME_COLOR_RGB,	/* #rrggbb */
};

struct theme_color {
	enum theme_color_kind	kind;
	uint8_t			index;		/* THEME_COLOR_INDEX */
	uint8_t			r, g, b;	/* THEME_COLOR_RGB */
};

/* Parse one colour word (no "$" references). False if it is none. */
bool	 theme_color_parse(const char *s, struct theme_color *);
/* Write a colour back as text ("default", "red", "196", "#ff0000"). */
void	 theme_color_format(struct theme_color, char *out, size_t outlen);

/*
 * The colour to ask curses for on a terminal of 256, 16 or 8 colours:
 * -1 for the terminal default, else an index below 256, 16 or 8. RGB
 * goes to the nearest colour of the xterm 6x6x6 cube or grey ramp (the
 * first 16 are left out: terminals redefine them); indices and RGB go to
 * the nearest of the 16 / 8 ANSI colours (xterm's values) for the small
 * palettes, greys only to black, white (and, of 16, the two greys), so
 * bright names lose their brightness on 8 colours and bright-black
 * becomes white. Pure functions.
 */
int	 theme_color_256(struct theme_color);
int	 theme_color_16(struct theme_color);
int	 theme_color_8(struct theme_color);

/* ---- styles ---------------------------------------------------------- */

#define THEME_BOLD	0x1u
#define THEME_UNDERLINE	0x2u
#define THEME_REVERSE	0x4u
#define THEME_DIM	0x8u
#define THEME_ATTRS	0xfu

struct theme_style {
	struct theme_color	fg, bg;
	unsigned		attrs;		/* THEME_* when in colour */
	unsigned		mono;		/* THEME_* when colours are off */
};

struct theme_palette_entry {
	char			*name;		/* without the "$" */
	struct theme_color	 color;
};

struct theme {
	char				*name;		/* file name stem */
	char				*description;	/* or NULL */
	char				*file;		/* NULL: built in */
	struct theme_palette_entry	*palette;
	size_t				 npalette;
	struct theme_style		 roles[THEME_NROLES];
};

/*
 * What the screen applies for one role: colours for init_pair() (-1 is
 * the terminal default, so call use_default_colors()) and THEME_* attrs.
 */
struct theme_render {
	int		fg, bg;
	unsigned	attrs;
};

/*
 * Render a role for a terminal of ncolors colours (COLORS from curses;
 * pass 0 when colours are off: no colour support, NO_COLOR, or the user
 * asked). Below 8 colours the result is fg = bg = -1 with the role's
 * monochrome attrs. When the reduction to 8 or 16 colours makes two
 * different colours equal, the foreground becomes black or white, which
 * ever reads on the background.
 */
void	 theme_render(const struct theme *, enum theme_role, int ncolors,
	     struct theme_render *);

/* True when NO_COLOR is set and not empty (https://no-color.org). */
bool	 theme_no_color(void);

/* ---- loading --------------------------------------------------------- */

#define THEME_MAX_FILE	(64 * 1024)	/* bytes of a theme file */
#define THEME_MAX_DEPTH	8		/* YAML nesting */

/* The compiled-in dark theme, named "default"; never fails. */
struct theme	*theme_builtin_default(void);

/* Parse text. file names it in messages; name is the theme's name (NULL:
 * from the file name). A "name:" key in the file must match it. */
struct theme	*theme_load_string(const char *text, size_t len,
		     const char *file, const char *name, char **cause);
/* Read and parse a file; its name is the file name without ".yaml" or
 * ".yml". */
struct theme	*theme_load_file(const char *path, char **cause);
/* Find name on the search path and load it. "default" with no file of
 * that name is the built-in theme. A name must match
 * [a-z0-9][a-z0-9_-]{0,63}. */
struct theme	*theme_load_name(const char *name, char **cause);
/* theme_load_name(), or on any failure the built-in default with *cause
 * saying why; never NULL. What the screen calls for `:theme NAME`. */
struct theme	*theme_load_fallback(const char *name, char **cause);
void		 theme_free(struct theme *);

/* ---- the search path ------------------------------------------------- */

/*
 * Later directories win over earlier ones:
 *	1. CIB_PKGDATADIR "/themes"		the themes cibscope ships
 *	2. $XDG_CONFIG_HOME/cibscope/themes	(else ~/.config/cibscope/themes)
 *	3. each directory in $CIBSCOPE_THEME_PATH, colon separated
 * A directory is scanned as query_files_scan() does (*.yaml / *.yml, not
 * hidden, symlinks only inside the directory).
 */
enum theme_origin {
	THEME_BUILTIN,
	THEME_SHIPPED,
	THEME_USER,
	THEME_ENV,
};

/* "built-in", "shipped", "user", "CIBSCOPE_THEME_PATH", by origin. */
extern const char *const theme_origin_names[];

struct theme_entry {
	char			*name;
	char			*file;		/* NULL when built in */
	enum theme_origin	 origin;
	char			*description;	/* or NULL */
	char			*error;		/* why it does not load, or NULL */
	bool			 overridden;	/* a later file of this name wins */
};

struct theme_list {
	/* Sorted by name; for one name, losers first and the winner last. */
	struct theme_entry	*entries;
	size_t			 nentries;
	char			**warnings;	/* skipped files */
	size_t			 nwarnings;
};

/* Every theme on the search path, plus the built-in default (which a
 * "default" file overrides). Never fails. */
struct theme_list	*theme_list(void);
void			 theme_list_free(struct theme_list *);

#endif
