/*
 * fuzz_regex.c: a pattern from a shared query file against a subject from
 * account data: compile, match, find every match, replace. Errors are
 * fine; hangs (the limits of regex.h) and crashes are findings.
 *
 * Input: a flags byte, then pattern and subject split at the first NUL
 * (the subject then splits at the next NUL into subject and replacement).
 */
#include "config.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "regex.h"
#include "utf8.h"

void
fuzz_regex(const uint8_t *data, size_t size)
{
	struct fuzz_in	 in = { data, size };
	struct regex	*re;
	struct regex_limits limits;
	const char	*pat, *subj, *repl = "<$0>", *nul;
	size_t		 plen, slen, rlen = 4, from = 0, so, eo, outlen;
	char		*cause = NULL, *out;
	uint32_t	 cp;
	int		 flags, rc;

	flags = fuzz_byte(&in) & (REGEX_CASELESS | REGEX_LITERAL);
	pat = (const char *)in.p;
	nul = memchr(pat, '\0', in.n);
	plen = nul != NULL ? (size_t)(nul - pat) : in.n;
	subj = nul != NULL ? nul + 1 : pat + plen;
	slen = in.n - plen - (nul != NULL);
	if ((nul = memchr(subj, '\0', slen)) != NULL) {
		repl = nul + 1;
		rlen = slen - (size_t)(nul - subj) - 1;
		slen = (size_t)(nul - subj);
	}

	if ((re = regex_compile_n(pat, plen, flags, &cause)) == NULL) {
		if (cause == NULL)
			fuzz_fail("regex_compile_n failed without a cause");
		free(cause);
		return;
	}
	/* The default limits, but a deadline short enough that a runaway
	 * pattern costs the fuzzer little; reaching it is not a finding. */
	limits = regex_default_limits;
	limits.seconds = 0.05;
	regex_set_limits(re, &limits);
	if (regex_match(re, subj, slen, &cause) < 0) {
		free(cause);
		cause = NULL;
	}
	while (from <= slen) {
		rc = regex_find(re, subj, slen, from, &so, &eo, &cause);
		if (rc < 0) {
			free(cause);
			cause = NULL;
			break;
		}
		if (rc == 0)
			break;
		if (so < from || eo < so || eo > slen)
			fuzz_fail("regex_find from %zu: match %zu..%zu of %zu",
			    from, so, eo, slen);
		if (eo > so)
			from = eo;
		else if (eo < slen)
			from = eo + utf8_decode(subj + eo, slen - eo, &cp);
		else
			break;
	}
	out = regex_replace(re, subj, slen, repl, rlen, &outlen, &cause);
	if (out == NULL)
		free(cause);
	else if (out[outlen] != '\0')
		fuzz_fail("regex_replace: output not NUL-terminated");
	free(out);
	regex_free(re);
}
