#!/bin/sh
# n and N search while keys are answered: on a case of 200,000 accounts,
# with a slow pattern that matches one row near the end only, the status
# line says the search runs, j and k move the cursor and typed text
# shows meanwhile, and then the cursor lands on the row found. A cursor
# moved meanwhile stays where it was put and the message says where the
# match is; Esc stops the search; a new n starts again from the cursor;
# leaving the list drops the search.
. "$(dirname "$0")/lib.sh"
"$CIBSCOPE" demo --output "$T/big.db" --size 200000 >/dev/null 2>&1 \
    </dev/null || { echo "FAIL: cannot make the 200k demo case"; exit 1; }

# The needle: a row near the end whose handle no other row has as its
# handle or name, so that /^handle$/ matches it alone.
set -- $(sql "$T/big.db" "SELECT a.id || ' ' || a.handle FROM accounts a WHERE
    a.id > 199000 AND a.handle NOT GLOB '*[^a-z0-9_]*' AND (SELECT
    count(*) FROM accounts b WHERE b.handle = a.handle OR b.display_name =
    a.handle) = 1 ORDER BY a.id LIMIT 1")
row=${1:?no needle in the demo case}
needle=$2
# (.?){8} backtracks at every place of every handle and name, and
# (*NO_START_OPT) keeps pcre2 from skipping the rows that lack the
# needle's characters: a search through the list takes seconds.
pattern="(*NO_START_OPT)(.?){8}^$needle\$"

# open: the case on the screen with the pattern as the last regex (typed
# into the filter, kept with Enter, and the filter's list left again).
open() {
	start 120 24 "$T/big.db"
	wait_for 'all \(200000\)' 20
	keys / "$pattern" Enter
	wait_for '> /\(\*NO_START_OPT\)'
	keys BSpace
	wait_for 'all \(200000\) *$'
	expect_screen '\| row 1 \|'
}

begin keys_are_answered_while_n_searches
open
keys n
wait_for '\| searching /.*/ [0-9]+%'
# The long pattern is cut on the status line, which still ends with the
# view's name.
expect_screen '\| searching /\(\*NO_START_OPT\)\(\.\?\)\{8\}\^[^/]{0,4}(…|~)/ [0-9]+% \| accounts'
expect_no_screen "$needle\\\$/"
keys j
first_shot '| row 2 |' &&
    { echo "$shot" | grep -q '| searching /' ||
    fail "j was answered only after the search ended"; }
keys k
first_shot '| row 1 |' &&
    { echo "$shot" | grep -q '| searching /' ||
    fail "k was answered only after the search ended"; }
# The cursor is back where the search started: it lands on the needle.
wait_for "\\| row $row \\|" 60
expect_no_screen '\| searching '
expect_screen "$needle"
quit_ok

begin typing_shows_while_n_searches
open
keys n
wait_for '\| searching /.*/ [0-9]+%'
keys : 
keys -l 'tz UTC'
first_shot ':tz UTC' &&
    { echo "$shot" | grep -q '| searching /' ||
    fail "the typing showed only after the search ended"; }
keys Escape
wait_gone '^:tz UTC'
wait_for "\\| row $row \\|" 60
quit_ok

begin a_moved_cursor_stays_and_the_message_says_where
open
keys n
wait_for '\| searching /.*/ [0-9]+%'
keys j j
wait_for '\| row 3 \|'
wait_for "matches row $row \\(the cursor was moved" 60
expect_screen '\| row 3 \|'
expect_no_screen '\| searching '
quit_ok

begin a_new_n_searches_from_the_new_cursor
open
keys n
wait_for '\| searching /.*/ [0-9]+%'
keys j
wait_for '\| row 2 \|'
keys n
wait_for "\\| row $row \\|" 60
expect_no_screen 'the cursor was moved'
# Backward from there goes around the whole list to the needle again.
keys N
wait_for '\| searching /.*/ [0-9]+%'
wait_for 'Search wrapped around' 60
expect_screen "\\| row $row \\|"
quit_ok

begin esc_stops_the_search
open
keys n
wait_for '\| searching /.*/ [0-9]+%'
keys Escape
wait_for 'Search stopped'
expect_no_screen '\| searching '
expect_screen '\| row 1 \|'
quit_ok

begin leaving_the_list_drops_the_search
open
keys n
wait_for '\| searching /.*/ [0-9]+%'
# A new filter is a new list on top: the search of the list below ends.
keys / z z z
wait_for '> /zzz \('
wait_gone '\| searching ' 5
keys Escape
wait_for 'all \(200000\) *$'
expect_no_screen '\| searching '
expect_no_screen 'matches row'
expect_screen '\| row 1 \|'
quit_ok

finish
