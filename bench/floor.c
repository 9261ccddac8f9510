/*
 * floor.c: the floor for network detection. The least work that finds the
 * same components: one streamed scan per kind over the attributes primary
 * key, union-find over an array indexed by account id, values shared by
 * more than max_share accounts skipped as hubs, components of at least
 * min_size counted. No evidence, no member text, no ranking.
 *
 *	floor CASE.db [KIND]...
 *
 * With no kinds, detection's defaults. Prints: seconds, rows scanned,
 * networks (components of 3 or more), accounts in them.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#define MAX_SHARE	50
#define MIN_SIZE	3

static const char *const default_kinds[] = {
	"phone", "email", "ip", "device", "avatar_hash", "payment",
	"page_admin", "url",
};

static uint32_t	*parent;

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint32_t
find(uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static void
join(uint32_t a, uint32_t b)
{
	a = find(a);
	b = find(b);
	if (a != b)
		parent[a < b ? b : a] = a < b ? a : b;
}

static void
flush(const uint32_t *ids, size_t n)
{
	if (n < 2 || n > MAX_SHARE)
		return;
	for (size_t i = 1; i < n; i++)
		join(ids[0], ids[i]);
}

int
main(int argc, char **argv)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	const char	*const *kinds = default_kinds;
	size_t		 nkinds = sizeof default_kinds / sizeof *default_kinds;
	uint32_t	 ids[MAX_SHARE + 1], *size;
	char		*cur = NULL;
	size_t		 n = 0, curlen = 0, curcap = 0;
	int64_t		 maxid = 0, rows = 0, nets = 0, members = 0;
	double		 t0, t1;

	if (argc < 2) {
		fprintf(stderr, "usage: floor CASE.db [KIND]...\n");
		return 2;
	}
	if (argc > 2) {
		kinds = (const char *const *)argv + 2;
		nkinds = (size_t)argc - 2;
	}
	t0 = now();
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "floor: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "SELECT max(id) FROM accounts", -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		maxid = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	parent = malloc(((size_t)maxid + 1) * sizeof *parent);
	size = calloc((size_t)maxid + 1, sizeof *size);
	if (parent == NULL || size == NULL)
		return 1;
	for (int64_t i = 0; i <= maxid; i++)
		parent[i] = (uint32_t)i;

	if (sqlite3_prepare_v2(db, "SELECT value, account_id FROM attributes"
	    " WHERE kind = ?1 ORDER BY kind, value, account_id", -1, &st,
	    NULL) != SQLITE_OK) {
		fprintf(stderr, "floor: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	for (size_t k = 0; k < nkinds; k++) {
		sqlite3_bind_text(st, 1, kinds[k], -1, SQLITE_STATIC);
		n = 0;
		curlen = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			const void	*v = sqlite3_column_blob(st, 0);
			size_t		 len = (size_t)sqlite3_column_bytes(st, 0);
			int64_t		 id = sqlite3_column_int64(st, 1);

			rows++;
			if (n == 0 || len != curlen || memcmp(v, cur, len) != 0) {
				flush(ids, n);
				if (len > curcap) {
					curcap = len * 2;
					cur = realloc(cur, curcap);
				}
				memcpy(cur, v, len);
				curlen = len;
				n = 0;
			}
			if (id < 0 || id > maxid)
				continue;
			if (n <= MAX_SHARE)
				ids[n] = (uint32_t)id;
			n++;
		}
		flush(ids, n);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	for (int64_t i = 1; i <= maxid; i++)
		size[find((uint32_t)i)]++;
	for (int64_t i = 1; i <= maxid; i++) {
		if (size[i] >= MIN_SIZE) {
			nets++;
			members += size[i];
		}
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	t1 = now();
	printf("seconds=%.6f rows=%lld networks=%lld members=%lld\n", t1 - t0,
	    (long long)rows, (long long)nets, (long long)members);
	free(cur);
	free(parent);
	free(size);
	return 0;
}
