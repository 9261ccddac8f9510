/*
 * util.h: the small things every core/ and tui/ file leans on.
 *
 * Memory: the x* allocators never return NULL; on exhaustion they print
 * "cibscope: out of memory" and exit(1), so callers need no checks.
 *
 * Errors travel as a `char **cause` out-parameter. A function that fails
 * sets *cause to a malloc'd message (no trailing newline, no "cibscope:"
 * prefix) and returns its failure value; the caller owns and frees the
 * message. Passing cause == NULL discards the message. Messages about a
 * place in a file read "FILE:LINE:COL: what is wrong" (or FILE:LINE:).
 *
 * struct buf is a growable byte string that is always NUL-terminated.
 */
#ifndef CIB_UTIL_H
#define CIB_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define nitems(a) (sizeof (a) / sizeof (a)[0])

#if defined(__GNUC__)
#define CIB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CIB_PRINTF(f, a)
#endif

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) CIB_PRINTF(1, 2);
char	*xvasprintf(const char *, va_list) CIB_PRINTF(1, 0);

/* Set *cause (if cause is not NULL) to a formatted message. Returns -1. */
int	 set_cause(char **cause, const char *, ...) CIB_PRINTF(2, 3);

struct buf {
	char	*data;		/* always NUL-terminated once used */
	size_t	 len;
	size_t	 cap;
};
#define BUF_INIT { NULL, 0, 0 }

void	 buf_grow(struct buf *, size_t);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...) CIB_PRINTF(2, 3);
void	 buf_clear(struct buf *);
void	 buf_free(struct buf *);
/* Give up the contents (malloc'd, NUL-terminated) and reset the buffer. */
char	*buf_steal(struct buf *);

/* Append s as a JSON string literal (quoted, escaped; NULL as null). */
void	 buf_add_json(struct buf *, const char *s);

/* ASCII-only helpers, independent of the locale. */
int	 ascii_tolower(int);
bool	 ascii_isspace(int);
int	 ascii_strcasecmp(const char *, const char *);

/* Inline: the normalizers and the JSON check call them per byte. */
static inline bool
ascii_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool
ascii_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool
ascii_isxdigit(int c)
{
	return ascii_isdigit(c) || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* The value of a hexadecimal digit, or -1. */
static inline int
ascii_hexval(int c)
{
	if (ascii_isdigit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse a whole string as a signed 64-bit decimal; false on junk/overflow. */
bool	 parse_int64(const char *, int64_t *);
/* The same for a finite decimal number ("0.8", "1e-2"). */
bool	 parse_double(const char *, double *);

/* Seconds since the epoch with microseconds, from CLOCK_MONOTONIC. */
double	 clock_now(void);

#endif
