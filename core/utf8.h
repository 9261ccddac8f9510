/*
 * utf8.h: validate and repair UTF-8.
 *
 * Everything stored in a case is valid UTF-8: readers pass raw bytes
 * through utf8_repair(), which replaces each invalid sequence (bad lead
 * byte, truncated sequence, overlong form, surrogate, > U+10FFFF) with
 * U+FFFD, and counts the replacements.
 */
#ifndef CIB_UTF8_H
#define CIB_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

/* True when s[0..len) is valid UTF-8 (NULs allowed). */
bool	utf8_valid(const char *s, size_t len);

/* Append s[0..len) to out with invalid sequences replaced by U+FFFD.
 * Returns the number of replacements. */
size_t	utf8_repair(const char *s, size_t len, struct buf *out);

/* Decode one code point from s (at most len bytes). Returns the number of
 * bytes used (>= 1) and stores the code point, or U+FFFD for an invalid
 * sequence (consuming 1 byte). len must be > 0. */
size_t	utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp into out (4 bytes room); returns bytes written. */
size_t	utf8_encode(uint32_t cp, char *out);

/* The longest prefix of s[0..len) that is at most max bytes and does not
 * end inside a sequence. */
size_t	utf8_cut(const char *s, size_t len, size_t max);

#endif
