#!/bin/sh
# Hostile input: the yaml-test-suite's invalid YAML as saved queries,
# themes and import mappings; the Big List of Naughty Strings as account
# fields, query and theme names, and names of case and query files;
# regexes built to hang or to break the matcher; query files that reach
# for files outside their folder. Every command ends (a timeout guards
# each), none crashes, and errors name the file.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 program absent"; exit 77; }
command -v timeout >/dev/null 2>&1 || { echo "timeout program absent"; exit 77; }

BAD="$CIB_DATA/badinput"
# Seconds any one command may take; generous for sanitizer builds.
LIMIT=${CIB_HOSTILE_TIMEOUT:-20}

# trun CMD...: run with a time limit.
trun() {
	run timeout "$LIMIT" "$@"
}

# survived WHAT: the last command ended by itself and exited 0 or 1 (not
# a signal, a sanitizer's exit code or the timeout).
survived() {
	case $status in
	0|1) return 0 ;;
	124) fail "$1: hung (killed after ${LIMIT}s)" ;;
	*) fail "$1: exit status $status" ;;
	esac
	return 1
}

# clean_output FILE: no byte that would steer the terminal: C0 controls
# other than tab and newline, DEL, and (as UTF-8) C1 controls and the
# bidi overrides.
clean_output() {
	LC_ALL=C tr -d '\t\n\040-\176\200-\377' <"$1" | od -An -c | grep -q . &&
	    return 1
	! LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1" &&
	! LC_ALL=C grep -q "$(printf '\342\200[\252-\256]')" "$1"
}

C="$T/case.db"
"$CIBSCOPE" new "$C" >/dev/null

# ---- invalid YAML ---------------------------------------------------------
if [ -d "$BAD/yaml-errors" ]; then
	find "$BAD/yaml-errors" -name in.yaml | sort >"$T/yaml-list"
	printf 'id\n1\n' >"$T/one.csv"

	begin every_invalid_yaml_file_is_counted
	expect_eq "$(wc -l <"$T/yaml-list" | tr -d ' ')" 94 "invalid YAML cases"

	begin invalid_yaml_as_a_saved_query_names_the_file
	while read -r y; do
		trun "$CIBSCOPE" queries check "$y"
		survived "queries check $y" || continue
		[ "$status" -eq 1 ] || fail "$y: accepted as a query"
		grep -qF "$y:" "$T/out" "$T/err" || fail "$y: not named"
	done <"$T/yaml-list"

	begin invalid_yaml_as_a_theme_names_the_file
	while read -r y; do
		trun "$CIBSCOPE" themes check "$y"
		survived "themes check $y" || continue
		[ "$status" -eq 1 ] || fail "$y: accepted as a theme"
		grep -qF "$y:" "$T/out" "$T/err" || fail "$y: not named"
	done <"$T/yaml-list"

	begin invalid_yaml_as_an_import_mapping_names_the_file
	while read -r y; do
		trun "$CIBSCOPE" import "$C" "$T/one.csv" --map "$y"
		survived "import --map $y" || continue
		[ "$status" -eq 1 ] || fail "$y: accepted as a mapping"
		grep -qF "$y" "$T/err" || fail "$y: not named"
	done <"$T/yaml-list"

	begin invalid_yaml_as_a_query_run_names_the_file
	while read -r y; do
		trun "$CIBSCOPE" query "$C" "$y"
		survived "query $y" || continue
		[ "$status" -eq 1 ] || fail "$y: ran as a query"
	done <"$T/yaml-list"
	expect_eq "$(sql "$C" 'SELECT count(*) FROM accounts')" 0 \
	    "nothing imported through a broken mapping"
else
	echo "note: $BAD/yaml-errors is absent; invalid YAML is not checked"
fi

# ---- naughty strings ------------------------------------------------------
NAUGHTY="$BAD/naughty/blns.txt"
if [ -r "$NAUGHTY" ]; then
	# The strings, one a line, without the file's comments and blanks.
	grep -v '^#' "$NAUGHTY" | grep -v '^$' >"$T/naughty"
	n=$(wc -l <"$T/naughty" | tr -d ' ')

	# As handle, display name and bio of one account each, CSV-quoted.
	awk 'BEGIN { print "id,handle,name,bio" }
	{ gsub(/\r/, ""); q = $0; gsub(/"/, "\"\"", q)
	  printf "n%d,\"%s\",\"%s\",\"bio: %s\"\n", NR, q, q, q }' \
	    "$T/naughty" >"$T/naughty.csv"
	cat >"$T/naughty.yaml" <<'EOF'
platform: forum
account: {native_id: id, handle: handle, display_name: name, bio: bio}
EOF

	begin naughty_strings_import_as_account_fields
	N="$T/naughty.db"
	"$CIBSCOPE" new "$N" >/dev/null
	trun "$CIBSCOPE" import "$N" "$T/naughty.csv" --map "$T/naughty.yaml"
	survived "import of naughty accounts" && expect_status 0
	expect_eq "$(sql "$N" 'SELECT count(*) FROM accounts')" "$n" accounts
	expect_eq "$(sqlite3 "$N" 'PRAGMA integrity_check')" ok integrity

	begin naughty_accounts_print_without_terminal_controls
	cat >"$T/all.yaml" <<'EOF'
cibscope: 1
name: all
where:
  - {field: handle, regex: '.'}
EOF
	for fmt in table csv json; do
		trun "$CIBSCOPE" query "$N" "$T/all.yaml" --format "$fmt"
		survived "query --format $fmt" && expect_status 0
		clean_output "$T/out" ||
		    fail "--format $fmt printed a control character"
	done
	trun "$CIBSCOPE" check "$N"
	survived "check" && expect_status 0
	clean_output "$T/out" || fail "check printed a control character"

	begin naughty_strings_as_query_and_theme_names
	mkdir "$T/qn" "$T/tn"
	i=0
	while IFS= read -r s; do
		i=$((i + 1))
		q=$(printf '%s' "$s" | sed "s/'/''/g")
		printf "cibscope: 1\nname: '%s'\ntitle: '%s'\nwhere:\n  - {field: handle, regex: 'x'}\n" \
		    "$q" "$q" >"$T/qn/q$i.yaml"
		printf "cibscope: 1\nname: '%s'\ndescription: '%s'\nroles:\n  text: {fg: default}\n" \
		    "$q" "$q" >"$T/tn/t$i.yaml"
	done <"$T/naughty"
	trun "$CIBSCOPE" queries check "$T/qn"
	survived "queries check of naughty names" && expect_status 1
	expect_eq "$(grep -c "^$T/qn/q[0-9]*.yaml:[0-9]*:[0-9]*: " "$T/out" \
	    "$T/err" | awk -F: '{ n += $NF } END { print n }')" "$n" \
	    "one message per file, with line and column"
	clean_output "$T/out" && clean_output "$T/err" ||
	    fail "queries check echoes control characters from query names"
	trun "$CIBSCOPE" themes check "$T/tn"
	survived "themes check of naughty names" && expect_status 1
	clean_output "$T/out" && clean_output "$T/err" ||
	    fail "themes check echoes control characters from theme names"
	trun "$CIBSCOPE" queries --path "$T/qn"
	survived "queries listing of naughty names"
	clean_output "$T/out" ||
	    fail "the queries listing echoes control characters from names"

	begin naughty_strings_as_file_names_of_cases_and_queries
	mkdir "$T/cases" "$T/qf"
	printf 'cibscope: 1\nname: q\nwhere:\n  - {field: handle, regex: "x"}\n' \
	    >"$T/query-body"
	# Creating a case syncs the disk (50 ms), so every 10th string names
	# a case cibscope creates and every 3rd one a copy it opens; every
	# string names a query file, which `queries check` below loads.
	# A file name is one path component: '/' becomes '_', so that
	# "../../etc/hosts" names a file here and never one elsewhere.
	i=0
	echoed=0
	while IFS= read -r s; do
		i=$((i + 1))
		s=$(printf '%s' "$s" | tr / _)
		case $s in .|..) continue ;; esac
		f="$T/qf/$s.yaml"
		if cp "$T/query-body" "$f" 2>/dev/null &&
		    [ $((i % 10)) -eq 2 ]; then
			# Running a query opens the case for writing: a sync.
			trun "$CIBSCOPE" query "$N" "$f" --format ids
			survived "query from a naughty file name"
			[ ! -s "$T/err" ] || clean_output "$T/err" ||
			    echoed=$((echoed + 1))
		fi
		case $((i % 10)) in
		1)
			trun "$CIBSCOPE" new "$T/cases/$s"
			survived "new with a naughty file name" || continue
			[ "$status" -eq 0 ] || [ -s "$T/err" ] ||
			    fail "new failed without a message"
			[ ! -s "$T/err" ] || clean_output "$T/err" ||
			    echoed=$((echoed + 1))
			;;
		3|6|9)
			cp "$N" "$T/cases/$s" 2>/dev/null || continue
			;;
		*)
			continue
			;;
		esac
		[ -f "$T/cases/$s" ] || continue
		trun "$CIBSCOPE" check "$T/cases/$s"
		survived "check of a naughty file name" && expect_status 0
	done <"$T/naughty"
	trun "$CIBSCOPE" queries check "$T/qf"
	survived "queries check of naughty file names"
	clean_output "$T/out" && clean_output "$T/err" ||
	    echoed=$((echoed + 1))
	[ "$echoed" -eq 0 ] ||
	    fail "$echoed messages echo control characters from file names"
else
	echo "note: $NAUGHTY is absent; naughty strings are not checked"
fi

# ---- regular expressions --------------------------------------------------
R="$T/regex.db"
"$CIBSCOPE" new "$R" >/dev/null
awk 'BEGIN { print "id,handle,bio"
	s = ""; for (i = 0; i < 2000; i++) s = s "a"
	for (i = 1; i <= 50; i++) printf "r%d,%s%d,%s!\n", i, s, i, s
}' >"$T/regex.csv"
printf 'platform: forum\naccount: {native_id: id, handle: handle, bio: bio}\n' \
    >"$T/regex-map.yaml"
"$CIBSCOPE" import "$R" "$T/regex.csv" --map "$T/regex-map.yaml" >/dev/null
# Subjects that are not UTF-8, as a hostile case file could hold them.
sqlite3 "$R" "UPDATE accounts SET bio = CAST(X'61FF80C0AE61' AS TEXT)
    WHERE native_id IN ('r1', 'r2')"
cat >"$T/re.yaml" <<'EOF'
cibscope: 1
name: re
params:
  pat: {type: regex, default: x}
  field: {type: string, default: bio}
where:
  - {field: bio, regex: $pat}
EOF

# regex_run NAME PATTERN: the where regex over every bio.
regex_run() {
	trun "$CIBSCOPE" query "$R" "$T/re.yaml" --param "pat=$2" --format ids
	survived "regex $1"
}

begin catastrophic_patterns_end
for p in '^(a+)+$' '^(a|a)*$' '^(a*)*b$' '(a|aa)+$' '^(\w+\s?)*$' \
    '(.*a){20}' '^((a+)+)+c' '(?:a+){30}b'; do
	regex_run "$p" "$p"
	[ "$status" -eq 0 ] || expect_err "regex|too|limit"
done

begin huge_patterns_end_with_a_message
awk 'BEGIN { printf "cibscope: 1\nname: huge\nwhere:\n  - {field: bio, regex: \"" 
	for (i = 0; i < 100000; i++) printf "(a|b)"
	printf "\"}\n" }' >"$T/huge.yaml"
trun "$CIBSCOPE" query "$R" "$T/huge.yaml" --format ids
survived "a 500 kB pattern" && [ "$status" -eq 1 ] && expect_err "huge.yaml|regex"
awk 'BEGIN { printf "cibscope: 1\nname: deep\nwhere:\n  - {field: bio, regex: \""
	for (i = 0; i < 5000; i++) printf "("
	printf "a"
	for (i = 0; i < 5000; i++) printf ")"
	printf "\"}\n" }' >"$T/deep.yaml"
trun "$CIBSCOPE" query "$R" "$T/deep.yaml" --format ids
survived "5000 nested groups"
regex_run "repeat count" 'a{65535}{65535}'
regex_run "a long alternation" "$(awk 'BEGIN { for (i = 0; i < 3000; i++)
    printf "w%d|", i; printf "z" }')"

begin invalid_utf8_patterns_get_a_message
for p in "$(printf '\377(a')" "$(printf 'a\300\257')" "$(printf '\355\240\200')" \
    "$(printf '[\200-\377]')"; do
	regex_run "invalid UTF-8" "$p"
	expect_status 1
	expect_err "UTF-8|regex"
	clean_output "$T/err" || fail "the message echoed raw bytes"
done

begin invalid_utf8_subjects_are_matched_or_skipped_never_hung
regex_run "over invalid UTF-8" 'a.a'
expect_status 0
regex_run "over invalid UTF-8, anchored" '^a\X+$'
expect_status 0

# ---- path tricks ----------------------------------------------------------
begin query_references_cannot_leave_the_query_folders
mkdir -p "$T/qd" "$T/outside"
printf 'cibscope: 1\nname: secret\nsql: SELECT id FROM accounts\n' \
    >"$T/outside/secret.yaml"
for ref in ../outside/secret "$T/outside/secret" /etc/passwd \
    '../../../../../../etc/passwd' 'secret/../secret' '.hidden' 'a b'; do
	printf 'cibscope: 1\nname: ref\nfrom: {query: "%s"}\n' "$ref" \
	    >"$T/qd/ref.yaml"
	trun "$CIBSCOPE" query "$R" ref --queries "$T/qd"
	survived "from query $ref"
	expect_status 1
	expect_err "ref.yaml:[0-9]+:[0-9]+: .*not a query name"
done

begin symlinked_query_leaving_its_folder_is_skipped
ln -s "$T/outside/secret.yaml" "$T/qd/secret.yaml"
trun "$CIBSCOPE" query "$R" secret --queries "$T/qd"
survived "symlinked query"
expect_status 1
trun "$CIBSCOPE" queries --path "$T/qd"
survived "listing a folder with an escaping symlink"
grep -Eq "secret.yaml.*outside" "$T/out" "$T/err" ||
    fail "the escaping symlink is not reported"
printf 'cibscope: 1\nname: ref\nfrom: {query: secret}\n' >"$T/qd/ref.yaml"
trun "$CIBSCOPE" query "$R" ref --queries "$T/qd"
survived "from query through an escaping symlink"
expect_status 1

begin symlink_inside_its_folder_is_followed
rm "$T/qd/secret.yaml"
cp "$T/outside/secret.yaml" "$T/qd/real.yaml"
sed 's/name: secret/name: inside/' "$T/qd/real.yaml" >"$T/qd/.target"
rm "$T/qd/real.yaml"
mkdir "$T/qd/sub"
mv "$T/qd/.target" "$T/qd/sub/t.yaml"
ln -s sub/t.yaml "$T/qd/inside.yaml"
trun "$CIBSCOPE" query "$R" inside --queries "$T/qd" --format ids
survived "symlink inside the folder"
expect_status 0

begin query_names_with_path_tricks_are_refused
for name in ../outside/secret ..secret 'secret/..' 'SECRET' 'x y'; do
	case $name in */*) continue ;; esac
	trun "$CIBSCOPE" query "$R" "$name" --queries "$T/qd"
	survived "query name $name"
	expect_status 1
	expect_err "not a query name|no query"
done

finish
