#!/bin/sh
# The program's front door: help, version, creating and checking cases, and
# the message each kind of wrong file gets.
. "$(dirname "$0")/lib.sh"

begin help_lists_every_command
run "$CIBSCOPE" --help
expect_status 0
for c in new import check demo; do expect_out "^  $c "; done

begin version_prints_the_version
run "$CIBSCOPE" --version
expect_status 0
expect_out '^cibscope [0-9]+\.[0-9]+'

begin unknown_command_is_a_usage_error
run "$CIBSCOPE" frobnicate
expect_status 2
expect_err 'frobnicate: no such command'

begin new_creates_a_case
run "$CIBSCOPE" new "$T/a.db" --name "Operation Test"
expect_status 0
expect_out 'created case'
expect_eq "$(sql "$T/a.db" 'PRAGMA user_version')" 4 "schema version"
expect_eq "$(sql "$T/a.db" "SELECT value FROM case_info WHERE key='name'")" \
    "Operation Test" "case name"

begin new_never_overwrites
run "$CIBSCOPE" new "$T/a.db"
expect_status 1
expect_err 'already exists'

begin new_without_a_path_is_a_usage_error
run "$CIBSCOPE" new
expect_status 2
expect_err '^usage: cibscope new'

begin check_reports_integrity_and_counts
run "$CIBSCOPE" check "$T/a.db"
expect_status 0
expect_out '^integrity: ok'
expect_out '^accounts +0$'
expect_out '^case: +Operation Test'

begin check_verifies_the_audit_chain_and_names_a_changed_entry
cp "$T/a.db" "$T/chain.db"
printf 'id\nc1\nc2\n' >"$T/chain.csv"
printf 'platform: forum\naccount:\n  native_id: id\n' >"$T/chain.yaml"
"$CIBSCOPE" import "$T/chain.db" "$T/chain.csv" --map "$T/chain.yaml" \
    >/dev/null 2>&1
"$CIBSCOPE" import "$T/chain.db" "$T/chain.csv" --map "$T/chain.yaml" \
    >/dev/null 2>&1
run "$CIBSCOPE" check "$T/chain.db"
expect_status 0
expect_out '^audit: +2 entries, hash chain intact'
expect_out '^audit head: entry 2 [0-9a-f]{64}$'
sql "$T/chain.db" "DROP TRIGGER audit_no_update;
    UPDATE audit SET actor = 'someone else' WHERE seq = 1"
run "$CIBSCOPE" check "$T/chain.db"
expect_status 1
expect_out 'the hash chain breaks at entry 1'

begin check_names_a_missing_case
run "$CIBSCOPE" check "$T/nope.db"
expect_status 1
expect_err "nope.db: no such case"

begin open_refuses_a_directory
mkdir "$T/dir.db"
run "$CIBSCOPE" check "$T/dir.db"
expect_status 1
expect_err 'dir.db: is a directory'

begin open_refuses_a_file_that_is_not_sqlite
printf 'handle,name\nx,y\n' > "$T/text.db"
run "$CIBSCOPE" check "$T/text.db"
expect_status 1
expect_err 'text.db: not a cibscope case \(not an SQLite database'

begin open_refuses_an_sqlite_file_of_something_else
sql "$T/other.db" 'CREATE TABLE t(x)'
run "$CIBSCOPE" check "$T/other.db"
expect_status 1
expect_err 'other.db: not a cibscope case \(an SQLite database of something else'

begin open_refuses_a_newer_case_and_writes_nothing
"$CIBSCOPE" new "$T/newer.db" >/dev/null
sql "$T/newer.db" 'PRAGMA user_version = 99'
before=$(cksum < "$T/newer.db")
run "$CIBSCOPE" "$T/newer.db"
expect_status 1
expect_err 'written by a newer cibscope \(case schema 99'
expect_eq "$(cksum < "$T/newer.db")" "$before" "file unchanged"

begin open_names_a_truncated_case
"$CIBSCOPE" new "$T/trunc.db" >/dev/null
head -c 100 "$T/trunc.db" > "$T/trunc2.db"
run "$CIBSCOPE" check "$T/trunc2.db"
expect_status 1
[ -s "$T/err" ] || fail "no message"

begin read_only_case_opens_read_only_and_says_so
if as_user_scratch; then
	"$CIBSCOPE" new "$U/ro.db" >/dev/null
	chmod 444 "$U/ro.db"
	run $as_user "$UCIBSCOPE" "$U/ro.db"
	expect_status 0
	expect_err 'ro.db: the file is read-only; opened it read-only'
fi

finish
