/*
 * normalize.h: the canonical form of every signal, computed once at import.
 *
 * Two accounts are linked when they share a normalized value, so these
 * functions decide what "the same phone", "the same e-mail" or "the same
 * URL" means. Each writes a NUL-terminated value into out (outsz bytes,
 * NORM_MAX is always enough) and returns true, or returns false when the
 * input is empty, a sentinel ("NA", "null", "None", "[]", "0", "-", ...)
 * or cannot be read as that kind: such values are never stored, so two
 * accounts never share "nothing".
 *
 * All functions are pure, locale-independent and thread-safe.
 */
#ifndef CIB_NORMALIZE_H
#define CIB_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NORM_MAX 1100

/* True when s (after trimming) is empty or a sentinel meaning "no value". */
bool	norm_is_sentinel(const char *s);

/* Phone: digits only with the country code, E.164 without '+'
 * ("+7 (912) 345-67-89" -> "79123456789"; "00 44 20..." -> "4420...").
 * Numbers without a country code are kept as their digits. */
bool	norm_phone(const char *raw, char *out, size_t outsz);

/* E-mail: lowercased, trimmed; for providers that ignore them, dots in the
 * local part and "+tag" suffixes are removed, and provider aliases folded
 * (googlemail.com -> gmail.com). */
bool	norm_email(const char *raw, char *out, size_t outsz);
/* The domain of a normalized e-mail. */
bool	norm_email_domain(const char *email, char *out, size_t outsz);

/* URL: scheme and host lowercased, "www." kept off, default ports, a
 * trailing "/" on an empty path, the fragment and tracking parameters
 * (utm_*, fbclid, gclid, igshid, si, ...) removed; refangs hxxp and [.].
 * A bare "example.com/x" gets "http://". */
bool	norm_url(const char *raw, char *out, size_t outsz);

/* Domain of a URL or a bare host name: lowercased, refanged, "www."
 * dropped, trailing dot dropped, port dropped. */
bool	norm_domain(const char *raw, char *out, size_t outsz);

/* IP: canonical IPv4 dotted quad or RFC 5952 IPv6. block receives the
 * /24 ("203.0.113.0/24") or /48 ("2001:db8:1::/48") it belongs to. */
bool	norm_ip(const char *raw, char *out, size_t outsz,
	    char *block, size_t blocksz);

/* Handle: lowercased, a leading '@' dropped. */
bool	norm_handle(const char *raw, char *out, size_t outsz);
/* Handle template: the normalized handle with each run of digits replaced
 * by "#" ("anna_petrova1987" -> "anna_petrova#"). False when the handle has
 * no digits (a template of one is not a signal). */
bool	norm_handle_template(const char *handle, char *out, size_t outsz);
/* Handle family: the consonant skeleton of the normalized handle, for
 * handles made from one name with small edits ("harbour.truth7",
 * "harbor_truthh" -> "hrbrtrth"). Digits, '#', '.', '_' and '-' are
 * dropped, and so are vowels (a e i o u y) after the first character;
 * a run of one letter becomes one. False when fewer than
 * NORM_FAMILY_MIN characters remain (short skeletons say nothing). */
#define NORM_FAMILY_MIN	6
bool	norm_handle_family(const char *handle, char *out, size_t outsz);
/* A 64-bit perceptual hash (avatar_phash and the other *_phash and
 * *_dhash kinds): 16 lowercase hex digits (hamming.h reads it). */
bool	norm_phash(const char *raw, char *out, size_t outsz);
/* Kinds that hold such hashes: avatar_phash, or any name ending in
 * _phash or _dhash. */
bool	norm_kind_is_phash(const char *kind);

/* Hashes (avatar_hash, device ids): trimmed, lowercased. */
bool	norm_token(const char *raw, char *out, size_t outsz);

/* Free text values (user_agent, page_admin, payment, generic kinds):
 * trimmed, internal white space collapsed to one space. */
bool	norm_text(const char *raw, char *out, size_t outsz);

/* Dispatch on a kind name: phone, email, url, domain, ip, handle,
 * avatar_hash, device, ... Unknown kinds use norm_text. */
bool	norm_value(const char *kind, const char *raw, char *out, size_t outsz);

/* Time: reads ISO 8601 ("2019-03-01", "2019-03-01 12:00:00",
 * "2019-03-01T12:00:00Z", with +hh:mm offsets), Unix seconds (and
 * milliseconds when > 10^11), and Twitter's "Wed Oct 10 20:19:24 +0000
 * 2018". Returns true with *epoch in UTC seconds. */
bool	norm_time(const char *raw, int64_t *epoch);
/* norm_time() also reads RFC 2822 ("Wed, 10 Oct 2018 20:19:24 +0000") and
 * the basic ISO date "20190301"; an all-digit value of fewer than 9
 * digits (a year, a count) is not a time. */
/* Format epoch seconds as "YYYY-MM-DDTHH:MM:SSZ" (out: 21 bytes). */
void	norm_time_iso(int64_t epoch, char out[21]);
/* The UTC day "YYYY-MM-DD" of epoch seconds (out: 11 bytes). */
void	norm_time_day(int64_t epoch, char out[11]);

/* Post text for co-post matching: lowercased (ASCII), URLs removed, white
 * space collapsed, trimmed. Returns the 64-bit FNV-1a hash of that form,
 * or 0 when nothing remains. */
uint64_t norm_text_hash(const char *text);

#endif
