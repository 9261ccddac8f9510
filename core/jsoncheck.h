/*
 * jsoncheck.h: is a text one well-formed JSON value (RFC 8259), and if
 * not, where does it go wrong.
 *
 * Imported JSON is checked here before SQLite's JSON functions read it.
 * SQLite 3.40 (Debian 12) accepts some malformed objects, such as one
 * used as a key ({"a": 1, {"b": 2}: 3}), and json_extract() on such a
 * value can read out of bounds and crash; RFC 8259 text is read
 * correctly. The check builds nothing and allocates nothing.
 *
 * json_check_register() replaces SQLite's json_valid(X) on a connection
 * with this check, so that every "json_valid(x) THEN json_extract(x, ..)"
 * guard over text from a case holds.
 */
#ifndef CIB_JSONCHECK_H
#define CIB_JSONCHECK_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

/* Objects and arrays nested deeper than this are refused. */
#define JSONCHECK_MAX_DEPTH	512

/* true when s[0..len) is one JSON value with optional white space around
 * it. Otherwise false, with *at the byte offset of the fault and *what a
 * short description ("an object key must be a string"). */
bool	json_check(const char *s, size_t len, size_t *at, const char **what);

/* json_valid(X) on db: 1 when X is text json_check() accepts, else 0.
 * Returns an SQLite result code. */
int	json_check_register(sqlite3 *db);

#endif
