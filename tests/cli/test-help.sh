#!/bin/sh
# Every command explains itself: `cibscope CMD --help` and `cibscope help
# CMD` print the same synopsis, options, example and exit status, made from
# the command table the parser uses, and the man page's command reference
# is that same text.
. "$(dirname "$0")/lib.sh"

commands=$("$CIBSCOPE" --help | sed -n '/^commands:$/,/^$/s/^  \([a-z]*\) .*/\1/p')

begin the_command_list_is_not_empty
[ "$(echo "$commands" | wc -w)" -ge 18 ] ||
    fail "cibscope --help lists only: $commands"

for c in $commands; do
	begin "${c}_help_has_every_part"
	run "$CIBSCOPE" "$c" --help
	expect_status 0
	expect_out "^usage: cibscope $c "
	expect_out '^options:$'
	expect_out '^  --help$'
	expect_out '^example:$'
	expect_out "^  cibscope $c( |$)"
	expect_out '^exit status:$'
	[ ! -s "$T/err" ] || fail "--help wrote to stderr"
	cp "$T/out" "$T/dash-help"

	begin "${c}_help_command_says_the_same"
	run "$CIBSCOPE" help "$c"
	expect_status 0
	cmp -s "$T/out" "$T/dash-help" ||
	    fail "cibscope help $c differs from cibscope $c --help"
done

begin option_sentences_are_listed_under_each_option
run "$CIBSCOPE" pivot --help
expect_out '^  -o, --on KIND\[,KIND\]\.\.\.$'
expect_out '^        The attribute kinds to follow'
expect_out '^  -m, --max-share N$'

begin help_comes_before_any_work
# --help anywhere before "--" wins over the other arguments: no case made.
run "$CIBSCOPE" new "$T/never.db" --help
expect_status 0
expect_out '^usage: cibscope new'
[ ! -e "$T/never.db" ] || fail "new --help created the case"

begin help_after_double_dash_is_an_argument
run sh -c 'cd "$1" && "$2" new -- --help' sh "$T" "$CIBSCOPE"
expect_status 0
expect_out 'created case'
[ -f "$T/--help" ] || fail "new -- --help made no case named --help"

begin an_unknown_option_is_still_a_usage_error
run "$CIBSCOPE" pivot "$T/a.db" x --frobnicate
expect_status 2
expect_err 'frobnicate'
expect_err '^usage: cibscope pivot'

begin help_for_an_unknown_command
run "$CIBSCOPE" help frobnicate
expect_status 2
expect_err 'help frobnicate: no such command'

begin help_without_a_command_is_the_general_help
run "$CIBSCOPE" help
expect_status 0
expect_out '^commands:$'

begin the_man_page_reference_is_the_generated_text
"$CIBSCOPE" help --man >"$T/man.gen"
sed -n '/^\.\\" BEGIN cibscope help --man/,/^\.\\" END cibscope help --man/p' \
    "$CIB_SRCDIR/doc/cibscope.1" | sed '1d;$d' >"$T/man.page"
[ -s "$T/man.page" ] || fail "doc/cibscope.1 has no generated reference"
cmp -s "$T/man.gen" "$T/man.page" ||
    fail "doc/cibscope.1 is out of date with the command table; run make man:
$(diff "$T/man.page" "$T/man.gen" | head -20)"

begin every_option_is_in_the_man_page
for c in $commands; do
	"$CIBSCOPE" help "$c" | sed -n 's/^  \(-., \)\{0,1\}--\([a-z-]*\).*/\2/p' |
	while read -r o; do
		[ "$o" = help ] && continue
		grep -q -- "\\\\-\\\\-$(echo "$o" | sed 's/-/\\\\-/g')" \
		    "$CIB_SRCDIR/doc/cibscope.1" ||
		    echo "$c --$o"
	done
done >"$T/missing"
[ ! -s "$T/missing" ] || fail "not in doc/cibscope.1: $(cat "$T/missing")"

finish
