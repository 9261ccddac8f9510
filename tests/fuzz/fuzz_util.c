/*
 * fuzz_util.c: scratch files, the two cases and byte-choosing helpers
 * that the harnesses share (fuzz.h).
 */
#include "config.h"
#include "fuzz.h"

#include <errno.h>
#include <ftw.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "import.h"
#include "mapping.h"

static char		*scratch;
static struct case_db	*case_empty;
static struct case_db	*case_one;
static struct case_db	*case_sample;

void
fuzz_fail(const char *fmt, ...)
{
	va_list	ap;

	fputs("fuzz: promise broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void
fuzz_locale(void)
{
	static bool	done;

	if (done)
		return;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL)
		fuzz_fail("no UTF-8 locale (C.UTF-8 or en_US.UTF-8)");
	done = true;
}

static int
remove_one(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	remove(path);
	return 0;
}

static void
cleanup(void)
{
	if (case_empty != NULL)
		case_close(case_empty);
	if (case_one != NULL)
		case_close(case_one);
	if (case_sample != NULL)
		case_close(case_sample);
	case_empty = case_one = case_sample = NULL;
	if (scratch != NULL)
		nftw(scratch, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(scratch);
	scratch = NULL;
}

const char *
fuzz_tmpdir(void)
{
	const char	*base = getenv("TMPDIR");

	if (scratch != NULL)
		return scratch;
	scratch = xasprintf("%s/cibfuzz.XXXXXX",
	    base != NULL && *base != '\0' ? base : "/tmp");
	if (mkdtemp(scratch) == NULL)
		fuzz_fail("mkdtemp %s: %s", scratch, strerror(errno));
	atexit(cleanup);
	return scratch;
}

char *
fuzz_path(const char *name)
{
	return xasprintf("%s/%s", fuzz_tmpdir(), name);
}

void
fuzz_write(const char *path, const void *data, size_t size)
{
	FILE	*fp;

	if ((fp = fopen(path, "wb")) == NULL)
		fuzz_fail("cannot write %s: %s", path, strerror(errno));
	if (size > 0 && fwrite(data, 1, size, fp) != size)
		fuzz_fail("cannot write %s", path);
	if (fclose(fp) != 0)
		fuzz_fail("cannot write %s", path);
}

static struct case_db *
new_case(const char *name)
{
	struct case_db	*c;
	char		*path = fuzz_path(name), *cause = NULL;

	if ((c = case_create(path, "fuzz", &cause)) == NULL)
		fuzz_fail("case_create %s: %s", path, cause);
	free(path);
	/*
	 * Nothing here needs to survive a crash of the machine. The scratch
	 * tables of ingest.h made once, outside any transaction, are not
	 * made and rolled back again by every import, which would reload
	 * the schema each time.
	 */
	if (case_exec(c, "PRAGMA synchronous=OFF;"
	    "CREATE TEMP TABLE IF NOT EXISTS ingest_touched("
	    "kind TEXT, value TEXT, PRIMARY KEY(kind, value)) WITHOUT ROWID;"
	    "CREATE TEMP TABLE IF NOT EXISTS ingest_stage(kind TEXT,"
	    " value TEXT, account_id INTEGER, raw TEXT, source TEXT)",
	    &cause) != 0)
		fuzz_fail("%s", cause);
	return c;
}

struct case_db *
fuzz_case_empty(void)
{
	if (case_empty == NULL)
		case_empty = new_case("empty.db");
	return case_empty;
}

/*
 * A case with one account: imports into it take the incremental path,
 * which is also much quicker to roll back than a bulk load (that drops
 * and restores indexes).
 */
static struct case_db *
case_with_one(void)
{
	char	*cause = NULL;

	if (case_one != NULL)
		return case_one;
	case_one = new_case("one.db");
	if (case_exec(case_one, "INSERT INTO accounts(platform, native_id) "
	    "VALUES ('chirp', 'seed')", &cause) != 0)
		fuzz_fail("%s", cause);
	return case_one;
}

/*
 * Six accounts on two platforms. a1..a3 share a phone, an /24 and an
 * avatar, post the same text and link within seconds, and repost and
 * reply to the same messages; a4 shares an e-mail domain with a1; a5 is
 * a hub-free loner; a6 has odd values (no dates, a huge count).
 */
static const char sample_map[] =
	"format: csv\n"
	"account:\n"
	"  platform: platform\n"
	"  native_id: id\n"
	"  handle: handle\n"
	"  display_name: name\n"
	"  bio: bio\n"
	"  created_at: created\n"
	"  followers: followers\n"
	"  country: country\n"
	"attributes:\n"
	"  - {column: phone, kind: phone}\n"
	"  - {column: email, kind: email}\n"
	"  - {column: ip, kind: ip}\n"
	"  - {column: avatar, kind: avatar_hash}\n"
	"posts:\n"
	"  native_id: post\n"
	"  posted_at: at\n"
	"  text: text\n"
	"  reply_to: reply\n"
	"  repost_of: repost\n"
	"  urls: urls\n";

static const char sample_csv[] =
	"platform,id,handle,name,bio,created,followers,country,phone,email,"
	"ip,avatar,post,at,text,reply,repost,urls\n"
	"chirp,a1,anna1987,Anna,Just a girl,2023-03-01T02:00:00Z,10,RU,"
	"+7 912 345 67 89,anna@mail.ru,203.0.113.5,abc1,p1,"
	"2023-04-01T10:00:00Z,Buy now!,,,http://news.example/x\n"
	"chirp,a1,anna1987,Anna,Just a girl,2023-03-01T02:00:00Z,10,RU,,,,,p2,"
	"2023-04-01T11:00:00Z,,m9,,\n"
	"chirp,a2,anna1988,Anna,Just a girl,2023-03-01T02:10:00Z,12,RU,"
	"+79123456789,a2@gmail.com,203.0.113.9,abc1,p3,"
	"2023-04-01T10:00:20Z,buy   NOW!,,,http://news.example/x?utm_source=1\n"
	"chirp,a2,anna1988,Anna,Just a girl,2023-03-01T02:10:00Z,12,RU,,,,,p4,"
	"2023-04-01T11:00:30Z,,m9,,\n"
	"chirp,a3,anna1989,Anna B,Just a girl,2023-03-01T02:20:00Z,5,BY,"
	"79123456789,,203.0.113.77,abc1,p5,2023-04-01T10:00:40Z,Buy now!,"
	"r1,,http://news.example/x\n"
	"chirp,a3,anna1989,Anna B,,,,,,,,,p6,2023-04-01T11:00:50Z,,r1,m9,\n"
	"chirp,a4,ivan_k,Ivan,crypto news,2022-01-05,400,US,,ivan@mail.ru,"
	"198.51.100.1,zzz9,p7,2023-04-02T22:00:00Z,hello,,,\n"
	"facegram,a5,lonely,Lone,,2020-01-01,0,DE,+49 30 1234567,,2001:db8::1,"
	",p8,2023-04-03T03:00:00Z,night post,,,http://other.example/\n"
	"facegram,a6,odd6,\"Od\"\"d\",\"multi\nline\",,99999999999,,NA,null,,"
	"-,,,,,,\n";

struct case_db *
fuzz_case_sample(void)
{
	struct import_opts	 o;
	struct import_report	 rep;
	struct mapping		*m;
	char			*map, *csv, *cause = NULL;
	const char		*files[1];

	if (case_sample != NULL)
		return case_sample;
	case_sample = new_case("sample.db");
	map = fuzz_path("sample-map.yaml");
	csv = fuzz_path("sample.csv");
	fuzz_write(map, sample_map, strlen(sample_map));
	fuzz_write(csv, sample_csv, strlen(sample_csv));
	if ((m = mapping_load(map, &cause)) == NULL)
		fuzz_fail("sample mapping: %s", cause);
	memset(&o, 0, sizeof o);
	o.map = m;
	o.strict = true;
	files[0] = csv;
	if (import_files(case_sample, files, 1, &o, &rep, &cause) != 0)
		fuzz_fail("sample import: %s", cause);
	mapping_free(m);
	free(map);
	free(csv);
	return case_sample;
}

uint8_t
fuzz_byte(struct fuzz_in *in)
{
	uint8_t	b;

	if (in->n == 0)
		return 0;
	b = in->p[0];
	in->p++;
	in->n--;
	return b;
}

size_t
fuzz_pick(struct fuzz_in *in, size_t n)
{
	size_t	v = fuzz_byte(in);

	if (n > 256)
		v = v << 8 | fuzz_byte(in);
	return v % n;
}

bool
fuzz_bool(struct fuzz_in *in)
{
	return fuzz_byte(in) & 1;
}

char *
fuzz_string(struct fuzz_in *in, size_t max)
{
	size_t	 len = fuzz_pick(in, max + 1);
	char	*s;

	if (len > in->n)
		len = in->n;
	s = xmalloc(len + 1);
	memcpy(s, in->p, len);
	s[len] = '\0';
	in->p += len;
	in->n -= len;
	return s;
}

static void
import_warned(void *arg, const char *msg)
{
	if (msg == NULL)
		fuzz_fail("import warned with a NULL message");
}

static void
import_rolled_back(const struct mapping *m, const char *format,
    const char *platform, const char *path, bool bulk)
{
	static volatile sig_atomic_t	 cancel;
	struct case_db			*c;
	int64_t				 before;

	c = bulk ? fuzz_case_empty() : case_with_one();
	before = case_count(c, "accounts");
	struct import_opts		 o;
	struct import_report		 rep;
	const char			*files[1];
	char				*cause = NULL;

	memset(&o, 0, sizeof o);
	o.map = m;
	o.format = format;
	o.platform = platform;
	o.cancel = &cancel;
	o.on_warn = import_warned;
	cancel = 1;
	files[0] = path;
	if (import_files(c, files, 1, &o, &rep, &cause) == 0)
		fuzz_fail("a cancelled import succeeded");
	if (cause == NULL)
		fuzz_fail("import failed without a cause");
	free(cause);
	if (rep.imported + rep.skipped > rep.rows)
		fuzz_fail("import report: %lld imported + %lld skipped > "
		    "%lld rows", (long long)rep.imported,
		    (long long)rep.skipped, (long long)rep.rows);
	if (case_count(c, "accounts") != before ||
	    case_count(c, "posts") != 0)
		fuzz_fail("a rolled back import left rows in the case");
}

void
fuzz_import(const struct mapping *m, const char *path, bool bulk)
{
	import_rolled_back(m, NULL, NULL, path, bulk);
}

void
fuzz_import_format(const char *format, const char *platform,
    const char *path, bool bulk)
{
	import_rolled_back(NULL, format, platform, path, bulk);
}
