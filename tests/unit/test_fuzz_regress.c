/*
 * test_fuzz_regress.c: every input a fuzz harness ever crashed on, and
 * every seed of its corpus, replayed through the same harness function in
 * a plain build, so a fixed bug stays fixed without clang or libFuzzer.
 * Inputs live in tests/fuzz/regress/NAME/ and tests/fuzz/corpus/NAME/;
 * a harness aborts when a promise breaks, which fails its test here.
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "util.h"
#include "testutil.h"

/* Replay each regular file of tests/fuzz/DIR/NAME; returns how many. */
static size_t
replay_dir(const char *dir, const char *name,
    void (*fn)(const uint8_t *, size_t))
{
	char		*rel, *path, *file, *data;
	struct dirent	*de;
	DIR		*d;
	size_t		 len, n = 0;

	rel = xasprintf("tests/fuzz/%s/%s", dir, name);
	path = tu_src(rel);
	free(rel);
	if ((d = opendir(path)) == NULL) {
		free(path);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		file = xasprintf("%s/%s", path, de->d_name);
		if ((data = tu_slurp(file, &len)) != NULL) {
			fn((const uint8_t *)data, len);
			n++;
		}
		free(data);
		free(file);
	}
	closedir(d);
	free(path);
	return n;
}

static void
replay(const char *name, void (*fn)(const uint8_t *, size_t))
{
	setenv("TMPDIR", tu_tmpdir(), 1);
	replay_dir("regress", name, fn);
	ck_assert_msg(replay_dir("corpus", name, fn) > 0,
	    "tests/fuzz/corpus/%s holds no seeds", name);
}

#define HARNESS(n)							\
START_TEST(fuzz_##n##_survives_its_crashers_and_seeds)		\
{									\
	replay(#n, fuzz_##n);						\
}									\
END_TEST
FUZZ_HARNESSES
#undef HARNESS

Suite *
test_suite(void)
{
	Suite	*s = suite_create("fuzz_regress");
	TCase	*tc = tcase_create("replay");

#define HARNESS(n) tcase_add_test(tc, fuzz_##n##_survives_its_crashers_and_seeds);
	FUZZ_HARNESSES
#undef HARNESS
	suite_add_tcase(s, tc);
	return s;
}
