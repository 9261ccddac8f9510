#!/bin/sh
# `cibscope merge`: two investigators work on copies of one demo case,
# each tagging its own networks (and one the same name differently); one
# merges the other's case into hers and gets its networks, members,
# evidence, accounts and audit chain, with every disagreement listed.
. "$(dirname "$0")/lib.sh"

A=$T/alice.db B=$T/bob.db
CIBSCOPE_USER=alice "$CIBSCOPE" demo --output "$A" --seed 11 --size 2000 \
    >/dev/null 2>&1
"$CIBSCOPE" demo --output "$B" --seed 11 --size 2000 >/dev/null 2>&1
CIBSCOPE_USER=alice "$CIBSCOPE" tag "$A" ring --accounts 5 6 7 \
    --label suspected --ttp T0145.001 >/dev/null
CIBSCOPE_USER=bob "$CIBSCOPE" tag "$B" ring --accounts 7 8 9 --label cib \
    >/dev/null
CIBSCOPE_USER=bob "$CIBSCOPE" tag "$B" farm --accounts 10 11 --label cib \
    --origin RU >/dev/null

# One account only bob's case holds, with an IP alice's account 5 also has
# and one post; bob tags it into farm.
ip5=$(sql "$A" "SELECT value FROM attributes WHERE account_id = 5 AND
    kind = 'ip'")
sql "$B" "INSERT INTO accounts(id, platform, native_id, handle)
    VALUES (900001, 'chirp', 'only-bob-1', 'bob_find');
    INSERT INTO attributes(kind, value, account_id, raw)
    VALUES ('ip', '$ip5', 900001, '$ip5');
    INSERT INTO posts(account_id, native_id, posted_at, text)
    VALUES (900001, 'p1', 1700000000, 'same text everywhere')"
CIBSCOPE_USER=bob "$CIBSCOPE" tag "$B" farm --accounts 900001 >/dev/null
# Bob's copy of account 6 goes by another handle.
sql "$B" "UPDATE accounts SET handle = 'renamed_six' WHERE id = 6"
CIBSCOPE_USER=bob "$CIBSCOPE" tag "$B" ring --accounts 6 >/dev/null

stats_before=$(sql "$A" "SELECT accounts FROM attribute_stats WHERE
    kind = 'ip' AND value = '$ip5'")
dump() { sqlite3 "$1" .dump; }

begin dry_run_counts_and_changes_nothing
dump "$A" >"$T/before.sql"
run env CIBSCOPE_USER=alice "$CIBSCOPE" merge "$A" "$B" --dry-run
expect_status 0
expect_out '^would merge .*: 1 networks added, 1 updated'
expect_out 'dry run: nothing was changed'
dump "$A" >"$T/after.sql"
cmp -s "$T/before.sql" "$T/after.sql" || fail "the dry run changed the case"

begin merge_brings_networks_members_and_conflicts
run env CIBSCOPE_USER=alice "$CIBSCOPE" merge "$A" "$B"
expect_status 0
expect_out '^merged .*bob.db.*: 1 networks added, 1 updated; 5 members added'
expect_out '1 accounts copied \(1 posts\)'
expect_out '^conflict: network "ring": label is "suspected" here, "cib" in .*bob.db; kept "suspected"$'
expect_out '^conflict: network "ring": members differ: 2 added from .*, 1 only here \(kept\)$'
expect_out '^conflict: account chirp:[0-9]+: handle "[^"]+" here, "renamed_six" in'
expect_eq "$(sql "$A" "SELECT label FROM networks WHERE name = 'ring'")" \
    suspected "ring keeps alice's label"
expect_eq "$(sql "$A" "SELECT ttps FROM networks WHERE name = 'ring'")" \
    T0145.001 "ring keeps alice's techniques"
expect_eq "$(sql "$A" "SELECT group_concat(account_id) FROM (SELECT
    m.account_id FROM network_members m JOIN networks n ON n.id =
    m.network_id WHERE n.name = 'ring' ORDER BY 1)")" 5,6,7,8,9 \
    "ring's members are the union"
expect_eq "$(sql "$A" "SELECT origin || ' ' || label FROM networks WHERE
    name = 'farm'")" "RU cib" "farm came in whole"

begin evidence_of_both_investigators_is_kept
ev=$(sql "$A" "SELECT evidence FROM network_members m JOIN networks n ON
    n.id = m.network_id WHERE n.name = 'ring' AND m.account_id = 7")
expect_eq "$(sql "$A" "SELECT group_concat(json_extract(value, '\$.by'))
    FROM json_each('$ev')")" alice,bob "account 7's evidence"
run "$CIBSCOPE" networks "$A" why ring 8
expect_status 0
expect_out 'bob'

begin an_account_only_other_holds_is_copied
id=$(sql "$A" "SELECT id FROM accounts WHERE platform = 'chirp' AND
    native_id = 'only-bob-1'")
[ -n "$id" ] || fail "the account was not copied"
expect_eq "$(sql "$A" "SELECT handle FROM accounts WHERE id = $id")" \
    bob_find "its handle"
expect_eq "$(sql "$A" "SELECT count(*) FROM posts WHERE account_id = $id")" \
    1 "its post"
expect_eq "$(sql "$A" "SELECT count(*) FROM network_members m JOIN networks
    n ON n.id = m.network_id WHERE n.name = 'farm' AND m.account_id = $id")" \
    1 "it is a member of farm"
expect_eq "$(sql "$A" "SELECT accounts FROM attribute_stats WHERE
    kind = 'ip' AND value = '$ip5'")" $((stats_before + 1)) \
    "the shared IP counts it"
run "$CIBSCOPE" pivot "$A" 5 --on ip
expect_out 'bob_find'

begin both_chains_verify_after_the_merge
run "$CIBSCOPE" check "$A"
expect_status 0
expect_out '^audit: .*hash chain intact'
expect_out '^merged: +chain 1 from .*bob.db.*hash chain intact'
bob_head=$("$CIBSCOPE" check "$B" | sed -n 's/^audit head: entry [0-9]* //p')
expect_out "head entry [0-9]+ $bob_head"
expect_eq "$(sql "$A" "SELECT count(*) FROM audit WHERE action =
    'merge-case' AND json_extract(detail, '\$.head') = '$bob_head'")" 1 \
    "one merge row naming bob's head"
run "$CIBSCOPE" log "$A" --from-merged --action tag
expect_status 0
expect_out '^ +1 .* bob +tag +farm'

begin merging_again_changes_nothing
dump "$A" >"$T/before.sql"
run env CIBSCOPE_USER=alice "$CIBSCOPE" merge "$A" "$B"
expect_status 0
expect_out 'nothing to merge'
dump "$A" >"$T/after.sql"
cmp -s "$T/before.sql" "$T/after.sql" || fail "the second merge changed it"

begin new_work_in_other_extends_its_chain
CIBSCOPE_USER=bob "$CIBSCOPE" tag "$B" farm --accounts 12 >/dev/null
run env CIBSCOPE_USER=alice "$CIBSCOPE" merge "$A" "$B"
expect_status 0
expect_out '1 members added.* 1 audit entries of its chain'
expect_eq "$(sql "$A" "SELECT count(*) FROM merged_chains")" 1 "one chain"
expect_eq "$(sql "$A" "SELECT count(*) FROM merged_audit")" \
    "$(sql "$B" "SELECT count(*) FROM audit")" "bob's whole trail, once"
run "$CIBSCOPE" check "$A"
expect_status 0

begin tampering_with_a_merged_entry_is_detected
cp "$A" "$T/tampered.db"
sql "$T/tampered.db" "DROP TRIGGER merged_audit_no_update;
    UPDATE merged_audit SET actor = 'mallory' WHERE seq = 6"
run "$CIBSCOPE" check "$T/tampered.db"
expect_status 1
expect_out '^merged: .*breaks at entry 6'

begin rewriting_a_merged_chain_is_detected_by_its_recorded_head
cp "$A" "$T/rewritten.db"
sql "$T/rewritten.db" "DROP TRIGGER merged_audit_no_update;
    UPDATE merged_audit SET hash = 'x' || substr(hash, 2)
    WHERE seq = (SELECT max(seq) FROM merged_audit)"
run "$CIBSCOPE" check "$T/rewritten.db"
expect_status 1
expect_out '^merged: .*breaks at entry'

# A bad OTHER: a clear message naming it, status 1, and the case unchanged.
bad_other() {
	begin "$1"
	dump "$A" >"$T/before.sql"
	run "$CIBSCOPE" merge "$A" "$2"
	expect_status 1
	expect_err "$3"
	dump "$A" >"$T/after.sql"
	cmp -s "$T/before.sql" "$T/after.sql" || fail "the case changed"
}
bad_other missing_other_is_refused "$T/none.db" 'none.db: no such case'
printf 'hello, not a case\n' >"$T/text.db"
bad_other not_a_case_is_refused "$T/text.db" 'text.db: not a cibscope case'
sqlite3 "$T/plain.db" 'CREATE TABLE t(x)'
bad_other an_sqlite_file_of_something_else_is_refused "$T/plain.db" \
    'plain.db: not a cibscope case'
cp "$B" "$T/newer.db"
sql "$T/newer.db" 'PRAGMA user_version = 99'
bad_other a_newer_case_is_refused "$T/newer.db" \
    'newer.db: written by a newer cibscope'
cp "$B" "$T/corrupt.db"
# Overwrite pages in the middle of the file, past the header.
size=$(wc -c <"$T/corrupt.db")
dd if=/dev/urandom of="$T/corrupt.db" bs=4096 seek=$((size / 4096 / 2)) \
    count=4 conv=notrunc 2>/dev/null
bad_other a_corrupt_case_is_refused "$T/corrupt.db" \
    'corrupt.db: (the database is damaged|.*malformed)'
cp "$B" "$T/forged.db"
sql "$T/forged.db" "DROP TRIGGER audit_no_update;
    UPDATE audit SET actor = 'mallory' WHERE seq = 2"
bad_other a_case_with_a_broken_chain_is_refused "$T/forged.db" \
    'forged.db: its audit chain breaks at entry 2'
bad_other the_case_itself_is_refused "$A" 'is the case itself'

finish
