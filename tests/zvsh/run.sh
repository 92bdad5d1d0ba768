#!/bin/sh
# tests/zvsh/run.sh - zvsh runs a nexe like a shell command.
cd "$(dirname "$0")/../.." || exit 2
ZVM_BUILD=${ZVM_BUILD:-$(pwd)/build}
ZVM_BIN=${ZVM_BIN:-$ZVM_BUILD/bin}
src=$(pwd)/tests/zvsh
W=$ZVM_BUILD/tests/zvsh
rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 2
pass() { echo "PASS zvsh/$1"; }
fail() { echo "FAIL zvsh/$1: $2"; }
ZVSH=$ZVM_BIN/zvsh
. "$src/../cli.sh"
cli_info zvsh zvsh "$ZVSH"

if ! "$ZVM_BIN/zvm-cc" -O2 "$src/echo.c" -o echo.nexe 2>build.err; then
	fail build "$(cat build.err)"
	exit 1
fi
echo "from the input file" >in.txt
: >out.txt

# Arguments, @NAME=value, @files, stdin, stdout, stderr, the return code.
echo "typed line" | "$ZVSH" echo.nexe @in.txt @out.txt "two words, one arg" @GREETING="hi, there" >stdout.txt 2>stderr.txt
rc=$?
[ $rc = 3 ] && pass return-code || fail return-code "got $rc, want 3"
cat >want.txt <<'EOT'
argv[0]=echo.nexe
argv[1]=/dev/1.in.txt
argv[2]=/dev/2.out.txt
argv[3]=two words, one arg
GREETING=hi, there
stdin: typed line
file: from the input file
EOT
cmp -s stdout.txt want.txt && pass stdout || fail stdout "$(diff want.txt stdout.txt | head -5 | tr '\n' ' ')"
[ "$(cat stderr.txt)" = "to stderr" ] && pass stderr || fail stderr "'$(cat stderr.txt)'"
[ "$(cat out.txt)" = "written by the guest" ] && pass at-file-written || fail at-file-written "'$(cat out.txt)'"

# One process, no temporary file: zvsh runs alone (no zerovm next to it),
# leaves $TMPDIR empty, also for an image's member; and an argument --help
# after PROGRAM is the program's.
mkdir -p solo tmpd
cp "$ZVSH" solo/zvsh
echo x | TMPDIR=$W/tmpd solo/zvsh echo.nexe --help >solo.out 2>solo.err
rc=$?
[ $rc = 3 ] && grep -qx 'argv\[1\]=--help' solo.out && pass one-process ||
	fail one-process "rc $rc: $(head -3 solo.out solo.err | tr '\n' ' ')"

# The session in zvsh's own process runs under the system call filter, as
# every zerovm session does (the guest waits on stdin meanwhile).
(sleep 1; echo x) | "$ZVSH" echo.nexe >/dev/null 2>&1 &
zpid=$!
sleep 0.5
sc=$(awk '$1 == "Seccomp:" { print $2 }' "/proc/$zpid/status" 2>/dev/null)
wait $zpid
[ "$sc" = 2 ] && pass filtered || fail filtered "Seccomp: '$sc' in zvsh's status while its guest ran"

# Output goes where the shell put it, after what is already there.
{ echo before; echo x | "$ZVSH" echo.nexe 2>/dev/null; } >shared.txt
[ "$(head -1 shared.txt)" = before ] && [ "$(sed -n 2p shared.txt)" = "argv[0]=echo.nexe" ] &&
	pass shared-stdout || fail shared-stdout "$(head -3 shared.txt | tr '\n' ' ')"

# A read-only @file: the guest cannot write it. Root may write anything, so
# as root this runs as nobody (setpriv, util-linux).
chmod 444 in.txt
as=
if [ "$(id -u)" = 0 ]; then
	as="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
echo x | $as "$ZVSH" echo.nexe @in.txt @in.txt >ro.txt 2>ro.err
rc=$?
if [ $rc = 3 ] && [ "$(cat in.txt)" = "from the input file" ]; then
	pass read-only-file
else
	fail read-only-file "rc $rc, file '$(cat in.txt)', $(head -2 ro.err | tr '\n' ' ')"
fi
chmod 644 in.txt

# --zvm-save-dir keeps the manifest and the nvram.
echo x | "$ZVSH" --zvm-save-dir saved echo.nexe a b >/dev/null 2>&1
[ -f saved/manifest.1 ] && [ -f saved/nvram.1 ] && grep -q '^Program = ' saved/manifest.1 &&
	pass save-dir || fail save-dir "missing saved files"

# zerovm failing: the report on stderr, exit 125.
echo "not a program" >bad.nexe
"$ZVSH" bad.nexe >/dev/null 2>bad.err
rc=$?
[ $rc = 125 ] && grep -q 'zerovm failed with code 8' bad.err && pass zerovm-fails ||
	fail zerovm-fails "rc $rc: $(head -2 bad.err | tr '\n' ' ')"
"$ZVSH" --zvm-timeout 1 echo.nexe loop </dev/null >/dev/null 2>loop.err
rc=$?
[ $rc = 125 ] && grep -q 'session timeout' loop.err && pass timeout || fail timeout "rc $rc: $(tail -2 loop.err | tr '\n' ' ')"

# Tar images: --zvm-image mounts, IMAGE.tar:member runs a program inside one.
# (walk and tree are tests/fstab's programs.)
if "$ZVM_BIN/zvm-cc" -O2 "$src/../fstab/walk.c" -o walk.nexe 2>>build.err &&
	"$ZVM_BIN/zvm-cc" -O2 "$src/../fstab/tree.c" -o tree.nexe 2>>build.err; then
	mkdir -p app/bin app/share/data
	cp walk.nexe app/bin/walk
	echo "some data" >app/share/data/one.txt
	printf 'more\n' >app/share/data/two.txt
	tar -cf app.tar -C app .
	"$ZVSH" app.tar:bin/walk -n /share >member.out 2>member.err
	rc=$?
	musl-gcc -static -O2 "$src/../fstab/walk.c" -o walk.native && ./walk.native -n app/share >member.want
	[ $rc = 0 ] && cmp -s member.out member.want && pass image-member ||
		fail image-member "rc $rc: $(diff member.want member.out | tr '\n' ' ') $(head -c 300 member.err)"
	"$ZVSH" --zvm-image app.tar,/opt walk.nexe -n /opt/share >mount.out 2>mount.err
	rc=$?
	[ $rc = 0 ] && cmp -s mount.out member.want && pass image-mountpoint ||
		fail image-mountpoint "rc $rc: $(diff member.want mount.out | tr '\n' ' ') $(head -c 300 mount.err)"
	TMPDIR=$W/tmpd "$ZVSH" app.tar:bin/walk -n /share >/dev/null 2>&1
	[ -z "$(ls -A tmpd)" ] && pass no-temporary-files || fail no-temporary-files "$(ls -A tmpd | tr '\n' ' ')"
	"$ZVSH" app.tar:bin/missing >/dev/null 2>missing.err
	rc=$?
	[ $rc = 2 ] && grep -q 'no member bin/missing' missing.err && pass image-no-member ||
		fail image-no-member "rc $rc: $(cat missing.err)"
	# rw: the changes go back into the image
	mkdir -p rwimg/sub
	echo hello >rwimg/a.txt
	echo gone >rwimg/hard.txt
	echo empty >rwimg/sub/empty.txt
	echo big >rwimg/sub/big.bin
	tar -cf rw.tar -C rwimg .
	"$ZVSH" --zvm-image rw.tar,/rw,rw tree.nexe edit /rw >rw.out 2>rw.err
	rc=$?
	if [ $rc = 0 ] && tar -tf rw.tar | grep -q '^newdir/inner$' && ! tar -tf rw.tar | grep -q hard.txt &&
		[ "$(tar -xOf rw.tar a.txt)" = "$(printf 'hello\nappended')" ]; then
		pass image-rw
	else
		fail image-rw "rc $rc: $(cat rw.out rw.err | head -3 | tr '\n' ' '); $(tar -tf rw.tar | tr '\n' ' ')"
	fi
	"$ZVSH" --zvm-image app.tar,/opt,rx walk.nexe >/dev/null 2>&1
	[ $? = 2 ] && pass image-bad-option || fail image-bad-option "not 2"
else
	fail image-build "$(cat build.err)"
fi

# Usage errors: exit 2.
"$ZVSH" --zvm-bogus echo.nexe >/dev/null 2>&1
[ $? = 2 ] && pass unknown-option || fail unknown-option "not 2"
"$ZVSH" >/dev/null 2>&1
[ $? = 2 ] && pass no-program || fail no-program "not 2"
"$ZVSH" missing.nexe >/dev/null 2>&1
[ $? = 2 ] && pass missing-program || fail missing-program "not 2"
exit 0
