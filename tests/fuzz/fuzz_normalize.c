/*
 * fuzz_normalize.c: every normalizer of normalize.h on arbitrary text.
 * Promises: the value fits its buffer, and normalizing a normalized value
 * again gives it back unchanged (a stored value is its own canonical
 * form, or two accounts could fail to link on the same value).
 *
 * Input: a byte choosing the normalizer, then the text (up to a NUL).
 */
#include "config.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "normalize.h"

typedef bool	(*norm_fn)(const char *, char *, size_t);

static bool
ip_only(const char *raw, char *out, size_t outsz)
{
	char	block[NORM_MAX];

	return norm_ip(raw, out, outsz, block, sizeof block);
}

static bool
ip_block(const char *raw, char *out, size_t outsz)
{
	char	ip[NORM_MAX];

	return norm_ip(raw, ip, sizeof ip, out, outsz);
}

static const struct {
	const char	*name;
	norm_fn		 fn;
	bool		 stable;	/* f(f(x)) == f(x) */
} norms[] = {
	{ "phone", norm_phone, true },
	{ "email", norm_email, true },
	{ "url", norm_url, true },
	{ "domain", norm_domain, true },
	{ "ip", ip_only, true },
	{ "ip-block", ip_block, false },
	{ "handle", norm_handle, true },
	{ "handle_template", norm_handle_template, false },
	{ "token", norm_token, true },
	{ "text", norm_text, true },
};

/* Kinds for norm_value(), the last unknown. */
static const char *const kinds[] = {
	"phone", "email", "email_domain", "url", "domain", "ip", "ip24",
	"ip48", "handle", "handle_template", "avatar_hash", "device",
	"user_agent", "created_day", "location",
};

static void
check_len(const char *what, const char *raw, const char *out)
{
	if (memchr(out, '\0', NORM_MAX) == NULL)
		fuzz_fail("%s(\"%s\"): value overran NORM_MAX", what, raw);
	if (out[0] == '\0')
		fuzz_fail("%s(\"%s\"): true with an empty value", what, raw);
}

static void
check_norm(size_t i, const char *raw)
{
	char	out[NORM_MAX], again[NORM_MAX], dom[NORM_MAX];

	if (!norms[i].fn(raw, out, sizeof out))
		return;
	check_len(norms[i].name, raw, out);
	if (norm_is_sentinel(out))
		fuzz_fail("%s(\"%s\") gave the sentinel \"%s\"", norms[i].name,
		    raw, out);
	if (norms[i].fn == norm_email && !norm_email_domain(out, dom,
	    sizeof dom))
		fuzz_fail("e-mail \"%s\" has no domain", out);
	if (!norms[i].stable)
		return;
	if (!norms[i].fn(out, again, sizeof again))
		fuzz_fail("%s(\"%s\") = \"%s\", which it refuses",
		    norms[i].name, raw, out);
	if (strcmp(out, again) != 0)
		fuzz_fail("%s(\"%s\") = \"%s\", then \"%s\"", norms[i].name,
		    raw, out, again);
}

static void
check_time(const char *raw)
{
	int64_t	epoch, again;
	char	iso[21], iso2[21], day[11];

	if (!norm_time(raw, &epoch))
		return;
	norm_time_iso(epoch, iso);
	norm_time_day(epoch, day);
	if (strlen(iso) != 20 || strlen(day) != 10 ||
	    memcmp(iso, day, 10) != 0)
		fuzz_fail("time \"%s\": iso \"%s\", day \"%s\"", raw, iso,
		    day);
	if (!norm_time(iso, &again))
		fuzz_fail("time \"%s\" written as \"%s\", which norm_time "
		    "refuses", raw, iso);
	norm_time_iso(again, iso2);
	if (strcmp(iso, iso2) != 0)
		fuzz_fail("time \"%s\": \"%s\" then \"%s\"", raw, iso, iso2);
}

void
fuzz_normalize(const uint8_t *data, size_t size)
{
	struct fuzz_in	 in = { data, size };
	size_t		 sel = fuzz_byte(&in), i;
	char		*raw, out[NORM_MAX];

	raw = xstrndup((const char *)in.p, in.n);
	norm_is_sentinel(raw);
	norm_text_hash(raw);
	check_time(raw);
	if (sel < nitems(norms))
		check_norm(sel, raw);
	else
		for (i = 0; i < nitems(norms); i++)
			check_norm(i, raw);
	if (norm_value(kinds[sel % nitems(kinds)], raw, out, sizeof out))
		check_len(kinds[sel % nitems(kinds)], raw, out);
	free(raw);
}
