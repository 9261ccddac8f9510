#!/bin/sh
# `?` shows the help made from the key-binding table and the commands;
# themes switch from the command line.
. "$(dirname "$0")/lib.sh"
demo_case "$T/d.db"

begin help_lists_keys_actions_and_commands
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys '?'
wait_for 'Help: keys and commands'
expect_screen 'Everywhere'
expect_screen '/ +filter +filter the list by a regex'
expect_screen 'p C-p +query-palette'
keys G
wait_for ':quit'
expect_screen ':pivot +KIND \[VALUE\]'
keys q
wait_gone 'Help: keys and commands'
expect_screen 'all \(3000\)'
quit_ok

begin help_from_the_command_line
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys : help Enter
wait_for 'Help: keys and commands'
keys Escape
wait_gone 'Help: keys'
quit_ok

begin command_line_completes_and_remembers
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys : pi Tab
wait_for '^:pivot *$'
keys cre Tab
wait_for '^:pivot created_day *$'
keys Enter
wait_for '> created_day \*'
keys : Up
wait_for '^:pivot created_day'
keys Escape
quit_ok

begin switches_themes
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys : 'theme mono' Enter
wait_for 'Theme monochrome'
keys : 'theme light' Enter
wait_for 'Theme light'
keys : 'theme nonesuch' Enter
wait_for 'No theme "nonesuch"'
expect_screen 'all \(3000\)'
quit_ok

finish
