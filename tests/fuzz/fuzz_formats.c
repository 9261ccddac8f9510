/*
 * fuzz_formats.c: a hostile file imported (and rolled back) with one of
 * the built-in formats that read investigators' exports: telegram
 * (Telegram Desktop's result.json, read as a stream), bluesky (Jetstream
 * records), 4cat (its CSV or NDJSON) and meta-content-library (CSV, with
 * a platform given).
 *
 * Input: one byte choosing the format (the byte modulo 5) and a bulk
 * load into an empty case (0x0c both set), then the file.
 */
#include "config.h"
#include "fuzz.h"

#include <stdlib.h>

static const struct {
	const char	*format;
	const char	*platform;
	const char	*file;		/* the name the reader sees */
} formats[] = {
	{ "telegram", NULL, "result.json" },
	{ "bluesky", NULL, "jetstream.jsonl" },
	{ "4cat", NULL, "4cat.ndjson" },
	{ "4cat", NULL, "4cat.csv" },
	{ "meta-content-library", "facebook", "mcl.csv" },
};

void
fuzz_formats(const uint8_t *data, size_t size)
{
	struct fuzz_in	 in = { data, size };
	uint8_t		 sel = fuzz_byte(&in);
	size_t		 i = sel % nitems(formats);
	char		*path;

	path = fuzz_path(formats[i].file);
	fuzz_write(path, in.p, in.n);
	fuzz_import_format(formats[i].format, formats[i].platform, path,
	    (sel & 0x0c) == 0x0c);
	free(path);
}
