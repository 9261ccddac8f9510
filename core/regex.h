/*
 * regex.h: the one regular-expression engine of cibscope, for the SQL
 * functions of the query engine and for the TUI's `/` filter.
 *
 * Dialect: PCRE2 (Perl syntax) in UTF mode with Unicode properties, so
 * \w, \d, \b and [[:alpha:]] know Cyrillic, Arabic and the rest, and
 * \p{Cyrillic} works. Matching is case-sensitive unless the pattern says
 * (?i) or the caller passes REGEX_CASELESS. \C is refused.
 *
 * Hostile input. Patterns and subjects come from other people (shared
 * query files, account data), so:
 *  - a pattern longer than REGEX_MAX_PATTERN bytes, or one that is not
 *    valid UTF-8, is refused with a message;
 *  - a subject that is not valid UTF-8 is matched anyway: an invalid
 *    sequence matches no character (not even .), and is never an error;
 *  - one match is bounded by a backtracking limit, a heap limit, a JIT
 *    stack and a wall-clock deadline (struct regex_limits). A match that
 *    reaches any of them is an error, "pattern too expensive: PATTERN",
 *    never a silent "no match".
 *
 * Errors follow util.h: *cause gets a malloc'd message the caller frees.
 * A bad pattern gives a multi-line message: what pcre2 says, the pattern
 * (control characters and invalid bytes shown as escapes, very long
 * patterns cut around the error) and a caret under the offending place:
 *
 *	regex error: missing closing parenthesis at offset 4
 *	  (ab[
 *	      ^
 *
 * Memory and threads: a struct regex is owned by whoever compiled it and
 * freed with regex_free(). It carries its own match buffers, so one
 * struct regex must not be used by two threads at once; different ones
 * may.
 */
#ifndef CIB_REGEX_H
#define CIB_REGEX_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

/* Longest pattern accepted, in bytes. */
#define REGEX_MAX_PATTERN	65536

/* Flags for regex_compile(). */
#define REGEX_CASELESS	0x1	/* as if the pattern began with (?i) */
#define REGEX_LITERAL	0x2	/* the pattern is plain text, no syntax */

/*
 * What one match (one regex_match() or regex_find() call, or one whole
 * regex_replace()) may spend before it fails as too expensive.
 *
 * match:    pcre2's match limit, counted afresh at each start position.
 *           Exponential patterns such as (a+)+$ reach it at the first
 *           position, within milliseconds with JIT.
 * depth:    pcre2's depth limit (interpreter only; JIT has jit_stack).
 * heap_kib: heap the interpreter may use for backtracking, in KiB.
 * jit_stack_kib: the largest JIT stack, in KiB.
 * seconds:  the wall-clock deadline, for patterns whose work per start
 *           position stays under the match limit but whose total does
 *           not, such as (?:\w)*\d on 100 KB of letters (quadratic).
 */
struct regex_limits {
	uint32_t	match;
	uint32_t	depth;
	uint32_t	heap_kib;
	uint32_t	jit_stack_kib;
	double		seconds;
};

/* The defaults every new struct regex and the SQL functions use. */
extern const struct regex_limits regex_default_limits;

struct regex;

/*
 * Compile pattern (NUL-terminated UTF-8) with REGEX_* flags, JIT compiled
 * when the platform allows. Returns NULL with *cause set on a bad,
 * too long or non-UTF-8 pattern.
 */
struct regex	*regex_compile(const char *pattern, int flags, char **cause);

/* The same for a pattern of len bytes that may contain NULs. */
struct regex	*regex_compile_n(const char *pattern, size_t len, int flags,
		     char **cause);

void		 regex_free(struct regex *);

/* The pattern as given, NUL-terminated; owned by the regex. */
const char	*regex_pattern(const struct regex *);

/* Replace the limits of one regex (the limits are copied). */
void		 regex_set_limits(struct regex *, const struct regex_limits *);

/*
 * Does s[0..len) contain a match? Returns 1 for a match, 0 for none, -1
 * with *cause set when the match was too expensive (or pcre2 failed).
 */
int		 regex_match(struct regex *, const char *s, size_t len,
		     char **cause);

/*
 * Find the first match starting at or after byte offset from. Returns 1
 * and stores the match's byte range in *so, *eo; 0 when there is none;
 * -1 with *cause set on error, as regex_match().
 */
int		 regex_find(struct regex *, const char *s, size_t len,
		     size_t from, size_t *so, size_t *eo, char **cause);

/*
 * Replace every match in s[0..len) by repl, in which $1, ${1}, ${name}
 * refer to groups ($0 is the whole match, $$ is a dollar; a group that did
 * not take part gives the empty string; a backslash is an ordinary
 * character). Returns the new string (malloc'd, NUL-terminated, length in
 * *outlen if outlen is not NULL), or NULL with *cause set on a bad
 * replacement or a too expensive match.
 */
char		*regex_replace(struct regex *, const char *s, size_t len,
		     const char *repl, size_t repl_len, size_t *outlen,
		     char **cause);

/*
 * The message for pcre2 error errcode at byte offset in pattern (the
 * multi-line form above). Always returns a malloc'd string.
 */
char		*regex_explain_error(const char *pattern, int errcode,
		     size_t offset);

/*
 * Register on db the SQL functions
 *	regexp(pattern, text)		1 or 0; also `text REGEXP pattern`
 *	regexp_replace(text, pattern, replacement)
 * Both return NULL when text or pattern is NULL. Each connection keeps
 * the last few patterns it compiled, so a pattern used again, by the
 * same statement after a reset or by another one, is not compiled again
 * (a screen's filter runs one statement over thousands of slices of
 * rows). Errors (bad pattern, too expensive) are SQL errors
 * carrying the messages above. Returns 0, or -1 with *cause set.
 */
int		 regex_register(sqlite3 *db, char **cause);

/* How many patterns this process has compiled; for tests of the cache. */
unsigned long	 regex_compile_count(void);

#endif
