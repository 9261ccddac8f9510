/*
 * regex.c: pcre2 behind the regexp() and regexp_replace() SQL functions
 * and the TUI filter: compiling with JIT, matching under limits and a
 * deadline, substitution, and error messages a person can act on. See
 * regex.h for the promises.
 *
 * The deadline. pcre2 counts its match limit afresh at each start
 * position, so a pattern whose work per position is large but under the
 * limit (quadratic ones, or bounded blow-ups like (a|a){20}b) can run for
 * seconds on a long subject without tripping it. Callouts could watch a
 * clock but slow every match. Instead an unanchored search is cut into
 * runs of start positions with pcre2's offset limit, which keeps all of
 * pcre2's start-of-match optimisations, and the clock is read between
 * runs. A run starts small and grows while runs are cheap, so short
 * subjects cost one pcre2_match() call and long ones a handful.
 *
 * Runs would change the meaning of \G (which holds at the offset a
 * search starts from) and of (*COMMIT) and (*SKIP) (which reach across
 * start positions). The few patterns that use them are compiled with
 * automatic callouts instead, and the callout watches the clock: slower,
 * but still bounded.
 */
#include "config.h"
#include "regex.h"

#ifdef HAVE_VALGRIND_VALGRIND_H
#include <valgrind/valgrind.h>
#endif

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const struct regex_limits regex_default_limits = {
	.match = 5000000,
	.depth = 1000000,
	.heap_kib = 64 * 1024,
	.jit_stack_kib = 4 * 1024,
	.seconds = 1.0,
};

/* Start positions tried by the first run, and bounds on later runs. */
#define RX_RUN_FIRST	16
#define RX_RUN_MAX	(1 << 20)
/* A run cheaper than this grows fourfold; dearer than RX_RUN_SLOW, shrinks. */
#define RX_RUN_FAST	0.0005
#define RX_RUN_SLOW	0.005

/* rx_search() failed; pcre2's own codes are all above this. */
#define RX_ERROR	(-100000)

/* Columns of a pattern shown in a message, and how many before the
 * error's place when it has to be cut. */
#define RX_SHOW_COLS	72
#define RX_SHOW_BEFORE	48

struct regex {
	pcre2_code		*code;
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jit_stack;
	char			*pattern;	/* as given, NUL-terminated */
	size_t			 pattern_len;
	bool			 jit;
	bool			 runs;		/* cut searches into runs */
	double			 deadline;	/* for rx_callout() */
	unsigned		 ncallouts;
	struct regex_limits	 limits;
};

static atomic_ulong	rx_ncompiled;

/*
 * Decode one UTF-8 sequence at s (len > 0). Returns its length and stores
 * the code point, or 0 when the bytes are not a valid sequence.
 */
static size_t
rx_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t	c = s[0], min;
	size_t		n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Code points that could reorder or hide text on a terminal. */
static bool
rx_invisible(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x00ad ||
	    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff ||
	    (cp >= 0xfff9 && cp <= 0xfffb);
}

static bool
rx_combining(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036f) ||
	    (cp >= 0x1ab0 && cp <= 0x1aff) || (cp >= 0x1dc0 && cp <= 0x1dff) ||
	    (cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0xfe20 && cp <= 0xfe2f);
}

static bool
rx_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115f) ||
	    (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) ||
	    (cp >= 0x1f300 && cp <= 0x1f64f) ||
	    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
	    (cp >= 0x20000 && cp <= 0x3fffd);
}

/*
 * How the character at p[0..len) is shown in a message: its text in out
 * (room for 16 bytes, NUL-terminated) and its width in columns. Control
 * characters, invalid bytes and invisible format characters become
 * escapes. Returns the number of pattern bytes it stands for.
 */
static size_t
rx_cell(const char *p, size_t len, char *out, size_t *width)
{
	const unsigned char	*s = (const unsigned char *)p;
	uint32_t		 cp;
	size_t			 n;

	n = rx_decode(s, len, &cp);
	if (n == 0) {
		snprintf(out, 16, "\\x%02X", s[0]);
		*width = 4;
		return 1;
	}
	if (cp == '\t' || cp == '\n' || cp == '\r') {
		snprintf(out, 16, "\\%c", cp == '\t' ? 't' :
		    cp == '\n' ? 'n' : 'r');
		*width = 2;
	} else if (cp < 0x20 || cp == 0x7f) {
		snprintf(out, 16, "\\x%02X", (unsigned)cp);
		*width = 4;
	} else if (rx_invisible(cp)) {
		snprintf(out, 16, "\\x{%04X}", (unsigned)cp);
		*width = strlen(out);
	} else {
		memcpy(out, p, n);
		out[n] = '\0';
		*width = rx_combining(cp) ? 0 : rx_wide(cp) ? 2 : 1;
	}
	return n;
}

/*
 * Append pattern p[0..len) to out as one safe line of at most about
 * RX_SHOW_COLS columns, cut around byte offset mark, and return the
 * column (from the start of what was appended) where mark falls.
 */
static size_t
rx_show(struct buf *out, const char *p, size_t len, size_t mark)
{
	char	cell[16];
	size_t	i, n, w, col, mark_col = 0, total = 0, want, first, caret;
	bool	started = false;

	if (mark > len)
		mark = len;
	for (i = 0; i < len; i += n) {
		if (i <= mark)
			mark_col = total;
		n = rx_cell(p + i, len - i, cell, &w);
		total += w;
	}
	if (mark == len)
		mark_col = total;

	/* The window starts at the first whole cell at or after want. */
	want = 0;
	if (total > RX_SHOW_COLS && mark_col > RX_SHOW_BEFORE)
		want = mark_col - RX_SHOW_BEFORE;
	first = want;
	if (want > 0)
		buf_adds(out, "...");
	col = 0;
	for (i = 0; i < len; i += n) {
		n = rx_cell(p + i, len - i, cell, &w);
		if (col >= want && !started) {
			started = true;
			first = col;
		}
		if (started) {
			if (col + w > first + RX_SHOW_COLS && w > 0) {
				buf_adds(out, "...");
				break;
			}
			buf_adds(out, cell);
		}
		col += w;
	}
	if (!started)
		first = total;
	caret = mark_col >= first ? mark_col - first : 0;
	if (want > 0)
		caret += 3;
	return caret;
}

/* pcre2's words for errcode. */
static void
rx_message(int errcode, char *msg, size_t size)
{
	if (pcre2_get_error_message(errcode, (PCRE2_UCHAR *)msg, size) < 0 &&
	    msg[0] == '\0')
		snprintf(msg, size, "error %d", errcode);
}

static char *
rx_explain(const char *pattern, size_t len, int errcode, size_t offset)
{
	struct buf	b = BUF_INIT;
	char		msg[256] = "";
	size_t		caret;

	rx_message(errcode, msg, sizeof msg);
	buf_printf(&b, "regex error: %s at offset %zu\n  ", msg, offset);
	caret = rx_show(&b, pattern, len, offset);
	buf_adds(&b, "\n  ");
	while (caret-- > 0)
		buf_addc(&b, ' ');
	buf_addc(&b, '^');
	return buf_steal(&b);
}

char *
regex_explain_error(const char *pattern, int errcode, size_t offset)
{
	return rx_explain(pattern, strlen(pattern), errcode, offset);
}

/* The pattern as it appears in one-line messages. */
static char *
rx_shown(const struct regex *re)
{
	struct buf	b = BUF_INIT;

	rx_show(&b, re->pattern, re->pattern_len, 0);
	return buf_steal(&b);
}

/* Turn a failed pcre2_match() or pcre2_substitute() code into *cause. */
static int
rx_fail(const struct regex *re, int rc, char **cause)
{
	char	 msg[256] = "", *shown;

	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
	case PCRE2_ERROR_NOMEMORY:
		shown = rx_shown(re);
		set_cause(cause, "pattern too expensive: %s", shown);
		free(shown);
		break;
	default:
		rx_message(rc, msg, sizeof msg);
		set_cause(cause, "regex error: %s", msg);
		break;
	}
	return -1;
}

static void
rx_apply_limits(struct regex *re)
{
	const struct regex_limits	*l = &re->limits;

	pcre2_set_match_limit(re->mctx, l->match);
	pcre2_set_depth_limit(re->mctx, l->depth);
	pcre2_set_heap_limit(re->mctx, l->heap_kib);
	if (re->jit_stack != NULL) {
		pcre2_jit_stack_assign(re->mctx, NULL, NULL);
		pcre2_jit_stack_free(re->jit_stack);
		re->jit_stack = NULL;
	}
	if (re->jit) {
		re->jit_stack = pcre2_jit_stack_create(32 * 1024,
		    (PCRE2_SIZE)l->jit_stack_kib * 1024, NULL);
		if (re->jit_stack != NULL)
			pcre2_jit_stack_assign(re->mctx, NULL, re->jit_stack);
	}
}

/*
 * Does the pattern use \G, (*COMMIT) or (*SKIP), whose meaning depends
 * on where pcre2_match() starts? Errs on the side of yes (an escaped
 * backslash before G counts), which costs speed, never correctness.
 */
static bool
rx_needs_whole(const char *p, size_t len)
{
	static const char	*const words[] = { "\\G", "(*COMMIT", "(*SKIP" };
	size_t			 i, j, n;

	for (i = 0; i < len; i++) {
		for (j = 0; j < nitems(words); j++) {
			n = strlen(words[j]);
			if (len - i >= n && memcmp(p + i, words[j], n) == 0)
				return true;
		}
	}
	return false;
}

/*
 * Whether to compile patterns to machine code. Not under valgrind:
 * memcheck cannot follow JIT-compiled code, which reads the subject 16
 * bytes at a time past its end on purpose, and would report errors that
 * are not there; the interpreter gives the same results.
 */
static bool
regex_jit_wanted(void)
{
#ifdef HAVE_VALGRIND_VALGRIND_H
	return !RUNNING_ON_VALGRIND;
#else
	return true;
#endif
}

/* The automatic callout of whole-search patterns: enforce the deadline. */
static int
rx_callout(pcre2_callout_block *cb, void *arg)
{
	struct regex	*re = arg;

	if ((++re->ncallouts & 0x3ff) == 0 && clock_now() > re->deadline)
		return PCRE2_ERROR_MATCHLIMIT;
	return 0;
}

struct regex *
regex_compile_n(const char *pattern, size_t len, int flags, char **cause)
{
	struct regex	*re;
	pcre2_code	*code;
	uint32_t	 options;
	int		 errcode;
	PCRE2_SIZE	 erroffset;
	bool		 runs;

	if (len > REGEX_MAX_PATTERN) {
		set_cause(cause, "regex error: pattern is %zu bytes long; "
		    "the limit is %d", len, REGEX_MAX_PATTERN);
		return NULL;
	}

	options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
	if (flags & REGEX_LITERAL)
		options |= PCRE2_LITERAL;
	else
		options |= PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C;
	if (flags & REGEX_CASELESS)
		options |= PCRE2_CASELESS;
	runs = (flags & REGEX_LITERAL) || !rx_needs_whole(pattern, len);
	if (runs)
		options |= PCRE2_USE_OFFSET_LIMIT;
	else
		options |= PCRE2_AUTO_CALLOUT;

	code = pcre2_compile((PCRE2_SPTR)pattern, len, options, &errcode,
	    &erroffset, NULL);
	atomic_fetch_add(&rx_ncompiled, 1);
	if (code == NULL) {
		if (cause != NULL)
			*cause = rx_explain(pattern, len, errcode, erroffset);
		return NULL;
	}

	re = xcalloc(1, sizeof *re);
	re->code = code;
	re->pattern = xmalloc(len + 1);
	memcpy(re->pattern, pattern, len);
	re->pattern[len] = '\0';
	re->pattern_len = len;
	re->runs = runs;
	re->jit = regex_jit_wanted() &&
	    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
	re->md = pcre2_match_data_create_from_pattern(code, NULL);
	re->mctx = pcre2_match_context_create(NULL);
	if (re->md == NULL || re->mctx == NULL) {
		regex_free(re);
		set_cause(cause, "regex error: out of memory");
		return NULL;
	}
	if (!runs)
		pcre2_set_callout(re->mctx, rx_callout, re);
	re->limits = regex_default_limits;
	rx_apply_limits(re);
	return re;
}

struct regex *
regex_compile(const char *pattern, int flags, char **cause)
{
	return regex_compile_n(pattern, strlen(pattern), flags, cause);
}

void
regex_free(struct regex *re)
{
	if (re == NULL)
		return;
	if (re->jit_stack != NULL)
		pcre2_jit_stack_free(re->jit_stack);
	pcre2_match_context_free(re->mctx);
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re->pattern);
	free(re);
}

const char *
regex_pattern(const struct regex *re)
{
	return re->pattern;
}

void
regex_set_limits(struct regex *re, const struct regex_limits *limits)
{
	re->limits = *limits;
	rx_apply_limits(re);
}

unsigned long
regex_compile_count(void)
{
	return atomic_load(&rx_ncompiled);
}

/*
 * One search of s[0..len) from byte start with pcre2 options, leaving the
 * result in re->md. *deadline is the clock time at which to give up, or 0
 * until the first clock reading, so that searches which finish in one
 * run never read the clock. Returns pcre2's code (> 0 for a match,
 * PCRE2_ERROR_NOMATCH) or RX_ERROR with *cause set.
 */
static int
rx_search(struct regex *re, const char *s, size_t len, size_t start,
    uint32_t options, double *deadline, char **cause)
{
	PCRE2_SPTR	 subject = (PCRE2_SPTR)s;
	size_t		 run = RX_RUN_FIRST, limit;
	double		 t0, t1;
	int		 rc;

	if (!re->runs) {
		if (*deadline == 0)
			*deadline = clock_now() + re->limits.seconds;
		re->deadline = *deadline;
		rc = pcre2_match(re->code, subject, len, start, options,
		    re->md, re->mctx);
		goto out;
	}
	if (options & PCRE2_ANCHORED)
		run = len - start;	/* one start position: one call */
	for (;;) {
		if (len - start <= run) {
			pcre2_set_offset_limit(re->mctx, PCRE2_UNSET);
			rc = pcre2_match(re->code, subject, len, start,
			    options, re->md, re->mctx);
			break;
		}
		limit = start + run;
		pcre2_set_offset_limit(re->mctx, limit);
		t0 = clock_now();
		if (*deadline == 0)
			*deadline = t0 + re->limits.seconds;
		rc = pcre2_match(re->code, subject, len, start, options,
		    re->md, re->mctx);
		if (rc != PCRE2_ERROR_NOMATCH)
			break;
		t1 = clock_now();
		if (t1 > *deadline) {
			rx_fail(re, PCRE2_ERROR_MATCHLIMIT, cause);
			return RX_ERROR;
		}
		if (t1 - t0 < RX_RUN_FAST && run < RX_RUN_MAX)
			run *= 4;
		else if (t1 - t0 > RX_RUN_SLOW && run > 1)
			run /= 4;
		if (run == 0)
			run = 1;

		/* Next start: the first byte that can begin a character. */
		start = limit + 1;
		while (start < len &&
		    ((const unsigned char *)s)[start] >= 0x80 &&
		    ((const unsigned char *)s)[start] <= 0xbf &&
		    start - limit <= 3)
			start++;
	}

out:
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
		rx_fail(re, rc, cause);
		return RX_ERROR;
	}
	return rc;
}

int
regex_find(struct regex *re, const char *s, size_t len, size_t from,
    size_t *so, size_t *eo, char **cause)
{
	PCRE2_SIZE	*ov;
	double		 deadline = 0;
	int		 rc;

	if (from > len)
		return 0;
	rc = rx_search(re, s, len, from, 0, &deadline, cause);
	if (rc == RX_ERROR)
		return -1;
	if (rc < 0)
		return 0;
	ov = pcre2_get_ovector_pointer(re->md);
	*so = ov[0];
	*eo = ov[1];
	return 1;
}

int
regex_match(struct regex *re, const char *s, size_t len, char **cause)
{
	double	deadline = 0;
	int	rc;

	rc = rx_search(re, s, len, 0, 0, &deadline, cause);
	if (rc == RX_ERROR)
		return -1;
	return rc < 0 ? 0 : 1;
}

/*
 * Append to out the replacement for the match now in re->md, expanded by
 * pcre2 so that $n, ${name} and $$ mean exactly what pcre2 says.
 */
static int
rx_expand(struct regex *re, const char *s, size_t len, const char *repl,
    size_t repl_len, struct buf *out, char **cause)
{
	PCRE2_UCHAR	 small[256], *big = NULL, *p = small;
	PCRE2_SIZE	 size = sizeof small;
	uint32_t	 options;
	int		 rc;

	options = PCRE2_SUBSTITUTE_MATCHED | PCRE2_SUBSTITUTE_REPLACEMENT_ONLY |
	    PCRE2_SUBSTITUTE_UNSET_EMPTY | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH;
	rc = pcre2_substitute(re->code, (PCRE2_SPTR)s, len, 0, options,
	    re->md, re->mctx, (PCRE2_SPTR)repl, repl_len, p, &size);
	if (rc == PCRE2_ERROR_NOMEMORY) {
		big = xmalloc(size);
		p = big;
		rc = pcre2_substitute(re->code, (PCRE2_SPTR)s, len, 0, options,
		    re->md, re->mctx, (PCRE2_SPTR)repl, repl_len, p, &size);
	}
	if (rc < 0) {
		char	msg[256] = "";

		free(big);
		rx_message(rc, msg, sizeof msg);
		if (rc == PCRE2_ERROR_NOMEMORY || rc == PCRE2_ERROR_MATCHLIMIT)
			return rx_fail(re, rc, cause);
		return set_cause(cause, "regex error: bad replacement \"%.*s\": "
		    "%s", (int)(repl_len > 200 ? 200 : repl_len), repl, msg);
	}
	buf_add(out, p, size);
	free(big);
	return 0;
}

char *
regex_replace(struct regex *re, const char *s, size_t len, const char *repl,
    size_t repl_len, size_t *outlen, char **cause)
{
	struct buf	 out = BUF_INIT;
	PCRE2_SIZE	*ov;
	size_t		 start = 0, copied = 0, so, eo;
	uint32_t	 options = 0;
	double		 deadline = 0;
	int		 rc;

	buf_grow(&out, len + 1);
	for (;;) {
		rc = rx_search(re, s, len, start, options, &deadline, cause);
		if (rc == RX_ERROR)
			goto fail;
		if (rc < 0) {
			if (options == 0 || start >= len)
				break;
			/* No non-empty match here: step over one character. */
			start++;
			while (start < len &&
			    (((const unsigned char *)s)[start] & 0xc0) == 0x80)
				start++;
			options = 0;
			continue;
		}

		ov = pcre2_get_ovector_pointer(re->md);
		so = ov[0];
		eo = ov[1];
		if (so < copied || eo < so || eo > len) {
			set_cause(cause, "regex error: match out of order "
			    "(\\K in a lookaround?)");
			goto fail;
		}
		buf_add(&out, s + copied, so - copied);
		if (rx_expand(re, s, len, repl, repl_len, &out, cause) != 0)
			goto fail;
		copied = start = eo;
		options = so == eo ?
		    PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
	}
	buf_add(&out, s + copied, len - copied);
	if (outlen != NULL)
		*outlen = out.len;
	return buf_steal(&out);

fail:
	buf_free(&out);
	return NULL;
}

/*
 * Each connection keeps the last RX_SQL_CACHE patterns it compiled, so
 * that a pattern bound to a statement compiles once per connection, not
 * once each time the statement is reset: a screen's filter runs the same
 * statement thousands of times over slices of rows, and a pattern's
 * JIT compilation costs more than matching a slice. A connection is used
 * by one thread at a time, so its cache needs no lock.
 */
#define RX_SQL_CACHE	4

struct rx_cache {
	struct regex	*re[RX_SQL_CACHE];
	unsigned	 next;		/* the slot to replace next */
};

static void
rx_cache_free(void *p)
{
	struct rx_cache	*cache = p;
	size_t		 i;

	for (i = 0; i < RX_SQL_CACHE; i++)
		regex_free(cache->re[i]);
	free(cache);
}

/* The compiled form of SQL argument arg, owned by the connection's
 * cache and valid until the next call. NULL after reporting an error. */
static struct regex *
rx_sql_regex(sqlite3_context *ctx, sqlite3_value *arg)
{
	struct rx_cache	*cache = sqlite3_user_data(ctx);
	struct regex	*re;
	const char	*p;
	char		*cause = NULL;
	size_t		 i, n;

	p = (const char *)sqlite3_value_text(arg);
	n = (size_t)sqlite3_value_bytes(arg);
	if (p == NULL) {
		sqlite3_result_error_nomem(ctx);
		return NULL;
	}
	for (i = 0; i < RX_SQL_CACHE; i++) {
		re = cache->re[i];
		if (re != NULL && re->pattern_len == n &&
		    memcmp(re->pattern, p, n) == 0)
			return re;
	}
	re = regex_compile_n(p, n, 0, &cause);
	if (re == NULL) {
		sqlite3_result_error(ctx, cause, -1);
		free(cause);
		return NULL;
	}
	regex_free(cache->re[cache->next]);
	cache->re[cache->next] = re;
	cache->next = (cache->next + 1) % RX_SQL_CACHE;
	return re;
}

static void
rx_sql_error(sqlite3_context *ctx, char *cause)
{
	sqlite3_result_error(ctx, cause != NULL ? cause : "regex error", -1);
	free(cause);
}

/* regexp(pattern, text): 1 when text contains a match, else 0. */
static void
rx_sql_regexp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct regex	*re;
	const char	*s;
	char		*cause = NULL;
	int		 rc;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
	    sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	if ((re = rx_sql_regex(ctx, argv[0])) == NULL)
		return;
	s = (const char *)sqlite3_value_text(argv[1]);
	if (s == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	rc = regex_match(re, s, (size_t)sqlite3_value_bytes(argv[1]), &cause);
	if (rc < 0)
		rx_sql_error(ctx, cause);
	else
		sqlite3_result_int(ctx, rc);
}

/* regexp_replace(text, pattern, replacement): every match replaced. */
static void
rx_sql_replace(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct regex	*re;
	const char	*s, *repl;
	char		*cause = NULL, *out;
	size_t		 slen, rlen, outlen;
	int		 i;

	for (i = 0; i < 3; i++) {
		if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
			return;
	}
	if ((re = rx_sql_regex(ctx, argv[1])) == NULL)
		return;
	s = (const char *)sqlite3_value_text(argv[0]);
	slen = (size_t)sqlite3_value_bytes(argv[0]);
	repl = (const char *)sqlite3_value_text(argv[2]);
	rlen = (size_t)sqlite3_value_bytes(argv[2]);
	if (s == NULL || repl == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	out = regex_replace(re, s, slen, repl, rlen, &outlen, &cause);
	if (out == NULL)
		rx_sql_error(ctx, cause);
	else
		sqlite3_result_text64(ctx, out, outlen, free, SQLITE_UTF8);
}

static const struct {
	const char	*name;
	int		 nargs;
	void		(*fn)(sqlite3_context *, int, sqlite3_value **);
} rx_sql_functions[] = {
	{ "regexp", 2, rx_sql_regexp },
	{ "regexp_replace", 3, rx_sql_replace },
};

/* Each function has a cache of its own, freed with the connection (or
 * at once when registering fails). */
int
regex_register(sqlite3 *db, char **cause)
{
	size_t	i;
	int	rc;

	for (i = 0; i < nitems(rx_sql_functions); i++) {
		rc = sqlite3_create_function_v2(db, rx_sql_functions[i].name,
		    rx_sql_functions[i].nargs, SQLITE_UTF8 |
		    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
		    xcalloc(1, sizeof (struct rx_cache)),
		    rx_sql_functions[i].fn, NULL, NULL, rx_cache_free);
		if (rc != SQLITE_OK) {
			return set_cause(cause, "cannot register %s(): %s",
			    rx_sql_functions[i].name, sqlite3_errmsg(db));
		}
	}
	return 0;
}
