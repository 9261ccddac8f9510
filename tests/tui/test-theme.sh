#!/bin/sh
# Themes are the YAML files of themes/: every shipped one brings the screen
# up, `:theme` switches live and completes theme names, a broken theme
# file says FILE:LINE:COL and the default is used, NO_COLOR leaves only
# attributes, and an 8-colour terminal gets a screen from the same theme.
. "$(dirname "$0")/lib.sh"
demo_case "$T/d.db"
export CIBSCOPE_THEME_PATH="$CIB_SRCDIR/themes"
# A configuration directory of our own, so no other test's themes count.
export XDG_CONFIG_HOME="$T/config"
unset CIBSCOPE_THEME NO_COLOR

# sgr: the parameters of the screen's SGR escapes, one a line;
# colours: those that set a colour (30-38, 40-48, 90-107; tmux writes 39
# and 49, the terminal's own colours, after every change).
sgr() {
	tm capture-pane -p -e 2>/dev/null |
	    grep -o "$(printf '\033')\[[0-9;]*m" |
	    sed -e 's/^.\[//' -e 's/m$//' | tr ';' '\n'
}
colours() {
	sgr | grep -E '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$'
}

for theme in $(cd "$CIB_SRCDIR/themes" && ls *.yaml | sed 's/\.yaml$//'); do
	begin "starts_with_the_${theme}_theme"
	start 80 24 --theme "$theme" "$T/d.db"
	wait_for 'all \(3000\)'
	expect_screen '\| 3000 accounts \|'
	keys : theme Enter
	wait_for "^Theme $theme \(256 colours\)"
	expect_no_screen 'does not load|no such theme'
	quit_ok
done

begin the_theme_comes_from_the_environment
RUN_ENV="CIBSCOPE_THEME=high-contrast" start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys : theme Enter
wait_for '^Theme high-contrast '
quit_ok

begin switches_theme_live
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
before=$(tm capture-pane -p -e)
keys : 'theme light' Enter
wait_for '^Theme light \(256 colours\)'
after=$(tm capture-pane -p -e)
[ "$before" != "$after" ] || fail "the colours did not change"
# light sets its own white paper: 48;5;231 is #ffffff.
tm capture-pane -p -e | grep -q '48;5;231' ||
    fail "no white background after :theme light"
expect_screen 'all \(3000\)'
keys : 'theme default' Enter
wait_for '^Theme default '
quit_ok

begin completes_theme_names
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys : 'theme high' Tab
wait_for '^:theme high-contrast *$'
keys Enter
wait_for '^Theme high-contrast '
keys : 'theme colorb' Enter
wait_for '^Theme colorblind '
quit_ok

begin an_unknown_theme_keeps_the_one_in_use
start 80 24 --theme light "$T/d.db"
wait_for 'all \(3000\)'
keys : 'theme nonesuch' Enter
wait_for 'No theme "nonesuch" \(.*light'
keys : theme Enter
wait_for '^Theme light '
quit_ok

begin an_unknown_theme_at_start_says_so
start 120 24 --theme nonesuch "$T/d.db"
wait_for 'all \(3000\)'
wait_for '^No theme "nonesuch" \(.*presentation\)'
keys : theme Enter
wait_for '^Theme default '
quit_ok

mkdir -p "$T/config/cibscope/themes"
cat >"$T/config/cibscope/themes/broken.yaml" <<'YAML'
cibscope: 1
roles:
  title: {fg: "#5fafff"}
  labl-cib: red
YAML

begin a_broken_theme_at_start_gives_file_line_col
start 200 30 --theme broken "$T/d.db"
wait_for 'all \(3000\)'
wait_for 'broken\.yaml:4:3: unknown role "labl-cib"'
expect_screen '\| 3000 accounts \|'
expect_screen 'Handle +Display name'
keys : theme Enter
wait_for '^Theme default '
quit_ok

begin a_broken_theme_on_switch_gives_file_line_col
start 200 30 --theme light "$T/d.db"
wait_for 'all \(3000\)'
keys : 'theme broken' Enter
wait_for 'broken\.yaml:4:3: unknown role'
expect_screen 'all \(3000\)'
keys : theme Enter
wait_for '^Theme default '
quit_ok

begin no_color_gives_attributes_only
for theme in default light presentation; do
	RUN_ENV="NO_COLOR=1" start 80 24 --theme "$theme" "$T/d.db"
	wait_for 'all \(3000\)'
	n=$(colours | wc -l)
	expect_eq "$n" 0 "colour escapes with NO_COLOR ($theme)"
	# The selected row still stands out: reverse video.
	sgr | grep -qx 7 || fail "no reverse video with NO_COLOR ($theme)"
	keys : theme Enter
	wait_for '^Theme .*\(no colour\)'
	quit_ok
done

begin an_8_colour_terminal_gets_ansi_colours
RUN_ENV="TERM=xterm" start 80 24 --theme light "$T/d.db"
wait_for 'all \(3000\)'
keys : theme Enter
wait_for '^Theme light \(8 colours\)'
tm capture-pane -p -e | grep -q '38;5;' && fail "256-colour escapes on xterm"
[ "$(colours | wc -l)" -gt 0 ] || fail "no colours on xterm"
keys : 'theme colorblind' Enter
wait_for '^Theme colorblind \(8 colours\)'
expect_screen 'Handle +Display name'
quit_ok

finish
