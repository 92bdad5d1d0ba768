#!/bin/sh
# lua suite: Lua scripts (tests/lua/*.lua) run by the sandboxed interpreter
# (build/ports/lua/lua.nexe, ports/lua) and by Debian's native lua5.4.
#
# A script must run to its end natively (exit status 0), and its stdout and
# exit status under zerovm must match the native run's byte for byte. It
# runs twice under zerovm (a manifest with etags on stdout, the host file and
# the guest's memory), and both runs must give the same stdout and the same
# report (determinism). Header lines at the top of a script:
#   -- stdin: FILE    stdin from tests/lua/FILE (default empty)
#   -- file: FILE     a copy of tests/lua/FILE is the script's argument;
#                     its final contents must match the native run's too
# Both interpreters get the same paths, so that chunk names (in error
# messages) match: ../dev/1.NAME.lua for the script and ../dev/2.FILE for the
# file. In zerovm these are channels (aliases are /dev/ names; ZRT's working
# directory is /, whose .. is itself); natively, files in DIR/dev/ with the
# current directory DIR/cwd.
# Then the command line through zvsh: a script as @FILE, -e, a script on
# stdin with and without "-", arguments, exit codes of errors and os.exit.
# Prints "PASS lua/NAME" or "FAIL lua/NAME: why".
root="${ZVM_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
build="${ZVM_BUILD:-$root/build}"
bin="${ZVM_BIN:-$build/bin}"
here="$root/tests/lua"
nexe="$build/ports/lua/lua.nexe"
W=$(mktemp -d "${TMPDIR:-/tmp}/zvm-lua.XXXXXX") || exit 2
trap 'rm -rf "$W"' EXIT

native=$(command -v lua5.4)
if [ -z "$native" ]; then
	echo "FAIL lua/setup: lua5.4 is missing (scripts/deps.sh installs it)"
	exit 1
fi
if [ ! -f "$nexe" ]; then
	echo "FAIL lua/setup: no $nexe (make ports)"
	exit 1
fi

header() { # header FILE KEY: the value of "-- KEY: value" in the first lines
	sed -n "1,20s|^-- $2: ||p" "$1" | head -1
}

npass=0
nfail=0
pass() { echo "PASS lua/$1"; npass=$((npass + 1)); }
fail() { echo "FAIL lua/$1: $2"; nfail=$((nfail + 1)); }
brief() { head -6 | tr '\n' '|' | cut -c1-400; }

# zrun SCRIPT DIR [FILE]: runs lua.nexe on SCRIPT under zerovm in DIR (a copy
# of FILE in DIR is its argument); sets $zvmrc and $zrc (the program's exit
# code from the report); leaves DIR/stdout and DIR/report. The etags: stdout,
# FILE and the guest's memory at exit.
zrun() {
	d=$2
	q=4294967296
	base=$(basename "$1")
	{
		echo "[args]"
		echo "args = lua.nexe ../dev/1.$base${3:+ ../dev/2.$3}"
	} >"$d/nvram"
	{
		echo "Version = 20130611"
		echo "Program = $nexe"
		echo "Memory = 268435456, 1"
		echo "Timeout = 60"
		echo "Channel = $stdin, /dev/stdin, 0, 0, $q, $q, 0, 0"
		echo "Channel = $d/stdout, /dev/stdout, 0, 1, 0, 0, $q, $q"
		echo "Channel = $d/stderr, /dev/stderr, 0, 0, 0, 0, $q, $q"
		echo "Channel = $d/nvram, /dev/nvram, 3, 0, $q, $q, 0, 0"
		echo "Channel = $1, /dev/1.$base, 3, 0, $q, $q, 0, 0"
		[ -n "$3" ] && echo "Channel = $d/$3, /dev/2.$3, 3, 1, $q, $q, $q, $q"
	} >"$d/manifest"
	: >"$d/stdout"
	: >"$d/stderr"
	"$bin/zerovm" "$d/manifest" >"$d/report" 2>"$d/zerovm.err"
	zvmrc=$?
	zrc=$(sed -n 3p "$d/report")
}

for script in "$here"/*.lua; do
	name=$(basename "$script" .lua)
	sfile=$(header "$script" stdin)
	file=$(header "$script" file)
	stdin=/dev/null
	[ -n "$sfile" ] && stdin="$here/$sfile"
	for r in 1 2; do
		mkdir -p "$W/$name.$r"
		[ -n "$file" ] && cp "$here/$file" "$W/$name.$r/$file"
	done
	nd="$W/$name.native"
	mkdir -p "$nd/cwd" "$nd/dev"
	cp "$script" "$nd/dev/1.$name.lua"
	[ -n "$file" ] && cp "$here/$file" "$nd/dev/2.$file"

	zrun "$script" "$W/$name.1" "$file"
	if [ "$zvmrc" != 0 ]; then
		fail "$name" "zerovm exited $zvmrc: $(tail -1 "$W/$name.1/report") $(head -c 300 "$W/$name.1/zerovm.err")"
		continue
	fi
	zrun "$script" "$W/$name.2" "$file"
	sed 5d "$W/$name.1/report" >"$W/$name.1/report.det" # minus the CPU times
	sed 5d "$W/$name.2/report" >"$W/$name.2/report.det"
	if ! cmp -s "$W/$name.1/stdout" "$W/$name.2/stdout" ||
		! cmp -s "$W/$name.1/report.det" "$W/$name.2/report.det"; then
		fail "$name" "two zerovm runs differ: $(diff "$W/$name.1/report.det" "$W/$name.2/report.det" | brief)"
		continue
	fi

	(cd "$nd/cwd" && exec env -i TZ=UTC "$native" "../dev/1.$name.lua" ${file:+"../dev/2.$file"} \
		<"$stdin" >"$nd/stdout" 2>"$nd/stderr")
	nrc=$?
	if [ "$nrc" != 0 ]; then # the rest of the script would go untested
		fail "$name" "native lua5.4 exited $nrc: $(brief <"$nd/stderr")"
		continue
	fi
	if ! cmp -s "$nd/stdout" "$W/$name.1/stdout"; then
		fail "$name" "stdout differs from native: $(diff "$nd/stdout" "$W/$name.1/stdout" | brief)"
		continue
	fi
	if [ "$nrc" != "$zrc" ]; then
		fail "$name" "exit code $zrc, native $nrc: $(brief <"$W/$name.1/stderr")"
		continue
	fi
	if [ -n "$file" ] && ! cmp -s "$nd/dev/2.$file" "$W/$name.1/$file"; then
		fail "$name" "$file differs from native: $(diff "$nd/dev/2.$file" "$W/$name.1/$file" | brief)"
		continue
	fi
	pass "$name"
done

# ---- the command line, through zvsh -----------------------------------------
# both NAME STDIN SCRIPT ARGS...: runs `lua5.4 SCRIPT ARGS` and `zvsh lua.nexe
# @SCRIPT ARGS` (no SCRIPT when empty) with stdin from STDIN; stdout and exit
# codes must match, and so must stderr once the program's name and the
# script's path are taken out.
normal() { # the native and the sandboxed names of the program and scripts
	sed -e "s|$native|lua|g" -e 's|lua\.nexe|lua|g' -e "s|$W/||g" -e 's|/dev/1\.||g'
}
both() {
	t=$1 in=$2 s=$3
	shift 3
	d="$W/zvsh-$t"
	mkdir -p "$d"
	(cd "$d" && exec env -i TZ=UTC "$native" ${s:+"$s"} "$@" <"$in" >native.out 2>native.err)
	nrc=$?
	(cd "$d" && exec "$bin/zvsh" "$nexe" ${s:+"@$s"} "$@" <"$in" >zvm.out 2>zvm.err)
	zrc=$?
	if [ "$nrc" != "$zrc" ]; then
		fail "$t" "exit code $zrc, native $nrc: $(brief <"$d/zvm.err")"
	elif ! cmp -s "$d/native.out" "$d/zvm.out"; then
		fail "$t" "stdout differs from native: $(diff "$d/native.out" "$d/zvm.out" | brief)"
	elif ! normal <"$d/native.err" >"$d/native.err.n" || ! normal <"$d/zvm.err" >"$d/zvm.err.n" ||
		! cmp -s "$d/native.err.n" "$d/zvm.err.n"; then
		fail "$t" "stderr differs from native: $(diff "$d/native.err.n" "$d/zvm.err.n" | brief)"
	else
		pass "$t"
	fi
}

cp "$here/tables.lua" "$W/tables.lua"
printf 'print("args", select("#", ...), ...)\nprint(#arg, arg[1], arg[2], arg[3])\n' >"$W/args.lua"
printf 'print("before")\nio.stdout:flush()\nerror("boom")\n' >"$W/error.lua"
printf 'print("table error")\nerror({})\n' >"$W/error-table.lua"
printf 'print("syntax")\nlocal = 1\n' >"$W/syntax.lua"
printf 'print(1 + 1)\nprint(io.read("a") == "")\n' >"$W/stdin.lua"
printf 'print("exiting")\nos.exit(%s)\n' 3 >"$W/exit3.lua"
printf 'os.exit(false)\n' >"$W/exit-false.lua"
printf 'io.write("no flush at exit")\nos.exit(true, true)\n' >"$W/exit-true.lua"

both zvsh-script /dev/null "$W/tables.lua"
both zvsh-args /dev/null "$W/args.lua" one "two words" 3
both zvsh-e /dev/null "" -e 'print(1 + 1, ("x"):rep(3), _VERSION)'
both zvsh-e-twice /dev/null "" -e 'x = 6' -e 'print(x * 7)'
both zvsh-e-then-script /dev/null "$W/args.lua" a
both zvsh-stdin-dash "$W/stdin.lua" "" -
both zvsh-stdin-dash-args "$W/args.lua" "" - p q
both zvsh-stdin-plain "$W/stdin.lua" ""
both zvsh-error /dev/null "$W/error.lua"
both zvsh-error-table /dev/null "$W/error-table.lua"
both zvsh-error-syntax /dev/null "$W/syntax.lua"
both zvsh-e-error /dev/null "" -e 'error("from -e")'
both zvsh-missing-script /dev/null "" "$W/no-such-script.lua"
both zvsh-exit-code /dev/null "$W/exit3.lua"
both zvsh-exit-false /dev/null "$W/exit-false.lua"
both zvsh-exit-true /dev/null "$W/exit-true.lua"
both zvsh-version /dev/null "" -v
both zvsh-bad-option /dev/null "" --bogus

echo "lua: $npass passed, $nfail failed"
[ "$nfail" = 0 ]
