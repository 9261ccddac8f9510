#!/bin/sh
# `:export` writes a saved network from the screen through the same code
# as `cibscope export`: the network selected in the networks view, or one
# named, to NETWORK.EXT in the current directory or a given file, and
# never over a file that is already there.
. "$(dirname "$0")/lib.sh"
demo_case "$T/d.db"
mkdir -p "$T/out"
cd "$T/out" || exit 1

begin exports_the_selected_network_as_markdown
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys Tab Enter
wait_for '> avatar_hash .*\(198\)'
keys Space Space Space
wait_for '3 marked'
keys : 'tag op-avatar cib' Enter
wait_for 'Tagged 3 accounts as network op-avatar'
keys 2
wait_for 'op-avatar +cib +3 members'
keys : 'export markdown' Enter
wait_for 'Wrote network op-avatar as markdown to'
[ -s "$T/out/op-avatar.md" ] || fail "no op-avatar.md"
grep -q 'op-avatar' "$T/out/op-avatar.md" 2>/dev/null ||
    fail "the report does not name the network"
quit_ok

begin the_export_is_what_the_batch_command_writes
"$CIBSCOPE" export "$T/d.db" op-avatar --format markdown -o "$T/batch.md" \
    >/dev/null 2>&1
cmp -s "$T/batch.md" "$T/out/op-avatar.md" ||
    fail "the screen's export differs from cibscope export"

begin refuses_to_overwrite
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys 2
wait_for 'op-avatar +cib'
before=$(cksum <"$T/out/op-avatar.md")
echo "not a report" >"$T/out/op-avatar.md"
keys : 'export markdown' Enter
wait_for 'File op-avatar\.md exists: not overwritten'
expect_eq "$(cat "$T/out/op-avatar.md")" "not a report" "file kept"
quit_ok

begin exports_a_named_network_to_a_given_file
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys : 'export op-avatar csv mine.csv' Enter
# The path may be cut to the screen's width: the file itself is checked.
wait_for 'Wrote network op-avatar as csv to '
grep -q 'op-avatar' "$T/out/mine.csv" 2>/dev/null ||
    fail "mine.csv lacks the network"
quit_ok

begin without_a_selection_says_what_to_do
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys : 'export json' Enter
wait_for 'No saved network selected'
[ ! -e "$T/out/op-avatar.json" ] || fail "wrote a file anyway"
quit_ok

begin an_unknown_network_leaves_no_file
# The message starts with the case's path: a wide screen keeps it whole.
start 200 50 "$T/d.db"
wait_for 'all \(3000\)'
keys : 'export nonesuch json' Enter
wait_for 'no network named'
[ ! -e "$T/out/nonesuch.json" ] || fail "left a file behind"
quit_ok

begin a_bad_format_lists_the_formats
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys : 'export op-avatar pdf' Enter
wait_for 'Usage: :export \[NETWORK\] FORMAT \[FILE\]'
quit_ok

finish
