#!/bin/sh
# Matching accounts across files by handle (match: [handle] in a mapping),
# and import from standard input: an accounts file, then a comments file
# that names its authors by handle only.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 program absent"; exit 77; }

# Two accounts share the handle "carol" on one platform; "erin" lives on
# another platform.
cat >"$T/accounts.csv" <<'EOF'
id,username,name
101,Alice,Alice A
102,bob_77,Bob
103,Carol,Carol One
104,carol,Carol Two
EOF
cat >"$T/others.csv" <<'EOF'
id,username,name
201,Erin,Erin elsewhere
EOF
cat >"$T/amap.yaml" <<'EOF'
platform: forum
account: {native_id: id, handle: username, display_name: name}
EOF
# Comments name authors by handle, in any case, with or without @.
cat >"$T/comments.csv" <<'EOF'
comment_id,author,text,time,link
c1,@alice,first comment,2024-01-01T10:00:00Z,https://example.org/a
c2,ALICE,second comment,2024-01-01T10:05:00Z,
c3,@Bob_77,hello there,2024-01-01T11:00:00Z,
c4,@carol,which carol,2024-01-01T12:00:00Z,
c5,@dave,nobody,2024-01-01T12:30:00Z,
c6,@erin,other platform,2024-01-01T13:00:00Z,
EOF
cat >"$T/cmap.yaml" <<'EOF'
platform: forum
match: [handle]
account: {handle: author}
attributes: [{column: link, kind: url}]
posts: {native_id: comment_id, text: text, posted_at: time}
EOF

# new_case NAME: a case holding the accounts of both platforms.
new_case() {
	run "$CIBSCOPE" new "$T/$1.db"
	run "$CIBSCOPE" import "$T/$1.db" "$T/accounts.csv" --map "$T/amap.yaml"
	[ "$status" -eq 0 ] || fail "importing the accounts: status $status"
	run "$CIBSCOPE" import "$T/$1.db" "$T/others.csv" --map "$T/amap.yaml" \
	    --platform other
	[ "$status" -eq 0 ] || fail "importing the others: status $status"
}

# The author of each post, as platform:native id.
authors() {
	sql "$1" "SELECT group_concat(p.native_id || '=' || a.platform || ':'
	    || a.native_id, ' ') FROM (SELECT * FROM posts ORDER BY native_id)
	    p JOIN accounts a ON a.id = p.account_id"
}

C="$T/case.db"
new_case case

begin handle_match_attaches_posts_to_the_existing_accounts
run "$CIBSCOPE" import "$C" "$T/comments.csv" --map "$T/cmap.yaml"
expect_status 0
expect_out "imported 3 of 6 rows"
expect_out "accounts: 0 new, 0 updated"
expect_out "posts: 3"
expect_out "by handle: 3 matched, 1 ambiguous, 2 unmatched"
expect_eq "$(sql "$C" "SELECT count(*) FROM accounts")" 5 "no new accounts"
expect_eq "$(authors "$C")" "c1=forum:101 c2=forum:101 c3=forum:102" \
    "post authors"
# The stored handle keeps the accounts file's spelling.
expect_eq "$(sql "$C" "SELECT handle FROM accounts WHERE native_id = '101'")" \
    Alice "stored handle"
# A row's attributes go to the matched account, and pivots count them.
expect_eq "$(sql "$C" "SELECT a.native_id FROM attributes t JOIN accounts a
    ON a.id = t.account_id WHERE t.kind = 'domain'")" 101 "url attribute"
expect_eq "$(sql "$C" "SELECT accounts FROM attribute_stats
    WHERE kind = 'domain' AND value = 'example.org'")" 1 "attribute_stats"
expect_eq "$(sql "$C" "PRAGMA foreign_key_check")" "" "foreign keys"
run "$CIBSCOPE" check "$C"
expect_status 0

begin ambiguous_handle_is_reported_and_not_merged
run "$CIBSCOPE" import "$C" "$T/comments.csv" --map "$T/cmap.yaml"
expect_status 0
expect_err "comments.csv:5: handle @carol matches 2 accounts on forum \(ids 103, 104\); row skipped"
expect_eq "$(sql "$C" "SELECT count(*) FROM posts WHERE native_id = 'c4'")" \
    0 "post of an ambiguous handle"
expect_eq "$(sql "$C" "SELECT group_concat(native_id || ':' || handle, ' ')
    FROM (SELECT * FROM accounts WHERE platform = 'forum'
    AND lower(handle) = 'carol' ORDER BY native_id)")" \
    "103:Carol 104:carol" "both carols stay"

begin same_handle_on_another_platform_does_not_match
expect_err "comments.csv:7: handle @erin matches no account on forum; row skipped"
expect_err "comments.csv:6: handle @dave matches no account on forum"
expect_eq "$(sql "$C" "SELECT count(*) FROM posts p JOIN accounts a
    ON a.id = p.account_id WHERE a.platform = 'other'")" 0 "erin's posts"

begin reimport_by_handle_changes_nothing
expect_out "accounts: 0 new, 0 updated; attributes: 0; posts: 0"
expect_eq "$(sql "$C" "SELECT count(*) FROM posts")" 3 posts

begin handle_lookup_uses_an_index
expect_eq "$(sql "$C" "EXPLAIN QUERY PLAN SELECT id FROM accounts
    WHERE platform = 'forum' AND lower(ltrim(rtrim(handle), '@ ')) = 'x'" |
    grep -c 'USING INDEX accounts_by_platform_handle')" 1 "query plan"

begin a_row_whose_id_differs_from_the_handle_match_is_not_merged
printf 'id,username,comment_id\n999,@ALICE,c9\n105,Frank,c10\n' \
    >"$T/ids.csv"
cat >"$T/idmap.yaml" <<'EOF'
platform: forum
account:
  native_id: id
  handle: username
  match: [handle, native_id]
posts: {native_id: comment_id}
EOF
run "$CIBSCOPE" import "$C" "$T/ids.csv" --map "$T/idmap.yaml"
expect_status 0
expect_err "ids.csv:2: handle @alice is the account with id 101 on forum, but the row gives id 999; row skipped"
expect_out "accounts: 1 new"
expect_out "by handle: 0 matched, 1 ambiguous, 0 unmatched"
expect_eq "$(sql "$C" "SELECT count(*) FROM accounts WHERE native_id = '999'")" \
    0 "no account 999"
expect_eq "$(sql "$C" "SELECT handle FROM accounts WHERE native_id = '105'")" \
    Frank "a new account under its own id"

begin strict_fails_on_an_ambiguous_handle
C2="$T/strict.db"
new_case strict
sqlite3 "$C2" .dump >"$T/before.sql"
printf 'comment_id,author,text,time,link\nc1,@alice,x,,\nc4,@carol,y,,\n' \
    >"$T/amb.csv"
run "$CIBSCOPE" import "$C2" "$T/amb.csv" --map "$T/cmap.yaml" --strict
expect_status 1
expect_err "amb.csv:3: handle @carol matches 2 accounts on forum"
expect_err "nothing was imported; the case is unchanged"
sqlite3 "$C2" .dump >"$T/after.sql"
cmp -s "$T/before.sql" "$T/after.sql" || fail "the case changed"

begin bad_match_values_name_file_line_and_column
printf 'match: [handel]\naccount: {handle: author}\n' >"$T/bad1.yaml"
run "$CIBSCOPE" import "$C2" "$T/comments.csv" --map "$T/bad1.yaml"
expect_status 1
expect_err "bad1.yaml:1:9: unknown field \"handel\" in match \(known: native_id, handle\)"
printf 'account:\n  handle: author\n  match: handle\n' >"$T/bad2.yaml"
run "$CIBSCOPE" import "$C2" "$T/comments.csv" --map "$T/bad2.yaml"
expect_status 1
expect_err "bad2.yaml:3:10: match must be a list of account fields"
printf 'match: [handle]\naccount: {native_id: id}\n' >"$T/bad3.yaml"
run "$CIBSCOPE" import "$C2" "$T/comments.csv" --map "$T/bad3.yaml"
expect_status 1
expect_err "bad3.yaml:1:9: match: handle needs account.handle"

# dump CASE: what a case holds, less where each row came from.
dump() {
	sql "$1" "SELECT platform, native_id, handle, display_name
	    FROM accounts ORDER BY platform, native_id"
	sql "$1" "SELECT a.native_id, p.native_id, p.posted_at, p.text
	    FROM posts p JOIN accounts a ON a.id = p.account_id
	    ORDER BY p.native_id"
	sql "$1" "SELECT a.native_id, t.kind, t.value FROM attributes t
	    JOIN accounts a ON a.id = t.account_id
	    ORDER BY a.native_id, t.kind, t.value"
	sql "$1" "SELECT * FROM attribute_stats ORDER BY kind, value"
}

begin stdin_gives_the_same_case_as_the_file
new_case piped
cat "$T/comments.csv" |
    "$CIBSCOPE" import "$T/piped.db" - --map "$T/cmap.yaml" \
    >"$T/out" 2>"$T/err"
status=$?
expect_status 0
expect_out "<stdin>: csv"
expect_out "imported 3 of 6 rows"
expect_err "<stdin>:5: handle @carol matches 2 accounts"
new_case fromfile
run "$CIBSCOPE" import "$T/fromfile.db" "$T/comments.csv" --map "$T/cmap.yaml"
dump "$T/fromfile.db" >"$T/file.txt"
dump "$T/piped.db" >"$T/pipe.txt"
[ -s "$T/file.txt" ] || fail "nothing imported from the file"
cmp -s "$T/file.txt" "$T/pipe.txt" ||
    fail "the cases differ: $(diff "$T/file.txt" "$T/pipe.txt" | head -5)"
expect_eq "$(sql "$T/piped.db" "SELECT target FROM audit
    WHERE action = 'import' ORDER BY seq DESC LIMIT 1")" "<stdin>" \
    "audit source"

begin jsonl_from_stdin_with_the_format_from_its_first_byte
cat >"$T/jmap.yaml" <<'EOF'
platform: forum
match: [handle]
account: {handle: who}
posts: {native_id: c, text: t}
EOF
printf '{"c": "j1", "who": "@Bob_77", "t": "from json"}\n' |
    "$CIBSCOPE" import "$T/piped.db" - --map "$T/jmap.yaml" \
    >"$T/out" 2>"$T/err"
status=$?
expect_status 0
expect_out "<stdin>: jsonl"
expect_eq "$(sql "$T/piped.db" "SELECT a.native_id FROM posts p JOIN accounts
    a ON a.id = p.account_id WHERE p.native_id = 'j1'")" 102 "json post"

begin stdin_needs_a_format_or_a_mapping
run "$CIBSCOPE" import "$T/piped.db" - </dev/null
expect_status 1
expect_err "<stdin>: the format of standard input is not guessed"
run "$CIBSCOPE" import "$T/piped.db" - - --map "$T/cmap.yaml" </dev/null
expect_status 1
expect_err "standard input \(-\) is given more than once"

finish
