/*
 * demo.c: the demo-case generator. It invents a small social-media world
 * (see demo.h for what it holds) and streams it through one ingest
 * session. Every account is a pure function of (seed, index): its role in
 * the world comes from a seeded permutation of the index, and everything
 * else from a random stream keyed on (seed, index, purpose). So any
 * account can be recomputed when another one refers to it, and memory
 * stays at a few small tables whatever the size.
 */
#include "config.h"
#include "demo.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit.h"
#include "case.h"
#include "ingest.h"
#include "network.h"
#include "normalize.h"
#include "query.h"
#include "util.h"

/* ---- Randomness: splitmix64, keyed streams, a seeded permutation ------- */

struct rng {
	uint64_t	s;
};

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
hash3(uint64_t a, uint64_t b, uint64_t c)
{
	return mix64(mix64(mix64(a + 0x9e3779b97f4a7c15ULL) ^ b) + c);
}

static uint64_t
rng_next(struct rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return mix64(r->s);
}

/* Uniform in [0, n), n > 0. */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int64_t
rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static bool
rng_permille(struct rng *r, unsigned pm)
{
	return rng_below(r, 1000) < pm;
}

#define PICK(r, a)	((a)[rng_below((r), (uint32_t)nitems(a))])

/* Pick an index from a table of weights. */
static unsigned
rng_weighted(struct rng *r, const unsigned *w, unsigned n)
{
	unsigned	i, total = 0, x;

	for (i = 0; i < n; i++)
		total += w[i];
	x = rng_below(r, total);
	for (i = 0; i + 1 < n && x >= w[i]; i++)
		x -= w[i];
	return i;
}

/* ---- The invented world ------------------------------------------------ */

enum platform { CHIRP, FACEGRAM, VIDTOK, NPLATFORM };

static const char *const platform_name[NPLATFORM] = {
	"chirp", "facegram", "vidtok"
};

/* Each platform's default avatar: a benign hub shared by many. */
static const char *const default_avatar[NPLATFORM] = {
	"0d5a1c9e4b7f2a6038e1d4c7b9f05a21",
	"7be3f0a2c91d4e58b6a07f3c2d19e864",
	"c4f81e07a3b92d5f6e0c18a7b4d3f925",
};

/* Carrier-grade NAT egress addresses: thousands of ordinary users. */
static const char *const carrier_nat[] = {
	"62.140.23.5", "62.140.23.6", "62.140.23.7"
};

struct country {
	const char	*code;
	int		 tz;		/* hours east of UTC */
	const char	*cc;		/* calling code */
	const char	*language;
	unsigned	 weight;
};

/* XE is a user-assigned code: Estavia, the invented country at the
 * centre of the invented debate. */
static const struct country countries[] = {
	{ "XE", -5, "388", "en", 50 },
	{ "US", -6, "1", "en", 10 },
	{ "GB", 0, "44", "en", 6 },
	{ "IE", 0, "353", "en", 2 },
	{ "DE", 1, "49", "de", 5 },
	{ "FR", 1, "33", "fr", 4 },
	{ "ES", 1, "34", "es", 4 },
	{ "BR", -3, "55", "pt", 5 },
	{ "MX", -6, "52", "es", 3 },
	{ "NG", 1, "234", "en", 4 },
	{ "IN", 5, "91", "en", 4 },
	{ "PH", 8, "63", "en", 3 },
};

static const char *const first_names[] = {
	"anna", "maria", "lena", "sofia", "nora", "elena", "ivy", "mila",
	"clara", "ines", "julia", "rosa", "hana", "lucia", "vera", "ada",
	"zoe", "leah", "mira", "tessa", "olga", "dana", "iris", "noor",
	"amara", "kira", "sara", "emma", "lina", "ruth", "jonas", "mark",
	"liam", "omar", "peter", "leo", "adam", "felix", "hugo", "ivan",
	"oscar", "theo", "david", "samuel", "tomas", "milan", "noah",
	"rafael", "victor", "emil", "dario", "karl", "luca", "marco",
	"nils", "paul", "ravi", "sami", "yusuf", "bruno",
};

static const char *const last_names[] = {
	"koval", "novak", "berg", "marsh", "hale", "reyes", "silva",
	"costa", "petrov", "lind", "moreau", "fischer", "okafor", "mensah",
	"sato", "tanaka", "kim", "park", "singh", "patel", "haddad",
	"nasser", "brandt", "weber", "ruiz", "ortega", "larsen", "dahl",
	"quinn", "walsh", "byrne", "doyle", "price", "shaw", "wells",
	"grant", "ford", "lowe", "mills", "hayes", "nash", "cole", "bishop",
	"hart", "frost", "vance", "ward", "reed", "stone", "fox", "morrow",
	"calder", "arden", "pike", "rowe", "sloan", "tate", "wren", "yates",
	"brook",
};

static const char *const nick_words[] = {
	"sunny", "coffee", "pixel", "river", "maple", "urban", "quiet",
	"lucky", "nova", "echo", "cloud", "ember", "tidal", "north", "wild",
	"amber", "cedar", "delta", "lunar", "misty", "rusty", "sage",
	"storm", "zen", "bold", "salty", "happy", "tiny",
};

static const char *const nick_tails[] = {
	"rider", "lover", "walker", "dreamer", "cook", "runner", "reader",
	"girl", "guy", "life", "daily", "notes", "vibes", "soul", "writer",
	"gamer", "hiker", "reads", "bakes", "shots",
};

static const char *const cities[] = {
	"Port Calder", "Vellmore", "Ardent Bay", "Northreach", "Halden",
	"Greyford", "Saltmarsh", "Kestrel Point",
};

static const char *const jobs[] = {
	"Teacher", "Nurse", "Engineer", "Student", "Designer", "Dad of two",
	"Mum of three", "Retired", "Barista", "Developer", "Accountant",
	"Paramedic", "Writer", "Farmer", "Electrician", "Musician", "Lawyer",
	"Chef", "Mechanic", "Librarian",
};

static const char *const interests[] = {
	"coffee", "hiking", "football", "jazz", "gardening", "photography",
	"cycling", "baking", "chess", "travel", "books", "films", "running",
	"yoga", "fishing", "poetry", "sci-fi", "cooking", "basketball",
	"birdwatching",
};

static const char *const taglines[] = {
	"Views my own.", "Living the dream.", "Here for the memes.",
	"Be kind.", "Coffee first.", "No DMs please.", "Always learning.",
	"Home is where the dog is.", "Opinions are mine.", "Just vibes.",
};

static const char *const user_agents[] = {
	"Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) "
	    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 "
	    "Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
	    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.5 "
	    "Safari/605.1.15",
	"Mozilla/5.0 (Linux; Android 12; Pixel 6) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/115.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:117.0) Gecko/20100101 "
	    "Firefox/117.0",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) "
	    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 "
	    "Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 11; Redmi Note 9 Pro) "
	    "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 "
	    "Mobile Safari/537.36",
	"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
	    "Gecko) Chrome/116.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36 Edg/116.0",
	"chirp-ios/9.61 (iPhone14,5; iOS 16.6)",
	"chirp-android/10.4.1 (Android 13; Pixel 7)",
	"facegram-android/431.0.0.31 (Android 12; SM-A525F)",
	"facegram-ios/428.0 (iPhone13,2; iOS 16.5)",
	"vidtok/31.2.4 (Android 13; SM-G991B)",
	"vidtok/31.1.0 (iPhone15,2; iOS 17.0)",
};
static const unsigned ua_weight[] = {
	30, 26, 22, 10, 9, 8, 8, 6, 4, 4, 18, 14, 12, 9, 10, 7,
};

/* The operators' own tooling: one string across a whole network. */
static const char ua_night[] =
	"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
	"Gecko) HeadlessChrome/114.0.5735.90 Safari/537.36";
static const char ua_voip[] =
	"Mozilla/5.0 (Linux; Android 7.1.2; SM-G955N Build/NRD90M; wv) "
	"AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
	"Chrome/61.0.3163.98 Mobile Safari/537.36";

static const char *const email_providers[] = {
	"gmail.com", "googlemail.com", "outlook.com", "yahoo.com",
	"proton.me", "mail.xe", "icloud.com", "post.xe",
};
static const unsigned email_weight[] = { 34, 3, 15, 12, 5, 15, 10, 6 };

/* Invented news outlets and the lookalikes that spoof them. */
static const char *const real_outlets[] = {
	"dailymeridian.com", "estaviaherald.com", "capitalwire.net",
};
static const char *const lookalikes[] = {
	"daily-meridian.news", "dailymeridian.com.co", "dailymeridlan.com",
	"estaviaherald.co", "estavia-herald.info", "capitalwire-news.net",
};
static const char *const content_farms[] = {
	"estavia-today.info", "patriotpost-estavia.com",
};

/* The popular, genuine story many ordinary accounts link to. */
#define HUB_PATH "/2023/10/12/coastal-storm-leaves-thousands-without-power"
static const char *const hub_url_forms[] = {
	"https://www.dailymeridian.com" HUB_PATH,
	"https://www.dailymeridian.com" HUB_PATH
	    "?utm_source=chirp&utm_medium=social",
	"https://dailymeridian.com" HUB_PATH "?fbclid=IwAR2xq7Lm0demo",
	"HTTPS://WWW.DailyMeridian.com" HUB_PATH "#comments",
	"https://dailymeridian.com" HUB_PATH "?utm_campaign=share&si=x9Tq",
};

static const char *const officials[] = {
	"Governor Marlow", "Minister Kettle", "Senator Aldane",
	"the Harbour Commission",
};
static const char *const issues[] = {
	"the port deal", "water prices", "the new fuel tax",
	"the election count", "the border checkpoints",
	"the grain subsidies", "the bridge contract",
};
static const char *const campaign_tags[] = {
	"StopMarlow", "PortDeal", "FairCount", "FuelTax", "WakeUpEstavia",
};

/* ---- Time -------------------------------------------------------------- */

#define DAY		86400
#define POSTS_START	1693526400	/* 2023-09-01T00:00:00Z */
#define POSTS_DAYS	91
#define NIGHT_TZ	3		/* the night-burst operator's zone */
#define TARGET_TZ	(-5)		/* Estavia */

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t
epoch_of(int y, int m, int d)
{
	return days_from_civil(y, m, d) * DAY;
}

/* 0 = Sunday. */
static int
weekday(int64_t epoch)
{
	int64_t	d = epoch >= 0 ? epoch / DAY : (epoch - DAY + 1) / DAY;

	return (int)(((d + 4) % 7 + 7) % 7);
}

/* When ordinary people post, by local hour. */
static const unsigned diurnal[24] = {
	3, 2, 1, 1, 1, 1, 2, 4, 6, 6, 6, 6, 7, 6, 6, 6, 6, 7, 8, 9, 10, 10, 8, 5
};

/* A time in the posting period at a local hour drawn from the day's
 * rhythm of someone living tz hours east of UTC. */
static int64_t
organic_time(struct rng *r, int tz)
{
	int64_t	day = rng_below(r, POSTS_DAYS);
	int	hour = (int)rng_weighted(r, diurnal, 24);

	return POSTS_START + day * DAY + (int64_t)(hour - tz) * 3600 +
	    rng_below(r, 3600);
}

/* ---- Roles ------------------------------------------------------------- */

enum role {
	ROLE_NIGHT,
	ROLE_VOIP,
	ROLE_NEWS,
	ROLE_ADMIN,
	ROLE_PAGE,
	ROLE_FAN,
	ROLE_STAR,		/* well-followed ordinary accounts */
	ROLE_ECHO,
	ROLE_BACKGROUND,
	ROLE_COUNT
};

static const char *const role_truth[ROLE_COUNT] = {
	[ROLE_NIGHT] = DEMO_NET_NIGHT,
	[ROLE_VOIP] = DEMO_NET_VOIP,
	[ROLE_NEWS] = DEMO_NET_NEWS,
	[ROLE_ADMIN] = DEMO_NET_PAGES,
	[ROLE_PAGE] = DEMO_NET_PAGES,
	[ROLE_FAN] = DEMO_NET_DECOY,
	[ROLE_ECHO] = DEMO_NET_ECHO,
};

#define NIGHT_LEADERS	5
#define MAX_SEQ		1024	/* posts per account; native ids rely on it */
#define MAX_STORIES	1000

struct star {
	int64_t		 index;
	int		 platform;
	char		 handle[96];
	char		 native_id[24];
	int		 nposts;
};

struct leader {
	int64_t		 index;
	char		 handle[96];
	char		 native_id[24];
	char		 display[80];
};

struct gen {
	int64_t		 n;
	uint64_t	 seed;

	int64_t		 size[ROLE_COUNT];
	int64_t		 start[ROLE_COUNT];

	/* Permutation of [0, n) by cycle walking on [0, 2^bits). */
	uint64_t	 pmask, pa, pb, pc;
	unsigned	 ps1, ps2;

	/* Accounts others refer to. */
	struct star	*stars;
	struct leader	 night[NIGHT_LEADERS];
	struct leader	 seeder;	/* spoofed-news: first to post */
	struct leader	*admins;

	int		 nstory;	/* spoofed-news stories */
	int		 story_pm;	/* per-mille chance to join one */
	int		 nmeme;		/* page-network memes */
	int		 meme_pm;
	int		 npay;		/* page-network payment instruments */

	struct ingest	*in;
	int64_t		 account;	/* id of the account being written */
	char		**cause;
	bool		 failed;
	struct buf	 text, urls, tags;
};

struct persona {
	int64_t			 index;
	int64_t			 rank;		/* within its role */
	enum role		 role;
	int			 platform;
	const struct country	*country;
	int64_t			 created;
	const char		*first, *last;
	char			 native_id[24];
	char			 handle[96];
	char			 display[80];
	char			 bio[200];
	char			 url[128];
	int64_t			 followers, following, posts;
	const char		*status;
};

static void
perm_init(struct gen *g)
{
	unsigned	bits = 1;
	struct rng	r = { hash3(g->seed, 0x7065726d, 0) };

	while (bits < 63 && ((uint64_t)1 << bits) < (uint64_t)g->n)
		bits++;
	g->pmask = ((uint64_t)1 << bits) - 1;
	g->pa = rng_next(&r) | 1;
	g->pb = rng_next(&r);
	g->pc = rng_next(&r) | 1;
	g->ps1 = bits / 2 + 1;
	g->ps2 = bits / 3 + 1;
}

static int64_t
perm(const struct gen *g, int64_t i)
{
	uint64_t	x = (uint64_t)i;

	do {
		x = (x * g->pa + g->pb) & g->pmask;
		x ^= x >> g->ps1;
		x = (x * g->pc) & g->pmask;
		x ^= x >> g->ps2;
	} while (x >= (uint64_t)g->n);
	return (int64_t)x;
}

static int64_t
max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static void
sizes_init(struct gen *g)
{
	int64_t	n = g->n, used = 0;
	int	r;

	g->size[ROLE_NIGHT] = max64(30, n * 15 / 1000);
	g->size[ROLE_VOIP] = max64(24, n / 100);
	g->size[ROLE_NEWS] = max64(24, n * 8 / 1000);
	g->size[ROLE_PAGE] = max64(16, n * 4 / 1000);
	g->size[ROLE_ADMIN] = max64(3, 2 + g->size[ROLE_PAGE] / 30);
	g->size[ROLE_FAN] = max64(24, n * 75 / 10000);
	g->size[ROLE_STAR] = max64(9, n / 2000);
	g->size[ROLE_ECHO] = max64(20, n * 5 / 1000);
	for (r = 0; r < ROLE_BACKGROUND; r++) {
		g->start[r] = used;
		used += g->size[r];
	}
	g->start[ROLE_BACKGROUND] = used;
	g->size[ROLE_BACKGROUND] = n - used;

	g->nstory = (int)max64(20, g->size[ROLE_NEWS] / 5);
	if (g->nstory > MAX_STORIES)
		g->nstory = MAX_STORIES;
	/* Each member joins about 2.5 stories. */
	g->story_pm = (int)(2500 / g->nstory);
	if (g->story_pm < 1)
		g->story_pm = 1;
	g->nmeme = (int)max64(10, g->size[ROLE_PAGE] / 3);
	if (g->nmeme > 600)
		g->nmeme = 600;
	g->meme_pm = 6000 / g->nmeme;
	if (g->meme_pm > 1000)
		g->meme_pm = 1000;
	g->npay = (int)(1 + g->size[ROLE_PAGE] / 40);
}

static void
role_of(const struct gen *g, int64_t i, enum role *role, int64_t *rank)
{
	int64_t	k = perm(g, i);
	int	r;

	for (r = ROLE_COUNT - 1; r > 0 && k < g->start[r]; r--)
		;
	*role = (enum role)r;
	*rank = k - g->start[r];
}

/* ---- Strings ----------------------------------------------------------- */

static void
capitalize(char *dst, size_t dstsz, const char *s)
{
	snprintf(dst, dstsz, "%s", s);
	if (dst[0] >= 'a' && dst[0] <= 'z')
		dst[0] = (char)(dst[0] - 'a' + 'A');
}

/* Lowercase letters of s only ("Port Calder" -> "portcalder"). */
static void
squash(char *dst, size_t dstsz, const char *s)
{
	size_t	n = 0;

	for (; *s != '\0' && n + 1 < dstsz; s++) {
		if (*s >= 'A' && *s <= 'Z')
			dst[n++] = (char)(*s - 'A' + 'a');
		else if (*s >= 'a' && *s <= 'z')
			dst[n++] = *s;
	}
	dst[n] = '\0';
}

/*
 * Append tmpl to b with each "%s" replaced by the next of a1, a2, a3: the
 * sentence templates below are data, not printf formats.
 */
static void
fill(struct buf *b, const char *tmpl, const char *a1, const char *a2,
    const char *a3)
{
	const char	*args[3] = { a1, a2, a3 }, *p;
	int		 n = 0;

	for (p = tmpl; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] == 's') {
			if (n < 3 && args[n] != NULL)
				buf_adds(b, args[n]);
			n++;
			p++;
		} else
			buf_addc(b, *p);
	}
}

static void
hex(char *dst, int ndigits, struct rng *r)
{
	static const char	digits[] = "0123456789abcdef";
	uint64_t		v = 0;
	int			i;

	for (i = 0; i < ndigits; i++) {
		if (i % 16 == 0)
			v = rng_next(r);
		dst[i] = digits[v & 15];
		v >>= 4;
	}
	dst[ndigits] = '\0';
}

/* A pool member's hash: the same (what, j) always gives the same value. */
static void
pool_hex(const struct gen *g, char *dst, int ndigits, uint64_t what,
    uint64_t j)
{
	struct rng	r = { hash3(g->seed, what, j) };

	hex(dst, ndigits, &r);
}

static void
account_native_id(int platform, int64_t i, char *out, size_t outsz)
{
	switch (platform) {
	case CHIRP:
		snprintf(out, outsz, "%" PRId64, (int64_t)1100000000 + i);
		break;
	case FACEGRAM:
		snprintf(out, outsz, "%" PRId64, (int64_t)100000000000000 + i);
		break;
	default:
		snprintf(out, outsz, "%" PRId64,
		    (int64_t)6800000000000000000 + i);
		break;
	}
}

static void
post_native_id(int platform, int64_t i, const char *account_id, int seq,
    char *out, size_t outsz)
{
	switch (platform) {
	case CHIRP:
		snprintf(out, outsz, "%" PRId64,
		    (int64_t)1700000000000000000 + i * MAX_SEQ + seq);
		break;
	case FACEGRAM:
		snprintf(out, outsz, "%s_%d", account_id, 100000 + seq);
		break;
	default:
		snprintf(out, outsz, "%" PRId64,
		    (int64_t)7200000000000000000 + i * MAX_SEQ + seq);
		break;
	}
}

/* ---- Personas: who each account says it is ----------------------------- */

static const struct country *
pick_country(struct rng *r)
{
	unsigned	w[nitems(countries)];
	size_t		i;

	for (i = 0; i < nitems(countries); i++)
		w[i] = countries[i].weight;
	return &countries[rng_weighted(r, w, (unsigned)nitems(countries))];
}

/* The handle an ordinary person picks, in one of several habits. */
static void
natural_handle(struct rng *r, struct persona *p)
{
	static const unsigned	 w[] = { 15, 15, 12, 12, 10, 12, 10, 8, 6 };
	char			*h = p->handle;
	size_t			 hs = sizeof p->handle;
	const char		*word;

	switch (rng_weighted(r, w, (unsigned)nitems(w))) {
	case 0:
		snprintf(h, hs, "%s%s", p->first, p->last);
		break;
	case 1:
		snprintf(h, hs, "%s_%s", p->first, p->last);
		break;
	case 2:
		snprintf(h, hs, "%s%s%02d", p->first, p->last,
		    (int)rng_range(r, 60, 105) % 100);
		break;
	case 3:
		snprintf(h, hs, "%s_%s%d", p->first, p->last,
		    (int)rng_range(r, 1958, 2006));
		break;
	case 4:
		snprintf(h, hs, "%s%c%s", p->first,
		    p->platform == CHIRP ? '_' : '.', p->last);
		break;
	case 5:
		word = PICK(r, nick_words);
		snprintf(h, hs, "%s%s", word, PICK(r, nick_tails));
		break;
	case 6:
		word = PICK(r, nick_words);
		snprintf(h, hs, "%s%d", word, (int)rng_range(r, 1, 999));
		break;
	case 7:
		snprintf(h, hs, "%s%s", p->first, PICK(r, nick_tails));
		break;
	default:
		snprintf(h, hs, "%c%s", p->first[0], p->last);
		break;
	}
}

static void
natural_display(struct rng *r, struct persona *p)
{
	char	f[32], l[32];

	capitalize(f, sizeof f, p->first);
	capitalize(l, sizeof l, p->last);
	switch (rng_below(r, 10)) {
	case 0:
		snprintf(p->display, sizeof p->display, "%s %c.", f, l[0]);
		break;
	case 1:
		snprintf(p->display, sizeof p->display, "%s \xf0\x9f\x8c\xbf",
		    p->first);
		break;
	case 2:
		snprintf(p->display, sizeof p->display, "%c. %s", f[0], l);
		break;
	default:
		snprintf(p->display, sizeof p->display, "%s %s", f, l);
		break;
	}
}

static void
natural_bio(struct rng *r, struct persona *p)
{
	char		 first[32];
	const char	*job, *i1, *i2, *i3, *tag, *city;

	if (rng_permille(r, 300)) {
		p->bio[0] = '\0';
		return;
	}
	/* Drawn in a fixed order: argument order is unspecified in C. */
	job = PICK(r, jobs);
	i1 = PICK(r, interests);
	i2 = PICK(r, interests);
	i3 = PICK(r, interests);
	tag = PICK(r, taglines);
	city = PICK(r, cities);
	switch (rng_below(r, 4)) {
	case 0:
		capitalize(first, sizeof first, i1);
		snprintf(p->bio, sizeof p->bio, "%s. %s and %s. %s", job,
		    first, i2, tag);
		break;
	case 1:
		snprintf(p->bio, sizeof p->bio, "%s in %s. %s", job, city,
		    tag);
		break;
	case 2:
		snprintf(p->bio, sizeof p->bio, "%s, %s, %s.", i1, i2, i3);
		break;
	default:
		snprintf(p->bio, sizeof p->bio, "%s | %s lover", job, i1);
		break;
	}
}

/* A creation time between two dates, leaning towards the later one. */
static int64_t
created_between(struct rng *r, int64_t from, int64_t to)
{
	int64_t	a = rng_range(r, from, to), b = rng_range(r, from, to);

	return a > b ? a : b;
}

/*
 * The echo-chorus handles: a few names, each member's with small edits
 * (a separator changed, a letter doubled, a vowel dropped, a number
 * added), all of one name in one handle family (normalize.h).
 */
static void
echo_handle(int64_t k, char *out, size_t outsz)
{
	static const char *const names[] = { "harbour.truth",
	    "fair.count.now", "marlow.watch", "estavia.speaks",
	    "port.deal.facts" };
	const char	*name = names[k % (int64_t)nitems(names)];
	int64_t		 v = k / (int64_t)nitems(names);
	char		 h[64], *s;
	size_t		 n, i;

	snprintf(h, sizeof h, "%s", name);
	if (v & 1) {
		for (s = h; *s != '\0'; s++)
			if (*s == '.')
				*s = '_';
	}
	if (v & 2) {
		/* Double the third letter. */
		n = strlen(h);
		memmove(h + 3, h + 2, n - 1);
	}
	if (v & 4) {
		/* Drop the first vowel after the first letter. */
		for (i = 1; h[i] != '\0'; i++) {
			if (strchr("aeiou", h[i]) != NULL) {
				memmove(h + i, h + i + 1, strlen(h + i));
				break;
			}
		}
	}
	if (v >= 8)
		snprintf(out, outsz, "%s%" PRId64, h, v / 8);
	else
		snprintf(out, outsz, "%s", h);
}

static void
persona_make(const struct gen *g, int64_t i, struct persona *p)
{
	static const unsigned	 platform_weight[NPLATFORM] = { 45, 35, 20 };
	struct rng		 r = { hash3(g->seed, (uint64_t)i, 1) };
	char			 tmp[64];
	const char		*tag;
	int64_t			 t0;

	memset(p, 0, sizeof *p);
	p->index = i;
	role_of(g, i, &p->role, &p->rank);
	p->first = PICK(&r, first_names);
	p->last = PICK(&r, last_names);
	p->country = pick_country(&r);
	p->status = "active";
	p->followers = rng_below(&r, 40);
	p->followers *= rng_below(&r, 40);
	p->followers += rng_below(&r, 30);
	p->following = rng_range(&r, 20, 900);
	p->posts = rng_below(&r, 80);
	p->posts *= rng_below(&r, 60);
	p->created = created_between(&r, epoch_of(2010, 1, 1),
	    epoch_of(2023, 8, 31));

	switch (p->role) {
	case ROLE_NIGHT:
		p->platform = CHIRP;
		p->country = &countries[0];
		/* One template: the operator's script numbers its accounts. */
		snprintf(p->handle, sizeof p->handle, "true_estavian%04d",
		    (int)((p->rank * 7919 + (int64_t)(g->seed % 10000)) %
		    10000));
		if (p->rank >= 10000)
			snprintf(p->handle, sizeof p->handle,
			    "true_estavian%05d", (int)(p->rank % 100000));
		natural_display(&r, p);
		tag = PICK(&r, jobs);
		snprintf(p->bio, sizeof p->bio, "%s from %s. #EstaviaFirst",
		    tag, PICK(&r, cities));
		/* Three nights in a row, 00:30 to 04:30 in UTC+3, the
		 * script working through its list in order. */
		t0 = epoch_of(2023, 8, 21) + 30 * 60 - NIGHT_TZ * 3600;
		{
			int64_t	per_night = (g->size[ROLE_NIGHT] + 2) / 3;
			int64_t	night = p->rank / per_night;
			int64_t	pos = p->rank % per_night;

			p->created = t0 + night * DAY +
			    pos * (4 * 3600 - 120) / per_night +
			    rng_below(&r, 90);
		}
		p->followers = rng_range(&r, 3, 80);
		p->following = rng_range(&r, 150, 900);
		p->posts = rng_range(&r, 800, 3000);
		break;
	case ROLE_VOIP:
		p->platform = rng_permille(&r, 600) ? CHIRP : VIDTOK;
		p->country = &countries[0];
		natural_handle(&r, p);
		natural_display(&r, p);
		snprintf(p->bio, sizeof p->bio, "Proud Estavian | %s lover | "
		    "Family \xe2\x80\xa2 Faith \xe2\x80\xa2 Freedom",
		    PICK(&r, interests));
		p->created = rng_range(&r, epoch_of(2022, 2, 1),
		    epoch_of(2022, 6, 30));
		break;
	case ROLE_NEWS:
		p->platform = CHIRP;
		p->country = &countries[0];
		if (rng_permille(&r, 500)) {
			static const char *const w[] = { "daily", "news",
			    "watch", "report", "insider", "today", "wire",
			    "post" };
			squash(tmp, sizeof tmp, PICK(&r, cities));
			if (p->rank < 64)
				snprintf(p->handle, sizeof p->handle, "%s_%s",
				    tmp, w[p->rank % 8]);
			else
				snprintf(p->handle, sizeof p->handle,
				    "%s_%s%" PRId64, tmp, w[p->rank % 8],
				    p->rank / 8);
			snprintf(p->display, sizeof p->display, "%s %s",
			    PICK(&r, cities), w[p->rank % 8][0] == 'n' ?
			    "News" : "Daily");
		} else {
			natural_handle(&r, p);
			natural_display(&r, p);
		}
		snprintf(p->bio, sizeof p->bio, "%s",
		    rng_permille(&r, 500) ? "Independent news. Breaking "
		    "stories the mainstream hides." : "Citizen journalist. "
		    "Truth first, always.");
		snprintf(p->url, sizeof p->url, "https://%s/",
		    lookalikes[p->rank % nitems(lookalikes)]);
		p->created = rng_range(&r, epoch_of(2023, 5, 1),
		    epoch_of(2023, 7, 31));
		break;
	case ROLE_ADMIN:
		p->platform = FACEGRAM;
		p->country = &countries[0];
		natural_handle(&r, p);
		natural_display(&r, p);
		natural_bio(&r, p);
		p->created = rng_range(&r, epoch_of(2016, 1, 1),
		    epoch_of(2018, 12, 31));
		break;
	case ROLE_PAGE: {
		static const char *const adj[] = { "Proud", "United", "Real",
		    "True", "Concerned", "Patriotic", "Silent" };
		static const char *const grp[] = { "Moms", "Veterans",
		    "Farmers", "Families", "Patriots", "Workers", "Taxpayers",
		    "Voters", "Neighbours" };
		int64_t	 k = p->rank;
		size_t	 na = nitems(adj), ng = nitems(grp);
		size_t	 nc = nitems(cities) + 1;
		const char *place = k % nc == 0 ? "Estavian" :
		    cities[k % nc - 1];

		p->platform = FACEGRAM;
		p->country = &countries[0];
		snprintf(p->display, sizeof p->display, "%s %s %s",
		    adj[(k / nc) % na], place, grp[(k / nc / na) % ng]);
		squash(tmp, sizeof tmp, p->display);
		if (k < (int64_t)(na * ng * nc))
			snprintf(p->handle, sizeof p->handle, "%s", tmp);
		else
			snprintf(p->handle, sizeof p->handle, "%s%" PRId64,
			    tmp, k / (int64_t)(na * ng * nc));
		snprintf(p->bio, sizeof p->bio, "Community page for %s "
		    "people who love their country. Share if you agree!",
		    place);
		p->created = rng_range(&r, epoch_of(2019, 1, 1),
		    epoch_of(2023, 6, 30));
		p->followers = rng_range(&r, 2000, 90000);
		p->following = 0;
		break;
	}
	case ROLE_FAN:
		p->platform = rng_permille(&r, 600) ? CHIRP : VIDTOK;
		if (rng_permille(&r, 400)) {
			static const char *const w[] = { "comets", "velvet",
			    "cometsfan", "vc" };
			snprintf(p->handle, sizeof p->handle, "%s_%s%s",
			    PICK(&r, w), p->first, p->last);
		} else
			natural_handle(&r, p);
		natural_display(&r, p);
		if (rng_permille(&r, 600)) {
			tag = PICK(&r, jobs);
			snprintf(p->bio, sizeof p->bio, "%s. Velvet Comets "
			    "forever \xf0\x9f\x92\x9c %s", tag,
			    PICK(&r, taglines));
		}
		else
			natural_bio(&r, p);
		break;
	case ROLE_ECHO:
		p->platform = rng_permille(&r, 700) ? CHIRP : VIDTOK;
		p->country = &countries[0];
		echo_handle(p->rank, p->handle, sizeof p->handle);
		natural_display(&r, p);
		natural_bio(&r, p);
		/* Made over three weeks of one June. */
		p->created = rng_range(&r, epoch_of(2023, 6, 1),
		    epoch_of(2023, 6, 21));
		break;
	case ROLE_STAR:
		p->platform = (int)(p->rank % NPLATFORM);
		p->country = &countries[0];
		squash(tmp, sizeof tmp, cities[p->rank % nitems(cities)]);
		snprintf(p->handle, sizeof p->handle, "%s%s%s", p->first,
		    p->last, p->rank < 3 * (int64_t)nitems(cities) ? "" : tmp);
		capitalize(p->display, sizeof p->display, p->first);
		snprintf(p->display + strlen(p->display),
		    sizeof p->display - strlen(p->display), " %c%s",
		    p->last[0] - 'a' + 'A', p->last + 1);
		snprintf(p->bio, sizeof p->bio, "Reporter in %s. Tips welcome.",
		    cities[p->rank % nitems(cities)]);
		p->followers = rng_range(&r, 50000, 900000);
		p->posts = rng_range(&r, 5000, 60000);
		break;
	default:
		p->platform = (int)rng_weighted(&r, platform_weight, NPLATFORM);
		natural_handle(&r, p);
		natural_display(&r, p);
		natural_bio(&r, p);
		if (rng_permille(&r, 150)) {
			switch (rng_below(&r, 3)) {
			case 0:
				snprintf(p->url, sizeof p->url,
				    "https://linkpage.to/%s", p->handle);
				break;
			case 1:
				snprintf(p->url, sizeof p->url,
				    "https://%s.pagefolio.net", p->handle);
				break;
			default:
				snprintf(p->url, sizeof p->url,
				    "https://vidtok.com/@%s", p->handle);
				break;
			}
		}
		if (rng_permille(&r, 10))
			p->status = "deactivated";
		break;
	}
	account_native_id(p->platform, i, p->native_id, sizeof p->native_id);
}

/* ---- Writing rows ------------------------------------------------------ */

static void
put(struct gen *g, const char *kind, const char *raw)
{
	if (g->failed)
		return;
	if (ingest_attribute(g->in, g->account, kind, raw, g->cause) < 0)
		g->failed = true;
}

/* A phone number written the way people type it; every form normalizes
 * to the same digits. national holds the digits after the calling code. */
static void
put_phone(struct gen *g, struct rng *r, const char *cc, const char *national)
{
	char	out[64];
	size_t	n = strlen(national);
	int	h = (int)(n > 7 ? n - 7 : 0);

	switch (rng_below(r, 5)) {
	case 0:
		snprintf(out, sizeof out, "+%s %.*s %.3s %s", cc, h, national,
		    national + h, national + h + 3);
		break;
	case 1:
		snprintf(out, sizeof out, "+%s%s", cc, national);
		break;
	case 2:
		snprintf(out, sizeof out, "00%s %.*s %s", cc, h, national,
		    national + h);
		break;
	case 3:
		snprintf(out, sizeof out, "(+%s) %.*s-%.3s-%s", cc, h, national,
		    national + h, national + h + 3);
		break;
	default:
		snprintf(out, sizeof out, "+%s.%.*s.%.3s.%s", cc, h, national,
		    national + h, national + h + 3);
		break;
	}
	put(g, "phone", out);
}

/* An address of one's own: a bijection of the index onto 4M distinct /24
 * blocks in 128-194.x.x.0/24, so no two ordinary accounts share a block
 * by chance (up to 4M accounts). */
static void
own_ip(const struct gen *g, int64_t i, struct rng *r, char *out, size_t outsz)
{
	uint64_t	x = ((uint64_t)i + g->seed) & 0x3fffff;
	unsigned	o1;

	x = (x * 0x2c9277b5ULL + 0x1b873593) & 0x3fffff;
	x ^= x >> 11;
	x = (x * 0x5bd1e995ULL) & 0x3fffff;
	x ^= x >> 13;
	o1 = 128 + (unsigned)(x >> 16);
	if (o1 == 169)
		o1 = 193;
	else if (o1 == 172)
		o1 = 194;
	snprintf(out, outsz, "%u.%u.%u.%u", o1, (unsigned)(x >> 8) & 255,
	    (unsigned)x & 255, 2 + rng_below(r, 250));
}

/* An e-mail address; Gmail users sometimes type dots, capitals or a
 * +tag that the provider ignores. */
static void
put_email(struct gen *g, struct rng *r, const char *local, const char *domain)
{
	char	l[96], out[160];
	size_t	n, k;
	bool	gmail = strcmp(domain, "gmail.com") == 0 ||
		    strcmp(domain, "googlemail.com") == 0;

	snprintf(l, sizeof l, "%s", local);
	if (gmail && rng_permille(r, 250) && (n = strlen(l)) > 3 &&
	    n + 1 < sizeof l) {
		k = 1 + rng_below(r, (uint32_t)(n - 2));
		if (l[k] != '.' && l[k - 1] != '.') {
			memmove(l + k + 1, l + k, n - k + 1);
			l[k] = '.';
		}
	}
	if (rng_permille(r, 100) && l[0] >= 'a' && l[0] <= 'z')
		l[0] = (char)(l[0] - 'a' + 'A');
	if (gmail && rng_permille(r, 100)) {
		const char *plus = PICK(r, nick_words);

		snprintf(out, sizeof out, "%s+%s@%s", l, plus, domain);
	}
	else
		snprintf(out, sizeof out, "%s@%s", l, domain);
	put(g, "email", out);
}

/* Households pair index 2k with 2k+1; both must be background accounts,
 * so that no planted or decoy account shares a home by chance. */
static bool
neighbour_is_ordinary(const struct gen *g, int64_t i)
{
	enum role	role;
	int64_t		rank;

	if ((i ^ 1) >= g->n)
		return false;
	role_of(g, i ^ 1, &role, &rank);
	return role == ROLE_BACKGROUND;
}

/* The traces an ordinary user leaves: each value their own, except the
 * benign hubs (carrier NAT, the default avatar, common user agents,
 * big e-mail providers). household lets two neighbouring ordinary
 * accounts share a home address now and then. */
static void
attrs_ordinary(struct gen *g, const struct persona *p, struct rng *r,
    bool household)
{
	char	buf[128], local[96];
	int64_t	i = p->index;

	if (rng_permille(r, 450)) {
		static const char *const sep[] = { ".", "", "_" };
		int	 num = (int)(i % 10000);

		if (rng_permille(r, 250))
			snprintf(local, sizeof local, "%c%s%d", p->first[0],
			    p->last, num);
		else
			snprintf(local, sizeof local, "%s%s%s%d", p->first,
			    PICK(r, sep), p->last, num);
		put_email(g, r, local, email_providers[rng_weighted(r,
		    email_weight, (unsigned)nitems(email_weight))]);
	}
	if (rng_permille(r, 280)) {
		int64_t	sub = ((i * 7654321) + 1234567 +
			    (int64_t)(g->seed % 1000000)) % 10000000;

		snprintf(buf, sizeof buf, "%02d%07" PRId64,
		    (int)(20 + (i / 10000000) % 80), sub);
		put_phone(g, r, p->country->cc, buf);
	}
	if (rng_permille(r, 500)) {
		unsigned x = rng_below(r, 1000);

		if (x < 80)
			put(g, "ip", carrier_nat[0]);
		else if (x < 120)
			put(g, "ip", carrier_nat[1]);
		else if (x < 140)
			put(g, "ip", carrier_nat[2]);
		else if (household &&
		    hash3(g->seed, (uint64_t)i >> 1, 0x6868) % 100 < 3 &&
		    neighbour_is_ordinary(g, i)) {
			struct rng hr = { hash3(g->seed, (uint64_t)i >> 1, 7) };

			own_ip(g, i & ~(int64_t)1, &hr, buf, sizeof buf);
			put(g, "ip", buf);
		} else {
			own_ip(g, i, r, buf, sizeof buf);
			put(g, "ip", buf);
		}
	}
	if (rng_permille(r, 220)) {
		if (rng_permille(r, 500)) {
			hex(buf, 16, r);
		} else {
			char h[33];

			hex(h, 32, r);
			snprintf(buf, sizeof buf, "%.8s-%.4s-%.4s-%.4s-%.12s",
			    h, h + 8, h + 12, h + 16, h + 20);
		}
		put(g, "device", buf);
	}
	if (rng_permille(r, 350))
		put(g, "user_agent", user_agents[rng_weighted(r, ua_weight,
		    (unsigned)nitems(ua_weight))]);
	if (rng_permille(r, 800)) {
		if (rng_permille(r, 190))
			put(g, "avatar_hash", default_avatar[p->platform]);
		else {
			hex(buf, 32, r);
			put(g, "avatar_hash", buf);
		}
	}
}

/* The page_admin value naming an admin, as a page transparency panel
 * shows it. */
static void
admin_label(const struct leader *a, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s (facegram id %s)", a->display, a->native_id);
}

static void
attrs_write(struct gen *g, const struct persona *p)
{
	struct rng	 r = { hash3(g->seed, (uint64_t)p->index, 2) };
	char		 buf[160], local[96];
	int64_t		 k = p->rank, size = g->size[p->role];

	switch (p->role) {
	case ROLE_NIGHT: {
		/* Registered in batches of eight on one Gmail inbox (the dot
		 * and +tag trick), twenty per proxy address, from a handful of
		 * emulated devices, by a headless browser. */
		int64_t	batch = k / 8, proxy = k / 20;
		int64_t	ndev = max64(3, size / 40);

		snprintf(local, sizeof local, "estavian%s%" PRId64,
		    nick_tails[batch % nitems(nick_tails)], 1000 + batch);
		put_email(g, &r, local, k % 3 == 2 ? "googlemail.com" :
		    "gmail.com");
		snprintf(buf, sizeof buf, "91.243.%d.%d",
		    (int)(80 + (proxy / 3) % 100),
		    (int)(10 + (proxy % 3) * 60 + (proxy / 300) % 60));
		put(g, "ip", buf);
		pool_hex(g, buf, 16, 0x6e646576,
		    hash3(g->seed, (uint64_t)k, 3) % (uint64_t)ndev);
		put(g, "device", buf);
		put(g, "user_agent", ua_night);
		if (rng_permille(&r, 700)) {
			hex(buf, 32, &r);
			put(g, "avatar_hash", buf);
		} else
			put(g, "avatar_hash", default_avatar[p->platform]);
		break;
	}
	case ROLE_VOIP: {
		/* Numbers from one VOIP range, recycled; stock photos reused
		 * as avatars; forty accounts per /24; an emulator farm. */
		int64_t	npool = max64(8, size * 6 / 10);
		int64_t	navatar = max64(4, size / 12);
		int64_t	ndev = max64(3, size / 25);
		int64_t	blk = k / 40;

		if (npool > 99999)
			npool = 99999;
		snprintf(buf, sizeof buf, "7700%06" PRId64, 900000 +
		    (int64_t)(hash3(g->seed, (uint64_t)k, 4) %
		    (uint64_t)npool));
		put_phone(g, &r, "44", buf);
		pool_hex(g, buf, 32, 0x76617661,
		    hash3(g->seed, (uint64_t)k, 5) % (uint64_t)navatar);
		put(g, "avatar_hash", buf);
		snprintf(buf, sizeof buf, "45.%d.%d.%d",
		    (int)(153 + blk / 90), (int)(160 + blk % 90),
		    (int)(2 + rng_below(&r, 250)));
		put(g, "ip", buf);
		pool_hex(g, buf, 16, 0x76646576,
		    hash3(g->seed, (uint64_t)k, 6) % (uint64_t)ndev);
		put(g, "device", buf);
		put(g, "user_agent", ua_voip);
		if (rng_permille(&r, 500)) {
			snprintf(local, sizeof local, "%s%s%" PRId64,
			    p->first, p->last, 100 + k);
			put_email(g, &r, local, "post.xe");
		}
		break;
	}
	case ROLE_NEWS: {
		/* A few rented servers post for everyone; some accounts use
		 * an address at the spoofed outlet. */
		int64_t	nip = max64(2, size / 15);
		int64_t	j = (int64_t)(hash3(g->seed, (uint64_t)k, 7) %
			    (uint64_t)nip);

		snprintf(buf, sizeof buf, "37.120.%d.%d", (int)(10 + j / 200),
		    (int)(20 + j % 200));
		put(g, "ip", buf);
		if (rng_permille(&r, 400)) {
			snprintf(local, sizeof local, "editor%" PRId64, k);
			put_email(g, &r, local,
			    lookalikes[k % nitems(lookalikes)]);
		}
		if (rng_permille(&r, 500))
			put(g, "user_agent", user_agents[2]);
		if (rng_permille(&r, 800)) {
			hex(buf, 32, &r);
			put(g, "avatar_hash", buf);
		}
		break;
	}
	case ROLE_ADMIN: {
		char	label[160];

		snprintf(local, sizeof local, "%s.%s%" PRId64, p->first,
		    p->last, 70 + k);
		put_email(g, &r, local, "mail.xe");
		snprintf(buf, sizeof buf, "77.91.12.%d", (int)(10 + k % 240));
		put(g, "ip", buf);
		hex(buf, 16, &r);
		put(g, "device", buf);
		hex(buf, 32, &r);
		put(g, "avatar_hash", buf);
		admin_label(&g->admins[k], label, sizeof label);
		put(g, "page_admin", label);
		break;
	}
	case ROLE_PAGE: {
		int64_t	na = g->size[ROLE_ADMIN];
		int64_t	a1 = k % na, a2;
		char	label[200];

		/* Every page names its admins; the first few chain all the
		 * admins together, the rest add a second admin at random. */
		admin_label(&g->admins[a1], label, sizeof label);
		if (rng_permille(&r, 300))
			memmove(strchr(label, ' ') + 1, strchr(label, ' '),
			    strlen(strchr(label, ' ')) + 1);
		put(g, "page_admin", label);
		if (k < na - 1)
			a2 = (a1 + 1) % na;
		else if (rng_permille(&r, 400))
			a2 = (int64_t)(hash3(g->seed, (uint64_t)k, 8) %
			    (uint64_t)na);
		else
			a2 = a1;
		if (a2 != a1) {
			admin_label(&g->admins[a2], label, sizeof label);
			put(g, "page_admin", label);
		}
		if (rng_permille(&r, 600)) {
			int j = (int)(hash3(g->seed, (uint64_t)k, 9) %
			    (uint64_t)g->npay);

			snprintf(buf, sizeof buf, "card fingerprint ");
			pool_hex(g, buf + strlen(buf), 20, 0x706179,
			    (uint64_t)j);
			put(g, "payment", buf);
		}
		hex(buf, 32, &r);
		put(g, "avatar_hash", buf);
		break;
	}
	case ROLE_ECHO:
		/* Ordinary-looking infrastructure; only the avatars give the
		 * accounts away, each cut from one of a few photos. */
		attrs_ordinary(g, p, &r, false);
		break;
	case ROLE_FAN:
	case ROLE_STAR:
		attrs_ordinary(g, p, &r, false);
		break;
	default:
		attrs_ordinary(g, p, &r, true);
		if (p->platform == FACEGRAM && rng_permille(&r, 10)) {
			snprintf(buf, sizeof buf, "card fingerprint ");
			hex(buf + strlen(buf), 20, &r);
			put(g, "payment", buf);
		}
		break;
	}
}

/* A photo's perceptual hash with a few of its bits changed, as cropping
 * or recompressing it does. */
static void
put_phash(struct gen *g, struct rng *r, uint64_t photo, int maxflip)
{
	char		 out[17];
	int		 i, n = (int)rng_below(r, (uint32_t)maxflip + 1);

	for (i = 0; i < n; i++)
		photo ^= (uint64_t)1 << rng_below(r, 64);
	snprintf(out, sizeof out, "%016" PRIx64, photo);
	put(g, "avatar_phash", out);
}

/*
 * avatar_phash, from its own random stream so that the other attributes
 * stay as they were: echo-chorus members carry one of four photos with
 * one to three bits changed, voip-farm members the hash of their pool
 * photo, and three in four other accounts a photo of their own, or (one
 * in twenty-five of them) one of four popular stock photos.
 */
static void
phash_write(struct gen *g, const struct persona *p)
{
	struct rng	 r = { hash3(g->seed, (uint64_t)p->index, 11) };
	int64_t		 navatar = max64(4, g->size[ROLE_VOIP] / 12);

	switch (p->role) {
	case ROLE_ECHO:
		put_phash(g, &r, hash3(g->seed, 0x6563686f, (uint64_t)(p->rank %
		    4)) | 1, 3);
		break;
	case ROLE_VOIP:
		put_phash(g, &r, hash3(g->seed, 0x76617661, hash3(g->seed,
		    (uint64_t)p->rank, 5) % (uint64_t)navatar), 1);
		break;
	default:
		if (!rng_permille(&r, 750))
			break;
		if (rng_permille(&r, 40))
			put_phash(g, &r, hash3(g->seed, 0x73746f63,
			    rng_below(&r, 4)), 2);
		else
			put_phash(g, &r, rng_next(&r), 0);
		break;
	}
}

/* ---- Post texts -------------------------------------------------------- */

static void
text_ordinary(struct buf *b, struct rng *r)
{
	static const char *const openers[] = { "Honestly,", "Can't believe",
	    "So", "Just saw that", "Finally,", "Ugh,", "Today",
	    "Anyone else think", "Love how", "Not gonna lie,", "Reminder:",
	    "Wow," };
	static const char *const phrases[] = {
	    "the weather is wild today", "my coffee went cold again",
	    "the match last night was unreal", "traffic on the bridge is a "
	    "nightmare", "the new bakery downtown is amazing", "I finished "
	    "the book everyone talks about", "the power went out for an hour",
	    "my cat knocked over the plant again", "the train was late again",
	    "the farmers market was packed", "the kids' school play was "
	    "adorable", "my team lost in the last minute", "the harbour looks "
	    "beautiful tonight", "I burned the pancakes", "the gym was empty "
	    "this morning", "the new phone update broke my alarm",
	    "my neighbour's dog learned to open the gate", "the library has "
	    "a new reading room", "the rain stopped just in time", "my "
	    "sourdough finally rose", "the concert tickets sold out in "
	    "minutes", "the street festival is back", "the ferry is running "
	    "again", "my plants survived the heatwave", "the cafe on the "
	    "corner closed", "I got lost in the new mall", "the sunset over "
	    "the bay was unreal", "my bike got a flat tyre", "the new season "
	    "of that show dropped", "the queue at the post office was endless"
	};
	static const char *const closers[] = { "", "!", "...",
	    " \xf0\x9f\x98\x82",
	    " \xf0\x9f\x99\x83", " lol", " \xf0\x9f\x98\x85", " \xe2\x98\x95",
	    " \xf0\x9f\x99\x84", " :)" };
	static const char *const tails[] = { "", " tbh", " fr", " honestly",
	    " again", " smh", " as usual", " for real", " today", " I guess",
	    " haha", " oh well" };

	const char	*o = PICK(r, openers), *ph = PICK(r, phrases);
	const char	*t = PICK(r, tails), *c = PICK(r, closers);

	buf_printf(b, "%s %s%s%s", o, ph, t, c);
}

/* What a star account posts: local reporting. Pure in (seed, index,
 * seq) so that reposts can quote it. */
static void
text_star(const struct gen *g, int64_t i, int seq, struct buf *b)
{
	struct rng	r = { hash3(g->seed, (uint64_t)i,
			    100 + (uint64_t)seq) };
	static const char *const t[] = {
	    "%s: council meets tonight on %s. Thread below.",
	    "Spoke to residents of %s about %s. Mixed feelings.",
	    "Update from %s: no decision yet on %s.",
	    "%s residents queue for hours as %s dominates the debate.",
	};
	const char	*f = PICK(&r, t), *city = PICK(&r, cities),
			*issue = PICK(&r, issues);

	fill(b, f, city, issue, NULL);
	buf_printf(b, " (%d)", seq + 1);
}

/* The night-burst narrative. Pure in (seed, index, seq). */
static void
text_campaign(const struct gen *g, int64_t i, int seq, struct buf *b)
{
	struct rng	r = { hash3(g->seed, (uint64_t)i,
			    200 + (uint64_t)seq) };
	static const char *const t[] = {
	    "%s lied about %s and %s pays the price.",
	    "Why is nobody talking about %s? %s must resign!",
	    "Real Estavians see through %s. %s cannot hide forever.",
	    "%s: remember who sold out %s when you vote.",
	    "They want you to forget %s. %s thinks you are stupid.",
	};
	unsigned	k = rng_below(&r, (uint32_t)nitems(t));
	const char	*off = PICK(&r, officials), *iss = PICK(&r, issues);
	const char	*city = PICK(&r, cities);

	switch (k) {
	case 0:
		fill(b, t[0], off, iss, city);
		break;
	case 1:
		fill(b, t[1], iss, off, NULL);
		break;
	case 2:
		fill(b, t[2], iss, off, NULL);
		break;
	case 3:
		fill(b, t[3], city, iss, NULL);
		break;
	default:
		fill(b, t[4], iss, off, NULL);
		break;
	}
	buf_printf(b, " #EstaviaFirst #%s", PICK(&r, campaign_tags));
}

/* Story s of the spoofed-news operation: headline and its article. */
static void
story_url(int s, struct buf *b)
{
	buf_printf(b, "https://%s/politics/2023/%d/", lookalikes[s %
	    (int)nitems(lookalikes)], 48113 + s * 37);
}

static void
text_story(int s, struct buf *b)
{
	static const char *const t[] = {
	    "LEAKED: %s took kickbacks on %s",
	    "Exclusive: %s secretly met foreign bankers over %s",
	    "%s to cancel pensions after %s collapse, documents show",
	    "Insiders say %s is hiding the truth about %s",
	    "Audit: %s moved money from %s offshore",
	};
	int	n = (int)nitems(t), no = (int)nitems(officials);

	fill(b, t[s % n], officials[(s / n) % no],
	    issues[(s / n / no) % (int)nitems(issues)], NULL);
	buf_adds(b, ". Read before it is deleted: ");
	story_url(s, b);
}

static int64_t
story_time(const struct gen *g, int s)
{
	struct rng	r = { hash3(g->seed, 0x73746f72, (uint64_t)s) };

	int64_t		day = rng_below(&r, POSTS_DAYS);
	int64_t		hour = rng_range(&r, 12, 21);

	return POSTS_START + day * DAY + hour * 3600 + rng_below(&r, 3600);
}

static void
text_meme(int m, struct buf *b)
{
	static const char *const t[] = {
	    "Share if you agree: %s families deserve better than %s.",
	    "Like if you remember when %s was affordable. Thanks, %s.",
	    "Nobody asked %s for this. %s says NO.",
	    "Type YES if you stand with %s against %s!",
	};
	int	n = (int)nitems(t);

	switch (m % n) {
	case 0:
		fill(b, t[0], cities[(m / n) % (int)nitems(cities)],
		    officials[m % (int)nitems(officials)], NULL);
		break;
	case 1:
		fill(b, t[1], issues[(m / n) % (int)nitems(issues)],
		    officials[m % (int)nitems(officials)], NULL);
		break;
	case 2:
		fill(b, t[2], officials[(m / n) % (int)nitems(officials)],
		    cities[m % (int)nitems(cities)], NULL);
		break;
	default:
		fill(b, t[3], cities[(m / n) % (int)nitems(cities)],
		    issues[m % (int)nitems(issues)], NULL);
		break;
	}
	if (m >= 4 * 8)
		buf_printf(b, " #%d", m / 32 + 1);
}

static int64_t
meme_time(const struct gen *g, int m)
{
	struct rng	r = { hash3(g->seed, 0x6d656d65, (uint64_t)m) };

	int64_t		day = rng_below(&r, POSTS_DAYS);
	int64_t		hour = rng_range(&r, 13, 23);

	return POSTS_START + day * DAY + hour * 3600 + rng_below(&r, 3600);
}

/*
 * A fan's post number c. Fans write alike, but the parts are picked by
 * a bijection of c, so no two fan posts ever have the same text (up to
 * 192,000 posts).
 */
#define FAN_COMBOS	(10 * 12 * 10 * 8 * 5 * 4)
static void
text_fan(int64_t c, const char *city, struct buf *b)
{
	static const char *const op[] = { "omg", "cannot stop screaming about",
	    "best night ever,", "still shaking after", "I'm not okay after",
	    "crying rn over", "what a show,", "pure magic:", "my heart!!",
	    "no words for" };
	static const char *const mid[] = { "the opening song",
	    "that guitar solo", "the encore", "the new single live",
	    "Mara's vocals", "the drum break", "the acoustic set",
	    "the light show", "the crowd singing along", "the surprise cover",
	    "the piano intro", "the final chorus" };
	static const char *const end[] = { "in %s", "tonight", "at the arena",
	    "with my best friend", "from the front row", "from the balcony",
	    "after waiting 6 hours", "on my birthday", "with my sister",
	    "at my first show" };
	static const char *const emo[] = { "\xf0\x9f\x92\x9c", "\xe2\x9c\xa8",
	    "\xf0\x9f\x98\xad", "\xf0\x9f\x94\xa5", "\xf0\x9f\x8e\xb8",
	    "\xf0\x9f\x92\xab", "\xf0\x9f\xa5\xb9", "\xf0\x9f\x8e\xb6" };
	static const char *const pun[] = { "!!!", "!!", ".", "!!!!!", " ~" };
	static const char *const tag[] = { "#VelvetComets #CometsTour",
	    "#CometsTour #VelvetComets", "#velvetcomets", "#VelvetComets" };
	uint64_t	x = ((uint64_t)c * 7919 + 4099) % FAN_COMBOS;
	const char	*ef;

	ef = end[x % 10];
	x /= 10;
	buf_printf(b, "%s %s ", op[x % 10], mid[(x / 10) % 12]);
	fill(b, ef, city, NULL, NULL);
	x /= 10 * 12;
	buf_printf(b, "%s %s %s", pun[(x / 8) % 5], emo[x % 8],
	    tag[(x / 40) % 4]);
}

/* ---- The echo chorus --------------------------------------------------- */

#define ECHO_DROPS	12

/* The talking point of drop d, as handed out. */
static void
echo_point(int d, struct buf *b)
{
	static const char *const t[] = {
	    "The port deal was signed in secret and %s will pay for it for "
	    "decades. Ask your representative why.",
	    "Water prices went up again in %s while the Harbour Commission "
	    "gave itself a raise. Share this before it disappears.",
	    "People in %s are being lied to about the fuel tax. The money "
	    "goes abroad, not to our roads.",
	    "Nobody in %s voted for the border checkpoints. We deserve a "
	    "referendum now, not more excuses.",
	    "The election count in %s had more ballots than voters. Demand a "
	    "recount today and do not back down.",
	    "Grain subsidies are going to foreign firms while farmers around "
	    "%s go broke. Where is the outrage?",
	};

	fill(b, t[d % (int)nitems(t)], cities[(d / (int)nitems(t) + d) %
	    (int)nitems(cities)], NULL, NULL);
}

static int64_t
echo_time(const struct gen *g, int d)
{
	struct rng	r = { hash3(g->seed, 0x6563686f, (uint64_t)d) };

	return POSTS_START + (int64_t)(d * POSTS_DAYS / ECHO_DROPS) * DAY +
	    rng_range(&r, 14, 19) * 3600 + rng_below(&r, 3600);
}

/*
 * A member's copy of drop d: the point with a few words swapped for
 * others, an opener, an emoji or a tag, so that no two copies are the
 * same text and co-post never sees them.
 */
static void
text_echo(const struct gen *g, int64_t k, int d, struct buf *b)
{
	static const char *const swaps[][2] = {
	    { "signed", "approved" }, { "in secret", "behind closed doors" },
	    { "decades", "years" }, { "Ask", "Call" }, { "again", "once more" },
	    { "Share this", "Pass this on" }, { "lied to", "misled" },
	    { "money", "cash" }, { "deserve", "need" }, { "now,", "today," },
	    { "Demand", "Ask for" }, { "broke", "bankrupt" },
	    { "Where is", "Where's" }, { "excuses", "delays" },
	};
	static const char *const openers[] = { "", "", "", "Wake up. ",
	    "Read this: ", "Fact: ", "Again: " };
	static const char *const endings[] = { "", "", " \xf0\x9f\x98\xa1",
	    " \xe2\x80\xbc\xef\xb8\x8f", " \xf0\x9f\x91\x87",
	    " #WakeUpEstavia", " #EstaviaFirst" };
	struct rng	 r = { hash3(g->seed, (uint64_t)k, 0x65000000 +
			    (uint64_t)d) };
	struct buf	 point = BUF_INIT;
	const char	*s, *hit;
	size_t		 i, best, n;

	echo_point(d, &point);
	buf_adds(b, PICK(&r, openers));
	s = point.data != NULL ? point.data : "";
	for (;;) {
		/* The earliest swap still ahead, taken one time in three. */
		hit = NULL;
		best = 0;
		for (i = 0; i < nitems(swaps); i++) {
			const char *f = strstr(s, swaps[i][0]);

			if (f != NULL && (hit == NULL || f < hit)) {
				hit = f;
				best = i;
			}
		}
		if (hit == NULL)
			break;
		n = strlen(swaps[best][0]);
		buf_add(b, s, (size_t)(hit - s));
		buf_adds(b, rng_permille(&r, 330) ? swaps[best][1] :
		    swaps[best][0]);
		s = hit + n;
	}
	buf_adds(b, s);
	buf_adds(b, PICK(&r, endings));
	buf_free(&point);
}

/* ---- Posts ------------------------------------------------------------- */

static void
post_put(struct gen *g, const struct persona *p, int seq, int64_t t,
    const char *text, const char *urls, const char *tags,
    const char *reply_to, const char *repost_of)
{
	struct post_rec	rec;
	char		id[48], when[21];

	if (g->failed || seq >= MAX_SEQ)
		return;
	post_native_id(p->platform, p->index, p->native_id, seq, id,
	    sizeof id);
	norm_time_iso(t, when);
	memset(&rec, 0, sizeof rec);
	rec.native_id = id;
	rec.posted_at = when;
	rec.text = text;
	rec.urls = urls != NULL && *urls != '\0' ? urls : NULL;
	rec.hashtags = tags != NULL && *tags != '\0' ? tags : NULL;
	rec.reply_to = reply_to;
	rec.repost_of = repost_of;
	if (ingest_post(g->in, g->account, &rec, g->cause) < 0)
		g->failed = true;
}

/* A tracking suffix that URL normalization strips. */
static void
tracking(struct rng *r, int platform, struct buf *b)
{
	switch (rng_below(r, 4)) {
	case 0:
		break;
	case 1:
		buf_printf(b, "?utm_source=%s&utm_medium=social",
		    platform_name[platform]);
		break;
	case 2:
		buf_printf(b, "?fbclid=IwAR%08x", (unsigned)rng_next(r));
		break;
	default:
		buf_printf(b, "?utm_campaign=share&utm_content=%u",
		    rng_below(r, 100000));
		break;
	}
}

/* Office hours of the night-burst operator: a weekday, 09:00 to 18:00 at
 * UTC+3. */
static int64_t
office_time(struct rng *r)
{
	int64_t	day;
	int	tries;

	for (tries = 0; tries < 16; tries++) {
		day = POSTS_START + (int64_t)rng_below(r, POSTS_DAYS) * DAY;
		if (weekday(day) != 0 && weekday(day) != 6)
			break;
	}
	return day + (int64_t)(9 - NIGHT_TZ) * 3600 +
	    rng_below(r, 9 * 3600);
}

static void
posts_ordinary(struct gen *g, const struct persona *p, struct rng *r,
    int npost)
{
	static const char *const comments[] = { "Stay safe everyone.",
	    "This is bad.", "Thoughts with everyone on the coast.",
	    "Unbelievable pictures.", "Read this.", "Wow." };
	static const char *const tagsets[] = { "weekend", "coffee",
	    "portcalder", "football", "rain", "mondaymood", "foodie",
	    "estavia" };
	static const char *const replies[] = { "great piece, thanks",
	    "this needs more attention", "I disagree, but fair point",
	    "where can I read more?", "exactly this", "so true",
	    "thanks for covering this" };
	int64_t		nstar_p = (g->size[ROLE_STAR] - p->platform + 2) /
			    NPLATFORM;
	char		id[48];
	int		seq;

	for (seq = 0; seq < npost && !g->failed; seq++) {
		unsigned	 x = rng_below(r, 1000);
		int64_t		 t = organic_time(r, p->country->tz);
		const char	*reply = NULL, *repost = NULL;

		buf_clear(&g->text);
		buf_clear(&g->urls);
		buf_clear(&g->tags);
		if (x < 180 && nstar_p > 0) {
			const struct star *s = &g->stars[p->platform +
			    NPLATFORM * (int64_t)rng_below(r,
			    (uint32_t)nstar_p)];
			int k = (int)rng_below(r, (uint32_t)s->nposts);

			post_native_id(s->platform, s->index, s->native_id, k,
			    id, sizeof id);
			if (x < 80) {
				if (p->platform == CHIRP)
					buf_printf(&g->text, "RT @%s: ",
					    s->handle);
				text_star(g, s->index, k, &g->text);
				repost = id;
			} else {
				buf_printf(&g->text, "@%s %s", s->handle,
				    PICK(r, replies));
				reply = id;
			}
		} else if (x < 210) {
			/* The big genuine story, shared in its first week. */
			int64_t		 d = rng_below(r, 7 * DAY);
			int64_t		 d2 = rng_below(r, 7 * DAY);
			const char	*cm = PICK(r, comments);

			t = epoch_of(2023, 10, 12) + 6 * 3600 +
			    (d < d2 ? d : d2);
			buf_printf(&g->text, "%s %s", cm,
			    PICK(r, hub_url_forms));
			buf_adds(&g->urls, PICK(r, hub_url_forms));
		} else if (x < 250) {
			text_ordinary(&g->text, r);
			buf_printf(&g->urls, "https://vidtok.com/v/%" PRId64,
			    (int64_t)(7300000000000000000 + p->index * 64 +
			    seq));
			buf_printf(&g->text, " %s", g->urls.data);
		} else if (x < 280) {
			/* Ordinary reading of the genuine outlets. */
			const char *site = PICK(r, real_outlets);

			buf_printf(&g->urls, "https://%s/news/%u", site,
			    20000 + rng_below(r, 9000));
			buf_printf(&g->text, "%s %s", PICK(r, comments),
			    g->urls.data);
		} else
			text_ordinary(&g->text, r);
		if (rng_permille(r, 200)) {
			const char *tg = PICK(r, tagsets);

			buf_printf(&g->text, " #%s", tg);
			buf_adds(&g->tags, tg);
		}
		post_put(g, p, seq, t, g->text.data, g->urls.data,
		    g->tags.data, reply, repost);
	}
}

static void
posts_write(struct gen *g, const struct persona *p)
{
	struct rng	 r = { hash3(g->seed, (uint64_t)p->index, 3) };
	char		 id[48];
	int		 seq = 0, npost, s, m;
	int64_t		 k = p->rank;

	switch (p->role) {
	case ROLE_NIGHT:
		npost = (int)rng_range(&r, 8, 14);
		for (seq = 0; seq < npost && !g->failed; seq++) {
			const struct leader	*l;
			const char		*repost = NULL;
			int			 j;

			buf_clear(&g->text);
			buf_clear(&g->tags);
			j = (int)rng_below(&r, NIGHT_LEADERS);
			l = &g->night[j];
			if (k >= NIGHT_LEADERS && rng_permille(&r, 250)) {
				int lk = (int)rng_below(&r, 8);

				post_native_id(CHIRP, l->index, l->native_id,
				    lk, id, sizeof id);
				buf_printf(&g->text, "RT @%s: ", l->handle);
				text_campaign(g, l->index, lk, &g->text);
				repost = id;
			} else
				text_campaign(g, p->index, seq, &g->text);
			buf_adds(&g->tags, "estaviafirst");
			post_put(g, p, seq, office_time(&r), g->text.data, NULL,
			    g->tags.data, NULL, repost);
		}
		break;
	case ROLE_VOIP:
		npost = (int)rng_range(&r, 3, 10);
		for (seq = 0; seq < npost && !g->failed; seq++) {
			buf_clear(&g->text);
			if (rng_permille(&r, 500))
				text_campaign(g, p->index, seq, &g->text);
			else
				text_ordinary(&g->text, &r);
			post_put(g, p, seq, organic_time(&r, TARGET_TZ),
			    g->text.data, NULL, NULL, NULL, NULL);
		}
		break;
	case ROLE_NEWS:
		/* The first account posts every story; the others copy it
		 * word for word seconds later, or repost it. Each copies at
		 * least one story (its own rank's) word for word. */
		for (s = 0; s < g->nstory && !g->failed; s++) {
			struct rng	 sr = { hash3(g->seed, (uint64_t)s,
					    0x6e000000 + (uint64_t)k) };
			const char	*repost = NULL;
			int64_t		 t = story_time(g, s);
			bool		 own = k % g->nstory == s;

			if (k != 0 && !own && rng_below(&sr, 1000) >=
			    (unsigned)g->story_pm)
				continue;
			buf_clear(&g->text);
			buf_clear(&g->urls);
			if (k != 0 && !own && rng_permille(&sr, 250)) {
				post_native_id(CHIRP, g->seeder.index,
				    g->seeder.native_id, s, id, sizeof id);
				buf_printf(&g->text, "RT @%s: ",
				    g->seeder.handle);
				repost = id;
			}
			text_story(s, &g->text);
			story_url(s, &g->urls);
			tracking(&sr, CHIRP, &g->urls);
			if (k != 0)
				t += 1 + rng_below(&sr, 50);
			post_put(g, p, k == 0 ? s : seq, t, g->text.data,
			    g->urls.data, NULL, NULL, repost);
			seq++;
		}
		if (k == 0)
			seq = g->nstory;
		npost = (int)rng_range(&r, 2, 4);
		for (m = 0; m < npost && !g->failed; m++, seq++) {
			buf_clear(&g->text);
			text_campaign(g, p->index, seq, &g->text);
			post_put(g, p, seq, organic_time(&r, TARGET_TZ),
			    g->text.data, NULL, NULL, NULL, NULL);
		}
		break;
	case ROLE_PAGE: {
		int	farm = (int)(k % (int64_t)nitems(content_farms));

		/* Pages cross-post the same meme within ten minutes. */
		for (m = 0; m < g->nmeme && !g->failed; m++) {
			struct rng	sr = { hash3(g->seed, (uint64_t)m,
					    0x70000000 + (uint64_t)k) };

			if (rng_below(&sr, 1000) >= (unsigned)g->meme_pm &&
			    k % g->nmeme != m && (k + 1) % g->nmeme != m)
				continue;
			buf_clear(&g->text);
			buf_clear(&g->urls);
			text_meme(m, &g->text);
			buf_printf(&g->urls, "https://%s/m/%d",
			    content_farms[farm], 900 + m);
			tracking(&sr, FACEGRAM, &g->urls);
			buf_printf(&g->text, " https://%s/m/%d",
			    content_farms[farm], 900 + m);
			post_put(g, p, seq++, meme_time(g, m) +
			    rng_below(&sr, 600), g->text.data, g->urls.data,
			    "estavia", NULL, NULL);
		}
		npost = (int)rng_range(&r, 2, 4);
		for (m = 0; m < npost && !g->failed; m++) {
			buf_clear(&g->text);
			buf_printf(&g->text, "Good morning, %s! ",
			    PICK(&r, cities));
			text_ordinary(&g->text, &r);
			post_put(g, p, seq++, organic_time(&r, TARGET_TZ),
			    g->text.data, NULL, NULL, NULL, NULL);
		}
		break;
	}
	case ROLE_FAN:
		/* Six shows; fans post during and after them, alike but in
		 * their own words. */
		npost = (int)rng_range(&r, 4, 8);
		for (seq = 0; seq < npost && !g->failed; seq++) {
			int		 e = (int)rng_below(&r, 6);
			const char	*city = cities[e % (int)nitems(cities)];
			int64_t		 t;
			char		 tg[96], sq[48];

			if (rng_permille(&r, 750)) {
				/* Most write during the show's first hour. */
				uint32_t u1 = rng_below(&r, 3 * 3600);
				uint32_t u2 = rng_below(&r, 3 * 3600);

				t = POSTS_START + (int64_t)(10 + e * 14) * DAY +
				    (21 - TARGET_TZ) * 3600 +
				    (u1 < u2 ? u1 : u2);
			} else
				t = organic_time(&r, p->country->tz);
			buf_clear(&g->text);
			text_fan(k * 8 + seq, city, &g->text);
			squash(sq, sizeof sq, city);
			snprintf(tg, sizeof tg, "velvetcomets cometstour "
			    "comets%s", sq);
			post_put(g, p, seq, t, g->text.data, NULL, tg, NULL,
			    NULL);
		}
		break;
	case ROLE_ECHO:
		/* Each drop reaches most members, who post their copy within
		 * the hour; the rest is ordinary chatter. */
		for (s = 0; s < ECHO_DROPS && !g->failed; s++) {
			struct rng	sr = { hash3(g->seed, (uint64_t)s,
					    0x65630000 + (uint64_t)k) };

			if (k % ECHO_DROPS != s && !rng_permille(&sr, 600))
				continue;
			buf_clear(&g->text);
			text_echo(g, k, s, &g->text);
			post_put(g, p, seq++, echo_time(g, s) + 120 +
			    rng_below(&sr, 3000), g->text.data, NULL, NULL,
			    NULL, NULL);
		}
		posts_ordinary(g, p, &r, (int)rng_range(&r, 2, 5));
		break;
	case ROLE_STAR:
		npost = g->stars[k].nposts;
		for (seq = 0; seq < npost && !g->failed; seq++) {
			buf_clear(&g->text);
			text_star(g, p->index, seq, &g->text);
			post_put(g, p, seq, organic_time(&r, TARGET_TZ),
			    g->text.data, NULL, NULL, NULL, NULL);
		}
		break;
	case ROLE_ADMIN:
		posts_ordinary(g, p, &r, (int)rng_range(&r, 2, 6));
		break;
	default:
		if (rng_permille(&r, 560))
			npost = 0;
		else
			for (npost = 1; npost < 30 && rng_permille(&r, 500);
			    npost++)
				;
		posts_ordinary(g, p, &r, npost);
		break;
	}
}

/* ---- The whole case ---------------------------------------------------- */

static void
leader_fill(const struct gen *g, int64_t i, struct leader *l)
{
	struct persona	p;

	persona_make(g, i, &p);
	l->index = i;
	snprintf(l->handle, sizeof l->handle, "%s", p.handle);
	snprintf(l->native_id, sizeof l->native_id, "%s", p.native_id);
	snprintf(l->display, sizeof l->display, "%s", p.display);
}

/* Find the accounts others refer to: stars, night-burst leaders, the
 * spoofed-news seeder and the page admins. One pass over the
 * permutation. */
static void
specials_find(struct gen *g)
{
	enum role	role;
	int64_t		i, rank;

	g->stars = xcalloc((size_t)g->size[ROLE_STAR], sizeof *g->stars);
	g->admins = xcalloc((size_t)g->size[ROLE_ADMIN], sizeof *g->admins);
	for (i = 0; i < g->n; i++) {
		role_of(g, i, &role, &rank);
		switch (role) {
		case ROLE_STAR: {
			struct persona	 p;
			struct star	*s = &g->stars[rank];

			persona_make(g, i, &p);
			s->index = i;
			s->platform = p.platform;
			s->nposts = 24;
			snprintf(s->handle, sizeof s->handle, "%s", p.handle);
			snprintf(s->native_id, sizeof s->native_id, "%s",
			    p.native_id);
			break;
		}
		case ROLE_NIGHT:
			if (rank < NIGHT_LEADERS)
				leader_fill(g, i, &g->night[rank]);
			break;
		case ROLE_NEWS:
			if (rank == 0)
				leader_fill(g, i, &g->seeder);
			break;
		case ROLE_ADMIN:
			leader_fill(g, i, &g->admins[rank]);
			break;
		default:
			break;
		}
	}
}

static void
account_write(struct gen *g, int64_t i)
{
	struct persona		p;
	struct account_rec	rec = ACCOUNT_REC_INIT;
	char			created[21];

	persona_make(g, i, &p);
	norm_time_iso(p.created, created);
	rec.platform = platform_name[p.platform];
	rec.native_id = p.native_id;
	rec.handle = p.handle;
	rec.display_name = p.display;
	rec.bio = p.bio[0] != '\0' ? p.bio : NULL;
	rec.url = p.url[0] != '\0' ? p.url : NULL;
	rec.created_at = created;
	rec.country = p.country->code;
	rec.language = p.country->language;
	rec.status = p.status;
	rec.followers = p.followers;
	rec.following = p.following;
	rec.posts = p.posts;
	if ((g->account = ingest_account(g->in, &rec, g->cause)) < 0) {
		g->failed = true;
		return;
	}
	if (role_truth[p.role] != NULL &&
	    ingest_truth(g->in, g->account, role_truth[p.role],
	    g->cause) != 0) {
		g->failed = true;
		return;
	}
	attrs_write(g, &p);
	phash_write(g, &p);
	posts_write(g, &p);
}

static int
info_write(struct gen *g, struct case_db *c)
{
	char	v[32];

	snprintf(v, sizeof v, "%d", DEMO_VERSION);
	if (case_info_set(c, "demo_version", v, g->cause) != 0)
		return -1;
	snprintf(v, sizeof v, "%" PRIu64, g->seed);
	if (case_info_set(c, "demo_seed", v, g->cause) != 0)
		return -1;
	snprintf(v, sizeof v, "%" PRId64, g->n);
	if (case_info_set(c, "demo_accounts", v, g->cause) != 0)
		return -1;
	return case_info_set(c, "description", "Demo case: an invented "
	    "world with five planted influence networks (" DEMO_NET_NIGHT
	    ", " DEMO_NET_VOIP ", " DEMO_NET_NEWS ", " DEMO_NET_PAGES
	    ", " DEMO_NET_ECHO ") and a decoy fan community. All names are"
	    " invented.",
	    g->cause);
}

/* ---- The recorded investigation ---------------------------------------- */

/*
 * How an analyst took down the voip-farm: from one tipped account, a
 * pivot on its phone number, then on the avatars of what that found, then
 * on the /24 address blocks (ignoring blocks shared more widely than an
 * operator's proxies), and a tag of the last result. Each pivot is a real
 * query run on the case, written to the audit trail as the pivot command
 * writes it, at fixed invented times so the case stays a pure function
 * of its options.
 */
static const struct demo_pivot {
	const char	*kind;
	const char	*max_share;
	const char	*at;
} demo_pivots[] = {
	{ "phone", "50", "2023-11-20T09:02:00Z" },
	{ "avatar_hash", "50", "2023-11-20T09:07:00Z" },
	{ "ip24", "45", "2023-11-20T09:15:00Z" },
};

static struct query *
demo_pivot_query(const struct demo_pivot *p)
{
	struct query	*q = query_new();

	q->name = xstrdup("pivot");
	q->from = QUERY_FROM_SELECTION;
	q->pivot = xcalloc(1, sizeof *q->pivot);
	q->pivot->kinds = xcalloc(1, sizeof *q->pivot->kinds);
	q->pivot->kinds[0] = xstrdup(p->kind);
	q->pivot->nkinds = 1;
	q->pivot->hops = xstrdup("1");
	q->pivot->max_share = xstrdup(p->max_share);
	return q;
}

/* Run one pivot from seeds, audit it, and (when advance) replace seeds
 * by its result. */
static int
demo_pivot_run(struct case_db *c, const struct demo_pivot *p,
    int64_t **seeds, size_t *nseeds, bool advance, char **cause)
{
	struct query		*q = demo_pivot_query(p);
	struct query_args	 a;
	struct query_result	*r;
	sqlite3_stmt		*st;
	int64_t			*ids;
	size_t			 n = 0;
	char			*sql, *detail;
	int			 rc;

	memset(&a, 0, sizeof a);
	a.seeds = *seeds;
	a.nseeds = *nseeds;
	rc = query_run(c, q, &a, &r, cause);
	query_free(q);
	if (rc != 0)
		return -1;
	ids = xcalloc((size_t)r->count + 1, sizeof *ids);
	sql = xasprintf("SELECT account_id FROM %s ORDER BY ord", r->table);
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW &&
		    n < (size_t)r->count)
			ids[n++] = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	free(sql);
	detail = xasprintf("{\"query\":%s,\"count\":%" PRId64 "}",
	    r->canonical, r->count);
	rc = audit_append_as(c, p->at, DEMO_ANALYST, "pivot", "pivot", detail,
	    cause);
	free(detail);
	query_result_free(c, r);
	if (rc != 0) {
		free(ids);
		return -1;
	}
	if (!advance) {
		free(ids);
		return 0;
	}
	free(*seeds);
	*seeds = ids;
	*nseeds = n;
	return 0;
}

static int
demo_record(struct case_db *c, char **cause)
{
	struct network_info	 ni;
	struct query_args	 a;
	struct query		*q;
	sqlite3_stmt		*st;
	int64_t			*seeds;
	size_t			 nseeds = 0, i;
	char			*tip = NULL;
	int			 rc;

	seeds = xcalloc(1, sizeof *seeds);
	if (sqlite3_prepare_v2(c->db, "SELECT a.id, a.platform || ':' ||"
	    " a.native_id FROM planted p JOIN accounts a ON a.id ="
	    " p.account_id WHERE p.network = ?1 ORDER BY a.id LIMIT 1", -1,
	    &st, NULL) != SQLITE_OK) {
		free(seeds);
		return case_error(c, cause, "recording the demo investigation");
	}
	sqlite3_bind_text(st, 1, DEMO_NET_VOIP, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		seeds[0] = sqlite3_column_int64(st, 0);
		tip = xstrdup((const char *)sqlite3_column_text(st, 1));
		nseeds = 1;
	}
	sqlite3_finalize(st);
	if (nseeds == 0) {
		free(seeds);
		return set_cause(cause, "the demo case has no %s to record",
		    DEMO_NET_VOIP);
	}
	if (case_begin(c, cause) != 0)
		goto fail;
	if (case_info_set(c, "demo_tip", tip, cause) != 0) {
		case_rollback(c);
		goto fail;
	}
	/* The last pivot's seeds stay: the tag runs it again from them. */
	for (i = 0; i < nitems(demo_pivots); i++) {
		if (demo_pivot_run(c, &demo_pivots[i], &seeds, &nseeds,
		    i + 1 < nitems(demo_pivots), cause) != 0) {
			case_rollback(c);
			goto fail;
		}
	}
	i = nitems(demo_pivots) - 1;
	if (case_commit(c, cause) != 0)
		goto fail;
	memset(&ni, 0, sizeof ni);
	ni.name = DEMO_TAGGED;
	ni.label = "cib";
	ni.origin = "XE";
	ni.target = "GB";
	ni.ttps = "T0145.001, 0.3.2";
	ni.notes = "Accounts on recycled VOIP numbers from one range, reusing "
	    "stock photos as avatars and a handful of /24 proxy blocks.";
	ni.at = "2023-11-20T09:31:00Z";
	ni.actor = DEMO_ANALYST;
	q = demo_pivot_query(&demo_pivots[i]);
	memset(&a, 0, sizeof a);
	a.seeds = seeds;
	a.nseeds = nseeds;
	rc = network_tag_query(c, &ni, q, &a, "pivot", NULL, cause);
	query_free(q);
	free(seeds);
	free(tip);
	return rc;
fail:
	free(seeds);
	free(tip);
	return -1;
}

int
demo_generate(struct case_db *c, const struct demo_opts *o, char **cause)
{
	struct gen	 g;
	int64_t		 i;
	int		 rc = -1;

	if (o->accounts < DEMO_MIN_ACCOUNTS || o->accounts > DEMO_MAX_ACCOUNTS)
		return set_cause(cause, "a demo case holds %d to %d accounts, "
		    "not %" PRId64, DEMO_MIN_ACCOUNTS, DEMO_MAX_ACCOUNTS,
		    o->accounts);
	memset(&g, 0, sizeof g);
	g.n = o->accounts;
	g.seed = o->seed;
	g.cause = cause;
	perm_init(&g);
	sizes_init(&g);
	specials_find(&g);

	if ((g.in = ingest_begin(c, "demo", cause)) == NULL)
		goto out;
	if (info_write(&g, c) != 0) {
		ingest_abort(g.in);
		goto out;
	}
	for (i = 0; i < g.n; i++) {
		account_write(&g, i);
		if (g.failed) {
			ingest_abort(g.in);
			goto out;
		}
		if (o->progress != NULL && (i + 1) % 4096 == 0 && i + 1 < g.n)
			o->progress(o->arg, i + 1, g.n);
	}
	/* The last call comes before the commit, which builds indexes. */
	if (o->progress != NULL)
		o->progress(o->arg, g.n, g.n);
	if (ingest_commit(g.in, cause) != 0)
		goto out;
	if (demo_record(c, cause) != 0)
		goto out;
	rc = 0;
out:
	buf_free(&g.text);
	buf_free(&g.urls);
	buf_free(&g.tags);
	free(g.stars);
	free(g.admins);
	return rc;
}

/* mkdir -p, for the demo's data directory. */
static int
make_dirs(const char *path, char **cause)
{
	char	*p = xstrdup(path), *s;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		if (s[-1] != '/') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0755) != 0 && errno != EEXIST) {
				set_cause(cause, "%s: %s", p, strerror(errno));
				free(p);
				return -1;
			}
			*s = c;
		}
		if (*s == '\0')
			break;
	}
	free(p);
	return 0;
}

char *
demo_default_path(char **cause)
{
	const char	*xdg = getenv("XDG_DATA_HOME"), *home;
	char		*dir, *path;

	if (xdg != NULL && *xdg == '/')
		dir = xasprintf("%s/cibscope", xdg);
	else if ((home = getenv("HOME")) != NULL && *home != '\0')
		dir = xasprintf("%s/.local/share/cibscope", home);
	else {
		set_cause(cause, "cannot tell where to keep the demo case: "
		    "neither XDG_DATA_HOME nor HOME is set");
		return NULL;
	}
	if (make_dirs(dir, cause) != 0) {
		free(dir);
		return NULL;
	}
	path = xasprintf("%s/demo.db", dir);
	free(dir);
	return path;
}
