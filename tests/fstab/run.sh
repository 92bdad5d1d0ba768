#!/bin/sh
# tests/fstab/run.sh - nvram [fstab] tar images, [mapping], [precache].
#
# Images made by the host's GNU tar (gnu, pax and ustar formats; long
# names, links, modes, sizes around block edges) are mounted in the sandbox;
# a guest `walk` of the mount must print exactly what the same program
# built with musl-gcc prints for the tree the host's tar extracts. Exports
# (access=wo, rw) are extracted by the host's tar and compared the same way.
# Every guest run happens twice: outputs, exported images and reports must
# be identical. Prints "PASS fstab/NAME" or "FAIL fstab/NAME: why".
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ZVM_BUILD:-$root/build}
bin=${ZVM_BIN:-$build/bin}
here=$root/tests/fstab
W=$build/tests/fstab
rm -rf "$W"
mkdir -p "$W" || exit 2
cd "$W" || exit 2

npass=0
nfail=0
pass() { echo "PASS fstab/$1"; npass=$((npass + 1)); }
fail() { echo "FAIL fstab/$1: $2"; nfail=$((nfail + 1)); }
same() { # same NAME WANT GOT
	if cmp -s "$2" "$3"; then pass "$1"; else fail "$1" "$(diff "$2" "$3" | head -6 | tr '\n' '|')"; fi
}

for p in walk tree info; do
	if ! "$bin/zvm-cc" -O2 -Wall -Wextra -Werror "$here/$p.c" -o $p.nexe 2>build.err ||
		! musl-gcc -static -O2 "$here/$p.c" -o $p.native 2>>build.err; then
		fail build "$(head -c 400 build.err)"
		echo "$npass passed, $((nfail)) failed" >&2
		exit 1
	fi
done

# zrun DIR NEXE NVRAM [CHANNEL-LINE...]: a session in DIR (stdout, stderr,
# debug, report); sets $rc (zerovm's status) and $urc (the program's).
zrun() {
	zd=$W/$1 znexe=$2 znv=$3
	shift 3
	mkdir -p "$zd"
	{
		echo "Version = 20130611"
		echo "Program = $W/$znexe"
		echo "Memory = 268435456, 0"
		echo "Timeout = 30"
		echo "Channel = /dev/null, /dev/stdin, 0, 0, 100000, 100000000, 0, 0"
		echo "Channel = $zd/stdout, /dev/stdout, 0, 1, 0, 0, 100000, 100000000"
		echo "Channel = $zd/stderr, /dev/stderr, 0, 0, 0, 0, 100000, 100000000"
		echo "Channel = $zd/debug, /dev/debug, 0, 0, 0, 0, 100000, 100000000"
		echo "Channel = $W/$znv, /dev/nvram, 3, 0, 100, 1000000, 0, 0"
		for c in "$@"; do echo "Channel = $c"; done
	} >"$zd/manifest"
	: >"$zd/stdout"
	: >"$zd/stderr"
	: >"$zd/debug"
	"$bin/zerovm" "$zd/manifest" >"$zd/report" 2>"$zd/zerovm.err"
	rc=$?
	urc=$(sed -n 3p "$zd/report")
}

# twice NAME DIR NEXE NVRAM CHANNELS...: runs the session twice (DIR.1,
# DIR.2); fails NAME unless both succeed with identical output and report.
twice() {
	name=$1 d=$2
	shift 2
	zrun "$d.1" "$@"
	rc1=$rc urc1=$urc
	zrun "$d.2" "$@"
	if [ "$rc1" != 0 ] || [ "$rc" != 0 ]; then
		fail "$name" "zerovm exited $rc1/$rc: $(tail -1 "$d.1/report") $(cat "$d.1/zerovm.err")"
		return 1
	fi
	sed 5d "$d.1/report" >"$d.1/report.det"
	sed 5d "$d.2/report" >"$d.2/report.det"
	if ! cmp -s "$d.1/stdout" "$d.2/stdout" || ! cmp -s "$d.1/report.det" "$d.2/report.det"; then
		fail "$name" "two runs differ"
		return 1
	fi
	return 0
}

nvram() { # nvram FILE LINE...: an nvram with these lines
	f=$1
	shift
	printf '%s\n' "$@" >"$f"
}

# ---- the images ----------------------------------------------------------
# A tree with every kind of entry. ustar cannot hold its long names: its
# tree has a name that needs the prefix field instead.
mkdir -p img/sub/deeper img/empty
echo hello >img/a.txt
head -c 100000 /dev/urandom >img/sub/big.bin
: >img/sub/empty.txt
chmod 600 img/sub/empty.txt
L=$(printf '%0120d' 0 | tr 0 x)
mkdir -p "img/$L"
echo long >"img/$L/$(printf '%090d' 0 | tr 0 y)"
ln img/a.txt img/hard.txt
ln -s ../a.txt img/sub/sym.txt
chmod 750 img/sub/deeper
mkdir -p img-ustar/sub "img-ustar/$(printf '%080d' 0 | tr 0 u)"
echo split >"img-ustar/$(printf '%080d' 0 | tr 0 u)/$(printf '%060d' 0 | tr 0 v)"
cp -a img/a.txt img/sub/big.bin img-ustar/sub/
echo verylong >"img/sub/$(printf '%0200d' 0 | tr 0 z)"
tar --format=gnu -cf gnu.tar -C img .
tar --format=pax -cf pax.tar -C img .
tar --format=ustar -cf ustar.tar -C img-ustar .
./walk.native img >want-img
./walk.native img-ustar >want-img-ustar
./walk.native img/sub >want-img-sub

# ---- read-only mounts: the sandbox sees what the host's tar extracts -------
for fmt in gnu pax ustar; do
	want=want-img
	[ $fmt = ustar ] && want=want-img-ustar
	nvram nv-$fmt "[args]" "args = walk /img" "[fstab]" "channel=/dev/image, mountpoint=/img, access=ro"
	if twice mount-$fmt r-$fmt walk.nexe nv-$fmt "$W/$fmt.tar, /dev/image, 3, 0, 100, 100000000, 0, 0"; then
		same mount-$fmt $want r-$fmt.1/stdout
	fi
done
# the extracted tree itself: a check of the check
mkdir x-gnu && tar -xf gnu.tar -C x-gnu && ./walk.native x-gnu >got-x-gnu && same host-extract want-img got-x-gnu

# at /, from a sequential channel (read to its end), with [debug] messages
nvram nv-root "[args]" "args = walk /sub" "[fstab]" "channel=/dev/image, mountpoint=/, access=ro" \
	"[debug]" "verbosity=1"
if twice mount-root-sequential r-root walk.nexe nv-root "$W/gnu.tar, /dev/image, 0, 0, 100000, 100000000, 0, 0"; then
	same mount-root-sequential want-img-sub r-root.1/stdout
	grep -q "entries at /" r-root.1/debug && pass debug-message || fail debug-message "$(cat r-root.1/debug)"
fi

# read-only means read-only, and the rest of the tree stays writable
nvram nv-rofs "[args]" "args = tree rofs /img" "[fstab]" "channel=/dev/image, mountpoint=/img, access=ro"
if twice read-only r-rofs tree.nexe nv-rofs "$W/gnu.tar, /dev/image, 3, 0, 100, 100000000, 0, 0"; then
	cat >want-rofs <<'EOF'
open a.txt for writing   EROFS
open with O_TRUNC        EROFS
truncate a.txt           EROFS
unlink a.txt             EROFS
chmod a.txt              EROFS
access W_OK              EROFS
rename a.txt             EROFS
create b.txt             EROFS
mkdir newdir             EROFS
rmdir empty              EROFS
rename out of the image  EROFS
a.txt: hello
EOF
	[ "$urc" = 0 ] || fail read-only-status "tree rofs exited $urc"
	same read-only want-rofs r-rofs.1/stdout
fi

# ---- exports ---------------------------------------------------------------
# access=wo: the subtree the program made, as a tar the host's tar reads
nvram nv-wo "[args]" "args = tree make /out" "[fstab]" "channel=/dev/out.tar, mountpoint=/out, access=wo"
: >out1.tar
: >out2.tar
zrun e-wo.1 tree.nexe nv-wo "$W/out1.tar, /dev/out.tar, 0, 0, 0, 0, 100000, 100000000"
rc1=$rc
zrun e-wo.2 tree.nexe nv-wo "$W/out2.tar, /dev/out.tar, 2, 0, 0, 0, 100000, 100000000"
if [ "$rc1" != 0 ] || [ "$rc" != 0 ] || [ "$urc" != 0 ]; then
	fail export "zerovm $rc1/$rc, program $urc: $(cat e-wo.1/stdout e-wo.1/zerovm.err | head -3)"
else
	./tree.native make made >/dev/null && ./walk.native -n made >want-made
	mkdir x-wo && tar -xf out1.tar -C x-wo 2>tar.err && ./walk.native -n x-wo >got-wo
	same export want-made got-wo
	cmp -s out1.tar out2.tar && pass export-deterministic || fail export-deterministic "sequential and random channel exports differ"
	[ $(($(wc -c <out1.tar) % 10240)) = 0 ] && pass export-record-size || fail export-record-size "$(wc -c <out1.tar) bytes"
	tar --format=posix -tvf out1.tar >/dev/null 2>tar.err && [ ! -s tar.err ] &&
		pass export-clean || fail export-clean "$(cat tar.err)"
fi

# access=rw: mounted writable, changed, written back into the same channel
cp gnu.tar rw.tar
nvram nv-rw "[args]" "args = tree edit /rw" "[fstab]" "channel=/dev/rw.tar, mountpoint=/rw, access=rw"
zrun e-rw tree.nexe nv-rw "$W/rw.tar, /dev/rw.tar, 3, 0, 100, 100000000, 100, 100000000"
if [ "$rc" != 0 ] || [ "$urc" != 0 ]; then
	fail export-rw "zerovm $rc, program $urc: $(head -3 e-rw/stdout)"
else
	mkdir y-rw && tar -xf gnu.tar -C y-rw && ./tree.native edit y-rw && ./walk.native -n y-rw >want-rw
	mkdir x-rw && tar -xf rw.tar -C x-rw 2>tar.err && ./walk.native -n x-rw >got-rw
	same export-rw want-rw got-rw
fi
# a read-only image is not written back
cp gnu.tar ro-copy.tar
nvram nv-ro-nowrite "[args]" "args = walk /img" "[fstab]" "channel=/dev/image, mountpoint=/img, access=ro"
zrun e-ro walk.nexe nv-ro-nowrite "$W/ro-copy.tar, /dev/image, 3, 0, 100, 100000000, 100, 100000000"
cmp -s gnu.tar ro-copy.tar && pass ro-not-written || fail ro-not-written "the image changed"

# ---- bad images: the program still runs, the error is named ---------------
mkdir -p bad/sub
echo first >bad/first.txt
head -c 5000 /dev/urandom >bad/sub/second.bin
tar --format=gnu -cf order.tar -C bad first.txt sub/second.bin
head -c 3000 order.tar >truncated.tar   # inside second.bin's data
cp order.tar badsum.tar
printf 'X' | dd of=badsum.tar bs=1 seek=1030 conv=notrunc 2>/dev/null   # second header's name
for b in truncated badsum; do
	nvram nv-$b "[args]" "args = walk /img" "[fstab]" "channel=/dev/image, mountpoint=/img, access=ro" \
		"[debug]" "verbosity=1"
	if twice bad-$b r-$b walk.nexe nv-$b "$W/$b.tar, /dev/image, 3, 0, 100, 100000000, 0, 0"; then
		why="truncated data"
		[ $b = badsum ] && why="bad header checksum"
		if grep -q "$why after 1 entries" r-$b.1/debug && [ "$(grep -c '^f' r-$b.1/stdout)" = 1 ] &&
			grep -q ' first.txt$' r-$b.1/stdout; then
			pass bad-$b
		else
			fail bad-$b "$(cat r-$b.1/debug r-$b.1/stdout | tr '\n' '|')"
		fi
	fi
done

# names that climb out with ".." stay out; absolute names land inside
python3 - <<'EOF'
import io, tarfile
with tarfile.open("climb.tar", "w", format=tarfile.GNU_FORMAT) as t:
    for name in ["ok.txt", "../evil.txt", "a/../../evil2.txt", "/abs.txt", "a/../inside.txt"]:
        data = name.encode()
        i = tarfile.TarInfo(name)
        i.size = len(data)
        i.mtime = 1000
        t.addfile(i, io.BytesIO(data))
    i = tarfile.TarInfo("escape-link")
    i.type = tarfile.SYMTYPE
    i.linkname = "../../etc/passwd"
    t.addfile(i)
EOF
nvram nv-climb "[args]" "args = walk /" "[fstab]" "channel=/dev/image, mountpoint=/img, access=ro" \
	"[debug]" "verbosity=1"
if twice climb r-climb walk.nexe nv-climb "$W/climb.tar, /dev/image, 3, 0, 100, 100000000, 0, 0"; then
	files=$(sed -n 's/^f .* //p' r-climb.1/stdout | grep -v '^dev/' | tr '\n' ' ')
	if [ "$files" = "img/abs.txt img/inside.txt img/ok.txt " ] && [ "$(grep -c outside r-climb.1/debug)" = 3 ]; then
		pass climb
	else
		fail climb "files: $files; $(tr '\n' '|' <r-climb.1/debug)"
	fi
fi

# ---- [mapping] and [precache] ----------------------------------------------
nvram nv-map "[args]" "args = info /dev/stdin /dev/stdout /dev/stderr /dev/data" "[mapping]" \
	"channel=/dev/stdin, mode=file" "channel=/dev/stdout, mode=pipe" "channel=/dev/data, mode=char"
if twice mapping r-map info.nexe nv-map "$W/gnu.tar, /dev/data, 3, 0, 100, 100000000, 0, 0"; then
	cat >want-map <<'EOF'
argv[0]=info
argv[1]=/dev/stdin
argv[2]=/dev/stdout
argv[3]=/dev/stderr
argv[4]=/dev/data
WHO=(unset)
/dev/stdin: file
/dev/stdout: pipe
/dev/stderr: char
/dev/data: char
EOF
	same mapping want-map r-map.1/stdout
fi

# precache=yes: zfork before main (no Job: it returns at once), then the
# nvram is read again and main gets its [args] and [env]; the mount made
# before the fork stays.
nvram nv-pre "[args]" "args = info /img/a.txt" "[env]" "name=WHO, value=precached" \
	"[fstab]" "channel=/dev/image, mountpoint=/img, access=ro" "[precache]" "precache=yes"
if twice precache r-pre info.nexe nv-pre "$W/gnu.tar, /dev/image, 3, 0, 100, 100000000, 0, 0"; then
	printf 'argv[0]=info\nargv[1]=/img/a.txt\nWHO=precached\n/img/a.txt: file\n' >want-pre
	same precache want-pre r-pre.1/stdout
fi

# ---- the tar reader and the nvram parser under libFuzzer (ASan + UBSan) --------
for t in tar nvram; do
	fuzzer=$build/fuzz/fuzz_$t
	if [ ! -x "$fuzzer" ]; then
		fail fuzz-$t "$fuzzer not built (fuzz/*.mk)"
	elif mkdir -p fz-$t && "$fuzzer" -runs=30000 -seed=1 -max_len=16384 fz-$t "$root/fuzz/corpus/$t" >fuzz-$t.log 2>&1; then
		pass fuzz-$t
	else
		fail fuzz-$t "$(grep -m3 -E 'ERROR|SUMMARY|abort' fuzz-$t.log | tr '\n' ' ') (log: $W/fuzz-$t.log)"
	fi
done
# a name with '=' is no environment variable (found by fuzz_nvram)
nvram nv-eq "[args]" "args = info" "[env]" "name==x, value=1" "name=A=B, value=2" "name=WHO, value=ok"
if twice env-name-eq r-eq info.nexe nv-eq; then
	printf 'argv[0]=info\nWHO=ok\n' >want-eq
	same env-name-eq want-eq r-eq.1/stdout
fi

echo "$npass passed, $nfail failed" >&2
[ $nfail = 0 ]
