#!/bin/sh
# Enter on an attribute in the detail pivots to every account sharing it,
# with the evidence column and a breadcrumb; a second pivot goes one step
# further; Backspace walks back with the cursor where it was left.
. "$(dirname "$0")/lib.sh"
demo_case "$T/d.db"

for size in "80 24" "200 50"; do
	begin "pivots_twice_and_goes_back_at_${size% *}x${size#* }"
	start ${size% *} ${size#* } "$T/d.db"
	wait_for 'all \(3000\)'
	keys j j
	wait_for 'row 3 '
	# The detail opens on the first value: the avatar shared by 198.
	keys Tab Enter
	wait_for 'all \(3000\) > avatar_hash [0-9a-f]+.* \(198\)'
	expect_screen 'Evidence'
	expect_screen 'avatar_hash='
	expect_screen '198 accounts'
	keys j j j j
	wait_for 'row 5 '
	# The last value of this account, whichever it is.
	keys Tab G Enter
	# A narrow screen keeps the newest end of the trail.
	wait_for '(\(198\)|\.\.\.) > [a-z_]+ [^>]+ \([0-9]+\) *$'
	keys BSpace
	wait_for 'all \(3000\) > avatar_hash [0-9a-f]+.* \(198\) *$'
	expect_screen '198 accounts \| row 5 '
	keys BSpace
	wait_for 'all \(3000\) *$'
	expect_screen '3000 accounts \| row 3 '
	# At the bottom of the stack Backspace says so and stays.
	keys BSpace
	wait_for 'nothing to go back to'
	quit_ok
done

begin pivots_on_a_whole_kind_from_the_command_line
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys : 'pivot created_day' Enter
wait_for 'all \(3000\) > created_day \*'
quit_ok

begin every_pivot_is_in_the_audit_trail
n=$(sql "$T/d.db" "SELECT count(*) FROM audit WHERE action = 'pivot'")
[ "$n" -ge 5 ] || fail "only $n pivots audited"

finish
