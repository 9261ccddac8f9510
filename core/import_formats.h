/*
 * import_formats.h: the interface between the import driver (import.c)
 * and the readers of each file format (import_csv.c, import_jsonl.c).
 *
 * The driver settles each file's format and mapping, opens the ingest
 * session and calls the reader for the file. A reader turns each record
 * into an array of values indexed by "slot" (the mapping's account
 * fields, post fields and attribute columns, laid out by the IMPORT_SLOT_
 * macros) and hands it to import_record(), which validates and writes it.
 * Readers call import_tick() every IMPORT_TICK rows for progress and
 * cancellation, and import_bad_row() for a record they cannot read.
 *
 * Everything here returns 0 on success and -1 with *cause set when the
 * whole import must stop; a skipped bad row is not a failure.
 */
#ifndef CIB_IMPORT_FORMATS_H
#define CIB_IMPORT_FORMATS_H

#include <stdbool.h>
#include <stdint.h>

#include "import.h"
#include "ingest.h"
#include "mapping.h"
#include "util.h"

struct ingest;

#define IMPORT_TICK		8192	/* rows between progress calls */

/* Slot layout: account fields, post fields, then value and kind columns
 * of each attribute. */
#define IMPORT_SLOT_POST(i)	(MAP_NACCOUNT + (size_t)(i))
#define IMPORT_SLOT_ATTR(i)	(MAP_NACCOUNT + MAP_NPOST + 2 * (size_t)(i))
#define IMPORT_SLOT_KIND(i)	(IMPORT_SLOT_ATTR(i) + 1)
#define IMPORT_NSLOTS(m)	(MAP_NACCOUNT + MAP_NPOST + 2 * (m)->nattrs)

/* A file to read, with its format settled. */
struct import_file {
	const char		*path;		/* "<stdin>" for standard input */
	bool			 is_stdin;
	const char		*format;	/* one of import_format_names */
	const struct mapping	*map;
	bool			 builtin;	/* map is a built-in format's */
	bool			 json_lines;	/* read as JSON Lines */
	bool			 fourcat;	/* the built-in 4cat format */
};

struct acct_cache;

/* State of one import run; owned by import.c. */
struct import_run {
	struct case_db		*c;
	struct ingest		*ing;
	const struct import_opts *opts;
	struct import_report	*report;
	const char		*platform;	/* --platform, or NULL */
	uint64_t		 done_bytes;	/* bytes of files finished */
	uint64_t		 total_bytes;
	struct acct_cache	*cache;
	struct buf		 kind;		/* scratch: a lowercased kind */
	struct ingest_match	 match;		/* scratch: a handle lookup */
	struct buf		 anon;		/* scratch: an anonymous post's
						   account id */
	int64_t			 anon_posts;	/* this file's posts by
						   anonymous authors */
	int64_t			 trip_posts;	/* of them, known by tripcode */
};

/* The column a slot reads, or NULL when the mapping leaves it out. */
const char	*import_slot_column(const struct mapping *, size_t slot);

/* Validate and write one record. vals[slot] is NULL or a NUL-terminated
 * value. A record that cannot go in is reported with import_bad_row(). */
int		 import_record(struct import_run *, const struct mapping *,
		     const char *const *vals, const char *file, int64_t line,
		     char **cause);

/*
 * import_record() for a row of the built-in 4cat format: an author that
 * is not an identity (Anonymous, empty, REDACTED, [deleted]) is replaced
 * by the row's tripcode when it has one, and otherwise by an account of
 * the post's own, so anonymous posts are never merged (doc/mapping.md).
 * Counts them in run->anon_posts and run->trip_posts.
 */
int		 import_4cat_record(struct import_run *, const struct mapping *,
		     const char **vals, const char *file, int64_t line,
		     char **cause);

/* Report "FILE:LINE: message" and count the row as skipped; in strict
 * mode fail with that message instead. */
int		 import_bad_row(struct import_run *, const char *file,
		     int64_t line, char **cause, const char *fmt, ...)
		     CIB_PRINTF(5, 6);
/* The same, "FILE:LINE:COL: message", for a fault at a known column. */
int		 import_bad_at(struct import_run *, const char *file,
		     int64_t line, int64_t col, char **cause, const char *fmt,
		     ...) CIB_PRINTF(6, 7);

/*
 * SQLite's JSON functions end a string at an escaped NUL ("\u0000"),
 * losing the rest of it. Rewrite each such escape in the sound JSON text
 * p (NUL-terminated, len bytes) as "\ufffd", in place; returns how many.
 */
size_t		 import_json_nul(char *p, size_t len);

/*
 * One line of a JSON Lines file (got bytes read into line, its number
 * lineno) made ready to read: the line end, a byte-order mark on line 1
 * and leading white space stripped, invalid UTF-8 repaired into fix (and
 * counted), counted as a row, checked with json_check() and required to
 * be an object. Returns 1 with *p and *len the object; 0 for a blank
 * line or a bad one already reported (import_bad_at/import_bad_row); -1
 * when the run must stop, with *cause.
 */
int		 import_json_line(struct import_run *, const char *path,
		     int64_t lineno, char *line, size_t got, struct buf *fix,
		     char **p, size_t *len, char **cause);

/* Pass a message to the on_warn callback. */
void		 import_warn(struct import_run *, const char *fmt, ...)
		     CIB_PRINTF(2, 3);

/* Progress (bytes: read so far in the current file) and cancellation. */
int		 import_tick(struct import_run *, const char *file,
		     uint64_t bytes, char **cause);

int		 import_csv_file(struct import_run *,
		     const struct import_file *, char **cause);
int		 import_jsonl_file(struct import_run *,
		     const struct import_file *, char **cause);
/* Bluesky Jetstream events, one a line (import_bluesky.c). */
int		 import_bluesky_file(struct import_run *,
		     const struct import_file *, char **cause);
/* Telegram Desktop's result.json, streamed (import_telegram.c). */
int		 import_telegram_file(struct import_run *,
		     const struct import_file *, char **cause);

#endif
