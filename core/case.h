/*
 * case.h: one investigation is one SQLite file, a "case".
 *
 * case_create() makes a new case with the current schema; case_open()
 * opens an existing one, migrating an older schema inside one transaction
 * and refusing a case written by a newer cibscope. Every connection runs in
 * WAL mode with a busy timeout and foreign keys on.
 *
 * Failures set *cause to a message that names the file and says what is
 * wrong in the investigator's words: not a case, not SQLite at all, newer
 * version, read-only (then the case is opened read-only and case->readonly
 * says so, with case->notice explaining), busy (locked by another process).
 *
 * The struct's fields are read-only outside case.c. The sqlite3 handle is
 * shared with every core/ module that works on the case; tui/ never touches
 * it directly. It is opened without SQLite's per-connection mutex
 * (SQLITE_OPEN_NOMUTEX), which costs a lock on every call: a case is used
 * by one thread at a time.
 */
#ifndef CIB_CASE_H
#define CIB_CASE_H

#include <stdbool.h>
#include <stdint.h>
#include <sqlite3.h>

/* The schema version this build writes; PRAGMA user_version. */
#define CASE_SCHEMA_VERSION	4
/* application_id marks a file as a cibscope case ("CIBS"). */
#define CASE_APPLICATION_ID	0x43494253
/* Milliseconds a writer waits for another process before "busy". */
#define CASE_BUSY_TIMEOUT_MS	5000
/*
 * case_info key naming the process that last began writing ("pid N on
 * HOST since TIME"), committed before its write transaction starts so that
 * a process finding the case busy can say by whom.
 */
#define CASE_WRITER_KEY		"writer"

struct case_db {
	sqlite3	*db;
	char	*path;
	bool	 readonly;
	int	 version;	/* schema version after open/migration */
	int	 migrated_from;	/* 0 unless case_open migrated the file */
	char	*notice;	/* something the user should be told, or NULL */
	bool	 writer_marked;	/* begin recorded the writer; end restores */
	char	*writer_prev;	/* the record it replaced, or NULL for none */
};

enum case_open_flags {
	CASE_OPEN_READONLY = 0x1,	/* never write; skip migration */
};

/*
 * Once, before any case is opened (a program's main): SQLite keeps no
 * memory statistics. Their global mutex is taken on every allocation
 * by every connection, so threads on their own connections (bgrun.h)
 * queue on it: at 1M accounts a filter scan in two threads made the list
 * in 265-292 ms with it, 206-224 ms without (the scan now uses one).
 */
void		 case_library_init(void);

struct case_db	*case_create(const char *path, const char *name, char **cause);
struct case_db	*case_open(const char *path, int flags, char **cause);
void		 case_close(struct case_db *);

/*
 * Transactions. begin first records the writer (CASE_WRITER_KEY) in a
 * short transaction of its own, then takes the write lock for the caller
 * (BEGIN IMMEDIATE). A case held by another writer fails after
 * CASE_BUSY_TIMEOUT_MS with "the case is busy: pid N on HOST ...".
 * commit and rollback put the record back as it was before begin, so a
 * case at rest holds no writer record and a write that fails changes
 * nothing (unless the disk is too full even for that).
 */
int		 case_begin(struct case_db *, char **cause);
int		 case_commit(struct case_db *, char **cause);
void		 case_rollback(struct case_db *);

/*
 * Treat the case as scratch (on) or as a case again (off). A scratch case
 * keeps no journal and does not sync: only for a file that is renamed into
 * place after it was written whole (the demo generator), never for a case
 * holding work.
 */
int		 case_set_scratch(struct case_db *, bool on, char **cause);

/* Run SQL with no result rows; returns 0, or -1 with *cause set. */
int		 case_exec(struct case_db *, const char *sql, char **cause);

/* case_info key/value pairs. get returns a malloc'd copy or NULL. */
char		*case_info_get(struct case_db *, const char *key);
int		 case_info_set(struct case_db *, const char *key,
		     const char *value, char **cause);

/* A table name a caller hands to a module that pastes it into SQL must be
 * a plain identifier, optionally with one schema ("temp.sel"). */
bool		 case_table_name_ok(const char *);

/* Count rows of a table (names from a fixed list only); -1 on error. */
int64_t		 case_count(struct case_db *, const char *table);

/* Turn the last SQLite error into a message naming the case. */
int		 case_error(struct case_db *, char **cause, const char *what);

#endif
