/*
 * loader.c: the import ceiling. A minimal loader that puts the rows of a
 * long attribute CSV (platform,native_id,kind,value) into a case with
 * prepared statements in one transaction, with no normalization, no
 * derived kinds and no checks beyond what the schema enforces. Whatever
 * cibscope spends beyond this is the price of its cleaning.
 *
 *	loader [--sorted] CASE.db FILE.csv
 *
 * CASE.db must be an empty case (`cibscope new`). Rows of one account are
 * expected to be adjacent, as the benchmark writes them. --sorted stages
 * the rows in a temporary table and inserts them in primary-key order, as
 * cibscope's bulk path does; without it every row goes straight into the
 * attributes B-tree.
 *
 * Prints one line: rows, load seconds (rows in the attributes table),
 * index seconds (secondary indexes and attribute_stats), total seconds.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "schema.h"

#define NFIELD	4

struct field {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "loader: %s: %s\n", what,
	    db != NULL ? sqlite3_errmsg(db) : "failed");
	exit(1);
}

static void
field_addc(struct field *f, int ch)
{
	if (f->len + 2 > f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		if ((f->data = realloc(f->data, f->cap)) == NULL)
			die(NULL, "out of memory");
	}
	f->data[f->len++] = (char)ch;
	f->data[f->len] = '\0';
}

/*
 * Read one RFC 4180 record into f[0..NFIELD). Extra fields are folded into
 * the last one. Returns the number of fields, 0 at end of file.
 */
static int
csv_read(FILE *fp, struct field *f)
{
	int	ch, n = 0;
	bool	quoted = false, any = false;

	for (int i = 0; i < NFIELD; i++) {
		if (f[i].data == NULL)
			field_addc(&f[i], '\0');
		f[i].len = 0;
		f[i].data[0] = '\0';
	}
	while ((ch = getc(fp)) != EOF) {
		any = true;
		if (quoted) {
			if (ch == '"') {
				if ((ch = getc(fp)) == '"') {
					field_addc(&f[n], '"');
					continue;
				}
				quoted = false;
				if (ch == EOF)
					break;
			} else {
				field_addc(&f[n], ch);
				continue;
			}
		}
		if (ch == '"')
			quoted = true;
		else if (ch == ',' && n + 1 < NFIELD)
			n++;
		else if (ch == '\n')
			return n + 1;
		else if (ch != '\r')
			field_addc(&f[n], ch);
	}
	return any ? n + 1 : 0;
}

static void
exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(db, sql);
}

static sqlite3_stmt *
prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(db, sql);
	return st;
}

static void
step(sqlite3 *db, sqlite3_stmt *st)
{
	int	rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		die(db, sqlite3_sql(st));
	sqlite3_reset(st);
}

int
main(int argc, char **argv)
{
	struct field	 f[NFIELD] = { { NULL, 0, 0 } };
	sqlite3		*db;
	sqlite3_stmt	*acct, *find, *attr;
	FILE		*fp;
	char		*last = NULL;
	double		 t0, t1, t2;
	long long	 rows = 0;
	int64_t		 id = 0;
	bool		 sorted = false;
	int		 argi = 1;

	if (argc > 1 && strcmp(argv[1], "--sorted") == 0) {
		sorted = true;
		argi++;
	}
	if (argc - argi != 2) {
		fprintf(stderr, "usage: loader [--sorted] CASE.db FILE.csv\n");
		return 2;
	}
	if ((fp = fopen(argv[argi + 1], "r")) == NULL) {
		perror(argv[argi + 1]);
		return 1;
	}
	t0 = now();
	if (sqlite3_open_v2(argv[argi], &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		die(db, argv[argi]);
	/* The same settings cibscope's bulk path uses. */
	exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	    " PRAGMA foreign_keys = OFF; PRAGMA cache_size = -65536");
	exec(db, "BEGIN IMMEDIATE");
	exec(db, schema_drop_secondary);
	if (sorted)
		exec(db, "CREATE TEMP TABLE stage(kind TEXT, value TEXT,"
		    " account_id INTEGER, source TEXT)");
	acct = prepare(db, "INSERT INTO accounts(platform, native_id)"
	    " VALUES (?1, ?2) ON CONFLICT DO NOTHING");
	find = prepare(db, "SELECT id FROM accounts WHERE platform = ?1"
	    " AND native_id = ?2");
	attr = prepare(db, sorted ?
	    "INSERT INTO temp.stage(kind, value, account_id, source)"
	    " VALUES (?1, ?2, ?3, 'bench')" :
	    "INSERT INTO attributes(kind, value, account_id, source)"
	    " VALUES (?1, ?2, ?3, 'bench') ON CONFLICT DO NOTHING");

	if (csv_read(fp, f) == 0)	/* the header */
		die(NULL, "empty file");
	while (csv_read(fp, f) == NFIELD) {
		if (f[2].len == 0 || f[3].len == 0)
			continue;
		if (last == NULL || strcmp(last, f[1].data) != 0) {
			sqlite3_bind_text(acct, 1, f[0].data, -1, SQLITE_STATIC);
			sqlite3_bind_text(acct, 2, f[1].data, -1, SQLITE_STATIC);
			step(db, acct);
			if (sqlite3_changes(db) > 0)
				id = sqlite3_last_insert_rowid(db);
			else {
				sqlite3_bind_text(find, 1, f[0].data, -1,
				    SQLITE_STATIC);
				sqlite3_bind_text(find, 2, f[1].data, -1,
				    SQLITE_STATIC);
				if (sqlite3_step(find) == SQLITE_ROW)
					id = sqlite3_column_int64(find, 0);
				sqlite3_reset(find);
			}
			free(last);
			last = strdup(f[1].data);
		}
		sqlite3_bind_text(attr, 1, f[2].data, (int)f[2].len,
		    SQLITE_STATIC);
		sqlite3_bind_text(attr, 2, f[3].data, (int)f[3].len,
		    SQLITE_STATIC);
		sqlite3_bind_int64(attr, 3, id);
		step(db, attr);
		rows++;
	}
	sqlite3_finalize(acct);
	sqlite3_finalize(find);
	sqlite3_finalize(attr);
	if (sorted)
		exec(db, "INSERT OR IGNORE INTO attributes(kind, value,"
		    " account_id, source) SELECT kind, value, account_id,"
		    " source FROM temp.stage ORDER BY kind, value, account_id;"
		    " DROP TABLE temp.stage");
	t1 = now();
	exec(db, schema_create_secondary);
	exec(db, "DELETE FROM attribute_stats;"
	    " INSERT INTO attribute_stats(kind, value, accounts)"
	    " SELECT kind, value, count(*) FROM attributes"
	    " GROUP BY kind, value");
	exec(db, "COMMIT");
	t2 = now();
	sqlite3_close(db);
	fclose(fp);
	free(last);
	for (int i = 0; i < NFIELD; i++)
		free(f[i].data);
	printf("%lld %.6f %.6f %.6f\n", rows, t1 - t0, t2 - t1, t2 - t0);
	return 0;
}
