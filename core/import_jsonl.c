/*
 * import_jsonl.c: read JSON Lines (one JSON object per line) with a
 * mapping whose columns are keys or paths. SQLite's own JSON functions do
 * the parsing: one prepared statement on a private in-memory connection
 * extracts every mapped path of a line at once.
 */
#include "config.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_formats.h"
#include "ingest.h"
#include "jsoncheck.h"
#include "utf8.h"
#include "util.h"

/*
 * Turn a mapping column into an SQLite JSON path: "$..." is used as it
 * is; "a.b" becomes $.a.b, with labels that are not plain names quoted.
 */
static void
json_path(const char *col, struct buf *out)
{
	const char	*p, *dot;
	size_t		 n, i;
	bool		 plain;

	buf_clear(out);
	if (*col == '$') {
		buf_adds(out, col);
		return;
	}
	buf_addc(out, '$');
	for (p = col;; p = dot + 1) {
		dot = strchr(p, '.');
		n = dot != NULL ? (size_t)(dot - p) : strlen(p);
		plain = n > 0;
		for (i = 0; i < n; i++) {
			if (!((p[i] >= 'a' && p[i] <= 'z') ||
			    (p[i] >= 'A' && p[i] <= 'Z') ||
			    (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
				plain = false;
		}
		buf_addc(out, '.');
		if (!plain)
			buf_addc(out, '"');
		buf_add(out, p, n);
		if (!plain)
			buf_addc(out, '"');
		if (dot == NULL)
			break;
	}
}

/* The statement that extracts every slot: column k is slot k. */
static sqlite3_stmt *
prepare_extract(sqlite3 *db, const struct mapping *m, char **cause)
{
	struct buf	 sql = BUF_INIT, jp = BUF_INIT;
	sqlite3_stmt	*st = NULL;
	const char	*col;
	char		*q;
	size_t		 s, nslots = IMPORT_NSLOTS(m);

	buf_adds(&sql, "SELECT ");
	for (s = 0; s < nslots; s++) {
		if (s > 0)
			buf_adds(&sql, ", ");
		if ((col = import_slot_column(m, s)) == NULL) {
			buf_adds(&sql, "NULL");
			continue;
		}
		json_path(col, &jp);
		q = sqlite3_mprintf("json_extract(?1, %Q)", jp.data);
		buf_adds(&sql, q);
		sqlite3_free(q);
	}
	if (sqlite3_prepare_v2(db, sql.data, -1, &st, NULL) != SQLITE_OK)
		set_cause(cause, "%s: a column of the mapping is not a JSON "
		    "path: %s", m->name, sqlite3_errmsg(db));
	buf_free(&sql);
	buf_free(&jp);
	return st;
}

/* What a JSON value that is not an object is, from its first byte. */
static const char *
json_kind(char c)
{
	switch (c) {
	case '[':
		return "array";
	case '"':
		return "string";
	case 't':
	case 'f':
		return "boolean";
	case 'n':
		return "null";
	default:
		return "number";
	}
}

/* The column (in characters, from 1) of byte at of p, after lead
 * characters of white space that were skipped before p. */
static int64_t
column(const char *p, size_t at, size_t lead)
{
	int64_t	col = 1 + (int64_t)lead;
	size_t	i;

	for (i = 0; i < at; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			col++;
	return col;
}

int
import_json_line(struct import_run *run, const char *path, int64_t lineno,
    char *line, size_t got, struct buf *fix, char **pp, size_t *plen,
    char **cause)
{
	const char	*what;
	char		*p = line;
	size_t		 len = got, at, lead;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (lineno == 1 && len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		len -= 3;
	}
	for (lead = 0; len > 0 && ascii_isspace((unsigned char)*p); lead++) {
		p++;
		len--;
	}
	if (len == 0)
		return 0;
	run->report->rows++;
	if (!utf8_valid(p, len)) {
		buf_clear(fix);
		ingest_count_repaired(run->ing,
		    (int64_t)utf8_repair(p, len, fix));
		p = fix->data;
		len = fix->len;
	}
	/* Checked here first: SQLite reads only sound JSON safely. */
	if (!json_check(p, len, &at, &what))
		return import_bad_at(run, path, lineno, column(p, at, lead),
		    cause, "not valid JSON: %s", what) != 0 ? -1 : 0;
	if (*p != '{')
		return import_bad_row(run, path, lineno, cause,
		    "a JSON %s, not an object", json_kind(*p)) != 0 ? -1 : 0;
	*pp = p;
	*plen = len;
	return 1;
}

int
import_jsonl_file(struct import_run *run, const struct import_file *f,
    char **cause)
{
	const struct mapping	*m = f->map;
	sqlite3			*db = NULL;
	sqlite3_stmt		*ext = NULL;
	FILE			*fp;
	char			*line = NULL, *p;
	const char		**vals;
	size_t			 cap = 0, len, s, nslots = IMPORT_NSLOTS(m);
	ssize_t			 got;
	struct buf		 fix = BUF_INIT;
	uint64_t		 offset = 0;
	int64_t			 lineno = 0;
	int			 rc = -1;

	if (f->is_stdin)
		fp = stdin;
	else if ((fp = fopen(f->path, "rb")) == NULL)
		return set_cause(cause, "%s: %s", f->path, strerror(errno));
	vals = xcalloc(nslots, sizeof *vals);
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE,
	    NULL) != SQLITE_OK) {
		set_cause(cause, "cannot open a JSON parser: %s",
		    db != NULL ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	if ((ext = prepare_extract(db, m, cause)) == NULL)
		goto out;

	rc = 0;
	while ((got = getline(&line, &cap, fp)) > 0) {
		lineno++;
		offset += (uint64_t)got;
		if (lineno % IMPORT_TICK == 0 &&
		    (rc = import_tick(run, f->path, offset, cause)) != 0)
			break;
		if ((rc = import_json_line(run, f->path, lineno, line,
		    (size_t)got, &fix, &p, &len, cause)) <= 0) {
			if (rc < 0)
				break;
			continue;
		}
		sqlite3_bind_text(ext, 1, p, (int)len, SQLITE_STATIC);
		if (sqlite3_step(ext) != SQLITE_ROW) {
			rc = set_cause(cause, "%s:%lld: %s", f->path,
			    (long long)lineno, sqlite3_errmsg(db));
			break;
		}
		for (s = 0; s < nslots; s++)
			vals[s] = (const char *)sqlite3_column_text(ext, (int)s);
		if (f->fourcat)
			rc = import_4cat_record(run, m, vals, f->path, lineno,
			    cause);
		else
			rc = import_record(run, m, vals, f->path, lineno,
			    cause);
		sqlite3_reset(ext);
		if (rc != 0)
			break;
	}
	if (rc == 0 && ferror(fp))
		rc = set_cause(cause, "%s: read error", f->path);
	if (rc == 0)
		rc = import_tick(run, f->path, offset, cause);

out:
	sqlite3_finalize(ext);
	sqlite3_close(db);
	buf_free(&fix);
	free(line);
	free(vals);
	if (fp != stdin)
		fclose(fp);
	return rc;
}
