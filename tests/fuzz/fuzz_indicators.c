/*
 * fuzz_indicators.c: a published indicator list from somewhere on the
 * internet. Each line goes through the refanger and the classifier, then
 * the whole file through indicators_import().
 */
#include "config.h"
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "indicators.h"

/* The imports commit (with an audit row each): start a new case now and
 * then so it does not grow without end. */
#define CASE_RUNS	4096

static struct case_db	*ind_case;
static unsigned		 ind_runs;

static struct case_db *
indicator_case(void)
{
	char	*path, *cause = NULL;

	if (ind_case != NULL && ind_runs++ < CASE_RUNS)
		return ind_case;
	path = fuzz_path("indicators.db");
	if (ind_case != NULL) {
		case_close(ind_case);
		remove(path);
	}
	if ((ind_case = case_create(path, "fuzz", &cause)) == NULL)
		fuzz_fail("case_create: %s", cause);
	if (case_exec(ind_case, "PRAGMA synchronous=OFF", &cause) != 0)
		fuzz_fail("%s", cause);
	free(path);
	ind_runs = 0;
	return ind_case;
}

static void
check_value(const char *raw)
{
	struct indicator_value	 v;
	struct buf		 b = BUF_INIT;

	indicators_refang(raw, &b);
	if (b.data != NULL && strlen(b.data) > strlen(raw))
		fuzz_fail("refanging \"%s\" made it longer", raw);
	buf_free(&b);
	memset(&v, 0x55, sizeof v);
	if (indicator_classify(raw, &v) != 0)
		return;
	if ((unsigned)v.kind >= IND_NKINDS ||
	    memchr(v.value, '\0', sizeof v.value) == NULL ||
	    memchr(v.handle, '\0', sizeof v.handle) == NULL)
		fuzz_fail("indicator_classify(\"%s\"): bad kind or value",
		    raw);
	if (indicator_kind_name(v.kind) == NULL)
		fuzz_fail("kind %d has no name", (int)v.kind);
}

static void
warned(void *arg, const char *msg)
{
	if (msg == NULL)
		fuzz_fail("indicators warned with a NULL message");
}

void
fuzz_indicators(const uint8_t *data, size_t size)
{
	struct indicators_stats	 st;
	struct case_db		*c;
	char			*text, *line, *end, *path, *cause = NULL;

	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = text; line != NULL; line = end) {
		if ((end = strchr(line, '\n')) != NULL)
			*end++ = '\0';
		check_value(line);
	}
	free(text);

	c = indicator_case();
	path = fuzz_path("list.csv");
	fuzz_write(path, data, size);
	memset(&st, 0, sizeof st);
	if (indicators_import(c, path, "fuzz", warned, NULL, &st,
	    &cause) != 0) {
		if (cause == NULL)
			fuzz_fail("indicators_import failed without a cause");
		free(cause);
	}
	if (case_exec(c, "DELETE FROM indicators", &cause) != 0)
		fuzz_fail("%s", cause);
	free(path);
}
