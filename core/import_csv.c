/*
 * import_csv.c: read a CSV file with a mapping (a user's, or a built-in
 * format's). The header row names the columns; each later row becomes a
 * record of slot values for import_record(). Fields the mapping uses are
 * checked for valid UTF-8 and repaired in place of the reader's storage
 * when they are not.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "import_formats.h"
#include "ingest.h"
#include "utf8.h"
#include "util.h"

/* The name of the field a slot fills, for messages ("account.handle"). */
static char *
slot_name(const struct mapping *m, size_t s)
{
	size_t	a;

	if (s < MAP_NACCOUNT)
		return xasprintf("account.%s", mapping_account_key(s));
	if (s < MAP_NACCOUNT + MAP_NPOST)
		return xasprintf("posts.%s", mapping_post_key(s -
		    MAP_NACCOUNT));
	a = (s - MAP_NACCOUNT - MAP_NPOST) / 2;
	return xasprintf("the attribute at line %d", m->attrs[a].line);
}

static bool
same_name(const char *a, const char *b, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (ascii_tolower((unsigned char)a[i]) !=
		    ascii_tolower((unsigned char)b[i]))
			return false;
	}
	return true;
}

/* Index of a column in the header: exact, then ignoring case and
 * surrounding blanks. -1 when absent. */
static long
find_column(const struct csv_row *h, const char *name)
{
	size_t		 i, n = strlen(name), len;
	const char	*s;

	for (i = 0; i < h->n; i++) {
		if (strcmp(h->field[i], name) == 0)
			return (long)i;
	}
	for (i = 0; i < h->n; i++) {
		s = h->field[i];
		len = h->len[i];
		while (len > 0 && ascii_isspace((unsigned char)*s)) {
			s++;
			len--;
		}
		while (len > 0 && ascii_isspace((unsigned char)s[len - 1]))
			len--;
		if (len == n && same_name(s, name, n))
			return (long)i;
	}
	return -1;
}

/*
 * Map every slot to a header column. A missing account.native_id fails
 * the file, unless the mapping matches by handle and the handle column
 * is there; other missing columns are reported (for a user's mapping)
 * and ignored.
 */
static int
map_header(struct import_run *run, const struct import_file *f,
    const struct csv_row *h, long *col, char **cause)
{
	const struct mapping	*m = f->map;
	size_t			 s, a, nslots = IMPORT_NSLOTS(m);
	const char		*name;
	char			*what;

	for (s = 0; s < nslots; s++) {
		col[s] = -1;
		if ((name = import_slot_column(m, s)) == NULL)
			continue;
		if ((col[s] = find_column(h, name)) >= 0)
			continue;
		if (s == MAP_NATIVE_ID && (!mapping_matches_handle(m) ||
		    find_column(h, m->account[MAP_HANDLE]) < 0))
			return set_cause(cause, "%s: the header has no column "
			    "\"%s\" (account.native_id%s%s)", f->path, name,
			    f->builtin ? " of format " : "",
			    f->builtin ? f->format : "");
		if (f->builtin)
			continue;
		what = slot_name(m, s);
		import_warn(run, "%s: the header has no column \"%s\" (%s); "
		    "it is ignored", f->path, name, what);
		free(what);
	}
	/* Values whose kinds cannot be read are not imported. */
	for (a = 0; a < m->nattrs; a++) {
		if (m->attrs[a].kind_column != NULL &&
		    col[IMPORT_SLOT_KIND(a)] < 0)
			col[IMPORT_SLOT_ATTR(a)] = -1;
	}
	return 0;
}

int
import_csv_file(struct import_run *run, const struct import_file *f,
    char **cause)
{
	const struct mapping	*m = f->map;
	struct csv_reader	*r;
	struct csv_row		 row;
	struct buf		*fix;
	const char		**vals;
	long			*col;
	size_t			 s, nslots = IMPORT_NSLOTS(m), nheader, nrep;
	int64_t			 n = 0;
	char			*err = NULL;
	int			 rc;

	if (f->is_stdin)
		r = csv_open_stream(stdin, f->path, m->delimiter);
	else if ((r = csv_open(f->path, m->delimiter, cause)) == NULL)
		return -1;
	rc = csv_read(r, &row, cause);
	if (rc <= 0) {
		csv_close(r);
		if (rc == 0)
			import_warn(run, "%s: the file is empty", f->path);
		return rc;
	}
	nheader = row.n;
	col = xcalloc(nslots, sizeof *col);
	vals = xcalloc(nslots, sizeof *vals);
	fix = xcalloc(nslots, sizeof *fix);
	if ((rc = map_header(run, f, &row, col, cause)) != 0)
		goto out;

	for (;;) {
		if (++n % IMPORT_TICK == 0 &&
		    (rc = import_tick(run, f->path, csv_offset(r), cause)) != 0)
			break;
		rc = csv_read(r, &row, &err);
		if (rc == 0)
			break;
		run->report->rows++;
		if (rc < 0) {
			if (run->opts->strict) {
				*cause = err;
				rc = -1;
				break;
			}
			run->report->skipped++;
			import_warn(run, "%s", err);
			free(err);
			err = NULL;
			continue;
		}
		if (row.n != nheader) {
			if ((rc = import_bad_row(run, f->path, row.line, cause,
			    "%zu fields where the header has %zu", row.n,
			    nheader)) != 0)
				break;
			continue;
		}
		for (s = 0; s < nslots; s++) {
			long i = col[s];

			if (i < 0 || row.len[i] == 0) {
				vals[s] = NULL;
				continue;
			}
			vals[s] = row.field[i];
			if (utf8_valid(row.field[i], row.len[i]))
				continue;
			buf_clear(&fix[s]);
			nrep = utf8_repair(row.field[i], row.len[i], &fix[s]);
			ingest_count_repaired(run->ing, (int64_t)nrep);
			vals[s] = fix[s].data;
		}
		if (f->fourcat)
			rc = import_4cat_record(run, m, vals, f->path,
			    row.line, cause);
		else
			rc = import_record(run, m, vals, f->path, row.line,
			    cause);
		if (rc != 0)
			break;
	}
	if (rc == 0)
		rc = import_tick(run, f->path, csv_offset(r), cause);

out:
	for (s = 0; s < nslots; s++)
		buf_free(&fix[s]);
	free(fix);
	free(vals);
	free(col);
	csv_close(r);
	return rc;
}
