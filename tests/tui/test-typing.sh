#!/bin/sh
# Typing into the `/` filter never waits for the filter: on a case of
# 200,000 accounts, with a pattern that takes the filter a good part of a
# second, each character typed shows on the prompt while the status line
# still says the filter is running; the count grows as rows come, and
# the last pattern's result is complete in the end.
. "$(dirname "$0")/lib.sh"
"$CIBSCOPE" demo --output "$T/big.db" --size 200000 >/dev/null 2>&1 \
    </dev/null || { echo "FAIL: cannot make the 200k demo case"; exit 1; }

begin each_key_is_echoed_before_the_filter_ends
start 100 24 "$T/big.db"
wait_for 'all \(200000\)' 20
# (.?){8} backtracks over every handle and name, and (*NO_START_OPT)
# keeps pcre2 from skipping a row that lacks the characters typed after
# it: a filter of a second or more at each key.
keys / '(*NO_START_OPT)(.?){8}'
wait_for '^/\(\*NO_START_OPT\)\(\.\?\)\{8\}'
typed='(*NO_START_OPT)(.?){8}'
for c in '#' '%' '&' '=' '~' '!' '#' '%'; do
	typed=$typed$c
	keys -l "$c"
	# The first screen that shows the key must show the filter running.
	n=0
	while shot=$(screen); ! echo "$shot" | tail -1 | grep -qF -- "/$typed"
	do
		n=$((n + 1))
		[ "$n" -lt 200 ] || break
		sleep 0.01
	done
	echo "$shot" | tail -1 | grep -qF -- "/$typed" ||
	    fail "\"$c\" was never echoed"
	echo "$shot" | grep -q ' | filtering [0-9]*% ' ||
	    fail "\"$c\" was echoed only after its filter ended"
done
# The last pattern runs to its end: no "+" on the count, nothing running.
wait_for "\\{8\\}#%&=~!#% \\(0\\)" 60
expect_no_screen 'filtering'
keys Escape
wait_for 'all \(200000\) *$'
quit_ok

begin rows_come_while_the_count_grows
start 100 24 "$T/big.db"
wait_for 'all \(200000\)' 20
keys / '(.?){12}e'
# Rows show before the filter is done: a count with "+" and a first row.
wait_for "> /\\(\\.\\?\\)\\{12\\}e \\([1-9][0-9]*\\+\\)" 10
wait_for "> /\\(\\.\\?\\)\\{12\\}e \\([0-9]+\\) *$" 60
expect_no_screen 'filtering'
keys Enter
wait_for '^Enter open'
quit_ok

finish
