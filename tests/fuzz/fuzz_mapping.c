/*
 * fuzz_mapping.c: a mapping file from someone else. When it parses, it
 * imports (and rolls back) a fixed CSV or JSON Lines file, so odd
 * mappings meet real headers and records.
 */
#include "config.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "mapping.h"

static const char csv_text[] =
	"id,platform,handle,name,bio,url,created,followers,following,posts,"
	"country,lang,status,phone,email,ip,kind,value,device,post,at,text,"
	"reply,repost,tags,urls\n"
	"1,chirp,anna1987,Anna,bio,http://x.example/a,2023-01-01,10,5,3,RU,"
	"ru,active,+7 912 345 67 89,a@mail.ru,\"['1.2.3.4', '::1']\",email,"
	"b@x.org,dev1,p1,1680000000,Buy now,,,#a #b,\"[\"\"http://y/\"\"]\"\n"
	"2,,,,,,,,,,,,,,,,ip,10.0.0.1,,p2,bad date,,p1,p1,,\n";

static const char jsonl_text[] =
	"{\"id\": 1, \"user\": {\"screen_name\": \"anna1987\", \"ids\": [1, 2]},"
	" \"phone\": \"+79123456789\", \"ips\": [\"1.2.3.4\"], \"post\": \"p1\","
	" \"at\": \"2023-01-01T00:00:00Z\", \"text\": \"hi\", \"kind\": \"url\","
	" \"value\": \"hxxp://a[.]example\"}\n"
	"{\"id\": \"2\", \"user\": null, \"a b\": {\"c\": [true, 1.5]}}\n"
	"not json\n";

void
fuzz_mapping(const uint8_t *data, size_t size)
{
	struct mapping	*m;
	char		*cause = NULL, *path;
	bool		 jsonl;
	size_t		 i;

	m = mapping_parse((const char *)data, size, "fuzz.yaml", &cause);
	if (m == NULL) {
		if (cause == NULL)
			fuzz_fail("mapping_parse failed without a cause");
		free(cause);
		return;
	}
	if (m->account[MAP_NATIVE_ID] == NULL)
		fuzz_fail("a mapping without account.native_id parsed");
	for (i = 0; i < m->nattrs; i++)
		if (m->attrs[i].column == NULL)
			fuzz_fail("attribute %zu has no column", i);
	jsonl = m->format != NULL && strcmp(m->format, "jsonl") == 0;
	path = fuzz_path(jsonl ? "fixed.jsonl" : "fixed.csv");
	if (jsonl)
		fuzz_write(path, jsonl_text, strlen(jsonl_text));
	else
		fuzz_write(path, csv_text, strlen(csv_text));
	fuzz_import(m, path, (data[size - 1] & 0x3) == 0);
	free(path);
	mapping_free(m);
}
