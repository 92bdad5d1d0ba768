#!/bin/sh
# tests/install/run.sh - `make install` into DESTDIR under a temporary
# directory with a PREFIX, then, from another directory and with only the
# installed tree: zvm-cc builds a hosted hello, zvsh runs it, the installed
# Lua runs a script, and every installed command answers --version.
cd "$(dirname "$0")/../.." || exit 2
root=$(pwd)
ZVM_BUILD=${ZVM_BUILD:-$root/build}
pass() { echo "PASS install/$1"; }
fail() { echo "FAIL install/$1: $2"; }
T=$(mktemp -d "${TMPDIR:-/tmp}/zvm-install.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
prefix=/opt/zvm-test
dest=$T/dest
if ! make -s -C "$root" install BUILD="$ZVM_BUILD" DESTDIR="$dest" PREFIX="$prefix" >"$T/install.log" 2>&1; then
	fail make-install "$(tail -5 "$T/install.log" | tr '\n' ' ')"
	exit 1
fi
pass make-install
bin=$dest$prefix/bin
for c in zerovm zvsh zvm-cc zvm-rewrite zvm-validate zvm-job; do
	[ -L "$bin/$c" ] && "$bin/$c" --version 2>&1 | head -1 | grep -q "^$c (ZeroVM in C)" &&
		pass "installed-$c" || fail "installed-$c" "$(ls -l "$bin/$c" 2>&1)"
done

mkdir -p "$T/elsewhere"
cd "$T/elsewhere" || exit 2
cat >hello.c <<'EOT'
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	printf("hello, %s from %s\n", argc > 1 ? argv[1] : "nobody", getenv("WHERE"));
	return 7;
}
EOT
if "$bin/zvm-cc" -O2 hello.c -o hello.nexe 2>cc.err; then
	pass installed-zvm-cc-builds
else
	fail installed-zvm-cc-builds "$(head -5 cc.err | tr '\n' ' ')"
fi
# The sysroot the installed zvm-cc used is the installed one.
"$bin/zvm-cc" -O2 -v hello.c -o v.nexe >cc.v 2>&1
grep -q -- "$dest$prefix/lib/zerovm/bin/../sysroot/" cc.v && ! grep -q -- "$ZVM_BUILD" cc.v &&
	pass installed-sysroot || fail installed-sysroot "$(grep -m2 sysroot cc.v | tr '\n' ' ')"
"$bin/zvsh" hello.nexe world @WHERE=prefix </dev/null >hello.out 2>hello.err
rc=$?
[ $rc = 7 ] && [ "$(cat hello.out)" = "hello, world from prefix" ] && pass installed-zvsh-runs ||
	fail installed-zvsh-runs "rc $rc: $(cat hello.out hello.err | head -3 | tr '\n' ' ')"
lua=$dest$prefix/lib/zerovm/ports/lua/lua.nexe
out=$("$bin/zvsh" "$lua" -e 'print(6 * 7)' </dev/null 2>&1)
[ "$out" = 42 ] && pass installed-lua || fail installed-lua "'$out'"
exit 0
