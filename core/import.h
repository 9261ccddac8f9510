/*
 * import.h: bring files of accounts, attributes and posts into a case.
 *
 * import_files() reads every file in one ingest session (ingest.h): either
 * the whole run is committed, or, on any failure, nothing is written and
 * the case is exactly as it was. Before anything is written each file is
 * opened and its format settled (given, from the mapping, or guessed from
 * its first line), so a missing file or an unknown format fails early.
 *
 * Formats: "csv" and "jsonl" need a mapping (mapping.h); "twitter-io",
 * "cnt", "telegram" (Telegram Desktop's result.json, streamed), "4cat"
 * (CSV or NDJSON, told apart by the first byte), "bluesky" (Jetstream
 * events) and "meta-content-library" (CSV) carry their own. The file "-" is standard input, named "<stdin>"
 * in messages and in the audit trail; it can be read once per import,
 * and its format must come from opts->format or the mapping (a mapping
 * without format: reads JSON Lines when the first byte is "{", else CSV).
 *
 * A mapping whose match: names handle finds accounts by platform and
 * handle (doc/mapping.md): a row whose handle names several accounts is
 * counted in ambiguous, one that names none and has no native id in
 * unmatched; both are reported like bad rows and left out, or fail the
 * import with opts->strict. A malformed row is reported through the warn
 * callback as "FILE:LINE: what is wrong", counted in skipped and left out;
 * with opts->strict it fails the whole import instead.
 *
 * Callbacks run on the caller's thread, may be NULL, and must not touch
 * the case. Strings passed to them are valid only during the call. The
 * report is filled in whether the import succeeds or fails (on failure it
 * says how far the import got before it was rolled back).
 *
 * Returns 0, or -1 with *cause set (a bad mapping, an unreadable file, a
 * file whose format cannot be told, a strict-mode bad row, a database
 * error, cancellation).
 */
#ifndef CIB_IMPORT_H
#define CIB_IMPORT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct case_db;
struct mapping;

/* The name the file "-" (standard input) goes by. */
#define IMPORT_STDIN	"<stdin>"

struct import_progress {
	const char	*file;		/* the file being read */
	int64_t		 rows;		/* rows read so far, all files */
	uint64_t	 bytes;		/* bytes read so far, all files */
	uint64_t	 total;		/* bytes in all files (0: unknown) */
};

struct import_opts {
	const char	*format;	/* NULL: from the mapping or guessed */
	const struct mapping *map;	/* for csv and jsonl; borrowed */
	const char	*platform;	/* when the data names none */
	bool		 strict;	/* the first bad row fails the import */
	/* Set (e.g. from a signal handler) to stop; the import rolls back. */
	volatile sig_atomic_t *cancel;

	/* The format chosen for a file; guessed says it was not given. */
	void		(*on_format)(void *arg, const char *file,
			    const char *format, bool guessed);
	/* Something the user should read: a skipped row, an unmapped
	 * column, a platform default. */
	void		(*on_warn)(void *arg, const char *msg);
	/* Called every few thousand rows and once at the end. */
	void		(*on_progress)(void *arg,
			    const struct import_progress *);
	void		*arg;
};

struct import_report {
	int64_t		rows;		/* data rows read */
	int64_t		imported;	/* rows that went in */
	int64_t		skipped;	/* malformed rows left out */
	int64_t		repaired;	/* invalid UTF-8 sequences replaced */
	int64_t		truncated;	/* fields cut to a cap */
	int64_t		dropped;	/* empty or sentinel values */
	int64_t		bad_hashes;	/* of them, perceptual hashes that
					   are not 64-bit hex */
	int64_t		accounts_new;
	int64_t		accounts_updated;
	int64_t		attributes;	/* attribute rows written */
	int64_t		posts;		/* posts written */
	bool		by_handle;	/* a mapping matches by handle */
	int64_t		matched;	/* rows attached to an account found
					   by its handle */
	int64_t		ambiguous;	/* rows left out: the handle names
					   several accounts, or another id */
	int64_t		unmatched;	/* rows left out: no account has the
					   handle, and the row has no id */
	int64_t		anon_posts;	/* 4cat posts by anonymous authors */
	int64_t		trip_posts;	/* of them, known by a tripcode */
	int64_t		media_hashed;	/* telegram media files hashed */
	int64_t		media_missing;	/* media not in the export */
	int64_t		media_refused;	/* media paths refused (outside the
					   export's folder, or not a file) */
	double		seconds;	/* wall time of the run */
};

/* The formats import_files() knows, NULL-terminated, for --help. */
extern const char *const import_format_names[];

/*
 * Guess a file's format from its first line (and, for a JSON document,
 * its first 64 KiB): "telegram", "4cat", "bluesky", "jsonl",
 * "twitter-io", "cnt", "meta-content-library" or "csv"
 * (a header not recognised: needs a mapping). Returns a
 * static string, or NULL with *cause set if the file cannot be read.
 * Not for standard input, which cannot be read twice.
 */
const char	*import_guess_format(const char *path, char **cause);

int		 import_files(struct case_db *, const char *const *files,
		     size_t nfiles, const struct import_opts *,
		     struct import_report *, char **cause);

#endif
