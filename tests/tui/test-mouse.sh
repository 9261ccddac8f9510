#!/bin/sh
# The mouse: a click picks a row, the wheel scrolls three rows, a click on
# a column title sorts by it (again: reversed), a click in another pane
# moves the focus there. Sorting, by key or click, keeps the cursor on
# the account it was on.
. "$(dirname "$0")/lib.sh"
demo_case "$T/d.db"

# status_row: the ordinal the status line shows.
status_row() {
	screen | sed -n 's/.* | row \([0-9]*\) | .*/\1/p'
}

# detail_account: the case id the detail pane shows.
detail_account() {
	screen | sed -n '2s/.*│ Account \([0-9]*\).*/\1/p'
}

begin a_click_picks_the_row
start 100 24 "$T/d.db"
wait_for 'all \(3000\)'
# Line 0 is the title, line 1 the column titles, line 2 the first row.
mouse 0 5 9
wait_for ' row 8 '
mouse 0 5 2
wait_for ' row 1 '
quit_ok

begin the_wheel_scrolls_three_rows
start 100 24 "$T/d.db"
wait_for 'all \(3000\)'
mouse 65 5 6
wait_for ' row 4 '
mouse 65 5 6
wait_for ' row 7 '
mouse 64 5 6
wait_for ' row 4 '
quit_ok

begin a_click_on_a_title_sorts_and_keeps_the_account
start 100 24 "$T/d.db"
wait_for 'all \(3000\)'
keys j j j j j
wait_for ' row 6 '
before=$(detail_account)
[ -n "$before" ] || fail "no account in the detail pane"
# "Created" starts at column 40 at this width.
mouse 0 42 1
wait_for 'sort created asc'
expect_screen 'Created \^'
expect_eq "$(detail_account)" "$before" "the account under the cursor"
[ "$(status_row)" != 6 ] || fail "the list did not change order"
mouse 0 42 1
wait_for 'sort created desc'
expect_screen 'Created v'
expect_eq "$(detail_account)" "$before" "the account, reversed"
quit_ok

begin a_click_in_the_detail_pane_moves_the_focus
start 100 24 "$T/d.db"
wait_for 'all \(3000\)'
wait_for '│ created_day \('
# The value under the kind's title, clicked, then Enter pivots on it.
y=$(screen | grep -n '│ created_day (' | head -1 | cut -d: -f1)
mouse 0 70 "$y"
keys Enter
wait_for 'all \(3000\) > created_day'
quit_ok

begin a_double_click_on_a_detail_line_pivots
start 100 24 "$T/d.db"
wait_for 'all \(3000\)'
wait_for '│ created_day \('
y=$(screen | grep -n '│ created_day (' | head -1 | cut -d: -f1)
# Two presses on one cell, quickly: a double click.
mouse 0 70 "$y"
mouse 0 70 "$y"
wait_for 'all \(3000\) > created_day'
quit_ok

begin two_clicks_far_apart_in_time_are_two_clicks
start 100 24 "$T/d.db"
wait_for 'all \(3000\)'
wait_for '│ created_day \('
y=$(screen | grep -n '│ created_day (' | head -1 | cut -d: -f1)
mouse 0 70 "$y"
sleep 0.6
mouse 0 70 "$y"
sleep 0.3
expect_no_screen 'all \(3000\) >'
quit_ok

begin sorting_by_key_keeps_the_cursor_on_the_account
start 100 24 "$T/d.db"
wait_for 'all \(3000\)'
keys j j j j j j j j j j
wait_for ' row 11 '
before=$(detail_account)
keys s
wait_for 'sort handle asc'
expect_eq "$(detail_account)" "$before" "the account after s"
[ "$(status_row)" != 11 ] || fail "the list did not change order"
keys S
wait_for 'sort handle desc'
expect_eq "$(detail_account)" "$before" "the account after S"
quit_ok

finish
