#!/bin/sh
# nettle.sh - the host side of the trusted binaries' libc (musl-cc): links
# the kernel's headers into build/host/include, and builds nettle from
# Debian's source for musl: build/host/lib/libnettle.a and
# build/host/include/nettle/.
#
# Only libnettle (hashes, HMAC): no public-key half (hogweed, GMP), no shared
# library, and no "fat" build (Debian's libnettle.a is fat: its constructor
# runs cpuid at every start to pick an implementation, and it is compiled
# for glibc). The x86_64 assembly of the plain build stays.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ZVM_BUILD:-$root/build}
host=$build/host
inc=$host/include
mkdir -p "$inc" "$host/lib"
ln -sfn /usr/include/linux "$inc/linux"
ln -sfn /usr/include/x86_64-linux-gnu/asm "$inc/asm"
ln -sfn /usr/include/asm-generic "$inc/asm-generic"

src=$(sh "$root/scripts/fetch-source.sh" nettle "$build/src/nettle")
b=$host/nettle-build
rm -rf "$b"
mkdir -p "$b"
cd "$b"
export ZVM_HOST_INC="$inc"
fail() {
	echo "nettle.sh: $1 failed; the end of $b/$2:" >&2
	tail -n 20 "$b/$2" >&2
	exit 1
}
"$src/configure" CC="sh $root/src/hostlib/musl-cc" CFLAGS="-O2 -fPIE" --prefix="$host" \
	--disable-shared --disable-public-key --disable-fat --disable-documentation \
	--disable-openssl >configure.log 2>&1 || fail configure configure.log
# AUTOCONF, AUTOHEADER: dpkg-source leaves configure.ac newer than configure
make -j2 AUTOCONF=true AUTOHEADER=true libnettle.a >make.log 2>&1 || fail make make.log
make AUTOCONF=true AUTOHEADER=true install-headers >>make.log 2>&1 || fail install-headers make.log
cp libnettle.a "$host/lib/libnettle.a.tmp"
mv "$host/lib/libnettle.a.tmp" "$host/lib/libnettle.a"
echo "nettle.sh: built $host/lib/libnettle.a" >&2
