/*
 * testutil.h: what every unit test program shares.
 *
 * Each tests/unit/test_X.c defines test_suite(), returning its Check suite;
 * runner.c's main() runs it. Scratch files go in a fresh directory under
 * $CIB_BUILDDIR/tests/tmp (or /tmp), never in the source tree. Shared
 * reference data is read in place from $CIB_DATA (../shared/data); a test
 * that needs it and finds it absent says so and passes without checking.
 */
#ifndef CIB_TESTUTIL_H
#define CIB_TESTUTIL_H

#include <check.h>
#include <stdbool.h>

struct case_db;

Suite		*test_suite(void);

/* A new empty directory for this test; the path stays valid until exit. */
const char	*tu_tmpdir(void);
/* tu_tmpdir()/name, malloc'd. */
char		*tu_path(const char *name);
/* Write text to tu_tmpdir()/name; returns the malloc'd path. */
char		*tu_write(const char *name, const char *text);
/* $CIB_DATA/rel if it exists (malloc'd), else NULL after a note on stderr. */
char		*tu_data(const char *rel);
/* $CIB_SRCDIR/rel (malloc'd). */
char		*tu_src(const char *rel);
/* A new empty case in the tmpdir; fails the test on error. */
struct case_db	*tu_case_new(void);
/* Run SQL made from fmt (one or more statements); fails the test on
 * error, naming the SQL. */
void		 tu_sql(struct case_db *, const char *fmt, ...)
		     __attribute__((format(printf, 2, 3)));
/* SELECT returning one integer; fails the test on error. */
long long	 tu_int(struct case_db *, const char *sql);
/* Whole contents of a file (malloc'd) or NULL. */
char		*tu_slurp(const char *path, size_t *len);

#endif
