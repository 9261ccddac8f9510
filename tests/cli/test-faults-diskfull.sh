#!/bin/sh
# A full disk: the case lives on a 2 MiB tmpfs. An import that does not
# fit says "disk full" and names the case, and the case is as it was
# before; once there is room again the same case takes imports. Mounting
# needs root, or a user namespace (unshare -rm); without either the test
# is skipped.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 program absent"; exit 77; }

FS="$T/small"
mkdir "$FS"
if [ "$(id -u)" -ne 0 ] && [ -z "${CIB_IN_NAMESPACE:-}" ]; then
	rm -rf "$T"
	if command -v unshare >/dev/null 2>&1 &&
	    unshare -rm true 2>/dev/null; then
		CIB_IN_NAMESPACE=1 exec unshare -rm sh "$0" "$@"
	fi
	echo "skipped: no root and no user namespace to mount a small tmpfs"
	exit 77
fi
if ! mount -t tmpfs -o size=2m tmpfs "$FS" 2>/dev/null; then
	rm -rf "$T"
	echo "skipped: cannot mount a tmpfs here"
	exit 77
fi
trap 'umount "$FS" 2>/dev/null' EXIT

awk 'BEGIN { print "id,name,email,bio"
	for (i = 1; i <= 20000; i++)
		printf "u%d,user_%d,u%d@ex%d.org,a bio that takes up room %d\n",
		    i, i, i, i % 50, i
}' >"$T/big.csv"
head -n 201 "$T/big.csv" >"$T/small.csv"
cat >"$T/map.yaml" <<'EOF'
platform: forum
account: {native_id: id, handle: name, bio: bio}
attributes:
  - {column: email, kind: email}
EOF
C="$FS/case.db"

# content CASE: a checksum of everything the case holds except the record
# of its last writer (case_info "writer"), which every write attempt sets.
content() {
	sqlite3 "$1" .dump | grep -v "^INSERT INTO case_info VALUES('writer'" |
	    cksum
}

begin case_fits_on_the_small_filesystem
run "$CIBSCOPE" new "$C"
expect_status 0
run "$CIBSCOPE" import "$C" "$T/small.csv" --map "$T/map.yaml"
expect_status 0

begin import_that_fills_the_disk_says_disk_full_and_changes_nothing
before=$(content "$C")
run "$CIBSCOPE" import "$C" "$T/big.csv" --map "$T/map.yaml"
expect_status 1
expect_err "case.db: .*disk full"
expect_err "nothing was imported; the case is unchanged"
expect_eq "$(sqlite3 "$C" 'PRAGMA integrity_check')" ok integrity
expect_eq "$(sql "$C" 'SELECT count(*) FROM accounts')" 200 accounts
expect_eq "$(sql "$C" 'SELECT count(*) FROM audit')" 1 "audit rows"
expect_eq "$(content "$C")" "$before" "case content unchanged"

begin case_takes_imports_again_once_the_disk_has_room
head -n 1 "$T/big.csv" >"$T/more.csv"
sed -n '202,301p' "$T/big.csv" >>"$T/more.csv"
run "$CIBSCOPE" import "$C" "$T/more.csv" --map "$T/map.yaml"
expect_status 0
expect_eq "$(sql "$C" 'SELECT count(*) FROM accounts')" 300 accounts

begin new_case_on_a_full_disk_says_so_and_leaves_no_file
dd if=/dev/zero of="$FS/filler" bs=4096 2>/dev/null
run "$CIBSCOPE" new "$FS/new.db"
expect_status 1
expect_err "new.db: .*(disk full|No space left)"
[ ! -e "$FS/new.db" ] || fail "a half-made case was left behind"
rm -f "$FS/filler"

umount "$FS"
trap - EXIT
finish
