/*
 * screen.h: the terminal, and nothing else.
 *
 * screen_init() checks that the terminal can be drawn on (TERM set and
 * known to terminfo), starts curses with colours where the terminal has
 * them (256, 16, 8, else none; none too when NO_COLOR is set), notices a
 * locale that is not UTF-8 (then all case text is drawn as ASCII, with
 * <U+XXXX> for the rest), and installs signal handlers: SIGINT, SIGTERM
 * and SIGHUP are recorded for the main loop to end cleanly
 * (screen_signalled()), and after a crash signal the terminal is restored
 * before the process dies. screen_end() restores the terminal; it may be
 * called more than once.
 *
 * Colours are roles (roles.h), each the theme role of the same key
 * (core/theme.h). A YAML theme is rendered at the terminal's colour level
 * into one colour pair per role; with no colours, the theme's monochrome
 * attributes are used. screen_theme_start() applies the theme chosen at
 * start (--theme, else $CIBSCOPE_THEME, else "default"); screen_theme()
 * switches by name. A theme that does not load leaves the built-in
 * default in use and says why ("FILE:LINE:COL: message").
 *
 * Drawing: every string reaches the terminal through screen_text(), which
 * sanitizes it (sanitize.h) and clips it to the screen, so hostile case
 * text can never move the cursor, set the window title or be measured
 * wrongly; no other tui/ file writes text to curses itself.
 */
#ifndef CIB_SCREEN_H
#define CIB_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

enum role {
#define ROLE(e, k) ROLE_##e,
#include "roles.h"
#undef ROLE
	ROLE_COUNT
};

/* Theme-file keys of the roles, by enum. */
extern const char *const role_keys[ROLE_COUNT];

int		 screen_init(char **cause);
void		 screen_end(void);

/* The signal that asked us to end (SIGINT, SIGTERM, SIGHUP), or 0. */
int		 screen_signalled(void);
/* Input is waiting to be read (a key typed): a long piece of work done
 * between keys asks this now and then and stops early. */
bool		 screen_key_waiting(void);

/* Sanitize flags for one-line cells in this terminal's locale. */
int		 screen_flags(void);
bool		 screen_utf8(void);
/* 256, 16, 8 or 0 (monochrome) in use now. */
int		 screen_colours(void);

/* The theme screen_theme_start() applies (--theme); NULL leaves the
 * choice to $CIBSCOPE_THEME, else "default". name must outlive the
 * screen. */
void		 screen_theme_choose(const char *name);
/* Apply the chosen theme after screen_init(); -1 with *cause when it
 * did not load and the built-in default is used instead. */
int		 screen_theme_start(char **cause);
/*
 * Switch to the theme name, or the one theme whose name it begins. -1
 * with *cause when no theme has that name (the theme in use stays) or
 * when its file does not load (the built-in default is used). The next
 * refresh repaints the whole screen.
 */
int		 screen_theme(const char *name, char **cause);
const char	*screen_theme_current(void);
/* The names of the themes on the search path, NULL-terminated; the array
 * and its strings are malloc'd. */
char		**screen_theme_names(void);

/* The curses attributes of a role in the current scheme. */
int		 screen_attr(enum role);

/*
 * Draw s (len bytes, or strlen when len is (size_t)-1) at row y, column
 * x, sanitized and fitted into w columns, in role. pad fills the rest of
 * w with spaces in the same role. Returns the columns drawn. Anything
 * outside the screen is clipped.
 */
int		 screen_text(int y, int x, int w, const char *s, size_t len,
		     enum role, bool pad);
/* printf into screen_text(), for the program's own messages. */
int		 screen_textf(int y, int x, int w, enum role, bool pad,
		     const char *fmt, ...) CIB_PRINTF(6, 7);
/* Fill w columns with spaces in role. */
void		 screen_fill(int y, int x, int w, enum role);
/* Draw one glyph (below) in role; returns columns used (1). */
int		 screen_glyph(int y, int x, int glyph, enum role);

/* Glyphs with ASCII fallbacks. */
enum {
	GLYPH_VLINE,
	GLYPH_HLINE,
	GLYPH_MARK,
	GLYPH_CRUMB,
	GLYPH_SHADE1,
	GLYPH_SHADE2,
	GLYPH_SHADE3,
	GLYPH_SHADE4,
	GLYPH_BAR1,		/* ..GLYPH_BAR8: one eighth to a full cell */
	GLYPH_BAR8 = GLYPH_BAR1 + 7,
	GLYPH_COUNT
};
const char	*screen_glyph_text(int glyph);

#endif
