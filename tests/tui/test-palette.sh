#!/bin/sh
# The saved-query palette lists the queries on the search path, narrows
# as one types, asks for parameters with their defaults, and runs the
# query on the account under the cursor (or the marked ones).
. "$(dirname "$0")/lib.sh"
demo_case "$T/d.db"

begin lists_and_filters_saved_queries
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys p
wait_for 'Saved queries \([0-9]+ of [0-9]+\)'
expect_screen 'co-link-60s +The same link'
keys p h o n e
wait_for 'shared-phone +Accounts sharing a phone number'
keys BSpace BSpace BSpace BSpace BSpace s h a r e d - e m
wait_for 'Saved queries \(1 of [0-9]+\)'
expect_screen 'shared-email'
expect_no_screen 'shared-phone'
keys Escape
wait_gone 'Saved queries'
quit_ok

begin runs_a_query_with_its_parameter_prompt
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys p
wait_for 'Saved queries'
keys shared-phone Enter
wait_for 'max_share .*: 50'
keys Enter
wait_for 'all \(3000\) > query shared-phone \([0-9]+\)'
expect_screen 'Ran query shared-phone from 1 account'
quit_ok

begin runs_a_query_from_the_marked_accounts
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys Space Space Space Space
wait_for '4 marked'
keys p
wait_for 'Saved queries'
keys shared-avatar Enter
wait_for 'max_share'
keys Enter
wait_for '> query shared-avatar \([0-9]+\)'
expect_screen 'from 4 marked accounts'
quit_ok

begin runs_a_query_from_the_command_line_with_parameters
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys : 'query name-plus-digits' Enter
wait_for '> query name-plus-digits \([0-9]+\)'
quit_ok

begin the_query_run_is_audited
n=$(sql "$T/d.db" "SELECT count(*) FROM audit WHERE action = 'query'")
[ "$n" -ge 3 ] || fail "only $n queries audited"

finish
