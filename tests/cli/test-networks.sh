#!/bin/sh
# Networks as an investigator uses them from the command line: tag by
# hand, from a query and from detection; list, show, why; relabel, rename,
# remove members, merge, remove; the audit log; and the demo's replay.
. "$(dirname "$0")/lib.sh"

CIBSCOPE_USER=alice; export CIBSCOPE_USER
"$CIBSCOPE" demo --output "$T/d.db" --size 3000 >/dev/null 2>&1
tip=$(sql "$T/d.db" "SELECT value FROM case_info WHERE key = 'demo_tip'")

begin tag_accounts_by_reference
run "$CIBSCOPE" tag "$T/d.db" ring --accounts "$tip" 1342 --label suspected \
    --origin XE --target GB --target FR --ttp T0145.001 --note 'from a tip'
expect_status 0
expect_out 'tagged 2 accounts as network "ring" \(suspected\): 2 new'
expect_eq "$(sql "$T/d.db" "SELECT target FROM networks WHERE name = 'ring'")" \
    "GB, FR" "targets"

begin tag_from_a_query_with_seed
cat > "$T/phone.yaml" <<'YAML'
cibscope: 1
name: phone
from: selection
pivot: {on: [avatar_hash], max_share: 50}
YAML
run "$CIBSCOPE" tag "$T/d.db" ring --query "$T/phone.yaml" --seed "$tip"
expect_status 0
expect_out 'the query found [0-9]+'

begin tag_from_detection
run "$CIBSCOPE" tag "$T/d.db" found --from-detection 1 --on phone,avatar_hash \
    --max-share 20 --label cib
expect_status 0
expect_out 'as network "found" \(cib\)'

begin tag_refuses_two_ways_at_once
run "$CIBSCOPE" tag "$T/d.db" x --accounts 1 --from-detection 1
expect_status 2
expect_err 'one way'

begin tag_refuses_a_bad_technique
run "$CIBSCOPE" tag "$T/d.db" x --accounts 1 --ttp X12
expect_status 1
expect_err 'not a technique id'
expect_eq "$(sql "$T/d.db" "SELECT count(*) FROM networks WHERE name = 'x'")" \
    0 "no network"

begin list_shows_networks_with_counts
run "$CIBSCOPE" networks "$T/d.db" list
expect_status 0
expect_out '^ring +suspected +[0-9]+'
expect_out 'voip-farm \(demo\) +cib +30'

begin show_lists_members_and_sources
run "$CIBSCOPE" networks "$T/d.db" show ring
expect_status 0
expect_out '^origin: +XE'
expect_out 'accounts, pivot'

begin why_explains_membership
pivoted=$(sql "$T/d.db" "SELECT m.account_id FROM network_members m JOIN
    networks n ON n.id = m.network_id WHERE n.name = 'ring' AND
    json_extract(m.evidence, '\$[0].via') = 'pivot' AND
    json_extract(m.evidence, '\$[0].seed') IS NULL LIMIT 1")
run "$CIBSCOPE" networks "$T/d.db" why ring "$pivoted"
expect_status 0
expect_out 'added by alice'
expect_out 'shares avatar_hash [0-9a-f]+, held by [0-9]+ accounts'

begin why_as_json_is_the_evidence
run "$CIBSCOPE" networks "$T/d.db" why ring 1342 --format json
expect_status 0
expect_out '^\[\{"via":"accounts"'

begin why_refuses_a_non_member
run "$CIBSCOPE" networks "$T/d.db" why ring 1
expect_status 1
expect_err 'not in network'

begin relabel_rename_remove_members
run "$CIBSCOPE" networks "$T/d.db" relabel ring cib
expect_status 0
run "$CIBSCOPE" networks "$T/d.db" rename ring ring-7
expect_status 0
run "$CIBSCOPE" networks "$T/d.db" remove-members ring-7 1342
expect_status 0
expect_out 'removed 1 of 1'
expect_eq "$(sql "$T/d.db" "SELECT label FROM networks WHERE name = 'ring-7'")" \
    cib "label"

begin merge_combines_and_removes
run "$CIBSCOPE" networks "$T/d.db" merge ring-7 found
expect_status 0
expect_eq "$(sql "$T/d.db" "SELECT count(*) FROM networks WHERE name = 'ring-7'")" \
    0 "merged away"

begin log_lists_every_change
run "$CIBSCOPE" log "$T/d.db"
expect_status 0
for a in import pivot tag relabel rename remove-members merge; do
	grep -Eq " $a " "$T/out" || fail "log lacks $a"
done

begin log_filters_by_action_as_json
run "$CIBSCOPE" log "$T/d.db" --action relabel --format json
expect_status 0
expect_out '"action":"relabel"'
expect_out '"detail":\{"from":"suspected","to":"cib"\}'
expect_no_out '"action":"tag"'

begin log_since_a_date
run "$CIBSCOPE" log "$T/d.db" --since 2100-01-01
expect_status 0
expect_no_out ' tag '

begin remove_deletes_the_network
run "$CIBSCOPE" networks "$T/d.db" remove found
expect_status 0
expect_eq "$(sql "$T/d.db" "SELECT count(*) FROM networks WHERE name = 'found'")" \
    0 "removed"

begin replay_lists_the_recorded_steps
run "$CIBSCOPE" replay "$T/d.db" --list
expect_status 0
expect_out 'dana \(demo analyst\) pivoted on phone from 1 account'

begin replay_step_shows_membership
run "$CIBSCOPE" replay "$T/d.db" --step 4
expect_status 0
expect_out 'network "voip-farm \(demo\)": 30 members'

begin replay_tour_plays
run "$CIBSCOPE" replay "$T/d.db" --tour "$CIB_SRCDIR/share/tours/demo.yaml"
expect_status 0
expect_out 'Step 5 of 5: tag'
expect_out 'network "voip-farm \(demo\)": 30 members'

begin failing_writes_leave_the_case_as_it_was
# Each command fails part way; afterwards every row of every table is as
# before, the case_info records included.
printf 'not,a,vocabulary\n' >"$T/bad-vocab.csv"
printf '{"oops": \n' >"$T/bad-indicators.json"
printf 'id,name\nz1,"x"y\n' >"$T/bad.csv"
sqlite3 "$T/d.db" .dump >"$T/before.sql"
unchanged_after() {
	run "$CIBSCOPE" "$@"
	[ "$status" -ne 0 ] || fail "$*: succeeded"
	sqlite3 "$T/d.db" .dump >"$T/after.sql"
	cmp -s "$T/before.sql" "$T/after.sql" ||
	    fail "$*: the case changed: $(diff "$T/before.sql" \
	    "$T/after.sql" | head -3)"
}
unchanged_after tag "$T/d.db" ring2 --accounts "$tip" no-such-account
unchanged_after networks "$T/d.db" rename no-such other
unchanged_after networks "$T/d.db" merge no-such ring
unchanged_after networks "$T/d.db" remove-members ring no-such-account
unchanged_after indicators import "$T/d.db" "$T/bad-indicators.json"
unchanged_after vocab import "$T/d.db" "$T/bad-vocab.csv"
unchanged_after import "$T/d.db" "$T/bad.csv" --platform x --strict

finish
