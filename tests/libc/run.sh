#!/bin/sh
# libc suite: C programs (tests/libc/*.c) built two ways and compared.
#
#   zvm:    zvm-cc (musl + ZRT from $ZVM_BUILD/sysroot), run under zerovm with
#           a manifest and a /dev/nvram giving argv and the environment;
#   native: Debian's musl-gcc -static, run on the host in an empty directory.
#
# A program's stdout and exit status must match byte for byte, and a second
# zerovm run must give the same stdout and report (determinism). Programs
# whose output cannot match the host (the clock, the identity) instead
# carry "// expect: FILE" and compare against tests/libc/FILE.
# Header lines at the top of a program:
#   // args: WORDS       argv[1..] ("double quotes" group, as in nvram)
#   // env: A=1 B=2      the environment (nothing else is set)
#   // stdin: FILE       stdin from tests/libc/FILE (default empty)
#   // nvram: TEXT       an extra nvram line (zvm only; \n for newlines)
#   // expect: FILE      compare the zvm run with tests/libc/FILE, no native run
#   // puts: N           the zvm run made exactly N channel writes (report)
# Prints "PASS libc/NAME" or "FAIL libc/NAME: why". Arguments, if any, name
# the programs to run (default: all).
root="${ZVM_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
build="${ZVM_BUILD:-$root/build}"
bin="${ZVM_BIN:-$build/bin}"
here="$root/tests/libc"
out="$build/tests/libc"
sysroot="$build/sysroot"
mkdir -p "$out" || exit 2
W=$(mktemp -d "${TMPDIR:-/tmp}/zvm-libc.XXXXXX") || exit 2
trap 'rm -rf "$W"' EXIT

if ! command -v musl-gcc >/dev/null 2>&1; then
	echo "FAIL libc/setup: musl-gcc is missing (scripts/deps.sh installs musl-tools)"
	exit 1
fi
if [ ! -f "$sysroot/lib/libc.a" ] || [ ! -f "$sysroot/lib/libzrt.a" ]; then
	echo "FAIL libc/setup: no sysroot in $sysroot (make sysroot)"
	exit 1
fi

newer() { # newer TARGET SOURCES...
	t=$1
	shift
	[ -f "$t" ] || return 0
	for s in "$@"; do [ "$s" -nt "$t" ] && return 0; done
	return 1
}

header() { # header FILE KEY: the value of "// KEY: value" in the first lines
	sed -n "1,20s|^// $2: ||p" "$1" | head -1
}

only=" $* "
npass=0
nfail=0
pass() { echo "PASS libc/$1"; npass=$((npass + 1)); }
fail() { echo "FAIL libc/$1: $2"; nfail=$((nfail + 1)); }

# zrun NAME NEXE OUTDIR: runs the nexe under zerovm; sets $zrc (the program's
# exit code from the report), leaves stdout in OUTDIR/stdout, the report in
# OUTDIR/report.
zrun() {
	d=$3
	mkdir -p "$d"
	: >"$d/stdout"
	: >"$d/stderr"
	m="$d/manifest"
	{
		echo "Version = 20130611"
		echo "Program = $2"
		echo "Memory = 268435456, 0"
		echo "Timeout = 30"
		echo "Channel = $stdin, /dev/stdin, 0, 0, 100000, 100000000, 0, 0"
		echo "Channel = $d/stdout, /dev/stdout, 0, 1, 0, 0, 100000, 100000000"
		echo "Channel = $d/stderr, /dev/stderr, 0, 0, 0, 0, 100000, 100000000"
		echo "Channel = $W/nvram, /dev/nvram, 3, 0, 100, 1000000, 0, 0"
	} >"$m"
	"$bin/zerovm" "$m" >"$d/report" 2>"$d/zerovm.err"
	zvmrc=$?
	zrc=$(sed -n 3p "$d/report")
}

for src in "$here"/*.c; do
	name=$(basename "$src" .c)
	if [ "$only" != "  " ]; then
		case "$only" in *" $name "*) ;; *) continue ;; esac
	fi
	nexe="$out/$name.nexe"
	native="$out/$name.native"
	if newer "$nexe" "$src" "$bin/zvm-cc" "$sysroot/lib/libc.a" "$sysroot/lib/libzrt.a" "$sysroot/lib/crt1.o"; then
		if ! "$bin/zvm-cc" -O2 -Wall -Wextra -Werror "$src" -o "$nexe" -lm >"$out/$name.zvm.log" 2>&1; then
			fail "$name" "zvm-cc failed: $(head -c 600 "$out/$name.zvm.log")"
			rm -f "$nexe"
			continue
		fi
	fi
	args=$(header "$src" args)
	envs=$(header "$src" env)
	sfile=$(header "$src" stdin)
	extra=$(header "$src" nvram)
	expect=$(header "$src" expect)
	stdin=/dev/null
	[ -n "$sfile" ] && stdin="$here/$sfile"

	# nvram: argv[0] is the program's name in both worlds
	{
		echo "[args]"
		echo "args = $name $(printf '%s' "$args" | sed 's/,/\\x2c/g')"
		if [ -n "$envs" ]; then
			echo "[env]"
			for kv in $envs; do
				# nvram separates pairs with ",": a comma in a value is \x2c
				v=$(printf '%s' "${kv#*=}" | sed 's/,/\\x2c/g')
				echo "name=${kv%%=*}, value=$v"
			done
		fi
		[ -n "$extra" ] && printf '%b\n' "$extra"
	} >"$W/nvram"

	zrun "$name" "$nexe" "$W/$name.1"
	if [ "$zvmrc" != 0 ]; then
		fail "$name" "zerovm exited $zvmrc: $(tail -1 "$W/$name.1/report") $(head -c 300 "$W/$name.1/zerovm.err")"
		continue
	fi
	zrun "$name" "$nexe" "$W/$name.2"
	# the report minus its accounting line (CPU seconds vary)
	sed 5d "$W/$name.1/report" >"$W/$name.1/report.det"
	sed 5d "$W/$name.2/report" >"$W/$name.2/report.det"
	if ! cmp -s "$W/$name.1/stdout" "$W/$name.2/stdout" || ! cmp -s "$W/$name.1/report.det" "$W/$name.2/report.det"; then
		fail "$name" "two zerovm runs differ"
		continue
	fi

	cp "$W/$name.1/stdout" "$out/$name.stdout" # kept for a look after a failure
	puts=$(header "$src" puts)
	if [ -n "$puts" ]; then
		got=$(sed -n 5p "$W/$name.1/report" | cut -d' ' -f5)
		if [ "$got" != "$puts" ]; then
			fail "$name" "$got channel writes, want $puts"
			continue
		fi
	fi
	if [ -n "$expect" ]; then
		if ! cmp -s "$W/$name.1/stdout" "$here/$expect"; then
			fail "$name" "output differs from $expect: $(diff "$here/$expect" "$W/$name.1/stdout" | head -5 | tr '\n' '|')"
			continue
		fi
		pass "$name"
		continue
	fi

	if newer "$native" "$src"; then
		if ! musl-gcc -static -O2 -w "$src" -o "$native" -lm >"$out/$name.native.log" 2>&1; then
			fail "$name" "musl-gcc failed: $(head -c 300 "$out/$name.native.log")"
			continue
		fi
	fi
	nd="$W/$name.native.d"
	mkdir -p "$nd/cwd"
	cp "$native" "$nd/$name"
	eval "set -- $args"
	(cd "$nd/cwd" && exec env -i $envs "../$name" "$@" <"$stdin" >"$nd/stdout" 2>"$nd/stderr")
	nrc=$?
	if ! cmp -s "$nd/stdout" "$W/$name.1/stdout"; then
		fail "$name" "stdout differs from native: $(diff "$nd/stdout" "$W/$name.1/stdout" | head -6 | tr '\n' '|')"
		continue
	fi
	if [ "$nrc" != "$zrc" ]; then
		fail "$name" "exit code $zrc, native $nrc"
		continue
	fi
	pass "$name"
done
echo "libc: $npass passed, $nfail failed"
[ "$nfail" = 0 ]
