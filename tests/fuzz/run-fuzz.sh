#!/bin/sh
# run-fuzz.sh: run one libFuzzer harness over its seed corpus, the shared
# hostile inputs that suit it, and what earlier runs found.
#
#   tests/fuzz/run-fuzz.sh NAME [libFuzzer options...]
#
# Run from the build directory (or set FUZZ_BUILDDIR). Options go to
# libFuzzer as they are: -runs=N, -max_total_time=S, -jobs=J -workers=W.
# Work files live in $FUZZ_WORKDIR (default tests/tmp/fuzz/NAME):
#   corpus/   inputs that reached new code, kept for the next run
#   seeds/    the shared inputs (../shared/data/badinput), rebuilt each run
#   crashes/  crash-*, timeout-*, oom-* files: the findings
# Exit status is libFuzzer's: 0 when nothing was found.
set -eu

if [ $# -lt 1 ]; then
	echo "usage: $0 NAME [libFuzzer options...]" >&2
	exit 2
fi
name=$1
shift

builddir=${FUZZ_BUILDDIR:-$(pwd)}
srcdir=${CIB_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
data=${CIB_DATA:-$srcdir/../shared/data}
work=${FUZZ_WORKDIR:-$builddir/tests/tmp/fuzz}/$name
bin=$builddir/tests/fuzz/fuzz_$name
bad=$data/badinput

if [ ! -x "$bin" ]; then
	echo "$bin: not built (./configure --enable-fuzzing CC=clang)" >&2
	exit 2
fi
mkdir -p "$work/corpus" "$work/crashes"
rm -rf "$work/seeds"
mkdir -p "$work/seeds"
seeds=$work/seeds

# Each line of the naughty strings as one input, after prefix (octal
# escapes for printf; no NUL).
naughty() {
	[ -r "$bad/naughty/blns.txt" ] || return 0
	awk -v dir="$seeds" -v pre="$(printf "$1")" '
	    length($0) > 0 && $0 !~ /^#/ {
		f = sprintf("%s/blns-%04d", dir, NR)
		printf "%s%s", pre, $0 > f
		close(f)
	    }' "$bad/naughty/blns.txt"
}

# The invalid YAML of the yaml-test-suite, one file per case.
yaml_errors() {
	[ -d "$bad/yaml-errors" ] || return 0
	for d in "$bad"/yaml-errors/*/; do
		[ -r "$d/in.yaml" ] || continue
		cp "$d/in.yaml" "$seeds/yaml-$(basename "$d").yaml"
	done
}

# Files of a directory, each after one NUL byte (the harness's choice).
prefixed() {
	[ -d "$1" ] || return 0
	for f in "$1"/*; do
		[ -f "$f" ] || continue
		{ printf '\000'; cat "$f"; } > "$seeds/$2-$(basename "$f")"
	done
}

case $name in
query_yaml|theme|mapping)
	yaml_errors ;;
csv)
	prefixed "$bad/csv-spectrum/csvs" spectrum ;;
jsonl)
	prefixed "$bad/csv-spectrum/json" spectrum ;;
indicators)
	if [ -d "$bad/csv-spectrum/csvs" ]; then
		cp "$bad"/csv-spectrum/csvs/*.csv "$seeds/"
	fi
	if [ -d "$data/indicators" ]; then
		cp "$data"/indicators/*.csv "$seeds/"
	fi ;;
sanitize)
	naughty '\001\050' ;;
normalize)
	naughty '\377' ;;
regex)
	naughty '\001' ;;
esac

status=0
"$bin" -max_len=16384 -timeout=30 -rss_limit_mb=2560 \
    -artifact_prefix="$work/crashes/" -print_final_stats=1 "$@" \
    "$work/corpus" "$srcdir/tests/fuzz/corpus/$name" "$seeds" || status=$?
if [ $status -ne 0 ]; then
	echo "fuzz_$name found something: see $work/crashes/" >&2
	echo "keep each crasher as a regression test:" \
	    "cp FILE $srcdir/tests/fuzz/regress/$name/NAME" >&2
fi
exit $status
