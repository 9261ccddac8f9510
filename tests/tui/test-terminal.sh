#!/bin/sh
# The terminal, whatever it is: TERM unset or unknown gives a message and
# no screen; NO_COLOR and a non-UTF-8 locale still give a readable screen;
# SIGTERM, SIGHUP and a crash signal leave the terminal as it was.
. "$(dirname "$0")/lib.sh"
demo_case "$T/d.db"

begin term_unset_says_so
RUN_ENV="-u TERM" start 80 24 "$T/d.db"
wait_for 'CIBSCOPE-EXIT=1'
expect_screen 'TERM is not set'

begin an_unknown_term_says_so
RUN_ENV="TERM=no-such-terminal-xyz" start 80 24 "$T/d.db"
wait_for 'CIBSCOPE-EXIT=1'
expect_screen 'unknown terminal type'

begin no_color_still_draws
RUN_ENV="NO_COLOR=1" start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
tm capture-pane -p -e | grep -q '38;5;' && fail "colours despite NO_COLOR"
quit_ok

begin an_8_colour_terminal_draws
RUN_ENV="TERM=screen" start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
quit_ok

begin a_c_locale_draws_ascii
RUN_ENV="LC_ALL=C" start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys / 'mark ' Enter
wait_for '<U\+1F33F>'
keys Space
wait_for '^\* '
quit_ok

for sig in TERM HUP SEGV; do
	begin "sig${sig}_restores_the_terminal"
	start 80 24 "$T/d.db"
	wait_for 'all \(3000\)'
	pid=$(program_pid) || { fail "no program"; continue; }
	kill -s "$sig" "$pid"
	wait_for 'CIBSCOPE-EXIT=[0-9]+'
	expect_eq "$(tm display -p '#{alternate_on}')" 0 "alternate screen left"
	expect_eq "$(tm display -p '#{cursor_flag}')" 1 "cursor shown"
	expect_no_screen 'all \(3000\)'
done

finish
