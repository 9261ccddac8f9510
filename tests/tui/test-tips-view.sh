#!/bin/sh
# The tips view (key 4) lists the partners' tips in the case with their
# indicators per kind and the accounts they hit; Enter opens a tip's hits
# as a list with their evidence, the same accounts `cibscope tips match`
# reports, which can be marked and tagged as a network. A case without
# tips says so; a tip's name with an escape sequence shows escaped.
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 program absent"; exit 77; }
demo_case "$T/d.db"
cp "$T/d.db" "$T/none.db"

dom=$(sql "$T/d.db" "SELECT value FROM attribute_stats WHERE kind =
    'domain' AND accounts BETWEEN 2 AND 6 ORDER BY value LIMIT 1")
set -- $(sql "$T/d.db" "SELECT platform || ' ' || native_id || ' ' || handle
    FROM accounts ORDER BY id DESC LIMIT 1")
cat >"$T/tip.json" <<JSON
{"type": "bundle", "id": "bundle--0b6f2d4e-5a43-4c1e-8f0e-7a1d2c3b4a59",
 "objects": [
  {"type": "campaign", "id": "campaign--1", "name": "Glasshouse"},
  {"type": "identity", "id": "identity--1", "name": "Partner Lab"},
  {"type": "indicator", "id": "indicator--1", "pattern_type": "stix",
   "pattern": "[domain-name:value = '$dom']"},
  {"type": "indicator", "id": "indicator--2", "pattern_type": "stix",
   "pattern": "[domain-name:value = 'nobody-has-this.example']"},
  {"type": "user-account", "id": "user-account--1",
   "account_type": "$1", "user_id": "$2", "account_login": "$3"}
 ]}
JSON
cat >"$T/evil.json" <<JSON
{"type": "bundle", "id": "bundle--1c6f2d4e-5a43-4c1e-8f0e-7a1d2c3b4a60",
 "objects": [
  {"type": "indicator", "id": "indicator--1", "pattern_type": "stix",
   "pattern": "[domain-name:value = 'evil.example']"}
 ]}
JSON
esc=$(printf '\033')
"$CIBSCOPE" tips import "$T/d.db" "$T/tip.json" >/dev/null ||
    { echo "FAIL: tips import"; exit 1; }
"$CIBSCOPE" tips import "$T/d.db" "$T/evil.json" --name "Evil${esc}[2JTip" \
    >/dev/null || { echo "FAIL: tips import of the hostile name"; exit 1; }
want=$("$CIBSCOPE" tips match "$T/d.db" --tip Glasshouse --format csv |
    tail -n +2 | wc -l | tr -d ' ')
nind=$(sql "$T/d.db" "SELECT count(*) FROM indicators WHERE network =
    'Glasshouse'")
ndom=$(sql "$T/d.db" "SELECT count(*) FROM indicators WHERE network =
    'Glasshouse' AND kind = 'domain'")

begin the_view_lists_each_tip_with_its_counts
[ "$want" -ge 2 ] || fail "the tip hits only $want accounts"
start 200 30 "$T/d.db"
wait_for 'all \(3000\)'
keys 4
wait_for 'Tips \(2; Enter opens'
wait_for "Glasshouse +$nind +$want +domain $ndom"
expect_screen 'tip tip.json; bundle--0b6f2d4e'
expect_screen 'Evil\^\[\[2JTip'
if screen | grep -q "$esc"; then
	fail "raw escape on the screen"
fi

begin enter_opens_the_hits_with_their_evidence
# The tips come by name, byte order: "Evil..." first, Glasshouse next.
keys j Enter
wait_for "> tip Glasshouse \\($want\\)" 20
expect_screen "$3"
# The evidence column: what of the account matched the tip.
expect_screen 'Evidence'
expect_screen 'sql=(domain|post link|handle|native id) '

begin the_hits_are_tagged_as_a_network
keys : 'tag glass-hits suspected' Enter
wait_for "Tagged $want accounts as network glass-hits"
quit_ok
line=$("$CIBSCOPE" networks "$T/d.db" show glass-hits 2>&1)
printf '%s\n' "$line" | grep -Eq "^members: +$want\$" ||
    fail "cibscope networks show glass-hits: $line"
expect_eq "$(sql "$T/d.db" "SELECT count(*) FROM network_members m JOIN
    networks n ON n.id = m.network_id WHERE n.name = 'glass-hits' AND
    m.evidence LIKE '%Glasshouse%'")" "$want" "members with the tip as evidence"

begin a_case_without_tips_says_so
start 120 24 "$T/none.db"
wait_for 'all \(3000\)'
keys 4
wait_for 'No tips in this case: cibscope tips import'
keys Enter
expect_screen 'Tips \(0'
quit_ok

finish
