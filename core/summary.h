/*
 * summary.h: what a case holds, in numbers, for `cibscope check`, for the
 * demo and for anyone who opens a case without the screen.
 */
#ifndef CIB_SUMMARY_H
#define CIB_SUMMARY_H

#include <stdio.h>

struct case_db;

/* Print name, schema version, counts per table and per attribute kind,
 * and the `top` most shared values of each kind. Values from the case are
 * sanitized before printing. Returns 0, or -1 with *cause on SQL error. */
int	summary_print(FILE *, struct case_db *, int top, char **cause);

/* Run SQLite's integrity check and print "integrity: ok" or each
 * finding. Returns 0 when sound, 1 when damaged, -1 with *cause when the
 * check could not run. */
int	summary_integrity(FILE *, struct case_db *, char **cause);

/* Verify the audit trail's hash chain (audit.h) and print the entries,
 * whether the chain holds and its head, to be recorded elsewhere. Returns
 * 0 when it holds (or the case predates it), 1 when it breaks, -1 with
 * *cause when the trail could not be read. */
int	summary_audit(FILE *, struct case_db *, char **cause);

#endif
