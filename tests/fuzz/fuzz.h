/*
 * fuzz.h: the fuzz harnesses of cibscope and what they share.
 *
 * Each harness is one function that takes arbitrary bytes, feeds them to
 * one reader or transformation of core/, and returns normally whatever the
 * bytes are. Errors reported through *cause are expected and ignored; a
 * crash, a sanitizer report, or a broken promise (fuzz_fail(), which
 * aborts) is a finding. The same functions are driven by libFuzzer
 * (fuzz_main.c, one program per harness, --enable-fuzzing) and by the
 * plain unit test tests/unit/test_fuzz_regress.c, which replays the seed
 * corpora and every saved crasher in tests/fuzz/regress/NAME/.
 *
 * Harnesses that need files or a case use a private scratch directory
 * (fuzz_tmpdir()) removed at exit, and cases kept open for the life of
 * the process: an empty one for imports, which the harnesses always roll
 * back, and a small fixed one for queries.
 */
#ifndef CIB_FUZZ_H
#define CIB_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct case_db;

/* HARNESS(name): fuzz_<name>() exists, its corpus is corpus/<name>/ and
 * its crashers are regress/<name>/. */
#define FUZZ_HARNESSES			\
	HARNESS(query_yaml)		\
	HARNESS(query_compile)		\
	HARNESS(theme)			\
	HARNESS(csv)			\
	HARNESS(mapping)		\
	HARNESS(jsonl)			\
	HARNESS(formats)		\
	HARNESS(indicators)		\
	HARNESS(sanitize)		\
	HARNESS(normalize)		\
	HARNESS(regex)

#define HARNESS(n) void fuzz_##n(const uint8_t *, size_t);
FUZZ_HARNESSES
#undef HARNESS

/* ---- fuzz_util.c ------------------------------------------------------ */

/* A broken promise: print the message and abort. */
_Noreturn void	 fuzz_fail(const char *fmt, ...) CIB_PRINTF(1, 2);

/* Set a UTF-8 LC_CTYPE once (sanitize.h measures with wcwidth()). */
void		 fuzz_locale(void);

/* The scratch directory, made on first use and removed at exit. */
const char	*fuzz_tmpdir(void);
/* fuzz_tmpdir()/name, malloc'd. */
char		*fuzz_path(const char *name);
/* Replace the file at path with data[0..size). */
void		 fuzz_write(const char *path, const void *data, size_t size);

/* An empty case, opened once. Callers leave it empty. */
struct case_db	*fuzz_case_empty(void);
/* Import path with map and roll the import back (by cancelling it once
 * the file has been read); the case must be as it was afterwards. bulk:
 * into fuzz_case_empty() (a bulk load), else into a case that already
 * holds one account. */
struct mapping;
void		 fuzz_import(const struct mapping *, const char *path,
		     bool bulk);
/* The same with a built-in format (and a platform for the formats whose
 * files name none) instead of a mapping. */
void		 fuzz_import_format(const char *format, const char *platform,
		     const char *path, bool bulk);

/* A case holding a few accounts, attributes and posts that link to each
 * other, opened once. Callers do not change it. */
struct case_db	*fuzz_case_sample(void);

/* Reading fuzz bytes as choices. Past the end every read gives 0. */
struct fuzz_in {
	const uint8_t	*p;
	size_t		 n;
};
uint8_t		 fuzz_byte(struct fuzz_in *);
/* A number in [0, n); n > 0. */
size_t		 fuzz_pick(struct fuzz_in *, size_t n);
bool		 fuzz_bool(struct fuzz_in *);
/* Up to max bytes as a malloc'd NUL-terminated string (may hold NULs
 * before its end, which C readers see as the end). */
char		*fuzz_string(struct fuzz_in *, size_t max);

#endif
