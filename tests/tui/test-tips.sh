#!/bin/sh
# A tip imported with `cibscope tips import` shows its hits on the screen:
# the saved query matches-tip, picked from the palette with the tip's
# name, lists the accounts the tip names and those that share its domain.
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 program absent"; exit 77; }
demo_case "$T/d.db"

dom=$(sql "$T/d.db" "SELECT value FROM attribute_stats WHERE kind =
    'domain' AND accounts BETWEEN 2 AND 6 ORDER BY value LIMIT 1")
set -- $(sql "$T/d.db" "SELECT platform || ' ' || native_id || ' ' || handle FROM accounts
    ORDER BY id DESC LIMIT 1")
cat >"$T/tip.json" <<JSON
{"type": "bundle", "id": "bundle--0b6f2d4e-5a43-4c1e-8f0e-7a1d2c3b4a59",
 "objects": [
  {"type": "campaign", "id": "campaign--1", "name": "Glasshouse"},
  {"type": "indicator", "id": "indicator--1", "pattern_type": "stix",
   "pattern": "[domain-name:value = '$dom']"},
  {"type": "user-account", "id": "user-account--1",
   "account_type": "$1", "user_id": "$2", "account_login": "$3"}
 ]}
JSON
handle=$3
"$CIBSCOPE" tips import "$T/d.db" "$T/tip.json" >/dev/null ||
    { echo "FAIL: tips import"; exit 1; }
want=$("$CIBSCOPE" tips match "$T/d.db" --tip Glasshouse --format csv |
    tail -n +2 | wc -l | tr -d ' ')

begin the_tip_query_shows_the_hits
[ "$want" -ge 2 ] || fail "the tip hits only $want accounts"
start 100 30 "$T/d.db"
wait_for 'all \(3000\)'
keys p
wait_for 'Saved queries'
keys matches-tip
wait_for 'matches-tip +Accounts that hit a partner'
keys Enter
wait_for 'tip .*:'
keys Glasshouse Enter
wait_for "> query matches-tip \\($want\\)"
expect_screen "$handle"
quit_ok

finish
