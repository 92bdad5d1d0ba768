#!/bin/sh
# bench/lua-native.sh - the benchmarks' native Lua: the very source the port
# builds (Debian's lua5.4 source package, as ports/lua/build.sh prepares it),
# built with clang -O2, static, for x86-64, with Lua's own Makefile and the
# same platform (POSIX), into $ZVM_BUILD/bench/lua-native.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ZVM_BUILD:-$root/build}
work=$build/bench/lua-src
src=$(sh "$root/scripts/fetch-source.sh" lua5.4 "$build/src/lua5.4")
rm -rf "$work"
mkdir -p "$build/bench"
cp -a "$src" "$work"
patch -d "$work" -R -p1 -s <"$work/debian/patches/0001-build-system.patch"
echo '#define DEB_HOST_MULTIARCH "x86_64-linux-gnu"' >"$work/src/lua5.4-deb-multiarch.h"
make -C "$work/src" -j"${JOBS:-2}" -s CC="clang -std=gnu99" SYSCFLAGS=-DLUA_USE_POSIX \
	MYLDFLAGS=-static AR="ar rc" lua
cp "$work/src/lua" "$build/bench/lua-native.tmp"
mv "$build/bench/lua-native.tmp" "$build/bench/lua-native"
rm -rf "$work"
echo "lua: built $build/bench/lua-native"
