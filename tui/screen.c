/*
 * screen.c: starting and ending curses, the theme in use turned into
 * colour pairs, signals, and the one routine that puts text on the screen
 * (sanitized, clipped).
 */
#include "config.h"
#include "screen.h"

#include <langinfo.h>
#include <poll.h>
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
#include "theme.h"
#include "util.h"

const char *const role_keys[ROLE_COUNT] = {
#define ROLE(e, k) [ROLE_##e] = k,
#include "roles.h"
#undef ROLE
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
static int			 level;		/* 256, 16, 8 or 0 */
static bool			 default_colours;
static int			 attrs[ROLE_COUNT];
static struct theme		*theme;		/* in use, or NULL */
static const char		*theme_wanted;	/* --theme, or NULL */
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
	return theme != NULL ? theme->name : "default";
}

int
screen_attr(enum role r)
{
	if ((int)r < 0 || r >= ROLE_COUNT)
		return 0;
	return attrs[r];
}

/* The colour level the terminal gives, after start_color(): 256, 16, 8,
 * or 0 when it has no colours, too few pairs for the roles, or NO_COLOR
 * is set. */
static int
colour_level(void)
{
	if (theme_no_color() || !has_colors() || COLOR_PAIRS <= ROLE_COUNT)
		return 0;
	if (COLORS >= 256)
		return 256;
	if (COLORS >= 16)
		return 16;
	if (COLORS >= 8)
		return 8;
	return 0;
}

static int
curses_attrs(unsigned a)
{
	int	out = 0;

	if (a & THEME_BOLD)
		out |= A_BOLD;
	if (a & THEME_UNDERLINE)
		out |= A_UNDERLINE;
	if (a & THEME_REVERSE)
		out |= A_REVERSE;
	if (a & THEME_DIM)
		out |= A_DIM;
	return out;
}

/*
 * Make t the theme in use: one colour pair per role (pair r + 1) at the
 * terminal's level, attributes from the theme, and the text role's colours
 * as the window background so that blank cells match the theme. Takes
 * ownership of t. Everything is repainted on the next refresh.
 */
static void
theme_apply(struct theme *t)
{
	struct theme_render	rd;
	int			r, k;

	theme_free(theme);
	theme = t;
	for (r = 0; r < ROLE_COUNT; r++) {
		k = theme_role_find(role_keys[r]);
		theme_render(t, k >= 0 ? (enum theme_role)k : THEME_TEXT, level,
		    &rd);
		attrs[r] = curses_attrs(rd.attrs);
		if (level == 0)
			continue;
		if (!default_colours) {
			if (rd.fg < 0)
				rd.fg = COLOR_WHITE;
			if (rd.bg < 0)
				rd.bg = COLOR_BLACK;
		}
		init_pair((short)(r + 1), (short)rd.fg, (short)rd.bg);
		attrs[r] |= (int)COLOR_PAIR(r + 1);
	}
	bkgd((chtype)' ' | ((chtype)attrs[ROLE_NORMAL] & A_COLOR));
	clearok(curscr, TRUE);
}

void
screen_theme_choose(const char *name)
{
	theme_wanted = name;
}

int
screen_theme_start(char **cause)
{
	const char	*name = theme_wanted;

	if (name == NULL || *name == '\0')
		name = getenv("CIBSCOPE_THEME");
	if (name == NULL || *name == '\0')
		name = "default";
	if (screen_theme(name, cause) == 0)
		return 0;
	if (theme == NULL)
		theme_apply(theme_builtin_default());
	return -1;
}

char **
screen_theme_names(void)
{
	struct theme_list	 *l = theme_list();
	char			**v;
	size_t			  i, n = 0;

	v = xcalloc(l->nentries + 1, sizeof *v);
	for (i = 0; i < l->nentries; i++) {
		if (!l->entries[i].overridden)
			v[n++] = xstrdup(l->entries[i].name);
	}
	theme_list_free(l);
	return v;
}

/* The theme name matches: itself, else the one name it begins. NULL
 * when none or several do. */
static const char *
theme_resolve(char *const *names, const char *name)
{
	const char	*found = NULL;
	size_t		 i, n = 0, len = strlen(name);

	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(names[i], name) == 0)
			return names[i];
		if (strncmp(names[i], name, len) == 0) {
			found = names[i];
			n++;
		}
	}
	return n == 1 ? found : NULL;
}

int
screen_theme(const char *name, char **cause)
{
	char		**names = screen_theme_names(), *why = NULL;
	const char	 *match;
	struct buf	  list = BUF_INIT;
	size_t		  i;
	int		  rc = 0;

	if ((match = theme_resolve(names, name)) == NULL) {
		for (i = 0; names[i] != NULL; i++)
			buf_printf(&list, "%s%s", i > 0 ? ", " : "", names[i]);
		rc = set_cause(cause, "no theme \"%s\" (%s)", name,
		    list.data != NULL ? list.data : "");
		buf_free(&list);
	} else {
		theme_apply(theme_load_fallback(match, &why));
		if (why != NULL) {
			rc = set_cause(cause, "%s", why);
			free(why);
		}
	}
	for (i = 0; names[i] != NULL; i++)
		free(names[i]);
	free(names);
	return rc;
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
	const char	*term = getenv("TERM"), *cs;
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
	/*
	 * Releases are asked for although nothing uses them: curses drops
	 * an event outside the mask and goes on reading with no timeout,
	 * so the main loop would sleep until the next key with a job's
	 * result waiting.
	 */
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED |
	    BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);

	level = 0;
	if (has_colors() && !theme_no_color()) {
		start_color();
		default_colours = use_default_colors() == OK;
		level = colour_level();
	}
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
	theme_free(theme);
	theme = NULL;
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

bool
screen_key_waiting(void)
{
	struct pollfd	pfd = { .fd = STDIN_FILENO, .events = POLLIN };

	return poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN) != 0;
}
