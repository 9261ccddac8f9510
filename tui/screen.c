/*
 * screen.c: starting and ending curses, colour schemes, signals, and the
 * one routine that puts text on the screen (sanitized, clipped).
 */
#include "config.h"
#include "screen.h"

#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "scr.h"
#include <term.h>

#include "sanitize.h"
#include "util.h"

const char *const role_keys[ROLE_COUNT] = {
#define ROLE(e, k) [ROLE_##e] = k,
#include "roles.h"
#undef ROLE
};

struct style {
	short	fg;
	short	bg;
	int	attr;
};

/* One row per role: 256-colour, 8-colour, monochrome. -1 is the
 * terminal's own colour. */
static const struct {
	struct style	c256;
	struct style	c8;
	int		mono;
} scheme[ROLE_COUNT] = {
	[ROLE_NORMAL] = { { -1, -1, 0 }, { -1, -1, 0 }, 0 },
	[ROLE_TITLE] = { { 231, 24, A_BOLD }, { COLOR_WHITE, COLOR_BLUE, A_BOLD },
	    A_REVERSE | A_BOLD },
	[ROLE_BREADCRUMB] = { { 231, 24, 0 }, { COLOR_WHITE, COLOR_BLUE, 0 },
	    A_REVERSE },
	[ROLE_HEADER] = { { 252, 238, A_BOLD }, { COLOR_BLACK, COLOR_WHITE, 0 },
	    A_BOLD | A_UNDERLINE },
	[ROLE_SELECTED] = { { 16, 117, 0 }, { COLOR_BLACK, COLOR_CYAN, 0 },
	    A_REVERSE },
	[ROLE_SELECTED_DIM] = { { 231, 240, 0 },
	    { COLOR_BLACK, COLOR_WHITE, 0 }, A_UNDERLINE },
	[ROLE_MARKED] = { { 214, -1, A_BOLD }, { COLOR_YELLOW, -1, A_BOLD },
	    A_BOLD },
	[ROLE_DIM] = { { 244, -1, 0 }, { -1, -1, A_DIM }, A_DIM },
	[ROLE_HUB] = { { 203, -1, A_BOLD }, { COLOR_RED, -1, A_BOLD },
	    A_BOLD | A_UNDERLINE },
	[ROLE_EVIDENCE] = { { 150, -1, 0 }, { COLOR_GREEN, -1, 0 }, 0 },
	[ROLE_LABEL_SUSPECTED] = { { 220, -1, 0 }, { COLOR_YELLOW, -1, 0 },
	    0 },
	[ROLE_LABEL_CIB] = { { 196, -1, A_BOLD }, { COLOR_RED, -1, A_BOLD },
	    A_BOLD },
	[ROLE_LABEL_NOT_CIB] = { { 114, -1, 0 }, { COLOR_GREEN, -1, 0 }, 0 },
	[ROLE_LABEL_CLEARED] = { { 245, -1, 0 }, { -1, -1, A_DIM }, A_DIM },
	[ROLE_STATUS] = { { 231, 238, 0 }, { COLOR_BLACK, COLOR_WHITE, 0 },
	    A_REVERSE },
	[ROLE_MESSAGE] = { { -1, -1, 0 }, { -1, -1, 0 }, 0 },
	[ROLE_ERROR] = { { 196, -1, A_BOLD }, { COLOR_RED, -1, A_BOLD },
	    A_BOLD },
	[ROLE_PROMPT] = { { 117, -1, A_BOLD }, { COLOR_CYAN, -1, A_BOLD },
	    A_BOLD },
	[ROLE_BORDER] = { { 240, -1, 0 }, { COLOR_BLUE, -1, 0 }, 0 },
	[ROLE_BAR] = { { 75, -1, 0 }, { COLOR_CYAN, -1, 0 }, 0 },
	[ROLE_BURST] = { { 203, -1, A_BOLD }, { COLOR_RED, -1, A_BOLD },
	    A_BOLD },
	[ROLE_HEAT1] = { { 24, -1, 0 }, { COLOR_BLUE, -1, 0 }, A_DIM },
	[ROLE_HEAT2] = { { 37, -1, 0 }, { COLOR_CYAN, -1, 0 }, 0 },
	[ROLE_HEAT3] = { { 214, -1, 0 }, { COLOR_YELLOW, -1, 0 }, A_BOLD },
	[ROLE_HEAT4] = { { 196, -1, A_BOLD }, { COLOR_RED, -1, A_BOLD },
	    A_BOLD },
};

const char *const screen_theme_names[] = {
	"default", "8colour", "mono", NULL,
};

static const char *const glyph_utf8[GLYPH_COUNT] = {
	"\xe2\x94\x82", "\xe2\x94\x80", "\xe2\x97\x8f", "\xe2\x80\xba",
	"\xe2\x96\x91", "\xe2\x96\x92", "\xe2\x96\x93", "\xe2\x96\x88",
	"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
};
static const char *const glyph_ascii[GLYPH_COUNT] = {
	"|", "-", "*", ">", ".", ":", "+", "#",
	"_", "_", ".", ".", "o", "o", "O", "#",
};

static bool			 started;
static SCREEN			*scr;
static bool			 utf8;
static int			 colours;	/* what the terminal has */
static int			 level;		/* what is in use */
static int			 theme_index;
static bool			 default_colours;
static int			 attrs[ROLE_COUNT];
static volatile sig_atomic_t	 got_signal;
static struct termios		 saved_tio;
static bool			 saved_tio_ok;
static char			 reset_seq[256];
static size_t			 reset_len;

int
screen_signalled(void)
{
	return (int)got_signal;
}

int
screen_flags(void)
{
	return SANITIZE_ONELINE | (utf8 ? 0 : SANITIZE_ASCII);
}

bool
screen_utf8(void)
{
	return utf8;
}

int
screen_colours(void)
{
	return level;
}

const char *
screen_theme_current(void)
{
	return screen_theme_names[theme_index];
}

int
screen_attr(enum role r)
{
	if ((int)r < 0 || r >= ROLE_COUNT)
		return 0;
	return attrs[r];
}

static short
colour(short c)
{
	if (c >= 0 && c >= COLORS)
		c = (short)(c % 8);
	if (c < 0 && !default_colours)
		return -2;
	return c;
}

/* Fill attrs[] for colour level 256, 8 or 0. */
static void
apply_level(int lv)
{
	int	r;

	level = lv;
	for (r = 0; r < ROLE_COUNT; r++) {
		const struct style	*s;
		short			 fg, bg;

		if (lv == 0) {
			attrs[r] = scheme[r].mono;
			continue;
		}
		s = lv == 256 ? &scheme[r].c256 : &scheme[r].c8;
		fg = colour(s->fg);
		bg = colour(s->bg);
		if (fg == -2)
			fg = COLOR_WHITE;
		if (bg == -2)
			bg = COLOR_BLACK;
		if (r + 1 < COLOR_PAIRS)
			init_pair((short)(r + 1), fg, bg);
		attrs[r] = (r + 1 < COLOR_PAIRS ? COLOR_PAIR(r + 1) : 0) |
		    s->attr;
	}
}

int
screen_theme(const char *name, char **cause)
{
	int	i, lv;

	for (i = 0; screen_theme_names[i] != NULL; i++) {
		if (strcmp(name, screen_theme_names[i]) == 0)
			break;
	}
	if (screen_theme_names[i] == NULL)
		return set_cause(cause, "no theme \"%s\" (default, 8colour, "
		    "mono)", name);
	if (i == 0)
		lv = colours;
	else if (i == 1)
		lv = colours >= 8 ? 8 : 0;
	else
		lv = 0;
	theme_index = i;
	apply_level(lv);
	return 0;
}

/* Restore the terminal from a signal handler: only async-signal-safe
 * calls, with the reset sequence computed at start. */
static void
crash_handler(int sig)
{
	if (saved_tio_ok)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	if (reset_len > 0) {
		ssize_t w = write(STDOUT_FILENO, reset_seq, reset_len);

		(void)w;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
end_handler(int sig)
{
	got_signal = sig;
}

static void
reset_add(const char *cap)
{
	char	*s = tigetstr(cap);
	size_t	 n;

	if (s == NULL || s == (char *)-1)
		return;
	n = strlen(s);
	if (reset_len + n < sizeof reset_seq) {
		memcpy(reset_seq + reset_len, s, n);
		reset_len += n;
	}
}

static void
signals_install(void)
{
	static const int	 crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
				    SIGABRT };
	static const int	 end[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction	 sa;
	size_t			 i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = end_handler;
	for (i = 0; i < nitems(end); i++)
		sigaction(end[i], &sa, NULL);
	sa.sa_handler = crash_handler;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < nitems(crash); i++)
		sigaction(crash[i], &sa, NULL);
}

static void
signals_restore(void)
{
	static const int	sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGSEGV,
				    SIGBUS, SIGFPE, SIGILL, SIGABRT };
	size_t			i;

	for (i = 0; i < nitems(sigs); i++)
		signal(sigs[i], SIG_DFL);
}

int
screen_init(char **cause)
{
	const char	*term = getenv("TERM"), *cs, *nc;
	int		 err = 0;
	static const char mouse_off[] = "\033[?1000l\033[?1002l\033[?1006l";

	if (term == NULL || *term == '\0')
		return set_cause(cause, "TERM is not set, so the screen cannot "
		    "be drawn: set it to your terminal's type (for example "
		    "TERM=xterm-256color), or pipe the output for a summary");
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		if (err == 0)
			return set_cause(cause, "TERM=%.64s: unknown terminal "
			    "type (no terminfo entry); try TERM=xterm-256color "
			    "or install ncurses-term", term);
		return set_cause(cause, "TERM=%.64s: cannot read the terminfo "
		    "database", term);
	}
	reset_len = 0;
	memcpy(reset_seq, mouse_off, sizeof mouse_off - 1);
	reset_len = sizeof mouse_off - 1;
	reset_add("sgr0");
	reset_add("cnorm");
	reset_add("rmcup");
	del_curterm(cur_term);

	cs = nl_langinfo(CODESET);
	utf8 = cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);
	saved_tio_ok = tcgetattr(STDIN_FILENO, &saved_tio) == 0;

	if ((scr = newterm(NULL, stdout, stdin)) == NULL)
		return set_cause(cause, "TERM=%.64s: cannot start the screen",
		    term);
	started = true;
	signals_install();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED |
	    BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);

	colours = 0;
	nc = getenv("NO_COLOR");
	if (has_colors() && (nc == NULL || *nc == '\0')) {
		start_color();
		default_colours = use_default_colors() == OK;
		colours = COLORS >= 256 && COLOR_PAIRS > ROLE_COUNT ? 256 :
		    COLORS >= 8 ? 8 : 0;
	}
	screen_theme("default", NULL);
	return 0;
}

void
screen_end(void)
{
	if (!started)
		return;
	started = false;
	mousemask(0, NULL);
	curs_set(1);
	endwin();
	delscreen(scr);
	scr = NULL;
	signals_restore();
	fflush(stdout);
}

const char *
screen_glyph_text(int g)
{
	if (g < 0 || g >= GLYPH_COUNT)
		return " ";
	return utf8 ? glyph_utf8[g] : glyph_ascii[g];
}

/* Clip (y, x, w) to the screen; false when nothing is left. */
static bool
clip(int y, int *x, int *w)
{
	if (y < 0 || y >= LINES || *x >= COLS || *w <= 0)
		return false;
	if (*x < 0) {
		*w += *x;
		*x = 0;
	}
	if (*x + *w > COLS)
		*w = COLS - *x;
	return *w > 0;
}

int
screen_text(int y, int x, int w, const char *s, size_t len, enum role r,
    bool pad)
{
	struct buf	b = BUF_INIT;
	size_t		got;

	if (!clip(y, &x, &w))
		return 0;
	if (s == NULL)
		s = "";
	if (len == (size_t)-1)
		len = strlen(s);
	got = sanitize_fit(s, len, screen_flags() | (pad ? SANITIZE_PAD : 0),
	    (size_t)w, &b);
	attrset(screen_attr(r));
	if (b.len > 0)
		mvaddnstr(y, x, b.data, (int)b.len);
	attrset(A_NORMAL);
	buf_free(&b);
	return (int)got;
}

int
screen_textf(int y, int x, int w, enum role r, bool pad, const char *fmt,
    ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	n = screen_text(y, x, w, s, (size_t)-1, r, pad);
	free(s);
	return n;
}

void
screen_fill(int y, int x, int w, enum role r)
{
	if (!clip(y, &x, &w))
		return;
	mvhline(y, x, (chtype)' ' | (chtype)screen_attr(r), w);
}

int
screen_glyph(int y, int x, int g, enum role r)
{
	int	w = 1;

	if (!clip(y, &x, &w))
		return 0;
	attrset(screen_attr(r));
	mvaddstr(y, x, screen_glyph_text(g));
	attrset(A_NORMAL);
	return 1;
}
