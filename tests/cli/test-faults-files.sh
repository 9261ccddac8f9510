#!/bin/sh
# Damaged and wrong case files: truncated, overwritten in the middle, not
# SQLite, from a newer cibscope, read-only, a directory. Reading and
# writing commands each give a message naming the file and exit 1, and
# never change the file (its checksum is the same afterwards) or leave a
# journal beside it.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 program absent"; exit 77; }

awk 'BEGIN { print "id,name,email"
	for (i = 1; i <= 3000; i++) printf "u%d,user_%d,u%d@ex%d.org\n", i, i, i, i % 50
}' >"$T/accounts.csv"
cat >"$T/map.yaml" <<'EOF'
platform: forum
account: {native_id: id, handle: name}
attributes:
  - {column: email, kind: email}
EOF
printf 'id,name,email\nz1,zed,z@z.org\n' >"$T/one.csv"
GOOD="$T/good.db"
"$CIBSCOPE" new "$GOOD" >/dev/null
"$CIBSCOPE" import "$GOOD" "$T/accounts.csv" --map "$T/map.yaml" >/dev/null
size=$(wc -c <"$GOOD")
pages=$((size / 4096))

# A case made from the good one by a shell command run on $F.
damaged() {
	F="$T/$1"
	cp "$GOOD" "$F"
	shift
	"$@"
}

# overwrite FILE PAGE: fill one 4 KiB page with garbage.
overwrite() {
	awk 'BEGIN { for (i = 0; i < 4096; i++) printf "Z" }' |
	    dd of="$1" bs=4096 seek="$2" conv=notrunc 2>/dev/null
}

# refuses WHAT PATTERN: check and import each fail with PATTERN on stderr,
# and the file is exactly as it was.
refuses() {
	sum=$(cksum <"$F")
	run "$CIBSCOPE" check "$F"
	expect_status 1
	expect_err "$2"
	run "$CIBSCOPE" import "$F" "$T/one.csv" --map "$T/map.yaml"
	expect_status 1
	expect_err "$2"
	expect_eq "$(cksum <"$F")" "$sum" "$1 unchanged"
	[ ! -e "$F-wal" ] || [ ! -s "$F-wal" ] || fail "$1: a journal was left"
}

begin truncated_case_is_refused_and_left_alone
damaged trunc.db truncate -s $((size / 2)) "$T/trunc.db"
refuses "truncated case" "trunc.db: .*damaged"

begin truncated_to_its_header_page_is_refused
damaged head.db truncate -s 4096 "$T/head.db"
refuses "one-page case" "head.db: "

begin case_overwritten_in_the_middle_is_refused_and_left_alone
damaged mid.db overwrite "$T/mid.db" $((pages / 2))
overwrite "$F" 2
refuses "overwritten case" "mid.db: .*damaged"
expect_err "mid.db: .*(integrity|damaged)"

begin case_with_a_garbled_header_is_refused
damaged hdr.db sh -c "printf 'SQLite format 3\\000\\377\\377\\377' |
    dd of='$T/hdr.db' conv=notrunc 2>/dev/null"
refuses "garbled header" "hdr.db: "

begin file_that_is_not_sqlite_is_refused
F="$T/text.db"
printf 'id,name\n1,x\n' >"$F"
refuses "text file" "text.db: not a cibscope case \(not an SQLite"

begin empty_file_is_refused
F="$T/empty.db"
: >"$F"
refuses "empty file" "empty.db: empty file"

begin case_from_a_newer_cibscope_is_refused
damaged newer.db sqlite3 "$T/newer.db" 'PRAGMA user_version = 7'
refuses "newer case" "newer.db: written by a newer cibscope \(case schema 7"

begin directory_is_refused_and_nothing_created_in_it
mkdir "$T/dir.db"
run "$CIBSCOPE" check "$T/dir.db"
expect_status 1
expect_err "dir.db: is a directory"
run "$CIBSCOPE" import "$T/dir.db" "$T/one.csv" --map "$T/map.yaml"
expect_status 1
expect_err "dir.db: is a directory"
[ -z "$(ls -A "$T/dir.db")" ] || fail "files appeared in the directory"

# Read-only: the folder is writable so only the file's mode protects it.
begin read_only_case_cannot_be_written
if as_user_scratch; then
	F="$U/ro/ro.db"
	mkdir "$U/ro"
	chmod 777 "$U/ro"
	cp "$GOOD" "$F"
	cp "$T/one.csv" "$T/map.yaml" "$U/"
	chmod 444 "$F" "$U/one.csv" "$U/map.yaml"
	sum=$(cksum <"$F")
	run $as_user "$UCIBSCOPE" check "$F"
	expect_status 0
	expect_out "integrity: ok"
	run $as_user "$UCIBSCOPE" import "$F" "$U/one.csv" --map "$U/map.yaml"
	expect_status 1
	expect_err "ro.db: .*read-only"
	expect_eq "$(cksum <"$F")" "$sum" "read-only case unchanged"
	expect_eq "$(sql "$F" "SELECT count(*) FROM accounts")" 3000 accounts
fi

finish
