#!/bin/sh
# Resizing to any size, down to 1x1 and back, never crashes; below a
# usable size the screen says so; the screen is whole again after.
. "$(dirname "$0")/lib.sh"
demo_case "$T/d.db"

begin survives_a_resize_storm
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
for size in 1x1 2x1 1x2 200x50 3x3 10x2 29x8 30x8 30x7 31x9 120x5 5x120 \
    99x30 100x30 101x30 1x1 250x80 40x10 80x24 13x4 200x50 1x1 80x24; do
	tm resize-window -x "${size%x*}" -y "${size#*x}" 2>/dev/null
	sleep 0.02
done
tm resize-window -x 80 -y 24
wait_for 'all \(3000\)'
expect_no_screen 'CIBSCOPE-EXIT'
expect_screen 'Handle'
quit_ok

begin says_when_the_terminal_is_too_small
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
tm resize-window -x 25 -y 6
wait_for 'Too small'
tm resize-window -x 80 -y 24
wait_for 'all \(3000\)'
quit_ok

begin resizes_during_every_view
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
for view in 2 3 '?' p /; do
	keys "$view"
	for size in 1x1 200x50 20x5 60x12 80x24; do
		tm resize-window -x "${size%x*}" -y "${size#*x}" 2>/dev/null
		sleep 0.03
	done
	keys Escape 1
done
wait_for 'all \(3000\)'
expect_no_screen 'CIBSCOPE-EXIT'
quit_ok

finish
