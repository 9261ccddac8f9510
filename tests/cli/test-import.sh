#!/bin/sh
# `cibscope import` as an investigator runs it: the reference coordination
# file, a CSV export with a mapping, JSON Lines, bad rows, --strict, and
# the messages for a wrong mapping or a wrong command line.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 program absent"; exit 77; }

REF="$CIB_DATA/coordination/ru-coretweet.cnt.csv"
C="$T/case.db"
run "$CIBSCOPE" new "$C"

if [ -r "$REF" ]; then
	begin reference_cnt_file_imports_every_account_and_post
	run "$CIBSCOPE" import "$C" "$REF" --platform twitter
	expect_status 0
	expect_out "ru-coretweet.cnt.csv: cnt \(guessed from the header\)"
	expect_out "imported 35125 of 35125 rows"
	expect_out "accounts: 9509 new, 0 updated"
	expect_out "posts: 35085"
	expect_eq "$(sql "$C" "SELECT count(*) FROM accounts")" 9509 accounts
	# 40 message ids recur for the same account: 35,085 distinct posts.
	expect_eq "$(sql "$C" "SELECT count(*) FROM posts")" 35085 posts
	expect_eq "$(sql "$C" "SELECT count(DISTINCT platform) || platform \
	    FROM accounts")" 1twitter platform

	begin progress_line_only_on_a_terminal
	expect_no_out "importing:"
	! grep -q "importing:" "$T/err" || fail "progress line on a non-terminal"

	begin reimport_changes_nothing
	run "$CIBSCOPE" import "$C" "$REF" --platform twitter
	expect_status 0
	expect_out "accounts: 0 new, 0 updated; attributes: 0; posts: 0"
	expect_eq "$(sql "$C" "SELECT count(*) FROM posts")" 35085 posts
else
	echo "note: $REF is absent; the reference import is not checked"
fi

cat >"$T/export.csv" <<'EOF'
id,name,phone,emails
a1,ann_77,+7 912 345-67-89,ann@mail.ru;x@y.org
a2,ben_78,+7 (912) 345 67 89,
a3,cat,,"broken"x
a4,dan,NA,None
EOF
cat >"$T/map.yaml" <<'EOF'
platform: forum
account:
  native_id: id
  handle: name
attributes:
  - {column: phone, kind: phone}
  - {column: emails, kind: email, split: ";"}
EOF
C2="$T/export.db"
run "$CIBSCOPE" new "$C2"

begin csv_with_mapping_reports_bad_row_and_goes_on
run "$CIBSCOPE" import "$C2" "$T/export.csv" --map "$T/map.yaml"
expect_status 0
expect_out "export.csv: csv"
expect_err "export.csv:4:[0-9]+: text after the closing quote"
expect_out "imported 3 of 4 rows"
expect_out "skipped: 1"
# The summary counts the rows that landed, derived kinds included.
expect_eq "$(sed -n 's/.*attributes: \([0-9]*\);.*/\1/p' "$T/out")" \
    "$(sql "$C2" "SELECT count(*) FROM attributes")" "attributes reported"
expect_eq "$(sql "$C2" "SELECT accounts FROM attribute_stats \
    WHERE kind = 'phone'")" 2 "shared phone"
expect_eq "$(sql "$C2" "SELECT count(*) FROM attributes \
    WHERE kind = 'phone' AND account_id = \
    (SELECT id FROM accounts WHERE native_id = 'a4')")" 0 "sentinel phone"

begin strict_bad_row_fails_and_leaves_the_case_unchanged
# Unchanged means every row of every table, the case_info records too.
sqlite3 "$C2" .dump >"$T/before.sql"
printf 'id,name\nz1,zed\nz2,"x"y\n' >"$T/strict.csv"
run "$CIBSCOPE" import "$C2" "$T/strict.csv" --map "$T/map.yaml" --strict
expect_status 1
expect_err "strict.csv:3:[0-9]+: text after the closing quote"
expect_err "nothing was imported; the case is unchanged"
sqlite3 "$C2" .dump >"$T/after.sql"
cmp -s "$T/before.sql" "$T/after.sql" ||
    fail "the case changed: $(diff "$T/before.sql" "$T/after.sql" | head -5)"

begin jsonl_with_mapping
printf '{"user": {"id": 7, "name": "jay"}, "ip": "10.0.0.9"}\nnot json\n' \
    >"$T/events.jsonl"
cat >"$T/jmap.yaml" <<'EOF'
platform: app
account: {native_id: user.id, handle: user.name}
attributes: [{column: ip, kind: ip}]
EOF
run "$CIBSCOPE" import "$C2" "$T/events.jsonl" --map "$T/jmap.yaml"
expect_status 0
expect_out "events.jsonl: jsonl"
expect_err "events.jsonl:2:1: not valid JSON: not a JSON value"
expect_eq "$(sql "$C2" "SELECT value FROM attributes WHERE kind = 'ip24'")" \
    "10.0.0.0/24" "derived ip24"

begin bad_mapping_names_file_line_and_column
printf 'account:\n  native_id: id\n  phnoe: p\n' >"$T/bad.yaml"
run "$CIBSCOPE" import "$C2" "$T/export.csv" --map "$T/bad.yaml"
expect_status 1
expect_err "bad.yaml:3:3: unknown key \"phnoe\" in account"

begin unrecognised_header_asks_for_a_mapping
run "$CIBSCOPE" import "$C2" "$T/export.csv"
expect_status 1
expect_err "export.csv: the format cannot be told from its header"

begin unknown_format_is_refused
run "$CIBSCOPE" import "$C2" "$T/export.csv" --format xml
expect_status 1
expect_err "unknown format \"xml\""

begin missing_file_is_named
run "$CIBSCOPE" import "$C2" "$T/nonexistent.csv" --map "$T/map.yaml"
expect_status 1
expect_err "nonexistent.csv: No such file"

begin usage_errors_exit_2
run "$CIBSCOPE" import "$C2"
expect_status 2
expect_err "usage: cibscope import"
run "$CIBSCOPE" import "$C2" "$T/export.csv" --bogus
expect_status 2

finish
