/*
 * import.c: cibscope's import, timed by phase. Runs import_files() on a
 * new case exactly as `cibscope import --map` does, and splits its wall
 * time with SQLite's statement profile: reading, cleaning and staging the
 * rows; the sorted insert of the staged rows into attributes; the
 * secondary indexes; attribute_stats; the commit.
 *
 *	import CASE.db FILE.csv MAP.yaml
 *
 * CASE.db must not exist. Prints one line of key=value pairs.
 */
#define _DEFAULT_SOURCE

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "case.h"
#include "import.h"
#include "mapping.h"

struct phases {
	double	last_tick;	/* when the last rows were staged */
	double	sort_insert;
	double	index;
	double	stats;
	double	commit;
};

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
on_progress(void *arg, const struct import_progress *p)
{
	struct phases	*ph = arg;

	ph->last_tick = now();
}

static void
on_warn(void *arg, const char *msg)
{
	fprintf(stderr, "import: %s\n", msg);
}

static int
on_profile(unsigned type, void *arg, void *p, void *x)
{
	struct phases	*ph = arg;
	const char	*sql = sqlite3_sql(p);
	double		 s = (double)*(sqlite3_uint64 *)x / 1e9;

	if (sql == NULL)
		return 0;
	if (strstr(sql, "FROM temp.ingest_stage") != NULL &&
	    strncmp(sql, "INSERT", 6) == 0)
		ph->sort_insert += s;
	else if (strncmp(sql, "CREATE INDEX", 12) == 0)
		ph->index += s;
	else if (strstr(sql, "attribute_stats") != NULL)
		ph->stats += s;
	else if (strncmp(sql, "COMMIT", 6) == 0)
		ph->commit += s;
	return 0;
}

int
main(int argc, char **argv)
{
	struct import_opts	 opts;
	struct import_report	 rep;
	struct phases		 ph;
	struct rusage		 ru;
	struct case_db		*c;
	struct mapping		*map;
	const char		*files[1];
	char			*cause = NULL;
	double			 t0, t1;

	if (argc != 4) {
		fprintf(stderr, "usage: import CASE.db FILE.csv MAP.yaml\n");
		return 2;
	}
	if ((map = mapping_load(argv[3], &cause)) == NULL) {
		fprintf(stderr, "import: %s\n", cause);
		return 1;
	}
	memset(&ph, 0, sizeof ph);
	memset(&opts, 0, sizeof opts);
	opts.map = map;
	opts.on_progress = on_progress;
	opts.on_warn = on_warn;
	opts.arg = &ph;
	files[0] = argv[2];

	t0 = now();
	if ((c = case_create(argv[1], "bench", &cause)) == NULL) {
		fprintf(stderr, "import: %s\n", cause);
		return 1;
	}
	sqlite3_trace_v2(c->db, SQLITE_TRACE_PROFILE, on_profile, &ph);
	if (import_files(c, files, 1, &opts, &rep, &cause) != 0) {
		fprintf(stderr, "import: %s\n", cause);
		return 1;
	}
	t1 = now();
	rep.attributes = case_count(c, "attributes");
	case_close(c);
	mapping_free(map);
	getrusage(RUSAGE_SELF, &ru);
	printf("rows=%lld attributes=%lld accounts=%lld total=%.6f"
	    " stage=%.6f sort_insert=%.6f index=%.6f stats=%.6f"
	    " commit=%.6f maxrss_kib=%ld sqlite_heap_kib=%lld\n",
	    (long long)rep.rows,
	    (long long)rep.attributes, (long long)rep.accounts_new, t1 - t0,
	    ph.last_tick - t0, ph.sort_insert, ph.index, ph.stats, ph.commit,
	    ru.ru_maxrss, (long long)(sqlite3_memory_highwater(0) / 1024));
	return 0;
}
