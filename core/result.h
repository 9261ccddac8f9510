/*
 * result.h: reading and printing the accounts of a query result.
 *
 * A result (query.h) is a temporary table of account ids with an ordinal.
 * result_page() reads rows [first, first + n) by that ordinal, joined with
 * the accounts table and the names of the networks each account is in, so
 * a page costs the same at any depth. result_print() writes a whole result
 * as a table, CSV, JSON or bare ids; every text from the case goes through
 * the display sanitizer (sanitize.h), and CSV cells that a spreadsheet
 * would run as a formula are prefixed with a quote.
 */
#ifndef CIB_RESULT_H
#define CIB_RESULT_H

#include <stdint.h>
#include <stdio.h>

struct case_db;
struct query_result;

struct result_row {
	int64_t		 ord;
	int64_t		 id;
	const char	*platform;
	const char	*native_id;
	const char	*handle;
	const char	*display_name;
	const char	*created_at;
	int64_t		 followers;	/* -1 when unknown */
	const char	*networks;	/* comma separated names, or NULL */
	const char	*evidence;	/* JSON text, or NULL */
};

/* Call fn for each row of the page; the row's strings are valid only
 * during the call. Returns the number of rows, or -1 with *cause. */
int64_t	result_page(struct case_db *, const struct query_result *,
	    int64_t first, int64_t n,
	    void (*fn)(void *arg, const struct result_row *), void *arg,
	    char **cause);

enum result_format {
	RESULT_TABLE,
	RESULT_CSV,
	RESULT_JSON,
	RESULT_IDS,
};

/* Parse "table", "csv", "json", "ids"; -1 when unknown. */
int	result_format_parse(const char *);

int	result_print(FILE *, struct case_db *, const struct query_result *,
	    enum result_format, char **cause);

/* A CSV cell, quoted when needed, with a leading ', when it starts with
 * = + - @ tab or CR (spreadsheet formula injection). */
void	result_csv_cell(FILE *, const char *);

#endif
