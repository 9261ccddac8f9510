#!/bin/sh
# Text from the case is hostile. Names, bios and attribute values made of
# the Big List of Naughty Strings, plus escape sequences that would set
# the window title, fill the clipboard or move the cursor, are shown
# sanitized: the pane title stays, no paste buffer appears, the screen
# holds no raw escape character, and the program carries on.
. "$(dirname "$0")/lib.sh"
blns="${CIB_DATA:-$CIB_SRCDIR/../shared/data}/badinput/naughty/blns.txt"
if [ ! -r "$blns" ]; then
	echo "no $blns: skipping"
	exit 77
fi

esc=$(printf '\033')
bel=$(printf '\007')
cr=$(printf '\r')
bs=$(printf '\010')
# One CSV field: quoted, quotes doubled.
field() {
	printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"
}
{
	echo 'id,handle,name,bio,device'
	n=0
	{
		grep -v '^#' "$blns" | grep -v '^$'
		printf '%s\n' "${esc}]0;PWNED-TITLE${bel}" \
		    "${esc}]2;PWNED-TITLE${esc}\\" \
		    "${esc}]52;c;UFdORUQtQ0xJUA==${bel}" \
		    "${esc}[2J${esc}[H${esc}[31mRED" \
		    "${esc}P+q544e${esc}\\" \
		    "hidden${cr}shown${bs}${bs}" \
		    "$(printf 'a\342\200\256evil\342\200\254b')" \
		    "$(printf 'zero\342\200\213width\357\273\277')"
	} | while IFS= read -r line; do
		n=$((n + 1))
		printf '%d,%s,%s,%s,%s\n' "$n" "$(field "$line")" \
		    "$(field "$line")" "$(field "$line")" "$(field "dev-$((n % 7))$line")"
	done
} >"$T/bad.csv"
cat >"$T/map.yaml" <<'MAP'
format: csv
platform: naughty
account:
  native_id: id
  handle: handle
  display_name: name
  bio: bio
attributes:
  - {column: device, kind: device}
MAP
"$CIBSCOPE" new "$T/bad.db" --name 'naughty' >/dev/null 2>&1 ||
    { echo "FAIL: cibscope new"; exit 1; }
"$CIBSCOPE" import "$T/bad.db" "$T/bad.csv" --map "$T/map.yaml" \
    >"$T/import.log" 2>&1 || { echo "FAIL: import"; cat "$T/import.log"; exit 1; }

check_clean() {
	title=$(tm display -p '#{pane_title}')
	[ "$title" = "$title0" ] || fail "pane title changed to '$title'"
	bufs=$(tm list-buffers 2>/dev/null)
	[ -z "$bufs" ] || fail "a paste buffer appeared: $bufs"
	if screen | grep -q "$esc"; then
		fail "raw escape on the screen"
	fi
	expect_no_screen 'CIBSCOPE-EXIT'
}

for size in "80 24" "200 50"; do
	begin "hostile_text_stays_on_screen_at_${size% *}x${size#* }"
	start ${size% *} ${size#* } "$T/bad.db"
	tm set-option -g set-clipboard on
	title0=$(tm display -p '#{pane_title}')
	wait_for 'naughty +all \([0-9]+\)'
	# Every page of the list, with the detail of a row on each.
	i=0
	while [ $i -lt 40 ]; do
		keys PageDown Tab j j Enter
		keys Escape BSpace Tab
		i=$((i + 1))
	done
	keys G Tab G
	check_clean
	# The hand-made sequences are shown as carets.
	keys : 'filter PWNED' Enter
	wait_for '> /PWNED \([0-9]+\)'
	wait_for '\^\[\]0;PWNED-TITLE\^G'
	keys Tab
	check_clean
	keys BSpace
	wait_for "all \\([0-9]+\\) *\$"
	keys / e v i l Enter
	wait_for '<U\+202E>evil<U\+202C>b'
	check_clean
	quit_ok
done

finish
