#!/bin/sh
# scripts/install.sh - `make install`: the commands, zvm-cc's support files,
# the sysroot and the ports, under $DESTDIR$PREFIX.
#
#   PREFIX/lib/zerovm/bin/      zerovm zvsh zvm-cc zvm-rewrite zvm-validate zvm-job
#   PREFIX/lib/zerovm/lib/zvm/  nexe.ld, start.o, the guest headers
#   PREFIX/lib/zerovm/sysroot/  musl and ZRT for hosted programs
#   PREFIX/lib/zerovm/ports/    lua/lua.nexe ...
#   PREFIX/bin/NAME             -> ../lib/zerovm/bin/NAME
#
# The tree keeps the build's shape (bin/, lib/zvm/, sysroot/ side by side)
# because each command finds what it needs from its own real path
# (/proc/self/exe, which resolves the links in PREFIX/bin): zvm-cc its
# sysroot and support files, zvsh and zvm-job zerovm.
# Environment: PREFIX (default /usr/local), DESTDIR, ZVM_BUILD (default build/).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ZVM_BUILD:-$root/build}
prefix=${PREFIX:-/usr/local}
case $prefix in /*) ;; *) echo "install: PREFIX must be absolute: $prefix" >&2; exit 2 ;; esac
dest=${DESTDIR:-}$prefix
home=$dest/lib/zerovm
cmds="zerovm zvsh zvm-cc zvm-rewrite zvm-validate zvm-job"

for c in $cmds; do
	[ -x "$build/bin/$c" ] || { echo "install: $build/bin/$c is not built (make all)" >&2; exit 1; }
done
[ -f "$build/sysroot/lib/libc.a" ] || { echo "install: no sysroot in $build (make all)" >&2; exit 1; }

mkdir -p "$home/bin" "$home/lib" "$dest/bin"
for c in $cmds; do
	install -m 0755 "$build/bin/$c" "$home/bin/$c"
	ln -sfn "../lib/zerovm/bin/$c" "$dest/bin/$c"
done
# Whole trees, replaced: a file gone from the build must not linger.
for t in lib/zvm sysroot ports; do
	[ -d "$build/$t" ] || continue
	rm -rf "$home/$t"
	mkdir -p "$(dirname "$home/$t")"
	cp -R "$build/$t" "$home/$t"
done
# The ports' build trees stay behind: only what a user runs.
find "$home/ports" -mindepth 2 -type d -exec rm -rf {} + 2>/dev/null || true
echo "installed into $dest"
