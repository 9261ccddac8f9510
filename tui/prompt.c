/*
 * prompt.c: one line of input on the bottom row, for `/`, `:`, and the
 * questions of the tagging form and the query palette. Emacs-style
 * editing keys, history with Up and Down, and Tab completion from a
 * callback of the caller's.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app.h"
#include "sanitize.h"
#include "scr.h"
#include "screen.h"

#define CTRL(c)	((c) & 0x1f)
#define KEY_ESC	27
/* Lines kept in a history. */
#define HISTORY_MAX	200

struct prompt {
	struct prompt_spec	 spec;
	char			*label;
	struct buf		 text;
	size_t			 cur;		/* byte offset in text */
	size_t			 hist;		/* == nhistory: the new line */
	char			*draft;		/* the new line, while browsing */
	char			**cands;	/* completion being cycled */
	size_t			 ncands;
	size_t			 candi;
	size_t			 word;		/* where the completed word starts */
};

void
history_add(char ***h, size_t *n, const char *line)
{
	if (line == NULL || *line == '\0')
		return;
	if (*n > 0 && strcmp((*h)[*n - 1], line) == 0)
		return;
	if (*n == HISTORY_MAX) {
		free((*h)[0]);
		memmove(*h, *h + 1, (*n - 1) * sizeof **h);
		(*n)--;
	}
	*h = xreallocarray(*h, *n + 1, sizeof **h);
	(*h)[(*n)++] = xstrdup(line);
}

static void
cands_free(struct prompt *p)
{
	size_t	i;

	for (i = 0; i < p->ncands; i++)
		free(p->cands[i]);
	free(p->cands);
	p->cands = NULL;
	p->ncands = 0;
}

static const char *
text(struct prompt *p)
{
	return p->text.data != NULL ? p->text.data : "";
}

static void
set_text(struct prompt *p, const char *s)
{
	buf_clear(&p->text);
	buf_adds(&p->text, s);
	p->cur = p->text.len;
}

void
prompt_open(struct app *a, const struct prompt_spec *spec)
{
	struct prompt	*p;

	if (a->prompt != NULL)
		prompt_close(a);
	p = xcalloc(1, sizeof *p);
	p->spec = *spec;
	p->label = xstrdup(spec->label != NULL ? spec->label : "");
	set_text(p, spec->initial != NULL ? spec->initial : "");
	p->hist = spec->nhistory != NULL ? *spec->nhistory : 0;
	a->prompt = p;
}

void
prompt_close(struct app *a)
{
	struct prompt	*p = a->prompt;

	if (p == NULL)
		return;
	a->prompt = NULL;
	cands_free(p);
	buf_free(&p->text);
	free(p->draft);
	free(p->label);
	free(p);
}

static void
changed(struct app *a, struct prompt *p)
{
	if (p->spec.changed != NULL)
		p->spec.changed(a, text(p), p->spec.arg);
}

static void
insert(struct prompt *p, const char *s, size_t n)
{
	struct buf	b = BUF_INIT;

	buf_add(&b, text(p), p->cur);
	buf_add(&b, s, n);
	buf_adds(&b, text(p) + p->cur);
	buf_free(&p->text);
	p->text = b;
	p->cur += n;
}

static void
erase_range(struct prompt *p, size_t from, size_t to)
{
	if (from >= to || to > p->text.len)
		return;
	memmove(p->text.data + from, p->text.data + to, p->text.len - to + 1);
	p->text.len -= to - from;
	p->cur = from;
}

/* The start of the UTF-8 character before off. */
static size_t
char_back(const char *s, size_t off)
{
	if (off == 0)
		return 0;
	off--;
	while (off > 0 && ((unsigned char)s[off] & 0xc0) == 0x80)
		off--;
	return off;
}

static size_t
char_fwd(const char *s, size_t len, size_t off)
{
	if (off >= len)
		return len;
	off++;
	while (off < len && ((unsigned char)s[off] & 0xc0) == 0x80)
		off++;
	return off;
}

static void
history_move(struct prompt *p, int dir)
{
	size_t	n;

	if (p->spec.history == NULL || p->spec.nhistory == NULL)
		return;
	n = *p->spec.nhistory;
	if (dir < 0 && p->hist == 0)
		return;
	if (dir > 0 && p->hist >= n)
		return;
	if (p->hist == n) {
		free(p->draft);
		p->draft = xstrdup(text(p));
	}
	p->hist = dir < 0 ? p->hist - 1 : p->hist + 1;
	set_text(p, p->hist == n ? (p->draft != NULL ? p->draft : "") :
	    (*p->spec.history)[p->hist]);
}

/* Replace the word at p->word..cur by s. */
static void
replace_word(struct prompt *p, const char *s, bool space)
{
	erase_range(p, p->word, p->cur);
	p->cur = p->word;
	insert(p, s, strlen(s));
	if (space)
		insert(p, " ", 1);
}

static void
complete(struct app *a, struct prompt *p)
{
	char		**all, *word;
	const char	 *t = text(p);
	size_t		  i, n = 0, lcp, wl;
	int		  argi = 0;
	struct buf	  list = BUF_INIT;

	if (p->spec.complete == NULL)
		return;
	if (p->cands != NULL) {
		p->candi = (p->candi + 1) % p->ncands;
		replace_word(p, p->cands[p->candi], false);
		return;
	}
	p->word = p->cur;
	while (p->word > 0 && t[p->word - 1] != ' ')
		p->word--;
	for (i = 0; i < p->word; i++) {
		if (t[i] != ' ' && (i == 0 || t[i - 1] == ' '))
			argi++;
	}
	word = xstrndup(t + p->word, p->cur - p->word);
	wl = strlen(word);
	all = p->spec.complete(a, t, word, argi);
	for (i = 0; all != NULL && all[i] != NULL; i++) {
		if (strncmp(all[i], word, wl) == 0) {
			p->cands = xreallocarray(p->cands, n + 1,
			    sizeof *p->cands);
			p->cands[n++] = all[i];
		} else
			free(all[i]);
	}
	free(all);
	p->ncands = n;
	free(word);
	if (n == 0) {
		app_message(a, false, "No completion");
		return;
	}
	if (n == 1) {
		replace_word(p, p->cands[0], true);
		cands_free(p);
		return;
	}
	lcp = strlen(p->cands[0]);
	for (i = 1; i < n; i++) {
		size_t k = 0;

		while (k < lcp && p->cands[i][k] == p->cands[0][k])
			k++;
		lcp = k;
	}
	for (i = 0; i < n; i++)
		buf_printf(&list, "%s%s", i > 0 ? "  " : "", p->cands[i]);
	app_message(a, false, "%s", list.data);
	buf_free(&list);
	if (lcp > wl) {
		char *pre = xstrndup(p->cands[0], lcp);

		replace_word(p, pre, false);
		free(pre);
		cands_free(p);
		return;
	}
	p->candi = 0;
	replace_word(p, p->cands[0], false);
}

/* Enter: close first, so that done() may open the next question. */
static void
submit(struct app *a)
{
	struct prompt		*p = a->prompt;
	struct prompt_spec	 spec = p->spec;
	char			*line = xstrdup(text(p));

	if (spec.history != NULL && spec.nhistory != NULL)
		history_add(spec.history, spec.nhistory, line);
	prompt_close(a);
	if (spec.done != NULL)
		spec.done(a, line, spec.arg);
	free(line);
}

static void
cancel(struct app *a)
{
	struct prompt_spec	spec = a->prompt->spec;

	prompt_close(a);
	if (spec.cancelled != NULL)
		spec.cancelled(a, spec.arg);
}

int
prompt_key(struct app *a, int key, bool wide)
{
	struct prompt	*p = a->prompt;
	const char	*t = text(p);
	size_t		 before = p->text.len;
	bool		 edited = false;
	char		 mb[MB_LEN_MAX];
	mbstate_t	 ps;
	size_t		 n;

	if (!(wide && key == '\t'))
		cands_free(p);
	if (!wide) {
		switch (key) {
		case KEY_ENTER:
			submit(a);
			return PANE_HANDLED;
		case KEY_BACKSPACE:
			goto backspace;
		case KEY_DC:
			erase_range(p, p->cur, char_fwd(t, p->text.len, p->cur));
			edited = true;
			break;
		case KEY_LEFT:
			p->cur = char_back(t, p->cur);
			break;
		case KEY_RIGHT:
			p->cur = char_fwd(t, p->text.len, p->cur);
			break;
		case KEY_HOME:
			p->cur = 0;
			break;
		case KEY_END:
			p->cur = p->text.len;
			break;
		case KEY_UP:
			history_move(p, -1);
			edited = true;
			break;
		case KEY_DOWN:
			history_move(p, 1);
			edited = true;
			break;
		default:
			break;
		}
		if (edited)
			changed(a, p);
		return PANE_HANDLED;
	}
	switch (key) {
	case '\r':
	case '\n':
		submit(a);
		return PANE_HANDLED;
	case KEY_ESC:
	case CTRL('g'):
		cancel(a);
		return PANE_HANDLED;
	case '\t':
		complete(a, p);
		edited = true;
		break;
	case 127:
	case CTRL('h'):
	backspace:
		if (p->text.len == 0) {
			cancel(a);
			return PANE_HANDLED;
		}
		erase_range(p, char_back(t, p->cur), p->cur);
		edited = true;
		break;
	case CTRL('a'):
		p->cur = 0;
		break;
	case CTRL('e'):
		p->cur = p->text.len;
		break;
	case CTRL('b'):
		p->cur = char_back(t, p->cur);
		break;
	case CTRL('f'):
		p->cur = char_fwd(t, p->text.len, p->cur);
		break;
	case CTRL('d'):
		erase_range(p, p->cur, char_fwd(t, p->text.len, p->cur));
		edited = true;
		break;
	case CTRL('u'):
		erase_range(p, 0, p->cur);
		edited = true;
		break;
	case CTRL('k'):
		p->text.len = p->cur;
		if (p->text.data != NULL)
			p->text.data[p->cur] = '\0';
		edited = true;
		break;
	case CTRL('w'): {
		size_t	from = p->cur;

		while (from > 0 && t[from - 1] == ' ')
			from--;
		while (from > 0 && t[from - 1] != ' ')
			from--;
		erase_range(p, from, p->cur);
		edited = true;
		break;
	}
	default:
		if (key < 32 || key == 127)
			break;
		memset(&ps, 0, sizeof ps);
		n = wcrtomb(mb, (wchar_t)key, &ps);
		if (n == (size_t)-1)
			break;
		insert(p, mb, n);
		edited = true;
		break;
	}
	if (edited && (p->text.len != before || key == '\t'))
		changed(a, p);
	return PANE_HANDLED;
}

void
prompt_draw(struct app *a, int y, int w)
{
	struct prompt	*p = a->prompt;
	const char	*t = text(p);
	int		 lw, avail, cw, x;
	size_t		 skip = 0;

	if (y < 0 || w < 1)
		return;
	screen_fill(y, 0, w, ROLE_NORMAL);
	lw = screen_text(y, 0, w, p->label, (size_t)-1, ROLE_PROMPT, false);
	avail = w - lw - 1;
	if (avail < 1)
		return;
	/* Scroll sideways so the cursor stays visible. */
	while ((int)sanitize_width(t + skip, p->cur - skip, screen_flags()) >
	    avail && skip < p->cur)
		skip = char_fwd(t, p->text.len, skip);
	screen_text(y, lw, avail, t + skip, p->text.len - skip, ROLE_NORMAL,
	    false);
	cw = (int)sanitize_width(t + skip, p->cur - skip, screen_flags());
	x = lw + cw;
	if (x >= w)
		x = w - 1;
	curs_set(1);
	move(y, x);
}
