#!/bin/sh
# `/` narrows the list by a regex as it is typed; Enter keeps it as a
# level of the breadcrumb, Esc puts the list back; a bad pattern is shown
# with its offset on the status line; n finds the next match.
. "$(dirname "$0")/lib.sh"
demo_case "$T/d.db"

begin filters_as_you_type
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys / e m m
wait_for 'all \(3000\) > /emm \([0-9]+\)'
keys a
wait_for '> /emma \([0-9]+\)'
# Every row shown matches in its handle or its name.
rows=$(screen | sed -n '3,10p' | grep -vic 'emma' || true)
[ "$rows" -eq 0 ] || fail "$rows rows without emma"
keys Enter
wait_for '^Enter open'
expect_screen '> /emma \([0-9]+\)'
quit_ok

begin esc_puts_the_list_back
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys / z z z
wait_for '> /zzz \(0\)'
expect_screen 'No accounts in this list'
keys Escape
wait_for 'all \(3000\) *$'
quit_ok

begin a_bad_pattern_shows_its_offset
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys / 'ab(c'
wait_for 'missing closing parenthesis at offset 4'
keys Escape
wait_for 'all \(3000\) *$'
quit_ok

begin filters_one_field_with_field_colon
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys / 'platform:^vidtok$' Enter
wait_for '> /platform:\^vidtok\$ \([0-9]+\)'
rows=$(screen | sed -n '3,10p' | grep -vc ' vidtok ' || true)
[ "$rows" -eq 0 ] || fail "$rows rows of another platform"
quit_ok

begin n_finds_the_next_match_in_the_whole_list
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys / emma_s Enter
wait_for '> /emma_s \('
keys BSpace
wait_for 'all \(3000\) *$'
keys n
wait_for 'row 3 '
keys n
wait_for 'row 4 '
keys N
wait_for 'row 3 '
quit_ok

finish
