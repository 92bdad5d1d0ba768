# lib.sh - helpers of the runtime suite (sourced by run.sh and the area files).
#
# A test is a shell function run once per runtime build (`each NAME FUNC ARGS`):
# with $ZVM_BIN/zerovm as runtime/NAME and with the UBSan build as
# runtime/ubsan/NAME. It gets a fresh directory $d and the runtime in $ZV, and
# records its first failed assertion in $why (empty = pass).
#
# `zv ARGS` runs the runtime (stdin from $ZIN, default /dev/null), sets $rc,
# and splits stdout into the report ($d/_report, its last 7 lines) and what the
# guest wrote before it ($d/_guest).

root="${ZVM_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
build="${ZVM_BUILD:-$root/build}"
bin="${ZVM_BIN:-$build/bin}"
here="$root/tests/runtime"
cache="$build/tests/runtime"
ZCC="$bin/zvm-cc"
ZLIB="$build/lib/zvm"
mkdir -p "$cache" || exit 2
W=$(mktemp -d "${TMPDIR:-/tmp}/zvm-runtime.XXXXXX") || exit 2
[ -n "$ZVM_KEEP" ] && echo "work directory: $W (kept)"
[ -z "$ZVM_KEEP" ] && trap 'rm -rf "$W"' EXIT
trap 'exit 1' INT TERM PIPE
RESULTS="$W/results"   # one line per test, so that tests run in subshells count
: >"$RESULTS"

# --- building guests (cached in $cache, rebuilt when a source is newer) ----

newer() {  # newer TARGET SOURCES...: true when TARGET must be rebuilt
	t=$1
	shift
	[ -f "$t" ] || return 0
	for s in "$@"; do
		[ "$s" -nt "$t" ] && return 0
	done
	return 1
}

# guest NAME: path of tests/runtime/guests/NAME.c compiled with zvm-cc.
guest() {
	g="$cache/$1.nexe"
	if newer "$g" "$here/guests/$1.c" "$here/guests/t.h" "$ZCC" "$bin/zvm-rewrite" "$ZLIB/start.o" "$ZLIB/nexe.ld"; then
		"$ZCC" -O2 -ffreestanding -nostdlib -I"$here/guests" "$here/guests/$1.c" \
			-o "$g.tmp" >"$cache/$1.log" 2>&1 && mv "$g.tmp" "$g" ||
			{ echo "cannot build guest $1:" >&2; cat "$cache/$1.log" >&2; rm -f "$g"; }
	fi
	echo "$g"
}

# asm NAME [start|nostart] [LDSCRIPT]: tests/runtime/asm/NAME.s assembled with
# the bundling assembler and linked like a nexe, without the validator (these
# are the programs the runtime must refuse or contain). With start (the
# default) the toolchain's start.o calls main.
asm() {
	g="$cache/asm-$1.nexe"
	lds="${3:-$ZLIB/nexe.ld}"
	if newer "$g" "$here/asm/$1.s" "$lds" "$ZLIB/start.o"; then
		st="$ZLIB/start.o"
		[ "${2:-start}" = nostart ] && st=
		clang --target=x86_64-linux-gnux32 -c "$here/asm/$1.s" -o "$cache/asm-$1.o" \
			>"$cache/asm-$1.log" 2>&1 &&
			ld.lld -m elf32_x86_64 -static -z noexecstack -T "$lds" $st "$cache/asm-$1.o" \
				-o "$g.tmp" >>"$cache/asm-$1.log" 2>&1 && mv "$g.tmp" "$g" ||
			{ echo "cannot build asm $1:" >&2; cat "$cache/asm-$1.log" >&2; rm -f "$g"; }
	fi
	echo "$g"
}

# --- manifests ---------------------------------------------------------------

MEM_DEFAULT=33554432
# mft PROGRAM: the head of a manifest and the three standard channels; set
# MEM, TMO, NOSTD=1 (no standard channels) or STDIN/STDOUT/STDERR (whole
# Channel lines) to change them.
mft() {
	echo "Version = 20130611"
	echo "Program = $1"
	echo "Memory = ${MEM:-$MEM_DEFAULT}, 0"
	echo "Timeout = ${TMO:-20}"
	[ -n "$NOSTD" ] && return
	echo "${STDIN:-Channel = /dev/stdin, /dev/stdin, 0, 0, 1000, 1000000, 0, 0}"
	echo "${STDOUT:-Channel = /dev/stdout, /dev/stdout, 0, 0, 0, 0, 100000, 100000000}"
	echo "${STDERR:-Channel = /dev/stderr, /dev/stderr, 0, 0, 0, 0, 1000, 100000}"
}

# --- running -----------------------------------------------------------------

# split_out: $d/_out -> $d/_report (last 7 lines) and $d/_guest (the rest).
split_out() {
	tail -n 7 "$d/_out" >"$d/_report"
	n=$(wc -l <"$d/_out")
	head -n $((n > 7 ? n - 7 : 0)) "$d/_out" >"$d/_guest"
}

# zv ARGS: runs the runtime under test; $rc is its exit status.
zv() {
	timeout -k 2 60 "$ZV" "$@" <"${ZIN:-/dev/null}" >"$d/_out" 2>"$d/_err"
	rc=$?
	split_out
}

# --- assertions (the first failure is kept in $why) --------------------------

no() {
	[ -z "$why" ] && why="$*"
	return 1
}

rl() { sed -n "${1}p" "$d/_report"; }

# ok_report: the report is 7 well-formed lines and UBSan said nothing.
ok_report() {
	if grep -q 'runtime error:' "$d/_err"; then
		no "sanitizer: $(grep -m1 'runtime error:' "$d/_err")"
		return 1
	fi
	if [ -s "$d/_err" ]; then
		no "zerovm wrote on stderr: $(head -c 120 "$d/_err" | tr '\n' '|')"
		return 1
	fi
	[ "$(wc -l <"$d/_report")" = 7 ] || { no "no report (rc $rc): $(tail -c 200 "$d/_out" | tr '\n' '|')"; return 1; }
	rl 1 | grep -Eq '^[012]$' || { no "report line 1 '$(rl 1)' is not a validator state"; return 1; }
	[ "$(rl 2)" = 0 ] || { no "report line 2 (daemon state) '$(rl 2)', want 0"; return 1; }
	rl 3 | grep -Eq '^-?[0-9]+$' || { no "report line 3 '$(rl 3)' is not a return code"; return 1; }
	rl 4 | grep -Eq '^(disabled|[^ ]+ [0-9a-f]{64}( [^ ]+ [0-9a-f]{64})*)$' ||
		{ no "report line 4 '$(rl 4)' is not etags"; return 1; }
	rl 5 | grep -Eq '^[0-9]+\.[0-9]{2} [0-9]+\.[0-9]{2}( [0-9]+){8}$' ||
		{ no "report line 5 '$(rl 5)' is not accounting"; return 1; }
	[ -n "$(rl 6)" ] || { no "report line 6 (exit state) is empty"; return 1; }
	[ -z "$(rl 7)" ] || { no "report line 7 '$(rl 7)' is not empty"; return 1; }
}

ok_rc() { [ "$rc" = "$1" ] || no "exit code $rc, want $1 (state: $(rl 6))"; }

ok_line() {  # ok_line N TEXT: report line N is TEXT
	[ "$(rl "$1")" = "$2" ] || no "report line $1 '$(rl "$1")', want '$2'"
}

ok_match() {  # ok_match N ERE: report line N matches ERE
	rl "$1" | grep -Eq -- "$2" || no "report line $1 '$(rl "$1")' does not match /$2/"
}

# ok_session RC VALIDATOR USERCODE STATE_ERE
ok_session() {
	ok_report || return 1
	ok_rc "$1"
	ok_line 1 "$2"
	[ -n "$3" ] && ok_line 3 "$3"
	ok_match 6 "$4"
}

ok_done() { ok_session 0 0 0 '^ok$'; }   # a clean session

# ok_guest: the guest's output equals stdin.
ok_guest() {
	cat >"$d/_want"
	if ! cmp -s "$d/_want" "$d/_guest"; then
		l=$(diff "$d/_want" "$d/_guest" | grep -m2 '^[<>]' | tr '\n' '|')
		no "guest output differs: $l"
	fi
}

# ok_file PATH: the file's bytes equal stdin.
ok_file() {
	cat >"$d/_wantf"
	if [ ! -f "$1" ]; then
		no "$1 does not exist"
	elif ! cmp -s "$d/_wantf" "$1"; then
		no "$(basename "$1") ($(stat -c %s "$1") bytes): '$(head -c 40 "$1" | od -An -c | tr -s ' \n' '  ')', want '$(head -c 40 "$d/_wantf" | od -An -c | tr -s ' \n' '  ')'"
	fi
}

ok_eq() {  # ok_eq WHAT GOT WANT
	[ "$2" = "$3" ] || no "$1: '$2', want '$3'"
}

# --- running a test with both builds -------------------------------------------

ZVMS="plain:$bin/zerovm ubsan:$build/ubsan/bin/zerovm"

# each NAME FUNC [ARGS]
each() {
	name=$1
	shift
	if [ -n "$ZVM_RUNTIME_ONLY" ] && ! echo "$name" | grep -Eq -- "$ZVM_RUNTIME_ONLY"; then
		return
	fi
	for v in $ZVMS; do
		V=${v%%:*}
		ZV=${v#*:}
		label="runtime/$name"
		[ "$V" = plain ] || label="runtime/$V/$name"
		d="$W/$V/$name"
		rm -rf "$d"
		mkdir -p "$d"
		why=
		rc=
		if [ ! -x "$ZV" ]; then
			why="$ZV not built (make test builds it)"
		else
			"$@"
			[ -z "$why" ] && [ -z "$rc" ] && why="test ran no session"
		fi
		if [ -z "$why" ]; then
			echo "PASS $label"
			echo PASS >>"$RESULTS"
		else
			echo "FAIL $label: $why"
			echo FAIL >>"$RESULTS"
		fi
	done
}

# Guests that print one "CASE RESULT" line per case: the session runs once per
# build (`cases_session TAG`, after zv, keeps the output), then each case is
# its own test (`cases_check TAG AREA <<list` of "CASE WANT" lines).
cases_session() {
	cp "$d/_guest" "$W/cases-$1-$V.out"
	echo "$rc" >"$W/cases-$1-$V.rc"
}
_case() {  # TAG CASE WANT
	rc=$(cat "$W/cases-$1-$V.rc" 2>/dev/null)
	got=$(grep "^$2 " "$W/cases-$1-$V.out" 2>/dev/null | cut -d' ' -f2-)
	[ -n "$got" ] || { no "the guest printed no result (session: exit ${rc:-none})"; return; }
	ok_eq result "$got" "$3"
}
cases_check() {  # TAG AREA
	while read -r c want; do
		[ -n "$c" ] && each "$2/$c" _case "$1" "$c" "$want"
	done
}
