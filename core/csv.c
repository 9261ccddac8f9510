/*
 * csv.c: the streaming RFC 4180 reader behind every CSV importer.
 *
 * Input is read in large blocks; a row is assembled in one growable buffer
 * that holds all its fields back to back, each NUL-terminated, so a row
 * costs no allocation once the buffers have grown to the longest row. The
 * hot loops scan runs of ordinary bytes with a class table and copy them in
 * one go; the only calls are memcpy and the block read.
 */
#include "config.h"
#include "csv.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

#define CSV_BLOCK	(1024 * 1024)

enum csv_state {
	S_FIELD,	/* at the start of a field */
	S_PLAIN,	/* inside an unquoted field */
	S_QUOTED,	/* inside a quoted field */
	S_QUOTE,	/* saw a quote inside a quoted field */
};

struct csv_reader {
	FILE		*fp;
	bool		 own;
	char		*name;
	unsigned char	 stop[256];	/* bytes that end an unquoted run */

	unsigned char	*in;		/* input block */
	size_t		 ipos, ilen;
	uint64_t	 base;		/* file offset of in[0] */
	uint64_t	 size;
	bool		 eof;
	bool		 ioerr;
	bool		 skip_lf;	/* the last row ended with CR */
	uint64_t	 cr_at;		/* offset of the last CR in quotes */

	int64_t		 line;		/* current line, 1-based */
	uint64_t	 line_start;	/* file offset where it starts */

	char		*row;		/* the fields, NUL-terminated */
	size_t		 rlen, rcap;
	size_t		*off;		/* field offsets into row */
	size_t		*len;
	char		**ptr;
	size_t		 nf, fcap;
};

/* Read the next block. Returns false at end of file or on error. */
static bool
csv_fill(struct csv_reader *r)
{
	size_t	n;

	if (r->eof)
		return false;
	r->base += r->ilen;
	r->ipos = r->ilen = 0;
	n = fread(r->in, 1, CSV_BLOCK, r->fp);
	if (n == 0) {
		if (ferror(r->fp))
			r->ioerr = true;
		r->eof = true;
		return false;
	}
	r->ilen = n;
	return true;
}

static struct csv_reader *
csv_new(FILE *fp, bool own, const char *name, char delim)
{
	struct csv_reader	*r;
	struct stat		 sb;

	r = xcalloc(1, sizeof *r);
	r->fp = fp;
	r->own = own;
	r->name = xstrdup(name);
	r->stop[(unsigned char)delim] = 1;
	r->stop['\r'] = 1;
	r->stop['\n'] = 1;
	r->cr_at = UINT64_MAX - 1;
	r->in = xmalloc(CSV_BLOCK);
	r->line = 1;
	if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode))
		r->size = (uint64_t)sb.st_size;
	r->rcap = 4096;
	r->row = xmalloc(r->rcap);
	r->fcap = 64;
	r->off = xreallocarray(NULL, r->fcap, sizeof *r->off);
	r->len = xreallocarray(NULL, r->fcap, sizeof *r->len);
	r->ptr = xreallocarray(NULL, r->fcap, sizeof *r->ptr);

	/* A UTF-8 byte-order mark is not data. */
	if (csv_fill(r) && r->ilen >= 3 && r->in[0] == 0xef &&
	    r->in[1] == 0xbb && r->in[2] == 0xbf) {
		r->ipos = 3;
		r->line_start = 3;
	}
	return r;
}

struct csv_reader *
csv_open(const char *path, char delim, char **cause)
{
	FILE	*fp;

	if (strcmp(path, "-") == 0)
		return csv_new(stdin, false, "(stdin)", delim);
	if ((fp = fopen(path, "rb")) == NULL) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	return csv_new(fp, true, path, delim);
}

struct csv_reader *
csv_open_stream(FILE *fp, const char *name, char delim)
{
	return csv_new(fp, false, name, delim);
}

void
csv_close(struct csv_reader *r)
{
	if (r == NULL)
		return;
	if (r->own)
		fclose(r->fp);
	free(r->name);
	free(r->in);
	free(r->row);
	free(r->off);
	free(r->len);
	free(r->ptr);
	free(r);
}

uint64_t
csv_offset(struct csv_reader *r)
{
	return r->base + r->ipos;
}

uint64_t
csv_size(struct csv_reader *r)
{
	return r->size;
}

const char *
csv_name(struct csv_reader *r)
{
	return r->name;
}

/* Make room for n more bytes in the row buffer. */
static inline void
row_reserve(struct csv_reader *r, size_t n)
{
	if (r->rlen + n + 1 > r->rcap) {
		while (r->rlen + n + 1 > r->rcap)
			r->rcap *= 2;
		r->row = xrealloc(r->row, r->rcap);
	}
}

/* Start a new field at the current end of the row buffer. */
static inline void
field_start(struct csv_reader *r)
{
	if (r->nf == r->fcap) {
		r->fcap *= 2;
		r->off = xreallocarray(r->off, r->fcap, sizeof *r->off);
		r->len = xreallocarray(r->len, r->fcap, sizeof *r->len);
		r->ptr = xreallocarray(r->ptr, r->fcap, sizeof *r->ptr);
	}
	r->off[r->nf++] = r->rlen;
}

/* End the current field: record its length and terminate it. */
static inline void
field_end(struct csv_reader *r)
{
	size_t	i = r->nf - 1;

	row_reserve(r, 0);
	r->len[i] = r->rlen - r->off[i];
	r->row[r->rlen++] = '\0';
}

/* The column of the byte at in[pos], 1-based. */
static int64_t
csv_col(struct csv_reader *r, size_t pos)
{
	return (int64_t)(r->base + pos - r->line_start) + 1;
}

/* Note a line break whose last byte is at in[pos]. */
static inline void
new_line(struct csv_reader *r, size_t pos)
{
	r->line++;
	r->line_start = r->base + pos + 1;
}

/*
 * After an error, drop input up to and including the next line break so
 * reading can go on with the next row.
 */
static void
csv_skip_line(struct csv_reader *r)
{
	for (;;) {
		while (r->ipos < r->ilen) {
			unsigned char c = r->in[r->ipos++];

			if (c == '\n') {
				new_line(r, r->ipos - 1);
				return;
			}
			if (c == '\r') {
				new_line(r, r->ipos - 1);
				r->skip_lf = true;
				return;
			}
		}
		if (!csv_fill(r))
			return;
	}
}

static void
row_finish(struct csv_reader *r, struct csv_row *row, int64_t line)
{
	size_t	i;

	for (i = 0; i < r->nf; i++)
		r->ptr[i] = r->row + r->off[i];
	row->n = r->nf;
	row->field = r->ptr;
	row->len = r->len;
	row->line = line;
}

int
csv_read(struct csv_reader *r, struct csv_row *row, char **cause)
{
	enum csv_state	 st;
	int64_t		 row_line, quote_line = 0, quote_col = 0;
	bool		 any;
	size_t		 p, e, s;
	const unsigned char *in = r->in, *stop = r->stop;
	unsigned char	 c;

again:
	r->rlen = 0;
	r->nf = 0;
	st = S_FIELD;
	any = false;

	if (r->skip_lf) {
		if (r->ipos == r->ilen)
			csv_fill(r);
		if (r->ipos < r->ilen && r->in[r->ipos] == '\n') {
			r->ipos++;
			r->line_start++;
		}
		r->skip_lf = false;
	}
	row_line = r->line;

	for (;;) {
		if (r->ipos == r->ilen && !csv_fill(r))
			break;
		p = r->ipos;
		e = r->ilen;

		while (p < e) {
			switch (st) {
			case S_FIELD:
				field_start(r);
				if (in[p] == '"') {
					quote_line = r->line;
					quote_col = csv_col(r, p);
					any = true;
					st = S_QUOTED;
					p++;
					continue;
				}
				st = S_PLAIN;
				/* FALLTHROUGH */
			case S_PLAIN:
				s = p;
				while (p < e && !stop[in[p]])
					p++;
				if (p > s) {
					any = true;
					if (r->rlen + (p - s) > CSV_MAX_ROW)
						goto too_long;
					row_reserve(r, p - s);
					memcpy(r->row + r->rlen, in + s, p - s);
					r->rlen += p - s;
				}
				if (p == e)
					continue;
				c = in[p++];
				field_end(r);
				if (c == '\n' || c == '\r')
					goto end_row;
				any = true;
				st = S_FIELD;
				continue;
			case S_QUOTED:
				s = p;
				while (p < e && in[p] != '"' && in[p] != '\n' &&
				    in[p] != '\r')
					p++;
				if (p > s) {
					if (r->rlen + (p - s) > CSV_MAX_ROW)
						goto too_long;
					row_reserve(r, p - s);
					memcpy(r->row + r->rlen, in + s, p - s);
					r->rlen += p - s;
				}
				if (p == e)
					continue;
				c = in[p];
				if (c == '"') {
					st = S_QUOTE;
					p++;
					continue;
				}
				/* A line break inside quotes is data; CRLF
				 * counts as one line. */
				row_reserve(r, 1);
				r->row[r->rlen++] = (char)c;
				if (c == '\r') {
					new_line(r, p);
					r->cr_at = r->base + p;
				} else if (r->cr_at + 1 == r->base + p)
					r->line_start = r->base + p + 1;
				else
					new_line(r, p);
				p++;
				continue;
			case S_QUOTE:
				c = in[p];
				if (c == '"') {
					row_reserve(r, 1);
					r->row[r->rlen++] = '"';
					st = S_QUOTED;
					p++;
					continue;
				}
				if (stop[c]) {
					p++;
					field_end(r);
					if (c == '\n' || c == '\r')
						goto end_row;
					st = S_FIELD;
					continue;
				}
				r->ipos = p;
				set_cause(cause, "%s:%lld:%lld: text after the "
				    "closing quote of a field", r->name,
				    (long long)r->line,
				    (long long)csv_col(r, p));
				csv_skip_line(r);
				return -1;
			}
		}
		r->ipos = p;
	}

	/* End of file. */
	if (r->ioerr)
		return set_cause(cause, "%s: read error", r->name);
	if (st == S_QUOTED)
		return set_cause(cause, "%s:%lld:%lld: end of file inside a "
		    "quoted field", r->name, (long long)quote_line,
		    (long long)quote_col);
	if (!any)
		return 0;
	if (st == S_FIELD)
		field_start(r);
	field_end(r);
	row_finish(r, row, row_line);
	return 1;

end_row:
	r->ipos = p;
	new_line(r, p - 1);
	if (c == '\r')
		r->skip_lf = true;
	/* A blank line is no row. */
	if (!any)
		goto again;
	row_finish(r, row, row_line);
	return 1;

too_long:
	r->ipos = p;
	set_cause(cause, "%s:%lld: row longer than %d bytes", r->name,
	    (long long)row_line, CSV_MAX_ROW);
	csv_skip_line(r);
	return -1;
}
