#!/bin/sh
# bench/interned.sh: the write cost of today's attributes layout against
# an interned one (a values table keyed by integer, attributes as
# (value_id, account_id)), both loaded by SQL alone from the attribute
# rows of an imported case, with their pivot indexes, in one transaction
# each. Measures the schema's own B-tree work, not cibscope's reading.
#
#	bench/interned.sh CASE.db
set -eu
src=$1
out=${TMPDIR:-/tmp}/interned.$$
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT
now() { date +%s.%N; }
run() {	# run NAME SQL
	rm -f "$out/$1.db"
	t0=$(now)
	sqlite3 "$out/$1.db" "PRAGMA cache_size = -65536;
ATTACH '$src' AS src; $2"
	t1=$(now)
	printf '%s %.3f s %s KiB\n' "$1" "$(echo "$t1 - $t0" | bc)" \
	    "$(($(stat -c %s "$out/$1.db") / 1024))"
}
run today "BEGIN;
CREATE TABLE attributes(kind TEXT NOT NULL, value TEXT NOT NULL,
  account_id INTEGER NOT NULL, raw TEXT, first_seen TEXT, last_seen TEXT,
  source TEXT, PRIMARY KEY(kind, value, account_id)) STRICT, WITHOUT ROWID;
CREATE TABLE attribute_stats(kind TEXT NOT NULL, value TEXT NOT NULL,
  accounts INTEGER NOT NULL, PRIMARY KEY(kind, value)) STRICT, WITHOUT ROWID;
INSERT INTO attributes SELECT * FROM src.attributes
  ORDER BY kind, value, account_id;
CREATE INDEX attributes_by_account ON attributes(account_id, kind, value);
INSERT INTO attribute_stats SELECT kind, value, count(*) FROM attributes
  GROUP BY kind, value;
COMMIT;"
run interned "BEGIN;
CREATE TABLE vals(id INTEGER PRIMARY KEY, kind TEXT NOT NULL,
  value TEXT NOT NULL, accounts INTEGER NOT NULL, UNIQUE(kind, value)) STRICT;
CREATE TABLE attrs(value_id INTEGER NOT NULL, account_id INTEGER NOT NULL,
  raw TEXT, first_seen TEXT, last_seen TEXT, source TEXT,
  PRIMARY KEY(value_id, account_id)) STRICT, WITHOUT ROWID;
INSERT INTO vals(kind, value, accounts) SELECT kind, value, count(*)
  FROM src.attributes GROUP BY kind, value ORDER BY kind, value;
INSERT INTO attrs SELECT v.id, a.account_id, a.raw, a.first_seen,
  a.last_seen, a.source FROM src.attributes a JOIN vals v
  ON v.kind = a.kind AND v.value = a.value ORDER BY v.id, a.account_id;
CREATE INDEX attrs_by_account ON attrs(account_id, value_id);
COMMIT;"
