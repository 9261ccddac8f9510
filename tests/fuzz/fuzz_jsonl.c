/*
 * fuzz_jsonl.c: a hostile JSON Lines file imported (and rolled back) with
 * one of two fixed mappings, one of plain keys and one of nested paths.
 *
 * Input: one byte choosing the mapping (0x01) and a bulk load into an
 * empty case (0x0c both set), then the file.
 */
#include "config.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "mapping.h"

static const char *const maps[] = {
	"format: jsonl\n"
	"account:\n"
	"  platform: platform\n"
	"  native_id: id\n"
	"  handle: handle\n"
	"  display_name: name\n"
	"  bio: bio\n"
	"  created_at: created\n"
	"  followers: followers\n"
	"attributes:\n"
	"  - {column: phone, kind: phone}\n"
	"  - {column: emails, kind: email, split: \";\"}\n"
	"  - {column: ips, kind: ip, list: true}\n"
	"  - {column: value, kind_column: kind}\n"
	"posts:\n"
	"  native_id: post\n"
	"  posted_at: at\n"
	"  text: text\n"
	"  reply_to: reply\n"
	"  repost_of: repost\n"
	"  hashtags: tags\n"
	"  urls: urls\n",

	"format: jsonl\n"
	"platform: chirp\n"
	"account:\n"
	"  native_id: user.id_str\n"
	"  handle: user.screen_name\n"
	"  created_at: user.created_at\n"
	"  followers: user.followers_count\n"
	"attributes:\n"
	"  - {column: '$.entities.\"media urls\"[0]', kind: url}\n"
	"  - {column: user.devices, kind: device, list: true}\n"
	"  - {column: '$.a[#-1].b', kind: ip}\n"
	"posts:\n"
	"  native_id: id_str\n"
	"  posted_at: created_at\n"
	"  text: full_text\n"
	"  urls: entities.urls\n",
};

void
fuzz_jsonl(const uint8_t *data, size_t size)
{
	struct fuzz_in	 in = { data, size };
	struct mapping	*m;
	uint8_t		 sel = fuzz_byte(&in);
	const char	*text = maps[sel % nitems(maps)];
	char		*path, *cause = NULL;

	if ((m = mapping_parse(text, strlen(text), "fixed.yaml", &cause)) ==
	    NULL)
		fuzz_fail("fixed mapping refused: %s", cause);
	path = fuzz_path("input.jsonl");
	fuzz_write(path, in.p, in.n);
	fuzz_import(m, path, (sel & 0x0c) == 0x0c);
	free(path);
	mapping_free(m);
}
