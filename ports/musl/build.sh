#!/bin/sh
# ports/musl/build.sh - builds musl libc for the sandbox into the sysroot.
#
#   sh ports/musl/build.sh            (from the top of the tree; `make` runs it)
#
# 1. fetches Debian's musl source package (scripts/fetch-source.sh, cached
#    under $ZVM_BUILD/src/musl);
# 2. copies it to $ZVM_BUILD/musl/src, applies patches/*.patch, deletes the
#    files named in remove.list and copies overlay/ over the tree;
# 3. builds lib/libc.a with musl's own Makefile, CC=zvm-cc in freestanding
#    mode (musl builds with -ffreestanding -nostdinc), for ARCH=x32;
# 4. installs the headers and libc.a into $ZVM_BUILD/sysroot.
# Environment: ZVM_BUILD (default build/), JOBS (default 2).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ZVM_BUILD:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
here=$root/ports/musl
sysroot=$build/sysroot
work=$build/musl/src
cc=$build/bin/zvm-cc
jobs=${JOBS:-2}

# Two builds at once (two makes in one tree) would delete each other's tree.
mkdir -p "$build/musl"
if command -v flock >/dev/null 2>&1 && [ -z "${ZVM_MUSL_LOCKED:-}" ]; then
	export ZVM_MUSL_LOCKED=1
	exec flock "$build/musl/.lock" sh "$0" "$@"
fi

src=$(sh "$root/scripts/fetch-source.sh" musl "$build/src/musl")
[ "$(cat "$src/VERSION")" = 1.2.3 ] || { echo "musl: expected 1.2.3, got $(cat "$src/VERSION")" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$(dirname "$work")"
cp -a "$src" "$work"
for p in "$here"/patches/*.patch; do
	patch -d "$work" -p1 -s -N <"$p"
done
sed -e 's/#.*//' "$here/remove.list" | while read -r f; do
	[ -n "$f" ] || continue
	rm "$work/$f"
done
cp -R "$here/overlay/." "$work/"

# What musl's configure picks for CC=zvm-cc --target=x32 --disable-shared,
# written out so that the build does not depend on probing, at -O2.
cat >"$work/config.mak" <<EOM
ARCH = x32
SUBARCH =
ASMSUBARCH =
srcdir = .
prefix =
exec_prefix = \$(prefix)
bindir = \$(exec_prefix)/bin
libdir = \$(prefix)/lib
includedir = \$(prefix)/include
syslibdir = /lib
CC = $cc
CFLAGS =
CFLAGS_AUTO = -O2 -pipe -fomit-frame-pointer -fno-unwind-tables -fno-asynchronous-unwind-tables -ffunction-sections -fdata-sections -Wno-pointer-to-int-cast -Werror=implicit-function-declaration -Werror=implicit-int -Werror=pointer-sign -Werror=pointer-arith -Werror=int-conversion -Werror=incompatible-pointer-types -Wno-unused-command-line-argument -w
CFLAGS_C99FSE = -std=c99 -nostdinc -ffreestanding -frounding-math
CFLAGS_MEMOPS =
CFLAGS_NOSSP = -fno-stack-protector
CPPFLAGS =
LDFLAGS =
LDFLAGS_AUTO =
CROSS_COMPILE =
AR = ar
RANLIB = ranlib
LIBCC =
OPTIMIZE_GLOBS =
ALL_TOOLS =
TOOL_LIBS =
ADD_CFI = no
MALLOC_DIR = mallocng
SHARED_LIBS =
EOM

make -C "$work" -j"$jobs" -s lib/libc.a
rm -rf "$sysroot/include"
mkdir -p "$sysroot/lib"
make -C "$work" -s install-headers DESTDIR="$sysroot" includedir=/include
cp "$work/lib/libc.a" "$sysroot/lib/libc.a"
for l in m rt pthread crypt util xnet resolv dl; do
	rm -f "$sysroot/lib/lib$l.a"
	ar rc "$sysroot/lib/lib$l.a"
done
echo "musl: built $sysroot/lib/libc.a"
