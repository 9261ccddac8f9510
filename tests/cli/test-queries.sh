#!/bin/sh
# Saved query files from the command line: `cibscope queries check` as a
# team's CI runs it (exact messages, exit codes), and `cibscope queries`
# listing what the search path holds and which file wins.
. "$(dirname "$0")/lib.sh"

# Keep the user's own queries out of it.
XDG_CONFIG_HOME="$T/xdg"; export XDG_CONFIG_HOME
unset CIBSCOPE_QUERY_PATH

# expect_line TEXT: stdout has exactly this line.
expect_line() {
	grep -Fxq -- "$1" "$T/out" || fail "stdout lacks the line: $1"
}

# query FILE NAME TITLE: write a small good query.
query() {
	printf 'cibscope: 1\nname: %s\ntitle: %s\nfrom: selection\npivot: {on: [phone]}\n' \
	    "$2" "$3" > "$1"
}

mkdir "$T/good" "$T/bad"
query "$T/good/shared-phone.yaml" shared-phone "Accounts sharing a phone"
query "$T/good/shared-email.yml" shared-email "Accounts sharing an e-mail"
echo 'not a query' > "$T/good/README.md"

query "$T/bad/fine.yaml" fine "A good one among bad ones"
printf 'cibscope: 1\nname: typo\npivto: {on: phone}\n' > "$T/bad/typo.yaml"
printf 'cibscope: 1\nname: dup\ntitle: a\ntitle: b\n' > "$T/bad/dup.yaml"
printf 'cibscope: 1\nname: anchor\ntitle: &a x\n' > "$T/bad/anchor.yaml"
printf 'cibscope: 1\nname: other\n' > "$T/bad/misnamed.yaml"

begin check_accepts_a_good_folder
run "$CIBSCOPE" queries check "$T/good"
expect_status 0
expect_line "checked 2 query files: 2 ok, 0 with errors"

begin check_reports_each_bad_file_at_its_line_and_column
run "$CIBSCOPE" queries check "$T/bad"
expect_status 1
expect_line "$T/bad/anchor.yaml:3:8: anchors and aliases are not allowed in query files"
expect_line "$T/bad/dup.yaml:4:1: duplicate key \"title\" (first at 3:1)"
expect_line "$T/bad/typo.yaml:3:1: unknown key \"pivto\"; did you mean \"pivot\"?"
expect_line "$T/bad/misnamed.yaml:2:7: name \"other\" does not match the file name; it would be found as \"misnamed\""
expect_line "checked 5 query files: 1 ok, 4 with errors"
expect_no_out "fine.yaml"

begin check_takes_files_and_folders_together
run "$CIBSCOPE" queries check "$T/good/shared-phone.yaml" "$T/bad/typo.yaml" "$T/good"
expect_status 1
expect_line "checked 4 query files: 3 ok, 1 with errors"

begin check_names_a_missing_file
run "$CIBSCOPE" queries check "$T/nope.yaml"
expect_status 1
expect_line "$T/nope.yaml: No such file or directory"
expect_line "checked 1 query file: 0 ok, 1 with errors"

begin check_refuses_a_symlink_leaving_the_folder
mkdir "$T/linked"
ln -s ../good/shared-phone.yaml "$T/linked/shared-phone.yaml"
run "$CIBSCOPE" queries check "$T/linked"
expect_status 1
expect_out "^$T/linked/shared-phone.yaml: symlink leads outside"

begin check_without_arguments_is_a_usage_error
run "$CIBSCOPE" queries check
expect_status 2
expect_err '^usage: cibscope queries'

begin list_shows_titles_and_where_each_comes_from
mkdir "$T/team"
query "$T/team/shared-phone.yaml" shared-phone "Team version of shared phone"
run "$CIBSCOPE" queries --path "$T/good" --path "$T/team"
expect_status 0
expect_line "shared-email             Accounts sharing an e-mail"
expect_line "    $T/good/shared-email.yml (--queries)"
expect_line "shared-phone             Team version of shared phone"
expect_line "    $T/team/shared-phone.yaml (--queries)"
expect_line "    $T/good/shared-phone.yaml (--queries; overridden)"
expect_no_out "Accounts sharing a phone"

begin list_reads_the_user_folder_and_the_environment
mkdir -p "$XDG_CONFIG_HOME/cibscope/queries"
query "$XDG_CONFIG_HOME/cibscope/queries/mine.yaml" mine "My own query"
run env CIBSCOPE_QUERY_PATH="$T/team" "$CIBSCOPE" queries
expect_status 0
expect_line "    $XDG_CONFIG_HOME/cibscope/queries/mine.yaml (user)"
expect_line "    $T/team/shared-phone.yaml (CIBSCOPE_QUERY_PATH)"

begin list_says_which_files_do_not_load
run "$CIBSCOPE" queries --path "$T/bad"
expect_status 0
expect_line "typo                     (does not load)"
expect_line "      does not load: $T/bad/typo.yaml:3:1: unknown key \"pivto\"; did you mean \"pivot\"?"

begin list_warns_about_skipped_files
run "$CIBSCOPE" queries --path "$T/linked"
expect_status 0
expect_err "^cibscope: warning: $T/linked/shared-phone.yaml: symlink leads outside"

begin list_warns_about_a_missing_path
run "$CIBSCOPE" queries --path "$T/nope"
expect_status 0
expect_err "^cibscope: warning: $T/nope: No such file or directory"

begin list_with_a_stray_argument_is_a_usage_error
run "$CIBSCOPE" queries frob
expect_status 2

finish
