#!/bin/sh
# ports/lua/build.sh - builds the Lua 5.4 interpreter for the sandbox.
#
#   sh ports/lua/build.sh            (from the top of the tree; `make` runs it)
#
# 1. fetches Debian's lua5.4 source package (scripts/fetch-source.sh, cached
#    under $ZVM_BUILD/src/lua5.4); dpkg-source has applied Debian's patches;
# 2. copies it to $ZVM_BUILD/lua/src and reverses Debian's build-system patch
#    (0001: libtool, C++ objects, dpkg-buildflags), which gives back Lua's
#    own Makefiles; Debian's other patches (module paths, CVE fixes) stay;
# 3. writes src/lua5.4-deb-multiarch.h, which Debian's luaconf.h includes
#    (debian/rules writes it at configure time);
# 4. builds the interpreter with Lua's own src/Makefile, CC=zvm-cc, POSIX
#    platform (Debian's is linux-readline: dlopen and readline have no use
#    in the sandbox), and installs it as $ZVM_BUILD/ports/lua/lua.nexe.
# Environment: ZVM_BUILD (default build/), JOBS (default 2).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ZVM_BUILD:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
work=$build/lua/src
out=$build/ports/lua
cc=$build/bin/zvm-cc
jobs=${JOBS:-2}

# Two builds at once (two makes in one tree) would delete each other's tree.
mkdir -p "$build/lua"
if command -v flock >/dev/null 2>&1 && [ -z "${ZVM_LUA_LOCKED:-}" ]; then
	export ZVM_LUA_LOCKED=1
	exec flock "$build/lua/.lock" sh "$0" "$@"
fi

src=$(sh "$root/scripts/fetch-source.sh" lua5.4 "$build/src/lua5.4")
v=$(sed -n 's/^#define LUA_VERSION_RELEASE[^"]*"\([^"]*\)".*/\1/p' "$src/src/lua.h")
[ "$v" = 4 ] || { echo "lua: expected 5.4.4, got 5.4.$v" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$(dirname "$work")"
cp -a "$src" "$work"
patch -d "$work" -R -p1 -s <"$work/debian/patches/0001-build-system.patch"
echo '#define DEB_HOST_MULTIARCH "x86_64-linux-gnux32"' >"$work/src/lua5.4-deb-multiarch.h"

make -C "$work/src" -j"$jobs" -s CC="$cc -std=gnu99" SYSCFLAGS=-DLUA_USE_POSIX AR="ar rc" lua
mkdir -p "$out"
cp "$work/src/lua" "$out/lua.nexe.tmp"
mv "$out/lua.nexe.tmp" "$out/lua.nexe"
echo "lua: built $out/lua.nexe"
