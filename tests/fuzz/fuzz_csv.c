/*
 * fuzz_csv.c: a hostile CSV file, read by the bare CSV reader and then
 * imported (and rolled back) with one of a few fixed mappings.
 *
 * Input: one byte choosing the delimiter (low bits), a bulk load into an
 * empty case (0x0c both set) and the mapping (high bits), then the file.
 */
#include "config.h"
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "mapping.h"

static const char delims[] = { ',', ';', '\t', '|', '"', '\n' };

/* Each follows "format: csv" and the delimiter line. */
static const char *const maps[] = {
	/* wide: every account and post field, attributes of each form */
	"platform: chirp\n"
	"account:\n"
	"  platform: platform\n"
	"  native_id: id\n"
	"  handle: handle\n"
	"  display_name: name\n"
	"  bio: bio\n"
	"  url: url\n"
	"  created_at: created\n"
	"  followers: followers\n"
	"  following: following\n"
	"  posts: posts\n"
	"  country: country\n"
	"  language: lang\n"
	"  status: status\n"
	"attributes:\n"
	"  - {column: phone, kind: phone}\n"
	"  - {column: emails, kind: email, split: \";\"}\n"
	"  - {column: ips, kind: ip, list: true}\n"
	"  - {column: value, kind_column: kind}\n"
	"  - column: device\n"
	"posts:\n"
	"  native_id: post\n"
	"  posted_at: at\n"
	"  text: text\n"
	"  reply_to: reply\n"
	"  repost_of: repost\n"
	"  hashtags: tags\n"
	"  urls: urls\n",
	/* narrow: one column is all */
	"account: {native_id: a}\n"
	"attributes: [{column: a, kind: url}, {column: a, kind: domain}]\n",
	/* long form: kind named per row */
	"account: {native_id: id, platform: id}\n"
	"attributes:\n"
	"  - {column: v, kind_column: k, split: \",\"}\n"
	"  - {column: v, kind_column: v, list: true}\n",
};

/* The bare reader: fields are NUL-terminated at their length. */
static void
read_all(const uint8_t *data, size_t size, char delim)
{
	struct csv_reader	*r;
	struct csv_row		 row;
	FILE			*fp;
	char			*cause = NULL;
	int64_t			 line = 0;
	size_t			 i;
	int			 rc;

	if (size == 0 || (fp = fmemopen((void *)(uintptr_t)data, size,
	    "rb")) == NULL)
		return;
	r = csv_open_stream(fp, "fuzz.csv", delim);
	while ((rc = csv_read(r, &row, &cause)) != 0) {
		if (rc < 0) {
			if (cause == NULL)
				fuzz_fail("csv_read failed without a cause");
			free(cause);
			cause = NULL;
			continue;
		}
		if (row.n == 0)
			fuzz_fail("csv_read returned a row of no fields");
		if (row.line < line)
			fuzz_fail("csv rows went back from line %lld to %lld",
			    (long long)line, (long long)row.line);
		line = row.line;
		for (i = 0; i < row.n; i++)
			if (row.field[i][row.len[i]] != '\0' ||
			    row.len[i] > size)
				fuzz_fail("csv field %zu of line %lld is not "
				    "NUL-terminated at its length", i,
				    (long long)row.line);
	}
	if (csv_offset(r) > size)
		fuzz_fail("csv offset %llu past the end (%zu)",
		    (unsigned long long)csv_offset(r), size);
	csv_close(r);
	fclose(fp);
}

void
fuzz_csv(const uint8_t *data, size_t size)
{
	struct fuzz_in	 in = { data, size };
	struct mapping	*m;
	uint8_t		 sel = fuzz_byte(&in);
	char		 delim = delims[sel % nitems(delims)];
	struct buf	 text = BUF_INIT;
	char		*path, *cause = NULL;
	const char	*dline;

	read_all(in.p, in.n, delim);

	switch (delim) {
	case '\t':
		dline = "delimiter: tab\n";
		break;
	case ';':
		dline = "delimiter: \";\"\n";
		break;
	case '|':
		dline = "delimiter: \"|\"\n";
		break;
	default:
		dline = "";
		break;
	}
	buf_adds(&text, "format: csv\n");
	buf_adds(&text, dline);
	buf_adds(&text, maps[(sel >> 4) % nitems(maps)]);
	if ((m = mapping_parse(text.data, text.len, "fixed.yaml", &cause)) ==
	    NULL)
		fuzz_fail("fixed mapping refused: %s", cause);
	buf_free(&text);
	path = fuzz_path("input.csv");
	fuzz_write(path, in.p, in.n);
	fuzz_import(m, path, (sel & 0x0c) == 0x0c);
	free(path);
	mapping_free(m);
}
