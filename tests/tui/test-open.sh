#!/bin/sh
# Opening a case shows the accounts, the detail of the first one and the
# status line, at 80x24 and at 200x50; q leaves with status 0 and the
# terminal as it was.
. "$(dirname "$0")/lib.sh"
demo_case "$T/d.db"

begin opens_the_demo_case_at_80x24
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
expect_screen 'Handle +Display name'
expect_screen 'Attributes \(Enter pivots\)'
expect_screen '3000 accounts \| row 1'
quit_ok

begin opens_the_demo_case_at_200x50_side_by_side
start 200 50 "$T/d.db"
wait_for 'all \(3000\)'
# At this width the detail sits beside the list, with every column.
expect_screen 'Handle.*Display name.*Platform.*Created.*Followers.*Network.*Account 1'
expect_screen 'platform +chirp'
quit_ok

begin moves_with_vi_keys_arrows_and_pages
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys j j Down
wait_for 'row 4 '
keys PageDown
wait_for 'row 1[0-9] '
keys G
wait_for 'row 3000 '
keys g
wait_for 'row 1 '
quit_ok

begin tab_moves_between_panes
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys Tab j Tab j
wait_for 'row 2 '
quit_ok

begin a_piped_open_prints_the_summary
"$CIBSCOPE" "$T/d.db" >"$T/out" 2>&1 </dev/null
grep -q 'accounts' "$T/out" || fail "no summary: $(cat "$T/out")"

finish
